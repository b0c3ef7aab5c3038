//! The registry through the web pages and the API, as staff would use it: browse the tree,
//! filter and search the roster, register a cadre (refused field by field, then accepted),
//! open the dossier (which is logged), add to its sections, switch language.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{login, send, world};

#[tokio::test]
async fn the_org_tree_shows_children_with_cadre_counts() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let root = send(&w.router, staff.get("/orgs")).await;
    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.location, format!("/orgs/{}", w.city));
    let page = send(&w.router, staff.get(&root.location)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("东营区") && page.body.contains("河口区"), "{}", page.body);
    assert!(page.body.contains("下级单位"), "Chinese is the default language");
    let api = send(&w.router, staff.get(&format!("/api/v1/orgs/{}", w.city))).await.json();
    let counts: Vec<i64> =
        api["children"].as_array().unwrap().iter().map(|c| c["cadre_count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [1, 1], "each county holds one cadre in its subtree");
}

#[tokio::test]
async fn a_two_character_query_finds_a_three_character_name() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for q in ["张三", "三丰", "张", "丰"] {
        let page = send(&w.router, staff.get(&format!("/api/v1/cadres?q={}", urlencode(q)))).await.json();
        let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["张三丰"], "query {q}");
    }
    let none = send(&w.router, staff.get(&format!("/api/v1/cadres?q={}", urlencode("张四")))).await.json();
    assert_eq!(none["total"], 0);
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).unwrap().trim_start_matches('=').to_owned()
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages_on_the_server() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let all = send(&w.router, staff.get("/api/v1/cadres?sort=birth_date")).await.json();
    let names: Vec<&str> = all["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["王五", "张三丰", "李四"], "oldest first");
    let women = send(&w.router, staff.get("/api/v1/cadres?gender=2")).await.json();
    assert_eq!(women["total"], 1);
    let county = send(&w.router, staff.get(&format!("/api/v1/cadres?org={}", w.county_a))).await.json();
    assert_eq!(county["total"], 1, "the org filter takes the whole subtree");
    // 王五 was born 1970-07-07: 56 on 2026-11-26.
    let band = send(&w.router, staff.get("/api/v1/cadres?age_min=50&age_max=56")).await.json();
    assert_eq!(band["items"][0]["name"], "王五");
    assert_eq!(band["total"], 1);
    let paged = send(&w.router, staff.get("/api/v1/cadres?per_page=10&page=2")).await.json();
    assert_eq!((paged["total"].as_i64(), paged["items"].as_array().unwrap().len()), (Some(3), 0));
    let html = send(&w.router, staff.get("/cadres?sort=name&dir=desc")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("id=\"total\">3<"), "{}", html.body);
}

#[tokio::test]
async fn a_county_account_sees_only_its_county() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    let page = send(&w.router, county.get("/api/v1/cadres")).await.json();
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["张三丰"]);
    let other = send(&w.router, county.get(&format!("/api/v1/cadres?org={}", w.county_b))).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_marks_each_field() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let fields = [
        ("name", "赵六"),
        ("id_number", "370502198001011230"),
        ("gender", "1"),
        ("birth_date", "2001-02-29"),
        ("ethnicity", "01"),
        ("political_status", "01"),
        ("org_id", w.county_a.as_str()),
        ("native_place", "山东<b>广饶</b>"),
    ];
    let reply = send(&w.router, staff.form("/cadres", &fields)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("value=\"赵六\""), "typed values are kept");
    assert!(reply.body.contains("身份证号码校验码错误"), "the ID check digit is named");
    assert!(reply.body.contains("日期 2001-02-29 不存在"), "the impossible date is named");
    assert!(
        reply.body.contains("山东&#60;b&#62;广饶&#60;/b&#62;") || reply.body.contains("山东&lt;b&gt;广饶&lt;/b&gt;"),
        "markup is escaped"
    );
    let count = send(&w.router, staff.get("/api/v1/cadres")).await.json()["total"].clone();
    assert_eq!(count, 3, "nothing was written");
}

