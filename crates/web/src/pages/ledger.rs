//! The ledger page for auditors and staff: the newest entries, paged backwards.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use jianquan_domain::ledger::Entry;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;

#[derive(Template, WebTemplate)]
#[template(path = "ledger.html")]
pub struct LedgerPage {
    chrome: Chrome,
    entries: Vec<Entry>,
    older_href: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LedgerQuery {
    before: Option<i64>,
    action: String,
}

pub async fn ledger_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LedgerQuery>,
) -> Result<LedgerPage, PageError> {
    let mut entries =
        jianquan_app::ledger::recent(&state.app, &ctx.actor, &q.action, q.before).await.map_err(|e| ctx.fail(e))?;
    for e in &mut entries {
        e.hash.truncate(12);
    }
    let older_href = entries.last().filter(|_| entries.len() == 50).map(|last| {
        format!(
            "/ledger?{}",
            serde_urlencoded::to_string([("before", last.seq.to_string()), ("action", q.action.clone())])
                .unwrap_or_default()
        )
    });
    Ok(LedgerPage { chrome: Chrome::new(&ctx, "/ledger"), entries, older_href })
}
