//! The 任免审批表 in the LRMX exchange format: export a cadre's file; import one, or a zip of them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use jianquan_app::registry::lrmx::{self, ImportOptions, LrmxBatch, LrmxImport, Proposal};
use jianquan_domain::Invalid;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};
use crate::pages::appointment::lrmx_download;
use crate::pages::lrmx_import::read_upload;

/// A cadre's LRMX file (XML, UTF-8), logged as an export. The ID number is written in full only for
/// a role that may reveal it.
#[utoipa::path(get, path = "/api/v1/cadres/{id}/lrmx", tag = "registry", params(("id" = String, Path), Proposal),
    responses((status = 200, description = "the LRMX document", content_type = "application/xml"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export_lrmx(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(proposal): Query<Proposal>,
) -> Result<Response, ApiError> {
    Ok(lrmx_download(lrmx::export_lrmx(&s.app, &ctx.actor, &id, &proposal).await?))
}

/// Import an LRMX file: as `multipart/form-data` (parts `file`, `org`, `rank`) or as the raw XML
/// body (`org` and `rank` in the query). Every element is checked first and nothing is written
/// if any is wrong (each error names its element); a cadre with the file's ID number is updated
/// (entries the dossier lacks are added), otherwise one is created in `org`.
#[utoipa::path(post, path = "/api/v1/cadres/lrmx", tag = "registry", params(ImportOptions),
    request_body(content = String, description = "the LRMX document, or a multipart form with it", content_type = "application/xml"),
    responses((status = 201, body = LrmxImport, description = "a cadre was created"),
        (status = 200, body = LrmxImport, description = "the cadre with this ID number was updated"),
        (status = 422, body = ErrorBody)))]
pub async fn import_lrmx(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(options): Query<ImportOptions>,
    request: Request,
) -> Result<(StatusCode, Json<LrmxImport>), ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let (bytes, options) = if multipart {
        let mut parts = Multipart::from_request(request, &s).await.map_err(|_| unreadable())?;
        read_upload(&mut parts, options).await?
    } else {
        (Bytes::from_request(request, &s).await.map_err(|_| unreadable())?.to_vec(), options)
    };
    let done = lrmx::import_lrmx(&s.app, &ctx.actor, &bytes, &options).await?;
    Ok((if done.created { StatusCode::CREATED } else { StatusCode::OK }, Json(done)))
}

/// Import a zip of LRMX files (an appointment round's forms): as `multipart/form-data` (parts
/// `file`, `org`, `rank`) or as the raw archive (`org` and `rank` in the query). Every file is
/// checked first and nothing is written if any is wrong (each error names its file and element);
/// then all are written in one transaction, each file as the single import writes it.
#[utoipa::path(post, path = "/api/v1/cadres/lrmx/batch", tag = "registry", params(ImportOptions),
    request_body(content = Vec<u8>, description = "a zip archive of .lrmx files, or a multipart form with it", content_type = "application/zip"),
    responses((status = 200, body = LrmxBatch, description = "every file was imported"),
        (status = 422, body = ErrorBody)))]
pub async fn import_lrmx_zip(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(options): Query<ImportOptions>,
    request: Request,
) -> Result<Json<LrmxBatch>, ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let (bytes, options) = if multipart {
        let mut parts = Multipart::from_request(request, &s).await.map_err(|_| unreadable())?;
        read_upload(&mut parts, options).await?
    } else {
        (Bytes::from_request(request, &s).await.map_err(|_| unreadable())?.to_vec(), options)
    };
    Ok(Json(lrmx::import_lrmx_zip(&s.app, &ctx.actor, &bytes, &options, &|_, _| {}).await?))
}

fn unreadable() -> ApiError {
    ApiError(Invalid::one("file", "请求体无法读取", "the request body could not be read").into())
}
