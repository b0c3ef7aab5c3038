//! Accountability for a misjudged appointment (用人失察失误, SEL-ACCOUNTABILITY). When an
//! appointee is sanctioned within the policy's window after the tenure began, the case is
//! flagged for review with who recommended, who inspected and who decided. The flag is computed
//! from the record whenever it is read, so a sanction recorded anywhere flags the case at once.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::appointment::{MisjudgementReview, Problem, Trail, misjudgement_review};
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::decision::Vote;
use jianquan_storage::Conn;
use jianquan_storage::selection::cases::{self as case_store, CaseFilter, CaseRow};
use jianquan_storage::selection::publicity::SanctionedAppointee;
use jianquan_storage::selection::{candidates, meetings, publicity, rounds};
use serde::Serialize;

use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// The review of a case, if it is flagged.
pub(crate) async fn review_of(app: &App, conn: &mut Conn, case: &CaseRow) -> AppResult<Option<MisjudgementReview>> {
    match publicity::sanctioned_appointees(conn, &[case.id.as_str()]).await?.remove(&case.id) {
        Some(found) => review(app, conn, case, &found).await,
        None => Ok(None),
    }
}

/// The review of a case whose appointee was sanctioned after appointment, if within the window.
async fn review(
    app: &App,
    conn: &mut Conn,
    case: &CaseRow,
    found: &SanctionedAppointee,
) -> AppResult<Option<MisjudgementReview>> {
    let date = |field: &str, raw: &str| parse_date(field, raw).map_err(|e| AppError::internal(e.message.en));
    let appointed_on = date("tenure_start", &found.tenure_start)?;
    let first = date("date", &found.first_sanction)?;
    let trail = trail(conn, case, &found.cadre_id).await?;
    misjudgement_review(&app.policy, appointed_on, Problem::Sanctioned(first), &trail).map_err(policy_error)
}

/// Who recommended (the motion's proposer and each round's participants present), who
/// inspected the appointee, and who agreed at the decision.
async fn trail(conn: &mut Conn, case: &CaseRow, cadre_id: &str) -> AppResult<Trail> {
    let mut recommended_by = vec![case.proposer.clone()];
    for round in rounds::of_case(conn, &case.id).await? {
        let present = rounds::electors(conn, &round.id).await?.into_iter().filter(|e| e.present).map(|e| e.name);
        recommended_by.extend(present);
    }
    let inspected_by = candidates::inspectors(conn, &case.id)
        .await?
        .into_iter()
        .filter(|i| i.cadre_id == cadre_id)
        .map(|i| i.inspector_name)
        .collect();
    let mut decided_by = Vec::new();
    if let Some(item_id) = &case.decision_item_id
        && let Some(item) = meetings::item(conn, item_id).await?
    {
        let members = meetings::members(conn, &item.meeting_id).await?;
        for vote in meetings::votes(conn, &item.meeting_id)
            .await?
            .into_iter()
            .filter(|v| &v.item_id == item_id && v.vote == Vote::Agree)
        {
            let name = members
                .iter()
                .find(|m| m.member_id == vote.member_id)
                .map_or(vote.member_id.clone(), |m| m.name.clone());
            decided_by.push(name);
        }
    }
    Ok(Trail { recommended_by, inspected_by, decided_by })
}

/// A flagged case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Flagged {
    pub case: super::views::Case,
    #[schema(value_type = Object)]
    pub review: MisjudgementReview,
}

/// Appointments in the actor's scope flagged for misjudgement review, newest case first.
pub async fn flagged(app: &App, actor: &Actor) -> AppResult<Vec<Flagged>> {
    actor.require(Capability::SelectionRead)?;
    let mut conn = app.db.read().await?;
    let mut found = Vec::new();
    for state in [State::Appointed, State::Archived] {
        let filter = CaseFilter { root: Some(actor.list_scope()), state: Some(state), year: None };
        let (cases, _) = case_store::list(&mut conn, &filter, 0, 500).await?;
        // Which appointees were sanctioned, for all the cases in one statement; the trail only
        // for those.
        let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        let mut sanctioned = publicity::sanctioned_appointees(&mut conn, &ids).await?;
        for case in cases {
            let Some(appointee) = sanctioned.remove(&case.id) else { continue };
            if let Some(review) = review(app, &mut conn, &case, &appointee).await? {
                found.push(Flagged { case: case.into(), review });
            }
        }
    }
    Ok(found)
}
