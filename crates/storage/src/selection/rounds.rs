//! Democratic-recommendation rounds: the sealed electorate and candidates, voter codes spent by
//! one conditional update, anonymous ballots, the tellers' paper counts and the result.

use jianquan_domain::selection::recommendation::RoundKind;
use jianquan_domain::selection::status::{RoundStatus, Voting};
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::query::{Sql, Value};
use crate::row::{coded, flag, int, opt_flag, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRow {
    pub id: String,
    pub case_id: String,
    pub number: i64,
    pub kind: RoundKind,
    pub voting: Voting,
    pub targeted: bool,
    pub max_choices: i64,
    pub status: RoundStatus,
    pub held_on: Option<String>,
    pub present_count: i64,
    /// The closing tally (JSON), once closed.
    pub tally: Option<String>,
    /// SHA-256 over the sorted ballots at closing, so a later change to them shows.
    pub ballots_digest: Option<String>,
}

const COLUMNS: &str = "id, case_id, number, kind, voting, targeted, max_choices, status, held_on, present_count, tally, \
    ballots_digest FROM selection_rounds";

fn from_row(row: &AnyRow) -> Result<RoundRow> {
    Ok(RoundRow {
        id: text(row, "id")?,
        case_id: text(row, "case_id")?,
        number: int(row, "number")?,
        kind: coded(row, "kind", RoundKind::parse)?,
        voting: coded(row, "voting", Voting::parse)?,
        targeted: flag(row, "targeted")?,
        max_choices: int(row, "max_choices")?,
        status: coded(row, "status", RoundStatus::parse)?,
        held_on: opt_text(row, "held_on")?,
        present_count: int(row, "present_count")?,
        tally: opt_text(row, "tally")?,
        ballots_digest: opt_text(row, "ballots_digest")?,
    })
}

/// An elector of a round and whether they attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectorRow {
    pub name: String,
    pub present: bool,
}

/// A candidate of a round with the result once closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundCandidateRow {
    pub cadre_id: String,
    pub name: String,
    pub current_post: String,
    pub votes: Option<i64>,
    pub reaches: Option<bool>,
}

/// What a new round holds.
#[derive(Debug, Clone)]
pub struct NewRound<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub kind: RoundKind,
    pub voting: Voting,
    pub targeted: bool,
    pub max_choices: i64,
}

pub async fn insert(tx: &mut WriteTx, r: &NewRound<'_>, seq: i64) -> Result<i64> {
    let held = sqlx::query("SELECT COUNT(*) AS held FROM selection_rounds WHERE case_id = $1")
        .bind(r.case_id)
        .fetch_one(&mut **tx)
        .await?;
    let number = int(&held, "held")? + 1;
    sqlx::query(
        "INSERT INTO selection_rounds (id, case_id, number, kind, voting, targeted, max_choices, status, present_count, \
         created_seq, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)",
    )
    .bind(r.id)
    .bind(r.case_id)
    .bind(number)
    .bind(r.kind.code())
    .bind(r.voting.code())
    .bind(i64::from(r.targeted))
    .bind(r.max_choices)
    .bind(RoundStatus::Preparing.code())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<RoundRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} WHERE id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// The round, locked for a step until the transaction ends.
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<RoundRow>>> {
    if !lock::row(tx, Table::Rounds, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(Locked::new))
}

