//! From an LRMX [`Person`] to validated dossier facts, every field checked before anything is
//! written, each error named by its LRMX element (`ShenFenZheng`, `JianLi[3]`,
//! `JiaTingChengYuan/Item[2]/ChengWei`). The same parsers as the forms decide what is valid;
//! this module only maps the form's text onto their inputs (labels, months, common aliases).

use time::Date;

use crate::error::{FieldError, Invalid};
use crate::registry::cadre::{CadreInput, NewCadre};
use crate::registry::codes::POLITICAL_STATUS;
use crate::registry::dossier::{AnnualGrade, Education, EducationInput, FamilyInput, FamilyMember, RewardSanction};
use crate::registry::lrmx::Person;
use crate::registry::lrmx::records::{read_grades, read_rewards};
use crate::registry::lrmx::text::{ResumeLine, parse_month, parse_resume};
use crate::registry::resident_id::ResidentId;

/// What an LRMX file says about a cadre, valid and ready to store.
#[derive(Debug, Clone)]
pub struct Facts {
    pub cadre: NewCadre,
    pub educations: Vec<Education>,
    /// The resume's periods of work with their line numbers: tenures once their org is resolved.
    pub work: Vec<(usize, ResumeLine)>,
    pub grades: Vec<AnnualGrade>,
    pub rewards_sanctions: Vec<RewardSanction>,
    pub family: Vec<FamilyMember>,
    /// The photo (`ZhaoPian`), checked as an image.
    pub photo: Option<crate::registry::photo::Photo>,
    /// The form's free texts as written, which the dossier keeps beside what was read from them.
    pub texts: FormTexts,
    /// Elements with content the dossier has no place for: reported, not kept.
    pub not_kept: Vec<&'static str>,
}

/// What the dossier keeps of a form word for word: the 简历 as given (exported back as it came),
/// the 奖惩情况 and 年度考核结果 lines that were not read into entries (narrative), and the
/// form's own fields (呈报单位, 填表人); 专业技术职务 is a field of the cadre record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormTexts {
    pub resume: String,
    pub rewards_kept: Vec<(usize, String)>,
    pub grades_kept: Vec<(usize, String)>,
    pub reporting_unit: String,
    pub filled_by: String,
}

/// What the file does not say: the org the cadre belongs to and their rank (both optional text).
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement<'a> {
    pub org_id: &'a str,
    pub rank: &'a str,
}

/// Our field names → LRMX elements, for errors from the basic-data parser.
const CADRE_ELEMENTS: [(&str, &str); 14] = [
    ("name", "XingMing"),
    ("gender", "XingBie"),
    ("birth_date", "ChuShengNianYue"),
    ("ethnicity", "MinZu"),
    ("native_place", "JiGuan"),
    ("birthplace", "ChuShengDi"),
    ("id_number", "ShenFenZheng"),
    ("political_status", "RuDangShiJian"),
    ("party_entry_date", "RuDangShiJian"),
    ("work_start_date", "CanJiaGongZuoShiJian"),
    ("health", "JianKangZhuangKuang"),
    ("speciality", "ShuXiZhuanYeYouHeZhuanChang"),
    ("current_post", "XianRenZhiWu"),
    ("professional_title", "ZhuanYeJiShuZhiWu"),
];

fn renamed(mut error: FieldError, table: &[(&str, &str)], prefix: &str) -> FieldError {
    let element = table.iter().find(|(ours, _)| *ours == error.field).map_or(error.field.as_str(), |(_, el)| el);
    error.field = format!("{prefix}{element}");
    error
}

/// Common written forms mapped to the code sets' labels.
fn alias<'a>(raw: &'a str, table: &[(&'a str, &'a [&str])]) -> &'a str {
    let raw = raw.trim();
    table.iter().find(|(_, forms)| forms.contains(&raw)).map_or(raw, |(label, _)| label)
}

