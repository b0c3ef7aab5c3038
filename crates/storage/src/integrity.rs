//! Obligations, integrity events, talks, the question bank, exams, enrolments and attempts.

use std::collections::HashSet;

use jianquan_domain::registry::OrgPath;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::query::{Sql, Value};
use crate::{Conn, Result, WriteTx};

// ─── Obligations ─────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ObligationRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_path: String,
    pub rule: String,
    pub kind: String,
    pub source_kind: String,
    pub source_id: String,
    pub source_date: String,
    pub due_date: String,
    pub interval_months: Option<i64>,
    /// open, fulfilled or closed as stored.
    pub status: String,
    pub fulfilled_kind: Option<String>,
    pub fulfilled_id: Option<String>,
    pub fulfilled_on: Option<String>,
    pub note: String,
}

const OBLIGATION_SELECT: &str = "SELECT b.id, b.cadre_id, c.name, b.org_path, b.rule, b.kind, b.source_kind, \
    b.source_id, b.source_date, b.due_date, b.interval_months, b.status, b.fulfilled_kind, b.fulfilled_id, \
    b.fulfilled_on, b.note FROM obligations b JOIN cadres c ON c.id = b.cadre_id";

fn obligation_row(r: &AnyRow) -> Result<ObligationRow> {
    Ok(ObligationRow {
        id: r.try_get(0)?,
        cadre_id: r.try_get(1)?,
        cadre_name: r.try_get(2)?,
        org_path: r.try_get(3)?,
        rule: r.try_get(4)?,
        kind: r.try_get(5)?,
        source_kind: r.try_get(6)?,
        source_id: r.try_get(7)?,
        source_date: r.try_get(8)?,
        due_date: r.try_get(9)?,
        interval_months: r.try_get(10)?,
        status: r.try_get(11)?,
        fulfilled_kind: r.try_get(12)?,
        fulfilled_id: r.try_get(13)?,
        fulfilled_on: r.try_get(14)?,
        note: r.try_get(15)?,
    })
}

/// What a new obligation holds.
#[derive(Debug, Clone)]
pub struct NewObligation<'a> {
    pub id: &'a str,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub rule: &'a str,
    pub kind: &'a str,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub source_date: String,
    pub due_date: String,
    pub interval_months: Option<u32>,
    pub note: &'a str,
}

pub async fn insert_obligation(tx: &mut WriteTx, o: &NewObligation<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO obligations (id, cadre_id, org_path, rule, kind, source_kind, source_id, source_date, due_date, \
         interval_months, status, note, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12)",
    )
    .bind(o.id)
    .bind(o.cadre_id)
    .bind(o.org_path)
    .bind(o.rule)
    .bind(o.kind)
    .bind(o.source_kind)
    .bind(o.source_id)
    .bind(&o.source_date)
    .bind(&o.due_date)
    .bind(o.interval_months.map(i64::from))
    .bind(o.note)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_obligation(conn: &mut Conn, id: &str) -> Result<Option<ObligationRow>> {
    let row = sqlx::query(&format!("{OBLIGATION_SELECT} WHERE b.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(obligation_row).transpose()
}

/// A cadre's open obligations of the given kinds that arose on or before `on` (a record can only
/// fulfil a duty that existed when it was made), oldest due first.
pub async fn open_of_kinds(conn: &mut Conn, cadre_id: &str, kinds: &[&str], on: &str) -> Result<Vec<ObligationRow>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(OBLIGATION_SELECT);
    sql.push(" WHERE b.cadre_id = ").bind_text(cadre_id).push(" AND b.source_date <= ").bind_text(on);
    sql.push(" AND b.status = 'open' AND b.kind IN ");
    sql.bind_list(kinds.iter().map(|k| Value::Text((*k).to_owned())));
    sql.push(" ORDER BY b.due_date, b.id");
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(obligation_row).collect()
}

/// Whether the cadre has an open obligation under the rule.
pub async fn has_open(conn: &mut Conn, cadre_id: &str, rule: &str) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM obligations WHERE cadre_id = $1 AND status = 'open' AND rule = $2")
        .bind(cadre_id)
        .bind(rule)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Which of the cadres have an open obligation under the rule (one statement per 500 cadres).
pub async fn with_open(conn: &mut Conn, cadre_ids: &[&str], rule: &str) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new("SELECT DISTINCT cadre_id FROM obligations WHERE status = 'open' AND rule = ");
        sql.bind_text(rule).push(" AND cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            found.insert(row.try_get(0)?);
        }
    }
    Ok(found)
}

