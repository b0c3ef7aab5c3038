//! Form fields rendered by `fields.html`: label, kind, value as typed, options and the field's
//! error, so a refused form comes back with what the user typed and a message per wrong field.

use jianquan_domain::FieldError;
use jianquan_domain::registry::codes::CodeSet;

use crate::i18n::Lang;

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `date`, `number`, `password`, `textarea`, `select` or `checkbox`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Opt>,
    pub required: bool,
    pub error: String,
}

/// A form: its fields, and for inline forms where it posts and whether it starts open.
pub struct Form {
    pub id: String,
    pub action: String,
    pub summary: String,
    pub open: bool,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
}

impl Form {
    pub fn new(id: impl Into<String>, action: impl Into<String>, summary: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            action: action.into(),
            summary: summary.into(),
            open: false,
            hidden: Vec::new(),
            fields: Vec::new(),
        }
    }

    pub fn field(
        mut self,
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: &str,
        required: bool,
    ) -> Self {
        self.fields.push(Field {
            name,
            label,
            kind,
            value: value.to_owned(),
            options: Vec::new(),
            required,
            error: String::new(),
        });
        self
    }

    pub fn select(
        mut self,
        name: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        value: &str,
        required: bool,
    ) -> Self {
        let options = options
            .into_iter()
            .map(|(v, l)| Opt { selected: v == value || (!value.is_empty() && l == value), value: v, label: l })
            .collect();
        self.fields.push(Field {
            name,
            label,
            kind: "select",
            value: value.to_owned(),
            options,
            required,
            error: String::new(),
        });
        self
    }

    pub fn hidden(mut self, name: &str, value: &str) -> Self {
        self.hidden.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Marks each field named by an error; opens the form if any did.
    pub fn with_errors(mut self, errors: &[FieldError], lang: Lang) -> Self {
        for error in errors {
            if let Some(field) = self.fields.iter_mut().find(|f| f.name == error.field) {
                field.error = error.message.text(lang.code()).to_owned();
            }
        }
        self.open = self.open || !errors.is_empty();
        self
    }
}

/// The options of a code set, labelled in the language.
pub fn code_options(set: &CodeSet, lang: Lang) -> Vec<(String, String)> {
    set.codes
        .iter()
        .map(|c| (c.code.to_owned(), if lang == Lang::En { c.en.to_owned() } else { c.zh.to_owned() }))
        .collect()
}

/// A posted form of text fields, decoded into an input with [`decode`].
pub type Posted = axum::Form<std::collections::HashMap<String, String>>;

/// A posted form whose keys may repeat (a list of checkboxes sharing one name), as pairs in
/// the order sent; read with [`one`] and [`every`].
pub type PostedPairs = axum::Form<Vec<(String, String)>>;

/// The value of a field that appears once (empty when missing).
pub fn one(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Every non-empty value sent under `key` (a checkbox list), sorted and without repeats.
pub fn every(pairs: &[(String, String)], key: &str) -> Vec<String> {
    let mut values: Vec<String> =
        pairs.iter().filter(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.trim().to_owned()).collect();
    values.sort();
    values.dedup();
    values
}

/// A refused form: which one, what was typed, and the errors, to render it open and filled.
#[derive(Debug, Default)]
pub struct Failed {
    pub form: String,
    pub values: std::collections::HashMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl Failed {
    pub fn new(form: &str, values: std::collections::HashMap<String, String>, errors: Vec<FieldError>) -> Self {
        Self { form: form.to_owned(), values, errors }
    }

    /// The typed value of a field, if this form failed.
    pub fn value(&self, form: &str, name: &str) -> String {
        if self.form == form { self.values.get(name).cloned().unwrap_or_default() } else { String::new() }
    }

    pub fn errors(&self, form: &str) -> &[FieldError] {
        if self.form == form { &self.errors } else { &[] }
    }
}

/// Decodes posted text fields into an all-text input with defaults (never fails: missing fields
/// are empty and the domain names them).
pub fn decode<T: serde::de::DeserializeOwned + Default>(values: &std::collections::HashMap<String, String>) -> T {
    serde_json::to_value(values).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}
