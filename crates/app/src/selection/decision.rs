//! The committee decision (常委会讨论决定), the only way an appointment is decided
//! (SEL-COLLECTIVE): a meeting of the committee's members whose agenda is fixed before it opens
//! (SEL-NO-AD-HOC), attendance with the quorum (SEL-QUORUM), recusals (SEL-RECUSAL), each
//! present member's vote in their own account, the pass rule over the members who should
//! attend (SEL-PASS), and reconsideration (SEL-RECONSIDER).
//!
//! The domain meeting is rebuilt from the stored members, agenda, attendance, recusals and votes
//! for every step, and a decision is recomputed from the votes whenever it is used.

use std::collections::BTreeMap;

use jianquan_domain::access::{Capability, Role};
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::case::{CaseNumber, State};
use jianquan_domain::selection::decision::{
    AgendaItem, CommitteeDecision, DecisionBody, Meeting, Vote, VoteMethod, reconsider,
};
use jianquan_domain::selection::status::MeetingStatus;
use jianquan_domain::{Errors, FieldError, Invalid, Refusal};
use jianquan_storage::registry::orgs;
use jianquan_storage::selection::cases as case_store;
use jianquan_storage::selection::meetings::{
    self as store, ItemRow, MeetingRow, MemberRow, NewItem, PositionRefused, ReconsiderationRow, RecusalRow, VoteRow,
};
use jianquan_storage::{Conn, Locked, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::views;
use super::{SUBJECT, changed_meanwhile, day_not_after_today, locked_case, require_state, step_error, text};
use crate::context::new_id;
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// A meeting as planned.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MeetingInput {
    /// The org whose committee meets (e.g. the city party committee).
    pub org_id: String,
    pub title: String,
    pub held_on: String,
    /// committee_meeting (常委会 / 党委会议 / 党组会议; the default). Anything else — a leader's
    /// circulation (圈阅), a secretary's office meeting — is refused (SEL-COLLECTIVE).
    pub body: String,
    /// The members, who should attend (应到会成员): committee-member account IDs.
    pub members: Vec<String>,
    /// The principal leader (书记 / 主要负责人) among the members, who states last in an open
    /// vote (SEL-SECRETARY-LAST).
    pub principal: String,
}

