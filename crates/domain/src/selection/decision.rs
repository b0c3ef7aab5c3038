//! The committee decision (常委会讨论决定): the only way an appointment is decided
//! (SEL-COLLECTIVE).
//!
//! A [`Meeting`] registers its agenda before it opens (SEL-NO-AD-HOC), records who is present and
//! who recuses themself from an item (SEL-RECUSAL), checks the quorum (SEL-QUORUM) for the
//! meeting and again for each item, takes each present, non-recused member's vote once —
//! agree / disagree / defer (同意 / 不同意 / 缓议) — and decides each item by the pass rule
//! (SEL-PASS). A [`CommitteeDecision`] can only be made here. Reconsidering a decision (复议)
//! needs the consent of more than half of the members (SEL-RECONSIDER).
//!
//! Reading of SEL-RECUSAL: a recused member neither votes nor counts as present for that item,
//! so an item needs the quorum without them; they remain a member who should attend
//! (应到会成员), so the pass threshold of SEL-PASS does not shrink with a recusal.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::Date;

use super::StepError;
use super::case::CaseNumber;
use crate::error::Refusal;
use crate::policy::Policy;

/// A committee member's account ID.
pub type MemberId = String;

/// How a decision reaches an appointment. Only a committee meeting decides (SEL-COLLECTIVE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DecisionBody {
    /// 党委（党组）会议 / 常委会: the members meet and vote.
    CommitteeMeeting,
}

impl DecisionBody {
    /// Reads the decision body a request names; leader circulation (圈阅), a secretary's office
    /// meeting (书记办公会) or anything else is refused by SEL-COLLECTIVE.
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        match raw.trim() {
            "committee_meeting" | "常委会" | "党委会议" | "党组会议" => Ok(Self::CommitteeMeeting),
            other => Err(Refusal::new(
                "SEL-COLLECTIVE",
                format!("干部任免须由党委（党组）集体讨论决定，“{other}”不能代替会议表决"),
                format!("appointments are decided only by the committee's meeting vote; \"{other}\" cannot replace it"),
            )),
        }
    }
}

/// A member's vote on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// 同意
    Agree,
    /// 不同意
    Disagree,
    /// 缓议
    Defer,
}

impl Vote {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::Disagree => "disagree",
            Self::Defer => "defer",
        }
    }

    /// Reads a vote as a form, the API or a stored row gives it (code or Chinese word).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "agree" | "同意" => Some(Self::Agree),
            "disagree" | "不同意" => Some(Self::Disagree),
            "defer" | "缓议" => Some(Self::Defer),
            _ => None,
        }
    }
}

/// How the committee votes on an item (SEL-VOTE-METHOD): chosen per item when it is put on the
/// agenda, so fixed before the meeting opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoteMethod {
    /// 口头表决: each member states a view aloud, one by one.
    Oral,
    /// 举手表决: a show of hands.
    #[default]
    ShowOfHands,
    /// 无记名投票: a secret ballot; no stored vote links to its member.
    SecretBallot,
}

impl VoteMethod {
    pub const ALL: [VoteMethod; 3] = [Self::Oral, Self::ShowOfHands, Self::SecretBallot];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Oral => "oral",
            Self::ShowOfHands => "show_of_hands",
            Self::SecretBallot => "secret_ballot",
        }
    }

    /// Reads a method by code or Chinese name; empty is the default (举手表决).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" => Some(Self::default()),
            "oral" | "口头表决" => Some(Self::Oral),
            "show_of_hands" | "举手表决" => Some(Self::ShowOfHands),
            "secret_ballot" | "无记名投票" => Some(Self::SecretBallot),
            _ => None,
        }
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (zh, en) = match self {
            Self::Oral => ("口头表决", "oral vote"),
            Self::ShowOfHands => ("举手表决", "show of hands"),
            Self::SecretBallot => ("无记名投票", "secret ballot"),
        };
        if lang == "en" { en } else { zh }
    }

    /// Whether members' votes are stated openly, by name (oral vote, show of hands).
    pub fn is_open(self) -> bool {
        self != Self::SecretBallot
    }
}

/// An item on the agenda: one candidate for one post, in one case, voted on by one method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub id: String,
    pub case: CaseNumber,
    pub candidate: String,
    pub post_id: String,
    pub method: VoteMethod,
}

