//! The ledger's chain catches tampering done behind the application's back with plain SQL:
//! a row altered, a row deleted, a row inserted. Runs on SQLite, and on PostgreSQL when
//! JIANQUAN_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_domain::ledger::Break;
use jianquan_storage::ledger::{LedgerWrite, append, verify};
use jianquan_storage::testing::fresh_db;
use jianquan_storage::{Db, StorageError};
use time::macros::datetime;

async fn five_entries() -> Db {
    let db = fresh_db().await.unwrap();
    for i in 1..=5 {
        let mut tx = db.write().await.unwrap();
        let subject = format!("c{i}");
        let write = LedgerWrite {
            actor: "u1",
            action: "registry.cadre.create",
            subject_kind: "cadre",
            subject_id: &subject,
            detail: serde_json::json!({"name": format!("张{i}")}),
            rules: &[],
            policy_version: "test",
        };
        append(&mut tx, write, datetime!(2026-11-26 09:00 UTC)).await.unwrap();
        tx.commit().await.unwrap();
    }
    db
}

async fn broken(db: &Db) -> Option<Break> {
    let mut conn = db.read().await.unwrap();
    verify(&mut conn).await.unwrap().broken
}

#[tokio::test]
async fn an_untouched_ledger_verifies() {
    let db = five_entries().await;
    let mut conn = db.read().await.unwrap();
    let result = verify(&mut conn).await.unwrap();
    assert_eq!((result.checked, result.broken), (5, None));
}

#[tokio::test]
async fn a_row_altered_with_plain_sql_is_named() {
    let db = five_entries().await;
    sqlx::query("UPDATE ledger SET detail = '{\"name\":\"李四\"}' WHERE seq = 3").execute(db.pool()).await.unwrap();
    assert_eq!(broken(&db).await, Some(Break::Altered { seq: 3 }));
}

#[tokio::test]
async fn an_altered_actor_is_named_too() {
    let db = five_entries().await;
    sqlx::query("UPDATE ledger SET actor = 'someone-else' WHERE seq = 2").execute(db.pool()).await.unwrap();
    assert_eq!(broken(&db).await, Some(Break::Altered { seq: 2 }));
}

#[tokio::test]
async fn a_row_deleted_with_plain_sql_is_named() {
    let db = five_entries().await;
    sqlx::query("DELETE FROM ledger WHERE seq = 2").execute(db.pool()).await.unwrap();
    assert_eq!(broken(&db).await, Some(Break::Unlinked { seq: 3, expected_seq: 2 }));
}

#[tokio::test]
async fn the_last_row_deleted_is_caught_by_the_head() {
    let db = five_entries().await;
    sqlx::query("DELETE FROM ledger WHERE seq = 5").execute(db.pool()).await.unwrap();
    assert_eq!(broken(&db).await, Some(Break::HeadMismatch { head_seq: 5, last_seq: 4 }));
}

#[tokio::test]
async fn a_row_inserted_with_plain_sql_is_caught() {
    let db = five_entries().await;
    sqlx::query(
        "INSERT INTO ledger (seq, at, actor, action, subject_kind, subject_id, detail, rules, policy_version, prev_hash, hash) \
         SELECT 6, at, actor, action, subject_kind, 'forged', detail, rules, policy_version, hash, hash FROM ledger WHERE seq = 5",
    )
    .execute(db.pool())
    .await
    .unwrap();
    assert_eq!(broken(&db).await, Some(Break::Altered { seq: 6 }));
}

#[tokio::test]
async fn a_write_without_a_ledger_entry_cannot_commit() {
    let db = fresh_db().await.unwrap();
    let mut tx = db.write().await.unwrap();
    sqlx::query(
        "INSERT INTO login_attempts (id, account_key, client_key, trusted, at, outcome) \
         VALUES ('a', 'k', 'ip:x', 0, '2026-11-26T00:00:00Z', 'failed')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    assert!(matches!(tx.commit().await, Err(StorageError::Unrecorded(_))));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts").fetch_one(db.pool()).await.unwrap();
    assert_eq!(count, 0, "the unrecorded write was rolled back");
}

#[tokio::test]
async fn concurrent_writers_get_consecutive_sequence_numbers() {
    let db = fresh_db().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.write().await.unwrap();
            let subject = format!("s{i}");
            let write = LedgerWrite {
                actor: "u",
                action: "test.write",
                subject_kind: "t",
                subject_id: &subject,
                detail: serde_json::json!({}),
                rules: &[],
                policy_version: "test",
            };
            append(&mut tx, write, datetime!(2026-11-26 09:00 UTC)).await.unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut conn = db.read().await.unwrap();
    let result = verify(&mut conn).await.unwrap();
    assert_eq!((result.checked, result.broken), (20, None));
}
