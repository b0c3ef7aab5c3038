//! The xlsx import page: upload, validate every row, write all or nothing, and list each bad
//! row and field; and the templates to fill in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jianquan_app::AppError;
use jianquan_app::transfer::{self, ImportKind};
use jianquan_domain::Invalid;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::edge::BodyLimit;
use crate::error::PageError;

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub struct ImportPage {
    chrome: Chrome,
    kind: String,
    imported: Option<String>,
    problems: Vec<(usize, String, String)>,
}

pub async fn import_page(ctx: Ctx) -> ImportPage {
    ImportPage { chrome: Chrome::new(&ctx, "/import"), kind: "cadres".into(), imported: None, problems: Vec::new() }
}

fn bad_upload(message_zh: &str, message_en: &str) -> AppError {
    AppError::Invalid(Invalid::one("file", message_zh, message_en))
}

pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut kind = String::from("cadres");
    let mut file: Option<Vec<u8>> = None;
    // A body cut off at the route's limit is said to be too large, never "unreadable".
    let too_large = |e: &MultipartError| e.status() == StatusCode::PAYLOAD_TOO_LARGE;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if too_large(&e) => return Ok(crate::edge::guard::too_large(ctx.lang, false, BodyLimit::IMPORT)),
            Err(_) => return Err(ctx.fail(bad_upload("上传内容无法读取", "the upload could not be read"))),
        };
        match field.name() {
            Some("kind") => kind = field.text().await.unwrap_or_default(),
            Some("file") => match field.bytes().await {
                Ok(bytes) => file = Some(bytes.to_vec()),
                Err(e) if too_large(&e) => {
                    return Ok(crate::edge::guard::too_large(ctx.lang, false, BodyLimit::IMPORT));
                }
                Err(_) => return Err(ctx.fail(bad_upload("文件无法读取", "the file could not be read"))),
            },
            _ => {}
        }
    }
    let import_kind =
        ImportKind::parse(&kind).ok_or_else(|| ctx.fail(bad_upload("导入内容无效", "unknown kind of import")))?;
    let bytes = file.filter(|b| !b.is_empty()).ok_or_else(|| ctx.fail(bad_upload("请选择文件", "choose a file")))?;
    let report = transfer::import_xlsx(&state.app, &ctx.actor, import_kind, &bytes, &|_, _| {})
        .await
        .map_err(|e| ctx.fail(e))?;
    let lang = ctx.lang;
    let status = if report.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ImportPage {
        chrome: Chrome::new(&ctx, "/import"),
        imported: report.problems.is_empty().then(|| format!("{} / {}", report.written, report.rows)),
        problems: report
            .problems
            .iter()
            .map(|p| (p.row, p.field.clone(), p.message.text(lang.code()).to_owned()))
            .collect(),
        kind,
    };
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TemplateQuery {
    kind: String,
}

pub async fn import_template(ctx: Ctx, Query(q): Query<TemplateQuery>) -> Result<Response, PageError> {
    let kind = ImportKind::parse(&q.kind).ok_or_else(|| ctx.fail(AppError::NotFound))?;
    let bytes = transfer::template_xlsx(kind).map_err(|e| ctx.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"template.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}
