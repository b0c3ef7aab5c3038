//! Reading an uploaded workbook: the first sheet, streamed cell by cell (no whole-sheet copy in
//! memory), its first non-empty row taken as the header. Each data row becomes a [`Record`] of
//! text values in the kind's column order; cells that cannot be taken as they are (formulas,
//! error values, over-long text, ID numbers stored as numbers) are reported and left empty.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use jianquan_domain::Msg;

use crate::transfer::cells::cell_text;
use crate::transfer::columns::{CellKind, Column, column_for};
use crate::transfer::problems::Problems;

/// Characters a cell may hold at most.
pub const MAX_CELL_CHARS: usize = 2000;

/// One data row.
#[derive(Debug)]
pub struct Record {
    /// The row number Excel shows.
    pub row: usize,
    /// One value per column of the kind, empty where the column is absent or the cell empty.
    pub values: Vec<String>,
    /// Fields whose cell was refused while reading; their (emptied) value is not reported again.
    pub refused: Vec<&'static str>,
}

/// The header row: which sheet column holds which of the kind's columns.
struct Header {
    by_sheet_column: HashMap<u32, usize>,
    /// Missing required columns: rows cannot be read meaningfully.
    unusable: bool,
    /// Sheet columns that hold data but have no title (reported once).
    untitled_with_data: Vec<u32>,
    row: usize,
}

fn damaged(problems: &mut Problems, error: &XlsxError) {
    problems.file(
        format!("文件不是有效的 xlsx 工作簿,或已损坏、不完整({error})"),
        format!("the file is not a valid xlsx workbook, or it is damaged or truncated ({error})"),
    );
}

/// Reads the first sheet, calling `visit` for each non-empty data row; returns the number of data rows.
pub fn read(
    bytes: &[u8],
    columns: &'static [Column],
    problems: &mut Problems,
    mut visit: impl FnMut(Record, &mut Problems),
) -> usize {
    if let Err(refused) = crate::transfer::inflation::check(bytes) {
        problems.file(refused.zh, refused.en);
        return 0;
    }
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => {
            damaged(problems, &error);
            return 0;
        }
    };
    let Some(name) = workbook.sheet_names().into_iter().next() else {
        problems.file("工作簿中没有工作表", "the workbook has no sheet");
        return 0;
    };
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        Err(error) => {
            damaged(problems, &error);
            return 0;
        }
    };
    let mut header: Option<Header> = None;
    let mut rows = 0;
    let mut current: Vec<(u32, DataRef<'_>, bool)> = Vec::new();
    let mut current_row = 0;
    loop {
        let cell = match reader.next_cell_with_formula_metadata() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(error) => {
                damaged(problems, &error);
                break;
            }
        };
        if cell.pos.0 != current_row && !current.is_empty() {
            take_row(current_row, &mut current, columns, &mut header, &mut rows, problems, &mut visit);
        }
        current_row = cell.pos.0;
        current.push((cell.pos.1, cell.value, cell.formula.is_some()));
    }
    if !current.is_empty() {
        take_row(current_row, &mut current, columns, &mut header, &mut rows, problems, &mut visit);
    }
    match header {
        None => problems.file("工作表为空", "the sheet is empty"),
        Some(header) => {
            if !header.untitled_with_data.is_empty() {
                problems.push(header.row, "header", Msg::new("有数据的列缺少列名", "a column with data has no title"));
            }
            if rows == 0 {
                problems.file("表头下没有数据行", "there are no data rows below the header");
            }
        }
    }
    rows
}

fn is_blank(value: &DataRef<'_>) -> bool {
    match value {
        DataRef::Empty => true,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().is_empty(),
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn take_row<'a>(
    row_index: u32,
    cells: &mut Vec<(u32, DataRef<'a>, bool)>,
    columns: &'static [Column],
    header: &mut Option<Header>,
    rows: &mut usize,
    problems: &mut Problems,
    visit: &mut impl FnMut(Record, &mut Problems),
) {
    let row = row_index as usize + 1;
    let blank = cells.iter().all(|(_, value, formula)| is_blank(value) && !formula);
    let taken: Vec<(u32, DataRef<'a>, bool)> = std::mem::take(cells);
    if blank {
        return;
    }
    let Some(head) = header.as_mut() else {
        *header = Some(read_header(row, &taken, columns, problems));
        return;
    };
    *rows += 1;
    if head.unusable {
        return;
    }
    let mut record = Record { row, values: vec![String::new(); columns.len()], refused: Vec::new() };
    for (sheet_column, value, formula) in taken {
        let Some(&index) = head.by_sheet_column.get(&sheet_column) else {
            if !is_blank(&value) && !head.untitled_with_data.contains(&sheet_column) {
                head.untitled_with_data.push(sheet_column);
            }
            continue;
        };
        let column = &columns[index];
        let text = if formula {
            Err(Msg::new("单元格含有公式,请改为填写数值", "the cell holds a formula; enter the value itself"))
        } else {
            cell_text(&value, column.kind)
        };
        match text {
            Ok(text) => record.values[index] = text,
            Err(message) => {
                problems.push(row, column.field, message);
                record.refused.push(column.field);
            }
        }
    }
    visit(record, problems);
}

fn read_header(
    row: usize,
    cells: &[(u32, DataRef<'_>, bool)],
    columns: &'static [Column],
    problems: &mut Problems,
) -> Header {
    let mut by_sheet_column = HashMap::new();
    let mut unknown = Vec::new();
    for (sheet_column, value, _) in cells {
        let title = cell_text(value, CellKind::Text).unwrap_or_default();
        let title = title.trim();
        if title.is_empty() {
            continue;
        }
        match column_for(columns, title) {
            Some(index) if by_sheet_column.values().any(|&i| i == index) => problems.push(
                row,
                "header",
                Msg::new(format!("列“{title}”重复出现"), format!("the column \"{title}\" appears twice")),
            ),
            Some(index) => {
                by_sheet_column.insert(*sheet_column, index);
            }
            None => unknown.push(title.chars().take(40).collect::<String>()),
        }
    }
    if !unknown.is_empty() {
        let list = unknown.join("、");
        problems.push(
            row,
            "header",
            Msg::new(format!("无法识别的列:{list}"), format!("unknown columns: {}", unknown.join(", "))),
        );
    }
    let mut unusable = false;
    for (index, column) in columns.iter().enumerate() {
        if column.required && !by_sheet_column.values().any(|&i| i == index) {
            unusable = true;
            problems.push(
                row,
                column.field,
                Msg::new(
                    format!("缺少必填列“{}”", column.zh),
                    format!("the required column \"{}\" ({}) is missing", column.zh, column.field),
                ),
            );
        }
    }
    Header { by_sheet_column, unusable, untitled_with_data: Vec::new(), row }
}
