//! Bulk writes of generated training data (`jianquan generate-training`): courses, sessions,
//! enrolments, attendance, training records, integrity events, obligations and talks as multi-row
//! INSERTs inside the caller's write transaction, and the two reads the generator starts from.
//!
//! As in [`crate::registry::bulk`]: statements are built with [`Sql`] (anonymous `?` placeholders
//! on SQLite, `$n` on PostgreSQL), at most [`MAX_PARAMS`] bound values and [`MAX_ROWS`] rows each;
//! optional text is bound as `NULLIF(?, '')` so every full batch has the same SQL text and reuses
//! one prepared statement. The caller appends the ledger entry of each transaction.

use crate::query::{Sql, Value};
use crate::row::{int, text};
use crate::{Conn, Result, StorageError, WriteTx};

/// Bound values per statement at most.
pub const MAX_PARAMS: usize = 30_000;
/// Rows per statement at most.
pub const MAX_ROWS: usize = 500;

/// One value of a row.
enum Cell<'a> {
    Text(&'a str),
    Int(i64),
    /// Text that is NULL when empty.
    Nullable(&'a str),
    /// An integer or NULL.
    OptionalInt(Option<i64>),
}

/// Inserts `items` with `head` (`INSERT INTO t (a, b) VALUES `), `width` values per row, in as
/// few statements as the limits allow.
async fn insert_rows<'a, T>(
    tx: &mut WriteTx,
    head: &'static str,
    width: usize,
    items: &'a [T],
    row: impl Fn(&'a T, &mut Vec<Cell<'a>>),
) -> Result<()> {
    let per_statement = (MAX_PARAMS / width.max(1)).clamp(1, MAX_ROWS);
    let mut cells = Vec::with_capacity(width);
    for chunk in items.chunks(per_statement) {
        let mut sql = Sql::new(head);
        for (i, item) in chunk.iter().enumerate() {
            cells.clear();
            row(item, &mut cells);
            if cells.len() != width {
                return Err(StorageError::Malformed(format!("bulk row has {} values, expected {width}", cells.len())));
            }
            sql.push(if i == 0 { "(" } else { ", (" });
            for (j, cell) in cells.drain(..).enumerate() {
                if j > 0 {
                    sql.push(", ");
                }
                match cell {
                    Cell::Text(value) => sql.bind_text(value),
                    Cell::Int(value) => sql.bind_int(value),
                    Cell::Nullable(value) => sql.push("NULLIF(").bind_text(value).push(", '')"),
                    // A NULL integer is bound as -1 and turned back into NULL, so the SQL text stays the same.
                    Cell::OptionalInt(value) => sql.push("NULLIF(").bind(Value::Int(value.unwrap_or(-1))).push(", -1)"),
                };
            }
            sql.push(")");
        }
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A cadre as the generator needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingCadre {
    pub id: String,
    pub org_path: String,
    pub rank_level: i64,
}

/// Every cadre, in ID order.
pub async fn cadres(conn: &mut Conn) -> Result<Vec<TrainingCadre>> {
    use futures_util::TryStreamExt;
    let mut out = Vec::new();
    let mut rows = sqlx::query("SELECT id, org_path, rank_level FROM cadres ORDER BY id").fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        out.push(TrainingCadre {
            id: text(&row, "id")?,
            org_path: text(&row, "org_path")?,
            rank_level: int(&row, "rank_level")?,
        });
    }
    Ok(out)
}

/// An org as the generator needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingOrg {
    pub id: String,
    pub path: String,
    pub name: String,
    pub kind: String,
    pub level: String,
}

/// Every org, in path order.
pub async fn orgs(conn: &mut Conn) -> Result<Vec<TrainingOrg>> {
    let rows = sqlx::query("SELECT id, path, name, kind, level FROM orgs ORDER BY path").fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(TrainingOrg {
                id: text(r, "id")?,
                path: text(r, "path")?,
                name: text(r, "name")?,
                kind: text(r, "kind")?,
                level: text(r, "level")?,
            })
        })
        .collect()
}

