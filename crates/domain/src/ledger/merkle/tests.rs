//! The tree and its proofs checked against a naive transcription of RFC 9162's recursive definitions
//! (MTH, PATH, PROOF/SUBPROOF) over leaves held in memory, and against the RFC 6962 reference vectors.

use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;

use super::*;

fn pow2_below(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D\[n\]) of already leaf-hashed leaves, as RFC 9162 §2.1.1 writes it.
fn mth(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = pow2_below(n);
            node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

/// PATH(m, D\[n\]), RFC 9162 §2.1.3.1.
fn path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = pow2_below(n);
    let (mut inner, sibling) =
        if m < k { (path(m, &leaves[..k]), mth(&leaves[k..])) } else { (path(m - k, &leaves[k..]), mth(&leaves[..k])) };
    inner.push(sibling);
    inner
}

/// SUBPROOF(m, D\[n\], b), RFC 9162 §2.1.4.1.
fn subproof(m: usize, leaves: &[Hash], b: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if b { Vec::new() } else { vec![mth(leaves)] };
    }
    let k = pow2_below(n);
    let (mut inner, sibling) = if m <= k {
        (subproof(m, &leaves[..k], b), mth(&leaves[k..]))
    } else {
        (subproof(m - k, &leaves[k..], false), mth(&leaves[..k]))
    };
    inner.push(sibling);
    inner
}

/// PROOF(m, D\[n\]); empty for m = 0, where the RFC leaves it undefined.
fn naive_consistency(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    if m == 0 { Vec::new() } else { subproof(m, leaves, true) }
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n as u64).map(|i| hash_leaf(&i.to_be_bytes())).collect()
}

fn hash_of(leaves: &[Hash]) -> impl FnMut(Range<u64>) -> Result<Hash, ProofError> + '_ {
    |r| Ok(mth(&leaves[r.start as usize..r.end as usize]))
}

fn flipped(proof: &[Hash], at: usize) -> Vec<Hash> {
    let mut altered = proof.to_vec();
    altered[at][at % 32] ^= 0x01;
    altered
}

fn h(hex_text: &str) -> Hash {
    let mut out = [0; 32];
    hex::decode_to_slice(hex_text, &mut out).unwrap();
    out
}

fn b64(text: &str) -> Hash {
    STANDARD.decode(text).unwrap().try_into().unwrap()
}

/// The leaf inputs of the RFC 6962 reference tests (as in transparency-dev/merkle's `testonly`).
fn reference_leaves() -> Vec<Hash> {
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .iter()
        .map(|d| hash_leaf(&hex::decode(d).unwrap()))
        .collect()
}

#[test]
fn the_empty_tree_root_is_the_sha256_of_nothing() {
    assert_eq!(root(&[]), h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_eq!(CompactRange::new().root(), empty_root());
}

#[test]
fn the_reference_leaves_give_the_reference_roots_at_every_size() {
    let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];
    let leaves = reference_leaves();
    let mut range = CompactRange::new();
    for (i, expected) in roots.iter().enumerate() {
        range.push(leaves[i]);
        assert_eq!(root(&leaves[..=i]), h(expected), "size {}", i + 1);
        assert_eq!(range.root(), h(expected), "size {}", i + 1);
    }
}

#[test]
fn the_reference_proofs_are_made_and_verified() {
    let leaves = reference_leaves();
    let at = |n: usize| root(&leaves[..n]);
    let inclusion = [
        (
            0,
            8,
            vec![
                "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
                "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
            ],
        ),
        (
            1,
            5,
            vec![
                "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
                "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
            ],
        ),
    ];
    for (index, size, expected) in inclusion {
        let expected: Vec<Hash> = expected.into_iter().map(b64).collect();
        assert_eq!(inclusion_proof(index, size, hash_of(&leaves)).unwrap(), expected);
        assert_eq!(verify_inclusion(&leaves[index as usize], index, size, &expected, &at(size as usize)), Ok(()));
    }
    let consistency = [
        (
            1,
            8,
            vec![
                "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
                "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
            ],
        ),
        (2, 5, vec!["Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="]),
        (
            6,
            7,
            vec![
                "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
                "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
                "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
            ],
        ),
    ];
    for (old, new, expected) in consistency {
        let expected: Vec<Hash> = expected.into_iter().map(b64).collect();
        assert_eq!(consistency_proof(old, new, hash_of(&leaves)).unwrap(), expected);
        assert_eq!(verify_consistency(old, new, &at(old as usize), &at(new as usize), &expected), Ok(()));
    }
}

