//! A case's candidates after nomination: the eligibility gate's facts and verdict, the four
//! musts (凡提四必), and the inspection — team, responsibility letters, interviews, report.

use jianquan_domain::selection::status::CandidateStatus;
use sqlx::any::AnyRow;

use crate::row::{coded, flag, int, opt_flag, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A candidate of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    pub case_id: String,
    pub cadre_id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub current_post: String,
    pub rank: Option<String>,
    pub org_path: String,
    /// recommendation or examination.
    pub source: String,
    pub round_id: Option<String>,
    pub votes: Option<i64>,
    pub base: Option<i64>,
    pub reaches: Option<bool>,
    pub status: CandidateStatus,
    pub low_public_recognition: bool,
    pub canvassing_findings: i64,
    pub personal_matters_concealment: bool,
    /// The last gate verdict (JSON).
    pub gate: Option<String>,
    /// The exceptional promotion (破格) recorded (JSON).
    pub exception: Option<String>,
    pub gated_on: Option<String>,
}

const SELECT: &str = "SELECT k.case_id, k.cadre_id, c.name, c.gender, c.birth_date, c.current_post, c.rank, c.org_path, \
    k.source, k.round_id, k.votes, k.base, k.reaches, k.status, k.low_public_recognition, k.canvassing_findings, \
    k.personal_matters_concealment, k.gate, k.exception, k.gated_on \
    FROM selection_candidates k JOIN cadres c ON c.id = k.cadre_id";

fn from_row(r: &AnyRow) -> Result<CandidateRow> {
    Ok(CandidateRow {
        case_id: text(r, "case_id")?,
        cadre_id: text(r, "cadre_id")?,
        name: text(r, "name")?,
        gender: text(r, "gender")?,
        birth_date: text(r, "birth_date")?,
        current_post: text(r, "current_post")?,
        rank: opt_text(r, "rank")?,
        org_path: text(r, "org_path")?,
        source: text(r, "source")?,
        round_id: opt_text(r, "round_id")?,
        votes: opt_int(r, "votes")?,
        base: opt_int(r, "base")?,
        reaches: opt_flag(r, "reaches")?,
        status: coded(r, "status", CandidateStatus::parse)?,
        low_public_recognition: flag(r, "low_public_recognition")?,
        canvassing_findings: int(r, "canvassing_findings")?,
        personal_matters_concealment: flag(r, "personal_matters_concealment")?,
        gate: opt_text(r, "gate")?,
        exception: opt_text(r, "exception")?,
        gated_on: opt_text(r, "gated_on")?,
    })
}

/// A nominee out of a recommendation round or an examination.
#[derive(Debug, Clone)]
pub struct Nominee<'a> {
    pub cadre_id: &'a str,
    pub source: &'a str,
    pub round_id: Option<&'a str>,
    pub votes: Option<i64>,
    pub base: Option<i64>,
    pub reaches: Option<bool>,
}

pub async fn insert(tx: &mut WriteTx, case_id: &str, n: &Nominee<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_candidates (case_id, cadre_id, source, round_id, votes, base, reaches, status, \
         low_public_recognition, canvassing_findings, personal_matters_concealment, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, $9)",
    )
    .bind(case_id)
    .bind(n.cadre_id)
    .bind(n.source)
    .bind(n.round_id)
    .bind(n.votes)
    .bind(n.base)
    .bind(n.reaches.map(i64::from))
    .bind(CandidateStatus::Nominated.code())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn of_case(conn: &mut Conn, case_id: &str) -> Result<Vec<CandidateRow>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE k.case_id = $1 ORDER BY k.votes DESC, c.name, c.id"))
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn get(conn: &mut Conn, case_id: &str, cadre_id: &str) -> Result<Option<CandidateRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE k.case_id = $1 AND k.cadre_id = $2"))
        .bind(case_id)
        .bind(cadre_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The gate's verdict on a candidate, with the facts it read that staff attested.
#[derive(Debug, Clone)]
pub struct GateWrite<'a> {
    pub status: CandidateStatus,
    pub low_public_recognition: bool,
    pub canvassing_findings: i64,
    pub personal_matters_concealment: bool,
    pub gate: &'a str,
    pub exception: Option<&'a str>,
    pub gated_on: String,
}

