//! Storage: one implementation of every query for SQLite and PostgreSQL (through sqlx's `Any`
//! driver and portable SQL), the migrations of each backend, and the ledger writer.
//!
//! Writes go through [`WriteTx`]: it opens the transaction (`BEGIN IMMEDIATE` on SQLite) and
//! refuses to commit unless a ledger entry was appended in it, so no write escapes the record.

pub mod access;
pub mod audit;
mod bundle;
pub mod challenges;
pub mod db;
pub mod error;
pub mod integrity;
pub mod ledger;
pub mod ledger_search;
pub mod ledger_tree;
pub mod lock;
pub mod query;
mod read_log;
pub mod registry;
mod replicas;
pub(crate) mod row;
pub mod selection;
pub mod study;
pub mod testing;
pub mod training;
pub mod training_bulk;
pub mod training_standing;
pub mod village;
pub mod workbench;

pub use db::{Backend, Db, DerivedTx, WriteTx};
pub use error::StorageError;
pub use ledger::LedgerWrite;
pub use lock::Locked;

/// A connection to read with: a pooled connection or the one inside a transaction.
pub type Conn = sqlx::AnyConnection;

/// Result of a storage call.
pub type Result<T> = std::result::Result<T, StorageError>;
