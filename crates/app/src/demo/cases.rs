//! The cases the demo must show: for each rule of `rules.md` that the registry's data can
//! exercise, a cadre (or unit) whose dossier triggers it — and a few that just miss it.
//! Dates of running periods are counted back from today, so they are still running.

use std::collections::HashSet;

use jianquan_domain::Msg;
use jianquan_domain::registry::dates::date_from_ymd;
use jianquan_domain::registry::dossier::{AnnualGrade, FamilyMember, RewardSanction};
use serde::Serialize;
use time::{Date, Duration};

use crate::demo::city::Unit;
use crate::demo::dossier::GRADE_YEARS;
use crate::demo::names::FIXED;
use crate::demo::people::rename;
use crate::demo::rng::Rng;
use crate::demo::roster::Person;

/// A demonstration case: the rule, whom it concerns and what to look at.
#[derive(Debug, Clone, Serialize)]
pub struct DemoCase {
    pub rule: &'static str,
    /// The cadre concerned, if the case is about one cadre.
    pub cadre_id: Option<String>,
    /// The cadre's or unit's name.
    pub subject: String,
    pub note: Msg,
}

struct Picker<'a> {
    people: &'a mut [Person],
    used: HashSet<usize>,
    rng: Rng,
    cases: Vec<DemoCase>,
}

impl Picker<'_> {
    /// A not yet used cadre matching `pred`, scanning from a random start.
    fn pick(&mut self, pred: impl Fn(&Person) -> bool) -> Option<usize> {
        let n = self.people.len();
        let start = self.rng.below(n);
        let found = (0..n).map(|k| (start + k) % n).find(|i| !self.used.contains(i) && pred(&self.people[*i]))?;
        self.used.insert(found);
        Some(found)
    }

    fn case(&mut self, i: usize, rule: &'static str, zh: &str, en: &str) {
        let person = &self.people[i];
        self.cases.push(DemoCase {
            rule,
            cadre_id: Some(person.id.clone()),
            subject: person.basic.cadre.name.clone(),
            note: Msg::new(zh, en),
        });
    }
}

fn is_member(p: &Person) -> bool {
    p.basic.cadre.political_status == "01"
}

fn holds(p: &Person, rank: &str) -> bool {
    p.post.is_some() && p.basic.cadre.rank.is_some_and(|r| r.code == rank)
}

fn set_grade(p: &mut Person, year: i32, grade: &'static str) {
    p.grades.retain(|g| g.year != year);
    p.grades.push(AnnualGrade { year, grade });
    p.grades.sort_by_key(|g| g.year);
}

fn sanction(kind: &'static str, date: Date, authority: &str, reason: &str) -> RewardSanction {
    let prefix = if kind.starts_with("gov_") {
        "东监处"
    } else if kind.contains("party") {
        "东纪处"
    } else {
        "东组处"
    };
    RewardSanction {
        category: "sanction",
        kind,
        date,
        authority: authority.into(),
        document_number: format!("{prefix}〔{}〕{}号", date.year(), 3 + date.ordinal() % 40),
        reason: reason.into(),
    }
}

/// Moves the current tenure's start (and the end of the one before it).
fn appointed_on(p: &mut Person, start: Date) {
    let count = p.tenures.len();
    for k in (0..count).rev() {
        let next_start = if k + 1 == count { None } else { Some(p.tenures[k + 1].start_date) };
        let tenure = &mut p.tenures[k];
        match next_start {
            None => tenure.start_date = start,
            Some(next) => {
                tenure.end_date = Some(next - Duration::days(1));
                if tenure.start_date >= next {
                    tenure.start_date = next - Duration::days(730);
                }
            }
        }
    }
}

fn abroad(member: &mut FamilyMember, where_: &str) {
    member.abroad = true;
    member.work_unit_and_post = where_.into();
}

/// Gives the fixed demonstration names to cadres of the right gender; 张三丰 is staff of 市委组织部
/// (the demo's self-service cadre account).
fn fixed_names(picker: &mut Picker<'_>, units: &[Unit]) {
    let department = units.iter().position(|u| u.name == "市委组织部");
    for (name, male) in FIXED {
        let first = *name == "张三丰";
        let Some(i) =
            picker.pick(|p| p.basic.male == *male && (!first || (Some(p.unit) == department && p.post.is_none())))
        else {
            continue;
        };
        let person = &mut picker.people[i];
        let old = crate::demo::names::surname_of(&person.basic.cadre.name);
        let new = crate::demo::names::surname_of(name);
        for member in person.family.iter_mut().filter(|m| m.relation != "spouse") {
            if let Some(rest) = member.name.strip_prefix(old.as_str()) {
                member.name = format!("{new}{rest}");
            }
        }
        rename(&mut person.basic.cadre, name);
    }
}