/// Plans a meeting of the committee's members.
pub async fn create_meeting(app: &App, actor: &Actor, input: &MeetingInput) -> AppResult<String> {
    actor.require(Capability::SelectionWrite)?;
    if !input.body.trim().is_empty() {
        DecisionBody::parse(&input.body)?;
    }
    let mut e = Errors::default();
    let title = e.take(text("title", &input.title, true, 200));
    let held_on = e.take(parse_date("held_on", &input.held_on));
    let mut tx = app.db.write().await?;
    let org = orgs::get(&mut tx, input.org_id.trim()).await?.filter(|o| o.org_path().is_ok_and(|p| actor.sees(&p)));
    if org.is_none() {
        e.push(FieldError::new("org_id", "单位不存在或不在您的范围内", "no such org in your scope"));
    }
    let mut members: Vec<String> =
        input.members.iter().map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect();
    members.sort();
    members.dedup();
    let found = jianquan_storage::selection::accounts(&mut tx, &members).await?;
    let committee = found.len() == members.len() && found.iter().all(|a| a.active && a.role == Role::Committee.code());
    if members.is_empty() || !committee {
        e.push(FieldError::new("members", "与会成员须为常委会委员账号", "members are committee-member accounts"));
    }
    let principal = input.principal.trim().to_owned();
    if !members.contains(&principal) {
        e.push(FieldError::new(
            "principal",
            "请从与会成员中选择最后表态的主要负责人（书记）",
            "choose the principal leader (secretary), who states last, from the members",
        ));
    }
    e.finish()?;
    let (Some(title), Some(held_on), Some(org)) = (title, held_on, org) else {
        return Err(Invalid::one("title", "输入有误", "invalid").into());
    };
    Meeting::new(held_on, members.iter().cloned())?.with_principal(&principal)?;
    let row = MeetingRow {
        id: new_id(),
        org_id: org.id.clone(),
        org_path: org.path.clone(),
        org_name: org.name.clone(),
        title,
        held_on: held_on.to_string(),
        status: MeetingStatus::Planned,
        principal_id: Some(principal.clone()),
    };
    let detail = json!({"org_id": org.id, "title": row.title, "held_on": row.held_on, "members": members,
        "principal": principal});
    let seq = app
        .record(&mut tx, actor, "selection.meeting.create", ("selection_meeting", &row.id), detail, &["SEL-COLLECTIVE"])
        .await?;
    store::insert(&mut tx, &row, &members, seq).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Whether the actor may see the meeting: in scope, or one they sit on as a member.
async fn visible(conn: &mut Conn, actor: &Actor, meeting: &MeetingRow) -> AppResult<()> {
    let in_scope = OrgPath::parse(&meeting.org_path).is_ok_and(|p| actor.sees(&p));
    if in_scope || store::members(conn, &meeting.id).await?.iter().any(|m| m.member_id == actor.id) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A meeting the actor may see, for reading.
async fn meeting_for(app: &App, actor: &Actor, id: &str, capability: Capability) -> AppResult<MeetingRow> {
    actor.require(capability)?;
    let mut conn = app.db.read().await?;
    let meeting = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    visible(&mut conn, actor, &meeting).await?;
    Ok(meeting)
}

/// The meeting locked for a decision inside `tx`, with everything stored about it and its
/// domain value replayed from that — the state every step below decides on.
struct LockedMeeting {
    row: Locked<MeetingRow>,
    stored: Stored,
    domain: Meeting,
    decisions: BTreeMap<String, CommitteeDecision>,
}

async fn lock_meeting(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    id: &str,
    capability: Capability,
) -> AppResult<LockedMeeting> {
    actor.require(capability)?;
    let row = store::lock(tx, id).await?.ok_or(AppError::NotFound)?;
    visible(tx, actor, &row).await?;
    let stored = load(tx, row.clone().into_inner()).await?;
    let (domain, decisions) = replay(app, tx, &stored).await?;
    Ok(LockedMeeting { row, stored, domain, decisions })
}

/// A vote or recusal the schema refused.
fn position_refused(refused: PositionRefused) -> AppError {
    match refused {
        PositionRefused::AlreadyTaken => Refusal::new(
            "SEL-RECUSAL",
            "该成员已就此议题表决或声明回避，二者只能有其一，且不可更改",
            "the member has already voted on or recused from this item: one or the other, once",
        )
        .into(),
        PositionRefused::NotPending => Refusal::new("SEL-PASS", "该议题已作出决定", "the item has been decided").into(),
    }
}

/// A meeting with everything its page shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub meeting: views::Meeting,
    pub members: Vec<views::MeetingMember>,
    pub items: Vec<views::MeetingItem>,
    pub recusals: Vec<views::Recusal>,
    /// The votes the reader may see by name: open votes (oral, show of hands) of decided items;
    /// of pending items only to the staff recording the meeting and to a member who has voted
    /// on the item. A secret ballot is never listed by member (SEL-VOTE-METHOD).
    pub votes: Vec<views::MemberVote>,
    /// Who has voted on each item (item, member), whatever the method: the meeting's progress.
    pub voted: Vec<(String, String)>,
    /// The fewest members present that make the quorum (SEL-QUORUM).
    pub quorum_needed: u64,
}

/// A meeting and everything stored about it: what a step decides on.
struct Stored {
    meeting: MeetingRow,
    members: Vec<MemberRow>,
    items: Vec<ItemRow>,
    recusals: Vec<RecusalRow>,
    /// Open votes, by member.
    votes: Vec<VoteRow>,
    /// Who voted on which item (item, member), openly or by secret ballot.
    voters: Vec<(String, String)>,
    /// Secret ballots (item, vote), unlinked to their members.
    ballots: Vec<(String, Vote)>,
}

async fn load(conn: &mut Conn, meeting: MeetingRow) -> AppResult<Stored> {
    let members = store::members(conn, &meeting.id).await?;
    let items = store::items(conn, &meeting.id).await?;
    let recusals = store::recusals(conn, &meeting.id).await?;
    let votes = store::votes(conn, &meeting.id).await?;
    let voters = store::voters(conn, &meeting.id).await?;
    let ballots = store::secret_ballots(conn, &meeting.id).await?;
    Ok(Stored { meeting, members, items, recusals, votes, voters, ballots })
}

pub async fn view_meeting(app: &App, actor: &Actor, id: &str) -> AppResult<MeetingView> {
    let meeting = match meeting_for(app, actor, id, Capability::SelectionRead).await {
        Err(AppError::Forbidden(_)) => meeting_for(app, actor, id, Capability::CommitteeVote).await?,
        other => other?,
    };
    let mut conn = app.db.read().await?;
    let Stored { meeting, members, items, recusals, votes, voters, .. } = load(&mut conn, meeting).await?;
    let recording = actor.can(Capability::SelectionWrite);
    let votes: Vec<VoteRow> = votes
        .into_iter()
        .filter(|v| {
            let decided = items.iter().any(|i| i.id == v.item_id && i.status.is_decided());
            decided || recording || voters.iter().any(|(item, member)| *item == v.item_id && *member == actor.id)
        })
        .collect();
    let held_on = parse_date("held_on", &meeting.held_on).map_err(|e| AppError::internal(e.message.en))?;
    let ratio = app.policy.ratio("SEL-QUORUM", None, held_on).map_err(crate::training::policy_error)?;
    let count = members.len() as u64;
    Ok(MeetingView {
        meeting: meeting.into(),
        members: all(members),
        items: all(items),
        recusals: all(recusals),
        votes: all(votes),
        voted: voters,
        quorum_needed: ratio.minimum_count(count).unwrap_or(count),
    })
}

/// Meetings of the actor's scope — for a committee member, those they sit on — newest first.
pub async fn list_meetings(app: &App, actor: &Actor) -> AppResult<Vec<views::Meeting>> {
    let member_only = !actor.can(Capability::SelectionRead);
    if member_only {
        actor.require(Capability::CommitteeVote)?;
    }
    let mut conn = app.db.read().await?;
    let member = (member_only || actor.can(Capability::CommitteeVote)).then_some(actor.id.as_str());
    Ok(all(store::list(&mut conn, &actor.list_scope(), member, 200).await?))
}

fn agenda_item(item: &ItemRow, post_id: &str) -> AppResult<AgendaItem> {
    let case = CaseNumber::parse("case", &item.case_number).map_err(|e| AppError::internal(e.message.en))?;
    Ok(AgendaItem {
        id: item.id.clone(),
        case,
        candidate: item.cadre_id.clone(),
        post_id: post_id.to_owned(),
        method: item.method,
    })
}

/// The domain meeting rebuilt from a stored one, and the decisions of its decided items,
/// recomputed from their votes.
async fn replay(
    app: &App,
    conn: &mut Conn,
    stored: &Stored,
) -> AppResult<(Meeting, BTreeMap<String, CommitteeDecision>)> {
    let held_on = parse_date("held_on", &stored.meeting.held_on).map_err(|e| AppError::internal(e.message.en))?;
    let mut meeting = Meeting::new(held_on, stored.members.iter().map(|m| m.member_id.clone()))?;
    if let Some(principal) = &stored.meeting.principal_id {
        meeting = meeting.with_principal(principal)?;
    }
    for item in &stored.items {
        let case = case_store::get(conn, &item.case_id).await?.ok_or(AppError::NotFound)?;
        meeting.register_item(agenda_item(item, &case.post_id)?)?;
    }
    for r in &stored.recusals {
        meeting.recuse(&r.item_id, &r.member_id)?;
    }
    let mut decisions = BTreeMap::new();
    if stored.meeting.status.is_open() {
        meeting
            .open(&app.policy, stored.members.iter().filter(|m| m.present).map(|m| m.member_id.clone()))
            .map_err(step_error)?;
        // Open votes in the order they were cast (the secretary's came last), then each secret
        // ballot's voters and ballots together.
        for v in &stored.votes {
            meeting.vote(&v.item_id, &v.member_id, v.vote)?;
        }
        for item in stored.items.iter().filter(|i| i.method == VoteMethod::SecretBallot) {
            let voted = stored.voters.iter().filter(|(i, _)| *i == item.id).map(|(_, m)| m.clone());
            let ballots = stored.ballots.iter().filter(|(i, _)| *i == item.id).map(|(_, v)| *v);
            meeting.restore_ballots(&item.id, voted, ballots)?;
        }
        for item in stored.items.iter().filter(|i| i.status.is_decided()) {
            decisions.insert(item.id.clone(), meeting.decide(&app.policy, &item.id).map_err(step_error)?);
        }
    }
    Ok((meeting, decisions))
}

/// The decision of a decided item, recomputed from its meeting's stored votes.
pub(crate) async fn decision_of(app: &App, conn: &mut Conn, item_id: &str) -> AppResult<Option<CommitteeDecision>> {
    let Some(item) = store::item(conn, item_id).await? else { return Ok(None) };
    let meeting = store::get(conn, &item.meeting_id).await?.ok_or(AppError::NotFound)?;
    let stored = load(conn, meeting).await?;
    let (_, mut decisions) = replay(app, conn, &stored).await?;
    Ok(decisions.remove(item_id))
}

/// An item for the agenda: a candidate of a case awaiting decision, or a reconsidered item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ItemInput {
    pub case_id: String,
    pub cadre_id: String,
    /// The decided item being reconsidered (复议), with the consent recorded for it.
    pub reconsideration_of: String,
    /// How the committee votes on it (SEL-VOTE-METHOD): oral (口头表决), show_of_hands (举手表决,
    /// the default) or secret_ballot (无记名投票). Fixed once the meeting opens.
    pub method: String,
}

