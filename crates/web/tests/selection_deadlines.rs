//! Deadlines and dates of a selection case through the real router: the publicity period is not
//! counted into a year whose State Council holiday notice the calendar lacks (SEL-PUBLICITY,
//! refused with the missing notice named, on the API and on the page), an expired recommendation
//! result is refused and recorded under SEL-RECOMMEND-VALIDITY, a round is not dated before its
//! case's motion (SEL-RECORD), and the notice names the candidate's unit once in 现任职务.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, World, get, login, post, send, world};
use jianquan_app::Actor;
use selection_support::*;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

fn ids(members: &[(String, Session)]) -> Vec<&str> {
    members.iter().map(|(id, _)| id.as_str()).collect()
}

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

/// The same database on another day, with the staff signed in there.
async fn staff_on(w: &World, at: OffsetDateTime) -> (axum::Router, Session) {
    let router = router_at(w, at);
    let staff = login(&router, "orgstaff").await;
    (router, staff)
}

/// Opens `round` on the router's day with three electors present; every code votes for `candidate`.
async fn hold_round(w: &World, router: &axum::Router, staff: &Session, round: &str, candidate: &str) {
    let opened = send(
        router,
        staff.json("POST", &format!("/api/v1/selection/rounds/{round}/open"), json!({"present": electors(3)})),
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    for code in opened.json()["codes"].as_array().unwrap() {
        assert_eq!(vote_with(w, code.as_str().unwrap(), &[candidate]).await.status, StatusCode::CREATED);
    }
    ok(&send(router, staff.json("POST", &format!("/api/v1/selection/rounds/{round}/close"), json!({}))).await);
}

#[tokio::test]
async fn sel_recommend_validity_an_expired_result_is_refused_by_name_and_its_candidate_recorded_as_dropped() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    // Held on 2026-11-26, everyone for 李四: valid through 2027-11-26.
    let first = round(&w, &staff, &case, "online", 3, &[&w.cadre_b]).await;
    hold_round(&w, &w.router, &staff, &first, &w.cadre_b).await;
    let nomination = format!("/api/v1/selection/cases/{case}/nomination");
    let (later, staff_later) = staff_on(&w, datetime!(2027-11-27 02:00 UTC)).await;
    let expired = send(&later, staff_later.json("POST", &nomination, json!({}))).await;
    refused(&expired, "SEL-RECOMMEND-VALIDITY");
    assert!(
        expired.json()["error"]["message"]["zh"].as_str().unwrap().contains("有效至 2027-11-26"),
        "{}",
        expired.body
    );
    // A second round, on 2027-06-01, for 张三丰: he is nominated; 李四 is dropped, and the step says why.
    let second = round(&w, &staff, &case, "online", 3, &[&w.cadre_a]).await;
    let (june, staff_june) = staff_on(&w, datetime!(2027-06-01 02:00 UTC)).await;
    hold_round(&w, &june, &staff_june, &second, &w.cadre_a).await;
    let nominated = send(&later, staff_later.json("POST", &nomination, json!({}))).await;
    assert_eq!(nominated.json()["nominated"], json!([w.cadre_a]), "{}", nominated.body);
    let view = case_view(&w, &staff, &case).await;
    let close =
        view["history"].as_array().unwrap().iter().find(|e| e["action"] == "selection.nomination.close").unwrap();
    let detail: serde_json::Value = serde_json::from_str(close["detail"].as_str().unwrap()).unwrap();
    let dropped = &detail["dropped"][0];
    assert_eq!(detail["dropped"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(
        (dropped["candidate"].as_str(), dropped["round"].as_str()),
        (Some(w.cadre_b.as_str()), Some(first.as_str()))
    );
    assert_eq!(
        (dropped["held_on"].as_str(), dropped["valid_through"].as_str()),
        (Some("2026-11-26"), Some("2027-11-26"))
    );
    assert_eq!(dropped["rule"], "SEL-RECOMMEND-VALIDITY");
    assert!(dropped["reason"]["zh"].as_str().unwrap().contains("已失效"), "{dropped}");
    assert!(close["rules"].as_str().unwrap().contains("SEL-RECOMMEND-VALIDITY"));
}

#[tokio::test]
async fn sel_record_a_round_dated_before_its_case_s_motion_is_refused_and_on_the_motion_s_day_allowed() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // The motion is dated today, 2026-11-26.
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "paper", 3, &[&w.cadre_b]).await;
    let open = format!("/api/v1/selection/rounds/{round}/open");
    let before = post(&w, &staff, &open, json!({"present": electors(3), "date": "2026-11-25"})).await;
    refused(&before, "SEL-RECORD");
    assert!(before.json()["error"]["message"]["zh"].as_str().unwrap().contains("2026-11-26"), "{}", before.body);
    let same_day = post(&w, &staff, &open, json!({"present": electors(3), "date": "2026-11-26"})).await;
    assert_eq!(same_day.status, StatusCode::OK, "{}", same_day.body);
}

#[tokio::test]
async fn the_notice_and_the_case_page_name_the_candidate_s_unit_once_in_the_current_post() {
    let w = world().await;
    let sys = Actor::system_for_cli();
    let office = jianquan_app::registry::orgs::OrgInput {
        parent_id: w.city.clone(),
        name: "市政府办公室".into(),
        kind: "government_department".into(),
        level: "city".into(),
        sort: String::new(),
    };
    let office = jianquan_app::registry::orgs::create_org(&w.app, &sys, &office).await.unwrap().id;
    // The current post as it is often entered: with the unit already in it.
    let input = jianquan_domain::registry::CadreInput {
        current_post: "市政府办公室财务科科长".into(),
        ..common::cadre_input("赵六", &office, "37050219800202123", "1")
    };
    let cadre = jianquan_app::registry::cadres::create_cadre(&w.app, &sys, &input).await.unwrap().id;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = case_at_decision(&w, &staff, &inspector, &cadre).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &cadre).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids(&members)).await);
    for (_, member) in &members {
        assert_eq!(vote(&w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    ok(&decide(&w, &staff, &meeting, &item).await);
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await;
    assert_eq!(notice.status, StatusCode::CREATED, "{}", notice.body);
    assert_eq!(notice.json()["current_post"], "市政府办公室财务科科长");
    assert_eq!(notice.json()["proposed_post"], "河口区副区长");
    let public = send(&w.router, Session::default().get("/public/publicity")).await;
    let case_page = get(&w, &staff, &format!("/selection/cases/{case}")).await;
    for page in [&public, &case_page] {
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("市政府办公室财务科科长"), "the current post is shown");
        assert!(!page.body.contains("市政府办公室市政府办公室"), "the unit is named once");
    }
}
