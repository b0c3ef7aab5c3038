//! The selection case (纪实): one per vacancy, opened by a motion (动议) and moved through its
//! states by transitions that each check the rules forbidding a wrong step.
//!
//! States, in order: motion → recommendation (民主推荐) or examination (竞争上岗 / 公开选拔 written
//! exam and interview) → eligibility (the gate before inspection) → inspection (考察) → decision
//! (讨论决定) → publicity (任前公示) → appointed (任职) → archived (归档). A case may be paused
//! (a flag: the state is kept and resuming returns to it) and, before it is appointed, ended
//! and archived with a recorded reason. Each transition takes the value only the checking
//! module can make — an [`Admission`], an [`InspectionReport`], a [`CommitteeDecision`], a
//! [`PublicityClearance`] — so no step can be skipped.

use std::fmt;

use serde::Serialize;
use time::Date;

use super::StepError;
use super::decision::CommitteeDecision;
use super::eligibility::Admission;
use super::inspection::InspectionReport;
use super::nomination::Nomination;
use super::publicity::PublicityClearance;
use crate::error::{FieldError, Refusal};
use crate::policy::Policy;

/// How the post is filled (选任方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    /// 民主推荐 → 考察 → 讨论决定.
    DemocraticRecommendation,
    /// 竞争上岗, within the unit or system.
    CompetitiveAppointment,
    /// 公开选拔 / 公开考选, open to society.
    OpenSelection,
    /// 聘任制.
    ContractAppointment,
}

impl Method {
    /// The code the policy uses (SEL-COMPETITIVE's `methods`).
    pub fn code(self) -> &'static str {
        match self {
            Self::DemocraticRecommendation => "democratic_recommendation",
            Self::CompetitiveAppointment => "competitive_appointment",
            Self::OpenSelection => "open_selection",
            Self::ContractAppointment => "contract_appointment",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        [Self::DemocraticRecommendation, Self::CompetitiveAppointment, Self::OpenSelection, Self::ContractAppointment]
            .into_iter()
            .find(|m| m.code() == raw.trim() || m.label_zh() == raw.trim())
            .ok_or_else(|| FieldError::new(field, "选任方式无效", "unknown selection method"))
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::DemocraticRecommendation => "democratic recommendation",
            Self::CompetitiveAppointment => "competitive appointment",
            Self::OpenSelection => "open selection",
            Self::ContractAppointment => "contract appointment",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::DemocraticRecommendation => "民主推荐",
            Self::CompetitiveAppointment => "竞争上岗",
            Self::OpenSelection => "公开选拔",
            Self::ContractAppointment => "聘任制",
        }
    }

    /// Whether candidates come from an examination (written exam and interview) rather than a
    /// recommendation round. A contract appointment may use either.
    fn examines(self) -> bool {
        !matches!(self, Self::DemocraticRecommendation)
    }

    fn recommends(self) -> bool {
        matches!(self, Self::DemocraticRecommendation | Self::ContractAppointment)
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Motion,
    Recommendation,
    Examination,
    Eligibility,
    Inspection,
    Decision,
    Publicity,
    Appointed,
    Archived,
}

impl State {
    /// Every state, in order.
    pub const ALL: [State; 9] = [
        Self::Motion,
        Self::Recommendation,
        Self::Examination,
        Self::Eligibility,
        Self::Inspection,
        Self::Decision,
        Self::Publicity,
        Self::Appointed,
        Self::Archived,
    ];

    /// Reads a stored state code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Motion => "motion",
            Self::Recommendation => "democratic recommendation",
            Self::Examination => "examination",
            Self::Eligibility => "eligibility review",
            Self::Inspection => "inspection",
            Self::Decision => "committee decision",
            Self::Publicity => "pre-appointment publicity",
            Self::Appointed => "appointed",
            Self::Archived => "archived",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Motion => "motion",
            Self::Recommendation => "recommendation",
            Self::Examination => "examination",
            Self::Eligibility => "eligibility",
            Self::Inspection => "inspection",
            Self::Decision => "decision",
            Self::Publicity => "publicity",
            Self::Appointed => "appointed",
            Self::Archived => "archived",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Motion => "动议",
            Self::Recommendation => "民主推荐",
            Self::Examination => "考试测评",
            Self::Eligibility => "资格审查",
            Self::Inspection => "考察",
            Self::Decision => "讨论决定",
            Self::Publicity => "任前公示",
            Self::Appointed => "已任职",
            Self::Archived => "已归档",
        }
    }
}

