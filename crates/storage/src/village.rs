//! Village-stationed assistance: batches (scoped by the dispatching org's path), assignments,
//! work logs and end-of-batch evaluations, with the counts the totals are made of.
//!
//! A cadre holds one assignment at a time (TRN-VILLAGE-NO-OVERLAP), over every batch: the
//! cadre's stations are the aggregate ([`lock_stations`] locks them by the cadre's ID, not the
//! cadre's row, which other writers update and reference freely), and a new assignment is
//! written with the [`Locked`] stations it was checked against. An assignment is evaluated once
//! ([`lock_assignment`]).

use jianquan_domain::village::{Held, NewAssignment, NewBatch, NewEvaluation, NewLog};
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::row::{int, opt_text, text};
use crate::study::PathRange;
use crate::{Conn, Result, StorageError, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub id: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub number: i64,
    pub start_date: String,
    pub end_date: String,
}

/// A batch with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchCounts {
    pub batch: BatchRow,
    pub assignments: i64,
    pub logs: i64,
    pub evaluations: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRow {
    pub id: String,
    pub batch_id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub township_id: String,
    pub township_name: String,
    pub village: String,
    pub role: String,
    pub start_date: String,
    pub end_date: String,
    pub logs: i64,
    /// The end-of-batch grade, once evaluated.
    pub grade: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub id: String,
    pub assignment_id: String,
    pub cadre_name: String,
    pub village: String,
    pub date: String,
    pub content: String,
}

const BATCH_COLUMNS: &str = "b.id, b.org_id, b.org_path, o.name AS org_name, b.number, b.start_date, b.end_date";

fn batch_from(row: &AnyRow) -> Result<BatchRow> {
    Ok(BatchRow {
        id: text(row, "id")?,
        org_id: text(row, "org_id")?,
        org_path: text(row, "org_path")?,
        org_name: text(row, "org_name")?,
        number: int(row, "number")?,
        start_date: text(row, "start_date")?,
        end_date: text(row, "end_date")?,
    })
}

pub async fn insert_batch(tx: &mut WriteTx, id: &str, org_path: &str, b: &NewBatch, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO village_batches (id, org_id, org_path, number, start_date, end_date, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&b.org_id)
    .bind(org_path)
    .bind(b.number)
    .bind(b.start_date.to_string())
    .bind(b.end_date.to_string())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn batch(conn: &mut Conn, id: &str) -> Result<Option<BatchRow>> {
    let row = sqlx::query(&format!(
        "SELECT {BATCH_COLUMNS} FROM village_batches b JOIN orgs o ON o.id = b.org_id WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(batch_from).transpose()
}

/// The batches an org dispatched, newest first.
pub async fn batches_of_org(conn: &mut Conn, org_id: &str) -> Result<Vec<BatchRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {BATCH_COLUMNS} FROM village_batches b JOIN orgs o ON o.id = b.org_id WHERE b.org_id = $1 \
         ORDER BY b.number DESC"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(batch_from).collect()
}

/// The batches dispatched within a subtree with their counts, newest first, a page at a time; and the total.
pub async fn list_batches(
    conn: &mut Conn,
    scope: &PathRange,
    offset: i64,
    limit: i64,
) -> Result<(Vec<BatchCounts>, i64)> {
    let rows = sqlx::query(&format!(
        "SELECT {BATCH_COLUMNS}, \
         (SELECT COUNT(*) FROM village_assignments a WHERE a.batch_id = b.id) AS assignments, \
         (SELECT COUNT(*) FROM village_logs l JOIN village_assignments a ON a.id = l.assignment_id \
            WHERE a.batch_id = b.id) AS logs, \
         (SELECT COUNT(*) FROM village_evaluations e JOIN village_assignments a ON a.id = e.assignment_id \
            WHERE a.batch_id = b.id) AS evaluations \
         FROM village_batches b JOIN orgs o ON o.id = b.org_id \
         WHERE b.org_path >= $1 AND b.org_path < $2 ORDER BY b.start_date DESC, b.id LIMIT $3 OFFSET $4"
    ))
    .bind(&scope.0)
    .bind(&scope.1)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(BatchCounts {
            batch: batch_from(row)?,
            assignments: int(row, "assignments")?,
            logs: int(row, "logs")?,
            evaluations: int(row, "evaluations")?,
        });
    }
    let total =
        sqlx::query("SELECT COUNT(*) AS total FROM village_batches b WHERE b.org_path >= $1 AND b.org_path < $2")
            .bind(&scope.0)
            .bind(&scope.1)
            .fetch_one(&mut *conn)
            .await?;
    Ok((out, int(&total, "total")?))
}

/// Totals of every batch dispatched within a subtree: (assignments, logs).
pub async fn totals(conn: &mut Conn, scope: &PathRange) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM village_assignments a JOIN village_batches b ON b.id = a.batch_id \
                 WHERE b.org_path >= $1 AND b.org_path < $2) AS assignments, \
                (SELECT COUNT(*) FROM village_logs l JOIN village_assignments a ON a.id = l.assignment_id \
                 JOIN village_batches b ON b.id = a.batch_id WHERE b.org_path >= $1 AND b.org_path < $2) AS logs",
    )
    .bind(&scope.0)
    .bind(&scope.1)
    .fetch_one(&mut *conn)
    .await?;
    Ok((int(&row, "assignments")?, int(&row, "logs")?))
}

