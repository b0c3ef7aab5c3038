//! A recommendation round's page: electorate and attendance, candidates and results, codes
//! issued and spent, the tellers' counts and the recount; the forms to change the lists, open
//! the round (showing the voter codes once, to print and hand out), enter a count and close.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::selection::recommendation::{self, CountInput, OpenInput, RoundInput, RoundView};
use jianquan_app::training::resolve_cadres;
use jianquan_domain::access::Capability;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Posted, PostedPairs, every, one};
use crate::pages::confirm;
use crate::pages::selection::lines;

#[derive(Template, WebTemplate)]
#[template(path = "selection_round.html")]
pub struct RoundPage {
    chrome: Chrome,
    view: RoundView,
    /// Share per candidate, for the result table.
    shares: Vec<String>,
    can_write: bool,
    electorate_text: String,
    candidates_text: String,
    /// The voter codes, on the answer to opening an online round only.
    codes: Vec<String>,
    notice: Vec<String>,
    errors: Vec<String>,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    codes: Vec<String>,
    notice: Vec<String>,
    errors: Vec<String>,
) -> Result<RoundPage, PageError> {
    let view = recommendation::view_round(&state.app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let case = jianquan_app::selection::view::view_case(&state.app, &ctx.actor, &view.round.case_id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let can_write = ctx.actor.can(Capability::SelectionWrite)
        && case.case.state == jianquan_domain::selection::case::State::Recommendation
        && !case.case.paused;
    let base = view.round.present_count;
    let shares = view
        .candidates
        .iter()
        .map(|c| match c.votes {
            Some(v) if base > 0 => format!("{v}/{base}（{:.1}%）", v as f64 * 100.0 / base as f64),
            _ => String::new(),
        })
        .collect();
    Ok(RoundPage {
        chrome: Chrome::new(ctx, "/selection/cases"),
        electorate_text: view.electors.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join("\n"),
        candidates_text: view.candidates.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("\n"),
        shares,
        can_write,
        view,
        codes,
        notice,
        errors,
    })
}

pub async fn round_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<RoundPage, PageError> {
    render(&state, &ctx, &id, Vec::new(), Vec::new(), Vec::new()).await
}

/// `POST /selection/rounds/{id}/lists`: the electorate and candidates.
pub async fn post_lists(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let (app, actor) = (&state.app, &ctx.actor);
    let result = match resolve_cadres(app, actor, values.get("candidates").map_or("", String::as_str)).await {
        Ok(candidates) => {
            let input = RoundInput { electorate: lines(&values, "electorate"), candidates, ..RoundInput::default() };
            recommendation::update_lists(app, actor, &id, &input).await.map(|_| Vec::new())
        }
        Err(e) => Err(e),
    };
    finish(&state, &ctx, &id, result).await
}

/// `POST /selection/rounds/{id}/open`: attendance, and the voter codes of an online round.
pub async fn post_open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(pairs): PostedPairs,
) -> Result<Response, PageError> {
    let input = OpenInput { present: every(&pairs, "present"), date: one(&pairs, "date") };
    let result = recommendation::open_round(&state.app, &ctx.actor, &id, &input).await.map(|o| o.codes);
    finish(&state, &ctx, &id, result).await
}

/// `POST /selection/rounds/{id}/counts`: a teller's paper count.
pub async fn post_counts(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    let votes: BTreeMap<String, u64> = values
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("v_")?.to_owned(), v.trim().parse().unwrap_or(0))))
        .collect();
    let n = |k: &str| values.get(k).map_or(0, |v| v.trim().parse().unwrap_or(0));
    let input = CountInput { votes, valid: n("valid"), blank: n("blank"), invalid: n("invalid") };
    let result = recommendation::enter_count(&state.app, &ctx.actor, &id, &input).await.map(|_| Vec::new());
    finish(&state, &ctx, &id, result).await
}

/// `POST /selection/rounds/{id}/close`: ends voting and counts, once confirmed — the
/// confirmation says how many present have not voted.
pub async fn post_close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::Form(values): Posted,
) -> Result<Response, PageError> {
    if !confirm::confirmed(&values) {
        let view = recommendation::view_round(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
        let present = view.round.present_count;
        let sentence = if view.round.voting.is_online() {
            let waiting = (present - view.ballots).max(0);
            ctx.lang.choose(
                format!(
                    "结束投票并计票：到会 {present} 人，已投票 {} 人，尚有 {waiting} 人未投票。结束后不能再投票，结果记入纪实。",
                    view.ballots
                ),
                format!(
                    "Close voting and count: {present} present, {} voted, {waiting} yet to vote. No vote is taken after \
                     closing; the result goes into the record.",
                    view.ballots
                ),
            )
        } else {
            ctx.lang.choose(
                format!("结束本轮推荐并以计票人录入的结果计票（到会 {present} 人）。结束后不能再修改计票。"),
                format!("Close the round on the tellers' counts ({present} present). The counts cannot change after."),
            )
        };
        let title = ctx.lang.pick("确认结束推荐", "Confirm closing the round");
        let back = format!("/selection/rounds/{id}");
        let to = format!("{back}/close");
        return Ok(confirm::ask(&ctx, "/selection/cases", (title, sentence), &to, confirm::pairs(&values), back));
    }
    let result = recommendation::close_round(&state.app, &ctx.actor, &id).await.map(|_| Vec::new());
    finish(&state, &ctx, &id, result).await
}

async fn finish(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    result: Result<Vec<String>, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(codes) if codes.is_empty() => Ok(Redirect::to(&format!("/selection/rounds/{id}")).into_response()),
        Ok(codes) => Ok(render(state, ctx, id, codes, Vec::new(), Vec::new()).await?.into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = invalid.fields.iter().map(|f| f.message.text(ctx.lang.code()).to_owned()).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(state, ctx, id, Vec::new(), Vec::new(), errors).await?)
                .into_response())
        }
        Err(AppError::Refused(r)) => {
            let line = crate::error::refusal_line(ctx, &r);
            Ok((StatusCode::CONFLICT, render(state, ctx, id, Vec::new(), vec![line], Vec::new()).await?)
                .into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
