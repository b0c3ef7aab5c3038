//! Committee meetings (常委会): members and attendance, the agenda sealed when the meeting opens
//! (an item is inserted only while the meeting is still planned), recusals, one vote per member
//! and item, decisions and reconsiderations.
//!
//! Every decision on a meeting is written under its lock: the writes take the
//! [`Locked`] meeting that [`lock`] read inside the same transaction. The schema holds the rest:
//! a member takes one position on an item — a vote or a recusal, never both
//! (`selection_item_positions`' key) — and an item is decided once (pending → decided).

use jianquan_domain::registry::OrgPath;
use jianquan_domain::selection::decision::{Vote, VoteMethod};
use jianquan_domain::selection::status::{ItemStatus, MeetingStatus};
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::row::{coded, flag, int, opt_flag, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub title: String,
    pub held_on: String,
    pub status: MeetingStatus,
    /// The principal leader (书记), who states last in an open vote (SEL-SECRETARY-LAST).
    pub principal_id: Option<String>,
}

const SELECT: &str = "SELECT m.id, m.org_id, m.org_path, o.name AS org_name, m.title, m.held_on, m.status, \
    m.principal_id FROM selection_meetings m JOIN orgs o ON o.id = m.org_id";

fn from_row(r: &AnyRow) -> Result<MeetingRow> {
    Ok(MeetingRow {
        id: text(r, "id")?,
        org_id: text(r, "org_id")?,
        org_path: text(r, "org_path")?,
        org_name: text(r, "org_name")?,
        title: text(r, "title")?,
        held_on: text(r, "held_on")?,
        status: coded(r, "status", MeetingStatus::parse)?,
        principal_id: opt_text(r, "principal_id")?,
    })
}

pub async fn insert(tx: &mut WriteTx, m: &MeetingRow, members: &[String], seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_meetings (id, org_id, org_path, title, held_on, status, principal_id, created_seq, \
         updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&m.id)
    .bind(&m.org_id)
    .bind(&m.org_path)
    .bind(&m.title)
    .bind(&m.held_on)
    .bind(MeetingStatus::Planned.code())
    .bind(&m.principal_id)
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

/// The meeting, locked for a decision until the transaction ends.
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<MeetingRow>>> {
    if !lock::row(tx, Table::Meetings, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(Locked::new))
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
        .map(|r| {
            Ok(MemberRow {
                member_id: text(r, "member_id")?,
                name: text(r, "display_name")?,
                present: flag(r, "present")?,
            })
        })
        .collect()
}

/// An agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: String,
    pub meeting_id: String,
    pub number: i64,
    pub case_id: String,
    pub case_number: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub post_title: String,
    /// The unit of the post (the case's org).
    pub org_name: String,
    pub reconsideration_of: Option<String>,
    pub status: ItemStatus,
    pub method: VoteMethod,
    /// The decision as counted (JSON), once decided.
    pub result: Option<String>,
    pub passed: Option<bool>,
}

const ITEM_SELECT: &str = "SELECT i.id, i.meeting_id, i.number, i.case_id, s.year AS case_year, s.seq AS case_seq, \
    i.cadre_id, c.name AS cadre_name, s.post_title, o.name AS org_name, i.reconsideration_of, i.status, i.vote_method, \
    i.result, i.passed FROM selection_agenda_items i JOIN selection_cases s ON s.id = i.case_id \
    JOIN cadres c ON c.id = i.cadre_id JOIN orgs o ON o.id = s.org_id";

