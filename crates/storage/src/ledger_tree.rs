//! The Merkle tree over the ledger, as stored: the leaves are the entries' own hashes (leaf `i`
//! is entry `seq = i + 1`), and the hashes of complete subtrees at every eighth level are kept in
//! `ledger_nodes` (level 8: each 256 entries; level 16: each 65,536; …). The hash of any range of
//! leaves — a root, or an element of an inclusion or consistency proof — is computed from the
//! fewest stored hashes: a complete subtree of height `h ≥ 8` from at most 128 stored nodes of the
//! level below it that is a multiple of 8, anything else from its two halves (RFC 9162 §2.1).
//!
//! The stored nodes are derived data, extended by [`extend`] (the checkpointer calls it before
//! each signature) and checked by every proof against a signed root.

use std::ops::Range;

use jianquan_domain::ledger::merkle::{self, Hash};
use sqlx::Row;

use crate::{Conn, Db, Result, StorageError};

/// Levels between stored nodes: a stored node covers `2^STRIDE` nodes of the stored level below.
const STRIDE: u32 = 8;

fn hex_hash(text: &str) -> Result<Hash> {
    let mut hash = [0_u8; 32];
    hex::decode_to_slice(text, &mut hash).map_err(|_| StorageError::Malformed(format!("node hash {text:?}")))?;
    Ok(hash)
}

/// The leaf hashes of leaves `range` (entries `range.start + 1 ..= range.end`), in order; an entry
/// missing from the ledger is malformed data.
pub async fn leaves(conn: &mut Conn, range: Range<u64>) -> Result<Vec<Hash>> {
    let (start, end) = (to_i64(range.start)?, to_i64(range.end)?);
    let rows = sqlx::query("SELECT seq, hash FROM ledger WHERE seq > $1 AND seq <= $2 ORDER BY seq")
        .bind(start)
        .bind(end)
        .fetch_all(&mut *conn)
        .await?;
    if rows.len() as u64 != range.end - range.start {
        return Err(StorageError::Malformed(format!(
            "the ledger lacks entries between {} and {}",
            range.start + 1,
            range.end
        )));
    }
    rows.iter()
        .map(|r| {
            let hash: String = r.try_get("hash")?;
            merkle::leaf_hash(&hash).map_err(|e| StorageError::Malformed(e.to_string()))
        })
        .collect()
}

fn to_i64(n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| StorageError::Malformed(format!("tree index {n} out of range")))
}

/// Stored nodes `idx` in `range` of `level`, in order; `None` when any is not stored yet.
async fn stored(conn: &mut Conn, level: u32, range: Range<u64>) -> Result<Option<Vec<Hash>>> {
    let rows =
        sqlx::query("SELECT idx, hash FROM ledger_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")
            .bind(i64::from(level))
            .bind(to_i64(range.start)?)
            .bind(to_i64(range.end)?)
            .fetch_all(&mut *conn)
            .await?;
    if rows.len() as u64 != range.end - range.start {
        return Ok(None);
    }
    rows.iter().map(|r| hex_hash(&r.try_get::<String, _>("hash")?)).collect::<Result<Vec<_>>>().map(Some)
}

/// The hashes of the complete subtrees of height `level` (a multiple of [`STRIDE`]) covering
/// `[start, end)` (aligned to `2^level`), from stored nodes where they are, else from the level
/// below.
fn level_hashes<'a>(
    conn: &'a mut Conn,
    level: u32,
    start: u64,
    end: u64,
) -> futures_util::future::BoxFuture<'a, Result<Vec<Hash>>> {
    Box::pin(async move {
        if level == 0 {
            return leaves(conn, start..end).await;
        }
        let (first, last) = (start >> level, end >> level);
        if let Some(found) = stored(conn, level, first..last).await? {
            return Ok(found);
        }
        let below = level_hashes(conn, level - STRIDE, start, end).await?;
        Ok(below.chunks(1 << STRIDE).map(merkle::root).collect())
    })
}

/// MTH of leaves `range` (RFC 9162 §2.1.1), where `range.start` is aligned to the largest power of
/// two not above its length — as every range of a root or a proof is.
pub fn range_hash(conn: &mut Conn, range: Range<u64>) -> futures_util::future::BoxFuture<'_, Result<Hash>> {
    Box::pin(async move {
        let n = range.end - range.start;
        if n == 0 {
            return Ok(merkle::empty_root());
        }
        if n.is_power_of_two() && range.start.is_multiple_of(n) {
            // A complete subtree of height h: from the stored level at or below h.
            let height = n.trailing_zeros();
            let level = height - height % STRIDE;
            let hashes = level_hashes(conn, level, range.start, range.end).await?;
            return Ok(merkle::root(&hashes));
        }
        let split = 1_u64 << (63 - (n - 1).leading_zeros());
        let left = range_hash(conn, range.start..range.start + split).await?;
        let right = range_hash(conn, range.start + split..range.end).await?;
        Ok(merkle::node_hash(&left, &right))
    })
}

