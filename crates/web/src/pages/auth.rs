//! Sign-in and sign-out pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::access::sessions;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::{Ctx, DEVICE_COOKIE, SESSION_COOKIE};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::pages::local_path;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    lang: Lang,
    other_lang: &'static str,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

fn page(lang: Lang, next: String, username: String, error: Option<String>) -> LoginPage {
    LoginPage { lang, other_lang: if lang == Lang::En { "zh" } else { "en" }, next, username, error }
}

pub async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> LoginPage {
    page(ctx.lang, q.next, String::new(), None)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    next: String,
}

/// The session cookie: HttpOnly, SameSite=Lax; `Secure` when the server is told it runs behind HTTPS.
pub fn session_cookie(token: &str, max_age: i64) -> String {
    let secure = if std::env::var("JIANQUAN_SECURE_COOKIES").is_ok_and(|v| v == "1") { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The device cookie a browser keeps after signing in (SEC-LOGIN-THROTTLE): HttpOnly, and
/// `Secure` like the session's.
pub fn device_cookie(token: &str) -> String {
    let secure = if std::env::var("JIANQUAN_SECURE_COOKIES").is_ok_and(|v| v == "1") { "; Secure" } else { "" };
    let max_age = sessions::DEVICE_LIFETIME.whole_seconds();
    format!("{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub async fn login_submit(State(state): State<AppState>, ctx: Ctx, Form(form): Form<LoginForm>) -> Response {
    match sessions::login(&state.app, &form.username, &form.password, &ctx.client).await {
        Ok(session) => {
            let cookie = session_cookie(&session.token, sessions::SESSION_LIFETIME.whole_seconds());
            let device = device_cookie(&session.device_token);
            let next = if form.next.is_empty() { "/" } else { local_path(&form.next) };
            ([(header::SET_COOKIE, cookie), (header::SET_COOKIE, device)], Redirect::to(next)).into_response()
        }
        Err(AppError::Invalid(invalid)) => {
            let message = invalid.fields.first().map(|f| f.message.text(ctx.lang.code()).to_owned());
            (axum::http::StatusCode::UNAUTHORIZED, page(ctx.lang, form.next, form.username, message)).into_response()
        }
        Err(AppError::Throttled(msg)) => (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            page(ctx.lang, form.next, form.username, Some(msg.text(ctx.lang.code()).to_owned())),
        )
            .into_response(),
        Err(other) => ctx.fail(other).into_response(),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    if let Some(token) = &ctx.token {
        sessions::logout(&state.app, &ctx.actor, token).await.map_err(|e| ctx.fail(e))?;
    }
    Ok(([(header::SET_COOKIE, session_cookie("", 0))], Redirect::to("/login")).into_response())
}