/// Evaluations per (batch, grade) within a subtree.
pub async fn grade_counts(conn: &mut Conn, scope: &PathRange) -> Result<Vec<(String, String, i64)>> {
    let rows = sqlx::query(
        "SELECT a.batch_id, e.grade, COUNT(*) AS evaluations FROM village_evaluations e \
         JOIN village_assignments a ON a.id = e.assignment_id JOIN village_batches b ON b.id = a.batch_id \
         WHERE b.org_path >= $1 AND b.org_path < $2 GROUP BY a.batch_id, e.grade",
    )
    .bind(&scope.0)
    .bind(&scope.1)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok((text(row, "batch_id")?, text(row, "grade")?, int(row, "evaluations")?))).collect()
}

/// The periods a cadre is stationed, read after the cadre was locked: what a new assignment of
/// theirs is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stations {
    pub cadre_id: String,
    pub held: Vec<Held>,
}

/// Locks the cadre's stations until the transaction ends and reads them; `None` if there is no
/// such cadre. PostgreSQL: an advisory lock on the cadre's ID for stations.
pub async fn lock_stations(tx: &mut WriteTx, cadre_id: &str) -> Result<Option<Locked<Stations>>> {
    lock::name(tx, "village_stations", cadre_id).await?;
    let exists = sqlx::query("SELECT id FROM cadres WHERE id = $1").bind(cadre_id).fetch_optional(&mut **tx).await?;
    if exists.is_none() {
        return Ok(None);
    }
    let held = held_by_cadre(tx, cadre_id).await?;
    Ok(Some(Locked::new(Stations { cadre_id: cadre_id.to_owned(), held })))
}

