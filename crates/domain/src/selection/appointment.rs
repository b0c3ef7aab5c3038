//! The appointment (任职) and what follows it: when tenure starts, probation (SEL-PROBATION)
//! with its end as an obligation, contract terms (SEL-CONTRACT), and the misjudgement review
//! of SEL-ACCOUNTABILITY.
//!
//! **When tenure starts** (《党政领导干部选拔任用工作条例》, research notes row 14): a post
//! decided by a party committee starts on the decision date; one elected or appointed by a
//! congress (people's congress, CPPCC) on that date; one appointed by a standing committee of
//! the NPC or CPPCC on that date; one nominated by the party and appointed by the government on
//! the government's appointment date — not on the date the paperwork is done after publicity.

use serde::Serialize;
use time::Date;

use super::StepError;
use super::decision::MemberId;
use super::publicity::PublicityClearance;
use crate::error::Refusal;
use crate::integrity::obligation::Duty;
use crate::period::{Period, from_first_day, within};
use crate::policy::{Policy, PolicyError};

/// What made the appointment, and so when its tenure starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TenureBasis {
    /// Decided by the party committee: the decision date.
    PartyCommitteeDecision,
    /// Elected or appointed by a congress / people's congress / CPPCC session on the date.
    CongressElection(Date),
    /// Appointed by the standing committee of the NPC or CPPCC on the date.
    StandingCommitteeAppointment(Date),
    /// Nominated by the party and appointed by the government on the date.
    GovernmentAppointment(Date),
}

impl TenureBasis {
    /// Whether the post is filled by election (no probation under SEL-PROBATION).
    pub fn is_elected(self) -> bool {
        matches!(self, Self::CongressElection(_))
    }
}

/// An appointment: made only from a publicity clearance, so only after a committee decision
/// and a publicity with nothing outstanding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    clearance: PublicityClearance,
    basis: TenureBasis,
    document_number: String,
    tenure_start: Date,
}

impl Appointment {
    /// Makes the appointment under `document_number` (任免文号, SEL-RECORD). A date-bearing
    /// basis may not precede the committee decision.
    pub fn make(clearance: PublicityClearance, basis: TenureBasis, document_number: &str) -> Result<Self, Refusal> {
        if document_number.trim().is_empty() {
            return Err(Refusal::new("SEL-RECORD", "任职须记录任免文号", "an appointment records its document number"));
        }
        let decided_on = clearance.decision().decided_on();
        let tenure_start = match basis {
            TenureBasis::PartyCommitteeDecision => decided_on,
            TenureBasis::CongressElection(d)
            | TenureBasis::StandingCommitteeAppointment(d)
            | TenureBasis::GovernmentAppointment(d) => d,
        };
        if tenure_start < decided_on {
            return Err(Refusal::new(
                "SEL-COLLECTIVE",
                "任职时间不能早于党委讨论决定",
                "the tenure cannot start before the committee decision",
            ));
        }
        Ok(Self { clearance, basis, document_number: document_number.trim().to_owned(), tenure_start })
    }

    pub fn tenure_start(&self) -> Date {
        self.tenure_start
    }
    pub fn document_number(&self) -> &str {
        &self.document_number
    }
    pub fn basis(&self) -> TenureBasis {
        self.basis
    }
    pub fn clearance(&self) -> &PublicityClearance {
        &self.clearance
    }
    pub fn candidate(&self) -> &str {
        &self.clearance.decision().item().candidate
    }
}

/// A probation and the duty to review it at its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probation {
    pub start: Date,
    /// The last day of probation.
    pub end: Date,
    pub duty: Duty,
}

