//! Theory study-centre groups (理论中心组学习) and a cadre's yearly study record
//! (述学、评学、考学): inputs parsed at the boundary, attendance and its rates, and the order of
//! the study record's steps.
//!
//! The steps' order is a procedure rule of this module ([`STUDY_STEPS_RULE`]): a report (述学)
//! comes first and once a year, evaluations (评学) need the report and each evaluator gives one,
//! the exam (考学) needs at least one evaluation and is recorded once. It has no figure, so it is
//! not a policy entry; its ID is what refusals and ledger entries name.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, FieldError, Invalid, Refusal};
use crate::registry::codes::{Code, CodeSet};
use crate::registry::dates::parse_date;

/// The procedure rule that orders report → evaluation → exam.
pub const STUDY_STEPS_RULE: &str = "TRN-STUDY-STEPS";

/// A member's role in a theory study-centre group.
pub static GROUP_ROLE: CodeSet = CodeSet {
    name: "理论中心组职务",
    codes: &[
        Code { code: "leader", zh: "组长", en: "leader" },
        Code { code: "deputy", zh: "副组长", en: "deputy leader" },
        Code { code: "member", zh: "成员", en: "member" },
        Code { code: "secretary", zh: "学习秘书", en: "study secretary" },
    ],
};

/// The grade of a study evaluation (评学).
pub static STUDY_GRADE: CodeSet = CodeSet {
    name: "评学等次",
    codes: &[
        Code { code: "good", zh: "好", en: "good" },
        Code { code: "fair_good", zh: "较好", en: "fairly good" },
        Code { code: "average", zh: "一般", en: "average" },
        Code { code: "poor", zh: "差", en: "poor" },
    ],
};

// ─── Parsing helpers shared with `village` ──────────────────────────────────────────────────

pub(crate) fn required_code(errors: &mut Errors, set: &CodeSet, field: &str, raw: &str) -> Option<&'static str> {
    if raw.trim().is_empty() {
        errors.push(FieldError::new(field, "必填", "required"));
        return None;
    }
    errors.take(set.parse(field, raw)).map(|c| c.code)
}

pub(crate) fn text(errors: &mut Errors, field: &str, raw: &str, required: bool, max: usize) -> String {
    let value = raw.trim();
    if required && value.is_empty() {
        errors.push(FieldError::new(field, "必填", "required"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("不能超过 {max} 个字"), format!("at most {max} characters")));
    }
    value.to_owned()
}

pub(crate) fn required_date(errors: &mut Errors, field: &str, raw: &str) -> Option<Date> {
    if raw.trim().is_empty() {
        errors.push(FieldError::new(field, "必填", "required"));
        return None;
    }
    errors.take(parse_date(field, raw))
}

pub(crate) fn not_future(errors: &mut Errors, field: &str, date: Option<Date>, today: Date) {
    if date.is_some_and(|d| d > today) {
        errors.push(FieldError::new(field, "日期不能晚于今天", "the date cannot be after today"));
    }
}

/// A year from 2000 to this year.
pub fn parse_year(field: &str, raw: &str, today: Date) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(year) if (2000..=today.year()).contains(&year) => Ok(year),
        _ => Err(FieldError::new(
            field,
            format!("年度应为 2000 至 {} 之间的年份", today.year()),
            format!("the year is one from 2000 to {}", today.year()),
        )),
    }
}

// ─── Groups, members, sessions ──────────────────────────────────────────────────────────────

/// Establishing a group for a party committee; an empty name gives “<org>理论学习中心组”.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GroupInput {
    pub org_id: String,
    pub name: String,
}

impl GroupInput {
    /// The org ID and the name (empty when the default is wanted).
    pub fn parse(&self) -> Result<(String, String), Invalid> {
        let mut e = Errors::default();
        let org_id = text(&mut e, "org_id", &self.org_id, true, 64);
        let name = text(&mut e, "name", &self.name, false, 60);
        e.finish()?;
        Ok((org_id, name))
    }
}

/// A cadre joining a group in a role.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MemberInput {
    pub cadre_id: String,
    /// `leader`, `deputy`, `member`, `secretary` or the Chinese label.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub cadre_id: String,
    pub role: &'static str,
}

impl MemberInput {
    /// Parses the member; `has_leader` says whether the group already has its one leader (组长).
    pub fn parse(&self, has_leader: bool) -> Result<NewMember, Invalid> {
        let mut e = Errors::default();
        let cadre_id = text(&mut e, "cadre_id", &self.cadre_id, true, 64);
        let role = required_code(&mut e, &GROUP_ROLE, "role", &self.role);
        if role == Some("leader") && has_leader {
            e.push(FieldError::new("role", "本组已有组长", "the group already has a leader"));
        }
        e.finish()?;
        Ok(NewMember { cadre_id, role: role.unwrap_or_default() })
    }
}

