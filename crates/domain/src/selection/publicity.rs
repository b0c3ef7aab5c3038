//! Pre-appointment publicity (任前公示): a period of at least the policy's working days between
//! the decision and the appointment (SEL-PUBLICITY), counted on the working-day calendar;
//! objections named or anonymous (an anonymous objector gets a receipt code to follow the
//! answer); an open objection holds the appointment (SEL-PUBLICITY-HOLD) until a finding is
//! recorded, and a verified finding blocks it (SEL-REPORT-VERIFIED).
//!
//! **Counting.** The publication day counts as the first day when it is a working day; when it
//! is not (a weekend or holiday), counting starts on the next working day. The period ends on
//! its last working day, inclusive, and the appointment may be made from the next day on.
//! Published on a Monday with no holiday, five working days end on the Friday.

use serde::Serialize;
use time::Date;

use super::StepError;
use super::case::CaseNumber;
use super::decision::CommitteeDecision;
use super::token::OneTimeCode;
use crate::calendar::Calendar;
use crate::error::Refusal;
use crate::period::from_first_working_day;
use crate::policy::Policy;

/// The publicity period: first and last day, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    pub working_days: u32,
}

/// The period of a publicity published on `published_on`, under SEL-PUBLICITY in force that day.
/// Refused under SEL-PUBLICITY, naming the missing notice, when the period reaches a year whose
/// State Council holiday notice the calendar does not have: a guess at the working days could
/// end the publicity before its legal length.
pub fn period(policy: &Policy, calendar: &Calendar, published_on: Date) -> Result<Period, StepError> {
    let working_days = policy.count("SEL-PUBLICITY", "working_days", published_on)?;
    // Working days only, so no last day to move off a holiday (Civil Code art. 203).
    let end = from_first_working_day(calendar, published_on, working_days)
        .map_err(|missing| missing.refusal("SEL-PUBLICITY"))?;
    Ok(Period { start: published_on, end, working_days })
}

/// Who objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Objector {
    /// 实名: the objector's name and contact.
    Named { name: String, contact: String },
    /// 匿名: followed by the receipt code only.
    Anonymous,
}

/// A discipline-inspection finding on an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// 属实: blocks the appointment (SEL-REPORT-VERIFIED).
    Verified,
    /// 不属实 / 不影响任职.
    NotVerified,
}

impl Finding {
    pub fn code(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::NotVerified => "not_verified",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Verified, Self::NotVerified].into_iter().find(|f| f.code() == code)
    }

    pub fn is_verified(self) -> bool {
        self == Self::Verified
    }
}

/// One objection and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objection {
    pub number: u32,
    pub objector: Objector,
    pub raised_on: Date,
    pub text: String,
    /// The receipt code of an anonymous objection.
    pub receipt: Option<OneTimeCode>,
    pub finding: Option<(Finding, Date)>,
}

/// The publicity of one decided item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publicity {
    decision: CommitteeDecision,
    period: Period,
    objections: Vec<Objection>,
    /// Objections stored earlier but not loaded (see [`Publicity::numbered_after`]).
    earlier: u32,
}

fn refuse(rule: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::new(rule, zh, en)
}

impl Publicity {
    /// Publishes a passed decision on or after its date (SEL-PUBLICITY: between decision and
    /// appointment; SEL-PASS: only a passed decision is publicised).
    pub fn start(
        policy: &Policy,
        calendar: &Calendar,
        decision: &CommitteeDecision,
        published_on: Date,
    ) -> Result<Self, StepError> {
        if !decision.passed() {
            return Err(
                refuse("SEL-PASS", "未通过的决定不能公示", "a decision that did not pass is not publicised").into()
            );
        }
        if published_on < decision.decided_on() {
            return Err(refuse("SEL-PUBLICITY", "公示须在讨论决定之后", "publicity follows the decision").into());
        }
        let period = period(policy, calendar, published_on)?;
        Ok(Self { decision: decision.clone(), period, objections: Vec::new(), earlier: 0 })
    }

    /// The publicity about to take one more objection when `earlier` are already stored and
    /// not loaded: the next is numbered after them. Taking an objection needs neither their
    /// text nor their findings, so its cost does not grow with their number; the hold they
    /// put on the appointment is judged by [`Publicity::clearance`] on a publicity with every
    /// objection loaded, never on this one.
    pub fn numbered_after(mut self, earlier: u32) -> Self {
        self.earlier = earlier;
        self
    }

