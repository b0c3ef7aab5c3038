//! Who decided a cadre's current post or rank (SEL-COLLECTIVE): a selection case of this system,
//! whose committee voted, or another body whose decision is recorded here with its document —
//! a higher party committee, a people's congress electing, its standing committee appointing,
//! the government appointing on the party's nomination. Nothing else changes a current post or
//! rank: not a plain edit of the cadre, not a tenure added to the résumé.

use serde::Serialize;

use crate::error::{FieldError, Refusal};

/// The body whose decision put a cadre in a post or raised their rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// This system's selection case (纪实), decided by its committee's vote.
    SelectionCase,
    /// A higher party committee (上级党委（党组）决定).
    HigherPartyCommittee,
    /// Elected by a people's congress (人民代表大会选举).
    CongressElection,
    /// Appointed by a people's congress standing committee (人大常委会任命).
    CongressStandingCommittee,
    /// Appointed by the government on the party's nomination (政府任命).
    Government,
}

impl DecidedBy {
    /// The bodies whose decisions are recorded from outside (all but a selection case).
    pub const OTHER_BODIES: [DecidedBy; 4] =
        [Self::HigherPartyCommittee, Self::CongressElection, Self::CongressStandingCommittee, Self::Government];

    pub fn code(self) -> &'static str {
        match self {
            Self::SelectionCase => "selection_case",
            Self::HigherPartyCommittee => "higher_party_committee",
            Self::CongressElection => "congress_election",
            Self::CongressStandingCommittee => "congress_standing_committee",
            Self::Government => "government",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::SelectionCase => "本级党委（党组）集体讨论决定",
            Self::HigherPartyCommittee => "上级党委（党组）决定",
            Self::CongressElection => "人民代表大会选举",
            Self::CongressStandingCommittee => "人大常委会任命",
            Self::Government => "政府任命",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::SelectionCase => "decided by this committee's vote",
            Self::HigherPartyCommittee => "decided by a higher party committee",
            Self::CongressElection => "elected by a people's congress",
            Self::CongressStandingCommittee => "appointed by a people's congress standing committee",
            Self::Government => "appointed by the government",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::SelectionCase,
            Self::HigherPartyCommittee,
            Self::CongressElection,
            Self::CongressStandingCommittee,
            Self::Government,
        ]
        .into_iter()
        .find(|b| b.code() == code)
    }

    /// Reads the other body a recorded appointment names (code or Chinese label); a selection
    /// case is never typed in: it is decided by the committee's vote in this system.
    pub fn parse_other(field: &str, raw: &str) -> Result<Self, FieldError> {
        Self::OTHER_BODIES.into_iter().find(|b| b.code() == raw.trim() || b.label_zh() == raw.trim()).ok_or_else(|| {
            FieldError::new(
                field,
                "请选择作出决定的机关：上级党委、人民代表大会选举、人大常委会任命或政府任命",
                "choose the deciding body: a higher party committee, a congress election, its standing committee or the government",
            )
        })
    }
}

/// The refusal of a change to a current post or rank made any other way (SEL-COLLECTIVE).
pub fn not_collective(what_zh: &str, what_en: &str) -> Refusal {
    Refusal::new(
        "SEL-COLLECTIVE",
        format!(
            "{what_zh}：现任职务和职级只能经选拔任用纪实的常委会表决任命，或登记其他机关（上级党委、人大、政府）的任免决定（须注明机关、文号和日期）"
        ),
        format!(
            "{what_en}: a current post or rank changes only by a selection case's committee vote, or by recording another body's decision (body, document number and date)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_reads_back_from_its_code_and_a_selection_case_is_never_typed_in() {
        for body in DecidedBy::OTHER_BODIES {
            assert_eq!(DecidedBy::parse(body.code()), Some(body));
            assert_eq!(DecidedBy::parse_other("b", body.label_zh()).ok(), Some(body));
        }
        assert_eq!(DecidedBy::parse("selection_case"), Some(DecidedBy::SelectionCase));
        assert!(DecidedBy::parse_other("b", "selection_case").is_err());
        assert!(DecidedBy::parse_other("b", "书记圈阅").is_err());
    }

    #[test]
    fn sel_collective_the_refusal_names_the_rule_in_both_languages() {
        let r = not_collective("编辑干部信息不能改变职级", "an edit cannot change the rank");
        assert_eq!(r.rule, "SEL-COLLECTIVE");
        assert!(r.reason.zh.contains("常委会表决") && r.reason.en.contains("committee vote"));
    }
}
