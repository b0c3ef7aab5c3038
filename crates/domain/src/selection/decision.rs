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

/// An item on the agenda: one candidate for one post, in one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub id: String,
    pub case: CaseNumber,
    pub candidate: String,
    pub post_id: String,
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
    votes: BTreeMap<String, BTreeMap<MemberId, Vote>>,
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
            decided: BTreeSet::new(),
        })
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

    /// Puts a reconsidered item (复议) back on this meeting's agenda, before it opens.
    pub fn register_reconsideration(&mut self, reconsideration: &Reconsideration) -> Result<(), Refusal> {
        self.register_item(reconsideration.item.clone())
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

    /// Records a member's vote on an item, once.
    pub fn vote(&mut self, item_id: &str, member: &str, vote: Vote) -> Result<(), Refusal> {
        self.item(item_id)?;
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
        let votes = self.votes.entry(item_id.to_owned()).or_default();
        if votes.contains_key(member) {
            return Err(refuse("SEL-PASS", "每名成员对每个议题只表决一次", "each member votes once on each item"));
        }
        votes.insert(member.to_owned(), vote);
        Ok(())
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
        if missing > 0 {
            return Err(refuse(
                "SEL-PASS",
                format!("尚有 {missing} 名到会成员未表态，须逐一表决"),
                format!("{missing} present member(s) have not voted; every member states a view"),
            )
            .into());
        }
        let count = |v: Vote| votes.values().filter(|x| **x == v).count() as u64;
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
    let item = AgendaItem { id: "i1".into(), case, candidate: "c1".into(), post_id: "p1".into() };
    meeting.register_item(item).unwrap();
    meeting.open(&policy, ids.clone()).unwrap();
    for (i, who) in ids.iter().enumerate() {
        meeting.vote("i1", who, if i < agree { Vote::Agree } else { Vote::Disagree }).unwrap();
    }
    meeting.decide(&policy, "i1").unwrap()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::testing::policy;

    const DAY: Date = date!(2026 - 03 - 10);

    fn members(n: usize) -> Vec<MemberId> {
        (1..=n).map(|i| format!("m{i:02}")).collect()
    }

    fn item(id: &str) -> AgendaItem {
        AgendaItem { id: id.into(), case: CaseNumber::new(2026, 12), candidate: "c1".into(), post_id: "p1".into() }
    }

    fn meeting(n: usize) -> Meeting {
        let mut m = Meeting::new(DAY, members(n)).unwrap();
        m.register_item(item("i1")).unwrap();
        m
    }

    fn rule(err: StepError) -> String {
        err.refusal().unwrap().rule.clone()
    }

    /// Opens with the first `present` members and has the first `agree` of them agree, the
    /// rest disagree.
    fn vote_all(n: usize, present: usize, agree: usize) -> Result<CommitteeDecision, StepError> {
        let p = policy();
        let mut m = meeting(n);
        m.open(&p, members(n).into_iter().take(present))?;
        for (i, who) in members(n).iter().take(present).enumerate() {
            m.vote("i1", who, if i < agree { Vote::Agree } else { Vote::Disagree })?;
        }
        m.decide(&p, "i1")
    }

    #[test]
    fn sel_quorum_two_thirds_of_eleven_is_eight() {
        let p = policy();
        let quorum = meeting(11).open(&p, members(8)).unwrap();
        assert_eq!((quorum.members, quorum.present, quorum.needed), (11, 8, 8));
        let err = meeting(11).open(&p, members(7)).unwrap_err();
        assert_eq!(rule(err.clone()), "SEL-QUORUM");
        assert!(err.refusal().unwrap().reason.zh.contains("至少 8 人"));
        // 2/3 of 9 is exactly 6: exactly two thirds reaches it.
        assert!(meeting(9).open(&p, members(6)).is_ok());
        assert_eq!(rule(meeting(9).open(&p, members(5)).unwrap_err()), "SEL-QUORUM");
    }

    #[test]
    fn sel_pass_more_than_half_of_eleven_members_who_should_attend_is_six() {
        // 11 members: 5.5 cannot be reached, 6 passes and 5 fails — counted over all 11, not
        // over the 8 present.
        let six = vote_all(11, 8, 6).unwrap();
        assert!(six.passed());
        assert_eq!(six.attendance(), (11, 8, 0, 6));
        // Five of eight present is a majority of those present but not of the members.
        assert!(!vote_all(11, 8, 5).unwrap().passed());
        assert!(!vote_all(11, 11, 5).unwrap().passed());
    }

    #[test]
    fn sel_pass_more_than_half_of_ten_is_six_not_five() {
        assert!(vote_all(10, 7, 6).unwrap().passed());
        let five = vote_all(10, 10, 5).unwrap();
        assert!(!five.passed());
        assert_eq!(five.counts(), (5, 5, 0));
    }

    #[test]
    fn sel_pass_defer_is_not_agreement_and_every_present_member_votes_once() {
        let p = policy();
        let mut m = meeting(5);
        m.open(&p, members(5)).unwrap();
        for who in &members(5)[..2] {
            m.vote("i1", who, Vote::Agree).unwrap();
        }
        assert_eq!(m.vote("i1", "m01", Vote::Agree).unwrap_err().rule, "SEL-PASS");
        m.vote("i1", "m03", Vote::Defer).unwrap();
        assert_eq!(rule(m.decide(&p, "i1").unwrap_err()), "SEL-PASS");
        m.vote("i1", "m04", Vote::Agree).unwrap();
        m.vote("i1", "m05", Vote::Defer).unwrap();
        let decision = m.decide(&p, "i1").unwrap();
        assert_eq!(decision.counts(), (3, 0, 2));
        assert!(decision.passed());
        assert_eq!(rule(m.decide(&p, "i1").unwrap_err()), "SEL-PASS");
    }

    #[test]
    fn sel_no_ad_hoc_an_item_added_after_opening_is_refused() {
        let p = policy();
        let mut m = meeting(5);
        m.register_item(item("i2")).unwrap();
        m.open(&p, members(5)).unwrap();
        assert_eq!(m.register_item(item("i3")).unwrap_err().rule, "SEL-NO-AD-HOC");
        assert_eq!(m.vote("i9", "m01", Vote::Agree).unwrap_err().rule, "SEL-NO-AD-HOC");
        assert!(m.vote("i2", "m01", Vote::Agree).is_ok());
    }

    #[test]
    fn sel_recusal_a_recused_member_neither_votes_nor_counts_as_present() {
        let p = policy();
        // 11 members, 8 present: the meeting has its quorum, but an item from which one of the
        // 8 recuses has only 7 and cannot be decided.
        let mut m = meeting(11);
        m.register_item(item("i2")).unwrap();
        m.recuse("i1", "m01").unwrap();
        m.open(&p, members(8)).unwrap();
        assert_eq!(m.vote("i1", "m01", Vote::Agree).unwrap_err().rule, "SEL-RECUSAL");
        for who in &members(8)[1..] {
            m.vote("i1", who, Vote::Agree).unwrap();
        }
        let err = m.decide(&p, "i1").unwrap_err();
        assert_eq!(rule(err.clone()), "SEL-QUORUM");
        assert!(err.refusal().unwrap().reason.en.contains("1 recused"));
        // The recused member still votes on the other item.
        m.vote("i2", "m01", Vote::Agree).unwrap();
        // A member who voted cannot recuse afterwards.
        assert_eq!(m.recuse("i2", "m01").unwrap_err().rule, "SEL-RECUSAL");
    }

    #[test]
    fn sel_recusal_does_not_lower_the_pass_threshold() {
        let p = policy();
        let mut m = meeting(11);
        m.recuse("i1", "m11").unwrap();
        m.open(&p, members(11)).unwrap();
        for (i, who) in members(10).iter().enumerate() {
            m.vote("i1", who, if i < 5 { Vote::Agree } else { Vote::Disagree }).unwrap();
        }
        let decision = m.decide(&p, "i1").unwrap();
        // 5 of the 10 who voted, but the base stays the 11 who should attend.
        assert!(!decision.passed());
        assert_eq!(decision.attendance(), (11, 11, 1, 6));
    }

    #[test]
    fn sel_collective_only_present_members_vote_and_circulation_is_refused() {
        let p = policy();
        let mut m = meeting(11);
        assert_eq!(rule(m.open(&p, ["m01".to_owned(), "outsider".to_owned()]).unwrap_err()), "SEL-COLLECTIVE");
        m.open(&p, members(8)).unwrap();
        assert_eq!(m.vote("i1", "m09", Vote::Agree).unwrap_err().rule, "SEL-COLLECTIVE");
        assert_eq!(m.vote("i1", "outsider", Vote::Agree).unwrap_err().rule, "SEL-COLLECTIVE");
        assert_eq!(DecisionBody::parse("圈阅").unwrap_err().rule, "SEL-COLLECTIVE");
        assert_eq!(DecisionBody::parse("书记办公会").unwrap_err().rule, "SEL-COLLECTIVE");
        assert_eq!(DecisionBody::parse("常委会").unwrap(), DecisionBody::CommitteeMeeting);
    }

    #[test]
    fn sel_reconsider_needs_more_than_half_of_the_members() {
        let p = policy();
        let decision = vote_all(11, 8, 5).unwrap();
        let err = reconsider(&p, &decision, members(5), DAY, "i1-r").unwrap_err();
        assert_eq!(rule(err), "SEL-RECONSIDER");
        let ok = reconsider(&p, &decision, members(6), DAY, "i1-r").unwrap();
        assert_eq!(ok.consenting(), 6);
        assert_eq!(ok.item().case, CaseNumber::new(2026, 12));
        // The reconsidered item goes on a later agenda before that meeting opens.
        let mut later = Meeting::new(date!(2026 - 03 - 20), members(11)).unwrap();
        later.register_reconsideration(&ok).unwrap();
        later.open(&p, members(11)).unwrap();
        let again = reconsider(&p, &decision, members(6), DAY, "i1-r2").unwrap();
        assert_eq!(later.register_reconsideration(&again).unwrap_err().rule, "SEL-NO-AD-HOC");
        let strangers = vec!["x".to_owned(); 1];
        assert_eq!(rule(reconsider(&p, &decision, strangers, DAY, "r").unwrap_err()), "SEL-COLLECTIVE");
    }
}
