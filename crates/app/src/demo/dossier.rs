//! Generated dossier sections: education, a history of two to four tenures with appointment
//! document numbers, annual grades for 2021–2025, the odd commendation, and family members.

use jianquan_domain::registry::dates::date_from_ymd;
use jianquan_domain::registry::dossier::{AnnualGrade, Education, FamilyMember, RewardSanction, Tenure};
use time::{Date, Duration};

use crate::demo::names;
use crate::demo::rng::Rng;

/// The years graded in the demo.
pub const GRADE_YEARS: std::ops::RangeInclusive<i32> = 2021..=2025;

const SCHOOLS: &[(&str, u32)] = &[
    ("中国石油大学(华东)", 20),
    ("山东大学", 10),
    ("中国海洋大学", 5),
    ("山东师范大学", 10),
    ("曲阜师范大学", 10),
    ("山东财经大学", 10),
    ("青岛大学", 8),
    ("聊城大学", 8),
    ("滨州学院", 6),
    ("山东农业大学", 6),
    ("山东科技大学", 7),
];

const MAJORS: &[&str] = &[
    "汉语言文学",
    "法学",
    "会计学",
    "经济学",
    "行政管理",
    "石油工程",
    "土木工程",
    "计算机科学与技术",
    "农学",
    "思想政治教育",
];

const WORK_UNITS: &[&str] = &[
    "东营市第一中学教师",
    "胜利油田职工",
    "东营市人民医院医生",
    "中国银行东营分行职员",
    "东营市实验小学教师",
    "个体经营",
    "东营港经济开发区管委会职员",
    "山东黄河河务局东营黄河河务局职工",
    "中国石化胜利石油管理局职工",
];

/// The education of a cadre who started work on `work_start`.
pub fn educations(rng: &mut Rng, age: i32, work_start: Date, leadership: bool) -> Vec<Education> {
    let (level, degree) = match rng.below(100) {
        0..=9 if age < 45 => ("14", Some("3")),
        0..=29 if age >= 50 => ("30", None),
        0..=4 => ("30", None),
        _ => ("20", Some("4")),
    };
    let years = if level == "30" {
        3
    } else if level == "14" {
        7
    } else {
        4
    };
    let end = date_from_ymd(work_start.year(), 7, 1).unwrap_or(work_start);
    let start = date_from_ymd(work_start.year() - years, 9, 1).unwrap_or(work_start);
    let mut list = vec![Education {
        mode: "full_time",
        level,
        degree,
        school: rng.weighted(SCHOOLS).into(),
        major: rng.pick(MAJORS).into(),
        start_date: Some(start),
        end_date: Some(end),
    }];
    if leadership && rng.chance(0.5) {
        let from = date_from_ymd(work_start.year() + rng.range(6, 12) as i32, 9, 1).unwrap_or(work_start);
        list.push(Education {
            mode: "in_service",
            level: "14",
            degree: Some("3"),
            school: rng.pick(&["中共山东省委党校", "中国石油大学(华东)", "山东大学"]).into(),
            major: rng.pick(&["公共管理", "法律", "工商管理"]).into(),
            start_date: Some(from),
            end_date: Some(date_from_ymd(from.year() + 3, 7, 1).unwrap_or(from)),
        });
    }
    list
}

/// A tenure's document number: 东组任〔2021〕15号.
pub fn document_number(rng: &mut Rng, prefix: &str, year: i32) -> String {
    format!("{prefix}〔{year}〕{}号", rng.range(1, 96))
}

/// A generic title of a rank level, for earlier tenures in units without a post of that level.
pub fn generic_title(level: u8) -> &'static str {
    match level {
        0..=5 => "主要负责人",
        6 => "副职",
        7 => "科长",
        8 => "副科长",
        _ => "科员",
    }
}

/// Where an earlier tenure was served: the org's ID and its appointment document prefix.
pub type Place<'a> = (&'a str, &'a str);

/// The title of a rank level in an org (by the org's ID).
pub type TitleAt<'a> = &'a dyn Fn(&str, u8) -> String;

