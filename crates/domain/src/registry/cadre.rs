//! A cadre's basic data (A01 基本信息): parsed from raw form, API or spreadsheet text into a
//! [`NewCadre`] whose every field is valid and consistent with the resident ID number.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, FieldError, Invalid};
use crate::registry::codes::{ETHNICITY, GENDER, POLITICAL_STATUS};
use crate::registry::dates::{age_on, parse_date, parse_optional_date};
use crate::registry::rank::Rank;
use crate::registry::resident_id::ResidentId;

/// Raw basic data as typed by a user; every field is text so nothing is lost when it is refused.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(default)]
pub struct CadreInput {
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub native_place: String,
    pub birthplace: String,
    pub id_number: String,
    pub political_status: String,
    pub party_entry_date: String,
    pub work_start_date: String,
    pub health: String,
    pub speciality: String,
    /// The org the cadre works in, by its ID.
    pub org_id: String,
    /// Current rank code or Chinese label (optional).
    pub rank: String,
    /// Current post title as text (the tenure section holds the post history).
    pub current_post: String,
    /// 专业技术职务 (optional), e.g. 高级经济师.
    pub professional_title: String,
}

/// Valid basic data, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCadre {
    pub name: String,
    pub gender: &'static str,
    pub birth_date: Date,
    pub ethnicity: &'static str,
    pub native_place: String,
    pub birthplace: String,
    pub id_number: ResidentId,
    pub political_status: &'static str,
    pub party_entry_date: Option<Date>,
    pub work_start_date: Option<Date>,
    pub health: String,
    pub speciality: String,
    pub org_id: String,
    pub rank: Option<&'static Rank>,
    pub current_post: String,
    pub professional_title: String,
}

const MAX_TEXT: usize = 200;

fn required<'a>(errors: &mut Errors, field: &str, value: &'a str) -> Option<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "必填", "required"));
        None
    } else {
        Some(value)
    }
}

fn bounded(errors: &mut Errors, field: &str, value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            field,
            format!("不能超过 {MAX_TEXT} 个字"),
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    value.to_owned()
}

fn parse_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = name.chars().count();
    if !(2..=30).contains(&count) {
        return Err(FieldError::new(field, "姓名应为2至30个字", "the name must have 2 to 30 characters"));
    }
    if name.chars().any(|c| c.is_ascii_digit() || c.is_control() || "<>\"'&;".contains(c)) {
        return Err(FieldError::new(
            field,
            "姓名含有不允许的字符",
            "the name contains characters that are not allowed",
        ));
    }
    Ok(name)
}

