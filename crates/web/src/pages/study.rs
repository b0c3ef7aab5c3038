//! Pages of theory study-centre groups (`/training/study-groups`) and of the yearly study record
//! (`/training/study-records`): lists in scope, a group's page with its members, sessions and
//! attendance, and a cadre's record with its three steps.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::study::{self, GroupView, StudyRecord};
use jianquan_domain::access::Capability;
use jianquan_domain::study::{
    AttendanceEntryInput, AttendanceInput, EvaluationInput, ExamInput, GROUP_ROLE, GroupInput, MemberInput,
    ReportInput, STUDY_GRADE, SessionInput,
};
use jianquan_domain::{FieldError, Msg};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Form, code_options};
use crate::i18n::Lang;
use crate::records::RecordLine;
use jianquan_app::ledger::describe::describe;

/// The query of the study pages: year, page and a name search.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub year: String,
    pub page: String,
    pub q: String,
}

impl YearQuery {
    /// The year asked for, or this year.
    pub fn year(&self, this_year: i32) -> i32 {
        self.year.trim().parse::<i32>().ok().filter(|y| (2000..=this_year).contains(y)).unwrap_or(this_year)
    }

    pub fn page(&self) -> i64 {
        self.page.trim().parse::<i64>().unwrap_or(1).max(1)
    }
}

/// Years offered by the year filter, newest first.
fn years(this_year: i32) -> Vec<i32> {
    (this_year - 5..=this_year).rev().collect()
}

/// Decodes posted text fields into an all-text input with defaults.
pub fn decode<T: serde::de::DeserializeOwned + Default>(values: &HashMap<String, String>) -> T {
    serde_json::to_value(values).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}

fn v(values: &HashMap<String, String>, name: &str) -> String {
    values.get(name).cloned().unwrap_or_default()
}

/// A refused step shown in its place, with its rule named by its title.
fn refusal_text(ctx: &Ctx, msg: &Msg, rule: &str) -> String {
    crate::error::refusal_line(ctx, &jianquan_domain::Refusal { rule: rule.to_owned(), reason: msg.clone() })
}

// ─── Group list ─────────────────────────────────────────────────────────────────────────────

pub struct GroupLine {
    pub org_id: String,
    pub org_name: String,
    pub name: String,
    pub members: i64,
    pub sessions: i64,
    pub rate: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "study_groups.html")]
pub struct StudyGroupsPage {
    chrome: Chrome,
    year: i32,
    years: Vec<i32>,
    lines: Vec<GroupLine>,
    total: i64,
    page: i64,
    pages: i64,
    forms: Vec<Form>,
}

