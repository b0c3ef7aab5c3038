//! The selection API (选拔任用), part one: cases (纪实), recommendation rounds and ballots, the
//! eligibility gate and inspection. Meetings, publicity and appointment are in
//! [`super::selection_decision`]. Every refusal names its SEL-* rule in the error envelope.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jianquan_app::selection::accountability::{self, Flagged};
use jianquan_app::selection::cases::{self, CasePage, CaseQuery, MotionInput};
use jianquan_app::selection::eligibility::{self, CheckInput, GateInput, Verdict};
use jianquan_app::selection::examination::{
    self, AnnouncementInput, ApplicantsInput, RankingInput, ReviewInput, ScoreInput,
};
use jianquan_app::selection::inspection::{self, InterviewInput, ReportInput, SubjectInput, TeamInput};
use jianquan_app::selection::recommendation::{
    self, BallotInput, BallotPaper, CountInput, CountOutcome, OpenInput, Opened, RoundInput, RoundView,
};
use jianquan_app::selection::view::{self, CaseView};
use jianquan_app::selection::views::{Case, ExamAnnouncement, InspectionAssignment};
use jianquan_domain::selection::eligibility::Gate;
use jianquan_domain::selection::recommendation::Outcome;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A created record's ID.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: String,
}

/// A step taken; nothing else to say.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
}

pub(crate) fn done() -> Json<Done> {
    Json(Done { ok: true })
}

/// A reason, where a step records one.
#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ReasonInput {
    pub reason: String,
}

/// Cases in scope, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/selection/cases", tag = "selection", params(CaseQuery), responses((status = 200, body = CasePage)))]
pub async fn list_cases(State(s): State<AppState>, ctx: Ctx, Query(q): Query<CaseQuery>) -> ApiResult<Json<CasePage>> {
    Ok(Json(cases::list(&s.app, &ctx.actor, &q).await?))
}

/// Open a case on a motion (动议): refused without a vacancy under the post's authorised number
/// (SEL-VACANCY) or for a middle-level organ post not filled by competition (SEL-COMPETITIVE).
#[utoipa::path(post, path = "/api/v1/selection/cases", tag = "selection", request_body = MotionInput,
    responses((status = 201, body = Case), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<MotionInput>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    Ok((StatusCode::CREATED, Json(cases::open_case(&s.app, &ctx.actor, &input).await?)))
}

/// A case with every step (from the ledger), its rounds, candidates, inspection, decisions,
/// publicity and appointment.
#[utoipa::path(get, path = "/api/v1/selection/cases/{id}", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub async fn get_case(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<CaseView>> {
    Ok(Json(view::view_case(&s.app, &ctx.actor, &id).await?))
}

/// Pause a case; it resumes where it stood.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/pause", tag = "selection", params(("id" = String, Path)),
    request_body = ReasonInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn pause(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ReasonInput>,
) -> ApiResult<Json<Done>> {
    cases::pause(&s.app, &ctx.actor, &id, &input.reason).await?;
    Ok(done())
}

#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/resume", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn resume(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Done>> {
    cases::resume(&s.app, &ctx.actor, &id).await?;
    Ok(done())
}

/// Archive a case: after the appointment, or earlier with the reason it ended (SEL-RECORD).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/archive", tag = "selection", params(("id" = String, Path)),
    request_body = ReasonInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn archive(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ReasonInput>,
) -> ApiResult<Json<Done>> {
    cases::archive(&s.app, &ctx.actor, &id, &input.reason).await?;
    Ok(done())
}

/// Motion → democratic recommendation.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/recommendation", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn begin_recommendation(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Done>> {
    recommendation::begin(&s.app, &ctx.actor, &id).await?;
    Ok(done())
}

