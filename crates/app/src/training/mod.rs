//! Education and training use-cases: the course catalogue, enrolment, attendance and leave
//! (TRN-LEAVE-CAP), completion writing credits to the dossier (TRN-CREDITS), and each cadre's and
//! each unit's position against the requirements by rank (TRN-COUNTY-5Y, TRN-TOWNSHIP-YEAR).

pub mod courses;
pub mod report;
pub mod views;

use jianquan_domain::access::Capability;
use jianquan_domain::policy::PolicyError;
use jianquan_storage::Conn;
use jianquan_storage::registry::cadres::{self, Cadre};
use jianquan_storage::registry::orgs::{self, Org};

use crate::{Actor, App, AppError, AppResult};

pub(crate) fn policy_error(e: PolicyError) -> AppError {
    AppError::internal(format!("policy: {e}"))
}

/// A cadre the actor may see for `capability`: in scope for staff, themselves for a cadre.
/// Anything else is not found. Read on `conn`: a write reads it inside its transaction.
pub(crate) async fn subject(
    conn: &mut Conn,
    actor: &Actor,
    cadre_id: &str,
    capability: Capability,
) -> AppResult<Cadre> {
    let own = actor.can(Capability::OwnDossier) && actor.cadre_id.as_deref() == Some(cadre_id);
    if !own && !actor.can(capability) {
        if actor.can(Capability::OwnDossier) {
            return Err(AppError::NotFound);
        }
        actor.require(capability)?;
    }
    let cadre = cadres::get(conn, cadre_id).await?.ok_or(AppError::NotFound)?;
    if !own {
        actor.require_in_scope(&cadre.org_path)?;
    }
    Ok(cadre)
}

/// An org within the actor's scope, or a field error naming `field` (read on `conn`: a write
/// reads it inside its transaction).
pub(crate) async fn scoped_org(conn: &mut Conn, actor: &Actor, org_id: &str, field: &str) -> AppResult<Org> {
    let org = orgs::get(conn, org_id).await?;
    match org {
        Some(org) if org.org_path().is_ok_and(|p| actor.sees(&p)) => Ok(org),
        _ => {
            Err(jianquan_domain::Invalid::one(field, "单位不存在或不在您的范围内", "no such org in your scope").into())
        }
    }
}

/// Resolves a list typed by staff — one cadre per line, by name or resident ID number — to cadre
/// IDs within the actor's scope. Each line that matches no one, or more than one person, is named.
pub async fn resolve_cadres(app: &App, actor: &Actor, lines: &str) -> AppResult<Vec<String>> {
    let mut conn = app.db.read().await?;
    let mut ids = Vec::new();
    let mut fields = Vec::new();
    for (i, line) in lines.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let found: Vec<Cadre> = if line.len() == 18 && line.chars().take(17).all(|c| c.is_ascii_digit()) {
            cadres::by_id_number(&mut conn, &line.to_uppercase()).await?.into_iter().collect()
        } else {
            cadres::by_exact_name(&mut conn, line).await?
        };
        let seen: Vec<&Cadre> = found
            .iter()
            .filter(|c| jianquan_domain::registry::OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)))
            .collect();
        match seen.as_slice() {
            [one] => ids.push(one.id.clone()),
            [] => fields.push(jianquan_domain::FieldError::new(
                "names",
                format!("第 {} 行“{line}”：您的范围内没有此人", i + 1),
                format!("line {} \"{line}\": no such cadre in your scope", i + 1),
            )),
            _ => fields.push(jianquan_domain::FieldError::new(
                "names",
                format!("第 {} 行“{line}”：有重名，请改填身份证号", i + 1),
                format!("line {} \"{line}\": several cadres have this name; give the ID number", i + 1),
            )),
        }
    }
    if ids.is_empty() && fields.is_empty() {
        fields.push(jianquan_domain::FieldError::new(
            "names",
            "请填写干部姓名或身份证号，每行一个",
            "give names or ID numbers, one per line",
        ));
    }
    if fields.is_empty() {
        ids.dedup();
        Ok(ids)
    } else {
        // One message per form field: join the lines' messages.
        let zh = fields.iter().map(|f| f.message.zh.clone()).collect::<Vec<_>>().join("；");
        let en = fields.iter().map(|f| f.message.en.clone()).collect::<Vec<_>>().join("; ");
        Err(jianquan_domain::Invalid::one("names", zh, en).into())
    }
}
