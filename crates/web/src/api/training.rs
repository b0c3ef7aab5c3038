//! The training and integrity API: courses, attendance, credits and compliance; obligations,
//! six-musts events, talks; the question bank, exams and attempts; promotions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jianquan_app::AppError;
use jianquan_app::integrity::exams::{self, Answers, AttemptView, ExamView, MyExam};
use jianquan_app::integrity::obligations::{self, EventInput, ObligationPage};
use jianquan_app::integrity::talks::{self, TalkOutcome};
use jianquan_app::integrity::views::{Attempt, Exam, Obligation, Question, Talk};
use jianquan_app::registry::promotion::{self, PromotionInput, PromotionOutcome};
use jianquan_app::training::courses::{self, AttendanceInput, AttendanceOutcome, CourseView, EnrolInput, RecordInput};
use jianquan_app::training::report::{self, CadreTraining, Compliance};
use jianquan_app::training::views::Course;
use jianquan_domain::integrity::exam::{ExamInput, QuestionInput};
use jianquan_domain::integrity::talk::TalkInput;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::training::{CourseInput, SessionInput};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};

type ApiResult<T> = Result<T, ApiError>;

/// A created record's ID.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: String,
}

fn created(id: String) -> (StatusCode, Json<Created>) {
    (StatusCode::CREATED, Json(Created { id }))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CourseQuery {
    pub year: Option<i32>,
    pub kind: Option<String>,
    pub page: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CourseList {
    pub items: Vec<Course>,
    pub total: i64,
}

/// Courses in scope, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/courses", tag = "training", params(CourseQuery), responses((status = 200, body = CourseList)))]
pub async fn list_courses(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CourseQuery>,
) -> ApiResult<Json<CourseList>> {
    let (items, total) =
        courses::list_courses(&s.app, &ctx.actor, q.year, q.kind.as_deref(), q.page.unwrap_or(1)).await?;
    Ok(Json(CourseList { items, total }))
}

/// Create a course (credits per TRN-CREDITS).
#[utoipa::path(post, path = "/api/v1/courses", tag = "training", request_body = CourseInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn create_course(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<CourseInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok(created(courses::create_course(&s.app, &ctx.actor, &input).await?))
}

/// A course with its sessions, trainees and the leave cap.
#[utoipa::path(get, path = "/api/v1/courses/{id}", tag = "training", params(("id" = String, Path)),
    responses((status = 200, body = CourseView), (status = 404, body = ErrorBody)))]
pub async fn get_course(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<CourseView>> {
    Ok(Json(courses::view_course(&s.app, &ctx.actor, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/courses/{id}/sessions", tag = "training", params(("id" = String, Path)), request_body = SessionInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn add_session(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<SessionInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok(created(courses::add_session(&s.app, &ctx.actor, &id, &input).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub count: u32,
}

/// Enrol cadres (capacity checked for all first).
#[utoipa::path(post, path = "/api/v1/courses/{id}/enrolments", tag = "training", params(("id" = String, Path)), request_body = EnrolInput,
    responses((status = 200, body = Count), (status = 422, body = ErrorBody)))]
pub async fn enrol(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<EnrolInput>,
) -> ApiResult<Json<Count>> {
    Ok(Json(Count { count: courses::enrol(&s.app, &ctx.actor, &id, &input).await? }))
}

/// Record attendance at a session; trainees over TRN-LEAVE-CAP are withdrawn and listed.
#[utoipa::path(post, path = "/api/v1/courses/{id}/attendance", tag = "training", params(("id" = String, Path)), request_body = AttendanceInput,
    responses((status = 200, body = AttendanceOutcome), (status = 422, body = ErrorBody)))]
pub async fn attendance(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<AttendanceInput>,
) -> ApiResult<Json<AttendanceOutcome>> {
    Ok(Json(courses::record_attendance(&s.app, &ctx.actor, &id, &input).await?))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct LeaveInput {
    pub session_id: String,
    pub cadre_id: String,
    pub note: String,
}

/// A leave request (a trainee for themselves, or staff); over TRN-LEAVE-CAP the trainee is withdrawn.
#[utoipa::path(post, path = "/api/v1/courses/{id}/leave", tag = "training", params(("id" = String, Path)), request_body = LeaveInput,
    responses((status = 200, body = AttendanceOutcome), (status = 422, body = ErrorBody)))]
pub async fn leave(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<LeaveInput>,
) -> ApiResult<Json<AttendanceOutcome>> {
    Ok(Json(courses::request_leave(&s.app, &ctx.actor, &id, &input.session_id, &input.cadre_id, &input.note).await?))
}

/// Complete a course that has ended: records and credits go to the trainees' dossiers.
#[utoipa::path(post, path = "/api/v1/courses/{id}/completion", tag = "training", params(("id" = String, Path)),
    responses((status = 200, body = Count), (status = 422, body = ErrorBody)))]
