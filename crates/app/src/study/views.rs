//! What the study API answers with: groups, members, sessions, attendance marks and the study
//! record as views of their storage rows (same fields, so the same JSON).

use jianquan_storage::study as store;

use crate::view::row_view;

row_view! {
    /// A theory study-centre group.
    pub struct StudyGroup from store::GroupRow {
        pub id: String,
        pub org_id: String,
        pub org_path: String,
        pub org_name: String,
        pub name: String,
    }
}

row_view! {
    /// A group in a list, with its year's figures.
    pub struct GroupSummary from store::GroupSummary {
        #[serde(flatten)]
        pub group: StudyGroup,
        pub members: i64,
        /// Sessions held in the year asked for.
        pub sessions: i64,
        /// Attendance marks of the year's sessions: present, and all recorded.
        pub present: i64,
        pub recorded: i64,
    }
}

row_view! {
    /// A member of a group.
    pub struct GroupMember from store::MemberRow {
        pub id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub current_post: String,
        pub role: String,
    }
}

row_view! {
    /// A session a group held.
    pub struct StudySession from store::SessionRow {
        pub id: String,
        pub group_id: String,
        pub date: String,
        pub topic: String,
        pub location: String,
        pub summary: String,
    }
}

row_view! {
    /// One member's recorded attendance at one session.
    pub struct SessionMark from store::MarkRow {
        pub session_id: String,
        pub member_id: String,
        pub present: bool,
        pub absence_reason: String,
        pub speaker: bool,
    }
}

row_view! {
    /// A cadre's study report of a year.
    pub struct StudyReport from store::ReportRow {
        pub id: String,
        pub cadre_id: String,
        pub org_path: String,
        pub year: i64,
        pub date: String,
        pub content: String,
    }
}

row_view! {
    /// An evaluation of a study report.
    pub struct Evaluation from store::EvaluationRow {
        pub id: String,
        pub evaluator_id: String,
        pub evaluator_name: String,
        pub grade: String,
        pub comment: String,
    }
}

row_view! {
    /// The exam that follows a study report.
    pub struct StudyExam from store::ExamRow {
        pub date: String,
        pub score: i64,
        pub pass_mark: i64,
        pub passed: bool,
    }
}

row_view! {
    /// A report in the year's list.
    pub struct ReportSummary from store::ReportSummary {
        pub id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub org_name: String,
        pub year: i64,
        pub date: String,
        pub evaluations: i64,
        pub exam_score: Option<i64>,
        pub exam_passed: Option<bool>,
    }
}
