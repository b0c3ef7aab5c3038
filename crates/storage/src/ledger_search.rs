//! The ledger page's reads: entries chosen by account, subject, action and sequence range, newest
//! first, each filter answered through an index (migrations 0001 and 0021); the first entry at or
//! after an instant (to turn a date range into a range of entries); and the names the entries'
//! sentences show, read in one statement per kind of record, never one per entry.

use std::collections::HashMap;

use jianquan_domain::ledger::Entry;

use crate::Conn;
use crate::Result;
use crate::ledger::{COLUMNS, entry_from_row};
use crate::query::{Sql, Value};
use crate::row::{int, text};

/// Which entries to read. `None` filters nothing; an empty list matches nothing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The accounts that acted.
    pub actors: Option<Vec<String>>,
    /// The records the entries are about: their kind and IDs.
    pub subjects: Option<(String, Vec<String>)>,
    /// The actions (a kind of event is a few of them).
    pub actions: Option<Vec<String>>,
    /// Entries from this sequence number on.
    pub from_seq: Option<i64>,
    /// Entries before this sequence number (the page's key, or the end of a date range).
    pub before_seq: Option<i64>,
    /// Entries at or after this instant (RFC 3339 text compared as stored, UTC).
    pub from_at: Option<String>,
    /// Entries before this instant.
    pub before_at: Option<String>,
}

impl Filter {
    fn matches_nothing(&self) -> bool {
        self.actors.as_ref().is_some_and(Vec::is_empty)
            || self.subjects.as_ref().is_some_and(|(_, ids)| ids.is_empty())
            || self.actions.as_ref().is_some_and(Vec::is_empty)
    }

    /// The conditions besides the action, each on an indexed column.
    fn push_conditions(&self, sql: &mut Sql) {
        sql.push("seq < ").bind_int(self.before_seq.unwrap_or(i64::MAX));
        if let Some(from) = self.from_seq {
            sql.push(" AND seq >= ").bind_int(from);
        }
        if let Some(actors) = &self.actors {
            sql.push(" AND actor IN ").bind_list(actors.iter().map(|a| Value::Text(a.clone())));
        }
        if let Some((kind, ids)) = &self.subjects {
            sql.push(" AND subject_kind = ").bind_text(kind.as_str());
            sql.push(" AND subject_id IN ").bind_list(ids.iter().map(|id| Value::Text(id.clone())));
        }
        if let Some(at) = &self.from_at {
            sql.push(" AND at >= ").bind_text(at.as_str());
        }
        if let Some(at) = &self.before_at {
            sql.push(" AND at < ").bind_text(at.as_str());
        }
    }
}

/// The newest entries that pass the filter, at most `limit`. With actions, each action is read
/// as its own indexed range (newest first, at most `limit`) and the ranges merged: one `IN` over
/// the actions would make the engine gather every entry of them before sorting.
pub async fn search(conn: &mut Conn, filter: &Filter, limit: i64) -> Result<Vec<Entry>> {
    if filter.matches_nothing() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT ");
    sql.push(COLUMNS);
    match &filter.actions {
        None => {
            sql.push(" FROM ledger WHERE ");
            filter.push_conditions(&mut sql);
        }
        Some(actions) => {
            sql.push(" FROM (");
            for (i, action) in actions.iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ALL ");
                }
                sql.push(&format!("SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM ledger WHERE action = "));
                sql.bind_text(action.as_str()).push(" AND ");
                filter.push_conditions(&mut sql);
                sql.push(" ORDER BY seq DESC LIMIT ").bind_int(limit).push(&format!(") AS branch{i}"));
            }
            sql.push(") AS merged");
        }
    }
    sql.push(" ORDER BY seq DESC LIMIT ").bind_int(limit);
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(entry_from_row).collect()
}

/// The sequence number of the first entry recorded at or after `at` (RFC 3339 text, UTC), if any.
/// Entries are numbered in the order they are recorded, so a date range is the range of numbers
/// between two of these.
pub async fn first_seq_at(conn: &mut Conn, at: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT seq FROM ledger WHERE at >= $1 ORDER BY at, seq LIMIT 1")
        .bind(at)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| int(&r, "seq")).transpose()
}

/// The kinds of record whose names a sentence shows, each with its one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Account,
    Cadre,
    Org,
    Post,
    Course,
    Exam,
    Question,
    StudyGroup,
    VillageBatch,
    /// `year|number|post title`.
    SelectionCase,
    SelectionMeeting,
}

impl Named {
    fn select(self) -> &'static str {
        match self {
            Named::Account => "SELECT id, display_name AS label FROM users WHERE id IN ",
            Named::Cadre => "SELECT id, name AS label FROM cadres WHERE id IN ",
            Named::Org => "SELECT id, name AS label FROM orgs WHERE id IN ",
            Named::Post => "SELECT id, title AS label FROM posts WHERE id IN ",
            Named::Course => "SELECT id, title AS label FROM courses WHERE id IN ",
            Named::Exam => "SELECT id, title AS label FROM exams WHERE id IN ",
            Named::Question => "SELECT id, stem AS label FROM questions WHERE id IN ",
            Named::StudyGroup => "SELECT id, name AS label FROM study_groups WHERE id IN ",
            Named::VillageBatch => "SELECT id, CAST(number AS TEXT) AS label FROM village_batches WHERE id IN ",
            Named::SelectionCase => {
                "SELECT id, CAST(year AS TEXT) || '|' || CAST(seq AS TEXT) || '|' || post_title AS label \
                 FROM selection_cases WHERE id IN "
            }
            Named::SelectionMeeting => "SELECT id, title AS label FROM selection_meetings WHERE id IN ",
        }
    }
}

/// The names of records of one kind (ID → name), in one statement per 500 IDs.
pub async fn names(conn: &mut Conn, kind: Named, ids: &[&str]) -> Result<HashMap<String, String>> {
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut sql = Sql::new(kind.select());
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            names.insert(text(&row, "id")?, text(&row, "label")?);
        }
    }
    Ok(names)
}

/// The accounts whose display name or user name is `name` (the ledger's person filter).
pub async fn accounts_named(conn: &mut Conn, name: &str) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT id FROM users WHERE display_name = $1 OR username = $2 OR id = $3 LIMIT 50")
        .bind(name)
        .bind(name)
        .bind(name)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| text(r, "id")).collect()
}

/// The cadres called `name` or with that ID (the ledger's subject filter), at most 50.
pub async fn cadres_named(conn: &mut Conn, name: &str) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT id FROM cadres WHERE name = $1 UNION SELECT id FROM cadres WHERE id = $2 LIMIT 50")
        .bind(name)
        .bind(name)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| text(r, "id")).collect()
}
