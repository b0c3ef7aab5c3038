//! The stored states of an exam attempt and of an obligation, as types: rows are decoded into
//! these at the storage boundary, and a state changes only by a from→to compare-and-swap.

use serde::Serialize;

/// An exam attempt: in progress until handed in — submitted in time, or expired (handed in
/// after the deadline and its grace, scoring nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    InProgress,
    Submitted,
    Expired,
}

impl AttemptStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Submitted => "submitted",
            Self::Expired => "expired",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::InProgress, Self::Submitted, Self::Expired].into_iter().find(|s| s.code() == code)
    }

    pub fn is_in_progress(self) -> bool {
        self == Self::InProgress
    }
}

/// An obligation: open until a record fulfils it or staff close it (it no longer applies).
/// Overdue is an open obligation past its due date, not a stored state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationStatus {
    Open,
    Fulfilled,
    Closed,
}

impl ObligationStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fulfilled => "fulfilled",
            Self::Closed => "closed",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Open, Self::Fulfilled, Self::Closed].into_iter().find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        self == Self::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_code_reads_back_as_its_state_and_nothing_else_does() {
        for s in [AttemptStatus::InProgress, AttemptStatus::Submitted, AttemptStatus::Expired] {
            assert_eq!(AttemptStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for s in [ObligationStatus::Open, ObligationStatus::Fulfilled, ObligationStatus::Closed] {
            assert_eq!(ObligationStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        // Overdue is computed from the due date, never stored.
        assert_eq!(ObligationStatus::parse("overdue"), None);
        assert_eq!(AttemptStatus::parse("in progress"), None);
    }
}
