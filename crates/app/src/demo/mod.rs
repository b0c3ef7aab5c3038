//! Demo data, deterministic from a seed: a Dongying-like city (`load_demo`) with ~3,000 cadres
//! and a case for each rule the registry's data can show, its demo accounts, and a
//! province-scale roster for benchmarks (`generate`).
//!
//! Randomness comes from a small SplitMix64 generator seeded per part, so the same seed gives the
//! same names and ID numbers. Birth dates count back from a fixed day; periods that must still
//! be running (sanctions, probation) count back from today.

mod accounts;
mod cases;
mod city;
mod dossier;
mod names;
mod people;
mod province;
mod province_training;
mod rng;
mod roster;
mod roster_file;
mod selection;
mod selection_steps;
mod study_village;
mod training;
mod write;

use jianquan_domain::Invalid;
use jianquan_storage::registry::orgs;
use serde::Serialize;

pub use accounts::{DEMO_PASSWORD, create_demo_accounts};
pub use cases::DemoCase;
pub use province::generate;
pub use province_training::{ProvinceTrainingSummary, SESSIONS_PER_COURSE, generate_training};
pub use roster_file::roster_xlsx;
pub use selection::{SelectionCase, SelectionSummary};
pub use training::{QUESTIONS as DEMO_QUESTIONS, TrainingSummary};

use crate::{App, AppResult};

/// Cadres in the demo city.
pub const DEMO_CADRES: usize = 3000;

/// What a load wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoSummary {
    pub orgs: usize,
    pub posts: usize,
    pub cadres: usize,
    pub educations: usize,
    pub tenures: usize,
    pub grades: usize,
    pub rewards_sanctions: usize,
    pub family_members: usize,
    /// The cases prepared for the rules, with the cadre (or unit) to look at.
    pub cases: Vec<DemoCase>,
    /// The demo accounts: (username, role, password).
    pub accounts: Vec<(String, String, String)>,
    /// The ledger entries that recorded the load.
    pub ledger_seqs: Vec<i64>,
    pub training: TrainingSummary,
    /// The selection cases, one at each stage, and the accounts that act on them.
    pub selection: SelectionSummary,
}

/// Refuses to load into a database that already holds orgs.
async fn ensure_empty(app: &App) -> AppResult<()> {
    let mut conn = app.db.read().await?;
    if orgs::count(&mut conn).await? > 0 {
        return Err(Invalid::one(
            "database",
            "数据库中已有单位,演示数据只装入空库",
            "the database already holds orgs; demo data loads only into an empty one",
        )
        .into());
    }
    Ok(())
}

/// Loads the demo city (东营市) into an empty database, then creates the demo accounts.
pub async fn load_demo(app: &App, seed: u64) -> AppResult<DemoSummary> {
    ensure_empty(app).await?;
    let today = app.today();
    let units = city::dongying();
    let mut people = roster::roster(seed, &units, DEMO_CADRES, today)?;
    let cases = cases::apply(seed, &mut people, &units, today);
    let mut summary = write::write_city(app, seed, &units, &people).await?;
    summary.cases = cases;
    summary.accounts = create_demo_accounts(app).await?;
    summary.training = training::load(app, seed).await?;
    study_village::load(app).await.map_err(study_village::context)?;
    summary.selection = selection::load(app, seed).await?;
    Ok(summary)
}
