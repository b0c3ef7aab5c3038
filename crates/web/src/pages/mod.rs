//! Server-rendered pages: one struct, one template, one handler per page.

pub mod appointment;
pub mod auth;
pub mod cadre_training;
pub mod cadres;
pub mod compliance;
pub mod confirm;
pub mod dossier;
pub mod import;
pub mod integrity;
pub mod ledger;
pub mod lrmx_import;
pub mod orgs;
pub mod outcomes;
pub mod photo;
pub mod publicity;
pub mod selection;
pub mod selection_forms;
pub mod selection_letter;
pub mod selection_meeting;
pub mod selection_next;
pub mod selection_round;
pub mod selection_text;
pub mod study;
pub mod training;
pub mod users;
pub mod village;
pub mod workbench;

use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_domain::access::Capability;
use serde::Deserialize;

use crate::ctx::{Ctx, LANG_COOKIE};

/// Where each account starts: its 工作台 (the public signs in first).
pub async fn home(ctx: Ctx) -> Redirect {
    if ctx.actor.can(Capability::SignedIn) { Redirect::to("/workbench") } else { Redirect::to("/login") }
}

pub async fn health() -> &'static str {
    "ok"
}

/// Self-hosted assets (the intranet is offline): the style sheet, the pages' small behaviours
/// (print, submit on change) and the proof-of-work solver of the public objection form.
pub async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (content_type, body) = match file.as_str() {
        "app.css" => ("text/css; charset=utf-8", include_str!("../../static/app.css")),
        "app.js" => ("text/javascript; charset=utf-8", include_str!("../../static/app.js")),
        "pow.js" => ("text/javascript; charset=utf-8", include_str!("../../static/pow.js")),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=3600")], body).into_response()
}

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// Whether a character may stand in a path to return to: ASCII letters and digits, the URL
/// punctuation of paths and queries, and any non-ASCII letter (percent-encoded on the way out).
/// Never a control character, space, backslash, quote or angle bracket: browsers drop tabs and
/// line breaks from URLs (`/\t/evil.example` becomes `//evil.example`) and read `\` as `/`.
fn allowed_in_path(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~/?#=&%+,:;@!$*()[]".contains(c) || (!c.is_ascii() && !c.is_control())
}

/// A path on this site to return to, or `/` (never another site): it starts with one `/`, and
/// every character is from the strict set of [`allowed_in_path`]. Non-ASCII characters are
/// percent-encoded, so the answer is always a valid `Location` header.
pub fn local_path(path: &str) -> String {
    let local = path.starts_with('/') && !path.starts_with("//") && path.chars().all(allowed_in_path);
    if !local {
        return "/".to_owned();
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Switches the interface language and returns to the page.
pub async fn switch_lang(Query(q): Query<LangQuery>) -> Response {
    let lang = if q.to == "en" { "en" } else { "zh" };
    let cookie = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&local_path(&q.back))).into_response()
}

pub async fn not_found(ctx: Ctx) -> Response {
    if ctx.path.starts_with("/api/") {
        crate::error::ApiError(AppError::NotFound).into_response()
    } else {
        ctx.fail(AppError::NotFound).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path("/cadres?q=张"), "/cadres?q=%E5%BC%A0");
        assert_eq!(local_path("/cadres?page=2&sort=name"), "/cadres?page=2&sort=name");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "/\t/evil.example/x",
            "/\r\nSet-Cookie: a=b",
            "/ /evil",
            "/\u{0}x",
            "/\u{85}x",
            "evil.example",
            "/\"onmouseover=x",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
