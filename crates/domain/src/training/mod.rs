//! Education and training (教育培养): the course catalogue, credits, the leave cap and the
//! training requirements by rank.

pub mod course;
pub mod requirement;
pub mod standing;
pub mod status;

pub use course::{COURSE_KIND, Course, CourseInput, Session, SessionInput};
pub use requirement::{Band, Check, Figures, Progress, Requirements, TimeRule, Totals};
pub use standing::{RecordFact, Standing};
pub use status::{CourseStatus, EnrolmentStatus};
