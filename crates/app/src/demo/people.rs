//! Generated cadres' basic data: a name, a birth date and gender that agree with a valid,
//! unique resident ID number from the unit's region, ethnicity, party membership, work start,
//! rank and current post. Every cadre goes through `CadreInput::parse`, like a form would.

use std::collections::HashSet;

use jianquan_domain::registry::dates::date_from_ymd;
use jianquan_domain::registry::rank::Rank;
use jianquan_domain::registry::resident_id::with_check_char;
use jianquan_domain::registry::{CadreInput, NewCadre};
use time::{Date, Duration};

use crate::demo::names;
use crate::demo::rng::Rng;
use crate::{AppError, AppResult};

/// Region codes of ID numbers with the native place they stand for; the first five are Dongying's.
pub const REGIONS: &[(&str, &str)] = &[
    ("370502", "山东东营"),
    ("370503", "山东东营"),
    ("370505", "山东垦利"),
    ("370522", "山东利津"),
    ("370523", "山东广饶"),
    ("371602", "山东滨州"),
    ("371621", "山东惠民"),
    ("370302", "山东淄博"),
    ("370702", "山东潍坊"),
    ("371402", "山东德州"),
    ("370102", "山东济南"),
    ("370683", "山东莱州"),
    ("130902", "河北沧州"),
];

const SPECIALITIES: &[(&str, u32)] = &[
    ("", 40),
    ("经济管理", 8),
    ("法律", 6),
    ("财务会计", 6),
    ("城乡规划", 4),
    ("石油工程", 5),
    ("农业技术", 4),
    ("公共管理", 8),
    ("新闻传播", 3),
    ("计算机应用", 5),
    ("土木工程", 4),
    ("教育管理", 3),
    ("临床医学", 2),
];

/// The 专业技术职务 a speciality leads to, senior from 45 (read from the speciality and age, so
/// the generator draws no more numbers and a seed gives the same city as before).
fn professional_title(speciality: &str, age: i64) -> &'static str {
    let (title, senior) = match speciality {
        "经济管理" | "公共管理" => ("经济师", "高级经济师"),
        "财务会计" => ("会计师", "高级会计师"),
        "城乡规划" | "石油工程" | "土木工程" | "计算机应用" => ("工程师", "高级工程师"),
        "农业技术" => ("农艺师", "高级农艺师"),
        "新闻传播" => ("编辑", "高级编辑"),
        "临床医学" => ("主治医师", "副主任医师"),
        _ => ("", ""),
    };
    if age >= 45 { senior } else { title }
}

/// The birth dates are counted back from a fixed day, so a seed gives the same ID numbers in any year.
pub fn anchor() -> Date {
    date_from_ymd(2026, 6, 30).unwrap_or(Date::MIN)
}

/// What a generated cadre is to be.
pub struct Spec<'a> {
    pub org_id: &'a str,
    /// Region code for the ID number, and the native place.
    pub region: (&'a str, &'a str),
    pub rank: &'static Rank,
    pub current_post: String,
    /// Leadership posts are held more often by men in the data this imitates.
    pub male_share: f64,
    /// The ID number's sequence range: `base..base+500` (the demo city and the province generator differ).
    pub sequence_base: u32,
}

/// Basic data and the facts the dossier generator builds on.
pub struct Basic {
    pub cadre: NewCadre,
    pub male: bool,
    pub age: i32,
}

/// The age range of a rank level.
fn ages(level: u8) -> (i64, i64) {
    match level {
        0..=4 => (48, 58),
        5 => (44, 58),
        6 => (38, 57),
        7 => (32, 56),
        8 => (28, 55),
        _ => (23, 45),
    }
}

fn clamp(date: Date, latest: Date) -> Date {
    date.min(latest)
}

/// A unique ID number for a birth date and gender (its 17 digits are remembered as a number).
fn id_number(
    rng: &mut Rng,
    taken: &mut HashSet<u64>,
    region: &str,
    birth: Date,
    male: bool,
    base: u32,
) -> AppResult<String> {
    let date = format!("{:04}{:02}{:02}", birth.year(), birth.month() as u8, birth.day());
    for _ in 0..64 {
        let sequence = base + 2 * rng.below(250) as u32 + u32::from(male);
        let first17 = format!("{region}{date}{sequence:03}");
        let key: u64 =
            first17.parse().map_err(|_| AppError::internal(format!("generated ID prefix {first17} is not numeric")))?;
        if taken.insert(key) {
            return Ok(with_check_char(&first17));
        }
    }
    Err(AppError::internal(format!("no free ID number left in region {region} for {date}")))
}

