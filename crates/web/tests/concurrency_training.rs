//! Conflicting requests in flight for the training and integrity aggregates — a course's seats
//! and its leave cap, an exam's attempts, a cadre's obligations, a cadre's village stations:
//! each rule is decided on the state read inside the write transaction that records the
//! decision, so the invariant holds, and a later request still goes through. Runs on SQLite,
//! and on PostgreSQL when JIANQUAN_TEST_DATABASE_URL is set (there the row locks do the work).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, Reply, Session, World, answers, cadre_input, get, login, obligations, open_of, post, send};
use jianquan_app::access::accounts::{NewAccount, create_account};
use jianquan_app::registry::cadres::create_cadre;
use jianquan_app::{Actor, App};
use serde_json::{Value, json};

async fn all(tasks: Vec<tokio::task::JoinHandle<Reply>>) -> Vec<Reply> {
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    replies
}

fn spawn_json(w: &World, s: &Session, path: &str, body: Value) -> tokio::task::JoinHandle<Reply> {
    let (router, request) = (w.router.clone(), s.json("POST", path, body));
    tokio::spawn(async move { send(&router, request).await })
}

fn count(replies: &[Reply], status: StatusCode) -> usize {
    replies.iter().filter(|r| r.status == status).count()
}

/// Ledger entries whose action starts with `prefix`, after checking the chain.
async fn entries(app: &App, prefix: &str) -> usize {
    let mut conn = app.db.read().await.unwrap();
    let verification = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verification.broken.is_none(), "the ledger chain verifies");
    jianquan_storage::ledger::recent(&mut conn, prefix, None, 1000).await.unwrap().len()
}