#[tokio::test]
async fn a_registered_cadre_has_a_dossier_whose_views_are_logged() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let id_number = jianquan_domain::registry::resident_id::with_check_char("37050219800101123");
    let fields = [
        ("name", "赵六"),
        ("id_number", id_number.as_str()),
        ("gender", "1"),
        ("birth_date", "1980-01-01"),
        ("ethnicity", "03"),
        ("political_status", "01"),
        ("org_id", w.county_a.as_str()),
        ("rank", "county_deputy"),
        ("current_post", "副区长"),
    ];
    let created = send(&w.router, staff.form("/cadres", &fields)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let dossier_path = created.location.clone();
    let added = send(
        &w.router,
        staff.form(
            &format!("{dossier_path}/sections/reward_sanction"),
            &[("kind", "党内警告"), ("date", "2026-03-01"), ("authority", "市纪委")],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let grade =
        send(&w.router, staff.form(&format!("{dossier_path}/sections/grade"), &[("year", "2025"), ("grade", "优秀")]))
            .await;
    assert_eq!(grade.status, StatusCode::SEE_OTHER);
    let page = send(&w.router, staff.get(&dossier_path)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("赵六") && page.body.contains("回族") && page.body.contains("副区长"));
    assert!(page.body.contains("370**************"), "the ID number is masked by default");
    assert!(!page.body.contains(&id_number), "the full number is not on the page");
    assert!(
        page.body.contains("2027-03-01") && page.body.contains("DSC-PARTY-PERIODS"),
        "a party warning runs 12 months after its day, to the corresponding day: {}",
        page.body
    );
    assert!(page.body.contains("registry.dossier.view"), "the view itself is in the history");
    let revealed = send(&w.router, staff.form(&format!("{dossier_path}/reveal"), &[])).await;
    assert!(revealed.body.contains(&id_number));
    let cadre_id = dossier_path.trim_start_matches("/cadres/");
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "cadre", cadre_id, 50).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "registry.cadre.create",
        "registry.dossier.reward_sanction.add",
        "registry.dossier.grade.record",
        "registry.dossier.view",
        "registry.id_number.reveal",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let verified = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verified.broken.is_none());
}

#[tokio::test]
async fn the_interface_switches_to_english_and_back() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let switch = send(&w.router, staff.get("/lang?to=en&back=/cadres")).await;
    assert_eq!(switch.location, "/cadres");
    let mut english = staff.clone();
    english.cookie = format!("{}; jq_lang=en", staff.cookie);
    let page = send(&w.router, english.get("/cadres")).await;
    assert!(page.body.contains("Cadre roster") && page.body.contains("lang=\"en\""));
    let chinese = send(&w.router, staff.get("/cadres")).await;
    assert!(chinese.body.contains("干部名册") && chinese.body.contains("lang=\"zh-CN\""));
}

#[tokio::test]
async fn the_api_answers_errors_in_one_envelope() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = send(
        &w.router,
        staff.json("POST", "/api/v1/cadres", serde_json::json!({"name": "钱七", "org_id": w.county_a})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = reply.json();
    assert_eq!(json["error"]["code"], "invalid");
    let fields: Vec<&str> =
        json["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"id_number") && fields.contains(&"birth_date"), "{fields:?}");
    assert!(
        json["error"]["fields"][0]["message"]["zh"].is_string()
            && json["error"]["fields"][0]["message"]["en"].is_string()
    );
    let missing = send(&w.router, staff.get("/api/v1/cadres/no-such-id")).await;
    assert_eq!((missing.status, missing.json()["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    let w = world().await;
    let reply = send(&w.router, common::Session::default().get("/api/openapi.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    for path in ["/api/v1/cadres", "/api/v1/cadres/{id}", "/api/v1/orgs/{id}", "/api/v1/session", "/api/v1/ledger"] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let ui = send(&w.router, common::Session::default().get("/api/docs/")).await;
    assert_eq!(ui.status, StatusCode::OK, "the browsable UI is served locally");
    // A parameter is in the path only if the path template names it; filters are query parameters.
    let mut declared = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                if parameter["in"] == "path" {
                    assert!(path.contains(&format!("{{{name}}}")), "{method} {path}: {name} is not in the path");
                }
                declared += 1;
            }
        }
    }
    assert!(declared > 20, "parameters are declared: {declared}");
    assert_eq!(doc["paths"]["/api/v1/cadres"]["get"]["parameters"][0]["in"], "query");
}

#[tokio::test]
async fn a_bearer_token_reaches_the_api_without_a_cookie() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let request = axum::http::Request::get("/api/v1/me")
        .header("authorization", format!("Bearer {}", staff.token))
        .body(axum::body::Body::empty())
        .unwrap();
    let me = send(&w.router, request).await.json();
    assert_eq!((me["username"].as_str(), me["role"].as_str()), (Some("orgstaff"), Some("org_staff")));
}

#[tokio::test]
async fn a_name_search_respects_the_subtree_other_filters_and_a_move() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let total = |reply: common::Reply| reply.json()["total"].as_i64().unwrap();
    let q = urlencode("张");
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&org={}", w.county_a))).await), 1);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&org={}", w.county_b))).await), 0);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&gender=1"))).await), 1);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&gender=2"))).await), 0);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&sort=birth_date"))).await), 1);
    // Moving 张三丰 to 河口区 moves his search entries with him.
    let mut input = common::cadre_input("张三丰", &w.county_b, "37050219780504123", "1");
    input.id_number = String::new();
    let version = common::cadre_version(&w, &w.cadre_a).await;
    let path = format!("/api/v1/cadres/{}", w.cadre_a);
    let moved = send(&w.router, staff.json_at("PUT", &path, serde_json::to_value(&input).unwrap(), version)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&org={}", w.county_b))).await), 1);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?q={q}&org={}", w.county_a))).await), 0);
    // The kept per-org counts follow the move: the tree and the unfiltered subtree totals agree.
    let tree = send(&w.router, staff.get(&format!("/api/v1/orgs/{}", w.city))).await.json();
    let counts: Vec<i64> =
        tree["children"].as_array().unwrap().iter().map(|c| c["cadre_count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [0, 2]);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?org={}", w.county_b))).await), 2);
    assert_eq!(total(send(&w.router, staff.get(&format!("/api/v1/cadres?org={}", w.county_a))).await), 0);
}

