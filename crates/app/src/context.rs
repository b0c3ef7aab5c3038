//! The application context every use-case receives: database, policy, calendar and clock.

use std::sync::Arc;

use jianquan_domain::calendar::Calendar;
use jianquan_domain::policy::Policy;
use jianquan_storage::{Db, LedgerWrite, WriteTx};
use time::{Date, OffsetDateTime};

use crate::access::session_cache::SessionCache;
use crate::actor::Actor;
use crate::error::{AppError, AppResult};

/// Where "now" comes from; tests fix it.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(OffsetDateTime),
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// Shared state of the running application.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub policy: Arc<Policy>,
    pub calendar: Arc<Calendar>,
    pub clock: Clock,
    /// Sessions resolved in the last seconds (shared by the clones of one App).
    pub sessions: Arc<SessionCache>,
}

impl App {
    pub fn new(db: Db, policy: Policy, calendar: Calendar, clock: Clock) -> Self {
        Self { db, policy: Arc::new(policy), calendar: Arc::new(calendar), clock, sessions: Arc::default() }
    }

    /// The built-in policy and calendar on a database.
    pub fn with_builtin_policy(db: Db, clock: Clock) -> AppResult<Self> {
        let policy = Policy::builtin().map_err(AppError::internal)?;
        let calendar = Calendar::builtin().map_err(AppError::internal)?;
        Ok(Self::new(db, policy, calendar, clock))
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Today in China Standard Time (UTC+8), the date rules are judged on.
    pub fn today(&self) -> Date {
        self.now().to_offset(jianquan_domain::calendar::BEIJING).date()
    }

    /// Appends a ledger entry for the actor inside `tx` and returns its sequence number.
    pub async fn record(
        &self,
        tx: &mut WriteTx,
        actor: &Actor,
        action: &str,
        subject: (&str, &str),
        detail: serde_json::Value,
        rules: &[&str],
    ) -> AppResult<i64> {
        let write = LedgerWrite {
            actor: &actor.id,
            action,
            subject_kind: subject.0,
            subject_id: subject.1,
            detail,
            rules,
            policy_version: self.policy.version(),
        };
        Ok(jianquan_storage::ledger::append(tx, write, self.now()).await?)
    }

    /// Records a read (查阅登记) in the ledger, written in a group with the reads that arrive
    /// meanwhile ([`jianquan_storage::Db::record_read`]); returns the entry once it is committed. For reads
    /// only: a write records its entry in its own transaction with [`App::record`]. Never call it
    /// while holding a write transaction: the group waits for the writers' turn that one holds.
    pub async fn record_read(
        &self,
        actor: &Actor,
        action: &str,
        subject: (&str, &str),
        detail: serde_json::Value,
    ) -> AppResult<jianquan_domain::ledger::Entry> {
        let write = jianquan_storage::ledger::OwnedWrite {
            actor: actor.id.clone(),
            action: action.to_owned(),
            subject_kind: subject.0.to_owned(),
            subject_id: subject.1.to_owned(),
            detail,
            rules: Vec::new(),
            policy_version: self.policy.version().to_owned(),
            at: self.now(),
        };
        Ok(self.db.record_read(write).await?)
    }
}

/// A new application-generated ID (UUIDv7: time-ordered, so inserts stay local in indexes).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
