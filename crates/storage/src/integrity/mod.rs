//! Integrity education: obligations and the events that create them, talks, the question bank,
//! exams, enrolments and attempts. One module each; their items are used from here.

mod exams;
mod obligations;
mod talks;

pub use exams::*;
pub use obligations::*;
pub use talks::*;
