//! The next step of a case (下一步): what is to be done, who does it, by when, and where — for
//! the case page's panel and the case list's columns alike. Computed from the case's progress
//! within its stage ([`CaseProgress`]), read for a page of cases in one statement.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::selection::case::State;
use jianquan_storage::selection::progress::{self, CaseProgress};
use serde::Serialize;

use super::views::Case;
use crate::{Actor, App, AppResult};

/// What is to be done next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Resume,
    BeginRecommendation,
    AnnounceExamination,
    BeginRecommendationOrExamination,
    PlanRound,
    OpenRound,
    CloseRound,
    FixNominees,
    RunExamination,
    CheckAndGate,
    FixSubjects,
    FormTeam,
    SignLetter,
    InspectAndReport,
    SubmitForDecision,
    PutOnAgenda,
    CommitteeDecides,
    ReconsiderOrEnd,
    Publish,
    CheckObjections,
    AppointAfterPublicity,
    Appoint,
    EndWithoutAppointment,
    Archive,
    Nothing,
}

impl Action {
    /// The action in Chinese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Resume => ("恢复纪实（已暂停）", "Resume the paused case"),
            Self::BeginRecommendation => ("启动民主推荐", "Begin democratic recommendation"),
            Self::AnnounceExamination => ("发布竞争上岗（公开选拔）公告", "Announce the examination"),
            Self::BeginRecommendationOrExamination => {
                ("启动民主推荐或发布公告", "Begin recommendation or announce an examination")
            }
            Self::PlanRound => ("新建民主推荐轮次", "Plan a recommendation round"),
            Self::OpenRound => ("开始推荐投票", "Open the round for votes"),
            Self::CloseRound => ("结束推荐并计票", "Close the round and count"),
            Self::FixNominees => ("确定考察人选范围", "Fix the nominees"),
            Self::RunExamination => {
                ("报名登记、资格审查、录入成绩并确定考察人选", "Register, review, score and rank the applicants")
            }
            Self::CheckAndGate => ("凡提四必核查并进行资格审查", "Four musts checks and the eligibility gate"),
            Self::FixSubjects => ("确定考察对象", "Fix the inspection subjects"),
            Self::FormTeam => ("组成考察组", "Form the inspection team"),
            Self::SignLetter => ("签署考察责任书", "Sign the responsibility letter"),
            Self::InspectAndReport => ("个别谈话并形成考察报告", "Interview and conclude with the report"),
            Self::SubmitForDecision => ("提交讨论决定", "Submit for the committee decision"),
            Self::PutOnAgenda => ("列入常委会会议议题", "Put it on a committee meeting's agenda"),
            Self::CommitteeDecides => ("常委会讨论决定（表决）", "The committee discusses and votes"),
            Self::ReconsiderOrEnd => ("表决未通过：复议或终止", "Not passed: reconsider or end the case"),
            Self::Publish => ("发布任前公示", "Publish the pre-appointment notice"),
            Self::CheckObjections => ("查核公示期间反映的问题", "Check the objections to the notice"),
            Self::AppointAfterPublicity => ("公示期满后办理任职", "Appoint once the publicity period ends"),
            Self::Appoint => ("办理任职", "Record the appointment"),
            Self::EndWithoutAppointment => {
                ("反映问题属实，不予任用：终止并归档", "Objection verified: end and archive")
            }
            Self::Archive => ("归档", "Archive the case"),
            Self::Nothing => ("已归档，无待办事项", "Archived: nothing left to do"),
        }
    }
}

/// Who takes the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The organization department's staff (组织部门).
    Staff,
    /// An inspector by name, and how many more are due.
    Inspector {
        name: String,
        more: i64,
    },
    /// The committee meeting, by its title.
    Committee {
        meeting: String,
    },
    /// Discipline inspection (纪检监察机关).
    Discipline,
    Nobody,
}

impl Owner {
    /// Who, in Chinese and English.
    pub fn label(&self) -> (String, String) {
        match self {
            Self::Staff => ("组织部门".into(), "organization department".into()),
            Self::Inspector { name, more } if *more > 0 => {
                (format!("考察组 {name} 等{}人", more + 1), format!("inspectors {name} and {more} more"))
            }
            Self::Inspector { name, .. } => (format!("考察组 {name}"), format!("inspector {name}")),
            Self::Committee { meeting } => (format!("常委会（{meeting}）"), format!("the committee ({meeting})")),
            Self::Discipline => ("纪检监察机关".into(), "discipline inspection".into()),
            Self::Nobody => ("—".into(), "—".into()),
        }
    }
}

/// A deadline of the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The day (YYYY-MM-DD).
    pub on: String,
    pub kind: DueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// The day a recommendation meeting is held.
    RoundDay,
    /// The committee meeting's day.
    MeetingDay,
    /// The last day of the publicity period.
    PublicityEnd,
}

impl DueKind {
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::RoundDay => ("推荐会议日期", "recommendation meeting"),
            Self::MeetingDay => ("会议日期", "meeting day"),
            Self::PublicityEnd => ("公示期至", "publicity ends"),
        }
    }
}