/// A committee meeting deciding appointments.
#[derive(Debug, Clone)]
pub struct Meeting {
    held_on: Date,
    /// Every member, who should attend (应到会成员).
    members: BTreeSet<MemberId>,
    agenda: BTreeMap<String, AgendaItem>,
    /// `None` until the meeting opens.
    present: Option<BTreeSet<MemberId>>,
    recused: BTreeMap<String, BTreeSet<MemberId>>,
    /// Who has voted on each item, and how — `None` for a secret ballot, whose vote is only in
    /// `ballots`, unlinked to its member.
    votes: BTreeMap<String, BTreeMap<MemberId, Option<Vote>>>,
    /// The secret ballots of each item, in no particular order.
    ballots: BTreeMap<String, Vec<Vote>>,
    /// The principal leader (书记 / 主要负责人), who states last in an open vote
    /// (SEL-SECRETARY-LAST); `None` for a meeting recorded before the rule was kept.
    principal: Option<MemberId>,
    decided: BTreeSet<String>,
}

/// The quorum as found: present (for an item, less its recusals) against the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quorum {
    pub members: u64,
    pub present: u64,
    /// The fewest present that make the quorum.
    pub needed: u64,
}

fn refuse(rule: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::new(rule, zh, en)
}

impl Meeting {
    /// A meeting on `held_on` of the committee's `members`.
    pub fn new(held_on: Date, members: impl IntoIterator<Item = MemberId>) -> Result<Self, Refusal> {
        let members: BTreeSet<MemberId> = members.into_iter().collect();
        if members.is_empty() {
            return Err(refuse("SEL-COLLECTIVE", "会议须有委员会成员", "a committee meeting needs its members"));
        }
        Ok(Self {
            held_on,
            members,
            agenda: BTreeMap::new(),
            present: None,
            recused: BTreeMap::new(),
            votes: BTreeMap::new(),
            ballots: BTreeMap::new(),
            principal: None,
            decided: BTreeSet::new(),
        })
    }

    /// Names the principal leader (书记), who must be one of the members and states last in an
    /// open vote (SEL-SECRETARY-LAST).
    pub fn with_principal(mut self, principal: &str) -> Result<Self, Refusal> {
        if !self.members.contains(principal) {
            return Err(refuse(
                "SEL-SECRETARY-LAST",
                "主持会议的主要负责人（书记）须是委员会成员",
                "the principal leader (secretary) must be one of the committee's members",
            ));
        }
        self.principal = Some(principal.to_owned());
        Ok(self)
    }

    pub fn principal(&self) -> Option<&str> {
        self.principal.as_deref()
    }

    pub fn held_on(&self) -> Date {
        self.held_on
    }

    pub fn is_open(&self) -> bool {
        self.present.is_some()
    }

    /// Puts an item on the agenda; refused once the meeting is open (SEL-NO-AD-HOC).
    pub fn register_item(&mut self, item: AgendaItem) -> Result<(), Refusal> {
        if self.is_open() {
            return Err(refuse(
                "SEL-NO-AD-HOC",
                "会议开始后不得临时动议增加干部任免议题",
                "no appointment item may be added once the meeting has opened (no ad-hoc motions)",
            ));
        }
        if self.agenda.contains_key(&item.id) {
            return Err(refuse("SEL-RECORD", "议题编号重复", "the agenda already has an item with this ID"));
        }
        self.agenda.insert(item.id.clone(), item);
        Ok(())
    }

    /// Puts a reconsidered item (复议) back on this meeting's agenda, before it opens, to be
    /// voted on by `method` (chosen afresh for the later meeting: SEL-VOTE-METHOD).
    pub fn register_reconsideration(
        &mut self,
        reconsideration: &Reconsideration,
        method: VoteMethod,
    ) -> Result<(), Refusal> {
        self.register_item(AgendaItem { method, ..reconsideration.item.clone() })
    }

    /// A member recuses themself from an item (SEL-RECUSAL); not after voting on it.
    pub fn recuse(&mut self, item_id: &str, member: &str) -> Result<(), Refusal> {
        self.item(item_id)?;
        self.member(member)?;
        if self.votes.get(item_id).is_some_and(|v| v.contains_key(member)) {
            return Err(refuse(
                "SEL-RECUSAL",
                "应回避的成员须在表决前回避，已表决的不能再声明回避",
                "a member recuses before voting; one who has voted on the item cannot recuse afterwards",
            ));
        }
        self.recused.entry(item_id.to_owned()).or_default().insert(member.to_owned());
        Ok(())
    }