/// A case number, 纪实〔2026〕12号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CaseNumber {
    pub year: i32,
    pub seq: u32,
}

impl CaseNumber {
    pub fn new(year: i32, seq: u32) -> Self {
        Self { year, seq }
    }

    /// Reads `纪实〔2026〕12号`; the brackets may also be typed `[]`, `［］` or `()`, and spaces are ignored.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let bad = || FieldError::new(field, "纪实编号格式应为 纪实〔年〕号", "a case number reads 纪实〔year〕N号");
        let rest = text.strip_prefix("纪实").ok_or_else(bad)?;
        let rest = rest.strip_suffix('号').ok_or_else(bad)?;
        let rest = rest.strip_prefix(['〔', '[', '［', '(', '（']).ok_or_else(bad)?;
        let (year, seq) = rest.split_once(['〕', ']', '］', ')', '）']).ok_or_else(bad)?;
        let year: i32 = year.parse().ok().filter(|y| (1950..=9999).contains(y) && year.len() == 4).ok_or_else(bad)?;
        let seq: u32 = seq.parse().ok().filter(|s| *s > 0).ok_or_else(bad)?;
        Ok(Self { year, seq })
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "纪实〔{}〕{}号", self.year, self.seq)
    }
}

/// The post's authorised number (职数) and its current holders, as the registry counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staffing {
    pub authorised: u32,
    pub holders: u32,
}

/// A motion (动议) opening a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Motion {
    pub proposer: String,
    pub post_id: String,
    /// A middle-level leadership post of a party or government organ (SEL-COMPETITIVE).
    pub middle_level_organ_post: bool,
    pub method: Method,
    pub work_plan: String,
    pub date: Date,
}

/// A selection case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    number: CaseNumber,
    post_id: String,
    method: Method,
    opened_on: Date,
    state: State,
    paused: bool,
    /// Why the case ended before an appointment, if it did.
    ended_because: Option<String>,
}

fn refuse(rule: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::new(rule, zh, en)
}

impl Case {
    /// Opens a case on a motion: refused when the post has no vacancy (SEL-VACANCY: authorised
    /// − holders ≤ 0), when a middle-level organ post is not filled by a method of
    /// SEL-COMPETITIVE, or when the motion lacks its proposer or work plan (SEL-RECORD).
    pub fn open(policy: &Policy, number: CaseNumber, motion: &Motion, staffing: Staffing) -> Result<Self, StepError> {
        if motion.proposer.trim().is_empty() || motion.work_plan.trim().is_empty() {
            return Err(refuse(
                "SEL-RECORD",
                "动议须记录动议主体和工作方案",
                "a motion records who proposed it and its work plan",
            )
            .into());
        }
        if staffing.authorised <= staffing.holders {
            return Err(refuse(
                "SEL-VACANCY",
                format!("该职位核定职数 {}，现有 {} 人，没有空缺，不能动议", staffing.authorised, staffing.holders),
                format!(
                    "the post has {} authorised and {} holders: no vacancy to fill",
                    staffing.authorised, staffing.holders
                ),
            )
            .into());
        }
        if motion.middle_level_organ_post && policy.is_in_force("SEL-COMPETITIVE", motion.date) {
            let methods = policy.texts("SEL-COMPETITIVE", "methods", motion.date)?;
            if !methods.contains(&motion.method.code()) {
                return Err(refuse(
                    "SEL-COMPETITIVE",
                    "党政机关中层领导岗位须实行竞争上岗或公开考选",
                    "a middle-level leadership post of a party or government organ is filled by competitive appointment or open selection",
                )
                .into());
            }
        }
        Ok(Self {
            number,
            post_id: motion.post_id.clone(),
            method: motion.method,
            opened_on: motion.date,
            state: State::Motion,
            paused: false,
            ended_because: None,
        })
    }

