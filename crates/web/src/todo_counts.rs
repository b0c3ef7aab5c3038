//! The menu's to-do counts, kept briefly per account: every signed-in page shows them, so they
//! are computed at most once per [`TTL`] for an account (one query per card of its 工作台) and
//! forgotten as soon as the account writes anything.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jianquan_app::workbench::{self, Card};
use jianquan_app::{Actor, App};

/// How long counts are reused for one account.
const TTL: Duration = Duration::from_secs(15);
/// Accounts kept before the oldest are dropped (the cache never grows past this).
const CAPACITY: usize = 10_000;

/// Menu href → open to-dos.
pub type MenuCounts = Arc<Vec<(&'static str, i64)>>;

#[derive(Default)]
pub struct TodoCounts {
    entries: Mutex<HashMap<String, (Instant, MenuCounts)>>,
}

impl TodoCounts {
    /// The account's counts, from the cache while fresh.
    pub async fn get(&self, app: &App, actor: &Actor) -> MenuCounts {
        if let Some((at, counts)) = self.lock().get(&actor.id)
            && at.elapsed() < TTL
        {
            return counts.clone();
        }
        let counts: MenuCounts = match workbench::cards(app, actor).await {
            Ok(cards) => Arc::new(by_menu(&cards)),
            Err(error) => {
                tracing::warn!(%error, "to-do counts unavailable");
                Arc::new(Vec::new())
            }
        };
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.retain(|_, (at, _)| at.elapsed() < TTL);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(actor.id.clone(), (Instant::now(), counts.clone()));
        counts
    }

    /// Forgets the account's counts (it has just written something).
    pub fn forget(&self, account: &str) {
        self.lock().remove(account);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, MenuCounts)>> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The cards' totals summed by the menu item each belongs to.
pub fn by_menu(cards: &[Card]) -> Vec<(&'static str, i64)> {
    let mut counts: Vec<(&'static str, i64)> = Vec::new();
    for card in cards {
        let href = crate::pages::workbench::menu_href(card.kind);
        match counts.iter_mut().find(|(h, _)| *h == href) {
            Some((_, n)) => *n += card.list.total,
            None => counts.push((href, card.list.total)),
        }
    }
    counts
}
