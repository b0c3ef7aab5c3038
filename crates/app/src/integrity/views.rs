//! What the integrity API answers with: questions, exams, attempts, obligations and talks as
//! views of their storage rows (same fields, so the same JSON).

use jianquan_domain::integrity::{AttemptStatus, ObligationStatus};
use jianquan_storage::integrity as store;

use crate::view::row_view;

row_view! {
    /// A question of the bank.
    pub struct Question from store::QuestionRow {
        pub id: String,
        pub kind: String,
        pub stem: String,
        pub options: Vec<String>,
        pub answer: String,
        pub topic: String,
    }
}

row_view! {
    /// An exam as set.
    pub struct Exam from store::ExamRow {
        pub id: String,
        pub title: String,
        pub kind: String,
        pub org_id: String,
        pub org_path: String,
        pub topic: String,
        pub question_count: i64,
        pub time_limit_minutes: i64,
        pub pass_mark: i64,
        pub enrolment: String,
        pub opens_on: String,
        pub closes_on: String,
        pub max_attempts: i64,
    }
}

row_view! {
    /// An attempt at an exam.
    pub struct Attempt from store::AttemptRow {
        pub id: String,
        pub exam_id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub number: i64,
        pub started_at: String,
        pub deadline_at: String,
        pub question_ids: Vec<String>,
        pub answers: Option<Vec<Option<String>>>,
        pub submitted_at: Option<String>,
        pub correct: Option<i64>,
        pub total: Option<i64>,
        pub score: Option<i64>,
        pub passed: Option<bool>,
        #[schema(value_type = String)]
        pub status: AttemptStatus,
    }
}

row_view! {
    /// An obligation (a duty with a subject, a source, a rule and a due date).
    pub struct Obligation from store::ObligationRow {
        pub id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub org_path: String,
        pub rule: String,
        pub kind: String,
        pub source_kind: String,
        pub source_id: String,
        pub source_date: String,
        pub due_date: String,
        pub interval_months: Option<i64>,
        #[schema(value_type = String)]
        pub status: ObligationStatus,
        pub fulfilled_kind: Option<String>,
        pub fulfilled_id: Option<String>,
        pub fulfilled_on: Option<String>,
        pub note: String,
    }
}

row_view! {
    /// A talk record (谈话) and the cadre's acknowledgement of it.
    pub struct Talk from store::TalkRow {
        pub id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub org_path: String,
        pub kind: String,
        pub talker: String,
        pub date: String,
        pub content: String,
        pub document_number: String,
        pub acknowledged_at: Option<String>,
        pub acknowledgement: String,
    }
}