    /// Opens the meeting with the members present; refused without the quorum (SEL-QUORUM).
    pub fn open(&mut self, policy: &Policy, present: impl IntoIterator<Item = MemberId>) -> Result<Quorum, StepError> {
        if self.is_open() {
            return Err(refuse("SEL-RECORD", "会议已开始", "the meeting is already open").into());
        }
        let present: BTreeSet<MemberId> = present.into_iter().collect();
        if let Some(stranger) = present.iter().find(|m| !self.members.contains(*m)) {
            return Err(not_a_member(stranger).into());
        }
        let quorum = self.quorum(policy, present.len())?;
        if quorum.present < quorum.needed {
            return Err(no_quorum(&quorum, None, &self.quorum_words(policy)?).into());
        }
        self.present = Some(present);
        Ok(quorum)
    }

    /// Records a member's vote on an item, once. In an open vote the principal leader is
    /// accepted only after every other present, non-recused member has voted
    /// (SEL-SECRETARY-LAST); in a secret ballot the vote is kept apart from the member
    /// (SEL-VOTE-METHOD).
    pub fn vote(&mut self, item_id: &str, member: &str, vote: Vote) -> Result<(), Refusal> {
        let method = self.may_vote(item_id, member)?;
        if method.is_open() && self.principal.as_deref() == Some(member) {
            let waiting = self.waiting(item_id).iter().filter(|m| **m != member).count();
            if waiting > 0 {
                return Err(refuse(
                    "SEL-SECRETARY-LAST",
                    format!("主要负责人（书记）最后表态：尚有 {waiting} 名到会成员未表态"),
                    format!("the principal leader states last: {waiting} present member(s) have not yet voted"),
                ));
            }
        }
        let secret = method == VoteMethod::SecretBallot;
        self.votes.entry(item_id.to_owned()).or_default().insert(member.to_owned(), (!secret).then_some(vote));
        if secret {
            self.ballots.entry(item_id.to_owned()).or_default().push(vote);
        }
        Ok(())
    }

    /// Restores an item's secret ballots as stored: the members who voted (from their
    /// positions) and the ballots (unlinked). Refused when the two counts differ.
    pub fn restore_ballots(
        &mut self,
        item_id: &str,
        voted: impl IntoIterator<Item = MemberId>,
        ballots: impl IntoIterator<Item = Vote>,
    ) -> Result<(), Refusal> {
        let voted: Vec<MemberId> = voted.into_iter().collect();
        let ballots: Vec<Vote> = ballots.into_iter().collect();
        if voted.len() != ballots.len() {
            return Err(refuse(
                "SEL-VOTE-METHOD",
                format!("无记名投票的票数（{}）与投票人数（{}）不符", ballots.len(), voted.len()),
                format!("the secret ballots ({}) do not match the members who voted ({})", ballots.len(), voted.len()),
            ));
        }
        for member in &voted {
            if self.may_vote(item_id, member)? != VoteMethod::SecretBallot {
                return Err(refuse("SEL-VOTE-METHOD", "该议题不是无记名投票", "the item is not a secret ballot"));
            }
            self.votes.entry(item_id.to_owned()).or_default().insert(member.clone(), None);
        }
        self.ballots.entry(item_id.to_owned()).or_default().extend(ballots);
        Ok(())
    }

    /// The present, non-recused members who have not yet voted on an item.
    pub fn waiting(&self, item_id: &str) -> Vec<&MemberId> {
        let Some(present) = &self.present else { return Vec::new() };
        let recused = self.recused.get(item_id);
        let votes = self.votes.get(item_id);
        present
            .iter()
            .filter(|m| !recused.is_some_and(|r| r.contains(*m)) && !votes.is_some_and(|v| v.contains_key(*m)))
            .collect()
    }

    /// Whether `member` may vote on the item now; the item's method.
    fn may_vote(&self, item_id: &str, member: &str) -> Result<VoteMethod, Refusal> {
        let method = self.item(item_id)?.method;
        self.member(member)?;
        let Some(present) = &self.present else {
            return Err(refuse("SEL-QUORUM", "会议尚未开始，不能表决", "the meeting has not opened; no vote yet"));
        };
        if !present.contains(member) {
            return Err(refuse(
                "SEL-COLLECTIVE",
                "未到会的成员不能表决（不得会后补票或书面代替）",
                "a member not present cannot vote (no vote after the meeting or in writing)",
            ));
        }
        if self.recused.get(item_id).is_some_and(|r| r.contains(member)) {
            return Err(refuse(
                "SEL-RECUSAL",
                "已回避的成员不参加该议题表决",
                "a recused member does not vote on the item",
            ));
        }
        if self.decided.contains(item_id) {
            return Err(refuse("SEL-PASS", "该议题已作出决定", "the item has been decided"));
        }
        if self.votes.get(item_id).is_some_and(|v| v.contains_key(member)) {
            return Err(refuse("SEL-PASS", "每名成员对每个议题只表决一次", "each member votes once on each item"));
        }
        Ok(method)
    }

