//! The working-day calendar: public holidays (放假日期) and adjusted working days (调休上班) as
//! the State Council General Office announces them each year, kept as data in
//! `policy/calendar-cn.toml`.
//!
//! A day is a working day when it is an adjusted working day, or a Monday to Friday outside
//! every holiday. Years missing from the data fall back to "Monday to Friday";
//! [`Calendar::covers`] tells a caller when that fallback is in play, and
//! [`Calendar::year_status`] whether a year's data is the official notice or only the statutory
//! holidays.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use time::{Date, Weekday};

/// The calendar file built into the binary.
pub const BUILTIN_CALENDAR_TOML: &str = include_str!("../../../policy/calendar-cn.toml");

/// The longest holiday range accepted; a longer one is taken for a typing error.
const MAX_HOLIDAY_DAYS: i64 = 20;

/// A calendar file that cannot be used, with the year concerned where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file: {0}")]
    Syntax(String),
    #[error("calendar year {year}: {message}")]
    Invalid { year: i32, message: String },
}

/// What the data says about one year: how sure it is and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearSource {
    status: String,
    notice: String,
    url: Option<String>,
}

/// Public holidays and adjusted working days by date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, YearSource>,
    /// Holiday dates with the holiday's Chinese name.
    holidays: BTreeMap<Date, String>,
    /// Weekend days worked to make up for a holiday.
    adjusted_working_days: BTreeSet<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    #[serde(default)]
    year: Vec<YearEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearEntry {
    year: i32,
    status: String,
    notice: String,
    url: Option<String>,
    #[serde(default)]
    holiday: Vec<HolidayEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    name_zh: String,
    #[serde(rename = "name_en")]
    _name_en: String,
    from: String,
    to: String,
    #[serde(default)]
    working_days: Vec<String>,
}

impl Calendar {
    /// The calendar built into the binary (`policy/calendar-cn.toml`).
    pub fn builtin() -> Result<Self, CalendarError> {
        Self::from_toml(BUILTIN_CALENDAR_TOML)
    }

    /// Reads a calendar file; checks that every adjusted working day is a weekend day outside
    /// every holiday and that no year is given twice.
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile = toml::from_str(text).map_err(|e| CalendarError::Syntax(e.to_string()))?;
        let mut calendar =
            Calendar { years: BTreeMap::new(), holidays: BTreeMap::new(), adjusted_working_days: BTreeSet::new() };
        for entry in file.year {
            calendar.add_year(entry)?;
        }
        if let Some(day) = calendar.adjusted_working_days.iter().find(|d| calendar.holidays.contains_key(*d)) {
            return Err(invalid(day.year(), format!("{day} is both a holiday and an adjusted working day")));
        }
        Ok(calendar)
    }

    fn add_year(&mut self, entry: YearEntry) -> Result<(), CalendarError> {
        let year = entry.year;
        if entry.status.trim().is_empty() || entry.notice.trim().is_empty() {
            return Err(invalid(year, "status and notice must not be empty".into()));
        }
        if self.years.contains_key(&year) {
            return Err(invalid(year, "the year is given twice".into()));
        }
        for holiday in entry.holiday {
            let from = parse_date(year, &holiday.from)?;
            let to = parse_date(year, &holiday.to)?;
            let length = (to - from).whole_days() + 1;
            if !(1..=MAX_HOLIDAY_DAYS).contains(&length) {
                return Err(invalid(year, format!("{} runs from {from} to {to}", holiday.name_zh)));
            }
            let mut day = from;
            while day <= to {
                self.holidays.insert(day, holiday.name_zh.clone());
                day = day.next_day().ok_or_else(|| invalid(year, "date out of range".into()))?;
            }
            for raw in &holiday.working_days {
                let day = parse_date(year, raw)?;
                if !is_weekend(day) {
                    return Err(invalid(year, format!("adjusted working day {day} is not a Saturday or Sunday")));
                }
                self.adjusted_working_days.insert(day);
            }
        }
        self.years.insert(year, YearSource { status: entry.status, notice: entry.notice, url: entry.url });
        Ok(())
    }

    /// Whether the date is a working day: an adjusted working day, or Monday to Friday outside
    /// every holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.adjusted_working_days.contains(&date) {
            return true;
        }
        !is_weekend(date) && !self.holidays.contains_key(&date)
    }

    /// The holiday a date falls in (its Chinese name), if any.
    pub fn holiday_name(&self, date: Date) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// The `n`-th working day after `start` (`start` itself is not counted); `start` when `n` is 0.
    /// Five working days of publicity decided on a Tuesday end on the next Tuesday.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            match day.next_day() {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// The number of working days from `from` to `to`, both included; 0 when `to` is before `from`.
    pub fn count_working_days(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day <= to {
            if self.is_working_day(day) {
                count += 1;
            }
            match day.next_day() {
                Some(next) => day = next,
                None => break,
            }
        }
        count
    }

    /// Whether the data has the date's year; outside it only weekends are non-working.
    pub fn covers(&self, date: Date) -> bool {
        self.years.contains_key(&date.year())
    }

    /// How sure a year's data is: `official` for a State Council notice, or a note saying
    /// what is missing (e.g. statutory holidays only).
    pub fn year_status(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(|y| y.status.as_str())
    }

    /// The notice (document number and date) a year's data comes from, and its address if known.
    pub fn year_source(&self, year: i32) -> Option<(&str, Option<&str>)> {
        self.years.get(&year).map(|y| (y.notice.as_str(), y.url.as_deref()))
    }

    /// The years the data covers, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn parse_date(year: i32, raw: &str) -> Result<Date, CalendarError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &format).map_err(|e| invalid(year, format!("“{raw}” is not a date YYYY-MM-DD: {e}")))
}

