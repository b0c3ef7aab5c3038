//! The write path under pressure: requests cancelled halfway never leave a transaction open,
//! and conflicting requests in flight never both pass a rule's check.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{login, send, world};
use tower::ServiceExt;

/// Dossier opens (each writes a view entry) cut off at every point of their write, many at once
/// and again and again, as a load tool or closed tabs do. Afterwards sign-in and writes work.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_cancelled_mid_write_never_stop_later_writes() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for round in 0..100_u64 {
        let mut inflight = Vec::new();
        for i in 0..24_u64 {
            let router = w.router.clone();
            let request = staff.get(&format!("/cadres/{}", w.cadre_a));
            // Cut-offs spread from 0 to 4 ms: before, during and after BEGIN, the entry, COMMIT.
            let cut = Duration::from_micros((round * 24 + i) * 211 % 4000);
            inflight.push(tokio::spawn(async move {
                let _ = tokio::time::timeout(cut, router.oneshot(request)).await;
            }));
        }
        for task in inflight {
            task.await.expect("task");
        }
    }
    // A stuck transaction would make this wait out SQLite's busy timeout and fail with a 500;
    // the outer limit only keeps a broken build from hanging the suite.
    let admin =
        tokio::time::timeout(Duration::from_secs(60), login(&w.router, "admin")).await.expect("sign-in answers");
    let reply = send(&w.router, admin.get(&format!("/cadres/{}", w.cadre_b))).await;
    assert_eq!(reply.status, StatusCode::OK, "a write after the cancellations: {}", reply.body);
    let verified = jianquan_app::ledger::verify(&w.app).await.expect("verify");
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
}