fn item_row(r: &AnyRow) -> Result<ItemRow> {
    let (year, seq) = (int(r, "case_year")?, int(r, "case_seq")?);
    Ok(ItemRow {
        id: text(r, "id")?,
        meeting_id: text(r, "meeting_id")?,
        number: int(r, "number")?,
        case_id: text(r, "case_id")?,
        case_number: format!("纪实〔{year}〕{seq}号"),
        cadre_id: text(r, "cadre_id")?,
        cadre_name: text(r, "cadre_name")?,
        post_title: text(r, "post_title")?,
        org_name: text(r, "org_name")?,
        reconsideration_of: opt_text(r, "reconsideration_of")?,
        status: coded(r, "status", ItemStatus::parse)?,
        method: coded(r, "vote_method", VoteMethod::parse)?,
        result: opt_text(r, "result")?,
        passed: opt_flag(r, "passed")?,
    })
}

/// What an agenda item records.
#[derive(Debug, Clone)]
pub struct NewItem<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub cadre_id: &'a str,
    pub reconsideration_of: Option<&'a str>,
    pub method: VoteMethod,
}

/// Puts an item on the agenda of the locked meeting while it is still planned (SEL-NO-AD-HOC);
/// `false` when it has opened.
pub async fn insert_item(tx: &mut WriteTx, meeting: &Locked<MeetingRow>, item: &NewItem<'_>, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_agenda_items (id, meeting_id, number, case_id, cadre_id, reconsideration_of, status, \
         registered_seq, vote_method) \
         SELECT $1, $2, (SELECT COUNT(*) + 1 FROM selection_agenda_items WHERE meeting_id = $2), $3, $4, $5, $6, $7, $9 \
         WHERE EXISTS (SELECT 1 FROM selection_meetings WHERE id = $2 AND status = $8)",
    )
    .bind(item.id)
    .bind(&meeting.id)
    .bind(item.case_id)
    .bind(item.cadre_id)
    .bind(item.reconsideration_of)
    .bind(ItemStatus::Pending.code())
    .bind(seq)
    .bind(MeetingStatus::Planned.code())
    .bind(item.method.code())
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

/// Opens the locked meeting (planned → open) with the members present; `false` if it was no
/// longer planned.
pub async fn open(tx: &mut WriteTx, meeting: &Locked<MeetingRow>, present: &[String], seq: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE selection_meetings SET status = $1, updated_seq = $2 WHERE id = $3 AND status = $4")
        .bind(MeetingStatus::Open.code())
        .bind(seq)
        .bind(&meeting.id)
        .bind(MeetingStatus::Planned.code())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for member in present {
        sqlx::query("UPDATE selection_meeting_members SET present = 1 WHERE meeting_id = $1 AND member_id = $2")
            .bind(&meeting.id)
            .bind(member)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

/// A recusal from an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecusalRow {
    pub item_id: String,
    pub member_id: String,
    pub reason: String,
}

/// Takes a member's one position on an item (a vote or a recusal): `false` if they already
/// took one — the table's key says it, whatever raced.
async fn take_position(tx: &mut WriteTx, item_id: &str, member_id: &str, kind: &str) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_item_positions (item_id, member_id, kind) VALUES ($1, $2, $3) \
         ON CONFLICT (item_id, member_id) DO NOTHING",
    )
    .bind(item_id)
    .bind(member_id)
    .bind(kind)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Where a vote or recusal could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionRefused {
    /// The member already voted on or recused from the item.
    AlreadyTaken,
    /// The item is not a pending item of the meeting.
    NotPending,
}

/// Stores a recusal from a pending item of the locked meeting.
pub async fn insert_recusal(
    tx: &mut WriteTx,
    meeting: &Locked<MeetingRow>,
    r: &RecusalRow,
    seq: i64,
) -> Result<std::result::Result<(), PositionRefused>> {
    if !item_pending(tx, &meeting.id, &r.item_id).await? {
        return Ok(Err(PositionRefused::NotPending));
    }
    if !take_position(tx, &r.item_id, &r.member_id, "recusal").await? {
        return Ok(Err(PositionRefused::AlreadyTaken));
    }
    sqlx::query("INSERT INTO selection_recusals (item_id, member_id, reason, recorded_seq) VALUES ($1, $2, $3, $4)")
        .bind(&r.item_id)
        .bind(&r.member_id)
        .bind(&r.reason)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(()))
}

