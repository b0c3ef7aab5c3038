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

fn org_form(
    lang: Lang,
    id: &str,
    action: &str,
    summary: &'static str,
    input: &OrgInput,
    errors: &[FieldError],
) -> Form {
    Form::new(id, action, summary)
        .field("name", lang.t("org.name"), "text", &input.name, true)
        .select("kind", lang.t("org.kind"), code_options(&ORG_KIND, lang), &input.kind, true)
        .select("level", lang.t("org.level"), code_options(&ORG_LEVEL, lang), &input.level, true)
        .field("sort", lang.t("org.sort"), "number", &input.sort, false)
        .with_errors(errors, lang)
}

fn post_form(lang: Lang, id: &str, action: &str, summary: String, input: &PostInput, errors: &[FieldError]) -> Form {
    let ranks = RANKS.iter().map(|r| (r.code.to_owned(), r.label(lang.code()).to_owned())).collect();
    let mut form = Form::new(id, action, summary)
        .field("title", lang.t("post.title"), "text", &input.title, true)
        .select("rank", lang.t("post.rank"), ranks, &input.rank, true)
        .field("authorised", lang.t("post.authorised"), "number", &input.authorised, true)
        .field("middle_level", lang.t("post.middle_level"), "checkbox", &input.middle_level, false)
        .field("key_post", lang.t("post.key_post"), "checkbox", &input.key_post, false)
        .with_errors(errors, lang);
    form.open = !errors.is_empty();
    form
}

/// A refused form, to render open with what was typed and a message per field.
#[derive(Default)]
pub struct Failed<'a> {
    /// The form's ID: `org-new`, `org-edit`, `post-new` or `post-edit-<post id>`.
    form: String,
    org: Option<&'a OrgInput>,
    post: Option<&'a PostInput>,
    errors: &'a [FieldError],
}

impl Failed<'_> {
    fn errors_for(&self, form: &str) -> &[FieldError] {
        if self.form == form { self.errors } else { &[] }
    }
}

fn post_input_of(p: &jianquan_app::registry::views::Post) -> PostInput {
    let flag = |b: bool| if b { "1".to_owned() } else { String::new() };
    PostInput {
        org_id: p.org_id.clone(),
        title: p.title.clone(),
        rank: p.rank.clone(),
        middle_level: flag(p.middle_level),
        key_post: flag(p.key_post),
        authorised: p.authorised.to_string(),
    }
}

async fn render(state: &AppState, ctx: &Ctx, id: &str, failed: &Failed<'_>) -> Result<OrgPage, PageError> {
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
    let mut child_forms = Vec::new();
    let mut post_forms = Vec::new();
    if ctx.actor.can(Capability::RegistryWrite) {
        let blank_org = OrgInput::default();
        let new_org = if failed.form == "org-new" { failed.org.unwrap_or(&blank_org) } else { &blank_org };
        child_forms.push(
            org_form(lang, "org-new", "/orgs", lang.t("org.new"), new_org, failed.errors_for("org-new"))
                .hidden("parent_id", id),
        );
        let current = OrgInput {
            parent_id: String::new(),
            name: view.org.name.clone(),
            kind: view.org.kind.clone(),
            level: view.org.level.clone(),
            sort: view.org.sort.to_string(),
        };
        let edit_org = if failed.form == "org-edit" { failed.org.unwrap_or(&current) } else { &current };
        let action = format!("/orgs/{id}");
        child_forms.push(org_form(
            lang,
            "org-edit",
            &action,
            lang.t("org.edit"),
            edit_org,
            failed.errors_for("org-edit"),
        ));
        let blank_post = PostInput::default();
        let new_post = if failed.form == "post-new" { failed.post.unwrap_or(&blank_post) } else { &blank_post };
        post_forms.push(
            post_form(
                lang,
                "post-new",
                "/posts",
                lang.t("post.new").to_owned(),
                new_post,
                failed.errors_for("post-new"),
            )
            .hidden("org_id", id),
        );
        for p in &post_list {
            let form_id = format!("post-edit-{}", p.id);
            let stored = post_input_of(p);
            let input = if failed.form == form_id { failed.post.unwrap_or(&stored) } else { &stored };
            let action = format!("/posts/{}", p.id);
            post_forms.push(post_form(
                lang,
                &form_id,
                &action,
                // Which post each form edits: 「编辑：副市长」.
                format!("{}{}", lang.pick("编辑：", "Edit: "), p.title),
                input,
                failed.errors_for(&form_id),
            ));
        }
    }
    Ok(OrgPage {
        chrome: Chrome::new(ctx, "/orgs"),
        kind_label: ORG_KIND.label(&view.org.kind, lang.code()),
        level_label: ORG_LEVEL.label(&view.org.level, lang.code()),
        view,
        children,
        posts,
        child_forms,
        post_forms,
    })
}

pub async fn org_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<OrgPage, PageError> {
    render(&state, &ctx, &id, &Failed::default()).await
}

fn refused(page: OrgPage) -> Response {
    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

pub async fn create_org(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(input): PostedForm<OrgInput>,
) -> Result<Response, PageError> {
    match orgs::create_org(&state.app, &ctx.actor, &input).await {
        Ok(org) => Ok(Redirect::to(&format!("/orgs/{}", org.parent_id.unwrap_or(org.id))).into_response()),
        Err(AppError::Invalid(invalid)) if !input.parent_id.is_empty() => {
            let failed = Failed { form: "org-new".into(), org: Some(&input), post: None, errors: &invalid.fields };
            Ok(refused(render(&state, &ctx, &input.parent_id, &failed).await?))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn update_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(input): PostedForm<OrgInput>,
) -> Result<Response, PageError> {
    match orgs::update_org(&state.app, &ctx.actor, &id, &input).await {
        Ok(org) => Ok(Redirect::to(&format!("/orgs/{}", org.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let failed = Failed { form: "org-edit".into(), org: Some(&input), post: None, errors: &invalid.fields };
            Ok(refused(render(&state, &ctx, &id, &failed).await?))
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
            let failed = Failed { form: "post-new".into(), org: None, post: Some(&input), errors: &invalid.fields };
            Ok(refused(render(&state, &ctx, &input.org_id, &failed).await?))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn update_post(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(input): PostedForm<PostInput>,
) -> Result<Response, PageError> {
    match posts::update_post(&state.app, &ctx.actor, &id, &input).await {
        Ok(post) => Ok(Redirect::to(&format!("/orgs/{}", post.org_id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let post = posts::get_post(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
            let failed =
                Failed { form: format!("post-edit-{id}"), org: None, post: Some(&input), errors: &invalid.fields };
            Ok(refused(render(&state, &ctx, &post.org_id, &failed).await?))
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