/// The probation of a promotion to a post of common rank level `level` (SEL-PROBATION): for a
/// non-elected post at the policy's `min_common_level` (bureau level, 3) or below, the policy's
/// `probation_months` after the tenure start. The tenure starts with a decision taken during
/// that day, so the day is not counted and the last day is the corresponding day (Civil Code
/// arts. 201–202): decided on 9 March, probation runs to 9 March a year later. The review duty
/// falls due on that day. Probation is a status, so its end is not moved off a rest day
/// (art. 203 serves a person who must act before an office; a status simply runs out).
/// `None` where it does not apply.
pub fn probation(policy: &Policy, appointment: &Appointment, level: u8) -> Result<Option<Probation>, PolicyError> {
    let (rule, start) = ("SEL-PROBATION", appointment.tenure_start);
    if !policy.is_in_force(rule, start) || appointment.basis.is_elected() {
        return Ok(None);
    }
    let highest = policy.count(rule, "min_common_level", start)?;
    if u32::from(level) < highest {
        return Ok(None);
    }
    let months = policy.months(rule, "probation_months", start)?;
    let end = within(start, Period::Months(months));
    let duty = Duty { rule, kind: "probation_review".into(), due: end, interval_months: None };
    Ok(Some(Probation { start, end, duty }))
}

/// Contract terms of a contract appointment (聘任制), checked against SEL-CONTRACT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Contract {
    pub start: Date,
    /// The last day of the contract.
    pub end: Date,
    /// The last day of the trial period.
    pub trial_end: Date,
}

/// A contract of `years` with a trial of `trial_months` from `start`: both within the policy's
/// limits (`contract_min_years`..=`contract_max_years`, `trial_min_months`..=`trial_max_months`).
/// Unlike a probation set by a decision, a contract states its term from its first day, that day
/// counted (Civil Code art. 204: the parties' agreement), as 聘用合同 are written: three years
/// from 1 April 2026 run to 31 March 2029. Terms of a status, not moved off a rest day.
pub fn contract(policy: &Policy, start: Date, years: u32, trial_months: u32) -> Result<Contract, StepError> {
    let rule = "SEL-CONTRACT";
    let figure = |key: &str| policy.count(rule, key, start);
    let (min_y, max_y) = (figure("contract_min_years")?, figure("contract_max_years")?);
    let (min_t, max_t) = (figure("trial_min_months")?, figure("trial_max_months")?);
    if !(min_y..=max_y).contains(&years) {
        return Err(Refusal::new(
            rule,
            format!("聘任合同期限为 {min_y} 至 {max_y} 年，不能为 {years} 年"),
            format!("a contract runs {min_y} to {max_y} years, not {years}"),
        )
        .into());
    }
    if !(min_t..=max_t).contains(&trial_months) {
        return Err(Refusal::new(
            rule,
            format!("试用期为 {min_t} 至 {max_t} 个月，不能为 {trial_months} 个月"),
            format!("a trial period runs {min_t} to {max_t} months, not {trial_months}"),
        )
        .into());
    }
    let end = from_first_day(start, Period::Years(years));
    Ok(Contract { start, end, trial_end: from_first_day(start, Period::Months(trial_months)) })
}

/// A problem later found in an appointee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Problem {
    /// A sanction (处分) of the date.
    Sanctioned(Date),
    /// A report verified as true on the date.
    ReportVerified(Date),
}

impl Problem {
    fn date(self) -> Date {
        match self {
            Self::Sanctioned(d) | Self::ReportVerified(d) => d,
        }
    }
}

/// Who answers for a selection: who recommended, inspected and decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trail {
    pub recommended_by: Vec<String>,
    pub inspected_by: Vec<String>,
    pub decided_by: Vec<MemberId>,
}

/// A case flagged for misjudgement review (用人失察失误).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MisjudgementReview {
    pub rule: &'static str,
    pub appointed_on: Date,
    pub problem: Problem,
    pub trail: Trail,
}

