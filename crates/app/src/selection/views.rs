//! What the selection API answers with: cases, rounds, candidates, the inspection, meetings,
//! the examination and publicity as views of their storage rows (same fields, so the same JSON).

use jianquan_domain::selection::case::State;
use jianquan_domain::selection::decision::{Vote, VoteMethod};
use jianquan_domain::selection::publicity::Finding;
use jianquan_domain::selection::recommendation::RoundKind;
use jianquan_domain::selection::status::{CandidateStatus, ItemStatus, MeetingStatus, RoundStatus, Voting};
use jianquan_storage::selection::{self as store, candidates, cases, exams, meetings, publicity, rounds};

use crate::view::row_view;

row_view! {
    /// An account as the selection steps see it: committee members, inspectors, tellers.
    pub struct Account from store::Account {
        pub id: String,
        pub display_name: String,
        pub role: String,
        pub org_path: String,
        pub active: bool,
    }
}

row_view! {
    /// A post with a free seat, for the motion form.
    pub struct VacantPost from store::VacantPost {
        pub id: String,
        pub org_name: String,
        pub title: String,
        pub authorised: i64,
        pub holders: i64,
    }
}

row_view! {
    /// A selection case (纪实).
    pub struct Case from cases::CaseRow {
        pub id: String,
        /// 纪实〔year〕seq号.
        pub number: String,
        pub year: i64,
        pub seq: i64,
        pub post_id: String,
        pub post_title: String,
        pub org_id: String,
        pub org_path: String,
        pub org_name: String,
        pub method: String,
        pub proposer: String,
        pub work_plan: String,
        pub opened_on: String,
        #[schema(value_type = String)]
        pub state: State,
        pub paused: bool,
        pub ended_because: Option<String>,
        pub decision_item_id: Option<String>,
        pub appointee_id: Option<String>,
        pub created_seq: i64,
        pub updated_seq: i64,
    }
}

row_view! {
    /// A democratic-recommendation round.
    pub struct Round from rounds::RoundRow {
        pub id: String,
        pub case_id: String,
        pub number: i64,
        #[schema(value_type = String)]
        pub kind: RoundKind,
        pub voting: Voting,
        pub targeted: bool,
        pub max_choices: i64,
        pub status: RoundStatus,
        pub held_on: Option<String>,
        pub present_count: i64,
        /// The closing tally (JSON), once closed.
        pub tally: Option<String>,
        /// SHA-256 over the sorted ballots at closing, so a later change to them shows.
        pub ballots_digest: Option<String>,
    }
}

row_view! {
    /// An elector of a round and whether they attended.
    pub struct Elector from rounds::ElectorRow {
        pub name: String,
        pub present: bool,
    }
}

row_view! {
    /// A candidate of a round with the result once closed.
    pub struct RoundCandidate from rounds::RoundCandidateRow {
        pub cadre_id: String,
        pub name: String,
        pub current_post: String,
        pub votes: Option<i64>,
        pub reaches: Option<bool>,
    }
}

row_view! {
    /// A teller's count as entered.
    pub struct TellerCount from rounds::TellerCountRow {
        pub teller_id: String,
        pub teller_name: String,
        /// The count (JSON tally).
        pub counts: String,
    }
}

row_view! {
    /// A candidate of a case.
    pub struct Candidate from candidates::CandidateRow {
        pub case_id: String,
        pub cadre_id: String,
        pub name: String,
        pub gender: String,
        pub birth_date: String,
        pub current_post: String,
        pub rank: Option<String>,
        pub org_path: String,
        /// recommendation or examination.
        pub source: String,
        pub round_id: Option<String>,
        pub votes: Option<i64>,
        pub base: Option<i64>,
        pub reaches: Option<bool>,
        pub status: CandidateStatus,
        pub low_public_recognition: bool,
        pub canvassing_findings: i64,
        pub personal_matters_concealment: bool,
        /// The last gate verdict (JSON).
        pub gate: Option<String>,
        /// The exceptional promotion (破格) recorded (JSON).
        pub exception: Option<String>,
        pub gated_on: Option<String>,
    }
}

row_view! {
    /// One of the four musts as recorded.
    pub struct MustCheck from candidates::MustCheckRow {
        pub cadre_id: String,
        pub check_code: String,
        pub actor_id: String,
        pub actor_name: String,
        pub date: String,
        /// clear or concern.
        pub result: String,
        pub note: String,
    }
}

row_view! {
    /// An inspection-team member of one subject and their responsibility letter.
    pub struct Inspector from candidates::InspectorRow {
        pub cadre_id: String,
        pub inspector_id: String,
        pub inspector_name: String,
        pub letter_accepted_on: Option<String>,
    }
}

row_view! {
    /// Interviews recorded by an inspector.
    pub struct Interview from candidates::InterviewRow {
        pub id: String,
        pub cadre_id: String,
        pub inspector_id: String,
        pub date: String,
        pub count: i64,
        pub summary: String,
    }
}

row_view! {
    /// The inspection report of a subject.
    pub struct InspectionReport from candidates::ReportRow {
        pub cadre_id: String,
        pub concluded_by: String,
        pub concluded_on: String,
        pub conclusion: String,
        pub interviewed: i64,
    }
}

