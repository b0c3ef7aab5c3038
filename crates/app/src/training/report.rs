//! Where cadres and units stand against the training requirements: a cadre's progress and
//! shortfall, and a unit's compliance rate with the list of who is short and by how much. The
//! report judges the per-cadre totals kept in `training_standing` in SQL and recomputes, with the
//! domain's functions, only the cadres whose kept totals do not hold on the report's day.

use std::cmp::Reverse;
use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::standing::standing as standing_of;
use jianquan_domain::training::{Progress, Requirements, Standing, Totals};
use jianquan_storage::registry::cadres;
use jianquan_storage::registry::orgs::{self, Org};
use jianquan_storage::training::{self as store, Window};
use jianquan_storage::training_standing as standing;
use serde::Serialize;
use time::Date;

use super::views::{Course, Enrolment, TrainingRecord};
use crate::training::{policy_error, subject};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// One cadre's training: records, courses, totals and their judgement.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CadreTraining {
    pub cadre_id: String,
    pub name: String,
    pub rank_level: i64,
    pub on: String,
    pub window_after: String,
    pub totals: Totals,
    pub progress: Progress,
    pub compliant: bool,
    pub records: Vec<TrainingRecord>,
    pub courses: Vec<(Course, Enrolment)>,
}

fn window(req: &Requirements) -> Window {
    Window { window_after: req.window_after(), year_start: req.year_start(), on: req.on }
}

pub async fn cadre_training(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<CadreTraining> {
    let mut conn = app.db.read().await?;
    let cadre = subject(&mut conn, actor, cadre_id, Capability::TrainingRead).await?;
    let today = app.today();
    let req = Requirements::in_force(&app.policy, today).map_err(policy_error)?;
    let totals = store::totals_of(&mut conn, cadre_id, &window(&req)).await?;
    let level = u8::try_from(cadre.rank_level).unwrap_or(0);
    let progress = req.evaluate(level, &totals);
    Ok(CadreTraining {
        cadre_id: cadre.id.clone(),
        name: cadre.name.clone(),
        rank_level: cadre.rank_level,
        on: today.to_string(),
        window_after: req.window_after().to_string(),
        totals,
        compliant: progress.compliant(),
        progress,
        records: all(store::records_of(&mut conn, cadre_id).await?),
        courses: store::courses_of(&mut conn, cadre_id)
            .await?
            .into_iter()
            .map(|(course, enrolment)| (course.into(), enrolment.into()))
            .collect(),
    })
}

/// Whether a cadre meets the requirements of their rank on `on` (used by TRN-CATCH-UP).
pub(crate) async fn progress_of(
    app: &App,
    conn: &mut jianquan_storage::Conn,
    cadre_id: &str,
    rank_level: i64,
    on: Date,
) -> AppResult<Progress> {
    let req = Requirements::in_force(&app.policy, on).map_err(policy_error)?;
    let totals = store::totals_of(conn, cadre_id, &window(&req)).await?;
    Ok(req.evaluate(u8::try_from(rank_level).unwrap_or(0), &totals))
}

/// [`progress_of`] for many cadres, given as (ID, rank level): their totals in one statement per
/// 500 cadres.
pub(crate) async fn progress_of_many(
    app: &App,
    conn: &mut jianquan_storage::Conn,
    cadres: &[(&str, i64)],
    on: Date,
) -> AppResult<HashMap<String, Progress>> {
    let req = Requirements::in_force(&app.policy, on).map_err(policy_error)?;
    let ids: Vec<&str> = cadres.iter().map(|(id, _)| *id).collect();
    let totals = store::totals_of_many(conn, &ids, &window(&req)).await?;
    Ok(cadres
        .iter()
        .map(|(id, level)| {
            let t = totals.get(*id).copied().unwrap_or_default();
            ((*id).to_owned(), req.evaluate(u8::try_from(*level).unwrap_or(0), &t))
        })
        .collect())
}

/// One unit's line of the compliance report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitLine {
    pub org_id: String,
    pub name: String,
    /// The org's own cadres (本级) rather than a child unit's subtree.
    pub own: bool,
    /// Cadres in the unit's subtree.
    pub cadres: u64,
    /// Cadres with a rank, to whom a requirement applies.
    pub assessed: u64,
    pub compliant: u64,
    /// Compliant per thousand assessed.
    pub rate_permille: u64,
}

