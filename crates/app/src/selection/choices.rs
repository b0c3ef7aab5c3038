//! The choices selection forms offer: posts with a free seat, committee members and inspectors.

use std::collections::HashMap;

use jianquan_domain::access::{Capability, Role};
use jianquan_storage::selection as store;

use super::views::{Account, VacantPost};
use crate::view::all;
use crate::{Actor, App, AppResult};

/// Posts with a free seat in the actor's scope (the motion form).
pub async fn vacant_posts(app: &App, actor: &Actor) -> AppResult<Vec<VacantPost>> {
    actor.require(Capability::SelectionWrite)?;
    let mut conn = app.db.read().await?;
    Ok(all(store::vacant_posts(&mut conn, &actor.list_scope(), 500).await?))
}

/// Active accounts of a role that selection steps name: committee members, inspectors.
pub async fn accounts(app: &App, actor: &Actor, role: Role) -> AppResult<Vec<Account>> {
    actor.require(Capability::SelectionRead)?;
    let mut conn = app.db.read().await?;
    Ok(all(store::accounts_of_role(&mut conn, role.code()).await?))
}

/// The orgs above `org_id` that the actor acts in: who may approve an exceptional promotion
/// (破格) for a post of that org.
pub async fn approving_orgs(
    app: &App,
    actor: &Actor,
    org_id: &str,
) -> AppResult<Vec<jianquan_storage::registry::orgs::Org>> {
    actor.require(Capability::SelectionWrite)?;
    let mut conn = app.db.read().await?;
    let Some(org) = jianquan_storage::registry::orgs::get(&mut conn, org_id).await? else { return Ok(Vec::new()) };
    let above = jianquan_storage::registry::orgs::ancestors(&mut conn, &org).await?;
    Ok(above.into_iter().filter(|o| o.id != org.id && o.org_path().is_ok_and(|p| actor.sees(&p))).collect())
}

/// A candidate a meeting may decide on: inspected, in a case awaiting its decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AgendaChoice {
    pub case_id: String,
    pub case_number: String,
    pub post: String,
    pub cadre_id: String,
    pub name: String,
}

/// Inspected candidates of the cases awaiting decision in the actor's scope (the agenda form).
pub async fn agenda_choices(app: &App, actor: &Actor) -> AppResult<Vec<AgendaChoice>> {
    actor.require(Capability::SelectionWrite)?;
    let filter = jianquan_storage::selection::cases::CaseFilter {
        root: Some(actor.list_scope()),
        state: Some(jianquan_domain::selection::case::State::Decision),
        year: None,
    };
    let mut conn = app.db.read().await?;
    let (cases, _) = jianquan_storage::selection::cases::list(&mut conn, &filter, 0, 200).await?;
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let mut reported: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (case_id, cadre_id, name) in jianquan_storage::selection::candidates::reported_of_cases(&mut conn, &ids).await?
    {
        reported.entry(case_id).or_default().push((cadre_id, name));
    }
    let mut choices = Vec::new();
    for case in cases {
        for (cadre_id, name) in reported.remove(&case.id).unwrap_or_default() {
            choices.push(AgendaChoice {
                case_id: case.id.clone(),
                case_number: case.number.clone(),
                post: jianquan_domain::registry::org::post_with_unit(&case.org_name, &case.post_title),
                cadre_id,
                name,
            });
        }
    }
    Ok(choices)
}

/// Decided items of the actor's scope whose reconsideration (复议) is agreed and not yet on an
/// agenda (the agenda form's choice).
pub async fn reconsiderations(
    app: &App,
    actor: &Actor,
) -> AppResult<Vec<jianquan_storage::selection::meetings::AgreedReconsideration>> {
    actor.require(Capability::SelectionWrite)?;
    let mut conn = app.db.read().await?;
    Ok(jianquan_storage::selection::meetings::agreed_reconsiderations(&mut conn, &actor.list_scope()).await?)
}
