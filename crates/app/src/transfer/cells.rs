//! Turning one spreadsheet cell into the text the domain parsers read: Excel dates and serial
//! numbers become `YYYY-MM-DD`, whole numbers lose their `.0`, and what cannot be trusted is
//! refused with a message (an ID number stored as a number has already lost digits).

use calamine::DataRef;
use jianquan_domain::Msg;
use jianquan_domain::registry::dates::date_from_ymd;
use time::{Date, Duration};

use crate::transfer::columns::CellKind;
use crate::transfer::sheet::MAX_CELL_CHARS;

fn bounded(text: &str) -> Result<String, Msg> {
    // A byte length within the bound is within it in characters too; count only when needed.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(Msg::new(
            format!("单元格内容超过 {MAX_CELL_CHARS} 个字符"),
            format!("the cell holds more than {MAX_CELL_CHARS} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// A whole number without `.0`; other numbers as Rust writes them.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

/// The date of an Excel serial day number (1900 date system; serial 60 is Excel's 1900-02-29).
pub fn serial_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = date_from_ymd(1899, 12, if days < 60 { 31 } else { 30 })?;
    if days == 60 {
        return None;
    }
    epoch.checked_add(Duration::days(days))
}

fn serial_text(serial: f64) -> Result<String, Msg> {
    serial_date(serial).map(|d| d.to_string()).ok_or_else(|| {
        Msg::new(
            format!("{} 不是有效的日期", number_text(serial)),
            format!("{} is not a valid date", number_text(serial)),
        )
    })
}

fn id_as_number() -> Msg {
    Msg::new(
        "身份证号码被存为数字,Excel 只保留15位有效数字,号码已失真;请将该列设为文本格式后重新填写",
        "the ID number is stored as a number and Excel keeps only 15 significant digits, so digits were lost; \
         format the column as text and enter the number again",
    )
}

/// The text of a cell read as `kind`.
pub fn cell_text(value: &DataRef<'_>, kind: CellKind) -> Result<String, Msg> {
    match value {
        DataRef::Empty => Ok(String::new()),
        DataRef::String(s) => bounded(s),
        DataRef::SharedString(s) => bounded(s),
        DataRef::Float(f) => match kind {
            CellKind::IdNumber => Err(id_as_number()),
            CellKind::Date => serial_text(*f),
            CellKind::Text => Ok(number_text(*f)),
        },
        DataRef::Int(n) => match kind {
            CellKind::Date => serial_text(*n as f64),
            _ => Ok(n.to_string()),
        },
        DataRef::Bool(b) => Ok(if *b { "是" } else { "否" }.to_owned()),
        DataRef::DateTime(dt) if dt.is_duration() => {
            Err(Msg::new("单元格是时长而不是日期", "the cell holds a duration, not a date"))
        }
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Ok(format!("{y:04}-{m:02}-{d:02}"))
        }
        DataRef::DateTimeIso(s) => Ok(s.get(..10).unwrap_or(s).to_owned()),
        DataRef::DurationIso(s) => bounded(s),
        DataRef::Error(e) => {
            Err(Msg::new(format!("单元格为错误值 {e}"), format!("the cell holds the error value {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn serial_numbers_become_dates_around_excels_leap_day() {
        assert_eq!(serial_date(1.0), Some(date!(1900 - 01 - 01)));
        assert_eq!(serial_date(59.0), Some(date!(1900 - 02 - 28)));
        assert_eq!(serial_date(60.0), None);
        assert_eq!(serial_date(61.0), Some(date!(1900 - 03 - 01)));
        assert_eq!(serial_date(28614.0), Some(date!(1978 - 05 - 04)));
        assert_eq!(serial_date(0.0), None);
    }

    #[test]
    fn an_id_number_stored_as_a_number_is_refused() {
        let err = cell_text(&DataRef::Float(3.70502197805041e17), CellKind::IdNumber).unwrap_err();
        assert!(err.en.contains("15 significant digits"));
        assert_eq!(cell_text(&DataRef::Float(7.0), CellKind::Text).unwrap(), "7");
    }

    #[test]
    fn an_over_long_cell_is_refused() {
        let long = "长".repeat(MAX_CELL_CHARS + 1);
        assert!(cell_text(&DataRef::SharedString(&long), CellKind::Text).is_err());
        let fits = "长".repeat(MAX_CELL_CHARS);
        assert!(cell_text(&DataRef::SharedString(&fits), CellKind::Text).is_ok());
    }
}
