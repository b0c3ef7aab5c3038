#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]
//! The compliance report reads each cadre's kept totals (`training_standing`) and judges them in
//! SQL; these tests hold it to the direct computation (every cadre's records summed and judged by
//! the domain, one by one) on a generated province: on the first report (every row stale), on the
//! next (every row kept), on another day (rows recomputed without writing), after new records,
//! and with totals on every boundary of the rules.

use jianquan_app::actor::AccountIdentity;
use jianquan_app::training::report::{self, Compliance};
use jianquan_app::{Actor, App, Clock};
use jianquan_domain::access::Role;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::Requirements;
use jianquan_storage::registry::orgs;
use jianquan_storage::training::{self as store, Window};
use sqlx::Row;
use time::macros::{date, datetime};
use time::{Date, Month};

async fn province() -> (App, orgs::Org) {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy");
    jianquan_app::demo::generate(&app, 1_200, 7, &|_, _| {}).await.expect("roster");
    jianquan_app::demo::generate_training(&app, 20_000, 3, &|_, _, _| {}).await.expect("training");
    let mut conn = app.db.read().await.unwrap();
    let root = orgs::roots(&mut conn).await.unwrap().into_iter().next().unwrap();
    drop(conn);
    (app, root)
}

fn staff(root: &orgs::Org) -> Actor {
    let identity =
        AccountIdentity { id: "staff".into(), username: "staff".into(), display_name: "staff".into(), cadre_id: None };
    Actor::account(identity, Role::OrgStaff, root.org_path().unwrap(), root.id.clone(), root.name.clone())
}

/// The report as the first version computed it: each cadre's records summed by one query and
/// judged by `Requirements::evaluate`. Returns (cadres, assessed, compliant, short lines as
/// (hours, credits, cadre) in report order).
async fn direct(app: &App, root: &OrgPath, on: Date) -> (u64, u64, u64, Vec<(u64, u64, String)>) {
    let req = Requirements::in_force(&app.policy, on).unwrap();
    let w = Window {
        window_after: req.window_after(),
        year_start: Date::from_calendar_date(on.year(), Month::January, 1).unwrap(),
        on,
    };
    let (start, end) = root.subtree_range();
    let mut conn = app.db.read().await.unwrap();
    let cadres = sqlx::query("SELECT id, org_path, rank_level FROM cadres WHERE org_path >= $1 AND org_path < $2")
        .bind(start)
        .bind(end)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let (mut assessed, mut compliant, mut short) = (0, 0, Vec::new());
    for c in &cadres {
        let id: String = c.try_get(0).unwrap();
        let path: String = c.try_get(1).unwrap();
        let level: i64 = c.try_get(2).unwrap();
        let totals = store::totals_of(&mut conn, &id, &w).await.unwrap();
        let p = req.evaluate(u8::try_from(level).unwrap_or(0), &totals);
        if p.checks.is_empty() {
            continue;
        }
        assessed += 1;
        if p.compliant() {
            compliant += 1;
        } else {
            short.push((p.hours_short(), p.credits_short_centi(), path, id));
        }
    }
    short.sort_by(|a, b| (b.0, b.1, &a.2, &a.3).cmp(&(a.0, a.1, &b.2, &b.3)));
    let short = short.into_iter().map(|(h, c, _, id)| (h, c, id)).collect();
    (cadres.len() as u64, assessed, compliant, short)
}

fn summary(r: &Compliance) -> (u64, u64, u64, Vec<(u64, u64, String)>) {
    let short = r.short.iter().map(|s| (s.hours_short, s.credits_short_centi, s.cadre_id.clone())).collect();
    (r.total.cadres, r.total.assessed, r.total.compliant, short)
}

