//! The rewards-and-sanctions (奖惩情况) and annual-grades (年度考核结果) texts of the form.
//!
//! One entry per line:
//! `2024.12.20，经东营市人民政府批准，记三等功（东政发〔2024〕9号）。事由：招商引资成绩突出。`
//! `2025.03.01，经东营区纪委决定，给予记过（东区纪发〔2025〕3号）。事由：违反工作纪律。`
//! (with full-width punctuation), and the grades as `2024年度考核优秀；2025年度考核称职。`.
//! Readers also accept months, `YYYY年MM月DD日` dates, a trailing 处分 and grades written for
//! several years at once (`2022、2023年度考核均为称职`).

use time::Date;

use crate::error::FieldError;
use crate::registry::codes::{GRADE, REWARD, SANCTION};
use crate::registry::dossier::{GradeInput, RewardSanction, RewardSanctionInput};
use crate::registry::lrmx::text::parse_month;

/// A reward or sanction as the form prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLine<'a> {
    /// `reward` or `sanction`.
    pub category: &'a str,
    /// The kind's code (`merit_third`, `gov_demerit`, …).
    pub kind: &'a str,
    pub date: Date,
    pub authority: &'a str,
    pub document_number: &'a str,
    pub reason: &'a str,
}

fn ymd(date: Date) -> String {
    format!("{:04}.{:02}.{:02}", date.year(), date.month() as u8, date.day())
}

