//! Conflicting requests in flight, each aggregate in turn: the rule is decided on the state read
//! inside the write transaction that records the decision, so at most one of them passes, the
//! invariant holds, and nothing wedges. Runs on SQLite, and on PostgreSQL when
//! JIANQUAN_TEST_DATABASE_URL is set (there the aggregate's row lock does the work).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Reply, Session, get, login, send, world};
use selection_support::*;
use serde_json::json;

async fn all(tasks: Vec<tokio::task::JoinHandle<Reply>>) -> Vec<Reply> {
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    replies
}

fn spawn_post(w: &common::World, s: &Session, path: String, body: serde_json::Value) -> tokio::task::JoinHandle<Reply> {
    let router = w.router.clone();
    let request = s.json("POST", &path, body);
    tokio::spawn(async move { send(&router, request).await })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sel_recusal_a_vote_and_a_recusal_sent_together_store_one_and_the_item_is_still_decided() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 9).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let meeting = meeting(&w, &staff, &ids).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids).await);
    // Three members each send a vote and a recusal at the same moment; the others vote.
    let mut racing = Vec::new();
    for (_, member) in &members[..3] {
        racing.push(spawn_post(
            &w,
            member,
            format!("/api/v1/selection/meetings/{meeting}/votes"),
            json!({"item_id": item, "vote": "agree"}),
        ));
        racing.push(spawn_post(
            &w,
            member,
            format!("/api/v1/selection/meetings/{meeting}/my-recusals"),
            json!({"item_id": item, "reason": "与拟任人选有亲属关系"}),
        ));
    }
    let replies = all(racing).await;
    for pair in replies.chunks(2) {
        let passed = pair.iter().filter(|r| r.status.is_success()).count();
        assert_eq!(passed, 1, "one of the two for each member: {} / {}", pair[0].body, pair[1].body);
        let refused = pair.iter().find(|r| !r.status.is_success()).unwrap();
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.json()["error"]["rule"], "SEL-RECUSAL", "{}", refused.body);
    }
    for (_, member) in &members[3..] {
        assert_eq!(vote(&w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    // Not wedged: the item is decided, and the stored votes and recusals never overlap.
    let decided = decide(&w, &staff, &meeting, &item).await;
    ok(&decided);
    let view = get(&w, &staff, &format!("/api/v1/selection/meetings/{meeting}")).await.json();
    let voted: Vec<&str> = view["votes"].as_array().unwrap().iter().map(|v| v["member_id"].as_str().unwrap()).collect();
    let recused: Vec<&str> =
        view["recusals"].as_array().unwrap().iter().map(|r| r["member_id"].as_str().unwrap()).collect();
    assert!(voted.iter().all(|m| !recused.contains(m)), "voted {voted:?}, recused {recused:?}");
    assert_eq!(voted.len() + recused.len(), 9);
    assert_eq!(decided.json()["agree"].as_u64().unwrap() as usize, voted.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sel_pass_an_item_counted_ten_times_at_once_is_decided_once() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let meeting = meeting(&w, &staff, &ids).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids).await);
    // Each member votes twice at once — the secretary, who states last (SEL-SECRETARY-LAST),
    // after the others — and the item is counted ten times meanwhile.
    let (others, secretary) = members.split_at(members.len() - 1);
    let mut tasks = Vec::new();
    for (_, member) in others {
        for _ in 0..2 {
            tasks.push(spawn_post(
                &w,
                member,
                format!("/api/v1/selection/meetings/{meeting}/votes"),
                json!({"item_id": item, "vote": "agree"}),
            ));
        }
    }
    let mut votes = all(tasks).await;
    let mut tasks = Vec::new();
    for (_, member) in secretary {
        for _ in 0..2 {
            tasks.push(spawn_post(
                &w,
                member,
                format!("/api/v1/selection/meetings/{meeting}/votes"),
                json!({"item_id": item, "vote": "agree"}),
            ));
        }
    }
    votes.extend(all(tasks).await);
    assert_eq!(votes.iter().filter(|r| r.status == StatusCode::CREATED).count(), 3, "one vote a member");
    let counts = all((0..10)
        .map(|_| {
            spawn_post(&w, &staff, format!("/api/v1/selection/meetings/{meeting}/decisions"), json!({"item_id": item}))
        })
        .collect())
    .await;
    assert_eq!(counts.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    assert!(counts.iter().filter(|r| r.status != StatusCode::OK).all(|r| r.status == StatusCode::CONFLICT));
    let view = get(&w, &staff, &format!("/api/v1/selection/meetings/{meeting}")).await.json();
    assert_eq!(view["items"][0]["status"], "decided");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sel_record_a_round_closed_while_ballots_arrive_counts_exactly_the_ballots_it_stored() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&common::post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "online", 40, &[&w.cadre_b]).await;
    let codes = open_round(&w, &staff, &round, 40).await;
    let mut ballots = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        ballots.push(spawn_post(
            &w,
            &Session::default(),
            "/api/v1/selection/ballots".into(),
            json!({"code": code, "choices": [w.cadre_b.clone()]}),
        ));
        if i == 20 {
            ballots.push(spawn_post(&w, &staff, format!("/api/v1/selection/rounds/{round}/close"), json!({})));
        }
    }
    let replies = all(ballots).await;
    let closed = replies.iter().find(|r| r.json()["tally"].is_object()).expect("the close answered");
    let cast = replies.iter().filter(|r| r.status == StatusCode::CREATED).count() as u64;
    assert_eq!(closed.json()["tally"]["valid"].as_u64(), Some(cast), "every ballot accepted is counted, none after");
    let view = get(&w, &staff, &format!("/api/v1/selection/rounds/{round}")).await.json();
    assert_eq!(view["ballots"].as_u64(), Some(cast));
    assert_eq!(view["recount_matches"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sel_record_one_step_sent_ten_times_at_once_is_taken_once() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    let replies = all((0..10)
        .map(|_| spawn_post(&w, &staff, format!("/api/v1/selection/cases/{case}/recommendation"), json!({})))
        .collect())
    .await;
    assert_eq!(replies.iter().filter(|r| r.status.is_success()).count(), 1);
    assert!(replies.iter().filter(|r| !r.status.is_success()).all(|r| r.status == StatusCode::CONFLICT));
    let history = get(&w, &staff, &format!("/api/v1/selection/cases/{case}")).await.json();
    assert_eq!(history["case"]["state"], "recommendation");
}
