//! Account administration: the list and the form for a new account.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::access::accounts::{self, NewAccount};
use jianquan_app::registry::orgs;
use jianquan_domain::FieldError;
use jianquan_domain::access::{ALL_ROLES, Role};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::Form;

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<(String, String, String, String)>,
    forms: Vec<Form>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct UserForm {
    username: String,
    display_name: String,
    password: String,
    role: String,
    org_id: String,
    cadre_id: String,
}

async fn render(state: &AppState, ctx: &Ctx, input: &UserForm, errors: &[FieldError]) -> Result<UsersPage, PageError> {
    let lang = ctx.lang;
    let list = accounts::list_accounts(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    let scope_orgs = orgs::orgs_in_scope(&state.app, &ctx.actor).await.map_err(|e| ctx.fail(e))?;
    let names: std::collections::HashMap<&str, &str> =
        scope_orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
    let users = list
        .iter()
        .map(|u| {
            let role = Role::parse(&u.role).map_or(u.role.as_str(), |r| r.label(lang.code()));
            (
                u.username.clone(),
                u.display_name.clone(),
                role.to_owned(),
                names.get(u.org_id.as_str()).copied().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let roles = ALL_ROLES
        .iter()
        .filter(|r| **r != Role::Public)
        .map(|r| (r.code().to_owned(), r.label(lang.code()).to_owned()))
        .collect();
    let org_pairs = scope_orgs.iter().map(|o| (o.id.clone(), o.name.clone())).collect();
    let form = Form::new("user-form", "/users", lang.t("users.new"))
        .field("username", lang.t("users.username"), "text", &input.username, true)
        .field("display_name", lang.t("users.display_name"), "text", &input.display_name, true)
        .select("role", lang.t("users.role"), roles, &input.role, true)
        .select("org_id", lang.t("users.org"), org_pairs, &input.org_id, true)
        .field("cadre_id", lang.t("users.cadre"), "text", &input.cadre_id, false)
        .field("password", lang.t("users.password"), "password", "", true)
        .with_errors(errors, lang);
    Ok(UsersPage { chrome: Chrome::new(ctx, "/users"), users, forms: vec![form] })
}

pub async fn users_page(State(state): State<AppState>, ctx: Ctx) -> Result<UsersPage, PageError> {
    render(&state, &ctx, &UserForm::default(), &[]).await
}

pub async fn create_user(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(input): PostedForm<UserForm>,
) -> Result<Response, PageError> {
    let new = NewAccount {
        username: input.username.clone(),
        display_name: input.display_name.clone(),
        password: input.password.clone(),
        role: input.role.clone(),
        org_id: input.org_id.clone(),
        cadre_id: Some(input.cadre_id.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    match accounts::create_account(&state.app, &ctx.actor, new).await {
        Ok(_) => Ok(Redirect::to("/users").into_response()),
        Err(AppError::Invalid(invalid)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&state, &ctx, &input, &invalid.fields).await?).into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
