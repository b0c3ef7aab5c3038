//! Proofs as files a cadre or an auditor keeps and checks offline, with nothing but the ledger's
//! public key (`jianquan ledger check-proof`): that one entry — a decision, a ballot, a dossier
//! view — is in the ledger a signed checkpoint covers, and that a later checkpoint extends an
//! earlier one. JSON; each file says what it is in `format`.

use serde::{Deserialize, Serialize};

use super::checkpoint::{self, Checkpoint};
use super::merkle::{self, Hash};
use super::{Entry, entry_hash};

pub const INCLUSION_FORMAT: &str = "jianquan-ledger-inclusion-proof/1";
pub const CONSISTENCY_FORMAT: &str = "jianquan-ledger-consistency-proof/1";

/// Why a proof file does not prove what it says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofFileError {
    #[error("not a proof file of this kind (format {0:?})")]
    Format(String),
    #[error("the checkpoint is not signed by this key, or malformed: {0}")]
    Checkpoint(String),
    #[error("the entry's hash does not match its content: the entry was altered")]
    EntryAltered,
    #[error("a proof hash is not 64 hex characters: {0:?}")]
    BadHash(String),
    #[error("the proof does not hold: {0}")]
    Proof(String),
}

/// That entry `entry.seq` is in the tree the signed `checkpoint` covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProofFile {
    pub format: String,
    /// The signed checkpoint (a C2SP signed note).
    pub checkpoint: String,
    /// The entry itself, every field, so its hash is recomputed.
    pub entry: Entry,
    /// The audit path, leaf to root (hex).
    pub proof: Vec<String>,
}

/// That the tree the signed `new` checkpoint covers extends the one `old` covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProofFile {
    pub format: String,
    pub old: String,
    pub new: String,
    pub proof: Vec<String>,
}

fn hashes(proof: &[String]) -> Result<Vec<Hash>, ProofFileError> {
    proof
        .iter()
        .map(|h| {
            let mut out = [0_u8; 32];
            hex::decode_to_slice(h, &mut out).map_err(|_| ProofFileError::BadHash(h.clone()))?;
            Ok(out)
        })
        .collect()
}

fn open(note: &str, verifier_key: &str) -> Result<Checkpoint, ProofFileError> {
    checkpoint::open(note, verifier_key).map_err(|e| ProofFileError::Checkpoint(e.to_string()))
}

impl InclusionProofFile {
    pub fn new(checkpoint: String, entry: Entry, proof: &[Hash]) -> Self {
        Self { format: INCLUSION_FORMAT.into(), checkpoint, entry, proof: proof.iter().map(hex::encode).collect() }
    }

    /// Checks the file with the ledger's public key: the checkpoint's signature, the entry's own
    /// hash, and its path to the signed root. Returns the checkpoint it is proved against.
    pub fn check(&self, verifier_key: &str) -> Result<Checkpoint, ProofFileError> {
        if self.format != INCLUSION_FORMAT {
            return Err(ProofFileError::Format(self.format.clone()));
        }
        let checkpoint = open(&self.checkpoint, verifier_key)?;
        if entry_hash(&self.entry.prev_hash, &self.entry) != self.entry.hash {
            return Err(ProofFileError::EntryAltered);
        }
        let leaf = merkle::leaf_hash(&self.entry.hash).map_err(|_| ProofFileError::EntryAltered)?;
        let index = u64::try_from(self.entry.seq - 1).map_err(|_| ProofFileError::Proof("no entry 0".into()))?;
        merkle::verify_inclusion(&leaf, index, checkpoint.size, &hashes(&self.proof)?, &checkpoint.root)
            .map_err(|e| ProofFileError::Proof(e.to_string()))?;
        Ok(checkpoint)
    }
}

impl ConsistencyProofFile {
    pub fn new(old: String, new: String, proof: &[Hash]) -> Self {
        Self { format: CONSISTENCY_FORMAT.into(), old, new, proof: proof.iter().map(hex::encode).collect() }
    }

