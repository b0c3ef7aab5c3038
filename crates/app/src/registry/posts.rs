//! Posts of an org: title, rank, flags and authorised number, with vacancies computed.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::Rank;
use jianquan_domain::registry::dossier::parse_flag;
use jianquan_domain::{Errors, FieldError};
use jianquan_storage::registry::posts::{self, Post, PostData};
use serde::Deserialize;
use serde_json::json;

use crate::context::new_id;
use crate::registry::orgs::get_org;
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
    Ok(posts::of_org(&mut conn, &org.id).await?)
}

/// Creates a post in an org in scope.
pub async fn create_post(app: &App, actor: &Actor, input: &PostInput) -> AppResult<Post> {
    actor.require(Capability::RegistryWrite)?;
    let org = get_org(app, actor, input.org_id.trim()).await.map_err(|e| match e {
        AppError::NotFound => AppError::Invalid(jianquan_domain::Invalid::one("org_id", "单位不存在", "no such org")),
        other => other,
    })?;
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
    let data = PostData {
        org_id: &org.id,
        title,
        rank: rank.code,
        leadership: rank.leadership,
        middle_level: parse_flag(&input.middle_level),
        key_post: parse_flag(&input.key_post),
        authorised,
    };
    let id = new_id();
    let mut tx = app.db.write().await?;
    let detail = json!({"org_id": org.id, "title": title, "rank": rank.code, "middle_level": data.middle_level, "key_post": data.key_post, "authorised": authorised});
    let seq = app.record(&mut tx, actor, "registry.post.create", ("post", &id), detail, &[]).await?;
    posts::insert(&mut tx, &id, &data, seq).await?;
    let post = posts::get(&mut tx, &id).await?.ok_or_else(|| AppError::internal("post vanished"))?;
    tx.commit().await?;
    Ok(post)
}
