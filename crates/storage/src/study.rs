//! Theory study-centre groups, their members, sessions and attendance; and the yearly study
//! record (report, evaluations, exam). Lists are scoped by the org path the rows carry.
//!
//! A group is the aggregate its members (one leader) and attendance (every member marked) are
//! decided on; a report, the one its evaluations and exam follow (TRN-STUDY-STEPS). Each is
//! locked inside the write transaction ([`lock_group_of_org`], [`lock_report`]) and the writes
//! take the [`Locked`] row as proof.

use jianquan_domain::study::{ExamResult, Mark, NewMember, NewReport, NewSession};
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::row::{flag, int, opt_flag, opt_int, text};
use crate::{Conn, Result, WriteTx};

/// A half-open org-path range `[start, end)`: a subtree (see `OrgPath::subtree_range`).
pub type PathRange = (String, String);

/// A half-open date range `[from, to)` as ISO text, e.g. one calendar year.
pub type DateRange = (String, String);

/// The dates of a calendar year as a half-open range.
pub fn year_range(year: i32) -> DateRange {
    (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub name: String,
}

/// A group in a list, with its year's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    pub group: GroupRow,
    pub members: i64,
    /// Sessions held in the year asked for.
    pub sessions: i64,
    /// Attendance marks of the year's sessions: present, and all recorded.
    pub present: i64,
    pub recorded: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub current_post: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub group_id: String,
    pub date: String,
    pub topic: String,
    pub location: String,
    pub summary: String,
}

/// One member's recorded attendance at one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkRow {
    pub session_id: String,
    pub member_id: String,
    pub present: bool,
    pub absence_reason: String,
    pub speaker: bool,
}

const GROUP_COLUMNS: &str = "g.id, g.org_id, g.org_path, o.name AS org_name, g.name";

fn group_from(row: &AnyRow) -> Result<GroupRow> {
    Ok(GroupRow {
        id: text(row, "id")?,
        org_id: text(row, "org_id")?,
        org_path: text(row, "org_path")?,
        org_name: text(row, "org_name")?,
        name: text(row, "name")?,
    })
}

