//! Courses, sessions, enrolments, attendance and training records (the dossier's 培训 section),
//! and the sums the training requirements are judged on.
//!
//! A course is the aggregate its seats, sessions, attendance, withdrawals (TRN-LEAVE-CAP) and
//! completion are decided on: [`lock`] it inside the write transaction, and the writes that
//! record those decisions take the [`Locked`] course as proof.

use std::collections::HashMap;

use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::{Course, CourseStatus, EnrolmentStatus, Session, Totals};
use sqlx::any::AnyRow;
use time::Date;

use crate::lock::{self, Locked, Table};
use crate::query::Sql;
use crate::row::{coded, count, flag, int, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub organiser: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub start_date: String,
    pub end_date: String,
    pub class_hours: i64,
    pub capacity: Option<i64>,
    pub enrolment: String,
    pub full_time: bool,
    pub status: CourseStatus,
    pub enrolled_count: i64,
}

const COURSE_COLUMNS: &str = "c.id, c.title, c.kind, c.organiser, c.org_id, c.org_path, o.name AS org_name, \
    c.start_date, c.end_date, c.class_hours, c.capacity, c.enrolment, c.full_time, c.status, c.enrolled_count";

fn course_row(row: &AnyRow) -> Result<CourseRow> {
    Ok(CourseRow {
        id: text(row, "id")?,
        title: text(row, "title")?,
        kind: text(row, "kind")?,
        organiser: text(row, "organiser")?,
        org_id: text(row, "org_id")?,
        org_path: text(row, "org_path")?,
        org_name: text(row, "org_name")?,
        start_date: text(row, "start_date")?,
        end_date: text(row, "end_date")?,
        class_hours: int(row, "class_hours")?,
        capacity: opt_int(row, "capacity")?,
        enrolment: text(row, "enrolment")?,
        full_time: flag(row, "full_time")?,
        status: coded(row, "status", CourseStatus::parse)?,
        enrolled_count: int(row, "enrolled_count")?,
    })
}

pub async fn insert_course(tx: &mut WriteTx, id: &str, c: &Course, org_path: &str, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO courses (id, title, kind, organiser, org_id, org_path, start_date, end_date, class_hours, capacity, \
         enrolment, full_time, status, enrolled_count, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $14)",
    )
    .bind(id)
    .bind(&c.title)
    .bind(c.kind)
    .bind(&c.organiser)
    .bind(&c.org_id)
    .bind(org_path)
    .bind(c.start_date.to_string())
    .bind(c.end_date.to_string())
    .bind(i64::from(c.class_hours))
    .bind(c.capacity.map(i64::from))
    .bind(c.enrolment)
    .bind(i64::from(c.full_time))
    .bind(CourseStatus::Planned.code())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The course, locked until the transaction ends: its seats, sessions, attendance and
/// trainees' states are decided on what is read after this.
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<CourseRow>>> {
    if !lock::row(tx, Table::Courses, id).await? {
        return Ok(None);
    }
    Ok(get_course(tx, id).await?.map(Locked::new))
}