    /// Rebuilds a stored case. No rule is checked: a stored state was reached by the
    /// transitions above, each written with its ledger entry.
    pub fn restore(
        number: CaseNumber,
        post_id: &str,
        method: Method,
        opened_on: Date,
        state: State,
        paused: bool,
        ended_because: Option<&str>,
    ) -> Self {
        let ended_because = ended_because.map(str::to_owned);
        Self { number, post_id: post_id.to_owned(), method, opened_on, state, paused, ended_because }
    }

    pub fn number(&self) -> CaseNumber {
        self.number
    }
    pub fn state(&self) -> State {
        self.state
    }
    pub fn method(&self) -> Method {
        self.method
    }
    pub fn post_id(&self) -> &str {
        &self.post_id
    }
    pub fn opened_on(&self) -> Date {
        self.opened_on
    }
    pub fn is_paused(&self) -> bool {
        self.paused
    }
    pub fn ended_because(&self) -> Option<&str> {
        self.ended_because.as_deref()
    }

    /// Motion → democratic recommendation.
    pub fn begin_recommendation(&mut self) -> Result<State, Refusal> {
        self.step(State::Motion, "SEL-RECORD")?;
        if !self.method.recommends() {
            return Err(refuse(
                "SEL-COMPETITIVE",
                "竞争上岗、公开选拔以考试测评产生人选",
                "competitive appointment and open selection find candidates by examination",
            ));
        }
        Ok(self.go(State::Recommendation))
    }

    /// Motion → examination (written exam and interview).
    pub fn begin_examination(&mut self) -> Result<State, Refusal> {
        self.step(State::Motion, "SEL-RECORD")?;
        if !self.method.examines() {
            return Err(refuse(
                "SEL-RECORD",
                "民主推荐方式不经考试测评",
                "the democratic-recommendation method has no examination",
            ));
        }
        Ok(self.go(State::Examination))
    }

    /// Recommendation or examination → eligibility, with `nominees` candidates coming out of it:
    /// from a recommendation, those reaching SEL-RECOMMEND-THRESHOLD with a result valid for
    /// the post (SEL-RECOMMEND-VALIDITY); from an examination, those ranked (SEL-COMPETITIVE).
    pub fn close_nomination(&mut self, nominees: usize) -> Result<State, Refusal> {
        self.not_paused()?;
        let rule = match self.state {
            State::Recommendation => "SEL-RECOMMEND-THRESHOLD",
            State::Examination => "SEL-COMPETITIVE",
            _ => {
                return Err(refuse(
                    "SEL-RECOMMEND-VALIDITY",
                    "未经民主推荐或考试测评，不能确定考察人选",
                    "no candidate without a democratic recommendation or an examination",
                ));
            }
        };
        if nominees == 0 {
            return Err(refuse(rule, "没有符合条件的人选", "no candidate came out of this stage"));
        }
        Ok(self.go(State::Eligibility))
    }

    /// Checks that a recommendation round of this case may be dated `held_on`: not before the
    /// motion that opened the case (SEL-RECORD: the record's steps follow one another in time).
    pub fn check_round_date(&self, held_on: Date) -> Result<(), Refusal> {
        if held_on < self.opened_on {
            return Err(refuse(
                "SEL-RECORD",
                format!("推荐日期 {held_on} 早于本纪实的动议日期 {}，推荐须在动议之后进行", self.opened_on),
                format!(
                    "a round dated {held_on} would precede the case's motion of {}: recommend after the motion",
                    self.opened_on
                ),
            ));
        }
        Ok(())
    }

