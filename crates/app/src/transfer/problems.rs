//! Collecting an import's problems: each names the spreadsheet row (as Excel numbers it) and
//! the field, in Chinese and English. Row 0 is the file as a whole (not a workbook, damaged,
//! no data); the header row's number (1 in a normal sheet) is used for problems with columns.

use jianquan_domain::{FieldError, Msg};
use serde::Serialize;

/// Problems listed at most; the rest are counted in one closing line.
pub const MAX_LISTED: usize = 1000;

/// One problem of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The row number Excel shows (the header is 1 in a normal sheet); 0 for the whole file.
    pub row: usize,
    /// The field (column) name, `header` for the header row, `file` for the whole file.
    pub field: String,
    pub message: Msg,
}

/// The problems found so far.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    listed: Vec<RowProblem>,
    unlisted: usize,
}

impl Problems {
    /// Adds a problem (counted but not listed beyond [`MAX_LISTED`]).
    pub fn push(&mut self, row: usize, field: &str, message: Msg) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(RowProblem { row, field: field.to_owned(), message });
        } else {
            self.unlisted += 1;
        }
    }

    /// A problem with the whole file.
    pub fn file(&mut self, zh: impl Into<String>, en: impl Into<String>) {
        self.push(0, "file", Msg::new(zh, en));
    }

    /// A field error of a row's parse, renamed to the column's field.
    pub fn field_error(&mut self, row: usize, error: FieldError, rename: &[(&str, &'static str)]) {
        let field = rename.iter().find(|(from, _)| *from == error.field).map_or(error.field.as_str(), |(_, to)| to);
        self.push(row, field, error.message);
    }

    /// Problems found so far, listed or not.
    pub fn count(&self) -> usize {
        self.listed.len() + self.unlisted
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems by row (file-level first), with a closing line counting any not listed.
    pub fn into_sorted(mut self) -> Vec<RowProblem> {
        self.listed.sort_by_key(|p| p.row);
        if self.unlisted > 0 {
            let n = self.unlisted;
            self.listed.push(RowProblem {
                row: 0,
                field: "file".into(),
                message: Msg::new(format!("另有 {n} 个问题未列出"), format!("{n} more problems are not listed")),
            });
        }
        self.listed
    }
}
