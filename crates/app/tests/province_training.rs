#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]
//! The province training generator (`jianquan generate-training`) on a small province: what it
//! writes, that it writes the same again from the same seed, that the compliance report and the
//! overdue list run on it with non-trivial results, and that the ledger verifies.

use jianquan_app::actor::AccountIdentity;
use jianquan_app::demo::{self, ProvinceTrainingSummary};
use jianquan_app::integrity::obligations::{self, parse_show};
use jianquan_app::training::report;
use jianquan_app::{Actor, App, Clock};
use jianquan_domain::access::Role;
use jianquan_storage::registry::orgs;
use sqlx::Row;
use time::macros::datetime;

const CADRES: usize = 2_000;
const ATTENDANCE: usize = 40_000;

async fn generated(seed: u64) -> (App, ProvinceTrainingSummary) {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy");
    demo::generate(&app, CADRES, 7, &|_, _| {}).await.expect("roster");
    let summary = demo::generate_training(&app, ATTENDANCE, seed, &|_, _, _| {}).await.expect("training");
    (app, summary)
}

async fn count(app: &App, sql: &str) -> usize {
    let mut conn = app.db.read().await.unwrap();
    let n: i64 = sqlx::query(sql).fetch_one(&mut *conn).await.unwrap().try_get(0).unwrap();
    usize::try_from(n).unwrap()
}

/// What was written, independent of the roster's own (time-based) cadre IDs.
async fn fingerprint(app: &App) -> Vec<String> {
    let mut conn = app.db.read().await.unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT c.id_number || ' ' || r.title || ' ' || r.end_date || ' ' || r.class_hours || ' ' || r.credits_centi \
         FROM training_records r JOIN cadres c ON c.id = r.cadre_id ORDER BY 1",
        "SELECT c.id_number || ' ' || b.rule || ' ' || b.due_date || ' ' || b.status FROM obligations b \
         JOIN cadres c ON c.id = b.cadre_id ORDER BY 1",
        "SELECT k.title || ' ' || c.id_number || ' ' || e.status || ' ' || e.missed_hours FROM enrolments e \
         JOIN cadres c ON c.id = e.cadre_id JOIN courses k ON k.id = e.course_id ORDER BY 1",
    ] {
        for row in sqlx::query(sql).fetch_all(&mut *conn).await.unwrap() {
            out.push(row.try_get::<String, _>(0).unwrap());
        }
    }
    out
}

fn staff(root: &orgs::Org) -> Actor {
    let identity =
        AccountIdentity { id: "staff".into(), username: "staff".into(), display_name: "staff".into(), cadre_id: None };
    Actor::account(identity, Role::OrgStaff, root.org_path().unwrap(), root.id.clone(), root.name.clone())
}

#[tokio::test]
async fn a_small_province_gets_courses_attendance_records_and_obligations() {
    let (app, summary) = generated(11).await;

    // What the summary says is what is stored.
    assert_eq!(summary.courses, CADRES / 20);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM courses").await, summary.courses);
    assert_eq!(summary.sessions, summary.courses * demo::SESSIONS_PER_COURSE);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM course_sessions").await, summary.sessions);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM enrolments").await, summary.enrolments);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM attendance").await, summary.attendance);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM training_records").await, summary.records);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM integrity_events").await, summary.events);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM obligations").await, summary.obligations);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM talks").await, summary.talks);
    // Sizes aim at the attendance asked for (a small province's county courses run out of cadres
    // to enrol, so it falls somewhat short; a large one meets it within a few rows).
    let off = summary.attendance.abs_diff(ATTENDANCE);
    assert!(off * 100 <= ATTENDANCE * 20, "{} attendance rows for {ATTENDANCE}", summary.attendance);
    assert!(summary.obligations >= CADRES / 5 && summary.overdue > 0 && summary.overdue < summary.obligations);
    assert!(summary.withdrawn > 0 && summary.talks > 0);
    // Records: completed courses plus five years from elsewhere.
    let from_courses = count(&app, "SELECT COUNT(*) FROM training_records WHERE course_id IS NOT NULL").await;
    let completed = count(&app, "SELECT COUNT(*) FROM enrolments WHERE status = 'completed'").await;
    assert_eq!(from_courses, completed);
    assert!(summary.records > from_courses + CADRES, "{} records", summary.records);
    // Withdrawn trainees missed more than the cap; attendance marks name enrolled trainees.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM enrolments WHERE status = 'withdrawn' AND missed_hours = 0").await, 0);
    let orphans = "SELECT COUNT(*) FROM attendance a LEFT JOIN enrolments e ON e.course_id = a.course_id \
        AND e.cadre_id = a.cadre_id WHERE e.cadre_id IS NULL";
    assert_eq!(count(&app, orphans).await, 0);

    // The report and the list run through the use-cases and say something.
    let mut conn = app.db.read().await.unwrap();
    let root = orgs::roots(&mut conn).await.unwrap().into_iter().next().unwrap();
    let city = orgs::children(&mut conn, &root.id).await.unwrap().into_iter().max_by_key(|c| c.cadre_count).unwrap();
    let county = orgs::children(&mut conn, &city.org.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.org.kind == "party_committee")
        .max_by_key(|c| c.cadre_count)
        .unwrap();
    drop(conn);
    let actor = staff(&root);
    let province = report::compliance(&app, &actor, Some(&root.id), None).await.unwrap();
    assert_eq!(province.total.cadres, CADRES as u64);
    assert!(province.total.assessed > 0);
    assert!(province.total.compliant > 0 && province.total.compliant < province.total.assessed, "{:?}", province.total);
    let rates: std::collections::BTreeSet<u64> =
        province.units.iter().filter(|u| u.assessed > 20).map(|u| u.rate_permille).collect();
    assert!(rates.len() > 3, "compliance differs by unit: {rates:?}");
    assert!(!province.short.is_empty());
    let overdue = obligations::list(&app, &actor, Some(&county.org.id), parse_show("overdue"), 1).await.unwrap();
    assert!(overdue.total > 0);
    assert!(overdue.items.iter().all(|o| o.status.is_open() && o.due_date.as_str() < "2026-11-26"));

    let mut conn = app.db.read().await.unwrap();
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
    drop(conn);
    // A second run with the same seed is refused; another seed adds to it.
    assert!(demo::generate_training(&app, ATTENDANCE, 11, &|_, _, _| {}).await.is_err());
}

#[tokio::test]
async fn the_same_seed_writes_the_same_training() {
    let (a, first) = generated(5).await;
    let (b, second) = generated(5).await;
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    assert_eq!(fingerprint(&a).await, fingerprint(&b).await);
}
