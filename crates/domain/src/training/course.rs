//! The training catalogue (培训课程): course kinds as the seed names them, a course and its
//! sessions parsed at the boundary, credits per TRN-CREDITS and the leave cap of TRN-LEAVE-CAP.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, FieldError, Invalid};
use crate::policy::{Policy, PolicyError};
use crate::registry::codes::{CodeSet, c};
use crate::registry::dossier::{code, date, ordered, text};

/// The course kinds of the seed; the codes are the keys of TRN-CREDITS' `credits_per_class_hour`.
pub static COURSE_KIND: CodeSet = CodeSet {
    name: "培训类别 course kind",
    codes: &[
        c("party_school", "党校培训", "party school"),
        c("administrative_college", "行政学院培训", "administrative college"),
        c("training_base", "干部培训基地", "cadre training base"),
        c("off_site_visit", "外出参观", "off-site visit"),
        c("university_course", "赴高校培训", "university course"),
        c("seminar", "交流研讨", "seminar / exchange"),
        c("online_course", "网络培训", "online course"),
        c("exemplary_model", "先进示范教育", "exemplary-model education"),
        c("cautionary_case", "案例警示教育", "cautionary-case education"),
    ],
};

/// Enrolment modes: assigned by the organisation department (调训) or open to sign up (自主选学).
pub static ENROLMENT: CodeSet = CodeSet {
    name: "报名方式 enrolment",
    codes: &[c("assigned", "组织调训", "assigned"), c("open", "自主选学", "open enrolment")],
};

/// Attendance of one cadre at one session.
pub static ATTENDANCE: CodeSet = CodeSet {
    name: "出勤 attendance",
    codes: &[c("present", "出勤", "present"), c("leave", "请假", "on leave"), c("absent", "缺勤", "absent")],
};

/// Whether a kind is full-time training at a party school, administrative college or cadre
/// training institution — what TRN-COUNTY-5Y counts.
pub fn is_institutional(kind: &str) -> bool {
    matches!(kind, "party_school" | "administrative_college" | "training_base")
}

/// A course as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CourseInput {
    pub title: String,
    pub kind: String,
    pub organiser: String,
    pub org_id: String,
    pub start_date: String,
    pub end_date: String,
    /// Total class hours (学时).
    pub class_hours: String,
    /// Seats; empty for no limit.
    pub capacity: String,
    /// `assigned` or `open`.
    pub enrolment: String,
    /// Full-time (脱产): "1"/"true"/"on" or empty.
    pub full_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub title: String,
    pub kind: &'static str,
    pub organiser: String,
    pub org_id: String,
    pub start_date: Date,
    pub end_date: Date,
    pub class_hours: u32,
    pub capacity: Option<u32>,
    pub enrolment: &'static str,
    pub full_time: bool,
}

impl Course {
    /// Calendar days of full-time training the course gives (both ends counted), 0 if not full-time.
    pub fn full_time_days(&self) -> u32 {
        if self.full_time { u32::try_from((self.end_date - self.start_date).whole_days() + 1).unwrap_or(0) } else { 0 }
    }
}

pub(crate) fn flag(raw: &str) -> bool {
    matches!(raw.trim(), "1" | "true" | "on" | "yes" | "是")
}

pub(crate) fn number(errors: &mut Errors, field: &str, raw: &str, min: u32, max: u32) -> Option<u32> {
    let text = raw.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, "必填", "required"));
        return None;
    }
    match text.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(
                field,
                format!("应为 {min} 到 {max} 之间的整数"),
                format!("must be a whole number from {min} to {max}"),
            ));
            None
        }
    }
}

impl CourseInput {
    pub fn parse(&self) -> Result<Course, Invalid> {
        let mut e = Errors::default();
        let title = text(&mut e, "title", &self.title, true, 200);
        let kind = code(&mut e, &COURSE_KIND, "kind", &self.kind);
        let organiser = text(&mut e, "organiser", &self.organiser, true, 100);
        if self.org_id.trim().is_empty() {
            e.push(FieldError::new("org_id", "必填", "required"));
        }
        let start = date(&mut e, "start_date", &self.start_date);
        let end = date(&mut e, "end_date", &self.end_date);
        ordered(&mut e, start, end);
        let class_hours = number(&mut e, "class_hours", &self.class_hours, 1, 5000);
        let capacity =
            if self.capacity.trim().is_empty() { None } else { number(&mut e, "capacity", &self.capacity, 1, 100_000) };
        let enrolment = if self.enrolment.trim().is_empty() {
            Some("assigned")
        } else {
            code(&mut e, &ENROLMENT, "enrolment", &self.enrolment)
        };
        e.finish()?;
        match (kind, start, end, class_hours, enrolment) {
            (Some(kind), Some(start_date), Some(end_date), Some(class_hours), Some(enrolment)) => Ok(Course {
                title,
                kind,
                organiser,
                org_id: self.org_id.trim().to_owned(),
                start_date,
                end_date,
                class_hours,
                capacity,
                enrolment,
                full_time: flag(&self.full_time),
            }),
            _ => Err(Invalid::one("kind", "输入有误", "invalid input")),
        }
    }
}

