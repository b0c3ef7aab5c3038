//! The ledger (记实): an append-only chain where each entry's hash covers the previous entry's
//! hash and every field of the entry, including a digest of the change's detail.
//! [`verify_chain`] recomputes it and names the first entry that was altered, removed or inserted.
//!
//! Over the same entries runs a Merkle tree ([`merkle`], RFC 9162), whose signed heads
//! ([`checkpoint`], C2SP tlog-checkpoint over [`note`], C2SP signed-note) let a reader check that the
//! ledger it is shown is the one signed earlier, and prove one entry's presence or the ledger's
//! growth from one checkpoint to the next without handing over every entry.

pub mod checkpoint;
pub mod merkle;
pub mod note;

use serde::Serialize;
use sha2::{Digest, Sha256};

use checkpoint::Checkpoint;
use merkle::{CompactRange, Hash};

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored entry, as read back for verification or display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub seq: i64,
    /// RFC 3339 UTC time.
    pub at: String,
    /// The acting account's ID, or `system` / `public`.
    pub actor: String,
    /// What was done, `mechanism.verb` (e.g. `registry.cadre.create`, `registry.dossier.view`).
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    /// The change itself as JSON (masked where sensitive).
    pub detail: String,
    /// Rule IDs that decided the action, comma-separated.
    pub rules: String,
    pub policy_version: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Digest of an entry's detail text.
pub fn detail_digest(detail: &str) -> String {
    hex::encode(Sha256::digest(detail.as_bytes()))
}

