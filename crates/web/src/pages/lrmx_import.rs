//! Importing a 任免审批表 (LRMX file) from the import page: the result, or every wrong element
//! with the form kept as typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jianquan_app::AppError;
use jianquan_app::registry::lrmx::{self, ImportOptions, LrmxBatch, LrmxImport};
use jianquan_domain::Invalid;
use jianquan_domain::registry::lrmx::describe_place;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;

fn unreadable() -> AppError {
    Invalid::one("file", "上传内容无法读取", "the upload could not be read").into()
}

/// Reads an upload's `file`, `org`, `rank` and `id_number` parts (other parts, such as `_csrf`, are skipped).
pub async fn read_upload(
    multipart: &mut Multipart,
    mut options: ImportOptions,
) -> Result<(Vec<u8>, ImportOptions), AppError> {
    let mut file = Vec::new();
    while let Some(part) = multipart.next_field().await.map_err(|_| unreadable())? {
        match part.name() {
            Some("file") => file = part.bytes().await.map_err(|_| unreadable())?.to_vec(),
            Some("org") => options.org = part.text().await.map_err(|_| unreadable())?,
            Some("rank") => options.rank = part.text().await.map_err(|_| unreadable())?,
            Some("id_number") => options.id_number = part.text().await.map_err(|_| unreadable())?,
            _ => {}
        }
    }
    if file.is_empty() {
        return Err(Invalid::one("file", "请选择文件", "choose a file").into());
    }
    Ok((file, options))
}

#[derive(Template, WebTemplate)]
#[template(path = "lrmx_import.html")]
pub struct LrmxImportPage {
    chrome: Chrome,
    done: Option<LrmxImport>,
    /// A zip's files, each with what its import did.
    batch: Option<LrmxBatch>,
    problems: Vec<(String, String)>,
    org: String,
    rank: String,
    id_number: String,
}

impl LrmxImportPage {
    /// An element's place in the form's words (see [`describe_place`]).
    fn place(&self, element: &str) -> String {
        describe_place(element, self.chrome.lang.code() == "zh")
    }
}

fn refused(ctx: &Ctx, invalid: Invalid, options: &ImportOptions) -> Response {
    let lang = ctx.lang.code();
    let zh = lang == "zh";
    let page = LrmxImportPage {
        chrome: Chrome::new(ctx, "/import"),
        done: None,
        batch: None,
        problems: invalid
            .fields
            .into_iter()
            .map(|f| (describe_place(&f.field, zh), f.message.text(lang).to_owned()))
            .collect(),
        org: options.org.clone(),
        rank: options.rank.clone(),
        id_number: options.id_number.clone(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// Imports the uploaded file and shows what was done, or every wrong element.
pub async fn import_lrmx(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (bytes, options) = match read_upload(&mut multipart, ImportOptions::default()).await {
        Ok(upload) => upload,
        Err(AppError::Invalid(invalid)) => return Ok(refused(&ctx, invalid, &ImportOptions::default())),
        Err(other) => return Err(ctx.fail(other)),
    };
    if lrmx::is_zip(&bytes) {
        return match lrmx::import_lrmx_zip(&state.app, &ctx.actor, &bytes, &options, &|_, _| {}).await {
            Ok(batch) => Ok(LrmxImportPage {
                chrome: Chrome::new(&ctx, "/import"),
                done: None,
                batch: Some(batch),
                problems: Vec::new(),
                org: options.org,
                rank: options.rank,
                id_number: String::new(),
            }
            .into_response()),
            Err(AppError::Invalid(invalid)) => Ok(refused(&ctx, invalid, &options)),
            Err(other) => Err(ctx.fail(other)),
        };
    }
    match lrmx::import_lrmx(&state.app, &ctx.actor, &bytes, &options).await {
        Ok(done) => Ok(LrmxImportPage {
            chrome: Chrome::new(&ctx, "/import"),
            done: Some(done),
            batch: None,
            problems: Vec::new(),
            org: options.org,
            rank: options.rank,
            id_number: String::new(),
        }
        .into_response()),
        Err(AppError::Invalid(invalid)) => Ok(refused(&ctx, invalid, &options)),
        Err(other) => Err(ctx.fail(other)),
    }
}