    pub fn period(&self) -> Period {
        self.period
    }

    pub fn objections(&self) -> &[Objection] {
        &self.objections
    }

    /// Records an objection raised within the period. An anonymous one gets a receipt code
    /// derived from `seed`, fresh entropy the caller draws for each objection (at least 16
    /// bytes). Returns the objection's number and its receipt, if any.
    pub fn object(
        &mut self,
        objector: Objector,
        raised_on: Date,
        text: &str,
        seed: &[u8],
    ) -> Result<(u32, Option<OneTimeCode>), StepError> {
        if raised_on < self.period.start || raised_on > self.period.end {
            return Err(refuse(
                "SEL-PUBLICITY",
                "不在公示期内，请通过信访举报渠道反映",
                "outside the publicity period; raise it as a petition or report",
            )
            .into());
        }
        if text.trim().is_empty() {
            return Err(refuse("SEL-PUBLICITY-HOLD", "请写明反映的问题", "state the matter objected to").into());
        }
        let loaded = u32::try_from(self.objections.len()).unwrap_or(u32::MAX);
        let number = self.earlier.saturating_add(loaded).saturating_add(1);
        let receipt = match objector {
            Objector::Anonymous => {
                let purpose = format!("objection:{}:{}:{number}", self.decision.case(), self.decision.item().id);
                let batch = super::token::derive_batch(seed, &purpose, 1)
                    .map_err(|e| refuse("SEL-PUBLICITY-HOLD", e.message.zh, e.message.en))?;
                batch.into_iter().next()
            }
            Objector::Named { .. } => None,
        };
        self.objections.push(Objection {
            number,
            objector,
            raised_on,
            text: text.trim().to_owned(),
            receipt: receipt.clone(),
            finding: None,
        });
        Ok((number, receipt))
    }

    /// Records the finding on an objection, once (the discipline-inspection user's step; the
    /// permission is checked by the application).
    pub fn record_finding(&mut self, number: u32, finding: Finding, on: Date) -> Result<(), Refusal> {
        let objection = self
            .objections
            .iter_mut()
            .find(|o| o.number == number)
            .ok_or_else(|| refuse("SEL-PUBLICITY-HOLD", "没有该反映事项", "no such objection"))?;
        if objection.finding.is_some() {
            return Err(refuse("SEL-RECORD", "该反映事项已有查核结论", "the objection already has a finding"));
        }
        objection.finding = Some((finding, on));
        Ok(())
    }

    /// What an anonymous objector sees with their receipt code.
    pub fn follow(&self, receipt: &OneTimeCode) -> Option<&Objection> {
        self.objections.iter().find(|o| o.receipt.as_ref() == Some(receipt))
    }

    /// Clears the appointment on `on`: a verified finding blocks it (SEL-REPORT-VERIFIED), an
    /// open objection holds it (SEL-PUBLICITY-HOLD), and the period must be over (SEL-PUBLICITY).
    pub fn clearance(&self, on: Date) -> Result<PublicityClearance, Refusal> {
        if let Some(o) = self.objections.iter().find(|o| matches!(o.finding, Some((Finding::Verified, _)))) {
            return Err(refuse(
                "SEL-REPORT-VERIFIED",
                format!("公示期间反映的问题（第 {} 件）经查属实，不予任用", o.number),
                format!("objection {} was verified as true: no appointment", o.number),
            ));
        }
        let open = self.objections.iter().filter(|o| o.finding.is_none()).count();
        if open > 0 {
            return Err(refuse(
                "SEL-PUBLICITY-HOLD",
                format!("尚有 {open} 件反映问题未查清，暂缓任职"),
                format!("{open} objection(s) still open: the appointment is held until they are resolved"),
            ));
        }
        if on <= self.period.end {
            return Err(refuse(
                "SEL-PUBLICITY",
                format!("公示期至 {} 结束（{} 个工作日），期满后方可任职", self.period.end, self.period.working_days),
                format!(
                    "publicity runs until {} ({} working days); appoint after it ends",
                    self.period.end, self.period.working_days
                ),
            ));
        }
        Ok(PublicityClearance { decision: self.decision.clone(), period: self.period, cleared_on: on })
    }
}

