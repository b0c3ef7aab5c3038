//! Periods of days, months and years — every "within N" deadline and every "for N" status —
//! counted by the Civil Code's rules for periods (《民法典》 第十章 期间计算, arts. 200–204).
//!
//! - Art. 200: periods are counted in Gregorian years, months, days (and hours).
//! - Art. 201: a period in years, months or days does not count the day it begins on (the day of
//!   the event); it runs from the next day. [`within`] takes the event day.
//! - Art. 202: a period in years or months ends on the corresponding day (对应日) of the last
//!   month; where that month has no such day (31 January + 1 month, 29 February + 1 year) it
//!   ends on the last day of that month. A period in days ends `n` days after the event.
//! - Art. 203: when the last day is a statutory rest day (法定休假日), the period ends on the day
//!   after the rest days end. Read with the State Council's arrangements, a rest day is a day
//!   the working-day calendar does not work: a holiday, or a Saturday or Sunday not worked in
//!   lieu (调休上班) — a weekend day that is worked is not a rest day. [`within_for_act`] applies
//!   it, and so needs the calendar to cover the day (see [`crate::calendar`]).
//! - Art. 204: these rules apply unless a law provides otherwise or the parties agree otherwise:
//!   a contract's term agreed to run from a stated first day counts that day ([`from_first_day`]).
//!
//! Which rule moves its last day off a rest day is decided where the deadline is made, with the
//! reason in a comment there: a deadline for an act a person must do before an office (a report,
//! an appeal) moves ([`within_for_act`]); a period that defines a status — probation, an
//! influence period, the validity of a result, a bar on promotion — and the organisation's own
//! duties do not ([`within`]).
//!
//! Working-day periods (公示期 and the like) count only working days, so there is no last day
//! to move: [`within_working_days`] and [`from_first_working_day`].

use time::Date;

use crate::calendar::{Calendar, NotCovered};
use crate::registry::dates::add_months;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// The last day of a period of `period` that begins with `event` (arts. 201–202): the event day
/// is not counted; months and years end on the corresponding day, or on the month's last day
/// where there is none. The result is the last day *inside* the period.
pub fn within(event: Date, period: Period) -> Date {
    match period {
        Period::Days(n) => event.checked_add(time::Duration::days(i64::from(n))).unwrap_or(Date::MAX),
        // `add_months` keeps the day of the month, or takes the month's last day (art. 202).
        Period::Months(n) => add_months(event, i64::from(n)),
        Period::Years(n) => add_months(event, 12 * i64::from(n)),
    }
}

/// The last day of a deadline for an act (arts. 201–203): [`within`], moved to the day after the
/// rest days end when it falls on one. Refused when the calendar lacks the notice of a year it
/// has to look at.
pub fn within_for_act(calendar: &Calendar, event: Date, period: Period) -> Result<Date, NotCovered> {
    calendar.first_working_day_from(within(event, period))
}

/// The last day of a term agreed to run from `first_day`, that day counted (art. 204: a contract
/// "from 1 April for 3 years" runs to 31 March three years on, as the contract itself states):
/// the day before the corresponding day, or — where the last month has no corresponding day —
/// that month's last day (from 31 August, six months run to the end of February).
pub fn from_first_day(first_day: Date, period: Period) -> Date {
    let months = match period {
        Period::Days(0) => return first_day.previous_day().unwrap_or(first_day),
        Period::Days(n) => return within(first_day, Period::Days(n - 1)),
        Period::Months(n) => i64::from(n),
        Period::Years(n) => 12 * i64::from(n),
    };
    let corresponding = add_months(first_day, months);
    if corresponding.day() == first_day.day() {
        corresponding.previous_day().unwrap_or(corresponding)
    } else {
        corresponding // no corresponding day: `add_months` gave the month's last day
    }
}

/// The `n`-th working day after `event`, the event day not counted (art. 201 on working days).
pub fn within_working_days(calendar: &Calendar, event: Date, n: u32) -> Result<Date, NotCovered> {
    calendar.working_days_after(event, n)
}

