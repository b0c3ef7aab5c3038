//! SQLite's write-ahead log does not outlive a command: closing the database copies it into the
//! database file and empties it, so a process that wrote much (a generated province, a large
//! import) leaves no log for the next one to read through. (SQLite only: PostgreSQL has no such
//! file beside the database.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_storage::Db;
use jianquan_storage::ledger::{LedgerWrite, append};
use time::macros::datetime;

fn wal_len(db_path: &std::path::Path) -> u64 {
    std::fs::metadata(db_path.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0)
}

#[tokio::test]
async fn closing_the_database_empties_the_write_ahead_log_and_keeps_every_write() {
    let dir = std::env::temp_dir().join("jianquan-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("wal_{}.db", uuid::Uuid::new_v4().simple()));
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    for i in 0..200 {
        let mut tx = db.write().await.unwrap();
        let subject = format!("c{i}");
        let write = LedgerWrite {
            actor: "u1",
            action: "registry.dossier.view",
            subject_kind: "cadre",
            subject_id: &subject,
            detail: serde_json::json!({"filler": "x".repeat(2_000)}),
            rules: &[],
            policy_version: "test",
        };
        append(&mut tx, write, datetime!(2026-11-26 09:00 UTC)).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert!(wal_len(&path) > 0, "the writes went to the log first");
    db.close().await;
    assert_eq!(wal_len(&path), 0, "the log is empty after close");

    let again = Db::connect(&url, 1).await.unwrap();
    let mut conn = again.read().await.unwrap();
    let count: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM ledger WHERE action = 'registry.dossier.view'")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(count, 200, "every write is in the database file");
    drop(conn);
    again.close().await;
    std::fs::remove_file(&path).ok();
}
