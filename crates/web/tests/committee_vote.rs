//! The committee's vote as the 2019 条例 runs it, through the real router: the method chosen per
//! item before the meeting opens (SEL-VOTE-METHOD) — a secret ballot links no stored vote to its
//! member and shows nothing before the count — and the principal leader stating last in an open
//! vote (SEL-SECRETARY-LAST); what a member sees of colleagues' votes, the confirmation before a
//! vote is recorded, and the agenda item's 任免审批表 filled from its case.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, World, get, login, post, send, world};
use selection_support::*;
use serde_json::{Value, json};

fn ids(members: &[(String, Session)]) -> Vec<&str> {
    members.iter().map(|(id, _)| id.as_str()).collect()
}

/// A case at decision with its candidate on the agenda of an opened meeting of `n` members (the
/// last the secretary), voted by `method`. Returns (members, meeting, item).
async fn opened(w: &World, n: usize, method: &str) -> (Vec<(String, Session)>, String, String) {
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = case_at_decision(w, &staff, &inspector, &w.cadre_b).await;
    let members = committee(w, n).await;
    let meeting = meeting(w, &staff, &ids(&members)).await;
    let path = format!("/api/v1/selection/meetings/{meeting}/items");
    let added = post(w, &staff, &path, json!({"case_id": case, "cadre_id": w.cadre_b, "method": method})).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let item = id_of(&added);
    ok(&open_meeting(w, &staff, &meeting, &ids(&members)).await);
    (members, meeting, item)
}

