//! SEC-LOGIN-THROTTLE through the real router: attempts are counted and reserved inside one
//! write transaction, so a burst checks no more passwords than the rule allows; they are counted
//! per account and client, so a stranger cannot lock the owner out of a browser the owner signed
//! in from; and the typed username of a failed attempt is never kept.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{PASSWORD, Reply, send, world};
use serde_json::json;

/// A sign-in through the API from `address`, with a device cookie when given.
fn sign_in(username: &str, password: &str, address: &str, device: Option<&str>) -> Request<Body> {
    let body = json!({"username": username, "password": password}).to_string();
    let mut builder = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json");
    if let Some(device) = device {
        builder = builder.header(header::COOKIE, format!("jq_device={device}"));
    }
    let mut request = builder.body(Body::from(body)).unwrap();
    let peer: SocketAddr = format!("{address}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

/// The device token a successful sign-in sets.
async fn device_of(router: &axum::Router, request: Request<Body>) -> String {
    let response = tower::ServiceExt::oneshot(router.clone(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("jq_device=").and_then(|rest| rest.split(';').next()))
        .expect("a device cookie")
        .to_owned()
}

async fn ledger_count(w: &common::World, action: &str) -> usize {
    let mut conn = w.app.db.read().await.unwrap();
    let rows = jianquan_storage::ledger::recent(&mut conn, action, None, 10_000).await.unwrap();
    rows.iter().filter(|e| e.action == action).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sec_login_throttle_a_burst_of_a_hundred_wrong_passwords_checks_only_five() {
    let w = world().await;
    let mut burst = Vec::new();
    for _ in 0..100 {
        let router = w.router.clone();
        let request = sign_in("orgstaff", "wrong-password", "203.0.113.7", None);
        burst.push(tokio::spawn(async move { send(&router, request).await }));
    }
    let mut replies: Vec<Reply> = Vec::new();
    for task in burst {
        replies.push(task.await.unwrap());
    }
    let checked = replies.iter().filter(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY).count();
    let throttled = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, throttled), (5, 95));
    assert_eq!(ledger_count(&w, "access.login.failed").await, 5, "five passwords were checked, no more");
    // Past the per-client request rate (SEC-RATE-LIMIT) or past the account's failures
    // (SEC-LOGIN-THROTTLE): both answer 429 and name their rule.
    assert!(replies.iter().any(|r| r.body.contains("SEC-LOGIN-THROTTLE")));
    assert!(
        replies
            .iter()
            .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
            .all(|r| r.body.contains("SEC-LOGIN-THROTTLE") || r.body.contains("SEC-RATE-LIMIT")),
        "every refusal names its rule"
    );
    // The same client waits even with the right password; the window passes for nobody here.
    let right = send(&w.router, sign_in("orgstaff", PASSWORD, "203.0.113.7", None)).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sec_login_throttle_a_stranger_cannot_lock_the_owner_out() {
    let w = world().await;
    // The owner signed in once from their browser, which keeps its device token.
    let device = device_of(&w.router, sign_in("orgstaff", PASSWORD, "198.51.100.1", None)).await;
    // A stranger fails from four addresses, five times each: each address is throttled, and the
    // account's cap for unknown clients (20) is reached.
    for n in 1..=4 {
        let address = format!("203.0.113.{n}");
        for _ in 0..5 {
            let reply = send(&w.router, sign_in("orgstaff", "guess", &address, None)).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        }
        let reply = send(&w.router, sign_in("orgstaff", "guess", &address, None)).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    }
    let fifth = send(&w.router, sign_in("orgstaff", "guess", "203.0.113.5", None)).await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS, "guessing from yet another address stays stopped");
    // The owner's browser, even from an address the stranger used, still gets in.
    let owner = send(&w.router, sign_in("orgstaff", PASSWORD, "203.0.113.1", Some(&device))).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
    // A device token of another account is no key to this one.
    let other = device_of(&w.router, sign_in("auditor", PASSWORD, "198.51.100.2", None)).await;
    let borrowed = send(&w.router, sign_in("orgstaff", PASSWORD, "203.0.113.6", Some(&other))).await;
    assert_eq!(borrowed.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sec_login_throttle_one_address_failing_does_not_stop_another() {
    let w = world().await;
    for _ in 0..5 {
        send(&w.router, sign_in("auditor", "guess", "203.0.113.9", None)).await;
    }
    let there = send(&w.router, sign_in("auditor", PASSWORD, "203.0.113.9", None)).await;
    assert_eq!(there.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = send(&w.router, sign_in("auditor", PASSWORD, "198.51.100.9", None)).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

#[tokio::test]
async fn a_failed_sign_in_never_keeps_the_username_typed() {
    let w = world().await;
    let typed = "hunter2-my-secret-password";
    let reply = send(&w.router, sign_in(typed, "x", "203.0.113.20", None)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut conn = w.app.db.read().await.unwrap();
    let entries = jianquan_storage::ledger::recent(&mut conn, "access.login", None, 100).await.unwrap();
    assert!(entries.iter().any(|e| e.action == "access.login.failed"));
    for e in &entries {
        assert!(!e.subject_id.contains(typed) && !e.detail.contains(typed), "{e:?}");
    }
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE account_key LIKE '%hunter2%'")
        .fetch_one(w.app.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, 0);
}