/// Puts an item on the agenda before the meeting opens (SEL-NO-AD-HOC). The case must await its
/// decision with the candidate's inspection concluded (SEL-INSPECTION); a candidate already
/// decided comes back only through reconsideration (SEL-RECONSIDER). The meeting, then the case,
/// are locked while this is decided.
pub async fn add_item(app: &App, actor: &Actor, meeting_id: &str, input: &ItemInput) -> AppResult<String> {
    let Some(method) = VoteMethod::parse(&input.method) else {
        return Err(Invalid::one(
            "method",
            "表决方式须为口头表决、举手表决或无记名投票",
            "the method is an oral vote, a show of hands or a secret ballot",
        )
        .into());
    };
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, mut domain, .. } =
        lock_meeting(app, &mut tx, actor, meeting_id, Capability::SelectionWrite).await?;
    let case = locked_case(&mut tx, actor, input.case_id.trim(), Capability::SelectionWrite).await.map_err(|_| {
        AppError::from(Invalid::one("case_id", "纪实不存在或不在您的范围内", "no such case in your scope"))
    })?;
    require_state(&case, State::Decision, "SEL-INSPECTION")?;
    let cadre_id = input.cadre_id.trim();
    let Some(report) = super::inspection::report_of(&mut tx, &case, cadre_id).await? else {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            "该人选未经考察，不能提交讨论决定",
            "the candidate has no concluded inspection: not for decision",
        )
        .into());
    };
    let held_on = parse_date("held_on", &stored.meeting.held_on).map_err(|e| AppError::internal(e.message.en))?;
    if held_on < report.concluded_on() {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            format!("考察于 {} 结束，不能提交此前召开的会议", report.concluded_on()),
            format!("the inspection concluded on {}: not for a meeting held before", report.concluded_on()),
        )
        .into());
    }
    let earlier = store::items_of_case(&mut tx, &case.id).await?;
    let earlier: Vec<&ItemRow> = earlier.iter().filter(|i| i.cadre_id == cadre_id).collect();
    let id = new_id();
    let item = AgendaItem {
        id: id.clone(),
        case: super::number_of(&case),
        candidate: cadre_id.to_owned(),
        post_id: case.post_id.clone(),
        method,
    };
    let reconsidering = input.reconsideration_of.trim();
    if reconsidering.is_empty() {
        if earlier.iter().any(|i| i.status.is_pending()) {
            return Err(Refusal::new("SEL-RECORD", "该人选已列入议题", "the candidate is already on an agenda").into());
        }
        if !earlier.is_empty() {
            return Err(Refusal::new(
                "SEL-RECONSIDER",
                "已作出决定的事项须经复议程序才能再次讨论",
                "a decided item comes back only through reconsideration",
            )
            .into());
        }
        domain.register_item(item)?;
    } else {
        let consent = store::reconsideration(&mut tx, reconsidering).await?.filter(|r| r.used_by.is_none());
        let original = earlier.iter().find(|i| i.id == reconsidering);
        let (Some(consent), Some(_)) = (consent, original) else {
            return Err(
                Refusal::new("SEL-RECONSIDER", "没有经同意的复议", "no agreed reconsideration of that item").into()
            );
        };
        let decision = decision_of(app, &mut tx, reconsidering).await?.ok_or(AppError::NotFound)?;
        let consenting: Vec<String> = serde_json::from_str(&consent.consenting).map_err(AppError::internal)?;
        let on = parse_date("agreed_on", &consent.agreed_on).map_err(|e| AppError::internal(e.message.en))?;
        let agreed = reconsider(&app.policy, &decision, consenting, on, &id).map_err(step_error)?;
        domain.register_reconsideration(&agreed, method)?;
    }
    let detail = json!({"meeting": meeting_id, "item": id, "cadre": cadre_id, "method": method.code(),
        "reconsideration_of": (!reconsidering.is_empty()).then_some(reconsidering)});
    let rules = ["SEL-NO-AD-HOC", "SEL-VOTE-METHOD"];
    let seq = app.record(&mut tx, actor, "selection.agenda.add", (SUBJECT, &case.id), detail, &rules).await?;
    let of = (!reconsidering.is_empty()).then_some(reconsidering);
    let new = NewItem { id: &id, case_id: &case.id, cadre_id, reconsideration_of: of, method };
    if !store::insert_item(&mut tx, &meeting, &new, seq).await? {
        return Err(Refusal::new(
            "SEL-NO-AD-HOC",
            "会议开始后不得临时动议增加干部任免议题",
            "no appointment item may be added once the meeting has opened (no ad-hoc motions)",
        )
        .into());
    }
    if let Some(of) = of
        && !store::use_reconsideration(&mut tx, of, &id).await?
    {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(id)
}

