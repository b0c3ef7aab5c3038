//! A large roster spreadsheet for the import benchmark (`jianquan roster-xlsx`): valid, unique,
//! deterministic rows in the import template's columns, all in one org.

use jianquan_domain::registry::resident_id::with_check_char;
use rust_xlsxwriter::Workbook;
use time::{Date, Duration, Month};

use crate::demo::names;
use crate::demo::rng::Rng;
use crate::{AppError, AppResult};

const HEADER: [&str; 9] =
    ["姓名", "性别", "出生日期", "民族", "身份证号码", "政治面貌", "所在单位", "职务职级", "现任职务"];
const RANKS: [&str; 4] = ["一级科员", "四级主任科员", "二级主任科员", "乡科级副职"];

/// An xlsx of `rows` cadres in `org` (its ID, number or exact name). ID numbers use the region
/// code 3710xx with xx = seed mod 100, which no demo or generated cadre uses, so files of
/// different seeds import into those databases and into each other's.
pub fn roster_xlsx(rows: usize, seed: u64, org: &str) -> AppResult<Vec<u8>> {
    let mut rng = Rng::stream(seed, 0x0F11E);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let write = |e: rust_xlsxwriter::XlsxError| AppError::internal(format!("xlsx: {e}"));
    for (col, title) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *title).map_err(write)?;
    }
    let first_day = Date::from_calendar_date(1966, Month::January, 1).map_err(AppError::internal)?;
    for i in 0..rows {
        // 12,000 birth dates × 500 odd/even sequence numbers: unique up to 6,000,000 rows.
        let birth = first_day + Duration::days((i % 12_000) as i64);
        let male = i % 2 == 0;
        let sequence = (i / 12_000) % 500 * 2 + usize::from(male);
        let first17 =
            format!("3710{:02}{}{:02}{:02}{sequence:03}", seed % 100, birth.year(), birth.month() as u8, birth.day());
        let row = (i + 1) as u32;
        let cells = [
            names::full(&mut rng, male),
            (if male { "男" } else { "女" }).to_owned(),
            birth.to_string(),
            "汉族".to_owned(),
            with_check_char(&first17),
            "中共党员".to_owned(),
            org.to_owned(),
            RANKS[i % RANKS.len()].to_owned(),
            "科员".to_owned(),
        ];
        for (col, value) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, value).map_err(write)?;
        }
    }
    book.save_to_buffer().map_err(write)
}
