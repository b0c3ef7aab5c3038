//! The blank workbook to fill in for an import: the header row in Chinese, one example row,
//! and a second sheet "说明" listing every column, whether it is required, and the accepted codes.

use jianquan_domain::registry::codes::{CodeSet, ETHNICITY, GENDER, POLITICAL_STATUS};
use jianquan_domain::registry::org::{ORG_KIND, ORG_LEVEL};
use jianquan_domain::registry::rank::RANKS;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::transfer::ImportKind;
use crate::transfer::columns::{CellKind, columns};
use crate::{AppError, AppResult};

fn xlsx(error: XlsxError) -> AppError {
    AppError::internal(format!("writing xlsx: {error}"))
}

/// The accepted values of the coded columns of a kind, as (title, values).
fn code_lists(kind: ImportKind) -> Vec<(&'static str, String)> {
    let labels = |set: &CodeSet| set.codes.iter().map(|c| c.zh).collect::<Vec<_>>().join("、");
    let ranks = RANKS.iter().map(|r| r.zh).collect::<Vec<_>>().join("、");
    match kind {
        ImportKind::Cadres => vec![
            ("性别", labels(&GENDER)),
            ("民族", labels(&ETHNICITY)),
            ("政治面貌", labels(&POLITICAL_STATUS)),
            ("职务职级", ranks),
        ],
        ImportKind::Orgs => vec![("单位类别", labels(&ORG_KIND)), ("级别", labels(&ORG_LEVEL))],
        ImportKind::Posts => vec![("职务职级", ranks), ("中层 / 重点岗位", "是、否".to_owned())],
    }
}

fn sheet_name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Orgs => "单位",
        ImportKind::Posts => "职务",
        ImportKind::Cadres => "干部",
    }
}

fn write_data_sheet(sheet: &mut Worksheet, kind: ImportKind, bold: &Format, text: &Format) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(kind))?;
    for (i, column) in columns(kind).iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        if matches!(column.kind, CellKind::IdNumber | CellKind::Date) {
            // Text cells keep all 18 digits of an ID number and dates exactly as typed.
            sheet.set_column_format(col, text)?;
        }
        sheet.set_column_width(col, if column.kind == CellKind::IdNumber { 22 } else { 14 })?;
        sheet.write_string_with_format(0, col, column.zh, bold)?;
        sheet.write_string_with_format(1, col, column.example, text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_notes_sheet(sheet: &mut Worksheet, kind: ImportKind, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("说明")?;
    for (col, title) in ["列名", "字段名(英文列名)", "必填", "说明", "Note"].into_iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(col).unwrap_or(0), title, bold)?;
    }
    let mut row = 1;
    for column in columns(kind) {
        sheet.write_string(row, 0, column.zh)?;
        sheet.write_string(row, 1, column.field)?;
        sheet.write_string(row, 2, if column.required { "是" } else { "否" })?;
        sheet.write_string(row, 3, column.note.0)?;
        sheet.write_string(row, 4, column.note.1)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "可填写的值", bold)?;
    for (title, values) in code_lists(kind) {
        row += 1;
        sheet.write_string(row, 0, title)?;
        sheet.write_string(row, 3, values)?;
    }
    row += 2;
    let rules = "首行为列名;每行一条记录;全部行校验通过后才写入,任何一行有误则不写入并列出每个问题。单元格不得含公式,不得超过2000个字符。";
    sheet.write_string(row, 0, rules)?;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 20)?;
    sheet.set_column_width(3, 60)?;
    sheet.set_column_width(4, 60)?;
    Ok(())
}

/// The import template of a kind, as xlsx bytes.
pub fn template_xlsx(kind: ImportKind) -> AppResult<Vec<u8>> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    write_data_sheet(workbook.add_worksheet(), kind, &bold, &text).map_err(xlsx)?;
    write_notes_sheet(workbook.add_worksheet(), kind, &bold).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}
