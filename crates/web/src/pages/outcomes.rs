//! The outcome figure of selection: of a year's promotees, the share rated 优秀 at the year's end,
//! by the level of the rank reached, as a table and a bar chart.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use jianquan_app::selection::outcomes::{self, OutcomeQuery, Outcomes};

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;

/// One bar of the chart and line of the table.
pub struct Bar {
    pub label: String,
    pub promoted: i64,
    pub excellent: i64,
    pub ungraded: i64,
    pub share: String,
    /// Bar width in the SVG chart (0–300).
    pub width: i64,
    pub y: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "outcomes.html")]
pub struct OutcomesPage {
    chrome: Chrome,
    o: Outcomes,
    bars: Vec<Bar>,
    total_share: String,
    chart_height: usize,
}

fn percent(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

pub async fn outcomes_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OutcomeQuery>,
) -> Result<OutcomesPage, PageError> {
    let o = outcomes::promotion_outcomes(&state.app, &ctx.actor, &q, ctx.lang.code()).await.map_err(|e| ctx.fail(e))?;
    let bars: Vec<Bar> = o
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| Bar {
            label: l.label.clone(),
            promoted: l.row.promoted,
            excellent: l.row.excellent,
            ungraded: l.row.ungraded,
            share: percent(l.excellent_permille),
            width: l.excellent_permille * 300 / 1000,
            y: i * 26,
        })
        .collect();
    Ok(OutcomesPage {
        chrome: Chrome::new(&ctx, "/selection/outcomes"),
        chart_height: bars.len() * 26 + 4,
        total_share: percent(o.total.excellent_permille),
        bars,
        o,
    })
}
