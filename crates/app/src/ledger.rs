//! Ledger use-cases: verification of the whole chain and the entry list for auditors.

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