/// One cadre who falls short.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ShortLine {
    pub hours_short: u64,
    pub credits_short_centi: u64,
    pub name: String,
    pub cadre_id: String,
    pub org_path: String,
    /// The cadre's own unit.
    pub org_name: String,
    pub current_post: String,
    /// The requirements unmet (rule IDs): the hours rule of the cadre's band, and TRN-CREDITS.
    pub unmet: Vec<&'static str>,
}

/// Compliant per thousand assessed, rounded to the nearest (half up): 1 of 24 is 42‰, shown as
/// 4.2%, not the 4.1% truncating would give; none assessed is 0.
pub fn rate_permille(compliant: u64, assessed: u64) -> u64 {
    (compliant * 1000 + assessed / 2).checked_div(assessed).unwrap_or(0)
}

/// The rules a short cadre fails: hours by their band (county level and above over five years,
/// below it each year), credits each year.
fn unmet_rules(rank_level: i64, hours_short: u64, credits_short_centi: u64) -> Vec<&'static str> {
    let mut rules = Vec::new();
    if hours_short > 0 {
        rules.push(if rank_level <= 6 { "TRN-COUNTY-5Y" } else { "TRN-TOWNSHIP-YEAR" });
    }
    if credits_short_centi > 0 {
        rules.push("TRN-CREDITS");
    }
    rules
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    pub org_id: String,
    pub org_name: String,
    pub on: String,
    pub total: UnitLine,
    /// The org itself (its own cadres) and each child unit with its subtree.
    pub units: Vec<UnitLine>,
    /// The most short first: hours, then credits, then by unit.
    pub short: Vec<ShortLine>,
    pub short_total: u64,
}

/// How many of the most-short cadres a report lists.
pub const SHORT_LIST: usize = 200;

/// The compliance report of an org's subtree on `on` (today if `None`).
pub async fn compliance(app: &App, actor: &Actor, org_id: Option<&str>, on: Option<Date>) -> AppResult<Compliance> {
    report(app, actor, org_id, on, SHORT_LIST).await
}

/// Cadres whose totals are recomputed and written back per transaction.
const REFRESH_CHUNK: usize = 5_000;

/// The order of the short list: most hours short, then most credits short, then unit and ID.
fn most_short_first(a: &standing::Short, b: &standing::Short) -> std::cmp::Ordering {
    (Reverse(a.hours_short), Reverse(a.credits_short_centi), &a.org_path, &a.cadre_id).cmp(&(
        Reverse(b.hours_short),
        Reverse(b.credits_short_centi),
        &b.org_path,
        &b.cadre_id,
    ))
}

