//! The API of theory study-centre groups, the yearly study record (述学、评学、考学) and
//! village-stationed assistance (驻村帮扶). Groups and village pages are addressed by the org's
//! ID; study records by the cadre's ID and `?year=`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jianquan_app::AppError;
use jianquan_app::registry::cadres::Page;
use jianquan_app::study::views::{ReportSummary, StudyGroup};
use jianquan_app::study::{self, GroupListItem, GroupView, StudyRecord};
use jianquan_app::village::views::Batch;
use jianquan_app::village::{self, MyVillage, OrgVillage, VillageOverview};
use jianquan_domain::Invalid;
use jianquan_domain::study::{
    AttendanceInput, EvaluationInput, ExamInput, GroupInput, MemberInput, Rate, ReportInput, SessionInput,
};
use jianquan_domain::village::{AssignmentInput, BatchInput, EvaluationInput as VillageEvaluationInput, LogInput};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};

type ApiResult<T> = Result<T, ApiError>;

/// `?year=&page=` of the study lists and pages (default: this year, first page).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct YearParams {
    pub year: Option<i32>,
    pub page: Option<i64>,
}

/// `?batch=` selects a batch by its number (default: the newest); `?page=` pages the overview.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct BatchParams {
    pub batch: Option<i64>,
    pub page: Option<i64>,
}

/// The ID of what was created.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: String,
}

fn input<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> Result<T, AppError> {
    serde_json::from_value(body).map_err(|e| {
        AppError::Invalid(Invalid::one("body", format!("请求体格式错误:{e}"), format!("malformed body: {e}")))
    })
}

fn year_of(s: &AppState, year: Option<i32>) -> i32 {
    year.unwrap_or_else(|| s.app.today().year())
}

/// The theory study-centre groups in scope, with the year's sessions and attendance rate.
#[utoipa::path(get, path = "/api/v1/training/study-groups", tag = "training", params(YearParams),
    responses((status = 200, body = Page<GroupListItem>), (status = 401, body = ErrorBody)))]
pub async fn list_groups(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearParams>,
) -> ApiResult<Json<Page<GroupListItem>>> {
    Ok(Json(study::list_groups(&s.app, &ctx.actor, year_of(&s, q.year), q.page.unwrap_or(1)).await?))
}

/// Establish an org's group (one per org).
#[utoipa::path(post, path = "/api/v1/training/study-groups", tag = "training", request_body = GroupInput,
    responses((status = 201, body = StudyGroup), (status = 422, body = ErrorBody)))]
pub async fn establish_group(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(body): Json<GroupInput>,
) -> ApiResult<(StatusCode, Json<StudyGroup>)> {
    Ok((StatusCode::CREATED, Json(study::establish_group(&s.app, &ctx.actor, &body).await?)))
}

/// An org's group: members with their attendance rate over the year, and the year's sessions.
#[utoipa::path(get, path = "/api/v1/training/study-groups/{id}", tag = "training",
    params(("id" = String, Path, description = "the org's ID"), YearParams),
    responses((status = 200, body = GroupView), (status = 404, body = ErrorBody)))]
pub async fn get_group(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<YearParams>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(study::view_group(&s.app, &ctx.actor, &id, year_of(&s, q.year)).await?))
}

/// The outcome of a write to a group: the new ID, or the session's attendance rate.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GroupWrite {
    pub id: Option<String>,
    pub rate: Option<Rate>,
}

/// Add to an org's group: `members` (MemberInput), `sessions` (SessionInput) or `attendance`
/// (AttendanceInput: every member, present or absent with a reason).
#[utoipa::path(post, path = "/api/v1/training/study-groups/{id}/{part}", tag = "training",
    params(("id" = String, Path, description = "the org's ID"), ("part" = String, Path)), request_body = Object,
    responses((status = 201, body = GroupWrite), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_group_part(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<GroupWrite>)> {
    let (app, actor) = (&s.app, &ctx.actor);
    let out = match part.as_str() {
        "members" => {
            GroupWrite { id: Some(study::add_member(app, actor, &id, &input::<MemberInput>(body)?).await?), rate: None }
        }
        "sessions" => GroupWrite {
            id: Some(study::add_session(app, actor, &id, &input::<SessionInput>(body)?).await?),
            rate: None,
        },
        "attendance" => GroupWrite {
            id: None,
            rate: Some(study::record_attendance(app, actor, &id, &input::<AttendanceInput>(body)?).await?),
        },
        _ => return Err(AppError::NotFound.into()),
    };
    Ok((StatusCode::CREATED, Json(out)))
}

/// The year's study reports in scope, with evaluations and exam results.
#[utoipa::path(get, path = "/api/v1/training/study-records", tag = "training", params(YearParams),
    responses((status = 200, body = Page<ReportSummary>), (status = 401, body = ErrorBody)))]
pub async fn list_reports(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearParams>,
) -> ApiResult<Json<Page<ReportSummary>>> {
    Ok(Json(study::list_reports(&s.app, &ctx.actor, year_of(&s, q.year), q.page.unwrap_or(1)).await?))
}

/// A cadre's study record for the year, with each step's state (a cadre may read their own).
#[utoipa::path(get, path = "/api/v1/training/study-records/{id}", tag = "training",
    params(("id" = String, Path, description = "the cadre's ID"), YearParams),
    responses((status = 200, body = StudyRecord), (status = 404, body = ErrorBody)))]