pub async fn of_cadre(conn: &mut Conn, cadre_id: &str) -> Result<Vec<ObligationRow>> {
    let rows = sqlx::query(&format!(
        "{OBLIGATION_SELECT} WHERE b.cadre_id = $1 ORDER BY CASE WHEN b.status = 'open' THEN 0 ELSE 1 END, b.due_date DESC, b.id"
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(obligation_row).collect()
}

/// Fulfils an open obligation; `false` if it was no longer open.
pub async fn fulfil(tx: &mut WriteTx, id: &str, by_kind: &str, by_id: &str, on: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = 'fulfilled', fulfilled_kind = $1, fulfilled_id = $2, fulfilled_on = $3, \
         updated_seq = $4 WHERE id = $5 AND status = 'open'",
    )
    .bind(by_kind)
    .bind(by_id)
    .bind(on)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open obligation; `false` if it was no longer open.
pub async fn close(tx: &mut WriteTx, id: &str, note: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = 'closed', note = $1, updated_seq = $2 WHERE id = $3 AND status = 'open'",
    )
    .bind(note)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which obligations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Open,
    /// Open and past due on the given day.
    Overdue,
    Fulfilled,
    Closed,
}

/// Obligations of a subtree: one index range over (status, org_path), due date first, with the total.
pub async fn list_obligations(
    conn: &mut Conn,
    root: &OrgPath,
    show: Show,
    today: &str,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ObligationRow>, i64)> {
    let (start, end) = root.subtree_range();
    let filter = |sql: &mut Sql| {
        let status = match show {
            Show::Open | Show::Overdue => "open",
            Show::Fulfilled => "fulfilled",
            Show::Closed => "closed",
        };
        sql.push(" WHERE b.status = ").bind_text(status);
        sql.push(" AND b.org_path >= ").bind_text(start.clone()).push(" AND b.org_path < ").bind_text(end.clone());
        if show == Show::Overdue {
            sql.push(" AND b.due_date < ").bind_text(today);
        }
    };
    let mut count = Sql::new("SELECT COUNT(*) FROM obligations b");
    filter(&mut count);
    let total: i64 = count.query(conn)?.fetch_one(&mut *conn).await?.try_get(0)?;
    let mut list = Sql::new(OBLIGATION_SELECT);
    filter(&mut list);
    list.push(" ORDER BY b.due_date, b.id LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows = list.query(conn)?.fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(obligation_row).collect::<Result<_>>()?, total))
}

/// Open obligations past due per org of a subtree: (org path, count).
pub async fn overdue_by_org(conn: &mut Conn, root: &OrgPath, today: &str) -> Result<Vec<(String, i64)>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT b.org_path, COUNT(*) FROM obligations b WHERE b.status = 'open' AND b.org_path >= $1 \
         AND b.org_path < $2 AND b.due_date < $3 GROUP BY b.org_path",
    )
    .bind(start)
    .bind(end)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

// ─── Integrity events ────────────────────────────────────────────────────────────────────────

/// A six-musts trigger event as stored.
#[derive(Debug, Clone)]
pub struct EventRow<'a> {
    pub id: &'a str,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub trigger: &'a str,
    pub date: String,
    pub basis: &'a str,
}