/// The root of the tree of the first `size` entries.
pub async fn root(conn: &mut Conn, size: u64) -> Result<Hash> {
    range_hash(conn, 0..size).await
}

/// The inclusion proof of entry `seq` in the tree of the first `size` entries (RFC 9162 §2.1.3).
pub async fn inclusion(conn: &mut Conn, seq: u64, size: u64) -> Result<Vec<Hash>> {
    let ranges = merkle::inclusion_ranges(seq.saturating_sub(1), size)
        .map_err(|e| StorageError::Malformed(format!("inclusion proof: {e}")))?;
    let mut proof = Vec::with_capacity(ranges.len());
    for range in ranges {
        proof.push(range_hash(conn, range).await?);
    }
    Ok(proof)
}

/// The consistency proof between the trees of the first `old_size` and `new_size` entries
/// (RFC 9162 §2.1.4).
pub async fn consistency(conn: &mut Conn, old_size: u64, new_size: u64) -> Result<Vec<Hash>> {
    let ranges = merkle::consistency_ranges(old_size, new_size)
        .map_err(|e| StorageError::Malformed(format!("consistency proof: {e}")))?;
    let mut proof = Vec::with_capacity(ranges.len());
    for range in ranges {
        proof.push(range_hash(conn, range).await?);
    }
    Ok(proof)
}

/// The number of entries in the ledger (its head).
pub async fn size(conn: &mut Conn) -> Result<u64> {
    let seq: i64 =
        sqlx::query("SELECT seq FROM ledger_head WHERE id = 1").fetch_one(&mut *conn).await?.try_get("seq")?;
    u64::try_from(seq).map_err(|_| StorageError::Malformed(format!("ledger head {seq}")))
}

/// Stores the nodes of every complete subtree of the first `size` entries at levels 8, 16, … that
/// are not stored yet, a level at a time, each from the level below. Returns how many were added.
///
/// The hashing reads thousands of entries; it runs on a read connection, and only the short
/// INSERT of the new nodes takes the writers' turn (a server writing thousands of entries a
/// second would otherwise stall every writer for the whole computation). The entries never
/// change, so nodes computed outside the transaction stay right; if another process stored
/// some of them meanwhile, the level is computed again from where it now ends.
pub async fn extend(db: &Db, size: u64) -> Result<u64> {
    let mut added = 0;
    let mut level = STRIDE;
    while size >> level > 0 {
        let mut conn = db.read().await?;
        let from = stored_count(&mut conn, level).await?;
        let to = size >> level;
        // 256 nodes a batch (65,536 leaves at level 8): a level's new nodes without holding
        // everything at once.
        let mut nodes = Vec::new();
        let mut idx = from;
        while idx < to {
            let upto = (idx + 256).min(to);
            let hashes = level_hashes(&mut conn, level - STRIDE, idx << level, upto << level).await?;
            nodes.extend(hashes.chunks(1 << STRIDE).map(merkle::root));
            idx = upto;
        }
        drop(conn);
        let mut tx = db.write_derived().await?;
        if stored_count(&mut tx, level).await? != from {
            continue;
        }
        for (n, chunk) in nodes.chunks(256).enumerate() {
            let first = from + (n * 256) as u64;
            let mut sql = crate::query::Sql::new("INSERT INTO ledger_nodes (level, idx, hash) VALUES ");
            for (i, node) in chunk.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" }).bind_int(i64::from(level)).push(", ");
                sql.bind_int(to_i64(first + i as u64)?).push(", ").bind_text(hex::encode(node)).push(")");
            }
            sql.query(&tx)?.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        added += to - from;
        level += STRIDE;
    }
    Ok(added)
}

/// How many nodes of a level are stored (they are stored in order, from index 0).
async fn stored_count(conn: &mut Conn, level: u32) -> Result<u64> {
    let have: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ledger_nodes WHERE level = $1")
        .bind(i64::from(level))
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok(u64::try_from(have).unwrap_or(0))
}

/// Stored nodes that disagree with the entries (recomputed from the level below, down to the
/// leaves): a tampered `ledger_nodes` would make proofs fail, and this names where.
pub async fn check_nodes(conn: &mut Conn, size: u64) -> Result<Vec<(u32, u64)>> {
    let mut wrong = Vec::new();
    let mut level = STRIDE;
    while size >> level > 0 {
        let count = size >> level;
        let mut idx = 0;
        while idx < count {
            let upto = (idx + 256).min(count);
            if let Some(found) = stored(conn, level, idx..upto).await? {
                let below = level_hashes(conn, level - STRIDE, idx << level, upto << level).await?;
                for (i, (chunk, kept)) in below.chunks(1 << STRIDE).zip(&found).enumerate() {
                    if merkle::root(chunk) != *kept {
                        wrong.push((level, idx + i as u64));
                    }
                }
            }
            idx = upto;
        }
        level += STRIDE;
    }
    Ok(wrong)
}
