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

use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::records::RuleLabel;

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
pub struct PageError {
    pub error: AppError,
    pub lang: Lang,
    pub path: String,
    /// The page's frame (top bar and menu), so an error keeps the way back into the work.
    pub chrome: Option<Box<Chrome>>,
    /// The rule that refused, named by its title (the ID as a tooltip).
    pub rule: Option<Box<RuleLabel>>,
}

impl std::fmt::Debug for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageError").field("error", &self.error).field("path", &self.path).finish_non_exhaustive()
    }
}

impl Ctx {
    /// Wraps a use-case error for rendering as a page.
    pub fn fail(&self, error: impl Into<AppError>) -> PageError {
        let error = error.into();
        let rule = match &error {
            AppError::Refused(r) => Some(Box::new(RuleLabel::named(&self.policy, &r.rule, self.lang))),
            _ => None,
        };
        PageError {
            error,
            lang: self.lang,
            path: self.path.clone(),
            chrome: Some(Box::new(Chrome::new(self, ""))),
            rule,
        }
    }
}

/// A refusal as a page states it: "《rule title》：reason", the rule ID as the title's tooltip.
pub fn refusal_line(ctx: &Ctx, refusal: &jianquan_domain::Refusal) -> String {
    let rule = RuleLabel::named(&ctx.policy, &refusal.rule, ctx.lang);
    format!("《{}》{}{}", rule.title, ctx.lang.pick("：", ": "), refusal.reason.text(ctx.lang.code()))
}

/// The error page without the frame (a request answered before the session is known).
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: Lang,
    status: u16,
    message: &'a str,
    fields: Vec<(String, String)>,
}

/// The error page inside the frame, with the menu.
#[derive(Template)]
#[template(path = "error_page.html")]
struct FramedErrorPage<'a> {
    chrome: &'a Chrome,
    status: u16,
    message: &'a str,
    rule: Option<&'a RuleLabel>,
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
        let rendered = match &self.chrome {
            Some(chrome) => {
                let message = match (&self.error, &self.rule) {
                    (AppError::Refused(r), Some(_)) => r.reason.text(self.lang.code()).to_owned(),
                    // Missing and outside the scope answer alike (existence does not leak),
                    // but the account is told which scope it works in.
                    (AppError::NotFound, _) if chrome.signed_in && !chrome.scope_name.is_empty() => format!(
                        "{}{}{}",
                        self.lang.pick(
                            "未找到该记录，或该记录不在您的工作范围（",
                            "No such record, or it is outside your scope ("
                        ),
                        chrome.scope_name,
                        self.lang.pick("）", ")")
                    ),
                    _ => message.text(self.lang.code()).to_owned(),
                };
                FramedErrorPage {
                    chrome,
                    status: status.as_u16(),
                    message: &message,
                    rule: self.rule.as_deref(),
                    fields,
                }
                .render()
            }
            None => {
                ErrorPage { lang: self.lang, status: status.as_u16(), message: message.text(self.lang.code()), fields }
                    .render()
            }
        };
        match rendered {
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
    /// `invalid`, `refused`, `not_found`, `forbidden`, `unauthenticated`, `throttled`, `csrf`,
    /// `too_large`, `busy`, `internal`.
    pub code: &'static str,
    #[schema(value_type = Object)]
    pub message: Msg,
    /// The rule ID that refused the action, for `refused` (and `throttled` at the edge: SEC-RATE-LIMIT).
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

/// An answer made at the edge, before any handler: the error page for pages, the JSON envelope
/// for the API (with the rule that refused, if one did).
pub fn edge_answer(
    status: StatusCode,
    lang: Lang,
    api: bool,
    code: &'static str,
    rule: Option<&str>,
    message: Msg,
) -> Response {
    if api {
        let body =
            ErrorBody { error: ErrorDetail { code, message, rule: rule.map(str::to_owned), fields: Vec::new() } };
        return (status, Json(body)).into_response();
    }
    let page = ErrorPage { lang, status: status.as_u16(), message: message.text(lang.code()), fields: Vec::new() };
    match page.render() {
        Ok(html) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(_) => status.into_response(),
    }
}

/// The answer to a state-changing request whose CSRF token is missing or wrong.
pub fn csrf_refused(lang: Lang, api: bool) -> Response {
    let message = Msg::new(
        "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试",
        "the form expired or came from elsewhere (CSRF check failed); reload and try again",
    );
    edge_answer(StatusCode::FORBIDDEN, lang, api, "csrf", None, message)
}