/// The last day of `n` working days from `first_day`, that day counted when it is a working day
/// (a notice up from the start of the day it is published on).
pub fn from_first_working_day(calendar: &Calendar, first_day: Date, n: u32) -> Result<Date, NotCovered> {
    match (n, first_day.previous_day()) {
        (0, _) | (_, None) => Ok(first_day),
        (n, Some(day_before)) => calendar.working_days_after(day_before, n),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn cn() -> Calendar {
        Calendar::builtin().expect("the built-in calendar loads")
    }

    #[test]
    fn the_event_day_is_not_counted() {
        assert_eq!(within(date!(2026 - 03 - 15), Period::Days(1)), date!(2026 - 03 - 16));
        assert_eq!(within(date!(2026 - 03 - 15), Period::Days(30)), date!(2026 - 04 - 14));
        assert_eq!(within(date!(2026 - 03 - 15), Period::Days(0)), date!(2026 - 03 - 15));
    }

    #[test]
    fn months_and_years_end_on_the_corresponding_day() {
        assert_eq!(within(date!(2026 - 03 - 15), Period::Months(1)), date!(2026 - 04 - 15));
        assert_eq!(within(date!(2026 - 03 - 15), Period::Years(1)), date!(2027 - 03 - 15));
        assert_eq!(within(date!(2026 - 12 - 31), Period::Months(12)), date!(2027 - 12 - 31));
        assert_eq!(within(date!(2026 - 11 - 30), Period::Months(3)), date!(2027 - 02 - 28));
    }

    #[test]
    fn without_a_corresponding_day_the_month_s_last_day() {
        assert_eq!(within(date!(2026 - 01 - 31), Period::Months(1)), date!(2026 - 02 - 28));
        assert_eq!(within(date!(2028 - 01 - 31), Period::Months(1)), date!(2028 - 02 - 29));
        assert_eq!(within(date!(2026 - 03 - 31), Period::Months(1)), date!(2026 - 04 - 30));
        assert_eq!(within(date!(2028 - 02 - 29), Period::Years(1)), date!(2029 - 02 - 28));
        assert_eq!(within(date!(2028 - 02 - 29), Period::Years(4)), date!(2032 - 02 - 29));
    }

    #[test]
    fn a_deadline_for_an_act_moves_past_the_rest_days() {
        let calendar = cn();
        // 30 days after 2026-09-08 is Thursday 2026-10-08, a working day after 国庆节: no move.
        assert_eq!(within_for_act(&calendar, date!(2026 - 09 - 08), Period::Days(30)), Ok(date!(2026 - 10 - 08)));
        // 30 days after 2026-09-01 is 2026-10-01, inside 国庆节 (10-01..07): the day after it ends.
        assert_eq!(within_for_act(&calendar, date!(2026 - 09 - 01), Period::Days(30)), Ok(date!(2026 - 10 - 08)));
        // Sunday 2026-07-05 moves to Monday; Saturday 2026-10-10 is worked in lieu and stays.
        assert_eq!(within_for_act(&calendar, date!(2026 - 06 - 05), Period::Months(1)), Ok(date!(2026 - 07 - 06)));
        assert_eq!(within_for_act(&calendar, date!(2026 - 09 - 10), Period::Months(1)), Ok(date!(2026 - 10 - 10)));
        // A last day in a year without its notice cannot be judged.
        assert_eq!(within_for_act(&calendar, date!(2026 - 12 - 15), Period::Days(30)), Err(NotCovered { year: 2027 }));
    }

    #[test]
    fn a_term_from_a_first_day_counts_that_day() {
        assert_eq!(from_first_day(date!(2026 - 04 - 01), Period::Years(3)), date!(2029 - 03 - 31));
        assert_eq!(from_first_day(date!(2026 - 04 - 01), Period::Months(6)), date!(2026 - 09 - 30));
        assert_eq!(from_first_day(date!(2026 - 03 - 01), Period::Months(1)), date!(2026 - 03 - 31));
        assert_eq!(from_first_day(date!(2026 - 08 - 31), Period::Months(6)), date!(2027 - 02 - 28));
        assert_eq!(from_first_day(date!(2028 - 02 - 29), Period::Years(1)), date!(2029 - 02 - 28));
        assert_eq!(from_first_day(date!(2026 - 04 - 01), Period::Days(30)), date!(2026 - 04 - 30));
    }

    #[test]
    fn working_day_periods_count_working_days_only() {
        let calendar = cn();
        // After Wednesday 2026-09-30: 8, 9, 10 (a worked Saturday), 12, 13 October.
        assert_eq!(within_working_days(&calendar, date!(2026 - 09 - 30), 5), Ok(date!(2026 - 10 - 13)));
        // From Monday 2026-03-09, that day counted: to Friday 2026-03-13.
        assert_eq!(from_first_working_day(&calendar, date!(2026 - 03 - 09), 5), Ok(date!(2026 - 03 - 13)));
        // From a Saturday not worked: counting starts on Monday.
        assert_eq!(from_first_working_day(&calendar, date!(2026 - 03 - 07), 5), Ok(date!(2026 - 03 - 13)));
        assert_eq!(from_first_working_day(&calendar, date!(2026 - 03 - 07), 0), Ok(date!(2026 - 03 - 07)));
        assert_eq!(from_first_working_day(&calendar, date!(2026 - 12 - 28), 5), Err(NotCovered { year: 2027 }));
    }

    /// SUP-MATTERS-DEADLINE: a reporting cadre reports a new event (a marriage, a child's
    /// emigration) to the organisation department within 30 days. The report is an act done
    /// before an office, so a last day on a rest day moves (art. 203). Nothing computes this
    /// deadline yet; when personal-matters reports come, they call `within_for_act` with it.
    #[test]
    fn sup_matters_deadline_thirty_days_of_a_new_event_moves_off_a_holiday() {
        let calendar = cn();
        let thirty = Period::Days(30);
        // The event day is not counted: married on 2026-03-02, report by 2026-04-01 (a Wednesday).
        assert_eq!(within_for_act(&calendar, date!(2026 - 03 - 02), thirty), Ok(date!(2026 - 04 - 01)));
        // The 30th day is 2026-05-01, inside 劳动节 (05-01..05): the report is due on Wednesday 05-06.
        assert_eq!(within_for_act(&calendar, date!(2026 - 04 - 01), thirty), Ok(date!(2026 - 05 - 06)));
        // The 30th day is 2026-02-22, inside 春节 (02-15..23): due on Tuesday 02-24.
        assert_eq!(within_for_act(&calendar, date!(2026 - 01 - 23), thirty), Ok(date!(2026 - 02 - 24)));
        // The 30th day is Saturday 2026-02-28, worked in lieu: it stays.
        assert_eq!(within_for_act(&calendar, date!(2026 - 01 - 29), thirty), Ok(date!(2026 - 02 - 28)));
    }

    #[test]
    fn periods_far_out_saturate_instead_of_failing() {
        assert_eq!(within(Date::MAX, Period::Days(1)), Date::MAX);
        assert_eq!(within(Date::MAX, Period::Years(1)), Date::MAX);
    }
}
