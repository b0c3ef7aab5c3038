//! Obligations (design.md, idea 5): a duty with a subject, a source event, a rule and a due date.
//! Events create them — the six musts' triggers (INT-SIX-MUSTS-1..6) read from the policy, a
//! promotion short of training (TRN-CATCH-UP) — and records fulfil them: a passed discipline test,
//! a talk held, training completed.

use serde::Serialize;
use time::Date;

use crate::integrity::ObligationStatus;
use crate::period::{Period, within};
use crate::policy::{Policy, PolicyError};
use crate::registry::codes::{CodeSet, c};

/// Events that create six-musts obligations; the codes are the policy's `trigger` figures.
pub static TRIGGER: CodeSet = CodeSet {
    name: "触发事项 trigger event",
    codes: &[
        c("party_admission", "入党", "joining the party"),
        c("civil_service_entry", "公务员上岗", "entering the civil service"),
        c("promotion", "干部提拔", "promotion"),
        c("key_post_or_major_task", "任重点岗位或承担重大任务", "key post or major task"),
        c("report_shows_emerging_problem", "信访举报反映苗头性问题", "report shows an emerging problem"),
        c("accountability_decision", "受到责任追究", "held accountable"),
    ],
};

/// What an obligation asks for; each kind names the records that fulfil it.
pub static OBLIGATION_KIND: CodeSet = CodeSet {
    name: "义务类别 obligation kind",
    codes: &[
        c("discipline_test", "党纪政纪条规测试", "party-discipline test"),
        c("education_or_talk", "定期教育或谈话", "regular education or talk"),
        c("warning_talk", "警示谈话", "warning talk"),
        c("admonishment_talk", "诫勉谈话", "admonishment talk"),
        c("training_catch_up", "提任后补足培训", "training catch-up after promotion"),
    ],
};

/// Obligation states; "overdue" is an open obligation past its due date, not a stored state.
pub static OBLIGATION_STATUS: CodeSet = CodeSet {
    name: "义务状态 obligation status",
    codes: &[
        c("open", "待履行", "open"),
        c("fulfilled", "已履行", "fulfilled"),
        c("closed", "已关闭", "closed"),
        c("overdue", "已逾期", "overdue"),
    ],
};

/// The six-musts rules, in order.
pub const SIX_MUSTS: [&str; 6] =
    ["INT-SIX-MUSTS-1", "INT-SIX-MUSTS-2", "INT-SIX-MUSTS-3", "INT-SIX-MUSTS-4", "INT-SIX-MUSTS-5", "INT-SIX-MUSTS-6"];

/// A duty to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    pub rule: &'static str,
    pub kind: String,
    pub due: Date,
    /// For periodic duties (INT-SIX-MUSTS-4): months until the next one after fulfilment.
    pub interval_months: Option<u32>,
}

/// The duties a trigger event on `date` creates under the policy in force on that date.
pub fn duties_for(policy: &Policy, trigger: &str, date: Date) -> Result<Vec<Duty>, PolicyError> {
    let mut duties = Vec::new();
    for rule in SIX_MUSTS {
        if !policy.is_in_force(rule, date) || policy.text(rule, "trigger", date)? != trigger {
            continue;
        }
        let kind = policy.text(rule, "kind", date)?.to_owned();
        // The day of the event is not counted (Civil Code art. 201). The last day is not moved
        // off a rest day (art. 203): the test or talk is the organisation's own duty, which it
        // schedules on a working day within the period; a local rule's figure, not a time
        // limit by which a person loses a right.
        let (due, interval) = match policy.count(rule, "due_within_days", date) {
            Ok(days) => (within(date, Period::Days(days)), None),
            Err(_) => {
                let months = policy.months(rule, "interval_months", date)?;
                (next_periodic_due(date, months), Some(months))
            }
        };
        duties.push(Duty { rule, kind, due, interval_months: interval });
    }
    Ok(duties)
}

/// The due day of a periodic duty (INT-SIX-MUSTS-4) `months` after the event or fulfilment
/// that set it: the corresponding day (Civil Code arts. 201–202), not moved off a rest day (the
/// organisation's own duty, as in [`duties_for`]).
pub fn next_periodic_due(from: Date, months: u32) -> Date {
    within(from, Period::Months(months))
}

/// The catch-up duty of a promotee short of training (TRN-CATCH-UP), due within the policy's
/// months of the promotion: the promotion day is not counted, and the last day is the
/// corresponding day (Civil Code arts. 201–202) — promoted on 15 March, due by 15 March a year
/// later. It is not moved off a rest day (art. 203): training is completed over the period,
/// not handed in at an office on its last day, and 《干部教育培训工作条例》 adopts no such rule.
pub fn catch_up_duty(policy: &Policy, promoted_on: Date) -> Result<Duty, PolicyError> {
    let months = policy.months("TRN-CATCH-UP", "within_months", promoted_on)?;
    Ok(Duty {
        rule: "TRN-CATCH-UP",
        kind: "training_catch_up".into(),
        due: within(promoted_on, Period::Months(months)),
        interval_months: None,
    })
}

/// The obligation kinds a talk of `talk_kind` fulfils.
pub fn kinds_fulfilled_by_talk(talk_kind: &str) -> &'static [&'static str] {
    match talk_kind {
        "warning" => &["warning_talk", "education_or_talk"],
        "admonishment" => &["admonishment_talk", "education_or_talk"],
        "reminder" | "integrity" => &["education_or_talk"],
        _ => &[],
    }
}

