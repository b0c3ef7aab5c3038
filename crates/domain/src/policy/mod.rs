//! The policy: every figure of `rules.md`, kept as data under its rule ID with an effective
//! date, never as a constant in code.
//!
//! A policy is a stack of layers, each a TOML file (`policy/*.toml`, format in
//! `docs/policy.md`): the national defaults first, then a local layer such as Dongying's, which
//! may add versions, replace a version with the same effective date, or turn a rule off from a
//! date on. Code asks for a figure by rule ID, key and date ([`Policy::ratio`], [`Policy::months`],
//! …) and records [`Policy::version`] with every decision, so an auditor can tell which text
//! decided it.

mod error;
mod figures;
mod layer;
mod rule;

#[cfg(test)]
mod tests_layers;
#[cfg(test)]
mod tests_rules;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use time::Date;
use toml::{Table, Value};

pub use error::PolicyError;
pub use figures::{Comparison, Fraction, Ratio};
pub use rule::{RuleInForce, Sureness};

/// The national defaults (Q and S rules).
pub const NATIONAL_TOML: &str = include_str!("../../../../policy/national.toml");
/// The system's own settings (SEC-…): rate limits and the proof of work on the public edge.
pub const SYSTEM_TOML: &str = include_str!("../../../../policy/system.toml");
/// Dongying's local layer (the L rules of the seed).
pub const DONGYING_TOML: &str = include_str!("../../../../policy/dongying.toml");
/// The layers of [`Policy::builtin`], in order; a city layer can be stacked on top of them.
pub const BUILTIN_LAYERS: [(&str, &str); 3] =
    [("national", NATIONAL_TOML), ("system", SYSTEM_TOML), ("dongying", DONGYING_TOML)];

/// The merged policy layers.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    rules: BTreeMap<String, rule::Rule>,
    layers: Vec<String>,
    version: String,
}

impl Policy {
    /// The national defaults, the system settings, and Dongying's layer on top, as built into the binary.
    pub fn builtin() -> Result<Self, PolicyError> {
        Self::from_layers(&BUILTIN_LAYERS)
    }

    /// Merges layers given as `(layer name, TOML text)`, the first the lowest. The caller reads
    /// the files; an error names the layer (and rule) that is wrong.
    pub fn from_layers(layers: &[(&str, &str)]) -> Result<Self, PolicyError> {
        let mut rules = BTreeMap::new();
        let mut hasher = Sha256::new();
        for (name, text) in layers {
            layer::merge(&mut rules, name, text)?;
            for part in [name.as_bytes(), b"\0", text.as_bytes(), b"\0"] {
                hasher.update(part);
            }
        }
        let digest = hex::encode(hasher.finalize());
        Ok(Self {
            rules,
            layers: layers.iter().map(|(name, _)| (*name).to_owned()).collect(),
            version: digest[..16].to_owned(),
        })
    }

    /// A short, stable digest of the layers (names and text): the first 16 hex digits of their
    /// SHA-256. Ledger entries record it as the policy version that decided.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The layer names, lowest first.
    pub fn layer_names(&self) -> &[String] {
        &self.layers
    }

