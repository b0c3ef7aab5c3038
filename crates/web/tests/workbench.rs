//! The 工作台 through the real router: every account starts there; each role's cards list its
//! to-dos with counts, due dates and links, scoped like everything else; the menu carries the
//! counts; and a to-do done leaves the list.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, World, login, post, send, world};
use selection_support::*;
use serde_json::json;

/// The count a card shows, or `None` when the page has no such card.
fn count(body: &str, card: &str) -> Option<i64> {
    let at = body.find(&format!("id=\"todo-{card}\""))?;
    let rest = &body[at..];
    let start = rest.find("<span class=\"count\">")? + "<span class=\"count\">".len();
    rest[start..].split('<').next()?.trim().parse().ok()
}

/// The card's HTML, up to the next card.
fn card<'a>(body: &'a str, card: &str) -> &'a str {
    let at = body.find(&format!("id=\"todo-{card}\"")).unwrap_or_else(|| panic!("no card {card}: {body}"));
    let rest = &body[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

async fn workbench(w: &World, s: &Session) -> String {
    let page = send(&w.router, s.get("/workbench")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body
}

#[tokio::test]
async fn every_account_starts_on_its_workbench_and_the_public_signs_in_first() {
    let w = world().await;
    for username in ["admin", "orgstaff", "county_staff", "discipline", "inspector", "committee", "auditor", "cadre"] {
        let s = login(&w.router, username).await;
        let home = send(&w.router, s.get("/")).await;
        assert_eq!((home.status, home.location.as_str()), (StatusCode::SEE_OTHER, "/workbench"), "{username}");
        let body = workbench(&w, &s).await;
        assert!(body.contains("<h1>工作台</h1>") && body.contains("aria-current=\"page\">工作台"), "{username}");
    }
    let public = send(&w.router, Session::default().get("/")).await;
    assert_eq!(public.location, "/login");
    assert!(send(&w.router, Session::default().get("/workbench")).await.location.starts_with("/login"));
}

#[tokio::test]
async fn the_cadre_sees_the_exam_due_and_the_talk_to_acknowledge_until_acknowledged() {
    let w = world().await;
    let cadre = login(&w.router, "cadre").await;
    let body = workbench(&w, &cadre).await;
    assert_eq!(count(&body, "my_exams"), Some(1), "{body}");
    assert!(
        card(&body, "my_exams").contains("党纪政纪条规测试") && card(&body, "my_exams").contains("/me/training#exams")
    );
    assert_eq!(count(&body, "my_talks"), Some(1));
    assert!(body.contains("href=\"/me\">我的干部档案"), "the cadre's dossier is one click away");
    assert!(count(&body, "rounds_to_close").is_none(), "no staff card for a cadre");
    let ack = post(&w, &cadre, &format!("/api/v1/talks/{}/acknowledgement", w.talk_a), json!({"note": "已知悉"})).await;
    assert!(ack.status.is_success(), "{}", ack.body);
    assert_eq!(count(&workbench(&w, &cadre).await, "my_talks"), Some(0));
}

#[tokio::test]
async fn a_committee_member_is_given_the_item_to_vote_on_and_the_menu_counts_it() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let members = committee(&w, 3).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let meeting = meeting(&w, &staff, &ids).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids).await);
    let body = workbench(&w, &members[0].1).await;
    assert_eq!(count(&body, "my_votes"), Some(1), "{body}");
    let votes = card(&body, "my_votes");
    assert!(votes.contains(&format!("/selection/meetings/{meeting}#item-{item}")) && votes.contains("李四 → 副区长"));
    assert!(body.contains("常委会会议 <span class=\"count\""), "the menu item carries the count");
    // Staff see the vote to count; county A's staff do not (the meeting is county B's).
    assert_eq!(count(&workbench(&w, &staff).await, "votes_to_count"), Some(1));
    let county_a = login(&w.router, "county_staff").await;
    assert_eq!(count(&workbench(&w, &county_a).await, "votes_to_count"), Some(0));
    // Voted: the item leaves the member's list.
    assert_eq!(vote(&w, &members[0].1, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    assert_eq!(count(&workbench(&w, &members[0].1).await, "my_votes"), Some(0));
}

#[tokio::test]
async fn staff_are_given_the_open_round_to_close() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "paper", 3, &[&w.cadre_b]).await;
    assert_eq!(count(&workbench(&w, &staff).await, "rounds_to_close"), Some(0), "the round is not open yet");
    drop(open_round(&w, &staff, &round, 3).await);
    let staff_page = workbench(&w, &staff).await;
    assert_eq!(count(&staff_page, "rounds_to_close"), Some(1), "{staff_page}");
    assert!(card(&staff_page, "rounds_to_close").contains(&format!("/selection/rounds/{round}")));
}

