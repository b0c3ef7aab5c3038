//! The 任免审批表 (appointment and removal form) of a cadre: the printable form and the LRMX file,
//! both built from the dossier by [`form`], and the import of an LRMX file ([`import`]). Opening the
//! form is logged as a dossier view; exporting the file is logged as an export, and carries the
//! full ID number only for a role that may reveal it.

mod batch;
mod export;
mod form;
mod import;

pub use batch::{BatchFile, LrmxBatch, MAX_BATCH_BYTES, MAX_BATCH_FILES, Unpacked, import_lrmx_zip, is_zip, unpack};
pub use export::{LrmxFile, export_lrmx};
pub use import::{Added, ImportOptions, KeptLine, LrmxImport, MAX_LRMX_BYTES, import_lrmx};

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::{age_on, parse_date};
use jianquan_domain::registry::lrmx::Person;
use jianquan_domain::registry::resident_id::mask;
use jianquan_storage::registry::cadres::Cadre;
use jianquan_storage::registry::dossier::{self, Sections};
use jianquan_storage::registry::forms::{self, FormRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::registry::cadres::get_cadre;
use crate::{Actor, App, AppResult};

/// What the form proposes; it is not in the dossier, so the caller gives it (all optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct Proposal {
    /// 拟任职务.
    pub proposed_post: String,
    /// 拟免职务.
    pub proposed_removal: String,
    /// 任免理由.
    pub reasons: String,
}

impl Proposal {
    fn check(&self) -> AppResult<()> {
        let mut errors = jianquan_domain::Errors::default();
        for (field, value, max) in [
            ("proposed_post", &self.proposed_post, 200),
            ("proposed_removal", &self.proposed_removal, 200),
            ("reasons", &self.reasons, 1000),
        ] {
            if value.trim().chars().count() > max {
                errors.push(jianquan_domain::FieldError::new(
                    field,
                    format!("不能超过 {max} 个字"),
                    format!("at most {max} characters"),
                ));
            }
        }
        Ok(errors.finish()?)
    }
}

/// The printable form: the form's content and the cadre's age on the day it is filled in.
#[derive(Debug, Clone, Serialize)]
pub struct AppointmentForm {
    pub cadre_id: String,
    pub person: Person,
    pub age: i32,
    /// Each family member's age in whole years (by birth month), or empty when unknown.
    pub family_ages: Vec<String>,
}

/// A cadre in scope with the dossier's sections and the form texts an import kept.
pub(crate) async fn load(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<(Cadre, Sections, Option<FormRow>)> {
    let cadre = get_cadre(app, actor, cadre_id).await?;
    let mut conn = app.db.read().await?;
    let sections = dossier::sections(&mut conn, cadre_id).await?;
    let kept = forms::get(&mut conn, cadre_id).await?;
    Ok((cadre, sections, kept))
}

pub(crate) fn filler<'a>(app: &App, actor: &'a Actor) -> form::Filler<'a> {
    form::Filler { unit: &actor.scope_name, name: actor.shown_name(), today: app.today() }
}

/// The form of a cadre in scope; opening it writes a view log entry (查阅登记) as the dossier does.
/// The printed form has no ID number, so the person's is masked here.
pub async fn appointment_form(
    app: &App,
    actor: &Actor,
    cadre_id: &str,
    proposal: &Proposal,
) -> AppResult<AppointmentForm> {
    actor.require(Capability::RegistryRead)?;
    proposal.check()?;
    let (cadre, sections, kept) = load(app, actor, cadre_id).await?;
    let mut tx = app.db.write().await?;
    let detail = json!({"by": actor.username, "form": "appointment"});
    app.record(&mut tx, actor, "registry.dossier.view", ("cadre", cadre_id), detail, &[]).await?;
    tx.commit().await?;
    let age = parse_date("birth_date", &cadre.birth_date).map_or(0, |b| age_on(b, app.today()));
    let person = form::person(&cadre, &sections, kept.as_ref(), proposal, &filler(app, actor), mask(&cadre.id_number));
    let family_ages = sections
        .family
        .iter()
        .map(|f| f.birth_date.as_deref().and_then(|b| parse_date("birth_date", b).ok()))
        .map(|b| b.map(|b| age_on(b, app.today()).to_string()).unwrap_or_default())
        .collect();
    Ok(AppointmentForm { cadre_id: cadre.id, person, age, family_ages })
}