/// Generates one cadre's basic data, validated like a form.
pub fn basic(rng: &mut Rng, taken: &mut HashSet<u64>, spec: &Spec<'_>, today: Date) -> AppResult<Basic> {
    let male = rng.chance(spec.male_share);
    let (young, old) = ages(spec.rank.level);
    let age = rng.range(young, old);
    let birth =
        date_from_ymd(anchor().year() - age as i32, 6, 30).unwrap_or(Date::MIN) - Duration::days(rng.range(0, 364));
    let id_number = id_number(rng, taken, spec.region.0, birth, male, spec.sequence_base)?;
    let latest = today - Duration::days(30);
    let work_start =
        clamp(date_from_ymd(birth.year() + rng.range(21, 24) as i32, rng.pick(&[7, 8]), 1).unwrap_or(birth), latest);
    let political = match (spec.rank.leadership, rng.below(100)) {
        (true, 0..=4) => rng.pick(&["民盟盟员", "九三学社社员", "无党派人士"]),
        (true, _) | (false, 0..=79) => "中共党员",
        (false, 80..=84) if age < 35 => "中共预备党员",
        _ => "群众",
    };
    let party_entry = match political {
        "中共党员" => {
            Some(clamp(birth + Duration::days(rng.range(19 * 365, 30 * 365)), today - Duration::days(400)))
        }
        "中共预备党员" => Some(today - Duration::days(rng.range(30, 330))),
        _ => None,
    };
    let input = CadreInput {
        name: names::full(rng, male),
        gender: if male { "男" } else { "女" }.into(),
        birth_date: birth.to_string(),
        ethnicity: rng.weighted(&[("汉族", 975), ("回族", 15), ("满族", 10)]).into(),
        native_place: spec.region.1.into(),
        birthplace: spec.region.1.into(),
        id_number,
        political_status: political.into(),
        party_entry_date: party_entry.map(|d| d.to_string()).unwrap_or_default(),
        work_start_date: work_start.to_string(),
        health: "健康".into(),
        speciality: rng.weighted(SPECIALITIES).into(),
        org_id: spec.org_id.into(),
        rank: spec.rank.code.into(),
        current_post: spec.current_post.clone(),
        professional_title: String::new(),
    };
    let input = CadreInput { professional_title: professional_title(&input.speciality, age).into(), ..input };
    let cadre = input
        .parse(today)
        .map_err(|e| AppError::internal(format!("generated cadre {} is invalid: {e}", input.name)))?;
    Ok(Basic { cadre, male, age: age as i32 })
}

/// Replaces a generated name (the fixed demonstration names keep the gender of the ID number).
pub fn rename(cadre: &mut NewCadre, name: &str) {
    cadre.name = name.to_owned();
}

/// A staff (non-leadership) rank for a unit level.
pub fn staff_rank(rng: &mut Rng, level: &str) -> &'static Rank {
    let code = match level {
        "city" => rng.weighted(&[
            ("researcher_1", 2),
            ("researcher_2", 3),
            ("researcher_3", 5),
            ("researcher_4", 8),
            ("principal_staff_1", 12),
            ("principal_staff_2", 15),
            ("principal_staff_3", 15),
            ("principal_staff_4", 15),
            ("staff_1", 15),
            ("staff_2", 10),
        ]),
        "county" => rng.weighted(&[
            ("researcher_4", 2),
            ("principal_staff_1", 8),
            ("principal_staff_2", 12),
            ("principal_staff_3", 15),
            ("principal_staff_4", 18),
            ("staff_1", 25),
            ("staff_2", 20),
        ]),
        _ => rng.weighted(&[
            ("principal_staff_1", 5),
            ("principal_staff_2", 10),
            ("principal_staff_3", 15),
            ("principal_staff_4", 20),
            ("staff_1", 30),
            ("staff_2", 20),
        ]),
    };
    Rank::get(code).unwrap_or(&jianquan_domain::registry::rank::RANKS[0])
}