/// The report keeping the `keep` most short cadres.
///
/// Each cadre's totals are kept in `training_standing` with the span of days they hold for; the
/// rows valid on `on` are judged and counted per org in SQL (one grouped statement and one
/// ordered, limited one), the rest are recomputed here from their records with the same domain
/// functions and, for today's report, written back. All reads share one snapshot, so every
/// cadre is counted exactly once however records are written meanwhile.
async fn report(
    app: &App,
    actor: &Actor,
    org_id: Option<&str>,
    on: Option<Date>,
    keep: usize,
) -> AppResult<Compliance> {
    actor.require(Capability::TrainingRead)?;
    let mut conn = app.db.read().await?;
    let org: Org = match org_id {
        Some(id) => orgs::get(&mut conn, id).await?.ok_or(AppError::NotFound)?,
        None => {
            let id = actor.scope_org_id.clone().ok_or(AppError::NotFound)?;
            orgs::get(&mut conn, &id).await?.ok_or(AppError::NotFound)?
        }
    };
    let root = actor.require_in_scope(&org.path)?;
    let on = on.unwrap_or_else(|| app.today());
    let req = Requirements::in_force(&app.policy, on).map_err(policy_error)?;
    let children = orgs::child_orgs(&mut conn, &org.id).await?;
    drop(conn);
    let line = |o: &Org, own: bool| UnitLine {
        org_id: o.id.clone(),
        name: o.name.clone(),
        own,
        cadres: 0,
        assessed: 0,
        compliant: 0,
        rate_permille: 0,
    };
    let mut units: Vec<UnitLine> =
        std::iter::once(line(&org, true)).chain(children.iter().map(|c| line(c, false))).collect();
    let index: HashMap<String, usize> = children.iter().enumerate().map(|(i, c)| (c.path.clone(), i + 1)).collect();
    let mut total = line(&org, false);
    let unit_of = |path: &str| child_of(&root, path).and_then(|p| index.get(p).copied()).unwrap_or(0);
    let (figures, months) = (req.figures(), req.window_months());

    let mut snap = app.db.snapshot().await?;
    for count in standing::count_by_path(&mut snap, &root, on, months, &figures).await? {
        for line in [&mut units[unit_of(&count.org_path)], &mut total] {
            line.cadres += count.cadres;
            line.assessed += count.assessed;
            line.compliant += count.compliant;
        }
    }
    let mut short = standing::most_short(&mut snap, &root, on, months, &figures, keep).await?;
    let stale = standing::stale(&mut snap, &root, on, months).await?;
    let refresh = on == app.today();
    for chunk in stale.chunks(REFRESH_CHUNK) {
        let computed = recompute(&mut snap, chunk, on, months).await?;
        for (row, s) in &computed {
            let progress = req.evaluate(u8::try_from(row.rank_level).unwrap_or(0), &s.totals);
            let assessed = !progress.checks.is_empty();
            let compliant = assessed && progress.compliant();
            for line in [&mut units[unit_of(&row.org_path)], &mut total] {
                line.cadres += 1;
                line.assessed += u64::from(assessed);
                line.compliant += u64::from(compliant);
            }
            if assessed && !compliant {
                short.push(standing::Short {
                    cadre_id: row.cadre_id.clone(),
                    org_path: row.org_path.clone(),
                    hours_short: progress.hours_short(),
                    credits_short_centi: progress.credits_short_centi(),
                });
            }
        }
        if short.len() > keep.saturating_mul(2).max(REFRESH_CHUNK) {
            short.sort_by(most_short_first);
            short.truncate(keep);
        }
        if refresh {
            write_back(app, ("org", &org.id), on, months, &computed).await?;
        }
    }
    drop(snap);
    short.sort_by(most_short_first);
    short.truncate(keep);
    for line in units.iter_mut().chain(std::iter::once(&mut total)) {
        line.rate_permille = rate_permille(line.compliant, line.assessed);
    }
    let short_total = total.assessed - total.compliant;
    let mut conn = app.db.read().await?;
    let mut people = HashMap::new();
    let mut unit_names = HashMap::new();
    for chunk in short.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|s| s.cadre_id.clone()).collect();
        people.extend(cadres::by_ids(&mut conn, &ids).await?.into_iter().map(|c| (c.id.clone(), c)));
        let mut paths: Vec<String> = chunk.iter().map(|s| s.org_path.clone()).collect();
        paths.sort();
        paths.dedup();
        unit_names.extend(orgs::by_paths(&mut conn, &paths).await?.into_iter().map(|o| (o.path, o.name)));
    }
    let short = short
        .into_iter()
        .map(|s| {
            let cadre = people.remove(&s.cadre_id);
            ShortLine {
                hours_short: s.hours_short,
                credits_short_centi: s.credits_short_centi,
                unmet: unmet_rules(cadre.as_ref().map_or(99, |c| c.rank_level), s.hours_short, s.credits_short_centi),
                name: cadre.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
                current_post: cadre.map(|c| c.current_post).unwrap_or_default(),
                org_name: unit_names.get(&s.org_path).cloned().unwrap_or_default(),
                cadre_id: s.cadre_id,
                org_path: s.org_path,
            }
        })
        .collect();
    Ok(Compliance {
        org_id: org.id.clone(),
        org_name: org.name.clone(),
        on: on.to_string(),
        total,
        units,
        short,
        short_total,
    })
}

