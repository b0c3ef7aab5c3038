//! What the village-stationing API answers with: batches, assignments and work logs as views of
//! their storage rows (same fields, so the same JSON).

use jianquan_storage::village as store;

use crate::view::row_view;

row_view! {
    /// A batch of stationed cadres.
    pub struct Batch from store::BatchRow {
        pub id: String,
        pub org_id: String,
        pub org_path: String,
        pub org_name: String,
        pub number: i64,
        pub start_date: String,
        pub end_date: String,
    }
}

row_view! {
    /// A batch with its counts.
    pub struct BatchCounts from store::BatchCounts {
        #[serde(flatten)]
        pub batch: Batch,
        pub assignments: i64,
        pub logs: i64,
        pub evaluations: i64,
    }
}

row_view! {
    /// A cadre stationed in a village.
    pub struct VillageAssignment from store::AssignmentRow {
        pub id: String,
        pub batch_id: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub township_id: String,
        pub township_name: String,
        pub village: String,
        pub role: String,
        pub start_date: String,
        pub end_date: String,
        pub logs: i64,
        /// The end-of-batch grade, once evaluated.
        pub grade: Option<String>,
        pub comment: Option<String>,
    }
}

row_view! {
    /// A work log of a stationed cadre.
    pub struct WorkLog from store::LogRow {
        pub id: String,
        pub assignment_id: String,
        pub cadre_name: String,
        pub village: String,
        pub date: String,
        pub content: String,
    }
}
