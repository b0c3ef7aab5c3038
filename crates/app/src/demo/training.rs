//! The demo city's education and training: a question bank on party discipline, this year's
//! discipline test, courses run through their whole life (sessions, trainees, attendance with one
//! trainee withdrawn under TRN-LEAVE-CAP, completion with credits), five years of training
//! records so that units' compliance differs, and six-musts events with talks — some duties met,
//! some overdue. 张三丰 (the demo cadre) has just been promoted: his discipline test is due.

use jianquan_domain::integrity::exam::{ExamInput, QuestionInput};
use jianquan_domain::integrity::talk::TalkInput;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::course::{credits_centi, is_institutional};
use jianquan_domain::training::{CourseInput, SessionInput};
use jianquan_storage::registry::cadres::{self as cadre_store, CadreFilter};
use jianquan_storage::registry::orgs;
use jianquan_storage::training::{self as store, RecordRow};
use serde_json::json;
use time::{Date, Duration, Month};

use crate::context::new_id;
use crate::demo::rng::Rng;
use crate::integrity::obligations::EventInput;
use crate::integrity::{exams, obligations, talks};
use crate::training::courses::{self, AttendanceInput, EnrolInput, Mark};
use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// The demo question bank: (kind, topic, stem, options, answer).
pub const QUESTIONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "single",
        "党章",
        "党的最高理想和最终目标是",
        "实现共产主义\n全面建成小康社会\n实现社会主义现代化\n实现中华民族伟大复兴",
        "A",
    ),
    ("single", "党章", "党的根本组织原则是", "民主集中制\n集体领导\n党管干部\n从严治党", "A"),
    ("single", "党章", "预备党员的预备期为", "半年\n一年\n两年\n三年", "B"),
    ("multiple", "党章", "“四个意识”包括", "政治意识\n大局意识\n核心意识\n看齐意识\n享乐意识", "ABCD"),
    ("true_false", "党章", "党员有权向党的上级组织直至中央提出请求、申诉和控告", "", "正确"),
    (
        "single",
        "廉洁自律准则",
        "《中国共产党廉洁自律准则》要求党员领导干部廉洁从政，自觉保持",
        "人民公仆本色\n个人特色\n行业本色\n专业本色",
        "A",
    ),
    (
        "multiple",
        "廉洁自律准则",
        "党员领导干部应当廉洁用权，做到",
        "自觉维护人民根本利益\n不以权谋私\n不为亲属谋取特殊照顾\n可以适当收受礼金",
        "ABC",
    ),
    ("true_false", "廉洁自律准则", "领导干部可以在节假日接受管理服务对象的宴请", "", "错误"),
    ("single", "纪律处分条例", "党纪处分的种类共有", "三种\n四种\n五种\n六种", "C"),
    ("multiple", "纪律处分条例", "党的纪律包括", "政治纪律\n组织纪律\n廉洁纪律\n群众纪律\n工作纪律", "ABCDE"),
    ("true_false", "纪律处分条例", "党员受到留党察看处分，察看期限最长不超过两年", "", "正确"),
    (
        "single",
        "纪律处分条例",
        "受到撤销党内职务处分的，多少年内不得在党内担任和向党外组织推荐担任与其原任职务相当或者高于其原任职务的职务",
        "一年\n两年\n三年\n五年",
        "B",
    ),
    ("true_false", "选拔任用条例", "民主推荐结果可以作为选拔任用的唯一依据", "", "错误"),
    ("single", "选拔任用条例", "干部任职前公示期一般不少于几个工作日", "三个\n五个\n七个\n十个", "B"),
    (
        "multiple",
        "选拔任用条例",
        "不得列为考察对象的情形包括",
        "群众公认度不高\n近三年年度考核结果中有基本称职以下等次\n有跑官拉票行为\n任现职满三年",
        "ABC",
    ),
];

/// What the demo's training part wrote.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TrainingSummary {
    pub questions: usize,
    pub exams: usize,
    pub courses: usize,
    pub records: usize,
    pub obligations: usize,
    pub talks: usize,
}

fn day(year: i32, month: Month, d: u8) -> Date {
    Date::from_calendar_date(year, month, d).unwrap_or(Date::MIN)
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("demo training: {e}"))
}

