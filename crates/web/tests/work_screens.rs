//! The work screens as staff use them: compliance worst first with rounded rates and the short
//! list's unit, post and unmet rule; obligations with 办理 and days overdue; attendance as 全部出勤
//! plus exceptions and a printable 签到表; the public notice in the standard format, its form's
//! errors beside each field.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, World, get, login, post, send, world};
use jianquan_app::Actor;
use jianquan_domain::registry::dossier::EducationInput;
use selection_support::*;
use serde_json::json;
use time::macros::datetime;

fn ids(members: &[(String, Session)]) -> Vec<&str> {
    members.iter().map(|(id, _)| id.as_str()).collect()
}

/// The part of `body` from `start` (included) to the next `end` after it.
fn part<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body.find(start).unwrap_or_else(|| panic!("{start} missing"));
    let rest = &body[from..];
    &rest[..rest[start.len()..].find(end).map_or(rest.len(), |at| at + start.len())]
}

async fn trained(w: &World, staff: &Session, cadre: &str) {
    let record = json!({"title": "轮训", "kind": "party_school", "organiser": "区委党校", "start_date": "2026-05-01",
        "end_date": "2026-05-15", "class_hours": "95", "full_time": "1"});
    let reply = post(w, staff, &format!("/api/v1/cadres/{cadre}/training-records"), record).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn compliance_leads_with_who_is_short_puts_the_worst_unit_first_and_rounds_its_rates() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    trained(&w, &staff, &w.cadre_a).await;
    trained(&w, &staff, &w.cadre_b).await;
    let page = get(&w, &staff, &format!("/training/compliance?org={}", w.city)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // Two of three: 66.7%, rounded (truncating would say 66.6%).
    assert!(page.body.contains("66.7%") && !page.body.contains("66.6%"));
    assert!(part(&page.body, "id=\"short-total\"", "</p>").contains("<strong>1</strong>"), "未达标 1 人 leads");
    let rates = part(&page.body, "id=\"unit-rates\"", "</tbody>");
    let own = rates.find("东营市（本级）").unwrap();
    assert!(own < rates.find("东营区").unwrap() && own < rates.find("河口区").unwrap(), "0% before 100%: {rates}");
    assert!(page.body.contains("class=\"target\""), "the target line");
    // The short list: 王五, his unit and post, the unmet rule by its title.
    let short = part(&page.body, "id=\"short-list\"", "</tbody>");
    let (title, _) = w.app.policy.title_of("TRN-TOWNSHIP-YEAR").unwrap();
    assert!(short.contains("王五") && short.contains("<td>东营市</td>") && short.contains("<td>科长</td>"), "{short}");
    assert!(short.contains(&format!(">{}</span>", title.zh)), "{short}");
}

#[tokio::test]
async fn an_obligation_offers_its_action_first_and_closing_behind_more_with_days_overdue() {
    let w = world().await;
    let later = router_at(&w, datetime!(2027-03-01 02:00 UTC));
    let staff = login(&later, "orgstaff").await;
    let due = get(&w, &staff, &format!("/api/v1/cadres/{}/obligations", w.cadre_b)).await.json()[0]["due_date"]
        .as_str()
        .unwrap()
        .to_owned();
    let due = jianquan_domain::registry::dates::parse_date("due", &due).unwrap();
    let days = (time::macros::date!(2027 - 03 - 01) - due).whole_days();
    assert!(days > 0, "the warning talk is overdue by March");
    let page = send(&later, staff.get("/integrity/obligations?show=overdue")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let list = part(&page.body, "id=\"obligation-list\"", "</table>");
    // 办理 goes to the cadre's talk form; 关闭 waits behind 更多.
    let act = list.find(&format!("href=\"/cadres/{}/training#talk\"", w.cadre_b)).expect("办理 link");
    assert!(list[act..].contains("办理"), "{list}");
    assert!(act < list.find("<summary>更多</summary>").unwrap() && act < list.find("关闭").unwrap());
    assert!(list.contains("<td>河口区</td>"), "the unit column: {list}");
    assert!(list.contains(&format!("<strong class=\"warn-text\">{days}</strong>")), "days overdue: {list}");
}

#[tokio::test]
async fn attendance_marks_everyone_present_but_the_exceptions_and_prints_a_sign_in_sheet() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let course = format!("/training/courses/{}", w.course_b);
    let added = send(
        &w.router,
        staff.form(
            &format!("{course}/sessions"),
            &[("date", "2026-11-05"), ("topic", "党章党规"), ("class_hours", "3")],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let enrolled = send(&w.router, staff.form(&format!("{course}/enrolments"), &[("names", "李四")])).await;
    assert_eq!(enrolled.status, StatusCode::SEE_OTHER, "{}", enrolled.body);
    let page = get(&w, &staff, &course).await.body;
    let session = part(&page, "name=\"session_id\" required><option value=\"", "\"")
        .trim_start_matches("name=\"session_id\" required><option value=\"")
        .to_owned();
    let (a, b) = (format!("s_{}", w.cadre_a), format!("s_{}", w.cadre_b));
    let marked = send(
        &w.router,
        staff.form(
            &format!("{course}/attendance"),
            &[("session_id", &session), (&a, ""), (&b, "leave"), ("all_present", "1")],
        ),
    )
    .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    let after = get(&w, &staff, &course).await.body;
    let row_of = |name: &str| part(&after, &format!(">{name}</a>"), "</tr>").to_owned();
    assert!(row_of("张三丰").contains("<td>✓</td>"), "present by default");
    assert!(row_of("李四").contains("<td>假</td>"), "the exception kept");
    assert!(after.contains("全部出勤") && after.contains("?sheet=1"));
    let sheet = get(&w, &staff, &format!("{course}?sheet=1&session={session}")).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(
        sheet.body.contains("签到表") && sheet.body.contains("id=\"sign-sheet\"") && sheet.body.contains("党章党规")
    );
    assert!(sheet.body.contains("张三丰") && sheet.body.contains("李四") && !sheet.body.contains("class=\"menu\""));
}

#[tokio::test]
async fn the_public_notice_states_the_standard_facts_under_its_masthead_and_marks_each_field() {
    let w = world().await;
    let sys = Actor::system_for_cli();
    let input = common::cadre_input("赵六", &w.county_a, "37050219820715123", "1");
    let cadre = jianquan_app::registry::cadres::create_cadre(&w.app, &sys, &input).await.unwrap().id;
    let education = EducationInput {
        mode: "full_time".into(),
        level: "20".into(),
        school: "中国石油大学".into(),
        major: "化学工程".into(),
        ..EducationInput::default()
    };
    jianquan_app::registry::dossier::add_education(&w.app, &sys, &cadre, &education).await.unwrap();
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = case_at_decision(&w, &staff, &inspector, &cadre).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &cadre).await);
    open_meeting(&w, &staff, &meeting, &ids(&members)).await;
    for (_, member) in &members {
        assert_eq!(vote(&w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    decide(&w, &staff, &meeting, &item).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await;
    assert_eq!(notice.status, StatusCode::CREATED, "{}", notice.body);
    let public = send(&w.router, Session::default().get("/public/publicity")).await;
    let card = part(&public.body, "class=\"notice-card\"", "</article>");
    for fact in [
        "中共东营市委组织部",
        "出生年月</dt><dd>1982年7月",
        "汉族",
        "山东东营",
        "大学本科",
        "入党时间</dt><dd>2005年7月",
        "参加工作时间</dt><dd>2003年8月",
        "2026年11月26日",
    ] {
        assert!(card.contains(fact), "{fact} missing from {card}");
    }
    // An objection without its matter: the message stands beside the field.
    let notice_id = notice.json()["id"].as_str().unwrap().to_owned();
    let (challenge, nonce) = common::proof(&w.router).await;
    let fields = [("notice_id", notice_id.as_str()), ("anonymous", "1"), ("challenge", &challenge), ("nonce", &nonce)];
    let refused = send(&w.router, common::fresh_client(Session::default().form("/public/objections", &fields))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains(&format!("aria-describedby=\"text-{notice_id}-error\"")), "{}", refused.body);
    assert!(refused.body.contains(&format!("class=\"field-error\" role=\"alert\" id=\"text-{notice_id}-error\"")));
}