async fn org_options(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, PageError> {
    let orgs = study::orgs_for_pickers(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    Ok(orgs.into_iter().map(|o| (o.id, o.name)).collect())
}

async fn render_groups(
    state: &AppState,
    ctx: &Ctx,
    q: &YearQuery,
    values: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<StudyGroupsPage, PageError> {
    let lang = ctx.lang;
    let this_year = state.app.today().year();
    let year = q.year(this_year);
    let list = study::list_groups(&state.app, &ctx.actor, year, q.page()).await.map_err(|e| ctx.fail(e))?;
    let lines = list
        .items
        .into_iter()
        .map(|g| GroupLine {
            org_id: g.summary.group.org_id,
            org_name: g.summary.group.org_name,
            name: g.summary.group.name,
            members: g.summary.members,
            sessions: g.summary.sessions,
            rate: g.rate.display(),
        })
        .collect();
    let mut forms = Vec::new();
    if ctx.actor.can(Capability::TrainingWrite) {
        forms.push(
            Form::new("group-form", "/training/study-groups", lang.t("study.establish"))
                .select("org_id", lang.t("study.org"), org_options(state, ctx).await?, &v(values, "org_id"), true)
                .field("name", lang.t("study.group_name"), "text", &v(values, "name"), false)
                .with_errors(errors, lang),
        );
    }
    Ok(StudyGroupsPage {
        chrome: Chrome::new(ctx, "/training/study-groups"),
        year,
        years: years(this_year),
        lines,
        total: list.total,
        page: list.page,
        pages: list.pages,
        forms,
    })
}

pub async fn study_groups(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<StudyGroupsPage, PageError> {
    render_groups(&state, &ctx, &q, &HashMap::new(), &[]).await
}

pub async fn establish_group(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    match study::establish_group(&state.app, &ctx.actor, &decode::<GroupInput>(&values)).await {
        Ok(group) => Ok(Redirect::to(&format!("/training/study-groups/{}", group.org_id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let page = render_groups(&state, &ctx, &YearQuery::default(), &values, &invalid.fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

// ─── One group ──────────────────────────────────────────────────────────────────────────────

pub struct MemberLine {
    pub cadre_id: String,
    pub name: String,
    pub role: String,
    pub post: String,
    pub attended: String,
    pub rate: String,
}

pub struct AttendanceRow {
    pub member_id: String,
    pub name: String,
    pub present: bool,
    pub reason: String,
    pub speaker: bool,
    pub error: String,
}

pub struct SessionLine {
    pub id: String,
    pub date: String,
    pub topic: String,
    pub location: String,
    pub summary: String,
    pub speakers: String,
    pub attended: String,
    pub rate: String,
    /// Each member's row of the attendance form.
    pub rows: Vec<AttendanceRow>,
    pub open: bool,
    pub errors: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "study_group.html")]
pub struct StudyGroupPage {
    chrome: Chrome,
    org_id: String,
    org_name: String,
    title: String,
    established: bool,
    year: i32,
    years: Vec<i32>,
    members: Vec<MemberLine>,
    sessions: Vec<SessionLine>,
    history: Vec<RecordLine>,
    can_write: bool,
    forms: Vec<Form>,
}

/// What a refused post on the group page brings back.
#[derive(Default)]
pub struct Failed {
    pub part: String,
    pub values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
}

fn attendance_rows(view: &GroupView, session_id: &str, failed: &Failed, lang: Lang) -> Vec<AttendanceRow> {
    let retry = failed.part == "attendance" && v(&failed.values, "session_id") == session_id;
    let marks = view.sessions.iter().find(|s| s.session.id == session_id).map(|s| s.marks.as_slice()).unwrap_or(&[]);
    view.members
        .iter()
        .map(|m| {
            let id = &m.member.id;
            let mark = marks.iter().find(|k| &k.member_id == id);
            let error = failed
                .errors
                .iter()
                .filter(|e| retry && e.field.ends_with(&format!(".{id}")))
                .map(|e| e.message.text(lang.code()).to_owned())
                .collect::<Vec<_>>()
                .join(" ");
            let (present, reason, speaker) = if retry {
                (
                    v(&failed.values, &format!("present.{id}")) == "1",
                    v(&failed.values, &format!("reason.{id}")),
                    v(&failed.values, &format!("speaker.{id}")) == "1",
                )
            } else {
                (
                    mark.is_none_or(|k| k.present),
                    mark.map(|k| k.absence_reason.clone()).unwrap_or_default(),
                    mark.is_some_and(|k| k.speaker),
                )
            };
            AttendanceRow { member_id: id.clone(), name: m.member.cadre_name.clone(), present, reason, speaker, error }
        })
        .collect()
}

async fn render_group(
    state: &AppState,
    ctx: &Ctx,
    org_id: &str,
    year: i32,
    failed: &Failed,
) -> Result<StudyGroupPage, PageError> {
    let lang = ctx.lang;
    let app = &state.app;
    let view = study::view_group(app, &ctx.actor, org_id, year).await.map_err(|e| ctx.fail(e))?;
    let can_write = ctx.actor.can(Capability::TrainingWrite);
    let e = |part: &str| if failed.part == part { failed.errors.clone() } else { Vec::new() };
    let fv = |part: &str, name: &str| if failed.part == part { v(&failed.values, name) } else { String::new() };
    let action = |part: &str| format!("/training/study-groups/{org_id}/{part}");
    let mut forms = Vec::new();
    if can_write && view.group.is_none() {
        forms.push(
            Form::new("group-form", "/training/study-groups", lang.t("study.establish"))
                .hidden("org_id", org_id)
                .field("name", lang.t("study.group_name"), "text", "", false),
        );
    }
    if can_write && view.group.is_some() {
        let cadres = study::cadres_under(app, &ctx.actor, &view.org.path).await.map_err(|e| ctx.fail(e))?;
        let choices = cadres.into_iter().map(|c| (c.id, format!("{} · {}", c.name, c.current_post))).collect();
        forms.push(
            Form::new("member-form", action("members"), lang.t("study.add_member"))
                .select("cadre_id", lang.t("study.cadre"), choices, &fv("members", "cadre_id"), true)
                .select("role", lang.t("study.role"), code_options(&GROUP_ROLE, lang), &fv("members", "role"), true)
                .with_errors(&e("members"), lang),
        );
        forms.push(
            Form::new("session-form", action("sessions"), lang.t("study.add_session"))
                .field("topic", lang.t("study.topic"), "text", &fv("sessions", "topic"), true)
                .field("date", lang.t("study.date"), "date", &fv("sessions", "date"), true)
                .field("location", lang.t("study.location"), "text", &fv("sessions", "location"), true)
                .field("summary", lang.t("study.summary"), "text", &fv("sessions", "summary"), false)
                .with_errors(&e("sessions"), lang),
        );
    }
    let members = view
        .members
        .iter()
        .map(|m| MemberLine {
            cadre_id: m.member.cadre_id.clone(),
            name: m.member.cadre_name.clone(),
            role: GROUP_ROLE.label(&m.member.role, lang.code()),
            post: m.member.current_post.clone(),
            attended: format!("{}/{}", m.rate.present, m.rate.recorded),
            rate: m.rate.display(),
        })
        .collect();
    let sessions = view
        .sessions
        .iter()
        .map(|s| {
            let retry = failed.part == "attendance" && v(&failed.values, "session_id") == s.session.id;
            SessionLine {
                id: s.session.id.clone(),
                date: s.session.date.clone(),
                topic: s.session.topic.clone(),
                location: s.session.location.clone(),
                summary: s.session.summary.clone(),
                speakers: s.speakers.join("、"),
                attended: format!("{}/{}", s.rate.present, s.rate.recorded),
                rate: s.rate.display(),
                rows: attendance_rows(&view, &s.session.id, failed, lang),
                open: retry,
                errors: if retry {
                    failed.errors.iter().map(|e| e.message.text(lang.code()).to_owned()).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let history = describe(&state.app, view.history.clone()).await.map_err(|e| ctx.fail(e))?;
    let history = RecordLine::all(&history, lang);
    Ok(StudyGroupPage {
        chrome: Chrome::new(ctx, "/training/study-groups"),
        org_id: view.org.id.clone(),
        org_name: view.org.name.clone(),
        title: view.group.as_ref().map_or_else(|| view.org.name.clone(), |g| g.name.clone()),
        established: view.group.is_some(),
        year,
        years: years(app.today().year()),
        members,
        sessions,
        history,
        can_write,
        forms,
    })
}

pub async fn study_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<StudyGroupPage, PageError> {
    let year = q.year(state.app.today().year());
    render_group(&state, &ctx, &id, year, &Failed::default()).await
}

/// The attendance form's fields (`present.<member>`, `reason.<member>`, `speaker.<member>`) as
/// an input; every member row sends its reason field, so the reason fields list the members.
pub fn attendance_input(values: &HashMap<String, String>) -> AttendanceInput {
    let mut entries: Vec<AttendanceEntryInput> = values
        .iter()
        .filter_map(|(key, reason)| key.strip_prefix("reason.").map(|id| (id, reason)))
        .map(|(id, reason)| AttendanceEntryInput {
            member_id: id.to_owned(),
            present: v(values, &format!("present.{id}")) == "1",
            reason: reason.clone(),
            speaker: v(values, &format!("speaker.{id}")) == "1",
        })
        .collect();
    entries.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    AttendanceInput { session_id: v(values, "session_id"), entries }
}

/// Adds a member or a session, or records a session's attendance.
pub async fn post_group_part(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let result = match part.as_str() {
        "members" => study::add_member(app, actor, &id, &decode::<MemberInput>(&values)).await.map(|_| ()),
        "sessions" => study::add_session(app, actor, &id, &decode::<SessionInput>(&values)).await.map(|_| ()),
        "attendance" => study::record_attendance(app, actor, &id, &attendance_input(&values)).await.map(|_| ()),
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/training/study-groups/{id}#{part}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed { part, values, errors: invalid.fields };
            let year = state.app.today().year();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_group(&state, &ctx, &id, year, &failed).await?)
                .into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

// ─── Study records ──────────────────────────────────────────────────────────────────────────

pub struct ReportLine {
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_name: String,
    pub date: String,
    pub evaluations: i64,
    pub exam: String,
    pub failed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "study_records.html")]
pub struct StudyRecordsPage {
    chrome: Chrome,
    year: i32,
    years: Vec<i32>,
    q: String,
    found: Vec<(String, String)>,
    lines: Vec<ReportLine>,
    total: i64,
    page: i64,
    pages: i64,
}

pub async fn study_records(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<StudyRecordsPage, PageError> {
    let lang = ctx.lang;
    let this_year = state.app.today().year();
    let year = q.year(this_year);
    let list = study::list_reports(&state.app, &ctx.actor, year, q.page()).await.map_err(|e| ctx.fail(e))?;
    let found = study::find_cadres(&state.app, &ctx.actor, &q.q).await.map_err(|e| ctx.fail(e))?;
    let lines = list
        .items
        .into_iter()
        .map(|r| ReportLine {
            exam: match (r.exam_score, r.exam_passed) {
                (Some(score), Some(passed)) => {
                    format!("{score} · {}", if passed { lang.t("study.passed") } else { lang.t("study.not_passed") })
                }
                _ => "—".to_owned(),
            },
            failed: r.exam_passed == Some(false),
            cadre_id: r.cadre_id,
            cadre_name: r.cadre_name,
            org_name: r.org_name,
            date: r.date,
            evaluations: r.evaluations,
        })
        .collect();
    Ok(StudyRecordsPage {
        chrome: Chrome::new(&ctx, "/training/study-records"),
        year,
        years: years(this_year),
        q: q.q.clone(),
        found: found.into_iter().map(|c| (c.id, format!("{} · {}", c.name, c.current_post))).collect(),
        lines,
        total: list.total,
        page: list.page,
        pages: list.pages,
    })
}

pub struct StepLine {
    pub label: &'static str,
    /// `done`, `current` or `blocked`.
    pub state: &'static str,
    pub state_label: &'static str,
    pub reason: String,
}

pub struct EvaluationLine {
    pub evaluator: String,
    pub grade: String,
    pub comment: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "study_record.html")]
pub struct StudyRecordPage {
    chrome: Chrome,
    r: StudyRecord,
    years: Vec<i32>,
    steps: Vec<StepLine>,
    evaluations: Vec<EvaluationLine>,
    exam: String,
    exam_failed: bool,
    history: Vec<RecordLine>,
    forms: Vec<Form>,
}

async fn render_record(
    state: &AppState,
    ctx: &Ctx,
    cadre_id: &str,
    year: i32,
    failed: &Failed,
) -> Result<StudyRecordPage, PageError> {
    let lang = ctx.lang;
    let r = study::view_record(&state.app, &ctx.actor, cadre_id, year).await.map_err(|e| ctx.fail(e))?;
    let can_write = ctx.actor.can(Capability::TrainingWrite);
    let own = ctx.actor.cadre_id.as_deref() == Some(cadre_id) && ctx.actor.can(Capability::OwnDossier);
    let labels = [lang.t("study.step_report"), lang.t("study.step_evaluation"), lang.t("study.step_exam")];
    let steps: Vec<StepLine> = r
        .steps
        .iter()
        .zip(labels)
        .map(|(s, label)| StepLine {
            label,
            state: if s.done {
                "done"
            } else if s.blocked.is_some() {
                "blocked"
            } else {
                "current"
            },
            state_label: if s.done {
                lang.t("study.state_done")
            } else if s.blocked.is_some() {
                lang.t("study.state_blocked")
            } else {
                lang.t("study.state_current")
            },
            reason: s
                .blocked
                .as_ref()
                .filter(|_| !s.done)
                .map(|b| refusal_text(ctx, &b.reason, &b.rule))
                .unwrap_or_default(),
        })
        .collect();
    let e = |part: &str| if failed.part == part { failed.errors.clone() } else { Vec::new() };
    let fv = |part: &str, name: &str| if failed.part == part { v(&failed.values, name) } else { String::new() };
    let action = |part: &str| format!("/training/study-records/{cadre_id}/{part}");
    let open = |step: usize| r.steps.get(step).is_some_and(|s| s.blocked.is_none());
    let mut forms = Vec::new();
    if (can_write || own) && open(0) {
        forms.push(
            Form::new("report-form", action("report"), lang.t("study.submit_report"))
                .hidden("year", &year.to_string())
                .field("date", lang.t("study.date"), "date", &fv("report", "date"), true)
                .field("content", lang.t("study.content"), "text", &fv("report", "content"), true)
                .with_errors(&e("report"), lang),
        );
    }
    if can_write && open(1) {
        forms.push(
            Form::new("evaluation-form", action("evaluations"), lang.t("study.add_evaluation"))
                .hidden("year", &year.to_string())
                .select(
                    "grade",
                    lang.t("study.grade"),
                    code_options(&STUDY_GRADE, lang),
                    &fv("evaluations", "grade"),
                    true,
                )
                .field("comment", lang.t("study.comment"), "text", &fv("evaluations", "comment"), false)
                .with_errors(&e("evaluations"), lang),
        );
    }
    if can_write && open(2) {
        forms.push(
            Form::new("exam-form", action("exam"), lang.t("study.record_exam"))
                .hidden("year", &year.to_string())
                .field("date", lang.t("study.date"), "date", &fv("exam", "date"), true)
                .field("score", lang.t("study.score"), "number", &fv("exam", "score"), true)
                .with_errors(&e("exam"), lang),
        );
    }
    let evaluations = r
        .evaluations
        .iter()
        .map(|e| EvaluationLine {
            evaluator: e.evaluator_name.clone(),
            grade: STUDY_GRADE.label(&e.grade, lang.code()),
            comment: e.comment.clone(),
        })
        .collect();
    let exam = r.exam.as_ref().map_or_else(String::new, |x| {
        format!(
            "{} · {} {} ({} {}) · {}",
            x.date,
            lang.t("study.score"),
            x.score,
            lang.t("study.pass_mark"),
            x.pass_mark,
            if x.passed { lang.t("study.passed") } else { lang.t("study.not_passed") }
        )
    });
    let history = describe(&state.app, r.history.clone()).await.map_err(|e| ctx.fail(e))?;
    let history = RecordLine::all(&history, lang);
    Ok(StudyRecordPage {
        chrome: Chrome::new(ctx, if own { "/me/training" } else { "/training/study-records" }),
        years: years(state.app.today().year()),
        steps,
        evaluations,
        exam_failed: r.exam.as_ref().is_some_and(|x| !x.passed),
        exam,
        history,
        forms,
        r,
    })
}

pub async fn study_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<StudyRecordPage, PageError> {
    let year = q.year(state.app.today().year());
    render_record(&state, &ctx, &id, year, &Failed::default()).await
}

/// Records a step of the study record: `report`, `evaluations` or `exam`.
pub async fn post_record_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, step)): Path<(String, String)>,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let result = match step.as_str() {
        "report" => study::submit_report(app, actor, &id, &decode::<ReportInput>(&values)).await.map(|_| ()),
        "evaluations" => study::evaluate_report(app, actor, &id, &decode::<EvaluationInput>(&values)).await.map(|_| ()),
        "exam" => study::record_exam(app, actor, &id, &decode::<ExamInput>(&values)).await.map(|_| ()),
        _ => Err(AppError::NotFound),
    };
    let year = YearQuery { year: v(&values, "year"), ..YearQuery::default() }.year(app.today().year());
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/training/study-records/{id}?year={year}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed { part: step, values, errors: invalid.fields };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_record(&state, &ctx, &id, year, &failed).await?)
                .into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

fixed_segment!(post_group_part, PostedForm<HashMap<String, String>>, Result<Response, PageError>;
    post_group_members => "members", post_group_sessions => "sessions", post_group_attendance => "attendance");
fixed_segment!(post_record_step, PostedForm<HashMap<String, String>>, Result<Response, PageError>;
    post_record_report => "report", post_record_evaluations => "evaluations", post_record_exam => "exam");