/// Who attends.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AttendanceInput {
    /// Member account IDs present.
    pub present: Vec<String>,
}

/// Opens the meeting with the members present: the agenda is sealed, and without the quorum of
/// SEL-QUORUM the meeting cannot open (its decisions would be void).
pub async fn open_meeting(app: &App, actor: &Actor, meeting_id: &str, input: &AttendanceInput) -> AppResult<()> {
    let mut present: Vec<String> =
        input.present.iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    present.sort();
    present.dedup();
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, mut domain, .. } =
        lock_meeting(app, &mut tx, actor, meeting_id, Capability::SelectionWrite).await?;
    let held_on = parse_date("held_on", &meeting.held_on).map_err(|e| AppError::internal(e.message.en))?;
    if held_on > app.today() {
        return Err(Refusal::new("SEL-COLLECTIVE", "会议召开当日方可开始", "a meeting opens on its day").into());
    }
    let quorum = domain.open(&app.policy, present.iter().cloned()).map_err(step_error)?;
    let detail = json!({"present": present, "members": quorum.members, "needed": quorum.needed,
        "agenda": stored.items.iter().map(|i| &i.id).collect::<Vec<_>>()});
    let rules = ["SEL-QUORUM", "SEL-NO-AD-HOC"];
    let seq =
        app.record(&mut tx, actor, "selection.meeting.open", ("selection_meeting", meeting_id), detail, &rules).await?;
    if !store::open(&mut tx, &meeting, &present, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// A recusal (回避) from an item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RecusalInput {
    pub item_id: String,
    /// The member recusing (staff recording it); a member recusing themself leaves it empty.
    pub member_id: String,
    pub reason: String,
}