/// Applies every case to the roster and lists them.
pub fn apply(seed: u64, people: &mut [Person], units: &[Unit], today: Date) -> Vec<DemoCase> {
    let mut p = Picker { people, used: HashSet::new(), rng: Rng::stream(seed, 3), cases: Vec::new() };
    fixed_names(&mut p, units);
    grade_cases(&mut p);
    family_cases(&mut p);
    sanction_cases(&mut p, today);
    tenure_cases(&mut p, today);
    excellent_share_case(&mut p, units);
    let cases = std::mem::take(&mut p.cases);
    keep_grades_consistent_with_sanctions(p.people);
    cases
}

fn grade_cases(p: &mut Picker<'_>) {
    if let Some(i) = p.pick(|x| holds(x, "county_deputy")) {
        set_grade(&mut p.people[i], 2024, "basically_competent");
        p.case(
            i,
            "SEL-INELIGIBLE",
            "2024年度考核为基本称职:近三年内有基本称职等次,不列为考察对象",
            "graded basically competent in 2024: not listed for inspection within 3 years",
        );
    }
    if let Some(i) = p.pick(|x| x.basic.cadre.work_start_date.is_some_and(|d| d.year() < 2022)) {
        for year in 2023..=2025 {
            set_grade(&mut p.people[i], year, "excellent");
        }
        let date = date_from_ymd(2026, 3, 16).unwrap_or(Date::MIN);
        p.people[i].records.push(RewardSanction {
            category: "reward",
            kind: "merit_third",
            date,
            authority: "中共东营市委 东营市人民政府".into(),
            document_number: "东发〔2026〕7号".into(),
            reason: "2023—2025年连续三年年度考核优秀".into(),
        });
        p.case(
            i,
            "ASM-MERIT",
            "2023—2025年连续三年优秀,记三等功",
            "excellent three years running (2023–2025): third-class merit",
        );
    }
    if let Some(i) = p.pick(|x| x.post.is_none() && x.basic.cadre.work_start_date.is_some_and(|d| d.year() < 2023)) {
        set_grade(&mut p.people[i], 2024, "incompetent");
        set_grade(&mut p.people[i], 2025, "incompetent");
        p.case(
            i,
            "ASM-DISMISS",
            "2024、2025年连续两年不称职,应予辞退",
            "incompetent in 2024 and 2025: to be dismissed",
        );
    }
}

fn family_cases(p: &mut Picker<'_>) {
    let has = |x: &Person, relation: &str| x.family.iter().any(|m| m.relation == relation);
    let child = |m: &FamilyMember| m.relation == "son" || m.relation == "daughter";
    if let Some(i) = p.pick(|x| x.post.is_some() && has(x, "spouse")) {
        p.people[i].family.iter_mut().filter(|m| m.relation == "spouse").for_each(|m| abroad(m, "已移居加拿大"));
        p.case(
            i,
            "SEL-INELIGIBLE",
            "配偶已移居国(境)外(裸官),不列为考察对象",
            "spouse emigrated (裸官): not listed for inspection",
        );
    }
    if let Some(i) = p.pick(|x| x.post.is_some() && x.family.iter().any(child)) {
        p.people[i].family.retain(|m| m.relation != "spouse");
        p.people[i].family.iter_mut().filter(|m| child(m)).for_each(|m| abroad(m, "定居美国"));
        p.case(
            i,
            "SEL-INELIGIBLE",
            "无配偶,子女均已移居国(境)外(裸官),不列为考察对象",
            "no spouse and all children emigrated (裸官): not listed for inspection",
        );
    }
    if let Some(i) = p.pick(|x| x.post.is_some() && has(x, "spouse") && x.family.iter().any(child)) {
        if let Some(m) = p.people[i].family.iter_mut().find(|m| child(m)) {
            abroad(m, "在英国工作并定居");
        }
        p.case(
            i,
            "SEL-INELIGIBLE",
            "子女定居国外但配偶在国内:不属于裸官,可以列为考察对象",
            "a child lives abroad but the spouse is at home: not 裸官, may be listed",
        );
    }
}