/// The obligation kinds completing a course of `course_kind` fulfils: integrity education
/// (exemplary models, cautionary cases) is the "regular education" of INT-SIX-MUSTS-4.
pub fn kinds_fulfilled_by_course(course_kind: &str) -> &'static [&'static str] {
    match course_kind {
        "exemplary_model" | "cautionary_case" => &["education_or_talk"],
        _ => &[],
    }
}

/// The displayed status of an obligation on `today` (a code of [`OBLIGATION_STATUS`]): its
/// stored state, or overdue for an open one past its due date.
pub fn status_on(stored: ObligationStatus, due: Date, today: Date) -> &'static str {
    match stored {
        ObligationStatus::Open if due < today => "overdue",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn policy() -> Policy {
        Policy::builtin().unwrap()
    }

    #[test]
    fn int_six_musts_1_to_3_create_a_discipline_test_duty() {
        let p = policy();
        let day = date!(2026 - 06 - 01);
        for (trigger, rule) in [
            ("party_admission", "INT-SIX-MUSTS-1"),
            ("civil_service_entry", "INT-SIX-MUSTS-2"),
            ("promotion", "INT-SIX-MUSTS-3"),
        ] {
            let duties = duties_for(&p, trigger, day).unwrap();
            assert_eq!(duties.len(), 1, "{trigger}");
            assert_eq!(duties[0].rule, rule);
            assert_eq!(duties[0].kind, "discipline_test");
            assert!(duties[0].due > day);
        }
        assert_eq!(duties_for(&p, "party_admission", day).unwrap()[0].due, date!(2026 - 07 - 01));
    }

    #[test]
    fn int_six_musts_4_is_periodic() {
        let duties = duties_for(&policy(), "key_post_or_major_task", date!(2026 - 01 - 31)).unwrap();
        assert_eq!(duties[0].rule, "INT-SIX-MUSTS-4");
        assert_eq!(duties[0].interval_months, Some(12));
        assert_eq!(duties[0].due, date!(2027 - 01 - 31));
    }

    #[test]
    fn int_six_musts_5_and_6_ask_for_talks() {
        let p = policy();
        let day = date!(2026 - 06 - 01);
        assert_eq!(duties_for(&p, "report_shows_emerging_problem", day).unwrap()[0].kind, "warning_talk");
        assert_eq!(duties_for(&p, "accountability_decision", day).unwrap()[0].rule, "INT-SIX-MUSTS-6");
        assert!(duties_for(&p, "unknown_event", day).unwrap().is_empty());
        // Before the local rules took effect no duty arises.
        assert!(duties_for(&p, "promotion", date!(2022 - 01 - 01)).unwrap().is_empty());
    }

    #[test]
    fn trn_catch_up_ends_on_the_corresponding_day_a_year_later() {
        let duty = catch_up_duty(&policy(), date!(2026 - 03 - 15)).unwrap();
        assert_eq!(duty.rule, "TRN-CATCH-UP");
        assert_eq!(duty.due, date!(2027 - 03 - 15));
    }

    #[test]
    fn trn_catch_up_from_29_february_ends_on_28_february_and_is_not_moved_off_a_rest_day() {
        let p = policy();
        assert_eq!(catch_up_duty(&p, date!(2028 - 02 - 29)).unwrap().due, date!(2029 - 02 - 28));
        assert_eq!(catch_up_duty(&p, date!(2026 - 01 - 31)).unwrap().due, date!(2027 - 01 - 31));
        // 2026-10-01, inside 国庆节, stays the last day: the duty is not a filing at an office.
        assert_eq!(catch_up_duty(&p, date!(2025 - 10 - 01)).unwrap().due, date!(2026 - 10 - 01));
    }

    #[test]
    fn int_six_musts_due_days_count_from_the_day_after_the_event_and_stay_on_a_holiday() {
        let p = policy();
        // INT-SIX-MUSTS-3: 15 days after a promotion on 2026-09-16 is 2026-10-01, inside
        // 国庆节; the organisation's own duty is not moved (it schedules the test before).
        assert_eq!(duties_for(&p, "promotion", date!(2026 - 09 - 16)).unwrap()[0].due, date!(2026 - 10 - 01));
        // INT-SIX-MUSTS-1: 30 days; the event day not counted.
        assert_eq!(duties_for(&p, "party_admission", date!(2026 - 01 - 31)).unwrap()[0].due, date!(2026 - 03 - 02));
        // INT-SIX-MUSTS-4: the interval ends on the corresponding day, or the month's last day.
        assert_eq!(next_periodic_due(date!(2028 - 02 - 29), 12), date!(2029 - 02 - 28));
        assert_eq!(next_periodic_due(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
    }

    #[test]
    fn talks_and_courses_fulfil_their_kinds() {
        assert!(kinds_fulfilled_by_talk("warning").contains(&"warning_talk"));
        assert!(!kinds_fulfilled_by_talk("reminder").contains(&"warning_talk"));
        assert!(kinds_fulfilled_by_talk("admonishment").contains(&"admonishment_talk"));
        assert_eq!(kinds_fulfilled_by_course("cautionary_case"), ["education_or_talk"]);
        assert!(kinds_fulfilled_by_course("party_school").is_empty());
    }

    #[test]
    fn an_open_obligation_past_due_is_overdue() {
        let due = date!(2026 - 06 - 01);
        assert_eq!(status_on(ObligationStatus::Open, due, date!(2026 - 06 - 01)), "open");
        assert_eq!(status_on(ObligationStatus::Open, due, date!(2026 - 06 - 02)), "overdue");
        assert_eq!(status_on(ObligationStatus::Fulfilled, due, date!(2027 - 01 - 01)), "fulfilled");
    }
}
