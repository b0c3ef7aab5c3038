//! Calendar-date parsing and age arithmetic used by the registry.

use time::{Date, Month};

use crate::error::FieldError;

/// A date from year, month and day numbers, or `None` if it does not exist (2001-02-29).
pub fn date_from_ymd(year: i32, month: i32, day: i32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`), naming the field on error.
pub fn parse_date(field: &str, raw: &str) -> Result<Date, FieldError> {
    let text = raw.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let numbers: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    match numbers.as_deref() {
        Some([y, m, d]) if parts[0].len() == 4 => date_from_ymd(*y, *m, *d).ok_or_else(|| {
            FieldError::new(field, format!("日期 {text} 不存在"), format!("the date {text} does not exist"))
        }),
        _ => Err(FieldError::new(
            field,
            format!("日期格式应为 YYYY-MM-DD,收到 “{text}”"),
            format!("dates are written YYYY-MM-DD; got \"{text}\""),
        )),
    }
}

/// Parses an optional date: empty text is `None`.
pub fn parse_optional_date(field: &str, raw: &str) -> Result<Option<Date>, FieldError> {
    if raw.trim().is_empty() { Ok(None) } else { parse_date(field, raw).map(Some) }
}

/// An ISO date as a notice writes a month: 「1982年7月」; anything else as it is.
pub fn year_month_zh(iso: &str) -> String {
    let mut parts = iso.trim().splitn(3, '-');
    match (parts.next().map(str::parse::<u32>), parts.next().map(str::parse::<u32>)) {
        (Some(Ok(year)), Some(Ok(month))) if (1..=12).contains(&month) => format!("{year}年{month}月"),
        _ => iso.trim().to_owned(),
    }
}

/// Whole years of age on `on`.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
        age -= 1;
    }
    age
}

/// The date `months` calendar months after (or, negative, before) `from`, clamped to the month's
/// last day. Windows looking back use it; a deadline or a period after an event is counted with
/// [`crate::period::within`], which says how.
pub fn add_months(from: Date, months: i64) -> Date {
    let total = i64::from(from.year()) * 12 + i64::from(from.month() as u8 - 1) + months;
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(from.year());
    let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1);
    let month = Month::try_from(month).unwrap_or(Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, from.day().min(last)).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_writes_a_month_without_the_day_or_a_leading_zero() {
        assert_eq!(year_month_zh("1982-07-15"), "1982年7月");
        assert_eq!(year_month_zh("2004-12-01"), "2004年12月");
        assert_eq!(year_month_zh(""), "");
    }
    use time::macros::date;

    #[test]
    fn an_impossible_date_is_refused_by_name() {
        let err = parse_date("birth_date", "2001-02-29").unwrap_err();
        assert_eq!(err.field, "birth_date");
        assert!(err.message.zh.contains("不存在"));
        assert_eq!(parse_date("d", "2000-02-29").unwrap(), date!(2000 - 02 - 29));
    }

    #[test]
    fn slashes_and_dots_are_accepted_and_nonsense_refused() {
        assert_eq!(parse_date("d", "1990/7/1").unwrap(), date!(1990 - 07 - 01));
        assert_eq!(parse_date("d", "1990.07.01").unwrap(), date!(1990 - 07 - 01));
        assert!(parse_date("d", "July 1990").is_err());
        assert!(parse_date("d", "90-7-1").is_err());
    }

    #[test]
    fn age_counts_whole_years_up_to_the_birthday() {
        assert_eq!(age_on(date!(1980 - 06 - 15), date!(2026 - 06 - 14)), 45);
        assert_eq!(age_on(date!(1980 - 06 - 15), date!(2026 - 06 - 15)), 46);
    }

    #[test]
    fn adding_months_clamps_to_the_last_day() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2025 - 08 - 31), 18), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 03 - 15), -6), date!(2025 - 09 - 15));
    }
}