/// Plan a recommendation round: kind, voting, and the electorate and candidates to seal.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/rounds", tag = "selection", params(("id" = String, Path)),
    request_body = RoundInput, responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_round(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RoundInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = recommendation::create_round(&s.app, &ctx.actor, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A round: electorate, attendance, candidates, codes issued and spent, ballots, tellers'
/// counts, and for a closed online round the tally recomputed from the stored ballots.
#[utoipa::path(get, path = "/api/v1/selection/rounds/{id}", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = RoundView), (status = 404, body = ErrorBody)))]
pub async fn get_round(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<RoundView>> {
    Ok(Json(recommendation::view_round(&s.app, &ctx.actor, &id).await?))
}

/// Replace a round's electorate and candidates; refused once it has opened (SEL-RECOMMEND-ATTENDANCE).
#[utoipa::path(put, path = "/api/v1/selection/rounds/{id}", tag = "selection", params(("id" = String, Path)),
    request_body = RoundInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn update_round(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RoundInput>,
) -> ApiResult<Json<Done>> {
    recommendation::update_lists(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Open a round with the participants present (SEL-RECOMMEND-ATTENDANCE); online voting returns
/// the one-time voter codes, this once.
#[utoipa::path(post, path = "/api/v1/selection/rounds/{id}/open", tag = "selection", params(("id" = String, Path)),
    request_body = OpenInput, responses((status = 200, body = Opened), (status = 409, body = ErrorBody)))]
pub async fn open_round(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<OpenInput>,
) -> ApiResult<Json<Opened>> {
    Ok(Json(recommendation::open_round(&s.app, &ctx.actor, &id, &input).await?))
}

/// One teller's paper count; the second teller's must match the first, else both count again.
#[utoipa::path(post, path = "/api/v1/selection/rounds/{id}/counts", tag = "selection", params(("id" = String, Path)),
    request_body = CountInput, responses((status = 200, body = CountOutcome), (status = 409, body = ErrorBody)))]
pub async fn enter_count(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<CountInput>,
) -> ApiResult<Json<CountOutcome>> {
    Ok(Json(recommendation::enter_count(&s.app, &ctx.actor, &id, &input).await?))
}

/// Close a round: tally, vote shares over those present, SEL-RECOMMEND-THRESHOLD per candidate.
#[utoipa::path(post, path = "/api/v1/selection/rounds/{id}/close", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 409, body = ErrorBody)))]
pub async fn close_round(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Outcome>> {
    Ok(Json(recommendation::close_round(&s.app, &ctx.actor, &id).await?))
}

/// The ballot paper for a voter code (no sign-in): the candidates and how many to mark.
#[utoipa::path(post, path = "/api/v1/selection/ballot-papers", tag = "selection", request_body = BallotInput,
    responses((status = 200, body = BallotPaper), (status = 409, body = ErrorBody)))]
pub async fn ballot_paper(State(s): State<AppState>, Json(input): Json<BallotInput>) -> ApiResult<Json<BallotPaper>> {
    Ok(Json(recommendation::ballot_paper(&s.app, &input.code).await?))
}

/// Cast a ballot with a one-time voter code (no sign-in): a code votes once.
#[utoipa::path(post, path = "/api/v1/selection/ballots", tag = "selection", request_body = BallotInput,
    responses((status = 201, body = Done), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cast(State(s): State<AppState>, Json(input): Json<BallotInput>) -> ApiResult<(StatusCode, Json<Done>)> {
    recommendation::cast(&s.app, &input).await?;
    Ok((StatusCode::CREATED, done()))
}

/// Nominated cadre IDs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Nominated {
    pub nominated: Vec<String>,
}

/// Recommendation → eligibility: those reaching SEL-RECOMMEND-THRESHOLD with a valid result.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/nomination", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Nominated), (status = 409, body = ErrorBody)))]
pub async fn close_nomination(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Nominated>> {
    Ok(Json(Nominated { nominated: recommendation::close_nomination(&s.app, &ctx.actor, &id).await? }))
}

/// Record one of the four musts (SEL-FOUR-MUSTS) for a nominee.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/checks", tag = "selection", params(("id" = String, Path)),
    request_body = CheckInput, responses((status = 200, body = Done), (status = 422, body = ErrorBody)))]
pub async fn record_check(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<CheckInput>,
) -> ApiResult<Json<Done>> {
    eligibility::record_check(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Run the eligibility gate (SEL-INELIGIBLE and the rules it reads) for a nominee, with an
/// exceptional promotion if sought. A blocked verdict is recorded and answered 409 naming the rule.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/gate", tag = "selection", params(("id" = String, Path)),
    request_body = GateInput, responses((status = 200, body = Object), (status = 409, body = ErrorBody)))]
pub async fn run_gate(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<GateInput>,
) -> ApiResult<Json<Gate>> {
    Ok(Json(eligibility::run_gate(&s.app, &ctx.actor, &id, &input).await?))
}

/// Run the eligibility gate for every nominee not judged yet, with nothing attested and no
/// exceptional promotion, reading their dossiers together; each verdict is recorded as `/gate`
/// records it. Nominees with facts to attest or an exception to seek go through `/gate`.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/gates", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = [Verdict]), (status = 409, body = ErrorBody)))]
pub async fn run_gates(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Vec<Verdict>>> {
    Ok(Json(eligibility::run_gates(&s.app, &ctx.actor, &id).await?))
}

/// Subjects (cadre IDs).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Subjects {
    pub subjects: Vec<String>,
}

