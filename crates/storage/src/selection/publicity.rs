//! Pre-appointment publicity (任前公示): notices as published, objections with their receipt
//! digests and findings, and the appointment that closes a case.

use std::collections::HashMap;

use jianquan_domain::registry::OrgPath;
use jianquan_domain::selection::publicity::Finding;
use sqlx::any::AnyRow;

use crate::query::{Sql, Value};
use crate::row::{flag, int, opt_coded, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A publicity notice: what the public page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub id: String,
    pub case_id: String,
    pub item_id: String,
    pub cadre_id: String,
    pub org_path: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub current_post: String,
    pub proposed_post: String,
    pub published_on: String,
    /// The last day of the period (inclusive).
    pub period_end: String,
    pub working_days: i64,
    pub where_to_object: String,
    /// The standard notice's facts as they were at publication (民族 and 学历 as labels, dates ISO
    /// or empty), and the issuing body for its masthead.
    pub ethnicity: String,
    pub native_place: String,
    pub education: String,
    pub party_entry_date: String,
    pub work_start_date: String,
    pub issuer: String,
}

const NOTICE_SELECT: &str = "SELECT id, case_id, item_id, cadre_id, org_path, name, gender, birth_date, current_post, \
    proposed_post, published_on, period_end, working_days, where_to_object, ethnicity, native_place, education, \
    party_entry_date, work_start_date, issuer FROM selection_notices";

fn notice_row(r: &AnyRow) -> Result<NoticeRow> {
    Ok(NoticeRow {
        id: text(r, "id")?,
        case_id: text(r, "case_id")?,
        item_id: text(r, "item_id")?,
        cadre_id: text(r, "cadre_id")?,
        org_path: text(r, "org_path")?,
        name: text(r, "name")?,
        gender: text(r, "gender")?,
        birth_date: text(r, "birth_date")?,
        current_post: text(r, "current_post")?,
        proposed_post: text(r, "proposed_post")?,
        published_on: text(r, "published_on")?,
        period_end: text(r, "period_end")?,
        working_days: int(r, "working_days")?,
        where_to_object: text(r, "where_to_object")?,
        ethnicity: text(r, "ethnicity")?,
        native_place: text(r, "native_place")?,
        education: text(r, "education")?,
        party_entry_date: text(r, "party_entry_date")?,
        work_start_date: text(r, "work_start_date")?,
        issuer: text(r, "issuer")?,
    })
}