#[test]
fn the_root_and_the_compact_range_agree_with_the_naive_tree_at_every_size_to_70() {
    let leaves = leaves(70);
    let mut range = CompactRange::new();
    for n in 0..=70 {
        assert_eq!(root(&leaves[..n]), mth(&leaves[..n]), "size {n}");
        assert_eq!(range.root(), mth(&leaves[..n]), "size {n}");
        assert_eq!(range.peaks().len(), (n as u64).count_ones() as usize);
        if n < 70 {
            range.push(leaves[n]);
        }
    }
}

#[test]
fn a_compact_range_resumes_from_its_size_and_peaks() {
    let leaves = leaves(23);
    let mut first = CompactRange::new();
    leaves[..13].iter().for_each(|l| first.push(*l));
    let mut resumed = CompactRange::from_peaks(13, first.peaks().to_vec()).unwrap();
    leaves[13..].iter().for_each(|l| resumed.push(*l));
    assert_eq!(resumed.root(), mth(&leaves));
    assert_eq!(resumed.size(), 23);
    assert_eq!(CompactRange::from_peaks(12, first.peaks().to_vec()), None);
}

#[test]
fn every_inclusion_proof_to_70_leaves_is_the_rfc_path_and_verifies() {
    let leaves = leaves(70);
    for size in 1..=70 {
        let tree = &leaves[..size];
        let tree_root = mth(tree);
        for index in 0..size {
            let proof = inclusion_proof(index as u64, size as u64, hash_of(tree)).unwrap();
            assert_eq!(proof, path(index, tree), "leaf {index} of {size}");
            assert_eq!(verify_inclusion(&tree[index], index as u64, size as u64, &proof, &tree_root), Ok(()));
        }
    }
}

#[test]
fn every_consistency_proof_to_70_leaves_is_the_rfc_proof_and_verifies() {
    let leaves = leaves(70);
    for new in 0..=70 {
        let new_root = mth(&leaves[..new]);
        for old in 0..=new {
            let proof = consistency_proof(old as u64, new as u64, hash_of(&leaves)).unwrap();
            assert_eq!(proof, naive_consistency(old, &leaves[..new]), "{old} to {new}");
            let old_root = mth(&leaves[..old]);
            assert_eq!(verify_consistency(old as u64, new as u64, &old_root, &new_root, &proof), Ok(()));
        }
    }
}

#[test]
fn an_altered_inclusion_proof_or_claim_is_refused() {
    let leaves = leaves(40);
    let roots: Vec<Hash> = (0..=40).map(|n| mth(&leaves[..n])).collect();
    for size in 1..=40_u64 {
        let root = &roots[size as usize];
        for index in 0..size {
            let leaf = &leaves[index as usize];
            let proof = inclusion_proof(index, size, hash_of(&leaves)).unwrap();
            for at in 0..proof.len() {
                assert!(verify_inclusion(leaf, index, size, &flipped(&proof, at), root).is_err());
            }
            if let Some((_, shorter)) = proof.split_last() {
                assert!(verify_inclusion(leaf, index, size, shorter, root).is_err());
            }
            let longer = [proof.clone(), vec![leaves[0]]].concat();
            assert!(verify_inclusion(leaf, index, size, &longer, root).is_err());
            assert!(verify_inclusion(&hash_leaf(b"forged"), index, size, &proof, root).is_err());
            assert!(verify_inclusion(leaf, index, size, &proof, &roots[0]).is_err());
            for other in (0..size).filter(|&o| o != index) {
                assert!(verify_inclusion(leaf, other, size, &proof, root).is_err(), "leaf {index} as {other}");
            }
            for other in (index + 1..=40).filter(|&o| o != size) {
                let at_other = &roots[other as usize];
                assert!(verify_inclusion(leaf, index, other, &proof, at_other).is_err(), "size {size} as {other}");
            }
        }
    }
}

