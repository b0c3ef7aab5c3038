//! Accountability for a misjudged appointment (用人失察失误, SEL-ACCOUNTABILITY) and the outcome
//! figure of selection (the share of appointees rated 优秀 at year end). When an
//! appointee is sanctioned within the policy's window after the tenure began, the case is
//! flagged for review with who recommended, who inspected and who decided. The flag is computed
//! from the record whenever it is read, so a sanction recorded anywhere flags the case at once.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::appointment::{MisjudgementReview, Problem, Trail, misjudgement_review};
use jianquan_storage::Conn;
use jianquan_storage::registry::dossier;
use jianquan_storage::selection::cases::{self as case_store, CaseFilter, CaseRow};
use jianquan_storage::selection::{candidates, meetings, publicity, rounds};
use serde::Serialize;

use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// The review of a case, if it is flagged.
pub(crate) async fn review_of(app: &App, conn: &mut Conn, case: &CaseRow) -> AppResult<Option<MisjudgementReview>> {
    let Some(appointment) = publicity::appointment(conn, &case.id).await? else { return Ok(None) };
    let appointed_on =
        parse_date("tenure_start", &appointment.tenure_start).map_err(|e| AppError::internal(e.message.en))?;
    let sections = dossier::sections(conn, &appointment.cadre_id).await?;
    let mut sanctions: Vec<time::Date> = sections
        .rewards_sanctions
        .iter()
        .filter(|r| r.category == "sanction")
        .filter_map(|r| parse_date("date", &r.date).ok())
        .filter(|d| *d >= appointed_on)
        .collect();
    sanctions.sort();
    let Some(first) = sanctions.first() else { return Ok(None) };
    let trail = trail(conn, case, &appointment.cadre_id).await?;
    misjudgement_review(&app.policy, appointed_on, Problem::Sanctioned(*first), &trail).map_err(policy_error)
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
            .filter(|v| &v.item_id == item_id && v.vote == "agree")
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
    pub case: CaseRow,
    #[schema(value_type = Object)]
    pub review: MisjudgementReview,
}

/// Appointments in the actor's scope flagged for misjudgement review, newest case first.
pub async fn flagged(app: &App, actor: &Actor) -> AppResult<Vec<Flagged>> {
    actor.require(Capability::SelectionRead)?;
    let mut conn = app.db.read().await?;
    let mut found = Vec::new();
    for state in ["appointed", "archived"] {
        let filter = CaseFilter { root: Some(actor.list_scope()), state: Some(state.into()), year: None };
        let (cases, _) = case_store::list(&mut conn, &filter, 0, 500).await?;
        for case in cases {
            if let Some(review) = review_of(app, &mut conn, &case).await? {
                found.push(Flagged { case, review });
            }
        }
    }
    Ok(found)
}