/// Eight cadres of 文汇街道, each signed in with an account of their own.
async fn signed_in_cadres(w: &World) -> Vec<(String, Session)> {
    let sys = Actor::system_for_cli();
    let mut out = Vec::new();
    for (i, name) in ["赵一", "钱二", "孙三", "李四海", "周五", "吴六", "郑七", "王八一"].iter().enumerate()
    {
        // The 17th digit's parity is the gender: odd for men.
        let input = cadre_input(name, &w.town_a, &format!("3705021985010{:04}", 1001 + 2 * i), "1");
        let id = create_cadre(&w.app, &sys, &input).await.unwrap().id;
        let account = NewAccount {
            username: format!("trainee{i}"),
            display_name: (*name).to_owned(),
            password: PASSWORD.into(),
            role: "cadre".into(),
            org_id: w.town_a.clone(),
            cadre_id: Some(id.clone()),
        };
        create_account(&w.app, &sys, account).await.unwrap();
        out.push((id, login(&w.router, &format!("trainee{i}")).await));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trn_seats_sign_ups_and_an_enrolment_sent_together_never_exceed_the_seats() {
    let w = common::world().await;
    let staff = login(&w.router, "orgstaff").await;
    let created = post(
        &w,
        &staff,
        "/api/v1/courses",
        json!({"title": "网络专题选学", "kind": "online_course",
        "organiser": "干部网络学院", "org_id": w.county_a, "start_date": "2026-12-01", "end_date": "2026-12-20",
        "class_hours": "10", "capacity": "3", "enrolment": "open"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let course = created.json()["id"].as_str().unwrap().to_owned();
    let trainees = signed_in_cadres(&w).await;
    // Eight sign-ups and staff enrolling two more, all at once, for three seats.
    let mut tasks: Vec<_> = trainees
        .iter()
        .map(|(_, s)| {
            let (router, request) = (w.router.clone(), s.form(&format!("/training/courses/{course}/sign-up"), &[]));
            tokio::spawn(async move { send(&router, request).await })
        })
        .collect();
    let both = json!({"cadre_ids": [w.cadre_b, w.cadre_city]});
    tasks.push(spawn_json(&w, &staff, &format!("/api/v1/courses/{course}/enrolments"), both));
    let replies = all(tasks).await;
    let (sign_ups, enrolment) = replies.split_at(8);
    assert!(sign_ups.iter().all(|r| [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY].contains(&r.status)));
    let by_staff = if enrolment[0].status == StatusCode::OK { 2 } else { 0 };
    assert_eq!(count(sign_ups, StatusCode::SEE_OTHER) + by_staff, 3, "staff: {}", enrolment[0].body);
    let view = get(&w, &staff, &format!("/api/v1/courses/{course}")).await.json();
    assert_eq!(view["enrolments"].as_array().unwrap().len(), 3);
    assert_eq!(view["course"]["enrolled_count"], 3);
    // Not wedged: the course still takes a session, and a ninth sign-up is told it is full.
    let session = post(
        &w,
        &staff,
        &format!("/api/v1/courses/{course}/sessions"),
        json!({"date": "2026-12-01", "topic": "开班", "class_hours": "2"}),
    )
    .await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let late =
        send(&w.router, login(&w.router, "cadre").await.form(&format!("/training/courses/{course}/sign-up"), &[]))
            .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(get(&w, &staff, &format!("/api/v1/courses/{course}")).await.json()["course"]["enrolled_count"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trn_leave_cap_leaves_sent_together_are_counted_together_and_withdraw_the_trainee_once() {
    let w = common::world().await;
    let staff = login(&w.router, "orgstaff").await;
    let created = post(
        &w,
        &staff,
        "/api/v1/courses",
        json!({"title": "乡科级干部任职培训班", "kind": "party_school",
        "organiser": "东营区委党校", "org_id": w.county_a, "start_date": "2026-11-26", "end_date": "2026-11-30",
        "class_hours": "70", "capacity": "40", "enrolment": "assigned", "full_time": "1"}),
    )
    .await;
    let course = created.json()["id"].as_str().unwrap().to_owned();
    let mut sessions = Vec::new();
    for n in 1..=7 {
        let body = json!({"date": "2026-11-26", "topic": format!("第{n}讲"), "class_hours": "10"});
        let reply = post(&w, &staff, &format!("/api/v1/courses/{course}/sessions"), body).await;
        sessions.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let enrolled =
        post(&w, &staff, &format!("/api/v1/courses/{course}/enrolments"), json!({"cadre_ids": [w.cadre_a, w.cadre_b]}))
            .await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
    // 10 of 70 hours may be missed (1/7). Three leaves and an absence arrive together: 40 hours.
    let cadre = login(&w.router, "cadre").await;
    let leave = format!("/api/v1/courses/{course}/leave");
    let mut tasks: Vec<_> = sessions[..3]
        .iter()
        .map(|s| spawn_json(&w, &cadre, &leave, json!({"session_id": s, "note": "因公出差"})))
        .collect();
    let absent = json!({"session_id": sessions[3], "marks": [{"cadre_id": w.cadre_a, "status": "absent"}]});
    tasks.push(spawn_json(&w, &staff, &format!("/api/v1/courses/{course}/attendance"), absent));
    let replies = all(tasks).await;
    // The first is within the cap, the second takes the trainee over it, the rest find them withdrawn.
    assert_eq!(count(&replies, StatusCode::OK), 2, "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    assert_eq!(count(&replies, StatusCode::UNPROCESSABLE_ENTITY), 2);
    let withdrawals: Vec<Value> = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .flat_map(|r| r.json()["withdrawn"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(withdrawals.len(), 1);
    assert_eq!(withdrawals[0]["rule"], "TRN-LEAVE-CAP");
    assert_eq!(entries(&w.app, "training.course.withdraw").await, 1);
    let view = get(&w, &staff, &format!("/api/v1/courses/{course}")).await.json();
    let trainee = view["enrolments"].as_array().unwrap().iter().find(|e| e["cadre_id"] == w.cadre_a.as_str()).unwrap();
    assert_eq!((trainee["status"].as_str(), trainee["missed_hours"].as_i64()), (Some("withdrawn"), Some(20)));
    // Not wedged: the other trainee's attendance is recorded.
    let present = json!({"session_id": sessions[0], "marks": [{"cadre_id": w.cadre_b, "status": "present"}]});
    let later = post(&w, &staff, &format!("/api/v1/courses/{course}/attendance"), present).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn int_exam_attempts_hand_ins_and_starts_sent_together_count_once_and_never_pass_the_limit() {
    let w = common::world().await;
    let cadre = login(&w.router, "cadre").await;
    let submit = |attempt: &str, paper: &Value| {
        (format!("/api/v1/attempts/{attempt}/submission"), json!({"answers": answers(paper, false)}))
    };
    let start = format!("/api/v1/exams/{}/attempts", w.exam_b);
    // The fixture's attempt (1 of 3) handed in six times at once: once.
    let paper = get(&w, &cadre, &format!("/api/v1/attempts/{}", w.attempt_a)).await.json();
    let (path, body) = submit(&w.attempt_a, &paper);
    let replies = all((0..6).map(|_| spawn_json(&w, &cadre, &path, body.clone())).collect()).await;
    assert_eq!(count(&replies, StatusCode::OK), 1);
    assert_eq!(count(&replies, StatusCode::UNPROCESSABLE_ENTITY), 5);
    assert_eq!(entries(&w.app, "integrity.exam.submit").await, 1);
    for number in [2, 3] {
        // Six starts at once: one new attempt, and every start is answered with it.
        let replies = all((0..6).map(|_| spawn_json(&w, &cadre, &start, json!({}))).collect()).await;
        assert_eq!(
            count(&replies, StatusCode::CREATED),
            6,
            "{:?}",
            replies.iter().map(|r| &r.body).collect::<Vec<_>>()
        );
        let ids: std::collections::HashSet<String> =
            replies.iter().map(|r| r.json()["attempt"]["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids.len(), 1, "{ids:?}");
        let paper = replies[0].json();
        assert_eq!(paper["attempt"]["number"], number);
        let (path, body) = submit(paper["attempt"]["id"].as_str().unwrap(), &paper);
        assert_eq!(post(&w, &cadre, &path, body).await.status, StatusCode::OK);
    }
    // At the limit, six starts at once are all refused under INT-EXAM-ATTEMPTS.
    let replies = all((0..6).map(|_| spawn_json(&w, &cadre, &start, json!({}))).collect()).await;
    assert_eq!(count(&replies, StatusCode::CONFLICT), 6);
    assert!(replies.iter().all(|r| r.json()["error"]["rule"] == "INT-EXAM-ATTEMPTS"));
    let staff = login(&w.router, "discipline").await;
    let results = get(&w, &staff, &format!("/api/v1/exams/{}", w.exam_b)).await.json();
    let attempts = results["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3);
    assert!(attempts.iter().all(|a| a["status"] == "submitted"));
    // Not wedged: staff still enrol in the exam.
    let enrol =
        post(&w, &staff, &format!("/api/v1/exams/{}/enrolments", w.exam_b), json!({"cadre_ids": [w.cadre_b]})).await;
    assert_eq!(enrol.status, StatusCode::NO_CONTENT, "{}", enrol.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn int_six_musts_an_obligation_is_created_closed_or_fulfilled_once_whatever_arrives_together() {
    let w = common::world().await;
    let discipline = login(&w.router, "discipline").await;
    // The fixture's open duty of 李四 (INT-SIX-MUSTS-5) closed ten times at once: closed once.
    let close = format!("/api/v1/obligations/{}/close", w.obligation_b);
    let replies =
        all((0..10).map(|_| spawn_json(&w, &discipline, &close, json!({"note": "已调离重点岗位"}))).collect()).await;
    assert_eq!(count(&replies, StatusCode::NO_CONTENT), 1);
    assert_eq!(count(&replies, StatusCode::UNPROCESSABLE_ENTITY), 9);
    assert_eq!(entries(&w.app, "integrity.obligation.close").await, 1);
    // The same report recorded five times at once: one duty under the rule.
    let event = json!({"cadre_id": w.cadre_b, "trigger": "report_shows_emerging_problem", "date": "2026-11-20",
        "basis": "信访件 2026-047"});
    let replies =
        all((0..5).map(|_| spawn_json(&w, &discipline, "/api/v1/integrity/events", event.clone())).collect()).await;
    assert_eq!(count(&replies, StatusCode::CREATED), 5);
    let created: usize = replies.iter().map(|r| r.json()["ids"].as_array().unwrap().len()).sum();
    assert_eq!(created, 1);
    let open = obligations(&w, &discipline, &w.cadre_b).await;
    let duty = open_of(&open, "INT-SIX-MUSTS-5");
    assert_eq!(duty.len(), 1);
    let duty = duty[0]["id"].as_str().unwrap().to_owned();
    // A close and a warning talk that fulfils the duty, together: it ends one way, and says so.
    let talk = json!({"cadre_id": w.cadre_b, "kind": "warning", "talker": "区纪委副书记", "date": "2026-11-25",
        "content": "就信访反映的苗头性问题谈话"});
    let replies = all(vec![
        spawn_json(&w, &discipline, &format!("/api/v1/obligations/{duty}/close"), json!({"note": "不再适用"})),
        spawn_json(&w, &discipline, "/api/v1/talks", talk),
    ])
    .await;
    assert_eq!(replies[1].status, StatusCode::CREATED, "{}", replies[1].body);
    let fulfilled_by_talk = replies[1].json()["fulfilled"].as_array().unwrap().len();
    let closed = replies[0].status == StatusCode::NO_CONTENT;
    assert!(closed ^ (fulfilled_by_talk == 1), "close {}, talk {}", replies[0].body, replies[1].body);
    let list = obligations(&w, &discipline, &w.cadre_b).await;
    let ended = list.iter().find(|o| o["id"] == duty.as_str()).unwrap();
    assert_eq!(ended["status"], if closed { "closed" } else { "fulfilled" });
    // Not wedged: a later report creates its duty again.
    let later = post(&w, &discipline, "/api/v1/integrity/events", event).await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
    assert_eq!(open_of(&obligations(&w, &discipline, &w.cadre_b).await, "INT-SIX-MUSTS-5").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trn_village_no_overlap_assignments_of_one_cadre_sent_together_store_one() {
    let w = common::world().await;
    let staff = login(&w.router, "orgstaff").await;
    for (number, start, end) in [("5", "2025-01-01", "2026-12-31"), ("6", "2026-06-01", "2028-05-31")] {
        let batch = json!({"org_id": w.county_a, "number": number, "start_date": start, "end_date": end});
        let reply = post(&w, &staff, "/api/v1/training/village", batch).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    let assignments = format!("/api/v1/training/village/{}/assignments", w.county_a);
    let assign = |batch: &str, cadre: &str, village: &str| json!({"batch": batch, "cadre_id": cadre, "township_id": w.town_a, "village": village, "role": "队员"});
    // 张三丰 stationed six times at once, in both overlapping batches and six villages: once.
    let villages = ["西张村", "东李村", "南王村", "北赵村", "前刘村", "后陈村"];
    let tasks = villages
        .iter()
        .enumerate()
        .map(|(i, v)| spawn_json(&w, &staff, &assignments, assign(if i % 2 == 0 { "5" } else { "6" }, &w.cadre_a, v)))
        .collect();
    let replies = all(tasks).await;
    assert_eq!(count(&replies, StatusCode::CREATED), 1, "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    assert_eq!(count(&replies, StatusCode::UNPROCESSABLE_ENTITY), 5);
    assert!(replies.iter().filter(|r| r.status != StatusCode::CREATED).all(|r| {
        r.json()["error"]["fields"][0]["message"]["zh"].as_str().unwrap().contains("TRN-VILLAGE-NO-OVERLAP")
    }));
    assert_eq!(entries(&w.app, "training.village.assignment.add").await, 1);
    // Not wedged: another cadre is stationed.
    let zhao =
        create_cadre(&w.app, &Actor::system_for_cli(), &cadre_input("赵六", &w.town_a, "37050219850101111", "1"))
            .await
            .unwrap()
            .id;
    let later = post(&w, &staff, &assignments, assign("6", &zhao, "西张村")).await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
}
