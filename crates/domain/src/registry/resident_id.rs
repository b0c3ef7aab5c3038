//! The resident identity card number (公民身份号码, GB 11643-1999): 18 characters,
//! a 6-digit address code, the birth date, a 3-digit sequence and an ISO 7064 MOD 11-2 check character.

use std::fmt;

use time::Date;

use crate::error::FieldError;
use crate::registry::dates::date_from_ymd;

/// A resident ID number whose check character and birth date are valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl ResidentId {
    /// Parses a number, accepting a lower-case `x` and surrounding spaces.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
            return Err(FieldError::new(
                field,
                "身份证号码应为18位,前17位为数字",
                "the resident ID number must have 18 characters, the first 17 digits",
            ));
        }
        let expected = check_char(&chars[..17]);
        if chars[17] != expected {
            return Err(FieldError::new(
                field,
                format!("身份证号码校验码错误(应为 {expected})"),
                format!("the resident ID number's check character is wrong (expected {expected})"),
            ));
        }
        let digits = |range: std::ops::Range<usize>| -> i32 {
            chars[range].iter().fold(0, |n, c| n * 10 + c.to_digit(10).map_or(0, |d| d as i32))
        };
        if date_from_ymd(digits(6..10), digits(10..12), digits(12..14)).is_none() {
            return Err(FieldError::new(
                field,
                "身份证号码中的出生日期不存在",
                "the birth date inside the resident ID number does not exist",
            ));
        }
        Ok(Self(value))
    }

    /// The birth date encoded in positions 7–14.
    pub fn birth_date(&self) -> Date {
        let n = |r: std::ops::Range<usize>| self.0[r].parse::<i32>().unwrap_or(1);
        // Parsing checked the date exists, so the fallback is never taken.
        date_from_ymd(n(6..10), n(10..12), n(12..14)).unwrap_or(Date::MIN)
    }

    /// Gender from the sequence digit: odd is male (`1`), even is female (`2`), as GB/T 2261.1 codes.
    pub fn gender_code(&self) -> &'static str {
        let digit = self.0.as_bytes()[16] - b'0';
        if digit % 2 == 1 { "1" } else { "2" }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The masked form shown by default: region and the last character only.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any stored ID number text, keeping the first 3 and the last character.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 4));
    out.push(chars[chars.len() - 1]);
    out
}

fn check_char(first17: &[char]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Builds a valid number from the first 17 digits: the demo generator and tests use it.
pub fn with_check_char(first17: &str) -> String {
    let chars: Vec<char> = first17.chars().collect();
    format!("{first17}{}", check_char(&chars))
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_the_right_check_digit_parses() {
        // The example of GB 11643-1999 itself.
        let id = ResidentId::parse("id", "11010519491231002X").unwrap();
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(id.gender_code(), "2");
    }

    #[test]
    fn lower_case_x_and_spaces_are_accepted() {
        assert!(ResidentId::parse("id", " 11010519491231002x ").is_ok());
    }

    #[test]
    fn a_wrong_check_digit_is_refused_and_names_the_expected_one() {
        let err = ResidentId::parse("id_number", "110105194912310021").unwrap_err();
        assert_eq!(err.field, "id_number");
        assert!(err.message.en.contains("expected X"), "{}", err.message.en);
    }

    #[test]
    fn an_impossible_birth_date_is_refused() {
        let number = with_check_char("37050220010229123");
        let err = ResidentId::parse("id", &number).unwrap_err();
        assert!(err.message.en.contains("does not exist"));
    }

    #[test]
    fn short_or_non_digit_numbers_are_refused() {
        assert!(ResidentId::parse("id", "3705021990").is_err());
        assert!(ResidentId::parse("id", "37050219900101A23X").is_err());
    }

    #[test]
    fn masking_hides_the_birth_date_and_sequence() {
        assert_eq!(mask("11010519491231002X"), "110**************X");
    }

    proptest::proptest! {
        #[test]
        fn every_generated_number_parses(region in 110000u32..659999, days in 0i64..30000, seq in 0u32..999) {
            let date = Date::from_calendar_date(1940, time::Month::January, 1).unwrap() + time::Duration::days(days);
            let first17 = format!("{region:06}{:04}{:02}{:02}{seq:03}", date.year(), date.month() as u8, date.day());
            let id = ResidentId::parse("id", &with_check_char(&first17)).unwrap();
            proptest::prop_assert_eq!(id.birth_date(), date);
        }
    }
}
