//! Test harness: a fresh database per test (SQLite file, or PostgreSQL when
//! JIANQUAN_TEST_DATABASE_URL is set), a small two-county city, one account per role, and
//! helpers that send requests through the real router in process.

#![allow(dead_code, reason = "each test binary uses a different part of the harness")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jianquan_app::access::accounts::{NewAccount, create_account};
use jianquan_app::registry::cadres::create_cadre;
use jianquan_app::registry::orgs::{OrgInput, create_org};
use jianquan_app::{Actor, App, Clock};
use jianquan_domain::registry::CadreInput;
use jianquan_domain::registry::resident_id::with_check_char;
use time::macros::datetime;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct-horse-battery";

/// The fixture's IDs.
pub struct World {
    pub app: App,
    pub router: axum::Router,
    pub city: String,
    pub county_a: String,
    pub county_b: String,
    pub town_a: String,
    /// 张三丰, in county A's township.
    pub cadre_a: String,
    /// 李四, in county B.
    pub cadre_b: String,
    /// 王五, at the city level.
    pub cadre_city: String,
    /// A post (副区长, authorised 2) in county B.
    pub post_b: String,
    /// A course in county B on which 张三丰 (county A) is enrolled.
    pub course_b: String,
    /// An assigned exam set in county B with 张三丰 enrolled, and his attempt in progress.
    pub exam_b: String,
    pub attempt_a: String,
    /// A talk held with 张三丰.
    pub talk_a: String,
    /// An open obligation of 李四 (county B).
    pub obligation_b: String,
}

/// The cadre 张三丰 as an actor (for fixtures that need the cadre's own hand).
pub async fn cadre_actor(app: &App, cadre_id: &str, town_a: &str) -> Actor {
    let identity = jianquan_app::actor::AccountIdentity {
        id: "fixture-cadre".into(),
        username: "cadre".into(),
        display_name: "张三丰".into(),
        cadre_id: Some(cadre_id.to_owned()),
    };
    let mut conn = app.db.read().await.expect("read");
    let town = jianquan_storage::registry::orgs::get(&mut conn, town_a).await.expect("org").expect("town");
    let path = jianquan_domain::registry::OrgPath::parse(&town.path).expect("path");
    Actor::account(identity, jianquan_domain::access::Role::Cadre, path, town_a.to_owned(), "文汇街道".into())
}

/// Three questions in the bank: single, multiple, true/false (answers A, AC, A).
pub async fn questions(app: &App) {
    use jianquan_domain::integrity::exam::QuestionInput;
    let sys = Actor::system_for_cli();
    for (kind, stem, options, answer) in [
        ("single", "党的最高理想和最终目标是", "实现共产主义\n全面小康\n现代化", "A"),
        ("multiple", "“四个意识”包括", "政治意识\n享乐意识\n大局意识", "AC"),
        ("true_false", "党员可以参加迷信活动", "", "错误"),
    ] {
        let input = QuestionInput {
            kind: kind.into(),
            stem: stem.into(),
            options: options.into(),
            answer: answer.into(),
            topic: "党纪".into(),
        };
        jianquan_app::integrity::exams::add_question(app, &sys, &input).await.expect("question");
    }
}

pub fn cadre_input(name: &str, org_id: &str, first17: &str, gender: &str) -> CadreInput {
    let id = with_check_char(first17);
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    CadreInput {
        name: name.into(),
        gender: gender.into(),
        birth_date: birth,
        ethnicity: "01".into(),
        native_place: "山东东营".into(),
        birthplace: "山东东营".into(),
        id_number: id,
        political_status: "01".into(),
        party_entry_date: "2005-07-01".into(),
        work_start_date: "2003-08-01".into(),
        org_id: org_id.into(),
        rank: "township_principal".into(),
        current_post: "科长".into(),
        ..CadreInput::default()
    }
}

async fn org(app: &App, parent: &str, name: &str, kind: &str, level: &str) -> String {
    let input = OrgInput {
        parent_id: parent.into(),
        name: name.into(),
        kind: kind.into(),
        level: level.into(),
        sort: String::new(),
    };
    create_org(app, &Actor::system_for_cli(), &input).await.expect("org").id
}

