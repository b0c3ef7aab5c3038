//! The selection API, part two: committee meetings and votes, pre-appointment publicity with
//! the public's objections and receipts, discipline inspection's findings, and the appointment.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jianquan_app::challenge::Challenge;
use jianquan_app::selection::appointment::{self, AppointInput, Appointed};
use jianquan_app::selection::decision::{
    self, AttendanceInput, DecisionResult, ItemInput, ItemRef, MeetingInput, MeetingView, ReconsiderInput,
    RecusalInput, VoteInput,
};
use jianquan_app::selection::publicity::{
    self, FindingInput, Followed, ObjectionInput, ObjectionLine, PublicNotice, PublicityInput, Receipt,
};
use jianquan_app::selection::views::{Meeting, Notice};
use serde::Deserialize;

use super::selection::{ApiResult, Created, Done, done};
use crate::AppState;
use crate::ctx::Ctx;
use crate::error::ErrorBody;

/// Meetings in scope — for a committee member, the ones they sit on.
#[utoipa::path(get, path = "/api/v1/selection/meetings", tag = "selection", responses((status = 200, body = Vec<Meeting>)))]
pub async fn list_meetings(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<Meeting>>> {
    Ok(Json(decision::list_meetings(&s.app, &ctx.actor).await?))
}

/// Plan a committee meeting; a leader's circulation (圈阅) or any body but the committee
/// meeting is refused (SEL-COLLECTIVE).
#[utoipa::path(post, path = "/api/v1/selection/meetings", tag = "selection", request_body = MeetingInput,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_meeting(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<MeetingInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = decision::create_meeting(&s.app, &ctx.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A meeting: members and attendance, agenda, recusals, votes and the quorum.
#[utoipa::path(get, path = "/api/v1/selection/meetings/{id}", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = MeetingView), (status = 404, body = ErrorBody)))]
pub async fn get_meeting(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<MeetingView>> {
    Ok(Json(decision::view_meeting(&s.app, &ctx.actor, &id).await?))
}

/// Put an item on the agenda before the meeting opens (SEL-NO-AD-HOC).
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/items", tag = "selection", params(("id" = String, Path)),
    request_body = ItemInput, responses((status = 201, body = Created), (status = 409, body = ErrorBody)))]
pub async fn add_item(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ItemInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = decision::add_item(&s.app, &ctx.actor, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Open the meeting with the members present (SEL-QUORUM); the agenda is then sealed.
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/open", tag = "selection", params(("id" = String, Path)),
    request_body = AttendanceInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn open_meeting(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<AttendanceInput>,
) -> ApiResult<Json<Done>> {
    decision::open_meeting(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Record a member's recusal from an item (SEL-RECUSAL), by staff.
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/recusals", tag = "selection", params(("id" = String, Path)),
    request_body = RecusalInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn recuse(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RecusalInput>,
) -> ApiResult<Json<Done>> {
    decision::recuse(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// The signed-in committee member recuses themself from an item (SEL-RECUSAL).
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/my-recusals", tag = "selection", params(("id" = String, Path)),
    request_body = RecusalInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn recuse_myself(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RecusalInput>,
) -> ApiResult<Json<Done>> {
    decision::recuse(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// The signed-in committee member votes on an item: agree, disagree or defer, once.
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/votes", tag = "selection", params(("id" = String, Path)),
    request_body = VoteInput, responses((status = 201, body = Done), (status = 409, body = ErrorBody)))]
pub async fn vote(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<VoteInput>,
) -> ApiResult<(StatusCode, Json<Done>)> {
    decision::vote(&s.app, &ctx.actor, &id, &input).await?;
    Ok((StatusCode::CREATED, done()))
}

/// Decide an item once every present, non-recused member has voted (SEL-QUORUM, SEL-PASS).
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/decisions", tag = "selection", params(("id" = String, Path)),
    request_body = ItemRef, responses((status = 200, body = DecisionResult), (status = 409, body = ErrorBody)))]
pub async fn decide(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ItemRef>,
) -> ApiResult<Json<DecisionResult>> {
    Ok(Json(decision::decide(&s.app, &ctx.actor, &id, &input).await?))
}

/// Record consent to reconsider a decided item (SEL-RECONSIDER: more than half of the members).
#[utoipa::path(post, path = "/api/v1/selection/meetings/{id}/reconsiderations", tag = "selection", params(("id" = String, Path)),
    request_body = ReconsiderInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn reconsider(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ReconsiderInput>,
) -> ApiResult<Json<Done>> {
    decision::reconsider_item(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Decision → publicity: publish the notice of a passed decision (SEL-PUBLICITY period).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/publicity", tag = "selection", params(("id" = String, Path)),
    request_body = PublicityInput, responses((status = 201, body = Notice), (status = 409, body = ErrorBody)))]
pub async fn start_publicity(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<PublicityInput>,
) -> ApiResult<(StatusCode, Json<Notice>)> {
    Ok((StatusCode::CREATED, Json(publicity::start(&s.app, &ctx.actor, &id, &input).await?)))
}

/// Publicity → appointed: refused while an objection is open (SEL-PUBLICITY-HOLD), after a
/// verified one (SEL-REPORT-VERIFIED) or before the period ends (SEL-PUBLICITY).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/appointment", tag = "selection", params(("id" = String, Path)),
    request_body = AppointInput, responses((status = 201, body = Appointed), (status = 409, body = ErrorBody)))]
pub async fn appoint(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<AppointInput>,
) -> ApiResult<(StatusCode, Json<Appointed>)> {
    Ok((StatusCode::CREATED, Json(appointment::appoint(&s.app, &ctx.actor, &id, &input).await?)))
}

/// The publicity notices whose period runs today (no sign-in).
#[utoipa::path(get, path = "/api/v1/selection/notices", tag = "selection", responses((status = 200, body = Vec<PublicNotice>)))]
pub async fn notices(State(s): State<AppState>) -> ApiResult<Json<Vec<PublicNotice>>> {
    Ok(Json(publicity::public_notices(&s.app).await?))
}

/// A proof-of-work challenge for an anonymous submission (SEC-PROOF-OF-WORK). Find a decimal
/// `nonce` such that SHA-256(challenge ‖ nonce) — the challenge's UTF-8 text followed by the
/// nonce's digits — begins with `difficulty_bits` zero bits, then send both with the submission
/// (`challenge`, `nonce`). A challenge is valid for `expires_in` seconds and is used once.
#[utoipa::path(get, path = "/api/v1/public/challenge", tag = "selection",
    responses((status = 200, body = Challenge), (status = 429, body = ErrorBody)))]
