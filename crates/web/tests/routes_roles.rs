//! Every route × every role, through the real router: allowed roles get through, the public is
//! sent to sign in (pages) or told 401 (API), signed-in roles without the capability get 403,
//! and a record outside the account's scope is 404 — never 403, so existence does not leak.
//! A route without a sample request here fails the test: adding a route means saying who may use it.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::{Method, StatusCode};
use common::{Session, World, login, send, world};
use jianquan_domain::access::{ALL_ROLES, Capability, Role};
use jianquan_web::AppState;
use jianquan_web::routes::{Access, RouteSpec, table};
use selection_support::Records;

/// The concrete path for a route template, with in-scope IDs for the city-wide accounts.
fn sample_path(spec: &RouteSpec, w: &World, sel: &Records, own_cadre: bool) -> Option<String> {
    let cadre = if own_cadre { &w.cadre_a } else { &w.cadre_b };
    let path = match spec.path {
        "/static/{file}" => "/static/app.css".to_owned(),
        "/orgs/{id}" | "/api/v1/orgs/{id}" | "/api/v1/orgs/{id}/posts" => spec.path.replace("{id}", &w.county_b),
        "/cadres/{id}" | "/cadres/{id}/edit" | "/cadres/{id}/reveal" | "/api/v1/cadres/{id}" => {
            spec.path.replace("{id}", cadre)
        }
        "/cadres/{id}/sections/{section}" | "/api/v1/cadres/{id}/sections/{section}" => {
            spec.path.replace("{id}", cadre).replace("{section}", "grade")
        }
        "/posts/{id}" | "/api/v1/posts/{id}" => spec.path.replace("{id}", &w.post_b),
        "/cadres/{id}/training"
        | "/cadres/{id}/appointment-form"
        | "/cadres/{id}/lrmx"
        | "/api/v1/cadres/{id}/lrmx"
        | "/cadres/{id}/photo"
        | "/api/v1/cadres/{id}/photo"
        | "/cadres/{id}/training-records"
        | "/cadres/{id}/promotion"
        | "/api/v1/cadres/{id}/training"
        | "/api/v1/cadres/{id}/training-records"
        | "/api/v1/cadres/{id}/promotions"
        | "/api/v1/cadres/{id}/obligations" => spec.path.replace("{id}", cadre),
        p if p.starts_with("/training/courses/{id}") || p.starts_with("/api/v1/courses/{id}") => {
            spec.path.replace("{id}", &w.course_b)
        }
        p if p.starts_with("/integrity/exams/{id}") || p.starts_with("/api/v1/exams/{id}") => {
            spec.path.replace("{id}", &w.exam_b)
        }
        p if p.starts_with("/integrity/attempts/{id}") || p.starts_with("/api/v1/attempts/{id}") => {
            spec.path.replace("{id}", &w.attempt_a)
        }
        p if p.starts_with("/integrity/talks/{id}") || p.starts_with("/api/v1/talks/{id}") => {
            spec.path.replace("{id}", &w.talk_a)
        }
        p if p.starts_with("/integrity/obligations/{id}") || p.starts_with("/api/v1/obligations/{id}") => {
            spec.path.replace("{id}", &w.obligation_b)
        }
        "/import/template.xlsx" => "/import/template.xlsx?kind=cadres".to_owned(),
        // study groups & village assistance: groups and village pages are addressed by org, records by cadre.
        "/training/study-groups/{id}"
        | "/api/v1/training/study-groups/{id}"
        | "/training/village/{id}"
        | "/api/v1/training/village/{id}" => spec.path.replace("{id}", &w.county_b),
        p if p.starts_with("/training/study-groups/{id}/") || p.starts_with("/api/v1/training/study-groups/{id}/") => {
            spec.path.replace("{id}", &w.county_b)
        }
        p if p.starts_with("/training/village/{id}/") || p.starts_with("/api/v1/training/village/{id}/") => {
            spec.path.replace("{id}", &w.county_b)
        }
        "/training/study-records/{id}" | "/api/v1/training/study-records/{id}" => spec.path.replace("{id}", cadre),
        p if p.starts_with("/training/study-records/{id}/")
            || p.starts_with("/api/v1/training/study-records/{id}/") =>
        {
            spec.path.replace("{id}", cadre)
        }
        // Selection: a case of county B at recommendation, its round, a meeting of county B.
        p if p.starts_with("/api/v1/selection/cases/{id}") || p.starts_with("/selection/cases/{id}") => spec
            .path
            .replace("{id}", &sel.case)
            .replace("inspect/{action}", "inspect/letters")
            .replace("{action}", "resume"),
        p if p.starts_with("/api/v1/selection/rounds/{id}") || p.starts_with("/selection/rounds/{id}") => {
            spec.path.replace("{id}", &sel.round).replace("{action}", "close")
        }
        p if p.starts_with("/api/v1/selection/meetings/{id}") || p.starts_with("/selection/meetings/{id}") => {
            spec.path.replace("{id}", &sel.meeting).replace("{item}", &sel.item)
        }
        p if p.contains('{') => return None,
        p => p.to_owned(),
    };
    Some(path)
}

