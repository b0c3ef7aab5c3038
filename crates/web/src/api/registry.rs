//! The registry API: orgs, posts, cadres and dossiers, and the ledger.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jianquan_app::AppError;
use jianquan_app::registry::cadres::{self, CadreQuery, CadreSummary, Page};
use jianquan_app::registry::dossier;
use jianquan_app::registry::orgs::{self, OrgInput, OrgView};
use jianquan_app::registry::posts::{self, PostInput};
use jianquan_app::registry::views::{Cadre, Org, Post, Sections};
use jianquan_domain::ledger::Entry;
use jianquan_domain::registry::CadreInput;
use jianquan_domain::registry::dossier::{EducationInput, FamilyInput, GradeInput, RewardSanctionInput, TenureInput};
use jianquan_domain::registry::resident_id::mask;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, etag, if_match};

type ApiResult<T> = Result<T, ApiError>;

/// An org with its breadcrumbs and children.
#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "registry", params(("id" = String, Path)),
    responses((status = 200, body = OrgView), (status = 404, body = ErrorBody)))]
pub async fn get_org(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<OrgView>> {
    Ok(Json(orgs::view_org(&s.app, &ctx.actor, &id).await?))
}

/// Create a sub-organization.
#[utoipa::path(post, path = "/api/v1/orgs", tag = "registry", request_body = OrgInput,
    responses((status = 201, body = Org), (status = 422, body = ErrorBody)))]
pub async fn create_org(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<OrgInput>,
) -> ApiResult<(StatusCode, Json<Org>)> {
    Ok((StatusCode::CREATED, Json(orgs::create_org(&s.app, &ctx.actor, &input).await?)))
}

/// Rename or re-classify an org (`parent_id` is ignored: orgs do not move).
#[utoipa::path(put, path = "/api/v1/orgs/{id}", tag = "registry", params(("id" = String, Path)), request_body = OrgInput,
    responses((status = 200, body = Org), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_org(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<OrgInput>,
) -> ApiResult<Json<Org>> {
    Ok(Json(orgs::update_org(&s.app, &ctx.actor, &id, &input).await?))
}

/// Edit a post; the authorised number cannot drop below its current holders.
#[utoipa::path(put, path = "/api/v1/posts/{id}", tag = "registry", params(("id" = String, Path)), request_body = PostInput,
    responses((status = 200, body = Post), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_post(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Json(input): Json<PostInput>,
) -> ApiResult<Json<Post>> {
    Ok(Json(posts::update_post(&s.app, &ctx.actor, &id, &input).await?))
}

/// The posts of an org with vacancies.
#[utoipa::path(get, path = "/api/v1/orgs/{id}/posts", tag = "registry", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Post>), (status = 404, body = ErrorBody)))]
pub async fn list_posts(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> ApiResult<Json<Vec<Post>>> {
    Ok(Json(posts::posts_of_org(&s.app, &ctx.actor, &id).await?))
}

/// Create a post.
#[utoipa::path(post, path = "/api/v1/posts", tag = "registry", request_body = PostInput,
    responses((status = 201, body = Post), (status = 422, body = ErrorBody)))]
pub async fn create_post(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<PostInput>,
) -> ApiResult<(StatusCode, Json<Post>)> {
    Ok((StatusCode::CREATED, Json(posts::create_post(&s.app, &ctx.actor, &input).await?)))
}

/// The cadre list, filtered, sorted and paginated on the server, within the caller's scope.
#[utoipa::path(get, path = "/api/v1/cadres", tag = "registry", params(CadreQuery),
    responses((status = 200, body = Page<CadreSummary>), (status = 401, body = ErrorBody)))]
pub async fn list_cadres(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(query): Query<CadreQuery>,
) -> ApiResult<Json<Page<CadreSummary>>> {
    Ok(Json(cadres::list_cadres(&s.app, &ctx.actor, &query).await?))
}

/// A cadre's basic data with the ID number masked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CadreOut {
    #[serde(flatten)]
    pub cadre: Cadre,
}

fn masked(mut cadre: Cadre) -> CadreOut {
    cadre.id_number = mask(&cadre.id_number);
    CadreOut { cadre }
}

/// Register a cadre.
#[utoipa::path(post, path = "/api/v1/cadres", tag = "registry", request_body = CadreInput,
    responses((status = 201, body = CadreOut), (status = 422, body = ErrorBody)))]
