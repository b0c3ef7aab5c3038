//! Ledger use-cases: verification of the whole chain (against signed checkpoints), the entry list
//! for auditors, the signing key and checkpoints, proofs, and the audit of the data tables.

pub mod checkpoints;
pub mod describe;
pub mod key;

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_storage::ledger::{self as store, Verification};
use jianquan_storage::ledger_search;

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
    recent_allowed(actor)?;
    let mut conn = app.db.read().await?;
    Ok(store::recent(&mut conn, action_prefix, before, 50).await?)
}

/// What the ledger page asks for: each filter empty for "any".
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Search {
    /// Who acted: an account's display name, user name or ID.
    pub person: String,
    /// What it was about: a cadre's name or ID.
    pub subject: String,
    /// The kind of event, by its Chinese or English name ([`describe::EventKind`]).
    pub kind: String,
    /// The first and last day (Beijing dates, YYYY-MM-DD), both included.
    pub from: String,
    pub to: String,
    /// The page's key: entries before this sequence number.
    pub before: Option<i64>,
}

/// A page of the ledger, described.
#[derive(Debug)]
pub struct Found {
    pub lines: Vec<describe::Line>,
    /// The key of the next (older) page, if there is one.
    pub older: Option<i64>,
}

/// The first instant of a Beijing date, as the ledger's UTC text compares (without the `Z`, so
/// any fraction of a second at that instant still compares after it).
fn start_of(day: time::Date) -> String {
    let utc = day.midnight().assume_offset(jianquan_domain::calendar::BEIJING).to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

fn parse_day(field: &str, raw: &str) -> AppResult<Option<time::Date>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw.trim(), &format)
        .map(Some)
        .map_err(|_| jianquan_domain::Invalid::one(field, "日期格式应为 年-月-日", "a date reads YYYY-MM-DD").into())
}

/// The ledger page: entries by who acted, what about, what kind and when, newest first, 50 a
/// page, each filter answered through an index (see [`jianquan_storage::ledger_search`]). A date
/// range becomes the range of entries recorded in it. For the roles [`recent`] serves.
pub async fn search(app: &App, actor: &Actor, q: &Search) -> AppResult<Found> {
    const PAGE: i64 = 50;
    recent_allowed(actor)?;
    let kind = match q.kind.trim() {
        "" => None,
        text => Some(describe::EventKind::parse(text).ok_or_else(|| {
            AppError::from(jianquan_domain::Invalid::one("kind", "没有这种事项", "no such kind of event"))
        })?),
    };
    let (from, to) = (parse_day("from", &q.from)?, parse_day("to", &q.to)?);
    let mut conn = app.db.read().await?;
    let mut filter = ledger_search::Filter {
        before_seq: q.before,
        actions: kind.map(|k| k.actions().into_iter().map(str::to_owned).collect()),
        ..Default::default()
    };
    if !q.person.trim().is_empty() {
        filter.actors = Some(ledger_search::accounts_named(&mut conn, q.person.trim()).await?);
    }
    if !q.subject.trim().is_empty() {
        filter.subjects = Some(("cadre".to_owned(), ledger_search::cadres_named(&mut conn, q.subject.trim()).await?));
    }
    if let Some(day) = from {
        let at = start_of(day);
        match ledger_search::first_seq_at(&mut conn, &at).await? {
            Some(seq) => filter.from_seq = Some(seq),
            None => return Ok(Found { lines: Vec::new(), older: None }),
        }
        filter.from_at = Some(at);
    }
    if let Some(day) = to.and_then(|d| d.next_day()) {
        let at = start_of(day);
        if let Some(seq) = ledger_search::first_seq_at(&mut conn, &at).await? {
            filter.before_seq = Some(filter.before_seq.map_or(seq, |b| b.min(seq)));
        }
        filter.before_at = Some(at);
    }
    let entries = ledger_search::search(&mut conn, &filter, PAGE).await?;
    let older = entries.last().filter(|_| entries.len() as i64 == PAGE).map(|e| e.seq);
    let lines = describe::describe_on(app, &mut conn, entries).await?;
    Ok(Found { lines, older })
}

/// The city-wide list is for city-wide accounts that read the ledger; others see the history of
/// each record in their scope on the record's own page.
fn recent_allowed(actor: &Actor) -> AppResult<()> {
    actor.require(Capability::LedgerRead)?;
    if !actor.is_system() && actor.scope.as_ref().is_none_or(|scope| scope.depth() > 1) {
        return Err(AppError::Forbidden(Msg::new(
            "记实台账的全市列表仅限全市范围的账号查阅;本范围内记录的历史见各记录页面",
            "the city-wide ledger list is for city-wide accounts; see each record's page for its history",
        )));
    }
    Ok(())
}