row_view! {
    /// A subject an inspector is on the team of.
    pub struct InspectionAssignment from candidates::Assignment {
        pub case_id: String,
        /// 纪实〔year〕seq号.
        pub case_number: String,
        pub post_title: String,
        pub org_name: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub letter_accepted_on: Option<String>,
        /// Whether the subject's inspection report is concluded.
        pub reported: bool,
    }
}

row_view! {
    /// The announcement of an examination.
    pub struct ExamAnnouncement from exams::ExamRow {
        pub case_id: String,
        /// Weights in whole percent; they add up to 100.
        pub written_weight: i64,
        pub interview_weight: i64,
        /// The qualification rules announced (education, age, party standing, years in rank, …).
        pub qualifications: String,
        pub announced_on: String,
    }
}

row_view! {
    /// An applicant with the review and the scores so far.
    pub struct Applicant from exams::ApplicantRow {
        pub cadre_id: String,
        pub name: String,
        pub current_post: String,
        /// `None` until reviewed.
        pub qualified: Option<bool>,
        pub review_reason: String,
        /// Hundredths of a point.
        pub written_centi: Option<i64>,
        pub written_by: Option<String>,
        pub interview_centi: Option<i64>,
        pub interview_by: Option<String>,
    }
}

row_view! {
    /// A committee meeting (常委会).
    pub struct Meeting from meetings::MeetingRow {
        pub id: String,
        pub org_id: String,
        pub org_path: String,
        pub org_name: String,
        pub title: String,
        pub held_on: String,
        pub status: MeetingStatus,
        /// The principal leader (书记), who states last in an open vote (SEL-SECRETARY-LAST).
        pub principal_id: Option<String>,
    }
}

row_view! {
    /// A member of a meeting and whether they attend.
    pub struct MeetingMember from meetings::MemberRow {
        pub member_id: String,
        pub name: String,
        pub present: bool,
    }
}

row_view! {
    /// An agenda item.
    pub struct MeetingItem from meetings::ItemRow {
        pub id: String,
        pub meeting_id: String,
        pub number: i64,
        pub case_id: String,
        pub case_number: String,
        pub cadre_id: String,
        pub cadre_name: String,
        pub post_title: String,
        /// The unit of the post.
        pub org_name: String,
        pub reconsideration_of: Option<String>,
        pub status: ItemStatus,
        /// oral (口头表决), show_of_hands (举手表决) or secret_ballot (无记名投票): SEL-VOTE-METHOD.
        pub method: VoteMethod,
        /// The decision as counted (JSON), once decided.
        pub result: Option<String>,
        pub passed: Option<bool>,
    }
}

row_view! {
    /// A recusal from an item.
    pub struct Recusal from meetings::RecusalRow {
        pub item_id: String,
        pub member_id: String,
        pub reason: String,
    }
}

row_view! {
    /// A member's vote on an item.
    pub struct MemberVote from meetings::VoteRow {
        pub item_id: String,
        pub member_id: String,
        #[schema(value_type = String)]
        pub vote: Vote,
    }
}

row_view! {
    /// Consent to reconsider a decided item.
    pub struct Reconsideration from meetings::ReconsiderationRow {
        pub item_id: String,
        /// Member IDs (JSON list).
        pub consenting: String,
        pub agreed_on: String,
        pub used_by: Option<String>,
    }
}

row_view! {
    /// A publicity notice: what the public page shows.
    pub struct Notice from publicity::NoticeRow {
        pub id: String,
        pub case_id: String,
        pub item_id: String,
        pub cadre_id: String,
        pub org_path: String,
        pub name: String,
        pub gender: String,
        pub birth_date: String,
        pub current_post: String,
        pub proposed_post: String,
        pub published_on: String,
        /// The last day of the period (inclusive).
        pub period_end: String,
        pub working_days: i64,
        pub where_to_object: String,
        pub ethnicity: String,
        pub native_place: String,
        pub education: String,
        pub party_entry_date: String,
        pub work_start_date: String,
        /// The issuing body (the notice's masthead).
        pub issuer: String,
    }
}

row_view! {
    /// An objection. `objector_name` and `contact` are the reporter's identity: never shown to
    /// the public and masked for staff.
    pub struct Objection from publicity::ObjectionRow {
        pub id: String,
        pub notice_id: String,
        pub number: i64,
        pub named: bool,
        pub objector_name: String,
        pub contact: String,
        pub text: String,
        pub raised_on: String,
        /// Once found.
        pub finding: Option<Finding>,
        pub finding_on: Option<String>,
        pub finding_note: String,
    }
}

row_view! {
    /// An appointment as recorded.
    pub struct Appointment from publicity::AppointmentRow {
        pub case_id: String,
        pub cadre_id: String,
        pub document_number: String,
        /// The tenure basis (JSON).
        pub basis: String,
        pub tenure_start: String,
        pub tenure_id: String,
        pub probation_end: Option<String>,
        /// Obligation IDs created (JSON list).
        pub obligations: String,
        pub appointed_on: String,
    }
}