pub async fn insert_group(
    tx: &mut WriteTx,
    id: &str,
    org_id: &str,
    org_path: &str,
    name: &str,
    seq: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO study_groups (id, org_id, org_path, name, created_seq) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(org_id)
        .bind(org_path)
        .bind(name)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The group of a party committee, if it has one.
pub async fn group_of_org(conn: &mut Conn, org_id: &str) -> Result<Option<GroupRow>> {
    let row = sqlx::query(&format!(
        "SELECT {GROUP_COLUMNS} FROM study_groups g JOIN orgs o ON o.id = g.org_id WHERE g.org_id = $1"
    ))
    .bind(org_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(group_from).transpose()
}

/// The group of a party committee, locked until the transaction ends; `None` if it has none.
pub async fn lock_group_of_org(tx: &mut WriteTx, org_id: &str) -> Result<Option<Locked<GroupRow>>> {
    // A group never leaves its org: find it, lock it, then read it as the lock lets it be seen.
    let Some(found) = group_of_org(tx, org_id).await? else { return Ok(None) };
    if !lock::row(tx, Table::StudyGroups, &found.id).await? {
        return Ok(None);
    }
    Ok(group_of_org(tx, org_id).await?.map(Locked::new))
}

/// The groups in a subtree with the year's figures, in tree order, a page at a time; and the total.
pub async fn list_groups(
    conn: &mut Conn,
    scope: &PathRange,
    year: &DateRange,
    offset: i64,
    limit: i64,
) -> Result<(Vec<GroupSummary>, i64)> {
    let rows = sqlx::query(&format!(
        "SELECT {GROUP_COLUMNS}, \
         (SELECT COUNT(*) FROM study_group_members m WHERE m.group_id = g.id) AS members, \
         (SELECT COUNT(*) FROM study_sessions s WHERE s.group_id = g.id AND s.date >= $3 AND s.date < $4) AS sessions, \
         (SELECT COUNT(*) FROM study_attendance a JOIN study_sessions s ON s.id = a.session_id \
            WHERE s.group_id = g.id AND s.date >= $3 AND s.date < $4 AND a.present = 1) AS present, \
         (SELECT COUNT(*) FROM study_attendance a JOIN study_sessions s ON s.id = a.session_id \
            WHERE s.group_id = g.id AND s.date >= $3 AND s.date < $4) AS recorded \
         FROM study_groups g JOIN orgs o ON o.id = g.org_id \
         WHERE g.org_path >= $1 AND g.org_path < $2 ORDER BY g.org_path, g.id LIMIT $5 OFFSET $6"
    ))
    .bind(&scope.0)
    .bind(&scope.1)
    .bind(&year.0)
    .bind(&year.1)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(GroupSummary {
            group: group_from(row)?,
            members: int(row, "members")?,
            sessions: int(row, "sessions")?,
            present: int(row, "present")?,
            recorded: int(row, "recorded")?,
        });
    }
    let total = sqlx::query("SELECT COUNT(*) AS total FROM study_groups g WHERE g.org_path >= $1 AND g.org_path < $2")
        .bind(&scope.0)
        .bind(&scope.1)
        .fetch_one(&mut *conn)
        .await?;
    Ok((out, int(&total, "total")?))
}

/// Adds a member to the locked group (one leader per group was checked on its members).
pub async fn insert_member(
    tx: &mut WriteTx,
    group: &Locked<GroupRow>,
    id: &str,
    member: &NewMember,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO study_group_members (id, group_id, cadre_id, role, created_seq) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&group.id)
    .bind(&member.cadre_id)
    .bind(member.role)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A group's members: leader, deputies, members, then the secretary; by name within a role.
pub async fn members(conn: &mut Conn, group_id: &str) -> Result<Vec<MemberRow>> {
    let rows = sqlx::query(
        "SELECT m.id, m.cadre_id, c.name AS cadre_name, c.current_post, m.role FROM study_group_members m \
         JOIN cadres c ON c.id = m.cadre_id WHERE m.group_id = $1 \
         ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, c.name, m.id",
    )
    .bind(group_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MemberRow {
                id: text(row, "id")?,
                cadre_id: text(row, "cadre_id")?,
                cadre_name: text(row, "cadre_name")?,
                current_post: text(row, "current_post")?,
                role: text(row, "role")?,
            })
        })
        .collect()
}

/// Records a session the locked group held.
pub async fn insert_session(
    tx: &mut WriteTx,
    group: &Locked<GroupRow>,
    id: &str,
    s: &NewSession,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO study_sessions (id, group_id, date, topic, location, summary, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&group.id)
    .bind(s.date.to_string())
    .bind(&s.topic)
    .bind(&s.location)
    .bind(&s.summary)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const SESSION_COLUMNS: &str = "s.id, s.group_id, s.date, s.topic, s.location, s.summary";

fn session_from(row: &AnyRow) -> Result<SessionRow> {
    Ok(SessionRow {
        id: text(row, "id")?,
        group_id: text(row, "group_id")?,
        date: text(row, "date")?,
        topic: text(row, "topic")?,
        location: text(row, "location")?,
        summary: text(row, "summary")?,
    })
}

pub async fn session(conn: &mut Conn, id: &str) -> Result<Option<SessionRow>> {
    let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM study_sessions s WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(session_from).transpose()
}

/// A group's sessions within dates, newest first.
pub async fn sessions(conn: &mut Conn, group_id: &str, dates: &DateRange) -> Result<Vec<SessionRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM study_sessions s WHERE s.group_id = $1 AND s.date >= $2 AND s.date < $3 \
         ORDER BY s.date DESC, s.id DESC"
    ))
    .bind(group_id)
    .bind(&dates.0)
    .bind(&dates.1)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(session_from).collect()
}