/// Writes recomputed totals back in one transaction, recorded as the system's refresh of a
/// derived table (no user's action: reading a report changes no state anyone sees).
///
/// The totals are computed from a snapshot, outside the write: that is expensive pure work, and
/// it decides nothing. Each row is written only if it still has the version that was read
/// (`standing::write_back`), so a record written meanwhile keeps its row stale — the write
/// cannot undo a newer state.
async fn write_back(
    app: &App,
    subject: (&str, &str),
    on: Date,
    months: i64,
    rows: &[(&standing::StaleRow, Standing)],
) -> AppResult<u64> {
    let mut tx = app.db.write().await?;
    let written = standing::write_back(&mut tx, months, rows).await?;
    let detail = serde_json::json!({"on": on.to_string(), "rows": rows.len(), "written": written});
    app.record(&mut tx, &Actor::system_for_cli(), "training.standing.refresh", subject, detail, &[]).await?;
    tx.commit().await?;
    Ok(written)
}

/// Recomputes every cadre's kept totals that do not hold on `on` (run at start-up and daily by
/// the server, and by `jianquan refresh-training`), so that the day's first reports need not.
/// Returns how many rows were written.
pub async fn refresh_standings(app: &App, on: Date) -> AppResult<u64> {
    let req = Requirements::in_force(&app.policy, on).map_err(policy_error)?;
    let months = req.window_months();
    let (mut written, mut after) = (0, String::new());
    loop {
        let mut conn = app.db.read().await?;
        let stale = standing::stale_after(&mut conn, &after, on, months, REFRESH_CHUNK as i64).await?;
        let Some(last) = stale.last() else {
            return Ok(written);
        };
        after = last.cadre_id.clone();
        let computed = recompute(&mut conn, &stale, on, months).await?;
        drop(conn);
        // A row whose record was written meanwhile stays stale for the next pass (or report).
        written += write_back(app, ("training_standing", "all"), on, months, &computed).await?;
    }
}

/// Stale rows' totals on `on`, recomputed from their records (one query per 500 cadres).
async fn recompute<'a>(
    conn: &mut jianquan_storage::Conn,
    rows: &'a [standing::StaleRow],
    on: Date,
    months: i64,
) -> AppResult<Vec<(&'a standing::StaleRow, Standing)>> {
    let ids: Vec<&str> = rows.iter().map(|r| r.cadre_id.as_str()).collect();
    let facts = standing::facts_of(conn, &ids).await?;
    Ok(rows
        .iter()
        .map(|r| (r, standing_of(facts.get(&r.cadre_id).map_or(&[][..], Vec::as_slice), on, months)))
        .collect())
}

/// The path of the child of `root` that holds `path`, if `path` is below `root`.
fn child_of<'a>(root: &OrgPath, path: &'a str) -> Option<&'a str> {
    let base = root.as_str().len();
    let rest = path.get(base..)?;
    let cut = rest.find('/')?;
    path.get(..base + cut + 1)
}

/// How many short cadres an export holds at most.
pub const EXPORT_CAP: usize = 100_000;

