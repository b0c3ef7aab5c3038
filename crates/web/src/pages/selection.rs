//! Selection pages (选拔任用) for organization-department staff and inspectors: the case list
//! with the motion form, and the case page — its stepper, every step from the ledger, and the
//! forms of the step it stands at. A refused step comes back on the page with its rule.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::selection::appointment::{self, AppointInput};
use jianquan_app::selection::cases::{self, CaseQuery, MotionInput};
use jianquan_app::selection::choices;
use jianquan_app::selection::eligibility::{self, CheckInput, GateInput};
use jianquan_app::selection::examination::{
    self, AnnouncementInput, ApplicantsInput, RankingInput, ReviewInput, ScoreInput,
};
use jianquan_app::selection::inspection::{self, InterviewInput, ReportInput, SubjectInput, TeamInput};
use jianquan_app::selection::next_step::{self, NextStep};
use jianquan_app::selection::publicity::{self, PublicityInput};
use jianquan_app::selection::recommendation::{self, RoundInput};
use jianquan_app::selection::view::{self, CaseView};
use jianquan_app::selection::views::Case;
use jianquan_app::training::resolve_cadres;
use jianquan_domain::access::{Capability, Role};
use jianquan_domain::selection::case::State as CaseState;
use jianquan_domain::selection::status::CandidateStatus;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Failed, Form, Posted, decode};
use crate::i18n::Lang;
use crate::pages::confirm;
use crate::pages::selection_forms;
use crate::pages::selection_letter::{self, MySubject};
use crate::pages::selection_next::NextLine;
use crate::pages::selection_text::state_label;
use crate::records::{RecordLine, RuleLabel};

/// A line of the case list.
pub struct CaseLine {
    pub id: String,
    pub number: String,
    pub post: String,
    pub method: String,
    pub state: String,
    pub paused: bool,
    pub opened_on: String,
    pub next: NextLine,
}

fn case_line(c: &Case, next: Option<&NextStep>, lang: Lang) -> CaseLine {
    let method = jianquan_domain::selection::case::Method::parse("m", &c.method).ok();
    CaseLine {
        id: c.id.clone(),
        number: c.number.clone(),
        post: format!("{} {}", c.org_name, c.post_title),
        method: method.map(|m| lang.pick(m.label_zh(), m.label_en()).to_owned()).unwrap_or_default(),
        state: state_label(c.state, lang).to_owned(),
        paused: c.paused,
        opened_on: c.opened_on.clone(),
        next: next.map(|n| NextLine::of(&c.id, n, lang)).unwrap_or_default(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "selection_cases.html")]
pub struct CasesPage {
    chrome: Chrome,
    rows: Vec<CaseLine>,
    total: i64,
    page: i64,
    state: String,
    states: Vec<(String, String)>,
    forms: Vec<Form>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    state: String,
    page: i64,
}

fn motion_form(lang: Lang, posts: Vec<(String, String)>, failed: &Failed) -> Form {
    let v = |n: &str| failed.value("motion", n);
    let methods = [
        ("democratic_recommendation", "民主推荐", "democratic recommendation"),
        ("competitive_appointment", "竞争上岗", "competitive appointment"),
        ("open_selection", "公开选拔", "open selection"),
        ("contract_appointment", "聘任制", "contract appointment"),
    ]
    .iter()
    .map(|(c, zh, en)| ((*c).to_owned(), lang.pick(zh, en).to_owned()))
    .collect();
    Form::new("motion", "/selection/cases", lang.pick("动议：新建选拔任用纪实", "Motion: open a selection case"))
        .select("post_id", lang.pick("空缺职位", "Vacant post"), posts, &v("post_id"), true)
        .select("method", lang.pick("选任方式", "Method"), methods, &v("method"), true)
        .field("proposer", lang.pick("动议主体", "Proposed by"), "text", &v("proposer"), true)
        .field("date", lang.pick("动议日期", "Date"), "date", &v("date"), false)
        .field("work_plan", lang.pick("工作方案", "Work plan"), "textarea", &v("work_plan"), true)
        .with_errors(failed.errors("motion"), lang)
}

async fn render_cases(state: &AppState, ctx: &Ctx, q: &ListQuery, failed: &Failed) -> Result<CasesPage, PageError> {
    let lang = ctx.lang;
    let query =
        CaseQuery { state: Some(q.state.clone()).filter(|s| !s.is_empty()), year: None, page: Some(q.page.max(1)) };
    let list = cases::list(&state.app, &ctx.actor, &query).await.map_err(|e| ctx.fail(e))?;
    let next = next_step::of_cases(&state.app, &ctx.actor, &list.items).await.map_err(|e| ctx.fail(e))?;
    let mut forms = Vec::new();
    if ctx.actor.can(Capability::SelectionWrite) {
        let posts = choices::vacant_posts(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
        let options = posts
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    format!(
                        "{} {}（{} {}/{}）",
                        p.org_name,
                        p.title,
                        lang.pick("在任", "held"),
                        p.holders,
                        p.authorised
                    ),
                )
            })
            .collect();
        forms.push(motion_form(lang, options, failed));
    }
    let states = CaseState::ALL.iter().map(|s| (s.code().to_owned(), state_label(*s, lang).to_owned())).collect();
    Ok(CasesPage {
        chrome: Chrome::new(ctx, "/selection/cases"),
        rows: list.items.iter().map(|c| case_line(c, next.get(&c.id), lang)).collect(),
        total: list.total,
        page: list.page,
        state: q.state.clone(),
        states,
        forms,
    })
}

