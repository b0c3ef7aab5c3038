//! Integrity pages: obligations per unit (overdue first), talk records, the question bank, exams
//! with their results, and the cadre's timed attempt.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::integrity::exams::{self, Answers, AttemptView, ExamView};
use jianquan_app::integrity::{obligations, talks};
use jianquan_app::registry::orgs;
use jianquan_app::registry::unit_tree::unit_names;
use jianquan_app::training::resolve_cadres;
use jianquan_domain::access::Capability;
use jianquan_domain::integrity::AttemptStatus;
use jianquan_domain::integrity::exam::{EXAM_KIND, ExamInput, QUESTION_KIND, QuestionInput};
use jianquan_domain::training::course::ENROLMENT;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Failed, Form, Posted, code_options, decode};
use crate::pages::cadre_training::{ObligationLine, TalkLine, obligation_line, talk_line};
use crate::pages::confirm;

/// An obligation on the unit list: its line, the cadre's unit, how late it is, and where to go
/// to fulfil it (办理).
pub struct ObligationRow {
    pub line: ObligationLine,
    pub unit: String,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
    pub act_href: String,
    pub act_label: &'static str,
}

/// Where an obligation of this kind is fulfilled: the exam for a test, the cadre's talk form
/// for a talk, the cadre's training record form for a catch-up.
fn act_on(kind: &str, cadre_id: &str, lang: crate::i18n::Lang) -> (String, &'static str) {
    match kind {
        "discipline_test" => ("/integrity/exams".to_owned(), lang.pick("办理（安排考试）", "Act (arrange the test)")),
        "training_catch_up" => {
            (format!("/cadres/{cadre_id}/training#record-new"), lang.pick("办理（登记培训）", "Act (record training)"))
        }
        _ => (format!("/cadres/{cadre_id}/training#talk"), lang.pick("办理（登记谈话）", "Act (record the talk)")),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "obligations.html")]
pub struct ObligationsPage {
    chrome: Chrome,
    rows: Vec<ObligationRow>,
    total: i64,
    page: i64,
    show: String,
    org: String,
    by_unit: Vec<(String, String, i64)>,
    can_close: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ObligationQuery {
    org: String,
    show: String,
    page: i64,
}

pub async fn obligations_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ObligationQuery>,
) -> Result<ObligationsPage, PageError> {
    let show = if q.show.is_empty() { "overdue".to_owned() } else { q.show.clone() };
    let org = Some(q.org.as_str()).filter(|o| !o.is_empty());
    let page = obligations::list(&state.app, &ctx.actor, org, obligations::parse_show(&show), q.page)
        .await
        .map_err(|e| ctx.fail(e))?;
    let by_unit = obligations::overdue_by_unit(&state.app, &ctx.actor, org).await.map_err(|e| ctx.fail(e))?;
    let today = state.app.today();
    let paths: Vec<String> = page.items.iter().map(|o| o.org_path.clone()).collect();
    let units = unit_names(&state.app, &ctx.actor, &paths).await.map_err(|e| ctx.fail(e))?;
    let rows = page
        .items
        .iter()
        .map(|o| {
            let line = obligation_line(o, today, &state.app.policy, ctx.lang);
            let due = jianquan_domain::registry::dates::parse_date("due", &o.due_date).unwrap_or(today);
            let (act_href, act_label) = act_on(&o.kind, &o.cadre_id, ctx.lang);
            ObligationRow {
                days_overdue: if line.overdue { (today - due).whole_days() } else { 0 },
                unit: units.get(&o.org_path).cloned().unwrap_or_default(),
                act_href,
                act_label,
                line,
            }
        })
        .collect();
    Ok(ObligationsPage {
        chrome: Chrome::new(&ctx, "/integrity/obligations"),
        rows,
        total: page.total,
        page: page.page,
        show,
        org: q.org.clone(),
        by_unit,
        can_close: ctx.actor.can(Capability::IntegrityWrite),
    })
}

