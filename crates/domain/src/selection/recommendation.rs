//! Democratic recommendation (民主推荐): rounds of talk-survey (谈话调研推荐) or meeting (会议推荐)
//! recommendation, each with an electorate sealed before it opens.
//!
//! - The electorate (the defined participants) is fixed while the round is being prepared and
//!   cannot change once it opens: the attendance rule is measured against it
//!   (SEL-RECOMMEND-ATTENDANCE: a meeting needs at least 2/3 of the defined participants).
//! - Online voting issues one one-time code per voter present; a code votes once, and the ballot
//!   is kept with no link to the code or voter, so the tally is recomputable from the ballots.
//! - Paper voting is counted by two tellers whose counts must match; when they differ, the
//!   round keeps no count and both tellers count again.
//! - A ballot is a set of candidates, at most the round's `max_choices`; a ballot naming more,
//!   or anyone not a candidate, is invalid and counted apart; an empty ballot is a valid blank.
//! - Vote share is taken over the voters present (SEL-RECOMMEND-THRESHOLD's base
//!   `participants_present`); reaching exactly the threshold is enough.
//! - SEL-RECOMMEND-NOT-ELECTION: the result is a [`Standing`] per candidate — an input to the
//!   eligibility gate and the committee, never a decision. No function here leads to a
//!   [`CommitteeDecision`](super::decision::CommitteeDecision).
//! - SEL-RECOMMEND-VALIDITY: a result is valid for the policy's months, a targeted one only for
//!   its post ([`Outcome::valid_for`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::Date;

use super::StepError;
use super::token::{OneTimeCode, derive_batch};
use crate::error::Refusal;
use crate::period::{Period, within};
use crate::policy::{Policy, PolicyError};

/// The kind of round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// 谈话调研推荐: individual talks; no meeting attendance applies.
    TalkSurvey,
    /// 会议推荐: a meeting; SEL-RECOMMEND-ATTENDANCE applies.
    Meeting,
}

impl RoundKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::TalkSurvey => "talk_survey",
            Self::Meeting => "meeting",
        }
    }

    pub fn is_meeting(self) -> bool {
        self == Self::Meeting
    }

    /// Reads a kind as stored, or as a form gives it (code or Chinese name).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "talk_survey" | "谈话调研推荐" => Some(Self::TalkSurvey),
            "meeting" | "会议推荐" => Some(Self::Meeting),
            _ => None,
        }
    }
}

/// An anonymous ballot: the candidates marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ballot(pub BTreeSet<String>);

/// Counts per candidate, with invalid and blank ballots apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Tally {
    pub votes: BTreeMap<String, u64>,
    pub valid: u64,
    pub blank: u64,
    pub invalid: u64,
}

impl Tally {
    /// Counts stored ballots against the candidate list and the choice limit.
    pub fn count(candidates: &BTreeSet<String>, max_choices: usize, ballots: &[Ballot]) -> Self {
        let mut tally = Tally { votes: candidates.iter().map(|c| (c.clone(), 0)).collect(), ..Tally::default() };
        for Ballot(marks) in ballots {
            if marks.len() > max_choices || marks.iter().any(|m| !candidates.contains(m)) {
                tally.invalid += 1;
                continue;
            }
            tally.valid += 1;
            if marks.is_empty() {
                tally.blank += 1;
            }
            for mark in marks {
                *tally.votes.entry(mark.clone()).or_default() += 1;
            }
        }
        tally
    }

    fn ballots(&self) -> u64 {
        self.valid + self.invalid
    }
}

/// A candidate's standing: votes over the voters present, and whether the threshold is reached
/// (always `true` where no threshold rule is in force).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub candidate: String,
    pub votes: u64,
    /// Voters present (实到人数).
    pub base: u64,
    pub reaches_threshold: bool,
}

/// A recommendation round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    id: String,
    kind: RoundKind,
    /// For a targeted recommendation (定向推荐), the post.
    targeted_post: Option<String>,
    electorate: BTreeSet<String>,
    candidates: BTreeSet<String>,
    max_choices: usize,
    /// Who attended; `None` until the round opens.
    present: Option<BTreeSet<String>>,
    held_on: Option<Date>,
    codes: BTreeSet<OneTimeCode>,
    spent: BTreeSet<OneTimeCode>,
    ballots: Vec<Ballot>,
    paper: Option<Tally>,
}

