//! Village-stationed assistance (驻村帮扶): batches (批次) of cadres sent to villages, their
//! assignments, work logs and the end-of-batch evaluation — parsed at the boundary, with the
//! batch's status, the overlap rule and the evaluation's timing decided here.
//!
//! Two procedure rules of this module have no figure and so no policy entry; refusals and ledger
//! entries name them: [`NO_OVERLAP_RULE`] (a cadre holds one assignment at a time) and
//! [`EVALUATION_RULE`] (the end-of-batch evaluation comes after the batch's period has ended).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, FieldError, Invalid, Refusal};
use crate::registry::codes::{Code, CodeSet};
use crate::study::{not_future, required_code, required_date, text};

/// A cadre cannot hold two assignments whose periods overlap.
pub const NO_OVERLAP_RULE: &str = "TRN-VILLAGE-NO-OVERLAP";
/// The end-of-batch evaluation is recorded only after the batch's period has ended.
pub const EVALUATION_RULE: &str = "TRN-VILLAGE-EVALUATION";

/// A stationed cadre's role.
pub static VILLAGE_ROLE: CodeSet = CodeSet {
    name: "驻村职务",
    codes: &[
        Code { code: "first_secretary", zh: "第一书记", en: "first secretary" },
        Code { code: "team_leader", zh: "工作队长", en: "team leader" },
        Code { code: "member", zh: "队员", en: "team member" },
    ],
};

/// The end-of-batch evaluation grades.
pub static VILLAGE_GRADE: CodeSet = CodeSet {
    name: "驻村期满考核等次",
    codes: &[
        Code { code: "excellent", zh: "优秀", en: "excellent" },
        Code { code: "competent", zh: "称职", en: "competent" },
        Code { code: "basically_competent", zh: "基本称职", en: "basically competent" },
        Code { code: "incompetent", zh: "不称职", en: "incompetent" },
    ],
};

/// Where a batch stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// Before its start (待派驻).
    Upcoming,
    /// Within its period (驻村中).
    Running,
    /// After its end (已期满): evaluations may be recorded.
    Ended,
}

impl BatchStatus {
    pub fn on(start: Date, end: Date, today: Date) -> Self {
        if today < start {
            BatchStatus::Upcoming
        } else if today <= end {
            BatchStatus::Running
        } else {
            BatchStatus::Ended
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BatchStatus::Upcoming => "upcoming",
            BatchStatus::Running => "running",
            BatchStatus::Ended => "ended",
        }
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (zh, en) = match self {
            BatchStatus::Upcoming => ("待派驻", "upcoming"),
            BatchStatus::Running => ("驻村中", "running"),
            BatchStatus::Ended => ("已期满", "ended"),
        };
        if lang == "en" { en } else { zh }
    }
}

/// `第5批` in Chinese, `batch 5` in English.
pub fn batch_label(number: i64, lang: &str) -> String {
    if lang == "en" { format!("batch {number}") } else { format!("第{number}批") }
}

fn ordered(errors: &mut Errors, start: Option<Date>, end: Option<Date>) {
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        errors.push(FieldError::new("end_date", "结束日期早于开始日期", "the end date is before the start date"));
    }
}

/// A new batch, dispatched by an org.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BatchInput {
    pub org_id: String,
    /// The batch's number: `5` or `第5批`.
    pub number: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub org_id: String,
    pub number: i64,
    pub start_date: Date,
    pub end_date: Date,
}

/// Reads `5`, `第5批` or `第 5 批`.
pub fn parse_batch_number(raw: &str) -> Result<i64, FieldError> {
    let digits = raw.trim().trim_start_matches('第').trim_end_matches('批').trim();
    match digits.parse::<i64>() {
        Ok(n) if (1..=999).contains(&n) => Ok(n),
        _ => {
            Err(FieldError::new("number", "批次应为 1 至 999 的整数,如“第5批”", "the batch number is 1 to 999, e.g. 5"))
        }
    }
}

impl BatchInput {
    pub fn parse(&self) -> Result<NewBatch, Invalid> {
        let mut e = Errors::default();
        let org_id = text(&mut e, "org_id", &self.org_id, true, 64);
        let number = e.take(parse_batch_number(&self.number));
        let start_date = required_date(&mut e, "start_date", &self.start_date);
        let end_date = required_date(&mut e, "end_date", &self.end_date);
        ordered(&mut e, start_date, end_date);
        e.finish()?;
        Ok(NewBatch {
            org_id,
            number: number.unwrap_or_default(),
            start_date: start_date.unwrap_or(Date::MIN),
            end_date: end_date.unwrap_or(Date::MIN),
        })
    }
}

/// A cadre stationed in a village for a batch. Empty dates take the batch's period.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AssignmentInput {
    /// The batch's number within the dispatching org (`5` or `第5批`).
    pub batch: String,
    pub cadre_id: String,
    /// The township (or street) org the village belongs to.
    pub township_id: String,
    pub village: String,
    /// `first_secretary`, `team_leader`, `member` or the Chinese label.
    pub role: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssignment {
    pub cadre_id: String,
    pub township_id: String,
    pub village: String,
    pub role: &'static str,
    pub start_date: Date,
    pub end_date: Date,
}

