//! Figures: the typed values a rule version carries, how they are checked when a layer is
//! loaded (no floats; every ratio has a positive denominator) and how they are shown.
//!
//! Shares are kept as ratios of integers and compared by cross-multiplication, so "2/3 of 11"
//! never meets a rounding question.

use std::fmt;

use toml::{Table, Value};

use crate::error::Msg;

/// How a count is compared with a share of its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `count / base >= numerator / denominator` (不少于, 以上).
    AtLeast,
    /// `count / base > numerator / denominator` (超过).
    MoreThan,
    /// `count / base <= numerator / denominator` (不超过, 以内).
    AtMost,
    /// `count / base < numerator / denominator` (少于, 不足).
    LessThan,
}

impl Comparison {
    /// Reads the policy-file spelling (`at_least`, `more_than`, `at_most`, `less_than`).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "at_least" => Some(Self::AtLeast),
            "more_than" => Some(Self::MoreThan),
            "at_most" => Some(Self::AtMost),
            "less_than" => Some(Self::LessThan),
            _ => None,
        }
    }

    /// The policy-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtLeast => "at_least",
            Self::MoreThan => "more_than",
            Self::AtMost => "at_most",
            Self::LessThan => "less_than",
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::AtLeast => ("不少于", "at least"),
            Self::MoreThan => ("超过", "more than"),
            Self::AtMost => ("不超过", "at most"),
            Self::LessThan => ("少于", "less than"),
        }
    }
}

/// A share a count must reach (or stay within), such as SEL-QUORUM's "at least 2/3 of members".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
    pub comparison: Comparison,
    /// What the share is taken of (e.g. `members_who_should_attend`), when the policy says.
    pub base: Option<String>,
}

impl Ratio {
    /// Whether `count` out of `base` meets the ratio, in exact integer arithmetic:
    /// `count × denominator` against `numerator × base`.
    pub fn is_met(&self, count: u64, base: u64) -> bool {
        let lhs = u128::from(count) * u128::from(self.denominator);
        let rhs = u128::from(self.numerator) * u128::from(base);
        match self.comparison {
            Comparison::AtLeast => lhs >= rhs,
            Comparison::MoreThan => lhs > rhs,
            Comparison::AtMost => lhs <= rhs,
            Comparison::LessThan => lhs < rhs,
        }
    }

    /// For a floor (`at_least`, `more_than`): the smallest count out of `base` that meets it,
    /// e.g. 8 of 11 for "at least 2/3". `None` for a ceiling, or when no count up to `base` meets it.
    pub fn minimum_count(&self, base: u64) -> Option<u64> {
        let (share, den) = self.share_of(base);
        let count = match self.comparison {
            Comparison::AtLeast => share.div_ceil(den),
            Comparison::MoreThan => share / den + 1,
            Comparison::AtMost | Comparison::LessThan => return None,
        };
        u64::try_from(count).ok().filter(|c| *c <= base)
    }

    /// For a ceiling (`at_most`, `less_than`): the largest count out of `base` that stays within
    /// it, e.g. 10 of 70 class hours for "at most 1/7". `None` for a floor, or when even 0 fails.
    pub fn maximum_count(&self, base: u64) -> Option<u64> {
        let (share, den) = self.share_of(base);
        let count = match self.comparison {
            Comparison::AtMost => share / den,
            Comparison::LessThan => share.div_ceil(den).checked_sub(1)?,
            Comparison::AtLeast | Comparison::MoreThan => return None,
        };
        Some(u64::try_from(count).unwrap_or(u64::MAX).min(base))
    }

    /// `numerator × base` and the denominator, widened so that nothing overflows.
    fn share_of(&self, base: u64) -> (u128, u128) {
        (u128::from(self.numerator) * u128::from(base), u128::from(self.denominator.max(1)))
    }

    /// The ratio in words, for explanations: "不少于 2/3" / "at least 2/3".
    pub fn describe(&self) -> Msg {
        let (zh, en) = self.comparison.words();
        Msg::new(
            format!("{zh} {}/{}", self.numerator, self.denominator),
            format!("{en} {}/{}", self.numerator, self.denominator),
        )
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.comparison.as_str(), self.numerator, self.denominator)?;
        match &self.base {
            Some(base) => write!(f, " of {base}"),
            None => Ok(()),
        }
    }
}

/// An exact rate without a comparison, such as TRN-CREDITS' credits per class hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    pub numerator: u64,
    pub denominator: u64,
}

impl Fraction {
    /// `amount × numerator / denominator`, rounded down, with the remainder
    /// (numerator of the leftover part over `denominator`).
    pub fn apply(&self, amount: u64) -> (u64, u64) {
        let scaled = u128::from(amount) * u128::from(self.numerator);
        let den = u128::from(self.denominator.max(1));
        let whole = u64::try_from(scaled / den).unwrap_or(u64::MAX);
        let rest = u64::try_from(scaled % den).unwrap_or(0);
        (whole, rest)
    }
}