fn refuse(rule: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::new(rule, zh, en)
}

impl Round {
    pub fn new(id: &str, kind: RoundKind, targeted_post: Option<&str>, max_choices: usize) -> Self {
        Self {
            id: id.to_owned(),
            kind,
            targeted_post: targeted_post.map(str::to_owned),
            electorate: BTreeSet::new(),
            candidates: BTreeSet::new(),
            max_choices,
            present: None,
            held_on: None,
            codes: BTreeSet::new(),
            spent: BTreeSet::new(),
            ballots: Vec::new(),
            paper: None,
        }
    }

    /// Adds a participant to the electorate; refused once the round is open.
    pub fn add_participant(&mut self, voter: &str) -> Result<(), Refusal> {
        self.sealed_check()?;
        self.electorate.insert(voter.to_owned());
        Ok(())
    }

    /// Removes a participant; refused once the round is open.
    pub fn remove_participant(&mut self, voter: &str) -> Result<(), Refusal> {
        self.sealed_check()?;
        self.electorate.remove(voter);
        Ok(())
    }

    /// Adds a reference candidate; refused once the round is open.
    pub fn add_candidate(&mut self, candidate: &str) -> Result<(), Refusal> {
        self.sealed_check()?;
        self.candidates.insert(candidate.to_owned());
        Ok(())
    }

    fn sealed_check(&self) -> Result<(), Refusal> {
        if self.present.is_some() {
            return Err(refuse(
                "SEL-RECOMMEND-ATTENDANCE",
                "推荐开始后参加人员范围和候选人不得变更",
                "the electorate and the candidates are sealed once the round opens",
            ));
        }
        Ok(())
    }

    /// Opens the round on `on` with the participants present, sealing the electorate; a
    /// meeting round needs SEL-RECOMMEND-ATTENDANCE. For online voting, pass `seed` (entropy
    /// of at least 16 bytes) to get one code per voter present, to hand out in any order.
    pub fn open(
        &mut self,
        policy: &Policy,
        on: Date,
        present: impl IntoIterator<Item = String>,
        seed: Option<&[u8]>,
    ) -> Result<Vec<OneTimeCode>, StepError> {
        if self.present.is_some() {
            return Err(refuse("SEL-RECORD", "推荐已开始", "the round is already open").into());
        }
        if self.electorate.is_empty() || self.candidates.is_empty() || self.max_choices == 0 {
            return Err(refuse(
                "SEL-RECOMMEND-ATTENDANCE",
                "推荐前须确定参加人员、候选人和应选人数",
                "the electorate, the candidates and the number of choices are fixed before opening",
            )
            .into());
        }
        let present: BTreeSet<String> = present.into_iter().collect();
        if let Some(stranger) = present.iter().find(|p| !self.electorate.contains(*p)) {
            return Err(refuse(
                "SEL-RECOMMEND-ATTENDANCE",
                format!("{stranger} 不在确定的参加人员范围内"),
                format!("{stranger} is not among the defined participants"),
            )
            .into());
        }
        if self.kind == RoundKind::Meeting && policy.is_in_force("SEL-RECOMMEND-ATTENDANCE", on) {
            let ratio = policy.ratio("SEL-RECOMMEND-ATTENDANCE", None, on)?;
            let (came, defined) = (present.len() as u64, self.electorate.len() as u64);
            if !ratio.is_met(came, defined) {
                let needed = ratio.minimum_count(defined).unwrap_or(defined);
                return Err(refuse(
                    "SEL-RECOMMEND-ATTENDANCE",
                    format!("应到 {defined} 人，实到 {came} 人，到会须{}（至少 {needed} 人）", ratio.describe().zh),
                    format!(
                        "{came} of {defined} defined participants present; attendance must be {} ({needed} needed)",
                        ratio.describe().en
                    ),
                )
                .into());
            }
        }
        let codes = match seed {
            Some(seed) => derive_batch(seed, &format!("recommendation:{}", self.id), present.len())
                .map_err(|e| refuse("SEL-RECOMMEND-ATTENDANCE", e.message.zh, e.message.en))?,
            None => Vec::new(),
        };
        self.codes = codes.iter().cloned().collect();
        self.present = Some(present);
        self.held_on = Some(on);
        Ok(codes)
    }

