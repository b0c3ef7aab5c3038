//! Committee meetings (常委会): members and attendance, the agenda sealed when the meeting opens
//! (an item is inserted only while the meeting is still planned), recusals, one vote per member
//! and item (the key), decisions and reconsiderations.

use jianquan_domain::registry::OrgPath;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::registry::opt_text;
use crate::{Conn, Result, WriteTx};

/// A meeting as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct MeetingRow {
    pub id: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub title: String,
    pub held_on: String,
    /// planned or open.
    pub status: String,
}

const SELECT: &str = "SELECT m.id, m.org_id, m.org_path, o.name, m.title, m.held_on, m.status \
    FROM selection_meetings m JOIN orgs o ON o.id = m.org_id";

fn from_row(r: &AnyRow) -> Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        org_path: r.try_get(2)?,
        org_name: r.try_get(3)?,
        title: r.try_get(4)?,
        held_on: r.try_get(5)?,
        status: r.try_get(6)?,
    })
}

pub async fn insert(tx: &mut WriteTx, m: &MeetingRow, members: &[String], seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_meetings (id, org_id, org_path, title, held_on, status, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, 'planned', $6, $6)",
    )
    .bind(&m.id)
    .bind(&m.org_id)
    .bind(&m.org_path)
    .bind(&m.title)
    .bind(&m.held_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    for member in members {
        sqlx::query("INSERT INTO selection_meeting_members (meeting_id, member_id, present) VALUES ($1, $2, 0)")
            .bind(&m.id)
            .bind(member)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<MeetingRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE m.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Meetings of a subtree, or — for a committee member — those they sit on; newest first.
pub async fn list(conn: &mut Conn, root: &OrgPath, member: Option<&str>, limit: i64) -> Result<Vec<MeetingRow>> {
    let (start, end) = root.subtree_range();
    let rows = match member {
        Some(member) => {
            sqlx::query(&format!(
                "{SELECT} JOIN selection_meeting_members mm ON mm.meeting_id = m.id AND mm.member_id = $1 \
                 ORDER BY m.held_on DESC, m.id DESC LIMIT $2"
            ))
            .bind(member)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "{SELECT} WHERE m.org_path >= $1 AND m.org_path < $2 ORDER BY m.held_on DESC, m.id DESC LIMIT $3"
            ))
            .bind(start)
            .bind(end)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// A member and whether they attend.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct MemberRow {
    pub member_id: String,
    pub name: String,
    pub present: bool,
}

pub async fn members(conn: &mut Conn, meeting_id: &str) -> Result<Vec<MemberRow>> {
    let rows = sqlx::query(
        "SELECT mm.member_id, u.display_name, mm.present FROM selection_meeting_members mm \
         JOIN users u ON u.id = mm.member_id WHERE mm.meeting_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok(MemberRow { member_id: r.try_get(0)?, name: r.try_get(1)?, present: r.try_get::<i64, _>(2)? != 0 }))
        .collect()
}

/// An agenda item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: String,
    pub meeting_id: String,
    pub number: i64,
    pub case_id: String,
    pub case_number: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub post_title: String,
    pub reconsideration_of: Option<String>,
    /// pending or decided.
    pub status: String,
    /// The decision as counted (JSON), once decided.
    pub result: Option<String>,
    pub passed: Option<bool>,
}

const ITEM_SELECT: &str = "SELECT i.id, i.meeting_id, i.number, i.case_id, s.year, s.seq, i.cadre_id, c.name, s.post_title, \
    i.reconsideration_of, i.status, i.result, i.passed FROM selection_agenda_items i \
    JOIN selection_cases s ON s.id = i.case_id JOIN cadres c ON c.id = i.cadre_id";

fn item_row(r: &AnyRow) -> Result<ItemRow> {
    let (year, seq): (i64, i64) = (r.try_get(4)?, r.try_get(5)?);
    Ok(ItemRow {
        id: r.try_get(0)?,
        meeting_id: r.try_get(1)?,
        number: r.try_get(2)?,
        case_id: r.try_get(3)?,
        case_number: format!("纪实〔{year}〕{seq}号"),
        cadre_id: r.try_get(6)?,
        cadre_name: r.try_get(7)?,
        post_title: r.try_get(8)?,
        reconsideration_of: opt_text(r, 9)?,
        status: r.try_get(10)?,
        result: opt_text(r, 11)?,
        passed: r.try_get::<Option<i64>, _>(12)?.map(|v| v != 0),
    })
}

/// Puts an item on the agenda of a meeting that is still planned, in one statement: an item
/// racing the meeting's opening is either on the agenda before it opened or not at all
/// (SEL-NO-AD-HOC). `false` when the meeting had opened.
pub async fn insert_item(
    tx: &mut WriteTx,
    id: &str,
    meeting_id: &str,
    case_id: &str,
    cadre_id: &str,
    reconsideration_of: Option<&str>,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_agenda_items (id, meeting_id, number, case_id, cadre_id, reconsideration_of, status, \
         registered_seq) \
         SELECT $1, $2, (SELECT COUNT(*) + 1 FROM selection_agenda_items WHERE meeting_id = $2), $3, $4, $5, 'pending', $6 \
         WHERE EXISTS (SELECT 1 FROM selection_meetings WHERE id = $2 AND status = 'planned')",
    )
    .bind(id)
    .bind(meeting_id)
    .bind(case_id)
    .bind(cadre_id)
    .bind(reconsideration_of)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn items(conn: &mut Conn, meeting_id: &str) -> Result<Vec<ItemRow>> {
    let rows = sqlx::query(&format!("{ITEM_SELECT} WHERE i.meeting_id = $1 ORDER BY i.number"))
        .bind(meeting_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(item_row).collect()
}

pub async fn items_of_case(conn: &mut Conn, case_id: &str) -> Result<Vec<ItemRow>> {
    let rows = sqlx::query(&format!("{ITEM_SELECT} WHERE i.case_id = $1 ORDER BY i.registered_seq"))
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(item_row).collect()
}

pub async fn item(conn: &mut Conn, id: &str) -> Result<Option<ItemRow>> {
    let row = sqlx::query(&format!("{ITEM_SELECT} WHERE i.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(item_row).transpose()
}

/// Opens a planned meeting with the members present; `false` if it was no longer planned.
pub async fn open(tx: &mut WriteTx, meeting_id: &str, present: &[String], seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_meetings SET status = 'open', updated_seq = $1 WHERE id = $2 AND status = 'planned'",
    )
    .bind(seq)
    .bind(meeting_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for member in present {
        sqlx::query("UPDATE selection_meeting_members SET present = 1 WHERE meeting_id = $1 AND member_id = $2")
            .bind(meeting_id)
            .bind(member)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

/// A recusal from an item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RecusalRow {
    pub item_id: String,
    pub member_id: String,
    pub reason: String,
}

pub async fn insert_recusal(tx: &mut WriteTx, r: &RecusalRow, seq: i64) -> Result<()> {
    sqlx::query("INSERT INTO selection_recusals (item_id, member_id, reason, recorded_seq) VALUES ($1, $2, $3, $4)")
        .bind(&r.item_id)
        .bind(&r.member_id)
        .bind(&r.reason)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The recusals from the items of a meeting.
pub async fn recusals(conn: &mut Conn, meeting_id: &str) -> Result<Vec<RecusalRow>> {
    let rows = sqlx::query(
        "SELECT r.item_id, r.member_id, r.reason FROM selection_recusals r \
         JOIN selection_agenda_items i ON i.id = r.item_id WHERE i.meeting_id = $1 ORDER BY r.recorded_seq",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok(RecusalRow { item_id: r.try_get(0)?, member_id: r.try_get(1)?, reason: r.try_get(2)? }))
        .collect()
}

/// A member's vote on an item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct VoteRow {
    pub item_id: String,
    pub member_id: String,
    /// agree, disagree or defer.
    pub vote: String,
}

/// Stores a vote on a pending item; `false` if the item was decided meanwhile. A second vote
/// by the same member fails on the key.
pub async fn insert_vote(tx: &mut WriteTx, v: &VoteRow, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_votes (item_id, member_id, vote, recorded_seq) SELECT $1, $2, $3, $4 \
         WHERE EXISTS (SELECT 1 FROM selection_agenda_items WHERE id = $1 AND status = 'pending')",
    )
    .bind(&v.item_id)
    .bind(&v.member_id)
    .bind(&v.vote)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn votes(conn: &mut Conn, meeting_id: &str) -> Result<Vec<VoteRow>> {
    let rows = sqlx::query(
        "SELECT v.item_id, v.member_id, v.vote FROM selection_votes v JOIN selection_agenda_items i ON i.id = v.item_id \
         WHERE i.meeting_id = $1 ORDER BY v.recorded_seq",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(VoteRow { item_id: r.try_get(0)?, member_id: r.try_get(1)?, vote: r.try_get(2)? })).collect()
}

/// Records an item's decision once; `false` if it was already decided.
pub async fn decide(tx: &mut WriteTx, item_id: &str, result: &str, passed: bool, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_agenda_items SET status = 'decided', result = $1, passed = $2, decided_seq = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(result)
    .bind(i64::from(passed))
    .bind(seq)
    .bind(item_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Consent to reconsider a decided item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ReconsiderationRow {
    pub item_id: String,
    /// Member IDs (JSON list).
    pub consenting: String,
    pub agreed_on: String,
    pub used_by: Option<String>,
}

pub async fn insert_reconsideration(tx: &mut WriteTx, r: &ReconsiderationRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_reconsiderations (item_id, consenting, agreed_on, recorded_seq) VALUES ($1, $2, $3, $4)",
    )
    .bind(&r.item_id)
    .bind(&r.consenting)
    .bind(&r.agreed_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn reconsideration(conn: &mut Conn, item_id: &str) -> Result<Option<ReconsiderationRow>> {
    let row = sqlx::query(
        "SELECT item_id, consenting, agreed_on, used_by FROM selection_reconsiderations WHERE item_id = $1",
    )
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ReconsiderationRow {
            item_id: r.try_get(0)?,
            consenting: r.try_get(1)?,
            agreed_on: r.try_get(2)?,
            used_by: opt_text(&r, 3)?,
        })
    })
    .transpose()
}

/// Marks a reconsideration as carried onto a later agenda; `false` if it already was.
pub async fn use_reconsideration(tx: &mut WriteTx, item_id: &str, new_item: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE selection_reconsiderations SET used_by = $1 WHERE item_id = $2 AND used_by IS NULL")
        .bind(new_item)
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