/// A study session (集体学习) of a group.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SessionInput {
    pub topic: String,
    pub date: String,
    pub location: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub topic: String,
    pub date: Date,
    pub location: String,
    pub summary: String,
}

impl SessionInput {
    pub fn parse(&self, today: Date) -> Result<NewSession, Invalid> {
        let mut e = Errors::default();
        let topic = text(&mut e, "topic", &self.topic, true, 200);
        let date = required_date(&mut e, "date", &self.date);
        let location = text(&mut e, "location", &self.location, true, 100);
        let summary = text(&mut e, "summary", &self.summary, false, 5000);
        // A session is recorded after it is held: attendance is taken at it.
        not_future(&mut e, "date", date, today);
        e.finish()?;
        Ok(NewSession { topic, date: date.unwrap_or(Date::MIN), location, summary })
    }
}

/// One member's attendance at a session, as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AttendanceEntryInput {
    pub member_id: String,
    pub present: bool,
    /// Why the member was absent (required when absent).
    pub reason: String,
    /// The member gave a talk (重点发言).
    pub speaker: bool,
}

/// A session's attendance: one entry for every member of the group.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AttendanceInput {
    pub session_id: String,
    pub entries: Vec<AttendanceEntryInput>,
}

/// One member's attendance, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub member_id: String,
    pub present: bool,
    pub absence_reason: String,
    pub speaker: bool,
}

impl AttendanceInput {
    /// Checks the entries against the group's members: each member exactly once, an absence with
    /// its reason, a speaker present. Field names are `reason.<member>` etc., as the form names them.
    pub fn parse(&self, members: &[String]) -> Result<Vec<Mark>, Invalid> {
        let mut e = Errors::default();
        text(&mut e, "session_id", &self.session_id, true, 64);
        let known: HashSet<&str> = members.iter().map(String::as_str).collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut marks = Vec::new();
        for entry in &self.entries {
            let id = entry.member_id.trim();
            if !known.contains(id) {
                e.push(FieldError::new("entries", format!("“{id}” 不是本组成员"), format!("\"{id}\" is not a member")));
                continue;
            }
            *seen.entry(id).or_default() += 1;
            let reason = text(&mut e, &format!("reason.{id}"), &entry.reason, false, 100);
            if !entry.present && reason.is_empty() {
                e.push(FieldError::new(&format!("reason.{id}"), "缺席须说明原因", "an absence needs its reason"));
            }
            if entry.speaker && !entry.present {
                e.push(FieldError::new(
                    &format!("speaker.{id}"),
                    "缺席者不能重点发言",
                    "an absent member cannot speak",
                ));
            }
            marks.push(Mark {
                member_id: id.to_owned(),
                present: entry.present,
                absence_reason: if entry.present { String::new() } else { reason },
                speaker: entry.speaker,
            });
        }
        for id in members {
            match seen.get(id.as_str()) {
                None => e.push(FieldError::new(
                    &format!("present.{id}"),
                    "每位成员都须登记出勤",
                    "every member's attendance is recorded",
                )),
                Some(n) if *n > 1 => e.push(FieldError::new(
                    &format!("present.{id}"),
                    "同一成员只能登记一次",
                    "a member is recorded once",
                )),
                Some(_) => {}
            }
        }
        e.finish()?;
        Ok(marks)
    }
}

/// An attendance rate: members present out of members recorded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rate {
    pub present: i64,
    pub recorded: i64,
    /// Percent with one decimal, rounded half up; `None` when nothing was recorded.
    pub percent: Option<f64>,
}

impl Rate {
    pub fn new(present: i64, recorded: i64) -> Self {
        let tenths = (recorded > 0).then(|| (present * 1000 + recorded / 2) / recorded);
        let percent = tenths.and_then(|t| i32::try_from(t).ok()).map(|t| f64::from(t) / 10.0);
        Self { present, recorded, percent }
    }

    /// `87.5%`, or `—` when nothing was recorded.
    pub fn display(&self) -> String {
        self.percent.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }
}

// ─── The study record: report, evaluations, exam ───────────────────────────────────────────

/// A cadre's study report for a year (述学).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReportInput {
    pub year: String,
    pub date: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub year: i32,
    pub date: Date,
    pub content: String,
}

