//! What the training API answers with: courses, sessions, enrolments and training records as
//! views of their storage rows (same fields, so the same JSON).

use jianquan_domain::training::{CourseStatus, EnrolmentStatus};
use jianquan_storage::training as store;

use crate::view::row_view;

row_view! {
    /// A course.
    pub struct Course from store::CourseRow {
        pub id: String,
        pub title: String,
        pub kind: String,
        pub organiser: String,
        pub org_id: String,
        pub org_path: String,
        pub org_name: String,
        pub start_date: String,
        pub end_date: String,
        pub class_hours: i64,
        pub capacity: Option<i64>,
        pub enrolment: String,
        pub full_time: bool,
        #[schema(value_type = String)]
        pub status: CourseStatus,
        pub enrolled_count: i64,
    }
}

row_view! {
    /// A session of a course.
    pub struct CourseSession from store::SessionRow {
        pub id: String,
        pub date: String,
        pub topic: String,
        pub class_hours: i64,
    }
}

row_view! {
    /// A trainee of a course.
    pub struct Enrolment from store::EnrolmentRow {
        pub course_id: String,
        pub cadre_id: String,
        pub name: String,
        pub org_path: String,
        pub current_post: String,
        #[schema(value_type = String)]
        pub status: EnrolmentStatus,
        pub missed_hours: i64,
        pub result: String,
        pub reason: String,
    }
}

row_view! {
    /// One training record (a completed course, or training recorded from elsewhere).
    pub struct TrainingRecord from store::RecordRow {
        pub id: String,
        pub cadre_id: String,
        pub course_id: Option<String>,
        pub kind: String,
        pub title: String,
        pub organiser: String,
        pub start_date: String,
        pub end_date: String,
        pub class_hours: i64,
        pub full_time_days: i64,
        pub institutional: bool,
        pub credits_centi: i64,
    }
}
