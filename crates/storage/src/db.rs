//! The database handle: connects to SQLite (embedded default) or PostgreSQL by URL, runs the
//! backend's migrations, and opens write transactions that must carry a ledger entry.

use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::read_log::ReadLog;
use crate::replicas::Replicas;
use crate::{Result, StorageError};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which engine is behind the pool; the only place backend differences are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections and the backend they speak to.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    url_redacted: String,
    /// The writers' queue (SQLite): one write transaction at a time, in the order they asked.
    /// SQLite has one writer; without the queue, waiting writers would poll its busy handler on
    /// pooled connections and be served in no order (p99 in the hundreds of milliseconds).
    writers: Arc<Mutex<()>>,
    /// Records of reads waiting to be written in a group ([`crate::read_log`]).
    pub(crate) read_log: Arc<ReadLog>,
    /// Servers following the primary, for reads that may lag ([`Db::read_may_lag`]).
    replicas: Arc<Replicas>,
}

/// How long a writer waits for its turn before the request fails (it never waits forever).
const WRITER_TURN_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) fn redact(url: &str) -> String {
    // Never log a password: keep scheme, host and database only.
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => format!("{}://***@{}", &url[..scheme_end], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

/// SQLite's page cache per connection, in MiB: 16 by default (eight read connections stay under
/// 150 MB at a million cadres; measured in docs/performance.md); `JIANQUAN_SQLITE_CACHE_MB`
/// raises it for bulk work such as a large import (random inserts into big indexes need pages).
fn sqlite_cache_mb() -> u32 {
    std::env::var("JIANQUAN_SQLITE_CACHE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|mb| (2..=65_536).contains(mb))
        .unwrap_or(16)
}

/// The pool's size: `JIANQUAN_DB_CONNECTIONS` when set (1–1,000), else what the caller asks.
/// Each SQLite connection keeps a page cache of its own, so the pool's size times the cache is
/// what reads may hold in memory.
pub fn pool_size(asked: u32) -> u32 {
    std::env::var("JIANQUAN_DB_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=1_000).contains(n))
        .unwrap_or(asked)
}

impl Db {
    /// Connects by URL: `sqlite://path/to/file.db` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") { Backend::Postgres } else { Backend::Sqlite };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_owned(),
        };
        if backend == Backend::Sqlite
            && let Some(parent) = url.trim_start_matches("sqlite://").split('?').next().map(std::path::Path::new)
            && let Some(dir) = parent.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| StorageError::Malformed(format!("cannot create {}: {e}", dir.display())))?;
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let cache_mb = sqlite_cache_mb();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY; \
                             PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;",
                        )
                        .await?;
                        conn.execute(format!("PRAGMA cache_size = -{}", cache_mb * 1024).as_str()).await?;
                    }
                    Ok(())
                })
            })
            .after_release(move |conn, _meta| {
                Box::pin(async move {
                    // Flush what a dropped transaction queued (its rollback), then refuse to pool
                    // a connection still inside a transaction nobody owns: it would hold SQLite's
                    // write lock (or PostgreSQL's row locks) for every later writer. Closing it
                    // rolls the transaction back. On SQLite a queued rollback still counts as
                    // inside a transaction until the connection's worker runs it, so a connection
                    // that reports none needs no round trip; PostgreSQL counts it out when it is
                    // queued, unsent, so its connections always flush.
                    if backend == Backend::Postgres || conn.is_in_transaction() {
                        conn.ping().await?;
                    }
                    let clean = !conn.is_in_transaction();
                    if !clean {
                        tracing::warn!("a connection came back inside a transaction; closing it");
                    }
                    Ok(clean)
                })
            })
            .connect_with(options)
            .await?;
        tracing::info!(database = %redact(&url), ?backend, "connected");
        if backend == Backend::Sqlite {
            tokio::spawn(checkpoint_wal(pool.clone()));
        }
        Ok(Db {
            pool,
            backend,
            url_redacted: redact(&url),
            writers: Arc::new(Mutex::new(())),
            read_log: Arc::default(),
            replicas: Arc::default(),
        })
    }

    /// The same database with read replicas (PostgreSQL URLs of servers that follow this one by
    /// streaming replication) for [`Db::read_may_lag`]; an empty list keeps every read here.
    pub fn with_replicas(self, urls: &[String], max_connections: u32) -> Result<Db> {
        let replicas = Replicas::connect(urls, max_connections)?;
        if replicas.len() > 0 && self.backend != Backend::Postgres {
            return Err(StorageError::Malformed("read replicas need a PostgreSQL primary".into()));
        }
        Ok(Db { replicas: Arc::new(replicas), ..self })
    }

    /// How many read replicas are configured.
    pub fn replica_count(&self) -> usize {
        self.replicas.len()
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The URL with any password removed, for logs and messages.
    pub fn describe(&self) -> &str {
        &self.url_redacted
    }

    /// A pooled connection for reads, on the primary: it sees every committed write.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// A connection for a read that may lag behind the latest commits by replication's delay —
    /// lists, searches, reports, public pages; never a check before a write, nor a page that
    /// must show what its caller just wrote. A replica's when any is configured and answers
    /// (in turn), else the primary's.
    pub async fn read_may_lag(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        match self.replicas.acquire().await {
            Some(conn) => Ok(conn),
            None => self.read().await,
        }
    }

    /// A read-only transaction whose statements all see one snapshot (SQLite's deferred
    /// transaction under WAL; PostgreSQL's repeatable read), for reports made of several
    /// statements that must agree. Dropping it ends it.
    pub async fn snapshot(&self) -> Result<Transaction<'static, Any>> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        }
        Ok(tx)
    }

    /// Opens a write transaction. On SQLite the writer first takes its turn in the writers'
    /// queue (first come, first served), then the write lock at once (`BEGIN IMMEDIATE`), so two
    /// writers never deadlock upgrading a read lock and none polls the busy handler.
    ///
    /// The `BEGIN` runs on a task of its own: if the caller goes away while it is in flight (a
    /// client closing the connection), the task still finishes, and the transaction it opened is
    /// dropped and rolled back, never left open on a pooled connection.
    pub async fn write(&self) -> Result<WriteTx> {
        let (tx, turn) = self.begin_write().await?;
        Ok(WriteTx { tx, recorded: 0, backend: self.backend, _turn: turn })
    }

    /// A write transaction for data derived from the ledger itself — the Merkle tree's stored
    /// nodes — which anyone can recompute from the entries, so it records nothing. Every other
    /// write goes through [`Db::write`] and its ledger entry.
    pub async fn write_derived(&self) -> Result<DerivedTx> {
        let (tx, turn) = self.begin_write().await?;
        Ok(DerivedTx { tx, _turn: turn })
    }

    async fn begin_write(&self) -> Result<(Transaction<'static, Any>, Option<OwnedMutexGuard<()>>)> {
        let turn = match self.backend {
            Backend::Sqlite => Some(
                tokio::time::timeout(WRITER_TURN_TIMEOUT, self.writers.clone().lock_owned())
                    .await
                    .map_err(|_| StorageError::Busy)?,
            ),
            Backend::Postgres => None,
        };
        let pool = self.pool.clone();
        let backend = self.backend;
        let begun = tokio::spawn(async move {
            match backend {
                Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => pool.begin().await,
            }
        });
        let tx = begun.await.map_err(|e| StorageError::Malformed(format!("the transaction's task failed: {e}")))??;
        Ok((tx, turn))
    }

    /// The same database with a read log of its own, never started (the read log's writer task).
    pub(crate) fn without_read_log(&self) -> Db {
        Db { read_log: Arc::default(), ..self.clone() }
    }

    /// Closes the pools. On SQLite the write-ahead log is first copied into the database file
    /// and emptied, so a command that wrote much (a generated province, a large import) leaves
    /// no log of gigabytes for the next process to read through. (Explicitly: the pool's close
    /// may return before its last connection's own checkpoint has run, and the process exits.)
    pub async fn close(&self) {
        if self.backend == Backend::Sqlite && !self.pool.is_closed() {
            let truncated = async {
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
                Ok::<_, sqlx::Error>(())
            };
            if let Err(error) = truncated.await {
                tracing::warn!(%error, "could not empty the write-ahead log on close");
            }
        }
        self.pool.close().await;
        self.replicas.close().await;
    }
}

