//! Course pages: the catalogue, and a course's sessions, trainees, attendance, leave and completion.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::training::courses::{self, AttendanceInput, CourseView, EnrolInput, Mark};
use jianquan_app::training::resolve_cadres;
use jianquan_app::training::views::Course;
use jianquan_app::{AppError, registry::orgs};
use jianquan_domain::access::Capability;
use jianquan_domain::training::course::{ATTENDANCE, COURSE_KIND, ENROLMENT};
use jianquan_domain::training::{CourseInput, CourseStatus, EnrolmentStatus, SessionInput};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Failed, Form, Posted, code_options, decode};
use crate::i18n::Lang;

fn course_form(lang: Lang, org_choices: Vec<(String, String)>, failed: &Failed) -> Form {
    let v = |n: &str| failed.value("course-new", n);
    Form::new("course-new", "/training/courses", lang.pick("新建培训课程", "New course"))
        .field("title", lang.pick("课程名称", "Title"), "text", &v("title"), true)
        .select("kind", lang.pick("培训类别", "Kind"), code_options(&COURSE_KIND, lang), &v("kind"), true)
        .field("organiser", lang.pick("主办单位", "Organiser"), "text", &v("organiser"), true)
        .select("org_id", lang.pick("所属单位", "Org"), org_choices, &v("org_id"), true)
        .field("start_date", lang.pick("开始日期", "Start"), "date", &v("start_date"), true)
        .field("end_date", lang.pick("结束日期", "End"), "date", &v("end_date"), true)
        .field("class_hours", lang.pick("总学时", "Class hours"), "number", &v("class_hours"), true)
        .field("capacity", lang.pick("名额", "Seats"), "number", &v("capacity"), false)
        .select("enrolment", lang.pick("报名方式", "Enrolment"), code_options(&ENROLMENT, lang), &v("enrolment"), true)
        .field("full_time", lang.pick("脱产培训", "Full-time"), "checkbox", &v("full_time"), false)
        .with_errors(failed.errors("course-new"), lang)
}

pub struct CourseLine {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub org_name: String,
    pub dates: String,
    pub class_hours: i64,
    pub seats: String,
    pub status: String,
}