    /// Casts an online ballot with a one-time code. The code is spent; the ballot is stored
    /// without it. A spent or unknown code is refused.
    pub fn cast(&mut self, code: &OneTimeCode, marks: BTreeSet<String>) -> Result<(), Refusal> {
        if self.present.is_none() {
            return Err(refuse("SEL-RECORD", "推荐尚未开始", "the round has not opened"));
        }
        if !self.codes.contains(code) {
            return Err(refuse("SEL-RECORD", "投票码无效", "unknown voter code"));
        }
        if !self.spent.insert(code.clone()) {
            return Err(refuse(
                "SEL-RECORD",
                "该投票码已投过票，每码只能投一次",
                "this code has voted; a code votes once",
            ));
        }
        self.ballots.push(Ballot(marks));
        Ok(())
    }

    /// Loads ballots kept by the storage, which spent one code for each (a code votes once is
    /// enforced there, by a conditional update); refused for a round not open or with more
    /// ballots than voters present.
    pub fn load_ballots(&mut self, ballots: Vec<Ballot>) -> Result<(), Refusal> {
        let Some(present) = &self.present else {
            return Err(refuse("SEL-RECORD", "推荐尚未开始", "the round has not opened"));
        };
        if ballots.len() > present.len() {
            return Err(refuse(
                "SEL-RECORD",
                "收回票数多于实到人数，须重新推荐",
                "more ballots than voters present: the round must be held again",
            ));
        }
        self.ballots = ballots;
        Ok(())
    }

    /// The stored ballots (anonymous).
    pub fn ballots(&self) -> &[Ballot] {
        &self.ballots
    }

    /// Records paper counts entered by two tellers. They must match line by line; when they do
    /// not, nothing is recorded and the refusal lists the lines that differ, for a recount.
    pub fn record_paper_counts(&mut self, first: &Tally, second: &Tally) -> Result<(), Refusal> {
        let Some(present) = &self.present else {
            return Err(refuse("SEL-RECORD", "推荐尚未开始", "the round has not opened"));
        };
        let mut differ: Vec<String> = Vec::new();
        for name in self.candidates.iter().chain(first.votes.keys()).chain(second.votes.keys()) {
            let (a, b) = (first.votes.get(name).copied().unwrap_or(0), second.votes.get(name).copied().unwrap_or(0));
            if a != b && !differ.contains(name) {
                differ.push(name.clone());
            }
        }
        for (label, a, b) in [
            ("valid", first.valid, second.valid),
            ("blank", first.blank, second.blank),
            ("invalid", first.invalid, second.invalid),
        ] {
            if a != b {
                differ.push(label.to_owned());
            }
        }
        if !differ.is_empty() {
            let lines = differ.join(", ");
            return Err(refuse(
                "SEL-RECORD",
                format!("两名计票人的计票结果不一致（{lines}），须重新清点后再次录入"),
                format!("the two tellers' counts differ ({lines}); recount and enter both again"),
            ));
        }
        if let Some(unknown) = first.votes.keys().find(|k| !self.candidates.contains(*k)) {
            return Err(refuse("SEL-RECORD", format!("{unknown} 不是候选人"), format!("{unknown} is not a candidate")));
        }
        if first.ballots() > present.len() as u64 {
            return Err(refuse(
                "SEL-RECORD",
                "收回票数多于实到人数，须重新推荐",
                "more ballots than voters present: the round must be held again",
            ));
        }
        self.paper = Some(first.clone());
        Ok(())
    }

    /// The tally: the reconciled paper count, or a count of the stored ballots.
    pub fn tally(&self) -> Tally {
        match &self.paper {
            Some(paper) => paper.clone(),
            None => Tally::count(&self.candidates, self.max_choices, &self.ballots),
        }
    }

