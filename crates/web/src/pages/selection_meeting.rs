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
use jianquan_app::selection::agenda_form;
use jianquan_app::selection::choices::{self, AgendaChoice};
use jianquan_app::selection::decision::{
    self, AttendanceInput, DecisionResult, ItemInput, ItemRef, MeetingInput, MeetingView, ReconsiderInput,
    RecusalInput, VoteInput,
};
use jianquan_app::selection::inspection;
use jianquan_app::selection::publicity::{self, FindingInput, ObjectionLine};
use jianquan_app::selection::views::{Account, InspectionAssignment, Meeting};
use jianquan_domain::Invalid;
use jianquan_domain::access::{Capability, Role};
use jianquan_domain::registry::org::post_with_unit;
use jianquan_domain::selection::decision::{Vote, VoteMethod};
use jianquan_domain::selection::status::ItemStatus;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Posted, PostedPairs, decode, every, one};
use crate::pages::confirm;

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
        AppError::Refused(r) => Ok((StatusCode::CONFLICT, vec![crate::error::refusal_line(ctx, &r)])),
        other => Err(ctx.fail(other)),
    }
}

pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(pairs): PostedPairs,
) -> Result<Response, PageError> {
    let get = |k: &str| one(&pairs, k);
    let input = MeetingInput {
        org_id: get("org_id"),
        title: get("title"),
        held_on: get("held_on"),
        body: get("body"),
        members: every(&pairs, "member"),
        principal: get("principal"),
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
    pub cadre_id: String,
    pub candidate: String,
    pub post: String,
    pub reconsideration: bool,
    pub status: ItemStatus,
    pub method: String,
    pub secret: bool,
    pub passed: Option<bool>,
    pub result: String,
    /// Votes the reader may see, by name (SEL-VOTE-METHOD).
    pub votes: Vec<(String, String)>,
    /// Who has voted, by name, and how many present members have not.
    pub voted: Vec<String>,
    pub waiting: usize,
    pub recused: Vec<String>,
    /// The signed-in member may vote on it now.
    pub my_turn: bool,
    /// The signed-in member is the secretary and others have yet to state (SEL-SECRETARY-LAST).
    pub secretary_waits: usize,
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
    principal: String,
    methods: Vec<(&'static str, &'static str)>,
    agenda_choices: Vec<AgendaChoice>,
    /// Agreed reconsiderations to put on the agenda (item ID, label).
    reconsiderations: Vec<(String, String)>,
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

/// The decision's counts in words ("应到 9 人，到会 8 人，同意 7 票…").
fn result_words(result: &str, lang: crate::i18n::Lang) -> String {
    let Ok(r) = serde_json::from_str::<DecisionResult>(result) else { return String::new() };
    if lang.code() == "en" {
        format!(
            "{} members, {} present, {} recused; agree {}, disagree {}, defer {}; {} agreements needed",
            r.members, r.present, r.recused, r.agree, r.disagree, r.defer, r.needed
        )
    } else {
        format!(
            "应到 {} 人，到会 {} 人，回避 {} 人；同意 {} 票，不同意 {} 票，缓议 {} 票；通过须同意 {} 票",
            r.members, r.present, r.recused, r.agree, r.disagree, r.defer, r.needed
        )
    }
}

async fn render_meeting(state: &AppState, ctx: &Ctx, id: &str, notice: Vec<String>) -> Result<MeetingPage, PageError> {
    let (app, actor, lang) = (&state.app, &ctx.actor, ctx.lang);
    let view = decision::view_meeting(app, actor, id).await.map_err(|e| ctx.fail(e))?;
    let name =
        |member: &str| view.members.iter().find(|m| m.member_id == member).map(|m| m.name.clone()).unwrap_or_default();
    let me = view.members.iter().find(|m| m.member_id == actor.id);
    let is_member = me.is_some() && actor.can(Capability::CommitteeVote);
    let principal_id = view.meeting.principal_id.clone().unwrap_or_default();
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
            let recusals: Vec<&str> =
                view.recusals.iter().filter(|r| r.item_id == i.id).map(|r| r.member_id.as_str()).collect();
            let recused: Vec<String> = view
                .recusals
                .iter()
                .filter(|r| r.item_id == i.id)
                .map(|r| format!("{}（{}）", name(&r.member_id), r.reason))
                .collect();
            let voted_ids: Vec<&str> =
                view.voted.iter().filter(|(item, _)| *item == i.id).map(|(_, m)| m.as_str()).collect();
            let waiting: Vec<&str> = view
                .members
                .iter()
                .filter(|m| m.present && !recusals.contains(&m.member_id.as_str()))
                .map(|m| m.member_id.as_str())
                .filter(|m| !voted_ids.contains(m))
                .collect();
            let i_voted = voted_ids.contains(&actor.id.as_str());
            let my_vote = view
                .votes
                .iter()
                .find(|v| v.item_id == i.id && v.member_id == actor.id)
                .map(|v| vote_label(&v.vote, lang))
                .unwrap_or_else(|| {
                    if i_voted {
                        lang.pick("已投票（无记名）", "cast (secret)").to_owned()
                    } else {
                        String::new()
                    }
                });
            let my_recusal = recusals.contains(&actor.id.as_str());
            let my_turn = is_member
                && me.is_some_and(|m| m.present)
                && view.meeting.status.is_open()
                && i.status.is_pending()
                && !i_voted
                && !my_recusal;
            let secretary_waits = if my_turn && i.method.is_open() && principal_id == actor.id {
                waiting.iter().filter(|m| **m != actor.id).count()
            } else {
                0
            };
            ItemLine {
                id: i.id.clone(),
                number: i.number,
                case_id: i.case_id.clone(),
                case_number: i.case_number.clone(),
                cadre_id: i.cadre_id.clone(),
                candidate: i.cadre_name.clone(),
                post: post_with_unit(&i.org_name, &i.post_title),
                reconsideration: i.reconsideration_of.is_some(),
                status: i.status,
                method: i.method.label(lang.code()).to_owned(),
                secret: !i.method.is_open(),
                passed: i.passed,
                result: i.result.as_deref().map(|r| result_words(r, lang)).unwrap_or_default(),
                votes,
                voted: voted_ids.iter().map(|m| name(m)).collect(),
                waiting: waiting.len(),
                recused,
                my_turn,
                secretary_waits,
                my_vote,
            }
        })
        .collect();
    let can_write = actor.can(Capability::SelectionWrite);
    let planning = can_write && view.meeting.status.is_planned();
    let agenda_choices =
        if planning { choices::agenda_choices(app, actor).await.map_err(|e| ctx.fail(e))? } else { Vec::new() };
    let reconsiderations = if planning {
        let agreed = choices::reconsiderations(app, actor).await.map_err(|e| ctx.fail(e))?;
        agreed
            .into_iter()
            .map(|r| {
                let label = lang.choose(
                    format!("{} {} → {}（{} 同意复议）", r.case_number, r.cadre_name, r.post_title, r.agreed_on),
                    format!(
                        "{} {} → {} (reconsideration agreed {})",
                        r.case_number, r.cadre_name, r.post_title, r.agreed_on
                    ),
                );
                (r.item_id, label)
            })
            .collect()
    } else {
        Vec::new()
    };
    let methods = VoteMethod::ALL.iter().map(|m| (m.code(), m.label(lang.code()))).collect();
    Ok(MeetingPage {
        chrome: Chrome::new(ctx, "/selection/meetings"),
        present: view.members.iter().filter(|m| m.present).count(),
        principal: name(&principal_id),
        methods,
        items,
        can_write,
        is_member,
        agenda_choices,
        reconsiderations,
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

/// `POST /selection/meetings/{id}/items`: staff put an inspected candidate on the agenda with
/// its voting method, before the meeting opens.
pub async fn post_item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let choice = get("choice");
    let mut parts = choice.splitn(2, '|');
    let input = ItemInput {
        case_id: parts.next().unwrap_or_default().to_owned(),
        cadre_id: parts.next().unwrap_or_default().to_owned(),
        reconsideration_of: get("reconsideration_of"),
        method: get("method"),
    };
    let result = decision::add_item(&state.app, &ctx.actor, &id, &input).await.map(|_| ());
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/open`: staff open the meeting with the members present.
pub async fn post_open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(pairs): PostedPairs,
) -> Result<Response, PageError> {
    let input = AttendanceInput { present: every(&pairs, "present") };
    let result = decision::open_meeting(&state.app, &ctx.actor, &id, &input).await;
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/recusals` (staff record a member's recusal) and
/// `POST /selection/meetings/{id}/my-recusal` (the signed-in member recuses themself): the
/// use-case tells the two apart by the account's capability.
pub async fn post_recusal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let result = decision::recuse(&state.app, &ctx.actor, &id, &decode::<RecusalInput>(&values)).await;
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/decisions`: staff count an item's votes.
pub async fn post_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let result = decision::decide(&state.app, &ctx.actor, &id, &decode::<ItemRef>(&values)).await.map(|_| ());
    answer(&state, &ctx, &id, result).await
}

/// `POST /selection/meetings/{id}/reconsiderations`: staff record consent to reconsider.
pub async fn post_reconsideration(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(pairs): PostedPairs,
) -> Result<Response, PageError> {
    let input = ReconsiderInput {
        item_id: one(&pairs, "item_id"),
        consenting: every(&pairs, "consent"),
        date: one(&pairs, "date"),
    };
    let result = decision::reconsider_item(&state.app, &ctx.actor, &id, &input).await;
    answer(&state, &ctx, &id, result).await
}

/// `GET /selection/meetings/{id}/items/{item}/appointment-form`: the item's 任免审批表, filled
/// from its case.
pub async fn item_appointment_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(String, String)>,
) -> Result<Redirect, PageError> {
    let (cadre, proposal) =
        agenda_form::item_proposal(&state.app, &ctx.actor, &id, &item).await.map_err(|e| ctx.fail(e))?;
    let query = serde_urlencoded::to_string(&proposal).unwrap_or_default();
    Ok(Redirect::to(&format!("/cadres/{cadre}/appointment-form?{query}")))
}

/// `POST /selection/meetings/{id}/vote`: the signed-in member's vote, once confirmed. Without
/// `confirmed` the answer is the confirmation, which states what is voted and that it cannot
/// be changed.
pub async fn post_vote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let input = decode::<VoteInput>(&values);
    if !confirm::confirmed(&values) {
        let lang = ctx.lang;
        let view = decision::view_meeting(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
        let (Some(item), Some(vote)) = (view.items.iter().find(|i| i.id == input.item_id), Vote::parse(&input.vote))
        else {
            let unknown =
                Invalid::one("item_id", "请选择本次会议的议题并表明意见", "choose an item of this meeting and a vote");
            return answer(&state, &ctx, &id, Err(unknown.into())).await;
        };
        let how = vote_label(&vote, lang);
        let post = post_with_unit(&item.org_name, &item.post_title);
        let method = item.method.label(lang.code());
        let sentence = if lang.code() == "en" {
            format!(
                "Vote \"{how}\" on {} as {} ({method}). Once submitted it cannot be changed.",
                item.cadre_name, post
            )
        } else {
            format!("对{}任{post}投{how}票（{method}），提交后不可更改。", item.cadre_name)
        };
        let title = lang.pick("确认表决", "Confirm your vote");
        let fields = vec![("item_id".to_owned(), input.item_id.clone()), ("vote".to_owned(), vote.code().to_owned())];
        let (action, back) =
            (format!("/selection/meetings/{id}/vote"), format!("/selection/meetings/{id}#item-{}", item.id));
        return Ok(confirm::ask(&ctx, "/selection/meetings", (title, sentence), &action, fields, back));
    }
    let result = decision::vote(&state.app, &ctx.actor, &id, &input).await;
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
