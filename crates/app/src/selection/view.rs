//! The case view: everything a case's page and API answer show — its rounds, candidates and
//! their gate, the four musts, inspection, agenda items and decisions, publicity with its
//! objections (the objectors masked), the appointment, and every step from the ledger.

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_domain::selection::appointment::MisjudgementReview;
use jianquan_domain::selection::case::{Method, State};
use jianquan_storage::selection::cases::CaseRow;
use jianquan_storage::selection::{candidates as candidate_store, meetings as meeting_store};
use jianquan_storage::selection::{publicity as publicity_store, rounds as round_store};
use serde::Serialize;

use super::examination::ExamView;
use super::publicity::masked;
use super::views::{
    Appointment, Candidate, Case, InspectionReport, Inspector, Interview, MeetingItem, MustCheck, Notice, Objection,
    Round,
};
use super::{SUBJECT, case_for};
use crate::view::all;
use crate::{Actor, App, AppResult};

/// One step of the procedure's stepper.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Step {
    pub state: String,
    pub label_zh: String,
    pub label_en: String,
    /// done, current or to_come.
    pub status: String,
}

/// A case with everything its page shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseView {
    pub case: Case,
    pub method_zh: String,
    pub method_en: String,
    pub steps: Vec<Step>,
    pub rounds: Vec<Round>,
    pub candidates: Vec<Candidate>,
    pub checks: Vec<MustCheck>,
    pub inspectors: Vec<Inspector>,
    pub interviews: Vec<Interview>,
    pub reports: Vec<InspectionReport>,
    pub items: Vec<MeetingItem>,
    pub notice: Option<Notice>,
    pub objections: Vec<Objection>,
    pub appointment: Option<Appointment>,
    /// The examination of a competitive appointment or open selection.
    pub exam: Option<ExamView>,
    /// Set when the appointee was sanctioned within SEL-ACCOUNTABILITY's window.
    #[schema(value_type = Option<Object>)]
    pub misjudgement: Option<MisjudgementReview>,
    /// Every step, oldest first.
    pub history: Vec<Entry>,
    /// Online ballots cast in the case's rounds (each is a ledger entry, not listed in `history`).
    pub ballots_cast: i64,
    /// The display names of the accounts in the history (account ID → name).
    pub actor_names: std::collections::BTreeMap<String, String>,
}

/// The stepper: the states the case's method passes through, each done, current or to come.
pub fn steps(case: &CaseRow) -> Vec<Step> {
    let method = Method::parse("method", &case.method).unwrap_or(Method::DemocraticRecommendation);
    let current = case.state;
    let path: Vec<State> = State::ALL
        .into_iter()
        .filter(|s| {
            !matches!(
                (s, method),
                (State::Recommendation, Method::CompetitiveAppointment | Method::OpenSelection)
                    | (State::Examination, Method::DemocraticRecommendation | Method::ContractAppointment)
            )
        })
        .collect();
    path.into_iter()
        .map(|s| Step {
            state: s.code().to_owned(),
            label_zh: s.label_zh().to_owned(),
            label_en: s.label_en().to_owned(),
            status: if s < current {
                "done"
            } else if s == current {
                "current"
            } else {
                "to_come"
            }
            .to_owned(),
        })
        .collect()
}

pub async fn view_case(app: &App, actor: &Actor, id: &str) -> AppResult<CaseView> {
    let case = case_for(app, actor, id, Capability::SelectionRead).await?;
    let mut conn = app.db.read().await?;
    let rounds = round_store::of_case(&mut conn, id).await?;
    let candidates = candidate_store::of_case(&mut conn, id).await?;
    let checks = candidate_store::checks(&mut conn, id).await?;
    let inspectors = candidate_store::inspectors(&mut conn, id).await?;
    let interviews = candidate_store::interviews(&mut conn, id).await?;
    let reports = candidate_store::reports(&mut conn, id).await?;
    let items = meeting_store::items_of_case(&mut conn, id).await?;
    let notice = publicity_store::notice_of_case(&mut conn, id).await?;
    let objections = match &notice {
        Some(n) => publicity_store::objections(&mut conn, &n.id).await?.into_iter().map(masked).collect(),
        None => Vec::new(),
    };
    let appointment = publicity_store::appointment(&mut conn, id).await?;
    drop(conn);
    let exam = Some(super::examination::view(app, actor, id).await?).filter(|e| e.exam.is_some());
    let mut conn = app.db.read().await?;
    let misjudgement = super::accountability::review_of(app, &mut conn, &case).await?;
    // Ballots are counted, not listed: a 5,000-voter round would push every other step out.
    let (mut history, ballots_cast) =
        jianquan_storage::ledger::history_without(&mut conn, SUBJECT, id, "selection.round.ballot", 2000).await?;
    history.reverse();
    let mut actors: Vec<&str> = history.iter().map(|e| e.actor.as_str()).collect();
    actors.sort_unstable();
    actors.dedup();
    let actor_names = jianquan_storage::access::display_names(&mut conn, &actors).await?.into_iter().collect();
    let method = Method::parse("method", &case.method).unwrap_or(Method::DemocraticRecommendation);
    Ok(CaseView {
        method_zh: method.label_zh().to_owned(),
        method_en: method.label_en().to_owned(),
        steps: steps(&case),
        case: case.into(),
        rounds: all(rounds),
        candidates: all(candidates),
        checks: all(checks),
        inspectors: all(inspectors),
        interviews: all(interviews),
        reports: all(reports),
        items: all(items),
        notice: notice.map(Into::into),
        objections,
        appointment: appointment.map(Into::into),
        exam,
        misjudgement,
        history,
        ballots_cast,
        actor_names,
    })
}
