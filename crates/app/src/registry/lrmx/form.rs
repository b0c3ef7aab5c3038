//! The 任免审批表's content from a dossier: basic data as labels, the highest full-time and
//! in-service education, the resume generated from education and tenures, rewards and sanctions,
//! annual grades and family, in the texts of `domain::registry::lrmx`.

use jianquan_domain::registry::codes::{
    DEGREE, EDUCATION, ETHNICITY, FAMILY_POLITICAL_STATUS, GENDER, POLITICAL_STATUS, RELATION,
};
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::registry::lrmx::records::{RecordLine, grades_text, rewards_text};
use jianquan_domain::registry::lrmx::text::{ResumeLine, parse_resume, resume_text, yyyymm, yyyymmdd};
use jianquan_domain::registry::lrmx::{FORMAT_VERSION, Person, Relative};
use jianquan_domain::registry::org::post_with_unit;
use jianquan_storage::registry::cadres::Cadre;
use jianquan_storage::registry::dossier::{EducationRow, Sections};
use jianquan_storage::registry::forms::FormRow;
use time::Date;

use crate::registry::lrmx::Proposal;

fn day(raw: &str) -> Option<Date> {
    parse_date("date", raw).ok()
}

fn month(raw: Option<&str>) -> String {
    raw.and_then(day).map(yyyymm).unwrap_or_default()
}

/// A family member's birth: `YYYYMM`, or `YYYYMMDD` when the day is known (other than the first),
/// so a file that gave the day gets it back; readers of the format take both.
fn month_or_day(raw: Option<&str>) -> String {
    match raw.and_then(day) {
        Some(d) if d.day() != 1 => yyyymmdd(d),
        Some(d) => yyyymm(d),
        None => String::new(),
    }
}

/// How high an education level stands (doctoral first); the national codes do not sort so.
fn standing(level: &str) -> usize {
    ["11", "14", "10", "20", "30", "40", "60", "70"].iter().position(|l| *l == level).unwrap_or(usize::MAX)
}

/// 毕业院校系及专业: the school, a space, the major (so it splits back exactly).
fn school_text(e: &EducationRow) -> String {
    if e.major.is_empty() { e.school.clone() } else { format!("{} {}专业", e.school, e.major) }
}

/// The highest education of a mode (the latest of equals): level, degree, and their schools.
fn highest(educations: &[EducationRow], mode: &str) -> [String; 4] {
    let best = educations
        .iter()
        .filter(|e| e.mode == mode)
        .min_by(|a, b| standing(&a.level).cmp(&standing(&b.level)).then(b.end_date.cmp(&a.end_date)));
    let Some(e) = best else { return Default::default() };
    let degree = e.degree.as_deref().filter(|d| *d != "0");
    [
        EDUCATION.label(&e.level, "zh"),
        degree.map(|d| DEGREE.label(d, "zh")).unwrap_or_default(),
        school_text(e),
        if degree.is_some() { school_text(e) } else { String::new() },
    ]
}

/// The resume: periods of study (educations with a start date) and of work (tenures), by start.
pub(crate) fn resume(sections: &Sections) -> Vec<ResumeLine> {
    let mut lines: Vec<ResumeLine> = Vec::new();
    for e in &sections.educations {
        if let Some(start) = e.start_date.as_deref().and_then(day) {
            let study = if e.mode == "in_service" { "在职学习" } else { "学习" };
            lines.push(ResumeLine {
                start,
                end: e.end_date.as_deref().and_then(day),
                text: format!("{}{study}", school_text(e)),
                within: None,
            });
        }
    }
    for t in &sections.tenures {
        if let Some(start) = day(&t.start_date) {
            let text = post_with_unit(&t.org_name, &t.title);
            lines.push(ResumeLine { start, end: t.end_date.as_deref().and_then(day), text, within: None });
        }
    }
    lines.sort_by_key(|l| l.start);
    lines
}

/// The 简历 an import kept, as given, followed by the periods that began after its last one
/// (appointments recorded since).
fn resume_as_given(given: &str, periods: Vec<ResumeLine>) -> String {
    let Ok(lines) = parse_resume("JianLi", given) else { return given.to_owned() };
    let last = lines.iter().map(|(_, l)| l.start).max();
    let later: Vec<ResumeLine> = periods.into_iter().filter(|p| last.is_none_or(|last| p.start > last)).collect();
    if later.is_empty() { given.to_owned() } else { format!("{given}\n{}", resume_text(&later)) }
}