pub async fn create_cadre(
    State(s): State<AppState>,
    ctx: Ctx,
    Json(input): Json<CadreInput>,
) -> ApiResult<(StatusCode, Json<CadreOut>)> {
    Ok((StatusCode::CREATED, Json(masked(cadres::create_cadre(&s.app, &ctx.actor, &input).await?))))
}

/// Edit a cadre's basic data, based on the version read (`If-Match: "<updated_seq>"`, the ETag of
/// `GET /api/v1/cadres/{id}`): a stale version is refused with 409 `stale`, none with 428. An
/// empty `id_number` keeps the stored one; `rank` and `current_post` change only by appointment
/// (SEL-COLLECTIVE: empty keeps them, another value is refused).
#[utoipa::path(put, path = "/api/v1/cadres/{id}", tag = "registry",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "the record's ETag as read")),
    request_body = CadreInput,
    responses((status = 200, body = CadreOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn update_cadre(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(input): Json<CadreInput>,
) -> Result<Response, ApiError> {
    let cadre = cadres::update_cadre(&s.app, &ctx.actor, &id, &input, if_match(&headers)).await?;
    Ok(([(header::ETAG, etag(cadre.updated_seq))], Json(masked(cadre))).into_response())
}

/// The whole dossier; reading it writes a view log entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DossierOut {
    pub cadre: CadreOut,
    pub org: Org,
    pub age: i32,
    pub sections: Sections,
    pub history: Vec<Entry>,
}

/// A cadre's dossier (logged as a view).
#[utoipa::path(get, path = "/api/v1/cadres/{id}", tag = "registry", params(("id" = String, Path)),
    responses((status = 200, body = DossierOut), (status = 404, body = ErrorBody)))]
pub async fn get_dossier(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, ApiError> {
    let d = cadres::view_dossier(&s.app, &ctx.actor, &id).await?;
    let tag = etag(d.cadre.updated_seq);
    let body = DossierOut { cadre: masked(d.cadre), org: d.org, age: d.age, sections: d.sections, history: d.history };
    Ok(([(header::ETAG, tag)], Json(body)).into_response())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    /// The new entry's ID (empty for an annual grade, which is keyed by year).
    pub id: String,
}

/// Add to a dossier section: `education`, `tenure`, `grade`, `reward_sanction` or `family`.
#[utoipa::path(post, path = "/api/v1/cadres/{id}/sections/{section}", tag = "registry",
    params(("id" = String, Path), ("section" = String, Path)), request_body = Object,
    responses((status = 201, body = Created), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_section(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((id, section)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    fn input<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> Result<T, AppError> {
        serde_json::from_value(body).map_err(|e| {
            AppError::Invalid(jianquan_domain::Invalid::one(
                "body",
                format!("请求体格式错误:{e}"),
                format!("malformed body: {e}"),
            ))
        })
    }
    let (app, actor) = (&s.app, &ctx.actor);
    let id = match section.as_str() {
        "education" => dossier::add_education(app, actor, &id, &input::<EducationInput>(body)?).await?,
        "tenure" => dossier::add_tenure(app, actor, &id, &input::<TenureInput>(body)?).await?,
        "grade" => dossier::record_grade(app, actor, &id, &input::<GradeInput>(body)?).await.map(|()| String::new())?,
        "reward_sanction" => {
            dossier::add_reward_sanction(app, actor, &id, &input::<RewardSanctionInput>(body)?).await?
        }
        "family" => dossier::add_family_member(app, actor, &id, &input::<FamilyInput>(body)?).await?,
        _ => return Err(AppError::NotFound.into()),
    };
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct LedgerQuery {
    /// Entries before this sequence number.
    pub before: Option<i64>,
    /// Only actions starting with this prefix (e.g. `registry.`).
    pub action: String,
}

/// The newest ledger entries (50), paged backwards with `before`.
#[utoipa::path(get, path = "/api/v1/ledger", tag = "ledger", params(LedgerQuery),
    responses((status = 200, body = Vec<Entry>), (status = 403, body = ErrorBody)))]
pub async fn ledger_entries(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LedgerQuery>,
) -> ApiResult<Json<Vec<Entry>>> {
    Ok(Json(jianquan_app::ledger::recent(&s.app, &ctx.actor, &q.action, q.before).await?))
}