const PARTY_ALIASES: [(&str, &[&str]); 12] = [
    ("中共党员", &["党员", "中国共产党党员"]),
    ("中共预备党员", &["预备党员"]),
    ("共青团员", &["团员"]),
    ("无党派人士", &["无党派"]),
    ("民革党员", &["民革"]),
    ("民盟盟员", &["民盟"]),
    ("民建会员", &["民建"]),
    ("民进会员", &["民进"]),
    ("农工党党员", &["农工党"]),
    ("致公党党员", &["致公党"]),
    ("九三学社社员", &["九三学社"]),
    ("台盟盟员", &["台盟"]),
];

const RELATION_ALIASES: [(&str, &[&str]); 4] = [
    ("配偶", &["妻子", "丈夫", "妻", "夫", "爱人"]),
    ("儿子", &["长子", "次子", "子"]),
    ("女儿", &["长女", "次女", "女"]),
    (
        "其他",
        &[
            "岳父", "岳母", "公公", "婆婆", "哥哥", "弟弟", "姐姐", "妹妹", "兄", "弟", "姐", "妹", "儿媳", "女婿",
            "孙子", "孙女",
        ],
    ),
];

const EDUCATION_ALIASES: [(&str, &[&str]); 4] = [
    ("大学本科", &["大学", "本科"]),
    ("大学专科", &["大专", "专科"]),
    ("中等专科", &["中专"]),
    ("普通高中", &["高中"]),
];

/// Political status and party entry from 入党时间: a month for a CPC member, a party's name for
/// other parties, nothing for 群众.
fn party(raw: &str, errors: &mut Vec<FieldError>) -> (String, String) {
    let raw = raw.trim();
    if raw.is_empty() {
        return ("13".into(), String::new());
    }
    if raw.starts_with(|c: char| c.is_ascii_digit()) {
        return match parse_month("RuDangShiJian", raw) {
            Ok(date) => ("01".into(), date.to_string()),
            Err(e) => {
                errors.push(e);
                ("01".into(), String::new())
            }
        };
    }
    match POLITICAL_STATUS.parse("RuDangShiJian", alias(raw, &PARTY_ALIASES)) {
        Ok(code) => (code.code.into(), String::new()),
        Err(e) => {
            errors.push(e);
            ("13".into(), String::new())
        }
    }
}