pub async fn world() -> World {
    world_on(jianquan_storage::testing::fresh_db().await.expect("database")).await
}

/// The fixture on a given (migrated, empty) database.
pub async fn world_on(db: jianquan_storage::Db) -> World {
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("app");
    let sys = Actor::system_for_cli();
    let city = org(&app, "", "东营市", "party_committee", "city").await;
    let county_a = org(&app, &city, "东营区", "party_committee", "county").await;
    let county_b = org(&app, &city, "河口区", "party_committee", "county").await;
    let town_a = org(&app, &county_a, "文汇街道", "party_committee", "township").await;
    let cadre_a =
        create_cadre(&app, &sys, &cadre_input("张三丰", &town_a, "37050219780504123", "1")).await.expect("cadre a").id;
    let cadre_b =
        create_cadre(&app, &sys, &cadre_input("李四", &county_b, "37050319800101234", "2")).await.expect("cadre b").id;
    let cadre_city =
        create_cadre(&app, &sys, &cadre_input("王五", &city, "37050119700707345", "1")).await.expect("cadre c").id;
    // 张三丰 and 李四 have photos (a PNG signature is all the check reads).
    for cadre in [&cadre_a, &cadre_b] {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        jianquan_app::registry::photo::set_photo(&app, &sys, cadre, png).await.expect("photo");
    }
    for (username, role, scope, cadre) in [
        ("admin", "admin", &city, None),
        ("orgstaff", "org_staff", &city, None),
        ("county_staff", "org_staff", &county_a, None),
        ("discipline", "discipline", &city, None),
        ("inspector", "inspector", &city, None),
        ("committee", "committee", &city, None),
        ("auditor", "auditor", &city, None),
        ("cadre", "cadre", &town_a, Some(cadre_a.clone())),
    ] {
        let new = NewAccount {
            username: username.into(),
            display_name: username.into(),
            password: PASSWORD.into(),
            role: role.into(),
            org_id: scope.clone(),
            cadre_id: cadre,
        };
        create_account(&app, &sys, new).await.expect("account");
    }
    let post = jianquan_app::registry::posts::PostInput {
        org_id: county_b.clone(),
        title: "副区长".into(),
        rank: "county_deputy".into(),
        authorised: "2".into(),
        ..Default::default()
    };
    let post_b = jianquan_app::registry::posts::create_post(&app, &sys, &post).await.expect("post").id;
    let (course_b, exam_b, attempt_a, talk_a, obligation_b) =
        training(&app, &county_b, &town_a, &cadre_a, &cadre_b).await;
    let router = jianquan_web::router(app.clone());
    World {
        app,
        router,
        city,
        county_a,
        county_b,
        town_a,
        cadre_a,
        cadre_b,
        cadre_city,
        post_b,
        course_b,
        exam_b,
        attempt_a,
        talk_a,
        obligation_b,
    }
}

