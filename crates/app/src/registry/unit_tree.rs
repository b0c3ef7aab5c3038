//! The unit tree beside the roster: the path from the actor's scope root down to the chosen unit,
//! each unit on it open with its children (so the chosen unit's siblings and children show),
//! every other unit closed. A few dozen rows however large the tree: a closed unit's children
//! are read when it is chosen.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_storage::registry::orgs::{self, Org};

use super::orgs::scope_root;
use crate::{Actor, App, AppError, AppResult};

/// One line of the tree, in display order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TreeLine {
    pub id: String,
    pub name: String,
    /// 0 for the scope root.
    pub depth: usize,
    /// On the path to the chosen unit (shown open).
    pub open: bool,
    /// The chosen unit.
    pub current: bool,
}

/// The tree around `chosen` (the scope root when empty) within the actor's scope.
pub async fn unit_tree(app: &App, actor: &Actor, chosen: &str) -> AppResult<Vec<TreeLine>> {
    actor.require(Capability::RegistryRead)?;
    let chosen = match chosen.trim() {
        "" => scope_root(app, actor).await?.id,
        id => id.to_owned(),
    };
    let mut conn = app.db.read_may_lag().await?;
    let (ancestors, _) = orgs::around(&mut conn, &chosen).await?;
    let org = ancestors.last().filter(|o| o.id == chosen).ok_or(AppError::NotFound)?;
    actor.require_in_scope(&org.path)?;
    let path: Vec<Org> = ancestors.into_iter().filter(|a| a.org_path().is_ok_and(|p| actor.sees(&p))).collect();
    let path_ids: Vec<String> = path.iter().map(|o| o.id.clone()).collect();
    let mut children: HashMap<String, Vec<Org>> = HashMap::new();
    for child in orgs::children_of(&mut conn, &path_ids).await? {
        children.entry(child.parent_id.clone().unwrap_or_default()).or_default().push(child);
    }
    let mut lines = Vec::new();
    if let Some(root) = path.first() {
        walk(root, 0, &path_ids, &chosen, &children, &mut lines);
    }
    Ok(lines)
}

/// The names of the units at these paths (list pages name each row's unit without a query per
/// row); paths outside the actor's scope are left out.
pub async fn unit_names(app: &App, actor: &Actor, paths: &[String]) -> AppResult<HashMap<String, String>> {
    actor.require(Capability::RegistryRead)?;
    let mut distinct: Vec<String> = paths.to_vec();
    distinct.sort();
    distinct.dedup();
    let mut conn = app.db.read_may_lag().await?;
    let mut names = HashMap::new();
    for chunk in distinct.chunks(500) {
        for org in orgs::by_paths(&mut conn, chunk).await? {
            if org.org_path().is_ok_and(|p| actor.sees(&p)) {
                names.insert(org.path, org.name);
            }
        }
    }
    Ok(names)
}

fn walk(
    org: &Org,
    depth: usize,
    path_ids: &[String],
    chosen: &str,
    children: &HashMap<String, Vec<Org>>,
    lines: &mut Vec<TreeLine>,
) {
    let open = path_ids.contains(&org.id);
    lines.push(TreeLine { id: org.id.clone(), name: org.name.clone(), depth, open, current: org.id == chosen });
    if open {
        for child in children.get(&org.id).into_iter().flatten() {
            walk(child, depth + 1, path_ids, chosen, children, lines);
        }
    }
}