impl ReportInput {
    /// The report of year Y is given in Y or early in Y + 1, and not in the future.
    pub fn parse(&self, today: Date) -> Result<NewReport, Invalid> {
        let mut e = Errors::default();
        let year = e.take(parse_year("year", &self.year, today));
        let date = required_date(&mut e, "date", &self.date);
        not_future(&mut e, "date", date, today);
        if let (Some(year), Some(date)) = (year, date)
            && !(year..=year + 1).contains(&date.year())
        {
            e.push(FieldError::new(
                "date",
                format!("{year} 年度的述学应在 {year} 年或次年进行"),
                format!("the report for {year} is given in {year} or the following year"),
            ));
        }
        let content = text(&mut e, "content", &self.content, true, 5000);
        e.finish()?;
        Ok(NewReport { year: year.unwrap_or_default(), date: date.unwrap_or(Date::MIN), content })
    }
}

/// An evaluation of a report (评学).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EvaluationInput {
    pub year: String,
    /// `good`, `fair_good`, `average`, `poor` or the Chinese label (好/较好/一般/差).
    pub grade: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvaluation {
    pub year: i32,
    pub grade: &'static str,
    pub comment: String,
}

impl EvaluationInput {
    /// A grade of 差 needs a comment saying why.
    pub fn parse(&self, today: Date) -> Result<NewEvaluation, Invalid> {
        let mut e = Errors::default();
        let year = e.take(parse_year("year", &self.year, today));
        let grade = required_code(&mut e, &STUDY_GRADE, "grade", &self.grade);
        let comment = text(&mut e, "comment", &self.comment, grade == Some("poor"), 500);
        e.finish()?;
        Ok(NewEvaluation { year: year.unwrap_or_default(), grade: grade.unwrap_or_default(), comment })
    }
}

/// A study exam result (考学).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ExamInput {
    pub year: String,
    pub date: String,
    /// A whole number from 0 to 100.
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamResult {
    pub year: i32,
    pub date: Date,
    pub score: i64,
    pub pass_mark: i64,
    pub passed: bool,
}

impl ExamInput {
    /// Parses the result and judges it against the pass mark in force.
    pub fn parse(&self, pass_mark: i64, today: Date) -> Result<ExamResult, Invalid> {
        let mut e = Errors::default();
        let year = e.take(parse_year("year", &self.year, today));
        let date = required_date(&mut e, "date", &self.date);
        not_future(&mut e, "date", date, today);
        let score = match self.score.trim().parse::<i64>() {
            Ok(s) if (0..=100).contains(&s) => Some(s),
            _ => {
                e.push(FieldError::new(
                    "score",
                    "成绩应为 0 至 100 的整数",
                    "the score is a whole number from 0 to 100",
                ));
                None
            }
        };
        e.finish()?;
        let score = score.unwrap_or_default();
        Ok(ExamResult {
            year: year.unwrap_or_default(),
            date: date.unwrap_or(Date::MIN),
            score,
            pass_mark,
            passed: score >= pass_mark,
        })
    }
}

/// How far a cadre's study record for a year has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StudyProgress {
    pub reported: bool,
    pub evaluations: i64,
    /// The asking account has already evaluated the report.
    pub evaluated_by_me: bool,
    pub examined: bool,
}

/// The steps of the study record, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudyStep {
    Report,
    Evaluation,
    Exam,
}