/// Records a recusal before the member votes on the item (SEL-RECUSAL): by staff for any member
/// (`member_id`), or by a committee member for themself. A member who has voted cannot recuse,
/// and one who has recused cannot vote: the check and the write hold the meeting's lock, and the
/// schema keeps one position per member and item.
pub async fn recuse(app: &App, actor: &Actor, meeting_id: &str, input: &RecusalInput) -> AppResult<()> {
    let own = !actor.can(Capability::SelectionWrite);
    let capability = if own { Capability::CommitteeVote } else { Capability::SelectionWrite };
    let member = if own { actor.id.clone() } else { input.member_id.trim().to_owned() };
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, mut domain, .. } =
        lock_meeting(app, &mut tx, actor, meeting_id, capability).await?;
    let reason = text("reason", &input.reason, true, 500).map_err(super::invalid)?;
    domain.recuse(input.item_id.trim(), &member)?;
    let item = stored.items.iter().find(|i| i.id == input.item_id.trim()).ok_or(AppError::NotFound)?;
    let detail = json!({"meeting": meeting_id, "item": item.id, "member": member, "reason": reason});
    let seq = app
        .record(&mut tx, actor, "selection.meeting.recusal", (SUBJECT, &item.case_id), detail, &["SEL-RECUSAL"])
        .await?;
    let row = RecusalRow { item_id: item.id.clone(), member_id: member, reason };
    store::insert_recusal(&mut tx, &meeting, &row, seq).await?.map_err(position_refused)?;
    tx.commit().await?;
    Ok(())
}

