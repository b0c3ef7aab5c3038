//! A write transaction whose caller goes away at any point — while waiting for its turn, during
//! `BEGIN`, between statements, during `COMMIT` — leaves no transaction open on a pooled
//! connection: the next writer always gets through. On SQLite, and on PostgreSQL when
//! JIANQUAN_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use std::time::Duration;

use jianquan_storage::Db;
use jianquan_storage::ledger::{LedgerWrite, append, verify};
use jianquan_storage::testing::fresh_db;
use time::macros::datetime;

async fn one_write(db: Db, subject: String) {
    let mut tx = db.write().await.unwrap();
    let write = LedgerWrite {
        actor: "u1",
        action: "registry.dossier.view",
        subject_kind: "cadre",
        subject_id: &subject,
        detail: serde_json::json!({}),
        rules: &[],
        policy_version: "test",
    };
    append(&mut tx, write, datetime!(2026-11-26 09:00 UTC)).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_cancelled_at_any_point_never_block_the_next_writer() {
    let db = fresh_db().await.unwrap();
    for round in 0..150_u64 {
        let mut inflight = Vec::new();
        for i in 0..24_u64 {
            let db = db.clone();
            let cut = Duration::from_micros((round * 24 + i) * 211 % 3000);
            inflight.push(tokio::spawn(async move {
                let _ = tokio::time::timeout(cut, one_write(db, format!("c{i}"))).await;
            }));
        }
        for task in inflight {
            task.await.unwrap();
        }
    }
    // Within SQLite's busy timeout (10 s) a stuck transaction fails this write with "database is
    // locked"; the outer limit only keeps a broken build from hanging the suite.
    tokio::time::timeout(Duration::from_secs(60), one_write(db.clone(), "after".into())).await.unwrap();
    let mut conn = db.read().await.unwrap();
    assert!(verify(&mut conn).await.unwrap().broken.is_none());
}
