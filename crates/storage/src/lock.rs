//! Decide inside the write: the aggregate a decision is taken on (a meeting, a round, a case, an
//! account, a cadre) is locked and read inside the write transaction that records the decision,
//! so two requests in flight can never both pass the same check.
//!
//! [`Locked`] is the proof: only this crate makes one, and only from a [`WriteTx`]. Storage
//! functions that write a decision about an aggregate take `&Locked<…>` of it, so a use-case
//! cannot write the decision from a row it read on another connection — the compiler refuses.
//!
//! On SQLite the transaction's write lock (`BEGIN IMMEDIATE`, one writer at a time) already
//! excludes every other writer; on PostgreSQL the row is locked with `SELECT … FOR NO KEY UPDATE`
//! (rows that reference it by foreign key can still be written), and
//! statements after it (read committed) see every change committed before the lock was granted.

use std::ops::Deref;

use sha2::Digest;

use crate::{Backend, Result, WriteTx};

/// A row read under the write lock of the transaction that will record the decision on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked<T> {
    row: T,
}

impl<T> Locked<T> {
    /// Wraps a row read after [`row`] locked it (storage modules only).
    pub(crate) fn new(row: T) -> Self {
        Self { row }
    }

    pub fn into_inner(self) -> T {
        self.row
    }
}

impl<T> Deref for Locked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.row
    }
}

/// The tables whose rows are locked for a decision. A closed list: table names are never built
/// from input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Cadres,
    Cases,
    Meetings,
    Rounds,
    Posts,
    // Locked `FOR NO KEY UPDATE`: rows that reference them (an enrolment, an attempt, a tenure)
    // can still be written by a transaction that holds no lock on them.
    Courses,
    Exams,
    ExamAttempts,
    Talks,
    StudyGroups,
    StudyReports,
    VillageAssignments,
}

impl Table {
    fn lock_shared_sql(self) -> &'static str {
        match self {
            Table::Rounds => "SELECT id FROM selection_rounds WHERE id = $1 FOR SHARE",
            other => other.lock_sql(),
        }
    }

    fn lock_sql(self) -> &'static str {
        match self {
            Table::Cadres => "SELECT id FROM cadres WHERE id = $1 FOR NO KEY UPDATE",
            Table::Cases => "SELECT id FROM selection_cases WHERE id = $1 FOR NO KEY UPDATE",
            Table::Meetings => "SELECT id FROM selection_meetings WHERE id = $1 FOR NO KEY UPDATE",
            Table::Rounds => "SELECT id FROM selection_rounds WHERE id = $1 FOR NO KEY UPDATE",
            Table::Posts => "SELECT id FROM posts WHERE id = $1 FOR NO KEY UPDATE",
            Table::Courses => "SELECT id FROM courses WHERE id = $1 FOR NO KEY UPDATE",
            Table::Exams => "SELECT id FROM exams WHERE id = $1 FOR NO KEY UPDATE",
            Table::ExamAttempts => "SELECT id FROM exam_attempts WHERE id = $1 FOR NO KEY UPDATE",
            Table::Talks => "SELECT id FROM talks WHERE id = $1 FOR NO KEY UPDATE",
            Table::StudyGroups => "SELECT id FROM study_groups WHERE id = $1 FOR NO KEY UPDATE",
            Table::StudyReports => "SELECT id FROM study_reports WHERE id = $1 FOR NO KEY UPDATE",
            Table::VillageAssignments => "SELECT id FROM village_assignments WHERE id = $1 FOR NO KEY UPDATE",
        }
    }
}

/// Locks row `id` of `table` until the transaction ends; `false` if there is no such row.
/// On SQLite the transaction already holds the database's write lock: nothing more to take.
pub(crate) async fn row(tx: &mut WriteTx, table: Table, id: &str) -> Result<bool> {
    if tx.backend() == Backend::Sqlite {
        return Ok(true);
    }
    let found = sqlx::query(table.lock_sql()).bind(id).fetch_optional(&mut **tx).await?;
    Ok(found.is_some())
}

/// Locks row `id` of `table` shared until the transaction ends: other shared holders proceed,
/// an exclusive lock waits for them all. `false` if there is no such row.
pub(crate) async fn row_shared(tx: &mut WriteTx, table: Table, id: &str) -> Result<bool> {
    if tx.backend() == Backend::Sqlite {
        return Ok(true);
    }
    let found = sqlx::query(table.lock_shared_sql()).bind(id).fetch_optional(&mut **tx).await?;
    Ok(found.is_some())
}

/// Locks a name until the transaction ends, for a decision about something that has no row of
/// its own to lock (the sign-in attempts of a typed username, which may name no account).
/// PostgreSQL: a transaction-scoped advisory lock on the name's 64-bit digest.
pub async fn name(tx: &mut WriteTx, namespace: &str, key: &str) -> Result<()> {
    if tx.backend() == Backend::Sqlite {
        return Ok(());
    }
    let digest = sha2::Sha256::digest(format!("{namespace}\n{key}").as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(i64::from_be_bytes(first)).execute(&mut **tx).await?;
    Ok(())
}