/// A member's vote.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct VoteInput {
    pub item_id: String,
    /// agree (同意), disagree (不同意) or defer (缓议).
    pub vote: String,
}

/// The signed-in committee member votes on an item, once, while present and not recused.
pub async fn vote(app: &App, actor: &Actor, meeting_id: &str, input: &VoteInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, mut domain, decisions } =
        lock_meeting(app, &mut tx, actor, meeting_id, Capability::CommitteeVote).await?;
    let Some(vote) = Vote::parse(&input.vote) else {
        return Err(Invalid::one("vote", "请选择同意、不同意或缓议", "choose agree, disagree or defer").into());
    };
    let item_id = input.item_id.trim();
    if decisions.contains_key(item_id) {
        return Err(Refusal::new("SEL-PASS", "该议题已作出决定", "the item has been decided").into());
    }
    domain.vote(item_id, &actor.id, vote)?;
    let item = stored.items.iter().find(|i| i.id == item_id).ok_or(AppError::NotFound)?;
    if item.method == VoteMethod::SecretBallot {
        // The ledger says that the member voted, never how; the ballot is stored apart.
        let detail = json!({"meeting": meeting_id, "item": item_id, "member": actor.id, "method": item.method.code()});
        let rules = ["SEL-COLLECTIVE", "SEL-VOTE-METHOD"];
        app.record(&mut tx, actor, "selection.meeting.ballot", (SUBJECT, &item.case_id), detail, &rules).await?;
        store::insert_ballot(&mut tx, &meeting, item_id, &actor.id, &new_id(), vote)
            .await?
            .map_err(position_refused)?;
    } else {
        let detail = json!({"meeting": meeting_id, "item": item_id, "member": actor.id, "vote": vote.code(),
            "method": item.method.code()});
        let rules = ["SEL-COLLECTIVE", "SEL-VOTE-METHOD", "SEL-SECRETARY-LAST"];
        let seq =
            app.record(&mut tx, actor, "selection.meeting.vote", (SUBJECT, &item.case_id), detail, &rules).await?;
        let row = VoteRow { item_id: item_id.to_owned(), member_id: actor.id.clone(), vote };
        store::insert_vote(&mut tx, &meeting, &row, seq).await?.map_err(position_refused)?;
    }
    tx.commit().await?;
    Ok(())
}

/// Names an item of the meeting.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ItemRef {
    pub item_id: String,
}

/// The counted decision of an item.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionResult {
    pub members: u64,
    pub present: u64,
    pub recused: u64,
    pub agree: u64,
    pub disagree: u64,
    pub defer: u64,
    /// Agreements needed to pass: more than half of the members who should attend (SEL-PASS).
    pub needed: u64,
    pub passed: bool,
    pub decided_on: String,
}

