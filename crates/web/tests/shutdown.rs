//! A stopping server waits for the requests whose clients left: their writes land instead of
//! failing on a closed database pool. (Its own test binary: the count of running requests is
//! the process's, so no other test may send requests meanwhile.)

mod common;

use std::time::Duration;

use common::{login, world};
use jianquan_web::routes::{requests_finished, requests_running};
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_whose_client_left_is_waited_for_and_its_write_lands() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let views = || async {
        let mut conn = w.app.db.read().await.expect("read");
        jianquan_storage::ledger::history(&mut conn, "cadre", &w.cadre_a, 100)
            .await
            .expect("history")
            .into_iter()
            .filter(|e| e.action == "registry.dossier.view")
            .count()
    };
    let before = views().await;
    // The writer is held (SQLite: the writers' queue; PostgreSQL: the ledger's head row, which
    // every entry updates), so the dossier's view entry has to wait for its turn.
    let mut hold = w.app.db.write().await.expect("hold the writer");
    if w.app.db.backend() == jianquan_storage::Backend::Postgres {
        sqlx::query("SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE").execute(&mut *hold).await.expect("lock");
    }
    let router = w.router.clone();
    let request = staff.get(&format!("/cadres/{}", w.cadre_a));
    let client = tokio::spawn(async move { router.oneshot(request).await });
    tokio::time::timeout(Duration::from_secs(10), async {
        while requests_running() == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await
    .expect("the request started");
    client.abort();
    assert!(client.await.expect_err("aborted").is_cancelled());
    // The client is gone; the request still waits for the writer.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(requests_running(), 1, "the request runs on after its client left");
    let waiting = tokio::spawn(requests_finished());
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!waiting.is_finished(), "a stopping server waits while the request's write is queued");
    drop(hold);
    tokio::time::timeout(Duration::from_secs(10), waiting).await.expect("finished in time").expect("task");
    assert_eq!(views().await, before + 1, "the view entry of the abandoned request was written");
}