/// One session (课次) of a course.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SessionInput {
    pub date: String,
    pub topic: String,
    pub class_hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub date: Date,
    pub topic: String,
    pub class_hours: u32,
}

impl SessionInput {
    /// Parses a session of a course that runs `from`–`to`, with `hours_left` class hours not yet
    /// given to other sessions.
    pub fn parse(&self, from: Date, to: Date, hours_left: u32) -> Result<Session, Invalid> {
        let mut e = Errors::default();
        let day = date(&mut e, "date", &self.date);
        if let Some(d) = day
            && (d < from || d > to)
        {
            e.push(FieldError::new(
                "date",
                format!("课次日期应在课程日期 {from} 至 {to} 之内"),
                format!("the session must fall within the course's dates {from} to {to}"),
            ));
        }
        let topic = text(&mut e, "topic", &self.topic, true, 200);
        let hours = number(&mut e, "class_hours", &self.class_hours, 1, 24);
        if let Some(h) = hours
            && h > hours_left
        {
            e.push(FieldError::new(
                "class_hours",
                format!("各课次学时之和不能超过课程总学时（还剩 {hours_left} 学时）"),
                format!("the sessions' class hours cannot exceed the course's total ({hours_left} left)"),
            ));
        }
        e.finish()?;
        match (day, hours) {
            (Some(date), Some(class_hours)) => Ok(Session { date, topic, class_hours }),
            _ => Err(Invalid::one("date", "输入有误", "invalid input")),
        }
    }
}

/// Credits for `class_hours` of a course kind under TRN-CREDITS, in hundredths of a credit,
/// rounded down (a course's credits never round up). Training that ended before the credit
/// system took effect earns no credits (its class hours still count for the time rules).
pub fn credits_centi(policy: &Policy, kind: &str, class_hours: u32, on: Date) -> Result<u64, PolicyError> {
    if !policy.is_in_force("TRN-CREDITS", on) {
        return Ok(0);
    }
    let rate = policy.fraction("TRN-CREDITS", &format!("credits_per_class_hour.{kind}"), on)?;
    Ok(rate.apply(u64::from(class_hours) * 100).0)
}

/// Formats hundredths of a credit: 1250 → "12.5", 1200 → "12".
pub fn format_centi(centi: u64) -> String {
    let (whole, part) = (centi / 100, centi % 100);
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// The outcome of TRN-LEAVE-CAP for a trainee: the class hours missed (leave and absence) against
/// the course's total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveCheck {
    pub missed_hours: u32,
    /// The most hours that may be missed.
    pub allowed_hours: u32,
    pub within: bool,
    /// TRN-LEAVE-CAP's share in words, as the policy states it ("不超过 1/7").
    pub cap: crate::Msg,
}

/// Checks missed hours against TRN-LEAVE-CAP in force on `on`.
pub fn leave_check(policy: &Policy, missed_hours: u32, class_hours: u32, on: Date) -> Result<LeaveCheck, PolicyError> {
    let cap = policy.ratio("TRN-LEAVE-CAP", None, on)?;
    let allowed = cap.maximum_count(u64::from(class_hours)).unwrap_or(0);
    Ok(LeaveCheck {
        missed_hours,
        allowed_hours: u32::try_from(allowed).unwrap_or(u32::MAX),
        within: cap.is_met(u64::from(missed_hours), u64::from(class_hours)),
        cap: cap.describe(),
    })
}

