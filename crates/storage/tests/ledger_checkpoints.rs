//! The ledger against signed checkpoints, as someone who can write the database attacks it: a
//! wipe, a truncation and a rewrite of the suffix re-hashed so the chain alone looks whole — each
//! passes the chain's own check and each is caught against a checkpoint signed before it. And the
//! Merkle tree: roots and proofs from the stored nodes agree with the RFC 9162 definitions, and
//! a tampered node is named. On SQLite, and on PostgreSQL when JIANQUAN_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_domain::ledger::checkpoint::{self, Checkpoint};
use jianquan_domain::ledger::merkle::{self, Hash};
use jianquan_domain::ledger::{Break, GENESIS_HASH, entry_hash};
use jianquan_storage::Db;
use jianquan_storage::ledger::{LedgerWrite, append, by_seq, verify, verify_against};
use jianquan_storage::ledger_tree as tree;
use jianquan_storage::testing::fresh_db;
use time::macros::datetime;

const KEY: [u8; 32] = [42; 32];

async fn ledger_of(n: usize) -> Db {
    let db = fresh_db().await.unwrap();
    let mut tx = db.write().await.unwrap();
    for i in 1..=n {
        let subject = format!("c{i}");
        let write = LedgerWrite {
            actor: "u1",
            action: "registry.dossier.view",
            subject_kind: "cadre",
            subject_id: &subject,
            detail: serde_json::json!({"n": i}),
            rules: &[],
            policy_version: "test",
        };
        append(&mut tx, write, datetime!(2026-11-26 09:00 UTC)).await.unwrap();
    }
    tx.commit().await.unwrap();
    db
}

async fn signed(db: &Db, size: u64) -> Checkpoint {
    tree::extend(db, size).await.unwrap();
    let mut conn = db.read().await.unwrap();
    let cp = Checkpoint { origin: "jianquan-test".into(), size, root: tree::root(&mut conn, size).await.unwrap() };
    // Through the signed note, as the operator keeps it.
    let note = checkpoint::sign(&cp, "jianquan-test", &KEY).unwrap();
    checkpoint::open(&note, &checkpoint::verifier_key("jianquan-test", &KEY).unwrap()).unwrap()
}

async fn all_leaves(db: &Db, size: u64) -> Vec<Hash> {
    let mut conn = db.read().await.unwrap();
    tree::leaves(&mut conn, 0..size).await.unwrap()
}

async fn check(db: &Db, checkpoints: &[Checkpoint]) -> (u64, Option<Break>) {
    let mut conn = db.read().await.unwrap();
    let v = verify_against(&mut conn, checkpoints).await.unwrap();
    (v.checked, v.broken)
}

