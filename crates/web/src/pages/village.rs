//! Pages of village-stationed assistance: the batches in scope with totals (`/training/village`),
//! an org's batches with one in full (`/training/village/{org}?batch=N`), and a stationed
//! cadre's own assignments and work log (`/me/village`).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::study as pickers;
use jianquan_app::village::views::VillageAssignment;
use jianquan_app::village::{self, BatchDetail};
use jianquan_domain::FieldError;
use jianquan_domain::access::Capability;
use jianquan_domain::village::{
    AssignmentInput, BatchInput, Distribution, EvaluationInput, LogInput, VILLAGE_GRADE, VILLAGE_ROLE, batch_label,
};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Form, code_options};
use crate::i18n::Lang;
use crate::pages::study::{Failed, decode};
use crate::records::RecordLine;

fn v(values: &HashMap<String, String>, name: &str) -> String {
    values.get(name).cloned().unwrap_or_default()
}

/// `优秀 2 · 称职 3 …`, grades with no evaluation left out.
fn distribution_text(d: &Distribution, lang: Lang) -> String {
    let parts: Vec<String> = d
        .entries()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(code, n)| format!("{} {n}", VILLAGE_GRADE.label(code, lang.code())))
        .collect();
    if parts.is_empty() { "—".to_owned() } else { parts.join(" · ") }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VillageQuery {
    pub page: String,
    pub batch: String,
}

// ─── Overview ───────────────────────────────────────────────────────────────────────────────

pub struct BatchLine {
    pub org_id: String,
    pub org_name: String,
    pub number: i64,
    pub label: String,
    pub period: String,
    pub status: &'static str,
    pub assignments: i64,
    pub logs: i64,
    pub evaluations: i64,
    pub distribution: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "village.html")]
pub struct VillagePage {
    chrome: Chrome,
    lines: Vec<BatchLine>,
    total: i64,
    page: i64,
    pages: i64,
    assignments: i64,
    logs: i64,
    distribution: String,
    forms: Vec<Form>,
}