impl LeaveCheck {
    /// Why a trainee is withdrawn, in both languages.
    pub fn withdrawal_reason(&self) -> crate::Refusal {
        crate::Refusal::new(
            "TRN-LEAVE-CAP",
            format!(
                "请假及缺勤累计 {} 学时，超过限额（须{}总学时，即最多 {} 学时），按退学处理",
                self.missed_hours, self.cap.zh, self.allowed_hours
            ),
            format!(
                "{} class hours missed (leave and absence) go past {} of the course (at most {}): withdrawn",
                self.missed_hours, self.cap.en, self.allowed_hours
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 26);

    fn input() -> CourseInput {
        CourseInput {
            title: "县处级干部进修班".into(),
            kind: "party_school".into(),
            organiser: "市委党校".into(),
            org_id: "org".into(),
            start_date: "2026-03-01".into(),
            end_date: "2026-03-30".into(),
            class_hours: "140".into(),
            capacity: "60".into(),
            enrolment: "assigned".into(),
            full_time: "1".into(),
        }
    }

    #[test]
    fn a_course_parses_and_counts_its_full_time_days() {
        let course = input().parse().unwrap();
        assert_eq!(course.kind, "party_school");
        assert_eq!(course.full_time_days(), 30);
        assert_eq!(course.capacity, Some(60));
        let part_time = CourseInput { full_time: String::new(), ..input() }.parse().unwrap();
        assert_eq!(part_time.full_time_days(), 0);
    }

    #[test]
    fn a_bad_course_names_every_field() {
        let bad = CourseInput {
            kind: "yoga".into(),
            end_date: "2026-02-01".into(),
            class_hours: "0".into(),
            title: String::new(),
            ..input()
        };
        let fields: Vec<String> = bad.parse().unwrap_err().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["title", "kind", "end_date", "class_hours"]);
    }

    #[test]
    fn a_session_stays_within_the_course_dates_and_hours() {
        let (from, to) = (date!(2026 - 03 - 01), date!(2026 - 03 - 30));
        let ok = SessionInput { date: "2026-03-02".into(), topic: "党章".into(), class_hours: "4".into() };
        assert_eq!(ok.parse(from, to, 4).unwrap().class_hours, 4);
        assert_eq!(ok.parse(from, to, 3).unwrap_err().fields[0].field, "class_hours");
        let late = SessionInput { date: "2026-04-01".into(), ..ok };
        assert_eq!(late.parse(from, to, 10).unwrap_err().fields[0].field, "date");
    }

    #[test]
    fn trn_credits_per_class_hour_by_kind() {
        let policy = Policy::builtin().unwrap();
        assert_eq!(credits_centi(&policy, "party_school", 40, TODAY).unwrap(), 4000);
        // Half a credit an hour: 7 hours of an online course give 3.5 credits.
        assert_eq!(credits_centi(&policy, "online_course", 7, TODAY).unwrap(), 350);
        assert!(credits_centi(&policy, "yoga", 7, TODAY).is_err());
        // Before Dongying's credit system took effect (2022-06-27) there were no credits.
        assert_eq!(credits_centi(&policy, "party_school", 40, date!(2022 - 06 - 26)).unwrap(), 0);
        assert_eq!(credits_centi(&policy, "party_school", 40, date!(2022 - 06 - 27)).unwrap(), 4000);
        assert_eq!(format_centi(350), "3.5");
        assert_eq!(format_centi(1200), "12");
        assert_eq!(format_centi(1205), "12.05");
    }

    #[test]
    fn trn_leave_cap_one_seventh_is_allowed_more_is_withdrawn() {
        let policy = Policy::builtin().unwrap();
        // 70 class hours: 10 may be missed, 11 may not.
        let within = leave_check(&policy, 10, 70, TODAY).unwrap();
        assert!(within.within);
        assert_eq!(within.allowed_hours, 10);
        let over = leave_check(&policy, 11, 70, TODAY).unwrap();
        assert!(!over.within);
        let reason = over.withdrawal_reason();
        assert_eq!(reason.rule, "TRN-LEAVE-CAP");
        assert!(reason.reason.zh.contains("1/7") && reason.reason.en.contains("withdrawn"));
        // 1/7 of 20 hours is 2.86: 2 hours pass, 3 do not.
        assert!(leave_check(&policy, 2, 20, TODAY).unwrap().within);
        assert!(!leave_check(&policy, 3, 20, TODAY).unwrap().within);
    }

    #[test]
    fn institutional_kinds_are_what_the_five_year_rule_counts() {
        assert!(is_institutional("party_school"));
        assert!(is_institutional("training_base"));
        assert!(!is_institutional("online_course"));
        assert!(!is_institutional("off_site_visit"));
    }
}
