//! Surfaces: server-rendered pages (Chinese first, English switch), the JSON API under
//! `/api/v1` with its OpenAPI document, and static assets — all built from one route table
//! ([`routes`]) in which every route declares its access rule.

pub mod api;
pub mod chrome;
pub mod ctx;
pub mod edge;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod records;
pub mod routes;
pub mod todo_counts;

use std::sync::Arc;

use jianquan_app::App;

/// What every handler receives.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Rate limits, the challenge key and the trusted proxies ([`edge::Edge`]).
    pub edge: Arc<edge::Edge>,
    /// The menu's to-do counts, kept briefly per account.
    pub todos: Arc<todo_counts::TodoCounts>,
}

impl AppState {
    /// The state for `app`, its edge read from the policy and the environment.
    pub fn new(app: App) -> Self {
        let edge = Arc::new(edge::Edge::from_env(&app));
        Self { app, edge, todos: Arc::default() }
    }
}

/// The application's router with every route, its access and edge layers and the session
/// middleware. Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so that
/// rate limits know each client.
pub fn router(app: App) -> axum::Router {
    routes::build(AppState::new(app)).0
}
