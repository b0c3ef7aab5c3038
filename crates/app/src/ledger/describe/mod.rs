//! Ledger entries as people read them: one sentence per entry, in Chinese and English, with the
//! names of who acted and of what it was about ("李华 查阅了 张三丰 的干部档案"), the time in
//! Beijing time, and the rules by their titles. The names of a page of entries are read in one
//! statement per kind of record ([`jianquan_storage::ledger_search::names`]), never one per entry.
//! The raw entry stays with each line for the page's technical details.

pub mod actions;

use std::collections::HashMap;

use jianquan_domain::Msg;
use jianquan_domain::ledger::Entry;
use jianquan_domain::policy::Policy;
use jianquan_storage::Conn;
use jianquan_storage::ledger_search::{self, Named};
use time::Date;

use crate::{App, AppResult};

/// The kinds of event the ledger page filters by, each a set of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    View,
    Account,
    Registry,
    OrgsPosts,
    Selection,
    Training,
    Integrity,
    System,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::View,
        EventKind::Registry,
        EventKind::OrgsPosts,
        EventKind::Selection,
        EventKind::Training,
        EventKind::Integrity,
        EventKind::Account,
        EventKind::System,
    ];

    /// The kind's name: (Chinese, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            EventKind::View => ("查阅", "Views"),
            EventKind::Account => ("登录与账号", "Sign-ins and accounts"),
            EventKind::Registry => ("干部信息变更", "Changes to cadre records"),
            EventKind::OrgsPosts => ("单位与职位", "Orgs and posts"),
            EventKind::Selection => ("选拔任用", "Selection and appointment"),
            EventKind::Training => ("教育培训", "Education and training"),
            EventKind::Integrity => ("廉政教育", "Integrity education"),
            EventKind::System => ("系统", "System"),
        }
    }

    /// A kind by its Chinese or English name.
    pub fn parse(text: &str) -> Option<EventKind> {
        let text = text.trim();
        Self::ALL.into_iter().find(|k| {
            let (zh, en) = k.label();
            zh == text || en.eq_ignore_ascii_case(text)
        })
    }

    /// The actions of the kind.
    pub fn actions(self) -> Vec<&'static str> {
        actions::ACTIONS.iter().filter(|a| a.kind == self).map(|a| a.code).collect()
    }
}

/// A rule as people name it: its title and where it comes from; the ID for a tooltip.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleName {
    pub id: String,
    pub title: Msg,
    /// The regulation and article (or the local document) the rule comes from, shortened.
    pub source: String,
}

/// A rule's name from the policy; an ID no layer defines is named by itself.
pub fn rule_name(policy: &Policy, id: &str) -> RuleName {
    match policy.title_of(id) {
        Some((title, source)) => RuleName { id: id.to_owned(), title: title.clone(), source: short_source(source) },
        None => RuleName { id: id.to_owned(), title: Msg::new(id, id), source: String::new() },
    }
}

