//! Signing in and out through the API, and who am I.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jianquan_app::access::sessions;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody};
use crate::pages::auth::session_cookie;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// The signed-in account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope_org_id: Option<String>,
    pub scope_name: String,
    pub cadre_id: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    /// Send as `Authorization: Bearer <token>`. No cookie is set: a browser signs in on the
    /// sign-in page (whose form is protected against login CSRF).
    pub token: String,
    /// Send as `X-CSRF-Token` on state-changing calls that carry the token as the session
    /// cookie instead of the bearer header.
    pub csrf_token: String,
    pub me: Me,
}

fn me_of(actor: &jianquan_app::Actor) -> Me {
    Me {
        id: actor.id.clone(),
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role.code().to_owned(),
        scope_org_id: actor.scope_org_id.clone(),
        scope_name: actor.scope_name.clone(),
        cadre_id: actor.cadre_id.clone(),
    }
}

/// Sign in: the answer carries a bearer token and sets no session cookie, so another site cannot
/// use this call to sign a browser in (login CSRF). Rate-limited per client (SEC-RATE-LIMIT).
#[utoipa::path(post, path = "/api/v1/session", tag = "access", request_body = Credentials,
    responses((status = 200, body = SessionOut), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(credentials): Json<Credentials>,
) -> Result<Response, ApiError> {
    let session = sessions::login(&state.app, &credentials.username, &credentials.password, &ctx.client).await?;
    // A bearer token, and no session cookie; the browser's device token rides in a cookie of its
    // own (SEC-LOGIN-THROTTLE), which signs nobody in.
    let device = crate::pages::auth::device_cookie(&session.device_token);
    let body = SessionOut { me: me_of(&session.actor), token: session.token, csrf_token: session.csrf_token };
    Ok(([(header::SET_COOKIE, device)], Json(body)).into_response())
}

/// Sign out (ends this session).
#[utoipa::path(delete, path = "/api/v1/session", tag = "access", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn sign_out(State(state): State<AppState>, ctx: Ctx) -> Result<Response, ApiError> {
    if let Some(token) = &ctx.token {
        sessions::logout(&state.app, &ctx.actor, token).await?;
    }
    Ok(([(header::SET_COOKIE, session_cookie("", 0))], axum::http::StatusCode::NO_CONTENT).into_response())
}

/// The signed-in account, its role and scope.
#[utoipa::path(get, path = "/api/v1/me", tag = "access", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(ctx: Ctx) -> Json<Me> {
    Json(me_of(&ctx.actor))
}
