//! A cadre's photo through the API: read it, or set it from the raw image body.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use jianquan_app::AppError;
use jianquan_app::registry::photo;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};
use crate::pages::photo::image_response;

/// A cadre's photo (JPEG or PNG), for whoever may read the dossier.
#[utoipa::path(get, path = "/api/v1/cadres/{id}/photo", tag = "registry", params(("id" = String, Path)),
    responses((status = 200, description = "the image", content_type = "image/jpeg"), (status = 404, body = ErrorBody)))]
pub async fn get_photo(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, ApiError> {
    let photo = photo::photo(&s.app, &ctx.actor, &id).await?.ok_or(AppError::NotFound)?;
    Ok(image_response(photo))
}

/// The stored image's digest.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PhotoSet {
    pub sha256: String,
}

/// Sets or replaces a cadre's photo from the raw body: a JPEG or PNG image of at most 1 MB
/// (recognised by its bytes, whatever the content type says). Logged with the image's SHA-256.
#[utoipa::path(put, path = "/api/v1/cadres/{id}/photo", tag = "registry", params(("id" = String, Path)),
    request_body(content = Vec<u8>, description = "the image", content_type = "image/jpeg"),
    responses((status = 200, body = PhotoSet), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_photo(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<PhotoSet>, ApiError> {
    let sha256 = photo::set_photo(&s.app, &ctx.actor, &id, body.to_vec()).await?;
    Ok(Json(PhotoSet { sha256 }))
}
