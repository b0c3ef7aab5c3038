//! Committee meetings (常委会): the list with the form to plan one, and a meeting's page — the
//! agenda, attendance, recusals, votes and decisions. Staff keep the agenda and attendance and
//! record decisions; each committee member votes on this page in their own account. Also the
//! work lists of inspectors (their subjects) and of discipline inspection (open objections).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::selection::choices::{self, AgendaChoice};
use jianquan_app::selection::decision::{
    self, AttendanceInput, ItemInput, ItemRef, MeetingInput, MeetingView, ReconsiderInput, RecusalInput, VoteInput,
};
use jianquan_app::selection::inspection;
use jianquan_app::selection::publicity::{self, FindingInput, ObjectionLine};
use jianquan_app::selection::views::{Account, InspectionAssignment, Meeting};
use jianquan_domain::access::{Capability, Role};
use jianquan_domain::selection::decision::Vote;
use jianquan_domain::selection::status::ItemStatus;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Posted, decode};
use crate::pages::selection::checked;

#[derive(Template, WebTemplate)]
#[template(path = "selection_meetings.html")]
pub struct MeetingsPage {
    chrome: Chrome,
    meetings: Vec<Meeting>,
    can_write: bool,
    orgs: Vec<(String, String)>,
    members: Vec<Account>,
    errors: Vec<String>,
}

async fn render_meetings(state: &AppState, ctx: &Ctx, errors: Vec<String>) -> Result<MeetingsPage, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let meetings = decision::list_meetings(app, actor).await.map_err(|e| ctx.fail(e))?;
    let can_write = actor.can(Capability::SelectionWrite);
    let (orgs, members) = if can_write {
        let orgs = jianquan_app::registry::orgs::org_choices(app, actor, None).await.map_err(|e| ctx.fail(e))?;
        let members = choices::accounts(app, actor, Role::Committee).await.map_err(|e| ctx.fail(e))?;
        (orgs.into_iter().map(|o| (o.id, o.name)).collect(), members)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(MeetingsPage { chrome: Chrome::new(ctx, "/selection/meetings"), meetings, can_write, orgs, members, errors })
}

pub async fn meetings_page(State(state): State<AppState>, ctx: Ctx) -> Result<MeetingsPage, PageError> {
    render_meetings(&state, &ctx, Vec::new()).await
}

fn messages(e: AppError, ctx: &Ctx) -> Result<(StatusCode, Vec<String>), PageError> {
    let lang = ctx.lang.code();
    match e {
        AppError::Invalid(inv) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, inv.fields.iter().map(|f| f.message.text(lang).to_owned()).collect()))
        }
        AppError::Refused(r) => Ok((StatusCode::CONFLICT, vec![format!("{}：{}", r.rule, r.reason.text(lang))])),
        other => Err(ctx.fail(other)),
    }
}

pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let input = MeetingInput {
        org_id: get("org_id"),
        title: get("title"),
        held_on: get("held_on"),
        body: get("body"),
        members: checked(&values, "member_"),
    };
    match decision::create_meeting(&state.app, &ctx.actor, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/selection/meetings/{id}")).into_response()),
        Err(e) => {
            let (status, errors) = messages(e, &ctx)?;
            Ok((status, render_meetings(&state, &ctx, errors).await?).into_response())
        }
    }
}

/// An agenda item as the page shows it, with the signed-in member's position on it.
pub struct ItemLine {
    pub id: String,
    pub number: i64,
    pub case_id: String,
    pub case_number: String,
    pub candidate: String,
    pub post: String,
    pub reconsideration: bool,
    pub status: ItemStatus,
    pub passed: Option<bool>,
    pub result: String,
    pub votes: Vec<(String, String)>,
    pub recused: Vec<String>,
    /// The signed-in member may vote on it now.
    pub my_turn: bool,
    pub my_vote: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "selection_meeting.html")]
pub struct MeetingPage {
    chrome: Chrome,
    view: MeetingView,
    items: Vec<ItemLine>,
    can_write: bool,
    is_member: bool,
    present: usize,
    agenda_choices: Vec<AgendaChoice>,
    notice: Vec<String>,
}

fn vote_label(vote: &Vote, lang: crate::i18n::Lang) -> String {
    match vote {
        Vote::Agree => lang.pick("同意", "agree"),
        Vote::Disagree => lang.pick("不同意", "disagree"),
        Vote::Defer => lang.pick("缓议", "defer"),
    }
    .to_owned()
}

