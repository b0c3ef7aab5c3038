//! Headers on every answer: a Content-Security-Policy with no inline script or style (the
//! pages' behaviour lives in `/static/*.js`), no framing, no MIME sniffing, no referrer beyond
//! the site, and `Cache-Control: no-store` on everything but static assets — so no dossier page
//! or personal-data API answer stays in a browser or proxy cache. Plus gzip/br compression.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

/// The policy of every page and API answer: our own scripts, styles, images and forms only,
/// never framed.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; \
    frame-ancestors 'none'";

/// The self-hosted Swagger UI at `/api/docs/` sets styles from its script and inlines SVG icons;
/// it gets inline styles, still no inline script and no framing.
pub const SWAGGER_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; \
    frame-ancestors 'none'";

/// Sets the security headers on the answer (keeping a cache policy only on static assets).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = if path.starts_with("/api/docs") { SWAGGER_CSP } else { CSP };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    let cacheable = path.starts_with("/static/") || path.starts_with("/api/docs/");
    if !(cacheable && headers.contains_key(header::CACHE_CONTROL)) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// gzip and brotli by `Accept-Encoding`, except for what is compressed already (images, xlsx,
/// zip) or too small to gain.
pub fn compression() -> CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
        .and(NotForContentType::const_new("application/zip"));
    CompressionLayer::new().gzip(true).br(true).compress_when(predicate)
}
