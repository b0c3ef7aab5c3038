//! The dossier sections beside basic data: education (A08), tenures (A02/A17), annual grades (A15),
//! rewards and sanctions (A14), family members (A36). Each raw input parses into a valid entry.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, FieldError, Invalid};
use crate::registry::codes::{
    CodeSet, DEGREE, EDUCATION, EDUCATION_MODE, FAMILY_POLITICAL_STATUS, GRADE, RELATION, REWARD, SANCTION,
};
use crate::registry::dates::{parse_date, parse_optional_date};

pub(crate) fn code(errors: &mut Errors, set: &CodeSet, field: &str, raw: &str) -> Option<&'static str> {
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

pub(crate) fn date(errors: &mut Errors, field: &str, raw: &str) -> Option<Date> {
    errors.take(parse_date(field, raw))
}

pub(crate) fn ordered(errors: &mut Errors, from: Option<Date>, to: Option<Date>) {
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.push(FieldError::new("end_date", "结束日期早于开始日期", "the end date is before the start date"));
    }
}

/// One education record (学历学位), full-time or in-service.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EducationInput {
    pub mode: String,
    pub level: String,
    pub degree: String,
    pub school: String,
    pub major: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Education {
    pub mode: &'static str,
    pub level: &'static str,
    pub degree: Option<&'static str>,
    pub school: String,
    pub major: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
}

impl EducationInput {
    pub fn parse(&self) -> Result<Education, Invalid> {
        let mut e = Errors::default();
        let mode = code(&mut e, &EDUCATION_MODE, "mode", &self.mode);
        let level = code(&mut e, &EDUCATION, "level", &self.level);
        let degree = if self.degree.trim().is_empty() { None } else { code(&mut e, &DEGREE, "degree", &self.degree) };
        let school = text(&mut e, "school", &self.school, true, 100);
        let major = text(&mut e, "major", &self.major, false, 100);
        let start_date = e.take(parse_optional_date("start_date", &self.start_date)).flatten();
        let end_date = e.take(parse_optional_date("end_date", &self.end_date)).flatten();
        ordered(&mut e, start_date, end_date);
        e.finish()?;
        Ok(Education {
            mode: mode.unwrap_or_default(),
            level: level.unwrap_or_default(),
            degree,
            school,
            major,
            start_date,
            end_date,
        })
    }
}

/// One tenure (任职经历): a post held from a date, possibly to a date, under a document.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TenureInput {
    pub org_id: String,
    pub post_id: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub document_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    pub org_id: String,
    pub post_id: Option<String>,
    pub title: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub document_number: String,
}

impl TenureInput {
    pub fn parse(&self) -> Result<Tenure, Invalid> {
        let mut e = Errors::default();
        let org_id = text(&mut e, "org_id", &self.org_id, true, 64);
        let title = text(&mut e, "title", &self.title, true, 100);
        let start_date = date(&mut e, "start_date", &self.start_date);
        let end_date = e.take(parse_optional_date("end_date", &self.end_date)).flatten();
        ordered(&mut e, start_date, end_date);
        let document_number = text(&mut e, "document_number", &self.document_number, false, 60);
        e.finish()?;
        let post_id = Some(self.post_id.trim().to_owned()).filter(|p| !p.is_empty());
        Ok(Tenure { org_id, post_id, title, start_date: start_date.unwrap_or(Date::MIN), end_date, document_number })
    }
}

/// An annual assessment grade (年度考核).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GradeInput {
    pub year: String,
    pub grade: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualGrade {
    pub year: i32,
    pub grade: &'static str,
}

impl GradeInput {
    pub fn parse(&self, today: Date) -> Result<AnnualGrade, Invalid> {
        let mut e = Errors::default();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (1950..=today.year()).contains(&y) => Some(y),
            _ => {
                e.push(FieldError::new("year", "年度无效", "invalid year"));
                None
            }
        };
        let grade = code(&mut e, &GRADE, "grade", &self.grade);
        e.finish()?;
        Ok(AnnualGrade { year: year.unwrap_or_default(), grade: grade.unwrap_or_default() })
    }
}