/// Whether a course with this ID is stored (a generator run with the same seed).
pub async fn course_exists(conn: &mut Conn, id: &str) -> Result<bool> {
    let row =
        sqlx::query("SELECT COUNT(*) AS stored FROM courses WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    Ok(int(&row, "stored")? > 0)
}

/// A new course, stored with its status and enrolled count.
#[derive(Debug, Clone)]
pub struct BulkCourse {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub organiser: String,
    pub org_id: String,
    pub org_path: String,
    pub start_date: String,
    pub end_date: String,
    pub class_hours: i64,
    pub capacity: Option<i64>,
    pub enrolment: &'static str,
    pub full_time: bool,
    /// planned or completed.
    pub status: &'static str,
    pub enrolled_count: i64,
}

pub async fn insert_courses(tx: &mut WriteTx, rows: &[BulkCourse], seq: i64) -> Result<()> {
    let head = "INSERT INTO courses (id, title, kind, organiser, org_id, org_path, start_date, end_date, class_hours, \
        capacity, enrolment, full_time, status, enrolled_count, created_seq, updated_seq) VALUES ";
    insert_rows(tx, head, 16, rows, |c, out| {
        out.extend([Cell::Text(&c.id), Cell::Text(&c.title), Cell::Text(c.kind), Cell::Text(&c.organiser)]);
        out.extend([
            Cell::Text(&c.org_id),
            Cell::Text(&c.org_path),
            Cell::Text(&c.start_date),
            Cell::Text(&c.end_date),
        ]);
        out.extend([Cell::Int(c.class_hours), Cell::OptionalInt(c.capacity), Cell::Text(c.enrolment)]);
        out.extend([Cell::Int(i64::from(c.full_time)), Cell::Text(c.status), Cell::Int(c.enrolled_count)]);
        out.extend([Cell::Int(seq), Cell::Int(seq)]);
    })
    .await
}

/// A new session of a course.
#[derive(Debug, Clone)]
pub struct BulkSession {
    pub id: String,
    pub course_id: String,
    pub date: String,
    pub topic: String,
    pub class_hours: i64,
}

pub async fn insert_sessions(tx: &mut WriteTx, rows: &[BulkSession]) -> Result<()> {
    let head = "INSERT INTO course_sessions (id, course_id, date, topic, class_hours) VALUES ";
    insert_rows(tx, head, 5, rows, |s, out| {
        out.extend([Cell::Text(&s.id), Cell::Text(&s.course_id), Cell::Text(&s.date), Cell::Text(&s.topic)]);
        out.push(Cell::Int(s.class_hours));
    })
    .await
}

/// A trainee of a course.
#[derive(Debug, Clone)]
pub struct BulkEnrolment<'a> {
    pub course_id: &'a str,
    pub cadre_id: &'a str,
    /// enrolled, completed or withdrawn.
    pub status: &'static str,
    pub missed_hours: i64,
    pub result: &'static str,
    pub reason: &'a str,
}

pub async fn insert_enrolments(tx: &mut WriteTx, rows: &[BulkEnrolment<'_>], seq: i64) -> Result<()> {
    let head =
        "INSERT INTO enrolments (course_id, cadre_id, status, missed_hours, result, reason, updated_seq) VALUES ";
    insert_rows(tx, head, 7, rows, |e, out| {
        out.extend([Cell::Text(e.course_id), Cell::Text(e.cadre_id), Cell::Text(e.status), Cell::Int(e.missed_hours)]);
        out.extend([Cell::Text(e.result), Cell::Text(e.reason), Cell::Int(seq)]);
    })
    .await
}

/// One trainee's mark at one session.
#[derive(Debug, Clone)]
pub struct BulkAttendance<'a> {
    pub session_id: &'a str,
    pub cadre_id: &'a str,
    pub course_id: &'a str,
    /// present, leave or absent.
    pub status: &'static str,
    pub note: &'static str,
}

pub async fn insert_attendance(tx: &mut WriteTx, rows: &[BulkAttendance<'_>]) -> Result<()> {
    let head = "INSERT INTO attendance (session_id, cadre_id, course_id, status, note) VALUES ";
    insert_rows(tx, head, 5, rows, |a, out| {
        out.extend([Cell::Text(a.session_id), Cell::Text(a.cadre_id), Cell::Text(a.course_id), Cell::Text(a.status)]);
        out.push(Cell::Text(a.note));
    })
    .await
}

/// A training record (the dossier's 培训 section).
#[derive(Debug, Clone)]
pub struct BulkRecord<'a> {
    pub id: String,
    pub cadre_id: &'a str,
    pub course_id: Option<&'a str>,
    pub kind: &'static str,
    pub title: &'a str,
    pub organiser: &'a str,
    pub start_date: String,
    pub end_date: String,
    pub class_hours: i64,
    pub full_time_days: i64,
    pub institutional: bool,
    pub credits_centi: i64,
}