impl DecisionResult {
    fn of(d: &CommitteeDecision) -> Self {
        let (members, present, recused, needed) = d.attendance();
        let (agree, disagree, defer) = d.counts();
        let decided_on = d.decided_on().to_string();
        Self { members, present, recused, agree, disagree, defer, needed, passed: d.passed(), decided_on }
    }
}

/// Decides an item once every present, non-recused member has voted: the item's quorum without
/// its recusals (SEL-QUORUM) and the pass rule (SEL-PASS).
pub async fn decide(app: &App, actor: &Actor, meeting_id: &str, input: &ItemRef) -> AppResult<DecisionResult> {
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, mut domain, decisions } =
        lock_meeting(app, &mut tx, actor, meeting_id, Capability::SelectionWrite).await?;
    let item_id = input.item_id.trim();
    if decisions.contains_key(item_id) {
        return Err(Refusal::new("SEL-PASS", "该议题已作出决定", "the item has been decided").into());
    }
    let decision = domain.decide(&app.policy, item_id).map_err(step_error)?;
    let item = stored.items.iter().find(|i| i.id == item_id).ok_or(AppError::NotFound)?;
    let result = DecisionResult::of(&decision);
    let json = serde_json::to_string(&result).map_err(AppError::internal)?;
    let detail = json!({"meeting": meeting_id, "item": item_id, "cadre": item.cadre_id, "result": result});
    let rules = ["SEL-COLLECTIVE", "SEL-QUORUM", "SEL-PASS", "SEL-RECUSAL"];
    let seq = app.record(&mut tx, actor, "selection.meeting.decide", (SUBJECT, &item.case_id), detail, &rules).await?;
    if !store::decide(&mut tx, &meeting, item_id, &json, result.passed, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(result)
}

/// Consent to reconsider a decided item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReconsiderInput {
    pub item_id: String,
    /// The members who consent (account IDs).
    pub consenting: Vec<String>,
    /// The day consent was given (default: today).
    pub date: String,
}

/// Records consent to reconsider (复议) a decided item: more than half of the members
/// (SEL-RECONSIDER). The item then goes on a later meeting's agenda before it opens.
pub async fn reconsider_item(app: &App, actor: &Actor, meeting_id: &str, input: &ReconsiderInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let LockedMeeting { row: meeting, stored, decisions, .. } =
        lock_meeting(app, &mut tx, actor, meeting_id, Capability::SelectionWrite).await?;
    let on = day_not_after_today("date", &input.date, app.today()).map_err(super::invalid)?;
    let item_id = input.item_id.trim();
    let mut consenting: Vec<String> =
        input.consenting.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    consenting.sort();
    consenting.dedup();
    let item = stored.items.iter().find(|i| i.id == item_id);
    let (Some(item), Some(decision)) = (item, decisions.get(item_id)) else {
        return Err(Refusal::new(
            "SEL-RECONSIDER",
            "只能对已作出决定的议题复议",
            "only a decided item can be reconsidered",
        )
        .into());
    };
    let agreed = reconsider(&app.policy, decision, consenting.iter().cloned(), on, "pending").map_err(step_error)?;
    let row = ReconsiderationRow {
        item_id: item_id.to_owned(),
        consenting: serde_json::to_string(&consenting).map_err(AppError::internal)?,
        agreed_on: on.to_string(),
        used_by: None,
    };
    let detail = json!({"meeting": meeting_id, "item": item_id, "consenting": consenting, "members": decision.members().len(),
        "agreed_on": on.to_string(), "count": agreed.consenting()});
    let seq = app
        .record(&mut tx, actor, "selection.meeting.reconsider", (SUBJECT, &item.case_id), detail, &["SEL-RECONSIDER"])
        .await?;
    if !store::insert_reconsideration(&mut tx, &meeting, &row, seq).await? {
        return Err(Refusal::new(
            "SEL-RECONSIDER",
            "该议题已同意复议",
            "reconsideration of the item is already agreed",
        )
        .into());
    }
    tx.commit().await?;
    Ok(())
}
