//! The roster as staff expect it: 职务排序 by default (post precedence within the unit, then
//! 任现职时间), 姓氏笔画 on request, page size and page jump, the unit tree beside it, the
//! optional columns each browser keeps, and post forms that say which post they edit. Run on
//! PostgreSQL too with `JIANQUAN_TEST_DATABASE_URL`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{World, cadre_input, login, send, world};
use http_body_util::BodyExt;
use jianquan_app::Actor;
use jianquan_app::registry::{cadres, dossier, orgs};
use jianquan_domain::registry::CadreInput;
use jianquan_domain::registry::dossier::{EducationInput, TenureInput};
use tower::ServiceExt;

/// A bureau under the city with four cadres: 戴 the principal (since 2020), 王 and 李 the deputies
/// (since 2018 and 2021), 丁 without a rank.
async fn bureau(w: &World) -> String {
    let sys = Actor::system_for_cli();
    let input = orgs::OrgInput {
        parent_id: w.city.clone(),
        name: "市审计局".into(),
        kind: "government_department".into(),
        level: "city".into(),
        sort: String::new(),
    };
    let bureau = orgs::create_org(&w.app, &sys, &input).await.unwrap().id;
    let people = [
        ("李副局长", "37050219800101111", "county_deputy", "副局长", "2021-06-01"),
        ("丁科员", "37050219850101222", "", "科员", ""),
        ("戴局长", "37050219700101333", "county_principal", "局长", "2020-01-01"),
        ("王副局长", "37050219750101444", "county_deputy", "副局长", "2018-03-01"),
    ];
    for (name, first17, rank, post, since) in people {
        let input = CadreInput {
            rank: rank.into(),
            current_post: post.into(),
            ..cadre_input(name, &bureau, first17, gender(first17))
        };
        let id = cadres::create_cadre(&w.app, &sys, &input).await.unwrap().id;
        if !since.is_empty() {
            let tenure = TenureInput {
                org_id: bureau.clone(),
                title: post.into(),
                start_date: since.into(),
                ..TenureInput::default()
            };
            dossier::add_tenure(&w.app, &sys, &id, &tenure).await.unwrap();
        }
        if name == "戴局长" {
            let education = EducationInput {
                mode: "full_time".into(),
                level: "20".into(),
                school: "山东大学".into(),
                major: "会计学".into(),
                ..EducationInput::default()
            };
            dossier::add_education(&w.app, &sys, &id, &education).await.unwrap();
        }
    }
    bureau
}

/// The gender an ID number's 17th digit gives (odd: male).
fn gender(first17: &str) -> &'static str {
    if first17.bytes().last().is_some_and(|d| d % 2 == 1) { "1" } else { "2" }
}

