//! Inspection (考察) by an inspection team (考察组) of dedicated inspectors, each of whom accepts
//! an inspection responsibility letter (考察责任书) before recording anything (SEL-INSPECTION).
//! The team records interviews (count and summary) and concludes with a report; an
//! [`InspectionReport`] can only be made here, and a case goes to decision only with one.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use super::case::CaseNumber;
use crate::error::Refusal;

/// Interviews recorded by one inspector on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interviews {
    pub inspector: String,
    pub on: Date,
    pub count: u32,
    pub summary: String,
}

/// The team inspecting one subject in one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    case: CaseNumber,
    subject: String,
    /// Inspector → the date they accepted the responsibility letter, if they have.
    letters: BTreeMap<String, Option<Date>>,
    interviews: Vec<Interviews>,
}

fn refuse(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal::new("SEL-INSPECTION", zh, en)
}

impl Inspection {
    /// A team of `inspectors` for `subject`; a team needs at least one inspector.
    pub fn new(case: CaseNumber, subject: &str, inspectors: &[&str]) -> Result<Self, Refusal> {
        if inspectors.is_empty() {
            return Err(refuse("考察须由考察组进行", "an inspection is made by an inspection team"));
        }
        let letters = inspectors.iter().map(|i| ((*i).to_owned(), None)).collect();
        Ok(Self { case, subject: subject.to_owned(), letters, interviews: Vec::new() })
    }

    /// An inspector accepts their responsibility letter.
    pub fn accept_letter(&mut self, inspector: &str, on: Date) -> Result<(), Refusal> {
        match self.letters.get_mut(inspector) {
            Some(slot @ None) => {
                *slot = Some(on);
                Ok(())
            }
            Some(Some(_)) => Err(refuse("已签署考察责任书", "the responsibility letter is already accepted")),
            None => Err(not_on_team(inspector)),
        }
    }

    /// Records interviews; refused for anyone not on the team or without an accepted letter.
    pub fn record_interviews(&mut self, entry: Interviews) -> Result<(), Refusal> {
        self.signed(&entry.inspector, entry.on)?;
        if entry.count == 0 || entry.summary.trim().is_empty() {
            return Err(refuse("谈话记录须有人数和摘要", "interviews record a count and a summary"));
        }
        self.interviews.push(entry);
        Ok(())
    }

    /// Concludes the inspection with the report: every inspector has accepted the letter and
    /// at least one interview is recorded.
    pub fn conclude(&self, by: &str, on: Date, conclusion: &str) -> Result<InspectionReport, Refusal> {
        self.signed(by, on)?;
        if let Some((unsigned, _)) = self.letters.iter().find(|(_, letter)| letter.is_none()) {
            return Err(refuse(
                format!("考察组成员 {unsigned} 尚未签署考察责任书"),
                format!("inspector {unsigned} has not accepted the responsibility letter"),
            ));
        }
        if self.interviews.is_empty() || conclusion.trim().is_empty() {
            return Err(refuse(
                "考察报告须有谈话记录和考察结论",
                "the report needs recorded interviews and a conclusion",
            ));
        }
        Ok(InspectionReport {
            case: self.case,
            subject: self.subject.clone(),
            inspectors: self.letters.keys().cloned().collect(),
            interviewed: self.interviews.iter().map(|i| u64::from(i.count)).sum(),
            concluded_on: on,
            conclusion: conclusion.trim().to_owned(),
        })
    }

    fn signed(&self, inspector: &str, on: Date) -> Result<(), Refusal> {
        match self.letters.get(inspector) {
            Some(Some(signed)) if *signed <= on => Ok(()),
            Some(_) => Err(refuse(
                "签署考察责任书前不得记录考察情况",
                "an inspector records nothing before accepting the responsibility letter",
            )),
            None => Err(not_on_team(inspector)),
        }
    }
}

fn not_on_team(who: &str) -> Refusal {
    refuse(format!("{who} 不是考察组成员"), format!("{who} is not on the inspection team"))
}

/// A concluded inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectionReport {
    case: CaseNumber,
    subject: String,
    inspectors: Vec<String>,
    interviewed: u64,
    concluded_on: Date,
    conclusion: String,
}

impl InspectionReport {
    pub fn case(&self) -> CaseNumber {
        self.case
    }
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// The inspectors, who answer for the inspection (SEL-ACCOUNTABILITY).
    pub fn inspectors(&self) -> &[String] {
        &self.inspectors
    }
    pub fn interviewed(&self) -> u64 {
        self.interviewed
    }
    pub fn concluded_on(&self) -> Date {
        self.concluded_on
    }
    pub fn conclusion(&self) -> &str {
        &self.conclusion
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const DAY: Date = date!(2026 - 02 - 02);

    fn interviews(who: &str) -> Interviews {
        Interviews { inspector: who.into(), on: DAY, count: 12, summary: "群众评价较好".into() }
    }

    #[test]
    fn sel_inspection_nothing_is_recorded_before_the_responsibility_letter() {
        let mut team = Inspection::new(CaseNumber::new(2026, 3), "c1", &["a", "b"]).unwrap();
        assert_eq!(team.record_interviews(interviews("a")).unwrap_err().rule, "SEL-INSPECTION");
        assert_eq!(team.record_interviews(interviews("z")).unwrap_err().rule, "SEL-INSPECTION");
        team.accept_letter("a", DAY).unwrap();
        team.record_interviews(interviews("a")).unwrap();
        // b has not accepted: no report yet.
        assert_eq!(team.conclude("a", DAY, "同意").unwrap_err().rule, "SEL-INSPECTION");
        team.accept_letter("b", DAY).unwrap();
        let report = team.conclude("a", DAY, "同意作为拟任人选").unwrap();
        assert_eq!(report.interviewed(), 12);
        assert_eq!(report.inspectors(), ["a", "b"]);
    }

    #[test]
    fn sel_inspection_a_team_and_interviews_are_required() {
        assert_eq!(Inspection::new(CaseNumber::new(2026, 3), "c1", &[]).unwrap_err().rule, "SEL-INSPECTION");
        let mut team = Inspection::new(CaseNumber::new(2026, 3), "c1", &["a"]).unwrap();
        team.accept_letter("a", DAY).unwrap();
        assert_eq!(team.conclude("a", DAY, "同意").unwrap_err().rule, "SEL-INSPECTION");
        let empty = Interviews { count: 0, ..interviews("a") };
        assert_eq!(team.record_interviews(empty).unwrap_err().rule, "SEL-INSPECTION");
    }
}