pub async fn close_obligation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let note = values.get("note").cloned().unwrap_or_default();
    obligations::close(&state.app, &ctx.actor, &id, &note).await.map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to("/integrity/obligations?show=open").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "talks.html")]
pub struct TalksPage {
    chrome: Chrome,
    rows: Vec<TalkLine>,
    total: i64,
    page: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: i64,
}

pub async fn talks_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> Result<TalksPage, PageError> {
    let (rows, total) = talks::list(&state.app, &ctx.actor, q.page).await.map_err(|e| ctx.fail(e))?;
    Ok(TalksPage {
        chrome: Chrome::new(&ctx, "/integrity/talks"),
        rows: rows.iter().map(|t| talk_line(t, ctx.lang)).collect(),
        total,
        page: q.page.max(1),
    })
}

pub async fn acknowledge_talk(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let statement = values.get("statement").cloned().unwrap_or_default();
    talks::acknowledge(&state.app, &ctx.actor, &id, &statement).await.map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to("/me/training#talks").into_response())
}

// ─── Exams ──────────────────────────────────────────────────────────────────────────────────

pub struct ExamLine {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub window: String,
    pub rules: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams.html")]
pub struct ExamsPage {
    chrome: Chrome,
    rows: Vec<ExamLine>,
    topics: Vec<(String, i64)>,
    forms: Vec<Form>,
    can_write: bool,
}

async fn render_exams(state: &AppState, ctx: &Ctx, failed: &Failed) -> Result<ExamsPage, PageError> {
    let lang = ctx.lang;
    let list = exams::list_exams(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    let topics = exams::topics(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    let can_write = ctx.actor.can(Capability::IntegrityWrite);
    let mut forms = Vec::new();
    if can_write {
        let choices = orgs::org_choices(&state.app, &ctx.actor, None).await.map_err(|e| ctx.fail(e))?;
        let v = |n: &str| failed.value("exam-new", n);
        let topic_options = topics.iter().map(|(t, n)| (t.clone(), format!("{t} ({n})"))).collect();
        forms.push(
            Form::new("exam-new", "/integrity/exams", lang.pick("新建考试", "New exam"))
                .field("title", lang.pick("考试名称", "Title"), "text", &v("title"), true)
                .select("kind", lang.pick("考试类别", "Kind"), code_options(&EXAM_KIND, lang), &v("kind"), true)
                .select(
                    "org_id",
                    lang.pick("组考单位", "Org"),
                    choices.into_iter().map(|o| (o.id, o.name)).collect(),
                    &v("org_id"),
                    true,
                )
                .select(
                    "topic",
                    lang.pick("题库专题（不选为全部）", "Topic (empty: all)"),
                    topic_options,
                    &v("topic"),
                    false,
                )
                .field("question_count", lang.pick("题量", "Questions"), "number", &v("question_count"), true)
                .field(
                    "time_limit_minutes",
                    lang.pick("限时（分钟）", "Time limit (minutes)"),
                    "number",
                    &v("time_limit_minutes"),
                    true,
                )
                .field("pass_mark", lang.pick("及格分（百分制）", "Pass mark (%)"), "number", &v("pass_mark"), true)
                .select(
                    "enrolment",
                    lang.pick("参考方式", "Who takes it"),
                    code_options(&ENROLMENT, lang),
                    &v("enrolment"),
                    true,
                )
                .field("opens_on", lang.pick("开始日期", "Opens"), "date", &v("opens_on"), true)
                .field("closes_on", lang.pick("截止日期", "Closes"), "date", &v("closes_on"), true)
                .with_errors(failed.errors("exam-new"), lang),
        );
    }
    Ok(ExamsPage {
        chrome: Chrome::new(ctx, "/integrity/exams"),
        rows: list
            .iter()
            .map(|x| ExamLine {
                id: x.id.clone(),
                title: x.title.clone(),
                kind: EXAM_KIND.label(&x.kind, lang.code()),
                window: format!("{} — {}", x.opens_on, x.closes_on),
                rules: format!(
                    "{} {} · {} {}% · {} {} {}",
                    x.question_count,
                    lang.pick("题", "questions"),
                    lang.pick("及格", "pass"),
                    x.pass_mark,
                    lang.pick("限考", "at most"),
                    x.max_attempts,
                    lang.pick("次", "attempts")
                ),
            })
            .collect(),
        topics,
        forms,
        can_write,
    })
}

pub async fn exams_page(State(state): State<AppState>, ctx: Ctx) -> Result<ExamsPage, PageError> {
    render_exams(&state, &ctx, &Failed::default()).await
}

pub async fn create_exam(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    match exams::create_exam(&state.app, &ctx.actor, &decode::<ExamInput>(&values)).await {
        Ok(id) => Ok(Redirect::to(&format!("/integrity/exams/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new("exam-new", values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_exams(&state, &ctx, &failed).await?).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub struct ResultLine {
    pub attempt_id: String,
    pub cadre_id: String,
    pub name: String,
    pub number: i64,
    pub started_at: String,
    pub status: String,
    pub score: String,
    pub passed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "exam.html")]
pub struct ExamPage {
    chrome: Chrome,
    view: ExamView,
    kind: String,
    results: Vec<ResultLine>,
    forms: Vec<Form>,
}

async fn render_exam(state: &AppState, ctx: &Ctx, id: &str, failed: &Failed) -> Result<ExamPage, PageError> {
    let lang = ctx.lang;
    let view = exams::view_exam(&state.app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let mut forms = Vec::new();
    if ctx.actor.can(Capability::IntegrityWrite) {
        forms.push(
            Form::new(
                "exam-enrol",
                format!("/integrity/exams/{id}/enrolments"),
                lang.pick("指定参考人员", "Enrol or withdraw"),
            )
            .field(
                "names",
                lang.pick("姓名或身份证号（每行一个）", "Names or ID numbers (one per line)"),
                "textarea",
                &failed.value("exam-enrol", "names"),
                true,
            )
            .select(
                "action",
                lang.pick("操作", "Action"),
                vec![
                    ("enrol".into(), lang.pick("报名", "enrol").into()),
                    ("withdraw".into(), lang.pick("撤销报名", "withdraw").into()),
                ],
                &failed.value("exam-enrol", "action"),
                true,
            )
            .with_errors(failed.errors("exam-enrol"), lang),
        );
    }
    let results = view
        .attempts
        .iter()
        .map(|a| ResultLine {
            attempt_id: a.id.clone(),
            cadre_id: a.cadre_id.clone(),
            name: a.cadre_name.clone(),
            number: a.number,
            started_at: a.started_at.clone(),
            status: match a.status {
                AttemptStatus::Submitted => lang.pick("已交卷", "submitted"),
                AttemptStatus::Expired => lang.pick("超时", "expired"),
                AttemptStatus::InProgress => lang.pick("作答中", "in progress"),
            }
            .to_owned(),
            score: a.score.map(|s| s.to_string()).unwrap_or_default(),
            passed: a.passed == Some(true),
        })
        .collect();
    Ok(ExamPage {
        chrome: Chrome::new(ctx, "/integrity/exams"),
        kind: EXAM_KIND.label(&view.exam.kind, lang.code()),
        view,
        results,
        forms,
    })
}

pub async fn exam_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<ExamPage, PageError> {
    render_exam(&state, &ctx, &id, &Failed::default()).await
}

pub async fn exam_enrolment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    let names = values.get("names").cloned().unwrap_or_default();
    let active = values.get("action").map(String::as_str) != Some("withdraw");
    let result = match resolve_cadres(&state.app, &ctx.actor, &names).await {
        Ok(ids) => exams::set_enrolment(&state.app, &ctx.actor, &id, &ids, active).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/integrity/exams/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new("exam-enrol", values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_exam(&state, &ctx, &id, &failed).await?).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "questions.html")]
pub struct QuestionsPage {
    chrome: Chrome,
    rows: Vec<(String, String, String, String, String)>,
    total: i64,
    page: i64,
    forms: Vec<Form>,
}

async fn render_questions(state: &AppState, ctx: &Ctx, page: i64, failed: &Failed) -> Result<QuestionsPage, PageError> {
    let lang = ctx.lang;
    let (rows, total) = exams::questions(&state.app, &ctx.actor, page).await.map_err(|e| ctx.fail(e))?;
    let v = |n: &str| failed.value("question-new", n);
    let form = Form::new("question-new", "/integrity/questions", lang.pick("添加试题", "Add a question"))
        .select("kind", lang.pick("题型", "Kind"), code_options(&QUESTION_KIND, lang), &v("kind"), true)
        .field("topic", lang.pick("专题", "Topic"), "text", &v("topic"), false)
        .field("stem", lang.pick("题干", "Question"), "textarea", &v("stem"), true)
        .field(
            "options",
            lang.pick("选项（每行一个；判断题不填）", "Options (one per line; none for true/false)"),
            "textarea",
            &v("options"),
            false,
        )
        .field(
            "answer",
            lang.pick("答案（如 B、ACD；判断题填 正确/错误）", "Answer (B, ACD; 正确/错误 for true/false)"),
            "text",
            &v("answer"),
            true,
        )
        .with_errors(failed.errors("question-new"), lang);
    Ok(QuestionsPage {
        chrome: Chrome::new(ctx, "/integrity/exams"),
        rows: rows
            .iter()
            .map(|q| {
                let options = q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{}. {o}", char::from(b'A' + u8::try_from(i).unwrap_or(0))))
                    .collect::<Vec<_>>()
                    .join("　");
                (q.topic.clone(), QUESTION_KIND.label(&q.kind, lang.code()), q.stem.clone(), options, q.answer.clone())
            })
            .collect(),
        total,
        page: page.max(1),
        forms: vec![form],
    })
}

pub async fn questions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> Result<QuestionsPage, PageError> {
    render_questions(&state, &ctx, q.page, &Failed::default()).await
}

pub async fn add_question(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(values): Posted,
) -> Result<Response, PageError> {
    match exams::add_question(&state.app, &ctx.actor, &decode::<QuestionInput>(&values)).await {
        Ok(_) => Ok(Redirect::to("/integrity/questions").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new("question-new", values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_questions(&state, &ctx, 1, &failed).await?).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

// ─── Taking an exam ─────────────────────────────────────────────────────────────────────────

pub async fn start_attempt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): crate::forms::Posted,
) -> Result<Response, PageError> {
    if !confirm::confirmed(&values) {
        let mine = exams::my_exams(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
        let Some(my) = mine.into_iter().find(|m| m.exam.id == id) else { return Err(ctx.fail(AppError::NotFound)) };
        let (n, max, minutes) = (my.attempts_used + 1, my.exam.max_attempts, my.exam.time_limit_minutes);
        let lang = ctx.lang;
        let sentence = lang.choose(
            format!(
                "开始“{}”：这是第 {n} 次（共 {max} 次机会），限时 {minutes} 分钟。开始即计入次数，到时未交卷不计成绩。",
                my.exam.title
            ),
            format!(
                "Start \"{}\": attempt {n} of {max}, {minutes} minutes. Starting uses the attempt; a paper not \
                 handed in on time scores nothing.",
                my.exam.title
            ),
        );
        let title = lang.pick("确认开始考试", "Confirm starting the exam");
        let action = format!("/integrity/exams/{id}/attempts");
        let back = "/me/training#exams".to_owned();
        return Ok(confirm::ask(
            &ctx,
            "/me/training",
            (title, sentence.to_owned()),
            &action,
            confirm::pairs(&values),
            back,
        ));
    }
    let attempt = exams::start_attempt(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/integrity/attempts/{attempt}")).into_response())
}

pub struct OptionLine {
    pub letter: String,
    pub text: String,
    pub chosen: bool,
    pub right: bool,
}

pub struct QuestionLine {
    pub number: usize,
    pub kind: String,
    pub multiple: bool,
    pub stem: String,
    pub options: Vec<OptionLine>,
    pub correct: Option<bool>,
}

#[derive(Template, WebTemplate)]
#[template(path = "attempt.html")]
pub struct AttemptPage {
    chrome: Chrome,
    view: AttemptView,
    questions: Vec<QuestionLine>,
    in_progress: bool,
    minutes_left: i64,
    errors: Vec<String>,
}

fn render_attempt(ctx: &Ctx, view: AttemptView, errors: Vec<String>) -> AttemptPage {
    let lang = ctx.lang;
    let questions = view
        .questions
        .iter()
        .map(|q| QuestionLine {
            number: q.number,
            kind: QUESTION_KIND.label(&q.kind, lang.code()),
            multiple: q.kind == "multiple",
            stem: q.stem.clone(),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let letter = char::from(b'A' + u8::try_from(i).unwrap_or(0)).to_string();
                    OptionLine {
                        chosen: q.given.as_deref().is_some_and(|g| g.contains(letter.as_str())),
                        right: q.answer.as_deref().is_some_and(|a| a.contains(letter.as_str())),
                        letter,
                        text: text.clone(),
                    }
                })
                .collect(),
            correct: q.answer.as_ref().map(|a| q.given.as_ref() == Some(a)),
        })
        .collect();
    AttemptPage {
        chrome: Chrome::new(ctx, "/me/training"),
        in_progress: view.attempt.status.is_in_progress(),
        minutes_left: (view.seconds_left + 59) / 60,
        questions,
        view,
        errors,
    }
}

pub async fn attempt_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<AttemptPage, PageError> {
    let view = exams::view_attempt(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    Ok(render_attempt(&ctx, view, Vec::new()))
}

/// Hands in an attempt. Choices come as `q<n>` fields; a multiple-choice question sends one per ticked option.
pub async fn submit_attempt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(pairs): PostedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let view = exams::view_attempt(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    let answers: Vec<String> = (1..=view.questions.len())
        .map(|n| {
            let key = format!("q{n}");
            pairs.iter().filter(|(k, _)| *k == key).map(|(_, v)| v.as_str()).collect::<String>()
        })
        .collect();
    let confirmed = pairs.iter().any(|(k, v)| k == "confirmed" && v == "1");
    if !confirmed && view.attempt.status.is_in_progress() {
        let total = answers.len();
        let blank = answers.iter().filter(|a| a.is_empty()).count();
        let lang = ctx.lang;
        let sentence = if blank > 0 {
            lang.choose(
                format!(
                    "共 {total} 题，已答 {} 题，{blank} 题未答（按答错计）。交卷后按此计分，不可更改。",
                    total - blank
                ),
                format!(
                    "{total} questions, {} answered, {blank} blank (counted wrong). The paper is scored as it is and \
                     cannot be changed after.",
                    total - blank
                ),
            )
            .to_owned()
        } else {
            lang.choose(
                format!("共 {total} 题，已全部作答。交卷后按此计分，不可更改。"),
                format!("All {total} questions answered. The paper is scored as it is and cannot be changed after."),
            )
            .to_owned()
        };
        let title = lang.pick("确认交卷", "Confirm handing in");
        let action = format!("/integrity/attempts/{id}");
        let back = format!("/integrity/attempts/{id}");
        return Ok(confirm::ask(&ctx, "/me/training", (title, sentence), &action, pairs, back));
    }
    match exams::submit(&state.app, &ctx.actor, &id, &Answers { answers }).await {
        Ok(_) => Ok(Redirect::to(&format!("/integrity/attempts/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = invalid.fields.iter().map(|f| answer_error(f, ctx.lang)).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_attempt(&ctx, view, errors)).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// An answer's error named by its question: `answers[3]` is the 4th question of the paper.
fn answer_error(f: &jianquan_domain::FieldError, lang: crate::i18n::Lang) -> String {
    let n = f.field.trim_start_matches("answers[").trim_end_matches(']').parse::<usize>().map(|i| i + 1);
    let place = match n {
        Ok(n) => format!("{}{n}{}", lang.pick("第", "question "), lang.pick("题", "")),
        Err(_) => f.field.clone(),
    };
    format!("{place}: {}", f.message.text(lang.code()))
}