/// The names in the roster table, in the order shown.
fn names_in(body: &str, names: &[&str]) -> Vec<String> {
    let table = &body[body.find("id=\"cadre-list\"").expect("the roster table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let mut found: Vec<(usize, String)> =
        names.iter().filter_map(|n| table.find(&format!(">{n}</a>")).map(|at| (at, (*n).to_owned()))).collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

const STAFF: [&str; 4] = ["戴局长", "王副局长", "李副局长", "丁科员"];

#[tokio::test]
async fn the_roster_lists_a_unit_by_post_precedence_then_by_time_in_post() {
    let w = world().await;
    let bureau = bureau(&w).await;
    let staff = login(&w.router, "orgstaff").await;
    let page = send(&w.router, staff.get(&format!("/cadres?org={bureau}"))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The principal, then the deputies by tenure start (2018 before 2021), then the unranked.
    assert_eq!(names_in(&page.body, &STAFF), STAFF);
    assert!(page.body.contains("aria-sort=\"ascending\""), "the post heading shows the order");
    let reversed = send(&w.router, staff.get(&format!("/cadres?org={bureau}&sort=post&dir=desc"))).await;
    assert_eq!(names_in(&reversed.body, &STAFF), ["丁科员", "李副局长", "王副局长", "戴局长"]);
    // The API lists the same order by default.
    let api = send(&w.router, staff.get(&format!("/api/v1/cadres?org={bureau}"))).await.json();
    let names: Vec<&str> = api["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, STAFF);
}

#[tokio::test]
async fn the_roster_orders_by_surname_strokes_on_request() {
    let w = world().await;
    let bureau = bureau(&w).await;
    let staff = login(&w.router, "orgstaff").await;
    let page = send(&w.router, staff.get(&format!("/cadres?org={bureau}&sort=strokes"))).await;
    // 丁 2, 王 4, 李 7, 戴 17 strokes.
    assert_eq!(names_in(&page.body, &STAFF), ["丁科员", "王副局长", "李副局长", "戴局长"]);
    assert!(page.body.contains("姓氏笔画"));
}

#[tokio::test]
async fn the_page_size_and_a_page_jump_choose_the_rows_shown() {
    let w = world().await;
    let bureau = bureau(&w).await;
    let sys = Actor::system_for_cli();
    for i in 0..8 {
        let input = cadre_input(
            &format!("孙{}", ["一", "二", "三", "四", "五", "六", "七", "八"][i]),
            &bureau,
            &format!("37050219700101{i}55"),
            "1",
        );
        cadres::create_cadre(&w.app, &sys, &input).await.unwrap();
    }
    let staff = login(&w.router, "orgstaff").await;
    let second = send(&w.router, staff.get(&format!("/cadres?org={bureau}&per_page=10&page=2"))).await;
    assert!(second.body.contains("2 / 2"), "12 rows make two pages of 10");
    assert_eq!(second.body.matches("<tr><td><a href=\"/cadres/").count(), 2);
    let past = send(&w.router, staff.get(&format!("/cadres?org={bureau}&per_page=10&page=99"))).await;
    assert!(past.body.contains("2 / 2"), "a jump past the end shows the last page");
    assert_eq!(past.body.matches("<tr><td><a href=\"/cadres/").count(), 2);
    let all = send(&w.router, staff.get(&format!("/cadres?org={bureau}&per_page=50"))).await;
    assert_eq!(all.body.matches("<tr><td><a href=\"/cadres/").count(), 12);
    assert!(all.body.contains("<option value=\"50\" selected>50</option>"), "the size is kept");
    assert!(all.body.contains("name=\"page\""), "the page jump");
}

#[tokio::test]
async fn the_unit_tree_opens_the_path_to_the_chosen_unit_and_marks_it() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let top = send(&w.router, staff.get("/cadres")).await.body;
    let tree = |body: &str| {
        let start = body.find("class=\"unit-tree").unwrap();
        body[start..start + body[start..].find("</details>").unwrap()].to_owned()
    };
    let closed = tree(&top);
    assert!(closed.contains("东营市") && closed.contains("东营区") && closed.contains("河口区"));
    assert!(!closed.contains("文汇街道"), "a closed unit's children are not read");
    let town = tree(&send(&w.router, staff.get(&format!("/cadres?org={}", w.town_a))).await.body);
    assert!(town.contains("河口区"), "the siblings along the path stay");
    assert!(town.contains(&format!("href=\"/cadres?org={}\" aria-current=\"true\"", w.town_a)), "{town}");
    // A county account's tree starts at its county.
    let county = login(&w.router, "county_staff").await;
    let theirs = tree(&send(&w.router, county.get("/cadres")).await.body);
    assert!(theirs.contains("东营区") && !theirs.contains("东营市") && !theirs.contains("河口区"), "{theirs}");
}

#[tokio::test]
async fn the_chosen_columns_stay_with_the_browser() {
    let w = world().await;
    let bureau = bureau(&w).await;
    let staff = login(&w.router, "orgstaff").await;
    let plain = send(&w.router, staff.get(&format!("/cadres?org={bureau}"))).await;
    assert!(!plain.body.contains("class=\"col-education\""), "no optional column by default");
    let choose = staff.get(&format!("/cadres?org={bureau}&cols=1&col_education=1&col_tenure=1"));
    let response = w.router.clone().oneshot(choose).await.unwrap();
    let cookie = response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("jq_roster_cols=tenure.education;"), "{cookie}");
    let _ = response.into_body().collect().await;
    let kept = format!("{}; {}", staff.cookie, cookie.split(';').next().unwrap());
    let request =
        Request::get(format!("/cadres?org={bureau}")).header(header::COOKIE, kept).body(Body::empty()).unwrap();
    let later = send(&w.router, request).await;
    assert!(later.body.contains("class=\"col-education\"") && later.body.contains("class=\"col-tenure\""));
    assert!(later.body.contains("大学本科"), "戴局长's education");
    assert!(later.body.contains("2020-01-01"), "戴局长's time in post");
}

#[tokio::test]
async fn each_post_form_says_which_post_it_edits() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let page = send(&w.router, staff.get(&format!("/orgs/{}", w.county_b))).await;
    assert!(page.body.contains("编辑：副区长"), "{}", page.body);
}