/// The value under a dotted key (`yearly_credits.county_and_above`) of a figures table.
pub(super) fn lookup<'a>(figures: &'a Table, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut value = figures.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

/// Reads `{ numerator, denominator }` out of a table; the reason when it cannot.
pub(super) fn fraction_of(table: &Table) -> Result<Fraction, String> {
    let part = |name: &str| match table.get(name) {
        Some(Value::Integer(n)) if *n >= 0 => u64::try_from(*n).map_err(|_| format!("{name} out of range")),
        Some(other) => Err(format!("{name} must be a non-negative integer, not {}", other.type_str())),
        None => Err(format!("{name} is missing")),
    };
    let numerator = part("numerator")?;
    let denominator = part("denominator")?;
    if denominator == 0 {
        return Err("denominator must be positive".into());
    }
    Ok(Fraction { numerator, denominator })
}

/// Reads `{ numerator, denominator, comparison, base? }` out of a table.
pub(super) fn ratio_of(table: &Table) -> Result<Ratio, String> {
    let Fraction { numerator, denominator } = fraction_of(table)?;
    let comparison = match table.get("comparison") {
        Some(Value::String(raw)) => Comparison::parse(raw).ok_or_else(|| format!("unknown comparison `{raw}`"))?,
        Some(other) => return Err(format!("comparison must be a string, not {}", other.type_str())),
        None => return Err("comparison is missing".into()),
    };
    let base = match table.get("base") {
        Some(Value::String(base)) => Some(base.clone()),
        Some(other) => return Err(format!("base must be a string, not {}", other.type_str())),
        None => None,
    };
    Ok(Ratio { numerator, denominator, comparison, base })
}

/// Checks a figures table when its layer is loaded: no floats anywhere, and every table that
/// has a numerator or denominator is a valid fraction (or ratio, if it has a comparison).
pub(super) fn check(figures: &Table, path: &str) -> Result<(), String> {
    if figures.contains_key("numerator") || figures.contains_key("denominator") {
        let at = if path.is_empty() { "figures".to_owned() } else { format!("figure `{path}`") };
        if figures.contains_key("comparison") {
            ratio_of(figures).map_err(|e| format!("{at}: {e}"))?;
        } else {
            fraction_of(figures).map_err(|e| format!("{at}: {e}"))?;
        }
    }
    for (key, value) in figures {
        let key_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        check_value(value, &key_path)?;
    }
    Ok(())
}

fn check_value(value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Float(_) => Err(format!("figure `{path}` is a float; write a ratio {{ numerator, denominator }}")),
        Value::Table(table) => check(table, path),
        Value::Array(items) => items.iter().try_for_each(|item| check_value(item, path)),
        _ => Ok(()),
    }
}

/// Renders figures compactly on one line: `numerator=2 denominator=3 comparison=at_least`,
/// nested tables as dotted keys, arrays as `[a,b]`.
pub(super) fn render(figures: &Table) -> String {
    let mut parts = Vec::new();
    render_into(figures, "", &mut parts);
    parts.join(" ")
}

fn render_into(table: &Table, prefix: &str, parts: &mut Vec<String>) {
    for key in ordered_keys(table) {
        let Some(value) = table.get(key) else { continue };
        let path = format!("{prefix}{key}");
        match value {
            Value::Table(inner) => match render_fraction(inner) {
                Some(short) => parts.push(format!("{path}={short}")),
                None => render_into(inner, &format!("{path}."), parts),
            },
            other => parts.push(format!("{path}={}", render_value(other))),
        }
    }
}

/// A nested fraction as `1/2`, a nested ratio as `20/100(at_most,staff_assessed)`; `None` for any
/// other table.
fn render_fraction(table: &Table) -> Option<String> {
    const KEYS: [&str; 4] = ["numerator", "denominator", "comparison", "base"];
    if table.keys().any(|k| !KEYS.contains(&k.as_str())) {
        return None;
    }
    let Fraction { numerator, denominator } = fraction_of(table).ok()?;
    if !table.contains_key("comparison") {
        return Some(format!("{numerator}/{denominator}"));
    }
    let ratio = ratio_of(table).ok()?;
    let mut qualifiers = vec![ratio.comparison.as_str().to_owned()];
    qualifiers.extend(ratio.base);
    Some(format!("{numerator}/{denominator}({})", qualifiers.join(",")))
}

/// Ratio keys first in reading order, then the rest alphabetically.
fn ordered_keys(table: &Table) -> Vec<&str> {
    const FIRST: [&str; 4] = ["numerator", "denominator", "comparison", "base"];
    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
    keys.sort_by_key(|k| (FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()), *k));
    keys
}

fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(render_value).collect::<Vec<_>>().join(",")),
        Value::Table(table) => format!("{{{}}}", render(table)),
        other => other.to_string(),
    }
}
