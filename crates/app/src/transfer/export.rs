//! Exporting the cadre list to xlsx: the same rows the list page shows for the same query
//! (scope included), with labels instead of codes and ID numbers masked. Exporting personal
//! data is recorded in the ledger with the query that selected it.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::Rank;
use jianquan_domain::registry::codes::{ETHNICITY, GENDER, POLITICAL_STATUS};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde_json::json;

use crate::context::new_id;
use crate::registry::cadres::{CadreQuery, CadreSummary, list_cadres};
use crate::{Actor, App, AppError, AppResult};

/// Rows exported at most; a last row says so when the list is longer.
pub const EXPORT_CAP: usize = 100_000;

/// Rows fetched per page (the list's largest page).
const PAGE: i64 = 200;

const HEADERS: [&str; 11] = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "民族",
    "政治面貌",
    "所在单位",
    "职务职级",
    "现任职务",
    "身份证号码(已脱敏)",
];

fn xlsx(error: XlsxError) -> AppError {
    AppError::internal(format!("writing xlsx: {error}"))
}

fn write_row(sheet: &mut Worksheet, row: u32, number: usize, c: &CadreSummary) -> Result<(), XlsxError> {
    let rank = c.rank.as_deref().map(|code| Rank::get(code).map_or(code, |r| r.zh)).unwrap_or_default();
    sheet.write_number(row, 0, u32::try_from(number).unwrap_or(u32::MAX))?;
    let texts = [
        c.name.clone(),
        GENDER.label(&c.gender, "zh"),
        c.birth_date.clone(),
        c.age.to_string(),
        ETHNICITY.label(&c.ethnicity, "zh"),
        POLITICAL_STATUS.label(&c.political_status, "zh"),
        c.org_name.clone(),
        rank.to_owned(),
        c.current_post.clone(),
        c.id_number_masked.clone(),
    ];
    for (i, text) in texts.into_iter().enumerate() {
        sheet.write_string(row, u16::try_from(i + 1).unwrap_or(u16::MAX), text)?;
    }
    Ok(())
}

/// The filtered cadre list as xlsx bytes (at most [`EXPORT_CAP`] rows); the export is recorded.
pub async fn export_cadres_xlsx(app: &App, actor: &Actor, query: &CadreQuery) -> AppResult<Vec<u8>> {
    actor.require(Capability::RegistryExport)?;
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("干部名册").map_err(xlsx)?;
    for (i, title) in HEADERS.into_iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(i).unwrap_or(0), title, &bold).map_err(xlsx)?;
    }
    let mut paged = CadreQuery { per_page: PAGE.to_string(), ..query.clone() };
    // Page until a short page: the list's total is only counted up to a cap, so it cannot say
    // how many pages there are.
    let (mut written, mut page, mut more) = (0_usize, 1_i64, false);
    loop {
        paged.page = page.to_string();
        let result = list_cadres(app, actor, &paged).await?;
        for cadre in &result.items {
            if written == EXPORT_CAP {
                more = true;
                break;
            }
            written += 1;
            write_row(sheet, u32::try_from(written).unwrap_or(u32::MAX), written, cadre).map_err(xlsx)?;
        }
        if more || i64::try_from(result.items.len()).unwrap_or(0) < result.per_page {
            break;
        }
        page += 1;
    }
    if more {
        let note = format!(
            "仅导出前 {written} 条;请缩小筛选范围 (only the first {written} rows were exported; narrow the filter)"
        );
        sheet.write_string(u32::try_from(written + 1).unwrap_or(u32::MAX), 0, note).map_err(xlsx)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    let mut tx = app.db.write().await?;
    let detail = json!({"query": query, "rows": written, "capped": more});
    app.record(&mut tx, actor, "registry.export.cadres", ("export", &new_id()), detail, &[]).await?;
    tx.commit().await?;
    Ok(bytes)
}