async fn stale_rows(app: &App, on: Date) -> i64 {
    let mut conn = app.db.read().await.unwrap();
    sqlx::query(
        "SELECT COUNT(*) FROM training_standing WHERE NOT (window_months = 60 AND valid_from <= $1 AND valid_until > $1)",
    )
    .bind(on.to_string())
    .fetch_one(&mut *conn)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

/// The first `n` of the direct short list, compared with the report's (which keeps 200).
fn check(report: &Compliance, expected: &(u64, u64, u64, Vec<(u64, u64, String)>)) {
    let got = summary(report);
    assert_eq!((got.0, got.1, got.2), (expected.0, expected.1, expected.2));
    assert_eq!(report.short_total, expected.1 - expected.2);
    assert_eq!(got.3, expected.3.iter().take(report::SHORT_LIST).cloned().collect::<Vec<_>>());
    let units: u64 = report.units.iter().map(|u| u.cadres).sum();
    assert_eq!(units, report.total.cadres, "every cadre in exactly one unit line");
}

#[tokio::test]
async fn kept_totals_give_the_report_the_direct_computation_gives() {
    let (app, root) = province().await;
    let actor = staff(&root);
    let path = root.org_path().unwrap();
    let today = date!(2026 - 11 - 26);
    let expected = direct(&app, &path, today).await;
    assert!(expected.2 > 0 && expected.2 < expected.1 && expected.3.len() > report::SHORT_LIST);

    // The first report finds every row stale, recomputes them and writes them back.
    assert_eq!(stale_rows(&app, today).await, 1_200);
    check(&report::compliance(&app, &actor, Some(&root.id), None).await.unwrap(), &expected);
    assert_eq!(stale_rows(&app, today).await, 0);
    // The next reads only kept totals, judged in SQL: the same.
    check(&report::compliance(&app, &actor, Some(&root.id), None).await.unwrap(), &expected);

    // Another day: rows whose span does not hold it are recomputed, nothing is written.
    for on in [date!(2025 - 06 - 30), date!(2026 - 01 - 01), date!(2021 - 11 - 27)] {
        let stale_before = stale_rows(&app, today).await;
        check(
            &report::compliance(&app, &actor, Some(&root.id), Some(on)).await.unwrap(),
            &direct(&app, &path, on).await,
        );
        assert_eq!(stale_rows(&app, today).await, stale_before);
    }

    // A child unit's report agrees with its line in the parent's.
    let province = report::compliance(&app, &actor, Some(&root.id), None).await.unwrap();
    let city = &province.units[1];
    let own = report::compliance(&app, &actor, Some(&city.org_id), None).await.unwrap();
    assert_eq!(
        (own.total.cadres, own.total.assessed, own.total.compliant),
        (city.cadres, city.assessed, city.compliant)
    );
}

#[tokio::test]
async fn a_new_record_makes_its_cadre_stale_and_the_report_counts_it_at_once() {
    let (app, root) = province().await;
    let actor = staff(&root);
    let path = root.org_path().unwrap();
    report::refresh_standings(&app, app.today()).await.unwrap();
    assert_eq!(stale_rows(&app, app.today()).await, 0);
    // The most short county-level cadre gets 600 hours at a party school, recorded this month.
    let before = report::compliance(&app, &actor, Some(&root.id), None).await.unwrap();
    let mut conn = app.db.read().await.unwrap();
    let county_level: Vec<String> = sqlx::query("SELECT id FROM cadres WHERE rank_level BETWEEN 1 AND 6 ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    drop(conn);
    let target = before.short.iter().find(|s| county_level.contains(&s.cadre_id) && s.hours_short > 0).unwrap();
    let mut tx = app.db.write().await.unwrap();
    let record = store::RecordRow {
        id: "rec-standing-test".into(),
        cadre_id: target.cadre_id.clone(),
        course_id: None,
        kind: "party_school".into(),
        title: "中青年干部培训班".into(),
        organiser: "市委党校".into(),
        start_date: "2026-09-01".into(),
        end_date: "2026-11-20".into(),
        class_hours: 600,
        full_time_days: 80,
        institutional: true,
        credits_centi: 12_000,
    };
    store::insert_record(&mut tx, &record, 0).await.unwrap();
    app.record(&mut tx, &actor, "training.record.add", ("cadre", &target.cadre_id), serde_json::json!({}), &[])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(stale_rows(&app, app.today()).await, 1);

    let after = report::compliance(&app, &actor, Some(&root.id), None).await.unwrap();
    check(&after, &direct(&app, &path, app.today()).await);
    assert!(after.short.iter().all(|s| s.cadre_id != target.cadre_id || s.hours_short == 0));
    assert_eq!(stale_rows(&app, app.today()).await, 0);
}

#[tokio::test]
async fn the_sql_judgement_is_the_domain_judgement_on_every_boundary() {
    let (app, root) = province().await;
    let actor = staff(&root);
    let today = app.today();
    report::refresh_standings(&app, today).await.unwrap();
    // Give every cadre totals on and around the figures of TRN-COUNTY-5Y (550 hours or 90 days),
    // TRN-TOWNSHIP-YEAR (90 hours or 12 days) and TRN-CREDITS (110 / 90 credits), at every level
    // including none (0) and no rank (99).
    let hours = [0, 89, 90, 91, 549, 550, 551];
    let days = [0, 11, 12, 89, 90];
    let credits = [0, 8_999, 9_000, 10_999, 11_000, 11_001];
    let levels = [0, 1, 5, 6, 7, 8, 9, 99];
    let mut conn = app.db.read().await.unwrap();
    let ids: Vec<String> = sqlx::query("SELECT cadre_id FROM training_standing ORDER BY cadre_id")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    drop(conn);
    let mut tx = app.db.write().await.unwrap();
    let mut judged = Vec::new();
    let req = Requirements::in_force(&app.policy, today).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let t = jianquan_domain::training::Totals {
            window_hours: hours[i % hours.len()],
            window_days: days[(i / 7) % days.len()],
            year_hours: hours[(i / 3) % hours.len()],
            year_days: days[(i / 5) % days.len()],
            year_credits_centi: credits[(i / 2) % credits.len()],
        };
        let level = levels[(i / 11) % levels.len()];
        sqlx::query(
            "UPDATE training_standing SET rank_level = $1, window_hours = $2, window_days = $3, year_hours = $4, \
             year_days = $5, year_credits_centi = $6 WHERE cadre_id = $7",
        )
        .bind(i64::from(level))
        .bind(t.window_hours as i64)
        .bind(t.window_days as i64)
        .bind(t.year_hours as i64)
        .bind(t.year_days as i64)
        .bind(t.year_credits_centi as i64)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
        judged.push((id.clone(), req.evaluate(level, &t)));
    }
    app.record(&mut tx, &actor, "test.totals", ("test", "totals"), serde_json::json!({}), &[]).await.unwrap();
    tx.commit().await.unwrap();

    let report = report::compliance(&app, &actor, Some(&root.id), None).await.unwrap();
    let assessed = judged.iter().filter(|(_, p)| !p.checks.is_empty()).count() as u64;
    let compliant = judged.iter().filter(|(_, p)| !p.checks.is_empty() && p.compliant()).count() as u64;
    assert!(compliant > 0 && compliant < assessed);
    assert_eq!((report.total.assessed, report.total.compliant), (assessed, compliant));
    assert_eq!(report.short_total, assessed - compliant);
    assert!(!report.short.is_empty());
    for line in &report.short {
        let (_, p) = judged.iter().find(|(id, _)| *id == line.cadre_id).unwrap();
        assert!(!p.compliant());
        assert_eq!((line.hours_short, line.credits_short_centi), (p.hours_short(), p.credits_short_centi()));
    }
}
