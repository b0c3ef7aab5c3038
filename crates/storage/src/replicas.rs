//! Read replicas: PostgreSQL servers that follow the primary by its own streaming replication
//! (no replication of ours). Reads that may lag behind the last commit — lists, searches,
//! reports, the public pages — are spread over them in turn; writes and every read that must see
//! the caller's own writes stay on the primary ([`crate::Db::read`]).
//!
//! A replica that cannot be reached is left out for a few seconds and its reads go to the next
//! one, or to the primary: a replica going down slows nothing and loses nothing. Which server is
//! primary is the deployment's business (Patroni or the like moves the addresses on failover;
//! see docs/deployment.md).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Connection};

use crate::{Result, StorageError};

/// How long a replica that failed is left out before it is tried again.
const REST_AFTER_FAILURE: Duration = Duration::from_secs(5);
/// How long a read waits for a replica's connection before it goes elsewhere.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

struct Replica {
    pool: AnyPool,
    /// The URL without its password, for logs.
    name: String,
    /// Until when the replica is left out after a failure.
    resting_until: Mutex<Option<Instant>>,
}

impl Replica {
    fn resting(&self, now: Instant) -> bool {
        self.resting_until.lock().map(|until| until.is_some_and(|u| u > now)).unwrap_or(false)
    }

    fn rest(&self, now: Instant) {
        if let Ok(mut until) = self.resting_until.lock() {
            *until = Some(now + REST_AFTER_FAILURE);
        }
    }
}

/// The configured replicas, used in turn.
#[derive(Default)]
pub(crate) struct Replicas {
    replicas: Vec<Replica>,
    next: AtomicUsize,
}

impl std::fmt::Debug for Replicas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.replicas.iter().map(|r| &r.name)).finish()
    }
}

impl Replicas {
    /// Pools for the replicas' URLs, connected on first use (a replica that is down at start
    /// does not stop the service).
    pub(crate) fn connect(urls: &[String], max_connections: u32) -> Result<Replicas> {
        let mut replicas = Vec::new();
        for url in urls.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
            if !url.starts_with("postgres") {
                return Err(StorageError::Malformed(format!(
                    "a read replica must be a PostgreSQL URL, not {}",
                    crate::db::redact(url)
                )));
            }
            let options = url.parse::<AnyConnectOptions>()?;
            let pool = AnyPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                // Replicas take no writes; a connection is still checked on its way back.
                .after_release(|conn, _meta| {
                    Box::pin(async move {
                        conn.ping().await?;
                        Ok(!conn.is_in_transaction())
                    })
                })
                .connect_lazy_with(options);
            replicas.push(Replica { pool, name: crate::db::redact(url), resting_until: Mutex::new(None) });
        }
        for replica in &replicas {
            tracing::info!(replica = %replica.name, "reads that may lag go to this replica");
        }
        Ok(Replicas { replicas, next: AtomicUsize::new(0) })
    }

    pub(crate) fn len(&self) -> usize {
        self.replicas.len()
    }

    /// A connection to the next replica that answers, or `None` when none does (or none is
    /// configured): the caller reads from the primary.
    pub(crate) async fn acquire(&self) -> Option<PoolConnection<Any>> {
        let count = self.replicas.len();
        if count == 0 {
            return None;
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for offset in 0..count {
            let replica = &self.replicas[(start + offset) % count];
            if replica.resting(Instant::now()) {
                continue;
            }
            match replica.pool.acquire().await {
                Ok(conn) => return Some(conn),
                Err(error) => {
                    tracing::warn!(replica = %replica.name, %error, "a read replica failed; left out for a while");
                    replica.rest(Instant::now());
                }
            }
        }
        None
    }

    pub(crate) async fn close(&self) {
        for replica in &self.replicas {
            replica.pool.close().await;
        }
    }
}