pub async fn complete(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Count>> {
    Ok(Json(Count { count: courses::complete_course(&s.app, &ctx.actor, &id).await? }))
}

/// A cadre's training: records, totals, progress and shortfall per rule.
#[utoipa::path(get, path = "/api/v1/cadres/{id}/training", tag = "training", params(("id" = String, Path)),
    responses((status = 200, body = CadreTraining), (status = 404, body = ErrorBody)))]
pub async fn cadre_training(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<CadreTraining>> {
    Ok(Json(report::cadre_training(&s.app, &ctx.actor, &id).await?))
}

/// Record training done elsewhere in a dossier.
#[utoipa::path(post, path = "/api/v1/cadres/{id}/training-records", tag = "training", params(("id" = String, Path)), request_body = RecordInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn add_record(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<RecordInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok(created(courses::add_record(&s.app, &ctx.actor, &id, &input).await?))
}

/// Record a promotion: creates INT-SIX-MUSTS-3 and, if short of training, TRN-CATCH-UP.
#[utoipa::path(post, path = "/api/v1/cadres/{id}/promotions", tag = "registry", params(("id" = String, Path)), request_body = PromotionInput,
    responses((status = 201, body = PromotionOutcome), (status = 422, body = ErrorBody)))]
pub async fn promote(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<PromotionInput>,
) -> ApiResult<(StatusCode, Json<PromotionOutcome>)> {
    Ok((StatusCode::CREATED, Json(promotion::promote(&s.app, &ctx.actor, &id, &input).await?)))
}

/// A cadre's obligations, open first.
#[utoipa::path(get, path = "/api/v1/cadres/{id}/obligations", tag = "integrity", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Obligation>), (status = 404, body = ErrorBody)))]
pub async fn cadre_obligations(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Obligation>>> {
    Ok(Json(obligations::of_cadre(&s.app, &ctx.actor, &id).await?))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ComplianceQuery {
    /// The org (default: the account's scope).
    pub org: Option<String>,
    /// The day to judge on (default: today).
    pub on: Option<String>,
}

/// Compliance by unit, with who is short and by how much.
#[utoipa::path(get, path = "/api/v1/training/compliance", tag = "training", params(ComplianceQuery),
    responses((status = 200, body = Compliance), (status = 422, body = ErrorBody)))]
pub async fn compliance(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ComplianceQuery>,
) -> ApiResult<Json<Compliance>> {
    let on = match q.on.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Some(
            parse_date("on", d)
                .map_err(|e| ApiError(AppError::Invalid(jianquan_domain::Invalid { fields: vec![e] })))?,
        ),
        None => None,
    };
    Ok(Json(report::compliance(&s.app, &ctx.actor, q.org.as_deref(), on).await?))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ObligationQuery {
    pub org: Option<String>,
    /// overdue (default), open, fulfilled or closed.
    pub show: Option<String>,
    pub page: Option<i64>,
}