/// Who is short and by how much, as an xlsx workbook (most short first, up to [`EXPORT_CAP`]
/// rows). The export is a ledger entry, as every export is.
pub async fn short_list_xlsx(app: &App, actor: &Actor, org_id: Option<&str>, on: Option<Date>) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    actor.require(Capability::RegistryExport)?;
    let report = report(app, actor, org_id, on, EXPORT_CAP).await?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| AppError::internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("培训未达标人员").map_err(xlsx)?;
    let headers = ["序号", "姓名", "单位路径", "差学时", "差学分", "截至日期"];
    for (i, title) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(i).unwrap_or(0), title, &bold).map_err(xlsx)?;
    }
    let mut conn = app.db.read().await?;
    let paths: Vec<String> = report.short.iter().map(|l| l.org_path.clone()).collect();
    let names = unit_names(&mut conn, &paths).await?;
    for (i, line) in report.short.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_number(row, 0, (i + 1) as f64).map_err(xlsx)?;
        sheet.write_string(row, 1, &line.name).map_err(xlsx)?;
        sheet
            .write_string(row, 2, names.get(&line.org_path).map_or(line.org_path.as_str(), String::as_str))
            .map_err(xlsx)?;
        sheet.write_number(row, 3, line.hours_short as f64).map_err(xlsx)?;
        sheet
            .write_string(row, 4, jianquan_domain::training::course::format_centi(line.credits_short_centi))
            .map_err(xlsx)?;
        sheet.write_string(row, 5, &report.on).map_err(xlsx)?;
    }
    if report.short_total > report.short.len() as u64 {
        let note = format!(
            "仅导出差距最大的 {} 人，共 {} 人未达标 (only the {} most short of {} were exported)",
            report.short.len(),
            report.short_total,
            report.short.len(),
            report.short_total
        );
        sheet.write_string(u32::try_from(report.short.len() + 1).unwrap_or(u32::MAX), 0, note).map_err(xlsx)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    drop(conn);
    let detail = serde_json::json!({"org_id": report.org_id, "on": report.on, "rows": report.short.len(), "short_total": report.short_total});
    log_export(app, actor, detail).await?;
    Ok(bytes)
}

/// Records what an export handed out. It decides nothing on stored state, so the report is not
/// read again under the writer's lock.
async fn log_export(app: &App, actor: &Actor, detail: serde_json::Value) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    app.record(&mut tx, actor, "training.export.short", ("export", &crate::context::new_id()), detail, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// The org names of the given paths (one query), for readable exports.
async fn unit_names(conn: &mut jianquan_storage::Conn, paths: &[String]) -> AppResult<HashMap<String, String>> {
    let mut unique: Vec<String> = paths.to_vec();
    unique.sort();
    unique.dedup();
    let mut names = HashMap::new();
    for chunk in unique.chunks(500) {
        for org in orgs::by_paths(conn, chunk).await? {
            names.insert(org.path.clone(), org.name.clone());
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_holding_a_path() {
        let root = OrgPath::parse("/1/").unwrap();
        assert_eq!(child_of(&root, "/1/7/23/"), Some("/1/7/"));
        assert_eq!(child_of(&root, "/1/7/"), Some("/1/7/"));
        assert_eq!(child_of(&root, "/1/"), None);
    }

    #[test]
    fn a_rate_is_rounded_not_truncated() {
        assert_eq!(rate_permille(1, 24), 42);
        assert_eq!(rate_permille(2, 3), 667);
        assert_eq!(rate_permille(1, 3), 333);
        assert_eq!(rate_permille(0, 0), 0);
    }

    #[test]
    fn a_short_cadre_fails_the_hours_rule_of_their_band_and_the_credits_rule() {
        assert_eq!(unmet_rules(5, 10, 0), ["TRN-COUNTY-5Y"]);
        assert_eq!(unmet_rules(7, 10, 150), ["TRN-TOWNSHIP-YEAR", "TRN-CREDITS"]);
        assert!(unmet_rules(7, 0, 0).is_empty());
    }
}
