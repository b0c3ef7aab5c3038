//! The ledger writer and reader. Appends take the head row's lock (`UPDATE … RETURNING`) so
//! entries are numbered without gaps on both databases, even with concurrent writers.

use jianquan_domain::ledger::checkpoint::Checkpoint;
use jianquan_domain::ledger::{Break, Entry, Verifier, entry_hash};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::bundle::Dialect;
use crate::query::Sql;
use crate::row::{int, text};
use crate::{Conn, Result, StorageError, WriteTx};

/// What a use-case records about its write.
#[derive(Debug, Clone)]
pub struct LedgerWrite<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub subject_kind: &'a str,
    pub subject_id: &'a str,
    /// The change, masked where sensitive.
    pub detail: serde_json::Value,
    pub rules: &'a [&'a str],
    pub policy_version: &'a str,
}

/// Appends one entry inside the write transaction and returns its sequence number.
pub async fn append(tx: &mut WriteTx, write: LedgerWrite<'_>, at: OffsetDateTime) -> Result<i64> {
    let head = sqlx::query("UPDATE ledger_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq = int(&head, "seq")?;
    let prev_hash = text(&head, "hash")?;
    let mut entry = Entry {
        seq,
        at: at.format(&Rfc3339).map_err(|e| StorageError::Malformed(e.to_string()))?,
        actor: write.actor.to_owned(),
        action: write.action.to_owned(),
        subject_kind: write.subject_kind.to_owned(),
        subject_id: write.subject_id.to_owned(),
        detail: write.detail.to_string(),
        rules: write.rules.join(","),
        policy_version: write.policy_version.to_owned(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry.prev_hash, &entry);
    sqlx::query(
        "INSERT INTO ledger (seq, at, actor, action, subject_kind, subject_id, detail, rules, policy_version, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(entry.seq)
    .bind(&entry.at)
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.subject_kind)
    .bind(&entry.subject_id)
    .bind(&entry.detail)
    .bind(&entry.rules)
    .bind(&entry.policy_version)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE ledger_head SET hash = $1 WHERE id = 1").bind(&entry.hash).execute(&mut **tx).await?;
    tx.recorded += 1;
    Ok(seq)
}

/// An entry to append that owns its text (a read record waiting for its group, [`crate::read_log`]).
#[derive(Debug, Clone)]
pub struct OwnedWrite {
    pub actor: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub detail: serde_json::Value,
    pub rules: Vec<String>,
    pub policy_version: String,
    pub at: OffsetDateTime,
}

/// Appends several entries in their order inside one write transaction and returns them as
/// written: one update of the head for all of them and one INSERT per 200 entries.
pub async fn append_all(tx: &mut WriteTx, writes: &[OwnedWrite]) -> Result<Vec<Entry>> {
    let Ok(count) = i64::try_from(writes.len()) else {
        return Err(StorageError::Malformed("too many entries".into()));
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    let head = sqlx::query("UPDATE ledger_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(count)
        .fetch_one(&mut **tx)
        .await?;
    let first = int(&head, "seq")? - count + 1;
    let mut prev_hash = text(&head, "hash")?;
    let mut entries = Vec::with_capacity(writes.len());
    for (write, seq) in writes.iter().zip(first..) {
        let mut entry = Entry {
            seq,
            at: write.at.format(&Rfc3339).map_err(|e| StorageError::Malformed(e.to_string()))?,
            actor: write.actor.clone(),
            action: write.action.clone(),
            subject_kind: write.subject_kind.clone(),
            subject_id: write.subject_id.clone(),
            detail: write.detail.to_string(),
            rules: write.rules.join(","),
            policy_version: write.policy_version.clone(),
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry.prev_hash, &entry);
        prev_hash = entry.hash.clone();
        entries.push(entry);
    }
    for chunk in entries.chunks(200) {
        let mut sql = Sql::new(
            "INSERT INTO ledger (seq, at, actor, action, subject_kind, subject_id, detail, rules, policy_version, \
             prev_hash, hash) VALUES ",
        );
        for (i, e) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" }).bind_int(e.seq);
            for value in [&e.at, &e.actor, &e.action, &e.subject_kind, &e.subject_id, &e.detail, &e.rules] {
                sql.push(", ").bind_text(value.as_str());
            }
            for value in [&e.policy_version, &e.prev_hash, &e.hash] {
                sql.push(", ").bind_text(value.as_str());
            }
            sql.push(")");
        }
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE ledger_head SET hash = $1 WHERE id = 1").bind(&prev_hash).execute(&mut **tx).await?;
    tx.recorded += u32::try_from(entries.len()).unwrap_or(u32::MAX);
    Ok(entries)
}

pub(crate) const COLUMNS: &str =
    "seq, at, actor, action, subject_kind, subject_id, detail, rules, policy_version, prev_hash, hash";

pub(crate) fn entry_from_row(row: &(impl crate::row::Columns + ?Sized)) -> Result<Entry> {
    Ok(Entry {
        seq: int(row, "seq")?,
        at: text(row, "at")?,
        actor: text(row, "actor")?,
        action: text(row, "action")?,
        subject_kind: text(row, "subject_kind")?,
        subject_id: text(row, "subject_id")?,
        detail: text(row, "detail")?,
        rules: text(row, "rules")?,
        policy_version: text(row, "policy_version")?,
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

/// The outcome of verifying the stored chain.
#[derive(Debug)]
pub struct Verification {
    pub checked: u64,
    pub broken: Option<Break>,
}

/// The entries after `after`, at most `limit`, in order: one statement whose one row is a JSON
/// array of them ([`crate::bundle`]), since one row per entry through the driver's worker
/// thread cost most of a verification's time.
async fn entries_after(conn: &mut Conn, after: i64, limit: i64) -> Result<Vec<Entry>> {
    let columns: Vec<&str> = COLUMNS.split(", ").collect();
    let mut sql = Sql::new("SELECT ");
    Dialect::of(conn).part(&mut sql, "entries", &columns, |s| {
        s.push(&format!("SELECT {COLUMNS} FROM ledger WHERE seq > "))
            .bind_int(after)
            .push(" ORDER BY seq LIMIT ")
            .bind_int(limit);
    });
    let row = sql.query(conn)?.fetch_one(&mut *conn).await?;
    let mut entries: Vec<Entry> = serde_json::from_str(&text(&row, "entries")?)
        .map_err(|e| StorageError::Malformed(format!("ledger entries after {after}: {e}")))?;
    // An aggregate's order is not guaranteed on either engine.
    entries.sort_by_key(|e| e.seq);
    Ok(entries)
}

/// Recomputes the whole chain in batches and compares its end with the head row.
pub async fn verify(conn: &mut Conn) -> Result<Verification> {
    verify_against(conn, &[]).await
}

/// Recomputes the whole chain, and the Merkle tree over it, in one pass: at each signed
/// checkpoint's size the tree's root must be the signed one, and the chain must reach the
/// largest checkpoint — so a wipe, a truncation or a rewrite re-hashed to look whole is caught as
/// long as a checkpoint signed before it is kept elsewhere. `checkpoints` are already opened.
pub async fn verify_against(conn: &mut Conn, checkpoints: &[Checkpoint]) -> Result<Verification> {
    let mut pending: Vec<&Checkpoint> = checkpoints.iter().collect();
    pending.sort_by_key(|c| std::cmp::Reverse(c.size));
    let mut verifier = Verifier::default();
    let mut after = 0_i64;
    let confirm_due = |verifier: &Verifier, pending: &mut Vec<&Checkpoint>| -> Option<Break> {
        while let Some(cp) = pending.last() {
            if cp.size == 0 || cp.size == verifier.checked {
                if let Err(broken) = verifier.confirm(cp) {
                    return Some(broken);
                }
                pending.pop();
            } else {
                break;
            }
        }
        None
    };
    if let Some(broken) = confirm_due(&verifier, &mut pending) {
        return Ok(Verification { checked: verifier.checked, broken: Some(broken) });
    }
    loop {
        let entries = entries_after(conn, after, 2_000).await?;
        if entries.is_empty() {
            break;
        }
        for entry in &entries {
            if let Err(broken) = verifier.check(entry) {
                return Ok(Verification { checked: verifier.checked, broken: Some(broken) });
            }
            if let Some(broken) = confirm_due(&verifier, &mut pending) {
                return Ok(Verification { checked: verifier.checked, broken: Some(broken) });
            }
            after = entry.seq;
        }
    }
    // A checkpoint larger than the chain: entries were removed from its end (or all of them).
    if let Some(cp) = pending.last() {
        return Ok(Verification { checked: verifier.checked, broken: verifier.confirm(cp).err() });
    }
    let head = sqlx::query("SELECT seq, hash FROM ledger_head WHERE id = 1").fetch_one(&mut *conn).await?;
    let broken = verifier.finish(int(&head, "seq")?, &text(&head, "hash")?).err();
    Ok(Verification { checked: verifier.checked, broken })
}

/// The entries about one record, newest first.
pub async fn history(conn: &mut Conn, subject_kind: &str, subject_id: &str, limit: i64) -> Result<Vec<Entry>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE subject_kind = $1 AND subject_id = $2 ORDER BY seq DESC LIMIT $3"
    ))
    .bind(subject_kind)
    .bind(subject_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// A subject's newest entries except those of one action, and how many of that action there are
/// (a selection case's history without its thousands of anonymous ballots, which it counts).
pub async fn history_without(
    conn: &mut Conn,
    subject_kind: &str,
    subject_id: &str,
    action: &str,
    limit: i64,
) -> Result<(Vec<Entry>, i64)> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE subject_kind = $1 AND subject_id = $2 AND action <> $3 \
         ORDER BY seq DESC LIMIT $4"
    ))
    .bind(subject_kind)
    .bind(subject_id)
    .bind(action)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let counted = sqlx::query(
        "SELECT COUNT(*) AS entries FROM ledger WHERE subject_kind = $1 AND subject_id = $2 AND action = $3",
    )
    .bind(subject_kind)
    .bind(subject_id)
    .bind(action)
    .fetch_one(&mut *conn)
    .await?;
    Ok((rows.iter().map(entry_from_row).collect::<Result<_>>()?, int(&counted, "entries")?))
}

/// One entry by its sequence number (for an entry a record refers to, such as the import that created it).
pub async fn by_seq(conn: &mut Conn, seq: i64) -> Result<Option<Entry>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM ledger WHERE seq = $1"))
        .bind(seq)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(entry_from_row).transpose()
}

/// The newest entries, optionally of one action prefix, before a sequence number (keyset paging).
pub async fn recent(conn: &mut Conn, action_prefix: &str, before: Option<i64>, limit: i64) -> Result<Vec<Entry>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE seq < $1 AND action >= $2 AND action < $3 ORDER BY seq DESC LIMIT $4"
    ))
    .bind(before.unwrap_or(i64::MAX))
    .bind(action_prefix)
    .bind(format!("{action_prefix}\u{10FFFF}"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(entry_from_row).collect()
}