pub async fn get_course(conn: &mut Conn, id: &str) -> Result<Option<CourseRow>> {
    let row =
        sqlx::query(&format!("SELECT {COURSE_COLUMNS} FROM courses c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.as_ref().map(course_row).transpose()
}

/// Courses of a subtree, newest first, optionally of one year and kind; with the total.
pub async fn list_courses(
    conn: &mut Conn,
    root: &OrgPath,
    year: Option<i32>,
    kind: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CourseRow>, i64)> {
    let filter = |sql: &mut Sql| {
        let (start, end) = root.subtree_range();
        sql.push(" WHERE c.org_path >= ").bind_text(start).push(" AND c.org_path < ").bind_text(end);
        if let Some(year) = year {
            sql.push(" AND c.start_date >= ").bind_text(format!("{year:04}-01-01"));
            sql.push(" AND c.start_date <= ").bind_text(format!("{year:04}-12-31"));
        }
        if let Some(kind) = kind {
            sql.push(" AND c.kind = ").bind_text(kind);
        }
    };
    let mut counted = Sql::new("SELECT COUNT(*) AS total FROM courses c");
    filter(&mut counted);
    let total = int(&counted.query(conn)?.fetch_one(&mut *conn).await?, "total")?;
    let mut list = Sql::new("SELECT ");
    list.push(COURSE_COLUMNS).push(" FROM courses c JOIN orgs o ON o.id = c.org_id");
    filter(&mut list);
    list.push(" ORDER BY c.start_date DESC, c.id LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows = list.query(conn)?.fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(course_row).collect::<Result<_>>()?, total))
}

/// Moves the locked course from planned to completed; `false` if it was no longer planned.
pub async fn complete_course(tx: &mut WriteTx, course: &Locked<CourseRow>, seq: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE courses SET status = $1, updated_seq = $2 WHERE id = $3 AND status = $4")
        .bind(CourseStatus::Completed.code())
        .bind(seq)
        .bind(&course.id)
        .bind(CourseStatus::Planned.code())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub date: String,
    pub topic: String,
    pub class_hours: i64,
}

/// Adds a session to the locked course (its hours were checked against the course's rest).
pub async fn insert_session(tx: &mut WriteTx, course: &Locked<CourseRow>, id: &str, s: &Session) -> Result<()> {
    sqlx::query("INSERT INTO course_sessions (id, course_id, date, topic, class_hours) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(&course.id)
        .bind(s.date.to_string())
        .bind(&s.topic)
        .bind(i64::from(s.class_hours))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn sessions(conn: &mut Conn, course_id: &str) -> Result<Vec<SessionRow>> {
    let rows =
        sqlx::query("SELECT id, date, topic, class_hours FROM course_sessions WHERE course_id = $1 ORDER BY date, id")
            .bind(course_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionRow {
                id: text(r, "id")?,
                date: text(r, "date")?,
                topic: text(r, "topic")?,
                class_hours: int(r, "class_hours")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentRow {
    pub course_id: String,
    pub cadre_id: String,
    pub name: String,
    pub org_path: String,
    pub current_post: String,
    pub status: EnrolmentStatus,
    pub missed_hours: i64,
    pub result: String,
    pub reason: String,
}

/// An enrolment's columns, named apart from a course's (`courses_of` reads both in one row).
const ENROLMENT_COLUMNS: &str = "e.course_id AS e_course_id, e.cadre_id AS e_cadre_id, k.name AS e_name, \
    k.org_path AS e_org_path, k.current_post AS e_current_post, e.status AS e_status, e.missed_hours AS e_missed_hours, \
    e.result AS e_result, e.reason AS e_reason";

const ENROLMENT_FROM: &str = " FROM enrolments e JOIN cadres k ON k.id = e.cadre_id";

fn enrolment_row(r: &AnyRow) -> Result<EnrolmentRow> {
    Ok(EnrolmentRow {
        course_id: text(r, "e_course_id")?,
        cadre_id: text(r, "e_cadre_id")?,
        name: text(r, "e_name")?,
        org_path: text(r, "e_org_path")?,
        current_post: text(r, "e_current_post")?,
        status: coded(r, "e_status", EnrolmentStatus::parse)?,
        missed_hours: int(r, "e_missed_hours")?,
        result: text(r, "e_result")?,
        reason: text(r, "e_reason")?,
    })
}

/// What enrolling one cadre did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolled {
    Added,
    /// Already on the course (in any state).
    Already,
    /// The course's seats are taken: nothing was written for this cadre.
    Full,
}

/// Enrols a cadre on the locked course. The seat is taken by one conditional update of the kept
/// count, so the capacity holds even for a writer that decided on a stale count.
pub async fn enrol(tx: &mut WriteTx, course: &Locked<CourseRow>, cadre_id: &str, seq: i64) -> Result<Enrolled> {
    let course_id = course.id.as_str();
    let seat = sqlx::query(
        "UPDATE courses SET enrolled_count = enrolled_count + 1, updated_seq = $1 \
         WHERE id = $2 AND (capacity IS NULL OR enrolled_count < capacity) \
         AND NOT EXISTS (SELECT 1 FROM enrolments WHERE course_id = $2 AND cadre_id = $3)",
    )
    .bind(seq)
    .bind(course_id)
    .bind(cadre_id)
    .execute(&mut **tx)
    .await?;
    if seat.rows_affected() == 0 {
        let row = sqlx::query("SELECT COUNT(*) AS enrolled FROM enrolments WHERE course_id = $1 AND cadre_id = $2")
            .bind(course_id)
            .bind(cadre_id)
            .fetch_one(&mut **tx)
            .await?;
        return Ok(if int(&row, "enrolled")? > 0 { Enrolled::Already } else { Enrolled::Full });
    }
    sqlx::query(
        "INSERT INTO enrolments (course_id, cadre_id, status, missed_hours, result, reason, updated_seq) \
         VALUES ($1, $2, $3, 0, '', '', $4)",
    )
    .bind(course_id)
    .bind(cadre_id)
    .bind(EnrolmentStatus::Enrolled.code())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(Enrolled::Added)
}

pub async fn enrolments(conn: &mut Conn, course_id: &str) -> Result<Vec<EnrolmentRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {ENROLMENT_COLUMNS}{ENROLMENT_FROM} WHERE e.course_id = $1 ORDER BY k.name, k.id"
    ))
    .bind(course_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(enrolment_row).collect()
}

pub async fn enrolment(conn: &mut Conn, course_id: &str, cadre_id: &str) -> Result<Option<EnrolmentRow>> {
    let row =
        sqlx::query(&format!("SELECT {ENROLMENT_COLUMNS}{ENROLMENT_FROM} WHERE e.course_id = $1 AND e.cadre_id = $2"))
            .bind(course_id)
            .bind(cadre_id)
            .fetch_optional(&mut *conn)
            .await?;
    row.as_ref().map(enrolment_row).transpose()
}

/// A cadre's enrolments with their courses, newest course first.
pub async fn courses_of(conn: &mut Conn, cadre_id: &str) -> Result<Vec<(CourseRow, EnrolmentRow)>> {
    let rows = sqlx::query(&format!(
        "SELECT {COURSE_COLUMNS}, {ENROLMENT_COLUMNS}{ENROLMENT_FROM} JOIN courses c ON c.id = e.course_id \
         JOIN orgs o ON o.id = c.org_id WHERE e.cadre_id = $1 ORDER BY c.start_date DESC, c.id"
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((course_row(r)?, enrolment_row(r)?))).collect()
}

/// Writes the new state of a trainee of the locked course who is still enrolled (their missed
/// hours, or their withdrawal or completion); `false` if they were no longer enrolled.
pub async fn update_enrolment(
    tx: &mut WriteTx,
    course: &Locked<CourseRow>,
    e: &EnrolmentRow,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE enrolments SET status = $1, missed_hours = $2, result = $3, reason = $4, updated_seq = $5 \
         WHERE course_id = $6 AND cadre_id = $7 AND status = $8",
    )
    .bind(e.status.code())
    .bind(e.missed_hours)
    .bind(&e.result)
    .bind(&e.reason)
    .bind(seq)
    .bind(&course.id)
    .bind(&e.cadre_id)
    .bind(EnrolmentStatus::Enrolled.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The mark already recorded for a trainee at a session, if any.
pub async fn mark_of(conn: &mut Conn, session_id: &str, cadre_id: &str) -> Result<Option<String>> {
    let row = sqlx::query("SELECT status FROM attendance WHERE session_id = $1 AND cadre_id = $2")
        .bind(session_id)
        .bind(cadre_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| text(&r, "status")).transpose()
}

/// Records (or corrects) one trainee's attendance at a session of the locked course.
pub async fn set_attendance(
    tx: &mut WriteTx,
    course: &Locked<CourseRow>,
    session_id: &str,
    cadre_id: &str,
    status: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO attendance (session_id, cadre_id, course_id, status, note) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (session_id, cadre_id) DO UPDATE SET status = excluded.status, note = excluded.note",
    )
    .bind(session_id)
    .bind(cadre_id)
    .bind(&course.id)
    .bind(status)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every attendance mark of a course: (session, cadre, status).
pub async fn attendance(conn: &mut Conn, course_id: &str) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query("SELECT session_id, cadre_id, status FROM attendance WHERE course_id = $1")
        .bind(course_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((text(r, "session_id")?, text(r, "cadre_id")?, text(r, "status")?))).collect()
}

/// Class hours each trainee of a course has missed (on leave or absent), in one statement;
/// trainees who missed nothing are absent from the map.
pub async fn missed_hours(conn: &mut Conn, course_id: &str) -> Result<std::collections::HashMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT a.cadre_id, CAST(SUM(s.class_hours) AS BIGINT) AS missed FROM attendance a \
         JOIN course_sessions s ON s.id = a.session_id \
         WHERE a.course_id = $1 AND a.status <> 'present' GROUP BY a.cadre_id",
    )
    .bind(course_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "cadre_id")?, int(r, "missed")?))).collect()
}

/// One training record (a completed course, or training recorded from elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub id: String,
    pub cadre_id: String,
    pub course_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub start_date: String,
    pub end_date: String,
    pub class_hours: i64,
    pub full_time_days: i64,
    pub institutional: bool,
    pub credits_centi: i64,
}