    /// Decides an item once every present, non-recused member has voted: the item's quorum
    /// (SEL-QUORUM, recused members not counted) and the pass rule (SEL-PASS).
    pub fn decide(&mut self, policy: &Policy, item_id: &str) -> Result<CommitteeDecision, StepError> {
        let item = self.item(item_id)?.clone();
        let Some(present) = &self.present else {
            return Err(refuse("SEL-QUORUM", "会议尚未开始", "the meeting has not opened").into());
        };
        if self.decided.contains(item_id) {
            return Err(refuse("SEL-PASS", "该议题已作出决定", "the item has been decided").into());
        }
        let recused = self.recused.get(item_id).cloned().unwrap_or_default();
        let voters: BTreeSet<&MemberId> = present.iter().filter(|m| !recused.contains(*m)).collect();
        let quorum = self.quorum(policy, voters.len())?;
        if quorum.present < quorum.needed {
            return Err(no_quorum(&quorum, Some(recused.len()), &self.quorum_words(policy)?).into());
        }
        let votes = self.votes.get(item_id).cloned().unwrap_or_default();
        let missing = voters.iter().filter(|m| !votes.contains_key(**m)).count();
        let cast: Vec<Vote> = if item.method == VoteMethod::SecretBallot {
            self.ballots.get(item_id).cloned().unwrap_or_default()
        } else {
            votes.values().flatten().copied().collect()
        };
        if missing > 0 {
            return Err(refuse(
                "SEL-PASS",
                format!("尚有 {missing} 名到会成员未表态，须逐一表决"),
                format!("{missing} present member(s) have not voted; every member states a view"),
            )
            .into());
        }
        let count = |v: Vote| cast.iter().filter(|x| **x == v).count() as u64;
        let (agree, disagree, defer) = (count(Vote::Agree), count(Vote::Disagree), count(Vote::Defer));
        let pass = policy.ratio("SEL-PASS", None, self.held_on)?;
        let should_attend = self.members.len() as u64;
        let decision = CommitteeDecision {
            item,
            decided_on: self.held_on,
            members: self.members.clone(),
            present: present.len() as u64,
            recused: recused.len() as u64,
            agree,
            disagree,
            defer,
            needed: pass.minimum_count(should_attend).unwrap_or(should_attend + 1),
            passed: pass.is_met(agree, should_attend),
        };
        self.decided.insert(item_id.to_owned());
        Ok(decision)
    }

    fn quorum(&self, policy: &Policy, present: usize) -> Result<Quorum, StepError> {
        let ratio = policy.ratio("SEL-QUORUM", None, self.held_on)?;
        let members = self.members.len() as u64;
        Ok(Quorum { members, present: present as u64, needed: ratio.minimum_count(members).unwrap_or(members) })
    }

    /// SEL-QUORUM's share in words, as the policy states it ("不少于 2/3").
    fn quorum_words(&self, policy: &Policy) -> Result<crate::Msg, StepError> {
        Ok(policy.ratio("SEL-QUORUM", None, self.held_on)?.describe())
    }

    fn item(&self, item_id: &str) -> Result<&AgendaItem, Refusal> {
        self.agenda.get(item_id).ok_or_else(|| {
            refuse(
                "SEL-NO-AD-HOC",
                "该事项未在会前列入议题，不能讨论决定",
                "the item was not on the agenda before the meeting, so it cannot be decided",
            )
        })
    }

    fn member(&self, member: &str) -> Result<(), Refusal> {
        if self.members.contains(member) { Ok(()) } else { Err(not_a_member(member)) }
    }
}

fn not_a_member(who: &str) -> Refusal {
    refuse(
        "SEL-COLLECTIVE",
        format!("{who} 不是委员会成员，不能参加表决"),
        format!("{who} is not a member of the committee and cannot take part in the vote"),
    )
}

fn no_quorum(q: &Quorum, recused: Option<usize>, share: &crate::Msg) -> Refusal {
    let (zh_extra, en_extra) = match recused {
        Some(r) if r > 0 => (format!("（回避 {r} 人不计入）"), format!(" ({r} recused member(s) not counted)")),
        _ => (String::new(), String::new()),
    };
    refuse(
        "SEL-QUORUM",
        format!(
            "到会成员 {} 人{zh_extra}，应到 {} 人，到会须{}（至少 {} 人），决定无效",
            q.present, q.members, share.zh, q.needed
        ),
        format!(
            "{} present{en_extra} of {} members; the quorum is {} ({} needed), else the decision is void",
            q.present, q.members, share.en, q.needed
        ),
    )
}

