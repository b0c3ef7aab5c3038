//! The outcome figure through the real router: of a year's promotees, how many were rated 优秀 at
//! that year's end, by the level of the rank reached, within the caller's scope.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{World, get, login, world};
use jianquan_app::Actor;
use jianquan_app::registry::dossier::record_grade;
use jianquan_app::registry::promotion::{PromotionInput, promote};
use jianquan_domain::registry::dossier::GradeInput;

async fn promoted(w: &World, cadre: &str, rank: &str, date: &str, grade: Option<(&str, &str)>) {
    let sys = Actor::system_for_cli();
    let input = PromotionInput {
        decided_by: "higher_party_committee".into(),
        decided_on: date.into(),
        document_number: "东委〔2025〕1号".into(),
        rank: rank.into(),
        title: "副区长".into(),
        date: date.into(),
        ..Default::default()
    };
    promote(&w.app, &common::org_staff(&w.app).await, cadre, &input).await.expect("promotion");
    if let Some((year, grade)) = grade {
        record_grade(&w.app, &sys, cadre, &GradeInput { year: year.into(), grade: grade.into() }).await.expect("grade");
    }
}

/// 2025: 张三丰 (county A) and 李四 (county B) to county deputy, rated 优秀 and 称职; 王五 (city) to
/// county principal, not yet graded. 2024: 赵六 (county B) to county deputy, rated 优秀.
async fn promotions() -> World {
    let w = world().await;
    promoted(&w, &w.cadre_a, "county_deputy", "2025-03-01", Some(("2025", "优秀"))).await;
    promoted(&w, &w.cadre_b, "county_deputy", "2025-06-01", Some(("2025", "称职"))).await;
    promoted(&w, &w.cadre_city, "county_principal", "2025-09-01", None).await;
    let sys = Actor::system_for_cli();
    let input = common::cadre_input("赵六", &w.county_b, "37050319810202451", "1");
    let zhao = jianquan_app::registry::cadres::create_cadre(&w.app, &sys, &input).await.unwrap().id;
    promoted(&w, &zhao, "county_deputy", "2024-05-01", Some(("2024", "优秀"))).await;
    w
}

fn levels(body: &serde_json::Value) -> Vec<(i64, i64, i64, i64, i64)> {
    body["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let n = |k: &str| l[k].as_i64().unwrap();
            (n("level"), n("promoted"), n("excellent"), n("ungraded"), n("excellent_permille"))
        })
        .collect()
}

#[tokio::test]
async fn the_share_of_a_years_promotees_rated_excellent_is_given_by_level() {
    let w = promotions().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = get(&w, &staff, "/api/v1/selection/outcomes?year=2025").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    assert_eq!(levels(&body), [(5, 1, 0, 1, 0), (6, 2, 1, 0, 500)]);
    assert_eq!(
        (body["total"]["promoted"].as_i64(), body["total"]["excellent_permille"].as_i64()),
        (Some(3), Some(333))
    );
    assert_eq!(body["levels"][1]["label"], "县处级副职");
    // Last year is the default; the year before has its own promotee.
    assert_eq!(get(&w, &staff, "/api/v1/selection/outcomes").await.json()["year"], 2025);
    assert_eq!(levels(&get(&w, &staff, "/api/v1/selection/outcomes?year=2024").await.json()), [(6, 1, 1, 0, 1000)]);
}

#[tokio::test]
async fn the_figure_counts_only_promotees_within_the_scope() {
    let w = promotions().await;
    let county = login(&w.router, "county_staff").await;
    assert_eq!(levels(&get(&w, &county, "/api/v1/selection/outcomes?year=2025").await.json()), [(6, 1, 1, 0, 1000)]);
    let outside = get(&w, &county, &format!("/api/v1/selection/outcomes?year=2025&org={}", w.county_b)).await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    let city = login(&w.router, "orgstaff").await;
    let county_b = get(&w, &city, &format!("/api/v1/selection/outcomes?year=2025&org={}", w.county_b)).await;
    assert_eq!(levels(&county_b.json()), [(6, 1, 0, 0, 0)]);
}

#[tokio::test]
async fn an_invalid_year_is_refused_by_name() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for year in ["abc", "2030", "1900"] {
        let reply = get(&w, &staff, &format!("/api/v1/selection/outcomes?year={year}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{year}");
        assert_eq!(reply.json()["error"]["fields"][0]["field"], "year");
    }
}

#[tokio::test]
async fn the_page_shows_the_table_and_chart_and_the_menu_links_it() {
    let w = promotions().await;
    let staff = login(&w.router, "committee").await;
    let page = get(&w, &staff, "/selection/outcomes?year=2025").await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in
        ["<svg class=\"chart\"", "县处级正职", "县处级副职", "50.0%", "33.3%", "href=\"/selection/outcomes\""]
    {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    let empty = get(&w, &staff, "/selection/outcomes?year=2020").await;
    assert!(empty.body.contains("没有提拔记录"));
}