#[test]
fn a_size_is_trusted_only_together_with_its_root() {
    // Leaf 0 has the same path shape in trees of 5 and 6 leaves, so a proof for 5 checked against the
    // root of 5 passes whatever size among those is claimed: the (size, root) pair must come from one
    // signed checkpoint, never a size from one source and a root from another.
    let leaves = leaves(6);
    let proof = inclusion_proof(0, 5, hash_of(&leaves)).unwrap();
    assert_eq!(verify_inclusion(&leaves[0], 0, 6, &proof, &mth(&leaves[..5])), Ok(()));
    assert!(verify_inclusion(&leaves[0], 0, 6, &proof, &mth(&leaves[..6])).is_err());
}

#[test]
fn an_altered_consistency_proof_or_claim_is_refused() {
    let leaves = leaves(40);
    let roots: Vec<Hash> = (0..=40).map(|n| mth(&leaves[..n])).collect();
    for new in 1..=40_u64 {
        for old in 1..new {
            let (old_root, new_root) = (&roots[old as usize], &roots[new as usize]);
            let proof = consistency_proof(old, new, hash_of(&leaves)).unwrap();
            for at in 0..proof.len() {
                assert!(verify_consistency(old, new, old_root, new_root, &flipped(&proof, at)).is_err());
            }
            if let Some((_, shorter)) = proof.split_last() {
                assert!(verify_consistency(old, new, old_root, new_root, shorter).is_err());
            }
            let longer = [proof.clone(), vec![leaves[0]]].concat();
            assert!(verify_consistency(old, new, old_root, new_root, &longer).is_err());
            assert!(verify_consistency(old, new, new_root, old_root, &proof).is_err(), "swapped roots");
            assert!(verify_consistency(old, new, &hash_leaf(b"forged"), new_root, &proof).is_err());
            assert!(verify_consistency(old, new, old_root, &hash_leaf(b"forged"), &proof).is_err());
            for other in (1..=new).filter(|&o| o != old) {
                let at_other = &roots[other as usize];
                assert!(verify_consistency(other, new, at_other, new_root, &proof).is_err(), "{old} as {other}");
            }
            for other in (old + 1..=40).filter(|&o| o != new) {
                let at_other = &roots[other as usize];
                assert!(verify_consistency(old, other, old_root, at_other, &proof).is_err(), "{new} as {other}");
            }
        }
    }
}

#[test]
fn the_empty_tree_and_an_equal_tree_are_consistent_by_an_empty_proof_only() {
    let leaves = leaves(5);
    let five = mth(&leaves);
    assert_eq!(verify_consistency(0, 5, &empty_root(), &five, &[]), Ok(()));
    assert_eq!(verify_consistency(0, 5, &five, &five, &[]), Err(ProofError::OldRootMismatch));
    assert_eq!(verify_consistency(5, 5, &five, &five, &[]), Ok(()));
    assert_eq!(verify_consistency(5, 5, &five, &leaves[0], &[]), Err(ProofError::SameSizeDifferentRoots { size: 5 }));
    assert_eq!(verify_consistency(5, 5, &five, &five, &[five]), Err(ProofError::WrongLength { expected: 0, got: 1 }));
    assert_eq!(verify_consistency(0, 0, &empty_root(), &empty_root(), &[]), Ok(()));
}