/// The recusals from the items of a meeting (a recusal stored beside a vote before positions
/// were kept — the race of migration 0010 — is not one: the member's position is their vote).
pub async fn recusals(conn: &mut Conn, meeting_id: &str) -> Result<Vec<RecusalRow>> {
    let rows = sqlx::query(
        "SELECT r.item_id, r.member_id, r.reason FROM selection_recusals r \
         JOIN selection_agenda_items i ON i.id = r.item_id \
         JOIN selection_item_positions p ON p.item_id = r.item_id AND p.member_id = r.member_id AND p.kind = 'recusal' \
         WHERE i.meeting_id = $1 ORDER BY r.recorded_seq",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecusalRow {
                item_id: text(r, "item_id")?,
                member_id: text(r, "member_id")?,
                reason: text(r, "reason")?,
            })
        })
        .collect()
}

/// A member's vote on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRow {
    pub item_id: String,
    pub member_id: String,
    pub vote: Vote,
}

async fn item_pending(tx: &mut WriteTx, meeting_id: &str, item_id: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT 1 AS pending FROM selection_agenda_items WHERE id = $1 AND meeting_id = $2 AND status = $3",
    )
    .bind(item_id)
    .bind(meeting_id)
    .bind(ItemStatus::Pending.code())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Stores a vote on a pending item of the locked meeting.
pub async fn insert_vote(
    tx: &mut WriteTx,
    meeting: &Locked<MeetingRow>,
    v: &VoteRow,
    seq: i64,
) -> Result<std::result::Result<(), PositionRefused>> {
    if !item_pending(tx, &meeting.id, &v.item_id).await? {
        return Ok(Err(PositionRefused::NotPending));
    }
    if !take_position(tx, &v.item_id, &v.member_id, "vote").await? {
        return Ok(Err(PositionRefused::AlreadyTaken));
    }
    sqlx::query("INSERT INTO selection_votes (item_id, member_id, vote, recorded_seq) VALUES ($1, $2, $3, $4)")
        .bind(&v.item_id)
        .bind(&v.member_id)
        .bind(v.vote.code())
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(()))
}

/// Stores a secret ballot on a pending item of the locked meeting: the member's position says
/// that they voted, and the ballot — under `ballot_id`, a random ID — says how, with nothing
/// that links the two (SEL-VOTE-METHOD).
pub async fn insert_ballot(
    tx: &mut WriteTx,
    meeting: &Locked<MeetingRow>,
    item_id: &str,
    member_id: &str,
    ballot_id: &str,
    vote: Vote,
) -> Result<std::result::Result<(), PositionRefused>> {
    if !item_pending(tx, &meeting.id, item_id).await? {
        return Ok(Err(PositionRefused::NotPending));
    }
    if !take_position(tx, item_id, member_id, "vote").await? {
        return Ok(Err(PositionRefused::AlreadyTaken));
    }
    sqlx::query("INSERT INTO selection_secret_ballots (item_id, id, vote) VALUES ($1, $2, $3)")
        .bind(item_id)
        .bind(ballot_id)
        .bind(vote.code())
        .execute(&mut **tx)
        .await?;
    Ok(Ok(()))
}

/// The secret ballots of a meeting's items as (item, vote), in an order that says nothing about
/// voting order.
pub async fn secret_ballots(conn: &mut Conn, meeting_id: &str) -> Result<Vec<(String, Vote)>> {
    let rows = sqlx::query(
        "SELECT b.item_id, b.vote FROM selection_secret_ballots b JOIN selection_agenda_items i ON i.id = b.item_id \
         WHERE i.meeting_id = $1 ORDER BY b.item_id, b.vote, b.id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "item_id")?, coded(r, "vote", Vote::parse)?))).collect()
}

/// Who has voted on each item of a meeting (their positions), openly or by secret ballot, as
/// (item, member).
pub async fn voters(conn: &mut Conn, meeting_id: &str) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT p.item_id, p.member_id FROM selection_item_positions p \
         JOIN selection_agenda_items i ON i.id = p.item_id WHERE i.meeting_id = $1 AND p.kind = 'vote' \
         ORDER BY p.item_id, p.member_id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "item_id")?, text(r, "member_id")?))).collect()
}

