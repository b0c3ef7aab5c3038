//! CSRF on every state-changing request made with the session cookie, login throttling, and sign-out.
//! The sign-in form's own CSRF protection and the redirects after it: `edge_login.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, login, send, sign_in_form, world};

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused_and_writes_nothing() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let mut forged = staff.clone();
    forged.csrf = String::new();
    let fields =
        [("parent_id", w.city.as_str()), ("name", "新单位"), ("kind", "government_department"), ("level", "city")];
    assert_eq!(send(&w.router, forged.form("/orgs", &fields)).await.status, StatusCode::FORBIDDEN);
    forged.csrf = "0".repeat(64);
    assert_eq!(send(&w.router, forged.form("/orgs", &fields)).await.status, StatusCode::FORBIDDEN);
    let api_without_header = axum::http::Request::post("/api/v1/orgs")
        .header("content-type", "application/json")
        .header("cookie", &staff.cookie)
        .body(axum::body::Body::from(serde_json::json!({"parent_id": w.city, "name": "新单位", "kind": "government_department", "level": "city"}).to_string()))
        .unwrap();
    let refused = send(&w.router, api_without_header).await;
    assert_eq!((refused.status, refused.json()["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("csrf")));
    let page = send(&w.router, staff.get(&format!("/orgs/{}", w.city))).await;
    assert!(!page.body.contains("新单位"), "nothing was created");
    let accepted = send(&w.router, staff.form("/orgs", &fields)).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_username_for_a_while() {
    let w = world().await;
    let public = sign_in_form(&w.router).await;
    for _ in 0..5 {
        let reply =
            send(&w.router, public.form("/login", &[("username", "orgstaff"), ("password", "wrong-password")])).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.body.contains("用户名或密码错误"));
    }
    let locked = send(&w.router, public.form("/login", &[("username", "orgstaff"), ("password", PASSWORD)])).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let other = send(&w.router, public.form("/login", &[("username", "auditor"), ("password", PASSWORD)])).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "other accounts are unaffected");
}

#[tokio::test]
async fn a_page_sign_in_sets_an_http_only_cookie_and_sign_out_ends_the_session() {
    let w = world().await;
    let response = tower::ServiceExt::oneshot(
        w.router.clone(),
        sign_in_form(&w.router)
            .await
            .form("/login", &[("username", "auditor"), ("password", PASSWORD), ("next", "/ledger")]),
    )
    .await
    .unwrap();
    assert_eq!(response.headers()["location"], "/ledger");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let session = login(&w.router, "auditor").await;
    assert_eq!(send(&w.router, session.get("/ledger")).await.status, StatusCode::OK);
    let out = send(&w.router, session.form("/logout", &[])).await;
    assert_eq!(out.location, "/login");
    let after = send(&w.router, session.get("/ledger")).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the ended session no longer signs in");
}

#[tokio::test]
async fn sign_in_never_returns_to_another_site() {
    let w = world().await;
    let reply = send(
        &w.router,
        sign_in_form(&w.router)
            .await
            .form("/login", &[("username", "auditor"), ("password", PASSWORD), ("next", "//evil.example/")]),
    )
    .await;
    assert_eq!(reply.location, "/");
}