fn sanction_cases(p: &mut Picker<'_>, today: Date) {
    let ago = |days: i64| today - Duration::days(days);
    let list: [(&str, Date, &str, &str, &str, &str); 7] = [
        (
            "party_warning",
            ago(150),
            "中共东营市纪律检查委员会",
            "DSC-PARTY-PERIODS",
            "党内警告,影响期12个月未满,期间不得提拔",
            "party warning: its 12-month influence period is running",
        ),
        (
            "party_serious_warning",
            ago(300),
            "中共东营市纪律检查委员会",
            "DSC-PARTY-PERIODS",
            "党内严重警告,影响期18个月未满",
            "party serious warning: its 18-month influence period is running",
        ),
        (
            "gov_demerit",
            ago(200),
            "东营市监察委员会",
            "DSC-GOV-PERIODS",
            "记过处分,处分期12个月未满",
            "demerit: its 12-month period is running",
        ),
        (
            "admonishment",
            ago(60),
            "中共东营市委组织部",
            "DSC-ADMONISH-PERIOD",
            "诫勉,6个月内不得提拔",
            "admonishment: no promotion for 6 months",
        ),
        (
            "gov_warning",
            ago(400),
            "东营市监察委员会",
            "DSC-GOV-PERIODS",
            "警告处分(政务)6个月期满,已不影响使用",
            "government warning: its 6-month period is over",
        ),
        (
            "party_warning",
            date_from_ymd(2025, 4, 10).unwrap_or(today),
            "中共东营市纪律检查委员会",
            "ASM-DISCIPLINE-GRADE",
            "2025年受党内警告处分,当年年度考核不得评为优秀(评为称职)",
            "party warning in 2025: not graded excellent that year (graded competent)",
        ),
        (
            "removal_from_party_post",
            date_from_ymd(2025, 6, 18).unwrap_or(today),
            "中共东营市纪律检查委员会",
            "ASM-DISCIPLINE-GRADE",
            "2025年受撤销党内职务处分,当年年度考核为不称职;影响期24个月未满",
            "removed from party post in 2025: graded incompetent that year; the 24-month period is running",
        ),
    ];
    for (kind, date, authority, rule, zh, en) in list {
        let party = !kind.starts_with("gov_") && kind != "admonishment";
        let Some(i) = p.pick(|x| x.post.is_some() && (!party || is_member(x))) else { continue };
        p.people[i].records.push(sanction(kind, date, authority, "违反工作纪律"));
        if kind == "party_warning" && rule == "ASM-DISCIPLINE-GRADE" {
            set_grade(&mut p.people[i], date.year(), "competent");
        }
        p.case(i, rule, zh, en);
    }
}

fn tenure_cases(p: &mut Picker<'_>, today: Date) {
    let cases: [(&str, i64, &str, &str, &str); 3] = [
        (
            "county_deputy",
            400,
            "SEL-SENIORITY",
            "任县处级副职1年余,不满2年,不得提任正职",
            "county deputy for just over a year: under the 2 years needed for a principal post",
        ),
        (
            "county_deputy",
            3 * 365 + 100,
            "SEL-SENIORITY",
            "任县处级副职已满3年,资历符合提任正职条件",
            "county deputy for over 3 years: seniority allows a principal post",
        ),
        (
            "township_principal",
            100,
            "SEL-PROBATION",
            "任职100天,试用期(1年)未满",
            "appointed 100 days ago: the 1-year probation is running",
        ),
    ];
    for (rank, days, rule, zh, en) in cases {
        let start = today - Duration::days(days);
        let Some(i) = p.pick(|x| {
            holds(x, rank) && x.basic.cadre.work_start_date.is_some_and(|w| w < start - Duration::days(2000))
        }) else {
            continue;
        };
        appointed_on(&mut p.people[i], start);
        p.case(i, rule, zh, en);
    }
}

fn excellent_share_case(p: &mut Picker<'_>, units: &[Unit]) {
    let Some(u) = units.iter().position(|u| u.name == "市统计局") else { return };
    let members: Vec<usize> = (0..p.people.len()).filter(|i| p.people[*i].unit == u && !p.used.contains(i)).collect();
    let excellent = members.len().div_ceil(5) * 2;
    for i in members.iter().take(excellent) {
        set_grade(&mut p.people[*i], 2025, "excellent");
    }
    for i in members.iter().skip(excellent) {
        set_grade(&mut p.people[*i], 2025, "competent");
    }
    p.cases.push(DemoCase {
        rule: "ASM-EXCELLENT-CAP",
        cadre_id: None,
        subject: units[u].name.clone(),
        note: Msg::new(
            format!("2025年度 {excellent}/{} 人评为优秀,超过20%的比例", members.len()),
            format!("2025: {excellent} of {} graded excellent, above the 20% share", members.len()),
        ),
    });
}

/// ASM-DISCIPLINE-GRADE: no 优秀 in a year with a sanction; 不称职 after removal from party post or heavier.
fn keep_grades_consistent_with_sanctions(people: &mut [Person]) {
    const HEAVY: [&str; 5] = [
        "removal_from_party_post",
        "party_probation",
        "expulsion_from_party",
        "gov_demotion",
        "gov_dismissal_from_post",
    ];
    for person in people.iter_mut() {
        let marks: Vec<(i32, bool)> = person
            .records
            .iter()
            .filter(|r| r.category == "sanction")
            .map(|r| (r.date.year(), HEAVY.contains(&r.kind)))
            .collect();
        for (year, heavy) in marks {
            if !GRADE_YEARS.contains(&year) {
                continue;
            }
            if heavy {
                set_grade(person, year, "incompetent");
            } else if person.grades.iter().any(|g| g.year == year && g.grade == "excellent") {
                set_grade(person, year, "competent");
            }
        }
    }
}
