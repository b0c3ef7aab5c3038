//! Theory study-centre groups, the study record (述学、评学、考学) and village-stationed
//! assistance, through the real router: pages and API, the rules' refusals, scope, and the
//! ledger entry every write leaves.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{Session, World, cadre_input, login, send, world};
use jianquan_app::registry::cadres::create_cadre;
use jianquan_app::{Actor, App, Clock};
use serde_json::{Value, json};
use time::macros::datetime;

/// Adds a cadre to an org of the fixture and returns their ID.
async fn cadre(w: &World, name: &str, org: &str, first17: &str) -> String {
    create_cadre(&w.app, &Actor::system_for_cli(), &cadre_input(name, org, first17, "1")).await.expect("cadre").id
}

/// The number of ledger entries whose action starts with `prefix`, after checking the chain.
async fn entries(app: &App, prefix: &str) -> usize {
    let mut conn = app.db.read().await.unwrap();
    let verification = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verification.broken.is_none(), "the ledger chain verifies");
    jianquan_storage::ledger::recent(&mut conn, prefix, None, 1000).await.unwrap().len()
}

async fn api(w: &World, s: &Session, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let reply = send(&w.router, s.json(method, path, body)).await;
    (reply.status, reply.json())
}

#[tokio::test]
async fn a_group_keeps_members_sessions_and_attendance_and_computes_the_rates() {
    let w = world().await;
    let zhao = cadre(&w, "赵六", &w.town_a, "37050219850101111").await;
    let qian = cadre(&w, "钱七", &w.county_a, "37050219800303331").await;
    let staff = login(&w.router, "orgstaff").await;
    let group_page = format!("/training/study-groups/{}", w.county_a);

    let before = send(&w.router, staff.get(&group_page)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("尚未成立"), "the page offers to establish the group");
    let made = send(&w.router, staff.form("/training/study-groups", &[("org_id", &w.county_a)])).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(made.location, group_page);
    let again = send(&w.router, staff.form("/training/study-groups", &[("org_id", &w.county_a)])).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("已成立理论中心组"), "one group per org, named on the org field");

    let add =
        |cadre: &str, role: &str| staff.form(&format!("{group_page}/members"), &[("cadre_id", cadre), ("role", role)]);
    assert_eq!(send(&w.router, add(&w.cadre_a, "组长")).await.status, StatusCode::SEE_OTHER);
    let second_leader = send(&w.router, add(&zhao, "leader")).await;
    assert_eq!(second_leader.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(second_leader.body.contains("本组已有组长"));
    assert_eq!(send(&w.router, add(&zhao, "副组长")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(send(&w.router, add(&qian, "学习秘书")).await.status, StatusCode::SEE_OTHER);
    let outside = send(&w.router, add(&w.cadre_b, "成员")).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY, "李四 works in another county");
    let twice = send(&w.router, add(&zhao, "成员")).await;
    assert!(twice.body.contains("已是本组成员"));

    let sessions = format!("/api/v1/training/study-groups/{}/sessions", w.county_a);
    let (status, first) = api(&w, &staff, "POST", &sessions,
        json!({"topic": "学习党的二十届四中全会精神", "date": "2026-03-15", "location": "区委第一会议室", "summary": "集中研讨"})).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let first = first["id"].as_str().unwrap().to_owned();
    let (_, second) =
        api(&w, &staff, "POST", &sessions, json!({"topic": "专题研讨", "date": "2026-06-10", "location": "区委党校"}))
            .await;
    let second = second["id"].as_str().unwrap().to_owned();
    let (status, future) =
        api(&w, &staff, "POST", &sessions, json!({"topic": "x", "date": "2027-01-01", "location": "y"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(future["error"]["fields"][0]["field"], "date");

    let (_, view) =
        api(&w, &staff, "GET", &format!("/api/v1/training/study-groups/{}?year=2026", w.county_a), json!({})).await;
    let member = |name: &str| {
        view["members"].as_array().unwrap().iter().find(|m| m["cadre_name"] == name).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (m_zhang, m_zhao, m_qian) = (member("张三丰"), member("赵六"), member("钱七"));
    assert_eq!(view["members"][0]["role"], "leader", "the leader comes first");

    // An absence needs its reason: the form comes back naming the member's row.
    let attendance = format!("{group_page}/attendance");
    let (p1, p2, r1, r2, r3, s1) = (
        format!("present.{m_zhang}"),
        format!("present.{m_zhao}"),
        format!("reason.{m_zhang}"),
        format!("reason.{m_zhao}"),
        format!("reason.{m_qian}"),
        format!("speaker.{m_zhang}"),
    );
    let missing_reason =
        [("session_id", first.as_str()), (&p1, "1"), (&p2, "1"), (&r1, ""), (&r2, ""), (&r3, ""), (&s1, "1")];
    let refused = send(&w.router, staff.form(&attendance, &missing_reason)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("缺席须说明原因"));
    let recorded =
        [("session_id", first.as_str()), (&p1, "1"), (&p2, "1"), (&r1, ""), (&r2, ""), (&r3, "出差"), (&s1, "1")];
    assert_eq!(send(&w.router, staff.form(&attendance, &recorded)).await.status, StatusCode::SEE_OTHER);
    let all_present = json!({"session_id": second, "entries": [
        {"member_id": m_zhang, "present": true}, {"member_id": m_zhao, "present": true, "speaker": true},
        {"member_id": m_qian, "present": true}]});
    let (status, rate) =
        api(&w, &staff, "POST", &format!("/api/v1/training/study-groups/{}/attendance", w.county_a), all_present).await;
    assert_eq!(status, StatusCode::CREATED, "{rate}");
    assert_eq!(rate["rate"]["percent"], 100.0);

    let (_, view) =
        api(&w, &staff, "GET", &format!("/api/v1/training/study-groups/{}?year=2026", w.county_a), json!({})).await;
    let session = |id: &str| view["sessions"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone();
    assert_eq!(session(&first)["rate"], json!({"present": 2, "recorded": 3, "percent": 66.7}));
    assert_eq!(session(&first)["speakers"], json!(["张三丰"]));
    assert_eq!(session(&second)["rate"]["percent"], 100.0);
    let rate_of = |name: &str| {
        view["members"].as_array().unwrap().iter().find(|m| m["cadre_name"] == name).unwrap()["rate"].clone()
    };
    assert_eq!(rate_of("钱七"), json!({"present": 1, "recorded": 2, "percent": 50.0}));
    assert_eq!(rate_of("张三丰")["percent"], 100.0);
    let (_, last_year) =
        api(&w, &staff, "GET", &format!("/api/v1/training/study-groups/{}?year=2025", w.county_a), json!({})).await;
    assert_eq!(last_year["sessions"], json!([]), "the year's sessions only");

    let (_, list) = api(&w, &staff, "GET", "/api/v1/training/study-groups?year=2026", json!({})).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["rate"], json!({"present": 5, "recorded": 6, "percent": 83.3}));
    let page = send(&w.router, staff.get(&format!("{group_page}?year=2026"))).await;
    assert!(page.body.contains("66.7%") && page.body.contains("50.0%") && page.body.contains("东营区理论学习中心组"));
    let en = send(&w.router, {
        let mut r = staff.get("/training/study-groups?year=2026");
        r.headers_mut().insert("cookie", format!("{}; jq_lang=en", staff.cookie).parse().unwrap());
        r
    })
    .await;
    assert!(en.body.contains("Attendance rate") && en.body.contains("83.3%"));

    // Group, three members, two sessions, two attendance records: eight writes, eight entries.
    assert_eq!(entries(&w.app, "training.study_group.").await, 8);
}

#[tokio::test]
async fn the_study_record_goes_report_then_evaluations_then_exam() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let admin = login(&w.router, "admin").await;
    let cadre = login(&w.router, "cadre").await;
    let step = |s: &str| format!("/api/v1/training/study-records/{}/{s}", w.cadre_a);

    let (status, early) = api(&w, &staff, "POST", &step("evaluations"), json!({"year": "2026", "grade": "好"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "an evaluation needs the report: {early}");
    assert_eq!(early["error"]["rule"], "TRN-STUDY-STEPS");
    let (status, _) =
        api(&w, &staff, "POST", &step("exam"), json!({"year": "2026", "date": "2026-11-20", "score": "90"})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The cadre gives their own report in self-service.
    let form = [("year", "2026"), ("date", "2026-11-20"), ("content", "全年学习习近平新时代中国特色社会主义思想……")];
    let given = send(&w.router, cadre.form(&format!("/training/study-records/{}/report", w.cadre_a), &form)).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let twice = send(&w.router, cadre.form(&format!("/training/study-records/{}/report", w.cadre_a), &form)).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "one report a year");
    assert!(twice.body.contains("TRN-STUDY-STEPS"));
    let not_theirs = send(&w.router, cadre.form(&format!("/training/study-records/{}/report", w.cadre_b), &form)).await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    let (status, _) = api(&w, &cadre, "POST", &step("evaluations"), json!({"year": "2026", "grade": "好"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a cadre does not evaluate");

    let (status, _) =
        api(&w, &staff, "POST", &step("exam"), json!({"year": "2026", "date": "2026-11-25", "score": "90"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "the exam waits for an evaluation");
    let (status, poor) = api(&w, &staff, "POST", &step("evaluations"), json!({"year": "2026", "grade": "差"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(poor["error"]["fields"][0]["field"], "comment");
    let (status, _) =
        api(&w, &staff, "POST", &step("evaluations"), json!({"year": "2026", "grade": "好", "comment": "学习扎实"}))
            .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, once) = api(&w, &staff, "POST", &step("evaluations"), json!({"year": "2026", "grade": "较好"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "one evaluation per evaluator");
    assert!(once["error"]["message"]["en"].as_str().unwrap().contains("once per evaluator"));
    let by_admin = send(
        &w.router,
        admin.form(
            &format!("/training/study-records/{}/evaluations", w.cadre_a),
            &[("year", "2026"), ("grade", "fair_good")],
        ),
    )
    .await;
    assert_eq!(by_admin.status, StatusCode::SEE_OTHER, "another evaluator may evaluate");

    let (status, exam) =
        api(&w, &staff, "POST", &step("exam"), json!({"year": "2026", "date": "2026-11-25", "score": "59"})).await;
    assert_eq!(status, StatusCode::CREATED, "{exam}");
    let (_, record) =
        api(&w, &cadre, "GET", &format!("/api/v1/training/study-records/{}?year=2026", w.cadre_a), json!({})).await;
    assert_eq!(record["evaluations"].as_array().unwrap().len(), 2);
    assert_eq!(record["exam"], json!({"date": "2026-11-25", "score": 59, "pass_mark": 60, "passed": false}));
    assert!(record["steps"].as_array().unwrap().iter().all(|s| s["done"] == true));
    let (status, _) =
        api(&w, &staff, "POST", &step("exam"), json!({"year": "2026", "date": "2026-11-26", "score": "80"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "one exam a year");

    let (_, list) = api(&w, &staff, "GET", "/api/v1/training/study-records?year=2026", json!({})).await;
    assert_eq!(list["total"], 1);
    assert_eq!(
        (list["items"][0]["evaluations"].clone(), list["items"][0]["exam_passed"].clone()),
        (json!(2), json!(false))
    );
    let page = send(&w.router, staff.get(&format!("/training/study-records/{}?year=2026", w.cadre_a))).await;
    assert!(
        page.body.contains("不合格") && page.body.contains("较好") && page.body.contains("登记了 张三丰 的考学成绩")
    );
    let list_page = send(&w.router, staff.get("/training/study-records?year=2026&q=张")).await;
    assert!(list_page.body.contains("张三丰"));

    // Report, two evaluations, exam: four writes, four entries; the refusals left none.
    assert_eq!(entries(&w.app, "training.study.").await, 4);
}

#[tokio::test]
async fn village_assignments_logs_and_evaluations_follow_the_batch() {
    let w = world().await;
    let zhao = cadre(&w, "赵六", &w.town_a, "37050219850101111").await;
    let staff = login(&w.router, "orgstaff").await;
    let cadre = login(&w.router, "cadre").await;
    let village = format!("/api/v1/training/village/{}", w.county_a);

    let batch = |n: &str, start: &str, end: &str| json!({"org_id": w.county_a, "number": n, "start_date": start, "end_date": end});
    let (status, five) =
        api(&w, &staff, "POST", "/api/v1/training/village", batch("第5批", "2025-01-01", "2026-12-31")).await;
    assert_eq!(status, StatusCode::CREATED, "{five}");
    assert_eq!(five["number"], 5);
    let (status, _) = api(&w, &staff, "POST", "/api/v1/training/village", batch("4", "2023-01-01", "2024-12-31")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, dup) =
        api(&w, &staff, "POST", "/api/v1/training/village", batch("5", "2025-01-01", "2026-12-31")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup["error"]["fields"][0]["field"], "number");

    let assign = |batch: &str, cadre: &str, village: &str, role: &str| json!({"batch": batch, "cadre_id": cadre, "township_id": w.town_a, "village": village, "role": role});
    let (status, a5) =
        api(&w, &staff, "POST", &format!("{village}/assignments"), assign("5", &w.cadre_a, "西张村", "第一书记")).await;
    assert_eq!(status, StatusCode::CREATED, "{a5}");
    let a5 = a5["id"].as_str().unwrap().to_owned();
    let (status, overlap) =
        api(&w, &staff, "POST", &format!("{village}/assignments"), assign("5", &w.cadre_a, "东李村", "队员")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "two overlapping assignments");
    assert_eq!(overlap["error"]["fields"][0]["field"], "cadre_id");
    assert!(overlap["error"]["fields"][0]["message"]["zh"].as_str().unwrap().contains("西张村"));
    let (status, a4) =
        api(&w, &staff, "POST", &format!("{village}/assignments"), assign("4", &w.cadre_a, "东李村", "工作队长")).await;
    assert_eq!(status, StatusCode::CREATED, "an earlier, non-overlapping batch: {a4}");
    let a4 = a4["id"].as_str().unwrap().to_owned();
    let form = [
        ("batch", "5"),
        ("cadre_id", zhao.as_str()),
        ("township_id", w.town_a.as_str()),
        ("village", "南王村"),
        ("role", "队员"),
    ];
    let zhao_made = send(&w.router, staff.form(&format!("/training/village/{}/assignments", w.county_a), &form)).await;
    assert_eq!(zhao_made.status, StatusCode::SEE_OTHER, "{}", zhao_made.body);
    let (_, org_view) = api(&w, &staff, "GET", &format!("{village}?batch=5"), json!({})).await;
    let a_zhao = org_view["selected"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["cadre_name"] == "赵六")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Staff log any assignment in scope; the cadre logs their own and no one else's.
    let logged = send(
        &w.router,
        staff.form(
            &format!("/training/village/{}/logs", w.county_a),
            &[("assignment_id", &a_zhao), ("date", "2026-11-02"), ("content", "入户走访12户")],
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let own = send(
        &w.router,
        cadre
            .form("/me/village/logs", &[("assignment_id", &a5), ("date", "2026-11-20"), ("content", "召开村两委会议")]),
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let (status, _) = api(
        &w,
        &cadre,
        "POST",
        "/api/v1/me/village/logs",
        json!({"assignment_id": a5, "date": "2026-11-21", "content": "协调修路"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let theirs = send(
        &w.router,
        cadre.form("/me/village/logs", &[("assignment_id", &a_zhao), ("date", "2026-11-20"), ("content", "x")]),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "another cadre's assignment");
    let (status, _) = api(&w, &cadre, "POST", &format!("{village}/logs"), json!({"assignment_id": a5})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the staff route is not self-service");
    let mine = send(&w.router, cadre.get("/me/village")).await;
    assert!(mine.body.contains("西张村") && mine.body.contains("召开村两委会议") && !mine.body.contains("入户走访"));

    // Batch 5 runs until 2026-12-31: its evaluation is refused today (2026-11-26); batch 4's is not.
    let (status, early) =
        api(&w, &staff, "POST", &format!("{village}/evaluations"), json!({"assignment_id": a5, "grade": "优秀"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(early["error"]["rule"], "TRN-VILLAGE-EVALUATION");
    assert!(early["error"]["message"]["zh"].as_str().unwrap().contains("期满后"));
    assert!(early["error"]["message"]["en"].as_str().unwrap().contains("after it ends"));
    let page = send(&w.router, staff.get(&format!("/training/village/{}?batch=5", w.county_a))).await;
    assert!(page.body.contains("evaluation-refused") && page.body.contains("驻村中"));
    let (status, _) =
        api(&w, &staff, "POST", &format!("{village}/evaluations"), json!({"assignment_id": a4, "grade": "称职"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) =
        api(&w, &staff, "POST", &format!("{village}/evaluations"), json!({"assignment_id": a4, "grade": "优秀"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an assignment is evaluated once");

    // After the batch's end the same evaluation is accepted.
    let later = App::with_builtin_policy(w.app.db.clone(), Clock::Fixed(datetime!(2027-01-05 02:00 UTC))).unwrap();
    let later_router = jianquan_web::router(later);
    let later_staff = login(&later_router, "orgstaff").await;
    let evaluate = |a: &str, grade: &str| {
        later_staff.json("POST", &format!("{village}/evaluations"), json!({"assignment_id": a, "grade": grade}))
    };
    assert_eq!(send(&later_router, evaluate(&a5, "优秀")).await.status, StatusCode::CREATED);
    assert_eq!(
        send(&later_router, evaluate(&a_zhao, "基本称职")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "needs a comment"
    );
    let with_comment = later_staff.json(
        "POST",
        &format!("{village}/evaluations"),
        json!({"assignment_id": a_zhao, "grade": "基本称职", "comment": "日志偏少"}),
    );
    assert_eq!(send(&later_router, with_comment).await.status, StatusCode::CREATED);

    let (_, overview) = api(&w, &staff, "GET", "/api/v1/training/village", json!({})).await;
    assert_eq!(overview["totals"]["batches"], 2);
    assert_eq!(overview["totals"]["assignments"], 3);
    assert_eq!(overview["totals"]["logs"], 3);
    assert_eq!(
        overview["totals"]["distribution"],
        json!({"excellent": 1, "competent": 1, "basically_competent": 1, "incompetent": 0})
    );
    let b5 = overview["batches"]["items"].as_array().unwrap().iter().find(|b| b["number"] == 5).unwrap().clone();
    assert_eq!(
        (b5["assignments"].clone(), b5["logs"].clone(), b5["evaluations"].clone()),
        (json!(2), json!(3), json!(2))
    );
    assert_eq!(b5["status"], "running");
    let b4 = overview["batches"]["items"].as_array().unwrap().iter().find(|b| b["number"] == 4).unwrap().clone();
    assert_eq!((b4["status"].clone(), b4["distribution"]["competent"].clone()), (json!("ended"), json!(1)));
    let page = send(&w.router, staff.get("/training/village")).await;
    assert!(page.body.contains("第5批") && page.body.contains("优秀 1 · 称职 1 · 基本称职 1"));

    // Two batches, three assignments, three logs, three evaluations: eleven entries.
    assert_eq!(entries(&w.app, "training.village.").await, 11);
    assert_eq!(entries(&w.app, "training.village.log.add").await, 3);
}

#[tokio::test]
async fn records_outside_a_county_accounts_scope_are_not_found() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let county = login(&w.router, "county_staff").await;
    let (status, _) = api(&w, &staff, "POST", "/api/v1/training/study-groups", json!({"org_id": w.county_b})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = api(
        &w,
        &staff,
        "POST",
        "/api/v1/training/village",
        json!({"org_id": w.county_b, "number": "1", "start_date": "2025-01-01", "end_date": "2026-12-31"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, assignment) = api(
        &w,
        &staff,
        "POST",
        &format!("/api/v1/training/village/{}/assignments", w.county_b),
        json!({"batch": "1", "cadre_id": w.cadre_b, "township_id": w.county_b, "village": "河口村", "role": "队员"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a county is not a township: {assignment}");
    assert_eq!(assignment["error"]["fields"][0]["field"], "township_id");
    let (status, _) = api(
        &w,
        &staff,
        "POST",
        &format!("/api/v1/training/study-records/{}/report", w.cadre_b),
        json!({"year": "2026", "date": "2026-11-01", "content": "述学"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    for path in [
        format!("/training/study-groups/{}", w.county_b),
        format!("/api/v1/training/study-groups/{}", w.county_b),
        format!("/training/study-records/{}", w.cadre_b),
        format!("/api/v1/training/study-records/{}", w.cadre_b),
        format!("/training/village/{}", w.county_b),
        format!("/api/v1/training/village/{}?batch=1", w.county_b),
    ] {
        assert_eq!(send(&w.router, county.get(&path)).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = api(
        &w,
        &county,
        "POST",
        &format!("/api/v1/training/study-records/{}/evaluations", w.cadre_b),
        json!({"year": "2026", "grade": "好"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(
        &w,
        &county,
        "POST",
        &format!("/api/v1/training/study-groups/{}/members", w.county_b),
        json!({"cadre_id": w.cadre_b, "role": "成员"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Inside its own county the account works, and its lists hold nothing of the other county.
    let (status, _) = api(&w, &county, "POST", "/api/v1/training/study-groups", json!({"org_id": w.county_b})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an org outside the scope is refused on its field");
    let (status, _) = api(&w, &county, "POST", "/api/v1/training/study-groups", json!({"org_id": w.county_a})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, groups) = api(&w, &county, "GET", "/api/v1/training/study-groups", json!({})).await;
    assert_eq!(groups["total"], 1);
    let (_, reports) = api(&w, &county, "GET", "/api/v1/training/study-records?year=2026", json!({})).await;
    assert_eq!(reports["total"], 0);
    let (_, overview) = api(&w, &county, "GET", "/api/v1/training/village", json!({})).await;
    assert_eq!(overview["totals"]["batches"], 0);
    let (_, city) = api(&w, &staff, "GET", "/api/v1/training/study-groups", json!({})).await;
    assert_eq!(city["total"], 2);
}
