//! The org tree browser, with the forms for a sub-organization and a post.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::registry::orgs::{self, OrgInput, OrgView};
use jianquan_app::registry::posts::{self, PostInput};
use jianquan_domain::FieldError;
use jianquan_domain::access::Capability;
use jianquan_domain::registry::org::{ORG_KIND, ORG_LEVEL};
use jianquan_domain::registry::rank::RANKS;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Form, code_options};
use crate::i18n::Lang;

pub struct ChildRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub child_count: i64,
    pub cadre_count: i64,
}

pub struct PostRow {
    pub title: String,
    pub rank: String,
    pub middle_level: &'static str,
    pub key_post: &'static str,
    pub authorised: i64,
    pub holders: i64,
    pub vacancies: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "org.html")]
pub struct OrgPage {
    chrome: Chrome,
    view: OrgView,
    kind_label: String,
    level_label: String,
    children: Vec<ChildRow>,
    posts: Vec<PostRow>,
    child_forms: Vec<Form>,
    post_forms: Vec<Form>,
}

pub async fn org_root(State(state): State<AppState>, ctx: Ctx) -> Result<Redirect, PageError> {
    let root = orgs::scope_root(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/orgs/{}", root.id)))
}

fn org_form(lang: Lang, input: &OrgInput, errors: &[FieldError]) -> Form {
    Form::new("org-form", "/orgs", lang.t("org.new"))
        .field("name", lang.t("org.name"), "text", &input.name, true)
        .select("kind", lang.t("org.kind"), code_options(&ORG_KIND, lang), &input.kind, true)
        .select("level", lang.t("org.level"), code_options(&ORG_LEVEL, lang), &input.level, true)
        .field("sort", lang.t("org.sort"), "number", &input.sort, false)
        .with_errors(errors, lang)
}

fn post_form(lang: Lang, input: &PostInput, errors: &[FieldError]) -> Form {
    let ranks = RANKS.iter().map(|r| (r.code.to_owned(), r.label(lang.code()).to_owned())).collect();
    let mut form = Form::new("post-form", "/posts", lang.t("post.new"))
        .field("title", lang.t("post.title"), "text", &input.title, true)
        .select("rank", lang.t("post.rank"), ranks, &input.rank, true)
        .field("authorised", lang.t("post.authorised"), "number", &input.authorised, true)
        .field("middle_level", lang.t("post.middle_level"), "checkbox", &input.middle_level, false)
        .field("key_post", lang.t("post.key_post"), "checkbox", &input.key_post, false)
        .with_errors(errors, lang);
    form.open = !errors.is_empty();
    form
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    org_input: (&OrgInput, &[FieldError]),
    post_input: (&PostInput, &[FieldError]),
) -> Result<OrgPage, PageError> {
    let lang = ctx.lang;
    let app = &state.app;
    let view = orgs::view_org(app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let post_list = posts::posts_of_org(app, &ctx.actor, id).await.map_err(|e| ctx.fail(e))?;
    let yes_no = |b: bool| if b { lang.t("common.yes") } else { lang.t("common.no") };
    let children = view
        .children
        .iter()
        .map(|c| ChildRow {
            id: c.org.id.clone(),
            name: c.org.name.clone(),
            kind: ORG_KIND.label(&c.org.kind, lang.code()),
            level: ORG_LEVEL.label(&c.org.level, lang.code()),
            child_count: c.child_count,
            cadre_count: c.cadre_count,
        })
        .collect();
    let posts = post_list
        .iter()
        .map(|p| PostRow {
            title: p.title.clone(),
            rank: jianquan_domain::registry::Rank::get(&p.rank)
                .map_or_else(|| p.rank.clone(), |r| r.label(lang.code()).to_owned()),
            middle_level: yes_no(p.middle_level),
            key_post: yes_no(p.key_post),
            authorised: p.authorised,
            holders: p.holders,
            vacancies: p.vacancies,
        })
        .collect();
    let can_write = ctx.actor.can(Capability::RegistryWrite);
    let only_for_writers = |form: Form| if can_write { vec![form] } else { Vec::new() };
    Ok(OrgPage {
        chrome: Chrome::new(ctx, "/orgs"),
        kind_label: ORG_KIND.label(&view.org.kind, lang.code()),
        level_label: ORG_LEVEL.label(&view.org.level, lang.code()),
        view,
        children,
        posts,
        child_forms: only_for_writers(org_form(lang, org_input.0, org_input.1).hidden("parent_id", id)),
        post_forms: only_for_writers(post_form(lang, post_input.0, post_input.1).hidden("org_id", id)),
    })
}

pub async fn org_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<OrgPage, PageError> {
    render(&state, &ctx, &id, (&OrgInput::default(), &[]), (&PostInput::default(), &[])).await
}

pub async fn create_org(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(input): PostedForm<OrgInput>,
) -> Result<Response, PageError> {
    match orgs::create_org(&state.app, &ctx.actor, &input).await {
        Ok(org) => Ok(Redirect::to(&format!("/orgs/{}", org.parent_id.unwrap_or(org.id))).into_response()),
        Err(AppError::Invalid(invalid)) if !input.parent_id.is_empty() => {
            let page =
                render(&state, &ctx, &input.parent_id, (&input, &invalid.fields), (&PostInput::default(), &[])).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn create_post(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(input): PostedForm<PostInput>,
) -> Result<Response, PageError> {
    match posts::create_post(&state.app, &ctx.actor, &input).await {
        Ok(post) => Ok(Redirect::to(&format!("/orgs/{}", post.org_id)).into_response()),
        Err(AppError::Invalid(invalid)) if invalid.fields.iter().all(|f| f.field != "org_id") => {
            let page =
                render(&state, &ctx, &input.org_id, (&OrgInput::default(), &[]), (&input, &invalid.fields)).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