/// A publicity that ended without anything blocking the appointment; made only by
/// [`Publicity::clearance`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicityClearance {
    decision: CommitteeDecision,
    period: Period,
    cleared_on: Date,
}

impl PublicityClearance {
    pub fn case(&self) -> CaseNumber {
        *self.decision.case()
    }
    pub fn decision(&self) -> &CommitteeDecision {
        &self.decision
    }
    pub fn period(&self) -> Period {
        self.period
    }
    pub fn cleared_on(&self) -> Date {
        self.cleared_on
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::decision::decided_for_test;
    use crate::selection::testing::{calendar, policy};

    const SEED: &[u8] = b"receipt-entropy-0123456789";

    fn end(published_on: Date) -> Date {
        period(&policy(), &calendar(), published_on).unwrap().end
    }

    fn publicity(published_on: Date) -> Publicity {
        let decision = decided_for_test(CaseNumber::new(2026, 12), published_on, 11, 8);
        Publicity::start(&policy(), &calendar(), &decision, published_on).unwrap()
    }

    #[test]
    fn sel_publicity_five_working_days_count_the_first_day_when_it_is_a_working_day() {
        // Monday 2026-03-09 to Friday 2026-03-13.
        assert_eq!(end(date!(2026 - 03 - 09)), date!(2026 - 03 - 13));
        // Published on an ordinary Saturday: counting starts on Monday.
        assert_eq!(end(date!(2026 - 03 - 07)), date!(2026 - 03 - 13));
        let p = publicity(date!(2026 - 03 - 09));
        assert_eq!(p.clearance(date!(2026 - 03 - 13)).unwrap_err().rule, "SEL-PUBLICITY");
        assert_eq!(p.clearance(date!(2026 - 03 - 14)).unwrap().case(), CaseNumber::new(2026, 12));
    }

    #[test]
    fn sel_publicity_across_national_day_2026() {
        // 国庆节 2026-10-01..07 off; Sunday 09-20 and Saturday 10-10 are worked (calendar-cn.toml).
        // Mon 09-28: 28, 29, 30, Oct 8, Oct 9.
        assert_eq!(end(date!(2026 - 09 - 28)), date!(2026 - 10 - 09));
        // Tue 09-29: 29, 30, Oct 8, 9 and the adjusted working Saturday Oct 10.
        assert_eq!(end(date!(2026 - 09 - 29)), date!(2026 - 10 - 10));
        // Published inside the holiday: Oct 8, 9, 10, 12, 13.
        assert_eq!(end(date!(2026 - 10 - 03)), date!(2026 - 10 - 13));
        let p = period(&policy(), &calendar(), date!(2026 - 09 - 29)).unwrap();
        assert_eq!(calendar().count_working_days(p.start, p.end), 5);
    }

    #[test]
    fn sel_publicity_an_adjusted_working_sunday_counts_as_the_first_day() {
        // Sunday 2026-09-20 is worked: 20, 21, 22, 23, 24.
        assert_eq!(end(date!(2026 - 09 - 20)), date!(2026 - 09 - 24));
        // Published on the Saturday before (not worked), counting starts on that Sunday.
        assert_eq!(end(date!(2026 - 09 - 19)), date!(2026 - 09 - 24));
        // Published on Monday 09-21: 21, 22, 23, 24, then 中秋节 (09-25..27) — ends Monday 09-28.
        assert_eq!(end(date!(2026 - 09 - 21)), date!(2026 - 09 - 28));
    }

    #[test]
    fn sel_publicity_follows_a_passed_decision() {
        let failed = decided_for_test(CaseNumber::new(2026, 12), date!(2026 - 03 - 09), 11, 5);
        let err = Publicity::start(&policy(), &calendar(), &failed, date!(2026 - 03 - 09)).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-PASS");
        let passed = decided_for_test(CaseNumber::new(2026, 12), date!(2026 - 03 - 09), 11, 6);
        let err = Publicity::start(&policy(), &calendar(), &passed, date!(2026 - 03 - 06)).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-PUBLICITY");
    }

    #[test]
    fn sel_publicity_is_refused_when_it_would_run_into_a_year_without_its_holiday_notice() {
        // Monday 2026-12-21 to Friday 2026-12-25: all in 2026.
        assert_eq!(end(date!(2026 - 12 - 21)), date!(2026 - 12 - 25));
        // From Monday 2026-12-28 the fifth working day is in 2027, whose notice is not entered.
        let err = period(&policy(), &calendar(), date!(2026 - 12 - 28)).unwrap_err();
        let refusal = err.refusal().unwrap();
        assert_eq!(refusal.rule, "SEL-PUBLICITY");
        assert!(refusal.reason.zh.contains("国务院办公厅关于2027年部分节假日安排的通知"), "{}", refusal.reason.zh);
        assert!(refusal.reason.en.contains("2027"), "{}", refusal.reason.en);
        let decision = decided_for_test(CaseNumber::new(2026, 40), date!(2026 - 12 - 28), 11, 8);
        let refused = Publicity::start(&policy(), &calendar(), &decision, date!(2026 - 12 - 28)).unwrap_err();
        assert_eq!(refused.refusal().unwrap().rule, "SEL-PUBLICITY");
    }

    #[test]
    fn sel_publicity_hold_an_open_objection_holds_until_a_finding() {
        let mut p = publicity(date!(2026 - 03 - 09));
        let (number, receipt) =
            p.object(Objector::Anonymous, date!(2026 - 03 - 11), "反映其违规收受礼品", SEED).unwrap();
        let receipt = receipt.unwrap();
        assert_eq!(p.follow(&receipt).unwrap().number, number);
        assert_eq!(p.clearance(date!(2026 - 03 - 20)).unwrap_err().rule, "SEL-PUBLICITY-HOLD");
        p.record_finding(number, Finding::NotVerified, date!(2026 - 03 - 19)).unwrap();
        assert_eq!(p.follow(&receipt).unwrap().finding, Some((Finding::NotVerified, date!(2026 - 03 - 19))));
        assert!(p.clearance(date!(2026 - 03 - 20)).is_ok());
        assert_eq!(p.record_finding(number, Finding::Verified, date!(2026 - 03 - 20)).unwrap_err().rule, "SEL-RECORD");
    }

    #[test]
    fn sel_report_verified_a_verified_objection_blocks_the_appointment() {
        let mut p = publicity(date!(2026 - 03 - 09));
        let named = Objector::Named { name: "王五".into(), contact: "13800000000".into() };
        let (number, receipt) = p.object(named, date!(2026 - 03 - 13), "反映其配偶经商", SEED).unwrap();
        assert!(receipt.is_none());
        p.record_finding(number, Finding::Verified, date!(2026 - 03 - 16)).unwrap();
        assert_eq!(p.clearance(date!(2026 - 04 - 01)).unwrap_err().rule, "SEL-REPORT-VERIFIED");
    }

    #[test]
    fn sel_publicity_objections_outside_the_period_go_to_the_petition_channel() {
        let mut p = publicity(date!(2026 - 03 - 09));
        let err = p.object(Objector::Anonymous, date!(2026 - 03 - 14), "x", SEED).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-PUBLICITY");
        assert!(p.object(Objector::Anonymous, date!(2026 - 03 - 13), "x", SEED).is_ok());
    }

    #[test]
    fn an_objection_taken_without_loading_the_earlier_ones_is_numbered_after_them() {
        let mut p = publicity(date!(2026 - 03 - 09)).numbered_after(1408);
        let (number, _) = p.object(Objector::Anonymous, date!(2026 - 03 - 11), "反映其违规收受礼品", SEED).unwrap();
        assert_eq!(number, 1409);
        let err = p.object(Objector::Anonymous, date!(2026 - 03 - 14), "x", SEED).unwrap_err();
        assert_eq!(err.refusal().unwrap().rule, "SEL-PUBLICITY", "the period is still checked");
    }

    #[test]
    fn a_finding_is_stored_and_shown_as_its_code() {
        for f in [Finding::Verified, Finding::NotVerified] {
            assert_eq!(Finding::parse(f.code()), Some(f));
            assert_eq!(serde_json::to_value(f).ok(), Some(serde_json::Value::from(f.code())));
        }
        assert_eq!(Finding::parse("属实"), None);
    }
}
