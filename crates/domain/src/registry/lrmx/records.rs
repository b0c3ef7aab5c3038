//! The rewards-and-sanctions (奖惩情况) and annual-grades (年度考核结果) texts of the form.
//!
//! One entry per line:
//! `2024.12.20，经东营市人民政府批准，记三等功（东政发〔2024〕9号）。事由：招商引资成绩突出。`
//! `2025.03.01，经东营区纪委决定，给予记过（东区纪发〔2025〕3号）。事由：违反工作纪律。`
//! (with full-width punctuation), and the grades as `2024年度考核优秀；2025年度考核称职。`.
//! Readers also accept months, `YYYY年MM月DD日` dates, a trailing 处分 and grades written for
//! several years at once (`2022、2023年度考核均为称职`).

use time::Date;

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

/// What a free-text section of the form (奖惩情况, 年度考核结果) says: the entries read from the
/// lines that are unambiguous, and the other lines kept word for word, with their line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<T> {
    pub entries: Vec<T>,
    /// Lines kept as written (narrative the form allows: "2019年12月，经东营区委批准，授予优秀
    /// 共产党员称号。"), with their numbers (from 1).
    pub kept: Vec<(usize, String)>,
}

/// Kept lines as one text, in their order (as the dossier stores them and the export writes them).
pub fn kept_text(kept: &[(usize, String)]) -> String {
    kept.iter().map(|(_, line)| line.as_str()).collect::<Vec<_>>().join("\n")
}

/// Reads the 奖惩情况 text: a line in the form's fixed format (`YYYY.MM.DD，经…批准/决定，…`)
/// whose kind the code set knows and whose date is not after `today` becomes an entry, checked by
/// the dossier's own parser; any other line is narrative and kept as written. `无` or nothing
/// reads as none. Nothing is refused: the form allows prose here.
pub fn read_rewards(raw: &str, today: Date) -> Read<RewardSanction> {
    let mut read = Read { entries: Vec::new(), kept: Vec::new() };
    if is_none_text(raw) {
        return read;
    }
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim();
        if is_none_text(line) || line == "(无)" || line == "（无）" {
            continue;
        }
        match record_line(line).ok().and_then(|input| input.parse().ok()) {
            Some(entry) if entry.date <= today => read.entries.push(entry),
            _ => read.kept.push((i + 1, line.to_owned())),
        }
    }
    read
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

