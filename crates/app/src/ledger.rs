//! Ledger use-cases: verification of the whole chain and the entry list for auditors.

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_storage::ledger::{self as store, Verification};

use crate::{Actor, App, AppResult};

/// Recomputes the chain (CLI: `jianquan ledger verify`).
pub async fn verify(app: &App) -> AppResult<Verification> {
    let mut conn = app.db.read().await?;
    Ok(store::verify(&mut conn).await?)
}

/// The newest entries, for roles that read the ledger; the city-wide list is for actors scoped at a root.
pub async fn recent(app: &App, actor: &Actor, action_prefix: &str, before: Option<i64>) -> AppResult<Vec<Entry>> {
    actor.require(Capability::LedgerRead)?;
    let mut conn = app.db.read().await?;
    Ok(store::recent(&mut conn, action_prefix, before, 50).await?)
}
