//! One error type per surface: pages render an HTML page (or send the visitor to sign in),
//! the API answers with one JSON envelope. Internal details are logged, never shown.

use askama::Template;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_domain::{FieldError, Msg};
use jianquan_storage::StorageError;
use serde::Serialize;

use crate::ctx::Ctx;
use crate::i18n::Lang;

fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Refused(_) | AppError::Stale(_) => StatusCode::CONFLICT,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::VersionRequired => StatusCode::PRECONDITION_REQUIRED,
        AppError::Storage(StorageError::Busy) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Storage(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The message shown for an error; internal errors are logged and shown generically.
fn message_of(error: &AppError) -> Msg {
    match error {
        AppError::Invalid(_) => Msg::new("输入有误,请修正标出的字段", "the input is invalid; see the fields"),
        AppError::Refused(r) => Msg::new(format!("{}:{}", r.rule, r.reason.zh), format!("{}: {}", r.rule, r.reason.en)),
        AppError::NotFound => Msg::new("未找到该页面或记录", "no such page or record"),
        AppError::Forbidden(m) | AppError::Throttled(m) | AppError::Stale(m) => m.clone(),
        AppError::Unauthenticated => Msg::new("请先登录", "please sign in"),
        AppError::VersionRequired => Msg::new(
            "修改须注明所依据的版本（读取记录时的 ETag，放在 If-Match 头中）",
            "an edit names the version it is based on (the record's ETag when read, in If-Match)",
        ),
        AppError::Storage(StorageError::Busy) => {
            tracing::warn!(%error, "request refused: no turn to write");
            Msg::new("系统繁忙,请稍后重试", "the system is busy; try again shortly")
        }
        AppError::Storage(_) | AppError::Internal(_) => {
            tracing::error!(%error, "request failed");
            Msg::new("系统内部错误,已记录", "internal error; it has been logged")
        }
    }
}

/// A failed page request.
#[derive(Debug)]
pub struct PageError {
    pub error: AppError,
    pub lang: Lang,
    pub path: String,
}

impl Ctx {
    /// Wraps a use-case error for rendering as a page.
    pub fn fail(&self, error: impl Into<AppError>) -> PageError {
        PageError { error: error.into(), lang: self.lang, path: self.path.clone() }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: Lang,
    status: u16,
    message: &'a str,
    fields: Vec<(String, String)>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.error, AppError::Unauthenticated) {
            let next = serde_urlencoded::to_string([("next", self.path.as_str())]).unwrap_or_default();
            return Redirect::to(&format!("/login?{next}")).into_response();
        }
        let status = status_of(&self.error);
        let message = message_of(&self.error);
        let fields = match &self.error {
            AppError::Invalid(invalid) => {
                invalid.fields.iter().map(|f| (f.field.clone(), f.message.text(self.lang.code()).to_owned())).collect()
            }
            _ => Vec::new(),
        };
        let page =
            ErrorPage { lang: self.lang, status: status.as_u16(), message: message.text(self.lang.code()), fields };
        match page.render() {
            Ok(html) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
            Err(_) => status.into_response(),
        }
    }
}

/// The JSON error envelope of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `invalid`, `refused`, `not_found`, `forbidden`, `unauthenticated`, `throttled`, `csrf`, `internal`.
    pub code: &'static str,
    #[schema(value_type = Object)]
    pub message: Msg,
    /// The rule ID that refused the action, for `refused`.
    pub rule: Option<String>,
    /// Each invalid field, for `invalid`.
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}

/// A failed API request.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let code = match &self.0 {
            AppError::Invalid(_) => "invalid",
            AppError::Refused(_) => "refused",
            AppError::NotFound => "not_found",
            AppError::Forbidden(_) => "forbidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Throttled(_) => "throttled",
            AppError::Stale(_) => "stale",
            AppError::VersionRequired => "precondition_required",
            AppError::Storage(StorageError::Busy) => "busy",
            AppError::Storage(_) | AppError::Internal(_) => "internal",
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: message_of(&self.0),
                rule: match &self.0 {
                    AppError::Refused(r) => Some(r.rule.clone()),
                    _ => None,
                },
                fields: match self.0 {
                    AppError::Invalid(invalid) => invalid.fields,
                    _ => Vec::new(),
                },
            },
        };
        (status, Json(body)).into_response()
    }
}

/// The version an edit is based on, from `If-Match: "<version>"` (a weak `W/` prefix allowed).
pub fn if_match(headers: &axum::http::HeaderMap) -> Option<i64> {
    let raw = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    raw.trim_start_matches("W/").trim_matches('"').parse().ok()
}

/// The `ETag` of a record at a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The answer to a state-changing request whose CSRF token is missing or wrong.
pub fn csrf_refused(lang: Lang, api: bool) -> Response {
    let message = Msg::new(
        "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试",
        "the form expired or came from elsewhere (CSRF check failed); reload and try again",
    );
    if api {
        let body = ErrorBody { error: ErrorDetail { code: "csrf", message, rule: None, fields: Vec::new() } };
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
    }
    let page = ErrorPage { lang, status: 403, message: message.text(lang.code()), fields: Vec::new() };
    match page.render() {
        Ok(html) => (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(_) => StatusCode::FORBIDDEN.into_response(),
    }
}
