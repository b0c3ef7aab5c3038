//! The edge's limits through the real router: per-client rate limits (SEC-RATE-LIMIT) answered
//! with 429, `Retry-After` and the rule; body limits per route answered with 413 naming the
//! limit; a large roster that imports through the page; a zip bomb refused before parsing.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use std::io::{Read, Write};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Session, as_client, login, send, world};
use serde_json::json;
use tower::ServiceExt;

fn objection_call(client: u32) -> Request<Body> {
    let body = json!({"notice_id": "none", "anonymous": "1", "text": "x"});
    as_client(Session::default().json("POST", "/api/v1/selection/objections", body), client)
}

#[tokio::test]
async fn a_client_past_its_burst_of_submissions_waits_and_others_do_not() {
    let w = world().await;
    let mut answers = Vec::new();
    for _ in 0..6 {
        answers.push(send(&w.router, objection_call(7)).await);
    }
    let refused: Vec<_> = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!(
        refused.len(),
        3,
        "a burst of 3, then refused: {:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let json = refused[0].json();
    assert_eq!(
        (json["error"]["code"].as_str(), json["error"]["rule"].as_str()),
        (Some("throttled"), Some("SEC-RATE-LIMIT"))
    );
    assert!(json["error"]["message"]["zh"].as_str().unwrap().contains("请求过于频繁"));
    let response = w.router.clone().oneshot(objection_call(7)).await.unwrap();
    let wait: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_ne!(send(&w.router, objection_call(8)).await.status, StatusCode::TOO_MANY_REQUESTS, "another client");
}

#[tokio::test]
async fn the_public_pages_and_sign_in_are_limited_with_a_page_that_names_the_rule() {
    let w = world().await;
    let mut last = None;
    for _ in 0..4 {
        let request = as_client(Session::default().form("/public/objections", &[("notice_id", "none")]), 9);
        last = Some(send(&w.router, request).await);
    }
    let page = last.unwrap();
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("SEC-RATE-LIMIT") && page.body.contains("秒后再试"), "{}", page.body);
    let sign_in = |n| {
        let body = json!({"username": "auditor", "password": "wrong"}).to_string();
        let request = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json");
        as_client(request.body(Body::from(body)).unwrap(), n)
    };
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(send(&w.router, sign_in(10)).await.status);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "one client's sign-ins are limited: {statuses:?}");
    // The signed-in staff's own work is not rate-limited.
    let staff = login(&w.router, "orgstaff").await;
    for _ in 0..40 {
        assert_eq!(send(&w.router, as_client(staff.get("/cadres"), 10)).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_body_over_its_route_limit_is_refused_as_too_large_naming_the_limit() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let big = "x".repeat(2 * 1024 * 1024);
    let form = send(&w.router, staff.form("/orgs", &[("name", big.as_str())])).await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(form.body.contains("1 MiB") && !form.body.contains("无法读取"), "{}", form.body);
    let public = json!({"notice_id": "x", "anonymous": "1", "text": "x".repeat(100 * 1024)});
    let api = send(&w.router, Session::default().json("POST", "/api/v1/selection/objections", public)).await;
    assert_eq!((api.status, api.json()["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));
    assert!(api.json()["error"]["message"]["en"].as_str().unwrap().contains("64 KiB"));
    // A body sent without Content-Length is cut off at the same limit.
    let chunks = futures_chunks(2 * 1024 * 1024);
    let request = Request::post("/api/v1/orgs")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", staff.token))
        .body(chunks)
        .unwrap();
    assert_eq!(send(&w.router, request).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// A streamed body of `n` bytes with no length announced.
fn futures_chunks(n: usize) -> Body {
    let chunk = axum::body::Bytes::from(vec![b' '; 64 * 1024]);
    let stream = futures_util::stream::iter((0..n / chunk.len()).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    Body::from_stream(stream)
}

fn upload(s: &Session, file: &[u8]) -> Request<Body> {
    let boundary = "importboundary";
    let mut body = Vec::new();
    for (name, value) in [("_csrf", s.csrf.as_str()), ("kind", "cadres")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"roster.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes());
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    Request::post("/import")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::COOKIE, &s.cookie)
        .body(Body::from(body))
        .unwrap()
}

async fn cadre_count(w: &common::World) -> i64 {
    let mut conn = w.app.db.read().await.unwrap();
    jianquan_storage::registry::cadres::count(&mut conn).await.unwrap()
}

#[tokio::test]
async fn a_roster_larger_than_two_megabytes_imports_through_the_page() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let file = jianquan_app::demo::roster_xlsx(50_000, 11, "河口区").unwrap();
    assert!(file.len() > 2 * 1024 * 1024, "the roster is {} bytes", file.len());
    let before = cadre_count(&w).await;
    let reply = send(&w.router, upload(&staff, &file)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body.chars().take(600).collect::<String>());
    assert!(reply.body.contains("50000 / 50000"), "the page reports every row written");
    assert_eq!(cadre_count(&w).await, before + 50_000);
}

/// A real workbook whose shared strings are replaced by one string of `inflated` bytes.
fn zip_bomb(inflated: usize) -> Vec<u8> {
    let workbook = jianquan_app::demo::roster_xlsx(3, 12, "河口区").unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut bomb = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        bomb.start_file(name.as_str(), options).unwrap();
        if name == "xl/sharedStrings.xml" {
            bomb.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..inflated >> 20 {
                bomb.write_all(&chunk).unwrap();
            }
            bomb.write_all(b"</t></si></sst>").unwrap();
        } else {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            bomb.write_all(&bytes).unwrap();
        }
    }
    bomb.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_zip_bomb_is_refused_quickly_with_a_clear_message_and_nothing_written() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let file = zip_bomb(300 << 20);
    assert!(file.len() < 2 * 1024 * 1024, "a small upload: {} bytes", file.len());
    let before = cadre_count(&w).await;
    let started = std::time::Instant::now();
    let reply = send(&w.router, upload(&staff, &file)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("256 MiB") && reply.body.contains("解压"), "{}", reply.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "refused in {:?}", started.elapsed());
    assert_eq!(cadre_count(&w).await, before, "the database is unchanged");
}
