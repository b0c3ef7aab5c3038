//! Who may do what, computed in one place. A role grants capabilities; an account acts within
//! one org subtree (its scope). Handlers ask for a capability, never for a role.

use serde::Serialize;

/// The roles of `design.md`'s security model; `Public` is anyone without an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    OrgStaff,
    Discipline,
    Inspector,
    Committee,
    Auditor,
    Cadre,
    Public,
}

/// Everything a route can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Capability {
    /// Browse the org tree, cadre lists and dossiers within scope.
    RegistryRead,
    /// Create and edit orgs, posts, cadres and dossier sections within scope.
    RegistryWrite,
    /// Import rosters from xlsx.
    RegistryImport,
    /// Export filtered lists to xlsx.
    RegistryExport,
    /// Reveal masked fields (ID numbers); every reveal is logged.
    RevealSensitive,
    /// Read ledger entries and record histories within scope.
    LedgerRead,
    /// Create accounts and assign roles.
    UsersManage,
    /// See one's own dossier (the cadre's self-service).
    OwnDossier,
    /// Browse training (courses, requirements, compliance), study groups, village assistance,
    /// obligations and integrity records within scope.
    TrainingRead,
    /// Keep the training catalogue, enrolments, attendance, study groups and village batches.
    TrainingWrite,
    /// Record integrity events and talks, keep the exam question bank and papers.
    IntegrityWrite,
    /// Browse selection cases (纪实), recommendation results, inspections, committee meetings and
    /// publicity within scope.
    SelectionRead,
    /// Run a selection case: motion, recommendation rounds and teller counts, the eligibility
    /// gate, inspection teams, meeting agendas and attendance, publicity and appointment.
    SelectionWrite,
    /// Vote on appointment items as a committee member, in one's own account.
    CommitteeVote,
    /// Accept an inspection responsibility letter and record the inspection, as a team member.
    Inspect,
    /// Record the discipline-inspection finding on an objection raised during publicity.
    ObjectionFinding,
    /// Record an appointment decided by another body (a higher party committee, a people's
    /// congress or its standing committee, the government) with its document: the only way,
    /// besides a selection case, that a current post or rank changes (SEL-COLLECTIVE).
    AppointmentRecord,
    /// Anything a signed-in account may do (its own session, language, logout).
    SignedIn,
}

pub const ALL_ROLES: [Role; 8] = [
    Role::Admin,
    Role::OrgStaff,
    Role::Discipline,
    Role::Inspector,
    Role::Committee,
    Role::Auditor,
    Role::Cadre,
    Role::Public,
];

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::OrgStaff => "org_staff",
            Role::Discipline => "discipline",
            Role::Inspector => "inspector",
            Role::Committee => "committee",
            Role::Auditor => "auditor",
            Role::Cadre => "cadre",
            Role::Public => "public",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        ALL_ROLES.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (zh, en) = match self {
            Role::Admin => ("系统管理员", "system administrator"),
            Role::OrgStaff => ("组织部门工作人员", "organization department staff"),
            Role::Discipline => ("纪检监察工作人员", "discipline inspection staff"),
            Role::Inspector => ("考察组成员", "inspection team member"),
            Role::Committee => ("常委会委员", "committee member"),
            Role::Auditor => ("审计人员", "auditor"),
            Role::Cadre => ("干部本人", "cadre (self-service)"),
            Role::Public => ("公众", "public"),
        };
        if lang == "en" { en } else { zh }
    }

    /// The permission matrix: the one place that says which role holds which capability.
    pub fn can(self, capability: Capability) -> bool {
        use Capability::*;
        use Role::*;
        match capability {
            SignedIn => self != Public,
            RegistryRead => matches!(self, Admin | OrgStaff | Discipline | Inspector | Committee | Auditor),
            RegistryWrite | RegistryImport => matches!(self, Admin | OrgStaff),
            RegistryExport => matches!(self, Admin | OrgStaff | Discipline | Auditor),
            RevealSensitive => matches!(self, OrgStaff | Discipline),
            LedgerRead => matches!(self, Admin | OrgStaff | Discipline | Auditor),
            UsersManage => self == Admin,
            OwnDossier => self == Cadre,
            TrainingRead => matches!(self, Admin | OrgStaff | Discipline | Inspector | Committee | Auditor),
            TrainingWrite => matches!(self, Admin | OrgStaff),
            IntegrityWrite => matches!(self, Admin | OrgStaff | Discipline),
            SelectionRead => matches!(self, Admin | OrgStaff | Discipline | Inspector | Committee | Auditor),
            SelectionWrite => matches!(self, Admin | OrgStaff),
            CommitteeVote => self == Committee,
            Inspect => self == Inspector,
            ObjectionFinding => self == Discipline,
            AppointmentRecord => self == OrgStaff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_holds_no_capability() {
        for cap in [Capability::SignedIn, Capability::RegistryRead, Capability::OwnDossier, Capability::LedgerRead] {
            assert!(!Role::Public.can(cap));
        }
    }

    #[test]
    fn only_staff_who_keep_the_registry_may_write_it() {
        let writers: Vec<Role> = ALL_ROLES.into_iter().filter(|r| r.can(Capability::RegistryWrite)).collect();
        assert_eq!(writers, [Role::Admin, Role::OrgStaff]);
    }

    #[test]
    fn a_cadre_reads_only_their_own_dossier() {
        assert!(Role::Cadre.can(Capability::OwnDossier));
        assert!(!Role::Cadre.can(Capability::RegistryRead));
    }

    #[test]
    fn sel_collective_only_committee_members_vote_and_only_inspectors_inspect() {
        let voters: Vec<Role> = ALL_ROLES.into_iter().filter(|r| r.can(Capability::CommitteeVote)).collect();
        assert_eq!(voters, [Role::Committee]);
        let inspectors: Vec<Role> = ALL_ROLES.into_iter().filter(|r| r.can(Capability::Inspect)).collect();
        assert_eq!(inspectors, [Role::Inspector]);
        assert!(!Role::OrgStaff.can(Capability::ObjectionFinding));
        assert!(Role::Discipline.can(Capability::ObjectionFinding));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in ALL_ROLES {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
    }
}