/// Where the next step is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The staff's forms on the case page.
    Actions,
    /// The inspector's own section of the case page.
    Inspection,
    /// The case page's publicity section.
    Publicity,
    /// The case page's record.
    History,
    Round(String),
    Meeting(String),
    Meetings,
}

impl Place {
    /// The link, for the case `case_id`.
    pub fn href(&self, case_id: &str) -> String {
        match self {
            Self::Actions => format!("/selection/cases/{case_id}#actions"),
            Self::Inspection => format!("/selection/cases/{case_id}#my-inspection"),
            Self::Publicity => format!("/selection/cases/{case_id}#publicity"),
            Self::History => format!("/selection/cases/{case_id}#history"),
            Self::Round(id) => format!("/selection/rounds/{id}"),
            Self::Meeting(id) => format!("/selection/meetings/{id}"),
            Self::Meetings => "/selection/meetings".into(),
        }
    }
}

/// A case's next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub action: Action,
    pub owner: Owner,
    pub due: Option<Due>,
    pub place: Place,
    /// Something went wrong that the step answers (a failed vote, a verified objection).
    pub problem: bool,
    /// The nominee by name, and how many nominees there are.
    pub nominee: Option<String>,
    pub nominees: i64,
}

fn step(action: Action, owner: Owner, place: Place) -> NextStep {
    NextStep { action, owner, due: None, place, problem: false, nominee: None, nominees: 0 }
}

fn due(on: &str, kind: DueKind) -> Option<Due> {
    Some(Due { on: on.to_owned(), kind })
}

/// The next step of a case from its progress, on `today` (YYYY-MM-DD, Beijing).
pub fn next_step(p: &CaseProgress, today: &str) -> NextStep {
    use Action as A;
    let staff = |a: Action| step(a, Owner::Staff, Place::Actions);
    let mut next = if p.state == State::Archived {
        step(A::Nothing, Owner::Nobody, Place::History)
    } else if p.paused {
        staff(A::Resume)
    } else {
        match p.state {
            State::Motion => staff(match p.method.as_str() {
                "democratic_recommendation" => A::BeginRecommendation,
                "contract_appointment" => A::BeginRecommendationOrExamination,
                _ => A::AnnounceExamination,
            }),
            State::Recommendation => match (&p.round_open, &p.round_preparing) {
                (Some((id, _, held_on)), _) => NextStep {
                    due: held_on.as_deref().and_then(|d| due(d, DueKind::RoundDay)),
                    ..step(A::CloseRound, Owner::Staff, Place::Round(id.clone()))
                },
                (None, Some((id, _))) => step(A::OpenRound, Owner::Staff, Place::Round(id.clone())),
                (None, None) if p.rounds_closed > 0 => staff(A::FixNominees),
                (None, None) => staff(A::PlanRound),
            },
            State::Examination => staff(A::RunExamination),
            State::Eligibility if p.admitted > 0 => staff(A::FixSubjects),
            State::Eligibility => staff(A::CheckAndGate),
            State::Inspection if p.subjects_without_team > 0 => staff(A::FormTeam),
            State::Inspection if p.letters_unsigned > 0 => {
                let name = p.unsigned_inspector.clone().unwrap_or_default();
                step(A::SignLetter, Owner::Inspector { name, more: p.letters_unsigned - 1 }, Place::Inspection)
            }
            State::Inspection if p.reports_due > 0 => {
                let name = p.reporting_inspector.clone().unwrap_or_default();
                step(A::InspectAndReport, Owner::Inspector { name, more: 0 }, Place::Inspection)
            }
            State::Inspection => staff(A::SubmitForDecision),
            State::Decision => decision_step(p),
            State::Publicity => publicity_step(p, today),
            State::Appointed => staff(A::Archive),
            State::Archived => step(A::Nothing, Owner::Nobody, Place::History),
        }
    };
    let (nominee, nominees) = match (&p.notice_name, &p.item_name) {
        (Some(name), _) | (None, Some(name)) => (Some(name.clone()), 1),
        (None, None) => (p.nominee.clone(), p.nominees),
    };
    next.nominee = nominee;
    next.nominees = nominees;
    next
}

fn decision_step(p: &CaseProgress) -> NextStep {
    let meeting = p.meeting.as_ref();
    match (p.item_status.as_deref(), p.item_passed, meeting) {
        (Some("decided"), Some(true), _) => step(Action::Publish, Owner::Staff, Place::Actions),
        (Some("decided"), _, Some((id, ..))) => {
            NextStep { problem: true, ..step(Action::ReconsiderOrEnd, Owner::Staff, Place::Meeting(id.clone())) }
        }
        (Some(_), _, Some((id, title, on, _))) => NextStep {
            due: due(on, DueKind::MeetingDay),
            ..step(Action::CommitteeDecides, Owner::Committee { meeting: title.clone() }, Place::Meeting(id.clone()))
        },
        _ => step(Action::PutOnAgenda, Owner::Staff, Place::Meetings),
    }
}

