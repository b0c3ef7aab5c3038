//! The question bank, exams, enrolments and attempts.
//!
//! An exam is the aggregate its enrolment and the starting of attempts are decided on (the
//! attempt limit INT-EXAM-ATTEMPTS, one attempt in progress): [`lock_exam`] it inside the write
//! transaction. An attempt is handed in once: [`lock_attempt`] it before scoring.

use jianquan_domain::integrity::AttemptStatus;
use jianquan_domain::registry::OrgPath;
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::query::{Sql, Value};
use crate::row::{coded, flag, int, opt_flag, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

// ─── Question bank ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: String,
    pub kind: String,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: String,
    pub topic: String,
}

fn question_row(r: &AnyRow) -> Result<QuestionRow> {
    Ok(QuestionRow {
        id: text(r, "id")?,
        kind: text(r, "kind")?,
        stem: text(r, "stem")?,
        options: json(&text(r, "options")?)?,
        answer: text(r, "answer")?,
        topic: text(r, "topic")?,
    })
}

pub async fn insert_question(tx: &mut WriteTx, q: &QuestionRow, seq: i64) -> Result<()> {
    let options = serde_json::to_string(&q.options).map_err(|e| crate::StorageError::Malformed(e.to_string()))?;
    sqlx::query(
        "INSERT INTO questions (id, kind, stem, options, answer, topic, active, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)",
    )
    .bind(&q.id)
    .bind(&q.kind)
    .bind(&q.stem)
    .bind(options)
    .bind(&q.answer)
    .bind(&q.topic)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// IDs of the active questions (of a topic, or all), in a stable order: the pool papers are drawn from.
pub async fn pool(conn: &mut Conn, topic: &str) -> Result<Vec<String>> {
    let rows = if topic.is_empty() {
        sqlx::query("SELECT id FROM questions WHERE active = 1 ORDER BY topic, id").fetch_all(&mut *conn).await?
    } else {
        sqlx::query("SELECT id FROM questions WHERE active = 1 AND topic = $1 ORDER BY topic, id")
            .bind(topic)
            .fetch_all(&mut *conn)
            .await?
    };
    rows.iter().map(|r| text(r, "id")).collect()
}

/// Questions by ID, in the order asked.
pub async fn questions_by_ids(conn: &mut Conn, ids: &[String]) -> Result<Vec<QuestionRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, kind, stem, options, answer, topic FROM questions WHERE id IN ");
    sql.bind_list(ids.iter().map(|id| Value::Text(id.clone())));
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    let found: Vec<QuestionRow> = rows.iter().map(question_row).collect::<Result<_>>()?;
    Ok(ids.iter().filter_map(|id| found.iter().find(|q| &q.id == id).cloned()).collect())
}

pub async fn list_questions(conn: &mut Conn, offset: i64, limit: i64) -> Result<(Vec<QuestionRow>, i64)> {
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS total FROM questions WHERE active = 1").fetch_one(&mut *conn).await?,
        "total",
    )?;
    let rows = sqlx::query(
        "SELECT id, kind, stem, options, answer, topic FROM questions WHERE active = 1 ORDER BY topic, id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    Ok((rows.iter().map(question_row).collect::<Result<_>>()?, total))
}

/// Active question counts per topic.
pub async fn topics(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT topic, COUNT(*) AS questions FROM questions WHERE active = 1 GROUP BY topic ORDER BY topic",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "topic")?, int(r, "questions")?))).collect()
}

// ─── Exams ───────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub org_id: String,
    pub org_path: String,
    pub topic: String,
    pub question_count: i64,
    pub time_limit_minutes: i64,
    pub pass_mark: i64,
    pub enrolment: String,
    pub opens_on: String,
    pub closes_on: String,
    pub max_attempts: i64,
}

const EXAM_SELECT: &str = "SELECT x.id, x.title, x.kind, x.org_id, x.org_path, x.topic, x.question_count, \
    x.time_limit_minutes, x.pass_mark, x.enrolment, x.opens_on, x.closes_on, x.max_attempts FROM exams x";

fn exam_row(r: &AnyRow) -> Result<ExamRow> {
    Ok(ExamRow {
        id: text(r, "id")?,
        title: text(r, "title")?,
        kind: text(r, "kind")?,
        org_id: text(r, "org_id")?,
        org_path: text(r, "org_path")?,
        topic: text(r, "topic")?,
        question_count: int(r, "question_count")?,
        time_limit_minutes: int(r, "time_limit_minutes")?,
        pass_mark: int(r, "pass_mark")?,
        enrolment: text(r, "enrolment")?,
        opens_on: text(r, "opens_on")?,
        closes_on: text(r, "closes_on")?,
        max_attempts: int(r, "max_attempts")?,
    })
}

