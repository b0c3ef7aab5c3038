//! The 工作台's to-do lists: one statement per list, each scoped like everything else (an org
//! subtree's path range, or the signed-in account), giving the first rows by due date and the
//! total (`COUNT(*) OVER ()`) — the selection tables hold hundreds of rows per city. Obligations,
//! which a province holds by the hundred thousand, are counted up to a cap and listed through
//! the index that fits the subtree ([`obligations_due`]).

use jianquan_domain::registry::OrgPath;
use sqlx::any::AnyRow;

use crate::row::{int, opt_text, text};
use crate::{Conn, Result};

/// One to-do: the record it is about, what to call it, and when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodoRow {
    /// The record to act on (a round, an agenda item, a case, an obligation …).
    pub id: String,
    /// The record it belongs to (the case of a round, the meeting of an item …); may be empty.
    pub parent: String,
    /// Who or what it is about: a person's name, a post, an exam's title.
    pub title: String,
    /// A second line: the post, the rule, the unit.
    pub detail: String,
    /// The case number's year and sequence, where the to-do belongs to a case (0 otherwise).
    pub case_year: i64,
    pub case_seq: i64,
    /// The date it is due or was held (YYYY-MM-DD), if it has one.
    pub due: Option<String>,
}

/// A list's first rows and its total.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoList {
    pub rows: Vec<TodoRow>,
    pub total: i64,
}