/// The 奖惩情况 text, one line per entry; `无` when there is none.
pub fn rewards_text(lines: &[RecordLine<'_>]) -> String {
    if lines.is_empty() {
        return "无".to_owned();
    }
    let line = |r: &RecordLine<'_>| {
        let (verb, kind) = if r.category == "sanction" {
            ("决定，给予", SANCTION.label(r.kind, "zh"))
        } else {
            ("批准，", REWARD.label(r.kind, "zh"))
        };
        let mut text = format!("{}，经{}{verb}{kind}", ymd(r.date), r.authority);
        if !r.document_number.is_empty() {
            text.push_str(&format!("（{}）", r.document_number));
        }
        text.push('。');
        if !r.reason.is_empty() {
            text.push_str(&format!("事由：{}。", r.reason.trim_end_matches('。')));
        }
        text
    };
    lines.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn is_none_text(raw: &str) -> bool {
    matches!(raw.trim().trim_end_matches('。'), "" | "无" | "无。")
}

fn line_error(field: &str, line: usize, zh: &str, en: &str) -> FieldError {
    FieldError::new(&format!("{field}[{line}]"), format!("第 {line} 行：{zh}"), format!("line {line}: {en}"))
}

/// Reads one reward or sanction line into the dossier's input (validated by its own parser).
fn record_line(raw: &str) -> Result<RewardSanctionInput, (&'static str, &'static str)> {
    let (date, rest) = raw.split_once(['，', ',', ' ']).ok_or(("缺少日期后的逗号", "no comma after the date"))?;
    let date = parse_month("date", date).map_err(|_| ("日期无法识别", "the date cannot be read"))?;
    let rest = rest.trim_start().strip_prefix('经').unwrap_or(rest.trim_start());
    let (authority, rest) = ["批准，", "决定，", "批准,", "决定,"]
        .iter()
        .find_map(|mark| rest.split_once(mark))
        .ok_or(("缺少“经……批准/决定”", "no \"经…批准/决定\" (by whose decision)"))?;
    let rest = rest.trim_start().strip_prefix("给予").unwrap_or(rest.trim_start());
    // Labels are matched whole and longest first: some hold brackets (警告(政务)) or prefix others (开除).
    let label =
        REWARD.codes.iter().chain(SANCTION.codes).map(|c| c.zh).filter(|l| rest.starts_with(l)).max_by_key(|l| l.len());
    let (kind, rest) = match label {
        Some(label) => (label, &rest[label.len()..]),
        None => {
            let end = rest.find(['（', '(', '。', '，', ',', '；', ';']).unwrap_or(rest.len());
            (rest[..end].trim(), &rest[end..])
        }
    };
    let mut rest = rest.strip_prefix("处分").unwrap_or(rest);
    let mut document_number = "";
    if let Some(open) = rest.strip_prefix(['（', '(']) {
        let close =
            open.find(['）', ')']).ok_or(("文号的括号未闭合", "the document number's bracket is not closed"))?;
        document_number = open[..close].trim();
        rest = &open[close..];
        rest = rest.strip_prefix(['）', ')']).unwrap_or(rest);
    }
    let rest = rest.trim_start_matches(['。', '，', ',', '；', ';', ' ']);
    let reason = rest
        .strip_prefix("事由：")
        .or_else(|| rest.strip_prefix("事由:"))
        .unwrap_or(rest)
        .trim()
        .trim_end_matches('。');
    Ok(RewardSanctionInput {
        kind: kind.to_owned(),
        date: date.to_string(),
        authority: authority.trim().to_owned(),
        document_number: document_number.to_owned(),
        reason: reason.to_owned(),
    })
}

/// Reads the 奖惩情况 text into entries; `无` or nothing reads as none. Each line is checked by
/// the dossier's own parser (and may not be dated after `today`); every failure is named `{field}[n]`.
pub fn parse_rewards(field: &str, raw: &str, today: Date) -> Result<Vec<RewardSanction>, Vec<FieldError>> {
    if is_none_text(raw) {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim();
        if is_none_text(line) {
            continue;
        }
        match record_line(line) {
            Ok(input) => match input.parse() {
                Ok(entry) if entry.date > today => {
                    errors.push(line_error(field, i + 1, "日期不能晚于今天", "the date cannot be after today"))
                }
                Ok(entry) => found.push(entry),
                Err(invalid) => {
                    for e in invalid.fields {
                        let message = format!("{}（{}）", e.message.zh, e.field);
                        errors.push(line_error(field, i + 1, &message, &format!("{} ({})", e.message.en, e.field)));
                    }
                }
            },
            Err((zh, en)) => errors.push(line_error(field, i + 1, zh, en)),
        }
    }
    if errors.is_empty() { Ok(found) } else { Err(errors) }
}

/// The 年度考核结果 text: `2024年度考核优秀；2025年度考核称职。`; `无` when there is none.
pub fn grades_text(grades: &[(i64, &str)]) -> String {
    if grades.is_empty() {
        return "无".to_owned();
    }
    let parts: Vec<String> =
        grades.iter().map(|(year, grade)| format!("{year}年度考核{}", GRADE.label(grade, "zh"))).collect();
    format!("{}。", parts.join("；"))
}

/// Grade labels, longest first so 基本称职 and 不称职 are not read as 称职.
const GRADE_LABELS: [&str; 5] = ["基本称职", "不称职", "不定等次", "优秀", "称职"];

/// Reads the 年度考核结果 text into one input per year; every unreadable part is reported.
pub fn parse_grades(field: &str, raw: &str) -> Result<Vec<GradeInput>, Vec<FieldError>> {
    if is_none_text(raw) {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (i, part) in raw.split(['。', '；', ';', '，', ',', '\n']).map(str::trim).filter(|p| !p.is_empty()).enumerate()
    {
        let years: Vec<&str> =
            part.split(|c: char| !c.is_ascii_digit()).take_while(|_| true).filter(|s| s.len() == 4).collect();
        let grade = GRADE_LABELS.iter().find(|label| part.ends_with(*label));
        match (years.is_empty(), grade) {
            (false, Some(grade)) => {
                found.extend(years.iter().map(|y| GradeInput { year: (*y).to_owned(), grade: (*grade).to_owned() }))
            }
            _ => errors.push(FieldError::new(
                &format!("{field}[{}]", i + 1),
                format!("无法识别“{part}”（应为 YYYY年度考核优秀/称职/基本称职/不称职）"),
                format!("cannot read \"{part}\" (expected YYYY年度考核 followed by the grade)"),
            )),
        }
    }
    if errors.is_empty() { Ok(found) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 26);

    fn merit() -> RecordLine<'static> {
        RecordLine {
            category: "reward",
            kind: "merit_third",
            date: date!(2024 - 12 - 20),
            authority: "东营市人民政府",
            document_number: "东政发〔2024〕9号",
            reason: "招商引资成绩突出",
        }
    }

    #[test]
    fn written_rewards_and_sanctions_read_back_as_the_same_entries() {
        let demerit = RecordLine {
            category: "sanction",
            kind: "gov_demerit",
            date: date!(2025 - 03 - 01),
            authority: "东营区纪委",
            document_number: "",
            reason: "",
        };
        let text = rewards_text(&[merit(), demerit]);
        assert_eq!(text.lines().nth(1), Some("2025.03.01，经东营区纪委决定，给予记过。"));
        let read = parse_rewards("JiangChengQingKuang", &text, TODAY).unwrap();
        assert_eq!(
            (read[0].category, read[0].kind, read[0].date, read[0].authority.as_str()),
            ("reward", "merit_third", date!(2024 - 12 - 20), "东营市人民政府")
        );
        assert_eq!(
            (read[0].document_number.as_str(), read[0].reason.as_str()),
            ("东政发〔2024〕9号", "招商引资成绩突出")
        );
        assert_eq!((read[1].kind, read[1].document_number.as_str()), ("gov_demerit", ""));
        assert!(parse_rewards("JiangChengQingKuang", "无", TODAY).unwrap().is_empty());
    }

    #[test]
    fn other_writers_sanctions_with_a_trailing_chu_fen_are_read() {
        let read = parse_rewards("J", "2019年5月，经河口区纪委决定，给予党内警告处分。", TODAY).unwrap();
        assert_eq!((read[0].kind, read[0].date), ("party_warning", date!(2019 - 05 - 01)));
    }

    #[test]
    fn an_unknown_kind_or_a_line_without_an_authority_is_refused_by_line() {
        let err = parse_rewards(
            "J",
            "2019.05.01，经市委批准，发奖金\n2019.05.01 获得表扬\n2027.01.01，经市委批准，嘉奖",
            TODAY,
        )
        .unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["J[1]", "J[2]", "J[3]"]);
        assert!(err[0].message.zh.contains("kind"));
    }

    #[test]
    fn grades_read_back_including_several_years_at_once() {
        let text = grades_text(&[(2024, "excellent"), (2025, "basically_competent")]);
        assert_eq!(text, "2024年度考核优秀；2025年度考核基本称职。");
        let read = parse_grades("N", &text).unwrap();
        assert_eq!((read[1].year.as_str(), read[1].grade.as_str()), ("2025", "基本称职"));
        let many = parse_grades("N", "2022、2023年度考核均为称职，2024年年度考核优秀").unwrap();
        let pairs: Vec<(&str, &str)> = many.iter().map(|g| (g.year.as_str(), g.grade.as_str())).collect();
        assert_eq!(pairs, [("2022", "称职"), ("2023", "称职"), ("2024", "优秀")]);
        assert_eq!(parse_grades("N", "表现良好").unwrap_err()[0].field, "N[1]");
    }
}