/// Flags the case when the problem falls within the policy's `window_months` of SEL-ACCOUNTABILITY
/// after the tenure start: from the tenure start itself to the corresponding day `window_months`
/// later, both included (the window is counted from the day after the start, Civil Code
/// arts. 201–202; a problem on the start day is inside it all the more). Not moved off a rest
/// day: the window says which appointments answer for a problem, it asks no one to act.
pub fn misjudgement_review(
    policy: &Policy,
    appointed_on: Date,
    problem: Problem,
    trail: &Trail,
) -> Result<Option<MisjudgementReview>, PolicyError> {
    let rule = "SEL-ACCOUNTABILITY";
    if !policy.is_in_force(rule, appointed_on) {
        return Ok(None);
    }
    let months = policy.months(rule, "window_months", appointed_on)?;
    let when = problem.date();
    let inside = when >= appointed_on && when <= within(appointed_on, Period::Months(months));
    Ok(inside.then(|| MisjudgementReview { rule, appointed_on, problem, trail: trail.clone() }))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::case::CaseNumber;
    use crate::selection::decision::decided_for_test;
    use crate::selection::publicity::Publicity;
    use crate::selection::testing::{calendar, policy, policy_with_missing};

    const DECIDED: Date = date!(2026 - 03 - 09);

    fn appointment(basis: TenureBasis) -> Result<Appointment, Refusal> {
        let decision = decided_for_test(CaseNumber::new(2026, 12), DECIDED, 11, 9);
        let publicity = Publicity::start(&policy(), &calendar(), &decision, date!(2026 - 03 - 10)).unwrap();
        let clearance = publicity.clearance(date!(2026 - 03 - 17)).unwrap();
        Appointment::make(clearance, basis, "东组任〔2026〕5号")
    }

    #[test]
    fn tenure_starts_on_the_committee_decision_or_the_appointing_body_date() {
        let by_committee = appointment(TenureBasis::PartyCommitteeDecision).unwrap();
        assert_eq!(by_committee.tenure_start(), DECIDED);
        assert_eq!(by_committee.candidate(), "c1");
        let by_government = appointment(TenureBasis::GovernmentAppointment(date!(2026 - 03 - 20))).unwrap();
        assert_eq!(by_government.tenure_start(), date!(2026 - 03 - 20));
        let before = appointment(TenureBasis::StandingCommitteeAppointment(date!(2026 - 03 - 01))).unwrap_err();
        assert_eq!(before.rule, "SEL-COLLECTIVE");
        let decision = decided_for_test(CaseNumber::new(2026, 12), DECIDED, 11, 9);
        let publicity = Publicity::start(&policy(), &calendar(), &decision, DECIDED).unwrap();
        let clearance = publicity.clearance(date!(2026 - 03 - 17)).unwrap();
        let unnumbered = Appointment::make(clearance, TenureBasis::PartyCommitteeDecision, " ").unwrap_err();
        assert_eq!(unnumbered.rule, "SEL-RECORD");
    }

    #[test]
    fn sel_probation_one_year_for_non_elected_posts_at_bureau_level_and_below() {
        let p = policy_with_missing();
        let appointed = appointment(TenureBasis::PartyCommitteeDecision).unwrap();
        let year = probation(&p, &appointed, 5).unwrap().unwrap();
        assert_eq!((year.start, year.end), (DECIDED, date!(2027 - 03 - 09)));
        assert_eq!((year.duty.rule, year.duty.due), ("SEL-PROBATION", date!(2027 - 03 - 09)));
        assert!(probation(&p, &appointed, 3).unwrap().is_some());
        // Above bureau level, or elected: no probation.
        assert!(probation(&p, &appointed, 2).unwrap().is_none());
        let elected = appointment(TenureBasis::CongressElection(date!(2026 - 03 - 12))).unwrap();
        assert!(probation(&p, &elected, 5).unwrap().is_none());
        // The built-in policy says the same.
        assert!(probation(&policy(), &appointed, 3).unwrap().is_some());
        assert!(probation(&policy(), &appointed, 2).unwrap().is_none());
    }

    #[test]
    fn sel_probation_ends_on_the_corresponding_day_or_the_month_s_last_day_and_is_not_moved() {
        let p = policy_with_missing();
        let on = |start: Date| {
            let basis = TenureBasis::GovernmentAppointment(start);
            probation(&p, &appointment(basis).unwrap(), 5).unwrap().unwrap().end
        };
        assert_eq!(on(date!(2026 - 03 - 31)), date!(2027 - 03 - 31));
        // Appointed on 29 February 2028 (a tenure start after the decision): no 29 February 2029.
        assert_eq!(on(date!(2028 - 02 - 29)), date!(2029 - 02 - 28));
        // The corresponding day 2026-10-01 is inside 国庆节: a status runs out on it all the same.
        let decision = decided_for_test(CaseNumber::new(2025, 3), date!(2025 - 10 - 01), 11, 9);
        let publicity = Publicity::start(&policy(), &calendar(), &decision, date!(2025 - 10 - 09)).unwrap();
        let clearance = publicity.clearance(date!(2025 - 10 - 16)).unwrap();
        let appointed = Appointment::make(clearance, TenureBasis::PartyCommitteeDecision, "东组任〔2025〕9号").unwrap();
        assert_eq!(probation(&p, &appointed, 5).unwrap().unwrap().end, date!(2026 - 10 - 01));
    }

    #[test]
    fn sel_contract_term_one_to_five_years_trial_one_to_twelve_months() {
        let p = policy();
        let start = date!(2026 - 04 - 01);
        let c = contract(&p, start, 3, 6).unwrap();
        assert_eq!((c.end, c.trial_end), (date!(2029 - 03 - 31), date!(2026 - 09 - 30)));
        // From 31 August: a 6-month trial runs to the end of February (no 31 February).
        let c = contract(&p, date!(2026 - 08 - 31), 1, 6).unwrap();
        assert_eq!((c.end, c.trial_end), (date!(2027 - 08 - 30), date!(2027 - 02 - 28)));
        assert!(contract(&p, start, 1, 1).is_ok());
        assert!(contract(&p, start, 5, 12).is_ok());
        for (years, trial) in [(0, 6), (6, 6), (3, 0), (3, 13)] {
            let err = contract(&p, start, years, trial).unwrap_err();
            assert_eq!(err.refusal().unwrap().rule, "SEL-CONTRACT", "{years} years, {trial} months");
        }
    }

    #[test]
    fn sel_accountability_a_problem_within_the_window_flags_the_case() {
        let p = policy_with_missing();
        let trail = Trail {
            recommended_by: vec!["推荐组".into()],
            inspected_by: vec!["a".into(), "b".into()],
            decided_by: vec!["m01".into()],
        };
        // Appointed on 2026-03-09: the 24 months run to the corresponding day 2028-03-09.
        let flagged = misjudgement_review(&p, DECIDED, Problem::Sanctioned(date!(2028 - 03 - 09)), &trail).unwrap();
        assert_eq!(flagged.unwrap().trail, trail);
        let late = misjudgement_review(&p, DECIDED, Problem::ReportVerified(date!(2028 - 03 - 10)), &trail).unwrap();
        assert!(late.is_none());
        let same_day = misjudgement_review(&p, DECIDED, Problem::ReportVerified(DECIDED), &trail).unwrap();
        assert!(same_day.is_some(), "a problem on the tenure start is inside the window");
        let before = misjudgement_review(&p, DECIDED, Problem::ReportVerified(date!(2026 - 03 - 08)), &trail).unwrap();
        assert!(before.is_none());
        // Appointed on 29 February 2028: the window runs through 28 February 2030.
        let leap = date!(2028 - 02 - 29);
        assert!(misjudgement_review(&p, leap, Problem::Sanctioned(date!(2030 - 02 - 28)), &trail).unwrap().is_some());
        assert!(misjudgement_review(&p, leap, Problem::Sanctioned(date!(2030 - 03 - 01)), &trail).unwrap().is_none());
        // The built-in policy's window is the same 24 months.
        let builtin = misjudgement_review(&policy(), DECIDED, Problem::Sanctioned(date!(2028 - 03 - 09)), &trail);
        assert!(builtin.unwrap().is_some());
    }
}