async fn training(
    app: &App,
    county_b: &str,
    town_a: &str,
    cadre_a: &str,
    cadre_b: &str,
) -> (String, String, String, String, String) {
    use jianquan_app::integrity::{exams, obligations, talks};
    use jianquan_app::training::courses;
    let sys = Actor::system_for_cli();
    let course = jianquan_domain::training::CourseInput {
        title: "河口区干部专题培训班".into(),
        kind: "party_school".into(),
        organiser: "河口区委党校".into(),
        org_id: county_b.into(),
        start_date: "2026-11-01".into(),
        end_date: "2026-11-30".into(),
        class_hours: "70".into(),
        enrolment: "assigned".into(),
        ..Default::default()
    };
    let course_b = courses::create_course(app, &sys, &course).await.expect("course");
    courses::enrol(app, &sys, &course_b, &courses::EnrolInput { cadre_ids: vec![cadre_a.to_owned()] })
        .await
        .expect("enrol");
    questions(app).await;
    let exam = jianquan_domain::integrity::exam::ExamInput {
        title: "党纪政纪条规测试".into(),
        kind: "discipline_test".into(),
        org_id: county_b.into(),
        question_count: "3".into(),
        time_limit_minutes: "30".into(),
        pass_mark: "60".into(),
        enrolment: "assigned".into(),
        opens_on: "2026-01-01".into(),
        closes_on: "2026-12-31".into(),
        ..Default::default()
    };
    let exam_b = exams::create_exam(app, &sys, &exam).await.expect("exam");
    exams::set_enrolment(app, &sys, &exam_b, &[cadre_a.to_owned()], true).await.expect("exam enrol");
    let attempt_a =
        exams::start_attempt(app, &cadre_actor(app, cadre_a, town_a).await, &exam_b).await.expect("attempt");
    let talk = jianquan_domain::integrity::talk::TalkInput {
        cadre_id: cadre_a.into(),
        kind: "integrity".into(),
        talker: "区纪委书记".into(),
        date: "2026-11-20".into(),
        content: "任前廉政谈话".into(),
        document_number: String::new(),
    };
    let talk_a = talks::record_talk(app, &sys, &talk).await.expect("talk").id;
    let event = obligations::EventInput {
        cadre_id: cadre_b.into(),
        trigger: "report_shows_emerging_problem".into(),
        date: "2026-11-01".into(),
        basis: "信访件 2026-031".into(),
    };
    let obligation_b = obligations::record_event(app, &sys, &event).await.expect("event").remove(0);
    (course_b, exam_b, attempt_a, talk_a, obligation_b)
}

/// A signed-in browser or API client.
#[derive(Clone, Default)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub token: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// The request as sent by a client of its own (a new loopback peer address each call), as the
/// server sees a request that `serve` accepted: rate limits count it apart from the rest.
pub fn fresh_client(request: Request<Body>) -> Request<Body> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    as_client(request, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// The request as sent by client number `n` (peer 127.x.y.z).
pub fn as_client(mut request: Request<Body>, n: u32) -> Request<Body> {
    let [_, a, b, c] = n.to_be_bytes();
    let peer = std::net::SocketAddr::from(([127, a, b, c.max(1)], 40_000));
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    request
}

/// A solved proof-of-work challenge (SEC-PROOF-OF-WORK) from the router: (challenge, nonce).
pub async fn proof(router: &axum::Router) -> (String, String) {
    let reply = send(router, fresh_client(Request::get("/api/v1/public/challenge").body(Body::empty()).unwrap())).await;
    assert_eq!(reply.status, StatusCode::OK, "challenge: {}", reply.body);
    let challenge = reply.json()["challenge"].as_str().expect("challenge").to_owned();
    let nonce = jianquan_domain::challenge::solve(&challenge).expect("solvable");
    (challenge, nonce)
}

/// An objection's JSON body with a solved challenge added.
pub async fn with_proof(router: &axum::Router, mut body: serde_json::Value) -> serde_json::Value {
    let (challenge, nonce) = proof(router).await;
    body["challenge"] = challenge.into();
    body["nonce"] = nonce.into();
    body
}

pub async fn send(router: &axum::Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    Reply { status, location, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Signs in through the API and returns the cookie, CSRF token and bearer token.
pub async fn login(router: &axum::Router, username: &str) -> Session {
    let body = serde_json::json!({"username": username, "password": PASSWORD}).to_string();
    let request = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    // Each sign-in from a client of its own: the tests sign in many accounts, which from one
    // address would pass the per-client sign-in rate (SEC-RATE-LIMIT).
    let reply = send(router, fresh_client(request)).await;
    assert_eq!(reply.status, StatusCode::OK, "login {username}: {}", reply.body);
    let json = reply.json();
    let token = json["token"].as_str().expect("token").to_owned();
    Session {
        cookie: format!("jq_session={token}"),
        csrf: json["csrf_token"].as_str().expect("csrf").to_owned(),
        token,
    }
}

/// A browser that opened the sign-in page: it holds the page's pre-session CSRF cookie and
/// posts the form's token with it (`Session::form` adds `_csrf`).
pub async fn sign_in_form(router: &axum::Router) -> Session {
    let response = router.clone().oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let set = response.headers().get(header::SET_COOKIE).expect("the sign-in page sets its cookie").to_str().unwrap();
    let pair = set.split(';').next().unwrap().to_owned();
    let token = pair.split_once('=').unwrap().1.to_owned();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&bytes).contains(&token), "the form carries the cookie's token");
    Session { cookie: pair, csrf: token, token: String::new() }
}

impl Session {
    pub fn get(&self, path: &str) -> Request<Body> {
        let mut builder = Request::get(path);
        if !self.cookie.is_empty() {
            builder = builder.header(header::COOKIE, &self.cookie);
        }
        builder.body(Body::empty()).expect("request")
    }

    /// A form post with the CSRF field added.
    pub fn form(&self, path: &str, fields: &[(&str, &str)]) -> Request<Body> {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if !self.csrf.is_empty() {
            pairs.push(("_csrf", &self.csrf));
        }
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        let mut builder = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !self.cookie.is_empty() {
            builder = builder.header(header::COOKIE, &self.cookie);
        }
        builder.body(Body::from(body)).expect("request")
    }

    /// A JSON edit based on `version` (the record's ETag), with the CSRF header.
    pub fn json_at(&self, method: &str, path: &str, body: serde_json::Value, version: i64) -> Request<Body> {
        let mut request = self.json(method, path, body);
        request.headers_mut().insert(header::IF_MATCH, format!("\"{version}\"").parse().expect("header"));
        request
    }

    /// A JSON call with the CSRF header.
    pub fn json(&self, method: &str, path: &str, body: serde_json::Value) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(path).header(header::CONTENT_TYPE, "application/json");
        if !self.cookie.is_empty() {
            builder = builder.header(header::COOKIE, &self.cookie).header("x-csrf-token", &self.csrf);
        }
        builder.body(Body::from(body.to_string())).expect("request")
    }
}