fn list(rows: &[AnyRow]) -> Result<TodoList> {
    let total = rows.first().map(|r| int(r, "total")).transpose()?.unwrap_or(0);
    let rows = rows
        .iter()
        .map(|r| {
            Ok(TodoRow {
                id: text(r, "id")?,
                parent: text(r, "parent")?,
                title: text(r, "title")?,
                detail: text(r, "detail")?,
                case_year: int(r, "case_year")?,
                case_seq: int(r, "case_seq")?,
                due: opt_text(r, "due")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(TodoList { rows, total })
}

async fn scoped(conn: &mut Conn, sql: &str, root: &OrgPath, limit: i64) -> Result<TodoList> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(sql).bind(start).bind(end).bind(limit).fetch_all(&mut *conn).await?;
    list(&rows)
}

/// Recommendation rounds of the subtree's cases still open: to close and count.
pub async fn open_rounds(conn: &mut Conn, root: &OrgPath, limit: i64) -> Result<TodoList> {
    scoped(
        conn,
        "SELECT r.id, s.id AS parent, s.post_title AS title, o.name AS detail, s.year AS case_year, s.seq AS case_seq, \
         r.held_on AS due, COUNT(*) OVER () AS total \
         FROM selection_rounds r JOIN selection_cases s ON s.id = r.case_id JOIN orgs o ON o.id = s.org_id \
         WHERE r.status = 'open' AND s.org_path >= $1 AND s.org_path < $2 ORDER BY r.held_on, r.id LIMIT $3",
        root,
        limit,
    )
    .await
}

/// Cases of the subtree awaiting their decision with no item on an agenda: to put before the
/// committee.
pub async fn cases_for_agenda(conn: &mut Conn, root: &OrgPath, limit: i64) -> Result<TodoList> {
    scoped(
        conn,
        "SELECT s.id, '' AS parent, s.post_title AS title, o.name AS detail, s.year AS case_year, s.seq AS case_seq, \
         NULL AS due, COUNT(*) OVER () AS total \
         FROM selection_cases s JOIN orgs o ON o.id = s.org_id \
         WHERE s.state = 'decision' AND s.org_path >= $1 AND s.org_path < $2 AND NOT EXISTS \
         (SELECT 1 FROM selection_agenda_items i WHERE i.case_id = s.id AND i.status = 'pending') \
         ORDER BY s.year, s.seq LIMIT $3",
        root,
        limit,
    )
    .await
}

/// Pending items of the subtree's open meetings: the votes to count.
pub async fn items_to_count(conn: &mut Conn, root: &OrgPath, limit: i64) -> Result<TodoList> {
    scoped(
        conn,
        "SELECT i.id, m.id AS parent, c.name AS title, s.post_title AS detail, s.year AS case_year, s.seq AS case_seq, \
         m.held_on AS due, COUNT(*) OVER () AS total \
         FROM selection_agenda_items i JOIN selection_meetings m ON m.id = i.meeting_id \
         JOIN selection_cases s ON s.id = i.case_id JOIN cadres c ON c.id = i.cadre_id \
         WHERE i.status = 'pending' AND m.status = 'open' AND m.org_path >= $1 AND m.org_path < $2 \
         ORDER BY m.held_on, i.number LIMIT $3",
        root,
        limit,
    )
    .await
}

/// Cases of the subtree in publicity whose period has ended: to appoint (or hold on an
/// objection).
pub async fn publicity_ended(conn: &mut Conn, root: &OrgPath, today: &str, limit: i64) -> Result<TodoList> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT s.id, n.id AS parent, n.name AS title, n.proposed_post AS detail, s.year AS case_year, \
         s.seq AS case_seq, n.period_end AS due, COUNT(*) OVER () AS total \
         FROM selection_notices n JOIN selection_cases s ON s.id = n.case_id \
         WHERE s.state = 'publicity' AND n.org_path >= $1 AND n.org_path < $2 AND n.period_end < $3 \
         ORDER BY n.period_end, s.id LIMIT $4",
    )
    .bind(start)
    .bind(end)
    .bind(today)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}

/// Items the member is to vote on: pending, in an open meeting they attend, with no vote or
/// recusal of theirs.
pub async fn my_votes(conn: &mut Conn, member: &str, limit: i64) -> Result<TodoList> {
    let rows = sqlx::query(
        "SELECT i.id, m.id AS parent, c.name AS title, s.post_title AS detail, s.year AS case_year, s.seq AS case_seq, \
         m.held_on AS due, COUNT(*) OVER () AS total \
         FROM selection_meeting_members mm JOIN selection_meetings m ON m.id = mm.meeting_id \
         JOIN selection_agenda_items i ON i.meeting_id = m.id \
         JOIN selection_cases s ON s.id = i.case_id JOIN cadres c ON c.id = i.cadre_id \
         WHERE mm.member_id = $1 AND mm.present = 1 AND m.status = 'open' AND i.status = 'pending' AND NOT EXISTS \
         (SELECT 1 FROM selection_item_positions p WHERE p.item_id = i.id AND p.member_id = $1) \
         ORDER BY m.held_on, i.number LIMIT $2",
    )
    .bind(member)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}

/// The inspector's subjects in cases under inspection: letters to sign (`signed` false) or
/// reports to conclude (`signed` true).
pub async fn my_inspections(conn: &mut Conn, inspector: &str, signed: bool, limit: i64) -> Result<TodoList> {
    let condition = if signed {
        "si.letter_accepted_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM selection_inspection_reports r \
         WHERE r.case_id = si.case_id AND r.cadre_id = si.cadre_id)"
    } else {
        "si.letter_accepted_on IS NULL"
    };
    let rows = sqlx::query(&format!(
        "SELECT si.cadre_id AS id, s.id AS parent, c.name AS title, s.post_title AS detail, s.year AS case_year, \
         s.seq AS case_seq, NULL AS due, COUNT(*) OVER () AS total \
         FROM selection_inspectors si JOIN selection_cases s ON s.id = si.case_id JOIN cadres c ON c.id = si.cadre_id \
         WHERE si.inspector_id = $1 AND s.state = 'inspection' AND {condition} \
         ORDER BY s.year, s.seq, c.name LIMIT $2"
    ))
    .bind(inspector)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}

/// Objections to publicity notices of the subtree with no finding yet.
pub async fn open_objections(conn: &mut Conn, root: &OrgPath, limit: i64) -> Result<TodoList> {
    scoped(
        conn,
        "SELECT ob.id, s.id AS parent, n.name AS title, n.proposed_post AS detail, s.year AS case_year, \
         s.seq AS case_seq, n.period_end AS due, COUNT(*) OVER () AS total \
         FROM selection_objections ob JOIN selection_notices n ON n.id = ob.notice_id \
         JOIN selection_cases s ON s.id = n.case_id \
         WHERE ob.finding IS NULL AND n.org_path >= $1 AND n.org_path < $2 \
         ORDER BY n.period_end, ob.raised_on, ob.id LIMIT $3",
        root,
        limit,
    )
    .await
}

/// Counts above this are shown as "1000+": a province's overdue obligations number in the
/// hundreds of thousands, and a to-do count need not walk them all.
pub const COUNT_CAP: i64 = 1000;

/// Open obligations of the subtree's cadres due in [`from`, `before`) (overdue: from the start
/// to today), soonest first, with their number up to [`COUNT_CAP`].
///
/// Two bounded statements, each steered to its index (`x || ''` keeps a column out of index
/// use on both engines). Overdue: the count reads the subtree's open obligations by path until
/// the cap; the list then reads by due date where the subtree has many (the first rows in due
/// order soon fall inside it), or by path and sorts the few it has. A week's window: both read
/// the window's few by due date.
pub async fn obligations_due(
    conn: &mut Conn,
    root: &OrgPath,
    from: Option<&str>,
    before: &str,
    limit: i64,
) -> Result<TodoList> {
    let (start, end) = root.subtree_range();
    // A week's window is narrow in due dates: both statements read by due date. Everything
    // overdue is wide: count by path, then list by due date only where the subtree is dense.
    let window = from.is_some();
    let from = from.unwrap_or("");
    let by_path = ("ob.org_path", "(ob.due_date || '')");
    let by_due = ("(ob.org_path || '')", "ob.due_date");
    let (path, due) = if window { by_due } else { by_path };
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM obligations ob WHERE ob.status = 'open' AND {path} >= $1 \
         AND {path} < $2 AND {due} >= $3 AND {due} < $4 LIMIT $5) AS capped"
    ))
    .bind(&start)
    .bind(&end)
    .bind(from)
    .bind(before)
    .bind(COUNT_CAP)
    .fetch_one(&mut *conn)
    .await?;
    if total == 0 {
        return Ok(TodoList::default());
    }
    let (path, due) = if window || total >= COUNT_CAP { by_due } else { by_path };
    let rows = sqlx::query(&format!(
        "SELECT ob.id, ob.cadre_id AS parent, c.name AS title, ob.kind AS detail, CAST(0 AS BIGINT) AS case_year, \
         CAST(0 AS BIGINT) AS case_seq, ob.due_date AS due, CAST($6 AS BIGINT) AS total \
         FROM obligations ob JOIN cadres c ON c.id = ob.cadre_id \
         WHERE ob.status = 'open' AND {path} >= $1 AND {path} < $2 AND {due} >= $3 AND {due} < $4 \
         ORDER BY ob.due_date, ob.id LIMIT $5"
    ))
    .bind(start)
    .bind(end)
    .bind(from)
    .bind(before)
    .bind(limit)
    .bind(total)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}

