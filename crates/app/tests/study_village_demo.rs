//! The demo city carries study groups, study records and village batches, written through the
//! use-cases with a ledger entry each.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_app::{Actor, App, Clock, demo, study, village};
use time::macros::datetime;

#[tokio::test]
async fn the_demo_has_study_groups_reports_and_a_finished_and_a_running_batch() {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy");
    demo::load_demo(&app, 7).await.expect("demo loads");
    let system = Actor::system_for_cli();

    let groups = study::list_groups(&app, &system, 2026, 1).await.unwrap();
    assert_eq!(groups.total, 3);
    assert!(groups.items.iter().all(|g| g.summary.members == 8 && g.summary.sessions >= 3));
    assert!(groups.items.iter().all(|g| g.rate.percent.is_some_and(|p| p > 60.0 && p < 100.0)));

    let reports = study::list_reports(&app, &system, 2025, 1).await.unwrap();
    assert_eq!(reports.total, 18);
    assert_eq!(reports.items.iter().filter(|r| r.exam_score.is_some()).count(), 15);
    assert!(reports.items.iter().any(|r| r.exam_passed == Some(false)), "someone failed the exam");

    let overview = village::overview(&app, &system, 1).await.unwrap();
    let statuses: Vec<&str> = overview.batches.items.iter().map(|b| b.status.code()).collect();
    assert_eq!(statuses, ["running", "ended"]);
    assert_eq!(overview.totals.assignments, 12);
    assert_eq!(overview.totals.distribution.total(), 6, "the finished batch is evaluated");
    assert!(overview.totals.logs >= 24);

    let mut conn = app.db.read().await.unwrap();
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
    let entries = jianquan_storage::ledger::recent(&mut conn, "training.", None, 1000).await.unwrap();
    assert!(entries.len() > 100, "{} entries", entries.len());
}