impl CadreInput {
    /// Parses every field, collecting all errors; `today` bounds dates that cannot be in the future.
    pub fn parse(&self, today: Date) -> Result<NewCadre, Invalid> {
        let mut errors = Errors::default();
        let name = required(&mut errors, "name", &self.name).and_then(|n| errors.take(parse_name("name", n)));
        let id_number = required(&mut errors, "id_number", &self.id_number)
            .and_then(|raw| errors.take(ResidentId::parse("id_number", raw)));
        let birth_date = required(&mut errors, "birth_date", &self.birth_date)
            .and_then(|raw| errors.take(parse_date("birth_date", raw)));
        let gender = required(&mut errors, "gender", &self.gender).and_then(|g| errors.take(GENDER.parse("gender", g)));
        let ethnicity = required(&mut errors, "ethnicity", &self.ethnicity)
            .and_then(|e| errors.take(ETHNICITY.parse("ethnicity", e)));
        let political_status = required(&mut errors, "political_status", &self.political_status)
            .and_then(|p| errors.take(POLITICAL_STATUS.parse("political_status", p)));
        let party_entry_date = errors.take(parse_optional_date("party_entry_date", &self.party_entry_date)).flatten();
        let work_start_date = errors.take(parse_optional_date("work_start_date", &self.work_start_date)).flatten();
        let org_id = required(&mut errors, "org_id", &self.org_id).map(str::to_owned);
        let rank = if self.rank.trim().is_empty() { None } else { errors.take(Rank::parse("rank", &self.rank)) };

        if let (Some(id), Some(birth)) = (&id_number, birth_date)
            && id.birth_date() != birth
        {
            errors.push(FieldError::new(
                "birth_date",
                format!("出生日期与身份证号码不一致(号码中为 {})", id.birth_date()),
                format!("the birth date does not match the resident ID number ({})", id.birth_date()),
            ));
        }
        if let (Some(id), Some(g)) = (&id_number, gender)
            && id.gender_code() != g.code
        {
            errors.push(FieldError::new(
                "gender",
                "性别与身份证号码不一致",
                "the gender does not match the resident ID number",
            ));
        }
        if let Some(birth) = birth_date {
            if birth > today || age_on(birth, today) > 100 {
                errors.push(FieldError::new("birth_date", "出生日期不合理", "the birth date is not plausible"));
            }
            for (field, date) in [("party_entry_date", party_entry_date), ("work_start_date", work_start_date)] {
                if let Some(date) = date
                    && (date > today || age_on(birth, date) < 14)
                {
                    errors.push(FieldError::new(
                        field,
                        "日期不合理(早于14周岁或晚于今天)",
                        "the date is not plausible (before age 14 or after today)",
                    ));
                }
            }
        }
        let native_place = bounded(&mut errors, "native_place", &self.native_place);
        let birthplace = bounded(&mut errors, "birthplace", &self.birthplace);
        let health = bounded(&mut errors, "health", &self.health);
        let speciality = bounded(&mut errors, "speciality", &self.speciality);
        let current_post = bounded(&mut errors, "current_post", &self.current_post);
        let professional_title = bounded(&mut errors, "professional_title", &self.professional_title);
        errors.finish()?;
        match (name, id_number, birth_date, gender, ethnicity, political_status, org_id) {
            (Some(name), Some(id_number), Some(birth_date), Some(g), Some(e), Some(p), Some(org_id)) => Ok(NewCadre {
                name,
                gender: g.code,
                birth_date,
                ethnicity: e.code,
                native_place,
                birthplace,
                id_number,
                political_status: p.code,
                party_entry_date,
                work_start_date,
                health,
                speciality,
                org_id,
                rank,
                current_post,
                professional_title,
            }),
            // Every None above pushed an error, so finish() returned early.
            _ => Err(Invalid::one("name", "输入不完整", "incomplete input")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::resident_id::with_check_char;
    use time::macros::date;

    pub(crate) fn valid_input() -> CadreInput {
        CadreInput {
            name: "张三丰".into(),
            gender: "男".into(),
            birth_date: "1978-05-04".into(),
            ethnicity: "汉族".into(),
            native_place: "山东东营".into(),
            birthplace: "山东东营".into(),
            id_number: with_check_char("37050219780504123"),
            political_status: "中共党员".into(),
            party_entry_date: "2001-07-01".into(),
            work_start_date: "2000-08-01".into(),
            org_id: "org-1".into(),
            rank: "县处级副职".into(),
            ..CadreInput::default()
        }
    }

    #[test]
    fn a_complete_input_parses_into_codes() {
        let cadre = valid_input().parse(date!(2026 - 11 - 26)).unwrap();
        assert_eq!((cadre.gender, cadre.ethnicity, cadre.political_status), ("1", "01", "01"));
        assert_eq!(cadre.rank.unwrap().code, "county_deputy");
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let input = CadreInput {
            name: "".into(),
            ethnicity: "火星族".into(),
            birth_date: "2001-02-29".into(),
            ..valid_input()
        };
        let fields: Vec<String> =
            input.parse(date!(2026 - 11 - 26)).unwrap_err().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name", "birth_date", "ethnicity"]);
    }

    #[test]
    fn a_birth_date_that_disagrees_with_the_id_number_is_refused() {
        let input = CadreInput { birth_date: "1978-05-05".into(), ..valid_input() };
        let err = input.parse(date!(2026 - 11 - 26)).unwrap_err();
        assert_eq!(err.fields[0].field, "birth_date");
        assert!(err.fields[0].message.zh.contains("1978-05-04"));
    }

    #[test]
    fn a_gender_that_disagrees_with_the_id_number_is_refused() {
        let input = CadreInput { gender: "女".into(), ..valid_input() };
        assert_eq!(input.parse(date!(2026 - 11 - 26)).unwrap_err().fields[0].field, "gender");
    }

    #[test]
    fn markup_in_a_name_is_refused() {
        let input = CadreInput { name: "<script>".into(), ..valid_input() };
        assert_eq!(input.parse(date!(2026 - 11 - 26)).unwrap_err().fields[0].field, "name");
    }

    #[test]
    fn a_party_entry_before_age_fourteen_is_refused() {
        let input = CadreInput { party_entry_date: "1985-01-01".into(), ..valid_input() };
        assert_eq!(input.parse(date!(2026 - 11 - 26)).unwrap_err().fields[0].field, "party_entry_date");
    }
}
