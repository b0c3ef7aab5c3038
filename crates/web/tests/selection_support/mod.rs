//! Selection test support: more accounts (committee members, inspectors, a second teller), and a
//! case taken step by step through the HTTP API to where a test needs it.

#![allow(dead_code, reason = "each test binary uses a different part of the support")]

use axum::http::StatusCode;
use jianquan_app::access::accounts::{NewAccount, create_account};
use jianquan_app::{Actor, App, Clock};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::common::{Session, World, get, login, post};

/// Creates an account of `role` scoped at `org` and returns its ID.
pub async fn account(w: &World, username: &str, display: &str, role: &str, org: &str) -> String {
    let new = NewAccount {
        username: username.into(),
        display_name: display.into(),
        password: crate::common::PASSWORD.into(),
        role: role.into(),
        org_id: org.into(),
        cadre_id: None,
    };
    create_account(&w.app, &Actor::system_for_cli(), new).await.expect("account").id
}

/// `n` committee members (委员01…) at the city, with their sessions.
pub async fn committee(w: &World, n: usize) -> Vec<(String, Session)> {
    let mut members = Vec::new();
    for i in 1..=n {
        let username = format!("member{i:02}");
        let id = account(w, &username, &format!("委员{i:02}"), "committee", &w.city).await;
        members.push((id, login(&w.router, &username).await));
    }
    members
}

/// The ID of an existing account by username.
pub async fn account_id(w: &World, username: &str) -> String {
    let mut conn = w.app.db.read().await.expect("read");
    jianquan_storage::access::user_by_name(&mut conn, username).await.expect("query").expect("user").id
}

/// The same database seen on another day: a router whose clock reads `at`.
pub fn router_at(w: &World, at: OffsetDateTime) -> axum::Router {
    let app = App { clock: Clock::Fixed(at), ..w.app.clone() };
    jianquan_web::router(app)
}

pub fn id_of(reply: &crate::common::Reply) -> String {
    reply.json()["id"].as_str().unwrap_or_else(|| panic!("no id in {}", reply.body)).to_owned()
}

/// Asserts a refusal naming `rule`.
pub fn refused(reply: &crate::common::Reply, rule: &str) {
    assert_eq!(reply.status, StatusCode::CONFLICT, "expected {rule}: {}", reply.body);
    assert_eq!(reply.json()["error"]["rule"], rule, "{}", reply.body);
}

pub fn ok(reply: &crate::common::Reply) {
    assert!(reply.status.is_success(), "{} {}", reply.status, reply.body);
}

