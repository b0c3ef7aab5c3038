//! Records people can read, through the real router: ledger entries as sentences with names
//! (the raw entry behind the 技术详情 toggle), the ledger page's filters, a dossier's changes and
//! views paged apart, rules named by their titles, and the answer outside an account's scope.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{Reply, Session, World, get, login, org_staff, world};
use jianquan_app::{App, Clock};
use serde_json::json;
use time::macros::datetime;

/// The page without its technical details (what a reader sees before opening a toggle).
fn visible(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find("<details") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("</details>").map_or("", |end| &rest[start + end + "</details>".len()..]);
    }
    out.push_str(rest);
    out
}

/// Whether the text holds a UUID (8-4-4-4-12 hex digits).
fn has_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(36).any(|w| {
        w.iter().enumerate().all(|(i, b)| if [8, 13, 18, 23].contains(&i) { *b == b'-' } else { b.is_ascii_hexdigit() })
    })
}

/// The number of ledger lines on a page.
fn lines(reply: &Reply) -> usize {
    reply.body.matches("<details class=\"tech\">").count()
}

/// The sentences of the page's table rows, in order.
fn sentences(reply: &Reply) -> Vec<String> {
    reply
        .body
        .split("<details class=\"tech\">")
        .filter_map(|part| part.rsplit("<td>").nth(1).map(|s| s.split("</td>").next().unwrap_or("").to_owned()))
        .collect()
}

