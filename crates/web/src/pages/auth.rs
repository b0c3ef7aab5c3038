//! Sign-in and sign-out pages. Sign-in is protected against login CSRF (another site making
//! the browser sign in to an account of its choosing): the page sets a random pre-session token
//! in an HttpOnly, SameSite=Strict cookie and repeats it in the form, and the post must bring
//! both, equal; a browser's `Origin` and `Sec-Fetch-Site`, when sent, must say this site.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::access::sessions;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::{Ctx, DEVICE_COOKIE, SESSION_COOKIE, constant_time_eq, cookie};
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
    /// The pre-session CSRF token, also in the [`LOGIN_CSRF_COOKIE`].
    csrf: String,
}

/// The cookie holding the sign-in form's token (only sent to `/login`).
pub const LOGIN_CSRF_COOKIE: &str = "jq_login_csrf";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// The browser's sign-in token if it has a well-formed one, otherwise a fresh one.
fn login_token(headers: &HeaderMap) -> String {
    match cookie(headers, LOGIN_CSRF_COOKIE) {
        Some(t) if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) => t.to_owned(),
        _ => format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()),
    }
}

fn secure_attribute() -> &'static str {
    if std::env::var("JIANQUAN_SECURE_COOKIES").is_ok_and(|v| v == "1") { "; Secure" } else { "" }
}

/// A sign-in page answer, setting the token's cookie.
fn page(
    headers: &HeaderMap,
    lang: Lang,
    next: String,
    username: String,
    error: Option<String>,
) -> (HeaderMap, LoginPage) {
    let csrf = login_token(headers);
    let mut set = HeaderMap::new();
    let value = format!(
        "{LOGIN_CSRF_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=7200{}",
        secure_attribute()
    );
    if let Ok(value) = value.parse() {
        set.insert(header::SET_COOKIE, value);
    }
    (set, LoginPage { lang, other_lang: if lang == Lang::En { "zh" } else { "en" }, next, username, error, csrf })
}

pub async fn login_page(ctx: Ctx, headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    page(&headers, ctx.lang, q.next, String::new(), None).into_response()
}

/// Whether a sign-in post comes from our own sign-in form: the token of the form equals the
/// token of the cookie, and the browser does not say the post came from another site.
fn from_our_form(headers: &HeaderMap, sent: &str) -> bool {
    let same_site = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None => true,
        Some(site) => site == "same-origin" || site == "none",
    };
    let same_origin = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
            !host.is_empty() && origin_host == host
        }
    };
    let token = cookie(headers, LOGIN_CSRF_COOKIE).is_some_and(|kept| !sent.is_empty() && constant_time_eq(kept, sent));
    same_site && same_origin && token
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    next: String,
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// The session cookie: HttpOnly, SameSite=Lax; `Secure` when the server is told it runs behind HTTPS.
pub fn session_cookie(token: &str, max_age: i64) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", secure_attribute())
}

/// The device cookie a browser keeps after signing in (SEC-LOGIN-THROTTLE): HttpOnly, and
/// `Secure` like the session's.
pub fn device_cookie(token: &str) -> String {
    let secure = if std::env::var("JIANQUAN_SECURE_COOKIES").is_ok_and(|v| v == "1") { "; Secure" } else { "" };
    let max_age = sessions::DEVICE_LIFETIME.whole_seconds();
    format!("{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = ctx.lang;
    if !from_our_form(&headers, &form.csrf) {
        let message = lang.pick(
            "登录表单已过期或来自其他网站，请在本页重新登录",
            "the sign-in form expired or came from another site; sign in again on this page",
        );
        return (StatusCode::FORBIDDEN, page(&headers, lang, form.next, form.username, Some(message.to_owned())))
            .into_response();
    }
    match sessions::login(&state.app, &form.username, &form.password, &ctx.client).await {
        Ok(session) => {
            let cookie = session_cookie(&session.token, sessions::SESSION_LIFETIME.whole_seconds());
            let device = device_cookie(&session.device_token);
            let next = if form.next.is_empty() { "/".to_owned() } else { local_path(&form.next) };
            // Appended, not inserted: two cookies under one header name.
            (AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, device)]), Redirect::to(&next))
                .into_response()
        }
        Err(AppError::Invalid(invalid)) => {
            let message = invalid.fields.first().map(|f| f.message.text(lang.code()).to_owned());
            (StatusCode::UNAUTHORIZED, page(&headers, lang, form.next, form.username, message)).into_response()
        }
        Err(AppError::Throttled(msg)) => (
            StatusCode::TOO_MANY_REQUESTS,
            page(&headers, lang, form.next, form.username, Some(msg.text(lang.code()).to_owned())),
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