/// The source of a rule without its notes and links: the first citation, up to its colon
/// ("《党政领导干部选拔任用工作条例》(2019) 第六章 讨论决定; …" → its part before ";").
pub fn short_source(source: &str) -> String {
    let first = source.split(';').next().unwrap_or(source);
    let first = first.split(": ").next().unwrap_or(first);
    // A note in English after the citation ("(quoted with its 释义)", "(seed)", a link) goes.
    let cut = first
        .match_indices(" (")
        .find(|(at, _)| first[at + 2..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .map_or(first.len(), |(at, _)| at);
    first[..cut].trim().to_owned()
}

/// One entry as a page shows it.
#[derive(Debug, Clone)]
pub struct Line {
    /// The raw entry, for the technical details.
    pub entry: Entry,
    /// When, in Beijing time ("12月7日 21:08"; with the year when not this year).
    pub when: Msg,
    /// Who did what to what, without the time.
    pub sentence: Msg,
    pub rules: Vec<RuleName>,
}

impl Line {
    /// The time and the sentence as one sentence ("12月7日 21:08 李华 查阅了 张三丰 的干部档案").
    pub fn full(&self, lang: &str) -> String {
        format!("{} {}", self.when.text(lang), self.sentence.text(lang))
    }
}

/// The record kind a subject kind's names are read from.
fn named(subject_kind: &str) -> Option<Named> {
    Some(match subject_kind {
        "cadre" => Named::Cadre,
        "user" => Named::Account,
        "org" => Named::Org,
        "post" => Named::Post,
        "course" => Named::Course,
        "exam" => Named::Exam,
        "question" => Named::Question,
        "study_group" => Named::StudyGroup,
        "village_batch" => Named::VillageBatch,
        "selection_case" => Named::SelectionCase,
        "selection_meeting" => Named::SelectionMeeting,
        _ => return None,
    })
}

/// The cadre an entry's detail names (a nominee, the cadre a check is about).
fn detail_cadre(detail: &serde_json::Value) -> Option<&str> {
    detail.get("cadre").or_else(|| detail.get("cadre_id")).and_then(serde_json::Value::as_str)
}

/// Names by kind of record and ID.
#[derive(Debug, Default)]
struct Names(HashMap<(Named, String), String>);

impl Names {
    /// Reads the names every entry's sentence needs: one statement per kind of record.
    async fn read(conn: &mut Conn, entries: &[Entry], details: &[serde_json::Value]) -> AppResult<Names> {
        let mut wanted: HashMap<Named, Vec<&str>> = HashMap::new();
        for (entry, detail) in entries.iter().zip(details) {
            if !matches!(entry.actor.as_str(), "system" | "public") {
                wanted.entry(Named::Account).or_default().push(&entry.actor);
            }
            if let Some(kind) = named(&entry.subject_kind) {
                wanted.entry(kind).or_default().push(&entry.subject_id);
            }
            if let Some(cadre) = detail_cadre(detail) {
                wanted.entry(Named::Cadre).or_default().push(cadre);
            }
        }
        let mut names = Names::default();
        for (kind, mut ids) in wanted {
            ids.sort_unstable();
            ids.dedup();
            for (id, name) in ledger_search::names(conn, kind, &ids).await? {
                names.0.insert((kind, id), name);
            }
        }
        Ok(names)
    }

    fn get(&self, kind: Named, id: &str) -> Option<&str> {
        self.0.get(&(kind, id.to_owned())).map(String::as_str)
    }

    fn actor(&self, id: &str) -> Msg {
        match id {
            "system" => Msg::new("系统", "The system"),
            "public" => Msg::new("公众", "A member of the public"),
            _ => match self.get(Named::Account, id) {
                Some(name) => Msg::new(name, name),
                None => Msg::new("（已停用的账号）", "(an account no longer kept)"),
            },
        }
    }

    fn subject(&self, kind: &str, id: &str) -> Msg {
        let Some(named) = named(kind) else {
            return match kind {
                "login" => Msg::new("未知账号", "an unknown account"),
                _ => Msg::new("", ""),
            };
        };
        let Some(name) = self.get(named, id) else {
            return Msg::new("（已不存在的记录）", "(a record no longer kept)");
        };
        match named {
            Named::SelectionCase => {
                let mut parts = name.splitn(3, '|');
                let (year, number, post) =
                    (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                Msg::new(format!("纪实〔{year}〕{number}号（{post}）"), format!("case {year}-{number} ({post})"))
            }
            Named::VillageBatch => Msg::new(format!("第{name}批"), format!("batch {name}")),
            Named::Question => {
                let stem: String = name.chars().take(20).collect();
                let more = if name.chars().count() > 20 { "…" } else { "" };
                Msg::new(format!("「{stem}{more}」"), format!("“{stem}{more}”"))
            }
            _ => Msg::new(name, name),
        }
    }
}

/// When an entry was recorded, in Beijing time, to the minute; the year only when not `today`'s.
pub fn when(at: &str, today: Date) -> Msg {
    let Ok(instant) = time::OffsetDateTime::parse(at.trim(), &time::format_description::well_known::Rfc3339) else {
        return Msg::new(at, at);
    };
    let t = instant.to_offset(jianquan_domain::calendar::BEIJING);
    let (month, day, hour, minute) = (u8::from(t.month()), t.day(), t.hour(), t.minute());
    let month_en = &t.month().to_string()[..3];
    if t.year() == today.year() {
        Msg::new(format!("{month}月{day}日 {hour:02}:{minute:02}"), format!("{day} {month_en} {hour:02}:{minute:02}"))
    } else {
        let year = t.year();
        Msg::new(
            format!("{year}年{month}月{day}日 {hour:02}:{minute:02}"),
            format!("{day} {month_en} {year} {hour:02}:{minute:02}"),
        )
    }
}

/// The sentence of one entry, from its action's line, with names filled in.
fn sentence(entry: &Entry, detail: &serde_json::Value, names: &Names) -> Msg {
    let actor = names.actor(&entry.actor);
    let subject = names.subject(&entry.subject_kind, &entry.subject_id);
    let cadre = detail_cadre(detail).and_then(|id| names.get(Named::Cadre, id)).unwrap_or("");
    let (zh, en) = match actions::find(&entry.action) {
        Some(a) => (a.zh, a.en),
        None => ("记录了一项操作 {s}", "recorded an action {s}"),
    };
    let count = detail.get("cadre_ids").and_then(serde_json::Value::as_array).map(Vec::len);
    let fill = |template: &str, subject: &str, lang: &str| {
        let mut text = template.replace("{s}", subject);
        text = if cadre.is_empty() {
            text.replace(" {c}", "").replace("{c}", "")
        } else if lang == "en" {
            text.replace("{c}", &format!("({cadre})"))
        } else {
            text.replace("{c}", &format!("（{cadre}）"))
        };
        if let Some(n) = count {
            text.push_str(&if lang == "en" { format!(" ({n} cadres)") } else { format!("（{n} 人）") });
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    Msg::new(
        format!("{} {}", actor.zh, fill(zh, &subject.zh, "zh")),
        format!("{} {}", actor.en, fill(en, &subject.en, "en")),
    )
}

/// Describes entries (in the order given), reading their names on `conn`.
pub async fn describe_on(app: &App, conn: &mut Conn, entries: Vec<Entry>) -> AppResult<Vec<Line>> {
    let details: Vec<serde_json::Value> =
        entries.iter().map(|e| serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null)).collect();
    let names = Names::read(conn, &entries, &details).await?;
    let today = app.today();
    Ok(entries
        .into_iter()
        .zip(&details)
        .map(|(entry, detail)| Line {
            when: when(&entry.at, today),
            sentence: sentence(&entry, detail, &names),
            rules: entry.rules.split(',').filter(|r| !r.is_empty()).map(|r| rule_name(&app.policy, r)).collect(),
            entry,
        })
        .collect())
}

/// Describes entries on a read connection of its own.
pub async fn describe(app: &App, entries: Vec<Entry>) -> AppResult<Vec<Line>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = app.db.read().await?;
    describe_on(app, &mut conn, entries).await
}

#[cfg(test)]
mod tests;
