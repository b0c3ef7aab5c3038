//! Browsing and keeping the org tree. Writes read the orgs they name inside their transaction.
//! No org is locked: orgs do not move, so no rule is decided on a tree that could change
//! meanwhile (a sibling's name is kept unique by the schema, a new org's number is taken after
//! the transaction's ledger entry, when no other writer can take one).

use jianquan_domain::access::Capability;
use jianquan_domain::registry::org::{ORG_KIND, ORG_LEVEL};
use jianquan_domain::{Errors, FieldError};
use jianquan_storage::Conn;
use jianquan_storage::registry::orgs::{self, NewOrg, Org, OrgNode};
use serde::Deserialize;
use serde_json::json;

use super::views;
use crate::context::new_id;
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// The node being browsed: itself, the path to it and its children with counts.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OrgView {
    pub org: views::Org,
    pub ancestors: Vec<views::Org>,
    pub children: Vec<views::OrgNode>,
}

/// The actor's top node: their scope org, or for the system the first root.
pub async fn scope_root(app: &App, actor: &Actor) -> AppResult<Org> {
    actor.require(Capability::RegistryRead)?;
    let mut conn = app.db.read().await?;
    let org = match &actor.scope_org_id {
        Some(id) => orgs::get(&mut conn, id).await?,
        None => orgs::roots(&mut conn).await?.into_iter().next(),
    };
    org.ok_or(AppError::NotFound)
}

/// One org in scope, or NotFound.
pub async fn get_org(app: &App, actor: &Actor, id: &str) -> AppResult<Org> {
    let mut conn = app.db.read().await?;
    org_in_scope(&mut conn, actor, id).await
}

/// One org in scope read on `conn` (a write reads it inside its transaction), or NotFound.
pub(crate) async fn org_in_scope(conn: &mut Conn, actor: &Actor, id: &str) -> AppResult<Org> {
    actor.require(Capability::RegistryRead)?;
    let org = orgs::get(conn, id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&org.path)?;
    Ok(org)
}

/// An org with its breadcrumbs (trimmed to the actor's scope) and children.
pub async fn view_org(app: &App, actor: &Actor, id: &str) -> AppResult<OrgView> {
    let org = get_org(app, actor, id).await?;
    let mut conn = app.db.read().await?;
    let ancestors: Vec<Org> = orgs::ancestors(&mut conn, &org)
        .await?
        .into_iter()
        .filter(|a| a.org_path().is_ok_and(|p| actor.sees(&p)))
        .collect();
    let children: Vec<OrgNode> = orgs::children(&mut conn, &org.id).await?;
    Ok(OrgView { org: org.into(), ancestors: all(ancestors), children: all(children) })
}

/// A picker's choices around an org: the path to it from the actor's scope root, the org
/// itself, and its children — a few dozen rows however large the tree (a province has thousands).
/// Without an org, the scope root and its children.
pub async fn org_choices(app: &App, actor: &Actor, around: Option<&str>) -> AppResult<Vec<Org>> {
    actor.require(Capability::RegistryRead)?;
    let id = match around.filter(|id| !id.is_empty()) {
        Some(id) => id.to_owned(),
        None => scope_root(app, actor).await?.id,
    };
    let mut conn = app.db.read().await?;
    // One statement: the org's ancestors, the org and its children.
    let (ancestors, children) = orgs::around(&mut conn, &id).await?;
    let org = ancestors.last().filter(|o| o.id == id).ok_or(AppError::NotFound)?;
    actor.require_in_scope(&org.path)?;
    let mut choices: Vec<Org> = ancestors.into_iter().filter(|a| a.org_path().is_ok_and(|p| actor.sees(&p))).collect();
    choices.extend(children);
    Ok(choices)
}

/// Every org in the actor's scope, in tree order (for pickers).
pub async fn orgs_in_scope(app: &App, actor: &Actor) -> AppResult<Vec<Org>> {
    let root = scope_root(app, actor).await?;
    let mut conn = app.db.read().await?;
    Ok(orgs::subtree(&mut conn, &root.org_path()?).await?)
}