/// An existing assignment of the same cadre, for the overlap rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub village: String,
    pub start_date: Date,
    pub end_date: Date,
}

impl AssignmentInput {
    /// Parses the assignment within the batch's period and refuses an overlap with `held` (the
    /// cadre's other assignments), naming the `cadre_id` field and the assignment it collides with.
    pub fn parse(&self, batch_start: Date, batch_end: Date, held: &[Held]) -> Result<NewAssignment, Invalid> {
        let mut e = Errors::default();
        let cadre_id = text(&mut e, "cadre_id", &self.cadre_id, true, 64);
        let township_id = text(&mut e, "township_id", &self.township_id, true, 64);
        let village = text(&mut e, "village", &self.village, true, 60);
        let role = required_code(&mut e, &VILLAGE_ROLE, "role", &self.role);
        let optional = |e: &mut Errors, field: &str, raw: &str, default: Date| {
            if raw.trim().is_empty() { Some(default) } else { required_date(e, field, raw) }
        };
        let start_date = optional(&mut e, "start_date", &self.start_date, batch_start);
        let end_date = optional(&mut e, "end_date", &self.end_date, batch_end);
        ordered(&mut e, start_date, end_date);
        let outside = |d: Option<Date>| d.is_some_and(|d| d < batch_start || d > batch_end);
        for (field, date) in [("start_date", start_date), ("end_date", end_date)] {
            if outside(date) {
                e.push(FieldError::new(
                    field,
                    format!("应在批次期限 {batch_start} 至 {batch_end} 之内"),
                    format!("within the batch's period, {batch_start} to {batch_end}"),
                ));
            }
        }
        if let (Some(start), Some(end)) = (start_date, end_date)
            && let Some(other) = held.iter().find(|h| h.start_date <= end && start <= h.end_date)
        {
            e.push(FieldError::new(
                "cadre_id",
                format!(
                    "该干部 {} 至 {} 已驻{},驻村任务不能重叠({NO_OVERLAP_RULE})",
                    other.start_date, other.end_date, other.village
                ),
                format!(
                    "the cadre is stationed in {} from {} to {}; assignments cannot overlap ({NO_OVERLAP_RULE})",
                    other.village, other.start_date, other.end_date
                ),
            ));
        }
        e.finish()?;
        Ok(NewAssignment {
            cadre_id,
            township_id,
            village,
            role: role.unwrap_or_default(),
            start_date: start_date.unwrap_or(batch_start),
            end_date: end_date.unwrap_or(batch_end),
        })
    }
}

/// A work log entry (驻村日志) of an assignment.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LogInput {
    pub assignment_id: String,
    pub date: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLog {
    pub assignment_id: String,
    pub date: Date,
    pub content: String,
}

impl LogInput {
    /// A log's day lies within the assignment and not after today.
    pub fn parse(&self, start: Date, end: Date, today: Date) -> Result<NewLog, Invalid> {
        let mut e = Errors::default();
        let assignment_id = text(&mut e, "assignment_id", &self.assignment_id, true, 64);
        let date = required_date(&mut e, "date", &self.date);
        not_future(&mut e, "date", date, today);
        if date.is_some_and(|d| d < start || d > end) {
            e.push(FieldError::new(
                "date",
                format!("应在驻村期限 {start} 至 {end} 之内"),
                format!("within the assignment, {start} to {end}"),
            ));
        }
        let content = text(&mut e, "content", &self.content, true, 2000);
        e.finish()?;
        Ok(NewLog { assignment_id, date: date.unwrap_or(Date::MIN), content })
    }

    /// The assignment named, for loading it before the rest is parsed.
    pub fn assignment(&self) -> Result<&str, Invalid> {
        let id = self.assignment_id.trim();
        if id.is_empty() { Err(Invalid::one("assignment_id", "必填", "required")) } else { Ok(id) }
    }
}

/// The end-of-batch evaluation of one assignment (期满考核).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EvaluationInput {
    pub assignment_id: String,
    /// `excellent`, `competent`, `basically_competent`, `incompetent` or the Chinese label.
    pub grade: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvaluation {
    pub assignment_id: String,
    pub grade: &'static str,
    pub comment: String,
}

impl EvaluationInput {
    /// A grade below 称职 needs a comment saying why.
    pub fn parse(&self) -> Result<NewEvaluation, Invalid> {
        let mut e = Errors::default();
        let assignment_id = text(&mut e, "assignment_id", &self.assignment_id, true, 64);
        let grade = required_code(&mut e, &VILLAGE_GRADE, "grade", &self.grade);
        let needs_comment = matches!(grade, Some("basically_competent" | "incompetent"));
        let comment = text(&mut e, "comment", &self.comment, needs_comment, 500);
        e.finish()?;
        Ok(NewEvaluation { assignment_id, grade: grade.unwrap_or_default(), comment })
    }
}

