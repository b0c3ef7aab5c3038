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
    (!text.is_empty()).then_some(ResumeLine { start, end, text })
}

/// Reads the resume into periods with their line numbers (from 1). A line without a leading date
/// continues the one before (the form wraps long lines); `（其间：…）` notes are read as periods
/// of their own. Every line that cannot be read is reported, named `{field}[n]`.
pub fn parse_resume(field: &str, raw: &str) -> Result<Vec<(usize, ResumeLine)>, Vec<FieldError>> {
    let mut lines: Vec<(usize, ResumeLine)> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.is_empty() {
            continue;
        }
        let note = ["（其间：", "（其间:", "(其间:", "(其间：", "其间："]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .map(|rest| rest.trim_end_matches(['）', ')']));
        match dated_line(note.unwrap_or(line)) {
            Some(period) => {
                if period.end.is_some_and(|end| end < period.start) {
                    errors.push(line_error(field, i + 1, "结束年月早于开始年月", "the end is before the start"));
                }
                if period.text.chars().count() > 200 {
                    errors.push(line_error(field, i + 1, "一行不能超过 200 个字", "a line has at most 200 characters"));
                }
                lines.push((i + 1, period));
            }
            None if note.is_none() && line.chars().next().is_some_and(|c| !c.is_ascii_digit()) => {
                match lines.last_mut() {
                    Some((_, last)) => last.text.push_str(line),
                    None => errors.push(line_error(
                        field,
                        i + 1,
                        "第一行应以起始年月开头",
                        "the first line must start with a month",
                    )),
                }
            }
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
            },
            ResumeLine { start: date!(2000 - 08 - 01), end: None, text: "东营区文汇街道科员".into() },
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
    fn an_unreadable_resume_line_is_named_by_its_number() {
        let err = parse_resume("JianLi", "2000.08--2001.01  科员\n20000801 科员\n2003.01--2002.01  科长").unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["JianLi[2]", "JianLi[3]"]);
    }
}
