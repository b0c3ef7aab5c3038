//! The gate of every nominee at once (`/gates`, which reads all their dossiers together) against
//! the gate of each alone (`/gate`): the same verdicts, recorded the same way, down to a report
//! verified as true at an earlier case's publicity (SEL-REPORT-VERIFIED).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, login, post, world};
use selection_support::*;
use serde_json::{Value, json};

/// A case with both fixture candidates nominated (each marked by all three voters) and their
/// four musts recorded.
async fn two_nominees(w: &common::World, staff: &Session) -> String {
    let case = motion(w, staff).await;
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let reply = post(w, staff, &format!("/api/v1/selection/cases/{case}/rounds"),
        json!({"kind": "meeting", "voting": "online", "max_choices": "2", "electorate": electors(3), "candidates": [w.cadre_b, w.cadre_a]})).await;
    let round = id_of(&reply);
    for code in open_round(w, staff, &round, 3).await {
        assert_eq!(vote_with(w, &code, &[&w.cadre_b, &w.cadre_a]).await.status, StatusCode::CREATED);
    }
    ok(&post(w, staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await);
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await);
    four_musts(w, staff, &case, &w.cadre_b).await;
    four_musts(w, staff, &case, &w.cadre_a).await;
    case
}

/// Each candidate's status and recorded gate, by cadre.
fn verdicts(view: &Value) -> Vec<(String, String, Value)> {
    let mut list: Vec<(String, String, Value)> = view["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let gate: Value = serde_json::from_str(c["gate"].as_str().unwrap()).unwrap();
            (c["cadre_id"].as_str().unwrap().to_owned(), c["status"].as_str().unwrap().to_owned(), gate)
        })
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

#[tokio::test]
async fn the_gate_of_all_nominees_at_once_gives_each_the_verdict_of_the_gate_alone() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    // 李四's first case: an objection at publicity is verified as true, and the case ends.
    let first = decided_case(&w, &staff, &inspector, &members).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{first}/publicity"), json!({})).await.json();
    let objection =
        json!({"notice_id": notice["id"], "name": "赵六", "contact": "13800000000", "text": "反映其违规经商"});
    assert_eq!(
        post(&w, &Session::default(), "/api/v1/selection/objections", common::with_proof(&w.router, objection).await)
            .await
            .status,
        StatusCode::CREATED
    );
    let objection_id = case_view(&w, &staff, &first).await["objections"][0]["id"].as_str().unwrap().to_owned();
    let discipline = login(&w.router, "discipline").await;
    let finding = json!({"objection_id": objection_id, "finding": "verified", "note": "经核查，反映问题属实"});
    ok(&post(&w, &discipline, "/api/v1/selection/findings", finding).await);
    let archive = json!({"reason": "公示反映问题属实，不予任用"});
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{first}/archive"), archive).await);

    // Two cases with the same nominees: one gated nominee by nominee, the other all at once.
    let alone = two_nominees(&w, &staff).await;
    let together = two_nominees(&w, &staff).await;
    let gate = |cadre: &str| json!({"cadre_id": cadre});
    refused(
        &post(&w, &staff, &format!("/api/v1/selection/cases/{alone}/gate"), gate(&w.cadre_b)).await,
        "SEL-REPORT-VERIFIED",
    );
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{alone}/gate"), gate(&w.cadre_a)).await);
    let reply = post(&w, &staff, &format!("/api/v1/selection/cases/{together}/gates"), json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let answered = reply.json();
    assert_eq!(answered.as_array().unwrap().len(), 2, "{answered}");
    let b = answered.as_array().unwrap().iter().find(|v| v["cadre_id"] == w.cadre_b.as_str()).unwrap();
    assert_eq!(b["admitted"], false);
    assert_eq!(b["gate"]["blocks"][0]["rule"], "SEL-REPORT-VERIFIED", "{b}");
    let a = answered.as_array().unwrap().iter().find(|v| v["cadre_id"] == w.cadre_a.as_str()).unwrap();
    assert_eq!(a["admitted"], true, "{a}");

    // Recorded alike: status and gate of each candidate, and one verdict entry each in the case's history.
    let (one, all) = (case_view(&w, &staff, &alone).await, case_view(&w, &staff, &together).await);
    assert_eq!(verdicts(&one), verdicts(&all));
    let entries = |view: &Value| {
        view["history"].as_array().unwrap().iter().filter(|e| e["action"] == "selection.gate.verdict").count()
    };
    assert_eq!((entries(&one), entries(&all)), (2, 2));

    // Only nominees not judged yet are gated at once; a second call judges no one.
    let again = post(&w, &staff, &format!("/api/v1/selection/cases/{together}/gates"), json!({})).await;
    assert_eq!(again.json(), json!([]), "{}", again.body);
    // The move to inspection judges the admitted again from their dossiers read together.
    let subjects = post(&w, &staff, &format!("/api/v1/selection/cases/{together}/inspection"), json!({})).await;
    assert_eq!(subjects.json()["subjects"], json!([w.cadre_a]), "{}", subjects.body);
}
