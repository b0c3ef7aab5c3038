//! Exams (廉政考试, 党纪政纪条规测试): a question bank of single-choice, multiple-choice and
//! true/false questions, papers drawn from it per attempt, automatic scoring against a pass mark,
//! and an attempt limit counted per cadre and exam that re-enrolment cannot reset (INT-EXAM-ATTEMPTS).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Refusal;
use crate::error::{Errors, FieldError, Invalid};
use crate::registry::codes::{CodeSet, c};
use crate::registry::dossier::{code, date, text};
use crate::training::course::number;

pub static QUESTION_KIND: CodeSet = CodeSet {
    name: "题型 question kind",
    codes: &[
        c("single", "单选题", "single choice"),
        c("multiple", "多选题", "multiple choice"),
        c("true_false", "判断题", "true / false"),
    ],
};

pub static EXAM_KIND: CodeSet = CodeSet {
    name: "考试类别 exam kind",
    codes: &[
        c("discipline_test", "党纪政纪条规测试", "party-discipline test"),
        c("general", "廉政知识测试", "integrity knowledge test"),
    ],
};

const LETTERS: &str = "ABCDEFGH";

/// A question as entered: options one per line.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    pub kind: String,
    pub stem: String,
    /// One option per line (ignored for true/false).
    pub options: String,
    /// Letters of the right options (`B`, `ACD`), or 正确/错误 (`T`/`F`) for true/false.
    pub answer: String,
    /// A topic to draw papers by (e.g. 党章, 廉洁自律准则).
    pub topic: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub kind: &'static str,
    pub stem: String,
    pub options: Vec<String>,
    /// Sorted letters of the right options.
    pub answer: String,
    pub topic: String,
}

/// Normalises given letters: upper case, sorted, unique, no separators. `None` for anything else.
pub fn normalise_answer(raw: &str, option_count: usize) -> Option<String> {
    let allowed = &LETTERS[..option_count.min(LETTERS.len())];
    let mut letters: Vec<char> = Vec::new();
    for ch in raw.chars() {
        let up = ch.to_ascii_uppercase();
        if up.is_whitespace() || matches!(up, ',' | '，' | '、') {
            continue;
        }
        if !allowed.contains(up) {
            return None;
        }
        if !letters.contains(&up) {
            letters.push(up);
        }
    }
    letters.sort_unstable();
    if letters.is_empty() { None } else { Some(letters.into_iter().collect()) }
}

impl QuestionInput {
    pub fn parse(&self) -> Result<Question, Invalid> {
        let mut e = Errors::default();
        let kind = code(&mut e, &QUESTION_KIND, "kind", &self.kind);
        let stem = text(&mut e, "stem", &self.stem, true, 1000);
        let topic = text(&mut e, "topic", &self.topic, false, 50);
        let options: Vec<String> = if kind == Some("true_false") {
            vec!["正确".into(), "错误".into()]
        } else {
            self.options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
        };
        if kind.is_some() && !(2..=LETTERS.len()).contains(&options.len()) {
            e.push(FieldError::new("options", "选项应为 2 到 8 个，每行一个", "give 2 to 8 options, one per line"));
        }
        if options.iter().any(|o| o.chars().count() > 300) {
            e.push(FieldError::new("options", "每个选项不能超过 300 个字", "each option at most 300 characters"));
        }
        let raw_answer = match (kind, self.answer.trim()) {
            (Some("true_false"), "正确" | "对" | "T" | "t" | "true") => "A",
            (Some("true_false"), "错误" | "错" | "F" | "f" | "false") => "B",
            (_, other) => other,
        };
        let answer = normalise_answer(raw_answer, options.len());
        match (kind, &answer) {
            (Some(_), None) => e.push(FieldError::new(
                "answer",
                "答案应为选项字母（如 B 或 ACD），判断题填“正确”或“错误”",
                "the answer is option letters (B, ACD), or 正确/错误 for true/false",
            )),
            (Some("single" | "true_false"), Some(a)) if a.len() != 1 => e.push(FieldError::new(
                "answer",
                "单选题和判断题只有一个答案",
                "single-choice and true/false questions have one answer",
            )),
            (Some("multiple"), Some(a)) if a.len() < 2 => e.push(FieldError::new(
                "answer",
                "多选题至少有两个正确选项",
                "a multiple-choice question has at least two right options",
            )),
            _ => {}
        }
        e.finish()?;
        match (kind, answer) {
            (Some(kind), Some(answer)) => Ok(Question { kind, stem, options, answer, topic }),
            _ => Err(Invalid::one("kind", "输入有误", "invalid input")),
        }
    }
}