pub async fn insert_notice(tx: &mut WriteTx, n: &NoticeRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_notices (id, case_id, item_id, cadre_id, org_path, name, gender, birth_date, current_post, \
         proposed_post, published_on, period_end, working_days, where_to_object, ethnicity, native_place, education, \
         party_entry_date, work_start_date, issuer, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
    )
    .bind(&n.id)
    .bind(&n.case_id)
    .bind(&n.item_id)
    .bind(&n.cadre_id)
    .bind(&n.org_path)
    .bind(&n.name)
    .bind(&n.gender)
    .bind(&n.birth_date)
    .bind(&n.current_post)
    .bind(&n.proposed_post)
    .bind(&n.published_on)
    .bind(&n.period_end)
    .bind(n.working_days)
    .bind(&n.where_to_object)
    .bind(&n.ethnicity)
    .bind(&n.native_place)
    .bind(&n.education)
    .bind(&n.party_entry_date)
    .bind(&n.work_start_date)
    .bind(&n.issuer)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn notice(conn: &mut Conn, id: &str) -> Result<Option<NoticeRow>> {
    let row = sqlx::query(&format!("{NOTICE_SELECT} WHERE id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(notice_row).transpose()
}

pub async fn notice_of_case(conn: &mut Conn, case_id: &str) -> Result<Option<NoticeRow>> {
    let row =
        sqlx::query(&format!("{NOTICE_SELECT} WHERE case_id = $1")).bind(case_id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(notice_row).transpose()
}

/// Notices whose period runs on `on` (published on or before it, ending on or after it),
/// ending soonest first.
pub async fn running(conn: &mut Conn, on: &str, limit: i64) -> Result<Vec<NoticeRow>> {
    let rows = sqlx::query(&format!(
        "{NOTICE_SELECT} WHERE period_end >= $1 AND published_on <= $1 ORDER BY period_end, published_on, id LIMIT $2"
    ))
    .bind(on)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(notice_row).collect()
}

/// An objection. `objector_name` and `contact` are the reporter's identity: never shown to
/// the public and masked for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRow {
    pub id: String,
    pub notice_id: String,
    pub number: i64,
    pub named: bool,
    pub objector_name: String,
    pub contact: String,
    pub text: String,
    pub raised_on: String,
    /// Once found.
    pub finding: Option<Finding>,
    pub finding_on: Option<String>,
    pub finding_note: String,
}

const OBJECTION_SELECT: &str = "SELECT o.id, o.notice_id, o.number, o.named, o.objector_name, o.contact, o.text, \
    o.raised_on, o.finding, o.finding_on, o.finding_note FROM selection_objections o";

fn objection_row(r: &AnyRow) -> Result<ObjectionRow> {
    Ok(ObjectionRow {
        id: text(r, "id")?,
        notice_id: text(r, "notice_id")?,
        number: int(r, "number")?,
        named: flag(r, "named")?,
        objector_name: text(r, "objector_name")?,
        contact: text(r, "contact")?,
        text: text(r, "text")?,
        raised_on: text(r, "raised_on")?,
        finding: opt_coded(r, "finding", Finding::parse)?,
        finding_on: opt_text(r, "finding_on")?,
        finding_note: text(r, "finding_note")?,
    })
}

/// The number of a notice's last objection (0 when none): objections are numbered 1, 2, … per
/// notice, so this is also their count. One step down the (notice_id, number) unique index,
/// however many objections there are.
pub async fn last_objection_number(conn: &mut Conn, notice_id: &str) -> Result<i64> {
    let row = sqlx::query("SELECT MAX(number) AS last FROM selection_objections WHERE notice_id = $1")
        .bind(notice_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(opt_int(&row, "last")?.unwrap_or(0))
}

/// Stores an objection with the next number of its notice; returns the number.
pub async fn insert_objection(tx: &mut WriteTx, o: &ObjectionRow, receipt_hash: &str, seq: i64) -> Result<i64> {
    let number = last_objection_number(tx, &o.notice_id).await? + 1;
    sqlx::query(
        "INSERT INTO selection_objections (id, notice_id, number, named, objector_name, contact, text, raised_on, \
         receipt_hash, finding_note, created_seq, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $10)",
    )
    .bind(&o.id)
    .bind(&o.notice_id)
    .bind(number)
    .bind(i64::from(o.named))
    .bind(&o.objector_name)
    .bind(&o.contact)
    .bind(&o.text)
    .bind(&o.raised_on)
    .bind(receipt_hash)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

pub async fn objections(conn: &mut Conn, notice_id: &str) -> Result<Vec<ObjectionRow>> {
    let rows = sqlx::query(&format!("{OBJECTION_SELECT} WHERE o.notice_id = $1 ORDER BY o.number"))
        .bind(notice_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(objection_row).collect()
}

pub async fn objection(conn: &mut Conn, id: &str) -> Result<Option<ObjectionRow>> {
    let row = sqlx::query(&format!("{OBJECTION_SELECT} WHERE o.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(objection_row).transpose()
}

pub async fn objection_by_receipt(conn: &mut Conn, receipt_hash: &str) -> Result<Option<ObjectionRow>> {
    let row = sqlx::query(&format!("{OBJECTION_SELECT} WHERE o.receipt_hash = $1"))
        .bind(receipt_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(objection_row).transpose()
}

/// Objections without a finding, of notices in a subtree, oldest first, each with its case's number
/// (discipline's work list).
pub async fn open_objections(
    conn: &mut Conn,
    root: &OrgPath,
    limit: i64,
) -> Result<Vec<(ObjectionRow, NoticeRow, String)>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT o.id, o.notice_id, o.number, o.named, o.objector_name, o.contact, o.text, o.raised_on, o.finding, \
         o.finding_on, o.finding_note, n.case_id, n.item_id, n.cadre_id, n.org_path, n.name, n.gender, n.birth_date, \
         n.current_post, n.proposed_post, n.published_on, n.period_end, n.working_days, n.where_to_object, \
         n.ethnicity, n.native_place, n.education, n.party_entry_date, n.work_start_date, n.issuer, \
         s.year AS case_year, s.seq AS case_seq \
         FROM selection_objections o JOIN selection_notices n ON n.id = o.notice_id \
         JOIN selection_cases s ON s.id = n.case_id WHERE o.finding IS NULL AND n.org_path >= $1 AND n.org_path < $2 ORDER BY o.raised_on, o.id LIMIT $3",
    )
    .bind(start)
    .bind(end)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            // `id` is the objection's; the notice's is the objection's `notice_id`.
            let notice = NoticeRow {
                id: text(r, "notice_id")?,
                case_id: text(r, "case_id")?,
                item_id: text(r, "item_id")?,
                cadre_id: text(r, "cadre_id")?,
                org_path: text(r, "org_path")?,
                name: text(r, "name")?,
                gender: text(r, "gender")?,
                birth_date: text(r, "birth_date")?,
                current_post: text(r, "current_post")?,
                proposed_post: text(r, "proposed_post")?,
                published_on: text(r, "published_on")?,
                period_end: text(r, "period_end")?,
                working_days: int(r, "working_days")?,
                where_to_object: text(r, "where_to_object")?,
                ethnicity: text(r, "ethnicity")?,
                native_place: text(r, "native_place")?,
                education: text(r, "education")?,
                party_entry_date: text(r, "party_entry_date")?,
                work_start_date: text(r, "work_start_date")?,
                issuer: text(r, "issuer")?,
            };
            let case_number = format!("纪实〔{}〕{}号", int(r, "case_year")?, int(r, "case_seq")?);
            Ok((objection_row(r)?, notice, case_number))
        })
        .collect()
}

/// Records a finding once; `false` if the objection already had one.
pub async fn record_finding(
    tx: &mut WriteTx,
    id: &str,
    finding: Finding,
    on: &str,
    note: &str,
    by: &str,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_objections SET finding = $1, finding_on = $2, finding_note = $3, finding_by = $4, \
         updated_seq = $5 WHERE id = $6 AND finding IS NULL",
    )
    .bind(finding.code())
    .bind(on)
    .bind(note)
    .bind(by)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Objections verified as true against a cadre, in any case (SEL-REPORT-VERIFIED for the gate).
pub async fn verified_against(conn: &mut Conn, cadre_id: &str) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS verified FROM selection_objections o JOIN selection_notices n ON n.id = o.notice_id \
         WHERE n.cadre_id = $1 AND o.finding = $2",
    )
    .bind(cadre_id)
    .bind(Finding::Verified.code())
    .fetch_one(&mut *conn)
    .await?;
    int(&row, "verified")
}

/// [`verified_against`] of many cadres (one statement per 500); cadres without any are absent.
pub async fn verified_against_many(conn: &mut Conn, cadre_ids: &[&str]) -> Result<HashMap<String, i64>> {
    let mut counts = HashMap::new();
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new(
            "SELECT n.cadre_id, COUNT(*) AS verified FROM selection_objections o JOIN selection_notices n ON n.id = o.notice_id \
             WHERE o.finding = ",
        );
        sql.bind_text(Finding::Verified.code()).push(" AND n.cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned()))).push(" GROUP BY n.cadre_id");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            counts.insert(text(&row, "cadre_id")?, int(&row, "verified")?);
        }
    }
    Ok(counts)
}

/// An appointment as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    pub case_id: String,
    pub cadre_id: String,
    pub document_number: String,
    /// The tenure basis (JSON).
    pub basis: String,
    pub tenure_start: String,
    pub tenure_id: String,
    pub probation_end: Option<String>,
    /// Obligation IDs created (JSON list).
    pub obligations: String,
    pub appointed_on: String,
}

pub async fn insert_appointment(tx: &mut WriteTx, a: &AppointmentRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_appointments (case_id, cadre_id, document_number, basis, tenure_start, tenure_id, \
         probation_end, obligations, appointed_on, recorded_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&a.case_id)
    .bind(&a.cadre_id)
    .bind(&a.document_number)
    .bind(&a.basis)
    .bind(&a.tenure_start)
    .bind(&a.tenure_id)
    .bind(&a.probation_end)
    .bind(&a.obligations)
    .bind(&a.appointed_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn appointment(conn: &mut Conn, case_id: &str) -> Result<Option<AppointmentRow>> {
    let row = sqlx::query(
        "SELECT case_id, cadre_id, document_number, basis, tenure_start, tenure_id, probation_end, obligations, \
         appointed_on FROM selection_appointments WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(AppointmentRow {
            case_id: text(&r, "case_id")?,
            cadre_id: text(&r, "cadre_id")?,
            document_number: text(&r, "document_number")?,
            basis: text(&r, "basis")?,
            tenure_start: text(&r, "tenure_start")?,
            tenure_id: text(&r, "tenure_id")?,
            probation_end: opt_text(&r, "probation_end")?,
            obligations: text(&r, "obligations")?,
            appointed_on: text(&r, "appointed_on")?,
        })
    })
    .transpose()
}

