//! The storage error: database failures, with constraint violations told apart so the
//! application can turn them into field errors.

/// What went wrong below the application.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A unique constraint refused the write; the text names the constraint or columns.
    #[error("unique constraint violated: {0}")]
    Duplicate(String),
    /// A write transaction was about to commit without a ledger entry.
    #[error("refusing to commit a write without a ledger entry (action: {0})")]
    Unrecorded(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("stored data is malformed: {0}")]
    Malformed(String),
    /// A writer waited too long for its turn (the database is overloaded).
    #[error("the database is busy: no turn to write within the time allowed")]
    Busy,
}

impl From<sqlx::Error> for StorageError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
        {
            return StorageError::Duplicate(db.constraint().map_or_else(|| db.message().to_owned(), str::to_owned));
        }
        StorageError::Database(error)
    }
}