/// An exam as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ExamInput {
    pub title: String,
    pub kind: String,
    pub org_id: String,
    /// Draw only questions of this topic; empty for the whole bank.
    pub topic: String,
    pub question_count: String,
    pub time_limit_minutes: String,
    /// Pass mark in percent.
    pub pass_mark: String,
    /// `open` (every cadre under the org) or `assigned` (enrolled cadres only).
    pub enrolment: String,
    pub opens_on: String,
    pub closes_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exam {
    pub title: String,
    pub kind: &'static str,
    pub org_id: String,
    pub topic: String,
    pub question_count: u32,
    pub time_limit_minutes: u32,
    pub pass_mark: u32,
    pub enrolment: &'static str,
    pub opens_on: Date,
    pub closes_on: Date,
}

impl ExamInput {
    pub fn parse(&self) -> Result<Exam, Invalid> {
        let mut e = Errors::default();
        let title = text(&mut e, "title", &self.title, true, 200);
        let kind = code(&mut e, &EXAM_KIND, "kind", &self.kind);
        if self.org_id.trim().is_empty() {
            e.push(FieldError::new("org_id", "必填", "required"));
        }
        let topic = text(&mut e, "topic", &self.topic, false, 50);
        let count = number(&mut e, "question_count", &self.question_count, 1, 200);
        let minutes = number(&mut e, "time_limit_minutes", &self.time_limit_minutes, 1, 600);
        let pass = number(&mut e, "pass_mark", &self.pass_mark, 1, 100);
        let enrolment = if self.enrolment.trim().is_empty() {
            Some("open")
        } else {
            code(&mut e, &crate::training::course::ENROLMENT, "enrolment", &self.enrolment)
        };
        let opens = date(&mut e, "opens_on", &self.opens_on);
        let closes = date(&mut e, "closes_on", &self.closes_on);
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            e.push(FieldError::new("closes_on", "截止日期早于开始日期", "the closing date is before the opening date"));
        }
        e.finish()?;
        match (kind, count, minutes, pass, enrolment, opens, closes) {
            (
                Some(kind),
                Some(question_count),
                Some(time_limit_minutes),
                Some(pass_mark),
                Some(enrolment),
                Some(o),
                Some(c),
            ) => Ok(Exam {
                title,
                kind,
                org_id: self.org_id.trim().to_owned(),
                topic,
                question_count,
                time_limit_minutes,
                pass_mark,
                enrolment,
                opens_on: o,
                closes_on: c,
            }),
            _ => Err(Invalid::one("kind", "输入有误", "invalid input")),
        }
    }
}

/// A deterministic generator (SplitMix64): the same attempt ID always draws the same paper,
/// so an auditor can redraw it.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a of a text: the seed of an attempt's draw.
pub fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Draws `count` of `pool` (question IDs in a stable order) for the seed: a partial
/// Fisher–Yates shuffle. Draws all of them if the pool is smaller.
pub fn draw<T: Clone>(pool: &[T], count: usize, seed: u64) -> Vec<T> {
    let mut items: Vec<T> = pool.to_vec();
    let mut rng = SplitMix(seed);
    let take = count.min(items.len());
    for i in 0..take {
        let span = (items.len() - i) as u64;
        let j = i + usize::try_from(rng.next() % span).unwrap_or(0);
        items.swap(i, j);
    }
    items.truncate(take);
    items
}

/// A scored attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
    /// Percent, rounded down.
    pub percent: u32,
    pub passed: bool,
}

/// Scores given answers against the keys (same order); an unanswered question is wrong.
pub fn score(keys: &[String], given: &[Option<String>], pass_mark: u32) -> Score {
    let total = u32::try_from(keys.len()).unwrap_or(u32::MAX);
    let correct = keys
        .iter()
        .zip(given.iter().chain(std::iter::repeat(&None)))
        .filter(|(k, g)| g.as_deref() == Some(k.as_str()))
        .count();
    let correct = u32::try_from(correct).unwrap_or(0);
    let percent = (correct * 100).checked_div(total).unwrap_or(0);
    Score { correct, total, percent, passed: total > 0 && percent >= pass_mark }
}

