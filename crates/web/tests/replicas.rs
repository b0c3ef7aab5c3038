//! Reads that may lag go to a PostgreSQL streaming replica, writes and read-your-writes pages to
//! the primary, through the real router. The pair is PostgreSQL's own replication, started by
//! `scripts/pg-replica.sh` (this test starts it unless `JIANQUAN_TEST_PRIMARY_URL` and
//! `JIANQUAN_TEST_REPLICA_URL` name a running pair).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{get, login, post, world_on};
use jianquan_storage::Db;
use serde_json::json;

/// The pair's server URLs (database `postgres`), and whether this test started it.
fn pair() -> (String, String, bool) {
    if let (Ok(primary), Ok(replica)) =
        (std::env::var("JIANQUAN_TEST_PRIMARY_URL"), std::env::var("JIANQUAN_TEST_REPLICA_URL"))
    {
        return (primary, replica, false);
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-replica.sh");
    let out = std::process::Command::new(&script).arg("start").output().expect("run scripts/pg-replica.sh");
    assert!(out.status.success(), "the replica pair did not start: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let url = |key: &str| {
        text.lines().find_map(|l| l.strip_prefix(key)).map(str::to_owned).expect("the script prints the URLs")
    };
    (url("JIANQUAN_TEST_PRIMARY_URL="), url("JIANQUAN_TEST_REPLICA_URL="), true)
}

fn on_database(server: &str, name: &str) -> String {
    format!("{}/{name}", server.rsplit_once('/').unwrap().0)
}

/// Waits (at most 30 s) until the replica answers `sql` with a row.
async fn until_replicated(replica: &Db, sql: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = sqlx::query(sql).fetch_optional(replica.pool()).await.ok().flatten().is_some();
        if found {
            return;
        }
        assert!(Instant::now() < deadline, "the replica never showed: {sql}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn in_recovery(conn: &mut sqlx::AnyConnection) -> bool {
    let row = sqlx::query("SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END AS standby")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    sqlx::Row::get::<i32, _>(&row, "standby") == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_read_from_the_replica_while_writes_and_dossiers_use_the_primary() {
    let (primary, replica_server, started) = pair();
    let name = format!("jq_t_{}", uuid::Uuid::new_v4().simple());
    let admin = Db::connect(&primary, 1).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.unwrap();
    let replica_url = on_database(&replica_server, &name);
    let replica_admin = Db::connect(&replica_server, 1).await.unwrap();
    until_replicated(&replica_admin, &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'")).await;

    let db = Db::connect(&on_database(&primary, &name), 8).await.unwrap();
    db.migrate().await.unwrap();
    let db = db.with_replicas(std::slice::from_ref(&replica_url), 8).unwrap();
    assert_eq!(db.replica_count(), 1);
    let w = world_on(db).await;
    let replica = Db::connect(&replica_url, 2).await.unwrap();
    until_replicated(&replica, &format!("SELECT 1 FROM cadres WHERE id = '{}'", w.cadre_a)).await;

    // Reads that may lag are served by the standby; the others by the primary.
    assert!(in_recovery(&mut w.app.db.read_may_lag().await.unwrap()).await, "lists read the replica");
    assert!(!in_recovery(&mut w.app.db.read().await.unwrap()).await, "everything else reads the primary");

    let staff = login(&w.router, "orgstaff").await;
    let list = get(&w, &staff, "/api/v1/cadres?q=%E5%BC%A0%E4%B8%89%E4%B8%B0").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.json()["total"], 1);

    // With the replica's replay paused, a new cadre is written (the primary takes writes) and its
    // dossier opens at once (read-your-writes on the primary), but the list, read from the
    // replica, does not have it yet …
    sqlx::query("SELECT pg_wal_replay_pause()").execute(replica.pool()).await.unwrap();
    let mut input = serde_json::to_value(common::cadre_input("赵复制", &w.town_a, "37050219850505121", "1")).unwrap();
    input["rank"] = json!("");
    input["current_post"] = json!("");
    let created = post(&w, &staff, "/api/v1/cadres", input).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let dossier = get(&w, &staff, &format!("/api/v1/cadres/{id}")).await;
    assert_eq!(dossier.status, StatusCode::OK, "{}", dossier.body);
    let lagging = get(&w, &staff, "/api/v1/cadres?q=%E8%B5%B5%E5%A4%8D%E5%88%B6").await;
    assert_eq!(lagging.json()["total"], 0, "the list comes from the paused replica");

    // … until replay resumes.
    sqlx::query("SELECT pg_wal_replay_resume()").execute(replica.pool()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let list = get(&w, &staff, "/api/v1/cadres?q=%E8%B5%B5%E5%A4%8D%E5%88%B6").await;
        if list.json()["total"] == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the replica never caught up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    replica.close().await;
    replica_admin.close().await;
    w.app.db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(admin.pool()).await.unwrap();
    admin.close().await;
    if started {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-replica.sh");
        std::process::Command::new(script).arg("stop").status().unwrap();
    }
}

/// A replica that cannot be reached costs nothing but a warning: its reads go to the primary.
#[tokio::test]
async fn a_replica_that_is_down_sends_its_reads_to_the_primary() {
    let db = jianquan_storage::testing::fresh_db().await.unwrap();
    if db.backend() == jianquan_storage::Backend::Sqlite {
        // Replicas are PostgreSQL's: a SQLite primary refuses them.
        assert!(db.with_replicas(&["postgres://postgres@127.0.0.1:1/none".into()], 1).is_err());
        return;
    }
    let db = db.with_replicas(&["postgres://postgres@127.0.0.1:1/none".into()], 1).unwrap();
    let w = world_on(db).await;
    let staff = login(&w.router, "orgstaff").await;
    for _ in 0..3 {
        let list = get(&w, &staff, "/api/v1/cadres?q=%E5%BC%A0%E4%B8%89%E4%B8%B0").await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.json()["total"], 1);
    }
}