fn publicity_step(p: &CaseProgress, today: &str) -> NextStep {
    let period_end = p.period_end.as_deref().unwrap_or_default();
    if p.objections_verified > 0 {
        NextStep { problem: true, ..step(Action::EndWithoutAppointment, Owner::Staff, Place::Actions) }
    } else if p.objections_open > 0 {
        NextStep {
            due: due(period_end, DueKind::PublicityEnd),
            ..step(Action::CheckObjections, Owner::Discipline, Place::Publicity)
        }
    } else if today <= period_end {
        NextStep {
            due: due(period_end, DueKind::PublicityEnd),
            ..step(Action::AppointAfterPublicity, Owner::Staff, Place::Actions)
        }
    } else {
        step(Action::Appoint, Owner::Staff, Place::Actions)
    }
}

/// The next steps of these cases (as listed or viewed, so in the actor's scope), by case ID,
/// read in one statement per 500 cases.
pub async fn of_cases(app: &App, actor: &Actor, cases: &[Case]) -> AppResult<HashMap<String, NextStep>> {
    actor.require(Capability::SelectionRead)?;
    let ids: Vec<&str> = cases
        .iter()
        .filter(|c| OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)))
        .map(|c| c.id.as_str())
        .collect();
    let mut conn = app.db.read().await?;
    let rows = progress::of_cases(&mut conn, &ids).await?;
    let today = app.today().to_string();
    Ok(rows.iter().map(|p| (p.case_id.clone(), next_step(p, &today))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(state: State) -> CaseProgress {
        CaseProgress {
            case_id: "c".into(),
            state,
            paused: false,
            method: "democratic_recommendation".into(),
            round_preparing: None,
            round_open: None,
            rounds_closed: 0,
            exam_announced: false,
            nominated: 0,
            admitted: 0,
            nominee: None,
            nominees: 0,
            subjects_without_team: 0,
            letters_unsigned: 0,
            unsigned_inspector: None,
            reports_due: 0,
            reporting_inspector: None,
            reports: 0,
            item_status: None,
            item_passed: None,
            item_name: None,
            meeting: None,
            notice_name: None,
            period_end: None,
            objections_open: 0,
            objections_verified: 0,
        }
    }

    #[test]
    fn a_paused_case_is_resumed_first_whatever_its_stage() {
        let p = CaseProgress { paused: true, ..at(State::Inspection) };
        assert_eq!(next_step(&p, "2026-11-26").action, Action::Resume);
    }

    #[test]
    fn an_unsigned_letter_is_the_inspectors_step_before_the_report() {
        let p = CaseProgress {
            letters_unsigned: 2,
            unsigned_inspector: Some("王磊".into()),
            reports_due: 1,
            ..at(State::Inspection)
        };
        let next = next_step(&p, "2026-11-26");
        assert_eq!(next.action, Action::SignLetter);
        assert_eq!(next.owner, Owner::Inspector { name: "王磊".into(), more: 1 });
        assert_eq!(next.place, Place::Inspection);
    }

    #[test]
    fn the_appointment_waits_for_the_last_day_of_publicity_and_is_due_the_day_after() {
        let p = CaseProgress { period_end: Some("2026-12-02".into()), ..at(State::Publicity) };
        let waiting = next_step(&p, "2026-12-02");
        assert_eq!(waiting.action, Action::AppointAfterPublicity);
        assert_eq!(waiting.due, Some(Due { on: "2026-12-02".into(), kind: DueKind::PublicityEnd }));
        assert_eq!(next_step(&p, "2026-12-03").action, Action::Appoint);
    }

    #[test]
    fn an_open_objection_is_discipline_inspections_and_a_verified_one_ends_the_case() {
        let open = CaseProgress { period_end: Some("2026-12-02".into()), objections_open: 1, ..at(State::Publicity) };
        assert_eq!(next_step(&open, "2026-12-10").owner, Owner::Discipline);
        let verified = CaseProgress { objections_verified: 1, ..open };
        let next = next_step(&verified, "2026-12-10");
        assert_eq!(next.action, Action::EndWithoutAppointment);
        assert!(next.problem);
    }

    #[test]
    fn a_pending_item_is_the_committees_by_the_meeting_day_and_a_failed_one_a_problem() {
        let meeting = Some(("m".into(), "区委常委会第12次会议".into(), "2026-11-28".into(), "planned".into()));
        let p = CaseProgress { item_status: Some("pending".into()), meeting, ..at(State::Decision) };
        let next = next_step(&p, "2026-11-26");
        assert_eq!(next.action, Action::CommitteeDecides);
        assert_eq!(next.due.map(|d| d.on), Some("2026-11-28".into()));
        let failed = CaseProgress { item_status: Some("decided".into()), item_passed: Some(false), ..p };
        assert!(next_step(&failed, "2026-11-26").problem);
    }
}