pub async fn set_gate(tx: &mut WriteTx, case_id: &str, cadre_id: &str, g: &GateWrite<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "UPDATE selection_candidates SET status = $1, low_public_recognition = $2, canvassing_findings = $3, \
         personal_matters_concealment = $4, gate = $5, exception = $6, gated_on = $7, updated_seq = $8 \
         WHERE case_id = $9 AND cadre_id = $10",
    )
    .bind(g.status.code())
    .bind(i64::from(g.low_public_recognition))
    .bind(g.canvassing_findings)
    .bind(i64::from(g.personal_matters_concealment))
    .bind(g.gate)
    .bind(g.exception)
    .bind(&g.gated_on)
    .bind(seq)
    .bind(case_id)
    .bind(cadre_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One of the four musts as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MustCheckRow {
    pub cadre_id: String,
    pub check_code: String,
    pub actor_id: String,
    pub actor_name: String,
    pub date: String,
    /// clear or concern.
    pub result: String,
    pub note: String,
}

/// Records (or records again) one check of the four musts.
pub async fn put_check(tx: &mut WriteTx, case_id: &str, c: &MustCheckRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_must_checks (case_id, cadre_id, check_code, actor_id, actor_name, date, result, note, \
         recorded_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (case_id, cadre_id, check_code) DO UPDATE SET actor_id = excluded.actor_id, \
         actor_name = excluded.actor_name, date = excluded.date, result = excluded.result, note = excluded.note, \
         recorded_seq = excluded.recorded_seq",
    )
    .bind(case_id)
    .bind(&c.cadre_id)
    .bind(&c.check_code)
    .bind(&c.actor_id)
    .bind(&c.actor_name)
    .bind(&c.date)
    .bind(&c.result)
    .bind(&c.note)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const CHECK_SELECT: &str =
    "SELECT cadre_id, check_code, actor_id, actor_name, date, result, note FROM selection_must_checks";

fn check_row(r: &AnyRow) -> Result<MustCheckRow> {
    Ok(MustCheckRow {
        cadre_id: text(r, "cadre_id")?,
        check_code: text(r, "check_code")?,
        actor_id: text(r, "actor_id")?,
        actor_name: text(r, "actor_name")?,
        date: text(r, "date")?,
        result: text(r, "result")?,
        note: text(r, "note")?,
    })
}

/// The four-musts checks of a case, by candidate and check.
pub async fn checks(conn: &mut Conn, case_id: &str) -> Result<Vec<MustCheckRow>> {
    let rows = sqlx::query(&format!("{CHECK_SELECT} WHERE case_id = $1 ORDER BY cadre_id, check_code"))
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(check_row).collect()
}

/// The four-musts checks of one candidate of a case, by check.
pub async fn checks_of(conn: &mut Conn, case_id: &str, cadre_id: &str) -> Result<Vec<MustCheckRow>> {
    let rows = sqlx::query(&format!("{CHECK_SELECT} WHERE case_id = $1 AND cadre_id = $2 ORDER BY check_code"))
        .bind(case_id)
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(check_row).collect()
}

/// An inspection-team member of one subject and their responsibility letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectorRow {
    pub cadre_id: String,
    pub inspector_id: String,
    pub inspector_name: String,
    pub letter_accepted_on: Option<String>,
}

/// Sets the team of a subject; `false` when a member has already accepted a letter (the team
/// is then fixed).
pub async fn set_team(tx: &mut WriteTx, case_id: &str, cadre_id: &str, inspectors: &[String]) -> Result<bool> {
    let signed = sqlx::query(
        "SELECT COUNT(*) AS signed FROM selection_inspectors \
         WHERE case_id = $1 AND cadre_id = $2 AND letter_accepted_on IS NOT NULL",
    )
    .bind(case_id)
    .bind(cadre_id)
    .fetch_one(&mut **tx)
    .await?;
    if int(&signed, "signed")? > 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM selection_inspectors WHERE case_id = $1 AND cadre_id = $2")
        .bind(case_id)
        .bind(cadre_id)
        .execute(&mut **tx)
        .await?;
    for inspector in inspectors {
        sqlx::query("INSERT INTO selection_inspectors (case_id, cadre_id, inspector_id) VALUES ($1, $2, $3)")
            .bind(case_id)
            .bind(cadre_id)
            .bind(inspector)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

pub async fn inspectors(conn: &mut Conn, case_id: &str) -> Result<Vec<InspectorRow>> {
    let rows = sqlx::query(
        "SELECT i.cadre_id, i.inspector_id, u.display_name AS inspector_name, i.letter_accepted_on \
         FROM selection_inspectors i \
         JOIN users u ON u.id = i.inspector_id WHERE i.case_id = $1 ORDER BY i.cadre_id, u.display_name, u.id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InspectorRow {
                cadre_id: text(r, "cadre_id")?,
                inspector_id: text(r, "inspector_id")?,
                inspector_name: text(r, "inspector_name")?,
                letter_accepted_on: opt_text(r, "letter_accepted_on")?,
            })
        })
        .collect()
}