    /// Checks both signatures and that the new tree extends the old one. Returns both checkpoints.
    pub fn check(&self, verifier_key: &str) -> Result<(Checkpoint, Checkpoint), ProofFileError> {
        if self.format != CONSISTENCY_FORMAT {
            return Err(ProofFileError::Format(self.format.clone()));
        }
        let (old, new) = (open(&self.old, verifier_key)?, open(&self.new, verifier_key)?);
        merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &hashes(&self.proof)?)
            .map_err(|e| ProofFileError::Proof(e.to_string()))?;
        Ok((old, new))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly at the first broken step")]

    use super::*;
    use crate::ledger::GENESIS_HASH;

    const KEY: [u8; 32] = [7; 32];

    fn chain(n: i64) -> Vec<Entry> {
        chain_where(n, None)
    }

    /// A chain of `n` entries, entry `rewrite` with other content, re-hashed from there on.
    fn chain_where(n: i64, rewrite: Option<i64>) -> Vec<Entry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    at: "2026-11-26T09:00:00Z".into(),
                    actor: "u1".into(),
                    action: "selection.meeting.vote".into(),
                    subject_kind: "selection_case".into(),
                    subject_id: "k".into(),
                    detail: if rewrite == Some(seq) { "{\"n\":0}".into() } else { format!("{{\"n\":{seq}}}") },
                    rules: String::new(),
                    policy_version: "p".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&prev, &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn signed(entries: &[Entry]) -> (String, Vec<Hash>) {
        let leaves: Vec<Hash> = entries.iter().map(|e| merkle::leaf_hash(&e.hash).unwrap()).collect();
        let cp = Checkpoint { origin: "jianquan-test".into(), size: leaves.len() as u64, root: merkle::root(&leaves) };
        (checkpoint::sign(&cp, "jianquan-test", &KEY).unwrap(), leaves)
    }

    fn range_root(leaves: &[Hash], r: std::ops::Range<u64>) -> Result<Hash, merkle::ProofError> {
        Ok(merkle::root(&leaves[r.start as usize..r.end as usize]))
    }

    #[test]
    fn an_inclusion_proof_file_checks_offline_and_a_changed_entry_or_key_fails() {
        let entries = chain(11);
        let (note, leaves) = signed(&entries);
        let key = checkpoint::verifier_key("jianquan-test", &KEY).unwrap();
        let proof = merkle::inclusion_proof(4, 11, |r| range_root(&leaves, r)).unwrap();
        let file = InclusionProofFile::new(note.clone(), entries[4].clone(), &proof);
        let text = serde_json::to_string(&file).unwrap();
        let read: InclusionProofFile = serde_json::from_str(&text).unwrap();
        assert_eq!(read.check(&key).unwrap().size, 11);
        let mut altered = read.clone();
        altered.entry.detail = "{\"n\":99}".into();
        assert_eq!(altered.check(&key), Err(ProofFileError::EntryAltered));
        let mut moved = read.clone();
        moved.entry = entries[5].clone();
        assert!(matches!(moved.check(&key), Err(ProofFileError::Proof(_))));
        let other = checkpoint::verifier_key("jianquan-test", &[8; 32]).unwrap();
        assert!(matches!(read.check(&other), Err(ProofFileError::Checkpoint(_))));
    }

    #[test]
    fn a_consistency_proof_file_shows_a_later_checkpoint_extends_an_earlier_one() {
        let entries = chain(13);
        let (old, _) = signed(&entries[..6]);
        let (new, leaves) = signed(&entries);
        let key = checkpoint::verifier_key("jianquan-test", &KEY).unwrap();
        let proof = merkle::consistency_proof(6, 13, |r| range_root(&leaves, r)).unwrap();
        let file = ConsistencyProofFile::new(old.clone(), new.clone(), &proof);
        assert!(file.check(&key).is_ok());
        // A rewritten history signed anew does not extend the old checkpoint.
        let (forged, forged_leaves) = signed(&chain_where(13, Some(3)));
        let proof = merkle::consistency_proof(6, 13, |r| range_root(&forged_leaves, r)).unwrap();
        assert!(ConsistencyProofFile::new(old, forged, &proof).check(&key).is_err());
    }
}