/// The years and grades of one line (`2021年、2022年年度考核均为称职，2023年年度考核为优秀。`,
/// `2021年：称职；2022年：优秀`, `2021年度考核称职、2022年度考核优秀`): every piece names its
/// years before its grade; `None` when any piece does not, or a grade is not one of the code
/// set's (合格 and the like are kept as text).
fn grades_of_line(line: &str) -> Option<Vec<GradeInput>> {
    let mut found = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    for piece in line.split(['。', '；', ';', '，', ',', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        pending.extend(piece.split(|c: char| !c.is_ascii_digit()).filter(|s| s.len() == 4));
        let words = piece.trim_end_matches(|c: char| c.is_ascii_digit() || c == '年');
        match GRADE_LABELS.iter().find(|label| words.ends_with(*label)) {
            Some(grade) if !pending.is_empty() => {
                found.extend(pending.drain(..).map(|y| GradeInput { year: y.to_owned(), grade: (*grade).to_owned() }))
            }
            // Years written before their grade (`2021年、2022年年度考核均为称职`) wait for it.
            None if !pending.is_empty() && words.chars().all(|c| c == '年' || c.is_whitespace()) => {}
            _ => return None,
        }
    }
    (pending.is_empty() && !found.is_empty()).then_some(found)
}

/// Reads the 年度考核结果 text: a line whose every part names years and a grade of the code set
/// gives one input per year; any other line is kept as written. `无` or nothing reads as none.
pub fn read_grades(raw: &str) -> Read<GradeInput> {
    let mut read = Read { entries: Vec::new(), kept: Vec::new() };
    if is_none_text(raw) {
        return read;
    }
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim();
        if is_none_text(line) {
            continue;
        }
        match grades_of_line(line) {
            Some(grades) => read.entries.extend(grades),
            None => read.kept.push((i + 1, line.to_owned())),
        }
    }
    read
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
        let read = read_rewards(&text, TODAY);
        assert!(read.kept.is_empty(), "{:?}", read.kept);
        let read = read.entries;
        assert_eq!(
            (read[0].category, read[0].kind, read[0].date, read[0].authority.as_str()),
            ("reward", "merit_third", date!(2024 - 12 - 20), "东营市人民政府")
        );
        assert_eq!(
            (read[0].document_number.as_str(), read[0].reason.as_str()),
            ("东政发〔2024〕9号", "招商引资成绩突出")
        );
        assert_eq!((read[1].kind, read[1].document_number.as_str()), ("gov_demerit", ""));
        assert!(read_rewards("无", TODAY).entries.is_empty() && read_rewards("无", TODAY).kept.is_empty());
    }

    #[test]
    fn other_writers_sanctions_with_a_trailing_chu_fen_are_read() {
        let read = read_rewards("2019年5月，经河口区纪委决定，给予党内警告处分。", TODAY).entries;
        assert_eq!((read[0].kind, read[0].date), ("party_warning", date!(2019 - 05 - 01)));
    }

    #[test]
    fn narrative_lines_unknown_kinds_and_future_dates_are_kept_as_written() {
        let raw = "2019年12月，经东营区委批准，授予优秀共产党员称号。\n2019.05.01 获得表扬\n\
                   2027.01.01，经市委批准，嘉奖\n2020.06.01，经东营区人民政府批准，嘉奖。";
        let read = read_rewards(raw, TODAY);
        assert_eq!(read.entries.len(), 1);
        assert_eq!((read.entries[0].kind, read.entries[0].date), ("commendation", date!(2020 - 06 - 01)));
        let kept: Vec<usize> = read.kept.iter().map(|(n, _)| *n).collect();
        assert_eq!(kept, [1, 2, 3]);
        assert_eq!(read.kept[0].1, "2019年12月，经东营区委批准，授予优秀共产党员称号。");
        assert!(read_rewards("(无)", TODAY).kept.is_empty());
    }

    #[test]
    fn grades_read_back_including_several_years_at_once() {
        let text = grades_text(&[(2024, "excellent"), (2025, "basically_competent")]);
        assert_eq!(text, "2024年度考核优秀；2025年度考核基本称职。");
        let read = read_grades(&text).entries;
        assert_eq!((read[1].year.as_str(), read[1].grade.as_str()), ("2025", "基本称职"));
        let pairs = |raw: &str| -> Vec<(String, String)> {
            let read = read_grades(raw);
            assert!(read.kept.is_empty(), "{raw}: {:?}", read.kept);
            read.entries.into_iter().map(|g| (g.year, g.grade)).collect()
        };
        let want = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter().map(|(y, g)| ((*y).to_owned(), (*g).to_owned())).collect()
        };
        let three = want(&[("2021", "称职"), ("2022", "称职"), ("2023", "优秀")]);
        for raw in [
            "2021、2022年度考核均为称职，2023年年度考核优秀",
            "2021年、2022年年度考核均为称职，2023年年度考核为优秀。",
            "2021年度考核称职、2022年度考核称职、2023年度考核优秀",
            "2021年：称职；2022年：称职；2023年：优秀",
        ] {
            assert_eq!(pairs(raw), three, "{raw}");
        }
    }

    #[test]
    fn grade_lines_that_are_not_unambiguous_are_kept_as_written() {
        let read = read_grades("2021年年度考核合格;2022年年度考核称职。\n请检查是否未参加过年度考核\n2023年度考核优秀");
        assert_eq!(read.kept.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(read.kept[0].1, "2021年年度考核合格;2022年年度考核称职。");
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read_grades("表现良好").kept.len(), 1);
    }
}
