//! Accounts and sessions: Argon2id passwords, login throttling, session tokens and CSRF tokens.

pub mod accounts;
pub mod session_cache;
pub mod sessions;
