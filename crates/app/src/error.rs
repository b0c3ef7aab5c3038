//! The application error: what a surface renders as a page or a JSON envelope.

use jianquan_domain::{Invalid, Msg, Refusal};
use jianquan_storage::StorageError;

/// Why a use-case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input fields are invalid; each is named.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// A rule refused the action; the rule ID and reason are given.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Not there, or not within the actor's scope (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// Signed in, but the role lacks the capability.
    #[error("forbidden: {}", .0.en)]
    Forbidden(Msg),
    /// Not signed in.
    #[error("sign-in required")]
    Unauthenticated,
    /// Too many attempts; try later.
    #[error("throttled: {}", .0.en)]
    Throttled(Msg),
    /// The edit was based on a version of the record that another edit has replaced.
    #[error("stale: {}", .0.en)]
    Stale(Msg),
    /// An edit did not say which version of the record it was based on.
    #[error("the edit names no version it is based on")]
    VersionRequired,
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }
}
