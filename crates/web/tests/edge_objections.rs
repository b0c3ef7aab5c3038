//! Anonymous objections at the public edge: each needs a solved, unused proof-of-work challenge
//! (SEC-PROOF-OF-WORK), and taking one costs the same however many were raised before — while
//! every one of them still holds the appointment (SEL-PUBLICITY-HOLD).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, as_client, get, login, post, proof, send, world};
use jianquan_app::challenge::Proof;
use jianquan_app::selection::publicity::{self, ObjectionInput};
use selection_support::*;
use serde_json::{Value, json};
use time::macros::datetime;

async fn notice(w: &common::World) -> (String, Value) {
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(w, 3).await;
    let case = decided_case(w, &staff, &inspector, &members).await;
    let notice = post(w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await.json();
    (case, notice)
}

fn objecting(client: u32, body: Value) -> axum::http::Request<axum::body::Body> {
    as_client(Session::default().json("POST", "/api/v1/selection/objections", body), client)
}

#[tokio::test]
async fn an_objection_needs_a_solved_challenge_and_a_challenge_is_used_once() {
    let w = world().await;
    let (_, notice) = notice(&w).await;
    let body = json!({"notice_id": notice["id"], "anonymous": "1", "text": "反映其违规兼职取酬"});
    let bare = send(&w.router, objecting(1, body.clone())).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bare.body);
    let (challenge, nonce) = proof(&w.router).await;
    let mut wrong = body.clone();
    wrong["challenge"] = challenge.clone().into();
    wrong["nonce"] = "0".into();
    let failed = send(&w.router, objecting(2, wrong)).await;
    let unsolved =
        jianquan_domain::challenge::leading_zero_bits(&jianquan_domain::challenge::work_digest(&challenge, "0")) < 16;
    if unsolved {
        assert_eq!(failed.json()["error"]["fields"][0]["field"], "nonce", "{}", failed.body);
    }
    let mut forged = body.clone();
    forged["challenge"] = challenge.replacen(".16.", ".1.", 1).into();
    forged["nonce"] = "0".into();
    assert_eq!(send(&w.router, objecting(3, forged)).await.json()["error"]["fields"][0]["field"], "challenge");
    let mut solved = body.clone();
    solved["challenge"] = challenge.into();
    solved["nonce"] = nonce.into();
    let receipt = send(&w.router, objecting(4, solved.clone())).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);
    let again = send(&w.router, objecting(5, solved)).await;
    assert_eq!(
        (again.status, again.json()["error"]["rule"].as_str()),
        (StatusCode::CONFLICT, Some("SEC-PROOF-OF-WORK"))
    );
}

#[tokio::test]
async fn the_challenge_is_public_and_documented() {
    let w = world().await;
    let challenge = send(&w.router, Session::default().get("/api/v1/public/challenge")).await.json();
    assert_eq!((challenge["required"].as_bool(), challenge["difficulty_bits"].as_u64()), (Some(true), Some(16)));
    assert_eq!(challenge["expires_in"], 600);
    let doc = send(&w.router, Session::default().get("/api/openapi.json")).await.body;
    assert!(doc.contains("/api/v1/public/challenge") && doc.contains("SEC-PROOF-OF-WORK"));
}

#[tokio::test]
async fn the_next_objection_is_numbered_after_many_and_every_open_one_holds_the_appointment() {
    let w = world().await;
    let (case, notice) = notice(&w).await;
    let notice_id = notice["id"].as_str().unwrap().to_owned();
    for i in 0..60 {
        let input = ObjectionInput {
            notice_id: notice_id.clone(),
            anonymous: "1".into(),
            text: format!("反映事项 {i}"),
            ..Default::default()
        };
        publicity::object(&w.app, &input, &Proof::waived_for_system_data()).await.unwrap();
    }
    let body =
        common::with_proof(&w.router, json!({"notice_id": notice_id, "anonymous": "1", "text": "第 61 件"})).await;
    let receipt = send(&w.router, objecting(1, body)).await;
    assert_eq!(
        (receipt.status, receipt.json()["number"].as_u64()),
        (StatusCode::CREATED, Some(61)),
        "{}",
        receipt.body
    );
    // After the period, the 61 open objections hold the appointment.
    let after = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let staff = login(&after, "orgstaff").await;
    let appoint = json!({"document_number": "河组任〔2026〕11号"});
    let path = format!("/api/v1/selection/cases/{case}/appointment");
    let held = send(&after, staff.json("POST", &path, appoint.clone())).await;
    refused(&held, "SEL-PUBLICITY-HOLD");
    assert!(held.json()["error"]["message"]["zh"].as_str().unwrap().contains("61 件"), "{}", held.body);
    // Answered one by one, the hold lifts only with the last finding.
    let discipline = login(&w.router, "discipline").await;
    let open = get(&w, &discipline, "/api/v1/selection/open-objections").await.json();
    let ids: Vec<String> =
        open.as_array().unwrap().iter().map(|o| o["objection"]["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 61);
    for (i, id) in ids.iter().enumerate() {
        if i + 1 == ids.len() {
            let one_left = send(&after, staff.json("POST", &path, appoint.clone())).await;
            assert!(one_left.json()["error"]["message"]["zh"].as_str().unwrap().contains("1 件"), "{}", one_left.body);
        }
        let finding = json!({"objection_id": id, "finding": "not_verified", "note": "经核查不属实"});
        ok(&post(&w, &discipline, "/api/v1/selection/findings", finding).await);
    }
    let done = send(&after, staff.json("POST", &path, appoint)).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
}
