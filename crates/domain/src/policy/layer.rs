//! Reading one policy layer (a TOML file) and merging it over the layers before it.
//!
//! A layer may define new rules, add versions to a rule of an earlier layer, replace a version
//! that has the same effective date, or disable a rule from a date on (`enabled = false`).
//! A replaced version is replaced whole: figures are not merged key by key.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use time::{Date, Month};
use toml::{Table, Value};

use super::error::PolicyError;
use super::figures;
use super::rule::{Rule, Sureness, Version};
use crate::error::Msg;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    /// Free text shown to nobody; says what the layer is.
    #[serde(rename = "description")]
    _description: Option<String>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    title_zh: Option<String>,
    title_en: Option<String>,
    sureness: Option<String>,
    source: Option<String>,
    url: Option<String>,
    #[serde(default)]
    version: Vec<VersionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEntry {
    effective: Value,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
    #[serde(default)]
    figures: Table,
    source: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

fn enabled_by_default() -> bool {
    true
}

/// Parses `text` as the layer `layer` and merges it into `rules`.
pub(super) fn merge(rules: &mut BTreeMap<String, Rule>, layer: &str, text: &str) -> Result<(), PolicyError> {
    let file: LayerFile =
        toml::from_str(text).map_err(|e| PolicyError::Syntax { layer: layer.to_owned(), message: e.to_string() })?;
    let mut seen = BTreeSet::new();
    for entry in file.rule {
        let fail =
            |message: String| PolicyError::InvalidRule { layer: layer.to_owned(), rule: entry.id.clone(), message };
        if !is_rule_id(&entry.id) {
            return Err(fail("a rule ID is upper-case words joined by hyphens, e.g. SEL-QUORUM".into()));
        }
        if !seen.insert(entry.id.clone()) {
            return Err(fail("the rule is given twice in this layer".into()));
        }
        let versions = read_versions(&entry.version, layer).map_err(fail)?;
        match rules.get_mut(&entry.id) {
            Some(rule) => amend(rule, &entry).map_err(fail)?,
            None => {
                let rule = define(&entry).map_err(fail)?;
                rules.insert(entry.id.clone(), rule);
            }
        }
        if let Some(rule) = rules.get_mut(&entry.id) {
            versions.into_iter().for_each(|v| rule.put_version(v));
            if rule.versions.is_empty() {
                return Err(PolicyError::InvalidRule {
                    layer: layer.to_owned(),
                    rule: entry.id.clone(),
                    message: "a rule needs at least one [[rule.version]]".into(),
                });
            }
        }
    }
    Ok(())
}

/// A rule seen for the first time: its title, sureness and source are required.
fn define(entry: &RuleEntry) -> Result<Rule, String> {
    let required = |value: &Option<String>, name: &str| match value.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text.to_owned()),
        _ => Err(format!("a new rule needs `{name}`")),
    };
    let title_zh = required(&entry.title_zh, "title_zh")?;
    let title_en = required(&entry.title_en, "title_en")?;
    let source = required(&entry.source, "source")?;
    let sureness = parse_sureness(&required(&entry.sureness, "sureness")?)?;
    Ok(Rule {
        id: entry.id.clone(),
        title: Msg::new(title_zh, title_en),
        sureness,
        source,
        url: entry.url.clone(),
        versions: Vec::new(),
    })
}

/// A rule an earlier layer defined: what this layer gives replaces the rule's description.
fn amend(rule: &mut Rule, entry: &RuleEntry) -> Result<(), String> {
    if let Some(zh) = &entry.title_zh {
        rule.title.zh = zh.clone();
    }
    if let Some(en) = &entry.title_en {
        rule.title.en = en.clone();
    }
    if let Some(raw) = &entry.sureness {
        rule.sureness = parse_sureness(raw)?;
    }
    if let Some(source) = &entry.source {
        rule.source = source.clone();
    }
    if entry.url.is_some() {
        rule.url = entry.url.clone();
    }
    Ok(())
}

fn read_versions(entries: &[VersionEntry], layer: &str) -> Result<Vec<Version>, String> {
    let mut dates = BTreeSet::new();
    let mut versions = Vec::with_capacity(entries.len());
    for entry in entries {
        let effective = effective_date(&entry.effective)?;
        if !dates.insert(effective) {
            return Err(format!("two versions are effective on {effective}"));
        }
        figures::check(&entry.figures, "").map_err(|e| format!("version effective {effective}: {e}"))?;
        versions.push(Version {
            effective,
            enabled: entry.enabled,
            figures: entry.figures.clone(),
            layer: layer.to_owned(),
            source: entry.source.clone(),
            url: entry.url.clone(),
            note: entry.note.clone(),
        });
    }
    Ok(versions)
}

fn parse_sureness(raw: &str) -> Result<Sureness, String> {
    Sureness::parse(raw).ok_or_else(|| format!("sureness `{raw}` is not Q, S, L or a combination such as L/Q"))
}

/// `effective` as a string `"YYYY-MM-DD"` or a TOML local date.
fn effective_date(value: &Value) -> Result<Date, String> {
    match value {
        Value::String(raw) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Date::parse(raw.trim(), &format).map_err(|e| format!("effective “{raw}” is not a date YYYY-MM-DD: {e}"))
        }
        Value::Datetime(datetime) => match (datetime.date, datetime.time) {
            (Some(d), None) => Month::try_from(d.month)
                .ok()
                .and_then(|month| Date::from_calendar_date(i32::from(d.year), month, d.day).ok())
                .ok_or_else(|| format!("effective {datetime} is not a valid date")),
            _ => Err(format!("effective {datetime} must be a date without a time")),
        },
        other => Err(format!("effective must be a date, not {}", other.type_str())),
    }
}

/// `SEL-QUORUM`, `INT-SIX-MUSTS-1`: upper-case letters and digits in hyphen-joined words.
fn is_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_uppercase())
        && id.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}