pub async fn votes(conn: &mut Conn, meeting_id: &str) -> Result<Vec<VoteRow>> {
    let rows = sqlx::query(
        "SELECT v.item_id, v.member_id, v.vote FROM selection_votes v JOIN selection_agenda_items i ON i.id = v.item_id \
         WHERE i.meeting_id = $1 ORDER BY v.recorded_seq",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VoteRow {
                item_id: text(r, "item_id")?,
                member_id: text(r, "member_id")?,
                vote: coded(r, "vote", Vote::parse)?,
            })
        })
        .collect()
}

/// Records the decision of an item of the locked meeting (pending → decided); `false` if it
/// was already decided.
pub async fn decide(
    tx: &mut WriteTx,
    meeting: &Locked<MeetingRow>,
    item_id: &str,
    result: &str,
    passed: bool,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_agenda_items SET status = $1, result = $2, passed = $3, decided_seq = $4 \
         WHERE id = $5 AND meeting_id = $6 AND status = $7",
    )
    .bind(ItemStatus::Decided.code())
    .bind(result)
    .bind(i64::from(passed))
    .bind(seq)
    .bind(item_id)
    .bind(&meeting.id)
    .bind(ItemStatus::Pending.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Consent to reconsider a decided item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconsiderationRow {
    pub item_id: String,
    /// Member IDs (JSON list).
    pub consenting: String,
    pub agreed_on: String,
    pub used_by: Option<String>,
}

/// Records consent to reconsider an item of the locked meeting; `false` if consent was already
/// recorded (the key).
pub async fn insert_reconsideration(
    tx: &mut WriteTx,
    _meeting: &Locked<MeetingRow>,
    r: &ReconsiderationRow,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO selection_reconsiderations (item_id, consenting, agreed_on, recorded_seq) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (item_id) DO NOTHING",
    )
    .bind(&r.item_id)
    .bind(&r.consenting)
    .bind(&r.agreed_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
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
            item_id: text(&r, "item_id")?,
            consenting: text(&r, "consenting")?,
            agreed_on: text(&r, "agreed_on")?,
            used_by: opt_text(&r, "used_by")?,
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

/// A decided item of the subtree whose reconsideration is agreed and not yet on an agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreedReconsideration {
    pub item_id: String,
    pub case_number: String,
    pub cadre_name: String,
    pub post_title: String,
    pub agreed_on: String,
}

/// The subtree's agreed reconsiderations still to be put on an agenda (the agenda form's
/// choice), newest first.
pub async fn agreed_reconsiderations(conn: &mut Conn, root: &OrgPath) -> Result<Vec<AgreedReconsideration>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT r.item_id, s.year, s.seq, c.name, s.post_title, r.agreed_on FROM selection_reconsiderations r \
         JOIN selection_agenda_items i ON i.id = r.item_id JOIN selection_cases s ON s.id = i.case_id \
         JOIN cadres c ON c.id = i.cadre_id \
         WHERE r.used_by IS NULL AND s.org_path >= $1 AND s.org_path < $2 ORDER BY r.agreed_on DESC, r.item_id LIMIT 100",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AgreedReconsideration {
                item_id: text(r, "item_id")?,
                case_number: format!("纪实〔{}〕{}号", int(r, "year")?, int(r, "seq")?),
                cadre_name: text(r, "name")?,
                post_title: text(r, "post_title")?,
                agreed_on: text(r, "agreed_on")?,
            })
        })
        .collect()
}
