//! Dossier sections (educations, tenures, annual grades, rewards and sanctions, family members):
//! inserts, one read of every section of a cadre, and the sections the eligibility gate reads of
//! many cadres at once.

use std::collections::HashMap;

use jianquan_domain::registry::decided_by::DecidedBy;
use jianquan_domain::registry::dossier::{AnnualGrade, Education, FamilyMember, RewardSanction, Tenure};
use time::Date;

use crate::query::{Sql, Value};
use crate::row::{Columns, flag, int, opt_text, text};
use crate::{Conn, Result, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EducationRow {
    pub id: String,
    pub mode: String,
    pub level: String,
    pub degree: Option<String>,
    pub school: String,
    pub major: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenureRow {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub post_id: Option<String>,
    pub title: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub document_number: String,
    /// Who decided it (SEL-COLLECTIVE), when it was an appointment rather than a résumé line.
    pub decided_by: Option<DecidedBy>,
    pub decided_on: Option<String>,
    pub case_id: Option<String>,
}

/// How an appointment's tenure was decided: by a selection case, or by another body's decision
/// recorded with its date (the document number is the tenure's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenureDecision {
    pub by: DecidedBy,
    pub on: Option<Date>,
    pub case_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeRow {
    pub year: i64,
    pub grade: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewardSanctionRow {
    pub id: String,
    pub category: String,
    pub kind: String,
    pub date: String,
    pub authority: String,
    pub document_number: String,
    pub reason: String,
    /// Last day of the influence period (影响期), for sanctions.
    pub influence_until: Option<String>,
    /// The rule that set the period.
    pub rule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyRow {
    pub id: String,
    pub relation: String,
    pub name: String,
    pub birth_date: Option<String>,
    pub political_status: Option<String>,
    pub work_unit_and_post: String,
    pub abroad: bool,
}

/// Every section of one dossier.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub educations: Vec<EducationRow>,
    pub tenures: Vec<TenureRow>,
    pub grades: Vec<GradeRow>,
    pub rewards_sanctions: Vec<RewardSanctionRow>,
    pub family: Vec<FamilyRow>,
}

fn day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub async fn insert_education(tx: &mut WriteTx, id: &str, cadre_id: &str, e: &Education) -> Result<()> {
    sqlx::query(
        "INSERT INTO educations (id, cadre_id, mode, level, degree, school, major, start_date, end_date) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(e.mode)
    .bind(e.level)
    .bind(e.degree)
    .bind(&e.school)
    .bind(&e.major)
    .bind(day(e.start_date))
    .bind(day(e.end_date))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts a tenure; `decision` when it is an appointment (SEL-COLLECTIVE), none for a résumé line.
pub async fn insert_tenure(
    tx: &mut WriteTx,
    id: &str,
    cadre_id: &str,
    t: &Tenure,
    decision: Option<&TenureDecision>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO tenures (id, cadre_id, org_id, post_id, title, start_date, end_date, document_number, \
         decided_by, decided_on, case_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(&t.org_id)
    .bind(t.post_id.clone())
    .bind(&t.title)
    .bind(t.start_date.to_string())
    .bind(day(t.end_date))
    .bind(&t.document_number)
    .bind(decision.map(|d| d.by.code()))
    .bind(day(decision.and_then(|d| d.on)))
    .bind(decision.and_then(|d| d.case_id.clone()))
    .execute(&mut **tx)
    .await?;
    crate::registry::cadres::refresh_post_since(tx, &[cadre_id]).await
}

/// Records a year's grade; a second grade for the same year replaces the first (the ledger keeps both).
pub async fn upsert_grade(tx: &mut WriteTx, cadre_id: &str, g: &AnnualGrade) -> Result<()> {
    sqlx::query(
        "INSERT INTO annual_grades (cadre_id, year, grade) VALUES ($1, $2, $3) \
         ON CONFLICT (cadre_id, year) DO UPDATE SET grade = excluded.grade",
    )
    .bind(cadre_id)
    .bind(i64::from(g.year))
    .bind(g.grade)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_reward_sanction(
    tx: &mut WriteTx,
    id: &str,
    cadre_id: &str,
    r: &RewardSanction,
    influence_until: Option<Date>,
    rule: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO rewards_sanctions (id, cadre_id, category, kind, date, authority, document_number, reason, influence_until, rule) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(r.category)
    .bind(r.kind)
    .bind(r.date.to_string())
    .bind(&r.authority)
    .bind(&r.document_number)
    .bind(&r.reason)
    .bind(day(influence_until))
    .bind(rule)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_family(tx: &mut WriteTx, id: &str, cadre_id: &str, f: &FamilyMember) -> Result<()> {
    sqlx::query(
        "INSERT INTO family_members (id, cadre_id, relation, name, birth_date, political_status, work_unit_and_post, abroad) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(f.relation)
    .bind(&f.name)
    .bind(day(f.birth_date))
    .bind(f.political_status)
    .bind(&f.work_unit_and_post)
    .bind(i64::from(f.abroad))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Reads every section of a dossier (five indexed queries, whatever the dossier's size).
pub async fn sections(conn: &mut Conn, cadre_id: &str) -> Result<Sections> {
    let mut s = Sections::default();
    for row in sqlx::query(&format!(
        "SELECT {} FROM educations WHERE cadre_id = $1 ORDER BY start_date, id",
        EDUCATION_COLUMNS.join(", ")
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?
    {
        s.educations.push(education_row(&row)?);
    }
    for row in sqlx::query(&format!("{TENURES} WHERE t.cadre_id = $1 ORDER BY t.start_date, t.id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?
    {
        s.tenures.push(tenure_row(&row)?);
    }
    for row in sqlx::query(&format!("SELECT {GRADE_COLUMNS} FROM annual_grades WHERE cadre_id = $1 ORDER BY year"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?
    {
        s.grades.push(grade_row(&row)?);
    }
    for row in sqlx::query(&format!(
        "SELECT {REWARD_SANCTION_COLUMNS} FROM rewards_sanctions WHERE cadre_id = $1 ORDER BY date, id"
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?
    {
        s.rewards_sanctions.push(reward_sanction_row(&row)?);
    }
    for row in sqlx::query(&format!("SELECT {FAMILY_COLUMNS} FROM family_members WHERE cadre_id = $1 ORDER BY id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?
    {
        s.family.push(family_row(&row)?);
    }
    Ok(s)
}

pub(crate) const EDUCATION_COLUMNS: [&str; 8] =
    ["id", "mode", "level", "degree", "school", "major", "start_date", "end_date"];
pub(crate) const TENURE_COLUMNS: [&str; 11] = [
    "id",
    "org_id",
    "org_name",
    "post_id",
    "title",
    "start_date",
    "end_date",
    "document_number",
    "decided_by",
    "decided_on",
    "case_id",
];
/// A cadre's tenures with their orgs' names (the caller adds the WHERE clause on `t`).
pub(crate) const TENURES: &str = "SELECT t.id, t.org_id, o.name AS org_name, t.post_id, t.title, t.start_date, \
    t.end_date, t.document_number, t.decided_by, t.decided_on, t.case_id FROM tenures t JOIN orgs o ON o.id = t.org_id";
pub(crate) const GRADE_COLUMNS: &str = "year, grade";
pub(crate) const REWARD_SANCTION_COLUMNS: &str =
    "id, category, kind, date, authority, document_number, reason, influence_until, rule";
pub(crate) const FAMILY_COLUMNS: &str = "id, relation, name, birth_date, political_status, work_unit_and_post, abroad";

pub(crate) fn education_row(row: &(impl Columns + ?Sized)) -> Result<EducationRow> {
    Ok(EducationRow {
        id: text(row, "id")?,
        mode: text(row, "mode")?,
        level: text(row, "level")?,
        degree: opt_text(row, "degree")?,
        school: text(row, "school")?,
        major: text(row, "major")?,
        start_date: opt_text(row, "start_date")?,
        end_date: opt_text(row, "end_date")?,
    })
}

pub(crate) fn tenure_row(row: &(impl Columns + ?Sized)) -> Result<TenureRow> {
    Ok(TenureRow {
        id: text(row, "id")?,
        org_id: text(row, "org_id")?,
        org_name: text(row, "org_name")?,
        post_id: opt_text(row, "post_id")?,
        title: text(row, "title")?,
        start_date: text(row, "start_date")?,
        end_date: opt_text(row, "end_date")?,
        document_number: text(row, "document_number")?,
        decided_by: opt_text(row, "decided_by")?.as_deref().and_then(DecidedBy::parse),
        decided_on: opt_text(row, "decided_on")?,
        case_id: opt_text(row, "case_id")?,
    })
}

pub(crate) fn grade_row(row: &(impl Columns + ?Sized)) -> Result<GradeRow> {
    Ok(GradeRow { year: int(row, "year")?, grade: text(row, "grade")? })
}

pub(crate) fn reward_sanction_row(row: &(impl Columns + ?Sized)) -> Result<RewardSanctionRow> {
    Ok(RewardSanctionRow {
        id: text(row, "id")?,
        category: text(row, "category")?,
        kind: text(row, "kind")?,
        date: text(row, "date")?,
        authority: text(row, "authority")?,
        document_number: text(row, "document_number")?,
        reason: text(row, "reason")?,
        influence_until: opt_text(row, "influence_until")?,
        rule: opt_text(row, "rule")?,
    })
}

pub(crate) fn family_row(row: &(impl Columns + ?Sized)) -> Result<FamilyRow> {
    Ok(FamilyRow {
        id: text(row, "id")?,
        relation: text(row, "relation")?,
        name: text(row, "name")?,
        birth_date: opt_text(row, "birth_date")?,
        political_status: opt_text(row, "political_status")?,
        work_unit_and_post: text(row, "work_unit_and_post")?,
        abroad: flag(row, "abroad")?,
    })
}

/// The sections the eligibility gate reads of one cadre: the start dates of the tenures, and
/// grades, rewards and sanctions and family members in the order [`sections`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateSections {
    pub tenure_starts: Vec<String>,
    pub grades: Vec<GradeRow>,
    pub rewards_sanctions: Vec<RewardSanctionRow>,
    pub family: Vec<FamilyRow>,
}

/// [`GateSections`] of many cadres: four statements per 500 cadres, however many there are
/// (a cadre with no rows has an empty entry).
pub async fn gate_sections_of(conn: &mut Conn, cadre_ids: &[&str]) -> Result<HashMap<String, GateSections>> {
    let mut out: HashMap<String, GateSections> =
        cadre_ids.iter().map(|id| ((*id).to_owned(), GateSections::default())).collect();
    for chunk in cadre_ids.chunks(500) {
        let ids = || chunk.iter().map(|id| Value::Text((*id).to_owned()));
        let mut sql = Sql::new("SELECT cadre_id, start_date FROM tenures WHERE cadre_id IN ");
        sql.bind_list(ids()).push(" ORDER BY cadre_id, start_date, id");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            let entry = out.entry(text(&row, "cadre_id")?).or_default();
            entry.tenure_starts.push(text(&row, "start_date")?);
        }
        let mut sql = Sql::new("SELECT cadre_id, ");
        sql.push(GRADE_COLUMNS).push(" FROM annual_grades WHERE cadre_id IN ").bind_list(ids());
        sql.push(" ORDER BY cadre_id, year");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            out.entry(text(&row, "cadre_id")?).or_default().grades.push(grade_row(&row)?);
        }
        let mut sql = Sql::new("SELECT cadre_id, ");
        sql.push(REWARD_SANCTION_COLUMNS).push(" FROM rewards_sanctions WHERE cadre_id IN ").bind_list(ids());
        sql.push(" ORDER BY cadre_id, date, id");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            out.entry(text(&row, "cadre_id")?).or_default().rewards_sanctions.push(reward_sanction_row(&row)?);
        }
        let mut sql = Sql::new("SELECT cadre_id, ");
        sql.push(FAMILY_COLUMNS).push(" FROM family_members WHERE cadre_id IN ").bind_list(ids());
        sql.push(" ORDER BY cadre_id, id");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            out.entry(text(&row, "cadre_id")?).or_default().family.push(family_row(&row)?);
        }
    }
    Ok(out)
}

/// Ends on `end_date` a cadre's open tenures that started on or before it (a new appointment the
/// next day replaces them); returns how many were ended.
pub async fn end_open_tenures(tx: &mut WriteTx, cadre_id: &str, end_date: Date) -> Result<u64> {
    let done =
        sqlx::query("UPDATE tenures SET end_date = $1 WHERE cadre_id = $2 AND end_date IS NULL AND start_date <= $1")
            .bind(end_date.to_string())
            .bind(cadre_id)
            .execute(&mut **tx)
            .await?;
    crate::registry::cadres::refresh_post_since(tx, &[cadre_id]).await?;
    Ok(done.rows_affected())
}
