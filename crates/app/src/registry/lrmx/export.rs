//! The LRMX file of a cadre: the form's content written as XML, logged as an export.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::lrmx::xml;
use jianquan_domain::registry::resident_id::mask;
use serde_json::json;

use crate::registry::lrmx::{Proposal, filler, form, load};
use crate::{Actor, App, AppError, AppResult};

/// An exported file: its name and bytes.
#[derive(Debug, Clone)]
pub struct LrmxFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The cadre's LRMX file (UTF-8 XML), logged as an export. The ID number is written in full only
/// for a role that may reveal it; for others it is masked, and the file cannot be imported back.
pub async fn export_lrmx(app: &App, actor: &Actor, cadre_id: &str, proposal: &Proposal) -> AppResult<LrmxFile> {
    actor.require(Capability::RegistryExport)?;
    proposal.check()?;
    let (cadre, sections, kept) = load(app, actor, cadre_id).await?;
    let full = actor.can(Capability::RevealSensitive);
    let id_number = if full { cadre.id_number.clone() } else { mask(&cadre.id_number) };
    let mut person = form::person(&cadre, &sections, kept.as_ref(), proposal, &filler(app, actor), id_number);
    // The cadre was read through its access check by `load`; the photo needs no second one.
    if let Some(photo) = crate::registry::photo::stored(app, cadre_id).await? {
        person.photo = photo.to_base64();
    }
    let bytes = xml::write(&person).map_err(|e| AppError::internal(format!("lrmx: {e}")))?;
    let mut tx = app.db.write().await?;
    let detail = json!({"by": actor.username, "format": "lrmx", "id_number": if full { "full" } else { "masked" },
        "proposed_post": person.proposed_post, "proposed_removal": person.proposed_removal, "photo": !person.photo.is_empty(),
        "bytes": bytes.len()});
    app.record(&mut tx, actor, "registry.export.lrmx", ("cadre", cadre_id), detail, &[]).await?;
    tx.commit().await?;
    Ok(LrmxFile { file_name: format!("{}.lrmx", cadre.name), bytes })
}
