//! The request context: who is asking (from the session cookie or a bearer token), in which
//! language, and the CSRF check that every state-changing request with a session cookie passes.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jianquan_app::Actor;
use jianquan_app::access::sessions::{self, Client};

use crate::AppState;
use crate::edge::BodyLimit;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "jq_session";
pub const LANG_COOKIE: &str = "jq_lang";
/// A browser's device token, kept from a sign-in (SEC-LOGIN-THROTTLE counts its attempts apart).
pub const DEVICE_COOKIE: &str = "jq_device";

/// Who is asking and how to answer them.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub lang: Lang,
    /// The session's CSRF token, for forms (empty for the public).
    pub csrf: String,
    /// The raw session token (to end it on logout).
    pub token: Option<String>,
    /// The path and query asked for, to return to after sign-in.
    pub path: String,
    /// Where the request comes from (network address, device token).
    pub client: Client,
    /// The menu's to-do counts (pages of signed-in accounts only).
    pub todo_counts: crate::todo_counts::MenuCounts,
    /// The policy in force, to name the rules of refusals by their titles.
    pub policy: std::sync::Arc<jianquan_domain::policy::Policy>,
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Resolves the session once per request, checks CSRF on state-changing requests, and leaves
/// the [`Ctx`] in the request's extensions for handlers.
pub async fn resolve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let lang = Lang::from_code(cookie(headers, LANG_COOKIE).unwrap_or("zh"));
    let (token, from_cookie) = match (bearer(headers), cookie(headers, SESSION_COOKIE)) {
        (Some(t), _) => (Some(t.to_owned()), false),
        (None, Some(t)) => (Some(t.to_owned()), true),
        (None, None) => (None, false),
    };
    let session = match &token {
        Some(t) => match sessions::resume(&state.app, t).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let path = request.uri().path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let (actor, csrf) = session.unwrap_or_else(|| (Actor::public(), String::new()));
    let needs_csrf =
        from_cookie && !csrf.is_empty() && !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let client = Client {
        address: crate::edge::client::client_ip(&request, &state.edge.trusted_proxies).map(|ip| ip.to_string()),
        device_token: cookie(headers, DEVICE_COOKIE).filter(|t| t.len() <= 128).map(str::to_owned),
    };
    let signed_in = !csrf.is_empty();
    let page = !path.starts_with("/api/") && !path.starts_with("/static/") && path != "/health";
    let todo_counts = if !signed_in {
        crate::todo_counts::MenuCounts::default()
    } else if matches!(*request.method(), Method::GET | Method::HEAD) {
        if page { state.todos.get(&state.app, &actor).await } else { crate::todo_counts::MenuCounts::default() }
    } else {
        // A write changes what is to do: the next page counts afresh.
        state.todos.forget(&actor.id);
        crate::todo_counts::MenuCounts::default()
    };
    let ctx = Ctx {
        actor,
        lang,
        csrf: csrf.clone(),
        token: token.filter(|_| !csrf.is_empty()),
        path,
        client,
        todo_counts,
        policy: state.app.policy.clone(),
    };
    let (mut parts, body) = request.into_parts();
    let body = if needs_csrf {
        // The edge's guard has already cut the body off at the route's limit.
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(b) => b,
            Err(error) => {
                if !is_length_limit(&error) {
                    return StatusCode::BAD_REQUEST.into_response();
                }
                let limit = parts.extensions.get::<BodyLimit>().copied().unwrap_or(BodyLimit::FORM);
                return crate::edge::guard::too_large(lang, parts.uri.path().starts_with("/api/"), limit);
            }
        };
        if !csrf_matches(&parts.headers, &bytes, &csrf) {
            return crate::error::csrf_refused(lang, parts.uri.path().starts_with("/api/"));
        }
        Body::from(bytes)
    } else {
        body
    };
    parts.extensions.insert(ctx);
    next.run(Request::from_parts(parts, body)).await
}

/// The token from the `X-CSRF-Token` header, a urlencoded `_csrf` field or a multipart `_csrf` part.
fn csrf_matches(headers: &HeaderMap, body: &Bytes, expected: &str) -> bool {
    if let Some(sent) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return constant_time_eq(sent, expected);
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "_csrf"))
            .is_some_and(|(_, v)| constant_time_eq(&v, expected));
    }
    if content_type.starts_with("multipart/form-data") {
        let marker = b"name=\"_csrf\"\r\n\r\n";
        return body
            .windows(marker.len())
            .position(|w| w == marker)
            .and_then(|at| body.get(at + marker.len()..at + marker.len() + expected.len()))
            .is_some_and(|sent| constant_time_eq(&String::from_utf8_lossy(sent), expected));
    }
    false
}

/// Whether reading a body failed because it passed its limit (rather than the client going away).
pub fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; jq_session=abc; jq_lang=en".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, LANG_COOKIE), Some("en"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn the_csrf_token_is_read_from_each_kind_of_body() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "application/x-www-form-urlencoded".parse().unwrap());
        assert!(csrf_matches(&headers, &Bytes::from("a=1&_csrf=tok"), "tok"));
        assert!(!csrf_matches(&headers, &Bytes::from("a=1&_csrf=bad"), "tok"));
        assert!(!csrf_matches(&headers, &Bytes::from("a=1"), "tok"));
        headers.insert(header::CONTENT_TYPE, "multipart/form-data; boundary=x".parse().unwrap());
        let body = "--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--x--";
        assert!(csrf_matches(&headers, &Bytes::from(body), "tok"));
        headers.insert("x-csrf-token", "tok".parse().unwrap());
        assert!(csrf_matches(&headers, &Bytes::new(), "tok"));
    }
}
