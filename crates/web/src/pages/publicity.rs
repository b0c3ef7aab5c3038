//! The public's pages, without sign-in: the running pre-appointment notices (任前公示) with an
//! objection form each (named or anonymous, answered with a receipt code), following an
//! objection by its code, and voting in a recommendation round with a one-time voter code.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jianquan_app::AppError;
use jianquan_app::selection::publicity::{self, Followed, ObjectionInput, PublicNotice};
use jianquan_app::selection::recommendation::{self, BallotInput, BallotPaper};

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Posted, decode};
use crate::pages::selection::checked;

#[derive(Template, WebTemplate)]
#[template(path = "public_publicity.html")]
pub struct PublicityPage {
    chrome: Chrome,
    notices: Vec<PublicNotice>,
    today: String,
    /// The notice whose objection form failed, what was typed, and why.
    failed_notice: String,
    values: HashMap<String, String>,
    /// Refusals not about one field (shown above the form).
    errors: Vec<String>,
    /// Messages by field, shown beside it.
    field_errors: HashMap<String, String>,
}

impl PublicityPage {
    fn typed(&self, notice: &str, field: &str) -> String {
        if self.failed_notice == notice { self.values.get(field).cloned().unwrap_or_default() } else { String::new() }
    }

    /// The message for a field of this notice's form, or empty.
    fn error_for(&self, notice: &str, field: &str) -> String {
        if self.failed_notice == notice {
            self.field_errors.get(field).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

/// The fields the objection form shows; a message about any other goes above the form.
const OBJECTION_FIELDS: [&str; 3] = ["name", "contact", "text"];

async fn render_publicity(
    state: &AppState,
    ctx: &Ctx,
    failed_notice: String,
    values: HashMap<String, String>,
    errors: Vec<String>,
    field_errors: HashMap<String, String>,
) -> Result<PublicityPage, PageError> {
    let notices = publicity::public_notices(&state.app).await.map_err(|e| ctx.fail(e))?;
    Ok(PublicityPage {
        chrome: Chrome::new(ctx, "/public/publicity"),
        notices,
        today: state.app.today().to_string(),
        failed_notice,
        values,
        errors,
        field_errors,
    })
}

/// `GET /public/publicity`.
pub async fn publicity_page(State(state): State<AppState>, ctx: Ctx) -> Result<PublicityPage, PageError> {
    render_publicity(&state, &ctx, String::new(), HashMap::new(), Vec::new(), HashMap::new()).await
}

/// What a public form's answer page says.
#[derive(Template, WebTemplate)]
#[template(path = "public_result.html")]
pub struct ResultPage {
    chrome: Chrome,
    /// receipt, follow, voted or ballot.
    kind: &'static str,
    receipt: String,
    number: u32,
    followed: Option<Followed>,
    paper: Option<BallotPaper>,
    code: String,
    errors: Vec<String>,
}

impl ResultPage {
    fn new(ctx: &Ctx, kind: &'static str) -> Self {
        Self {
            chrome: Chrome::new(ctx, "/public/publicity"),
            kind,
            receipt: String::new(),
            number: 0,
            followed: None,
            paper: None,
            code: String::new(),
            errors: Vec::new(),
        }
    }

    fn failed(mut self, errors: Vec<String>) -> Self {
        self.errors = errors;
        self
    }
}

fn lines_of(e: AppError, ctx: &Ctx) -> Result<(StatusCode, Vec<String>), PageError> {
    let lang = ctx.lang.code();
    match e {
        AppError::Invalid(inv) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, inv.fields.iter().map(|f| f.message.text(lang).to_owned()).collect()))
        }
        AppError::Refused(r) => Ok((StatusCode::CONFLICT, vec![r.reason.text(lang).to_owned()])),
        other => Err(ctx.fail(other)),
    }
}