impl StudyProgress {
    /// Whether the step may be recorded now; a refusal names [`STUDY_STEPS_RULE`] and says why.
    pub fn allows(&self, step: StudyStep) -> Result<(), Refusal> {
        let refuse = |zh: &str, en: &str| Err(Refusal::new(STUDY_STEPS_RULE, zh, en));
        match step {
            StudyStep::Report if self.reported => refuse(
                "该干部本年度已有述学报告,每年一份",
                "the cadre already has a study report for this year; one a year",
            ),
            StudyStep::Evaluation | StudyStep::Exam if !self.reported => {
                refuse("须先有本年度述学报告", "the year's study report comes first")
            }
            StudyStep::Evaluation if self.evaluated_by_me => {
                refuse("您已评议过这份述学报告,每人一次", "you have already evaluated this report; once per evaluator")
            }
            StudyStep::Exam if self.evaluations == 0 => {
                refuse("须先完成评学,再登记考学", "the report is evaluated before the exam is recorded")
            }
            StudyStep::Exam if self.examined => {
                refuse("本年度考学成绩已登记", "the exam result for this year is already recorded")
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 26);

    fn entry(member: &str, present: bool, reason: &str, speaker: bool) -> AttendanceEntryInput {
        AttendanceEntryInput { member_id: member.into(), present, reason: reason.into(), speaker }
    }

    #[test]
    fn an_absence_without_a_reason_is_refused_by_the_members_field() {
        let members = vec!["m1".to_owned(), "m2".to_owned()];
        let input = AttendanceInput {
            session_id: "s".into(),
            entries: vec![entry("m1", true, "", true), entry("m2", false, "", false)],
        };
        let err = input.parse(&members).unwrap_err();
        assert_eq!(err.fields.len(), 1);
        assert_eq!(err.fields[0].field, "reason.m2");
        let ok = AttendanceInput {
            entries: vec![entry("m1", true, "", true), entry("m2", false, "出差", false)],
            ..input
        };
        let marks = ok.parse(&members).unwrap();
        assert_eq!(marks[1].absence_reason, "出差");
    }

    #[test]
    fn every_member_is_recorded_once_and_an_absent_member_cannot_speak() {
        let members = vec!["m1".to_owned(), "m2".to_owned()];
        let input = AttendanceInput {
            session_id: "s".into(),
            entries: vec![entry("m1", false, "病假", true), entry("m1", true, "", false), entry("x", true, "", false)],
        };
        let fields: Vec<String> = input.parse(&members).unwrap_err().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["speaker.m1", "entries", "present.m1", "present.m2"]);
    }

    #[test]
    fn rates_round_half_up_to_a_tenth_of_a_percent() {
        assert_eq!(Rate::new(7, 8).percent, Some(87.5));
        assert_eq!(Rate::new(2, 3).display(), "66.7%");
        assert_eq!(Rate::new(1, 3).display(), "33.3%");
        assert_eq!(Rate::new(0, 0).display(), "—");
        assert_eq!(Rate::new(5, 5).percent, Some(100.0));
    }

    #[test]
    fn a_second_leader_is_refused() {
        let input = MemberInput { cadre_id: "c".into(), role: "组长".into() };
        assert_eq!(input.parse(false).unwrap().role, "leader");
        assert_eq!(input.parse(true).unwrap_err().fields[0].field, "role");
        let secretary = MemberInput { cadre_id: "c".into(), role: "学习秘书".into() };
        assert_eq!(secretary.parse(true).unwrap().role, "secretary");
    }

    #[test]
    fn the_steps_come_in_order_report_evaluation_exam() {
        let none = StudyProgress::default();
        assert!(none.allows(StudyStep::Report).is_ok());
        assert_eq!(none.allows(StudyStep::Evaluation).unwrap_err().rule, STUDY_STEPS_RULE);
        assert!(none.allows(StudyStep::Exam).is_err());
        let reported = StudyProgress { reported: true, ..none };
        assert!(reported.allows(StudyStep::Report).is_err(), "one report a year");
        assert!(reported.allows(StudyStep::Evaluation).is_ok());
        assert!(reported.allows(StudyStep::Exam).is_err(), "the exam waits for an evaluation");
        let evaluated = StudyProgress { evaluations: 1, evaluated_by_me: true, ..reported };
        assert!(evaluated.allows(StudyStep::Evaluation).unwrap_err().reason.en.contains("once per evaluator"));
        assert!(evaluated.allows(StudyStep::Exam).is_ok());
        assert!(StudyProgress { examined: true, ..evaluated }.allows(StudyStep::Exam).is_err());
    }

    #[test]
    fn an_exam_passes_at_the_pass_mark_and_scores_are_bounded() {
        let input = ExamInput { year: "2026".into(), date: "2026-11-20".into(), score: "60".into() };
        assert!(input.parse(60, TODAY).unwrap().passed);
        let failed = ExamInput { score: "59".into(), ..input.clone() }.parse(60, TODAY).unwrap();
        assert!(!failed.passed);
        assert_eq!(failed.pass_mark, 60);
        for bad in ["101", "-1", "sixty", ""] {
            let err = ExamInput { score: bad.into(), ..input.clone() }.parse(60, TODAY).unwrap_err();
            assert_eq!(err.fields[0].field, "score", "{bad}");
        }
    }

    #[test]
    fn a_report_is_given_in_its_year_or_the_next_and_a_poor_grade_needs_a_comment() {
        let report = ReportInput { year: "2025".into(), date: "2026-01-10".into(), content: "学习心得".into() };
        assert_eq!(report.parse(TODAY).unwrap().year, 2025);
        let late = ReportInput { date: "2024-12-01".into(), ..report.clone() };
        assert_eq!(late.parse(TODAY).unwrap_err().fields[0].field, "date");
        let future = ReportInput { year: "2027".into(), ..report };
        assert_eq!(future.parse(TODAY).unwrap_err().fields[0].field, "year");
        let poor = EvaluationInput { year: "2026".into(), grade: "差".into(), comment: String::new() };
        assert_eq!(poor.parse(TODAY).unwrap_err().fields[0].field, "comment");
        let good = EvaluationInput { grade: "较好".into(), ..poor };
        assert_eq!(good.parse(TODAY).unwrap().grade, "fair_good");
    }
}