/// The round, locked shared for casting a ballot: ballots are cast side by side, but not while
/// the round is being closed (closing takes the lock exclusively, so no ballot lands after its
/// tally).
pub async fn lock_for_ballot(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<RoundRow>>> {
    if !lock::row_shared(tx, Table::Rounds, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(Locked::new))
}

pub async fn of_case(conn: &mut Conn, case_id: &str) -> Result<Vec<RoundRow>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} WHERE case_id = $1 ORDER BY number"))
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Replaces the electorate and the candidates of a round still being prepared; `false` once
/// it has opened (the electorate is sealed).
pub async fn replace_lists(
    tx: &mut WriteTx,
    round: &Locked<RoundRow>,
    electors: &[String],
    candidates: &[String],
    seq: i64,
) -> Result<bool> {
    let round_id = round.id.as_str();
    let sealed = sqlx::query("UPDATE selection_rounds SET updated_seq = $1 WHERE id = $2 AND status = $3")
        .bind(seq)
        .bind(round_id)
        .bind(RoundStatus::Preparing.code())
        .execute(&mut **tx)
        .await?;
    if sealed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM selection_round_electors WHERE round_id = $1").bind(round_id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM selection_round_candidates WHERE round_id = $1").bind(round_id).execute(&mut **tx).await?;
    for chunk in electors.chunks(500) {
        let mut sql = Sql::new("INSERT INTO selection_round_electors (round_id, name, present) VALUES ");
        for (i, name) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" }).bind_text(round_id).push(", ");
            sql.bind_text(name.as_str()).push(", 0)");
        }
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    for cadre_id in candidates {
        sqlx::query("INSERT INTO selection_round_candidates (round_id, cadre_id) VALUES ($1, $2)")
            .bind(round_id)
            .bind(cadre_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

pub async fn electors(conn: &mut Conn, round_id: &str) -> Result<Vec<ElectorRow>> {
    let rows = sqlx::query("SELECT name, present FROM selection_round_electors WHERE round_id = $1 ORDER BY name")
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok(ElectorRow { name: text(r, "name")?, present: flag(r, "present")? })).collect()
}

pub async fn candidates(conn: &mut Conn, round_id: &str) -> Result<Vec<RoundCandidateRow>> {
    let rows = sqlx::query(
        "SELECT rc.cadre_id, c.name, c.current_post, rc.votes, rc.reaches FROM selection_round_candidates rc \
         JOIN cadres c ON c.id = rc.cadre_id WHERE rc.round_id = $1 ORDER BY c.name, c.id",
    )
    .bind(round_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RoundCandidateRow {
                cadre_id: text(r, "cadre_id")?,
                name: text(r, "name")?,
                current_post: text(r, "current_post")?,
                votes: opt_int(r, "votes")?,
                reaches: opt_flag(r, "reaches")?,
            })
        })
        .collect()
}

/// Opens a prepared round: marks who attended and stores the digests of the voter codes.
/// `false` if it was no longer being prepared.
pub async fn open(
    tx: &mut WriteTx,
    round: &Locked<RoundRow>,
    held_on: &str,
    present: &[String],
    code_hashes: &[String],
    seq: i64,
) -> Result<bool> {
    let round_id = round.id.as_str();
    let opened = sqlx::query(
        "UPDATE selection_rounds SET status = $1, held_on = $2, present_count = $3, updated_seq = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(RoundStatus::Open.code())
    .bind(held_on)
    .bind(i64::try_from(present.len()).unwrap_or(i64::MAX))
    .bind(seq)
    .bind(round_id)
    .bind(RoundStatus::Preparing.code())
    .execute(&mut **tx)
    .await?;
    if opened.rows_affected() == 0 {
        return Ok(false);
    }
    // 500 names or codes a statement: a meeting of thousands opens in a few statements.
    for chunk in present.chunks(500) {
        let mut sql = Sql::new("UPDATE selection_round_electors SET present = 1 WHERE round_id = ");
        sql.bind_text(round_id).push(" AND name IN ").bind_list(chunk.iter().map(|n| Value::Text(n.clone())));
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    for chunk in code_hashes.chunks(500) {
        let mut sql = Sql::new("INSERT INTO selection_voter_codes (code_hash, round_id, spent) VALUES ");
        for (i, hash) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" }).bind_text(hash.as_str()).push(", ");
            sql.bind_text(round_id).push(", 0)");
        }
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    Ok(true)
}

/// The round a voter code belongs to, if any (a spent code still names its round).
pub async fn round_of_code(conn: &mut Conn, code_hash: &str) -> Result<Option<(String, bool)>> {
    let row = sqlx::query("SELECT round_id, spent FROM selection_voter_codes WHERE code_hash = $1")
        .bind(code_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((text(&r, "round_id")?, flag(&r, "spent")?))).transpose()
}

/// Spends a code and stores its ballot apart from it. The code is spent by one conditional
/// update on an open round: `false` (and nothing stored) if it was already spent, unknown, or
/// the round is not open — whatever the number of concurrent requests.
pub async fn cast(
    tx: &mut WriteTx,
    round: &Locked<RoundRow>,
    code_hash: &str,
    ballot_id: &str,
    marks: &str,
) -> Result<bool> {
    let round_id = round.id.as_str();
    let spent = sqlx::query(
        "UPDATE selection_voter_codes SET spent = 1 WHERE code_hash = $1 AND round_id = $2 AND spent = 0 \
         AND EXISTS (SELECT 1 FROM selection_rounds r WHERE r.id = $2 AND r.status = $3)",
    )
    .bind(code_hash)
    .bind(round_id)
    .bind(RoundStatus::Open.code())
    .execute(&mut **tx)
    .await?;
    if spent.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO selection_ballots (round_id, id, marks) VALUES ($1, $2, $3)")
        .bind(round_id)
        .bind(ballot_id)
        .bind(marks)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// The stored ballots' marks (JSON lists), in an order that says nothing about voting order.
pub async fn ballots(conn: &mut Conn, round_id: &str) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT marks FROM selection_ballots WHERE round_id = $1 ORDER BY marks, id")
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| text(r, "marks")).collect()
}

/// Codes of a round: (issued, spent).
pub async fn code_counts(conn: &mut Conn, round_id: &str) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS issued, COUNT(CASE WHEN spent = 1 THEN 1 END) AS spent FROM selection_voter_codes \
         WHERE round_id = $1",
    )
    .bind(round_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((int(&row, "issued")?, int(&row, "spent")?))
}