/// A free-text section: the entries' lines, then the lines an import kept as written; `无` when
/// there are neither.
fn with_kept(no_entries: bool, entries: String, kept: Option<&str>) -> String {
    match (no_entries, kept.map(str::trim).filter(|k| !k.is_empty())) {
        (_, None) => entries,
        (true, Some(kept)) => kept.to_owned(),
        (false, Some(kept)) => format!("{entries}\n{kept}"),
    }
}

/// 入党时间: the month for a CPC member, the party's name for other parties, nothing for 群众.
fn party_entry(cadre: &Cadre) -> String {
    match (cadre.political_status.as_str(), cadre.party_entry_date.as_deref()) {
        ("01" | "02", Some(date)) => month(Some(date)),
        ("13", _) => String::new(),
        (code, _) => POLITICAL_STATUS.label(code, "zh"),
    }
}

/// Who fills the form in, and when.
pub(crate) struct Filler<'a> {
    pub unit: &'a str,
    pub name: &'a str,
    pub today: Date,
}

/// The form's content. `id_number` is what the caller may show: the full number or the masked one.
pub(crate) fn person(
    cadre: &Cadre,
    sections: &Sections,
    kept: Option<&FormRow>,
    proposal: &Proposal,
    by: &Filler<'_>,
    id_number: String,
) -> Person {
    let [full_time_education, full_time_degree, full_time_education_school, full_time_degree_school] =
        highest(&sections.educations, "full_time");
    let [in_service_education, in_service_degree, in_service_education_school, in_service_degree_school] =
        highest(&sections.educations, "in_service");
    let records: Vec<RecordLine<'_>> = sections
        .rewards_sanctions
        .iter()
        .filter_map(|r| {
            Some(RecordLine {
                category: &r.category,
                kind: &r.kind,
                date: day(&r.date)?,
                authority: &r.authority,
                document_number: &r.document_number,
                reason: &r.reason,
            })
        })
        .collect();
    let grades: Vec<(i64, &str)> = sections.grades.iter().map(|g| (g.year, g.grade.as_str())).collect();
    let family = sections
        .family
        .iter()
        .map(|f| Relative {
            relation: RELATION.label(&f.relation, "zh"),
            name: f.name.clone(),
            birth_month: month_or_day(f.birth_date.as_deref()),
            political_status: f
                .political_status
                .as_deref()
                .map(|p| FAMILY_POLITICAL_STATUS.label(p, "zh"))
                .unwrap_or_default(),
            work_unit_and_post: f.work_unit_and_post.clone(),
        })
        .collect();
    Person {
        name: cadre.name.clone(),
        gender: GENDER.label(&cadre.gender, "zh"),
        birth_month: month(Some(&cadre.birth_date)),
        ethnicity: ETHNICITY.label(&cadre.ethnicity, "zh"),
        native_place: cadre.native_place.clone(),
        birthplace: cadre.birthplace.clone(),
        party_entry: party_entry(cadre),
        work_start: month(cadre.work_start_date.as_deref()),
        health: cadre.health.clone(),
        professional_title: cadre.professional_title.clone(),
        speciality: cadre.speciality.clone(),
        full_time_education,
        full_time_degree,
        full_time_education_school,
        full_time_degree_school,
        in_service_education,
        in_service_degree,
        in_service_education_school,
        in_service_degree_school,
        current_post: cadre.current_post.clone(),
        proposed_post: proposal.proposed_post.trim().to_owned(),
        proposed_removal: proposal.proposed_removal.trim().to_owned(),
        resume: match kept.filter(|k| !k.resume.trim().is_empty()) {
            Some(k) => resume_as_given(&k.resume, resume(sections)),
            None => resume_text(&resume(sections)),
        },
        rewards_sanctions: with_kept(records.is_empty(), rewards_text(&records), kept.map(|k| k.rewards_kept.as_str())),
        annual_grades: with_kept(grades.is_empty(), grades_text(&grades), kept.map(|k| k.grades_kept.as_str())),
        reasons: proposal.reasons.trim().to_owned(),
        family,
        reporting_unit: kept.map(|k| k.reporting_unit.as_str()).filter(|u| !u.is_empty()).unwrap_or(by.unit).to_owned(),
        age_on: yyyymmdd(by.today),
        filled_on: yyyymmdd(by.today),
        filled_by: kept.map(|k| k.filled_by.as_str()).filter(|u| !u.is_empty()).unwrap_or(by.name).to_owned(),
        id_number,
        // Filled in by the export from the dossier's photo (a separate read).
        photo: String::new(),
        version: FORMAT_VERSION.to_owned(),
    }
}
