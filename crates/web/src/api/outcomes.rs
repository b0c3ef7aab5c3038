//! The outcome figure of selection (选拔任用): a year's promotees rated 优秀 at its end, by level.

use axum::Json;
use axum::extract::{Query, State};
use jianquan_app::selection::outcomes::{self, OutcomeQuery, Outcomes};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};

/// Of the cadres promoted in `year` (last year by default) within the caller's scope or `org`, how
/// many were rated 优秀 in that year's annual assessment, by the level of the rank they reached.
#[utoipa::path(get, path = "/api/v1/selection/outcomes", tag = "selection", params(OutcomeQuery),
    responses((status = 200, body = Outcomes), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn promotion_outcomes(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OutcomeQuery>,
) -> Result<Json<Outcomes>, ApiError> {
    Ok(Json(outcomes::promotion_outcomes(&s.app, &ctx.actor, &q, ctx.lang.code()).await?))
}