pub async fn insert_record(tx: &mut WriteTx, r: &RecordRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO training_records (id, cadre_id, course_id, kind, title, organiser, start_date, end_date, class_hours, \
         full_time_days, institutional, credits_centi, recorded_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&r.id)
    .bind(&r.cadre_id)
    .bind(r.course_id.clone())
    .bind(&r.kind)
    .bind(&r.title)
    .bind(&r.organiser)
    .bind(&r.start_date)
    .bind(&r.end_date)
    .bind(r.class_hours)
    .bind(r.full_time_days)
    .bind(i64::from(r.institutional))
    .bind(r.credits_centi)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    crate::training_standing::invalidate(tx, &[r.cadre_id.as_str()]).await
}

pub(crate) const RECORD_COLUMNS: [&str; 12] = [
    "id",
    "cadre_id",
    "course_id",
    "kind",
    "title",
    "organiser",
    "start_date",
    "end_date",
    "class_hours",
    "full_time_days",
    "institutional",
    "credits_centi",
];

pub(crate) fn record_row(r: &(impl crate::row::Columns + ?Sized)) -> Result<RecordRow> {
    Ok(RecordRow {
        id: text(r, "id")?,
        cadre_id: text(r, "cadre_id")?,
        course_id: opt_text(r, "course_id")?,
        kind: text(r, "kind")?,
        title: text(r, "title")?,
        organiser: text(r, "organiser")?,
        start_date: text(r, "start_date")?,
        end_date: text(r, "end_date")?,
        class_hours: int(r, "class_hours")?,
        full_time_days: int(r, "full_time_days")?,
        institutional: flag(r, "institutional")?,
        credits_centi: int(r, "credits_centi")?,
    })
}

