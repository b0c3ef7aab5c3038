//! Reading result rows by column name, the same way on both engines: booleans are stored as
//! 0/1 integers (SQLite has no boolean type), and coded values (statuses, states) are decoded
//! into the domain's enums here, at the boundary, so nothing above compares them as strings.
//!
//! A row is either a driver row or one object of a JSON array that a statement aggregated
//! ([`crate::bundle`]: several tables in one round trip); both read through [`Columns`], so a
//! table's decoder is written once.

use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StorageError};

/// A row whose columns are read by name.
pub(crate) trait Columns {
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>>;
}

impl Columns for AnyRow {
    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get::<Option<String>, _>(column)?)
    }

    fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get::<Option<i64>, _>(column)?)
    }
}

/// One object of an aggregated JSON array.
impl Columns for Map<String, Value> {
    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        match self.get(column) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(StorageError::Malformed(format!("{column}: expected text, found {other}"))),
        }
    }

    fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        match self.get(column) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => {
                n.as_i64().map(Some).ok_or_else(|| StorageError::Malformed(format!("{column}: {n} is not an integer")))
            }
            Some(other) => Err(StorageError::Malformed(format!("{column}: expected an integer, found {other}"))),
        }
    }
}

fn missing(column: &str) -> StorageError {
    StorageError::Malformed(format!("{column} is NULL"))
}

pub(crate) fn text(row: &(impl Columns + ?Sized), column: &str) -> Result<String> {
    row.opt_text(column)?.ok_or_else(|| missing(column))
}

pub(crate) fn opt_text(row: &(impl Columns + ?Sized), column: &str) -> Result<Option<String>> {
    row.opt_text(column)
}

pub(crate) fn int(row: &(impl Columns + ?Sized), column: &str) -> Result<i64> {
    row.opt_int(column)?.ok_or_else(|| missing(column))
}

pub(crate) fn opt_int(row: &(impl Columns + ?Sized), column: &str) -> Result<Option<i64>> {
    row.opt_int(column)
}

/// A sum or count as unsigned; a negative value (never written) reads as 0.
pub(crate) fn count(row: &(impl Columns + ?Sized), column: &str) -> Result<u64> {
    Ok(u64::try_from(int(row, column)?).unwrap_or(0))
}

pub(crate) fn flag(row: &(impl Columns + ?Sized), column: &str) -> Result<bool> {
    Ok(int(row, column)? != 0)
}

pub(crate) fn opt_flag(row: &(impl Columns + ?Sized), column: &str) -> Result<Option<bool>> {
    Ok(opt_int(row, column)?.map(|v| v != 0))
}

/// A coded column decoded by `parse`; a code the domain does not know is malformed data.
pub(crate) fn coded<T>(row: &(impl Columns + ?Sized), column: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    let code = text(row, column)?;
    parse(&code).ok_or_else(|| StorageError::Malformed(format!("{column}: unknown code {code:?}")))
}

/// [`coded`] of a column that may hold NULL (not yet decided).
pub(crate) fn opt_coded<T>(
    row: &(impl Columns + ?Sized),
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    opt_text(row, column)?
        .map(|code| parse(&code).ok_or_else(|| StorageError::Malformed(format!("{column}: unknown code {code:?}"))))
        .transpose()
}