    /// Recommendation → eligibility with the candidates of `nomination`. When it nominates no
    /// one, the nomination says why: SEL-RECOMMEND-VALIDITY for results that expired,
    /// SEL-RECOMMEND-THRESHOLD for results below the threshold.
    pub fn close_recommendation(&mut self, nomination: &Nomination) -> Result<State, Refusal> {
        self.step(State::Recommendation, "SEL-RECOMMEND-VALIDITY")?;
        if nomination.nominated.is_empty() {
            return Err(nomination.why_no_one());
        }
        Ok(self.go(State::Eligibility))
    }

    /// Eligibility → inspection, once at least one candidate has passed the gate (SEL-INELIGIBLE,
    /// SEL-FOUR-MUSTS and the others the gate checks).
    pub fn begin_inspection(&mut self, admitted: &[Admission]) -> Result<State, Refusal> {
        self.step(State::Eligibility, "SEL-INELIGIBLE")?;
        if admitted.is_empty() {
            return Err(refuse(
                "SEL-INELIGIBLE",
                "没有通过资格审查的人选，不能列为考察对象",
                "no candidate has passed the eligibility gate to become an inspection subject",
            ));
        }
        Ok(self.go(State::Inspection))
    }

    /// Inspection → decision, with the concluded inspection report (SEL-INSPECTION: no
    /// discussion without inspection).
    pub fn submit_for_decision(&mut self, report: &InspectionReport) -> Result<State, Refusal> {
        self.step(State::Inspection, "SEL-INSPECTION")?;
        if report.case() != self.number {
            return Err(refuse(
                "SEL-INSPECTION",
                "考察报告不属于本纪实",
                "the inspection report belongs to another case",
            ));
        }
        Ok(self.go(State::Decision))
    }

    /// Decision → publicity, only with a passed committee decision of this case
    /// (SEL-COLLECTIVE, SEL-PASS).
    pub fn publicise(&mut self, decision: &CommitteeDecision) -> Result<State, Refusal> {
        self.step(State::Decision, "SEL-COLLECTIVE")?;
        if *decision.case() != self.number {
            return Err(refuse(
                "SEL-COLLECTIVE",
                "该会议决定不属于本纪实",
                "the committee decision belongs to another case",
            ));
        }
        if !decision.passed() {
            return Err(refuse("SEL-PASS", "会议表决未通过，不能公示", "the committee vote did not pass"));
        }
        Ok(self.go(State::Publicity))
    }

    /// Publicity → appointed, with the publicity's clearance (SEL-PUBLICITY,
    /// SEL-PUBLICITY-HOLD, SEL-REPORT-VERIFIED are checked in making it).
    pub fn appoint(&mut self, clearance: &PublicityClearance) -> Result<State, Refusal> {
        self.step(State::Publicity, "SEL-PUBLICITY")?;
        if clearance.case() != self.number {
            return Err(refuse("SEL-PUBLICITY", "公示结果不属于本纪实", "the publicity belongs to another case"));
        }
        Ok(self.go(State::Appointed))
    }

    /// Archives the case: after the appointment, or earlier with the reason it ended (SEL-RECORD).
    pub fn archive(&mut self, ended_because: Option<&str>) -> Result<State, Refusal> {
        self.not_paused()?;
        match (self.state, ended_because.map(str::trim)) {
            (State::Archived, _) => Err(refuse("SEL-RECORD", "纪实已归档", "the case is already archived")),
            (State::Appointed, _) => Ok(self.go(State::Archived)),
            (_, Some(reason)) if !reason.is_empty() => {
                self.ended_because = Some(reason.to_owned());
                Ok(self.go(State::Archived))
            }
            _ => Err(refuse(
                "SEL-RECORD",
                "未任职即终止的纪实须记录终止原因",
                "a case ended before an appointment records why",
            )),
        }
    }

    /// Pauses the case (选任暂停); the state is kept.
    pub fn pause(&mut self) -> Result<State, Refusal> {
        self.not_paused()?;
        if self.state == State::Archived {
            return Err(refuse("SEL-RECORD", "纪实已归档", "the case is archived"));
        }
        self.paused = true;
        Ok(self.state)
    }