/// Raw input for a new org.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OrgInput {
    pub parent_id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub sort: String,
}

/// An org's own fields, parsed.
struct OrgFields<'a> {
    name: &'a str,
    kind: &'static str,
    level: &'static str,
    sort: i64,
}

/// Parses name, kind, level and sort, collecting every error.
fn parse_org_fields<'a>(input: &'a OrgInput, errors: &mut Errors) -> Option<OrgFields<'a>> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        errors.push(FieldError::new("name", "单位名称为1至60个字", "org names have 1 to 60 characters"));
    }
    let kind = errors.take(ORG_KIND.parse("kind", &input.kind));
    let level = errors.take(ORG_LEVEL.parse("level", &input.level));
    let sort = match input.sort.trim() {
        "" => Some(0),
        text => errors.take(
            text.parse::<i64>().map_err(|_| FieldError::new("sort", "排序应为整数", "sort must be a whole number")),
        ),
    };
    Some(OrgFields { name, kind: kind?.code, level: level?.code, sort: sort? })
}

fn duplicate_name(error: jianquan_storage::StorageError) -> AppError {
    match error {
        jianquan_storage::StorageError::Duplicate(_) => AppError::Invalid(jianquan_domain::Invalid::one(
            "name",
            "同一上级下已有同名单位",
            "the parent already has an org of that name",
        )),
        other => other.into(),
    }
}

/// Creates an org under a parent in scope (the system may create a root).
pub async fn create_org(app: &App, actor: &Actor, input: &OrgInput) -> AppResult<views::Org> {
    actor.require(Capability::RegistryWrite)?;
    let mut errors = Errors::default();
    let fields = parse_org_fields(input, &mut errors);
    let mut tx = app.db.write().await?;
    let parent = match input.parent_id.trim() {
        "" if actor.is_system() => None,
        "" => {
            errors.push(FieldError::new("parent_id", "必填", "required"));
            None
        }
        id => match orgs::get(&mut tx, id).await? {
            Some(p) if actor.sees(&p.org_path()?) => Some(p),
            _ => {
                errors.push(FieldError::new(
                    "parent_id",
                    "上级单位不存在或不在您的范围内",
                    "no such parent org in your scope",
                ));
                None
            }
        },
    };
    errors.finish()?;
    let fields = fields.ok_or_else(|| AppError::internal("validated org lost a field"))?;
    let id = new_id();
    let detail = json!({"name": fields.name, "kind": fields.kind, "level": fields.level, "parent_id": parent.as_ref().map(|p| &p.id)});
    let seq = app.record(&mut tx, actor, "registry.org.create", ("org", &id), detail, &[]).await?;
    let new = NewOrg {
        id: &id,
        parent: parent.as_ref(),
        name: fields.name,
        kind: fields.kind,
        level: fields.level,
        sort: fields.sort,
    };
    let org = orgs::insert(&mut tx, &new, seq).await.map_err(duplicate_name)?;
    tx.commit().await?;
    Ok(org.into())
}

/// Renames or re-classifies an org in scope (moving it in the tree is not offered: paths are history).
pub async fn update_org(app: &App, actor: &Actor, id: &str, input: &OrgInput) -> AppResult<views::Org> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    let org = org_in_scope(&mut tx, actor, id).await?;
    let mut errors = Errors::default();
    let fields = parse_org_fields(input, &mut errors);
    errors.finish()?;
    let fields = fields.ok_or_else(|| AppError::internal("validated org lost a field"))?;
    let detail =
        json!({"name": fields.name, "kind": fields.kind, "level": fields.level, "sort": fields.sort, "was": org.name});
    let seq = app.record(&mut tx, actor, "registry.org.update", ("org", id), detail, &[]).await?;
    orgs::update(&mut tx, id, fields.name, fields.kind, fields.level, fields.sort, seq)
        .await
        .map_err(duplicate_name)?;
    let updated = orgs::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(updated.into())
}