/// Opens a case on the fixture's county-B post (副区长, two seats).
pub async fn motion(w: &World, staff: &Session) -> String {
    let reply = post(
        w,
        staff,
        "/api/v1/selection/cases",
        json!({"post_id": w.post_b, "method": "democratic_recommendation", "proposer": "河口区委组织部",
            "work_plan": "按照《党政领导干部选拔任用工作条例》民主推荐、考察、讨论决定"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    id_of(&reply)
}

pub fn electors(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("参会人员{i:02}")).collect()
}

/// Plans a round of `kind` and `voting` with `n` electors and the given candidates.
pub async fn round(w: &World, staff: &Session, case: &str, voting: &str, n: usize, candidates: &[&str]) -> String {
    let reply = post(
        w,
        staff,
        &format!("/api/v1/selection/cases/{case}/rounds"),
        json!({"kind": "meeting", "voting": voting, "max_choices": "1", "electorate": electors(n), "candidates": candidates}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    id_of(&reply)
}

/// Opens a round with the first `present` electors; returns the voter codes.
pub async fn open_round(w: &World, staff: &Session, round: &str, present: usize) -> Vec<String> {
    let reply =
        post(w, staff, &format!("/api/v1/selection/rounds/{round}/open"), json!({"present": electors(present)})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

/// A ballot cast with a voter code, from the voter's own device (a client of its own, as the
/// per-client rate limit sees it).
pub async fn vote_with(w: &World, code: &str, choices: &[&str]) -> crate::common::Reply {
    let ballot =
        Session::default().json("POST", "/api/v1/selection/ballots", json!({"code": code, "choices": choices}));
    crate::common::send(&w.router, crate::common::fresh_client(ballot)).await
}

/// The four musts, all clear, for a nominee.
pub async fn four_musts(w: &World, staff: &Session, case: &str, cadre: &str) {
    for check in
        ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard", "specific_petitions_checked"]
    {
        let reply = post(
            w,
            staff,
            &format!("/api/v1/selection/cases/{case}/checks"),
            json!({"cadre_id": cadre, "check": check, "result": "clear"}),
        )
        .await;
        ok(&reply);
    }
}

/// Takes a new case with `candidate` to the committee decision: a three-voter online round that
/// all vote for the candidate, the four musts, the gate, an inspection by `inspector`.
pub async fn case_at_decision(w: &World, staff: &Session, inspector: &Session, candidate: &str) -> String {
    let case = motion(w, staff).await;
    through_to_decision(w, staff, inspector, &case, candidate).await;
    case
}

/// Forms a one-inspector team, who accepts the letter, records interviews and concludes.
pub async fn inspect(w: &World, staff: &Session, inspector: &Session, case: &str, candidate: &str) {
    let me = get(w, inspector, "/api/v1/me").await.json()["id"].as_str().unwrap().to_owned();
    let path = |p: &str| format!("/api/v1/selection/cases/{case}/{p}");
    ok(&post(w, staff, &path("teams"), json!({"cadre_id": candidate, "inspectors": [me]})).await);
    ok(&post(w, inspector, &path("letters"), json!({"cadre_id": candidate})).await);
    let talks = json!({"cadre_id": candidate, "count": "25", "summary": "群众评价较好，认为该同志政治坚定、敢于担当"});
    ok(&post(w, inspector, &path("interviews"), talks).await);
    ok(&post(w, inspector, &path("reports"), json!({"cadre_id": candidate, "conclusion": "同意作为拟任人选"})).await);
}

/// Plans a meeting of the county-B committee with the given members; the last is the secretary
/// (主要负责人), who states last in an open vote.
pub async fn meeting(w: &World, staff: &Session, members: &[&str]) -> String {
    let body = json!({"org_id": w.county_b, "title": "区委常委会第12次会议", "held_on": "2026-11-26",
        "members": members, "principal": members.last()});
    let reply = post(w, staff, "/api/v1/selection/meetings", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    id_of(&reply)
}

pub async fn add_item(w: &World, staff: &Session, meeting: &str, case: &str, cadre: &str) -> crate::common::Reply {
    post(w, staff, &format!("/api/v1/selection/meetings/{meeting}/items"), json!({"case_id": case, "cadre_id": cadre}))
        .await
}

pub async fn open_meeting(w: &World, staff: &Session, meeting: &str, present: &[&str]) -> crate::common::Reply {
    post(w, staff, &format!("/api/v1/selection/meetings/{meeting}/open"), json!({"present": present})).await
}

pub async fn vote(w: &World, member: &Session, meeting: &str, item: &str, vote: &str) -> crate::common::Reply {
    post(w, member, &format!("/api/v1/selection/meetings/{meeting}/votes"), json!({"item_id": item, "vote": vote}))
        .await
}

pub async fn decide(w: &World, staff: &Session, meeting: &str, item: &str) -> crate::common::Reply {
    post(w, staff, &format!("/api/v1/selection/meetings/{meeting}/decisions"), json!({"item_id": item})).await
}

/// The fixture records the routes × roles test needs: a case in county B at its motion, a
/// planned round of it, and a planned meeting of the county-B committee.
pub struct Records {
    pub case: String,
    pub round: String,
    pub meeting: String,
    /// An item on the meeting's agenda (a second case, at decision).
    pub item: String,
}

pub async fn records(w: &World) -> Records {
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(w, &staff).await;
    ok(&post(w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(w, &staff, &case, "paper", 3, &[&w.cadre_b]).await;
    let member = account_id(w, "committee").await;
    let meeting = meeting(w, &staff, &[&member]).await;
    let inspector = login(&w.router, "inspector").await;
    let decided = case_at_decision(w, &staff, &inspector, &w.cadre_b).await;
    let item = id_of(&add_item(w, &staff, &meeting, &decided, &w.cadre_b).await);
    Records { case, round, meeting, item }
}

/// The case view.
pub async fn case_view(w: &World, s: &Session, case: &str) -> Value {
    let reply = get(w, s, &format!("/api/v1/selection/cases/{case}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

/// A new post in county B with `seats` authorised, for tests that need more than the fixture's.
pub async fn post_with_seats(w: &World, title: &str, rank: &str, seats: u32) -> String {
    let input = jianquan_app::registry::posts::PostInput {
        org_id: w.county_b.clone(),
        title: title.into(),
        rank: rank.into(),
        authorised: seats.to_string(),
        ..Default::default()
    };
    jianquan_app::registry::posts::create_post(&w.app, &Actor::system_for_cli(), &input).await.expect("post").id
}

/// Opens a case on `post` and takes it to the committee decision with `candidate`.
pub async fn case_on_post_at_decision(
    w: &World,
    staff: &Session,
    inspector: &Session,
    post_id: &str,
    candidate: &str,
) -> String {
    let reply = post(
        w,
        staff,
        "/api/v1/selection/cases",
        json!({"post_id": post_id, "method": "democratic_recommendation", "proposer": "河口区委组织部", "work_plan": "工作方案"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let case = id_of(&reply);
    through_to_decision(w, staff, inspector, &case, candidate).await;
    case
}

pub async fn through_to_decision(w: &World, staff: &Session, inspector: &Session, case: &str, candidate: &str) {
    through_to_inspection(w, staff, case, candidate).await;
    inspect(w, staff, inspector, case, candidate).await;
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/decision"), json!({})).await);
}

/// A case from its motion through recommendation and the gate to inspection, with `candidate`
/// the nominee.
pub async fn through_to_inspection(w: &World, staff: &Session, case: &str, candidate: &str) {
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(w, staff, case, "online", 3, &[candidate]).await;
    for code in open_round(w, staff, &round, 3).await {
        assert_eq!(vote_with(w, &code, &[candidate]).await.status, StatusCode::CREATED);
    }
    ok(&post(w, staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await);
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await);
    four_musts(w, staff, case, candidate).await;
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/gate"), json!({"cadre_id": candidate})).await);
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/inspection"), json!({})).await);
}

/// A case decided (passed) by a three-member meeting, ready for publicity.
pub async fn decided_case(w: &World, staff: &Session, inspector: &Session, members: &[(String, Session)]) -> String {
    let case = case_at_decision(w, staff, inspector, &w.cadre_b).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let meeting = meeting(w, staff, &ids).await;
    let item = id_of(&add_item(w, staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(w, staff, &meeting, &ids).await);
    for (_, member) in members {
        assert_eq!(vote(w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    ok(&decide(w, staff, &meeting, &item).await);
    case
}