/// A reward or a sanction (奖惩): the kind decides which; a sanction's influence period comes from the policy.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RewardSanctionInput {
    pub kind: String,
    pub date: String,
    pub authority: String,
    pub document_number: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewardSanction {
    /// `reward` or `sanction`.
    pub category: &'static str,
    pub kind: &'static str,
    pub date: Date,
    pub authority: String,
    pub document_number: String,
    pub reason: String,
}

impl RewardSanctionInput {
    pub fn parse(&self) -> Result<RewardSanction, Invalid> {
        let mut e = Errors::default();
        let kind = self.kind.trim();
        let found = REWARD
            .parse("kind", kind)
            .map(|c| ("reward", c.code))
            .or_else(|_| SANCTION.parse("kind", kind).map(|c| ("sanction", c.code)));
        let kind = match found {
            Ok(k) => Some(k),
            Err(_) => {
                e.push(FieldError::new("kind", "奖惩种类无效", "unknown kind of reward or sanction"));
                None
            }
        };
        let when = date(&mut e, "date", &self.date);
        let authority = text(&mut e, "authority", &self.authority, true, 100);
        let document_number = text(&mut e, "document_number", &self.document_number, false, 60);
        let reason = text(&mut e, "reason", &self.reason, false, 500);
        e.finish()?;
        let (category, kind) = kind.unwrap_or(("reward", ""));
        Ok(RewardSanction { category, kind, date: when.unwrap_or(Date::MIN), authority, document_number, reason })
    }
}