/// A teller's count as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TellerCountRow {
    pub teller_id: String,
    pub teller_name: String,
    /// The count (JSON tally).
    pub counts: String,
}

pub async fn teller_counts(conn: &mut Conn, round_id: &str) -> Result<Vec<TellerCountRow>> {
    let rows = sqlx::query(
        "SELECT t.teller_id, u.display_name, t.counts FROM selection_teller_counts t JOIN users u ON u.id = t.teller_id \
         WHERE t.round_id = $1 ORDER BY t.entered_seq",
    )
    .bind(round_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TellerCountRow {
                teller_id: text(r, "teller_id")?,
                teller_name: text(r, "display_name")?,
                counts: text(r, "counts")?,
            })
        })
        .collect()
}

/// Stores one teller's count; a teller enters one count per round (the key).
pub async fn insert_teller_count(
    tx: &mut WriteTx,
    round: &Locked<RoundRow>,
    teller_id: &str,
    counts: &str,
    seq: i64,
) -> Result<()> {
    let round_id = round.id.as_str();
    sqlx::query(
        "INSERT INTO selection_teller_counts (round_id, teller_id, counts, entered_seq) VALUES ($1, $2, $3, $4)",
    )
    .bind(round_id)
    .bind(teller_id)
    .bind(counts)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Discards the tellers' counts (they differed: both count again).
pub async fn clear_teller_counts(tx: &mut WriteTx, round: &Locked<RoundRow>) -> Result<()> {
    sqlx::query("DELETE FROM selection_teller_counts WHERE round_id = $1").bind(&round.id).execute(&mut **tx).await?;
    Ok(())
}

/// Closes an open round with its tally, the ballots' digest and each candidate's result.
pub async fn close(
    tx: &mut WriteTx,
    round: &Locked<RoundRow>,
    tally: &str,
    digest: Option<&str>,
    results: &[(String, i64, bool)],
    seq: i64,
) -> Result<bool> {
    let round_id = round.id.as_str();
    let closed = sqlx::query(
        "UPDATE selection_rounds SET status = $1, tally = $2, ballots_digest = $3, updated_seq = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(RoundStatus::Closed.code())
    .bind(tally)
    .bind(digest)
    .bind(seq)
    .bind(round_id)
    .bind(RoundStatus::Open.code())
    .execute(&mut **tx)
    .await?;
    if closed.rows_affected() == 0 {
        return Ok(false);
    }
    for (cadre_id, votes, reaches) in results {
        sqlx::query(
            "UPDATE selection_round_candidates SET votes = $1, reaches = $2 WHERE round_id = $3 AND cadre_id = $4",
        )
        .bind(*votes)
        .bind(i64::from(*reaches))
        .bind(round_id)
        .bind(cadre_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}
