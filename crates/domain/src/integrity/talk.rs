//! Talk records (谈话): reminder 提醒, warning 警示, admonishment 诫勉, integrity 廉政.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Errors, Invalid};
use crate::registry::codes::{CodeSet, c};
use crate::registry::dossier::{code, date, text};

pub static TALK_KIND: CodeSet = CodeSet {
    name: "谈话类别 talk kind",
    codes: &[
        c("reminder", "提醒谈话", "reminder talk"),
        c("warning", "警示谈话", "warning talk"),
        c("admonishment", "诫勉谈话", "admonishment talk"),
        c("integrity", "廉政谈话", "integrity talk"),
    ],
};

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TalkInput {
    pub cadre_id: String,
    pub kind: String,
    /// Who held the talk (name and post).
    pub talker: String,
    pub date: String,
    pub content: String,
    /// Document number of an admonishment decision, if any.
    pub document_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talk {
    pub cadre_id: String,
    pub kind: &'static str,
    pub talker: String,
    pub date: Date,
    pub content: String,
    pub document_number: String,
}

impl TalkInput {
    /// Parses a talk held on or before `today`.
    pub fn parse(&self, today: Date) -> Result<Talk, Invalid> {
        let mut e = Errors::default();
        if self.cadre_id.trim().is_empty() {
            e.push(crate::FieldError::new("cadre_id", "必填", "required"));
        }
        let kind = code(&mut e, &TALK_KIND, "kind", &self.kind);
        let talker = text(&mut e, "talker", &self.talker, true, 100);
        let day = date(&mut e, "date", &self.date);
        if day.is_some_and(|d| d > today) {
            e.push(crate::FieldError::new("date", "谈话日期不能晚于今天", "the talk cannot be dated after today"));
        }
        let content = text(&mut e, "content", &self.content, true, 4000);
        let document_number = text(&mut e, "document_number", &self.document_number, false, 100);
        e.finish()?;
        match (kind, day) {
            (Some(kind), Some(date)) => {
                Ok(Talk { cadre_id: self.cadre_id.trim().to_owned(), kind, talker, date, content, document_number })
            }
            _ => Err(Invalid::one("kind", "输入有误", "invalid input")),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_talk_needs_its_kind_talker_date_and_content() {
        let ok = TalkInput {
            cadre_id: "c".into(),
            kind: "警示谈话".into(),
            talker: "市纪委 王书记".into(),
            date: "2026-11-20".into(),
            content: "就信访反映问题进行警示".into(),
            document_number: String::new(),
        };
        assert_eq!(ok.parse(date!(2026 - 11 - 26)).unwrap().kind, "warning");
        let future = TalkInput { date: "2026-12-01".into(), ..ok.clone() };
        assert_eq!(future.parse(date!(2026 - 11 - 26)).unwrap_err().fields[0].field, "date");
        let empty = TalkInput { content: " ".into(), kind: "chat".into(), ..ok };
        let fields: Vec<String> =
            empty.parse(date!(2026 - 11 - 26)).unwrap_err().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["kind", "content"]);
    }
}