    /// The outcome: each candidate's standing over the voters present.
    pub fn outcome(&self, policy: &Policy) -> Result<Outcome, StepError> {
        let (Some(present), Some(held_on)) = (&self.present, self.held_on) else {
            return Err(refuse("SEL-RECORD", "推荐尚未开始", "the round has not opened").into());
        };
        let threshold = if policy.is_in_force("SEL-RECOMMEND-THRESHOLD", held_on) {
            Some(policy.ratio("SEL-RECOMMEND-THRESHOLD", None, held_on)?)
        } else {
            None
        };
        let base = present.len() as u64;
        let tally = self.tally();
        let standings = tally
            .votes
            .iter()
            .map(|(candidate, votes)| Standing {
                candidate: candidate.clone(),
                votes: *votes,
                base,
                reaches_threshold: threshold.as_ref().is_none_or(|t| t.is_met(*votes, base)),
            })
            .collect();
        Ok(Outcome { held_on, targeted_post: self.targeted_post.clone(), tally, standings })
    }
}

/// The result of a round: an input beside assessments and record (SEL-RECOMMEND-NOT-ELECTION).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub held_on: Date,
    pub targeted_post: Option<String>,
    pub tally: Tally,
    pub standings: Vec<Standing>,
}

impl Outcome {
    pub fn standing(&self, candidate: &str) -> Option<&Standing> {
        self.standings.iter().find(|s| s.candidate == candidate)
    }

    /// The last day the result is valid (SEL-RECOMMEND-VALIDITY): the policy's `valid_months`
    /// after the round, the round's day not counted, ending on the corresponding day (Civil Code
    /// arts. 201–202) — a round of 10 January is valid through 10 January a year later. Validity
    /// is a status, so its end is not moved off a rest day (art. 203 serves an act at an office).
    pub fn valid_through(&self, policy: &Policy) -> Result<Date, PolicyError> {
        let months = policy.months("SEL-RECOMMEND-VALIDITY", "valid_months", self.held_on)?;
        Ok(within(self.held_on, Period::Months(months)))
    }

