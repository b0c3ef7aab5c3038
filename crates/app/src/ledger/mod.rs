//! Ledger use-cases: verification of the whole chain (against signed checkpoints), the entry list
//! for auditors, the signing key and checkpoints, proofs, and the audit of the data tables.

pub mod checkpoints;
pub mod key;

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_storage::ledger::{self as store, Verification};

use jianquan_domain::Msg;

use crate::{Actor, App, AppError, AppResult};

/// Recomputes the chain (CLI: `jianquan ledger verify`).
pub async fn verify(app: &App) -> AppResult<Verification> {
    let mut conn = app.db.read().await?;
    Ok(store::verify(&mut conn).await?)
}

/// Recomputes the chain and the tree against signed checkpoints (their note texts), each opened
/// with the public key first: a checkpoint not signed by that key is refused, not trusted.
pub async fn verify_against(app: &App, notes: &[String], vkey: &str) -> AppResult<Verification> {
    let mut opened = Vec::with_capacity(notes.len());
    for note in notes {
        opened.push(
            jianquan_domain::ledger::checkpoint::open(note, vkey)
                .map_err(|e| AppError::internal(format!("a checkpoint does not open with the public key: {e}")))?,
        );
    }
    let mut conn = app.db.read().await?;
    Ok(store::verify_against(&mut conn, &opened).await?)
}

/// Audits the data tables against the ledger (CLI: `jianquan ledger audit`).
pub async fn audit(app: &App) -> AppResult<jianquan_storage::audit::Report> {
    let mut snapshot = app.db.snapshot().await?;
    Ok(jianquan_storage::audit::run(&mut snapshot, app.db.backend()).await?)
}

/// The newest entries, for roles that read the ledger. The list spans the whole city, so only
/// accounts scoped at a root org read it; others see the history of each record in their scope
/// on the record's own page.
pub async fn recent(app: &App, actor: &Actor, action_prefix: &str, before: Option<i64>) -> AppResult<Vec<Entry>> {
    actor.require(Capability::LedgerRead)?;
    if !actor.is_system() && actor.scope.as_ref().is_none_or(|scope| scope.depth() > 1) {
        return Err(AppError::Forbidden(Msg::new(
            "记实台账的全市列表仅限全市范围的账号查阅;本范围内记录的历史见各记录页面",
            "the city-wide ledger list is for city-wide accounts; see each record's page for its history",
        )));
    }
    let mut conn = app.db.read().await?;
    Ok(store::recent(&mut conn, action_prefix, before, 50).await?)
}