/// Every attendance mark of a group's sessions within dates.
pub async fn marks(conn: &mut Conn, group_id: &str, dates: &DateRange) -> Result<Vec<MarkRow>> {
    let rows = sqlx::query(
        "SELECT a.session_id, a.member_id, a.present, a.absence_reason, a.speaker FROM study_attendance a \
         JOIN study_sessions s ON s.id = a.session_id WHERE s.group_id = $1 AND s.date >= $2 AND s.date < $3",
    )
    .bind(group_id)
    .bind(&dates.0)
    .bind(&dates.1)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MarkRow {
                session_id: text(row, "session_id")?,
                member_id: text(row, "member_id")?,
                present: flag(row, "present")?,
                absence_reason: text(row, "absence_reason")?,
                speaker: flag(row, "speaker")?,
            })
        })
        .collect()
}

/// Records the attendance at a session of the locked group, replacing an earlier record of it
/// (the ledger keeps both); `marks` name the group's members as they were read under the lock.
pub async fn replace_attendance(
    tx: &mut WriteTx,
    _group: &Locked<GroupRow>,
    session_id: &str,
    marks: &[Mark],
    seq: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM study_attendance WHERE session_id = $1").bind(session_id).execute(&mut **tx).await?;
    for mark in marks {
        sqlx::query(
            "INSERT INTO study_attendance (session_id, member_id, present, absence_reason, speaker, recorded_seq) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(session_id)
        .bind(&mark.member_id)
        .bind(i64::from(mark.present))
        .bind(&mark.absence_reason)
        .bind(i64::from(mark.speaker))
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

// ─── The study record ───────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: String,
    pub cadre_id: String,
    pub org_path: String,
    pub year: i64,
    pub date: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationRow {
    pub id: String,
    pub evaluator_id: String,
    pub evaluator_name: String,
    pub grade: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamRow {
    pub date: String,
    pub score: i64,
    pub pass_mark: i64,
    pub passed: bool,
}

/// A report in the year's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_name: String,
    pub year: i64,
    pub date: String,
    pub evaluations: i64,
    pub exam_score: Option<i64>,
    pub exam_passed: Option<bool>,
}

/// A cadre's report of a year, locked until the transaction ends (its evaluations and exam are
/// decided on it); `None` if there is none yet.
pub async fn lock_report(tx: &mut WriteTx, cadre_id: &str, year: i32) -> Result<Option<Locked<ReportRow>>> {
    let Some(found) = report(tx, cadre_id, year).await? else { return Ok(None) };
    if !lock::row(tx, Table::StudyReports, &found.id).await? {
        return Ok(None);
    }
    Ok(report(tx, cadre_id, year).await?.map(Locked::new))
}

pub async fn report(conn: &mut Conn, cadre_id: &str, year: i32) -> Result<Option<ReportRow>> {
    let row = sqlx::query(
        "SELECT id, cadre_id, org_path, year, date, content FROM study_reports WHERE cadre_id = $1 AND year = $2",
    )
    .bind(cadre_id)
    .bind(i64::from(year))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(ReportRow {
            id: text(&row, "id")?,
            cadre_id: text(&row, "cadre_id")?,
            org_path: text(&row, "org_path")?,
            year: int(&row, "year")?,
            date: text(&row, "date")?,
            content: text(&row, "content")?,
        })
    })
    .transpose()
}

pub async fn insert_report(
    tx: &mut WriteTx,
    id: &str,
    cadre_id: &str,
    org_path: &str,
    r: &NewReport,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO study_reports (id, cadre_id, org_path, year, date, content, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(org_path)
    .bind(i64::from(r.year))
    .bind(r.date.to_string())
    .bind(&r.content)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a new evaluation of the locked report stores.
#[derive(Debug, Clone)]
pub struct NewEvaluationRow<'a> {
    pub id: &'a str,
    pub evaluator_id: &'a str,
    pub evaluator_name: &'a str,
    pub grade: &'a str,
    pub comment: &'a str,
}

/// Records an evaluation of the locked report (one per evaluator: the schema refuses a second).
pub async fn insert_evaluation(
    tx: &mut WriteTx,
    report: &Locked<ReportRow>,
    e: &NewEvaluationRow<'_>,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO study_evaluations (id, report_id, evaluator_id, evaluator_name, grade, comment, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(&report.id)
    .bind(e.evaluator_id)
    .bind(e.evaluator_name)
    .bind(e.grade)
    .bind(e.comment)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn evaluations(conn: &mut Conn, report_id: &str) -> Result<Vec<EvaluationRow>> {
    let rows = sqlx::query(
        "SELECT id, evaluator_id, evaluator_name, grade, comment FROM study_evaluations WHERE report_id = $1 \
         ORDER BY created_seq, id",
    )
    .bind(report_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EvaluationRow {
                id: text(row, "id")?,
                evaluator_id: text(row, "evaluator_id")?,
                evaluator_name: text(row, "evaluator_name")?,
                grade: text(row, "grade")?,
                comment: text(row, "comment")?,
            })
        })
        .collect()
}

pub async fn exam(conn: &mut Conn, report_id: &str) -> Result<Option<ExamRow>> {
    let row = sqlx::query("SELECT date, score, pass_mark, passed FROM study_exams WHERE report_id = $1")
        .bind(report_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(ExamRow {
            date: text(&row, "date")?,
            score: int(&row, "score")?,
            pass_mark: int(&row, "pass_mark")?,
            passed: flag(&row, "passed")?,
        })
    })
    .transpose()
}