pub async fn cases_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<CasesPage, PageError> {
    render_cases(&state, &ctx, &q, &Failed::default()).await
}

pub async fn open_case(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    match cases::open_case(&state.app, &ctx.actor, &decode::<MotionInput>(&values)).await {
        Ok(case) => Ok(Redirect::to(&format!("/selection/cases/{}", case.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new("motion", values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_cases(&state, &ctx, &ListQuery::default(), &failed).await?)
                .into_response())
        }
        Err(AppError::Refused(r)) => {
            let field = jianquan_domain::FieldError { field: "post_id".into(), message: r.reason.clone() };
            let mut failed = Failed::new("motion", values, vec![field]);
            let rule = jianquan_app::ledger::describe::rule_name(&state.app.policy, &r.rule);
            failed.errors[0].message.zh = format!("《{}》：{}", rule.title.zh, r.reason.zh);
            failed.errors[0].message.en = format!("《{}》: {}", rule.title.en, r.reason.en);
            Ok((StatusCode::CONFLICT, render_cases(&state, &ctx, &ListQuery::default(), &failed).await?)
                .into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// A candidate's line: the gate's blocks in the interface's language.
pub struct CandidateLine {
    pub cadre_id: String,
    pub name: String,
    pub post: String,
    pub votes: String,
    pub status: String,
    pub blocked: bool,
    pub blocks: Vec<String>,
    pub checks: Vec<String>,
    pub team: Vec<String>,
    pub report: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "selection_case.html")]
pub struct CasePage {
    chrome: Chrome,
    view: CaseView,
    method: String,
    state: String,
    steps: Vec<(String, String)>,
    candidates: Vec<CandidateLine>,
    history: Vec<RecordLine>,
    ballots_cast: i64,
    forms: Vec<Form>,
    /// Buttons of the steps without input: (action, label).
    buttons: Vec<(String, String)>,
    /// Why the next step cannot be taken yet, with its rule.
    blocked: Option<String>,
    /// The next step: what, who, by when, where.
    next: NextLine,
    /// The signed-in inspector's subjects here: the letter to sign, or the forms.
    mine: Vec<MySubject>,
    notice: Vec<String>,
    can_write: bool,
    /// The examination's applicants: name, current post, review, written, interview.
    applicants: Vec<[String; 5]>,
    /// The ranking: rank, name, total points.
    ranking: Vec<(u32, String, String)>,
    /// SEL-ACCOUNTABILITY: the problem and who recommended, inspected, decided.
    misjudgement: Vec<String>,
}

fn points(centi: Option<i64>) -> String {
    centi.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default()
}

/// An applicant's line (name, post, review, written, interview) and a ranked line (rank, name, total).
type ExamLines = (Vec<[String; 5]>, Vec<(u32, String, String)>);

fn exam_lines(view: &CaseView, lang: Lang) -> ExamLines {
    let Some(exam) = &view.exam else { return (Vec::new(), Vec::new()) };
    let name = |id: &str| exam.applicants.iter().find(|a| a.cadre_id == id).map(|a| a.name.clone()).unwrap_or_default();
    let applicants = exam
        .applicants
        .iter()
        .map(|a| {
            let review = match a.qualified {
                Some(true) => lang.pick("合格", "qualified").to_owned(),
                Some(false) => format!("{}：{}", lang.pick("不合格", "not qualified"), a.review_reason),
                None => lang.pick("待审查", "to review").to_owned(),
            };
            [a.name.clone(), a.current_post.clone(), review, points(a.written_centi), points(a.interview_centi)]
        })
        .collect();
    let ranking = exam.ranking.iter().map(|r| (r.rank, name(&r.candidate), r.points())).collect();
    (applicants, ranking)
}

fn misjudgement_lines(view: &CaseView, lang: Lang) -> Vec<String> {
    let Some(review) = &view.misjudgement else { return Vec::new() };
    let problem = match review.problem {
        jianquan_domain::selection::appointment::Problem::Sanctioned(d) => {
            format!("{}（{d}）", lang.pick("任职后受到处分", "sanctioned after appointment"))
        }
        jianquan_domain::selection::appointment::Problem::ReportVerified(d) => {
            format!("{}（{d}）", lang.pick("信访举报经查属实", "a report verified"))
        }
    };
    vec![
        problem,
        format!("{}：{}", lang.pick("推荐", "Recommended by"), review.trail.recommended_by.join("、")),
        format!("{}：{}", lang.pick("考察", "Inspected by"), review.trail.inspected_by.join("、")),
        format!("{}：{}", lang.pick("决定（同意）", "Decided (agreed)"), review.trail.decided_by.join("、")),
    ]
}

fn candidate_lines(view: &CaseView, policy: &jianquan_domain::policy::Policy, lang: Lang) -> Vec<CandidateLine> {
    view.candidates
        .iter()
        .map(|c| {
            let blocks = c
                .gate
                .as_deref()
                .and_then(|g| serde_json::from_str::<serde_json::Value>(g).ok())
                .and_then(|g| g["blocks"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .map(|b| {
                    let basis = b["basis"].as_str().map(|x| format!("（{x}）")).unwrap_or_default();
                    let rule = RuleLabel::named(policy, b["rule"].as_str().unwrap_or(""), lang);
                    format!("《{}》{basis} {}", rule.title, b["reason"][lang.code()].as_str().unwrap_or(""))
                })
                .collect();
            CandidateLine {
                cadre_id: c.cadre_id.clone(),
                name: c.name.clone(),
                post: c.current_post.clone(),
                votes: match (c.votes, c.base) {
                    (Some(v), Some(b)) if b > 0 => format!("{v}/{b}（{:.1}%）", v as f64 * 100.0 / b as f64),
                    _ => String::new(),
                },
                status: match c.status {
                    CandidateStatus::Admitted => lang.pick("通过资格审查", "admitted"),
                    CandidateStatus::Blocked => lang.pick("不得列为考察对象", "blocked"),
                    CandidateStatus::Nominated => lang.pick("待资格审查", "awaiting the gate"),
                }
                .to_owned(),
                blocked: c.status.is_blocked(),
                blocks,
                checks: view
                    .checks
                    .iter()
                    .filter(|k| k.cadre_id == c.cadre_id)
                    .map(|k| {
                        format!(
                            "{} · {} · {} {}",
                            check_label(&k.check_code, lang),
                            k.actor_name,
                            k.date,
                            if k.result == "clear" {
                                lang.pick("无问题", "clear").to_owned()
                            } else {
                                format!("{}：{}", lang.pick("发现问题", "concern"), k.note)
                            }
                        )
                    })
                    .collect(),
                team: view
                    .inspectors
                    .iter()
                    .filter(|i| i.cadre_id == c.cadre_id)
                    .map(|i| match &i.letter_accepted_on {
                        Some(on) => {
                            format!("{}（{} {on}）", i.inspector_name, lang.pick("已签责任书", "letter accepted"))
                        }
                        None => format!("{}（{}）", i.inspector_name, lang.pick("未签责任书", "no letter yet")),
                    })
                    .collect(),
                report: view
                    .reports
                    .iter()
                    .find(|r| r.cadre_id == c.cadre_id)
                    .map(|r| {
                        format!(
                            "{} · {} {} {}",
                            r.concluded_on,
                            lang.pick("谈话", "interviewed"),
                            r.interviewed,
                            r.conclusion
                        )
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

pub fn check_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "archives_reviewed" => lang.pick("档案凡提必审", "archives reviewed"),
        "personal_matters_checked" => lang.pick("个人有关事项报告凡提必核", "personal matters checked"),
        "discipline_opinion_heard" => lang.pick("纪检监察机关意见凡提必听", "discipline opinion heard"),
        "specific_petitions_checked" => lang.pick("线索具体的信访举报凡提必查", "specific petitions checked"),
        _ => "",
    }
}

async fn render_case(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    failed: &Failed,
    notice: Vec<String>,
) -> Result<CasePage, PageError> {
    let lang = ctx.lang;
    let (app, actor) = (&state.app, &ctx.actor);
    let view = view::view_case(app, actor, id).await.map_err(|e| ctx.fail(e))?;
    let can_write = actor.can(Capability::SelectionWrite) && !view.case.paused;
    let accounts = choices::accounts(app, actor, Role::Inspector).await.map_err(|e| ctx.fail(e))?;
    let (forms, buttons) = if can_write {
        let orgs = choices::approving_orgs(app, actor, &view.case.org_id).await.map_err(|e| ctx.fail(e))?;
        let orgs: Vec<(String, String)> = orgs.into_iter().map(|o| (o.id, o.name)).collect();
        selection_forms::staff_forms(&view, &accounts, &orgs, failed, lang)
    } else {
        (Vec::new(), Vec::new())
    };
    let inspecting = actor.can(Capability::Inspect) && view.case.state == CaseState::Inspection && !view.case.paused;
    let mine = view
        .inspectors
        .iter()
        .filter(|i| inspecting && i.inspector_id == actor.id)
        .filter(|i| !view.reports.iter().any(|r| r.cadre_id == i.cadre_id))
        .map(|i| {
            let name =
                view.candidates.iter().find(|c| c.cadre_id == i.cadre_id).map(|c| c.name.clone()).unwrap_or_default();
            let (letter, forms) = match &i.letter_accepted_on {
                Some(_) => (None, selection_forms::inspector_forms(&view.case.id, &i.cadre_id, failed, lang)),
                None => (Some(selection_letter::letter(&view, &name, &app.policy, lang)), Vec::new()),
            };
            MySubject { cadre_id: i.cadre_id.clone(), name, letter, forms }
        })
        .collect();
    let next = next_step::of_cases(app, actor, std::slice::from_ref(&view.case)).await.map_err(|e| ctx.fail(e))?;
    let next = next.get(&view.case.id).map(|n| NextLine::of(&view.case.id, n, lang)).unwrap_or_default();
    let history = jianquan_app::ledger::describe::describe(app, view.history.clone()).await.map_err(|e| ctx.fail(e))?;
    let history = RecordLine::all(&history, lang);
    let steps = view.steps.iter().map(|s| (lang.pick(&s.label_zh, &s.label_en).to_owned(), s.status.clone())).collect();
    let (applicants, ranking) = exam_lines(&view, lang);
    let blocked = selection_forms::next_blocked(&view, &app.today().to_string(), &app.policy, lang);
    Ok(CasePage {
        chrome: Chrome::new(ctx, "/selection/cases"),
        applicants,
        ranking,
        blocked,
        next,
        misjudgement: misjudgement_lines(&view, lang),
        method: lang.pick(&view.method_zh, &view.method_en).to_owned(),
        state: state_label(view.case.state, lang).to_owned(),
        steps,
        candidates: candidate_lines(&view, &app.policy, lang),
        history,
        ballots_cast: view.ballots_cast,
        forms,
        buttons,
        mine,
        notice,
        can_write: actor.can(Capability::SelectionWrite),
        view,
    })
}

pub async fn case_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<CasePage, PageError> {
    render_case(&state, &ctx, &id, &Failed::default(), Vec::new()).await
}

/// Lines of a textarea, trimmed, without blanks.
pub fn lines(values: &HashMap<String, String>, key: &str) -> Vec<String> {
    values
        .get(key)
        .map(|v| v.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The non-empty values of the fields named `prefix…` (several selects or checkboxes of one list).
pub fn checked(values: &HashMap<String, String>, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> =
        values.iter().filter(|(k, v)| k.starts_with(prefix) && !v.is_empty()).map(|(_, v)| v.clone()).collect();
    v.sort();
    v
}

async fn staff_action(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    action: &str,
    values: &HashMap<String, String>,
) -> Result<(), AppError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    match action {
        "pause" => cases::pause(app, actor, id, &get("reason")).await,
        "resume" => cases::resume(app, actor, id).await,
        "archive" => cases::archive(app, actor, id, &get("reason")).await,
        "recommendation" => recommendation::begin(app, actor, id).await,
        "rounds" => {
            let candidates =
                resolve_cadres(app, actor, &get("candidates")).await.map_err(|e| rename(e, "candidates"))?;
            let input = RoundInput {
                kind: get("kind"),
                voting: get("voting"),
                targeted: get("targeted"),
                max_choices: get("max_choices"),
                electorate: lines(values, "electorate"),
                candidates,
            };
            recommendation::create_round(app, actor, id, &input).await.map(|_| ())
        }
        "nomination" => recommendation::close_nomination(app, actor, id).await.map(|_| ()),
        "checks" => eligibility::record_check(app, actor, id, &decode::<CheckInput>(values)).await,
        "gate" => eligibility::run_gate(app, actor, id, &decode::<GateInput>(values)).await.map(|_| ()),
        "inspection" => eligibility::begin_inspection(app, actor, id).await.map(|_| ()),
        "teams" => {
            let input = TeamInput { cadre_id: get("cadre_id"), inspectors: checked(values, "inspector_") };
            inspection::set_team(app, actor, id, &input).await
        }
        "decision" => inspection::submit_for_decision(app, actor, id).await,
        "examination" => examination::begin(app, actor, id, &decode::<AnnouncementInput>(values)).await.map(|_| ()),
        "applicants" => {
            let cadre_ids = resolve_cadres(app, actor, &get("names")).await?;
            examination::apply(app, actor, id, &ApplicantsInput { cadre_ids }).await.map(|_| ())
        }
        "reviews" => examination::review(app, actor, id, &decode::<ReviewInput>(values)).await,
        "scores" => examination::score(app, actor, id, &decode::<ScoreInput>(values)).await,
        "ranking" => examination::close(app, actor, id, &decode::<RankingInput>(values)).await.map(|_| ()),
        "publicity" => publicity::start(app, actor, id, &decode::<PublicityInput>(values)).await.map(|_| ()),
        "appointment" => appointment::appoint(app, actor, id, &decode::<AppointInput>(values)).await.map(|_| ()),
        _ => Err(AppError::NotFound),
    }
}

fn rename(e: AppError, field: &str) -> AppError {
    match e {
        AppError::Invalid(mut inv) => {
            for f in &mut inv.fields {
                f.field = field.to_owned();
            }
            AppError::Invalid(inv)
        }
        other => other,
    }
}

/// Answers a posted step: back to the case, or the case with the form's errors or the refusal.
async fn answer(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: &str,
    values: HashMap<String, String>,
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/selection/cases/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed::new(form, values, invalid.fields);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render_case(state, ctx, id, &failed, Vec::new()).await?)
                .into_response())
        }
        Err(AppError::Refused(r)) => {
            let line = crate::error::refusal_line(ctx, &r);
            Ok((StatusCode::CONFLICT, render_case(state, ctx, id, &Failed::default(), vec![line]).await?)
                .into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// A staff step of the case; appointing and archiving, which cannot be undone, once confirmed.
async fn case_step(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    action: &str,
    values: HashMap<String, String>,
) -> Result<Response, PageError> {
    if matches!(action, "appointment" | "archive") && !confirm::confirmed(&values) {
        let view = view::view_case(&state.app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
        let lang = ctx.lang;
        let number = &view.case.number;
        let (title, sentence) = if action == "appointment" {
            let (name, post) = view
                .notice
                .as_ref()
                .map_or((String::new(), String::new()), |n| (n.name.clone(), n.proposed_post.clone()));
            (
                lang.pick("确认办理任职", "Confirm the appointment"),
                lang.choose(
                    format!(
                        "为{name}办理任职（{post}，{number}）：任职、试用期和提拔后的义务写入干部档案，办理后不可撤销。"
                    ),
                    format!(
                        "Appoint {name} as {post} ({number}): the tenure, probation and the promotion's duties go into \
                         the dossier; this cannot be undone."
                    ),
                ),
            )
        } else {
            (
                lang.pick("确认归档", "Confirm archiving"),
                lang.choose(
                    format!("将{number}（{}）归档：归档后纪实不再变更。", view.case.post_title),
                    format!("Archive {number} ({}): the record no longer changes after.", view.case.post_title),
                ),
            )
        };
        let back = format!("/selection/cases/{id}");
        let to = format!("{back}/{action}");
        return Ok(confirm::ask(
            ctx,
            "/selection/cases",
            (title, sentence.to_owned()),
            &to,
            confirm::pairs(&values),
            back,
        ));
    }
    let result = staff_action(state, ctx, id, action, &values).await;
    answer(state, ctx, id, action, values, result).await
}

/// One handler per staff step of the case, each with its own route (`POST
/// /selection/cases/{id}/<step>`).
macro_rules! case_steps {
    ($($handler:ident => $action:literal),* $(,)?) => {
        $(
            #[doc = concat!("`POST /selection/cases/{id}/", $action, "`.")]
            pub async fn $handler(
                State(state): State<AppState>,
                ctx: Ctx,
                Path(id): Path<String>,
                axum::Form(values): Posted,
            ) -> Result<Response, PageError> {
                case_step(&state, &ctx, &id, $action, values).await
            }
        )*
    };
}

case_steps! {
    post_pause => "pause",
    post_resume => "resume",
    post_archive => "archive",
    post_recommendation => "recommendation",
    post_rounds => "rounds",
    post_nomination => "nomination",
    post_checks => "checks",
    post_gate => "gate",
    post_inspection => "inspection",
    post_teams => "teams",
    post_decision => "decision",
    post_examination => "examination",
    post_applicants => "applicants",
    post_reviews => "reviews",
    post_scores => "scores",
    post_ranking => "ranking",
    post_publicity => "publicity",
    post_appointment => "appointment",
}

/// The signed-in inspector's step.
async fn inspector_step(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    action: &str,
    values: HashMap<String, String>,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    if action == "letters" && !confirm::confirmed(&values) {
        return ask_to_sign(state, ctx, id, values).await;
    }
    let result = match action {
        "letters" => inspection::accept_letter(app, actor, id, &decode::<SubjectInput>(&values)).await,
        "interviews" => inspection::record_interviews(app, actor, id, &decode::<InterviewInput>(&values)).await,
        "reports" => inspection::conclude(app, actor, id, &decode::<ReportInput>(&values)).await,
        _ => Err(AppError::NotFound),
    };
    match result {
        // The letter has no fields to mark: what is wrong is said above the page.
        Err(AppError::Invalid(invalid)) if action == "letters" => {
            let lines = invalid.fields.iter().map(|f| f.message.text(ctx.lang.code()).to_owned()).collect();
            letter_refused(state, ctx, id, lines).await
        }
        result => answer(state, ctx, id, action, values, result).await,
    }
}

async fn letter_refused(state: &AppState, ctx: &Ctx, id: &str, lines: Vec<String>) -> Result<Response, PageError> {
    let page = render_case(state, ctx, id, &Failed::default(), lines).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Signing the responsibility letter binds the inspector (SEL-INSPECTION, SEL-ACCOUNTABILITY): the
/// first post answers with what signing means; the confirmed post signs.
async fn ask_to_sign(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    values: HashMap<String, String>,
) -> Result<Response, PageError> {
    let view = view::view_case(&state.app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let cadre_id = values.get("cadre_id").map(|c| c.trim()).unwrap_or_default();
    let Some(subject) = view.candidates.iter().find(|c| c.cadre_id == cadre_id) else {
        let unknown = ctx.lang.pick("本纪实没有该考察对象", "no such subject in this case");
        return letter_refused(state, ctx, id, vec![unknown.to_owned()]).await;
    };
    let sentence = selection_letter::signing_sentence(&view, &subject.name, ctx.lang);
    let back = format!("/selection/cases/{id}#my-inspection");
    let to = format!("/selection/cases/{id}/inspect/letters");
    let title = ctx.lang.pick("确认签署考察责任书", "Confirm signing the letter");
    Ok(confirm::ask(ctx, "/selection/cases", (title, sentence), &to, confirm::pairs(&values), back))
}

/// `POST /selection/cases/{id}/inspect/letters`: the inspector signs the responsibility letter,
/// once confirmed.
pub async fn post_letter(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    inspector_step(&state, &ctx, &id, "letters", values).await
}

/// `POST /selection/cases/{id}/inspect/interviews`: the inspector records the interviews.
pub async fn post_interviews(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    inspector_step(&state, &ctx, &id, "interviews", values).await
}

/// `POST /selection/cases/{id}/inspect/reports`: the inspector concludes with the report.
pub async fn post_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    inspector_step(&state, &ctx, &id, "reports", values).await
}