/// Obligations of a unit (overdue by default).
#[utoipa::path(get, path = "/api/v1/obligations", tag = "integrity", params(ObligationQuery), responses((status = 200, body = ObligationPage)))]
pub async fn list_obligations(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ObligationQuery>,
) -> ApiResult<Json<ObligationPage>> {
    let show = obligations::parse_show(q.show.as_deref().unwrap_or("overdue"));
    Ok(Json(obligations::list(&s.app, &ctx.actor, q.org.as_deref(), show, q.page.unwrap_or(1)).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Ids {
    pub ids: Vec<String>,
}

/// Record a six-musts trigger event; returns the obligations it created.
#[utoipa::path(post, path = "/api/v1/integrity/events", tag = "integrity", request_body = EventInput,
    responses((status = 201, body = Ids), (status = 422, body = ErrorBody)))]
pub async fn record_event(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<EventInput>,
) -> ApiResult<(StatusCode, Json<Ids>)> {
    Ok((StatusCode::CREATED, Json(Ids { ids: obligations::record_event(&s.app, &ctx.actor, &input).await? })))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
}

/// Close an open obligation that no longer applies, with the reason.
#[utoipa::path(post, path = "/api/v1/obligations/{id}/close", tag = "integrity", params(("id" = String, Path)), request_body = NoteInput,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn close_obligation(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<NoteInput>,
) -> ApiResult<StatusCode> {
    obligations::close(&s.app, &ctx.actor, &id, &input.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TalkList {
    pub items: Vec<Talk>,
    pub total: i64,
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PageQuery {
    pub page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/talks", tag = "integrity", params(PageQuery), responses((status = 200, body = TalkList)))]
pub async fn list_talks(State(s): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> ApiResult<Json<TalkList>> {
    let (items, total) = talks::list(&s.app, &ctx.actor, q.page.unwrap_or(1)).await?;
    Ok(Json(TalkList { items, total }))
}

/// Record a talk; it fulfils the obligations of its kind; an admonishment writes its influence period.
#[utoipa::path(post, path = "/api/v1/talks", tag = "integrity", request_body = TalkInput,
    responses((status = 201, body = TalkOutcome), (status = 422, body = ErrorBody)))]
pub async fn record_talk(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<TalkInput>,
) -> ApiResult<(StatusCode, Json<TalkOutcome>)> {
    Ok((StatusCode::CREATED, Json(talks::record_talk(&s.app, &ctx.actor, &input).await?)))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct StatementInput {
    pub statement: String,
}

/// The cadre acknowledges a talk held with them.
#[utoipa::path(post, path = "/api/v1/talks/{id}/acknowledgement", tag = "integrity", params(("id" = String, Path)), request_body = StatementInput,
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn acknowledge(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<StatementInput>,
) -> ApiResult<StatusCode> {
    talks::acknowledge(&s.app, &ctx.actor, &id, &input.statement).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a question to the bank.
#[utoipa::path(post, path = "/api/v1/questions", tag = "integrity", request_body = QuestionInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn add_question(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<QuestionInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok(created(exams::add_question(&s.app, &ctx.actor, &input).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuestionList {
    pub items: Vec<Question>,
    pub total: i64,
}

/// The question bank with answers (for those who keep it), 50 a page.
#[utoipa::path(get, path = "/api/v1/questions", tag = "integrity", params(PageQuery), responses((status = 200, body = QuestionList)))]
pub async fn list_questions(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<QuestionList>> {
    let (items, total) = exams::questions(&s.app, &ctx.actor, q.page.unwrap_or(1)).await?;
    Ok(Json(QuestionList { items, total }))
}

#[utoipa::path(get, path = "/api/v1/exams", tag = "integrity", responses((status = 200, body = Vec<Exam>)))]
pub async fn list_exams(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<Exam>>> {
    Ok(Json(exams::list_exams(&s.app, &ctx.actor).await?))
}

/// Set an exam; its attempt limit is INT-EXAM-ATTEMPTS in force today.
#[utoipa::path(post, path = "/api/v1/exams", tag = "integrity", request_body = ExamInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn create_exam(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<ExamInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok(created(exams::create_exam(&s.app, &ctx.actor, &input).await?))
}

#[utoipa::path(get, path = "/api/v1/exams/{id}", tag = "integrity", params(("id" = String, Path)),
    responses((status = 200, body = ExamView), (status = 404, body = ErrorBody)))]
pub async fn get_exam(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<ExamView>> {
    Ok(Json(exams::view_exam(&s.app, &ctx.actor, &id).await?))
}

/// Enrol cadres in an assigned exam.
#[utoipa::path(post, path = "/api/v1/exams/{id}/enrolments", tag = "integrity", params(("id" = String, Path)), request_body = EnrolInput,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn exam_enrol(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<EnrolInput>,
) -> ApiResult<StatusCode> {
    exams::set_enrolment(&s.app, &ctx.actor, &id, &input.cadre_ids, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw cadres from an exam (attempts used stay used: INT-EXAM-ATTEMPTS).
#[utoipa::path(post, path = "/api/v1/exams/{id}/withdrawals", tag = "integrity", params(("id" = String, Path)), request_body = EnrolInput,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn exam_withdraw(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<EnrolInput>,
) -> ApiResult<StatusCode> {
    exams::set_enrolment(&s.app, &ctx.actor, &id, &input.cadre_ids, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start an attempt (the signed-in cadre); refused past the limit by INT-EXAM-ATTEMPTS.
#[utoipa::path(post, path = "/api/v1/exams/{id}/attempts", tag = "integrity", params(("id" = String, Path)),
    responses((status = 201, body = AttemptView), (status = 409, body = ErrorBody)))]
pub async fn start_attempt(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<AttemptView>)> {
    let attempt = exams::start_attempt(&s.app, &ctx.actor, &id).await?;
    Ok((StatusCode::CREATED, Json(exams::view_attempt(&s.app, &ctx.actor, &attempt).await?)))
}

/// An attempt: the paper (answers only once handed in) and the time left.
#[utoipa::path(get, path = "/api/v1/attempts/{id}", tag = "integrity", params(("id" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody)))]
pub async fn get_attempt(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<AttemptView>> {
    Ok(Json(exams::view_attempt(&s.app, &ctx.actor, &id).await?))
}

/// Hand in an attempt: scored at once; a passed discipline test fulfils INT-SIX-MUSTS-1..3 duties.
#[utoipa::path(post, path = "/api/v1/attempts/{id}/submission", tag = "integrity", params(("id" = String, Path)), request_body = Answers,
    responses((status = 200, body = Attempt), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<Answers>,
) -> ApiResult<Json<Attempt>> {
    Ok(Json(exams::submit(&s.app, &ctx.actor, &id, &input).await?))
}

/// The signed-in cadre's exams.
#[utoipa::path(get, path = "/api/v1/me/exams", tag = "integrity", responses((status = 200, body = Vec<MyExam>)))]
pub async fn my_exams(State(s): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<MyExam>>> {
    Ok(Json(exams::my_exams(&s.app, &ctx.actor).await?))
}