pub async fn challenge(State(s): State<AppState>) -> ApiResult<Json<Challenge>> {
    Ok(Json(jianquan_app::challenge::issue(&s.app, &s.edge.challenge_key)?))
}

/// Raise an objection to a running notice (no sign-in), named or anonymous; the answer is a
/// receipt code to follow it. First solve a challenge from `GET /api/v1/public/challenge` and
/// send it with its nonce (`challenge`, `nonce`): SEC-PROOF-OF-WORK. Rate-limited per client
/// (SEC-RATE-LIMIT).
#[utoipa::path(post, path = "/api/v1/selection/objections", tag = "selection", request_body = ObjectionInput,
    responses((status = 201, body = Receipt), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn object(
    State(s): State<AppState>,
    Json(input): Json<ObjectionInput>,
) -> ApiResult<(StatusCode, Json<Receipt>)> {
    let proof = jianquan_app::challenge::verify(&s.app, &s.edge.challenge_key, &input.challenge, &input.nonce)?;
    Ok((StatusCode::CREATED, Json(publicity::object(&s.app, &input, &proof).await?)))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct CodeInput {
    pub code: String,
}

/// Follow an objection by its receipt code (no sign-in).
#[utoipa::path(post, path = "/api/v1/selection/receipts", tag = "selection", request_body = CodeInput,
    responses((status = 200, body = Followed), (status = 422, body = ErrorBody)))]
pub async fn follow(State(s): State<AppState>, Json(input): Json<CodeInput>) -> ApiResult<Json<Followed>> {
    Ok(Json(publicity::follow(&s.app, &input.code).await?))
}

/// Objections awaiting a finding in scope (discipline inspection), objectors masked.
#[utoipa::path(get, path = "/api/v1/selection/open-objections", tag = "selection", responses((status = 200, body = Vec<ObjectionLine>)))]
pub async fn open_objections(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<ObjectionLine>>> {
    Ok(Json(publicity::open_objections(&s.app, &ctx.actor).await?))
}

/// Record the finding on an objection (discipline inspection): verified blocks the appointment.
#[utoipa::path(post, path = "/api/v1/selection/findings", tag = "selection", request_body = FindingInput,
    responses((status = 200, body = Done), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_finding(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<FindingInput>,
) -> ApiResult<Json<Done>> {
    publicity::record_finding(&s.app, &ctx.actor, &input).await?;
    Ok(done())
}
