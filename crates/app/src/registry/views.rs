//! What the registry API answers with: orgs, posts, cadres and dossier sections as views of
//! their storage rows (same fields, so the same JSON).

use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::decided_by::DecidedBy;
use jianquan_storage::registry::{cadres, dossier, orgs, posts};

use crate::view::{all, row_view};
use crate::{AppError, AppResult};

row_view! {
    /// An organization.
    pub struct Org from orgs::Org {
        pub id: String,
        pub number: i64,
        pub parent_id: Option<String>,
        pub path: String,
        pub name: String,
        /// Code of the org kind code set (e.g. `government_department`).
        pub kind: String,
        /// `city`, `county` or `township`.
        pub level: String,
        pub sort: i64,
        pub updated_seq: i64,
    }
}

impl Org {
    /// The org's place in the tree.
    pub fn org_path(&self) -> AppResult<OrgPath> {
        OrgPath::parse(&self.path).map_err(|_| AppError::internal(format!("org {} has path {}", self.id, self.path)))
    }
}

row_view! {
    /// An org with the number of cadres in its subtree, for the tree browser.
    pub struct OrgNode from orgs::OrgNode {
        #[serde(flatten)]
        pub org: Org,
        pub child_count: i64,
        pub cadre_count: i64,
    }
}

row_view! {
    /// A post with its computed occupancy.
    pub struct Post from posts::Post {
        pub id: String,
        pub org_id: String,
        pub title: String,
        pub rank: String,
        pub leadership: bool,
        pub middle_level: bool,
        pub key_post: bool,
        /// Authorised number (职数).
        pub authorised: i64,
        /// Cadres currently holding the post (open tenures).
        pub holders: i64,
        /// `authorised - holders`, never below zero.
        pub vacancies: i64,
        pub updated_seq: i64,
    }
}

row_view! {
    /// A cadre's basic data. `id_number` is as stored: mask it before it leaves the server.
    pub struct Cadre from cadres::Cadre {
        pub id: String,
        pub name: String,
        pub gender: String,
        pub birth_date: String,
        pub ethnicity: String,
        pub native_place: String,
        pub birthplace: String,
        pub id_number: String,
        pub political_status: String,
        pub party_entry_date: Option<String>,
        pub work_start_date: Option<String>,
        pub health: String,
        pub speciality: String,
        pub org_id: String,
        pub org_path: String,
        pub rank: Option<String>,
        pub rank_level: i64,
        pub leadership: bool,
        pub current_post: String,
        /// 专业技术职务.
        pub professional_title: String,
        /// 任现职时间 (`9999-12-31` when no open tenure is recorded).
        pub post_since: String,
        pub created_seq: i64,
        pub updated_seq: i64,
    }
}

row_view! {
    /// A line of the education section.
    pub struct Education from dossier::EducationRow {
        pub id: String,
        pub mode: String,
        pub level: String,
        pub degree: Option<String>,
        pub school: String,
        pub major: String,
        pub start_date: Option<String>,
        pub end_date: Option<String>,
    }
}

row_view! {
    /// A line of the résumé (a tenure).
    pub struct Tenure from dossier::TenureRow {
        pub id: String,
        pub org_id: String,
        pub org_name: String,
        pub post_id: Option<String>,
        pub title: String,
        pub start_date: String,
        pub end_date: Option<String>,
        pub document_number: String,
        /// Who decided it (SEL-COLLECTIVE), when it was an appointment rather than a résumé line.
        #[schema(value_type = Option<String>)]
        pub decided_by: Option<DecidedBy>,
        pub decided_on: Option<String>,
        pub case_id: Option<String>,
    }
}

row_view! {
    /// An annual assessment grade.
    pub struct Grade from dossier::GradeRow {
        pub year: i64,
        pub grade: String,
    }
}

row_view! {
    /// A reward or a sanction.
    pub struct RewardSanction from dossier::RewardSanctionRow {
        pub id: String,
        pub category: String,
        pub kind: String,
        pub date: String,
        pub authority: String,
        pub document_number: String,
        pub reason: String,
        /// Last day of the influence period (影响期), for sanctions.
        pub influence_until: Option<String>,
        /// The rule that set the period.
        pub rule: Option<String>,
    }
}

row_view! {
    /// A family member or important social relation.
    pub struct FamilyMember from dossier::FamilyRow {
        pub id: String,
        pub relation: String,
        pub name: String,
        pub birth_date: Option<String>,
        pub political_status: Option<String>,
        pub work_unit_and_post: String,
        pub abroad: bool,
    }
}

/// Every section of one dossier.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Sections {
    pub educations: Vec<Education>,
    pub tenures: Vec<Tenure>,
    pub grades: Vec<Grade>,
    pub rewards_sanctions: Vec<RewardSanction>,
    pub family: Vec<FamilyMember>,
}

impl From<dossier::Sections> for Sections {
    fn from(sections: dossier::Sections) -> Self {
        let dossier::Sections { educations, tenures, grades, rewards_sanctions, family } = sections;
        Self {
            educations: all(educations),
            tenures: all(tenures),
            grades: all(grades),
            rewards_sanctions: all(rewards_sanctions),
            family: all(family),
        }
    }
}
