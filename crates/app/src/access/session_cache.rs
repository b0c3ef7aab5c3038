//! Sessions resolved in the last two seconds, kept in memory so that a burst of requests on one
//! session (a page and its assets, a list paged through, an API client) looks it up once.
//!
//! What may be stale, and for how long: an account disabled or a session deleted by another
//! process (the CLI) is still honoured for at most [`FRESH_FOR`]. Signing out in this process
//! forgets the session at once ([`SessionCache::forget`]); a session's own expiry is checked on
//! every use. Entries are keyed by the token's digest, never the token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::Actor;

/// How long a resolved session is used without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// At most this many sessions are kept; when full, the stale ones are dropped (or all, if none is).
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone)]
struct Cached {
    actor: Actor,
    csrf: String,
    expires_at: OffsetDateTime,
    fetched: Instant,
}

/// The cache; one per [`crate::App`] and its clones.
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, Cached>>,
}

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCache").finish_non_exhaustive()
    }
}

impl SessionCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Cached>> {
        // A panic while holding the lock leaves a map that is still consistent (every operation is
        // a single insert or remove), so a poisoned lock is used as is.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The actor and CSRF token of a session resolved less than [`FRESH_FOR`] ago and not expired at `now`.
    pub(crate) fn get(&self, digest: &str, now: OffsetDateTime) -> Option<(Actor, String)> {
        let mut entries = self.entries();
        let cached = entries.get(digest)?;
        if cached.fetched.elapsed() < FRESH_FOR && now < cached.expires_at {
            return Some((cached.actor.clone(), cached.csrf.clone()));
        }
        entries.remove(digest);
        None
    }

    pub(crate) fn put(&self, digest: &str, actor: &Actor, csrf: &str, expires_at: OffsetDateTime) {
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, c| c.fetched.elapsed() < FRESH_FOR);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let cached = Cached { actor: actor.clone(), csrf: csrf.to_owned(), expires_at, fetched: Instant::now() };
        entries.insert(digest.to_owned(), cached);
    }

    /// Forgets a session (signed out).
    pub(crate) fn forget(&self, digest: &str) {
        self.entries().remove(digest);
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_session_is_served_until_it_expires_or_is_forgotten() {
        let cache = SessionCache::default();
        let now = datetime!(2026-12-07 09:00 UTC);
        assert!(cache.get("d1", now).is_none());
        cache.put("d1", &Actor::public(), "csrf-1", datetime!(2026-12-07 10:00 UTC));
        let (_, csrf) = cache.get("d1", now).expect("fresh and not expired");
        assert_eq!(csrf, "csrf-1");
        assert!(cache.get("d1", datetime!(2026-12-07 10:00 UTC)).is_none(), "expired at its expiry");
        assert!(cache.get("d1", now).is_none(), "an expired entry is dropped, not revived");
        cache.put("d2", &Actor::public(), "csrf-2", datetime!(2026-12-07 10:00 UTC));
        cache.forget("d2");
        assert!(cache.get("d2", now).is_none(), "a signed-out session is forgotten at once");
        assert!(cache.get("d3", now).is_none());
    }
}
