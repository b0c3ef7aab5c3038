//! A rule as the merged layers hold it — its versions by effective date — and the view of one
//! version in force on a date ([`RuleInForce`]).

use std::fmt;

use time::Date;
use toml::Table;

use super::figures;
use crate::error::Msg;

/// How sure the rule's source is (rules.md): `Q` quoted rule text or official Q&A, `S` secondary
/// source to check, `L` local setting; mixed values such as `L/Q` name each part's sureness.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sureness(String);

impl Sureness {
    /// Accepts `Q`, `S`, `L` or a `/`-joined combination without repeats (`L/Q`, `Q/S`).
    pub fn parse(raw: &str) -> Option<Self> {
        let parts: Vec<&str> = raw.split('/').map(str::trim).collect();
        let known = parts.iter().all(|p| matches!(*p, "Q" | "S" | "L"));
        let distinct = parts.iter().enumerate().all(|(i, p)| !parts[..i].contains(p));
        (known && distinct).then(|| Self(parts.join("/")))
    }

    /// The policy-file spelling, e.g. `Q` or `L/Q`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether any part of the rule is a local setting (`L`), which another city may turn off.
    pub fn is_local(&self) -> bool {
        self.0.split('/').any(|p| p == "L")
    }
}

impl fmt::Display for Sureness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One version of a rule: from its effective date on, until a later version.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Version {
    pub effective: Date,
    /// `false` turns the rule off from `effective` on.
    pub enabled: bool,
    pub figures: Table,
    /// The layer that wrote this version.
    pub layer: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// A rule with every version the layers gave it, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    pub id: String,
    pub title: Msg,
    pub sureness: Sureness,
    pub source: String,
    pub url: Option<String>,
    pub versions: Vec<Version>,
}

impl Rule {
    /// The latest version effective on or before `date`, enabled or not.
    pub fn latest_on(&self, date: Date) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.effective <= date)
    }

    /// The version in force on `date`: the latest effective on or before it, if enabled.
    pub fn in_force_on(&self, date: Date) -> Option<&Version> {
        self.latest_on(date).filter(|v| v.enabled)
    }

    /// Adds a version, replacing one with the same effective date; keeps the order by date.
    pub fn put_version(&mut self, version: Version) {
        match self.versions.binary_search_by_key(&version.effective, |v| v.effective) {
            Ok(at) => self.versions[at] = version,
            Err(at) => self.versions.insert(at, version),
        }
    }

    pub fn view(&self, version: &Version) -> RuleInForce {
        RuleInForce {
            id: self.id.clone(),
            title: self.title.clone(),
            sureness: self.sureness.clone(),
            source: version.source.clone().unwrap_or_else(|| self.source.clone()),
            url: version.url.clone().or_else(|| self.url.clone()),
            layer: version.layer.clone(),
            effective: version.effective,
            note: version.note.clone(),
            figures: version.figures.clone(),
        }
    }
}

/// A rule as it stands on a date: the version in force, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInForce {
    /// The rule ID of rules.md, e.g. `SEL-QUORUM`.
    pub id: String,
    pub title: Msg,
    pub sureness: Sureness,
    /// Regulation, article and year (or the seed, for a local rule); the version's own source
    /// when it has one.
    pub source: String,
    pub url: Option<String>,
    /// The layer that wrote the version in force (`national`, `dongying`, …).
    pub layer: String,
    pub effective: Date,
    pub note: Option<String>,
    /// The figures, typed as in the policy file; read them through the [`super::Policy`] getters.
    pub figures: Table,
}

impl RuleInForce {
    /// The figures on one line, e.g. `numerator=2 denominator=3 comparison=at_least base=members`;
    /// `—` for a rule without figures.
    pub fn figures_display(&self) -> String {
        if self.figures.is_empty() { "—".to_owned() } else { figures::render(&self.figures) }
    }
}