/// Records the exam that follows the locked report (once: the schema refuses a second).
pub async fn insert_exam(tx: &mut WriteTx, report: &Locked<ReportRow>, x: &ExamResult, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO study_exams (report_id, date, score, pass_mark, passed, created_seq) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&report.id)
    .bind(x.date.to_string())
    .bind(x.score)
    .bind(x.pass_mark)
    .bind(i64::from(x.passed))
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The year's reports in a subtree, in tree order, a page at a time; and the total.
pub async fn list_reports(
    conn: &mut Conn,
    scope: &PathRange,
    year: i32,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ReportSummary>, i64)> {
    let rows = sqlx::query(
        "SELECT r.id, r.cadre_id, c.name AS cadre_name, o.name AS org_name, r.year, r.date, \
         (SELECT COUNT(*) FROM study_evaluations e WHERE e.report_id = r.id) AS evaluations, \
         x.score AS exam_score, x.passed AS exam_passed \
         FROM study_reports r JOIN cadres c ON c.id = r.cadre_id JOIN orgs o ON o.id = c.org_id \
         LEFT JOIN study_exams x ON x.report_id = r.id \
         WHERE r.year = $1 AND r.org_path >= $2 AND r.org_path < $3 ORDER BY r.org_path, r.date, r.id LIMIT $4 OFFSET $5",
    )
    .bind(i64::from(year))
    .bind(&scope.0)
    .bind(&scope.1)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(ReportSummary {
            id: text(row, "id")?,
            cadre_id: text(row, "cadre_id")?,
            cadre_name: text(row, "cadre_name")?,
            org_name: text(row, "org_name")?,
            year: int(row, "year")?,
            date: text(row, "date")?,
            evaluations: int(row, "evaluations")?,
            exam_score: opt_int(row, "exam_score")?,
            exam_passed: opt_flag(row, "exam_passed")?,
        });
    }
    let total = sqlx::query(
        "SELECT COUNT(*) AS total FROM study_reports r WHERE r.year = $1 AND r.org_path >= $2 AND r.org_path < $3",
    )
    .bind(i64::from(year))
    .bind(&scope.0)
    .bind(&scope.1)
    .fetch_one(&mut *conn)
    .await?;
    Ok((out, int(&total, "total")?))
}
