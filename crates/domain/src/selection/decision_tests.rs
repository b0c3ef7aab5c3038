//! The committee decision's rules, each test named after its rule.
use time::macros::date;

use super::*;
use crate::selection::testing::policy;

const DAY: Date = date!(2026 - 03 - 10);

fn members(n: usize) -> Vec<MemberId> {
    (1..=n).map(|i| format!("m{i:02}")).collect()
}

fn item(id: &str) -> AgendaItem {
    AgendaItem {
        id: id.into(),
        case: CaseNumber::new(2026, 12),
        candidate: "c1".into(),
        post_id: "p1".into(),
        method: VoteMethod::ShowOfHands,
    }
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
    later.register_reconsideration(&ok, VoteMethod::SecretBallot).unwrap();
    assert_eq!(later.agenda["i1-r"].method, VoteMethod::SecretBallot, "the later meeting's method");
    later.open(&p, members(11)).unwrap();
    let again = reconsider(&p, &decision, members(6), DAY, "i1-r2").unwrap();
    assert_eq!(later.register_reconsideration(&again, VoteMethod::Oral).unwrap_err().rule, "SEL-NO-AD-HOC");
    let strangers = vec!["x".to_owned(); 1];
    assert_eq!(rule(reconsider(&p, &decision, strangers, DAY, "r").unwrap_err()), "SEL-COLLECTIVE");
}

fn item_by(id: &str, method: VoteMethod) -> AgendaItem {
    AgendaItem { method, ..item(id) }
}

#[test]
fn sel_secretary_last_the_principal_votes_only_after_every_other_present_member() {
    let p = policy();
    // Six members, m06 absent; m01 is the secretary.
    let mut m = Meeting::new(DAY, members(6)).unwrap().with_principal("m01").unwrap();
    m.register_item(item_by("oral", VoteMethod::Oral)).unwrap();
    m.register_item(item_by("hands", VoteMethod::ShowOfHands)).unwrap();
    m.recuse("hands", "m05").unwrap();
    m.open(&p, members(5)).unwrap();
    // Refused: three of the other present members have not stated.
    m.vote("oral", "m02", Vote::Agree).unwrap();
    let early = m.vote("oral", "m01", Vote::Agree).unwrap_err();
    assert_eq!(early.rule, "SEL-SECRETARY-LAST");
    assert!(early.reason.zh.contains("尚有 3 名"), "{}", early.reason.zh);
    for who in ["m03", "m04", "m05"] {
        m.vote("oral", who, Vote::Agree).unwrap();
    }
    // Allowed: everyone else present has stated (the absent m06 is not waited for).
    m.vote("oral", "m01", Vote::Disagree).unwrap();
    assert_eq!(m.decide(&p, "oral").unwrap().counts(), (4, 1, 0));
    // A show of hands too; the recused m05 is not waited for.
    for who in ["m02", "m03", "m04"] {
        m.vote("hands", who, Vote::Agree).unwrap();
    }
    m.vote("hands", "m01", Vote::Defer).unwrap();
    assert_eq!(m.decide(&p, "hands").unwrap().counts(), (3, 0, 1));
}

#[test]
fn sel_secretary_last_does_not_order_a_secret_ballot_and_the_principal_is_a_member() {
    let p = policy();
    assert_eq!(
        Meeting::new(DAY, members(3)).unwrap().with_principal("outsider").unwrap_err().rule,
        "SEL-SECRETARY-LAST"
    );
    let mut m = Meeting::new(DAY, members(3)).unwrap().with_principal("m01").unwrap();
    m.register_item(item_by("secret", VoteMethod::SecretBallot)).unwrap();
    m.open(&p, members(3)).unwrap();
    m.vote("secret", "m01", Vote::Agree).unwrap();
    assert_eq!(m.waiting("secret"), vec!["m02", "m03"]);
}

#[test]
fn sel_vote_method_a_secret_ballot_keeps_no_vote_by_member_and_counts_the_ballots() {
    let p = policy();
    let mut m = Meeting::new(DAY, members(3)).unwrap();
    m.register_item(item_by("secret", VoteMethod::SecretBallot)).unwrap();
    m.open(&p, members(3)).unwrap();
    m.vote("secret", "m01", Vote::Agree).unwrap();
    m.vote("secret", "m02", Vote::Disagree).unwrap();
    assert_eq!(m.vote("secret", "m01", Vote::Agree).unwrap_err().rule, "SEL-PASS");
    assert!(m.votes["secret"].values().all(Option::is_none), "no vote is kept beside its member");
    assert_eq!(rule(m.decide(&p, "secret").unwrap_err()), "SEL-PASS");
    m.vote("secret", "m03", Vote::Agree).unwrap();
    let decision = m.decide(&p, "secret").unwrap();
    assert_eq!(decision.counts(), (2, 1, 0));
    assert!(decision.passed());
}

#[test]
fn sel_vote_method_restored_ballots_must_match_the_members_who_voted() {
    let p = policy();
    let fresh = || {
        let mut m = Meeting::new(DAY, members(3)).unwrap();
        m.register_item(item_by("secret", VoteMethod::SecretBallot)).unwrap();
        m.register_item(item("open")).unwrap();
        m.open(&p, members(3)).unwrap();
        m
    };
    let mut m = fresh();
    m.restore_ballots("secret", members(3), [Vote::Agree, Vote::Agree, Vote::Defer]).unwrap();
    assert_eq!(m.decide(&p, "secret").unwrap().counts(), (2, 0, 1));
    let mismatch = fresh().restore_ballots("secret", members(2), [Vote::Agree]).unwrap_err();
    assert_eq!(mismatch.rule, "SEL-VOTE-METHOD");
    let open = fresh().restore_ballots("open", members(1), [Vote::Agree]).unwrap_err();
    assert_eq!(open.rule, "SEL-VOTE-METHOD");
    assert_eq!(VoteMethod::parse("无记名投票"), Some(VoteMethod::SecretBallot));
    assert_eq!(VoteMethod::parse(""), Some(VoteMethod::ShowOfHands));
    assert_eq!(VoteMethod::parse("圈阅"), None);
}
