//! Competitive appointment and open selection (竞争上岗、公开选拔): the announcement with its
//! weights and qualification rules, and each applicant's qualification review and scores.

use crate::row::{int, opt_flag, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// The announcement of an examination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamRow {
    pub case_id: String,
    /// Weights in whole percent; they add up to 100.
    pub written_weight: i64,
    pub interview_weight: i64,
    /// The qualification rules announced (education, age, party standing, years in rank, …).
    pub qualifications: String,
    pub announced_on: String,
}

pub async fn insert(tx: &mut WriteTx, e: &ExamRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_exams (case_id, written_weight, interview_weight, qualifications, announced_on, recorded_seq) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&e.case_id)
    .bind(e.written_weight)
    .bind(e.interview_weight)
    .bind(&e.qualifications)
    .bind(&e.announced_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, case_id: &str) -> Result<Option<ExamRow>> {
    let row = sqlx::query(
        "SELECT case_id, written_weight, interview_weight, qualifications, announced_on FROM selection_exams WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ExamRow {
            case_id: text(&r, "case_id")?,
            written_weight: int(&r, "written_weight")?,
            interview_weight: int(&r, "interview_weight")?,
            qualifications: text(&r, "qualifications")?,
            announced_on: text(&r, "announced_on")?,
        })
    })
    .transpose()
}

/// An applicant with the review and the scores so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantRow {
    pub cadre_id: String,
    pub name: String,
    pub current_post: String,
    /// `None` until reviewed.
    pub qualified: Option<bool>,
    pub review_reason: String,
    /// Hundredths of a point.
    pub written_centi: Option<i64>,
    pub written_by: Option<String>,
    pub interview_centi: Option<i64>,
    pub interview_by: Option<String>,
}

/// Adds an applicant once; `false` if they had already applied.
pub async fn apply(tx: &mut WriteTx, case_id: &str, cadre_id: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_applicants (case_id, cadre_id, review_reason, updated_seq) VALUES ($1, $2, '', $3) \
         ON CONFLICT (case_id, cadre_id) DO NOTHING",
    )
    .bind(case_id)
    .bind(cadre_id)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn applicants(conn: &mut Conn, case_id: &str) -> Result<Vec<ApplicantRow>> {
    let rows = sqlx::query(
        "SELECT a.cadre_id, c.name, c.current_post, a.qualified, a.review_reason, a.written_centi, a.written_by, \
         a.interview_centi, a.interview_by FROM selection_applicants a JOIN cadres c ON c.id = a.cadre_id \
         WHERE a.case_id = $1 ORDER BY c.name, c.id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicantRow {
                cadre_id: text(r, "cadre_id")?,
                name: text(r, "name")?,
                current_post: text(r, "current_post")?,
                qualified: opt_flag(r, "qualified")?,
                review_reason: text(r, "review_reason")?,
                written_centi: opt_int(r, "written_centi")?,
                written_by: opt_text(r, "written_by")?,
                interview_centi: opt_int(r, "interview_centi")?,
                interview_by: opt_text(r, "interview_by")?,
            })
        })
        .collect()
}

/// Records the qualification review of an applicant; `false` if they have not applied.
pub async fn review(
    tx: &mut WriteTx,
    case_id: &str,
    cadre_id: &str,
    qualified: bool,
    reason: &str,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_applicants SET qualified = $1, review_reason = $2, updated_seq = $3 \
         WHERE case_id = $4 AND cadre_id = $5",
    )
    .bind(i64::from(qualified))
    .bind(reason)
    .bind(seq)
    .bind(case_id)
    .bind(cadre_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a qualified applicant's score of one part (`written` or `interview`), once per part;
/// `false` when not qualified or already scored.
pub async fn score(
    tx: &mut WriteTx,
    case_id: &str,
    cadre_id: &str,
    written: bool,
    centi: i64,
    by: &str,
    seq: i64,
) -> Result<bool> {
    let sql = if written {
        "UPDATE selection_applicants SET written_centi = $1, written_by = $2, updated_seq = $3 \
         WHERE case_id = $4 AND cadre_id = $5 AND qualified = 1 AND written_centi IS NULL"
    } else {
        "UPDATE selection_applicants SET interview_centi = $1, interview_by = $2, updated_seq = $3 \
         WHERE case_id = $4 AND cadre_id = $5 AND qualified = 1 AND interview_centi IS NULL"
    };
    let done = sqlx::query(sql).bind(centi).bind(by).bind(seq).bind(case_id).bind(cadre_id).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}
