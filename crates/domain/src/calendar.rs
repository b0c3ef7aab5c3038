//! The working-day calendar: public holidays (放假日期) and adjusted working days (调休上班) as
//! the State Council General Office announces them each year, kept as data in
//! `policy/calendar-cn.toml`.
//!
//! A day is a working day when it is an adjusted working day, or a Monday to Friday outside
//! every holiday.
//!
//! **Coverage.** A year is covered only when the data holds that year's State Council notice
//! (`status = "official"`): a year that is missing, or that has only the statutory holidays
//! (the 调休 and 补假 days are for the notice to say), cannot say which days are worked. Every
//! deadline uses the checked answers — [`Calendar::working_day`], [`Calendar::working_days_after`]
//! and [`Calendar::first_working_day_from`] — which refuse an uncovered day with [`NotCovered`],
//! naming the notice that is missing. The unchecked [`Calendar::is_working_day`] (Monday to Friday
//! outside the data) is for the demo data and for counting within covered years.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use time::{Date, Weekday};

use crate::error::{Msg, Refusal};

/// The calendar file built into the binary.
/// China Standard Time (UTC+8): the zone dates are judged in and times are shown in.
pub const BEIJING: time::UtcOffset = time::macros::offset!(+8);

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

/// A working-day answer the calendar cannot give: the State Council's notice of the year's
/// holiday arrangements (国务院办公厅关于某年部分节假日安排的通知) is not in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the working-day calendar has no State Council notice for {year}")]
pub struct NotCovered {
    pub year: i32,
}

impl NotCovered {
    /// What a user is told, in both languages: which year's notice is missing.
    pub fn message(&self) -> Msg {
        let year = self.year;
        Msg::new(
            format!(
                "工作日历尚未录入《国务院办公厅关于{year}年部分节假日安排的通知》，无法确定{year}年哪些日子是工作日，\
                 不能计算该期限；请在通知发布后由系统管理员录入日历（policy/calendar-cn.toml）"
            ),
            format!(
                "the working-day calendar does not yet have the State Council General Office's notice on the {year} \
                 holiday arrangements (国务院办公厅关于{year}年部分节假日安排的通知), so it cannot tell which days of {year} \
                 are working days and this deadline cannot be computed; an administrator enters the notice in \
                 policy/calendar-cn.toml once it is published"
            ),
        )
    }

    /// The refusal of a step whose deadline `rule` counts on the calendar.
    pub fn refusal(&self, rule: &str) -> Refusal {
        let message = self.message();
        Refusal::new(rule, message.zh, message.en)
    }
}

