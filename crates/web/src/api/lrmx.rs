//! The 任免审批表 in the LRMX exchange format: export a cadre's file; import one.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use jianquan_app::registry::lrmx::{self, Proposal};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};
use crate::pages::appointment::lrmx_download;

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
