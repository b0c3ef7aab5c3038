//! The route table. Every route is added through [`Routes::add`] with its access rule, which is
//! enforced by a layer on the route and listed in [`RouteSpec`] so the route × role test can walk
//! every route. There is no other way to add a route. Each route also carries its body limit
//! (public posts small, ordinary forms 1 MiB, uploads their own: [`Routes::limit`]) and, for what
//! the public may call, its rate class ([`Routes::rate`]); the edge's guard enforces both.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use jianquan_app::AppError;
use jianquan_domain::access::Capability;

use crate::AppState;
use crate::api;
use crate::ctx::Ctx;
use crate::edge::guard::{EdgeRoute, Guard};
use crate::edge::{BodyLimit, RateClass};
use crate::error::ApiError;
use crate::pages;

/// Who may reach a route. Scope (the org subtree) is checked by the use-case on each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// An account whose role holds the capability.
    Needs(Capability),
    /// A cadre reading their own record, or a role holding the capability.
    OwnOr(Capability),
}

/// One route of the table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    /// The largest body taken.
    pub body_limit: BodyLimit,
    /// The per-client rate class, for routes the public may call.
    pub rate: Option<RateClass>,
}

/// Builds the router and the table together.
pub struct Routes {
    router: axum::Router<AppState>,
    specs: Vec<RouteSpec>,
    state: AppState,
}

async fn enforce(State(access): State<Access>, request: Request, next: Next) -> Response {
    let Some(ctx) = request.extensions().get::<Ctx>().cloned() else { return next.run(request).await };
    let allowed = match access {
        Access::Public => true,
        Access::Needs(cap) => ctx.actor.can(cap),
        Access::OwnOr(cap) => ctx.actor.can(cap) || ctx.actor.can(Capability::OwnDossier),
    };
    if allowed {
        return next.run(request).await;
    }
    let error = match access {
        Access::Needs(cap) | Access::OwnOr(cap) => ctx.actor.require(cap).err().unwrap_or(AppError::Unauthenticated),
        Access::Public => AppError::Unauthenticated,
    };
    if request.uri().path().starts_with("/api/") {
        ApiError(error).into_response()
    } else {
        ctx.fail(error).into_response()
    }
}

