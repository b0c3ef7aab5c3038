//! The demo city and the province generator, on a fresh database (SQLite, or PostgreSQL when
//! `JIANQUAN_TEST_DATABASE_URL` is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use jianquan_app::access::sessions::login;
use jianquan_app::demo::{self, DEMO_PASSWORD, DemoSummary};
use jianquan_app::registry::cadres::{CadreQuery, get_cadre, list_cadres};
use jianquan_app::{Actor, App, AppError, Clock};
use jianquan_storage::registry::cadres::{self as cadre_store, CadreFilter};
use jianquan_storage::registry::dossier::{Sections, sections};
use time::macros::datetime;

async fn fresh_app() -> App {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy")
}

async fn loaded(seed: u64) -> (App, DemoSummary) {
    let app = fresh_app().await;
    let summary = demo::load_demo(&app, seed).await.expect("demo loads");
    (app, summary)
}

/// Every cadre's (name, ID number), sorted.
async fn roster(app: &App) -> Vec<(String, String)> {
    let mut conn = app.db.read().await.unwrap();
    let (rows, _, _) = cadre_store::list(&mut conn, &CadreFilter::default(), 0, 100_000).await.unwrap();
    let mut out: Vec<(String, String)> = rows.into_iter().map(|c| (c.name, c.id_number)).collect();
    out.sort();
    out
}

async fn dossier(app: &App, cadre_id: &str) -> Sections {
    let mut conn = app.db.read().await.unwrap();
    sections(&mut conn, cadre_id).await.unwrap()
}

fn search(q: &str) -> CadreQuery {
    CadreQuery { q: q.into(), per_page: "200".into(), ..CadreQuery::default() }
}

#[tokio::test]
async fn the_demo_city_has_about_three_thousand_cadres_and_a_verified_ledger() {
    let (app, summary) = loaded(42).await;
    assert_eq!(summary.cadres, demo::DEMO_CADRES);
    assert!((100..=400).contains(&summary.orgs), "{} orgs", summary.orgs);
    assert!(summary.posts > 500 && summary.tenures >= 2 * summary.cadres && summary.grades > 3 * summary.cadres);
    assert!(summary.family_members > summary.cadres && summary.educations >= summary.cadres);
    let mut conn = app.db.read().await.unwrap();
    assert_eq!(cadre_store::count(&mut conn).await.unwrap(), 3000);
    let verification = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verification.broken.is_none());
    let loads = jianquan_storage::ledger::recent(&mut conn, "demo.load", None, 10).await.unwrap();
    assert_eq!(loads.len(), 1);
    let roots = jianquan_storage::registry::orgs::roots(&mut conn).await.unwrap();
    let city = roots.iter().find(|o| o.name == "东营市").expect("东营市");
    let children: Vec<String> = jianquan_storage::registry::orgs::children(&mut conn, &city.id)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.org.name)
        .collect();
    for name in [
        "市委组织部",
        "市纪委监委",
        "市财政局",
        "市中级人民法院",
        "市人民检察院",
        "东营职业学院",
        "团市委",
        "东营区",
        "河口区",
        "垦利区",
        "广饶县",
        "利津县",
    ] {
        assert!(children.iter().any(|c| c == name), "{name} missing");
    }
    let ids: HashSet<String> = roster(&app).await.into_iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), 3000, "ID numbers are unique");
    assert!(ids.iter().all(|id| id.starts_with("37") || id.starts_with("13")));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_names_and_id_numbers() {
    let (first, _) = loaded(7).await;
    let (second, _) = loaded(7).await;
    let (other, _) = loaded(8).await;
    let a = roster(&first).await;
    assert_eq!(a, roster(&second).await);
    assert_ne!(a, roster(&other).await);
}

#[tokio::test]
async fn a_two_character_search_finds_longer_names_and_compound_surnames() {
    let (app, _) = loaded(42).await;
    let system = Actor::system_for_cli();
    let found = list_cadres(&app, &system, &search("张三")).await.unwrap();
    let names: Vec<&str> = found.items.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"张三丰") && names.contains(&"张三峰"), "{names:?}");
    let compound = list_cadres(&app, &system, &search("欧阳")).await.unwrap();
    assert!(compound.items.iter().any(|c| c.name == "欧阳明远"));
    let one = list_cadres(&app, &system, &search("丰")).await.unwrap();
    assert!(one.items.iter().any(|c| c.name == "张三丰"));
}

