//! A cadre's training totals as of a day, and the span of days over which they stay the same.
//!
//! The totals of [`Totals`] change only on a few days: when a record's end date is reached (it
//! starts to count), when a record leaves the rolling window of TRN-COUNTY-5Y, and on the first
//! of January (the calendar year's sums start again). Between those days they are constant, so a
//! report can keep each cadre's totals with the span `[valid_from, valid_until)` and recompute
//! only the cadres whose span does not hold the report's day.

use time::{Date, Month};

use super::Totals;
use crate::registry::dates::add_months;

/// What a training record contributes to the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordFact {
    pub end_date: Date,
    pub institutional: bool,
    pub class_hours: u64,
    pub full_time_days: u64,
    pub credits_centi: u64,
}

/// Totals as of a day and the span of days on which they are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub totals: Totals,
    /// The first day of the span (inclusive).
    pub valid_from: Date,
    /// The first day after the span (exclusive).
    pub valid_until: Date,
}

/// The first day on which a record that ended on `end` no longer falls in a rolling window of
/// `window_months` (it counts while `end > add_months(day, -window_months)`).
pub fn leaves_window(end: Date, window_months: i64) -> Date {
    let mut day = add_months(end, window_months);
    // Month ends clamp (a record of 29 February): step to the first day that is past it.
    while add_months(day, -window_months) < end {
        day = day.next_day().unwrap_or(day);
    }
    day
}

/// The totals of `records` on `on` with a rolling window of `window_months`, and their span.
pub fn standing(records: &[RecordFact], on: Date, window_months: i64) -> Standing {
    let window_after = add_months(on, -window_months);
    let year_start = Date::from_calendar_date(on.year(), Month::January, 1).unwrap_or(on);
    let next_year = Date::from_calendar_date(on.year() + 1, Month::January, 1).unwrap_or(Date::MAX);
    let mut totals = Totals::default();
    let (mut valid_from, mut valid_until) = (year_start, next_year);
    for r in records {
        if r.end_date > on {
            // Starts to count on its end date.
            valid_until = valid_until.min(r.end_date);
            continue;
        }
        valid_from = valid_from.max(r.end_date);
        if r.end_date >= year_start {
            totals.year_hours += r.class_hours;
            totals.year_days += r.full_time_days;
            totals.year_credits_centi += r.credits_centi;
        }
        if r.institutional {
            let leaves = leaves_window(r.end_date, window_months);
            if r.end_date > window_after {
                totals.window_hours += r.class_hours;
                totals.window_days += r.full_time_days;
                valid_until = valid_until.min(leaves);
            } else {
                valid_from = valid_from.max(leaves);
            }
        }
    }
    Standing { totals, valid_from, valid_until }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn fact(end: Date, institutional: bool, hours: u64) -> RecordFact {
        RecordFact {
            end_date: end,
            institutional,
            class_hours: hours,
            full_time_days: hours / 8,
            credits_centi: hours * 10,
        }
    }

    /// The totals summed directly, as the report's statement sums them.
    fn direct(records: &[RecordFact], on: Date, window_months: i64) -> Totals {
        let window_after = add_months(on, -window_months);
        let year_start = Date::from_calendar_date(on.year(), Month::January, 1).unwrap();
        let mut t = Totals::default();
        for r in records.iter().filter(|r| r.end_date <= on) {
            if r.institutional && r.end_date > window_after {
                t.window_hours += r.class_hours;
                t.window_days += r.full_time_days;
            }
            if r.end_date >= year_start {
                t.year_hours += r.class_hours;
                t.year_days += r.full_time_days;
                t.year_credits_centi += r.credits_centi;
            }
        }
        t
    }

    #[test]
    fn a_record_leaves_the_window_on_the_day_five_years_on() {
        assert_eq!(leaves_window(date!(2021 - 11 - 26), 60), date!(2026 - 11 - 26));
        // 29 February 2024 is still inside on 28 February 2029 (the window then starts after 28
        // February 2024) and leaves on 1 March.
        assert_eq!(leaves_window(date!(2024 - 02 - 29), 60), date!(2029 - 03 - 01));
        assert_eq!(leaves_window(date!(2021 - 08 - 31), 60), date!(2026 - 08 - 31));
    }

    #[test]
    fn the_totals_hold_on_every_day_of_their_span_and_change_just_outside_it() {
        let records = [
            fact(date!(2021 - 03 - 31), true, 120),
            fact(date!(2022 - 02 - 28), true, 200),
            fact(date!(2024 - 02 - 29), true, 80),
            fact(date!(2026 - 06 - 15), false, 16),
            fact(date!(2026 - 11 - 20), true, 40),
            fact(date!(2027 - 01 - 20), false, 24),
        ];
        // Every day of six years, against the direct sums.
        let mut day = date!(2021 - 01 - 01);
        while day <= date!(2030 - 12 - 31) {
            let s = standing(&records, day, 60);
            assert_eq!(s.totals, direct(&records, day, 60), "{day}");
            assert!(s.valid_from <= day && day < s.valid_until, "{day}: {s:?}");
            assert_eq!(direct(&records, s.valid_from, 60), s.totals, "{day}: from {}", s.valid_from);
            let last = s.valid_until.previous_day().unwrap();
            assert_eq!(direct(&records, last, 60), s.totals, "{day}: until {}", s.valid_until);
            day = day.next_day().unwrap();
        }
    }

    #[test]
    fn no_records_hold_until_the_new_year() {
        let s = standing(&[], date!(2026 - 11 - 26), 60);
        assert_eq!(s.totals, Totals::default());
        assert_eq!((s.valid_from, s.valid_until), (date!(2026 - 01 - 01), date!(2027 - 01 - 01)));
    }
}