pub async fn insert_exam(tx: &mut WriteTx, x: &ExamRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO exams (id, title, kind, org_id, org_path, topic, question_count, time_limit_minutes, pass_mark, \
         enrolment, opens_on, closes_on, max_attempts, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&x.id)
    .bind(&x.title)
    .bind(&x.kind)
    .bind(&x.org_id)
    .bind(&x.org_path)
    .bind(&x.topic)
    .bind(x.question_count)
    .bind(x.time_limit_minutes)
    .bind(x.pass_mark)
    .bind(&x.enrolment)
    .bind(&x.opens_on)
    .bind(&x.closes_on)
    .bind(x.max_attempts)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The exam, locked until the transaction ends: who is enrolled and who may start an attempt
/// are decided on what is read after this.
pub async fn lock_exam(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<ExamRow>>> {
    if !lock::row(tx, Table::Exams, id).await? {
        return Ok(None);
    }
    Ok(get_exam(tx, id).await?.map(Locked::new))
}

pub async fn get_exam(conn: &mut Conn, id: &str) -> Result<Option<ExamRow>> {
    let row = sqlx::query(&format!("{EXAM_SELECT} WHERE x.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(exam_row).transpose()
}

/// Exams set in a subtree, newest first.
pub async fn list_exams(conn: &mut Conn, root: &OrgPath) -> Result<Vec<ExamRow>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(&format!(
        "{EXAM_SELECT} WHERE x.org_path >= $1 AND x.org_path < $2 ORDER BY x.opens_on DESC, x.id LIMIT 500"
    ))
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(exam_row).collect()
}

/// Exams set at any of the given org paths (a cadre's org and its ancestors).
pub async fn exams_at(conn: &mut Conn, paths: &[String]) -> Result<Vec<ExamRow>> {
    let mut sql = Sql::new(EXAM_SELECT);
    sql.push(" WHERE x.org_path IN ").bind_list(paths.iter().map(|p| Value::Text(p.clone())));
    sql.push(" ORDER BY x.opens_on DESC, x.id");
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(exam_row).collect()
}

/// Enrols (or re-enrols) a cadre in the locked exam; `active = false` withdraws them. Attempts
/// are untouched either way.
pub async fn set_exam_enrolment(
    tx: &mut WriteTx,
    exam: &Locked<ExamRow>,
    cadre_id: &str,
    active: bool,
    seq: i64,
) -> Result<()> {
    let exam_id = exam.id.as_str();
    sqlx::query(
        "INSERT INTO exam_enrolments (exam_id, cadre_id, active, updated_seq) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (exam_id, cadre_id) DO UPDATE SET active = excluded.active, updated_seq = excluded.updated_seq",
    )
    .bind(exam_id)
    .bind(cadre_id)
    .bind(i64::from(active))
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn is_enrolled(conn: &mut Conn, exam_id: &str, cadre_id: &str) -> Result<bool> {
    let row = sqlx::query("SELECT active FROM exam_enrolments WHERE exam_id = $1 AND cadre_id = $2")
        .bind(exam_id)
        .bind(cadre_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => flag(&r, "active")?,
        None => false,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: String,
    pub exam_id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub number: i64,
    pub started_at: String,
    pub deadline_at: String,
    pub question_ids: Vec<String>,
    pub answers: Option<Vec<Option<String>>>,
    pub submitted_at: Option<String>,
    pub correct: Option<i64>,
    pub total: Option<i64>,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    pub status: AttemptStatus,
}

const ATTEMPT_SELECT: &str = "SELECT a.id, a.exam_id, a.cadre_id, c.name AS cadre_name, a.number, a.started_at, \
    a.deadline_at, a.question_ids, a.answers, a.submitted_at, a.correct, a.total, a.score, a.passed, a.status \
    FROM exam_attempts a JOIN cadres c ON c.id = a.cadre_id";

fn json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| crate::StorageError::Malformed(e.to_string()))
}

fn attempt_row(r: &AnyRow) -> Result<AttemptRow> {
    Ok(AttemptRow {
        id: text(r, "id")?,
        exam_id: text(r, "exam_id")?,
        cadre_id: text(r, "cadre_id")?,
        cadre_name: text(r, "cadre_name")?,
        number: int(r, "number")?,
        started_at: text(r, "started_at")?,
        deadline_at: text(r, "deadline_at")?,
        question_ids: json(&text(r, "question_ids")?)?,
        answers: opt_text(r, "answers")?.as_deref().map(json).transpose()?,
        submitted_at: opt_text(r, "submitted_at")?,
        correct: opt_int(r, "correct")?,
        total: opt_int(r, "total")?,
        score: opt_int(r, "score")?,
        passed: opt_flag(r, "passed")?,
        status: coded(r, "status", AttemptStatus::parse)?,
    })
}

/// Attempts a cadre has started at an exam, over every enrolment.
pub async fn attempts_used(conn: &mut Conn, exam_id: &str, cadre_id: &str) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS used FROM exam_attempts WHERE exam_id = $1 AND cadre_id = $2")
        .bind(exam_id)
        .bind(cadre_id)
        .fetch_one(&mut *conn)
        .await?;
    int(&row, "used")
}

/// The cadre's attempt in progress at an exam, if any (the schema allows one).
pub async fn in_progress(conn: &mut Conn, exam_id: &str, cadre_id: &str) -> Result<Option<AttemptRow>> {
    let row = sqlx::query(&format!("{ATTEMPT_SELECT} WHERE a.exam_id = $1 AND a.cadre_id = $2 AND a.status = $3"))
        .bind(exam_id)
        .bind(cadre_id)
        .bind(AttemptStatus::InProgress.code())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(attempt_row).transpose()
}

/// Starts an attempt at the locked exam, in progress (the limit was checked under the lock; the
/// schema still refuses a second attempt in progress or a number used twice).
pub async fn insert_attempt(tx: &mut WriteTx, exam: &Locked<ExamRow>, a: &AttemptRow) -> Result<()> {
    let ids = serde_json::to_string(&a.question_ids).map_err(|e| crate::StorageError::Malformed(e.to_string()))?;
    sqlx::query(
        "INSERT INTO exam_attempts (id, exam_id, cadre_id, number, started_at, deadline_at, question_ids, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&a.id)
    .bind(&exam.id)
    .bind(&a.cadre_id)
    .bind(a.number)
    .bind(&a.started_at)
    .bind(&a.deadline_at)
    .bind(ids)
    .bind(AttemptStatus::InProgress.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_attempt(conn: &mut Conn, id: &str) -> Result<Option<AttemptRow>> {
    let row = sqlx::query(&format!("{ATTEMPT_SELECT} WHERE a.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(attempt_row).transpose()
}

/// The attempt, locked until the transaction ends (it is handed in once).
pub async fn lock_attempt(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<AttemptRow>>> {
    if !lock::row(tx, Table::ExamAttempts, id).await? {
        return Ok(None);
    }
    Ok(get_attempt(tx, id).await?.map(Locked::new))
}

/// Hands in the locked attempt with the answers and score of `done` (in progress → submitted or
/// expired); `false` if it was no longer in progress.
pub async fn finish_attempt(tx: &mut WriteTx, attempt: &Locked<AttemptRow>, done: &AttemptRow) -> Result<bool> {
    let answers = serde_json::to_string(&done.answers).map_err(|e| crate::StorageError::Malformed(e.to_string()))?;
    let changed = sqlx::query(
        "UPDATE exam_attempts SET answers = $1, submitted_at = $2, correct = $3, total = $4, score = $5, passed = $6, \
         status = $7 WHERE id = $8 AND status = $9",
    )
    .bind(answers)
    .bind(done.submitted_at.clone())
    .bind(done.correct)
    .bind(done.total)
    .bind(done.score)
    .bind(done.passed.map(i64::from))
    .bind(done.status.code())
    .bind(&attempt.id)
    .bind(AttemptStatus::InProgress.code())
    .execute(&mut **tx)
    .await?;
    Ok(changed.rows_affected() == 1)
}

pub async fn attempts_of_exam(conn: &mut Conn, exam_id: &str) -> Result<Vec<AttemptRow>> {
    let rows = sqlx::query(&format!("{ATTEMPT_SELECT} WHERE a.exam_id = $1 ORDER BY c.name, a.cadre_id, a.number"))
        .bind(exam_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(attempt_row).collect()
}

pub async fn attempts_of(conn: &mut Conn, cadre_id: &str) -> Result<Vec<AttemptRow>> {
    let rows = sqlx::query(&format!("{ATTEMPT_SELECT} WHERE a.cadre_id = $1 ORDER BY a.started_at DESC, a.id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(attempt_row).collect()
}

/// Exams a cadre is actively enrolled in, or has attempted.
pub async fn exams_of_cadre(conn: &mut Conn, cadre_id: &str) -> Result<Vec<ExamRow>> {
    let rows = sqlx::query(&format!(
        "{EXAM_SELECT} WHERE x.id IN (SELECT exam_id FROM exam_enrolments WHERE cadre_id = $1 AND active = 1) \
         OR x.id IN (SELECT exam_id FROM exam_attempts WHERE cadre_id = $1) ORDER BY x.opens_on DESC, x.id"
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(exam_row).collect()
}