/// An inspector accepts their letter, once; `false` if not on the team or already accepted.
pub async fn accept_letter(
    tx: &mut WriteTx,
    case_id: &str,
    cadre_id: &str,
    inspector_id: &str,
    on: &str,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_inspectors SET letter_accepted_on = $1, letter_seq = $2 \
         WHERE case_id = $3 AND cadre_id = $4 AND inspector_id = $5 AND letter_accepted_on IS NULL",
    )
    .bind(on)
    .bind(seq)
    .bind(case_id)
    .bind(cadre_id)
    .bind(inspector_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Interviews recorded by an inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewRow {
    pub id: String,
    pub cadre_id: String,
    pub inspector_id: String,
    pub date: String,
    pub count: i64,
    pub summary: String,
}

pub async fn insert_interview(tx: &mut WriteTx, case_id: &str, i: &InterviewRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_interviews (id, case_id, cadre_id, inspector_id, date, count, summary, recorded_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&i.id)
    .bind(case_id)
    .bind(&i.cadre_id)
    .bind(&i.inspector_id)
    .bind(&i.date)
    .bind(i.count)
    .bind(&i.summary)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn interviews(conn: &mut Conn, case_id: &str) -> Result<Vec<InterviewRow>> {
    let rows = sqlx::query(
        "SELECT id, cadre_id, inspector_id, date, count, summary FROM selection_interviews WHERE case_id = $1 \
         ORDER BY date, id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InterviewRow {
                id: text(r, "id")?,
                cadre_id: text(r, "cadre_id")?,
                inspector_id: text(r, "inspector_id")?,
                date: text(r, "date")?,
                count: int(r, "count")?,
                summary: text(r, "summary")?,
            })
        })
        .collect()
}

/// The inspection report of a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub cadre_id: String,
    pub concluded_by: String,
    pub concluded_on: String,
    pub conclusion: String,
    pub interviewed: i64,
}

/// Stores the report, once per subject (the key).
pub async fn insert_report(tx: &mut WriteTx, case_id: &str, r: &ReportRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_inspection_reports (case_id, cadre_id, concluded_by, concluded_on, conclusion, interviewed, \
         recorded_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(&r.cadre_id)
    .bind(&r.concluded_by)
    .bind(&r.concluded_on)
    .bind(&r.conclusion)
    .bind(r.interviewed)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn reports(conn: &mut Conn, case_id: &str) -> Result<Vec<ReportRow>> {
    let rows = sqlx::query(
        "SELECT cadre_id, concluded_by, concluded_on, conclusion, interviewed FROM selection_inspection_reports \
         WHERE case_id = $1 ORDER BY cadre_id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ReportRow {
                cadre_id: text(r, "cadre_id")?,
                concluded_by: text(r, "concluded_by")?,
                concluded_on: text(r, "concluded_on")?,
                conclusion: text(r, "conclusion")?,
                interviewed: int(r, "interviewed")?,
            })
        })
        .collect()
}

/// A subject an inspector is on the team of, with the case and the person by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub case_id: String,
    /// 纪实〔year〕seq号.
    pub case_number: String,
    pub post_title: String,
    pub org_name: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub letter_accepted_on: Option<String>,
    /// Whether the subject's inspection report is concluded.
    pub reported: bool,
}

/// The subjects an inspector is on the team of (their work list), newest case first, in one
/// statement with the cases' and subjects' names.
pub async fn assignments(conn: &mut Conn, inspector_id: &str) -> Result<Vec<Assignment>> {
    let rows = sqlx::query(
        "SELECT x.case_id, s.year, s.seq, s.post_title, o.name AS org_name, x.cadre_id, k.name AS cadre_name, \
         x.letter_accepted_on, (SELECT COUNT(*) FROM selection_inspection_reports p \
         WHERE p.case_id = x.case_id AND p.cadre_id = x.cadre_id) AS reported \
         FROM selection_inspectors x JOIN selection_cases s ON s.id = x.case_id JOIN orgs o ON o.id = s.org_id \
         JOIN cadres k ON k.id = x.cadre_id WHERE x.inspector_id = $1 \
         ORDER BY s.year DESC, s.seq DESC, k.name LIMIT 200",
    )
    .bind(inspector_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Assignment {
                case_id: text(r, "case_id")?,
                case_number: format!("纪实〔{}〕{}号", int(r, "year")?, int(r, "seq")?),
                post_title: text(r, "post_title")?,
                org_name: text(r, "org_name")?,
                cadre_id: text(r, "cadre_id")?,
                cadre_name: text(r, "cadre_name")?,
                letter_accepted_on: opt_text(r, "letter_accepted_on")?,
                reported: int(r, "reported")? > 0,
            })
        })
        .collect()
}

/// The inspected subjects (with a report) of many cases with their names, one statement per 500
/// cases: (case ID, cadre ID, name), by case then cadre.
pub async fn reported_of_cases(conn: &mut Conn, case_ids: &[&str]) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for chunk in case_ids.chunks(500) {
        let mut sql = crate::query::Sql::new(
            "SELECT r.case_id, r.cadre_id, c.name FROM selection_inspection_reports r JOIN cadres c ON c.id = r.cadre_id \
             WHERE r.case_id IN ",
        );
        sql.bind_list(chunk.iter().map(|id| crate::query::Value::Text((*id).to_owned())));
        sql.push(" ORDER BY r.case_id, r.cadre_id");
        for r in sql.query(conn)?.fetch_all(&mut *conn).await? {
            out.push((text(&r, "case_id")?, text(&r, "cadre_id")?, text(&r, "name")?));
        }
    }
    Ok(out)
}
