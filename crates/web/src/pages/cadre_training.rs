//! A cadre's training and integrity page (staff) and the cadre's own "my training": progress and
//! shortfall per rule, records, courses, duties, talks, exams, and the staff's forms to record
//! training, a promotion, a six-musts event and a talk.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::integrity::exams::{self, MyExam};
use jianquan_app::integrity::obligations::{self, EventInput};
use jianquan_app::integrity::talks;
use jianquan_app::integrity::views::{Obligation, Talk};
use jianquan_app::registry::promotion::{self, PromotionInput};
use jianquan_app::training::courses::{self, RecordInput};
use jianquan_app::training::report::{self, CadreTraining};
use jianquan_domain::access::Capability;
use jianquan_domain::integrity::obligation::{OBLIGATION_KIND, OBLIGATION_STATUS, TRIGGER, status_on};
use jianquan_domain::integrity::talk::{TALK_KIND, TalkInput};
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::registry::decided_by::DecidedBy;
use jianquan_domain::registry::rank::RANKS;
use jianquan_domain::training::Check;
use jianquan_domain::training::course::{COURSE_KIND, format_centi};

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Failed, Form, Posted, code_options, decode};
use crate::i18n::Lang;
use crate::records::RuleLabel;
use jianquan_domain::policy::Policy;

pub struct CheckLine {
    pub rule: RuleLabel,
    pub need: String,
    pub have: String,
    pub met: bool,
    pub short: String,
}

fn check_lines(checks: &[Check], policy: &Policy, lang: Lang) -> Vec<CheckLine> {
    checks
        .iter()
        .map(|c| {
            let credits = c.unit == "credits_centi";
            let unit = if credits { lang.pick("学分", " credits") } else { lang.pick("学时", " class hours") };
            let amount = |n: u64| if credits { format_centi(n) } else { n.to_string() };
            let days = match (c.have_days, c.need_days) {
                (Some(h), Some(n)) => {
                    format!("{}{h}/{n}{}", lang.pick("；脱产天数 ", "; full-time days "), lang.pick("天", ""))
                }
                _ => String::new(),
            };
            CheckLine {
                rule: RuleLabel::named(policy, c.rule, lang),
                need: format!("{}{unit}", amount(c.need)),
                have: format!("{}{unit}{days}", amount(c.have)),
                met: c.met,
                short: if c.met { String::new() } else { format!("{}{unit}", amount(c.shortfall)) },
            }
        })
        .collect()
}

pub struct RecordLine {
    pub title: String,
    pub kind: String,
    pub dates: String,
    pub class_hours: i64,
    pub credits: String,
}

pub struct ObligationLine {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub rule: RuleLabel,
    pub kind: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub open: bool,
    pub source: String,
}

pub fn obligation_line(o: &Obligation, today: time::Date, policy: &Policy, lang: Lang) -> ObligationLine {
    let due = parse_date("due", &o.due_date).unwrap_or(today);
    let status = status_on(o.status, due, today);
    ObligationLine {
        id: o.id.clone(),
        cadre_id: o.cadre_id.clone(),
        cadre_name: o.cadre_name.clone(),
        rule: RuleLabel::named(policy, &o.rule, lang),
        kind: OBLIGATION_KIND.label(&o.kind, lang.code()),
        due: o.due_date.clone(),
        status: OBLIGATION_STATUS.label(status, lang.code()),
        overdue: status == "overdue",
        open: o.status.is_open(),
        source: format!(
            "{} {}",
            o.source_date,
            match o.source_kind.as_str() {
                "integrity_event" => lang.pick("登记事项", "recorded event"),
                "tenure" => lang.pick("提拔任职", "promotion"),
                "obligation" => lang.pick("上一周期", "previous period"),
                _ => lang.pick("其他", "other"),
            }
        ),
    }
}

pub struct TalkLine {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub kind: String,
    pub talker: String,
    pub date: String,
    pub content: String,
    pub acknowledged: bool,
    pub acknowledgement: String,
}

pub fn talk_line(t: &Talk, lang: Lang) -> TalkLine {
    TalkLine {
        id: t.id.clone(),
        cadre_id: t.cadre_id.clone(),
        cadre_name: t.cadre_name.clone(),
        kind: TALK_KIND.label(&t.kind, lang.code()),
        talker: t.talker.clone(),
        date: t.date.clone(),
        content: t.content.clone(),
        acknowledged: t.acknowledged_at.is_some(),
        acknowledgement: t.acknowledgement.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "cadre_training.html")]
