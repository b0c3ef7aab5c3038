//! Records of reads written in groups (`Db::record_read`): many requests at once each get their
//! own committed entry, numbered without gaps among the other writers' entries, and the chain
//! verifies; a request that goes away after handing its record over does not stop the others.
//! On SQLite, and on PostgreSQL when JIANQUAN_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use std::collections::BTreeSet;
use std::time::Duration;

use jianquan_storage::Db;
use jianquan_storage::ledger::{LedgerWrite, OwnedWrite, append, by_seq, verify};
use jianquan_storage::testing::fresh_db;
use time::macros::datetime;

fn view(subject: &str) -> OwnedWrite {
    OwnedWrite {
        actor: "u1".into(),
        action: "registry.dossier.view".into(),
        subject_kind: "cadre".into(),
        subject_id: subject.into(),
        detail: serde_json::json!({"by": "staff"}),
        rules: Vec::new(),
        policy_version: "test".into(),
        at: datetime!(2026-12-07 09:00 UTC),
    }
}

async fn change(db: Db, subject: String) -> i64 {
    let mut tx = db.write().await.unwrap();
    let write = LedgerWrite {
        actor: "u1",
        action: "registry.cadre.update",
        subject_kind: "cadre",
        subject_id: &subject,
        detail: serde_json::json!({}),
        rules: &[],
        policy_version: "test",
    };
    let seq = append(&mut tx, write, datetime!(2026-12-07 09:00 UTC)).await.unwrap();
    tx.commit().await.unwrap();
    seq
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_are_each_recorded_once_among_other_writes() {
    let db = fresh_db().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..400_u32 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            if i % 10 == 0 {
                (change(db, format!("c{i}")).await, format!("c{i}"), "registry.cadre.update")
            } else {
                let entry = db.record_read(view(&format!("c{i}"))).await.unwrap();
                (entry.seq, entry.subject_id, "registry.dossier.view")
            }
        }));
    }
    let mut seqs = BTreeSet::new();
    let mut conn = db.read().await.unwrap();
    for task in tasks {
        let (seq, subject, action) = task.await.unwrap();
        assert!(seqs.insert(seq), "entry {seq} was handed out twice");
        let stored = by_seq(&mut conn, seq).await.unwrap().expect("a returned entry is committed");
        assert_eq!((stored.subject_id.as_str(), stored.action.as_str()), (subject.as_str(), action));
    }
    assert_eq!(seqs.len(), 400);
    let (first, last) = (*seqs.first().unwrap(), *seqs.last().unwrap());
    assert_eq!(last - first + 1, 400, "no gaps: {first}..={last}");
    let checked = verify(&mut conn).await.unwrap();
    assert!(checked.broken.is_none(), "{:?}", checked.broken);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_that_goes_away_does_not_stop_the_others() {
    let db = fresh_db().await.unwrap();
    for round in 0..20_u64 {
        let mut inflight = Vec::new();
        for i in 0..16_u64 {
            let db = db.clone();
            let cut = Duration::from_micros((round * 16 + i) * 97 % 1500);
            inflight.push(tokio::spawn(async move {
                let _ = tokio::time::timeout(cut, db.record_read(view(&format!("c{i}")))).await;
            }));
        }
        for task in inflight {
            task.await.unwrap();
        }
    }
    // Every later read and write still goes through, and the chain holds.
    let entry = tokio::time::timeout(Duration::from_secs(10), db.record_read(view("after"))).await.unwrap().unwrap();
    let seq = tokio::time::timeout(Duration::from_secs(10), change(db.clone(), "after".into())).await.unwrap();
    assert_eq!(seq, entry.seq + 1);
    let mut conn = db.read().await.unwrap();
    assert!(verify(&mut conn).await.unwrap().broken.is_none());
}