/// Refuses an evaluation before the batch's period has ended.
pub fn evaluation_allowed(number: i64, batch_end: Date, today: Date) -> Result<(), Refusal> {
    if today > batch_end {
        return Ok(());
    }
    Err(Refusal::new(
        EVALUATION_RULE,
        format!("第{number}批驻村期限至 {batch_end},期满后方可进行期满考核"),
        format!("batch {number} runs until {batch_end}; the end-of-batch evaluation comes after it ends"),
    ))
}

/// How many evaluations gave each grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Distribution {
    pub excellent: i64,
    pub competent: i64,
    pub basically_competent: i64,
    pub incompetent: i64,
}

impl Distribution {
    /// Adds counts per grade code; unknown codes are ignored.
    pub fn add(&mut self, grade: &str, count: i64) {
        match grade {
            "excellent" => self.excellent += count,
            "competent" => self.competent += count,
            "basically_competent" => self.basically_competent += count,
            "incompetent" => self.incompetent += count,
            _ => {}
        }
    }

    pub fn total(&self) -> i64 {
        self.excellent + self.competent + self.basically_competent + self.incompetent
    }

    /// Each grade's code and count, in the grades' order.
    pub fn entries(&self) -> [(&'static str, i64); 4] {
        [
            ("excellent", self.excellent),
            ("competent", self.competent),
            ("basically_competent", self.basically_competent),
            ("incompetent", self.incompetent),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn assignment(start: &str, end: &str) -> AssignmentInput {
        AssignmentInput {
            batch: "5".into(),
            cadre_id: "c1".into(),
            township_id: "t1".into(),
            village: "西张村".into(),
            role: "第一书记".into(),
            start_date: start.into(),
            end_date: end.into(),
        }
    }

    #[test]
    fn an_overlapping_assignment_is_refused_naming_the_cadre_field() {
        let held =
            [Held { village: "东李村".into(), start_date: date!(2024 - 03 - 01), end_date: date!(2026 - 02 - 28) }];
        let err = assignment("2026-02-01", "").parse(date!(2026 - 01 - 01), date!(2027 - 12 - 31), &held).unwrap_err();
        assert_eq!(err.fields[0].field, "cadre_id");
        assert!(err.fields[0].message.zh.contains("东李村"));
        let ok = assignment("2026-03-01", "").parse(date!(2026 - 01 - 01), date!(2027 - 12 - 31), &held).unwrap();
        assert_eq!((ok.role, ok.end_date), ("first_secretary", date!(2027 - 12 - 31)));
    }

    #[test]
    fn assignment_dates_default_to_the_batch_and_stay_inside_it() {
        let parsed = assignment("", "").parse(date!(2026 - 01 - 01), date!(2027 - 12 - 31), &[]).unwrap();
        assert_eq!(parsed.start_date, date!(2026 - 01 - 01));
        let err = assignment("2025-12-01", "").parse(date!(2026 - 01 - 01), date!(2027 - 12 - 31), &[]).unwrap_err();
        assert_eq!(err.fields[0].field, "start_date");
    }

    #[test]
    fn the_evaluation_waits_for_the_batch_to_end() {
        let end = date!(2026 - 11 - 26);
        let refused = evaluation_allowed(5, end, date!(2026 - 11 - 26)).unwrap_err();
        assert_eq!(refused.rule, EVALUATION_RULE);
        assert!(refused.reason.zh.contains("第5批"));
        assert!(evaluation_allowed(5, end, date!(2026 - 11 - 27)).is_ok());
    }

    #[test]
    fn a_batch_is_upcoming_running_then_ended() {
        let (start, end) = (date!(2025 - 03 - 01), date!(2027 - 02 - 28));
        assert_eq!(BatchStatus::on(start, end, date!(2025 - 02 - 28)), BatchStatus::Upcoming);
        assert_eq!(BatchStatus::on(start, end, start), BatchStatus::Running);
        assert_eq!(BatchStatus::on(start, end, end), BatchStatus::Running);
        assert_eq!(BatchStatus::on(start, end, date!(2027 - 03 - 01)), BatchStatus::Ended);
    }

    #[test]
    fn batch_numbers_are_read_with_or_without_their_characters() {
        assert_eq!(parse_batch_number("第5批"), Ok(5));
        assert_eq!(parse_batch_number(" 12 "), Ok(12));
        assert!(parse_batch_number("第五批").is_err());
        assert!(parse_batch_number("0").is_err());
    }

    #[test]
    fn a_log_lies_within_its_assignment_and_a_low_grade_needs_a_comment() {
        let log = LogInput { assignment_id: "a".into(), date: "2026-12-01".into(), content: "走访".into() };
        let err = log.parse(date!(2026 - 01 - 01), date!(2027 - 12 - 31), date!(2026 - 11 - 26)).unwrap_err();
        assert_eq!(err.fields[0].field, "date");
        let eval = EvaluationInput { assignment_id: "a".into(), grade: "不称职".into(), comment: String::new() };
        assert_eq!(eval.parse().unwrap_err().fields[0].field, "comment");
        let mut d = Distribution::default();
        d.add("excellent", 2);
        d.add("competent", 3);
        assert_eq!(d.total(), 5);
    }
}
