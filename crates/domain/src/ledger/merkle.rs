//! The Merkle tree over the ledger, hashed as RFC 9162 §2.1 (Certificate Transparency) hashes it.
//!
//! Leaf `i` (from 0) is the ledger entry with `seq = i + 1`; its data are the 32 bytes of the entry's
//! hash. A leaf hashes as `SHA-256(0x00 ‖ data)`, an inner node as `SHA-256(0x01 ‖ left ‖ right)`, and
//! a tree of `n > 1` leaves splits at the largest power of two below `n`. This module owns the hashing,
//! the root ([`root`], and [`CompactRange`] for a ledger too long to hold in memory) and inclusion and
//! consistency proofs: which leaf ranges a proof is made of ([`inclusion_ranges`], [`consistency_ranges`],
//! so storage can hash each range however it keeps them) and how a proof is checked
//! ([`verify_inclusion`], [`verify_consistency`]).

mod proof;
#[cfg(test)]
mod tests;

pub use proof::{
    ProofError, consistency_proof, consistency_ranges, inclusion_proof, inclusion_ranges, verify_consistency,
    verify_inclusion,
};

use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf hash, an inner node's hash or a root.
pub type Hash = [u8; 32];

/// The root of the empty tree: the SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The hash of a leaf holding `data`: `SHA-256(0x00 ‖ data)`.
pub fn hash_leaf(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// The hash of an inner node: `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// An entry hash that is not the 64 lowercase hex characters [`super::entry_hash`] writes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an entry hash is 64 lowercase hex characters, which {0:?} is not")]
pub struct NotAnEntryHash(pub String);

/// The leaf hash of a ledger entry, from the entry's `hash` field: the leaf data are its 32 raw bytes.
pub fn leaf_hash(entry_hash_hex: &str) -> Result<Hash, NotAnEntryHash> {
    let lowercase_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut data = [0_u8; 32];
    if entry_hash_hex.len() != 64 || !entry_hash_hex.bytes().all(lowercase_hex) {
        return Err(NotAnEntryHash(entry_hash_hex.to_owned()));
    }
    hex::decode_to_slice(entry_hash_hex, &mut data).map_err(|_| NotAnEntryHash(entry_hash_hex.to_owned()))?;
    Ok(hash_leaf(&data))
}

/// The root (RFC 9162's MTH) of a tree whose leaves are already leaf-hashed.
pub fn root(leaves: &[Hash]) -> Hash {
    let mut range = CompactRange::new();
    for leaf in leaves {
        range.push(*leaf);
    }
    range.root()
}

/// The largest power of two strictly below `n`, for `n >= 2`: where RFC 9162 splits a tree of `n` leaves.
fn split(n: u64) -> u64 {
    1 << (u64::BITS - 1 - (n - 1).leading_zeros())
}

/// The right edge of a growing tree: one hash per perfect subtree that the leaves so far make, so the
/// root at the current size is known from `O(log n)` hashes without keeping the leaves.
///
/// A tree of `n` leaves is a row of perfect subtrees, one for each bit set in `n`, largest first
/// (13 = 8 + 4 + 1 leaves: `[0, 8)`, `[8, 12)`, `[12, 13)`); its root folds them from the right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    /// The perfect subtrees' roots, largest (leftmost) first.
    peaks: Vec<Hash>,
}

impl CompactRange {
    /// The empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resumes a tree from a stored size and its perfect subtrees' roots, largest first, as [`Self::peaks`]
    /// gives them; `None` if their number is not the number of bits set in `size`.
    pub fn from_peaks(size: u64, peaks: Vec<Hash>) -> Option<Self> {
        (peaks.len() == size.count_ones() as usize).then_some(Self { size, peaks })
    }

    /// How many leaves the tree holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The perfect subtrees' roots, largest (leftmost) first.
    pub fn peaks(&self) -> &[Hash] {
        &self.peaks
    }

    /// Appends the next leaf (already leaf-hashed): merges the perfect subtrees it completes.
    pub fn push(&mut self, leaf: Hash) {
        let mut hash = leaf;
        let mut completed = self.size;
        while completed & 1 == 1 {
            let Some(left) = self.peaks.pop() else { break };
            hash = node_hash(&left, &hash);
            completed >>= 1;
        }
        self.peaks.push(hash);
        self.size += 1;
    }

    /// The root at the current size.
    pub fn root(&self) -> Hash {
        let mut peaks = self.peaks.iter().rev();
        let Some(last) = peaks.next() else { return empty_root() };
        peaks.fold(*last, |right, left| node_hash(left, &right))
    }
}