/// How often the write-ahead log is copied into the database file (SQLite).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Copies the write-ahead log into the database file in the background (SQLite), instead of in
/// the commit that happens to cross SQLite's threshold: that commit would hold the writers' queue
/// while it copies and syncs, and every request waiting behind it would wait as long. A passive
/// checkpoint waits for no reader or writer. Stops when the pool is closed.
async fn checkpoint_wal(pool: AnyPool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        let done = async {
            let mut conn = pool.acquire().await?;
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await?;
            Ok::<_, sqlx::Error>(())
        };
        if let Err(error) = done.await
            && !pool.is_closed()
        {
            tracing::warn!(%error, "write-ahead log checkpoint failed");
        }
    }
}

/// A write transaction. Append a ledger entry with [`crate::ledger::append`] before [`WriteTx::commit`].
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    pub(crate) recorded: u32,
    pub(crate) backend: Backend,
    /// The writer's turn in the queue (SQLite), released when the transaction ends.
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// The engine the transaction runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Commits state and ledger together; refuses if nothing was recorded in the ledger.
    pub async fn commit(self) -> Result<()> {
        if self.recorded == 0 {
            self.tx.rollback().await?;
            return Err(StorageError::Unrecorded("write without ledger entry".into()));
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Rolls back explicitly (dropping the transaction does the same).
    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// A transaction writing data derived from the ledger (see [`Db::write_derived`]).
pub struct DerivedTx {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl DerivedTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for DerivedTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for DerivedTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_a_log_line() {
        assert_eq!(redact("postgres://app:s3cret@127.0.0.1:5432/app"), "postgres://***@127.0.0.1:5432/app");
        assert_eq!(redact("sqlite://data/jianquan.db"), "sqlite://data/jianquan.db");
    }
}
