//! Months as the form writes them (`YYYYMM` in the file, `YYYY.MM` on paper) and the resume
//! (简历): one line per period, `2005.07--2010.03  东营区文汇街道副主任`, an open period with
//! its end left blank.

use time::Date;

use crate::error::FieldError;
use crate::registry::dates::date_from_ymd;

/// `YYYYMM`, the file's month.
pub fn yyyymm(date: Date) -> String {
    format!("{:04}{:02}", date.year(), date.month() as u8)
}

/// `YYYYMMDD`, the file's day (计算年龄时间, 填表时间).
pub fn yyyymmdd(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month() as u8, date.day())
}

/// `YYYY.MM`, the printed month.
pub fn dotted(date: Date) -> String {
    format!("{:04}.{:02}", date.year(), date.month() as u8)
}

/// A file month (`YYYYMM` or `YYYYMMDD`) as printed (`YYYY.MM`); other text is shown as it is.
pub fn dotted_month(raw: &str) -> String {
    let raw = raw.trim();
    if (raw.len() == 6 || raw.len() == 8) && raw.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}.{}", &raw[..4], &raw[4..6])
    } else {
        raw.to_owned()
    }
}

/// Reads a year, month and optional day written as `YYYYMM`, `YYYYMMDD`, `YYYY.MM`, `YYYY-MM`,
/// `YYYY/MM`, `YYYY.MM.DD` or `YYYY年MM月[DD日]`; a month without a day is its first day.
pub fn parse_month(field: &str, raw: &str) -> Result<Date, FieldError> {
    let text = raw.trim();
    let numbers: Option<Vec<i32>> = if text.bytes().all(|b| b.is_ascii_digit()) {
        match text.len() {
            6 => Some(vec![num(&text[..4]), num(&text[4..6]), 1]),
            8 => Some(vec![num(&text[..4]), num(&text[4..6]), num(&text[6..8])]),
            _ => None,
        }
    } else {
        let parts: Vec<&str> =
            text.trim_end_matches(['日', '号']).split(['.', '-', '/', '年', '月']).filter(|p| !p.is_empty()).collect();
        let ok = parts.first().is_some_and(|y| y.len() == 4)
            && (2..=3).contains(&parts.len())
            && parts.iter().all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
        ok.then(|| {
            let mut n: Vec<i32> = parts.iter().map(|p| num(p)).collect();
            if n.len() == 2 {
                n.push(1);
            }
            n
        })
    };
    match numbers.as_deref() {
        Some([y, m, d]) => date_from_ymd(*y, *m, *d).ok_or_else(|| {
            FieldError::new(field, format!("日期 {text} 不存在"), format!("the date {text} does not exist"))
        }),
        _ => Err(FieldError::new(
            field,
            format!("年月应写作 YYYYMM 或 YYYY.MM,收到 “{text}”"),
            format!("months are written YYYYMM or YYYY.MM; got \"{text}\""),
        )),
    }
}

fn num(digits: &str) -> i32 {
    digits.parse().unwrap_or(0)
}

/// One period of the resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeLine {
    pub start: Date,
    pub end: Option<Date>,
    pub text: String,
    /// For a sub-period written inside another (`（其间：…）`: an in-service study or a
    /// concurrent post), the line number of the period it lies within.
    pub within: Option<usize>,
}

impl ResumeLine {
    /// A period of study (its text ends in 学习): education, not a tenure.
    pub fn is_study(&self) -> bool {
        self.text.trim_end_matches(['）', ')', '。']).ends_with("学习")
    }
}