/// An appointee sanctioned on or after their tenure began: the case's appointment and the first
/// such sanction's date (the misjudgement review of SEL-ACCOUNTABILITY starts from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanctionedAppointee {
    pub cadre_id: String,
    pub tenure_start: String,
    pub first_sanction: String,
}

/// Of the given cases, those whose appointee has a sanction dated on or after the tenure's start,
/// by case ID; one statement per 500 cases.
pub async fn sanctioned_appointees(conn: &mut Conn, case_ids: &[&str]) -> Result<HashMap<String, SanctionedAppointee>> {
    let mut out = HashMap::new();
    for chunk in case_ids.chunks(500) {
        let mut sql = Sql::new(
            "SELECT a.case_id, a.cadre_id, a.tenure_start, MIN(s.date) AS first_sanction FROM selection_appointments a \
             JOIN rewards_sanctions s ON s.cadre_id = a.cadre_id AND s.category = 'sanction' AND s.date >= a.tenure_start \
             WHERE a.case_id IN ",
        );
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        sql.push(" GROUP BY a.case_id, a.cadre_id, a.tenure_start");
        for r in sql.query(conn)?.fetch_all(&mut *conn).await? {
            let found = SanctionedAppointee {
                cadre_id: text(&r, "cadre_id")?,
                tenure_start: text(&r, "tenure_start")?,
                first_sanction: text(&r, "first_sanction")?,
            };
            out.insert(text(&r, "case_id")?, found);
        }
    }
    Ok(out)
}
