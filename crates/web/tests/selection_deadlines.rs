//! Deadlines and dates of a selection case through the real router: the publicity period is not
//! counted into a year whose State Council holiday notice the calendar lacks (SEL-PUBLICITY,
//! refused with the missing notice named, on the API and on the page).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{login, post, send, world};
use selection_support::*;
use serde_json::json;

/// The notice of the State Council that the calendar does not have (`policy/calendar-cn.toml`
/// holds 2027's statutory holidays only, until its notice is entered).
const MISSING_2027: &str = "国务院办公厅关于2027年部分节假日安排的通知";

#[tokio::test]
async fn sel_publicity_into_a_year_without_its_holiday_notice_is_refused_naming_the_notice() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let path = format!("/api/v1/selection/cases/{case}/publicity");
    // From Monday 2026-12-28 the fifth working day would fall in 2027.
    let into_2027 = post(&w, &staff, &path, json!({"published_on": "2026-12-28"})).await;
    refused(&into_2027, "SEL-PUBLICITY");
    let message = &into_2027.json()["error"]["message"];
    assert!(message["zh"].as_str().unwrap().contains(MISSING_2027), "{}", into_2027.body);
    assert!(message["en"].as_str().unwrap().contains("2027 holiday arrangements"), "{}", into_2027.body);
    // The case page answers the form with the same refusal, not a server error.
    let case_path = format!("/selection/cases/{case}");
    let page = send(&w.router, staff.form(&format!("{case_path}/publicity"), &[("published_on", "2026-12-28")])).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(page.body.contains(MISSING_2027), "the page names the missing notice");
    // Within 2026 the period is counted: Monday 12-21 to Friday 12-25.
    let within_2026 = post(&w, &staff, &path, json!({"published_on": "2026-12-21"})).await;
    assert_eq!(within_2026.status, StatusCode::CREATED, "{}", within_2026.body);
    assert_eq!(within_2026.json()["period_end"], "2026-12-25");
}