/// Two to four tenures ending with the current one (open-ended), in date order; each earlier one
/// a step lower, in the same unit or in another of the same county (or of the city).
pub fn tenures(
    rng: &mut Rng,
    current: Tenure,
    level: u8,
    work_start: Date,
    elsewhere: &[Place<'_>],
    prefix: &str,
    title_at: TitleAt<'_>,
) -> Vec<Tenure> {
    let count = rng.range(2, 4);
    let mut list = vec![current];
    let mut step = 1;
    while (list.len() as i64) < count {
        let next_start = list[list.len() - 1].start_date;
        if next_start <= work_start + Duration::days(365) {
            break;
        }
        let end = next_start - Duration::days(1);
        let start = (end - Duration::days(rng.range(700, 2200))).max(work_start);
        let (org_id, doc_prefix) = if rng.chance(0.5) || elsewhere.is_empty() {
            (list[0].org_id.clone(), prefix)
        } else {
            let (id, p) = rng.pick(elsewhere);
            (id.to_owned(), p)
        };
        list.push(Tenure {
            title: title_at(&org_id, level.saturating_add(step).min(9)),
            org_id,
            post_id: None,
            start_date: start,
            end_date: Some(end),
            document_number: document_number(rng, doc_prefix, start.year()),
        });
        step += 1;
    }
    list.reverse();
    list
}

/// Grades for the demo years after the year work started: mostly 称职, some 优秀, rarely 基本称职.
pub fn grades(rng: &mut Rng, work_start: Date) -> Vec<AnnualGrade> {
    GRADE_YEARS
        .filter(|year| *year > work_start.year())
        .map(|year| AnnualGrade {
            year,
            grade: rng.weighted(&[("competent", 810), ("excellent", 175), ("basically_competent", 15)]),
        })
        .collect()
}

/// A commendation now and then.
pub fn rewards(rng: &mut Rng, work_start: Date) -> Vec<RewardSanction> {
    let years: Vec<i32> = GRADE_YEARS.filter(|y| *y > work_start.year()).collect();
    if years.is_empty() || !rng.chance(0.04) {
        return Vec::new();
    }
    let year = rng.pick(&years);
    vec![RewardSanction {
        category: "reward",
        kind: "commendation",
        date: date_from_ymd(year + 1, 2, rng.range(10, 28) as i32).unwrap_or(work_start),
        authority: "东营市人民政府".into(),
        document_number: format!("东政字〔{}〕{}号", year + 1, rng.range(3, 40)),
        reason: format!("{year}年度考核优秀"),
    }]
}

fn member(relation: &'static str, name: String, birth: Date, party: bool, work: &str) -> FamilyMember {
    FamilyMember {
        relation,
        name,
        birth_date: Some(birth),
        political_status: Some(if party { "01" } else { "13" }),
        work_unit_and_post: work.into(),
        abroad: false,
    }
}

/// Spouse and children (and sometimes a parent), none abroad; the cases add those.
pub fn family(rng: &mut Rng, name: &str, male: bool, age: i32, birth: Date, today: Date) -> Vec<FamilyMember> {
    let mut list = Vec::new();
    let married = age >= 27 && rng.chance(0.9);
    let mut child_surname = names::surname_of(name);
    if married {
        let spouse = names::full(rng, !male);
        if !male {
            child_surname = names::surname_of(&spouse);
        }
        let born = birth + Duration::days(rng.range(-1100, 1100));
        let party = rng.chance(0.5);
        let work = if today.year() - born.year() >= 58 { "退休" } else { rng.pick(WORK_UNITS) };
        list.push(member("spouse", spouse, born, party, work));
    }
    if married && age >= 29 {
        let children = rng.weighted(&[(0, 15), (1, 65), (2, 20)]);
        let mut born = birth + Duration::days(365 * rng.range(25, 32));
        for _ in 0..children {
            if born >= today {
                break;
            }
            let son = rng.chance(0.5);
            let child_age = today.year() - born.year();
            let work = match child_age {
                0..=5 => "学龄前",
                6..=17 => "在校学生",
                18..=22 => "在读大学生",
                _ => rng.pick(WORK_UNITS),
            };
            let child = format!("{child_surname}{}", names::given(rng, son));
            list.push(member(if son { "son" } else { "daughter" }, child, born, false, work));
            born += Duration::days(rng.range(700, 2500));
        }
    }
    if age < 50 && rng.chance(0.3) {
        let father = format!("{}{}", names::surname_of(name), names::given(rng, true));
        list.push(member("father", father, birth - Duration::days(365 * rng.range(24, 32)), rng.chance(0.4), "退休"));
    }
    list
}