pub async fn load(app: &App, seed: u64) -> AppResult<TrainingSummary> {
    let sys = Actor::system_for_cli();
    let today = app.today();
    let year = today.year();
    let mut summary = TrainingSummary::default();
    let mut conn = app.db.read().await?;
    let roots = orgs::roots(&mut conn).await?;
    let city = roots.first().cloned().ok_or_else(|| internal("no city"))?;
    let city_path = city.org_path()?;
    let counties = orgs::child_orgs(&mut conn, &city.id).await?;
    let district = counties
        .iter()
        .find(|c| c.name == "东营区")
        .or(counties.first())
        .cloned()
        .ok_or_else(|| internal("no county"))?;
    // Every cadre with their org and rank level.
    let people = jianquan_storage::training_standing::cadres_of(&mut conn, &city_path).await?;
    let filter =
        CadreFilter { scope: Some(city_path.clone()), name: Some("张三丰".into()), ..CadreFilter::default() };
    let demo_cadre = cadre_store::list(&mut conn, &filter, 0, 1).await?.0.into_iter().next();
    drop(conn);

    // The question bank and this year's tests.
    for (kind, topic, stem, options, answer) in QUESTIONS {
        let input = QuestionInput {
            kind: (*kind).into(),
            topic: (*topic).into(),
            stem: (*stem).into(),
            options: (*options).into(),
            answer: (*answer).into(),
        };
        exams::add_question(app, &sys, &input).await?;
        summary.questions += 1;
    }
    for (title, kind, count, pass) in [
        (format!("{year}年度党纪政纪条规测试"), "discipline_test", 10, 80),
        (format!("{year}年廉政知识测试"), "general", 15, 60),
    ] {
        let exam = ExamInput {
            title,
            kind: kind.into(),
            org_id: city.id.clone(),
            topic: String::new(),
            question_count: count.to_string(),
            time_limit_minutes: "30".into(),
            pass_mark: pass.to_string(),
            enrolment: "open".into(),
            opens_on: day(year, Month::January, 1).to_string(),
            closes_on: day(year, Month::December, 31).to_string(),
        };
        exams::create_exam(app, &sys, &exam).await?;
        summary.exams += 1;
    }

    // Five years of training records, so that compliance differs by unit and person.
    let mut rng = Rng::stream(seed, 0x7124);
    let kinds = [
        ("party_school", 30_u32),
        ("administrative_college", 10),
        ("training_base", 15),
        ("online_course", 25),
        ("seminar", 8),
        ("off_site_visit", 5),
        ("cautionary_case", 7),
    ];
    let mut records = Vec::new();
    for (i, (cadre_id, path, level)) in people.iter().enumerate() {
        // Some units train more than others: the org path's hash sets a unit's diligence.
        let diligence = 0.35 + (jianquan_domain::integrity::exam::seed_of(path) % 60) as f64 / 100.0;
        for y in (year - 4)..=year {
            if !rng.chance(diligence) {
                continue;
            }
            let kind = rng.weighted(&kinds);
            let full_time = is_institutional(kind) && rng.chance(0.8);
            let hours = if *level <= 6 && full_time { rng.range(60, 160) } else { rng.range(24, 96) } as u32;
            let month = Month::try_from(u8::try_from(rng.range(1, 10)).unwrap_or(3)).unwrap_or(Month::March);
            let start = day(y, month, u8::try_from(rng.range(1, 15)).unwrap_or(1));
            let days = if full_time { i64::from(hours / 8).max(1) } else { i64::from(hours / 4).max(1) };
            let end = start + Duration::days(days - 1);
            if end >= today {
                continue;
            }
            let credits = credits_centi(&app.policy, kind, hours, end).map_err(policy_error)?;
            records.push(RecordRow {
                id: new_id(),
                cadre_id: cadre_id.clone(),
                course_id: None,
                kind: kind.into(),
                title: format!("{y}年{}", jianquan_domain::training::COURSE_KIND.label(kind, "zh")),
                organiser: if kind == "online_course" { "干部网络学院".into() } else { "市委党校".into() },
                start_date: start.to_string(),
                end_date: end.to_string(),
                class_hours: i64::from(hours),
                full_time_days: if full_time { days } else { 0 },
                institutional: full_time,
                credits_centi: i64::try_from(credits).unwrap_or(0),
            });
        }
        if i % 1000 == 999 {
            tokio::task::yield_now().await;
        }
    }
    let mut tx = app.db.write().await?;
    let seq = app
        .record(
            &mut tx,
            &sys,
            "training.record.import",
            ("org", &city.id),
            json!({"source": "demo", "records": records.len()}),
            &["TRN-CREDITS"],
        )
        .await?;
    for r in &records {
        store::insert_record(&mut tx, r, seq).await?;
    }
    tx.commit().await?;
    summary.records = records.len();

    // Courses run through their life in the district.
    let district_path = OrgPath::parse(&district.path).map_err(|_| internal("district path"))?;
    let trainees: Vec<String> = people
        .iter()
        .filter(|(_, p, l)| p.starts_with(district_path.as_str()) && (7..=8).contains(l))
        .map(|c| c.0.clone())
        .take(120)
        .collect();
    let plans = [
        ("东营区乡科级干部综合能力提升班", "party_school", 60, -120, -108, true),
        ("东营区年轻干部培训班", "administrative_college", 56, -70, -63, true),
        ("警示教育专题：以案为鉴", "cautionary_case", 8, -40, -40, false),
        ("黄河流域生态保护专题研讨", "seminar", 16, -5, 9, false),
    ];
    for (n, (title, kind, hours, from, to, full_time)) in plans.iter().enumerate() {
        let start = today + Duration::days(*from);
        let end = today + Duration::days(*to);
        let input = CourseInput {
            title: (*title).into(),
            kind: (*kind).into(),
            organiser: "东营区委组织部".into(),
            org_id: district.id.clone(),
            start_date: start.to_string(),
            end_date: end.to_string(),
            class_hours: hours.to_string(),
            capacity: "40".into(),
            enrolment: "assigned".into(),
            full_time: if *full_time { "1".into() } else { String::new() },
        };
        let id = courses::create_course(app, &sys, &input).await?;
        let sessions = (hours / 8).max(1);
        let mut session_ids = Vec::new();
        for s in 0..sessions {
            let date = (start + Duration::days(i64::from(s))).min(end);
            let session =
                SessionInput { date: date.to_string(), topic: format!("第{}讲", s + 1), class_hours: "8".into() };
            session_ids.push(courses::add_session(app, &sys, &id, &session).await?);
        }
        let group: Vec<String> = trainees.iter().skip(n * 30).take(30).cloned().collect();
        courses::enrol(app, &sys, &id, &EnrolInput { cadre_ids: group.clone() }).await?;
        for (k, session) in session_ids.iter().enumerate() {
            if start + Duration::days(i64::try_from(k).unwrap_or(0)) > today {
                break;
            }
            let marks: Vec<Mark> = group
                .iter()
                .enumerate()
                .map(|(j, c)| Mark {
                    cadre_id: c.clone(),
                    // The first trainee of the first course misses two days: withdrawn (TRN-LEAVE-CAP).
                    status: if (n == 0 && j == 0 && k < 2) || (j + k) % 17 == 0 { "leave" } else { "present" }.into(),
                    note: String::new(),
                })
                .collect();
            let live: Vec<Mark> = {
                let mut conn = app.db.read().await?;
                let enrolled = store::enrolments(&mut conn, &id).await?;
                marks
                    .into_iter()
                    .filter(|m| enrolled.iter().any(|e| e.cadre_id == m.cadre_id && e.status.is_enrolled()))
                    .collect()
            };
            if !live.is_empty() {
                courses::record_attendance(
                    app,
                    &sys,
                    &id,
                    &AttendanceInput { session_id: session.clone(), marks: live },
                )
                .await?;
            }
        }
        if end < today {
            courses::complete_course(app, &sys, &id).await?;
        }
        summary.courses += 1;
    }

    // Six-musts events: some duties met by talks, some overdue.
    let mut pick = Rng::stream(seed, 0x51c5);
    let events = [
        ("report_shows_emerging_problem", -40, Some("warning")),
        ("report_shows_emerging_problem", -25, None),
        ("accountability_decision", -60, Some("admonishment")),
        ("accountability_decision", -45, None),
        ("key_post_or_major_task", -200, Some("integrity")),
        ("key_post_or_major_task", -400, None),
        ("party_admission", -50, None),
        ("civil_service_entry", -10, None),
    ];
    for (k, (trigger, ago, talk)) in events.iter().cycle().take(24).enumerate() {
        let (cadre_id, ..) = &people[pick.below(people.len())];
        let date = today + Duration::days(*ago - i64::try_from(k % 5).unwrap_or(0));
        let input = EventInput {
            cadre_id: cadre_id.clone(),
            trigger: (*trigger).into(),
            date: date.to_string(),
            basis: format!("演示事项 {}", k + 1),
        };
        summary.obligations += obligations::record_event(app, &sys, &input).await?.len();
        if let Some(kind) = talk {
            let talk = TalkInput {
                cadre_id: cadre_id.clone(),
                kind: (*kind).into(),
                talker: "市纪委监委第三监督检查室".into(),
                date: (date + Duration::days(7)).min(today).to_string(),
                content: "结合问题线索开展谈话，指出问题，提出整改要求".into(),
                document_number: if *kind == "admonishment" {
                    format!("东纪诫〔{year}〕{}号", k + 1)
                } else {
                    String::new()
                },
            };
            talks::record_talk(app, &sys, &talk).await?;
            summary.talks += 1;
        }
    }
    // 张三丰 has just been promoted: his discipline test is due within the policy's days.
    if let Some(cadre) = demo_cadre {
        let input = EventInput {
            cadre_id: cadre.id.clone(),
            trigger: "promotion".into(),
            date: (today - Duration::days(3)).to_string(),
            basis: format!("东组任〔{year}〕27号"),
        };
        summary.obligations += obligations::record_event(app, &sys, &input).await?.len();
    }
    Ok(summary)
}