async fn render_overview(
    state: &AppState,
    ctx: &Ctx,
    page: i64,
    values: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<VillagePage, PageError> {
    let lang = ctx.lang;
    let o = village::overview(&state.app, &ctx.actor, page).await.map_err(|e| ctx.fail(e))?;
    let lines = o
        .batches
        .items
        .iter()
        .map(|b| BatchLine {
            org_id: b.counts.batch.org_id.clone(),
            org_name: b.counts.batch.org_name.clone(),
            number: b.counts.batch.number,
            label: batch_label(b.counts.batch.number, lang.code()),
            period: format!("{} — {}", b.counts.batch.start_date, b.counts.batch.end_date),
            status: b.status.label(lang.code()),
            assignments: b.counts.assignments,
            logs: b.counts.logs,
            evaluations: b.counts.evaluations,
            distribution: distribution_text(&b.distribution, lang),
        })
        .collect();
    let mut forms = Vec::new();
    if ctx.actor.can(Capability::TrainingWrite) {
        let orgs = pickers::orgs_for_pickers(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
        forms.push(
            Form::new("batch-form", "/training/village", lang.t("village.new_batch"))
                .select(
                    "org_id",
                    lang.t("village.dispatching_org"),
                    orgs.into_iter().map(|o| (o.id, o.name)).collect(),
                    &v(values, "org_id"),
                    true,
                )
                .field("number", lang.t("village.number"), "number", &v(values, "number"), true)
                .field("start_date", lang.t("village.start"), "date", &v(values, "start_date"), true)
                .field("end_date", lang.t("village.end"), "date", &v(values, "end_date"), true)
                .with_errors(errors, lang),
        );
    }
    Ok(VillagePage {
        chrome: Chrome::new(ctx, "/training/village"),
        lines,
        total: o.batches.total,
        page: o.batches.page,
        pages: o.batches.pages,
        assignments: o.totals.assignments,
        logs: o.totals.logs,
        distribution: distribution_text(&o.totals.distribution, lang),
        forms,
    })
}

pub async fn village_overview(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<VillageQuery>,
) -> Result<VillagePage, PageError> {
    let page = q.page.trim().parse::<i64>().unwrap_or(1);
    render_overview(&state, &ctx, page, &HashMap::new(), &[]).await
}

pub async fn create_batch(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    match village::create_batch(&state.app, &ctx.actor, &decode::<BatchInput>(&values)).await {
        Ok(b) => Ok(Redirect::to(&format!("/training/village/{}?batch={}", b.org_id, b.number)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let page = render_overview(&state, &ctx, 1, &values, &invalid.fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

// ─── One org's batches ──────────────────────────────────────────────────────────────────────

pub struct AssignmentLine {
    pub cadre_id: String,
    pub cadre_name: String,
    pub township: String,
    pub village: String,
    pub role: String,
    pub period: String,
    pub logs: i64,
    pub grade: String,
    pub comment: String,
}

fn assignment_line(a: &VillageAssignment, lang: Lang) -> AssignmentLine {
    AssignmentLine {
        cadre_id: a.cadre_id.clone(),
        cadre_name: a.cadre_name.clone(),
        township: a.township_name.clone(),
        village: a.village.clone(),
        role: VILLAGE_ROLE.label(&a.role, lang.code()),
        period: format!("{} — {}", a.start_date, a.end_date),
        logs: a.logs,
        grade: a.grade.as_deref().map(|g| VILLAGE_GRADE.label(g, lang.code())).unwrap_or_default(),
        comment: a.comment.clone().unwrap_or_default(),
    }
}

pub struct LogLine {
    pub date: String,
    pub who: String,
    pub content: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "village_org.html")]
pub struct VillageOrgPage {
    chrome: Chrome,
    org_name: String,
    /// (number, label, selected)
    tabs: Vec<(i64, String, bool)>,
    has_batch: bool,
    title: String,
    period: String,
    status: &'static str,
    assignments: Vec<AssignmentLine>,
    log_total: i64,
    distribution: String,
    logs: Vec<LogLine>,
    evaluation_refused: String,
    history: Vec<RecordLine>,
    forms: Vec<Form>,
}

fn assignment_choices(detail: &BatchDetail) -> Vec<(String, String)> {
    detail.assignments.iter().map(|a| (a.id.clone(), format!("{} · {}", a.cadre_name, a.village))).collect()
}

async fn batch_forms(
    state: &AppState,
    ctx: &Ctx,
    detail: &BatchDetail,
    org: &jianquan_app::registry::views::Org,
    failed: &Failed,
) -> Result<Vec<Form>, PageError> {
    let lang = ctx.lang;
    let e = |part: &str| if failed.part == part { failed.errors.clone() } else { Vec::new() };
    let fv = |part: &str, name: &str| if failed.part == part { v(&failed.values, name) } else { String::new() };
    let action = |part: &str| format!("/training/village/{}/{part}", org.id);
    let cadres = pickers::cadres_under(&state.app, &ctx.actor, &org.path).await.map_err(|e| ctx.fail(e))?;
    let townships = pickers::townships_under(&state.app, &ctx.actor, &org.path).await.map_err(|e| ctx.fail(e))?;
    let number = detail.batch.number.to_string();
    let mut forms = vec![
        Form::new("assignment-form", action("assignments"), lang.t("village.add_assignment"))
            .hidden("batch", &number)
            .select(
                "cadre_id",
                lang.t("village.cadre"),
                cadres.into_iter().map(|c| (c.id, format!("{} · {}", c.name, c.current_post))).collect(),
                &fv("assignments", "cadre_id"),
                true,
            )
            .select(
                "township_id",
                lang.t("village.township"),
                townships.into_iter().map(|o| (o.id, o.name)).collect(),
                &fv("assignments", "township_id"),
                true,
            )
            .field("village", lang.t("village.village"), "text", &fv("assignments", "village"), true)
            .select("role", lang.t("village.role"), code_options(&VILLAGE_ROLE, lang), &fv("assignments", "role"), true)
            .field("start_date", lang.t("village.start"), "date", &fv("assignments", "start_date"), false)
            .field("end_date", lang.t("village.end"), "date", &fv("assignments", "end_date"), false)
            .with_errors(&e("assignments"), lang),
        Form::new("log-form", action("logs"), lang.t("village.add_log"))
            .select(
                "assignment_id",
                lang.t("village.assignment"),
                assignment_choices(detail),
                &fv("logs", "assignment_id"),
                true,
            )
            .field("date", lang.t("village.date"), "date", &fv("logs", "date"), true)
            .field("content", lang.t("village.content"), "text", &fv("logs", "content"), true)
            .with_errors(&e("logs"), lang),
    ];
    if detail.evaluation_refused.is_none() {
        forms.push(
            Form::new("evaluation-form", action("evaluations"), lang.t("village.evaluate"))
                .select(
                    "assignment_id",
                    lang.t("village.assignment"),
                    assignment_choices(detail),
                    &fv("evaluations", "assignment_id"),
                    true,
                )
                .select(
                    "grade",
                    lang.t("village.grade"),
                    code_options(&VILLAGE_GRADE, lang),
                    &fv("evaluations", "grade"),
                    true,
                )
                .field("comment", lang.t("village.comment"), "text", &fv("evaluations", "comment"), false)
                .with_errors(&e("evaluations"), lang),
        );
    }
    Ok(forms)
}

async fn render_org(
    state: &AppState,
    ctx: &Ctx,
    org_id: &str,
    number: Option<i64>,
    failed: &Failed,
) -> Result<VillageOrgPage, PageError> {
    let lang = ctx.lang;
    let view = village::org_village(&state.app, &ctx.actor, org_id, number).await.map_err(|e| ctx.fail(e))?;
    let selected_number = view.selected.as_ref().map(|d| d.batch.number);
    let tabs = view
        .batches
        .iter()
        .map(|b| (b.number, batch_label(b.number, lang.code()), Some(b.number) == selected_number))
        .collect();
    let mut page = VillageOrgPage {
        chrome: Chrome::new(ctx, "/training/village"),
        org_name: view.org.name.clone(),
        tabs,
        has_batch: view.selected.is_some(),
        title: String::new(),
        period: String::new(),
        status: "",
        assignments: Vec::new(),
        log_total: 0,
        distribution: String::new(),
        logs: Vec::new(),
        evaluation_refused: String::new(),
        history: Vec::new(),
        forms: Vec::new(),
    };
    if let Some(d) = &view.selected {
        page.title = format!("{} {}", view.org.name, batch_label(d.batch.number, lang.code()));
        page.period = format!("{} — {}", d.batch.start_date, d.batch.end_date);
        page.status = d.status.label(lang.code());
        page.assignments = d.assignments.iter().map(|a| assignment_line(a, lang)).collect();
        page.log_total = d.log_total;
        page.distribution = distribution_text(&d.distribution, lang);
        page.logs = d
            .logs
            .iter()
            .map(|l| LogLine {
                date: l.date.clone(),
                who: format!("{} · {}", l.cadre_name, l.village),
                content: l.content.clone(),
            })
            .collect();
        page.evaluation_refused =
            d.evaluation_refused.as_ref().map(|r| crate::error::refusal_line(ctx, r)).unwrap_or_default();
        let history =
            jianquan_app::ledger::describe::describe(&state.app, d.history.clone()).await.map_err(|e| ctx.fail(e))?;
        page.history = RecordLine::all(&history, lang);
        if ctx.actor.can(Capability::TrainingWrite) {
            page.forms = batch_forms(state, ctx, d, &view.org, failed).await?;
        }
    }
    Ok(page)
}

pub async fn village_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<VillageQuery>,
) -> Result<VillageOrgPage, PageError> {
    let number = q.batch.trim().parse::<i64>().ok();
    render_org(&state, &ctx, &id, number, &Failed::default()).await
}

/// Adds an assignment or a log, or records an evaluation, on one of the org's batches.
pub async fn post_village_part(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let result = match part.as_str() {
        "assignments" => {
            village::add_assignment(app, actor, &id, &decode::<AssignmentInput>(&values)).await.map(|_| ())
        }
        "logs" => village::add_log(app, actor, &id, &decode::<LogInput>(&values)).await.map(|_| ()),
        "evaluations" => village::evaluate_assignment(app, actor, &id, &decode::<EvaluationInput>(&values)).await,
        _ => Err(AppError::NotFound),
    };
    let batch = v(&values, "batch").trim().trim_start_matches('第').trim_end_matches('批').parse::<i64>().ok();
    match result {
        Ok(()) => {
            let query = batch.map(|n| format!("?batch={n}")).unwrap_or_default();
            Ok(Redirect::to(&format!("/training/village/{id}{query}#{part}")).into_response())
        }
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed { part, values, errors: invalid.fields };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_org(&state, &ctx, &id, batch, &failed).await?).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

// ─── Self-service ───────────────────────────────────────────────────────────────────────────

#[derive(Template, WebTemplate)]
#[template(path = "village_mine.html")]
pub struct MyVillagePage {
    chrome: Chrome,
    assignments: Vec<AssignmentLine>,
    logs: Vec<LogLine>,
    forms: Vec<Form>,
}

async fn render_mine(
    state: &AppState,
    ctx: &Ctx,
    values: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<MyVillagePage, PageError> {
    let lang = ctx.lang;
    let mine = village::my_village(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    let mut forms = Vec::new();
    if !mine.assignments.is_empty() {
        let choices =
            mine.assignments.iter().map(|a| (a.id.clone(), format!("{} · {}", a.village, a.start_date))).collect();
        forms.push(
            Form::new("log-form", "/me/village/logs", lang.t("village.add_log"))
                .select("assignment_id", lang.t("village.assignment"), choices, &v(values, "assignment_id"), true)
                .field("date", lang.t("village.date"), "date", &v(values, "date"), true)
                .field("content", lang.t("village.content"), "text", &v(values, "content"), true)
                .with_errors(errors, lang),
        );
    }
    Ok(MyVillagePage {
        chrome: Chrome::new(ctx, "/me/village"),
        assignments: mine.assignments.iter().map(|a| assignment_line(a, lang)).collect(),
        logs: mine
            .logs
            .iter()
            .map(|l| LogLine { date: l.date.clone(), who: l.village.clone(), content: l.content.clone() })
            .collect(),
        forms,
    })
}

pub async fn my_village(State(state): State<AppState>, ctx: Ctx) -> Result<MyVillagePage, PageError> {
    render_mine(&state, &ctx, &HashMap::new(), &[]).await
}

pub async fn add_my_log(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    match village::add_my_log(&state.app, &ctx.actor, &decode::<LogInput>(&values)).await {
        Ok(_) => Ok(Redirect::to("/me/village#logs").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let page = render_mine(&state, &ctx, &values, &invalid.fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

fixed_segment!(post_village_part, PostedForm<HashMap<String, String>>, Result<Response, PageError>;
    post_village_assignments => "assignments", post_village_logs => "logs",
    post_village_evaluations => "evaluations");