/// A cadre's training records, the newest first.
pub async fn records_of(conn: &mut Conn, cadre_id: &str) -> Result<Vec<RecordRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {} FROM training_records WHERE cadre_id = $1 ORDER BY end_date DESC, id",
        RECORD_COLUMNS.join(", ")
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record_row).collect()
}

/// The dates that bound the sums: records ending after `window_after` (the rolling window) or on
/// or after `year_start` (the calendar year), and on or before `on`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub window_after: Date,
    pub year_start: Date,
    pub on: Date,
}

const TOTALS: &str = "CAST(COALESCE(SUM(CASE WHEN r.institutional = 1 AND r.end_date > $1 THEN r.class_hours ELSE 0 END), 0) AS BIGINT) AS window_hours, \
    CAST(COALESCE(SUM(CASE WHEN r.institutional = 1 AND r.end_date > $1 THEN r.full_time_days ELSE 0 END), 0) AS BIGINT) AS window_days, \
    CAST(COALESCE(SUM(CASE WHEN r.end_date >= $2 THEN r.class_hours ELSE 0 END), 0) AS BIGINT) AS year_hours, \
    CAST(COALESCE(SUM(CASE WHEN r.end_date >= $2 THEN r.full_time_days ELSE 0 END), 0) AS BIGINT) AS year_days, \
    CAST(COALESCE(SUM(CASE WHEN r.end_date >= $2 THEN r.credits_centi ELSE 0 END), 0) AS BIGINT) AS year_credits_centi";

