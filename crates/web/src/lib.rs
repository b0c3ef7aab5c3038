//! Surfaces: server-rendered pages (Chinese first, English switch), the JSON API under
//! `/api/v1` with its OpenAPI document, and static assets — all built from one route table
//! ([`routes`]) in which every route declares its access rule.

pub mod api;
pub mod chrome;
pub mod ctx;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod routes;

use jianquan_app::App;

/// What every handler receives.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
}

/// The application's router with every route, its access layer and the session middleware.
pub fn router(app: App) -> axum::Router {
    routes::build(AppState { app }).0
}