pub struct CadreTrainingPage {
    chrome: Chrome,
    t: CadreTraining,
    checks: Vec<CheckLine>,
    records: Vec<RecordLine>,
    courses: Vec<(String, String, String, String)>,
    obligations: Vec<ObligationLine>,
    talks: Vec<TalkLine>,
    exams: Vec<MyExam>,
    forms: Vec<Form>,
    own: bool,
    year_credits: String,
}

fn record_lines(t: &CadreTraining, lang: Lang) -> Vec<RecordLine> {
    t.records
        .iter()
        .map(|r| RecordLine {
            title: r.title.clone(),
            kind: COURSE_KIND.label(&r.kind, lang.code()),
            dates: format!("{} — {}", r.start_date, r.end_date),
            class_hours: r.class_hours,
            credits: format_centi(u64::try_from(r.credits_centi).unwrap_or(0)),
        })
        .collect()
}

fn cadre_forms(ctx: &Ctx, cadre_id: &str, failed: &Failed) -> Vec<Form> {
    let lang = ctx.lang;
    let v = |f: &str, n: &str| failed.value(f, n);
    let mut forms = Vec::new();
    if ctx.actor.can(Capability::TrainingWrite) {
        forms.push(
            Form::new(
                "record-new",
                format!("/cadres/{cadre_id}/training-records"),
                lang.pick("登记培训记录", "Record training"),
            )
            .field("title", lang.pick("培训名称", "Title"), "text", &v("record-new", "title"), true)
            .select(
                "kind",
                lang.pick("培训类别", "Kind"),
                code_options(&COURSE_KIND, lang),
                &v("record-new", "kind"),
                true,
            )
            .field("organiser", lang.pick("主办单位", "Organiser"), "text", &v("record-new", "organiser"), true)
            .field("start_date", lang.pick("开始日期", "Start"), "date", &v("record-new", "start_date"), true)
            .field("end_date", lang.pick("结束日期", "End"), "date", &v("record-new", "end_date"), true)
            .field("class_hours", lang.pick("学时", "Class hours"), "number", &v("record-new", "class_hours"), true)
            .field("full_time", lang.pick("脱产培训", "Full-time"), "checkbox", &v("record-new", "full_time"), false)
            .with_errors(failed.errors("record-new"), lang),
        );
    }
    if ctx.actor.can(Capability::AppointmentRecord) {
        let ranks = RANKS.iter().map(|r| (r.code.to_owned(), r.label(lang.code()).to_owned())).collect();
        let bodies = DecidedBy::OTHER_BODIES
            .iter()
            .map(|b| (b.code().to_owned(), lang.pick(b.label_zh(), b.label_en()).to_owned()))
            .collect();
        forms.push(
            Form::new(
                "promotion",
                format!("/cadres/{cadre_id}/promotion"),
                lang.pick(
                    "登记其他机关的任免决定（上级党委、人大、政府）",
                    "Record another body's appointment decision (higher committee, congress, government)",
                ),
            )
            .select(
                "decided_by",
                lang.pick("作出决定的机关", "Deciding body"),
                bodies,
                &v("promotion", "decided_by"),
                true,
            )
            .field("decided_on", lang.pick("决定日期", "Decided on"), "date", &v("promotion", "decided_on"), true)
            .field(
                "document_number",
                lang.pick("任免文号", "Document number"),
                "text",
                &v("promotion", "document_number"),
                true,
            )
            .select("rank", lang.pick("任职后职级", "Rank after"), ranks, &v("promotion", "rank"), true)
            .field("title", lang.pick("新职务", "New post"), "text", &v("promotion", "title"), true)
            .field("date", lang.pick("任职日期", "Tenure starts"), "date", &v("promotion", "date"), true)
            .with_errors(failed.errors("promotion"), lang),
        );
    }
    if ctx.actor.can(Capability::IntegrityWrite) {
        forms.push(
            Form::new("event", "/integrity/events", lang.pick("登记“六必须”事项", "Record a six-musts event"))
                .hidden("cadre_id", cadre_id)
                .select(
                    "trigger",
                    lang.pick("事项", "Event"),
                    code_options(&TRIGGER, lang),
                    &v("event", "trigger"),
                    true,
                )
                .field("date", lang.pick("日期", "Date"), "date", &v("event", "date"), true)
                .field("basis", lang.pick("依据", "Basis"), "text", &v("event", "basis"), false)
                .with_errors(failed.errors("event"), lang),
        );
        forms.push(
            Form::new("talk", "/integrity/talks", lang.pick("登记谈话", "Record a talk"))
                .hidden("cadre_id", cadre_id)
                .select("kind", lang.pick("谈话类别", "Kind"), code_options(&TALK_KIND, lang), &v("talk", "kind"), true)
                .field("talker", lang.pick("谈话人", "Talker"), "text", &v("talk", "talker"), true)
                .field("date", lang.pick("谈话日期", "Date"), "date", &v("talk", "date"), true)
                .field("content", lang.pick("谈话内容", "Content"), "textarea", &v("talk", "content"), true)
                .field(
                    "document_number",
                    lang.pick("文号", "Document number"),
                    "text",
                    &v("talk", "document_number"),
                    false,
                )
                .with_errors(failed.errors("talk"), lang),
        );
    }
    forms
}

