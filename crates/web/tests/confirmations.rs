//! What cannot be undone is confirmed first, through the real router: the form's first post
//! answers with a page stating the consequence and changes nothing; the confirmed post acts.
//! (Voting and closing a round are in `committee_vote` and `selection_pages`; handing in an
//! exam in `integrity`.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{get, login, send, world};
use selection_support::*;

#[tokio::test]
async fn archiving_a_case_is_confirmed_first_and_only_then_done() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    let path = format!("/selection/cases/{case}/archive");
    let asked = send(&w.router, staff.form(&path, &[("reason", "岗位调整，终止本次选拔")])).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("归档后纪实不再变更") && asked.body.contains("纪实〔"), "{}", asked.body);
    assert!(asked.body.contains("name=\"reason\" value=\"岗位调整，终止本次选拔\""), "the form's fields go along");
    assert_ne!(case_view(&w, &staff, &case).await["case"]["state"], "archived", "nothing done before confirming");
    let done = send(&w.router, staff.form(&path, &[("reason", "岗位调整，终止本次选拔"), ("confirmed", "1")])).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(case_view(&w, &staff, &case).await["case"]["state"], "archived");
}

#[tokio::test]
async fn starting_an_exam_says_which_attempt_it_uses_before_using_it() {
    let w = world().await;
    let cadre = login(&w.router, "cadre").await;
    let used = |body: serde_json::Value| body[0]["attempts_used"].as_i64().unwrap();
    let before = used(get(&w, &cadre, "/api/v1/me/exams").await.json());
    let asked = send(&w.router, cadre.form(&format!("/integrity/exams/{}/attempts", w.exam_b), &[])).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("这是第 2 次") && asked.body.contains("开始即计入次数"), "{}", asked.body);
    let after = used(get(&w, &cadre, "/api/v1/me/exams").await.json());
    assert_eq!(before, after, "no attempt is used before confirming");
}
