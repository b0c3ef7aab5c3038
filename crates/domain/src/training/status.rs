//! The stored states of a course and of a trainee's enrolment, as types: rows are decoded into
//! these at the storage boundary, and a state changes only by a from→to compare-and-swap.

use serde::Serialize;

/// A course: planned (sessions, enrolment and attendance still change), then completed (the
/// records with their credits are written; nothing changes any more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    Planned,
    Completed,
}

impl CourseStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Completed => "completed",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Planned, Self::Completed].into_iter().find(|s| s.code() == code)
    }

    pub fn is_planned(self) -> bool {
        self == Self::Planned
    }
}

/// A trainee on a course: enrolled until the course completes them, or withdrawn (TRN-LEAVE-CAP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    Enrolled,
    Completed,
    Withdrawn,
}

impl EnrolmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Enrolled => "enrolled",
            Self::Completed => "completed",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Enrolled, Self::Completed, Self::Withdrawn].into_iter().find(|s| s.code() == code)
    }

    pub fn is_enrolled(self) -> bool {
        self == Self::Enrolled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_code_reads_back_as_its_state_and_nothing_else_does() {
        for s in [CourseStatus::Planned, CourseStatus::Completed] {
            assert_eq!(CourseStatus::parse(s.code()), Some(s));
        }
        for s in [EnrolmentStatus::Enrolled, EnrolmentStatus::Completed, EnrolmentStatus::Withdrawn] {
            assert_eq!(EnrolmentStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert_eq!(CourseStatus::parse("Planned"), None);
        assert_eq!(EnrolmentStatus::parse(""), None);
    }
}