async fn render_meeting(state: &AppState, ctx: &Ctx, id: &str, notice: Vec<String>) -> Result<MeetingPage, PageError> {
    let (app, actor, lang) = (&state.app, &ctx.actor, ctx.lang);
    let view = decision::view_meeting(app, actor, id).await.map_err(|e| ctx.fail(e))?;
    let name =
        |member: &str| view.members.iter().find(|m| m.member_id == member).map(|m| m.name.clone()).unwrap_or_default();
    let me = view.members.iter().find(|m| m.member_id == actor.id);
    let is_member = me.is_some() && actor.can(Capability::CommitteeVote);
    let items = view
        .items
        .iter()
        .map(|i| {
            let votes: Vec<(String, String)> = view
                .votes
                .iter()
                .filter(|v| v.item_id == i.id)
                .map(|v| (name(&v.member_id), vote_label(&v.vote, lang)))
                .collect();
            let recused: Vec<String> = view
                .recusals
                .iter()
                .filter(|r| r.item_id == i.id)
                .map(|r| format!("{}（{}）", name(&r.member_id), r.reason))
                .collect();
            let my_vote = view
                .votes
                .iter()
                .find(|v| v.item_id == i.id && v.member_id == actor.id)
                .map(|v| vote_label(&v.vote, lang))
                .unwrap_or_default();
            let my_recusal = view.recusals.iter().any(|r| r.item_id == i.id && r.member_id == actor.id);
            ItemLine {
                id: i.id.clone(),
                number: i.number,
                case_id: i.case_id.clone(),
                case_number: i.case_number.clone(),
                candidate: i.cadre_name.clone(),
                post: i.post_title.clone(),
                reconsideration: i.reconsideration_of.is_some(),
                status: i.status,
                passed: i.passed,
                result: i.result.clone().unwrap_or_default(),
                votes,
                recused,
                my_turn: is_member
                    && me.is_some_and(|m| m.present)
                    && view.meeting.status.is_open()
                    && i.status.is_pending()
                    && my_vote.is_empty()
                    && !my_recusal,
                my_vote,
            }
        })
        .collect();
    let can_write = actor.can(Capability::SelectionWrite);
    let agenda_choices = if can_write && view.meeting.status.is_planned() {
        choices::agenda_choices(app, actor).await.map_err(|e| ctx.fail(e))?
    } else {
        Vec::new()
    };
    Ok(MeetingPage {
        chrome: Chrome::new(ctx, "/selection/meetings"),
        present: view.members.iter().filter(|m| m.present).count(),
        items,
        can_write,
        is_member,
        agenda_choices,
        notice,
        view,
    })
}

pub async fn meeting_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<MeetingPage, PageError> {
    render_meeting(&state, &ctx, &id, Vec::new()).await
}

async fn answer(state: &AppState, ctx: &Ctx, id: &str, result: Result<(), AppError>) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/selection/meetings/{id}")).into_response()),
        Err(e) => {
            let (status, notice) = messages(e, ctx)?;
            Ok((status, render_meeting(state, ctx, id, notice).await?).into_response())
        }
    }
}

/// `POST /selection/meetings/{id}/{action}`: staff keep the agenda, attendance and decisions.
pub async fn post_meeting_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let result = match action.as_str() {
        "items" => {
            let choice = get("choice");
            let mut parts = choice.splitn(2, '|');
            let input = ItemInput {
                case_id: parts.next().unwrap_or_default().to_owned(),
                cadre_id: parts.next().unwrap_or_default().to_owned(),
                reconsideration_of: get("reconsideration_of"),
            };
            decision::add_item(app, actor, &id, &input).await.map(|_| ())
        }
        "open" => {
            decision::open_meeting(app, actor, &id, &AttendanceInput { present: checked(&values, "present_") }).await
        }
        "recusals" => decision::recuse(app, actor, &id, &decode::<RecusalInput>(&values)).await,
        "decisions" => decision::decide(app, actor, &id, &decode::<ItemRef>(&values)).await.map(|_| ()),
        "reconsiderations" => {
            let input = ReconsiderInput {
                item_id: get("item_id"),
                consenting: checked(&values, "consent_"),
                date: get("date"),
            };
            decision::reconsider_item(app, actor, &id, &input).await
        }
        _ => Err(AppError::NotFound),
    };
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/vote`: the signed-in member's vote.
pub async fn post_vote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let result = decision::vote(&state.app, &ctx.actor, &id, &decode::<VoteInput>(&values)).await;
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/my-recusal`: the signed-in member recuses themself.
pub async fn post_my_recusal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let result = decision::recuse(&state.app, &ctx.actor, &id, &decode::<RecusalInput>(&values)).await;
    answer(&state, &ctx, &id, result).await
}

#[derive(Template, WebTemplate)]
#[template(path = "selection_worklist.html")]
pub struct WorklistPage {
    chrome: Chrome,
    title: String,
    assignments: Vec<InspectionAssignment>,
    objections: Vec<ObjectionLine>,
    notice: Vec<String>,
}

/// `GET /selection/inspections`: the signed-in inspector's subjects.
pub async fn inspections_page(State(state): State<AppState>, ctx: Ctx) -> Result<WorklistPage, PageError> {
    let assignments = inspection::assignments(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    Ok(WorklistPage {
        chrome: Chrome::new(&ctx, "/selection/inspections"),
        title: ctx.lang.pick("我的考察任务", "My inspections").to_owned(),
        assignments,
        objections: Vec::new(),
        notice: Vec::new(),
    })
}

async fn render_objections(state: &AppState, ctx: &Ctx, notice: Vec<String>) -> Result<WorklistPage, PageError> {
    let objections = publicity::open_objections(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    Ok(WorklistPage {
        chrome: Chrome::new(ctx, "/selection/objections"),
        title: ctx.lang.pick("任前公示反映问题查核", "Objections to publicity notices").to_owned(),
        assignments: Vec::new(),
        objections,
        notice,
    })
}

/// `GET /selection/objections`: discipline inspection's open objections.
pub async fn objections_page(State(state): State<AppState>, ctx: Ctx) -> Result<WorklistPage, PageError> {
    render_objections(&state, &ctx, Vec::new()).await
}

/// `POST /selection/objections`: a finding on an objection.
pub async fn post_finding(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    match publicity::record_finding(&state.app, &ctx.actor, &decode::<FindingInput>(&values)).await {
        Ok(()) => Ok(Redirect::to("/selection/objections").into_response()),
        Err(e) => {
            let (status, notice) = messages(e, &ctx)?;
            Ok((status, render_objections(&state, &ctx, notice).await?).into_response())
        }
    }
}
