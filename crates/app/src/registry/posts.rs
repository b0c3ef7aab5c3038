//! Posts of an org: title, rank, flags and authorised number, with vacancies computed. Writes
//! read the org inside their transaction; an edit checks its authorised number against the
//! holders read under the post's lock.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::Rank;
use jianquan_domain::registry::dossier::parse_flag;
use jianquan_domain::{Errors, FieldError};
use jianquan_storage::registry::posts::{self, PostData};
use serde::Deserialize;
use serde_json::json;

use super::views::Post;
use crate::context::new_id;
use crate::registry::orgs::{get_org, org_in_scope};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// Raw input for a post.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PostInput {
    pub org_id: String,
    pub title: String,
    pub rank: String,
    pub middle_level: String,
    pub key_post: String,
    pub authorised: String,
}

/// The posts of an org in scope.
pub async fn posts_of_org(app: &App, actor: &Actor, org_id: &str) -> AppResult<Vec<Post>> {
    let org = get_org(app, actor, org_id).await?;
    let mut conn = app.db.read().await?;
    Ok(all(posts::of_org(&mut conn, &org.id).await?))
}

/// Parses title, rank, flags and authorised number for a post of `org_id`, collecting every error.
fn parse_post<'a>(input: &'a PostInput, org_id: &'a str) -> AppResult<PostData<'a>> {
    let mut errors = Errors::default();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 60 {
        errors.push(FieldError::new("title", "职务名称为1至60个字", "post titles have 1 to 60 characters"));
    }
    let rank = errors.take(Rank::parse("rank", &input.rank));
    let authorised = errors.take(match input.authorised.trim().parse::<i64>() {
        Ok(n) if (1..=99).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            "authorised",
            "职数应为1至99的整数",
            "the authorised number is a whole number from 1 to 99",
        )),
    });
    errors.finish()?;
    let (Some(rank), Some(authorised)) = (rank, authorised) else {
        return Err(AppError::internal("validated post lost a field"));
    };
    Ok(PostData {
        org_id,
        title,
        rank: rank.code,
        leadership: rank.leadership,
        middle_level: parse_flag(&input.middle_level),
        key_post: parse_flag(&input.key_post),
        authorised,
    })
}

fn post_detail(data: &PostData<'_>) -> serde_json::Value {
    json!({"org_id": data.org_id, "title": data.title, "rank": data.rank, "middle_level": data.middle_level,
        "key_post": data.key_post, "authorised": data.authorised})
}

/// Creates a post in an org in scope.
pub async fn create_post(app: &App, actor: &Actor, input: &PostInput) -> AppResult<Post> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    let org = org_in_scope(&mut tx, actor, input.org_id.trim()).await.map_err(|e| match e {
        AppError::NotFound => AppError::Invalid(jianquan_domain::Invalid::one("org_id", "单位不存在", "no such org")),
        other => other,
    })?;
    let data = parse_post(input, &org.id)?;
    let id = new_id();
    let seq = app.record(&mut tx, actor, "registry.post.create", ("post", &id), post_detail(&data), &[]).await?;
    posts::insert(&mut tx, &id, &data, seq).await?;
    let post = posts::get(&mut tx, &id).await?.ok_or_else(|| AppError::internal("post vanished"))?;
    tx.commit().await?;
    Ok(post.into())
}

/// A post whose org is in scope, or NotFound.
pub async fn get_post(app: &App, actor: &Actor, id: &str) -> AppResult<Post> {
    let mut conn = app.db.read().await?;
    let post = posts::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    get_org(app, actor, &post.org_id).await?;
    Ok(post.into())
}

/// Edits a post (it stays in its org). The authorised number cannot drop below the cadres who
/// hold the post now: that would record an overstaffed post (超职数配备) as normal.
pub async fn update_post(app: &App, actor: &Actor, id: &str, input: &PostInput) -> AppResult<Post> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    // Locked before the ledger entry, as every aggregate is (docs/ARCHITECTURE.md).
    let post = posts::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    org_in_scope(&mut tx, actor, &post.org_id).await?;
    let data = parse_post(input, &post.org_id)?;
    let seq = app.record(&mut tx, actor, "registry.post.update", ("post", id), post_detail(&data), &[]).await?;
    if data.authorised < post.holders {
        return Err(jianquan_domain::Invalid::one(
            "authorised",
            format!("职数不能少于现任人数({})", post.holders),
            format!("the authorised number cannot be below the current holders ({})", post.holders),
        )
        .into());
    }
    posts::update(&mut tx, &post, &data, seq).await?;
    let updated = posts::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(updated.into())
}