/// Stations the cadre whose stations are locked (the overlap rule was checked against them).
pub async fn insert_assignment(
    tx: &mut WriteTx,
    stations: &Locked<Stations>,
    id: &str,
    batch_id: &str,
    a: &NewAssignment,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO village_assignments (id, batch_id, cadre_id, township_id, village, role, start_date, end_date, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(batch_id)
    .bind(&stations.cadre_id)
    .bind(&a.township_id)
    .bind(&a.village)
    .bind(a.role)
    .bind(a.start_date.to_string())
    .bind(a.end_date.to_string())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const ASSIGNMENT_SELECT: &str = "SELECT a.id, a.batch_id, a.cadre_id, c.name AS cadre_name, a.township_id, \
    t.name AS township_name, a.village, a.role, a.start_date, a.end_date, \
    (SELECT COUNT(*) FROM village_logs l WHERE l.assignment_id = a.id) AS logs, e.grade, e.comment \
    FROM village_assignments a JOIN cadres c ON c.id = a.cadre_id JOIN orgs t ON t.id = a.township_id \
    LEFT JOIN village_evaluations e ON e.assignment_id = a.id";

fn assignment_from(row: &AnyRow) -> Result<AssignmentRow> {
    Ok(AssignmentRow {
        id: text(row, "id")?,
        batch_id: text(row, "batch_id")?,
        cadre_id: text(row, "cadre_id")?,
        cadre_name: text(row, "cadre_name")?,
        township_id: text(row, "township_id")?,
        township_name: text(row, "township_name")?,
        village: text(row, "village")?,
        role: text(row, "role")?,
        start_date: text(row, "start_date")?,
        end_date: text(row, "end_date")?,
        logs: int(row, "logs")?,
        grade: opt_text(row, "grade")?,
        comment: opt_text(row, "comment")?,
    })
}

pub async fn assignment(conn: &mut Conn, id: &str) -> Result<Option<AssignmentRow>> {
    let row = sqlx::query(&format!("{ASSIGNMENT_SELECT} WHERE a.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(assignment_from).transpose()
}

/// The assignment, locked until the transaction ends (it is evaluated once).
pub async fn lock_assignment(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<AssignmentRow>>> {
    if !lock::row(tx, Table::VillageAssignments, id).await? {
        return Ok(None);
    }
    Ok(assignment(tx, id).await?.map(Locked::new))
}

/// A batch's assignments by township and village.
pub async fn assignments_of_batch(conn: &mut Conn, batch_id: &str) -> Result<Vec<AssignmentRow>> {
    let rows =
        sqlx::query(&format!("{ASSIGNMENT_SELECT} WHERE a.batch_id = $1 ORDER BY t.name, a.village, c.name, a.id"))
            .bind(batch_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(assignment_from).collect()
}

/// A cadre's assignments, newest first.
pub async fn assignments_of_cadre(conn: &mut Conn, cadre_id: &str) -> Result<Vec<AssignmentRow>> {
    let rows = sqlx::query(&format!("{ASSIGNMENT_SELECT} WHERE a.cadre_id = $1 ORDER BY a.start_date DESC, a.id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(assignment_from).collect()
}

/// The periods a cadre is stationed, for the overlap rule.
pub async fn held_by_cadre(conn: &mut Conn, cadre_id: &str) -> Result<Vec<Held>> {
    let rows = sqlx::query("SELECT village, start_date, end_date FROM village_assignments WHERE cadre_id = $1")
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    let day = |text: String| {
        jianquan_domain::registry::dates::parse_date("date", &text)
            .map_err(|_| StorageError::Malformed(format!("assignment date {text}")))
    };
    rows.iter()
        .map(|row| {
            Ok(Held {
                village: text(row, "village")?,
                start_date: day(text(row, "start_date")?)?,
                end_date: day(text(row, "end_date")?)?,
            })
        })
        .collect()
}

pub async fn insert_log(tx: &mut WriteTx, id: &str, log: &NewLog, author_id: &str, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO village_logs (id, assignment_id, date, content, author_id, created_seq) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&log.assignment_id)
    .bind(log.date.to_string())
    .bind(&log.content)
    .bind(author_id)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const LOG_SELECT: &str = "SELECT l.id, l.assignment_id, c.name AS cadre_name, a.village, l.date, l.content \
    FROM village_logs l \
    JOIN village_assignments a ON a.id = l.assignment_id JOIN cadres c ON c.id = a.cadre_id";

fn log_from(row: &AnyRow) -> Result<LogRow> {
    Ok(LogRow {
        id: text(row, "id")?,
        assignment_id: text(row, "assignment_id")?,
        cadre_name: text(row, "cadre_name")?,
        village: text(row, "village")?,
        date: text(row, "date")?,
        content: text(row, "content")?,
    })
}

/// A batch's newest logs.
pub async fn logs_of_batch(conn: &mut Conn, batch_id: &str, limit: i64) -> Result<Vec<LogRow>> {
    let rows = sqlx::query(&format!("{LOG_SELECT} WHERE a.batch_id = $1 ORDER BY l.date DESC, l.id DESC LIMIT $2"))
        .bind(batch_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(log_from).collect()
}

/// A cadre's newest logs over all their assignments.
pub async fn logs_of_cadre(conn: &mut Conn, cadre_id: &str, limit: i64) -> Result<Vec<LogRow>> {
    let rows = sqlx::query(&format!("{LOG_SELECT} WHERE a.cadre_id = $1 ORDER BY l.date DESC, l.id DESC LIMIT $2"))
        .bind(cadre_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(log_from).collect()
}

/// Records the evaluation of the locked assignment (once: the schema refuses a second).
pub async fn insert_evaluation(
    tx: &mut WriteTx,
    assignment: &Locked<AssignmentRow>,
    e: &NewEvaluation,
    evaluator_id: &str,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO village_evaluations (assignment_id, grade, comment, evaluator_id, created_seq) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&assignment.id)
    .bind(e.grade)
    .bind(&e.comment)
    .bind(evaluator_id)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