pub async fn get_record(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<YearParams>,
) -> ApiResult<Json<StudyRecord>> {
    Ok(Json(study::view_record(&s.app, &ctx.actor, &id, year_of(&s, q.year)).await?))
}

/// Record a step: `report` (ReportInput; staff or the cadre themself), `evaluations`
/// (EvaluationInput; once per evaluator, after the report) or `exam` (ExamInput; after an evaluation).
#[utoipa::path(post, path = "/api/v1/training/study-records/{id}/{step}", tag = "training",
    params(("id" = String, Path, description = "the cadre's ID"), ("step" = String, Path)), request_body = Object,
    responses((status = 201, body = CreatedId), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn post_record_step(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((id, step)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    let (app, actor) = (&s.app, &ctx.actor);
    let created = match step.as_str() {
        "report" => study::submit_report(app, actor, &id, &input::<ReportInput>(body)?).await?,
        "evaluations" => study::evaluate_report(app, actor, &id, &input::<EvaluationInput>(body)?).await?,
        "exam" => study::record_exam(app, actor, &id, &input::<ExamInput>(body)?).await.map(|_| String::new())?,
        _ => return Err(AppError::NotFound.into()),
    };
    Ok((StatusCode::CREATED, Json(CreatedId { id: created })))
}

/// The village-assistance batches in scope with their counts, and the totals.
#[utoipa::path(get, path = "/api/v1/training/village", tag = "training", params(BatchParams),
    responses((status = 200, body = VillageOverview), (status = 401, body = ErrorBody)))]
pub async fn village_overview(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BatchParams>,
) -> ApiResult<Json<VillageOverview>> {
    Ok(Json(village::overview(&s.app, &ctx.actor, q.page.unwrap_or(1)).await?))
}

/// Open a batch dispatched by an org in scope.
#[utoipa::path(post, path = "/api/v1/training/village", tag = "training", request_body = BatchInput,
    responses((status = 201, body = Batch), (status = 422, body = ErrorBody)))]
pub async fn create_batch(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(body): Json<BatchInput>,
) -> ApiResult<(StatusCode, Json<Batch>)> {
    Ok((StatusCode::CREATED, Json(village::create_batch(&s.app, &ctx.actor, &body).await?)))
}

/// An org's batches and one of them in full (assignments, logs, evaluations, totals).
#[utoipa::path(get, path = "/api/v1/training/village/{id}", tag = "training",
    params(("id" = String, Path, description = "the dispatching org's ID"), BatchParams),
    responses((status = 200, body = OrgVillage), (status = 404, body = ErrorBody)))]
pub async fn org_village(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<BatchParams>,
) -> ApiResult<Json<OrgVillage>> {
    Ok(Json(village::org_village(&s.app, &ctx.actor, &id, q.batch).await?))
}

/// Add to an org's batches: `assignments` (AssignmentInput), `logs` (LogInput) or
/// `evaluations` (EvaluationInput; only after the batch has ended).
#[utoipa::path(post, path = "/api/v1/training/village/{id}/{part}", tag = "training",
    params(("id" = String, Path, description = "the dispatching org's ID"), ("part" = String, Path)), request_body = Object,
    responses((status = 201, body = CreatedId), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn post_village_part(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    let (app, actor) = (&s.app, &ctx.actor);
    let created = match part.as_str() {
        "assignments" => village::add_assignment(app, actor, &id, &input::<AssignmentInput>(body)?).await?,
        "logs" => village::add_log(app, actor, &id, &input::<LogInput>(body)?).await?,
        "evaluations" => village::evaluate_assignment(app, actor, &id, &input::<VillageEvaluationInput>(body)?)
            .await
            .map(|()| String::new())?,
        _ => return Err(AppError::NotFound.into()),
    };
    Ok((StatusCode::CREATED, Json(CreatedId { id: created })))
}

/// The signed-in cadre's own assignments and work logs.
#[utoipa::path(get, path = "/api/v1/me/village", tag = "training",
    responses((status = 200, body = MyVillage), (status = 403, body = ErrorBody)))]
pub async fn my_village(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<MyVillage>> {
    Ok(Json(village::my_village(&s.app, &ctx.actor).await?))
}

/// The signed-in cadre adds a work log to their own assignment.
#[utoipa::path(post, path = "/api/v1/me/village/logs", tag = "training", request_body = LogInput,
    responses((status = 201, body = CreatedId), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_my_log(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(body): Json<LogInput>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    Ok((StatusCode::CREATED, Json(CreatedId { id: village::add_my_log(&s.app, &ctx.actor, &body).await? })))
}

fixed_segment!(post_group_part, Json<serde_json::Value>, ApiResult<(StatusCode, Json<GroupWrite>)>;
    post_group_members => "members", post_group_sessions => "sessions", post_group_attendance => "attendance");
fixed_segment!(post_record_step, Json<serde_json::Value>, ApiResult<(StatusCode, Json<CreatedId>)>;
    post_record_report => "report", post_record_evaluations => "evaluations", post_record_exam => "exam");
fixed_segment!(post_village_part, Json<serde_json::Value>, ApiResult<(StatusCode, Json<CreatedId>)>;
    post_village_assignments => "assignments", post_village_logs => "logs",
    post_village_evaluations => "evaluations");