fn invalid(year: i32, message: String) -> CalendarError {
    CalendarError::Invalid { year, message }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    fn cn() -> Calendar {
        Calendar::builtin().expect("the built-in calendar loads")
    }

    #[test]
    fn the_builtin_calendar_covers_2025_to_2027() {
        let calendar = cn();
        assert_eq!(calendar.years().collect::<Vec<_>>(), vec![2025, 2026, 2027]);
        assert!(calendar.covers(date!(2026 - 11 - 26)));
        assert!(!calendar.covers(date!(2024 - 12 - 31)));
        assert_eq!(calendar.year_status(2025), Some("official"));
        assert_eq!(calendar.year_status(2026), Some("official"));
        assert!(calendar.year_status(2027).is_some_and(|s| s.starts_with("statutory-only")));
        assert_eq!(calendar.year_status(2028), None);
        assert!(calendar.year_source(2026).is_some_and(|(notice, _)| notice.contains("国办发明电〔2025〕7号")));
        assert!(calendar.year_source(2025).is_some_and(|(notice, _)| notice.contains("国办发明电〔2024〕12号")));
    }

    #[test]
    fn spring_festival_2025_is_eight_days_with_two_adjusted_working_days() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2025 - 01 - 26)), "Sunday 26 January is worked");
        assert!(!calendar.is_working_day(date!(2025 - 01 - 28)), "除夕 is a holiday");
        assert!(!calendar.is_working_day(date!(2025 - 02 - 04)));
        assert!(calendar.is_working_day(date!(2025 - 02 - 05)));
        assert!(calendar.is_working_day(date!(2025 - 02 - 08)), "Saturday 8 February is worked");
        assert_eq!(calendar.holiday_name(date!(2025 - 01 - 30)), Some("春节"));
        // Mon 27 Jan, then Wed 5 to Sat 8 Feb.
        assert_eq!(calendar.count_working_days(date!(2025 - 01 - 27), date!(2025 - 02 - 09)), 5);
    }

    #[test]
    fn publicity_starting_the_day_before_national_day_2025_ends_on_14_october() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2025 - 09 - 28)), "Sunday 28 September is worked");
        assert!(!calendar.is_working_day(date!(2025 - 10 - 08)));
        // 9, 10, 11 (an adjusted working Saturday), 13, 14 October.
        assert_eq!(calendar.add_working_days(date!(2025 - 09 - 30), 5), date!(2025 - 10 - 14));
        assert_eq!(calendar.count_working_days(date!(2025 - 10 - 01), date!(2025 - 10 - 14)), 5);
    }

    #[test]
    fn spring_festival_2026_is_nine_days_between_two_worked_saturdays() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2026 - 02 - 14)));
        assert!(!calendar.is_working_day(date!(2026 - 02 - 15)), "腊月二十八 is a holiday");
        assert!(!calendar.is_working_day(date!(2026 - 02 - 23)), "Monday 23 February is a holiday");
        assert!(calendar.is_working_day(date!(2026 - 02 - 28)));
        // Mon 9 to Sat 14 (6), Tue 24 to Sat 28 (5).
        assert_eq!(calendar.count_working_days(date!(2026 - 02 - 09), date!(2026 - 02 - 28)), 11);
        assert_eq!(calendar.add_working_days(date!(2026 - 02 - 13), 2), date!(2026 - 02 - 24));
    }

    #[test]
    fn publicity_starting_the_day_before_national_day_2026_ends_on_13_october() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2026 - 09 - 20)), "Sunday 20 September is worked");
        assert!(!calendar.is_working_day(date!(2026 - 09 - 25)), "中秋节");
        assert!(calendar.is_working_day(date!(2026 - 10 - 10)), "Saturday 10 October is worked");
        // 8, 9, 10 (adjusted working Saturday), 12, 13 October.
        assert_eq!(calendar.add_working_days(date!(2026 - 09 - 30), 5), date!(2026 - 10 - 13));
    }

    #[test]
    fn spring_festival_2027_has_only_its_statutory_days_until_the_notice() {
        let calendar = cn();
        assert!(!calendar.is_working_day(date!(2027 - 02 - 05)), "除夕, a Friday");
        assert!(!calendar.is_working_day(date!(2027 - 02 - 08)), "正月初三, a Monday");
        assert!(calendar.is_working_day(date!(2027 - 02 - 09)));
        // Mon 1 to Thu 4, then Tue 9 to Fri 12.
        assert_eq!(calendar.count_working_days(date!(2027 - 02 - 01), date!(2027 - 02 - 12)), 8);
    }

    #[test]
    fn national_day_2027_has_only_its_statutory_days_until_the_notice() {
        let calendar = cn();
        assert!(!calendar.is_working_day(date!(2027 - 10 - 01)));
        assert!(calendar.is_working_day(date!(2027 - 10 - 04)), "no 补假 is invented");
        assert_eq!(calendar.add_working_days(date!(2027 - 09 - 30), 5), date!(2027 - 10 - 08));
        assert!(!calendar.is_working_day(date!(2027 - 09 - 15)), "中秋节");
    }

    #[test]
    fn zero_working_days_is_the_start_and_a_reversed_range_counts_zero() {
        let calendar = cn();
        assert_eq!(calendar.add_working_days(date!(2026 - 10 - 03), 0), date!(2026 - 10 - 03));
        assert_eq!(calendar.count_working_days(date!(2026 - 10 - 09), date!(2026 - 10 - 08)), 0);
        assert_eq!(calendar.count_working_days(date!(2026 - 10 - 09), date!(2026 - 10 - 09)), 1);
    }

    #[test]
    fn a_year_outside_the_data_has_only_weekends_off() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2024 - 10 - 01)), "2024 is not in the data");
        assert!(!calendar.is_working_day(date!(2024 - 10 - 05)));
    }

    #[test]
    fn an_adjusted_working_day_on_a_weekday_is_refused() {
        let text = r#"
            [[year]]
            year = 2030
            status = "official"
            notice = "test"
            [[year.holiday]]
            name_zh = "国庆节"
            name_en = "National Day"
            from = "2030-10-01"
            to = "2030-10-07"
            working_days = ["2030-10-08"]
        "#;
        let err = Calendar::from_toml(text).unwrap_err();
        assert!(matches!(err, CalendarError::Invalid { year: 2030, .. }), "{err}");
        assert!(err.to_string().contains("2030-10-08"));
    }

    #[test]
    fn a_malformed_calendar_is_refused_with_the_reason() {
        assert!(matches!(Calendar::from_toml("[[year]]\nyear = \"x\""), Err(CalendarError::Syntax(_))));
        let twice = "[[year]]\nyear = 2030\nstatus = \"s\"\nnotice = \"n\"\n[[year]]\nyear = 2030\nstatus = \"s\"\nnotice = \"n\"";
        assert!(Calendar::from_toml(twice).unwrap_err().to_string().contains("twice"));
        let bad_date = "[[year]]\nyear = 2030\nstatus = \"s\"\nnotice = \"n\"\n[[year.holiday]]\nname_zh = \"a\"\nname_en = \"a\"\nfrom = \"2030-13-01\"\nto = \"2030-13-02\"";
        assert!(Calendar::from_toml(bad_date).unwrap_err().to_string().contains("2030-13-01"));
    }

    proptest! {
        #[test]
        fn counting_after_the_start_gives_back_the_working_days_added(offset in 0i64..1200, n in 0u32..300) {
            let calendar = cn();
            let start = date!(2024 - 12 - 01) + time::Duration::days(offset);
            let end = calendar.add_working_days(start, n);
            let after_start = start.next_day().expect("in range");
            prop_assert_eq!(calendar.count_working_days(after_start, end), n);
            prop_assert!(n == 0 || calendar.is_working_day(end));
        }
    }
}