async fn open_dossier(w: &World, s: &Session, cadre: &str) {
    assert_eq!(get(w, s, &format!("/cadres/{cadre}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_ledger_tells_each_entry_as_a_sentence_with_names_and_keeps_codes_behind_the_toggle() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    open_dossier(&w, &staff, &w.cadre_a).await;
    let auditor = login(&w.router, "auditor").await;
    let page = get(&w, &auditor, "/ledger").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let seen = visible(&page.body);
    assert!(seen.contains("11月26日 10:00"), "Beijing time, to the minute");
    assert!(seen.contains("orgstaff 查阅了 张三丰 的干部档案"), "{seen}");
    assert!(seen.contains("系统 新增了干部 张三丰"), "{seen}");
    assert!(seen.contains("系统 新建了培训班 河口区干部专题培训班"), "{seen}");
    assert!(!seen.contains("registry.dossier.view") && !seen.contains("training.course.create"), "no action codes");
    assert!(!has_uuid(&seen), "no UUIDs outside the toggle");
    assert!(!seen.contains("{\""), "no JSON outside the toggle");
    // The raw entry is one click away.
    assert!(page.body.contains("技术详情") && page.body.contains("registry.dossier.view"));
    // A rule appears by its title, its ID as a tooltip only.
    assert!(seen.contains("title=\"TRN-CREDITS\""), "{seen}");
    assert!(!seen.replace("title=\"TRN-CREDITS\"", "").contains("TRN-CREDITS"), "the ID only as a tooltip");

    let english = Session { cookie: format!("{}; jq_lang=en", auditor.cookie), ..auditor.clone() };
    let page = get(&w, &english, "/ledger").await;
    assert!(visible(&page.body).contains("orgstaff opened the dossier of 张三丰"), "{}", page.body);
}

#[tokio::test]
async fn the_ledger_answers_who_opened_a_dossier_by_person_subject_kind_and_date() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let admin = login(&w.router, "admin").await;
    open_dossier(&w, &staff, &w.cadre_a).await;
    open_dossier(&w, &admin, &w.cadre_a).await;
    open_dossier(&w, &admin, &w.cadre_b).await;
    // Nine days later, the staff member opens 张三丰's dossier again.
    let later = App { clock: Clock::Fixed(datetime!(2026-12-05 03:00 UTC)), ..w.app.clone() };
    let actor = org_staff(&w.app).await;
    later.record_read(&actor, "registry.dossier.view", ("cadre", &w.cadre_a), json!({"by": "orgstaff"})).await.unwrap();
    let auditor = login(&w.router, "auditor").await;

    let by_person = get(&w, &auditor, "/ledger?person=orgstaff").await;
    assert_eq!(by_person.status, StatusCode::OK, "{}", by_person.body);
    let said = sentences(&by_person);
    assert!(!said.is_empty() && said.iter().all(|s| s.starts_with("orgstaff ")), "{said:?}");

    let views_of_a = get(&w, &auditor, "/ledger?subject=%E5%BC%A0%E4%B8%89%E4%B8%B0&kind=%E6%9F%A5%E9%98%85").await;
    let said = sentences(&views_of_a);
    assert_eq!(said.len(), 3, "two by orgstaff, one by admin: {said:?}");
    assert!(said.iter().all(|s| s.contains("查阅了 张三丰 的干部档案")), "{said:?}");
    assert!(views_of_a.body.contains("<option value=\"查阅\" selected>"), "the chosen kind stays chosen");

    let by_id = get(&w, &auditor, &format!("/ledger?subject={}&kind=%E6%9F%A5%E9%98%85", w.cadre_b)).await;
    assert_eq!(sentences(&by_id), vec!["admin 查阅了 李四 的干部档案".to_owned()]);

    let in_december = get(&w, &auditor, "/ledger?kind=%E6%9F%A5%E9%98%85&from=2026-12-01&to=2026-12-31").await;
    assert_eq!(sentences(&in_december), vec!["orgstaff 查阅了 张三丰 的干部档案".to_owned()]);
    assert!(visible(&in_december.body).contains("12月5日 11:00"));
    let on_the_day = get(&w, &auditor, "/ledger?kind=%E6%9F%A5%E9%98%85&from=2026-11-26&to=2026-11-26").await;
    assert_eq!(lines(&on_the_day), 3, "the day's three opens, not the later one");
    let before = get(&w, &auditor, "/ledger?to=2026-11-25").await;
    assert_eq!(lines(&before), 0, "nothing was recorded before the fixture's day");

    let nobody = get(&w, &auditor, "/ledger?person=nobody").await;
    assert_eq!(lines(&nobody), 0);
    assert!(nobody.body.contains("没有符合条件的记录"));
    let wrong_date = get(&w, &auditor, "/ledger?from=2026-13-01").await;
    assert_eq!(wrong_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong_date.body.contains("class=\"menu\""), "an error page keeps the menu");
}

#[tokio::test]
async fn the_ledger_pages_back_keeping_its_filters() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for _ in 0..55 {
        open_dossier(&w, &staff, &w.cadre_b).await;
    }
    let auditor = login(&w.router, "auditor").await;
    let first = get(&w, &auditor, "/ledger?person=orgstaff&kind=%E6%9F%A5%E9%98%85").await;
    assert_eq!(lines(&first), 50);
    let older = first.body.split("<nav class=\"pager\"><a href=\"").nth(1).unwrap().split('"').next().unwrap();
    let older = older.replace("&#38;", "&");
    assert!(older.contains("person=orgstaff") && older.contains("before="), "{older}");
    let second = get(&w, &auditor, &older).await;
    assert_eq!(lines(&second), 5, "{older}");
}

#[tokio::test]
async fn a_dossiers_changes_stay_visible_after_hundreds_of_views_and_each_list_pages() {
    let w = world().await;
    let actor = org_staff(&w.app).await;
    for _ in 0..210 {
        w.app
            .record_read(&actor, "registry.dossier.view", ("cadre", &w.cadre_a), json!({"by": "orgstaff"}))
            .await
            .unwrap();
    }
    let staff = login(&w.router, "orgstaff").await;
    let page = get(&w, &staff, &format!("/cadres/{}", w.cadre_a)).await;
    assert_eq!(page.status, StatusCode::OK);
    let seen = visible(&page.body);
    assert!(seen.contains("系统 新增了干部 张三丰"), "the creation is still listed");
    assert!(seen.contains("系统 更新了 张三丰 的照片"), "{seen}");
    assert!(
        !has_uuid(&seen.split("id=\"history\"").nth(1).unwrap().replace(&w.cadre_a, "")),
        "no UUIDs in the history"
    );
    let view_log = page.body.split("id=\"view-log\"").nth(1).unwrap().split("</table>").next().unwrap();
    assert_eq!(view_log.matches("<details class=\"tech\">").count(), 10, "one page of views");
    assert!(view_log.contains("orgstaff 查阅了 张三丰 的干部档案"));
    // The views page on; the changes stay.
    let older = page.body.split("id=\"older-views\"").next().unwrap().rsplit("href=\"").next().unwrap();
    let older = older.split('"').next().unwrap().replace("&#38;", "&");
    assert!(older.contains("views_before="), "{older}");
    let next = get(&w, &staff, older.split('#').next().unwrap()).await;
    assert_eq!(next.status, StatusCode::OK);
    assert!(visible(&next.body).contains("系统 新增了干部 张三丰"));
    // Staff who read the ledger are led to every view of this dossier.
    assert!(page.body.contains(&format!("/ledger?subject={}&#38;kind=%E6%9F%A5%E9%98%85", w.cadre_a)), "link");
    let all =
        get(&w, &login(&w.router, "auditor").await, &format!("/ledger?subject={}&kind=%E6%9F%A5%E9%98%85", w.cadre_a))
            .await;
    assert_eq!(lines(&all), 50, "a full first page of the 212 views");
}

#[tokio::test]
async fn a_dossiers_changes_page_on_their_own() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for n in 0..35 {
        let name = format!("子女{n:02}");
        let path = format!("/cadres/{}/sections/family", w.cadre_a);
        let reply = common::send(&w.router, staff.form(&path, &[("relation", "son"), ("name", &name)])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let page = get(&w, &staff, &format!("/cadres/{}", w.cadre_a)).await;
    let changes = page.body.split("id=\"changes\"").nth(1).unwrap().split("</table>").next().unwrap();
    assert_eq!(changes.matches("<details class=\"tech\">").count(), 30);
    assert!(changes.contains("orgstaff 为 张三丰 添加了家庭成员"));
    let older = page.body.split("id=\"older-changes\"").next().unwrap().rsplit("href=\"").next().unwrap();
    let older = older.split('"').next().unwrap().replace("&#38;", "&");
    let second = get(&w, &staff, older.split('#').next().unwrap()).await;
    let changes = second.body.split("id=\"changes\"").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(changes.contains("系统 新增了干部 张三丰"), "the last page ends with the creation");
}

#[tokio::test]
async fn a_selection_cases_record_names_the_case_and_its_rules_in_words() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = common::post(
        &w,
        &staff,
        "/api/v1/selection/cases",
        json!({"post_id": w.post_b, "method": "democratic_recommendation", "proposer": "河口区委组织部",
            "work_plan": "按照条例民主推荐、考察、讨论决定"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let case = reply.json()["id"].as_str().unwrap().to_owned();
    let page = get(&w, &staff, &format!("/selection/cases/{case}")).await;
    let record = visible(page.body.split("id=\"record\"").nth(1).unwrap());
    assert!(record.contains("orgstaff 提出动议，建立 纪实〔2026〕1号（副区长）"), "{record}");
    assert!(!record.contains("selection.case.motion") && !has_uuid(&record), "{record}");
}

#[tokio::test]
async fn a_refusal_names_its_rule_by_title_with_the_id_as_a_tooltip() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = common::post(
        &w,
        &staff,
        "/api/v1/selection/cases",
        json!({"post_id": w.post_b, "method": "democratic_recommendation", "proposer": "河口区委组织部",
            "work_plan": "按照条例民主推荐、考察、讨论决定"}),
    )
    .await;
    let case = reply.json()["id"].as_str().unwrap().to_owned();
    // Submitting for decision before any inspection is refused (SEL-INSPECTION).
    let refused = common::send(&w.router, staff.form(&format!("/selection/cases/{case}/decision"), &[])).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let title = "实行干部考察专职人员和干部考察责任书制度";
    let seen = visible(&refused.body);
    assert!(seen.contains(&format!("《{title}》")), "{seen}");
    assert!(!seen.replace("title=\"SEL-INSPECTION\"", "").contains("SEL-INSPECTION"), "the ID only as a tooltip");
}

#[tokio::test]
async fn an_error_page_keeps_the_menu() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let cadre = login(&w.router, "cadre").await;
    let forbidden = get(&w, &cadre, "/ledger").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(forbidden.body.contains("class=\"menu\"") && forbidden.body.contains("我的档案"), "{}", forbidden.body);
    let missing = get(&w, &staff, "/cadres/no-such-cadre").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("class=\"menu\""), "{}", missing.body);
}

#[tokio::test]
async fn a_record_outside_the_scope_names_the_accounts_scope() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    let outside = get(&w, &county, &format!("/cadres/{}", w.cadre_b)).await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND, "existence does not leak");
    assert!(outside.body.contains("不在您的工作范围（东营区）"), "{}", outside.body);
    assert!(outside.body.contains("class=\"menu\""), "the menu stays");
    let english = Session { cookie: format!("{}; jq_lang=en", county.cookie), ..county.clone() };
    let outside = get(&w, &english, &format!("/cadres/{}", w.cadre_b)).await;
    assert!(outside.body.contains("outside your scope (东营区)"), "{}", outside.body);
}

#[tokio::test]
async fn an_exams_attempts_show_when_they_started_in_beijing_time() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let page = get(&w, &staff, &format!("/integrity/exams/{}", w.exam_b)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("2026-11-26 10:00") && !page.body.contains("2026-11-26 02:00"), "{}", page.body);
}