pub(crate) async fn render_cadre(
    state: &AppState,
    ctx: &Ctx,
    cadre_id: &str,
    failed: &Failed,
) -> Result<CadreTrainingPage, PageError> {
    let lang = ctx.lang;
    let app = &state.app;
    let t = report::cadre_training(app, &ctx.actor, cadre_id).await.map_err(|e| ctx.fail(e))?;
    let obligations = obligations::of_cadre(app, &ctx.actor, cadre_id).await.map_err(|e| ctx.fail(e))?;
    let talks = talks::of_cadre(app, &ctx.actor, cadre_id).await.map_err(|e| ctx.fail(e))?;
    let own = ctx.actor.can(Capability::OwnDossier) && ctx.actor.cadre_id.as_deref() == Some(cadre_id);
    let exams = if own { exams::my_exams(app, &ctx.actor).await.map_err(|e| ctx.fail(e))? } else { Vec::new() };
    let today = app.today();
    Ok(CadreTrainingPage {
        chrome: Chrome::new(ctx, if own { "/me/training" } else { "/cadres" }),
        checks: check_lines(&t.progress.checks, &state.app.policy, lang),
        records: record_lines(&t, lang),
        courses: t
            .courses
            .iter()
            .map(|(c, e)| {
                (
                    c.id.clone(),
                    c.title.clone(),
                    format!("{} — {}", c.start_date, c.end_date),
                    e.status.code().to_owned(),
                )
            })
            .collect(),
        obligations: obligations.iter().map(|o| obligation_line(o, today, &state.app.policy, lang)).collect(),
        talks: talks.iter().map(|x| talk_line(x, lang)).collect(),
        exams,
        forms: if own { Vec::new() } else { cadre_forms(ctx, cadre_id, failed) },
        own,
        year_credits: format_centi(t.totals.year_credits_centi),
        t,
    })
}

pub async fn cadre_training_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<CadreTrainingPage, PageError> {
    render_cadre(&state, &ctx, &id, &Failed::default()).await
}

pub async fn my_training(State(state): State<AppState>, ctx: Ctx) -> Result<CadreTrainingPage, PageError> {
    let id = ctx.actor.cadre_id.clone().ok_or_else(|| ctx.fail(AppError::NotFound))?;
    render_cadre(&state, &ctx, &id, &Failed::default()).await
}

/// Re-renders the cadre's training page with a refused form, or goes back to it.
pub(crate) async fn cadre_result(
    state: &AppState,
    ctx: &Ctx,
    cadre_id: &str,
    form: &str,
    values: HashMap<String, String>,
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/cadres/{cadre_id}/training")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new(form, values, invalid.fields.clone());
            match render_cadre(state, ctx, cadre_id, &failed).await {
                Ok(page) => Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response()),
                // No cadre to show the form on (none was named): the error page lists the fields.
                Err(_) => Err(ctx.fail(AppError::Invalid(invalid))),
            }
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn add_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let r = courses::add_record(&state.app, &ctx.actor, &id, &decode::<RecordInput>(&values)).await.map(|_| ());
    cadre_result(&state, &ctx, &id, "record-new", values, r).await
}

pub async fn promote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let r = promotion::promote(&state.app, &ctx.actor, &id, &decode::<PromotionInput>(&values)).await.map(|_| ());
    cadre_result(&state, &ctx, &id, "promotion", values, r).await
}

pub async fn record_event(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let input = decode::<EventInput>(&values);
    let r = obligations::record_event(&state.app, &ctx.actor, &input).await.map(|_| ());
    cadre_result(&state, &ctx, &input.cadre_id, "event", values, r).await
}

pub async fn record_talk(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let input = decode::<TalkInput>(&values);
    let r = talks::record_talk(&state.app, &ctx.actor, &input).await.map(|_| ());
    cadre_result(&state, &ctx, &input.cadre_id, "talk", values, r).await
}
