//! Bilingual messages, field errors and rule refusals shared by every layer.

use serde::Serialize;

/// A message in Chinese (the default) and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }

    /// The text for a language tag: `en` gives English, anything else Chinese.
    pub fn text(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.zh }
    }
}

/// One invalid field of an input, named as the API and forms name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: Msg,
}

impl FieldError {
    pub fn new(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: Msg::new(zh, en) }
    }
}

/// An input that failed validation: every invalid field, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", "))]
pub struct Invalid {
    pub fields: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { fields: vec![FieldError::new(field, zh, en)] }
    }
}

/// Collects field errors while parsing an input, so a form can mark every wrong field at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records the error of a parse and returns its value, if any.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(Invalid { fields: self.0 }) }
    }
}

/// An action refused by a rule: the rule ID from `rules.md` and the reason in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("refused by {rule}: {}", .reason.en)]
pub struct Refusal {
    pub rule: String,
    pub reason: Msg,
}

impl Refusal {
    pub fn new(rule: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { rule: rule.to_owned(), reason: Msg::new(zh, en) }
    }
}
