//! Headers on every answer — a page, an API answer, a static file, an error page, the API
//! docs — and compression by `Accept-Encoding`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::{login, world};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn headers_of(router: &axum::Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    (parts.status, parts.headers, body.collect().await.unwrap().to_bytes().to_vec())
}

fn assert_secure(headers: &HeaderMap, what: &str) {
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{what}: no inline script");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{what}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{what}");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "{what}");
}

#[tokio::test]
async fn a_dossier_page_an_api_answer_and_an_error_page_are_protected_and_never_cached() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for (what, request) in [
        ("dossier page", staff.get(&format!("/cadres/{}", w.cadre_a))),
        ("dossier API", staff.get(&format!("/api/v1/cadres/{}", w.cadre_a))),
        ("error page", staff.get("/no-such-page")),
        ("API error", staff.get("/api/v1/no-such-thing")),
        ("sign-in page", common::Session::default().get("/login")),
        ("public notice", common::Session::default().get("/public/publicity")),
    ] {
        let (status, headers, _) = headers_of(&w.router, request).await;
        assert!(status.is_success() || status == StatusCode::NOT_FOUND, "{what}: {status}");
        assert_secure(&headers, what);
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{what}");
    }
}

#[tokio::test]
async fn static_files_are_protected_typed_and_cacheable() {
    let w = world().await;
    for (file, kind) in [("app.css", "text/css"), ("app.js", "text/javascript"), ("pow.js", "text/javascript")] {
        let (status, headers, _) =
            headers_of(&w.router, Request::get(format!("/static/{file}")).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{file}");
        assert_secure(&headers, file);
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{file}");
        assert_eq!(headers[header::CACHE_CONTROL], "max-age=3600", "{file}");
    }
}

#[tokio::test]
async fn no_template_has_inline_script_style_or_event_handlers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for bad in ["<style", " style=", " onclick=", " onchange=", " onsubmit=", " onload=", "javascript:"] {
            if text.contains(bad) {
                found.push(format!("{}: {bad}", path.display()));
            }
        }
        for script in text.split("<script").skip(1) {
            if !script.trim_start().starts_with("src=") {
                found.push(format!("{}: inline <script>", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "the Content-Security-Policy would block: {found:?}");
}

#[tokio::test]
async fn the_api_docs_have_their_own_policy_and_still_load() {
    let w = world().await;
    let (status, headers, body) = headers_of(&w.router, Request::get("/api/docs/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self';"), "{csp}");
    let page = String::from_utf8_lossy(&body);
    for script in page.split("<script").skip(1) {
        assert!(script.trim_start().starts_with("src="), "the docs page has no inline script: {script}");
    }
}

#[tokio::test]
async fn a_client_accepting_gzip_or_brotli_gets_a_compressed_body() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let plain = headers_of(&w.router, staff.get("/cadres")).await;
    for encoding in ["gzip", "br"] {
        let mut request = staff.get("/cadres");
        request.headers_mut().insert(header::ACCEPT_ENCODING, encoding.parse().unwrap());
        let (status, headers, body) = headers_of(&w.router, request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_ENCODING], encoding);
        assert!(body.len() < plain.2.len() / 2, "{encoding}: {} of {} bytes", body.len(), plain.2.len());
        assert_secure(&headers, encoding);
    }
    if let Some(magic) = plain.2.get(..2) {
        assert_ne!(magic, [0x1f, 0x8b], "no compression without Accept-Encoding");
    }
}
