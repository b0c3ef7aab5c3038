//! The stored statuses of committee meetings, agenda items, recommendation rounds and a case's
//! candidates, as types: rows are decoded into these at the storage boundary, and a status
//! changes only by a from→to compare-and-swap or by the gate's verdict.

use serde::Serialize;

/// A committee meeting: planned (its agenda still open), then open (agenda sealed, SEL-NO-AD-HOC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Open,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Open => "open",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Planned, Self::Open].into_iter().find(|s| s.code() == code)
    }

    pub fn is_planned(self) -> bool {
        self == Self::Planned
    }

    pub fn is_open(self) -> bool {
        self == Self::Open
    }
}

/// An agenda item: pending until its votes are counted, then decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Pending,
    Decided,
}

impl ItemStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Decided => "decided",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Pending, Self::Decided].into_iter().find(|s| s.code() == code)
    }

    pub fn is_pending(self) -> bool {
        self == Self::Pending
    }

    pub fn is_decided(self) -> bool {
        self == Self::Decided
    }
}

/// A democratic-recommendation round: preparing (its lists may change), open (sealed, voting),
/// closed (tallied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Preparing,
    Open,
    Closed,
}

impl RoundStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Preparing => "preparing",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Preparing, Self::Open, Self::Closed].into_iter().find(|s| s.code() == code)
    }

    pub fn is_preparing(self) -> bool {
        self == Self::Preparing
    }

    pub fn is_open(self) -> bool {
        self == Self::Open
    }

    pub fn is_closed(self) -> bool {
        self == Self::Closed
    }
}

/// How a round votes: online with one-time voter codes, or on paper counted by two tellers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voting {
    Online,
    Paper,
}

impl Voting {
    pub fn code(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Paper => "paper",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Online, Self::Paper].into_iter().find(|s| s.code() == code)
    }

    pub fn is_online(self) -> bool {
        self == Self::Online
    }

    pub fn is_paper(self) -> bool {
        self == Self::Paper
    }
}

/// A candidate of a case: nominated (by a round or an examination), then admitted or blocked by
/// the eligibility gate (a blocked candidate may be gated again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CandidateStatus {
    Nominated,
    Admitted,
    Blocked,
}

impl CandidateStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Nominated => "nominated",
            Self::Admitted => "admitted",
            Self::Blocked => "blocked",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Nominated, Self::Admitted, Self::Blocked].into_iter().find(|s| s.code() == code)
    }

    pub fn is_nominated(self) -> bool {
        self == Self::Nominated
    }

    pub fn is_admitted(self) -> bool {
        self == Self::Admitted
    }

    pub fn is_blocked(self) -> bool {
        self == Self::Blocked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_code() {
        for s in [MeetingStatus::Planned, MeetingStatus::Open] {
            assert_eq!(MeetingStatus::parse(s.code()), Some(s));
        }
        for s in [ItemStatus::Pending, ItemStatus::Decided] {
            assert_eq!(ItemStatus::parse(s.code()), Some(s));
        }
        for s in [RoundStatus::Preparing, RoundStatus::Open, RoundStatus::Closed] {
            assert_eq!(RoundStatus::parse(s.code()), Some(s));
        }
        for s in [Voting::Online, Voting::Paper] {
            assert_eq!(Voting::parse(s.code()), Some(s));
        }
        for s in [CandidateStatus::Nominated, CandidateStatus::Admitted, CandidateStatus::Blocked] {
            assert_eq!(CandidateStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::Value::from(s.code())));
        }
        assert_eq!(MeetingStatus::parse("closed"), None);
        assert_eq!(ItemStatus::parse("Pending"), None);
    }
}
