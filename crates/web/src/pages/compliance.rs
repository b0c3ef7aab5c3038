//! Training compliance by unit: the rate of each unit with its chart, who is short and by how
//! much, and the shortfall export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use jianquan_app::training::report::{self, Compliance};
use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::training::course::format_centi;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::Opt;
use crate::records::RuleLabel;
use jianquan_app::registry::orgs;

/// The rate every unit is held to (the target line on the chart), per thousand.
const TARGET_PERMILLE: u64 = 900;

/// How many units the chart shows before "more".
const TOP_UNITS: usize = 15;

/// One line of the short list as the page shows it.
pub struct ShortRow {
    pub cadre_id: String,
    pub name: String,
    pub unit: String,
    pub post: String,
    /// The unmet requirements by their titles (the rule ID as the tooltip).
    pub rules: Vec<RuleLabel>,
    pub hours: String,
    pub credits: String,
}

pub struct Bar {
    pub org_id: String,
    pub name: String,
    pub cadres: u64,
    pub assessed: u64,
    pub compliant: u64,
    pub rate: String,
    /// Bar width in the SVG chart (0–300).
    pub width: u64,
    pub y: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "compliance.html")]
pub struct CompliancePage {
    chrome: Chrome,
    report: Compliance,
    bars: Vec<Bar>,
    chart_height: usize,
    total_rate: String,
    short: Vec<ShortRow>,
    on: String,
    /// Units beyond the chart's first [`TOP_UNITS`] (shown with `all=1`).
    more_units: usize,
    target: String,
    /// The target line's x in the chart.
    target_x: u64,
    unit_options: Vec<Opt>,
    can_export: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ComplianceQuery {
    org: String,
    on: String,
    all: String,
}

/// A rate per thousand as a percentage with one decimal (the rate is already rounded).
fn permille(p: u64) -> String {
    format!("{}.{}%", p / 10, p % 10)
}

pub async fn compliance_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ComplianceQuery>,
) -> Result<CompliancePage, PageError> {
    let on = parse_date("on", &q.on).ok();
    let org = Some(q.org.as_str()).filter(|o| !o.is_empty());
    let report = report::compliance(&state.app, &ctx.actor, org, on).await.map_err(|e| ctx.fail(e))?;
    let choices = orgs::org_choices(&state.app, &ctx.actor, Some(&report.org_id)).await.map_err(|e| ctx.fail(e))?;
    let unit_options =
        choices.into_iter().map(|o| Opt { selected: o.id == report.org_id, value: o.id, label: o.name }).collect();
    // Worst first: the units furthest below the target lead.
    let mut units: Vec<_> = report.units.iter().filter(|u| u.cadres > 0).collect();
    units.sort_by_key(|u| (u.rate_permille, u.name.clone()));
    let all = q.all == "1";
    let more_units = if all { 0 } else { units.len().saturating_sub(TOP_UNITS) };
    let bars = units
        .into_iter()
        .take(if all { usize::MAX } else { TOP_UNITS })
        .enumerate()
        .map(|(i, u)| Bar {
            org_id: u.org_id.clone(),
            name: if u.own {
                format!("{}{}", u.name, ctx.lang.pick("（本级）", " (own staff)"))
            } else {
                u.name.clone()
            },
            cadres: u.cadres,
            assessed: u.assessed,
            compliant: u.compliant,
            rate: permille(u.rate_permille),
            width: u.rate_permille * 300 / 1000,
            y: i * 26,
        })
        .collect::<Vec<_>>();
    let short = report
        .short
        .iter()
        .map(|s| ShortRow {
            cadre_id: s.cadre_id.clone(),
            name: s.name.clone(),
            unit: s.org_name.clone(),
            post: s.current_post.clone(),
            rules: s.unmet.iter().map(|id| RuleLabel::named(&ctx.policy, id, ctx.lang)).collect(),
            hours: s.hours_short.to_string(),
            credits: format_centi(s.credits_short_centi),
        })
        .collect();
    Ok(CompliancePage {
        more_units,
        target: permille(TARGET_PERMILLE),
        target_x: 230 + TARGET_PERMILLE * 300 / 1000,
        unit_options,
        chrome: Chrome::new(&ctx, "/training/compliance"),
        can_export: ctx.actor.can(Capability::RegistryExport),
        chart_height: bars.len() * 26 + 4,
        total_rate: permille(report.total.rate_permille),
        on: report.on.clone(),
        bars,
        short,
        report,
    })
}

/// Who is short, as xlsx (the export is logged).
pub async fn export_short(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ComplianceQuery>,
) -> Result<Response, PageError> {
    let on = parse_date("on", &q.on).ok();
    let org = Some(q.org.as_str()).filter(|o| !o.is_empty());
    let bytes = report::short_list_xlsx(&state.app, &ctx.actor, org, on).await.map_err(|e| ctx.fail(e))?;
    let headers = [
        (axum::http::header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"training-short.xlsx\""),
    ];
    Ok((headers, bytes).into_response())
}