pub async fn insert_event(tx: &mut WriteTx, e: &EventRow<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO integrity_events (id, cadre_id, org_path, trigger_kind, date, basis, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(e.cadre_id)
    .bind(e.org_path)
    .bind(e.trigger)
    .bind(&e.date)
    .bind(e.basis)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ─── Talks ───────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct TalkRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_path: String,
    pub kind: String,
    pub talker: String,
    pub date: String,
    pub content: String,
    pub document_number: String,
    pub acknowledged_at: Option<String>,
    pub acknowledgement: String,
}

const TALK_SELECT: &str = "SELECT t.id, t.cadre_id, c.name, t.org_path, t.kind, t.talker, t.date, t.content, \
    t.document_number, t.acknowledged_at, t.acknowledgement FROM talks t JOIN cadres c ON c.id = t.cadre_id";

fn talk_row(r: &AnyRow) -> Result<TalkRow> {
    Ok(TalkRow {
        id: r.try_get(0)?,
        cadre_id: r.try_get(1)?,
        cadre_name: r.try_get(2)?,
        org_path: r.try_get(3)?,
        kind: r.try_get(4)?,
        talker: r.try_get(5)?,
        date: r.try_get(6)?,
        content: r.try_get(7)?,
        document_number: r.try_get(8)?,
        acknowledged_at: r.try_get(9)?,
        acknowledgement: r.try_get(10)?,
    })
}

pub async fn insert_talk(tx: &mut WriteTx, t: &TalkRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO talks (id, cadre_id, org_path, kind, talker, date, content, document_number, acknowledgement, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)",
    )
    .bind(&t.id)
    .bind(&t.cadre_id)
    .bind(&t.org_path)
    .bind(&t.kind)
    .bind(&t.talker)
    .bind(&t.date)
    .bind(&t.content)
    .bind(&t.document_number)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_talk(conn: &mut Conn, id: &str) -> Result<Option<TalkRow>> {
    let row = sqlx::query(&format!("{TALK_SELECT} WHERE t.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(talk_row).transpose()
}

/// Records the cadre's acknowledgement; `false` if the talk was already acknowledged.
pub async fn acknowledge_talk(tx: &mut WriteTx, id: &str, at: &str, text: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE talks SET acknowledged_at = $1, acknowledgement = $2 WHERE id = $3 AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(text)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list_talks(conn: &mut Conn, root: &OrgPath, offset: i64, limit: i64) -> Result<(Vec<TalkRow>, i64)> {
    let (start, end) = root.subtree_range();
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM talks t WHERE t.org_path >= $1 AND t.org_path < $2")
        .bind(start.clone())
        .bind(end.clone())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let rows = sqlx::query(&format!(
        "{TALK_SELECT} WHERE t.org_path >= $1 AND t.org_path < $2 ORDER BY t.date DESC, t.id LIMIT $3 OFFSET $4"
    ))
    .bind(start)
    .bind(end)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    Ok((rows.iter().map(talk_row).collect::<Result<_>>()?, total))
}

pub async fn talks_of(conn: &mut Conn, cadre_id: &str) -> Result<Vec<TalkRow>> {
    let rows = sqlx::query(&format!("{TALK_SELECT} WHERE t.cadre_id = $1 ORDER BY t.date DESC, t.id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(talk_row).collect()
}

// ─── Question bank ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct QuestionRow {
    pub id: String,
    pub kind: String,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: String,
    pub topic: String,
}

fn question_row(r: &AnyRow) -> Result<QuestionRow> {
    let options: String = r.try_get(3)?;
    Ok(QuestionRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        stem: r.try_get(2)?,
        options: serde_json::from_str(&options).map_err(|e| crate::StorageError::Malformed(e.to_string()))?,
        answer: r.try_get(4)?,
        topic: r.try_get(5)?,
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
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
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
    let total: i64 =
        sqlx::query("SELECT COUNT(*) FROM questions WHERE active = 1").fetch_one(&mut *conn).await?.try_get(0)?;
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
    let rows = sqlx::query("SELECT topic, COUNT(*) FROM questions WHERE active = 1 GROUP BY topic ORDER BY topic")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

// ─── Exams ───────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
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
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        kind: r.try_get(2)?,
        org_id: r.try_get(3)?,
        org_path: r.try_get(4)?,
        topic: r.try_get(5)?,
        question_count: r.try_get(6)?,
        time_limit_minutes: r.try_get(7)?,
        pass_mark: r.try_get(8)?,
        enrolment: r.try_get(9)?,
        opens_on: r.try_get(10)?,
        closes_on: r.try_get(11)?,
        max_attempts: r.try_get(12)?,
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

/// Enrols (or re-enrols) a cadre; `active = false` withdraws them. Attempts are untouched either way.
pub async fn set_exam_enrolment(tx: &mut WriteTx, exam_id: &str, cadre_id: &str, active: bool, seq: i64) -> Result<()> {
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
        Some(r) => r.try_get::<i64, _>(0)? != 0,
        None => false,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
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
    /// in_progress, submitted or expired.
    pub status: String,
}

const ATTEMPT_SELECT: &str = "SELECT a.id, a.exam_id, a.cadre_id, c.name, a.number, a.started_at, a.deadline_at, \
    a.question_ids, a.answers, a.submitted_at, a.correct, a.total, a.score, a.passed, a.status \
    FROM exam_attempts a JOIN cadres c ON c.id = a.cadre_id";

fn json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| crate::StorageError::Malformed(e.to_string()))
}

fn attempt_row(r: &AnyRow) -> Result<AttemptRow> {
    let ids: String = r.try_get(7)?;
    let answers: Option<String> = r.try_get(8)?;
    Ok(AttemptRow {
        id: r.try_get(0)?,
        exam_id: r.try_get(1)?,
        cadre_id: r.try_get(2)?,
        cadre_name: r.try_get(3)?,
        number: r.try_get(4)?,
        started_at: r.try_get(5)?,
        deadline_at: r.try_get(6)?,
        question_ids: json(&ids)?,
        answers: answers.as_deref().map(json).transpose()?,
        submitted_at: r.try_get(9)?,
        correct: r.try_get(10)?,
        total: r.try_get(11)?,
        score: r.try_get(12)?,
        passed: r.try_get::<Option<i64>, _>(13)?.map(|p| p != 0),
        status: r.try_get(14)?,
    })
}

/// Attempts a cadre has started at an exam, over every enrolment.
pub async fn attempts_used(conn: &mut Conn, exam_id: &str, cadre_id: &str) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM exam_attempts WHERE exam_id = $1 AND cadre_id = $2")
        .bind(exam_id)
        .bind(cadre_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

pub async fn insert_attempt(tx: &mut WriteTx, a: &AttemptRow) -> Result<()> {
    let ids = serde_json::to_string(&a.question_ids).map_err(|e| crate::StorageError::Malformed(e.to_string()))?;
    sqlx::query(
        "INSERT INTO exam_attempts (id, exam_id, cadre_id, number, started_at, deadline_at, question_ids, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_progress')",
    )
    .bind(&a.id)
    .bind(&a.exam_id)
    .bind(&a.cadre_id)
    .bind(a.number)
    .bind(&a.started_at)
    .bind(&a.deadline_at)
    .bind(ids)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_attempt(conn: &mut Conn, id: &str) -> Result<Option<AttemptRow>> {
    let row = sqlx::query(&format!("{ATTEMPT_SELECT} WHERE a.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(attempt_row).transpose()
}

/// Closes an attempt with its answers and score; `false` if it was no longer in progress.
pub async fn finish_attempt(tx: &mut WriteTx, a: &AttemptRow) -> Result<bool> {
    let answers = serde_json::to_string(&a.answers).map_err(|e| crate::StorageError::Malformed(e.to_string()))?;
    let done = sqlx::query(
        "UPDATE exam_attempts SET answers = $1, submitted_at = $2, correct = $3, total = $4, score = $5, passed = $6, \
         status = $7 WHERE id = $8 AND status = 'in_progress'",
    )
    .bind(answers)
    .bind(a.submitted_at.clone())
    .bind(a.correct)
    .bind(a.total)
    .bind(a.score)
    .bind(a.passed.map(i64::from))
    .bind(&a.status)
    .bind(&a.id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
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
