//! Inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4).
//!
//! Making a proof is split in two so that no one needs every leaf in memory: [`inclusion_ranges`] and
//! [`consistency_ranges`] say which leaf ranges `[start, end)` the proof is made of, in order, and the
//! caller supplies each range's root (RFC 9162's MTH of those leaves) from whatever it stores. Every
//! such range is a perfect subtree (a power of two of leaves, starting at a multiple of its length) or
//! runs to the tree's right edge, in which case its root folds the perfect subtrees it is made of, as
//! [`super::CompactRange::root`] does. Checking a proof follows the RFC's verification algorithms.

use std::ops::Range;

use super::{Hash, empty_root, node_hash, split};

/// Why a proof was refused or could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    #[error("leaf {index} is not in a tree of {size} leaves (leaves are numbered from 0)")]
    IndexOutOfRange { index: u64, size: u64 },
    /// A consistency proof asked from a larger tree to a smaller one.
    #[error("a tree of {old_size} leaves cannot be an earlier state of a tree of {new_size} leaves")]
    OldTreeLarger { old_size: u64, new_size: u64 },
    /// The proof has too many or too few hashes for the sizes (and index) given.
    #[error("the proof has {got} hashes where one for these sizes has {expected}")]
    WrongLength { expected: usize, got: usize },
    /// An inclusion proof leads to another root.
    #[error(
        "the inclusion proof leads to another root: the leaf is not at that index of the tree with that root, or the proof was altered"
    )]
    RootMismatch,
    /// A consistency proof does not lead to the old root.
    #[error(
        "the consistency proof does not lead to the old root: the proof or the old root was altered, or the sizes are wrong"
    )]
    OldRootMismatch,
    /// A consistency proof leads to the old root but not to the new one.
    #[error(
        "the consistency proof does not lead to the new root: the new tree does not extend the old one, or the proof or the new root was altered"
    )]
    NewRootMismatch,
    /// Two trees of the same size have different roots, so one cannot be an earlier state of the other.
    #[error("the two trees both have {size} leaves but different roots")]
    SameSizeDifferentRoots { size: u64 },
}

/// The ranges of leaves whose roots, in this order, are the audit path PATH(index, D\[size\]) of
/// RFC 9162 §2.1.3.1: the sibling of each subtree holding the leaf, from the leaf up to the root.
pub fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut siblings = Vec::new();
    let (mut start, mut end) = (0, size);
    while end - start > 1 {
        let mid = start + split(end - start);
        if index < mid {
            siblings.push(mid..end);
            end = mid;
        } else {
            siblings.push(start..mid);
            start = mid;
        }
    }
    siblings.reverse();
    Ok(siblings)
}

/// The ranges of leaves whose roots, in this order, are the consistency proof PROOF(old_size, D\[new_size\])
/// of RFC 9162 §2.1.4.1. It is empty when `old_size` is 0 or equals `new_size`.
pub fn consistency_ranges(old_size: u64, new_size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if old_size > new_size {
        return Err(ProofError::OldTreeLarger { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    // Walk down from the whole new tree to the subtree where the old tree ends, as SUBPROOF recurses;
    // `old` counts the old tree's leaves inside [start, end), and `whole_old_root` is SUBPROOF's flag b:
    // still true while [start, end) begins at leaf 0, so that the old tree's root is known to the verifier.
    let mut siblings = Vec::new();
    let (mut start, mut end, mut old, mut whole_old_root) = (0, new_size, old_size, true);
    while old < end - start {
        let k = split(end - start);
        if old <= k {
            siblings.push(start + k..end);
            end = start + k;
        } else {
            siblings.push(start..start + k);
            start += k;
            old -= k;
            whole_old_root = false;
        }
    }
    let mut ranges = Vec::with_capacity(siblings.len() + 1);
    if !whole_old_root {
        ranges.push(start..end);
    }
    ranges.extend(siblings.into_iter().rev());
    Ok(ranges)
}

/// An inclusion proof, given a way to get the root of each range [`inclusion_ranges`] names.
pub fn inclusion_proof<E: From<ProofError>>(
    index: u64,
    size: u64,
    hash_of: impl FnMut(Range<u64>) -> Result<Hash, E>,
) -> Result<Vec<Hash>, E> {
    inclusion_ranges(index, size)?.into_iter().map(hash_of).collect()
}

/// A consistency proof, given a way to get the root of each range [`consistency_ranges`] names.
pub fn consistency_proof<E: From<ProofError>>(
    old_size: u64,
    new_size: u64,
    hash_of: impl FnMut(Range<u64>) -> Result<Hash, E>,
) -> Result<Vec<Hash>, E> {
    consistency_ranges(old_size, new_size)?.into_iter().map(hash_of).collect()
}

/// Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves whose root is `root`
/// (RFC 9162 §2.1.3.2). The size is trusted only together with its root, as a checkpoint gives them.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    let expected = inclusion_ranges(index, size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength { expected, got: proof.len() });
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return Err(ProofError::WrongLength { expected, got: proof.len() });
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongLength { expected, got: proof.len() });
    }
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is the first `old_size` leaves of the
/// tree of `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2). The empty tree (whose root must
/// be [`empty_root`]) is consistent with every tree, by an empty proof.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    let expected = consistency_ranges(old_size, new_size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength { expected, got: proof.len() });
    }
    if old_size == new_size {
        return if old_root == new_root { Ok(()) } else { Err(ProofError::SameSizeDifferentRoots { size: new_size }) };
    }
    if old_size == 0 {
        return if *old_root == empty_root() { Ok(()) } else { Err(ProofError::OldRootMismatch) };
    }
    // When the old tree is a perfect subtree its root is the first element, and the proof omits it.
    let mut path = std::iter::once(old_root).filter(|_| old_size.is_power_of_two()).chain(proof);
    let (mut f_n, mut s_n) = (old_size - 1, new_size - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let Some(first) = path.next() else {
        return Err(ProofError::WrongLength { expected, got: proof.len() });
    };
    let (mut f_r, mut s_r) = (*first, *first);
    for c in path {
        if s_n == 0 {
            return Err(ProofError::WrongLength { expected, got: proof.len() });
        }
        if f_n & 1 == 1 || f_n == s_n {
            f_r = node_hash(c, &f_r);
            s_r = node_hash(c, &s_r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            s_r = node_hash(&s_r, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongLength { expected, got: proof.len() });
    }
    if f_r != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    if s_r != *new_root {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}