/// Eligibility → inspection, with the admitted candidates (each passes the gate again).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/inspection", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Subjects), (status = 409, body = ErrorBody)))]
pub async fn begin_inspection(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Subjects>> {
    Ok(Json(Subjects { subjects: eligibility::begin_inspection(&s.app, &ctx.actor, &id).await? }))
}

/// Form a subject's inspection team (inspection-team member accounts).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/teams", tag = "selection", params(("id" = String, Path)),
    request_body = TeamInput, responses((status = 200, body = Done), (status = 422, body = ErrorBody)))]
pub async fn set_team(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<TeamInput>,
) -> ApiResult<Json<Done>> {
    inspection::set_team(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// The signed-in inspector accepts their responsibility letter (SEL-INSPECTION).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/letters", tag = "selection", params(("id" = String, Path)),
    request_body = SubjectInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn accept_letter(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<SubjectInput>,
) -> ApiResult<Json<Done>> {
    inspection::accept_letter(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Record interviews in the inspector's own name; refused before their letter (SEL-INSPECTION).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/interviews", tag = "selection", params(("id" = String, Path)),
    request_body = InterviewInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn record_interviews(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<InterviewInput>,
) -> ApiResult<Json<Done>> {
    inspection::record_interviews(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Conclude a subject's inspection with the report (every letter accepted, interviews recorded).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/reports", tag = "selection", params(("id" = String, Path)),
    request_body = ReportInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn conclude(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ReportInput>,
) -> ApiResult<Json<Done>> {
    inspection::conclude(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Inspection → decision, with a concluded report (SEL-INSPECTION).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/decision", tag = "selection", params(("id" = String, Path)),
    responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn submit_for_decision(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Done>> {
    inspection::submit_for_decision(&s.app, &ctx.actor, &id).await?;
    Ok(done())
}

/// The signed-in inspector's subjects.
#[utoipa::path(get, path = "/api/v1/selection/my-inspections", tag = "selection", responses((status = 200, body = Vec<InspectionAssignment>)))]
pub async fn my_inspections(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<InspectionAssignment>>> {
    Ok(Json(inspection::assignments(&s.app, &ctx.actor).await?))
}

/// Motion → examination (竞争上岗 / 公开选拔): the announcement with weights and qualification rules.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/examination", tag = "selection", params(("id" = String, Path)),
    request_body = AnnouncementInput, responses((status = 201, body = ExamAnnouncement), (status = 409, body = ErrorBody)))]
pub async fn announce(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<AnnouncementInput>,
) -> ApiResult<(StatusCode, Json<ExamAnnouncement>)> {
    Ok((StatusCode::CREATED, Json(examination::begin(&s.app, &ctx.actor, &id, &input).await?)))
}

/// How many were added.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Added {
    pub added: usize,
}

/// Register applicants of an examination.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/applicants", tag = "selection", params(("id" = String, Path)),
    request_body = ApplicantsInput, responses((status = 200, body = Added), (status = 422, body = ErrorBody)))]
pub async fn apply(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ApplicantsInput>,
) -> ApiResult<Json<Added>> {
    Ok(Json(Added { added: examination::apply(&s.app, &ctx.actor, &id, &input).await? }))
}

/// Record an applicant's qualification review, with the reason when not qualified.
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/reviews", tag = "selection", params(("id" = String, Path)),
    request_body = ReviewInput, responses((status = 200, body = Done), (status = 422, body = ErrorBody)))]
pub async fn review(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ReviewInput>,
) -> ApiResult<Json<Done>> {
    examination::review(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Enter a written-exam or interview score (once per part, qualified applicants only).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/scores", tag = "selection", params(("id" = String, Path)),
    request_body = ScoreInput, responses((status = 200, body = Done), (status = 409, body = ErrorBody)))]
pub async fn score(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<ScoreInput>,
) -> ApiResult<Json<Done>> {
    examination::score(&s.app, &ctx.actor, &id, &input).await?;
    Ok(done())
}

/// Examination → eligibility: the top places of the ranking become nominees (SEL-COMPETITIVE).
#[utoipa::path(post, path = "/api/v1/selection/cases/{id}/ranking", tag = "selection", params(("id" = String, Path)),
    request_body = RankingInput, responses((status = 200, body = Nominated), (status = 409, body = ErrorBody)))]
pub async fn close_ranking(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RankingInput>,
) -> ApiResult<Json<Nominated>> {
    Ok(Json(Nominated { nominated: examination::close(&s.app, &ctx.actor, &id, &input).await? }))
}

/// Appointments flagged for misjudgement review (SEL-ACCOUNTABILITY): the appointee was
/// sanctioned within the window; with who recommended, inspected and decided.
#[utoipa::path(get, path = "/api/v1/selection/reviews", tag = "selection", responses((status = 200, body = Vec<Flagged>)))]
pub async fn flagged(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<Flagged>>> {
    Ok(Json(accountability::flagged(&s.app, &ctx.actor).await?))
}
