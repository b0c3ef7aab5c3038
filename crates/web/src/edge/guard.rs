//! The guard every request passes before the session is read: the route's rate class
//! (429 with `Retry-After`) and body limit (413 from `Content-Length`, and a body cut off at the
//! limit however it is sent). The limits are declared per route in the route table.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use jianquan_domain::Msg;

use super::{Edge, RateClass};
use crate::ctx::{LANG_COOKIE, cookie};
use crate::error::edge_answer;
use crate::i18n::Lang;

/// The largest request body a route takes, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

impl BodyLimit {
    /// An anonymous public form or JSON call (an objection is at most 4,000 characters).
    pub const PUBLIC: BodyLimit = BodyLimit(64 * KIB);
    /// Any other form or JSON call of a signed-in user (the longest lists: attendance, counts).
    pub const FORM: BodyLimit = BodyLimit(MIB);
    /// A photo: the domain's 1 MB image, plus the multipart envelope.
    pub const PHOTO: BodyLimit = BodyLimit(1_000_000 + 64 * KIB);
    /// An LRMX file: its own 2 MiB cap (`MAX_LRMX_BYTES`, photo included), plus the envelope.
    pub const LRMX: BodyLimit = BodyLimit(jianquan_app::registry::lrmx::MAX_LRMX_BYTES + 64 * KIB);
    /// A zip of LRMX files (`MAX_BATCH_BYTES`), plus the envelope; each file keeps its own cap.
    pub const LRMX_BATCH: BodyLimit = BodyLimit(jianquan_app::registry::lrmx::MAX_BATCH_BYTES + 64 * KIB);
    /// An xlsx roster import (60,000 rows are about 2.7 MB; decompression has its own caps).
    pub const IMPORT: BodyLimit = BodyLimit(64 * MIB);

    /// The limit as people read it: "64 KiB", "1 MiB", "2.1 MiB".
    pub fn describe(self) -> String {
        if self.0 >= MIB {
            let tenths = (self.0 * 10).div_ceil(MIB);
            if tenths.is_multiple_of(10) {
                format!("{} MiB", tenths / 10)
            } else {
                format!("{}.{} MiB", tenths / 10, tenths % 10)
            }
        } else {
            format!("{} KiB", self.0.div_ceil(KIB))
        }
    }
}

/// What the guard knows of one route.
#[derive(Debug, Clone, Copy)]
pub struct EdgeRoute {
    pub body_limit: BodyLimit,
    pub rate: Option<RateClass>,
}

/// The guard's state: the edge and every route's limits, by method and path template.
#[derive(Clone)]
pub struct Guard {
    pub edge: Arc<Edge>,
    pub routes: Arc<HashMap<(Method, String), EdgeRoute>>,
}

fn lang_of(request: &Request) -> Lang {
    Lang::from_code(cookie(request.headers(), LANG_COOKIE).unwrap_or("zh"))
}

/// The answer to a body over its route's limit, naming the limit.
pub fn too_large(lang: Lang, api: bool, limit: BodyLimit) -> Response {
    let size = limit.describe();
    let message = Msg::new(
        format!("提交的内容超过此处的大小上限 {size}，未予处理（文件本身并未损坏）"),
        format!(
            "the request is larger than this route's limit of {size} and was not processed (the file itself is not damaged)"
        ),
    );
    let mut response = edge_answer(StatusCode::PAYLOAD_TOO_LARGE, lang, api, "too_large", None, message);
    response.extensions_mut().insert(Explained);
    response
}

/// Marks a 413 that already names the limit (others are replaced by one that does).
#[derive(Clone, Copy)]
struct Explained;

/// The answer to a client over its rate, with `Retry-After`.
fn too_many(lang: Lang, api: bool, wait: std::time::Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let message = Msg::new(
        format!("请求过于频繁（{}），请 {seconds} 秒后再试", super::rate::RULE),
        format!("too many requests ({}); try again in {seconds} s", super::rate::RULE),
    );
    let mut response =
        edge_answer(StatusCode::TOO_MANY_REQUESTS, lang, api, "throttled", Some(super::rate::RULE), message);
    if let Ok(value) = seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The guard (a layer on every route, outside the session middleware).
pub async fn guard(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let template = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let route = template
        .and_then(|t| guard.routes.get(&(request.method().clone(), t)).copied())
        .unwrap_or(EdgeRoute { body_limit: BodyLimit::FORM, rate: None });
    let api = request.uri().path().starts_with("/api/");
    if let Some(class) = route.rate {
        let client = super::client::client_key(&request, &guard.edge.trusted_proxies);
        if let Err(wait) = guard.edge.limiters.check(class, &client) {
            tracing::info!(?client, class = class.key(), "rate limit: request refused");
            return too_many(lang_of(&request), api, wait);
        }
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .or_else(|| axum::body::HttpBody::size_hint(request.body()).exact());
    let lang = lang_of(&request);
    if declared.is_some_and(|n| n > route.body_limit.0 as u64) {
        return too_large(lang, api, route.body_limit);
    }
    let (mut parts, body) = request.into_parts();
    parts.extensions.insert(route.body_limit);
    let body = Body::new(http_body_util::Limited::new(body, route.body_limit.0));
    let response = next.run(Request::from_parts(parts, body)).await;
    // A body sent without its length and cut off at the limit makes an extractor answer 413 in
    // its own words: say which limit it was.
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && response.extensions().get::<Explained>().is_none() {
        return too_large(lang, api, route.body_limit);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::BodyLimit;

    #[test]
    fn limits_are_described_as_people_read_them() {
        assert_eq!(BodyLimit::PUBLIC.describe(), "64 KiB");
        assert_eq!(BodyLimit::FORM.describe(), "1 MiB");
        assert_eq!(BodyLimit::IMPORT.describe(), "64 MiB");
        assert_eq!(BodyLimit::LRMX.describe(), "2.1 MiB");
        assert_eq!(BodyLimit::PHOTO.describe(), "1.1 MiB");
    }
}