/// Rewrites entries `from..=to` with other details and re-hashes the chain from there, head included.
async fn rewrite_and_rehash(db: &Db, from: i64, to: i64) {
    let mut conn = db.read().await.unwrap();
    let mut prev =
        if from == 1 { GENESIS_HASH.to_owned() } else { by_seq(&mut conn, from - 1).await.unwrap().unwrap().hash };
    for seq in from..=to {
        let mut e = by_seq(&mut conn, seq).await.unwrap().unwrap();
        if seq == from {
            e.detail = "{\"n\":\"rewritten\"}".into();
        }
        e.prev_hash = prev.clone();
        e.hash = entry_hash(&prev, &e);
        sqlx::query("UPDATE ledger SET detail = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&e.detail)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .bind(seq)
            .execute(&mut *conn)
            .await
            .unwrap();
        prev = e.hash;
    }
    sqlx::query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(to)
        .bind(&prev)
        .execute(&mut *conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_stored_tree_gives_the_roots_and_proofs_of_the_rfc() {
    let db = ledger_of(600).await;
    let leaves = all_leaves(&db, 600).await;
    assert_eq!(tree::extend(&db, 600).await.unwrap(), 2, "two complete level-8 subtrees of 256");
    let mut conn = db.read().await.unwrap();
    for size in [1_u64, 2, 255, 256, 257, 511, 512, 513, 600] {
        assert_eq!(tree::root(&mut conn, size).await.unwrap(), merkle::root(&leaves[..size as usize]), "size {size}");
    }
    let root = merkle::root(&leaves);
    for seq in [1_u64, 2, 256, 257, 512, 513, 600] {
        let proof = tree::inclusion(&mut conn, seq, 600).await.unwrap();
        merkle::verify_inclusion(&leaves[seq as usize - 1], seq - 1, 600, &proof, &root).unwrap();
    }
    for old in [1_u64, 255, 256, 300, 512, 599] {
        let proof = tree::consistency(&mut conn, old, 600).await.unwrap();
        merkle::verify_consistency(old, 600, &merkle::root(&leaves[..old as usize]), &root, &proof).unwrap();
    }
    // A stored node changed behind the application's back is named.
    assert!(tree::check_nodes(&mut conn, 600).await.unwrap().is_empty());
    sqlx::query("UPDATE ledger_nodes SET hash = $1 WHERE level = 8 AND idx = 1")
        .bind(hex::encode([0_u8; 32]))
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(tree::check_nodes(&mut conn, 600).await.unwrap(), vec![(8, 1)]);
}

#[tokio::test]
async fn a_wiped_ledger_passes_its_own_check_but_not_a_checkpoint_signed_before() {
    let db = ledger_of(300).await;
    let cp = signed(&db, 300).await;
    assert_eq!(check(&db, std::slice::from_ref(&cp)).await, (300, None));
    let mut conn = db.read().await.unwrap();
    sqlx::query("DELETE FROM ledger").execute(&mut *conn).await.unwrap();
    sqlx::query("UPDATE ledger_head SET seq = 0, hash = $1 WHERE id = 1")
        .bind(GENESIS_HASH)
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(verify(&mut conn).await.unwrap().broken.is_none(), "the chain alone is 'intact: 0 entries'");
    let (checked, broken) = check(&db, &[cp]).await;
    assert_eq!((checked, broken.clone()), (0, Some(Break::CheckpointMismatch { size: 300, checked: 0 })));
    assert!(broken.unwrap().to_string().contains("removed from its end"));
}

#[tokio::test]
async fn a_truncated_ledger_is_caught_by_the_checkpoint() {
    let db = ledger_of(300).await;
    let cp = signed(&db, 300).await;
    let mut conn = db.read().await.unwrap();
    let last_kept = by_seq(&mut conn, 250).await.unwrap().unwrap();
    sqlx::query("DELETE FROM ledger WHERE seq > 250").execute(&mut *conn).await.unwrap();
    sqlx::query("UPDATE ledger_head SET seq = 250, hash = $1 WHERE id = 1")
        .bind(&last_kept.hash)
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(verify(&mut conn).await.unwrap().broken.is_none(), "the chain alone still looks whole");
    assert_eq!(check(&db, &[cp]).await.1, Some(Break::CheckpointMismatch { size: 300, checked: 250 }));
}

#[tokio::test]
async fn a_suffix_rewritten_and_rehashed_is_caught_by_the_checkpoint_and_an_older_one_still_holds() {
    let db = ledger_of(300).await;
    let older = signed(&db, 200).await;
    let cp = signed(&db, 300).await;
    rewrite_and_rehash(&db, 250, 300).await;
    let mut conn = db.read().await.unwrap();
    assert!(verify(&mut conn).await.unwrap().broken.is_none(), "re-hashed: the chain alone passes");
    assert_eq!(check(&db, std::slice::from_ref(&older)).await, (300, None), "the first 200 are untouched");
    let (_, broken) = check(&db, &[older, cp]).await;
    assert_eq!(broken.clone(), Some(Break::CheckpointMismatch { size: 300, checked: 300 }));
    assert!(broken.unwrap().to_string().contains("re-hashed"));
}