/// `POST /public/objections`: an objection; the answer shows the receipt code once.
pub async fn post_objection(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let input = decode::<ObjectionInput>(&values);
    let objected =
        match jianquan_app::challenge::verify(&state.app, &state.edge.challenge_key, &input.challenge, &input.nonce) {
            Ok(proof) => publicity::object(&state.app, &input, &proof).await,
            Err(e) => Err(e),
        };
    match objected {
        Ok(receipt) => {
            let mut page = ResultPage::new(&ctx, "receipt");
            page.receipt = receipt.receipt;
            page.number = receipt.number;
            Ok((StatusCode::CREATED, page).into_response())
        }
        Err(AppError::Invalid(invalid)) => {
            let lang = ctx.lang.code();
            let (beside, above): (Vec<_>, Vec<_>) =
                invalid.fields.iter().partition(|f| OBJECTION_FIELDS.contains(&f.field.as_str()));
            let field_errors = beside.iter().map(|f| (f.field.clone(), f.message.text(lang).to_owned())).collect();
            let errors = above.iter().map(|f| f.message.text(lang).to_owned()).collect();
            let notice = values.get("notice_id").cloned().unwrap_or_default();
            let page = render_publicity(&state, &ctx, notice, values, errors, field_errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => {
            let (status, errors) = lines_of(e, &ctx)?;
            let notice = values.get("notice_id").cloned().unwrap_or_default();
            Ok((status, render_publicity(&state, &ctx, notice, values, errors, HashMap::new()).await?).into_response())
        }
    }
}

/// The follow page's query: a receipt code to prefill (`/public/follow?code=…`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FollowQuery {
    code: String,
}

/// `GET /public/follow`: the form to follow an objection by its receipt code, prefilled from
/// the query. The receipt page itself carries the code by POST, so it stays out of addresses
/// and logs; the query is for a code the visitor brings along.
pub async fn follow_page(ctx: Ctx, Query(q): Query<FollowQuery>) -> ResultPage {
    let mut page = ResultPage::new(&ctx, "follow");
    page.code = q.code.trim().chars().take(64).collect();
    page
}

/// `POST /public/follow`.
pub async fn post_follow(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let code = values.get("code").cloned().unwrap_or_default();
    match publicity::follow(&state.app, &code).await {
        Ok(followed) => {
            let mut page = ResultPage::new(&ctx, "follow");
            page.followed = Some(followed);
            page.code = code;
            Ok(page.into_response())
        }
        Err(e) => {
            let (status, errors) = lines_of(e, &ctx)?;
            let mut page = ResultPage::new(&ctx, "follow").failed(errors);
            page.code = code;
            Ok((status, page).into_response())
        }
    }
}

/// `GET /public/vote`: the form for a voter code.
pub async fn vote_page(ctx: Ctx) -> ResultPage {
    ResultPage::new(&ctx, "vote")
}

/// `POST /public/vote`: with a code, the ballot paper; with a code and choices, the ballot.
pub async fn post_vote(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let code = values.get("code").cloned().unwrap_or_default();
    let casting = values.get("cast").is_some_and(|v| v == "1");
    let result = if casting {
        let input = BallotInput { code: code.clone(), choices: checked(&values, "choice_") };
        recommendation::cast(&state.app, &input).await.map(|()| None)
    } else {
        recommendation::ballot_paper(&state.app, &code).await.map(Some)
    };
    match result {
        Ok(None) => Ok((StatusCode::CREATED, ResultPage::new(&ctx, "voted")).into_response()),
        Ok(Some(paper)) => {
            let mut page = ResultPage::new(&ctx, "ballot");
            page.paper = Some(paper);
            page.code = code;
            Ok(page.into_response())
        }
        Err(e) => {
            let (status, errors) = lines_of(e, &ctx)?;
            // A ballot refused for its marks goes back on its paper; anything else to the code form.
            let paper = if casting && status == StatusCode::UNPROCESSABLE_ENTITY {
                recommendation::ballot_paper(&state.app, &code).await.ok()
            } else {
                None
            };
            let mut page = ResultPage::new(&ctx, if paper.is_some() { "ballot" } else { "vote" }).failed(errors);
            if paper.is_some() {
                page.paper = paper;
                page.code = code;
            }
            Ok((status, page).into_response())
        }
    }
}