#[test]
fn sizes_and_indices_out_of_range_are_refused() {
    assert_eq!(inclusion_ranges(5, 5), Err(ProofError::IndexOutOfRange { index: 5, size: 5 }));
    assert_eq!(inclusion_ranges(0, 0), Err(ProofError::IndexOutOfRange { index: 0, size: 0 }));
    assert_eq!(consistency_ranges(6, 5), Err(ProofError::OldTreeLarger { old_size: 6, new_size: 5 }));
    let leaf = hash_leaf(b"a");
    assert_eq!(verify_inclusion(&leaf, 1, 1, &[], &leaf), Err(ProofError::IndexOutOfRange { index: 1, size: 1 }));
    assert_eq!(verify_inclusion(&leaf, 0, 1, &[], &leaf), Ok(()));
    assert_eq!(
        verify_consistency(2, 1, &leaf, &leaf, &[]),
        Err(ProofError::OldTreeLarger { old_size: 2, new_size: 1 })
    );
    assert_eq!(inclusion_ranges(0, u64::MAX).unwrap().len(), 64);
}

#[test]
fn an_entry_leaf_is_the_hash_of_the_entry_hash_bytes() {
    let entry = "ab".repeat(32);
    assert_eq!(leaf_hash(&entry), Ok(hash_leaf(&[0xab; 32])));
    assert!(leaf_hash(&"AB".repeat(32)).is_err());
    assert!(leaf_hash(&"ab".repeat(31)).is_err());
    assert!(leaf_hash(&"zz".repeat(32)).is_err());
    assert!(leaf_hash("").is_err());
}

fn is_perfect(r: &Range<u64>) -> bool {
    let len = r.end - r.start;
    len.is_power_of_two() && r.start.is_multiple_of(len)
}

/// Whether `ranges` cover `[0, size)` exactly once.
fn partition(mut ranges: Vec<Range<u64>>, size: u64) -> bool {
    ranges.sort_by_key(|r| r.start);
    let mut next = 0;
    ranges.iter().all(|r| {
        let follows = r.start == next && r.end > r.start;
        next = r.end;
        follows
    }) && next == size
}

proptest! {
    #[test]
    fn an_inclusion_proof_and_its_leaf_cover_the_tree_once(size in 1u64..u64::MAX, at in any::<u64>()) {
        let index = at % size;
        let mut ranges = inclusion_ranges(index, size).unwrap();
        prop_assert!(ranges.iter().all(|r| is_perfect(r) || r.end == size));
        ranges.push(index..index + 1);
        prop_assert!(partition(ranges, size));
    }

    #[test]
    fn a_consistency_proof_and_a_perfect_old_tree_cover_the_new_tree_once(new in 2u64..u64::MAX, at in any::<u64>()) {
        let old = 1 + at % (new - 1);
        let mut ranges = consistency_ranges(old, new).unwrap();
        prop_assert!(ranges.len() <= 2 * 64);
        prop_assert!(ranges.iter().all(|r| is_perfect(r) || r.end == new));
        if old.is_power_of_two() {
            ranges.push(0..old);
        }
        prop_assert!(partition(ranges, new));
    }

    #[test]
    fn proofs_in_larger_trees_verify(new in 1usize..3000, a in any::<usize>(), b in any::<usize>()) {
        let leaves = leaves(new);
        let (index, old) = (a % new, b % (new + 1));
        let new_root = root(&leaves);
        let inclusion = inclusion_proof(index as u64, new as u64, hash_of(&leaves)).unwrap();
        prop_assert_eq!(verify_inclusion(&leaves[index], index as u64, new as u64, &inclusion, &new_root), Ok(()));
        let consistency = consistency_proof(old as u64, new as u64, hash_of(&leaves)).unwrap();
        let old_root = root(&leaves[..old]);
        prop_assert_eq!(verify_consistency(old as u64, new as u64, &old_root, &new_root, &consistency), Ok(()));
    }
}
