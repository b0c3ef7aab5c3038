//! Integrity education use-cases: obligations and the six-musts events that create them, talk
//! records, and exams.

pub mod exams;
pub mod obligations;
pub mod talks;
pub mod views;
