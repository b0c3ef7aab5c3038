//! Errors of loading and reading the policy. Each names what it is about: the layer for a
//! file that cannot be used, the rule ID and figure key for a figure that cannot be read.

use time::Date;

/// A policy that cannot be loaded, or a figure that cannot be read as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A layer is not valid TOML or does not have the shape of a policy file.
    #[error("policy layer `{layer}`: {message}")]
    Syntax { layer: String, message: String },
    /// A rule entry of a layer breaks the policy format (missing title, bad date, float figure…).
    #[error("policy layer `{layer}`, rule {rule}: {message}")]
    InvalidRule { layer: String, rule: String, message: String },
    /// No layer defines the rule.
    #[error("rule {rule} is not in the policy")]
    UnknownRule { rule: String },
    /// The rule exists, but no enabled version of it is in force on the date.
    #[error("rule {rule} is not in force on {date}")]
    NotInForce { rule: String, date: Date },
    /// The version in force has no figure under the key.
    #[error("rule {rule} has no figure `{key}` in its version in force on {date}")]
    MissingFigure { rule: String, key: String, date: Date },
    /// The figure exists but is not of the type asked for.
    #[error("rule {rule}, figure `{key}`: expected {expected}, found {found}")]
    WrongFigure { rule: String, key: String, expected: String, found: String },
}