#[tokio::test]
async fn the_rule_cases_are_in_the_dossiers() {
    let (app, summary) = loaded(42).await;
    let rules: HashSet<&str> = summary.cases.iter().map(|c| c.rule).collect();
    for rule in [
        "SEL-INELIGIBLE",
        "ASM-MERIT",
        "ASM-DISMISS",
        "ASM-DISCIPLINE-GRADE",
        "DSC-PARTY-PERIODS",
        "DSC-GOV-PERIODS",
        "DSC-ADMONISH-PERIOD",
        "SEL-SENIORITY",
        "SEL-PROBATION",
        "ASM-EXCELLENT-CAP",
    ] {
        assert!(rules.contains(rule), "no case for {rule}");
    }
    let today = "2026-11-26";
    for case in summary.cases.iter().filter(|c| c.cadre_id.is_some()) {
        let s = dossier(&app, case.cadre_id.as_deref().unwrap()).await;
        let grade = |year: i64| s.grades.iter().find(|g| g.year == year).map(|g| g.grade.as_str());
        let running = |kind: &str| {
            s.rewards_sanctions
                .iter()
                .any(|r| r.kind == kind && r.influence_until.as_deref().is_some_and(|u| u >= today))
        };
        match (case.rule, case.note.en.as_str()) {
            ("SEL-INELIGIBLE", en) if en.contains("basically competent") => {
                assert_eq!(grade(2024), Some("basically_competent"))
            }
            ("SEL-INELIGIBLE", en) if en.contains("spouse emigrated") => {
                assert!(s.family.iter().any(|m| m.relation == "spouse" && m.abroad));
            }
            ("SEL-INELIGIBLE", en) if en.contains("no spouse") => {
                assert!(!s.family.iter().any(|m| m.relation == "spouse"));
                let children: Vec<_> =
                    s.family.iter().filter(|m| m.relation == "son" || m.relation == "daughter").collect();
                assert!(!children.is_empty() && children.iter().all(|m| m.abroad));
            }
            ("ASM-MERIT", _) => {
                assert_eq!(
                    (grade(2023), grade(2024), grade(2025)),
                    (Some("excellent"), Some("excellent"), Some("excellent"))
                );
                assert!(s.rewards_sanctions.iter().any(|r| r.kind == "merit_third"));
            }
            ("ASM-DISMISS", _) => assert_eq!((grade(2024), grade(2025)), (Some("incompetent"), Some("incompetent"))),
            ("DSC-PARTY-PERIODS", en) if en.contains("serious") => assert!(running("party_serious_warning")),
            ("DSC-PARTY-PERIODS", _) => assert!(running("party_warning")),
            ("DSC-GOV-PERIODS", en) if en.contains("over") => assert!(!running("gov_warning")),
            ("DSC-GOV-PERIODS", _) => assert!(running("gov_demerit")),
            ("DSC-ADMONISH-PERIOD", _) => assert!(running("admonishment")),
            ("ASM-DISCIPLINE-GRADE", en) if en.contains("removed") => assert_eq!(grade(2025), Some("incompetent")),
            ("ASM-DISCIPLINE-GRADE", _) => assert_eq!(grade(2025), Some("competent")),
            ("SEL-PROBATION", _) => assert_eq!(s.tenures.last().unwrap().start_date, "2026-08-18"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn one_demo_account_per_role_signs_in_and_the_district_account_sees_less() {
    let (app, summary) = loaded(42).await;
    let usernames: Vec<&str> = summary.accounts.iter().map(|(u, _, _)| u.as_str()).collect();
    assert_eq!(
        usernames,
        ["admin", "orgstaff", "county_staff", "discipline", "inspector", "committee", "auditor", "cadre"]
    );
    let city = login(&app, "orgstaff", DEMO_PASSWORD, &Default::default()).await.unwrap().actor;
    let district = login(&app, "county_staff", DEMO_PASSWORD, &Default::default()).await.unwrap().actor;
    let everyone = list_cadres(&app, &city, &CadreQuery::default()).await.unwrap().total;
    let some = list_cadres(&app, &district, &CadreQuery::default()).await.unwrap().total;
    assert!(some > 0 && some < everyone / 3, "{some} of {everyone}");
    let cadre = login(&app, "cadre", DEMO_PASSWORD, &Default::default()).await.unwrap().actor;
    let own = get_cadre(&app, &cadre, cadre.cadre_id.as_deref().unwrap()).await.unwrap();
    assert_eq!(own.name, "张三丰");
    assert!(demo::create_demo_accounts(&app).await.is_ok(), "creating them again is harmless");
}

#[tokio::test]
async fn the_demo_loads_only_into_an_empty_database() {
    let (app, _) = loaded(1).await;
    assert!(matches!(demo::load_demo(&app, 1).await, Err(AppError::Invalid(_))));
}

#[tokio::test]
async fn the_generator_writes_a_deterministic_roster_beside_the_demo_city() {
    let (app, _) = loaded(42).await;
    let calls = AtomicUsize::new(0);
    let summary = demo::generate(&app, 3000, 5, &|done, total| {
        assert!(done <= total);
        calls.fetch_add(1, Ordering::Relaxed);
    })
    .await
    .unwrap();
    assert_eq!(summary.cadres, 3000);
    assert!(summary.orgs > 1500 && calls.load(Ordering::Relaxed) >= 1);
    let all = roster(&app).await;
    assert_eq!(all.len(), 6000);
    assert_eq!(all.iter().map(|(_, id)| id).collect::<HashSet<_>>().len(), 6000);
    let fresh = fresh_app().await;
    demo::generate(&fresh, 3000, 5, &|_, _| {}).await.unwrap();
    let generated: HashSet<(String, String)> = roster(&fresh).await.into_iter().collect();
    assert!(all.iter().filter(|r| generated.contains(*r)).count() == 3000, "same seed, same generated cadres");
    let found = list_cadres(&fresh, &Actor::system_for_cli(), &search("王")).await.unwrap();
    assert!(found.total > 0);
    let mut conn = fresh.db.read().await.unwrap();
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
}

#[tokio::test]
async fn the_demo_city_trains_examines_and_holds_duties_some_met_some_overdue() {
    let (app, summary) = loaded(42).await;
    let t = &summary.training;
    assert_eq!(t.questions, demo::DEMO_QUESTIONS.len());
    assert_eq!((t.exams, t.courses), (2, 4));
    assert!(t.records > demo::DEMO_CADRES, "{} records", t.records);
    assert!(t.obligations >= 20 && t.talks >= 6, "{t:?}");
    let staff = Actor::system_for_cli();
    // Units differ in compliance, and some cadres meet every requirement.
    let report = jianquan_app::training::report::compliance(&app, &staff, None, None).await;
    assert!(matches!(report, Err(AppError::NotFound)), "the system actor has no scope org of its own");
    let mut conn = app.db.read().await.unwrap();
    let city = jianquan_storage::registry::orgs::roots(&mut conn).await.unwrap().remove(0);
    drop(conn);
    let report = jianquan_app::training::report::compliance(&app, &staff, Some(&city.id), None).await.unwrap();
    assert_eq!(report.total.cadres, 3000);
    assert!(report.total.compliant > 0 && report.total.compliant < report.total.assessed, "{:?}", report.total);
    let rates: HashSet<u64> = report.units.iter().filter(|u| u.assessed > 20).map(|u| u.rate_permille).collect();
    assert!(rates.len() > 3, "units differ: {rates:?}");
    // The demo cadre's discipline test is due; there are overdue duties in the city.
    let session = login(&app, "cadre", DEMO_PASSWORD, &Default::default()).await.unwrap();
    let own = jianquan_app::integrity::obligations::of_cadre(
        &app,
        &session.actor,
        session.actor.cadre_id.as_deref().unwrap(),
    )
    .await
    .unwrap();
    assert!(own.iter().any(|o| o.rule == "INT-SIX-MUSTS-3" && o.status.is_open()));
    let exams = jianquan_app::integrity::exams::my_exams(&app, &session.actor).await.unwrap();
    assert!(exams.iter().any(|e| e.exam.kind == "discipline_test" && e.open_now));
    let overdue = jianquan_app::integrity::obligations::list(
        &app,
        &staff,
        Some(&city.id),
        jianquan_storage::integrity::Show::Overdue,
        1,
    )
    .await
    .unwrap();
    assert!(overdue.total > 0);
    let mut conn = app.db.read().await.unwrap();
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
}