fn request(session: &Session, spec: &RouteSpec, path: &str) -> axum::http::Request<axum::body::Body> {
    let api = path.starts_with("/api/");
    match (spec.method.clone(), api) {
        (Method::GET, _) => session.get(path),
        (method, true) => session.json(method.as_str(), path, serde_json::json!({})),
        (_, false) => session.form(path, &[("year", "2025"), ("grade", "称职")]),
    }
}

fn allowed(access: Access, role: Role) -> bool {
    match access {
        Access::Public => true,
        Access::Needs(cap) => role.can(cap),
        Access::OwnOr(cap) => role.can(cap) || role.can(Capability::OwnDossier),
    }
}

fn username(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::OrgStaff => "orgstaff",
        Role::Discipline => "discipline",
        Role::Inspector => "inspector",
        Role::Committee => "committee",
        Role::Auditor => "auditor",
        Role::Cadre => "cadre",
        Role::Public => "",
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_its_access_rule_says() {
    let w = world().await;
    let sel = selection_support::records(&w).await;
    let specs = table(AppState::new(w.app.clone()));
    let mut sessions = Vec::new();
    for role in ALL_ROLES {
        let session = if role == Role::Public { Session::default() } else { login(&w.router, username(role)).await };
        sessions.push((role, session));
    }
    let mut failures = Vec::new();
    for spec in &specs {
        // Sign-out would end the sessions the loop still needs; it is covered by its own test.
        if spec.path == "/logout" || (spec.path == "/api/v1/session" && spec.method == Method::DELETE) {
            continue;
        }
        for (role, session) in &sessions {
            let Some(path) = sample_path(spec, &w, &sel, *role == Role::Cadre) else {
                failures
                    .push(format!("{} {}: no sample request; add one saying who may use it", spec.method, spec.path));
                break;
            };
            let reply = send(&w.router, request(session, spec, &path)).await;
            let to_login = reply.status == StatusCode::SEE_OTHER && reply.location.starts_with("/login");
            // The start page sends the public to sign in: that is its answer, not a refusal.
            let refused = reply.status == StatusCode::UNAUTHORIZED
                || reply.status == StatusCode::FORBIDDEN
                || (to_login && spec.path != "/");
            // Sign-in with the sample's (wrong) credentials answers 401/422: the route was reached.
            let sign_in = (spec.path == "/login" && spec.method == Method::POST) || spec.path == "/api/v1/session";
            let expected_allowed = allowed(spec.access, *role);
            let ok = if sign_in {
                !reply.status.is_server_error()
            } else if expected_allowed {
                !refused && reply.status != StatusCode::NOT_FOUND && !reply.status.is_server_error()
            } else if *role == Role::Public {
                if path.starts_with("/api/") { reply.status == StatusCode::UNAUTHORIZED } else { to_login }
            } else {
                reply.status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{} {path} as {role:?}: got {} (allowed: {expected_allowed}) {}",
                    spec.method,
                    reply.status,
                    reply.body.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} route/role answers were wrong:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn a_record_outside_the_scope_is_not_found_rather_than_forbidden() {
    let w = world().await;
    let sel = selection_support::records(&w).await;
    let county = login(&w.router, "county_staff").await;
    let specs = table(AppState::new(w.app.clone()));
    let mut checked = 0;
    // Every record route an org-staff account may use; routes of other roles answer 403 first.
    for spec in specs.iter().filter(|s| s.path.contains("{id}") && allowed(s.access, Role::OrgStaff)) {
        let path = sample_path(spec, &w, &sel, false).expect("sample path");
        let reply = send(&w.router, request(&county, spec, &path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{} {path}: {}", spec.method, reply.body);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} record routes were checked");
    // The same account reaches records inside its county.
    let inside = send(&w.router, county.get(&format!("/cadres/{}", w.cadre_a))).await;
    assert_eq!(inside.status, StatusCode::OK);
}

#[tokio::test]
async fn a_cadre_sees_their_own_dossier_and_no_one_elses() {
    let w = world().await;
    let cadre = login(&w.router, "cadre").await;
    assert_eq!(send(&w.router, cadre.get(&format!("/cadres/{}", w.cadre_a))).await.status, StatusCode::OK);
    assert_eq!(send(&w.router, cadre.get("/me")).await.status, StatusCode::OK);
    assert_eq!(send(&w.router, cadre.get(&format!("/cadres/{}", w.cadre_b))).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(&w.router, cadre.get(&format!("/api/v1/cadres/{}", w.cadre_city))).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(send(&w.router, cadre.get("/cadres")).await.status, StatusCode::FORBIDDEN);
}

#[test]
fn routes_are_added_only_through_the_route_table() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "routes.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(".route(") || text.contains(".nest(") {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(offenders.is_empty(), "routes added outside routes.rs (without an access rule): {offenders:?}");
}

#[tokio::test]
async fn the_city_wide_ledger_list_is_closed_to_an_account_scoped_below_the_city() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    assert_eq!(send(&w.router, county.get("/ledger")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&w.router, county.get("/api/v1/ledger")).await.status, StatusCode::FORBIDDEN);
    let city = login(&w.router, "orgstaff").await;
    assert_eq!(send(&w.router, city.get("/api/v1/ledger")).await.status, StatusCode::OK);
}