/// The cadre's open obligations, soonest due first.
pub async fn my_obligations(conn: &mut Conn, cadre: &str, limit: i64) -> Result<TodoList> {
    let rows = sqlx::query(
        "SELECT ob.id, ob.cadre_id AS parent, ob.kind AS title, ob.rule AS detail, CAST(0 AS BIGINT) AS case_year, CAST(0 AS BIGINT) AS case_seq, \
         ob.due_date AS due, COUNT(*) OVER () AS total \
         FROM obligations ob WHERE ob.cadre_id = $1 AND ob.status = 'open' ORDER BY ob.due_date, ob.id LIMIT $2",
    )
    .bind(cadre)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}

/// Talks with the cadre not yet acknowledged by them.
pub async fn my_talks(conn: &mut Conn, cadre: &str, limit: i64) -> Result<TodoList> {
    let rows = sqlx::query(
        "SELECT t.id, '' AS parent, t.kind AS title, t.talker AS detail, CAST(0 AS BIGINT) AS case_year, CAST(0 AS BIGINT) AS case_seq, t.date AS due, \
         COUNT(*) OVER () AS total \
         FROM talks t WHERE t.cadre_id = $1 AND t.acknowledged_at IS NULL ORDER BY t.date, t.id LIMIT $2",
    )
    .bind(cadre)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    list(&rows)
}
