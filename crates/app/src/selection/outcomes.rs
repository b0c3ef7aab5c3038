//! The outcome figure of selection: of the cadres promoted in a year, the share rated 优秀 at that
//! year's end (its annual assessment), by the level of the rank they reached. A check, years
//! later, of whether those chosen were the ones who then did best.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::rank::RANKS;
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::registry::promotions;
use serde::{Deserialize, Serialize};

use crate::view::{all, row_view};
use crate::{Actor, App, AppError, AppResult};

/// The figure's query, as it appears in the URL.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OutcomeQuery {
    /// The year of promotion (and of the grade); last year when empty.
    pub year: String,
    /// Narrow to this org's subtree (within the caller's scope).
    pub org: String,
}

row_view! {
    /// One level's counts.
    #[derive(Default)]
    pub struct OutcomeCounts from promotions::OutcomeRow {
        /// The common level of the rank reached (1 provincial principal … 9 staff).
        pub level: i64,
        /// Cadres promoted in the year to a rank of this level.
        pub promoted: i64,
        /// Of them, rated 优秀 in the year's annual assessment.
        pub excellent: i64,
        /// Of them, with no grade for the year yet.
        pub ungraded: i64,
    }
}

/// One line of the figure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutcomeLine {
    #[serde(flatten)]
    pub row: OutcomeCounts,
    /// The level's name (its leadership ranks: 县处级正职 …; 9 is 科员级).
    pub label: String,
    /// Rated 优秀 per thousand promoted.
    pub excellent_permille: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Outcomes {
    pub year: i32,
    pub org_id: String,
    pub org_name: String,
    pub levels: Vec<OutcomeLine>,
    /// Every level together.
    pub total: OutcomeLine,
}

/// The name of a common level in a language: the leadership rank of that level, or 科员级.
pub fn level_label(level: i64, lang: &str) -> String {
    match RANKS.iter().find(|r| r.leadership && i64::from(r.level) == level) {
        Some(rank) => rank.label(lang).to_owned(),
        None if level == 9 => (if lang == "en" { "staff level" } else { "科员级" }).to_owned(),
        None => level.to_string(),
    }
}

fn line(row: OutcomeCounts, lang: &str) -> OutcomeLine {
    let excellent_permille = if row.promoted == 0 { 0 } else { row.excellent * 1000 / row.promoted };
    let label = if row.level == 0 { String::new() } else { level_label(row.level, lang) };
    OutcomeLine { row, label, excellent_permille }
}

/// The figure for a year within the caller's scope (or an org of it).
pub async fn promotion_outcomes(app: &App, actor: &Actor, query: &OutcomeQuery, lang: &str) -> AppResult<Outcomes> {
    actor.require(Capability::RegistryRead)?;
    let this_year = app.today().year();
    let year = match query.year.trim() {
        "" => this_year - 1,
        raw => raw.parse::<i32>().ok().filter(|y| (1950..=this_year).contains(y)).ok_or_else(|| {
            AppError::from(Invalid { fields: vec![FieldError::new("year", "年度无效", "invalid year")] })
        })?,
    };
    let org = match query.org.trim() {
        "" => crate::registry::orgs::scope_root(app, actor).await?,
        id => crate::registry::orgs::get_org(app, actor, id).await?,
    };
    let path = actor.require_in_scope(&org.path)?;
    let mut conn = app.db.read_may_lag().await?;
    let rows: Vec<OutcomeCounts> = all(promotions::outcomes(&mut conn, year, &path).await?);
    let mut total = OutcomeCounts::default();
    for r in &rows {
        total.promoted += r.promoted;
        total.excellent += r.excellent;
        total.ungraded += r.ungraded;
    }
    Ok(Outcomes {
        year,
        org_id: org.id,
        org_name: org.name,
        levels: rows.into_iter().map(|r| line(r, lang)).collect(),
        total: line(total, lang),
    })
}
