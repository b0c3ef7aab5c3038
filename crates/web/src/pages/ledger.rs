//! The ledger page for auditors: each entry as a sentence with names, filtered by who acted, what
//! it was about, the kind of event and the dates, paged backwards; the raw entry behind a toggle.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use jianquan_app::ledger::describe::EventKind;
use jianquan_app::ledger::{self, Search};

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::records::RecordLine;

#[derive(Template, WebTemplate)]
#[template(path = "ledger.html")]
pub struct LedgerPage {
    chrome: Chrome,
    q: Search,
    /// The kinds of event to choose from: (value, label, chosen).
    kinds: Vec<(String, String, bool)>,
    lines: Vec<RecordLine>,
    older_href: Option<String>,
    filtered: bool,
}

/// The page's address with the same filters and another page key.
fn href(q: &Search, before: Option<i64>) -> String {
    let mut pairs: Vec<(&str, String)> =
        [("person", &q.person), ("subject", &q.subject), ("kind", &q.kind), ("from", &q.from), ("to", &q.to)]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k, v.clone()))
            .collect();
    if let Some(seq) = before {
        pairs.push(("before", seq.to_string()));
    }
    format!("/ledger?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

pub async fn ledger_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Search>,
) -> Result<LedgerPage, PageError> {
    let found = ledger::search(&state.app, &ctx.actor, &q).await.map_err(|e| ctx.fail(e))?;
    let lang = ctx.lang;
    let chosen = EventKind::parse(&q.kind);
    let kinds = EventKind::ALL
        .into_iter()
        .map(|k| {
            let (zh, en) = k.label();
            (zh.to_owned(), lang.pick(zh, en).to_owned(), chosen == Some(k))
        })
        .collect();
    let filtered = [&q.person, &q.subject, &q.kind, &q.from, &q.to].iter().any(|v| !v.trim().is_empty());
    Ok(LedgerPage {
        chrome: Chrome::new(&ctx, "/ledger"),
        kinds,
        lines: RecordLine::all(&found.lines, lang),
        older_href: found.older.map(|seq| href(&q, Some(seq))),
        filtered,
        q,
    })
}
