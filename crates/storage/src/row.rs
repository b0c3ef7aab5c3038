//! Reading result rows by column name, the same way on both engines: booleans are stored as
//! 0/1 integers (SQLite has no boolean type), and coded values (statuses, states) are decoded
//! into the domain's enums here, at the boundary, so nothing above compares them as strings.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StorageError};

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row.try_get(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> Result<i64> {
    Ok(row.try_get(column)?)
}

pub(crate) fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

/// A sum or count as unsigned; a negative value (never written) reads as 0.
pub(crate) fn count(row: &AnyRow, column: &str) -> Result<u64> {
    Ok(u64::try_from(int(row, column)?).unwrap_or(0))
}

pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(int(row, column)? != 0)
}

pub(crate) fn opt_flag(row: &AnyRow, column: &str) -> Result<Option<bool>> {
    Ok(opt_int(row, column)?.map(|v| v != 0))
}

/// A coded column decoded by `parse`; a code the domain does not know is malformed data.
pub(crate) fn coded<T>(row: &AnyRow, column: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    let code = text(row, column)?;
    parse(&code).ok_or_else(|| StorageError::Malformed(format!("{column}: unknown code {code:?}")))
}

/// [`coded`] of a column that may hold NULL (not yet decided).
pub(crate) fn opt_coded<T>(row: &AnyRow, column: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>> {
    opt_text(row, column)?
        .map(|code| parse(&code).ok_or_else(|| StorageError::Malformed(format!("{column}: unknown code {code:?}"))))
        .transpose()
}