#[tokio::test]
async fn staff_rename_an_org_and_edit_a_post_but_not_below_its_holders() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let fields = [("name", "河口区委"), ("kind", "party_committee"), ("level", "county"), ("sort", "2")];
    let renamed = send(&w.router, staff.form(&format!("/orgs/{}", w.county_b), &fields)).await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let page = send(&w.router, staff.get(&format!("/orgs/{}", w.county_b))).await;
    assert!(page.body.contains("<h1>河口区委</h1>"));
    let empty = send(
        &w.router,
        staff.form(&format!("/orgs/{}", w.county_b), &[("name", ""), ("kind", "party_committee"), ("level", "county")]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("单位名称为1至60个字"));
    // 李四 takes the post by the people's congress standing committee's appointment: one holder of two.
    let appointment = serde_json::json!({"decided_by": "congress_standing_committee", "decided_on": "2024-01-02",
        "document_number": "河人常任〔2024〕1号", "rank": "county_deputy", "post_id": w.post_b, "title": "副区长",
        "date": "2024-01-02"});
    let taken =
        send(&w.router, staff.json("POST", &format!("/api/v1/cadres/{}/promotions", w.cadre_b), appointment)).await;
    assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.body);
    let posts = send(&w.router, staff.get(&format!("/api/v1/orgs/{}/posts", w.county_b))).await.json();
    assert_eq!((posts[0]["holders"].as_i64(), posts[0]["vacancies"].as_i64()), (Some(1), Some(1)));
    let post = |authorised: &str| serde_json::json!({"title": "副区长", "rank": "county_deputy", "authorised": authorised, "key_post": "1"});
    let below = send(&w.router, staff.json("PUT", &format!("/api/v1/posts/{}", w.post_b), post("0"))).await;
    assert_eq!(below.status, StatusCode::UNPROCESSABLE_ENTITY);
    let edited = send(&w.router, staff.json("PUT", &format!("/api/v1/posts/{}", w.post_b), post("1"))).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!((edited.json()["vacancies"].as_i64(), edited.json()["key_post"].as_bool()), (Some(0), Some(true)));
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "post", &w.post_b, 10).await.unwrap();
    assert_eq!(history.first().map(|e| e.action.as_str()), Some("registry.post.update"));
}

/// Times read in Beijing time to the minute, never as stored (UTC, RFC 3339): the fixture's
/// clock stands at 2026-11-26 02:00 UTC, 10:00 in Beijing.
#[tokio::test]
async fn records_show_beijing_time_not_the_stored_utc_stamp() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let dossier = send(&w.router, staff.get(&format!("/cadres/{}", w.cadre_a))).await;
    assert_eq!(dossier.status, StatusCode::OK);
    let at = dossier.body.find("id=\"history\"").unwrap_or(0);
    assert!(
        dossier.body.contains("2026-11-26 10:00"),
        "the history in Beijing time: {}",
        &dossier.body[at..(at + 3000).min(dossier.body.len())]
    );
    assert!(!dossier.body.contains("T02:00:00Z"), "no stored stamp on the page");
    let auditor = login(&w.router, "auditor").await;
    let ledger = send(&w.router, auditor.get("/ledger")).await;
    assert_eq!(ledger.status, StatusCode::OK);
    assert!(ledger.body.contains("2026-11-26 10:00") && !ledger.body.contains("T02:00:00Z"));
}