async fn view(w: &World, s: &Session, meeting: &str) -> Value {
    let reply = get(w, s, &format!("/api/v1/selection/meetings/{meeting}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn count(w: &World, sql: &str, item: &str) -> i64 {
    sqlx::query_scalar(sql).bind(item).fetch_one(w.app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn sel_vote_method_a_secret_ballot_stores_no_vote_by_member_and_shows_none_before_the_count() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (members, meeting, item) = opened(&w, 3, "secret_ballot").await;
    assert_eq!(vote(&w, &members[0].1, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    // Nobody sees any vote before the count: not the staff, not the member who voted, not the
    // others; only that one member has voted.
    for reader in [&staff, &members[0].1, &members[1].1] {
        let v = view(&w, reader, &meeting).await;
        assert!(v["votes"].as_array().unwrap().is_empty(), "{v}");
        assert_eq!(v["voted"], json!([[item, members[0].0]]));
    }
    // The member's second ballot is refused; the stored ballot names no member.
    refused(&vote(&w, &members[0].1, &meeting, &item, "disagree").await, "SEL-PASS");
    assert_eq!(count(&w, "SELECT COUNT(*) FROM selection_votes WHERE item_id = $1", &item).await, 0);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM selection_secret_ballots WHERE item_id = $1", &item).await, 1);
    let ledger = get(&w, &staff, "/api/v1/ledger?action=selection.meeting.ballot").await.json();
    let detail = ledger[0]["detail"].as_str().expect("the ballot's ledger entry").to_owned();
    assert!(detail.contains(&members[0].0), "who voted is recorded: {detail}");
    assert!(!detail.contains("agree"), "the ledger says that a member voted, never how: {detail}");
    // The secretary needs no turn in a secret ballot; counting needs every ballot.
    refused(&decide(&w, &staff, &meeting, &item).await, "SEL-PASS");
    assert_eq!(vote(&w, &members[2].1, &meeting, &item, "disagree").await.status, StatusCode::CREATED);
    assert_eq!(vote(&w, &members[1].1, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    let counted = decide(&w, &staff, &meeting, &item).await;
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.body);
    let r = counted.json();
    assert_eq!((r["agree"].as_u64(), r["disagree"].as_u64(), r["passed"].as_bool()), (Some(2), Some(1), Some(true)));
    // After the count the page gives the counts, still no vote by name.
    let v = view(&w, &staff, &meeting).await;
    assert!(v["votes"].as_array().unwrap().is_empty());
    let page = send(&w.router, staff.get(&format!("/selection/meetings/{meeting}"))).await;
    assert!(page.body.contains("无记名投票") && page.body.contains("同意 2 票，不同意 1 票"), "{}", page.body);
}

#[tokio::test]
async fn sel_vote_method_is_one_of_three_and_chosen_before_the_meeting_opens() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let members = committee(&w, 3).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let path = format!("/api/v1/selection/meetings/{meeting}/items");
    let circulated = post(&w, &staff, &path, json!({"case_id": case, "cadre_id": w.cadre_b, "method": "圈阅"})).await;
    assert_eq!(circulated.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", circulated.body);
    assert!(circulated.body.contains("\"method\""));
    let oral = post(&w, &staff, &path, json!({"case_id": case, "cadre_id": w.cadre_b, "method": "口头表决"})).await;
    assert_eq!(oral.status, StatusCode::CREATED, "{}", oral.body);
    assert_eq!(view(&w, &staff, &meeting).await["items"][0]["method"], "oral");
    // A meeting names its secretary among its members.
    let body = json!({"org_id": w.county_b, "title": "区委常委会", "held_on": "2026-11-26",
        "members": ids(&members), "principal": ""});
    let reply = post(&w, &staff, "/api/v1/selection/meetings", body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("\"principal\""));
}

#[tokio::test]
async fn sel_secretary_last_the_principal_is_refused_until_every_other_present_member_has_voted() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (members, meeting, item) = opened(&w, 3, "show_of_hands").await;
    let secretary = &members[2].1;
    let early = vote(&w, secretary, &meeting, &item, "agree").await;
    refused(&early, "SEL-SECRETARY-LAST");
    assert!(early.body.contains("尚有 2 名"), "{}", early.body);
    let page = send(&w.router, secretary.get(&format!("/selection/meetings/{meeting}"))).await;
    assert!(page.body.contains(&format!("id=\"secretary-waits-{item}\"")), "the secretary is told to wait");
    assert!(!page.body.contains("name=\"vote\""), "no voting buttons yet");
    assert_eq!(vote(&w, &members[0].1, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    refused(&vote(&w, secretary, &meeting, &item, "agree").await, "SEL-SECRETARY-LAST");
    assert_eq!(vote(&w, &members[1].1, &meeting, &item, "disagree").await.status, StatusCode::CREATED);
    assert_eq!(vote(&w, secretary, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    assert_eq!(decide(&w, &staff, &meeting, &item).await.json()["agree"], 2);
}

#[tokio::test]
async fn an_open_vote_is_hidden_from_a_member_until_they_have_voted_and_is_confirmed_first() {
    let w = world().await;
    let (members, meeting, item) = opened(&w, 3, "oral").await;
    assert_eq!(vote(&w, &members[0].1, &meeting, &item, "disagree").await.status, StatusCode::CREATED);
    let before = view(&w, &members[1].1, &meeting).await;
    assert!(before["votes"].as_array().unwrap().is_empty(), "no colleague's vote before one's own: {before}");
    assert_eq!(before["voted"].as_array().unwrap().len(), 1, "but who has voted is shown");
    let path = format!("/selection/meetings/{meeting}/vote");
    let asked = send(&w.router, members[1].1.form(&path, &[("item_id", &item), ("vote", "defer")])).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("投缓议票（口头表决），提交后不可更改"), "{}", asked.body);
    assert!(view(&w, &members[1].1, &meeting).await["voted"].as_array().unwrap().len() == 1, "nothing recorded");
    let done =
        send(&w.router, members[1].1.form(&path, &[("item_id", &item), ("vote", "defer"), ("confirmed", "1")])).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = view(&w, &members[1].1, &meeting).await;
    assert_eq!(after["votes"].as_array().unwrap().len(), 2, "after voting the member sees the open votes");
    // A vote cannot be changed.
    let again =
        send(&w.router, members[1].1.form(&path, &[("item_id", &item), ("vote", "agree"), ("confirmed", "1")])).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn sel_vote_method_two_ballots_of_one_member_in_parallel_store_one() {
    let w = world().await;
    let (members, meeting, item) = opened(&w, 3, "secret_ballot").await;
    let (a, b) = tokio::join!(
        vote(&w, &members[0].1, &meeting, &item, "agree"),
        vote(&w, &members[0].1, &meeting, &item, "disagree")
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{} / {}", a.body, b.body);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM selection_secret_ballots WHERE item_id = $1", &item).await, 1);
}

#[tokio::test]
async fn the_agenda_item_links_the_dossier_the_inspection_report_and_a_filled_appointment_form() {
    let w = world().await;
    let (members, meeting, item) = opened(&w, 3, "show_of_hands").await;
    let page = send(&w.router, members[0].1.get(&format!("/selection/meetings/{meeting}"))).await;
    assert!(page.body.contains(&format!("href=\"/cadres/{}\"", w.cadre_b)), "the dossier");
    assert!(page.body.contains("考察报告") && page.body.contains("任免审批表"));
    assert!(!page.body.contains(&format!(">{item}<")) && !page.body.contains("议题编号"), "no raw item ID");
    let form = format!("/selection/meetings/{meeting}/items/{item}/appointment-form");
    let redirect = send(&w.router, members[0].1.get(&form)).await;
    assert_eq!(redirect.status, StatusCode::SEE_OTHER);
    let to = redirect.location.clone();
    assert!(to.starts_with(&format!("/cadres/{}/appointment-form?", w.cadre_b)), "{to}");
    let printed = send(&w.router, members[0].1.get(&to)).await;
    assert_eq!(printed.status, StatusCode::OK, "{}", printed.body);
    for part in ["河口区副区长", "同意作为拟任人选", "工作需要"] {
        assert!(printed.body.contains(part), "{part} missing from the filled form");
    }
}

#[tokio::test]
async fn a_reconsideration_is_chosen_by_its_case_and_nominee_not_typed_as_an_id() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (members, meeting_id, item) = opened(&w, 3, "show_of_hands").await;
    for (member, how) in [(&members[0].1, "agree"), (&members[1].1, "disagree"), (&members[2].1, "disagree")] {
        assert_eq!(vote(&w, member, &meeting_id, &item, how).await.status, StatusCode::CREATED);
    }
    assert_eq!(decide(&w, &staff, &meeting_id, &item).await.json()["passed"], false);
    let consent = json!({"item_id": item, "consenting": [members[0].0, members[1].0]});
    ok(&post(&w, &staff, &format!("/api/v1/selection/meetings/{meeting_id}/reconsiderations"), consent).await);
    let later = meeting(&w, &staff, &ids(&members)).await;
    let page = send(&w.router, staff.get(&format!("/selection/meetings/{later}"))).await;
    assert!(page.body.contains(&format!("<option value=\"{item}\">")), "{}", page.body);
    assert!(page.body.contains("李四 → 副区长") && page.body.contains("同意复议"));
    assert!(!page.body.contains("<input id=\"recon\""), "no ID to type");
}