// ─── Calls and readings shared by the training and integrity tests ───

/// The version a cadre's record is at (what an edit names in If-Match).
pub async fn cadre_version(w: &World, cadre: &str) -> i64 {
    let mut conn = w.app.db.read().await.expect("read");
    jianquan_storage::registry::cadres::get(&mut conn, cadre).await.expect("query").expect("cadre").updated_seq
}

/// An organization-department staff member acting city-wide (fixtures that record appointments
/// decided by other bodies, a capability the system account does not hold).
pub async fn org_staff(app: &App) -> Actor {
    let mut conn = app.db.read().await.expect("read");
    let user = jianquan_storage::access::user_by_name(&mut conn, "orgstaff").await.expect("query").expect("orgstaff");
    let org = jianquan_storage::registry::orgs::get(&mut conn, &user.org_id).await.expect("org").expect("org");
    let identity = jianquan_app::actor::AccountIdentity {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        cadre_id: None,
    };
    let path = jianquan_domain::registry::OrgPath::parse(&org.path).expect("path");
    Actor::account(identity, jianquan_domain::access::Role::OrgStaff, path, org.id, org.name)
}

pub async fn post(w: &World, s: &Session, path: &str, body: serde_json::Value) -> Reply {
    send(&w.router, s.json("POST", path, body)).await
}

pub async fn get(w: &World, s: &Session, path: &str) -> Reply {
    send(&w.router, s.get(path)).await
}

pub async fn obligations(w: &World, s: &Session, cadre: &str) -> Vec<serde_json::Value> {
    get(w, s, &format!("/api/v1/cadres/{cadre}/obligations")).await.json().as_array().unwrap().clone()
}

pub fn open_of<'a>(list: &'a [serde_json::Value], rule: &str) -> Vec<&'a serde_json::Value> {
    list.iter().filter(|o| o["rule"] == rule && o["status"] == "open").collect()
}

/// Answers a paper right (`right`) or wrong, knowing the fixture's bank by stem.
pub fn answers(paper: &serde_json::Value, right: bool) -> Vec<String> {
    paper["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let stem = q["stem"].as_str().unwrap();
            let key = if stem.contains("最高理想") {
                "A"
            } else if stem.contains("四个意识") {
                "AC"
            } else {
                "B"
            };
            if right {
                key.to_owned()
            } else if key == "A" {
                "B".to_owned()
            } else {
                "A".to_owned()
            }
        })
        .collect()
}
