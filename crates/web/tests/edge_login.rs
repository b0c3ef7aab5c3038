//! The sign-in edge: login CSRF (another site cannot sign a browser in), the JSON sign-in that
//! sets no cookie, and the redirects after sign-in and language switch that only ever go to a
//! path on this site — whatever control characters or slashes they are sent.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{PASSWORD, Session, send, sign_in_form, world};

fn login_post(cookie: &str) -> axum::http::request::Builder {
    let builder = Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if cookie.is_empty() { builder } else { builder.header(header::COOKIE, cookie) }
}

fn body(fields: &[(&str, &str)]) -> Body {
    Body::from(serde_urlencoded::to_string(fields).unwrap())
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_without_the_form_token_signs_nobody_in() {
    let w = world().await;
    let credentials = [("username", "auditor"), ("password", PASSWORD)];
    // What another site's auto-submitting form sends: no cookie of ours, no token.
    let forged = login_post("").header(header::ORIGIN, "https://evil.example").body(body(&credentials));
    let reply = send(&w.router, forged.unwrap()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(reply.body.contains("登录表单已过期或来自其他网站"), "{}", reply.body);
    // Without an Origin (older browsers) the missing token alone refuses it.
    let bare = send(&w.router, login_post("").body(body(&credentials)).unwrap()).await;
    assert_eq!(bare.status, StatusCode::FORBIDDEN);
    // A token that is not the cookie's is refused too.
    let form = sign_in_form(&w.router).await;
    let wrong = [("username", "auditor"), ("password", PASSWORD), ("_csrf", &"0".repeat(64))];
    let mismatched = send(&w.router, login_post(&form.cookie).body(body(&wrong)).unwrap()).await;
    assert_eq!(mismatched.status, StatusCode::FORBIDDEN);
    // Even with the right token, a browser that says the post came from another site is refused.
    let fields = [("username", "auditor"), ("password", PASSWORD), ("_csrf", form.csrf.as_str())];
    let cross = login_post(&form.cookie).header("sec-fetch-site", "cross-site").body(body(&fields));
    assert_eq!(send(&w.router, cross.unwrap()).await.status, StatusCode::FORBIDDEN);
    let other_origin = login_post(&form.cookie)
        .header(header::HOST, "jianquan.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(body(&fields));
    assert_eq!(send(&w.router, other_origin.unwrap()).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sign_in_page_form_signs_in_with_its_token_from_this_site() {
    let w = world().await;
    let form = sign_in_form(&w.router).await;
    let fields = [("username", "auditor"), ("password", PASSWORD), ("_csrf", form.csrf.as_str())];
    let same_site = login_post(&form.cookie)
        .header(header::HOST, "jianquan.example")
        .header(header::ORIGIN, "http://jianquan.example")
        .header("sec-fetch-site", "same-origin")
        .body(body(&fields));
    let response = tower::ServiceExt::oneshot(w.router.clone(), same_site.unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<&str> =
        response.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    let session = cookies.iter().find(|c| c.starts_with("jq_session=")).expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
}

#[tokio::test]
async fn the_sign_in_cookie_is_http_only_strict_and_kept_across_page_loads() {
    let w = world().await;
    let response = tower::ServiceExt::oneshot(w.router.clone(), Request::get("/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/login"), "{set}");
    let first = set.split(';').next().unwrap().to_owned();
    // A second tab keeps the same token, so the first tab's form still signs in.
    let again = Request::get("/login").header(header::COOKIE, &first).body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(w.router.clone(), again).await.unwrap();
    assert_eq!(response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap(), first);
}

#[tokio::test]
async fn the_json_sign_in_answers_a_bearer_token_and_sets_no_session_cookie() {
    let w = world().await;
    let credentials = serde_json::json!({"username": "auditor", "password": PASSWORD}).to_string();
    let request = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(credentials))
        .unwrap();
    let response = tower::ServiceExt::oneshot(w.router.clone(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // No session cookie: nothing for another site to plant. (The device cookie of
    // SEC-LOGIN-THROTTLE signs nobody in.)
    let cookies: Vec<&str> =
        response.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().all(|c| !c.starts_with("jq_session=")), "{cookies:?}");
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let token = serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["token"].as_str().unwrap().to_owned();
    let me = Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty());
    assert_eq!(send(&w.router, me.unwrap()).await.status, StatusCode::OK, "the bearer token works");
}

/// The attacks of the issue and their relatives, as raw query strings.
const HOSTILE_BACKS: &[&str] = &[
    "/%09/evil.example/x",
    "%2F%2Fevil.example",
    "//evil.example",
    "/\\evil.example",
    "%2F%5Cevil.example",
    "https://evil.example/",
    "/%0D%0ASet-Cookie:%20jq_session=planted",
    "/%0Aevil",
    "/%00",
    "/%20/evil.example",
    "javascript:alert(1)",
    "/%E2%80%A8x",
];

#[tokio::test]
async fn the_language_switch_returns_only_to_a_path_on_this_site() {
    let w = world().await;
    for back in HOSTILE_BACKS {
        let reply = send(&w.router, Session::default().get(&format!("/lang?to=en&back={back}"))).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{back}: {}", reply.body);
        let location = reply.location.as_str();
        let local = location.starts_with('/') && !location.starts_with("//") && !location.contains('\\');
        assert!(local && location.bytes().all(|b| b.is_ascii_graphic()), "{back} → {location}");
        assert!(!location.contains("evil") || location == "/%E2%80%A8x", "{back} → {location}");
    }
    let ok = send(&w.router, Session::default().get("/lang?to=en&back=%2Fcadres%3Fq%3D%E5%BC%A0")).await;
    assert_eq!(ok.location, "/cadres?q=%E5%BC%A0", "a real page with a Chinese query comes back encoded");
}

#[tokio::test]
async fn sign_in_returns_only_to_a_path_on_this_site() {
    let w = world().await;
    for next in
        ["/\t/evil.example/x", "/\r\nSet-Cookie: a=b", "//evil.example", "/\\evil.example", "https://evil.example"]
    {
        let reply = send(
            &w.router,
            sign_in_form(&w.router)
                .await
                .form("/login", &[("username", "auditor"), ("password", PASSWORD), ("next", next)]),
        )
        .await;
        assert_eq!((reply.status, reply.location.as_str()), (StatusCode::SEE_OTHER, "/"), "{next:?}");
    }
    let page = send(&w.router, Session::default().get("/login?next=%2F%0D%0A%2Fevil")).await;
    assert_eq!(page.status, StatusCode::OK, "a control character in next= is no server error");
}
