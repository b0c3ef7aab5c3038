//! Integrity education through the real router: the six musts (INT-SIX-MUSTS-1..6, tests named
//! after the rules), talks, the overdue list per unit, exams with their attempt limit and time
//! limit, and the promotion → discipline test → fulfilled obligation scenario.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{answers, get, login, obligations, open_of, post, send, world};
use jianquan_app::{App, Clock};
use serde_json::json;
use time::macros::datetime;

#[tokio::test]
async fn int_six_musts_3_promotion_to_a_passed_discipline_test_fulfils_the_obligation() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // 张三丰 is promoted; the discipline test is due within 15 days.
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/promotions", w.cadre_a),
        json!({"decided_by": "higher_party_committee", "decided_on": "2026-11-20", "rank": "county_deputy", "title": "副区长", "date": "2026-11-20", "document_number": "东组〔2026〕31号"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let list = obligations(&w, &staff, &w.cadre_a).await;
    let duty = open_of(&list, "INT-SIX-MUSTS-3");
    assert_eq!(duty.len(), 1);
    assert_eq!(duty[0]["due_date"], "2026-12-05");
    // The discipline inspection office sets an open test for the county.
    let discipline = login(&w.router, "discipline").await;
    let exam = post(
        &w,
        &discipline,
        "/api/v1/exams",
        json!({"title": "2026年新提任干部党纪政纪条规测试", "kind": "discipline_test", "org_id": w.county_a, "question_count": "3",
            "time_limit_minutes": "20", "pass_mark": "80", "enrolment": "open", "opens_on": "2026-11-01", "closes_on": "2026-12-31"}),
    )
    .await;
    assert_eq!(exam.status, StatusCode::CREATED, "{}", exam.body);
    let exam_id = exam.json()["id"].as_str().unwrap().to_owned();
    // The cadre sees it among their exams, starts, answers and passes.
    let cadre = login(&w.router, "cadre").await;
    let mine = get(&w, &cadre, "/api/v1/me/exams").await.json();
    assert!(mine.as_array().unwrap().iter().any(|e| e["exam"]["id"] == exam_id.as_str()));
    let paper = post(&w, &cadre, &format!("/api/v1/exams/{exam_id}/attempts"), json!({})).await;
    assert_eq!(paper.status, StatusCode::CREATED, "{}", paper.body);
    let paper = paper.json();
    assert!(paper["questions"][0]["answer"].is_null(), "the paper never carries its answers");
    let attempt = paper["attempt"]["id"].as_str().unwrap().to_owned();
    let result =
        post(&w, &cadre, &format!("/api/v1/attempts/{attempt}/submission"), json!({"answers": answers(&paper, true)}))
            .await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert_eq!(result.json()["score"], 100);
    assert_eq!(result.json()["passed"], true);
    let list = obligations(&w, &staff, &w.cadre_a).await;
    let done = list.iter().find(|o| o["rule"] == "INT-SIX-MUSTS-3").unwrap();
    assert_eq!(done["status"], "fulfilled");
    assert_eq!(done["fulfilled_kind"], "exam_attempt");
    assert_eq!(done["fulfilled_id"], attempt.as_str());
    // The chain holds every step.
    let mut conn = w.app.db.read().await.unwrap();
    let verified = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
    assert!(verified.checked > 20, "only {} entries", verified.checked);
}

#[tokio::test]
async fn int_exam_attempts_the_limit_holds_and_re_enrolment_does_not_reset_it() {
    let w = world().await;
    let cadre = login(&w.router, "cadre").await;
    // The fixture's attempt is the first of three: fail it and two more.
    let mut attempt = w.attempt_a.clone();
    for n in 1..=3 {
        let paper = get(&w, &cadre, &format!("/api/v1/attempts/{attempt}")).await.json();
        let r = post(
            &w,
            &cadre,
            &format!("/api/v1/attempts/{attempt}/submission"),
            json!({"answers": answers(&paper, false)}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["passed"], false);
        if n < 3 {
            let next = post(&w, &cadre, &format!("/api/v1/exams/{}/attempts", w.exam_b), json!({})).await;
            assert_eq!(next.status, StatusCode::CREATED, "attempt {}: {}", n + 1, next.body);
            assert_eq!(next.json()["attempt"]["number"], n + 1);
            attempt = next.json()["attempt"]["id"].as_str().unwrap().to_owned();
        }
    }
    let refused = post(&w, &cadre, &format!("/api/v1/exams/{}/attempts", w.exam_b), json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.json()["error"]["rule"], "INT-EXAM-ATTEMPTS");
    // Withdrawn and enrolled again by staff: still refused.
    let staff = login(&w.router, "discipline").await;
    let body = json!({"cadre_ids": [w.cadre_a]});
    assert_eq!(
        post(&w, &staff, &format!("/api/v1/exams/{}/withdrawals", w.exam_b), body.clone()).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        post(&w, &staff, &format!("/api/v1/exams/{}/enrolments", w.exam_b), body).await.status,
        StatusCode::NO_CONTENT
    );
    let again = post(&w, &cadre, &format!("/api/v1/exams/{}/attempts", w.exam_b), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["rule"], "INT-EXAM-ATTEMPTS");
    let results = get(&w, &staff, &format!("/api/v1/exams/{}", w.exam_b)).await.json();
    assert_eq!(results["attempts"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn an_attempt_handed_in_after_the_time_limit_scores_nothing() {
    let w = world().await;
    // The same database an hour later (the fixture's attempt has 30 minutes).
    let later = App::with_builtin_policy(w.app.db.clone(), Clock::Fixed(datetime!(2026-11-26 03:00 UTC))).unwrap();
    let router = jianquan_web::router(later);
    let cadre = login(&router, "cadre").await;
    let paper = send(&router, cadre.get(&format!("/api/v1/attempts/{}", w.attempt_a))).await.json();
    assert_eq!(paper["seconds_left"], 0);
    let r = send(
        &router,
        cadre.json(
            "POST",
            &format!("/api/v1/attempts/{}/submission", w.attempt_a),
            json!({"answers": answers(&paper, true)}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["status"].as_str(), r.json()["passed"].as_bool()), (Some("expired"), Some(false)));
}

#[tokio::test]
async fn int_six_musts_5_a_warning_talk_fulfils_the_duty_and_a_reminder_does_not() {
    let w = world().await;
    let discipline = login(&w.router, "discipline").await;
    let talk = |kind: &str| json!({"cadre_id": w.cadre_b, "kind": kind, "talker": "区纪委副书记", "date": "2026-11-10", "content": "就信访反映的苗头性问题谈话"});
    // A warning talk held before the report does not answer it.
    let earlier = post(
        &w,
        &discipline,
        "/api/v1/talks",
        json!({"cadre_id": w.cadre_b, "kind": "warning", "talker": "区纪委", "date": "2026-10-01", "content": "此前的谈话"}),
    )
    .await;
    assert_eq!(earlier.status, StatusCode::CREATED, "{}", earlier.body);
    assert!(earlier.json()["fulfilled"].as_array().unwrap().is_empty());
    let reminder = post(&w, &discipline, "/api/v1/talks", talk("reminder")).await;
    assert_eq!(reminder.status, StatusCode::CREATED, "{}", reminder.body);
    assert!(reminder.json()["fulfilled"].as_array().unwrap().is_empty());
    assert_eq!(open_of(&obligations(&w, &discipline, &w.cadre_b).await, "INT-SIX-MUSTS-5").len(), 1);
    let warning = post(&w, &discipline, "/api/v1/talks", talk("warning")).await;
    assert_eq!(warning.json()["fulfilled"].as_array().unwrap().len(), 1);
    assert!(open_of(&obligations(&w, &discipline, &w.cadre_b).await, "INT-SIX-MUSTS-5").is_empty());
}

#[tokio::test]
async fn int_six_musts_6_an_admonishment_talk_fulfils_the_duty_and_writes_its_influence_period() {
    let w = world().await;
    let discipline = login(&w.router, "discipline").await;
    let event = post(
        &w,
        &discipline,
        "/api/v1/integrity/events",
        json!({"cadre_id": w.cadre_b, "trigger": "accountability_decision", "date": "2026-10-08", "basis": "问责决定〔2026〕3号"}),
    )
    .await;
    assert_eq!(event.status, StatusCode::CREATED, "{}", event.body);
    assert_eq!(
        open_of(&obligations(&w, &discipline, &w.cadre_b).await, "INT-SIX-MUSTS-6")[0]["due_date"],
        "2026-11-07"
    );
    let talk = post(
        &w,
        &discipline,
        "/api/v1/talks",
        json!({"cadre_id": w.cadre_b, "kind": "admonishment", "talker": "区委书记", "date": "2026-10-20", "content": "诫勉谈话", "document_number": "诫〔2026〕5号"}),
    )
    .await;
    assert_eq!(talk.status, StatusCode::CREATED, "{}", talk.body);
    // Six months after 2026-10-20, that day not counted: through 2027-04-20 (DSC-ADMONISH-PERIOD).
    assert_eq!(talk.json()["influence_until"], "2027-04-20");
    let dossier = get(&w, &discipline, &format!("/api/v1/cadres/{}", w.cadre_b)).await.json();
    let sanction = dossier["sections"]["rewards_sanctions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "admonishment")
        .unwrap()
        .clone();
    assert_eq!(sanction["rule"], "DSC-ADMONISH-PERIOD");
    assert!(open_of(&obligations(&w, &discipline, &w.cadre_b).await, "INT-SIX-MUSTS-6").is_empty());
}

#[tokio::test]
async fn int_six_musts_4_is_periodic_a_talk_fulfils_it_and_sets_the_next() {
    let w = world().await;
    let discipline = login(&w.router, "discipline").await;
    post(
        &w,
        &discipline,
        "/api/v1/integrity/events",
        json!({"cadre_id": w.cadre_city, "trigger": "key_post_or_major_task", "date": "2026-01-10"}),
    )
    .await;
    let first = open_of(&obligations(&w, &discipline, &w.cadre_city).await, "INT-SIX-MUSTS-4")[0].clone();
    assert_eq!(first["due_date"], "2027-01-10");
    post(
        &w,
        &discipline,
        "/api/v1/talks",
        json!({"cadre_id": w.cadre_city, "kind": "integrity", "talker": "市纪委", "date": "2026-06-01", "content": "重点岗位廉政谈话"}),
    )
    .await;
    let list = obligations(&w, &discipline, &w.cadre_city).await;
    let next = open_of(&list, "INT-SIX-MUSTS-4");
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["due_date"], "2027-06-01");
    assert_ne!(next[0]["id"], first["id"]);
}

#[tokio::test]
async fn int_six_musts_1_and_2_joining_the_party_or_the_civil_service_ask_for_the_test() {
    let w = world().await;
    let discipline = login(&w.router, "discipline").await;
    for (trigger, rule) in [("party_admission", "INT-SIX-MUSTS-1"), ("civil_service_entry", "INT-SIX-MUSTS-2")] {
        let r = post(
            &w,
            &discipline,
            "/api/v1/integrity/events",
            json!({"cadre_id": w.cadre_city, "trigger": trigger, "date": "2026-11-02"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let list = obligations(&w, &discipline, &w.cadre_city).await;
        assert_eq!(open_of(&list, rule)[0]["kind"], "discipline_test");
    }
    // An unknown event or a future date is refused, naming the field.
    let bad = post(
        &w,
        &discipline,
        "/api/v1/integrity/events",
        json!({"cadre_id": w.cadre_city, "trigger": "birthday", "date": "2027-01-01"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = bad.json();
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["trigger", "date"]);
}

#[tokio::test]
async fn overdue_obligations_are_listed_per_unit_within_scope() {
    let w = world().await;
    let discipline = login(&w.router, "discipline").await;
    // The fixture's INT-SIX-MUSTS-5 duty of 李四 (county B) was due 2026-11-16: overdue today.
    let list = get(&w, &discipline, "/api/v1/obligations?show=overdue").await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], w.obligation_b.as_str());
    let page = get(&w, &discipline, "/integrity/obligations").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("李四") && page.body.contains("河口区") && page.body.contains("已逾期"));
    let county = login(&w.router, "county_staff").await;
    assert_eq!(get(&w, &county, "/api/v1/obligations?show=overdue").await.json()["total"], 0);
    // Closing needs a reason, and then it leaves the list.
    let r = post(&w, &discipline, &format!("/api/v1/obligations/{}/close", w.obligation_b), json!({"note": ""})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(
        &w,
        &discipline,
        &format!("/api/v1/obligations/{}/close", w.obligation_b),
        json!({"note": "经核实为误报"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&w, &discipline, "/api/v1/obligations?show=overdue").await.json()["total"], 0);
}

#[tokio::test]
async fn a_cadre_takes_an_exam_through_the_pages() {
    let w = world().await;
    let cadre = login(&w.router, "cadre").await;
    let paper = get(&w, &cadre, &format!("/integrity/attempts/{}", w.attempt_a)).await;
    assert_eq!(paper.status, StatusCode::OK);
    assert!(paper.body.contains("交卷") && paper.body.contains("name=\"q1\""));
    assert!(paper.body.contains("data-countdown=\""), "the time left counts down");
    let api = get(&w, &cadre, &format!("/api/v1/attempts/{}", w.attempt_a)).await.json();
    let mut fields: Vec<(String, String)> = Vec::new();
    for (i, a) in answers(&api, true).iter().enumerate() {
        for letter in a.chars() {
            fields.push((format!("q{}", i + 1), letter.to_string()));
        }
    }
    // Handing in with a question left blank is confirmed first, saying how many are blank.
    let path = format!("/integrity/attempts/{}", w.attempt_a);
    let mut pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let partial: Vec<(&str, &str)> = pairs.iter().filter(|(k, _)| *k != "q1").copied().collect();
    let asked = send(&w.router, cadre.form(&path, &partial)).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("1 题未答") && asked.body.contains("不可更改"), "{}", asked.body);
    assert!(get(&w, &cadre, &path).await.body.contains("id=\"hand-in\""), "nothing handed in before confirming");
    pairs.push(("confirmed", "1"));
    let r = send(&w.router, cadre.form(&path, &pairs)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let result = get(&w, &cadre, &format!("/integrity/attempts/{}", w.attempt_a)).await;
    assert!(result.body.contains("id=\"score\">100<") && result.body.contains("通过"));
    // Another cadre's attempt is not there for them; staff of another county neither.
    let county = login(&w.router, "county_staff").await;
    assert_eq!(get(&w, &county, &format!("/integrity/attempts/{}", w.attempt_a)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn duties_and_talks_follow_a_cadre_transferred_to_another_county() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    assert_eq!(
        get(&w, &county, &format!("/api/v1/cadres/{}/obligations", w.cadre_b)).await.status,
        StatusCode::NOT_FOUND
    );
    // 李四 moves from 河口区 to 东营区.
    let staff = login(&w.router, "orgstaff").await;
    let mut input = serde_json::to_value(common::cadre_input("李四", &w.county_a, "37050319800101234", "2")).unwrap();
    input["org_id"] = json!(w.county_a);
    let version = common::cadre_version(&w, &w.cadre_b).await;
    let moved = send(&w.router, staff.json_at("PUT", &format!("/api/v1/cadres/{}", w.cadre_b), input, version)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let list = get(&w, &county, "/api/v1/obligations?show=overdue").await.json();
    assert_eq!(list["total"], 1, "the overdue duty now counts in 东营区");
    assert_eq!(list["items"][0]["id"], w.obligation_b.as_str());
    // The new unit's staff now act on it; the talk record follows too.
    let close = post(
        &w,
        &county,
        &format!("/api/v1/obligations/{}/close", w.obligation_b),
        json!({"note": "调入后经核实已谈话"}),
    )
    .await;
    assert_eq!(close.status, StatusCode::NO_CONTENT, "{}", close.body);
    let discipline = login(&w.router, "discipline").await;
    let talk = post(
        &w,
        &discipline,
        "/api/v1/talks",
        json!({"cadre_id": w.cadre_b, "kind": "reminder", "talker": "区纪委", "date": "2026-11-25", "content": "提醒"}),
    )
    .await;
    assert_eq!(talk.status, StatusCode::CREATED);
    let talks = get(&w, &county, "/api/v1/talks").await.json();
    assert!(talks["items"].as_array().unwrap().iter().any(|t| t["cadre_id"] == w.cadre_b.as_str()));
}