pub async fn insert_records(tx: &mut WriteTx, rows: &[BulkRecord<'_>], seq: i64) -> Result<()> {
    let head = "INSERT INTO training_records (id, cadre_id, course_id, kind, title, organiser, start_date, end_date, \
        class_hours, full_time_days, institutional, credits_centi, recorded_seq) VALUES ";
    insert_rows(tx, head, 13, rows, |r, out| {
        out.extend([Cell::Text(&r.id), Cell::Text(r.cadre_id), Cell::Nullable(r.course_id.unwrap_or_default())]);
        out.extend([Cell::Text(r.kind), Cell::Text(r.title), Cell::Text(r.organiser), Cell::Text(&r.start_date)]);
        out.extend([Cell::Text(&r.end_date), Cell::Int(r.class_hours), Cell::Int(r.full_time_days)]);
        out.extend([Cell::Int(i64::from(r.institutional)), Cell::Int(r.credits_centi), Cell::Int(seq)]);
    })
    .await?;
    let mut cadres: Vec<&str> = rows.iter().map(|r| r.cadre_id).collect();
    cadres.sort_unstable();
    cadres.dedup();
    crate::training_standing::invalidate(tx, &cadres).await
}

/// A six-musts trigger event.
#[derive(Debug, Clone)]
pub struct BulkEvent<'a> {
    pub id: String,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub trigger: &'static str,
    pub date: String,
    pub basis: String,
}

pub async fn insert_events(tx: &mut WriteTx, rows: &[BulkEvent<'_>], seq: i64) -> Result<()> {
    let head = "INSERT INTO integrity_events (id, cadre_id, org_path, trigger_kind, date, basis, created_seq) VALUES ";
    insert_rows(tx, head, 7, rows, |e, out| {
        out.extend([Cell::Text(&e.id), Cell::Text(e.cadre_id), Cell::Text(e.org_path), Cell::Text(e.trigger)]);
        out.extend([Cell::Text(&e.date), Cell::Text(&e.basis), Cell::Int(seq)]);
    })
    .await
}

/// An obligation with its state.
#[derive(Debug, Clone)]
pub struct BulkObligation<'a> {
    pub id: String,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub rule: &'static str,
    pub kind: String,
    pub source_kind: &'static str,
    pub source_id: String,
    pub source_date: String,
    pub due_date: String,
    pub interval_months: Option<i64>,
    /// open, fulfilled or closed.
    pub status: &'static str,
    /// (kind, ID, date) of the record that fulfilled it.
    pub fulfilled: Option<(&'static str, String, String)>,
    pub note: &'static str,
}

pub async fn insert_obligations(tx: &mut WriteTx, rows: &[BulkObligation<'_>], seq: i64) -> Result<()> {
    let head = "INSERT INTO obligations (id, cadre_id, org_path, rule, kind, source_kind, source_id, source_date, \
        due_date, interval_months, status, fulfilled_kind, fulfilled_id, fulfilled_on, note, created_seq, updated_seq) \
        VALUES ";
    insert_rows(tx, head, 17, rows, |o, out| {
        out.extend([Cell::Text(&o.id), Cell::Text(o.cadre_id), Cell::Text(o.org_path), Cell::Text(o.rule)]);
        out.extend([Cell::Text(&o.kind), Cell::Text(o.source_kind), Cell::Text(&o.source_id)]);
        out.extend([Cell::Text(&o.source_date), Cell::Text(&o.due_date), Cell::OptionalInt(o.interval_months)]);
        out.push(Cell::Text(o.status));
        match &o.fulfilled {
            Some((kind, id, on)) => out.extend([Cell::Nullable(kind), Cell::Nullable(id), Cell::Nullable(on)]),
            None => out.extend([Cell::Nullable(""), Cell::Nullable(""), Cell::Nullable("")]),
        }
        out.extend([Cell::Text(o.note), Cell::Int(seq), Cell::Int(seq)]);
    })
    .await
}

/// A talk held with a cadre.
#[derive(Debug, Clone)]
pub struct BulkTalk<'a> {
    pub id: String,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub kind: &'static str,
    pub talker: &'static str,
    pub date: String,
    pub content: &'static str,
    pub document_number: String,
}

pub async fn insert_talks(tx: &mut WriteTx, rows: &[BulkTalk<'_>], seq: i64) -> Result<()> {
    let head = "INSERT INTO talks (id, cadre_id, org_path, kind, talker, date, content, document_number, \
        acknowledgement, created_seq) VALUES ";
    insert_rows(tx, head, 10, rows, |t, out| {
        out.extend([Cell::Text(&t.id), Cell::Text(t.cadre_id), Cell::Text(t.org_path), Cell::Text(t.kind)]);
        out.extend([Cell::Text(t.talker), Cell::Text(&t.date), Cell::Text(t.content), Cell::Text(&t.document_number)]);
        out.extend([Cell::Text(""), Cell::Int(seq)]);
    })
    .await
}
