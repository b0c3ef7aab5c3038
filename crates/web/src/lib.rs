//! Surfaces: server-rendered pages (Chinese first, English switch), the JSON API under
//! `/api/v1` with its OpenAPI document, and static assets — all built from one route table
//! ([`routes`]) in which every route declares its access rule.

/// Handlers, one per value of a route's last path segment, over a handler that takes the
/// segment: `fixed_segment!(inner, Form; post_members => "members", …)` defines
/// `post_members(state, ctx, Path(id), form)` calling `inner(state, ctx, Path((id,
/// "members")), form)`. Each gets its own row in the route table (and so in the route × role
/// test).
macro_rules! fixed_segment {
    ($inner:ident, $body:ty, $out:ty; $($name:ident => $segment:literal),* $(,)?) => {
        $(
            #[doc = concat!("`POST …/{id}/", $segment, "`.")]
            pub async fn $name(
                state: axum::extract::State<crate::AppState>,
                ctx: crate::ctx::Ctx,
                axum::extract::Path(id): axum::extract::Path<String>,
                body: $body,
            ) -> $out {
                $inner(state, ctx, axum::extract::Path((id, $segment.to_owned())), body).await
            }
        )*
    };
}

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
