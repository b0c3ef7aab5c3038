//! Integrity education (廉政教育): obligations and the six musts that create them, talk records,
//! and exams with their attempt limit.

pub mod exam;
pub mod obligation;
pub mod status;
pub mod talk;

pub use status::{AttemptStatus, ObligationStatus};