#[tokio::test]
async fn an_inspector_signs_the_letter_then_writes_the_report() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let second = motion(&w, &staff).await;
    through_to_decision_team(&w, &staff, &inspector, &second).await;
    let before = workbench(&w, &inspector).await;
    assert_eq!((count(&before, "letters_to_sign"), count(&before, "reports_to_write")), (Some(1), Some(0)));
    assert!(card(&before, "letters_to_sign").contains(&format!("/selection/cases/{second}")));
    ok(&post(&w, &inspector, &format!("/api/v1/selection/cases/{second}/letters"), json!({"cadre_id": w.cadre_b}))
        .await);
    let after = workbench(&w, &inspector).await;
    assert_eq!((count(&after, "letters_to_sign"), count(&after, "reports_to_write")), (Some(0), Some(1)));
}

#[tokio::test]
async fn discipline_is_given_the_objection_to_check() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let decided = decided_case(&w, &staff, &inspector, &members).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{decided}/publicity"), json!({})).await.json();
    let objection =
        json!({"notice_id": notice["id"], "name": "赵六", "contact": "13800000000", "text": "反映其违规经商"});
    let raised =
        post(&w, &Session::default(), "/api/v1/selection/objections", common::with_proof(&w.router, objection).await)
            .await;
    assert_eq!(raised.status, StatusCode::CREATED, "{}", raised.body);
    let discipline = login(&w.router, "discipline").await;
    let body = workbench(&w, &discipline).await;
    assert_eq!(count(&body, "objections_to_check"), Some(1), "{body}");
    assert!(card(&body, "objections_to_check").contains("李四"));
}

/// A case with the eligibility gate passed and an inspection team of the one inspector formed
/// for 李四, whose letter is not yet signed.
async fn through_to_decision_team(w: &World, staff: &Session, inspector: &Session, case: &str) {
    through_to_inspection(w, staff, case, &w.cadre_b).await;
    let me = common::get(w, inspector, "/api/v1/me").await.json()["id"].as_str().unwrap().to_owned();
    let team = json!({"cadre_id": w.cadre_b, "inspectors": [me]});
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/teams"), team).await);
}

#[tokio::test]
async fn a_province_of_overdue_obligations_is_counted_up_to_the_cap_and_listed_most_overdue_first() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let before = count(&workbench(&w, &staff).await, "obligations_overdue").unwrap();
    // 1,100 more overdue obligations of 李四 (county B), one of them the oldest of all.
    sqlx::query(
        "INSERT INTO obligations (id, cadre_id, org_path, rule, kind, source_kind, source_id, source_date, due_date, \
         interval_months, status, note, created_seq, updated_seq) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100) \
         SELECT 'bulk-' || CAST(i AS TEXT), c.id, c.org_path, 'INT-SIX-MUSTS-1', 'integrity_talk', 'integrity_event', \
         'bulk', '2024-01-01', CASE WHEN i = 777 THEN '2024-02-01' ELSE '2025-01-01' END, NULL, 'open', '', 1, 1 \
         FROM n, cadres c WHERE c.id = $1",
    )
    .bind(&w.cadre_b)
    .execute(w.app.db.pool())
    .await
    .unwrap();
    let body = workbench(&w, &staff).await;
    assert!(before < 1000, "the fixture's own are few");
    assert!(card(&body, "obligations_overdue").contains("<span class=\"count\">1000+</span>"), "{body}");
    // The oldest first: its days overdue exceed the next line's.
    let days: Vec<i64> = card(&body, "obligations_overdue")
        .split("逾期 ")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(days.len(), 8, "{body}");
    assert!(days[0] > days[1] && days[1..].windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // County A's staff have none of them: their count is exact and their list their own.
    let county_a = login(&w.router, "county_staff").await;
    let theirs = count(&workbench(&w, &county_a).await, "obligations_overdue").unwrap();
    assert!(theirs < 1000, "{theirs}");
}