/// The hash of an entry given the previous hash: length-prefixed fields, so no two entries collide by shifting text.
pub fn entry_hash(prev_hash: &str, e: &Entry) -> String {
    let mut hasher = Sha256::new();
    let digest = detail_digest(&e.detail);
    let seq = e.seq.to_string();
    for field in [
        prev_hash,
        &seq,
        &e.at,
        &e.actor,
        &e.action,
        &e.subject_kind,
        &e.subject_id,
        &digest,
        &e.rules,
        &e.policy_version,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Why a chain failed verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Break {
    /// The entry's stored hash does not match its content: it was altered.
    Altered { seq: i64 },
    /// The entry does not follow the one before it: an entry before it was removed, or it was inserted.
    Unlinked { seq: i64, expected_seq: i64 },
    /// The head record says the chain ends elsewhere: entries were removed from or added at the end.
    HeadMismatch { head_seq: i64, last_seq: i64 },
    /// The entries checked are not those a signed checkpoint covers: the chain was rewritten and
    /// re-hashed (`checked == size`), or entries were removed from its end (`checked < size`).
    CheckpointMismatch { size: u64, checked: u64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Altered { seq } => write!(f, "entry {seq} was altered: its hash does not match its content"),
            Break::Unlinked { seq, expected_seq } => write!(
                f,
                "entry {seq} does not follow entry {}: an entry was removed or inserted before it (expected entry {expected_seq})",
                expected_seq - 1
            ),
            Break::HeadMismatch { head_seq, last_seq } => {
                write!(
                    f,
                    "the chain ends at entry {last_seq} but its head records entry {head_seq}: entries were removed or added at the end"
                )
            }
            Break::CheckpointMismatch { size, checked } if checked < size => write!(
                f,
                "a signed checkpoint covers {size} entries but the chain has only {checked}: entries were removed from its end"
            ),
            Break::CheckpointMismatch { size, checked } if checked == size => write!(
                f,
                "the first {size} entries are not those the signed checkpoint covers: they were rewritten and the chain re-hashed"
            ),
            Break::CheckpointMismatch { size, checked } => write!(
                f,
                "a signed checkpoint covering {size} entries was compared after {checked} entries: compare it when {size} are checked"
            ),
        }
    }
}

/// Incremental verifier: feed entries in sequence order, then the head.
///
/// Besides the hash chain it grows the Merkle tree over the entries in `O(log n)` memory, so a ledger
/// of any length can be checked against signed checkpoints in one pass: when `checked` reaches a
/// checkpoint's size, [`Verifier::confirm`] it (or compare [`Verifier::merkle_root`] yourself).
#[derive(Debug)]
pub struct Verifier {
    prev_hash: String,
    next_seq: i64,
    pub checked: u64,
    tree: CompactRange,
}

impl Default for Verifier {
    fn default() -> Self {
        Self { prev_hash: GENESIS_HASH.to_owned(), next_seq: 1, checked: 0, tree: CompactRange::new() }
    }
}

impl Verifier {
    /// Checks the next entry: it follows the previous one and its hash matches its content.
    pub fn check(&mut self, e: &Entry) -> Result<(), Break> {
        if e.seq != self.next_seq || e.prev_hash != self.prev_hash {
            return Err(Break::Unlinked { seq: e.seq, expected_seq: self.next_seq });
        }
        if entry_hash(&self.prev_hash, e) != e.hash {
            return Err(Break::Altered { seq: e.seq });
        }
        let leaf = merkle::leaf_hash(&e.hash).map_err(|_| Break::Altered { seq: e.seq })?;
        self.tree.push(leaf);
        self.prev_hash = e.hash.clone();
        self.next_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// Compares the end of the chain with the head record (last seq and hash).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), Break> {
        let last_seq = self.next_seq - 1;
        if head_seq != last_seq || head_hash != self.prev_hash {
            return Err(Break::HeadMismatch { head_seq, last_seq });
        }
        Ok(())
    }

    /// The Merkle root over the entries checked so far (the empty tree's root before any).
    pub fn merkle_root(&self) -> Hash {
        self.tree.root()
    }

    /// The Merkle tree over the entries checked so far, e.g. to keep its peaks and resume later.
    pub fn merkle_tree(&self) -> &CompactRange {
        &self.tree
    }

    /// Compares the entries checked so far with a checkpoint (already opened with its key): call it
    /// when `checked` equals the checkpoint's size, and for checkpoints larger than the chain after
    /// the last entry, where it reports the missing entries.
    pub fn confirm(&self, checkpoint: &Checkpoint) -> Result<(), Break> {
        if self.checked != checkpoint.size || self.merkle_root() != checkpoint.root {
            return Err(Break::CheckpointMismatch { size: checkpoint.size, checked: self.checked });
        }
        Ok(())
    }
}

/// Verifies a whole chain held in memory.
pub fn verify_chain(entries: &[Entry], head_seq: i64, head_hash: &str) -> Result<u64, Break> {
    let mut verifier = Verifier::default();
    for e in entries {
        verifier.check(e)?;
    }
    verifier.finish(head_seq, head_hash)?;
    Ok(verifier.checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        chain_with(n, |seq| format!("{{\"name\":\"张{seq}\"}}"))
    }

    fn chain_with(n: i64, detail: impl Fn(i64) -> String) -> Vec<Entry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    at: format!("2026-11-26T09:00:{seq:02}Z"),
                    actor: "u1".into(),
                    action: "registry.cadre.create".into(),
                    subject_kind: "cadre".into(),
                    subject_id: format!("c{seq}"),
                    detail: detail(seq),
                    rules: String::new(),
                    policy_version: "p1".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&prev, &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify_chain(&c, 5, &c[4].hash), Ok(5));
    }

    #[test]
    fn an_altered_detail_is_named() {
        let mut c = chain(5);
        c[2].detail = "{\"name\":\"李四\"}".into();
        assert_eq!(verify_chain(&c, 5, &c[4].hash.clone()), Err(Break::Altered { seq: 3 }));
    }

    #[test]
    fn a_removed_entry_breaks_the_link_of_the_next() {
        let mut c = chain(5);
        let head = c[4].hash.clone();
        c.remove(1);
        assert_eq!(verify_chain(&c, 5, &head), Err(Break::Unlinked { seq: 3, expected_seq: 2 }));
    }

    #[test]
    fn a_removed_last_entry_is_caught_by_the_head() {
        let mut c = chain(5);
        let head = c[4].hash.clone();
        c.pop();
        assert_eq!(verify_chain(&c, 5, &head), Err(Break::HeadMismatch { head_seq: 5, last_seq: 4 }));
    }

    #[test]
    fn an_inserted_entry_is_caught_even_with_a_recomputed_hash() {
        let c = chain(3);
        let mut forged = c[2].clone();
        forged.seq = 4;
        forged.prev_hash = c[2].hash.clone();
        forged.hash = entry_hash(&forged.prev_hash, &forged);
        let mut tampered = c.clone();
        tampered.push(forged);
        assert_eq!(verify_chain(&tampered, 3, &c[2].hash), Err(Break::HeadMismatch { head_seq: 3, last_seq: 4 }));
    }

    fn checkpoint_of(entries: &[Entry]) -> Checkpoint {
        let leaves: Vec<Hash> = entries.iter().map(|e| merkle::leaf_hash(&e.hash).unwrap()).collect();
        Checkpoint { origin: "jianquan.example/ledger".into(), size: entries.len() as u64, root: merkle::root(&leaves) }
    }

    #[test]
    fn the_verifier_grows_the_merkle_root_over_the_entries_checked() {
        let c = chain(9);
        let mut verifier = Verifier::default();
        assert_eq!(verifier.merkle_root(), merkle::empty_root());
        for n in 1..=9 {
            verifier.check(&c[n - 1]).unwrap();
            assert_eq!(verifier.confirm(&checkpoint_of(&c[..n])), Ok(()));
        }
        assert_eq!(verifier.merkle_tree().size(), 9);
        assert_eq!(verifier.finish(9, &c[8].hash), Ok(()));
    }

    #[test]
    fn a_rewritten_and_rehashed_chain_passes_its_own_check_but_not_the_signed_checkpoint() {
        let signed = checkpoint_of(&chain(5));
        let rewritten =
            chain_with(
                5,
                |seq| if seq == 3 { "{\"name\":\"李四\"}".into() } else { format!("{{\"name\":\"张{seq}\"}}") },
            );
        assert_eq!(verify_chain(&rewritten, 5, &rewritten[4].hash), Ok(5));
        let mut verifier = Verifier::default();
        rewritten.iter().for_each(|e| verifier.check(e).unwrap());
        assert_eq!(verifier.confirm(&signed), Err(Break::CheckpointMismatch { size: 5, checked: 5 }));
    }

    #[test]
    fn a_chain_cut_short_under_a_forged_head_is_caught_by_a_later_checkpoint() {
        let c = chain(6);
        let (early, late) = (checkpoint_of(&c[..3]), checkpoint_of(&c));
        let mut verifier = Verifier::default();
        for e in &c[..4] {
            verifier.check(e).unwrap();
            if verifier.checked == early.size {
                assert_eq!(verifier.confirm(&early), Ok(()));
            }
        }
        assert_eq!(verifier.finish(4, &c[3].hash), Ok(()));
        let refused = verifier.confirm(&late);
        assert_eq!(refused, Err(Break::CheckpointMismatch { size: 6, checked: 4 }));
        assert!(refused.unwrap_err().to_string().contains("removed from its end"));
    }
}