/// Which policy rule and figure keys give a sanction kind's influence period (影响期); the period
/// is the sum of the keys' months. Party probation (留党察看) counts its longest term plus the
/// period after restoration, since the term itself is decided case by case. 开除 (government
/// expulsion) ends employment and has no period.
pub fn influence_period_rule(kind: &str) -> Option<(&'static str, &'static [&'static str])> {
    Some(match kind {
        "party_warning" => ("DSC-PARTY-PERIODS", &["warning"]),
        "party_serious_warning" => ("DSC-PARTY-PERIODS", &["serious_warning"]),
        "removal_from_party_post" => ("DSC-PARTY-PERIODS", &["removal_from_party_post"]),
        "party_probation" => ("DSC-PARTY-PERIODS", &["probation_term_max", "probation_after_restoration"]),
        "expulsion_from_party" => ("DSC-PARTY-PERIODS", &["expulsion"]),
        "gov_warning" => ("DSC-GOV-PERIODS", &["warning"]),
        "gov_demerit" => ("DSC-GOV-PERIODS", &["demerit"]),
        "gov_major_demerit" => ("DSC-GOV-PERIODS", &["major_demerit"]),
        "gov_demotion" => ("DSC-GOV-PERIODS", &["demotion"]),
        "gov_dismissal_from_post" => ("DSC-GOV-PERIODS", &["dismissal_from_post"]),
        "admonishment" => ("DSC-ADMONISH-PERIOD", &["admonishment"]),
        "organisational_handling" => ("DSC-ADMONISH-PERIOD", &["organisational_handling"]),
        _ => return None,
    })
}

/// The last day of an influence period of `months` from a sanction or handling decided on
/// `decided_on`: the regulations count the period from the decision's date (政务处分法 art. 8
/// 自决定生效之日起计算), which by the Civil Code is not itself counted, so the period ends on the
/// corresponding day (arts. 201–202) — a 6-month admonishment of 20 October runs to 20 April.
/// An influence period is a status, so its end is not moved off a rest day (art. 203 serves a
/// person who must act before an office).
pub fn influence_last_day(decided_on: Date, months: u32) -> Date {
    crate::period::within(decided_on, crate::period::Period::Months(months))
}

/// A family member (家庭成员及重要社会关系).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FamilyInput {
    pub relation: String,
    pub name: String,
    pub birth_date: String,
    pub political_status: String,
    pub work_unit_and_post: String,
    /// "1"/"true"/"是" when emigrated or settled abroad (移居国(境)外).
    pub abroad: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMember {
    pub relation: &'static str,
    pub name: String,
    pub birth_date: Option<Date>,
    pub political_status: Option<&'static str>,
    pub work_unit_and_post: String,
    pub abroad: bool,
}

/// Reads a yes/no cell or checkbox.
pub fn parse_flag(raw: &str) -> bool {
    matches!(raw.trim().to_lowercase().as_str(), "1" | "true" | "on" | "yes" | "是" | "y")
}

impl FamilyInput {
    pub fn parse(&self) -> Result<FamilyMember, Invalid> {
        let mut e = Errors::default();
        let relation = code(&mut e, &RELATION, "relation", &self.relation);
        let name = text(&mut e, "name", &self.name, true, 30);
        let birth_date = e.take(parse_optional_date("birth_date", &self.birth_date)).flatten();
        let political_status = if self.political_status.trim().is_empty() {
            None
        } else {
            code(&mut e, &FAMILY_POLITICAL_STATUS, "political_status", &self.political_status)
        };
        let work_unit_and_post = text(&mut e, "work_unit_and_post", &self.work_unit_and_post, false, 200);
        e.finish()?;
        Ok(FamilyMember {
            relation: relation.unwrap_or_default(),
            name,
            birth_date,
            political_status,
            work_unit_and_post,
            abroad: parse_flag(&self.abroad),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_tenure_ending_before_it_starts_is_refused() {
        let input = TenureInput {
            org_id: "o".into(),
            title: "局长".into(),
            start_date: "2020-01-01".into(),
            end_date: "2019-01-01".into(),
            ..Default::default()
        };
        assert_eq!(input.parse().unwrap_err().fields[0].field, "end_date");
    }

    #[test]
    fn dsc_periods_end_on_the_corresponding_day_and_are_not_moved_off_a_holiday() {
        // DSC-ADMONISH-PERIOD: 6 months of 诫勉 from 2026-10-20 run through 2027-04-20.
        assert_eq!(influence_last_day(date!(2026 - 10 - 20), 6), date!(2027 - 04 - 20));
        // DSC-GOV-PERIODS: a warning (6 months) of 31 August ends on the last day of February.
        assert_eq!(influence_last_day(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        // DSC-PARTY-PERIODS: a warning (12 months) of 29 February 2028 ends on 28 February 2029.
        assert_eq!(influence_last_day(date!(2028 - 02 - 29), 12), date!(2029 - 02 - 28));
        // A demerit (12 months) of 2025-10-01 ends on 2026-10-01, a holiday: a status runs out on it.
        assert_eq!(influence_last_day(date!(2025 - 10 - 01), 12), date!(2026 - 10 - 01));
    }

    #[test]
    fn a_sanction_kind_is_told_apart_from_a_reward() {
        let input = RewardSanctionInput {
            kind: "记过".into(),
            date: "2025-03-01".into(),
            authority: "市纪委".into(),
            ..Default::default()
        };
        let parsed = input.parse().unwrap();
        assert_eq!((parsed.category, parsed.kind), ("sanction", "gov_demerit"));
        assert_eq!(influence_period_rule(parsed.kind), Some(("DSC-GOV-PERIODS", &["demerit"][..])));
        let reward = RewardSanctionInput { kind: "嘉奖".into(), ..input };
        assert_eq!(reward.parse().unwrap().category, "reward");
    }

    #[test]
    fn a_grade_for_a_future_year_is_refused() {
        let input = GradeInput { year: "2030".into(), grade: "优秀".into() };
        assert_eq!(input.parse(date!(2026 - 11 - 26)).unwrap_err().fields[0].field, "year");
        let ok = GradeInput { year: "2025".into(), grade: "基本称职".into() }.parse(date!(2026 - 11 - 26)).unwrap();
        assert_eq!(ok.grade, "basically_competent");
    }

    #[test]
    fn a_family_member_abroad_is_flagged() {
        let input =
            FamilyInput {
                relation: "配偶".into(), name: "李四".into(), abroad: "是".into(), ..Default::default()
            };
        let member = input.parse().unwrap();
        assert!(member.abroad);
        assert_eq!(member.relation, "spouse");
    }
}
