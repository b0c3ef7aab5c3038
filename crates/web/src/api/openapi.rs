//! The OpenAPI document and its browsable UI (self-hosted Swagger UI: the intranet is offline).

use axum::Json;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::api::{lrmx, outcomes, photo, registry, selection, selection_decision, session, study, training};

#[derive(OpenApi)]
#[openapi(
    info(title = "Jianquan API", description = "健全 · 干部健康成长保障系统 — registry, ledger, access, training and integrity education, selection and appointment. Errors share one envelope: `{\"error\": {\"code\", \"message\": {\"zh\", \"en\"}, \"rule\", \"fields\"}}`."),
    paths(
        session::sign_in, session::sign_out, session::me,
        registry::get_org, registry::create_org, registry::update_org, registry::list_posts, registry::create_post,
        registry::update_post,
        registry::list_cadres, registry::create_cadre, registry::update_cadre, registry::get_dossier,
        registry::add_section, registry::ledger_entries,
        lrmx::export_lrmx, lrmx::import_lrmx, lrmx::import_lrmx_zip, photo::get_photo, photo::put_photo, outcomes::promotion_outcomes,
        training::list_courses, training::create_course, training::get_course, training::add_session, training::enrol,
        training::attendance, training::leave, training::complete, training::cadre_training, training::add_record,
        training::promote, training::cadre_obligations, training::compliance, training::list_obligations,
        training::record_event, training::close_obligation, training::list_talks, training::record_talk,
        training::acknowledge, training::list_questions, training::add_question, training::list_exams, training::create_exam, training::get_exam,
        training::exam_enrol, training::exam_withdraw, training::start_attempt, training::get_attempt, training::submit,
        training::my_exams,
        study::list_groups, study::establish_group, study::get_group, study::post_group_part, study::list_reports,
        study::get_record, study::post_record_step, study::village_overview, study::create_batch, study::org_village,
        study::post_village_part, study::my_village, study::add_my_log,
        selection::list_cases, selection::open_case, selection::get_case, selection::pause, selection::resume,
        selection::archive, selection::begin_recommendation, selection::create_round, selection::get_round,
        selection::update_round, selection::open_round, selection::enter_count, selection::close_round,
        selection::ballot_paper, selection::cast, selection::close_nomination, selection::record_check,
        selection::run_gate, selection::run_gates, selection::begin_inspection, selection::announce, selection::apply,
        selection::review,
        selection::score, selection::close_ranking, selection::flagged, selection::set_team, selection::accept_letter,
        selection::record_interviews, selection::conclude, selection::submit_for_decision, selection::my_inspections,
        selection_decision::list_meetings, selection_decision::create_meeting, selection_decision::get_meeting,
        selection_decision::add_item, selection_decision::open_meeting, selection_decision::recuse,
        selection_decision::recuse_myself, selection_decision::vote, selection_decision::decide,
        selection_decision::reconsider, selection_decision::start_publicity, selection_decision::appoint,
        selection_decision::notices, selection_decision::challenge, selection_decision::object, selection_decision::follow,
        selection_decision::open_objections, selection_decision::record_finding,
    ),
    tags((name = "access"), (name = "registry"), (name = "ledger"), (name = "training"), (name = "integrity"), (name = "selection"))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The Swagger UI at `/api/docs/`, reading `/api/openapi.json`.
pub fn swagger_ui() -> axum::Router<AppState> {
    axum::Router::from(SwaggerUi::new("/api/docs").url("/api/docs/openapi.json", ApiDoc::openapi()))
}
