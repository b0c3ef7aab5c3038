//! What cost a first-time user most (issue 14 §9), through the real router: the sign-in page leads
//! to the public pages; the receipt code of an objection goes along to the follow page (by POST,
//! so it stays out of addresses), which also prefills a code from its query and still follows by
//! POST; the top bar names the person signed in and their role.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, login, post, send, world};
use serde_json::json;

use selection_support::*;

#[tokio::test]
async fn the_sign_in_page_links_the_publicity_the_objection_and_the_follow_pages() {
    let w = world().await;
    let body = send(&w.router, Session::default().get("/login")).await.body;
    for (href, words) in [
        ("/public/publicity", "干部任前公示"),
        ("/public/publicity", "反映问题"),
        ("/public/follow", "查询反映处理结果"),
    ] {
        assert!(body.contains(&format!("<a href=\"{href}\">")) && body.contains(words), "{href} {words}: {body}");
    }
    // And each is open without signing in.
    for path in ["/public/publicity", "/public/follow"] {
        assert_eq!(send(&w.router, Session::default().get(path)).await.status, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn the_receipt_code_goes_along_to_the_follow_page_which_also_prefills_it_from_the_query() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await.json();
    let (challenge, nonce) = common::proof(&w.router).await;
    let public = Session::default();
    let fields = [
        ("notice_id", notice["id"].as_str().unwrap()),
        ("anonymous", "1"),
        ("text", "反映其违规兼职"),
        ("challenge", &challenge),
        ("nonce", &nonce),
    ];
    let receipt = send(&w.router, public.form("/public/objections", &fields)).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);
    let from = receipt.body.find("<p class=\"receipt\">").unwrap() + "<p class=\"receipt\">".len();
    let code = receipt.body[from..receipt.body[from..].find("</p>").unwrap() + from].to_owned();
    // The follow button posts the code; the address never carries it.
    let carry = &receipt.body[receipt.body.find("id=\"follow-receipt\"").unwrap()..];
    assert!(carry.contains(&format!("name=\"code\" value=\"{code}\"")), "{carry}");
    assert!(!receipt.body.contains(&format!("?code={code}")));
    let followed = send(&w.router, public.form("/public/follow", &[("code", &code)])).await;
    assert_eq!(followed.status, StatusCode::OK);
    assert!(followed.body.contains("正在核查，暂缓任职"), "{}", followed.body);
    assert!(followed.body.contains(&format!("id=\"code\" name=\"code\" value=\"{code}\"")), "kept in the field");
    // A code brought along in the query prefills the field, and nothing is looked up by GET.
    let prefilled = send(&w.router, public.get(&format!("/public/follow?code={code}"))).await;
    assert_eq!(prefilled.status, StatusCode::OK);
    assert!(prefilled.body.contains(&format!("value=\"{code}\"")) && !prefilled.body.contains("正在核查"));
}

#[tokio::test]
async fn the_top_bar_names_the_person_and_their_role() {
    let w = world().await;
    account(&w, "liming", "市委常委 李明", "committee", &w.city).await;
    let member = login(&w.router, "liming").await;
    let body = send(&w.router, member.get("/workbench")).await.body;
    assert!(body.contains("<span class=\"user\">市委常委 李明 · 常委会委员</span>"), "{body}");
}
