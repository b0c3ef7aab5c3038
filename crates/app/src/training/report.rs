//! Where cadres and units stand against the training requirements: a cadre's progress and
//! shortfall, and a unit's compliance rate with the list of who is short and by how much. The
//! report streams one row per cadre out of one statement and judges each with the domain's rule.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::{Progress, Requirements, Totals};
use jianquan_storage::registry::orgs::{self, Org};
use jianquan_storage::training::{self as store, CourseRow, EnrolmentRow, RecordRow, Window};
use serde::Serialize;
use time::Date;

use crate::training::{policy_error, subject};
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
    pub records: Vec<RecordRow>,
    pub courses: Vec<(CourseRow, EnrolmentRow)>,
}

fn window(req: &Requirements) -> Window {
    Window { window_after: req.window_after(), year_start: req.year_start(), on: req.on }
}

pub async fn cadre_training(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<CadreTraining> {
    let cadre = subject(app, actor, cadre_id, Capability::TrainingRead).await?;
    let today = app.today();
    let req = Requirements::in_force(&app.policy, today).map_err(policy_error)?;
    let mut conn = app.db.read().await?;
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
        records: store::records_of(&mut conn, cadre_id).await?,
        courses: store::courses_of(&mut conn, cadre_id).await?,
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema)]
pub struct ShortLine {
    pub hours_short: u64,
    pub credits_short_centi: u64,
    pub name: String,
    pub cadre_id: String,
    pub org_path: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    pub org_id: String,
    pub org_name: String,
    pub on: String,
    pub total: UnitLine,
    /// The org itself (its own cadres) and each child unit with its subtree.
    pub units: Vec<UnitLine>,
    /// The most short first: hours, then credits.
    pub short: Vec<ShortLine>,
    pub short_total: u64,
}

/// How many of the most-short cadres a report lists.
pub const SHORT_LIST: usize = 200;

/// The compliance report of an org's subtree on `on` (today if `None`).
pub async fn compliance(app: &App, actor: &Actor, org_id: Option<&str>, on: Option<Date>) -> AppResult<Compliance> {
    report(app, actor, org_id, on, SHORT_LIST).await
}

/// The report keeping the `keep` most short cadres.
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
    let mut units: Vec<UnitLine> = std::iter::once((&org, true))
        .chain(children.iter().map(|c| (c, false)))
        .map(|(o, own)| UnitLine {
            org_id: o.id.clone(),
            name: o.name.clone(),
            own,
            cadres: 0,
            assessed: 0,
            compliant: 0,
            rate_permille: 0,
        })
        .collect();
    let index: HashMap<String, usize> = children.iter().enumerate().map(|(i, c)| (c.path.clone(), i + 1)).collect();
    let mut total = UnitLine {
        org_id: org.id.clone(),
        name: org.name.clone(),
        own: false,
        cadres: 0,
        assessed: 0,
        compliant: 0,
        rate_permille: 0,
    };
    let mut heap: BinaryHeap<Reverse<ShortLine>> = BinaryHeap::new();
    let mut short_total = 0;
    store::for_each_report_row(&mut conn, &root, &window(&req), |row| {
        let progress = req.evaluate(u8::try_from(row.rank_level).unwrap_or(0), &row.totals);
        let unit = child_of(&root, &row.org_path).and_then(|p| index.get(p).copied()).unwrap_or(0);
        let assessed = !progress.checks.is_empty();
        let compliant = assessed && progress.compliant();
        for line in [&mut units[unit], &mut total] {
            line.cadres += 1;
            line.assessed += u64::from(assessed);
            line.compliant += u64::from(compliant);
        }
        if assessed && !compliant {
            short_total += 1;
            let line = ShortLine {
                hours_short: progress.hours_short(),
                credits_short_centi: progress.credits_short_centi(),
                name: row.name,
                cadre_id: row.cadre_id,
                org_path: row.org_path,
            };
            heap.push(Reverse(line));
            if heap.len() > keep {
                heap.pop();
            }
        }
    })
    .await?;
    for line in units.iter_mut().chain(std::iter::once(&mut total)) {
        line.rate_permille = (line.compliant * 1000).checked_div(line.assessed).unwrap_or(0);
    }
    let mut short: Vec<ShortLine> = heap.into_iter().map(|Reverse(l)| l).collect();
    short.sort_by(|a, b| b.cmp(a));
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
    let mut tx = app.db.write().await?;
    let detail = serde_json::json!({"org_id": report.org_id, "on": report.on, "rows": report.short.len(), "short_total": report.short_total});
    app.record(&mut tx, actor, "training.export.short", ("export", &crate::context::new_id()), detail, &[]).await?;
    tx.commit().await?;
    Ok(bytes)
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
}
