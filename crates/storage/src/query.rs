//! A small builder for statements whose WHERE clause depends on filters. Values are always
//! bound as parameters; only fixed SQL fragments written in this crate are ever appended as text.
//!
//! Placeholders are written `$1, $2, …` for PostgreSQL and `?` for SQLite: sqlx resolves SQLite's
//! `$n` as *named* parameters with a lookup per value, quadratic in a large bulk statement, while
//! anonymous `?` bind positionally. The builder numbers placeholders in order of appearance, so
//! both texts bind the same values; [`Sql::query`] picks the text for the connection's engine.

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments};

use crate::{Result, StorageError};

/// One bound value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
}

/// A statement under construction.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    /// The statement with `$n` placeholders (PostgreSQL).
    text: String,
    /// The same statement with `?` placeholders (SQLite).
    anonymous: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(fixed: &'static str) -> Self {
        Self { text: fixed.to_owned(), anonymous: fixed.to_owned(), values: Vec::new() }
    }

    /// Appends a fixed fragment.
    pub fn push(&mut self, fixed: &str) -> &mut Self {
        self.text.push_str(fixed);
        self.anonymous.push_str(fixed);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: Value) -> &mut Self {
        self.values.push(value);
        self.text.push('$');
        self.text.push_str(&self.values.len().to_string());
        self.anonymous.push('?');
        self
    }

    pub fn bind_text(&mut self, value: impl Into<String>) -> &mut Self {
        self.bind(Value::Text(value.into()))
    }

    pub fn bind_int(&mut self, value: i64) -> &mut Self {
        self.bind(Value::Int(value))
    }

    /// Appends `(…, …)` with one placeholder per value.
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = Value>) -> &mut Self {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(value);
        }
        self.push(")")
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The statement's arguments, ready for `query_with`.
    pub fn arguments<'q>(&self) -> Result<AnyArguments<'q>> {
        let mut args = AnyArguments::default();
        for value in &self.values {
            let added = match value {
                Value::Text(s) => args.add(s.clone()),
                Value::Int(n) => args.add(*n),
            };
            added.map_err(|e| StorageError::Malformed(e.to_string()))?;
        }
        Ok(args)
    }

    /// A query over this statement, in the placeholder style of the connection's engine.
    pub fn query(&self, conn: &sqlx::AnyConnection) -> Result<sqlx::query::Query<'_, Any, AnyArguments<'_>>> {
        let text = if conn.backend_name() == "SQLite" { &self.anonymous } else { &self.text };
        Ok(sqlx::query_with(text, self.arguments()?))
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut sql = Sql::new("SELECT * FROM t WHERE a = ");
        sql.bind_text("x").push(" AND b IN ").bind_list([Value::Int(1), Value::Int(2)]);
        assert_eq!(sql.text(), "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
        assert_eq!(sql.anonymous, "SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
    }

    #[test]
    fn like_metacharacters_are_escaped() {
        assert_eq!(like_escape("50%_a\\"), "50\\%\\_a\\\\");
    }
}