/// Runs each request on a task of its own: a client that goes away (a closed tab, a load tool
/// stopping) drops only the wait for the answer, never a use-case halfway through its writes.
async fn run_to_completion(request: Request, next: Next) -> Response {
    let running = Running::start();
    match tokio::spawn(async move {
        let _running = running;
        next.run(request).await
    })
    .await
    {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "a request's task failed");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Requests running on their own tasks, whether or not their clients still wait for them.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// One running request; counted until its task ends, however it ends.
struct Running;

impl Running {
    fn start() -> Self {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How many request tasks are running now.
pub fn requests_running() -> usize {
    RUNNING.load(Ordering::SeqCst)
}

/// Waits until no request task is running. A stopping server calls it after it stopped
/// accepting, before it closes the database: requests whose clients left (their tasks still
/// queued for the writer) finish their writes instead of failing on a closed pool.
pub async fn requests_finished() {
    while RUNNING.load(Ordering::SeqCst) > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

impl Routes {
    fn new(state: AppState) -> Self {
        Self { router: axum::Router::new(), specs: Vec::new(), state }
    }

    /// Adds one method of one path with its access rule.
    pub fn add(mut self, method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> Self {
        let guarded = handler.route_layer(from_fn_with_state(access, enforce));
        self.router = self.router.route(path, guarded);
        let public_write = access == Access::Public && !matches!(method, Method::GET | Method::HEAD);
        let body_limit = if public_write { BodyLimit::PUBLIC } else { BodyLimit::FORM };
        self.specs.push(RouteSpec { method, path, access, body_limit, rate: None });
        self
    }

    /// Sets the body limit of the route just added (uploads).
    fn limit(mut self, limit: BodyLimit) -> Self {
        if let Some(spec) = self.specs.last_mut() {
            spec.body_limit = limit;
        }
        self
    }

    /// Sets the per-client rate class of the route just added.
    fn rate(mut self, class: RateClass) -> Self {
        if let Some(spec) = self.specs.last_mut() {
            spec.rate = Some(class);
        }
        self
    }

    /// Adds a group of routes defined apart (one mechanism's table).
    fn merge_table(self, group: fn(Routes) -> Routes) -> Self {
        group(self)
    }

    /// Layers, innermost first: the session (and CSRF), axum's own body limit turned off (the
    /// guard sets each route's), the guard (rate and body limits, before the session is read),
    /// running to completion, the security headers and compression.
    fn finish(self) -> (axum::Router, Vec<RouteSpec>) {
        let state = self.state.clone();
        let guard = Guard {
            edge: state.edge.clone(),
            routes: std::sync::Arc::new(
                self.specs
                    .iter()
                    .map(|s| {
                        ((s.method.clone(), s.path.to_owned()), EdgeRoute { body_limit: s.body_limit, rate: s.rate })
                    })
                    .collect(),
            ),
        };
        let router = self
            .router
            .merge(api::openapi::swagger_ui())
            .fallback(pages::not_found)
            .layer(from_fn_with_state(state.clone(), crate::ctx::resolve))
            .layer(axum::extract::DefaultBodyLimit::disable())
            .layer(from_fn_with_state(guard, crate::edge::guard::guard))
            .layer(axum::middleware::from_fn(run_to_completion))
            .layer(axum::middleware::from_fn(crate::edge::headers::security_headers))
            .layer(crate::edge::headers::compression())
            .with_state(state);
        (router, self.specs)
    }
}

/// Every route of the application, with its access rule.
pub fn build(state: AppState) -> (axum::Router, Vec<RouteSpec>) {
    use Access::*;
    use Capability::*;
    use Method as M;
    Routes::new(state)
        // Pages.
        .add(M::GET, "/", Public, get(pages::home))
        .add(M::GET, "/health", Public, get(pages::health))
        .add(M::GET, "/workbench", Needs(SignedIn), get(pages::workbench::workbench_page))
        .add(M::GET, "/static/{file}", Public, get(pages::static_file))
        .add(M::GET, "/lang", Public, get(pages::switch_lang))
        .add(M::GET, "/login", Public, get(pages::auth::login_page))
        .add(M::POST, "/login", Public, post(pages::auth::login_submit))
        .rate(RateClass::Login)
        .add(M::POST, "/logout", Needs(SignedIn), post(pages::auth::logout))
        .add(M::GET, "/orgs", Needs(RegistryRead), get(pages::orgs::org_root))
        .add(M::GET, "/orgs/{id}", Needs(RegistryRead), get(pages::orgs::org_page))
        .add(M::POST, "/orgs", Needs(RegistryWrite), post(pages::orgs::create_org))
        .add(M::POST, "/orgs/{id}", Needs(RegistryWrite), post(pages::orgs::update_org))
        .add(M::POST, "/posts", Needs(RegistryWrite), post(pages::orgs::create_post))
        .add(M::POST, "/posts/{id}", Needs(RegistryWrite), post(pages::orgs::update_post))
        .add(M::GET, "/cadres", Needs(RegistryRead), get(pages::cadres::cadre_list))
        .add(M::GET, "/cadres/export.xlsx", Needs(RegistryExport), get(pages::cadres::export_cadres))
        .add(M::GET, "/cadres/new", Needs(RegistryWrite), get(pages::cadres::new_cadre_form))
        .add(M::POST, "/cadres", Needs(RegistryWrite), post(pages::cadres::create_cadre))
        .add(M::GET, "/cadres/{id}", OwnOr(RegistryRead), get(pages::dossier::dossier_page))
        .add(M::GET, "/cadres/{id}/edit", Needs(RegistryWrite), get(pages::cadres::edit_cadre_form))
        .add(
            M::GET,
            "/cadres/{id}/appointment-form",
            Needs(RegistryRead),
            get(pages::appointment::appointment_form_page),
        )
        .add(M::GET, "/cadres/{id}/lrmx", Needs(RegistryExport), get(pages::appointment::export_lrmx))
        .add(M::POST, "/cadres/{id}", Needs(RegistryWrite), post(pages::cadres::update_cadre))
        .add(M::POST, "/cadres/{id}/reveal", Needs(RevealSensitive), post(pages::dossier::reveal_id_number))
        .add(M::GET, "/cadres/{id}/photo", OwnOr(RegistryRead), get(pages::photo::photo_image))
        .add(M::POST, "/cadres/{id}/photo", Needs(RegistryWrite), post(pages::photo::upload_photo))
        .limit(BodyLimit::PHOTO)
        .add(M::POST, "/cadres/{id}/sections/{section}", Needs(RegistryWrite), post(pages::dossier::add_section))
        .add(M::GET, "/me", Needs(OwnDossier), get(pages::dossier::my_dossier))
        .add(M::GET, "/import", Needs(RegistryImport), get(pages::import::import_page))
        .add(M::POST, "/import", Needs(RegistryImport), post(pages::import::import_submit))
        .limit(BodyLimit::IMPORT)
        .add(M::GET, "/import/template.xlsx", Needs(RegistryImport), get(pages::import::import_template))
        .add(M::POST, "/import/lrmx", Needs(RegistryImport), post(pages::lrmx_import::import_lrmx))
        .limit(BodyLimit::LRMX_BATCH)
        .add(M::GET, "/ledger", Needs(LedgerRead), get(pages::ledger::ledger_page))
        .add(M::GET, "/selection/outcomes", Needs(RegistryRead), get(pages::outcomes::outcomes_page))
        .add(M::GET, "/users", Needs(UsersManage), get(pages::users::users_page))
        .add(M::POST, "/users", Needs(UsersManage), post(pages::users::create_user))
        // Education & training, integrity education.
        .add(M::GET, "/training/courses", Needs(TrainingRead), get(pages::training::courses_page))
        .add(M::POST, "/training/courses", Needs(TrainingWrite), post(pages::training::create_course))
        .add(M::GET, "/training/courses/{id}", OwnOr(TrainingRead), get(pages::training::course_page))
        .add(M::POST, "/training/courses/{id}/sessions", Needs(TrainingWrite), post(pages::training::add_session))
        .add(M::POST, "/training/courses/{id}/enrolments", Needs(TrainingWrite), post(pages::training::enrol))
        .add(M::POST, "/training/courses/{id}/attendance", Needs(TrainingWrite), post(pages::training::attendance))
        .add(M::POST, "/training/courses/{id}/leave", OwnOr(TrainingWrite), post(pages::training::leave))
        .add(M::POST, "/training/courses/{id}/complete", Needs(TrainingWrite), post(pages::training::complete))
        .add(M::POST, "/training/courses/{id}/sign-up", Needs(OwnDossier), post(pages::training::sign_up))
        .add(M::GET, "/training/compliance", Needs(TrainingRead), get(pages::compliance::compliance_page))
        .add(M::GET, "/training/compliance/short.xlsx", Needs(RegistryExport), get(pages::compliance::export_short))
        .add(M::GET, "/cadres/{id}/training", OwnOr(TrainingRead), get(pages::cadre_training::cadre_training_page))
        .add(M::POST, "/cadres/{id}/training-records", Needs(TrainingWrite), post(pages::cadre_training::add_record))
        .add(M::POST, "/cadres/{id}/promotion", Needs(AppointmentRecord), post(pages::cadre_training::promote))
        .add(M::GET, "/me/training", Needs(OwnDossier), get(pages::cadre_training::my_training))
        .add(M::GET, "/integrity/obligations", Needs(TrainingRead), get(pages::integrity::obligations_page))
        .add(
            M::POST,
            "/integrity/obligations/{id}/close",
            Needs(IntegrityWrite),
            post(pages::integrity::close_obligation),
        )
        .add(M::POST, "/integrity/events", Needs(IntegrityWrite), post(pages::cadre_training::record_event))
        .add(M::GET, "/integrity/talks", Needs(TrainingRead), get(pages::integrity::talks_page))
        .add(M::POST, "/integrity/talks", Needs(IntegrityWrite), post(pages::cadre_training::record_talk))
        .add(M::POST, "/integrity/talks/{id}/acknowledge", Needs(OwnDossier), post(pages::integrity::acknowledge_talk))
        .add(M::GET, "/integrity/exams", Needs(TrainingRead), get(pages::integrity::exams_page))
        .add(M::POST, "/integrity/exams", Needs(IntegrityWrite), post(pages::integrity::create_exam))
        .add(M::GET, "/integrity/exams/{id}", Needs(TrainingRead), get(pages::integrity::exam_page))
        .add(M::POST, "/integrity/exams/{id}/enrolments", Needs(IntegrityWrite), post(pages::integrity::exam_enrolment))
        .add(M::POST, "/integrity/exams/{id}/attempts", Needs(OwnDossier), post(pages::integrity::start_attempt))
        .add(M::GET, "/integrity/attempts/{id}", OwnOr(TrainingRead), get(pages::integrity::attempt_page))
        .add(M::POST, "/integrity/attempts/{id}", Needs(OwnDossier), post(pages::integrity::submit_attempt))
        .add(M::GET, "/integrity/questions", Needs(IntegrityWrite), get(pages::integrity::questions_page))
        .add(M::POST, "/integrity/questions", Needs(IntegrityWrite), post(pages::integrity::add_question))
        // API.
        .add(M::GET, "/api/openapi.json", Public, get(api::openapi::openapi_json))
        .add(M::POST, "/api/v1/session", Public, post(api::session::sign_in))
        .rate(RateClass::Login)
        .add(M::DELETE, "/api/v1/session", Needs(SignedIn), axum::routing::delete(api::session::sign_out))
        .add(M::GET, "/api/v1/me", Needs(SignedIn), get(api::session::me))
        .add(M::GET, "/api/v1/orgs/{id}", Needs(RegistryRead), get(api::registry::get_org))
        .add(M::POST, "/api/v1/orgs", Needs(RegistryWrite), post(api::registry::create_org))
        .add(M::PUT, "/api/v1/orgs/{id}", Needs(RegistryWrite), put(api::registry::update_org))
        .add(M::GET, "/api/v1/orgs/{id}/posts", Needs(RegistryRead), get(api::registry::list_posts))
        .add(M::POST, "/api/v1/posts", Needs(RegistryWrite), post(api::registry::create_post))
        .add(M::PUT, "/api/v1/posts/{id}", Needs(RegistryWrite), put(api::registry::update_post))
        .add(M::GET, "/api/v1/cadres", Needs(RegistryRead), get(api::registry::list_cadres))
        .add(M::POST, "/api/v1/cadres", Needs(RegistryWrite), post(api::registry::create_cadre))
        .add(M::POST, "/api/v1/cadres/lrmx", Needs(RegistryImport), post(api::lrmx::import_lrmx))
        .limit(BodyLimit::LRMX)
        .add(M::POST, "/api/v1/cadres/lrmx/batch", Needs(RegistryImport), post(api::lrmx::import_lrmx_zip))
        .limit(BodyLimit::LRMX_BATCH)
        .add(M::GET, "/api/v1/cadres/{id}", OwnOr(RegistryRead), get(api::registry::get_dossier))
        .add(M::PUT, "/api/v1/cadres/{id}", Needs(RegistryWrite), put(api::registry::update_cadre))
        .add(M::GET, "/api/v1/cadres/{id}/lrmx", Needs(RegistryExport), get(api::lrmx::export_lrmx))
        .add(M::GET, "/api/v1/cadres/{id}/photo", OwnOr(RegistryRead), get(api::photo::get_photo))
        .add(M::PUT, "/api/v1/cadres/{id}/photo", Needs(RegistryWrite), put(api::photo::put_photo))
        .limit(BodyLimit::PHOTO)
        .add(M::POST, "/api/v1/cadres/{id}/sections/{section}", Needs(RegistryWrite), post(api::registry::add_section))
        .add(M::GET, "/api/v1/ledger", Needs(LedgerRead), get(api::registry::ledger_entries))
        .add(M::GET, "/api/v1/selection/outcomes", Needs(RegistryRead), get(api::outcomes::promotion_outcomes))
        .add(M::GET, "/api/v1/courses", Needs(TrainingRead), get(api::training::list_courses))
        .add(M::POST, "/api/v1/courses", Needs(TrainingWrite), post(api::training::create_course))
        .add(M::GET, "/api/v1/courses/{id}", OwnOr(TrainingRead), get(api::training::get_course))
        .add(M::POST, "/api/v1/courses/{id}/sessions", Needs(TrainingWrite), post(api::training::add_session))
        .add(M::POST, "/api/v1/courses/{id}/enrolments", Needs(TrainingWrite), post(api::training::enrol))
        .add(M::POST, "/api/v1/courses/{id}/attendance", Needs(TrainingWrite), post(api::training::attendance))
        .add(M::POST, "/api/v1/courses/{id}/leave", OwnOr(TrainingWrite), post(api::training::leave))
        .add(M::POST, "/api/v1/courses/{id}/completion", Needs(TrainingWrite), post(api::training::complete))
        .add(M::GET, "/api/v1/cadres/{id}/training", OwnOr(TrainingRead), get(api::training::cadre_training))
        .add(M::POST, "/api/v1/cadres/{id}/training-records", Needs(TrainingWrite), post(api::training::add_record))
        .add(M::POST, "/api/v1/cadres/{id}/promotions", Needs(AppointmentRecord), post(api::training::promote))
        .add(M::GET, "/api/v1/cadres/{id}/obligations", OwnOr(TrainingRead), get(api::training::cadre_obligations))
        .add(M::GET, "/api/v1/training/compliance", Needs(TrainingRead), get(api::training::compliance))
        .add(M::GET, "/api/v1/obligations", Needs(TrainingRead), get(api::training::list_obligations))
        .add(M::POST, "/api/v1/obligations/{id}/close", Needs(IntegrityWrite), post(api::training::close_obligation))
        .add(M::POST, "/api/v1/integrity/events", Needs(IntegrityWrite), post(api::training::record_event))
        .add(M::GET, "/api/v1/talks", Needs(TrainingRead), get(api::training::list_talks))
        .add(M::POST, "/api/v1/talks", Needs(IntegrityWrite), post(api::training::record_talk))
        .add(M::POST, "/api/v1/talks/{id}/acknowledgement", Needs(OwnDossier), post(api::training::acknowledge))
        .add(M::GET, "/api/v1/questions", Needs(IntegrityWrite), get(api::training::list_questions))
        .add(M::POST, "/api/v1/questions", Needs(IntegrityWrite), post(api::training::add_question))
        .add(M::GET, "/api/v1/exams", Needs(TrainingRead), get(api::training::list_exams))
        .add(M::POST, "/api/v1/exams", Needs(IntegrityWrite), post(api::training::create_exam))
        .add(M::GET, "/api/v1/exams/{id}", Needs(TrainingRead), get(api::training::get_exam))
        .add(M::POST, "/api/v1/exams/{id}/enrolments", Needs(IntegrityWrite), post(api::training::exam_enrol))
        .add(M::POST, "/api/v1/exams/{id}/withdrawals", Needs(IntegrityWrite), post(api::training::exam_withdraw))
        .add(M::POST, "/api/v1/exams/{id}/attempts", Needs(OwnDossier), post(api::training::start_attempt))
        .add(M::GET, "/api/v1/attempts/{id}", OwnOr(TrainingRead), get(api::training::get_attempt))
        .add(M::POST, "/api/v1/attempts/{id}/submission", Needs(OwnDossier), post(api::training::submit))
        .add(M::GET, "/api/v1/me/exams", Needs(OwnDossier), get(api::training::my_exams))
        .add(M::GET, "/training/study-groups", Needs(TrainingRead), get(pages::study::study_groups))
        .add(M::POST, "/training/study-groups", Needs(TrainingWrite), post(pages::study::establish_group))
        .add(M::GET, "/training/study-groups/{id}", Needs(TrainingRead), get(pages::study::study_group))
        .add(
            M::POST,
            "/training/study-groups/{id}/members",
            Needs(TrainingWrite),
            post(pages::study::post_group_members),
        )
        .add(
            M::POST,
            "/training/study-groups/{id}/sessions",
            Needs(TrainingWrite),
            post(pages::study::post_group_sessions),
        )
        .add(
            M::POST,
            "/training/study-groups/{id}/attendance",
            Needs(TrainingWrite),
            post(pages::study::post_group_attendance),
        )
        .add(M::GET, "/training/study-records", Needs(TrainingRead), get(pages::study::study_records))
        .add(M::GET, "/training/study-records/{id}", OwnOr(TrainingRead), get(pages::study::study_record))
        .add(
            M::POST,
            "/training/study-records/{id}/report",
            OwnOr(TrainingWrite),
            post(pages::study::post_record_report),
        )
        .add(
            M::POST,
            "/training/study-records/{id}/evaluations",
            Needs(TrainingWrite),
            post(pages::study::post_record_evaluations),
        )
        .add(M::POST, "/training/study-records/{id}/exam", Needs(TrainingWrite), post(pages::study::post_record_exam))
        .add(M::GET, "/training/village", Needs(TrainingRead), get(pages::village::village_overview))
        .add(M::POST, "/training/village", Needs(TrainingWrite), post(pages::village::create_batch))
        .add(M::GET, "/training/village/{id}", Needs(TrainingRead), get(pages::village::village_org))
        .add(
            M::POST,
            "/training/village/{id}/assignments",
            Needs(TrainingWrite),
            post(pages::village::post_village_assignments),
        )
        .add(M::POST, "/training/village/{id}/logs", Needs(TrainingWrite), post(pages::village::post_village_logs))
        .add(
            M::POST,
            "/training/village/{id}/evaluations",
            Needs(TrainingWrite),
            post(pages::village::post_village_evaluations),
        )
        .add(M::GET, "/me/village", Needs(OwnDossier), get(pages::village::my_village))
        .add(M::POST, "/me/village/logs", Needs(OwnDossier), post(pages::village::add_my_log))
        .add(M::GET, "/api/v1/training/study-groups", Needs(TrainingRead), get(api::study::list_groups))
        .add(M::POST, "/api/v1/training/study-groups", Needs(TrainingWrite), post(api::study::establish_group))
        .add(M::GET, "/api/v1/training/study-groups/{id}", Needs(TrainingRead), get(api::study::get_group))
        .add(
            M::POST,
            "/api/v1/training/study-groups/{id}/members",
            Needs(TrainingWrite),
            post(api::study::post_group_members),
        )
        .add(
            M::POST,
            "/api/v1/training/study-groups/{id}/sessions",
            Needs(TrainingWrite),
            post(api::study::post_group_sessions),
        )
        .add(
            M::POST,
            "/api/v1/training/study-groups/{id}/attendance",
            Needs(TrainingWrite),
            post(api::study::post_group_attendance),
        )
        .add(M::GET, "/api/v1/training/study-records", Needs(TrainingRead), get(api::study::list_reports))
        .add(M::GET, "/api/v1/training/study-records/{id}", OwnOr(TrainingRead), get(api::study::get_record))
        .add(
            M::POST,
            "/api/v1/training/study-records/{id}/report",
            OwnOr(TrainingWrite),
            post(api::study::post_record_report),
        )
        .add(
            M::POST,
            "/api/v1/training/study-records/{id}/evaluations",
            Needs(TrainingWrite),
            post(api::study::post_record_evaluations),
        )
        .add(
            M::POST,
            "/api/v1/training/study-records/{id}/exam",
            Needs(TrainingWrite),
            post(api::study::post_record_exam),
        )
        .add(M::GET, "/api/v1/training/village", Needs(TrainingRead), get(api::study::village_overview))
        .add(M::POST, "/api/v1/training/village", Needs(TrainingWrite), post(api::study::create_batch))
        .add(M::GET, "/api/v1/training/village/{id}", Needs(TrainingRead), get(api::study::org_village))
        .add(
            M::POST,
            "/api/v1/training/village/{id}/assignments",
            Needs(TrainingWrite),
            post(api::study::post_village_assignments),
        )
        .add(M::POST, "/api/v1/training/village/{id}/logs", Needs(TrainingWrite), post(api::study::post_village_logs))
        .add(
            M::POST,
            "/api/v1/training/village/{id}/evaluations",
            Needs(TrainingWrite),
            post(api::study::post_village_evaluations),
        )
        .add(M::GET, "/api/v1/me/village", Needs(OwnDossier), get(api::study::my_village))
        .add(M::POST, "/api/v1/me/village/logs", Needs(OwnDossier), post(api::study::add_my_log))
        // Selection & appointment (选拔任用).
        .merge_table(selection_api)
        .finish()
}

/// Selection: the staff's, inspectors', committee members' and discipline inspection's pages,
/// the public's pages (publicity, objections, receipts, voting), and the API — cases, rounds
/// and ballots, the gate, inspection, meetings and votes, publicity, findings, appointment.
fn selection_api(routes: Routes) -> Routes {
    use Access::*;
    use Capability::*;
    use Method as M;
    use api::selection as a;
    use api::selection_decision as d;
    use pages::{publicity as public, selection as sp, selection_meeting as mp, selection_round as rp};
    routes
        .add(M::GET, "/selection/cases", Needs(SelectionRead), get(sp::cases_page))
        .add(M::POST, "/selection/cases", Needs(SelectionWrite), post(sp::open_case))
        .add(M::GET, "/selection/cases/{id}", Needs(SelectionRead), get(sp::case_page))
        .add(M::POST, "/selection/cases/{id}/pause", Needs(SelectionWrite), post(sp::post_pause))
        .add(M::POST, "/selection/cases/{id}/resume", Needs(SelectionWrite), post(sp::post_resume))
        .add(M::POST, "/selection/cases/{id}/archive", Needs(SelectionWrite), post(sp::post_archive))
        .add(M::POST, "/selection/cases/{id}/recommendation", Needs(SelectionWrite), post(sp::post_recommendation))
        .add(M::POST, "/selection/cases/{id}/rounds", Needs(SelectionWrite), post(sp::post_rounds))
        .add(M::POST, "/selection/cases/{id}/nomination", Needs(SelectionWrite), post(sp::post_nomination))
        .add(M::POST, "/selection/cases/{id}/checks", Needs(SelectionWrite), post(sp::post_checks))
        .add(M::POST, "/selection/cases/{id}/gate", Needs(SelectionWrite), post(sp::post_gate))
        .add(M::POST, "/selection/cases/{id}/inspection", Needs(SelectionWrite), post(sp::post_inspection))
        .add(M::POST, "/selection/cases/{id}/teams", Needs(SelectionWrite), post(sp::post_teams))
        .add(M::POST, "/selection/cases/{id}/decision", Needs(SelectionWrite), post(sp::post_decision))
        .add(M::POST, "/selection/cases/{id}/examination", Needs(SelectionWrite), post(sp::post_examination))
        .add(M::POST, "/selection/cases/{id}/applicants", Needs(SelectionWrite), post(sp::post_applicants))
        .add(M::POST, "/selection/cases/{id}/reviews", Needs(SelectionWrite), post(sp::post_reviews))
        .add(M::POST, "/selection/cases/{id}/scores", Needs(SelectionWrite), post(sp::post_scores))
        .add(M::POST, "/selection/cases/{id}/ranking", Needs(SelectionWrite), post(sp::post_ranking))
        .add(M::POST, "/selection/cases/{id}/publicity", Needs(SelectionWrite), post(sp::post_publicity))
        .add(M::POST, "/selection/cases/{id}/appointment", Needs(SelectionWrite), post(sp::post_appointment))
        .add(M::POST, "/selection/cases/{id}/inspect/letters", Needs(Inspect), post(sp::post_letter))
        .add(M::POST, "/selection/cases/{id}/inspect/interviews", Needs(Inspect), post(sp::post_interviews))
        .add(M::POST, "/selection/cases/{id}/inspect/reports", Needs(Inspect), post(sp::post_report))
        .add(M::GET, "/selection/rounds/{id}", Needs(SelectionRead), get(rp::round_page))
        .add(M::POST, "/selection/rounds/{id}/lists", Needs(SelectionWrite), post(rp::post_lists))
        .add(M::POST, "/selection/rounds/{id}/open", Needs(SelectionWrite), post(rp::post_open))
        .add(M::POST, "/selection/rounds/{id}/counts", Needs(SelectionWrite), post(rp::post_counts))
        .add(M::POST, "/selection/rounds/{id}/close", Needs(SelectionWrite), post(rp::post_close))
        .add(M::GET, "/selection/meetings", Needs(SelectionRead), get(mp::meetings_page))
        .add(M::POST, "/selection/meetings", Needs(SelectionWrite), post(mp::create_meeting))
        .add(M::GET, "/selection/meetings/{id}", Needs(SelectionRead), get(mp::meeting_page))
        .add(M::POST, "/selection/meetings/{id}/vote", Needs(CommitteeVote), post(mp::post_vote))
        .add(M::POST, "/selection/meetings/{id}/my-recusal", Needs(CommitteeVote), post(mp::post_recusal))
        .add(M::POST, "/selection/meetings/{id}/items", Needs(SelectionWrite), post(mp::post_item))
        .add(M::POST, "/selection/meetings/{id}/open", Needs(SelectionWrite), post(mp::post_open))
        .add(M::POST, "/selection/meetings/{id}/recusals", Needs(SelectionWrite), post(mp::post_recusal))
        .add(M::POST, "/selection/meetings/{id}/decisions", Needs(SelectionWrite), post(mp::post_decision))
        .add(
            M::POST,
            "/selection/meetings/{id}/reconsiderations",
            Needs(SelectionWrite),
            post(mp::post_reconsideration),
        )
        .add(
            M::GET,
            "/selection/meetings/{id}/items/{item}/appointment-form",
            Needs(SelectionRead),
            get(mp::item_appointment_form),
        )
        .add(M::GET, "/selection/inspections", Needs(Inspect), get(mp::inspections_page))
        .add(M::GET, "/selection/objections", Needs(ObjectionFinding), get(mp::objections_page))
        .add(M::POST, "/selection/objections", Needs(ObjectionFinding), post(mp::post_finding))
        .add(M::GET, "/public/publicity", Public, get(public::publicity_page))
        .add(M::POST, "/public/objections", Public, post(public::post_objection))
        .rate(RateClass::Submission)
        .add(M::GET, "/public/follow", Public, get(public::follow_page))
        .add(M::POST, "/public/follow", Public, post(public::post_follow))
        .rate(RateClass::Code)
        .add(M::GET, "/public/vote", Public, get(public::vote_page))
        .add(M::POST, "/public/vote", Public, post(public::post_vote))
        .rate(RateClass::Code)
        .add(M::GET, "/api/v1/selection/cases", Needs(SelectionRead), get(a::list_cases))
        .add(M::POST, "/api/v1/selection/cases", Needs(SelectionWrite), post(a::open_case))
        .add(M::GET, "/api/v1/selection/cases/{id}", Needs(SelectionRead), get(a::get_case))
        .add(M::POST, "/api/v1/selection/cases/{id}/pause", Needs(SelectionWrite), post(a::pause))
        .add(M::POST, "/api/v1/selection/cases/{id}/resume", Needs(SelectionWrite), post(a::resume))
        .add(M::POST, "/api/v1/selection/cases/{id}/archive", Needs(SelectionWrite), post(a::archive))
        .add(
            M::POST,
            "/api/v1/selection/cases/{id}/recommendation",
            Needs(SelectionWrite),
            post(a::begin_recommendation),
        )
        .add(M::POST, "/api/v1/selection/cases/{id}/rounds", Needs(SelectionWrite), post(a::create_round))
        .add(M::GET, "/api/v1/selection/rounds/{id}", Needs(SelectionRead), get(a::get_round))
        .add(M::PUT, "/api/v1/selection/rounds/{id}", Needs(SelectionWrite), put(a::update_round))
        .add(M::POST, "/api/v1/selection/rounds/{id}/open", Needs(SelectionWrite), post(a::open_round))
        .add(M::POST, "/api/v1/selection/rounds/{id}/counts", Needs(SelectionWrite), post(a::enter_count))
        .add(M::POST, "/api/v1/selection/rounds/{id}/close", Needs(SelectionWrite), post(a::close_round))
        .add(M::POST, "/api/v1/selection/ballot-papers", Public, post(a::ballot_paper))
        .rate(RateClass::Code)
        .add(M::POST, "/api/v1/selection/ballots", Public, post(a::cast))
        .rate(RateClass::Code)
        .add(M::POST, "/api/v1/selection/cases/{id}/nomination", Needs(SelectionWrite), post(a::close_nomination))
        .add(M::POST, "/api/v1/selection/cases/{id}/examination", Needs(SelectionWrite), post(a::announce))
        .add(M::POST, "/api/v1/selection/cases/{id}/applicants", Needs(SelectionWrite), post(a::apply))
        .add(M::POST, "/api/v1/selection/cases/{id}/reviews", Needs(SelectionWrite), post(a::review))
        .add(M::POST, "/api/v1/selection/cases/{id}/scores", Needs(SelectionWrite), post(a::score))
        .add(M::POST, "/api/v1/selection/cases/{id}/ranking", Needs(SelectionWrite), post(a::close_ranking))
        .add(M::POST, "/api/v1/selection/cases/{id}/checks", Needs(SelectionWrite), post(a::record_check))
        .add(M::POST, "/api/v1/selection/cases/{id}/gate", Needs(SelectionWrite), post(a::run_gate))
        .add(M::POST, "/api/v1/selection/cases/{id}/gates", Needs(SelectionWrite), post(a::run_gates))
        .add(M::POST, "/api/v1/selection/cases/{id}/inspection", Needs(SelectionWrite), post(a::begin_inspection))
        .add(M::POST, "/api/v1/selection/cases/{id}/teams", Needs(SelectionWrite), post(a::set_team))
        .add(M::POST, "/api/v1/selection/cases/{id}/letters", Needs(Inspect), post(a::accept_letter))
        .add(M::POST, "/api/v1/selection/cases/{id}/interviews", Needs(Inspect), post(a::record_interviews))
        .add(M::POST, "/api/v1/selection/cases/{id}/reports", Needs(Inspect), post(a::conclude))
        .add(M::GET, "/api/v1/selection/my-inspections", Needs(Inspect), get(a::my_inspections))
        .add(M::GET, "/api/v1/selection/reviews", Needs(SelectionRead), get(a::flagged))
        .add(M::POST, "/api/v1/selection/cases/{id}/decision", Needs(SelectionWrite), post(a::submit_for_decision))
        .add(M::GET, "/api/v1/selection/meetings", Needs(SelectionRead), get(d::list_meetings))
        .add(M::POST, "/api/v1/selection/meetings", Needs(SelectionWrite), post(d::create_meeting))
        .add(M::GET, "/api/v1/selection/meetings/{id}", Needs(SelectionRead), get(d::get_meeting))
        .add(M::POST, "/api/v1/selection/meetings/{id}/items", Needs(SelectionWrite), post(d::add_item))
        .add(M::POST, "/api/v1/selection/meetings/{id}/open", Needs(SelectionWrite), post(d::open_meeting))
        .add(M::POST, "/api/v1/selection/meetings/{id}/recusals", Needs(SelectionWrite), post(d::recuse))
        .add(M::POST, "/api/v1/selection/meetings/{id}/my-recusals", Needs(CommitteeVote), post(d::recuse_myself))
        .add(M::POST, "/api/v1/selection/meetings/{id}/votes", Needs(CommitteeVote), post(d::vote))
        .add(M::POST, "/api/v1/selection/meetings/{id}/decisions", Needs(SelectionWrite), post(d::decide))
        .add(M::POST, "/api/v1/selection/meetings/{id}/reconsiderations", Needs(SelectionWrite), post(d::reconsider))
        .add(M::POST, "/api/v1/selection/cases/{id}/publicity", Needs(SelectionWrite), post(d::start_publicity))
        .add(M::POST, "/api/v1/selection/cases/{id}/appointment", Needs(SelectionWrite), post(d::appoint))
        .add(M::GET, "/api/v1/selection/notices", Public, get(d::notices))
        .add(M::GET, "/api/v1/public/challenge", Public, get(d::challenge))
        .rate(RateClass::Code)
        .add(M::POST, "/api/v1/selection/objections", Public, post(d::object))
        .rate(RateClass::Submission)
        .add(M::POST, "/api/v1/selection/receipts", Public, post(d::follow))
        .rate(RateClass::Code)
        .add(M::GET, "/api/v1/selection/open-objections", Needs(ObjectionFinding), get(d::open_objections))
        .add(M::POST, "/api/v1/selection/findings", Needs(ObjectionFinding), post(d::record_finding))
}

/// The route table alone (for the route × role test and the docs).
pub fn table(state: AppState) -> Vec<RouteSpec> {
    build(state).1
}