fn course_line(c: &Course, lang: Lang) -> CourseLine {
    CourseLine {
        id: c.id.clone(),
        title: c.title.clone(),
        kind: COURSE_KIND.label(&c.kind, lang.code()),
        org_name: c.org_name.clone(),
        dates: format!("{} — {}", c.start_date, c.end_date),
        class_hours: c.class_hours,
        seats: match c.capacity {
            Some(cap) => format!("{}/{cap}", c.enrolled_count),
            None => c.enrolled_count.to_string(),
        },
        status: match c.status {
            CourseStatus::Completed => lang.pick("已结业", "completed"),
            CourseStatus::Planned => lang.pick("进行中", "planned"),
        }
        .to_owned(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "courses.html")]
pub struct CoursesPage {
    chrome: Chrome,
    rows: Vec<CourseLine>,
    total: i64,
    page: i64,
    year: String,
    kind: String,
    kinds: Vec<(String, String)>,
    forms: Vec<Form>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CourseQuery {
    year: String,
    kind: String,
    page: i64,
}

async fn render_courses(
    state: &AppState,
    ctx: &Ctx,
    q: &CourseQuery,
    failed: &Failed,
) -> Result<CoursesPage, PageError> {
    let lang = ctx.lang;
    let year = q.year.trim().parse::<i32>().ok();
    let kind = Some(q.kind.as_str()).filter(|k| COURSE_KIND.get(k).is_some());
    let (rows, total) =
        courses::list_courses(&state.app, &ctx.actor, year, kind, q.page.max(1)).await.map_err(|e| ctx.fail(e))?;
    let forms = if ctx.actor.can(Capability::TrainingWrite) {
        let choices = orgs::org_choices(&state.app, &ctx.actor, None).await.map_err(|e| ctx.fail(e))?;
        vec![course_form(lang, choices.into_iter().map(|o| (o.id, o.name)).collect(), failed)]
    } else {
        Vec::new()
    };
    Ok(CoursesPage {
        chrome: Chrome::new(ctx, "/training/courses"),
        rows: rows.iter().map(|c| course_line(c, lang)).collect(),
        total,
        page: q.page.max(1),
        year: q.year.clone(),
        kind: q.kind.clone(),
        kinds: code_options(&COURSE_KIND, lang),
        forms,
    })
}

pub async fn courses_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CourseQuery>,
) -> Result<CoursesPage, PageError> {
    render_courses(&state, &ctx, &q, &Failed::default()).await
}

pub async fn create_course(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    match courses::create_course(&state.app, &ctx.actor, &decode::<CourseInput>(&values)).await {
        Ok(id) => Ok(Redirect::to(&format!("/training/courses/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new("course-new", values, invalid.fields);
            let page = render_courses(&state, &ctx, &CourseQuery::default(), &failed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub struct Trainee {
    pub cadre_id: String,
    pub name: String,
    pub post: String,
    pub status: String,
    pub withdrawn: bool,
    pub missed_hours: i64,
    pub reason: String,
    /// Per session: the attendance code ("" when not recorded).
    pub marks: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "course.html")]
pub struct CoursePage {
    chrome: Chrome,
    view: CourseView,
    kind: String,
    trainees: Vec<Trainee>,
    statuses: Vec<(String, String)>,
    forms: Vec<Form>,
    can_write: bool,
    /// The signed-in cadre's own line, for self-service.
    mine: Option<Trainee>,
    can_sign_up: bool,
    can_complete: bool,
    notice: Vec<String>,
}

async fn render_course(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    failed: &Failed,
    notice: Vec<String>,
) -> Result<CoursePage, PageError> {
    let lang = ctx.lang;
    let view = courses::view_course(&state.app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let can_write = ctx.actor.can(Capability::TrainingWrite) && view.course.status.is_planned();
    let trainees: Vec<Trainee> = view
        .enrolments
        .iter()
        .map(|e| Trainee {
            cadre_id: e.cadre_id.clone(),
            name: e.name.clone(),
            post: e.current_post.clone(),
            status: match e.status {
                EnrolmentStatus::Completed => lang.pick("已结业", "completed"),
                EnrolmentStatus::Withdrawn => lang.pick("已退学", "withdrawn"),
                EnrolmentStatus::Enrolled => lang.pick("在学", "enrolled"),
            }
            .to_owned(),
            withdrawn: e.status == EnrolmentStatus::Withdrawn,
            missed_hours: e.missed_hours,
            // Stored as "中文｜English": show the interface's language.
            reason: e.reason.split('｜').nth(usize::from(lang == Lang::En)).unwrap_or(&e.reason).to_owned(),
            marks: view
                .sessions
                .iter()
                .map(|s| view.attendance.get(&(s.id.clone(), e.cadre_id.clone())).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    let own = ctx.actor.cadre_id.clone().filter(|_| ctx.actor.can(Capability::OwnDossier));
    let mine = own.as_ref().and_then(|me| trainees.iter().find(|t| &t.cadre_id == me)).map(|t| Trainee {
        cadre_id: t.cadre_id.clone(),
        name: t.name.clone(),
        post: t.post.clone(),
        status: t.status.clone(),
        withdrawn: t.withdrawn,
        missed_hours: t.missed_hours,
        reason: t.reason.clone(),
        marks: t.marks.clone(),
    });
    let can_sign_up =
        own.is_some() && mine.is_none() && view.course.enrolment == "open" && view.course.status.is_planned();
    let today = state.app.today().to_string();
    let mut forms = Vec::new();
    if can_write {
        let v = |f: &str, n: &str| failed.value(f, n);
        forms.push(
            Form::new(
                "session-new",
                format!("/training/courses/{id}/sessions"),
                lang.pick("添加课次", "Add a session"),
            )
            .field("date", lang.pick("日期", "Date"), "date", &v("session-new", "date"), true)
            .field("topic", lang.pick("专题", "Topic"), "text", &v("session-new", "topic"), true)
            .field("class_hours", lang.pick("学时", "Class hours"), "number", &v("session-new", "class_hours"), true)
            .with_errors(failed.errors("session-new"), lang),
        );
        forms.push(
            Form::new("enrol", format!("/training/courses/{id}/enrolments"), lang.pick("学员报名", "Enrol trainees"))
                .field(
                    "names",
                    lang.pick("姓名或身份证号（每行一个）", "Names or ID numbers (one per line)"),
                    "textarea",
                    &v("enrol", "names"),
                    true,
                )
                .with_errors(failed.errors("enrol"), lang),
        );
    }
    if (can_write || mine.as_ref().is_some_and(|m| !m.withdrawn)) && !view.sessions.is_empty() {
        let sessions = view.sessions.iter().map(|s| (s.id.clone(), format!("{} {}", s.date, s.topic))).collect();
        let mut leave = Form::new("leave", format!("/training/courses/{id}/leave"), lang.pick("请假", "Request leave"))
            .select("session_id", lang.pick("课次", "Session"), sessions, &failed.value("leave", "session_id"), true);
        if can_write {
            let people =
                trainees.iter().filter(|t| !t.withdrawn).map(|t| (t.cadre_id.clone(), t.name.clone())).collect();
            leave = leave.select(
                "cadre_id",
                lang.pick("学员", "Trainee"),
                people,
                &failed.value("leave", "cadre_id"),
                true,
            );
        } else if let Some(me) = &own {
            leave = leave.hidden("cadre_id", me);
        }
        forms.push(
            leave
                .field("note", lang.pick("请假事由", "Reason"), "text", &failed.value("leave", "note"), true)
                .with_errors(failed.errors("leave"), lang),
        );
    }
    Ok(CoursePage {
        chrome: Chrome::new(
            ctx,
            if ctx.actor.can(Capability::OwnDossier) { "/me/training" } else { "/training/courses" },
        ),
        kind: COURSE_KIND.label(&view.course.kind, lang.code()),
        can_complete: can_write && view.course.end_date <= today,
        statuses: code_options(&ATTENDANCE, lang),
        trainees: if ctx.actor.can(Capability::TrainingRead) { trainees } else { Vec::new() },
        view,
        forms,
        can_write,
        mine,
        can_sign_up,
        notice,
    })
}

/// `?sheet=1` asks for the printable 签到表 (of one session with `session=`).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SheetQuery {
    sheet: String,
    session: String,
}

/// The 签到表: one A4 page per session to print and sign, trainees in enrolment order.
#[derive(Template, WebTemplate)]
#[template(path = "course_sheet.html")]
pub struct SignSheetPage {
    chrome: Chrome,
    course_id: String,
    title: String,
    organiser: String,
    /// 「2026-11-05 党章党规专题（3学时）」, or the course's dates when no session is chosen.
    session: String,
    trainees: Vec<Trainee>,
}

pub async fn course_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, PageError> {
    let page = render_course(&state, &ctx, &id, &Failed::default(), Vec::new()).await?;
    if q.sheet != "1" {
        return Ok(page.into_response());
    }
    let course = &page.view.course;
    let session = page.view.sessions.iter().find(|s| s.id == q.session).map_or_else(
        || format!("{} — {}", course.start_date, course.end_date),
        |s| format!("{} {}（{}{}）", s.date, s.topic, s.class_hours, ctx.lang.pick("学时", " class hours")),
    );
    Ok(SignSheetPage {
        chrome: page.chrome,
        course_id: course.id.clone(),
        title: course.title.clone(),
        organiser: course.organiser.clone(),
        session,
        trainees: page.trainees.into_iter().filter(|t| !t.withdrawn).collect(),
    }
    .into_response())
}

async fn course_result(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: &str,
    values: HashMap<String, String>,
    result: Result<Vec<String>, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(notice) if notice.is_empty() => Ok(Redirect::to(&format!("/training/courses/{id}")).into_response()),
        Ok(notice) => Ok(render_course(state, ctx, id, &Failed::default(), notice).await?.into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new(form, values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_course(state, ctx, id, &failed, Vec::new()).await?)
                .into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn add_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let r =
        courses::add_session(&state.app, &ctx.actor, &id, &decode::<SessionInput>(&values)).await.map(|_| Vec::new());
    course_result(&state, &ctx, &id, "session-new", values, r).await
}

pub async fn enrol(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let names = values.get("names").cloned().unwrap_or_default();
    let r = match resolve_cadres(&state.app, &ctx.actor, &names).await {
        Ok(cadre_ids) => {
            courses::enrol(&state.app, &ctx.actor, &id, &EnrolInput { cadre_ids }).await.map(|_| Vec::new())
        }
        Err(e) => Err(e),
    };
    // A capacity refusal names `cadre_ids`; show it on the names field.
    let r = r.map_err(|e| match e {
        AppError::Invalid(mut inv) => {
            for f in &mut inv.fields {
                f.field = "names".into();
            }
            AppError::Invalid(inv)
        }
        other => other,
    });
    course_result(&state, &ctx, &id, "enrol", values, r).await
}

fn withdrawal_notice(outcome: &courses::AttendanceOutcome, ctx: &Ctx) -> Vec<String> {
    outcome
        .withdrawn
        .iter()
        .map(|w| {
            let refusal = jianquan_domain::Refusal::new(&w.rule, w.reason_zh.clone(), w.reason_en.clone());
            format!("{}：{}", w.name, crate::error::refusal_line(ctx, &refusal))
        })
        .collect()
}

pub async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let session_id = values.get("session_id").cloned().unwrap_or_default();
    // 全部出勤: every trainee listed without an exception (leave, absence) was present.
    let all_present = values.get("all_present").is_some_and(|v| v == "1");
    let marks = values
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("s_").map(|cadre| Mark {
                cadre_id: cadre.to_owned(),
                status: if v.is_empty() && all_present { "present".to_owned() } else { v.clone() },
                note: String::new(),
            })
        })
        .filter(|m| !m.status.is_empty())
        .collect();
    let r = courses::record_attendance(&state.app, &ctx.actor, &id, &AttendanceInput { session_id, marks })
        .await
        .map(|o| withdrawal_notice(&o, &ctx));
    course_result(&state, &ctx, &id, "attendance", values, r).await
}

pub async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let r = courses::request_leave(&state.app, &ctx.actor, &id, &get("session_id"), &get("cadre_id"), &get("note"))
        .await
        .map(|o| withdrawal_notice(&o, &ctx));
    course_result(&state, &ctx, &id, "leave", values, r).await
}

pub async fn complete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let r = courses::complete_course(&state.app, &ctx.actor, &id).await.map(|_| Vec::new());
    course_result(&state, &ctx, &id, "complete", HashMap::new(), r).await
}

pub async fn sign_up(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let r = courses::enrol_self(&state.app, &ctx.actor, &id).await.map(|_| Vec::new());
    course_result(&state, &ctx, &id, "sign-up", HashMap::new(), r).await
}