    /// Checks the result may be used for `post` on `on` (SEL-RECOMMEND-VALIDITY): from the round
    /// through [`Outcome::valid_through`], and a targeted result only for its post.
    pub fn valid_for(&self, policy: &Policy, post: &str, on: Date) -> Result<(), StepError> {
        let rule = "SEL-RECOMMEND-VALIDITY";
        let months = policy.months(rule, "valid_months", self.held_on)?;
        let last = self.valid_through(policy)?;
        if on < self.held_on {
            return Err(refuse(
                rule,
                format!("民主推荐结果（{}）不能用于推荐之前的 {on}", self.held_on),
                format!("the recommendation of {} cannot be used on {on}, before it was held", self.held_on),
            )
            .into());
        }
        if on > last {
            return Err(refuse(
                rule,
                format!("民主推荐结果（{}）有效期 {months} 个月，有效至 {last}，已失效", self.held_on),
                format!(
                    "the recommendation of {} was valid for {months} months, through {last}; it has expired",
                    self.held_on
                ),
            )
            .into());
        }
        if let Some(target) = &self.targeted_post
            && target != post
            && policy.flag(rule, "targeted_valid_for_that_post_only", self.held_on)?
        {
            return Err(refuse(
                rule,
                "定向推荐结果只对该职位有效，职位变化须重新推荐",
                "a targeted recommendation is valid only for its post; recommend again for another",
            )
            .into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::policy::NATIONAL_TOML;
    use crate::selection::testing::policy;

    const ON: Date = date!(2026 - 01 - 10);
    const SEED: &[u8] = b"voter-code-entropy-0123456789";

    fn voters(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("v{i:02}")).collect()
    }

    fn marks(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn round(kind: RoundKind, electorate: usize) -> Round {
        let mut r = Round::new("r1", kind, None, 1);
        for v in voters(electorate) {
            r.add_participant(&v).unwrap();
        }
        r.add_candidate("a").unwrap();
        r.add_candidate("b").unwrap();
        r
    }

    #[test]
    fn sel_recommend_attendance_two_thirds_of_the_defined_participants() {
        let p = policy();
        let err = round(RoundKind::Meeting, 30).open(&p, ON, voters(19), None).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-RECOMMEND-ATTENDANCE");
        assert!(err.refusal().unwrap().reason.zh.contains("至少 20 人"));
        assert!(round(RoundKind::Meeting, 30).open(&p, ON, voters(20), None).is_ok());
        // A talk-survey round has no meeting to attend.
        assert!(round(RoundKind::TalkSurvey, 30).open(&p, ON, voters(5), None).is_ok());
    }

    #[test]
    fn sel_recommend_attendance_the_electorate_is_sealed_when_the_round_opens() {
        let mut r = round(RoundKind::Meeting, 3);
        r.remove_participant("v03").unwrap();
        r.add_participant("v04").unwrap();
        let outsider = r.clone().open(&policy(), ON, ["v03".to_owned()], None).unwrap_err();
        assert_eq!(outsider.refusal().unwrap().rule, "SEL-RECOMMEND-ATTENDANCE");
        r.open(&policy(), ON, voters(2), None).unwrap();
        assert_eq!(r.add_participant("v09").unwrap_err().rule, "SEL-RECOMMEND-ATTENDANCE");
        assert_eq!(r.remove_participant("v01").unwrap_err().rule, "SEL-RECOMMEND-ATTENDANCE");
        assert_eq!(r.add_candidate("c").unwrap_err().rule, "SEL-RECOMMEND-ATTENDANCE");
    }

    #[test]
    fn sel_recommend_threshold_exactly_half_of_those_present_reaches_it() {
        let p = policy();
        let mut r = round(RoundKind::Meeting, 20);
        let codes = r.open(&p, ON, voters(20), Some(SEED)).unwrap();
        assert_eq!(codes.len(), 20);
        for (i, code) in codes.iter().enumerate() {
            let ballot = match i {
                0..10 => marks(&["a"]),
                10..19 => marks(&["b"]),
                _ => marks(&["a", "b"]), // two marks where one is allowed: invalid
            };
            r.cast(code, ballot).unwrap();
        }
        let outcome = r.outcome(&p).unwrap();
        let a = outcome.standing("a").unwrap();
        assert_eq!((a.votes, a.base, a.reaches_threshold), (10, 20, true));
        let b = outcome.standing("b").unwrap();
        assert_eq!((b.votes, b.reaches_threshold), (9, false));
        assert_eq!((outcome.tally.valid, outcome.tally.invalid), (19, 1));
    }

    #[test]
    fn sel_recommend_not_election_without_a_local_threshold_every_share_is_only_an_input() {
        let national = Policy::from_layers(&[("national", NATIONAL_TOML)]).unwrap();
        let mut r = round(RoundKind::Meeting, 3);
        let codes = r.open(&national, ON, voters(3), Some(SEED)).unwrap();
        r.cast(&codes[0], marks(&["a"])).unwrap();
        let outcome = r.outcome(&national).unwrap();
        // One vote in three: no national threshold bars it; the committee weighs it with the record.
        assert!(outcome.standings.iter().all(|s| s.reaches_threshold));
    }

    #[test]
    fn a_voter_code_votes_once_and_the_tally_is_recomputable_from_the_ballots() {
        let p = policy();
        let mut r = round(RoundKind::Meeting, 3);
        let codes = r.open(&p, ON, voters(3), Some(SEED)).unwrap();
        r.cast(&codes[0], marks(&["a"])).unwrap();
        assert_eq!(r.cast(&codes[0], marks(&["b"])).unwrap_err().rule, "SEL-RECORD");
        let typed = OneTimeCode::parse("code", &codes[1].to_string().to_lowercase()).unwrap();
        r.cast(&typed, marks(&[])).unwrap();
        let forged = OneTimeCode::derive(b"another-seed-0123456789", "x", 0);
        assert_eq!(r.cast(&forged, marks(&["a"])).unwrap_err().rule, "SEL-RECORD");
        r.cast(&codes[2], marks(&["z"])).unwrap();
        let tally = r.tally();
        assert_eq!(tally, Tally::count(&marks(&["a", "b"]), 1, r.ballots()));
        assert_eq!((tally.votes["a"], tally.valid, tally.blank, tally.invalid), (1, 2, 1, 1));
        // No weak seed.
        let weak = round(RoundKind::Meeting, 3).open(&p, ON, voters(3), Some(b"weak")).unwrap_err();
        assert_eq!(weak.refusal().unwrap().rule, "SEL-RECOMMEND-ATTENDANCE");
    }

    #[test]
    fn stored_ballots_give_the_same_outcome_as_cast_ones() {
        let p = policy();
        let mut r = round(RoundKind::Meeting, 3);
        r.open(&p, ON, voters(3), None).unwrap();
        r.load_ballots(vec![Ballot(marks(&["a"])), Ballot(marks(&["a"])), Ballot(marks(&[]))]).unwrap();
        let outcome = r.outcome(&p).unwrap();
        assert_eq!(outcome.standing("a").unwrap().votes, 2);
        assert_eq!(outcome.tally.blank, 1);
        let four = vec![Ballot(marks(&["a"])); 4];
        assert_eq!(r.load_ballots(four).unwrap_err().rule, "SEL-RECORD");
    }

    #[test]
    fn paper_counts_of_two_tellers_must_match_else_recount() {
        let p = policy();
        let mut r = round(RoundKind::Meeting, 20);
        r.open(&p, ON, voters(18), None).unwrap();
        let first = Tally { votes: [("a".into(), 10), ("b".into(), 7)].into(), valid: 17, blank: 0, invalid: 1 };
        let second = Tally { votes: [("a".into(), 9), ("b".into(), 8)].into(), ..first.clone() };
        let err = r.record_paper_counts(&first, &second).unwrap_err();
        assert!(err.reason.en.contains("a, b"));
        assert_eq!(r.tally().valid, 0, "nothing is recorded when the tellers differ");
        r.record_paper_counts(&first, &first.clone()).unwrap();
        let a = r.outcome(&p).unwrap();
        assert_eq!((a.standing("a").unwrap().votes, a.standing("a").unwrap().base), (10, 18));
        assert!(a.standing("a").unwrap().reaches_threshold);
        let too_many = Tally { valid: 19, ..first.clone() };
        assert!(r.record_paper_counts(&too_many, &too_many).is_err());
    }

    #[test]
    fn sel_recommend_validity_from_29_february_or_to_a_holiday_ends_as_the_civil_code_says() {
        let p = policy();
        let held = |on: Date| Outcome { held_on: on, targeted_post: None, tally: Tally::default(), standings: vec![] };
        assert_eq!(held(date!(2028 - 02 - 29)).valid_through(&p).unwrap(), date!(2029 - 02 - 28));
        assert_eq!(held(date!(2026 - 01 - 31)).valid_through(&p).unwrap(), date!(2027 - 01 - 31));
        // The corresponding day 2026-10-01 is a holiday: validity, a status, is not extended.
        let national_day = held(date!(2025 - 10 - 01));
        assert!(national_day.valid_for(&p, "post", date!(2026 - 10 - 01)).is_ok());
        assert!(national_day.valid_for(&p, "post", date!(2026 - 10 - 02)).is_err());
    }

    #[test]
    fn sel_recommend_validity_one_year_and_targeted_only_for_its_post() {
        let p = policy();
        let mut r = Round::new("r2", RoundKind::Meeting, Some("post-7"), 1);
        r.add_participant("v1").unwrap();
        r.add_candidate("a").unwrap();
        r.open(&p, ON, ["v1".to_owned()], None).unwrap();
        let outcome = r.outcome(&p).unwrap();
        // Held on 2026-01-10: valid through the corresponding day 2027-01-10 (the round's day not
        // counted), expired on 2027-01-11.
        assert_eq!(outcome.valid_through(&p).unwrap(), date!(2027 - 01 - 10));
        assert!(outcome.valid_for(&p, "post-7", date!(2027 - 01 - 10)).is_ok());
        let late = outcome.valid_for(&p, "post-7", date!(2027 - 01 - 11)).unwrap_err();
        assert_eq!(late.refusal().unwrap().rule, "SEL-RECOMMEND-VALIDITY");
        assert!(late.refusal().unwrap().reason.zh.contains("有效至 2027-01-10"));
        let early = outcome.valid_for(&p, "post-7", date!(2026 - 01 - 09)).unwrap_err();
        assert_eq!(early.refusal().unwrap().rule, "SEL-RECOMMEND-VALIDITY");
        let other = outcome.valid_for(&p, "post-8", date!(2026 - 02 - 01)).unwrap_err();
        assert_eq!(other.refusal().unwrap().rule, "SEL-RECOMMEND-VALIDITY");
    }
}
