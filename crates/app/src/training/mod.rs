//! Education and training use-cases: the course catalogue, enrolment, attendance and leave
//! (TRN-LEAVE-CAP), completion writing credits to the dossier (TRN-CREDITS), and each cadre's and
//! each unit's position against the requirements by rank (TRN-COUNTY-5Y, TRN-TOWNSHIP-YEAR).

pub mod courses;
pub mod report;

use jianquan_domain::access::Capability;
use jianquan_domain::policy::PolicyError;
use jianquan_storage::registry::cadres::{self, Cadre};
use jianquan_storage::registry::orgs::{self, Org};

use crate::{Actor, App, AppError, AppResult};

pub(crate) fn policy_error(e: PolicyError) -> AppError {
    AppError::internal(format!("policy: {e}"))
}

/// A cadre the actor may see for `capability`: in scope for staff, themselves for a cadre.
/// Anything else is not found.
pub(crate) async fn subject(app: &App, actor: &Actor, cadre_id: &str, capability: Capability) -> AppResult<Cadre> {
    let own = actor.can(Capability::OwnDossier) && actor.cadre_id.as_deref() == Some(cadre_id);
    if !own && !actor.can(capability) {
        if actor.can(Capability::OwnDossier) {
            return Err(AppError::NotFound);
        }
        actor.require(capability)?;
    }
    let mut conn = app.db.read().await?;
    let cadre = cadres::get(&mut conn, cadre_id).await?.ok_or(AppError::NotFound)?;
    if !own {
        actor.require_in_scope(&cadre.org_path)?;
    }
    Ok(cadre)
}

/// An org within the actor's scope, or a field error naming `field`.
pub(crate) async fn scoped_org(app: &App, actor: &Actor, org_id: &str, field: &str) -> AppResult<Org> {
    let mut conn = app.db.read().await?;
    let org = orgs::get(&mut conn, org_id).await?;
    match org {
        Some(org) if org.org_path().is_ok_and(|p| actor.sees(&p)) => Ok(org),
        _ => {
            Err(jianquan_domain::Invalid::one(field, "单位不存在或不在您的范围内", "no such org in your scope").into())
        }
    }
}