fn optional_month(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    parse_month(field, raw).map(|d| d.to_string()).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

/// Splits 毕业院校系及专业 into school and major: at the first space, else after the last
/// 大学 / 学院 / 党校 / 学校; a trailing 专业 is dropped.
pub fn split_school(raw: &str) -> (String, String) {
    let raw = raw.trim();
    let (school, major) = match raw.split_once(char::is_whitespace) {
        Some((school, major)) => (school, major.trim()),
        None => {
            let cut = ["大学", "学院", "党校", "学校", "研究生院"]
                .iter()
                .filter_map(|m| raw.rfind(m).map(|at| at + m.len()))
                .max()
                .unwrap_or(raw.len());
            (&raw[..cut], &raw[cut..])
        }
    };
    (school.to_owned(), major.strip_suffix("专业").unwrap_or(major).to_owned())
}

/// The degree's code-set label from a written degree (法学学士 → 学士).
fn degree_label(raw: &str) -> &str {
    let raw = raw.trim();
    ["博士", "硕士", "学士"].into_iter().find(|d| raw.ends_with(d)).unwrap_or(if raw == "无" { "" } else { raw })
}

fn education(p: &Person, full_time: bool, study: &[&ResumeLine], errors: &mut Vec<FieldError>) -> Option<Education> {
    let (prefix, level, degree, school_a, school_b) = if full_time {
        (
            "QuanRiZhiJiaoYu",
            &p.full_time_education,
            &p.full_time_degree,
            &p.full_time_education_school,
            &p.full_time_degree_school,
        )
    } else {
        (
            "ZaiZhiJiaoYu",
            &p.in_service_education,
            &p.in_service_degree,
            &p.in_service_education_school,
            &p.in_service_degree_school,
        )
    };
    if [level, degree, school_a, school_b].iter().all(|v| v.trim().is_empty()) {
        return None;
    }
    let (school, major) = split_school(if school_a.trim().is_empty() { school_b } else { school_a });
    let level = level.trim();
    let level =
        ["中央党校", "省委党校", "市委党校", "党校"].iter().find_map(|p| level.strip_prefix(p)).unwrap_or(level);
    let period = study.iter().find(|l| !school.is_empty() && l.text.contains(&school));
    let input = EducationInput {
        mode: if full_time { "full_time" } else { "in_service" }.into(),
        level: alias(level, &EDUCATION_ALIASES).into(),
        degree: degree_label(degree).into(),
        school,
        major,
        start_date: period.map(|l| l.start.to_string()).unwrap_or_default(),
        end_date: period.and_then(|l| l.end).map(|d| d.to_string()).unwrap_or_default(),
    };
    let table = [
        ("level", "_XueLi"),
        ("degree", "_XueWei"),
        ("school", "_XueLi_BiYeYuanXiaoXi"),
        ("major", "_XueLi_BiYeYuanXiaoXi"),
        ("mode", "_XueLi"),
    ];
    match input.parse() {
        Ok(e) => Some(e),
        Err(invalid) => {
            for e in invalid.fields {
                let mut e = renamed(e, &table, prefix);
                if e.field.ends_with("_date") {
                    e.field = "JianLi".into();
                }
                errors.push(e);
            }
            None
        }
    }
}

fn family(p: &Person, errors: &mut Vec<FieldError>) -> Vec<FamilyMember> {
    let table = [
        ("relation", "ChengWei"),
        ("name", "XingMing"),
        ("birth_date", "ChuShengRiQi"),
        ("political_status", "ZhengZhiMianMao"),
        ("work_unit_and_post", "GongZuoDanWeiJiZhiWu"),
    ];
    let mut members = Vec::new();
    for (i, r) in p.family.iter().enumerate() {
        // Some editors pad the table with empty rows.
        if r.elements().iter().all(|(_, v)| v.trim().is_empty()) {
            continue;
        }
        let prefix = format!("JiaTingChengYuan/Item[{}]/", i + 1);
        let mut own = Vec::new();
        let input = FamilyInput {
            relation: alias(&r.relation, &RELATION_ALIASES).into(),
            name: r.name.clone(),
            birth_date: optional_month("birth_date", &r.birth_month, &mut own),
            political_status: alias(&r.political_status, &PARTY_ALIASES).into(),
            work_unit_and_post: r.work_unit_and_post.clone(),
            abroad: String::new(),
        };
        match input.parse() {
            Ok(member) if own.is_empty() => members.push(member),
            Ok(_) => {}
            Err(invalid) => own.extend(invalid.fields),
        }
        errors.extend(own.into_iter().map(|e| renamed(e, &table, &prefix)));
    }
    members
}

impl Person {
    /// Validates every element and returns the dossier facts, or every error at once.
    pub fn facts(&self, placement: Placement<'_>, today: Date) -> Result<Facts, Invalid> {
        let mut errors: Vec<FieldError> = Vec::new();
        let id = if self.id_number.trim().is_empty() {
            errors.push(FieldError::new(
                "ShenFenZheng",
                "必填(本系统以身份证号码识别干部；文件中没有时，导入时填写)",
                "required (cadres are identified by their resident ID number; give it with the import when the file has none)",
            ));
            None
        } else {
            ResidentId::parse("ShenFenZheng", &self.id_number).map_err(|e| errors.push(e)).ok()
        };
        let birth = id.as_ref().map(ResidentId::birth_date);
        // Without a valid ID number the birth month stands in, so its absence is not reported twice.
        let birth_or_month = birth.or_else(|| parse_month("ChuShengNianYue", &self.birth_month).ok());
        if let (Some(birth), false) = (birth, self.birth_month.trim().is_empty()) {
            match parse_month("ChuShengNianYue", &self.birth_month) {
                Ok(m) if (m.year(), m.month()) == (birth.year(), birth.month()) => {}
                Ok(_) => errors.push(FieldError::new(
                    "ChuShengNianYue",
                    format!("出生年月与身份证号码不一致(号码中为 {birth})"),
                    format!("the birth month does not match the resident ID number ({birth})"),
                )),
                Err(e) => errors.push(e),
            }
        }
        let (political_status, party_entry_date) = party(&self.party_entry, &mut errors);
        let work_start_date = optional_month("CanJiaGongZuoShiJian", &self.work_start, &mut errors);
        let ethnicity = self.ethnicity.trim();
        let ethnicity = if ethnicity.is_empty() || ethnicity.ends_with('族') {
            ethnicity.to_owned()
        } else {
            format!("{ethnicity}族")
        };
        let input = CadreInput {
            name: self.name.clone(),
            gender: self.gender.clone(),
            birth_date: birth_or_month.map(|b| b.to_string()).unwrap_or_default(),
            ethnicity,
            native_place: self.native_place.clone(),
            birthplace: self.birthplace.clone(),
            id_number: self.id_number.clone(),
            political_status,
            party_entry_date,
            work_start_date,
            health: self.health.clone(),
            speciality: self.speciality.clone(),
            org_id: placement.org_id.to_owned(),
            rank: placement.rank.to_owned(),
            current_post: self.current_post.clone(),
            professional_title: self.professional_title.trim().to_owned(),
        };
        let cadre = input.parse(today).map_err(|invalid| {
            for e in invalid.fields {
                let e = renamed(e, &CADRE_ELEMENTS, "");
                // An element already reported (the ID number, a month) is not reported twice.
                if !errors.iter().any(|seen| seen.field == e.field) {
                    errors.push(e);
                }
            }
        });
        let resume = parse_resume("JianLi", &self.resume).unwrap_or_else(|e| {
            errors.extend(e);
            Vec::new()
        });
        let study: Vec<&ResumeLine> = resume.iter().map(|(_, l)| l).filter(|l| l.is_study()).collect();
        let educations: Vec<Education> =
            [true, false].into_iter().filter_map(|full_time| education(self, full_time, &study, &mut errors)).collect();
        let work = resume.iter().filter(|(_, l)| !l.is_study()).cloned().collect();
        let (grades, grades_kept) = self.grades(today);
        let rewards = read_rewards(&self.rewards_sanctions, today);
        let family = family(self, &mut errors);
        let photo = if self.photo.trim().is_empty() {
            None
        } else {
            crate::registry::photo::Photo::from_base64("ZhaoPian", &self.photo).map_err(|e| errors.push(e)).ok()
        };
        // What the form proposes (拟任, 拟免, 任免理由) belongs to a selection case, not the dossier.
        let not_kept = [
            ("NiRenZhiWu", &self.proposed_post),
            ("NiMianZhiWu", &self.proposed_removal),
            ("RenMianLiYou", &self.reasons),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(name, _)| name)
        .collect();
        match cadre {
            Ok(cadre) if errors.is_empty() => {
                let texts = FormTexts {
                    resume: self.resume.clone(),
                    rewards_kept: rewards.kept,
                    grades_kept,
                    reporting_unit: self.reporting_unit.trim().to_owned(),
                    filled_by: self.filled_by.trim().to_owned(),
                };
                let rewards_sanctions = rewards.entries;
                Ok(Facts { cadre, educations, work, grades, rewards_sanctions, family, photo, texts, not_kept })
            }
            _ => Err(Invalid { fields: errors }),
        }
    }

    /// The grades read from 年度考核结果 and the lines kept as written. The text is read into
    /// entries only if every entry is valid and no year is graded twice; otherwise all of it is
    /// kept as written and nothing is read from it (only what is unambiguous is read).
    fn grades(&self, today: Date) -> (Vec<AnnualGrade>, Vec<(usize, String)>) {
        let read = read_grades(&self.annual_grades);
        let mut grades: Vec<AnnualGrade> = Vec::new();
        for input in &read.entries {
            match input.parse(today) {
                Ok(g) if !grades.iter().any(|seen| seen.year == g.year) => grades.push(g),
                _ => {
                    let all = self.annual_grades.lines().enumerate().map(|(i, l)| (i + 1, l.trim().to_owned()));
                    return (Vec::new(), all.filter(|(_, l)| !l.is_empty()).collect());
                }
            }
        }
        (grades, read.kept)
    }
}

#[cfg(test)]
#[path = "facts_tests.rs"]
mod tests;