/// The five sums of [`TOTALS`], by their names.
fn totals_from(row: &AnyRow) -> Result<Totals> {
    Ok(Totals {
        window_hours: count(row, "window_hours")?,
        window_days: count(row, "window_days")?,
        year_hours: count(row, "year_hours")?,
        year_days: count(row, "year_days")?,
        year_credits_centi: count(row, "year_credits_centi")?,
    })
}

fn lower_bound(w: &Window) -> String {
    w.window_after.min(w.year_start - time::Duration::days(1)).to_string()
}

/// [`totals_of`] of many cadres (one statement per 500); a cadre without records in the
/// window has zero totals.
pub async fn totals_of_many(conn: &mut Conn, cadre_ids: &[&str], w: &Window) -> Result<HashMap<String, Totals>> {
    let mut totals: HashMap<String, Totals> =
        cadre_ids.iter().map(|id| ((*id).to_owned(), Totals::default())).collect();
    // The same sums as TOTALS, with the window's dates bound where each is used.
    let (after, year) = (w.window_after.to_string(), w.year_start.to_string());
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new("SELECT r.cadre_id, ");
        for (i, (when, bound, column, name)) in [
            ("r.institutional = 1 AND r.end_date > ", &after, "class_hours", "window_hours"),
            ("r.institutional = 1 AND r.end_date > ", &after, "full_time_days", "window_days"),
            ("r.end_date >= ", &year, "class_hours", "year_hours"),
            ("r.end_date >= ", &year, "full_time_days", "year_days"),
            ("r.end_date >= ", &year, "credits_centi", "year_credits_centi"),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("CAST(COALESCE(SUM(CASE WHEN ").push(when).bind_text(bound.as_str());
            sql.push(" THEN r.").push(column).push(" ELSE 0 END), 0) AS BIGINT) AS ").push(name);
        }
        sql.push(" FROM training_records r WHERE r.cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| crate::query::Value::Text((*id).to_owned())));
        sql.push(" AND r.end_date > ")
            .bind_text(lower_bound(w))
            .push(" AND r.end_date <= ")
            .bind_text(w.on.to_string());
        sql.push(" GROUP BY r.cadre_id");
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            totals.insert(text(&row, "cadre_id")?, totals_from(&row)?);
        }
    }
    Ok(totals)
}

/// One cadre's totals.
pub async fn totals_of(conn: &mut Conn, cadre_id: &str, w: &Window) -> Result<Totals> {
    let row = sqlx::query(&format!(
        "SELECT {TOTALS} FROM training_records r WHERE r.cadre_id = $3 AND r.end_date > $4 AND r.end_date <= $5"
    ))
    .bind(w.window_after.to_string())
    .bind(w.year_start.to_string())
    .bind(cadre_id)
    .bind(lower_bound(w))
    .bind(w.on.to_string())
    .fetch_one(&mut *conn)
    .await?;
    totals_from(&row)
}
