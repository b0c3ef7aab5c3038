//! Server-rendered pages: one struct, one template, one handler per page.

pub mod appointment;
pub mod auth;
pub mod cadre_training;
pub mod cadres;
pub mod compliance;
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
pub mod selection_meeting;
pub mod selection_round;
pub mod selection_text;
pub mod study;
pub mod training;
pub mod users;
pub mod village;

use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_domain::access::Capability;
use serde::Deserialize;

use crate::ctx::{Ctx, LANG_COOKIE};

/// Where each role starts.
pub async fn home(ctx: Ctx) -> Redirect {
    let actor = &ctx.actor;
    if actor.can(Capability::RegistryRead) {
        Redirect::to("/orgs")
    } else if actor.can(Capability::OwnDossier) {
        Redirect::to("/me")
    } else if actor.can(Capability::UsersManage) {
        Redirect::to("/users")
    } else {
        Redirect::to("/login")
    }
}

pub async fn health() -> &'static str {
    "ok"
}

/// Self-hosted assets (the intranet is offline).
pub async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match file.as_str() {
        "app.css" => (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
            include_str!("../../static/app.css"),
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// A path on this site to return to, or `/` (never another site).
pub fn local_path(path: &str) -> &str {
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') { path } else { "/" }
}

/// Switches the interface language and returns to the page.
pub async fn switch_lang(Query(q): Query<LangQuery>) -> Response {
    let lang = if q.to == "en" { "en" } else { "zh" };
    let cookie = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    ([(header::SET_COOKIE, cookie)], Redirect::to(local_path(&q.back))).into_response()
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
        assert_eq!(local_path("/cadres?q=张"), "/cadres?q=张");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", ""] {
            assert_eq!(local_path(bad), "/");
        }
    }
}