    /// Every rule ID any layer defines, sorted, whether in force today or not.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.rules.keys().map(String::as_str).collect()
    }

    /// The rule as in force on `date`: the latest version effective on or before it, unless that
    /// version disables the rule. `None` for an unknown rule too; see [`Policy::is_in_force`].
    pub fn rule(&self, id: &str, date: Date) -> Option<RuleInForce> {
        let rule = self.rules.get(id)?;
        rule.in_force_on(date).map(|version| rule.view(version))
    }

    /// A rule's title and source (regulation and article) whatever the date, to name the rule to
    /// people; `None` for an ID no layer defines.
    pub fn title_of(&self, id: &str) -> Option<(&crate::Msg, &str)> {
        self.rules.get(id).map(|rule| (&rule.title, rule.source.as_str()))
    }

    /// Whether the rule is defined and enabled on `date`.
    pub fn is_in_force(&self, id: &str, date: Date) -> bool {
        self.rules.get(id).is_some_and(|rule| rule.in_force_on(date).is_some())
    }

    /// Every rule in force on `date`, sorted by rule ID (`jianquan policy show --date …`).
    pub fn in_force(&self, date: Date) -> Vec<RuleInForce> {
        self.rules.values().filter_map(|rule| rule.in_force_on(date).map(|version| rule.view(version))).collect()
    }

    /// An integer figure. `key` may be dotted to reach into a table (`yearly_credits.county_and_above`).
    pub fn int(&self, id: &str, key: &str, date: Date) -> Result<i64, PolicyError> {
        match self.figure(id, key, date)? {
            Value::Integer(n) => Ok(*n),
            other => Err(wrong(id, key, "an integer", other)),
        }
    }

    /// A non-negative count (working days, top N, attempts…).
    pub fn count(&self, id: &str, key: &str, date: Date) -> Result<u32, PolicyError> {
        let value = self.figure(id, key, date)?;
        match value {
            Value::Integer(n) => u32::try_from(*n).map_err(|_| wrong(id, key, "a non-negative count", value)),
            other => Err(wrong(id, key, "a non-negative count", other)),
        }
    }

    /// A period in months (sanction influence periods, validity, probation…).
    pub fn months(&self, id: &str, key: &str, date: Date) -> Result<u32, PolicyError> {
        self.count(id, key, date)
    }

    /// A text figure (a code or a name).
    pub fn text(&self, id: &str, key: &str, date: Date) -> Result<&str, PolicyError> {
        match self.figure(id, key, date)? {
            Value::String(text) => Ok(text),
            other => Err(wrong(id, key, "a text", other)),
        }
    }

    /// A list of texts, such as the four checks of SEL-FOUR-MUSTS.
    pub fn texts(&self, id: &str, key: &str, date: Date) -> Result<Vec<&str>, PolicyError> {
        let value = self.figure(id, key, date)?;
        let items = value.as_array().ok_or_else(|| wrong(id, key, "a list of texts", value))?;
        items.iter().map(|item| item.as_str().ok_or_else(|| wrong(id, key, "a list of texts", value))).collect()
    }

    /// A yes/no figure.
    pub fn flag(&self, id: &str, key: &str, date: Date) -> Result<bool, PolicyError> {
        match self.figure(id, key, date)? {
            Value::Boolean(flag) => Ok(*flag),
            other => Err(wrong(id, key, "true or false", other)),
        }
    }

    /// A ratio `{ numerator, denominator, comparison, base? }`: the figures themselves when `key`
    /// is `None` (SEL-QUORUM), or the table under `key` (ASM-EXCELLENT-CAP's `usual`).
    pub fn ratio(&self, id: &str, key: Option<&str>, date: Date) -> Result<Ratio, PolicyError> {
        let table = self.table_or_figures(id, key, date)?;
        figures::ratio_of(table).map_err(|reason| wrong_table(id, key, "a ratio", reason))
    }

    /// A rate `{ numerator, denominator }` without comparison, such as credits per class hour.
    pub fn fraction(&self, id: &str, key: &str, date: Date) -> Result<Fraction, PolicyError> {
        let table = self.table_or_figures(id, Some(key), date)?;
        figures::fraction_of(table).map_err(|reason| wrong_table(id, Some(key), "a fraction", reason))
    }

    /// A nested table of figures, e.g. TRN-CREDITS' `yearly_credits` by rank band.
    pub fn table(&self, id: &str, key: &str, date: Date) -> Result<&Table, PolicyError> {
        self.table_or_figures(id, Some(key), date)
    }

    fn table_or_figures(&self, id: &str, key: Option<&str>, date: Date) -> Result<&Table, PolicyError> {
        match key {
            None => Ok(&self.version_in_force(id, date)?.figures),
            Some(key) => {
                let value = self.figure(id, key, date)?;
                value.as_table().ok_or_else(|| wrong(id, key, "a table", value))
            }
        }
    }

    fn figure(&self, id: &str, key: &str, date: Date) -> Result<&Value, PolicyError> {
        let version = self.version_in_force(id, date)?;
        figures::lookup(&version.figures, key).ok_or_else(|| PolicyError::MissingFigure {
            rule: id.to_owned(),
            key: key.to_owned(),
            date,
        })
    }

    fn version_in_force(&self, id: &str, date: Date) -> Result<&rule::Version, PolicyError> {
        let rule = self.rules.get(id).ok_or_else(|| PolicyError::UnknownRule { rule: id.to_owned() })?;
        rule.in_force_on(date).ok_or_else(|| PolicyError::NotInForce { rule: id.to_owned(), date })
    }
}

fn wrong(id: &str, key: &str, expected: &str, found: &Value) -> PolicyError {
    PolicyError::WrongFigure {
        rule: id.to_owned(),
        key: key.to_owned(),
        expected: expected.to_owned(),
        found: found.type_str().to_owned(),
    }
}

fn wrong_table(id: &str, key: Option<&str>, expected: &str, reason: String) -> PolicyError {
    PolicyError::WrongFigure {
        rule: id.to_owned(),
        key: key.unwrap_or("(figures)").to_owned(),
        expected: expected.to_owned(),
        found: reason,
    }
}
