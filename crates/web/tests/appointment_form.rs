//! The 任免审批表 through the real router: the printable A4 form built from the dossier, in scope
//! only, logged as a view, with what it proposes escaped.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod dossier_fixture;

use axum::http::StatusCode;
use common::{get, login, world};

#[tokio::test]
async fn the_form_shows_the_dossier_in_the_standard_layout_with_print_css() {
    let w = world().await;
    dossier_fixture::fill(&w, &w.cadre_a).await;
    let staff = login(&w.router, "orgstaff").await;
    let path = format!(
        "/cadres/{}/appointment-form?proposed_post=%E6%B2%B3%E5%8F%A3%E5%8C%BA%E5%89%AF%E5%8C%BA%E9%95%BF\
         &proposed_removal=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93%E4%B8%BB%E4%BB%BB",
        w.cadre_a
    );
    let page = get(&w, &staff, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // The print layout lives in the style sheet (the Content-Security-Policy allows no inline style).
    let css = get(&w, &staff, "/static/app.css").await.body;
    assert!(css.contains("@page { size: A4 portrait") && css.contains(".adform col.w13"), "the print layout");
    for expected in [
        "干部任免审批表",
        "/static/app.css",
        "data-print",
        "张三丰",
        "1978.05<br>(48岁)",
        "2005.07",
        "大学本科<br>学士",
        "山东大学 法学专业",
        "河口区副区长",
        "文汇街道主任",
        "1996.09--2000.07  山东大学 法学专业学习",
        "2010.03--         文汇街道副主任",
        "记三等功（东政发〔2024〕9号）",
        "2024年度考核优秀；2025年度考核称职。",
        "李梅",
        "审批机关意见",
    ] {
        assert!(body.contains(expected), "missing {expected}");
    }
    // The paper form has no ID number, masked or not.
    let full = dossier_fixture::id_number(&w, &w.cadre_a).await;
    assert!(!body.contains(&full) && !body.contains(&full[..6]));
    // The LRMX link carries the proposal.
    assert!(body.contains(&format!("/cadres/{}/lrmx?proposed_post=%E6%B2%B3", w.cadre_a)));
}

#[tokio::test]
async fn opening_the_form_is_logged_as_a_dossier_view() {
    let w = world().await;
    let staff = login(&w.router, "committee").await;
    assert_eq!(get(&w, &staff, &format!("/cadres/{}/appointment-form", w.cadre_b)).await.status, StatusCode::OK);
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "cadre", &w.cadre_b, 20).await.unwrap();
    let view = history.iter().find(|e| e.action == "registry.dossier.view").expect("a view entry");
    assert!(view.detail.contains("\"form\":\"appointment\""), "{}", view.detail);
}

#[tokio::test]
async fn a_cadre_outside_the_scope_is_not_found_and_a_cadre_may_not_open_the_form() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    assert_eq!(
        get(&w, &county, &format!("/cadres/{}/appointment-form", w.cadre_b)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&w, &county, &format!("/cadres/{}/appointment-form", w.cadre_a)).await.status, StatusCode::OK);
    let cadre = login(&w.router, "cadre").await;
    assert_eq!(get(&w, &cadre, &format!("/cadres/{}/appointment-form", w.cadre_a)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn markup_in_the_proposal_is_escaped_and_an_overlong_one_is_refused() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let page =
        get(&w, &staff, &format!("/cadres/{}/appointment-form?reasons=%3Cscript%3Ex%3C%2Fscript%3E", w.cadre_a)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("&#60;script&#62;x&#60;/script&#62;") && !page.body.contains("<script>x"));
    let long = "%E5%B2%97".repeat(201);
    let refused = get(&w, &staff, &format!("/cadres/{}/appointment-form?proposed_post={long}", w.cadre_a)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("proposed_post"));
}