    /// Resumes a paused case at the state it was paused in.
    pub fn resume(&mut self) -> Result<State, Refusal> {
        if !self.paused {
            return Err(refuse("SEL-RECORD", "纪实未暂停", "the case is not paused"));
        }
        self.paused = false;
        Ok(self.state)
    }

    fn not_paused(&self) -> Result<(), Refusal> {
        if self.paused {
            Err(refuse("SEL-RECORD", "纪实已暂停，恢复后才能继续", "the case is paused; resume it first"))
        } else {
            Ok(())
        }
    }

    /// Checks the case is not paused and stands in `from`; else refused by `rule`, the rule of
    /// the step that would be skipped.
    fn step(&self, from: State, rule: &str) -> Result<(), Refusal> {
        self.not_paused()?;
        if self.state == from {
            return Ok(());
        }
        Err(refuse(
            rule,
            format!("纪实处于“{}”阶段，此步骤须在“{}”阶段办理", self.state.label_zh(), from.label_zh()),
            format!("the case is at {}; this step is taken at {}", self.state.code(), from.code()),
        ))
    }

    fn go(&mut self, to: State) -> State {
        self.state = to;
        to
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::decision::decided_for_test;
    use crate::selection::eligibility::admitted_for_test;
    use crate::selection::inspection::{Inspection, Interviews};
    use crate::selection::publicity::Publicity;
    use crate::selection::testing::{calendar, policy};

    const ON: Date = date!(2026 - 01 - 05);
    const NUMBER: CaseNumber = CaseNumber { year: 2026, seq: 12 };

    fn motion(method: Method, middle_level: bool) -> Motion {
        Motion {
            proposer: "市委组织部".into(),
            post_id: "p1".into(),
            middle_level_organ_post: middle_level,
            method,
            work_plan: "选拔方案".into(),
            date: ON,
        }
    }

    fn open(method: Method) -> Case {
        Case::open(&policy(), NUMBER, &motion(method, false), Staffing { authorised: 2, holders: 1 }).unwrap()
    }

    fn report(case: CaseNumber) -> InspectionReport {
        let mut team = Inspection::new(case, "c1", &["a"]).unwrap();
        team.accept_letter("a", ON).unwrap();
        let talk = Interviews { inspector: "a".into(), on: ON, count: 20, summary: "评价较好".into() };
        team.record_interviews(talk).unwrap();
        team.conclude("a", ON, "同意").unwrap()
    }

    fn rule(result: Result<State, Refusal>) -> String {
        result.unwrap_err().rule
    }

    #[test]
    fn case_numbers_format_and_parse() {
        assert_eq!(NUMBER.to_string(), "纪实〔2026〕12号");
        assert_eq!(CaseNumber::parse("n", "纪实〔2026〕12号").unwrap(), NUMBER);
        assert_eq!(CaseNumber::parse("n", " 纪实[2026]12 号").unwrap(), NUMBER);
        for bad in ["纪实〔26〕12号", "纪实〔2026〕0号", "纪实2026-12", "〔2026〕12号", "纪实〔2026〕号"]
        {
            assert!(CaseNumber::parse("n", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sel_vacancy_a_motion_needs_a_vacancy_under_the_authorised_number() {
        let p = policy();
        let full = Case::open(
            &p,
            NUMBER,
            &motion(Method::DemocraticRecommendation, false),
            Staffing { authorised: 2, holders: 2 },
        );
        assert_eq!(full.unwrap_err().refusal().unwrap().rule, "SEL-VACANCY");
        let over = Staffing { authorised: 1, holders: 3 };
        assert!(Case::open(&p, NUMBER, &motion(Method::DemocraticRecommendation, false), over).is_err());
        let unplanned = Motion { work_plan: " ".into(), ..motion(Method::DemocraticRecommendation, false) };
        let err = Case::open(&p, NUMBER, &unplanned, Staffing { authorised: 2, holders: 1 }).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-RECORD");
    }

    #[test]
    fn sel_competitive_a_middle_level_organ_post_is_filled_by_competition() {
        let p = policy();
        let staffing = Staffing { authorised: 1, holders: 0 };
        let err = Case::open(&p, NUMBER, &motion(Method::DemocraticRecommendation, true), staffing).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-COMPETITIVE");
        let mut case = Case::open(&p, NUMBER, &motion(Method::CompetitiveAppointment, true), staffing).unwrap();
        assert_eq!(rule(case.begin_recommendation()), "SEL-COMPETITIVE");
        assert_eq!(case.begin_examination().unwrap(), State::Examination);
        assert_eq!(rule(case.close_nomination(0)), "SEL-COMPETITIVE");
        assert_eq!(case.close_nomination(3).unwrap(), State::Eligibility);
    }

    #[test]
    fn sel_record_a_round_is_not_dated_before_the_case_s_motion() {
        let case = open(Method::DemocraticRecommendation);
        let before = case.check_round_date(date!(2026 - 01 - 04)).unwrap_err();
        assert_eq!(before.rule, "SEL-RECORD");
        assert!(before.reason.zh.contains("2026-01-05"), "{}", before.reason.zh);
        assert!(case.check_round_date(ON).is_ok(), "the motion's own day is allowed");
        assert!(case.check_round_date(date!(2026 - 01 - 06)).is_ok());
    }

    #[test]
    fn closing_a_recommendation_names_validity_or_threshold_when_no_one_comes_out() {
        use crate::selection::nomination::{Dropped, Nomination, Ranked};
        use crate::selection::recommendation::Standing;
        let standing = Standing { candidate: "c1".into(), votes: 8, base: 10, reaches_threshold: true };
        let dropped = Dropped {
            candidate: "c1".into(),
            round: "r1".into(),
            held_on: date!(2024 - 12 - 20),
            valid_through: date!(2025 - 12 - 20),
            votes: 8,
            base: 10,
            reached_threshold: true,
            rule: "SEL-RECOMMEND-VALIDITY",
            reason: crate::error::Msg::new("已失效", "expired"),
        };
        let expired = Nomination { nominated: vec![], below_threshold: vec![], dropped: vec![dropped] };
        let mut case = open(Method::DemocraticRecommendation);
        assert_eq!(rule(case.close_recommendation(&expired)), "SEL-RECOMMEND-VALIDITY", "not yet in recommendation");
        case.begin_recommendation().unwrap();
        assert_eq!(rule(case.close_recommendation(&expired)), "SEL-RECOMMEND-VALIDITY");
        let low = Standing { reaches_threshold: false, votes: 2, ..standing.clone() };
        let below = Nomination {
            nominated: vec![],
            below_threshold: vec![Ranked { round: "r2".into(), standing: low }],
            dropped: vec![],
        };
        assert_eq!(rule(case.close_recommendation(&below)), "SEL-RECOMMEND-THRESHOLD");
        let one = Nomination { nominated: vec![Ranked { round: "r2".into(), standing }], ..below };
        assert_eq!(case.close_recommendation(&one).unwrap(), State::Eligibility);
    }

    #[test]
    fn a_case_runs_from_motion_to_archive() {
        let mut case = open(Method::DemocraticRecommendation);
        assert_eq!(case.begin_recommendation().unwrap(), State::Recommendation);
        assert_eq!(rule(case.close_nomination(0)), "SEL-RECOMMEND-THRESHOLD");
        assert_eq!(case.close_nomination(2).unwrap(), State::Eligibility);
        assert_eq!(rule(case.begin_inspection(&[])), "SEL-INELIGIBLE");
        assert_eq!(case.begin_inspection(&[admitted_for_test("c1", ON)]).unwrap(), State::Inspection);
        assert_eq!(rule(case.submit_for_decision(&report(CaseNumber::new(2026, 13)))), "SEL-INSPECTION");
        assert_eq!(case.submit_for_decision(&report(NUMBER)).unwrap(), State::Decision);
        let failed = decided_for_test(NUMBER, date!(2026 - 03 - 09), 11, 5);
        assert_eq!(rule(case.publicise(&failed)), "SEL-PASS");
        let decision = decided_for_test(NUMBER, date!(2026 - 03 - 09), 11, 6);
        assert_eq!(case.publicise(&decision).unwrap(), State::Publicity);
        let publicity = Publicity::start(&policy(), &calendar(), &decision, date!(2026 - 03 - 09)).unwrap();
        let clearance = publicity.clearance(date!(2026 - 03 - 14)).unwrap();
        assert_eq!(case.appoint(&clearance).unwrap(), State::Appointed);
        assert_eq!(case.archive(None).unwrap(), State::Archived);
        assert_eq!(rule(case.archive(None)), "SEL-RECORD");
    }

    #[test]
    fn sel_inspection_no_decision_without_inspection() {
        let mut case = open(Method::DemocraticRecommendation);
        case.begin_recommendation().unwrap();
        case.close_nomination(1).unwrap();
        assert_eq!(rule(case.submit_for_decision(&report(NUMBER))), "SEL-INSPECTION");
    }

    #[test]
    fn sel_collective_nothing_but_a_committee_decision_leads_to_publicity() {
        // SEL-RECOMMEND-NOT-ELECTION: a recommendation, however strong, does not skip ahead.
        let mut case = open(Method::DemocraticRecommendation);
        case.begin_recommendation().unwrap();
        let decision = decided_for_test(NUMBER, ON, 11, 11);
        assert_eq!(rule(case.publicise(&decision)), "SEL-COLLECTIVE");
        case.close_nomination(1).unwrap();
        case.begin_inspection(&[admitted_for_test("c1", ON)]).unwrap();
        case.submit_for_decision(&report(NUMBER)).unwrap();
        let other_case = decided_for_test(CaseNumber::new(2026, 99), ON, 11, 11);
        assert_eq!(rule(case.publicise(&other_case)), "SEL-COLLECTIVE");
    }

    #[test]
    fn sel_publicity_no_appointment_without_publicity() {
        let mut case = open(Method::DemocraticRecommendation);
        let decision = decided_for_test(NUMBER, ON, 11, 11);
        let publicity = Publicity::start(&policy(), &calendar(), &decision, ON).unwrap();
        let clearance = publicity.clearance(date!(2026 - 02 - 01)).unwrap();
        assert_eq!(rule(case.appoint(&clearance)), "SEL-PUBLICITY");
    }

    #[test]
    fn a_restored_case_continues_where_it_was() {
        let mut case =
            Case::restore(NUMBER, "p1", Method::DemocraticRecommendation, ON, State::Recommendation, false, None);
        assert_eq!(case.close_nomination(1).unwrap(), State::Eligibility);
        assert_eq!(State::parse("publicity"), Some(State::Publicity));
        assert!(State::ALL.iter().all(|s| State::parse(s.code()) == Some(*s)));
    }

    #[test]
    fn a_paused_case_takes_no_step_and_resumes_where_it_was() {
        let mut case = open(Method::DemocraticRecommendation);
        case.begin_recommendation().unwrap();
        assert_eq!(case.pause().unwrap(), State::Recommendation);
        assert!(case.is_paused());
        assert_eq!(rule(case.close_nomination(1)), "SEL-RECORD");
        assert_eq!(rule(case.pause()), "SEL-RECORD");
        assert_eq!(case.resume().unwrap(), State::Recommendation);
        assert_eq!(rule(case.resume()), "SEL-RECORD");
        assert_eq!(case.close_nomination(1).unwrap(), State::Eligibility);
    }

    #[test]
    fn a_case_ended_early_records_why() {
        let mut case = open(Method::ContractAppointment);
        assert_eq!(rule(case.archive(Some(" "))), "SEL-RECORD");
        assert_eq!(case.archive(Some("岗位撤销")).unwrap(), State::Archived);
        assert_eq!(case.ended_because(), Some("岗位撤销"));
        assert_eq!(rule(case.pause()), "SEL-RECORD");
    }
}
