//! The 任免审批表 (appointment and removal form) of a cadre, printable on A4 in the standard layout,
//! and its LRMX file for download.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jianquan_app::registry::lrmx::{self, AppointmentForm, LrmxFile, Proposal};
use jianquan_domain::access::Capability;
use jianquan_domain::registry::lrmx::Relative;
use jianquan_domain::registry::lrmx::text::dotted_month;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;

/// Rows the family table has on paper, filled or not.
const FAMILY_ROWS: usize = 6;

#[derive(Template, WebTemplate)]
#[template(path = "appointment_form.html")]
pub struct AppointmentFormPage {
    chrome: Chrome,
    f: AppointmentForm,
    birth: String,
    party_entry: String,
    work_start: String,
    filled_on: String,
    family: Vec<(Relative, String)>,
    blank_rows: usize,
    proposal: Proposal,
    /// The proposal as a query string, for the LRMX link.
    query: String,
    can_export: bool,
    has_photo: bool,
}

/// The form, with what it proposes taken from the query (`proposed_post`, `proposed_removal`, `reasons`).
pub async fn appointment_form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(proposal): Query<Proposal>,
) -> Result<AppointmentFormPage, PageError> {
    let f = lrmx::appointment_form(&state.app, &ctx.actor, &id, &proposal).await.map_err(|e| ctx.fail(e))?;
    let p = &f.person;
    let family: Vec<(Relative, String)> = p.family.iter().cloned().zip(f.family_ages.iter().cloned()).collect();
    Ok(AppointmentFormPage {
        chrome: Chrome::new(&ctx, "/cadres"),
        birth: dotted_month(&p.birth_month),
        party_entry: dotted_month(&p.party_entry),
        work_start: dotted_month(&p.work_start),
        filled_on: dotted_month(&p.filled_on),
        blank_rows: FAMILY_ROWS.saturating_sub(family.len()),
        family,
        query: serde_urlencoded::to_string(&proposal).unwrap_or_default(),
        proposal,
        can_export: ctx.actor.can(Capability::RegistryExport),
        has_photo: jianquan_app::registry::photo::has_photo(&state.app, &id).await.map_err(|e| ctx.fail(e))?,
        f,
    })
}

/// Percent-encodes a file name for `filename*` (RFC 5987: only attr-chars stay as they are).
fn rfc5987(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An LRMX file as a download (also the API's answer).
pub fn lrmx_download(file: LrmxFile) -> Response {
    let disposition = format!("attachment; filename=\"cadre.lrmx\"; filename*=UTF-8''{}", rfc5987(&file.file_name));
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response()
}

/// Downloads the cadre's LRMX file (logged as an export), with the same proposal as the form.
pub async fn export_lrmx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(proposal): Query<Proposal>,
) -> Result<Response, PageError> {
    let file = lrmx::export_lrmx(&state.app, &ctx.actor, &id, &proposal).await.map_err(|e| ctx.fail(e))?;
    Ok(lrmx_download(file))
}
