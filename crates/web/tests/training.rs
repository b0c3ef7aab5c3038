//! Education & training through the real router: each TRN-* rule's allowed and refused path
//! (tests named after the rule IDs), promotion and catch-up, compliance by unit, the course and
//! self-service pages. Conflicting requests in flight (seats, the leave cap, attempts) are
//! tested in `concurrency_training.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{Reply, Session, World, get, login, obligations, open_of, post, send, world};
use serde_json::{Value, json};

/// A course in county A's township with 张三丰 enrolled; returns its ID and session IDs.
async fn course(
    w: &World,
    staff: &Session,
    hours: u32,
    sessions: &[u32],
    start: &str,
    end: &str,
) -> (String, Vec<String>) {
    let reply = post(
        w,
        staff,
        "/api/v1/courses",
        json!({"title": "乡科级干部任职培训班", "kind": "party_school", "organiser": "东营区委党校", "org_id": w.county_a,
            "start_date": start, "end_date": end, "class_hours": hours.to_string(), "capacity": "40", "enrolment": "assigned", "full_time": "1"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let mut ids = Vec::new();
    for (i, h) in sessions.iter().enumerate() {
        let reply = post(
            w,
            staff,
            &format!("/api/v1/courses/{id}/sessions"),
            json!({"date": start, "topic": format!("第{}讲", i + 1), "class_hours": h.to_string()}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let reply = post(w, staff, &format!("/api/v1/courses/{id}/enrolments"), json!({"cadre_ids": [w.cadre_a]})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    (id, ids)
}

fn trainee_status(reply: &Reply, cadre: &str) -> String {
    let list = reply.json()["enrolments"].as_array().unwrap().clone();
    list.iter().find(|e| e["cadre_id"] == cadre).unwrap()["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn trn_leave_cap_one_seventh_is_kept_and_more_withdraws_the_trainee() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (id, sessions) = course(&w, &staff, 70, &[10; 7], "2026-11-26", "2026-11-30").await;
    // The trainee asks for leave from the first session: 10 of 70 hours is exactly 1/7 — allowed.
    let cadre = login(&w.router, "cadre").await;
    let reply = post(
        &w,
        &cadre,
        &format!("/api/v1/courses/{id}/leave"),
        json!({"session_id": sessions[0], "note": "因公出差"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json()["withdrawn"].as_array().unwrap().is_empty());
    assert_eq!(trainee_status(&get(&w, &staff, &format!("/api/v1/courses/{id}")).await, &w.cadre_a), "enrolled");
    // An absence makes it 20 hours: over the cap, the trainee is withdrawn with the rule and reason.
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/courses/{id}/attendance"),
        json!({"session_id": sessions[1], "marks": [{"cadre_id": w.cadre_a, "status": "absent"}]}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let withdrawn = reply.json()["withdrawn"].as_array().unwrap().clone();
    assert_eq!(withdrawn.len(), 1);
    // The trainee can no longer ask for leave from a session already marked.
    let marked =
        post(&w, &cadre, &format!("/api/v1/courses/{id}/leave"), json!({"session_id": sessions[1], "note": "补假"}))
            .await;
    assert_eq!(marked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(withdrawn[0]["rule"], "TRN-LEAVE-CAP");
    assert!(withdrawn[0]["reason_zh"].as_str().unwrap().contains("不超过 1/7"), "the figure as the policy states it");
    assert_eq!(trainee_status(&get(&w, &staff, &format!("/api/v1/courses/{id}")).await, &w.cadre_a), "withdrawn");
    // A withdrawn trainee's attendance can no longer be recorded.
    let again = post(
        &w,
        &staff,
        &format!("/api/v1/courses/{id}/attendance"),
        json!({"session_id": sessions[2], "marks": [{"cadre_id": w.cadre_a, "status": "present"}]}),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["error"]["fields"][0]["field"], "marks[0].cadre_id");
}

#[tokio::test]
async fn trn_credits_completion_writes_records_and_credits_only_after_the_course_ends() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (running, _) = course(&w, &staff, 40, &[8], "2026-11-20", "2026-12-05").await;
    let early = post(&w, &staff, &format!("/api/v1/courses/{running}/completion"), json!({})).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.json()["error"]["fields"][0]["field"], "end_date");
    let (ended, _) = course(&w, &staff, 40, &[8], "2026-11-02", "2026-11-13").await;
    let done = post(&w, &staff, &format!("/api/v1/courses/{ended}/completion"), json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["count"], 1);
    let t = get(&w, &staff, &format!("/api/v1/cadres/{}/training", w.cadre_a)).await.json();
    let record = &t["records"][0];
    assert_eq!(record["class_hours"], 40);
    assert_eq!(record["credits_centi"], 4000, "party school: one credit per class hour");
    assert_eq!(record["full_time_days"], 12);
    // An online course earns half a credit an hour.
    let online = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_a),
        json!({"title": "网络学院专题", "kind": "online_course", "organiser": "干部网络学院", "start_date": "2026-10-01",
            "end_date": "2026-10-31", "class_hours": "7"}),
    )
    .await;
    assert_eq!(online.status, StatusCode::CREATED, "{}", online.body);
    let t = get(&w, &staff, &format!("/api/v1/cadres/{}/training", w.cadre_a)).await.json();
    assert_eq!(t["totals"]["year_credits_centi"], 4350);
    // The dossier shows the training section and the timeline the completion.
    let dossier = get(&w, &staff, &format!("/cadres/{}", w.cadre_a)).await;
    assert!(dossier.body.contains("培训情况") && dossier.body.contains("完成培训：乡科级干部任职培训班"));
    // A completed course cannot be completed again.
    let twice = post(&w, &staff, &format!("/api/v1/courses/{ended}/completion"), json!({})).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
}

fn check<'a>(t: &'a Value, rule: &str) -> &'a Value {
    t["progress"]["checks"].as_array().unwrap().iter().find(|c| c["rule"] == rule).unwrap()
}

#[tokio::test]
async fn trn_township_year_and_trn_credits_shortfall_then_met() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let path = format!("/api/v1/cadres/{}/training", w.cadre_a);
    let before = get(&w, &staff, &path).await.json();
    assert_eq!(before["progress"]["band"], "township_and_below");
    assert_eq!(check(&before, "TRN-TOWNSHIP-YEAR")["shortfall"], 90);
    assert_eq!(before["compliant"], false);
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_a),
        json!({"title": "乡镇干部轮训", "kind": "training_base", "organiser": "市干部培训基地", "start_date": "2026-09-01",
            "end_date": "2026-09-12", "class_hours": "90", "full_time": "1"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let after = get(&w, &staff, &path).await.json();
    assert_eq!(check(&after, "TRN-TOWNSHIP-YEAR")["met"], true);
    assert_eq!(check(&after, "TRN-CREDITS")["met"], true);
    assert_eq!(after["compliant"], true);
}

#[tokio::test]
async fn trn_county_5y_counts_only_institutional_full_time_training_in_the_window() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // 王五 is made county-level: the five-year rule applies.
    let promoted = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/promotions", w.cadre_city),
        json!({"decided_by": "higher_party_committee", "decided_on": "2026-01-05", "document_number": "东委〔2026〕1号", "rank": "county_deputy", "title": "副局长", "date": "2026-01-05"}),
    )
    .await;
    assert_eq!(promoted.status, StatusCode::CREATED, "{}", promoted.body);
    let add = |title: &str, kind: &str, start: &str, end: &str, hours: &str| json!({"title": title, "kind": kind, "organiser": "市委党校", "start_date": start, "end_date": end, "class_hours": hours, "full_time": "1"});
    let records = format!("/api/v1/cadres/{}/training-records", w.cadre_city);
    // Outside the window (ended 2021-11-20, more than five years before 2026-11-26): not counted.
    post(&w, &staff, &records, add("旧班", "party_school", "2021-11-01", "2021-11-20", "300")).await;
    // A seminar is not institutional training.
    post(&w, &staff, &records, add("研讨", "seminar", "2025-03-01", "2025-03-05", "300")).await;
    post(&w, &staff, &records, add("中青班", "party_school", "2024-03-01", "2024-04-20", "549")).await;
    let t = get(&w, &staff, &format!("/api/v1/cadres/{}/training", w.cadre_city)).await.json();
    let five = check(&t, "TRN-COUNTY-5Y");
    assert_eq!(
        (five["have"].as_u64(), five["met"].as_bool(), five["shortfall"].as_u64()),
        (Some(549), Some(false), Some(1))
    );
    post(&w, &staff, &records, add("专题班", "administrative_college", "2026-06-01", "2026-06-01", "1")).await;
    let t = get(&w, &staff, &format!("/api/v1/cadres/{}/training", w.cadre_city)).await.json();
    assert_eq!(check(&t, "TRN-COUNTY-5Y")["met"], true);
}

#[tokio::test]
async fn trn_catch_up_a_short_promotee_gets_a_duty_due_within_a_year_fulfilled_by_training() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/promotions", w.cadre_b),
        json!({"decided_by": "higher_party_committee", "decided_on": "2026-03-16", "rank": "county_deputy", "title": "副区长", "post_id": w.post_b, "date": "2026-03-16", "document_number": "东组字〔2026〕8号"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let list = obligations(&w, &staff, &w.cadre_b).await;
    let catch_up = open_of(&list, "TRN-CATCH-UP");
    assert_eq!(catch_up.len(), 1);
    // Promoted on 2026-03-16: due on the corresponding day a year later (Civil Code arts. 201–202).
    assert_eq!(catch_up[0]["due_date"], "2027-03-16");
    assert_eq!(open_of(&list, "INT-SIX-MUSTS-3").len(), 1, "promotion asks for the discipline test");
    // 550 institutional hours meet TRN-COUNTY-5Y: the catch-up duty is fulfilled by the record.
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_b),
        json!({"title": "县处级干部进修班", "kind": "party_school", "organiser": "省委党校", "start_date": "2026-04-01",
            "end_date": "2026-06-30", "class_hours": "550", "full_time": "1"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let list = obligations(&w, &staff, &w.cadre_b).await;
    let done = list.iter().find(|o| o["rule"] == "TRN-CATCH-UP").unwrap();
    assert_eq!(done["status"], "fulfilled");
    assert_eq!(done["fulfilled_kind"], "training_record");
    // A promotion that is not one (same or lower rank) is refused, naming the field.
    let lower = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/promotions", w.cadre_b),
        json!({"decided_by": "higher_party_committee", "decided_on": "2026-05-01", "document_number": "东委〔2026〕1号", "rank": "township_deputy", "title": "x", "date": "2026-05-01"}),
    )
    .await;
    assert_eq!(lower.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lower.json()["error"]["fields"][0]["field"], "rank");
}

#[tokio::test]
async fn trn_catch_up_a_promotee_who_meets_the_requirement_gets_no_catch_up_duty() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_b),
        json!({"title": "进修班", "kind": "party_school", "organiser": "省委党校", "start_date": "2025-01-01",
            "end_date": "2025-03-31", "class_hours": "560", "full_time": "1"}),
    )
    .await;
    // Credits of the year are also needed: 110 this year.
    post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_b),
        json!({"title": "专题班", "kind": "party_school", "organiser": "市委党校", "start_date": "2026-02-01",
            "end_date": "2026-02-28", "class_hours": "110", "full_time": "1"}),
    )
    .await;
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/promotions", w.cadre_b),
        json!({"decided_by": "higher_party_committee", "decided_on": "2026-03-16", "document_number": "东委〔2026〕1号", "rank": "county_deputy", "title": "副区长", "date": "2026-03-16"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(open_of(&obligations(&w, &staff, &w.cadre_b).await, "TRN-CATCH-UP").is_empty());
}

#[tokio::test]
async fn the_compliance_report_gives_each_unit_its_rate_and_lists_who_is_short() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    post(
        &w,
        &staff,
        &format!("/api/v1/cadres/{}/training-records", w.cadre_a),
        json!({"title": "轮训", "kind": "party_school", "organiser": "区委党校", "start_date": "2026-05-01",
            "end_date": "2026-05-15", "class_hours": "95", "full_time": "1"}),
    )
    .await;
    let report = get(&w, &staff, &format!("/api/v1/training/compliance?org={}", w.city)).await.json();
    assert_eq!(report["total"]["cadres"], 3);
    assert_eq!(report["total"]["assessed"], 3);
    assert_eq!(report["total"]["compliant"], 1);
    assert_eq!(report["total"]["rate_permille"], 333);
    let county_a =
        report["units"].as_array().unwrap().iter().find(|u| u["org_id"] == w.county_a.as_str()).unwrap().clone();
    assert_eq!((county_a["compliant"].as_u64(), county_a["rate_permille"].as_u64()), (Some(1), Some(1000)));
    let short: Vec<&str> = report["short"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(report["short_total"], 2);
    assert!(short.contains(&"李四") && short.contains(&"王五"));
    let page = get(&w, &staff, &format!("/training/compliance?org={}", w.city)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("33.3%") && page.body.contains("东营区"));
    // Who is short, as a workbook, and the export is logged.
    let xlsx = get(&w, &staff, &format!("/training/compliance/short.xlsx?org={}", w.city)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"), "an xlsx (zip) file");
    let mut conn = w.app.db.read().await.unwrap();
    let exports = jianquan_storage::ledger::recent(&mut conn, "training.export.short", None, 5).await.unwrap();
    assert_eq!(exports.len(), 1);
    drop(conn);
    // A county account cannot report on another county.
    let county = login(&w.router, "county_staff").await;
    assert_eq!(
        get(&w, &county, &format!("/api/v1/training/compliance?org={}", w.county_b)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_and_cadre_pages_show_courses_attendance_and_my_training() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let list = get(&w, &staff, "/training/courses").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("河口区干部专题培训班"));
    // A course created through the form, with a field error kept on a bad submit.
    let bad = send(
        &w.router,
        staff.form("/training/courses", &[("title", "新课程"), ("kind", "party_school"), ("class_hours", "0")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("新课程") && bad.body.contains("field-error"));
    let page = get(&w, &staff, &format!("/training/courses/{}", w.course_b)).await;
    assert!(page.body.contains("张三丰") && page.body.contains("学员与考勤"));
    // The cadre's own page: credits, shortfall, obligations, talks and exams.
    let cadre = login(&w.router, "cadre").await;
    let mine = get(&w, &cadre, "/me/training").await;
    assert_eq!(mine.status, StatusCode::OK);
    for text in ["我的学习", "TRN-TOWNSHIP-YEAR", "党纪政纪条规测试", "任前廉政谈话", "河口区干部专题培训班"]
    {
        assert!(mine.body.contains(text), "missing {text}");
    }
    // The cadre acknowledges the talk.
    let ack = send(
        &w.router,
        cadre.form(&format!("/integrity/talks/{}/acknowledge", w.talk_a), &[("statement", "接受教育")]),
    )
    .await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER);
    assert!(get(&w, &cadre, "/me/training").await.body.contains("✓ 接受教育"));
    // English switch.
    let en = send(&w.router, {
        let mut r = cadre.get("/me/training");
        r.headers_mut().insert(axum::http::header::COOKIE, format!("{}; jq_lang=en", cadre.cookie).parse().unwrap());
        r
    })
    .await;
    assert!(en.body.contains("My training") && en.body.contains("Requirements and shortfall"));
}

#[tokio::test]
async fn trn_leave_cap_applies_to_full_time_training_only() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = post(
        &w,
        &staff,
        "/api/v1/courses",
        json!({"title": "周末专题讲座", "kind": "seminar", "organiser": "区委组织部", "org_id": w.county_a,
            "start_date": "2026-11-26", "end_date": "2026-11-30", "class_hours": "14", "enrolment": "assigned"}),
    )
    .await;
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let session = post(
        &w,
        &staff,
        &format!("/api/v1/courses/{id}/sessions"),
        json!({"date": "2026-11-26", "topic": "讲座", "class_hours": "7"}),
    )
    .await;
    let session = session.json()["id"].as_str().unwrap().to_owned();
    post(&w, &staff, &format!("/api/v1/courses/{id}/enrolments"), json!({"cadre_ids": [w.cadre_a]})).await;
    // Half the hours missed on a part-time course: recorded, nobody withdrawn.
    let reply = post(
        &w,
        &staff,
        &format!("/api/v1/courses/{id}/attendance"),
        json!({"session_id": session, "marks": [{"cadre_id": w.cadre_a, "status": "absent"}]}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json()["withdrawn"].as_array().unwrap().is_empty());
    assert_eq!(trainee_status(&get(&w, &staff, &format!("/api/v1/courses/{id}")).await, &w.cadre_a), "enrolled");
}
