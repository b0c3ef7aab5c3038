//! A cadre's photo: set by staff who may edit the dossier (JPEG or PNG, checked by its bytes),
//! read by whoever may read the dossier (the cadre themself included), carried by LRMX.

use jianquan_domain::Invalid;
use jianquan_domain::access::Capability;
use jianquan_domain::registry::photo::Photo;
use jianquan_storage::WriteTx;
use jianquan_storage::registry::photos::{self, PhotoRow};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::registry::cadres::get_cadre;
use crate::{Actor, App, AppError, AppResult};

fn row(photo: &Photo) -> PhotoRow {
    PhotoRow {
        content_type: photo.content_type.to_owned(),
        bytes: photo.bytes.clone(),
        sha256: format!("{:x}", Sha256::digest(&photo.bytes)),
    }
}

/// Writes a checked photo in `tx` under the ledger entry `seq` (the LRMX import's).
pub(crate) async fn put_in(tx: &mut WriteTx, cadre_id: &str, photo: &Photo, seq: i64) -> AppResult<String> {
    let row = row(photo);
    photos::put(tx, cadre_id, &row, seq).await?;
    Ok(row.sha256)
}

/// Whether the actor may set this cadre's photo (the cadre in scope), before an upload is read.
pub async fn check_writable(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<()> {
    actor.require(Capability::RegistryWrite)?;
    get_cadre(app, actor, cadre_id).await.map(|_| ())
}

/// Sets or replaces a cadre's photo; returns the image's SHA-256.
pub async fn set_photo(app: &App, actor: &Actor, cadre_id: &str, bytes: Vec<u8>) -> AppResult<String> {
    check_writable(app, actor, cadre_id).await?;
    let photo = Photo::check("photo", bytes).map_err(|e| AppError::from(Invalid { fields: vec![e] }))?;
    let digest = row(&photo).sha256;
    let mut tx = app.db.write().await?;
    let detail =
        json!({"section": "photo", "content_type": photo.content_type, "bytes": photo.bytes.len(), "sha256": digest});
    let seq = app.record(&mut tx, actor, "registry.dossier.photo.set", ("cadre", cadre_id), detail, &[]).await?;
    put_in(&mut tx, cadre_id, &photo, seq).await?;
    tx.commit().await?;
    Ok(digest)
}

/// A cadre's photo, for anyone who may read their dossier.
pub async fn photo(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<Option<Photo>> {
    get_cadre(app, actor, cadre_id).await?;
    stored(app, cadre_id).await
}

/// The photo of a cadre the caller has already read through its access check.
pub(crate) async fn stored(app: &App, cadre_id: &str) -> AppResult<Option<Photo>> {
    let mut conn = app.db.read().await?;
    let Some(stored) = photos::get(&mut conn, cadre_id).await? else {
        return Ok(None);
    };
    // Stored bytes were checked when written; check again rather than trust the table.
    Ok(Photo::check("photo", stored.bytes).ok())
}

/// Whether a cadre has a photo; for a page that has already read the cadre's dossier through an
/// access check (it reveals nothing else).
pub async fn has_photo(app: &App, cadre_id: &str) -> AppResult<bool> {
    let mut conn = app.db.read().await?;
    Ok(photos::exists(&mut conn, cadre_id).await?)
}
