//! SEL-COLLECTIVE in the registry: a current post or rank changes only through a selection case's
//! appointment or by recording another body's decision (its own capability, with the body, its
//! document and date). The plain edit, a résumé tenure and a promotion without a deciding body
//! are refused; and edits carry the version they were based on (optimistic concurrency).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Session, get, login, post, send, world};
use serde_json::{Value, json};

fn put_cadre(s: &Session, id: &str, body: Value, version: Option<i64>) -> Request<Body> {
    let mut builder = Request::put(format!("/api/v1/cadres/{id}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", s.token));
    if let Some(v) = version {
        builder = builder.header(header::IF_MATCH, format!("\"{v}\""));
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

/// The cadre as the API gives it, with its version (the ETag).
async fn read(w: &common::World, s: &Session, id: &str) -> (Value, i64) {
    let reply = tower::ServiceExt::oneshot(w.router.clone(), s.get(&format!("/api/v1/cadres/{id}"))).await.unwrap();
    let etag = reply.headers()[header::ETAG].to_str().unwrap().trim_matches('"').parse().unwrap();
    let bytes = http_body_util::BodyExt::collect(reply.into_body()).await.unwrap().to_bytes();
    (serde_json::from_slice(&bytes).unwrap(), etag)
}

fn edit_of(cadre: &Value) -> Value {
    let c = &cadre["cadre"];
    json!({"name": c["name"], "gender": c["gender"], "birth_date": c["birth_date"], "ethnicity": c["ethnicity"],
        "political_status": c["political_status"], "org_id": c["org_id"], "rank": c["rank"],
        "current_post": c["current_post"], "party_entry_date": "2005-07-01", "work_start_date": "2003-08-01"})
}

fn refused_by(reply: &common::Reply, rule: &str) {
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(reply.json()["error"]["rule"], rule, "{}", reply.body);
}

#[tokio::test]
async fn sel_collective_the_plain_edit_never_changes_rank_or_post() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (before, version) = read(&w, &staff, &w.cadre_a).await;
    // A two-level jump by editing is refused, and so is a new post; nothing changes.
    let mut jump = edit_of(&before);
    jump["rank"] = json!("county_principal");
    refused_by(&send(&w.router, put_cadre(&staff, &w.cadre_a, jump, Some(version))).await, "SEL-COLLECTIVE");
    let mut post = edit_of(&before);
    post["current_post"] = json!("党委书记");
    refused_by(&send(&w.router, put_cadre(&staff, &w.cadre_a, post, Some(version))).await, "SEL-COLLECTIVE");
    let (after, same) = read(&w, &staff, &w.cadre_a).await;
    assert_eq!((same, &after["cadre"]["rank"]), (version, &before["cadre"]["rank"]));
    // The rest of the record is edited; rank and post given as they are (or left empty) pass.
    let mut fine = edit_of(&before);
    fine["native_place"] = json!("山东广饶");
    let ok = send(&w.router, put_cadre(&staff, &w.cadre_a, fine, Some(version))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let (edited, newer) = read(&w, &staff, &w.cadre_a).await;
    assert_eq!(edited["cadre"]["native_place"], "山东广饶");
    assert!(newer > version);
    let mut blank = edit_of(&edited);
    blank["rank"] = json!("");
    blank["current_post"] = json!("");
    let kept = send(&w.router, put_cadre(&staff, &w.cadre_a, blank, Some(newer))).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    assert_eq!(kept.json()["rank"], before["cadre"]["rank"]);
}

#[tokio::test]
async fn sel_collective_only_ended_tenures_go_on_the_resume() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let path = format!("/api/v1/cadres/{}/sections/tenure", w.cadre_b);
    let current = json!({"org_id": w.county_b, "post_id": w.post_b, "title": "副区长", "start_date": "2026-01-01"});
    refused_by(&post(&w, &staff, &path, current).await, "SEL-COLLECTIVE");
    let ending = json!({"org_id": w.county_b, "title": "副区长", "start_date": "2026-01-01", "end_date": "2030-01-01"});
    refused_by(&post(&w, &staff, &path, ending).await, "SEL-COLLECTIVE");
    let ended =
        json!({"org_id": w.county_b, "title": "区发改局副局长", "start_date": "2015-03-01", "end_date": "2019-06-30"});
    let reply = post(&w, &staff, &path, ended).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let (dossier, _) = read(&w, &staff, &w.cadre_b).await;
    assert_eq!(dossier["cadre"]["current_post"], "科长", "the current post did not change");
}

#[tokio::test]
async fn sel_collective_a_post_changes_by_recording_another_bodys_decision() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let admin = login(&w.router, "admin").await;
    let path = format!("/api/v1/cadres/{}/promotions", w.cadre_b);
    let decision = json!({"decided_by": "congress_standing_committee", "decided_on": "2026-11-20",
        "document_number": "河人常任〔2026〕8号", "rank": "county_deputy", "title": "副区长", "post_id": w.post_b,
        "date": "2026-11-20"});
    // Registry write is not enough: recording an appointment is its own capability.
    assert_eq!(post(&w, &admin, &path, decision.clone()).await.status, StatusCode::FORBIDDEN);
    // Without the deciding body, its document or its date, nothing is recorded.
    let mut bare = decision.clone();
    bare["decided_by"] = json!("");
    bare["document_number"] = json!("");
    let invalid = post(&w, &staff, &path, bare).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", invalid.body);
    let body = invalid.json();
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"decided_by") && fields.contains(&"document_number"), "{fields:?}");
    let mut circulated = decision.clone();
    circulated["decided_by"] = json!("书记圈阅");
    assert_eq!(post(&w, &staff, &path, circulated).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // With them, the post and rank change, the dossier says who decided, the ledger names the rule.
    let recorded = post(&w, &staff, &path, decision).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.body);
    let (dossier, _) = read(&w, &staff, &w.cadre_b).await;
    assert_eq!(
        (dossier["cadre"]["rank"].as_str(), dossier["cadre"]["current_post"].as_str()),
        (Some("county_deputy"), Some("副区长"))
    );
    let tenure =
        dossier["sections"]["tenures"].as_array().unwrap().iter().find(|t| t["end_date"].is_null()).unwrap().clone();
    assert_eq!(
        (tenure["decided_by"].as_str(), tenure["decided_on"].as_str()),
        (Some("congress_standing_committee"), Some("2026-11-20"))
    );
    let entry = dossier["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "registry.cadre.promote")
        .unwrap()
        .clone();
    assert_eq!(entry["rules"], "SEL-COLLECTIVE");
    let page = get(&w, &staff, &format!("/cadres/{}", w.cadre_b)).await;
    assert!(page.body.contains("人大常委会任命"), "the dossier page names the deciding body");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_edits_sent_at_once_from_one_version_store_one_and_refuse_the_rest_as_stale() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (before, version) = read(&w, &staff, &w.cadre_a).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let mut edit = edit_of(&before);
        edit["speciality"] = json!(format!("专长{i}"));
        let router = w.router.clone();
        let request = put_cadre(&staff, &w.cadre_a, edit, Some(version));
        tasks.push(tokio::spawn(async move { send(&router, request).await }));
    }
    let mut replies = Vec::new();
    for t in tasks {
        replies.push(t.await.unwrap());
    }
    assert_eq!(replies.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    for r in replies.iter().filter(|r| r.status != StatusCode::OK) {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "stale", "{}", r.body);
        assert!(r.json()["error"]["message"]["zh"].as_str().unwrap().contains("已被修改"));
    }
    // An edit without the version it was based on is not taken.
    let blind = send(&w.router, put_cadre(&staff, &w.cadre_a, edit_of(&before), None)).await;
    assert_eq!(blind.status, StatusCode::PRECONDITION_REQUIRED, "{}", blind.body);
    // The page form carries the version too: a stale one is refused, the current one saved.
    let (now, current) = read(&w, &staff, &w.cadre_a).await;
    let form = |v: i64| {
        let c = &now["cadre"];
        let fields = [
            ("name", c["name"].as_str().unwrap().to_owned()),
            ("gender", c["gender"].as_str().unwrap().to_owned()),
            ("birth_date", c["birth_date"].as_str().unwrap().to_owned()),
            ("ethnicity", "01".to_owned()),
            ("political_status", "01".to_owned()),
            ("org_id", c["org_id"].as_str().unwrap().to_owned()),
            ("version", v.to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        staff.form(&format!("/cadres/{}", w.cadre_a), &pairs)
    };
    assert_eq!(send(&w.router, form(version)).await.status, StatusCode::CONFLICT);
    let saved = send(&w.router, form(current)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}
