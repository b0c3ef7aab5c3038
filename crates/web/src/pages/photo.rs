//! A cadre's photo: the image for the dossier and the 任免审批表, and the upload from the dossier.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::registry::photo;
use jianquan_domain::Invalid;
use jianquan_domain::registry::photo::Photo;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::PageError;

/// The image bytes with headers that keep a browser from guessing another type or caching a
/// personal photo where others could read it.
pub fn image_response(photo: Photo) -> Response {
    (
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        photo.bytes,
    )
        .into_response()
}

/// `GET /cadres/{id}/photo`: whoever may read the dossier (the cadre themself included).
pub async fn photo_image(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    match photo::photo(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))? {
        Some(photo) => Ok(image_response(photo)),
        None => Err(ctx.fail(AppError::NotFound)),
    }
}

/// `POST /cadres/{id}/photo`: the dossier's upload (multipart `file`), then back to the dossier.
pub async fn upload_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    // Scope first: a cadre out of scope is 404 whatever the body holds.
    photo::check_writable(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    let unreadable = || AppError::from(Invalid::one("photo", "上传内容无法读取", "the upload could not be read"));
    let mut multipart = Multipart::from_request(request, &state).await.map_err(|_| ctx.fail(unreadable()))?;
    let mut file = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) if part.name() == Some("file") => {
                file = part.bytes().await.map_err(|_| ctx.fail(unreadable()))?.to_vec();
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return Err(ctx.fail(unreadable())),
        }
    }
    photo::set_photo(&state.app, &ctx.actor, &id, file).await.map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/cadres/{id}#photo")).into_response())
}