/// The status of a year whose data is the State Council notice itself.
const OFFICIAL: &str = "official";

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
    /// every holiday. Unchecked: outside the covered years it answers from the weekday and the
    /// statutory holidays listed; a deadline uses [`Calendar::working_day`] instead.
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

    /// Whether the date is a working day, refused for a day whose year's notice is not in the data.
    pub fn working_day(&self, date: Date) -> Result<bool, NotCovered> {
        if !self.covers(date) {
            return Err(NotCovered { year: date.year() });
        }
        Ok(self.is_working_day(date))
    }

    /// The `n`-th working day after `start` (`start` itself is not counted); `start` when `n` is 0.
    /// Refused when a day it has to look at lies in a year the data does not cover.
    /// Five working days after a Tuesday with no holiday end on the next Tuesday.
    pub fn working_days_after(&self, start: Date, n: u32) -> Result<Date, NotCovered> {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            match day.next_day() {
                Some(next) => day = next,
                None => return Ok(day),
            }
            if self.working_day(day)? {
                counted += 1;
            }
        }
        Ok(day)
    }

    /// `date` when it is a working day, else the first working day after it: the day after the
    /// holiday ends. Refused when a day it has to look at lies in a year the data does not cover.
    pub fn first_working_day_from(&self, date: Date) -> Result<Date, NotCovered> {
        let mut day = date;
        while !self.working_day(day)? {
            match day.next_day() {
                Some(next) => day = next,
                None => return Ok(day),
            }
        }
        Ok(day)
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

    /// Whether the data holds the State Council notice of the date's year (status `official`).
    /// A year missing, or with only its statutory holidays, is not covered: which weekend days are
    /// worked (调休) and which days are given in lieu (补假) is for the notice to say.
    pub fn covers(&self, date: Date) -> bool {
        self.years.get(&date.year()).is_some_and(|y| y.status == OFFICIAL)
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

    /// The years the data has, in order: covered ones and those with their statutory holidays only.
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
    fn the_builtin_calendar_has_2025_to_2027_and_the_notices_of_2025_and_2026() {
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
        assert_eq!(calendar.working_days_after(date!(2025 - 09 - 30), 5), Ok(date!(2025 - 10 - 14)));
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
        assert_eq!(calendar.working_days_after(date!(2026 - 02 - 13), 2), Ok(date!(2026 - 02 - 24)));
    }

    #[test]
    fn publicity_starting_the_day_before_national_day_2026_ends_on_13_october() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2026 - 09 - 20)), "Sunday 20 September is worked");
        assert!(!calendar.is_working_day(date!(2026 - 09 - 25)), "中秋节");
        assert!(calendar.is_working_day(date!(2026 - 10 - 10)), "Saturday 10 October is worked");
        // 8, 9, 10 (adjusted working Saturday), 12, 13 October.
        assert_eq!(calendar.working_days_after(date!(2026 - 09 - 30), 5), Ok(date!(2026 - 10 - 13)));
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
        // Until the notice is entered, no deadline is counted on these days.
        assert_eq!(calendar.working_days_after(date!(2027 - 09 - 30), 5), Err(NotCovered { year: 2027 }));
        assert!(!calendar.is_working_day(date!(2027 - 09 - 15)), "中秋节");
    }

    #[test]
    fn zero_working_days_is_the_start_and_a_reversed_range_counts_zero() {
        let calendar = cn();
        assert_eq!(calendar.working_days_after(date!(2026 - 10 - 03), 0), Ok(date!(2026 - 10 - 03)));
        assert_eq!(calendar.count_working_days(date!(2026 - 10 - 09), date!(2026 - 10 - 08)), 0);
        assert_eq!(calendar.count_working_days(date!(2026 - 10 - 09), date!(2026 - 10 - 09)), 1);
    }

    #[test]
    fn a_year_outside_the_data_has_only_weekends_off_but_no_deadline_is_counted_on_it() {
        let calendar = cn();
        assert!(calendar.is_working_day(date!(2024 - 10 - 01)), "2024 is not in the data");
        assert!(!calendar.is_working_day(date!(2024 - 10 - 05)));
        assert_eq!(calendar.working_day(date!(2024 - 10 - 01)), Err(NotCovered { year: 2024 }));
        assert_eq!(calendar.working_day(date!(2028 - 03 - 01)), Err(NotCovered { year: 2028 }));
    }

    #[test]
    fn only_a_year_with_its_state_council_notice_is_covered() {
        let calendar = cn();
        assert!(calendar.covers(date!(2025 - 01 - 01)) && calendar.covers(date!(2026 - 12 - 31)));
        // 2027 has its statutory holidays only: its 调休 and 补假 are for the notice to say.
        assert!(!calendar.covers(date!(2027 - 01 - 01)));
        assert_eq!(calendar.working_day(date!(2027 - 06 - 09)), Err(NotCovered { year: 2027 }));
        assert_eq!(calendar.working_day(date!(2026 - 12 - 31)), Ok(true));
    }

    #[test]
    fn counting_into_a_year_without_its_notice_is_refused_naming_the_notice() {
        let calendar = cn();
        // 28, 29, 30, 31 December 2026 are worked; the fifth working day would be in 2027.
        assert_eq!(calendar.working_days_after(date!(2026 - 12 - 27), 4), Ok(date!(2026 - 12 - 31)));
        let missing = calendar.working_days_after(date!(2026 - 12 - 27), 5).unwrap_err();
        assert_eq!(missing, NotCovered { year: 2027 });
        let refusal = missing.refusal("SEL-PUBLICITY");
        assert_eq!(refusal.rule, "SEL-PUBLICITY");
        assert!(refusal.reason.zh.contains("国务院办公厅关于2027年部分节假日安排的通知"), "{}", refusal.reason.zh);
        assert!(refusal.reason.en.contains("notice on the 2027 holiday arrangements"), "{}", refusal.reason.en);
        // The next working day after a holiday is looked for in covered years only too.
        assert_eq!(calendar.first_working_day_from(date!(2026 - 10 - 03)), Ok(date!(2026 - 10 - 08)));
        assert_eq!(calendar.first_working_day_from(date!(2026 - 10 - 10)), Ok(date!(2026 - 10 - 10)));
        assert_eq!(calendar.first_working_day_from(date!(2027 - 01 - 01)), Err(NotCovered { year: 2027 }));
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
            let after_start = start.next_day().expect("in range");
            match calendar.working_days_after(start, n) {
                Ok(end) => {
                    prop_assert_eq!(calendar.count_working_days(after_start, end), n);
                    prop_assert!(n == 0 || calendar.is_working_day(end));
                    prop_assert!(n == 0 || calendar.covers(end));
                }
                // Refused only when the count reaches a year without its notice.
                Err(NotCovered { year }) => {
                    prop_assert!(!(2025..=2026).contains(&year), "{year}");
                    prop_assert!(after_start.year() <= year);
                }
            }
        }
    }
}
