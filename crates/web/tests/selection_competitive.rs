//! Competitive appointment and open selection (SEL-COMPETITIVE), contract appointment
//! (SEL-CONTRACT), accountability for a misjudged appointment (SEL-ACCOUNTABILITY) and the outcome
//! figure, through the real router.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{World, get, login, post, send, world};
use jianquan_app::Actor;
use selection_support::*;
use serde_json::json;
use time::macros::datetime;

/// An org of `kind` under county B with one post of `rank`, middle-level or not.
async fn org_post(w: &World, org: &str, kind: &str, title: &str, rank: &str, middle_level: bool) -> String {
    let sys = Actor::system_for_cli();
    let input = jianquan_app::registry::orgs::OrgInput {
        parent_id: w.county_b.clone(),
        name: org.into(),
        kind: kind.into(),
        level: "county".into(),
        sort: String::new(),
    };
    let org = jianquan_app::registry::orgs::create_org(&w.app, &sys, &input).await.expect("org");
    let post = jianquan_app::registry::posts::PostInput {
        org_id: org.id,
        title: title.into(),
        rank: rank.into(),
        middle_level: if middle_level { "1".into() } else { String::new() },
        authorised: "1".into(),
        ..Default::default()
    };
    jianquan_app::registry::posts::create_post(&w.app, &sys, &post).await.expect("post").id
}

fn motion_on(post_id: &str, method: &str) -> serde_json::Value {
    json!({"post_id": post_id, "method": method, "proposer": "河口区委组织部", "work_plan": "实施方案"})
}

#[tokio::test]
async fn sel_competitive_a_middle_level_organ_post_is_filled_by_examination_ranked_by_the_announced_weights() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let post_id =
        org_post(&w, "河口区发展和改革局", "government_department", "综合科科长", "township_principal", true).await;
    refused(
        &post(&w, &staff, "/api/v1/selection/cases", motion_on(&post_id, "democratic_recommendation")).await,
        "SEL-COMPETITIVE",
    );
    let case =
        id_of(&post(&w, &staff, "/api/v1/selection/cases", motion_on(&post_id, "competitive_appointment")).await);
    let path = |p: &str| format!("/api/v1/selection/cases/{case}/{p}");
    refused(&post(&w, &staff, &path("recommendation"), json!({})).await, "SEL-COMPETITIVE");
    let rules = "本科以上学历；年龄40周岁以下；任现职满2年";
    refused(
        &post(
            &w,
            &staff,
            &path("examination"),
            json!({"written_weight": "40", "interview_weight": "50", "qualifications": rules}),
        )
        .await,
        "SEL-COMPETITIVE",
    );
    let announced = post(
        &w,
        &staff,
        &path("examination"),
        json!({"written_weight": "40", "interview_weight": "60", "qualifications": rules}),
    )
    .await;
    assert_eq!(announced.status, StatusCode::CREATED, "{}", announced.body);
    let applicants = json!({"cadre_ids": [w.cadre_a, w.cadre_b, w.cadre_city]});
    assert_eq!(post(&w, &staff, &path("applicants"), applicants).await.json()["added"], 3);
    // Each review is recorded; a refusal of qualification states the rule not met.
    let no_reason = post(&w, &staff, &path("reviews"), json!({"cadre_id": w.cadre_city, "qualified": "0"})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    ok(&post(
        &w,
        &staff,
        &path("reviews"),
        json!({"cadre_id": w.cadre_city, "qualified": "0", "reason": "年龄超过40周岁"}),
    )
    .await);
    for cadre in [&w.cadre_a, &w.cadre_b] {
        ok(&post(&w, &staff, &path("reviews"), json!({"cadre_id": cadre, "qualified": "1"})).await);
    }
    refused(
        &post(&w, &staff, &path("scores"), json!({"cadre_id": w.cadre_city, "part": "written", "score": "99"})).await,
        "SEL-COMPETITIVE",
    );
    // 张三丰: 0.4 × 80 + 0.6 × 90 = 86.00; 李四: 0.4 × 90 + 0.6 × 83.33 = 86.00 − 0.002.
    for (cadre, part, score) in [
        (&w.cadre_a, "written", "80"),
        (&w.cadre_a, "interview", "90"),
        (&w.cadre_b, "written", "90"),
        (&w.cadre_b, "interview", "83.33"),
    ] {
        ok(&post(&w, &staff, &path("scores"), json!({"cadre_id": cadre, "part": part, "score": score})).await);
    }
    refused(
        &post(&w, &staff, &path("scores"), json!({"cadre_id": w.cadre_a, "part": "written", "score": "100"})).await,
        "SEL-COMPETITIVE",
    );
    let view = case_view(&w, &staff, &case).await;
    let ranking = view["exam"]["ranking"].as_array().unwrap().clone();
    assert_eq!((ranking[0]["candidate"].as_str(), ranking[0]["rank"].as_u64()), (Some(w.cadre_a.as_str()), Some(1)));
    assert_eq!(ranking[1]["rank"], 2);
    let nominated = post(&w, &staff, &path("ranking"), json!({"places": "1"})).await;
    assert_eq!(nominated.json()["nominated"], json!([w.cadre_a]), "{}", nominated.body);
    let view = case_view(&w, &staff, &case).await;
    assert_eq!(view["case"]["state"], "eligibility");
    assert_eq!(view["candidates"][0]["source"], "examination");
}