/// INT-EXAM-ATTEMPTS: whether another attempt may start after `used` of `max`. Attempts are
/// counted per cadre and exam over all enrolments, so withdrawing and re-enrolling resets nothing.
pub fn may_attempt(used: u32, max: u32) -> Result<(), Refusal> {
    if used < max {
        Ok(())
    } else {
        Err(Refusal::new(
            "INT-EXAM-ATTEMPTS",
            format!("本场考试最多可考 {max} 次，您已用完（重新报名不会重置次数）"),
            format!("this exam allows {max} attempts and all have been used (re-enrolling does not reset them)"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn questions_of_each_kind_parse_and_normalise_their_answer() {
        let single = QuestionInput {
            kind: "single".into(),
            stem: "党的最高理想和最终目标是？".into(),
            options: "实现共产主义\n全面建成小康社会\n\n实现现代化".into(),
            answer: "a".into(),
            topic: "党章".into(),
        };
        let q = single.parse().unwrap();
        assert_eq!((q.options.len(), q.answer.as_str()), (3, "A"));
        let multiple = QuestionInput { kind: "multiple".into(), answer: "C, a".into(), ..single.clone() };
        assert_eq!(multiple.parse().unwrap().answer, "AC");
        let tf =
            QuestionInput {
                kind: "判断题".into(), options: String::new(), answer: "错误".into(), ..single.clone()
            };
        let q = tf.parse().unwrap();
        assert_eq!((q.kind, q.answer.as_str(), q.options.len()), ("true_false", "B", 2));
    }

    #[test]
    fn a_bad_question_names_its_field() {
        let base = QuestionInput {
            kind: "single".into(),
            stem: "题干".into(),
            options: "甲\n乙".into(),
            answer: "C".into(),
            topic: String::new(),
        };
        assert_eq!(base.parse().unwrap_err().fields[0].field, "answer");
        let two = QuestionInput { answer: "AB".into(), ..base.clone() };
        assert_eq!(two.parse().unwrap_err().fields[0].field, "answer");
        let one_option = QuestionInput { options: "甲".into(), answer: "A".into(), ..base.clone() };
        assert_eq!(one_option.parse().unwrap_err().fields[0].field, "options");
        let multi_one = QuestionInput { kind: "multiple".into(), answer: "A".into(), ..base };
        assert_eq!(multi_one.parse().unwrap_err().fields[0].field, "answer");
    }

    #[test]
    fn a_draw_is_repeatable_and_takes_distinct_questions() {
        let pool: Vec<u32> = (0..50).collect();
        let a = draw(&pool, 10, seed_of("attempt-1"));
        assert_eq!(a, draw(&pool, 10, seed_of("attempt-1")));
        assert_ne!(a, draw(&pool, 10, seed_of("attempt-2")));
        let mut unique = a.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(draw(&pool[..3], 10, 7).len(), 3);
    }

    #[test]
    fn scoring_counts_exact_answers_against_the_pass_mark() {
        let keys: Vec<String> = ["A", "BC", "B", "D"].map(String::from).to_vec();
        let given = vec![Some("A".to_owned()), Some("B".to_owned()), Some("B".to_owned()), None];
        let s = score(&keys, &given, 50);
        assert_eq!((s.correct, s.total, s.percent, s.passed), (2, 4, 50, true));
        assert!(!score(&keys, &given, 51).passed);
        assert!(!score(&[], &[], 0).passed);
    }

    #[test]
    fn int_exam_attempts_allows_up_to_the_limit_and_refuses_beyond() {
        assert!(may_attempt(0, 3).is_ok());
        assert!(may_attempt(2, 3).is_ok());
        let refused = may_attempt(3, 3).unwrap_err();
        assert_eq!(refused.rule, "INT-EXAM-ATTEMPTS");
        assert!(refused.reason.zh.contains("重新报名") && refused.reason.en.contains("re-enrolling"));
    }

    #[test]
    fn an_exam_parses_with_its_window() {
        let input = ExamInput {
            title: "2026年党纪政纪条规测试".into(),
            kind: "discipline_test".into(),
            org_id: "org".into(),
            topic: String::new(),
            question_count: "20".into(),
            time_limit_minutes: "30".into(),
            pass_mark: "80".into(),
            enrolment: String::new(),
            opens_on: "2026-01-01".into(),
            closes_on: "2026-12-31".into(),
        };
        let exam = input.parse().unwrap();
        assert_eq!((exam.enrolment, exam.opens_on), ("open", date!(2026 - 01 - 01)));
        let bad = ExamInput { closes_on: "2025-12-31".into(), pass_mark: "101".into(), ..input };
        let fields: Vec<String> = bad.parse().unwrap_err().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["pass_mark", "closes_on"]);
    }
}