/// A decided item: made only by [`Meeting::decide`], so no other path decides an appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeDecision {
    item: AgendaItem,
    decided_on: Date,
    members: BTreeSet<MemberId>,
    present: u64,
    recused: u64,
    agree: u64,
    disagree: u64,
    defer: u64,
    needed: u64,
    passed: bool,
}

impl CommitteeDecision {
    pub fn item(&self) -> &AgendaItem {
        &self.item
    }
    pub fn case(&self) -> &CaseNumber {
        &self.item.case
    }
    pub fn decided_on(&self) -> Date {
        self.decided_on
    }
    /// Whether more than the share of SEL-PASS of the members who should attend agreed.
    pub fn passed(&self) -> bool {
        self.passed
    }
    /// (agree, disagree, defer).
    pub fn counts(&self) -> (u64, u64, u64) {
        (self.agree, self.disagree, self.defer)
    }
    /// Members who should attend, present, recused from the item, and agreements needed to pass.
    pub fn attendance(&self) -> (u64, u64, u64, u64) {
        (self.members.len() as u64, self.present, self.recused, self.needed)
    }
    /// The members who decided and so answer for it (SEL-ACCOUNTABILITY).
    pub fn members(&self) -> &BTreeSet<MemberId> {
        &self.members
    }
}

/// Consent to reconsider a decision (复议), carrying the item back to a later agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconsideration {
    item: AgendaItem,
    consenting: u64,
    agreed_on: Date,
}

impl Reconsideration {
    pub fn item(&self) -> &AgendaItem {
        &self.item
    }
    pub fn consenting(&self) -> u64 {
        self.consenting
    }
    pub fn agreed_on(&self) -> Date {
        self.agreed_on
    }
}

/// Agrees to reconsider `decision` with the consent of `consenting` members (SEL-RECONSIDER:
/// more than half of the members). The item gets `new_item_id` on the later agenda.
pub fn reconsider(
    policy: &Policy,
    decision: &CommitteeDecision,
    consenting: impl IntoIterator<Item = MemberId>,
    on: Date,
    new_item_id: &str,
) -> Result<Reconsideration, StepError> {
    let consenting: BTreeSet<MemberId> = consenting.into_iter().collect();
    if let Some(stranger) = consenting.iter().find(|m| !decision.members.contains(*m)) {
        return Err(not_a_member(stranger).into());
    }
    let ratio = policy.ratio("SEL-RECONSIDER", None, on)?;
    let members = decision.members.len() as u64;
    let count = consenting.len() as u64;
    if !ratio.is_met(count, members) {
        let needed = ratio.minimum_count(members).unwrap_or(members);
        return Err(refuse(
            "SEL-RECONSIDER",
            format!("复议须经{}的成员同意：{members} 名成员中同意 {count} 人，至少需 {needed} 人", ratio.describe().zh),
            format!(
                "reconsideration needs the consent of {} of the members: {count} of {members} agreed, {needed} needed",
                ratio.describe().en
            ),
        )
        .into());
    }
    let item = AgendaItem { id: new_item_id.to_owned(), ..decision.item.clone() };
    Ok(Reconsideration { item, consenting: count, agreed_on: on })
}

/// A decision of a committee of `members` with `agree` of them in favour and the rest against,
/// all present, for case `case` (fixtures of the other modules' tests).
#[cfg(test)]
pub(crate) fn decided_for_test(case: CaseNumber, on: Date, members: usize, agree: usize) -> CommitteeDecision {
    let policy = crate::selection::testing::policy();
    let ids: Vec<MemberId> = (1..=members).map(|i| format!("m{i:02}")).collect();
    let mut meeting = Meeting::new(on, ids.clone()).unwrap();
    let item = AgendaItem {
        id: "i1".into(),
        case,
        candidate: "c1".into(),
        post_id: "p1".into(),
        method: VoteMethod::ShowOfHands,
    };
    meeting.register_item(item).unwrap();
    meeting.open(&policy, ids.clone()).unwrap();
    for (i, who) in ids.iter().enumerate() {
        meeting.vote("i1", who, if i < agree { Vote::Agree } else { Vote::Disagree }).unwrap();
    }
    meeting.decide(&policy, "i1").unwrap()
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