#[tokio::test]
async fn sel_contract_a_contract_appointment_records_a_term_of_one_to_five_years_and_its_trial() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let post_id = org_post(&w, "河口区农业技术推广中心", "public_institution", "副主任", "township_deputy", true).await;
    let case = id_of(&post(&w, &staff, "/api/v1/selection/cases", motion_on(&post_id, "contract_appointment")).await);
    through_to_decision(&w, &staff, &inspector, &case, &w.cadre_b).await;
    let members = committee(&w, 3).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let meeting = meeting(&w, &staff, &ids).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids).await);
    for (_, member) in &members {
        vote(&w, member, &meeting, &item, "agree").await;
    }
    ok(&decide(&w, &staff, &meeting, &item).await);
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await);
    let later = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let s = login(&later, "orgstaff").await;
    let appoint = |years: &str, months: &str| {
        s.json(
            "POST",
            &format!("/api/v1/selection/cases/{case}/appointment"),
            json!({"document_number": "河农聘〔2026〕1号", "contract_years": years, "trial_months": months}),
        )
    };
    refused(&send(&later, appoint("6", "6")).await, "SEL-CONTRACT");
    refused(&send(&later, appoint("3", "13")).await, "SEL-CONTRACT");
    refused(&send(&later, appoint("0", "6")).await, "SEL-CONTRACT");
    refused(&send(&later, appoint("3", "0")).await, "SEL-CONTRACT");
    let done = send(&later, appoint("5", "6")).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    // Tenure from the decision (2026-11-26): the trial's last day is 2027-05-25.
    assert_eq!(done.json()["probation_end"], "2027-05-25");
    let duties = common::obligations(&w, &staff, &w.cadre_b).await;
    assert_eq!(common::open_of(&duties, "SEL-CONTRACT").len(), 1);
    assert!(common::open_of(&duties, "SEL-PROBATION").is_empty());
}

#[tokio::test]
async fn sel_accountability_a_sanction_within_the_window_flags_the_case_with_who_recommended_inspected_and_decided() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await);
    let later = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let s = login(&later, "orgstaff").await;
    let appointed = send(
        &later,
        s.json(
            "POST",
            &format!("/api/v1/selection/cases/{case}/appointment"),
            json!({"document_number": "河组任〔2026〕12号"}),
        ),
    )
    .await;
    assert_eq!(appointed.status, StatusCode::CREATED, "{}", appointed.body);
    assert!(get(&w, &staff, "/api/v1/selection/reviews").await.json().as_array().unwrap().is_empty());
    // A sanction dated before the tenure began (recorded late) flags nothing.
    let earlier = json!({"kind": "gov_demerit", "date": "2026-06-01", "authority": "河口区监委", "reason": "旧案"});
    ok(&send(&later, s.json("POST", &format!("/api/v1/cadres/{}/sections/reward_sanction", w.cadre_b), earlier)).await);
    assert!(get(&w, &staff, "/api/v1/selection/reviews").await.json().as_array().unwrap().is_empty());
    // A sanction a year later, within the 24 months of SEL-ACCOUNTABILITY.
    let demerit = json!({"kind": "gov_demerit", "date": "2026-12-01", "authority": "河口区监委", "reason": "违规决策"});
    ok(&send(&later, s.json("POST", &format!("/api/v1/cadres/{}/sections/reward_sanction", w.cadre_b), demerit)).await);
    let flagged = get(&w, &staff, "/api/v1/selection/reviews").await.json();
    assert_eq!(flagged[0]["case"]["id"], case.as_str(), "{flagged}");
    let trail = &flagged[0]["review"]["trail"];
    assert_eq!(trail["inspected_by"], json!(["inspector"]));
    assert_eq!(trail["decided_by"].as_array().unwrap().len(), 3);
    assert!(trail["recommended_by"].as_array().unwrap().iter().any(|r| r == "河口区委组织部"));
    let view = case_view(&w, &staff, &case).await;
    assert_eq!(view["misjudgement"]["rule"], "SEL-ACCOUNTABILITY");
    let page = send(&w.router, staff.get(&format!("/selection/cases/{case}"))).await;
    assert!(page.body.contains("SEL-ACCOUNTABILITY"));
    // The outcome figure: of those promoted in 2026 (the appointment is a promotion), the share
    // rated 优秀 for 2026.
    let figure = get(&w, &staff, "/api/v1/selection/outcomes?year=2026").await.json();
    let total = &figure["total"];
    assert_eq!((total["promoted"].as_i64(), total["excellent"].as_i64()), (Some(1), Some(0)), "{figure}");
    ok(&post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/sections/grade", w.cadre_b),
        json!({"year": "2026", "grade": "excellent"}),
    )
    .await);
    let figure = get(&w, &staff, "/api/v1/selection/outcomes?year=2026").await.json();
    let total = &figure["total"];
    assert_eq!((total["excellent"].as_i64(), total["excellent_permille"].as_i64()), (Some(1), Some(1000)), "{figure}");
    assert_eq!(figure["levels"][0]["level"], 6, "county deputy");
}