/// The resume's text: `start--end  text`, with an open end padded so the texts line up.
pub fn resume_text(lines: &[ResumeLine]) -> String {
    lines
        .iter()
        .map(|l| {
            let end = l.end.map_or_else(|| " ".repeat(7), dotted);
            format!("{}--{end}  {}", dotted(l.start), l.text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const RANGE_MARKS: [char; 6] = ['-', '—', '－', '~', '～', '至'];

/// Reads a leading `YYYY.MM` (or `YYYY.M`, `YYYY年MM月`), returning the date and the rest.
fn leading_month(text: &str) -> Option<(Date, &str)> {
    let year: String = text.chars().take(4).collect();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = text[4..].strip_prefix(['.', '年', '/'])?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).take(2).collect();
    let rest = rest[digits.len()..].strip_prefix('月').unwrap_or(&rest[digits.len()..]);
    let date = date_from_ymd(num(&year), digits.parse().ok()?, 1)?;
    Some((date, rest))
}

/// Reads one dated line: `start--[end]  text` (an open end may also read 至今).
fn dated_line(line: &str) -> Option<ResumeLine> {
    let (start, rest) = leading_month(line)?;
    let rest = rest.trim_start_matches(RANGE_MARKS);
    let (end, rest) = match leading_month(rest) {
        Some((end, rest)) => (Some(end), rest),
        None => (
            None,
            rest.trim_start().strip_prefix("至今").or_else(|| rest.trim_start().strip_prefix('今')).unwrap_or(rest),
        ),
    };
    let text = rest.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_owned();
    (!text.is_empty()).then_some(ResumeLine { start, end, text, within: None })
}

/// The marks that open a sub-period note, full-width or not, with a full-width or ASCII colon.
const NOTE_OPENS: [&str; 4] = ["（其间：", "（其间:", "(其间:", "(其间："];

/// Splits a note's body (`2011.09--2014.07…学习；2018.03--2020.09兼任…`) into its dated items;
/// `None` when any item has no dates (such a note is kept as part of the text it follows).
fn note_items(body: &str) -> Option<Vec<ResumeLine>> {
    let body = body.trim().trim_end_matches(['）', ')']).trim_end_matches(['。', '；', ';']);
    body.split(['；', ';']).map(|item| dated_line(item.trim())).collect()
}

/// A line's own text and the dated sub-periods written inline after it (`…副主任科员（其间：
/// 2011.09--2014.07…学习）`). An undated note stays in the text.
fn split_inline_note(text: &str) -> (String, Vec<ResumeLine>) {
    let Some((at, open)) = NOTE_OPENS.iter().filter_map(|o| text.find(o).map(|at| (at, *o))).min_by_key(|(at, _)| *at)
    else {
        return (text.to_owned(), Vec::new());
    };
    match note_items(&text[at + open.len()..]) {
        Some(items) if at > 0 => (text[..at].trim_end().to_owned(), items),
        _ => (text.to_owned(), Vec::new()),
    }
}

/// A line that is a note on its own: `（其间：…）`, or a dated period in brackets
/// (`(2016.03--2016.07在市委党校学习)`, as some writers put a study across two periods).
fn note_line(line: &str) -> Option<Vec<ResumeLine>> {
    if let Some(body) = NOTE_OPENS.iter().find_map(|o| line.strip_prefix(o)).or_else(|| line.strip_prefix("其间："))
    {
        return note_items(body);
    }
    let body = line.strip_prefix(['（', '('])?;
    body.starts_with(|c: char| c.is_ascii_digit()).then(|| note_items(body)).flatten()
}

/// Reads the resume into periods with their line numbers (from 1). A line without a leading date
/// continues the one before (the form wraps long lines). `（其间：…）` notes, inline after a
/// period's text or on a line of their own, are read as sub-periods within that period (each item
/// of a note, separated by `；`, with its own dates); the period keeps its own dates and text.
/// Every line that cannot be read is reported, named `{field}[n]`.
pub fn parse_resume(field: &str, raw: &str) -> Result<Vec<(usize, ResumeLine)>, Vec<FieldError>> {
    let mut lines: Vec<(usize, ResumeLine)> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.is_empty() {
            continue;
        }
        if let Some(items) = note_line(line) {
            // A note's periods lie within the last period that is not itself a note.
            match lines.iter().rev().find(|(_, l)| l.within.is_none()).map(|(n, _)| *n) {
                Some(parent) => {
                    for item in items {
                        check_period(field, i + 1, &item, &mut errors);
                        lines.push((i + 1, ResumeLine { within: Some(parent), ..item }));
                    }
                }
                None => errors.push(line_error(
                    field,
                    i + 1,
                    "第一行应以起始年月开头",
                    "the first line must start with a month",
                )),
            }
            continue;
        }
        match dated_line(line) {
            Some(period) => {
                check_period(field, i + 1, &period, &mut errors);
                let (text, items) = split_inline_note(&period.text);
                lines.push((i + 1, ResumeLine { text, ..period }));
                for item in items {
                    check_period(field, i + 1, &item, &mut errors);
                    lines.push((i + 1, ResumeLine { within: Some(i + 1), ..item }));
                }
            }
            None if line.chars().next().is_some_and(|c| !c.is_ascii_digit()) => match lines.last_mut() {
                // A wrapped line continues the period before it (a wrapped note closes its bracket).
                Some((_, last)) if last.within.is_some() => last.text.push_str(line.trim_end_matches(['）', ')'])),
                Some((_, last)) => last.text.push_str(line),
                None => errors.push(line_error(
                    field,
                    i + 1,
                    "第一行应以起始年月开头",
                    "the first line must start with a month",
                )),
            },
            None => errors.push(line_error(
                field,
                i + 1,
                "无法识别起止年月(应为 YYYY.MM--YYYY.MM  经历)",
                "the period cannot be read (expected YYYY.MM--YYYY.MM  text)",
            )),
        }
    }
    if errors.is_empty() { Ok(lines) } else { Err(errors) }
}

fn check_period(field: &str, line: usize, period: &ResumeLine, errors: &mut Vec<FieldError>) {
    if period.end.is_some_and(|end| end < period.start) {
        errors.push(line_error(field, line, "结束年月早于开始年月", "the end is before the start"));
    }
    if period.text.chars().count() > 200 {
        errors.push(line_error(field, line, "一行不能超过 200 个字", "a line has at most 200 characters"));
    }
}

fn line_error(field: &str, line: usize, zh: &str, en: &str) -> FieldError {
    FieldError::new(&format!("{field}[{line}]"), format!("第 {line} 行：{zh}"), format!("line {line}: {en}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_read_in_every_written_form_and_impossible_ones_are_refused() {
        for raw in ["200507", "2005.07", "2005.7", "2005-07", "2005年7月", "20050701", "2005.07.01"] {
            assert_eq!(parse_month("m", raw).unwrap(), date!(2005 - 07 - 01), "{raw}");
        }
        assert_eq!(parse_month("m", "20050715").unwrap(), date!(2005 - 07 - 15));
        assert!(parse_month("m", "200513").unwrap_err().message.zh.contains("不存在"));
        assert_eq!(parse_month("RuDangShiJian", "七月").unwrap_err().field, "RuDangShiJian");
        assert_eq!((yyyymm(date!(2005 - 07 - 15)), dotted_month("200507")), ("200507".into(), "2005.07".into()));
    }

    #[test]
    fn a_written_resume_reads_back_as_the_same_periods() {
        let periods = vec![
            ResumeLine {
                start: date!(1996 - 09 - 01),
                end: Some(date!(2000 - 07 - 01)),
                text: "山东大学 法学专业学习".into(),
                within: None,
            },
            ResumeLine {
                start: date!(2000 - 08 - 01), end: None, text: "东营区文汇街道科员".into(), within: None
            },
        ];
        let text = resume_text(&periods);
        assert_eq!(text.lines().nth(1), Some("2000.08--         东营区文汇街道科员"));
        let read: Vec<ResumeLine> = parse_resume("JianLi", &text).unwrap().into_iter().map(|(_, l)| l).collect();
        assert_eq!(read, periods);
        assert!(periods[0].is_study() && !periods[1].is_study());
    }

    #[test]
    fn other_writers_resumes_are_read_with_wrapped_lines_notes_and_open_ends() {
        let raw = "1996.09—2000.07 山东大学法学专业学习\n2000.07--2005.03  东营区文汇街道\n办事处科员\n\
                   （其间：2002.09--2004.07在中央党校函授学院经济管理专业学习）\n2005.03-至今 河口区副区长";
        let lines: Vec<ResumeLine> = parse_resume("JianLi", raw).unwrap().into_iter().map(|(_, l)| l).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].text, "东营区文汇街道办事处科员");
        assert!(lines[2].is_study());
        assert_eq!((lines[3].end, lines[3].text.as_str()), (None, "河口区副区长"));
    }

    #[test]
    fn a_note_inline_or_on_its_own_line_is_a_sub_period_within_its_tenure() {
        let raw = "2010.03--2016.05  东营区发展和改革局副主任科员（其间：2011.09--2014.07中共山东省委党校经济管理\
                   专业在职研究生学习）\n2016.05--         东营区商务局副局长\n\
                   \u{20}                 （其间：2017.09--2019.07中央党校函授学院学习；2018.03--2020.09兼任东营区招商中心主任）";
        let lines = parse_resume("JianLi", raw).unwrap();
        let read: Vec<(usize, &str, Option<usize>)> =
            lines.iter().map(|(n, l)| (*n, l.text.as_str(), l.within)).collect();
        assert_eq!(
            read,
            [
                (1, "东营区发展和改革局副主任科员", None),
                (1, "中共山东省委党校经济管理专业在职研究生学习", Some(1)),
                (2, "东营区商务局副局长", None),
                (3, "中央党校函授学院学习", Some(2)),
                (3, "兼任东营区招商中心主任", Some(2)),
            ]
        );
        // The tenure keeps its own dates; the study has its own.
        assert_eq!((lines[0].1.start, lines[0].1.end), (date!(2010 - 03 - 01), Some(date!(2016 - 05 - 01))));
        assert_eq!((lines[1].1.start, lines[1].1.end), (date!(2011 - 09 - 01), Some(date!(2014 - 07 - 01))));
        assert!(!lines[0].1.is_study() && lines[1].1.is_study() && !lines[4].1.is_study());
        assert_eq!(lines[2].1.end, None);
    }

    #[test]
    fn an_undated_note_stays_in_its_text_and_a_bracketed_period_is_a_sub_period() {
        let raw = "2005.03--2010.03  河口区副区长（其间：挂职锻炼一年）\n(2006.03--2006.07在东营市委党校学习)";
        let lines = parse_resume("JianLi", raw).unwrap();
        assert_eq!(lines[0].1.text, "河口区副区长（其间：挂职锻炼一年）");
        assert_eq!((lines[1].1.text.as_str(), lines[1].1.within), ("在东营市委党校学习", Some(1)));
    }

    #[test]
    fn an_unreadable_resume_line_is_named_by_its_number() {
        let err = parse_resume("JianLi", "2000.08--2001.01  科员\n20000801 科员\n2003.01--2002.01  科长").unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["JianLi[2]", "JianLi[3]"]);
    }
}
