//! The orgs an import may refer to: the actor's scope subtree (everything for the system),
//! loaded once and looked up by ID, number or exact name. An org outside the scope is simply
//! not there, so "unknown" and "not yours" read the same and existence does not leak.

use std::collections::{HashMap, HashSet};

use jianquan_domain::Msg;
use jianquan_storage::registry::orgs::{self, Org};

use crate::{Actor, App, AppError, AppResult};

/// What a reference to an org found.
#[derive(Debug)]
pub enum Lookup<'a> {
    Found(&'a Org),
    Missing,
    /// The name of this many orgs.
    Ambiguous(usize),
}

/// The orgs in the actor's scope, indexed.
#[derive(Debug, Default)]
pub struct OrgIndex {
    orgs: Vec<Org>,
    keys: HashMap<String, Vec<usize>>,
    children: HashSet<(String, String)>,
}

impl OrgIndex {
    /// Loads the actor's scope subtree.
    pub async fn load(app: &App, actor: &Actor) -> AppResult<Self> {
        let mut conn = app.db.read().await?;
        let mut found = Vec::new();
        if actor.is_system() {
            for root in orgs::roots(&mut conn).await? {
                found.extend(orgs::subtree(&mut conn, &root.org_path()?).await?);
            }
        } else {
            let scope = actor.scope.as_ref().ok_or(AppError::NotFound)?;
            found = orgs::subtree(&mut conn, scope).await?;
        }
        let mut seen = Vec::with_capacity(found.len());
        for org in found {
            if actor.sees(&org.org_path()?) {
                seen.push(org);
            }
        }
        Ok(Self::new(seen))
    }

    /// Indexes orgs already loaded.
    pub fn new(orgs: Vec<Org>) -> Self {
        let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
        let mut children = HashSet::new();
        for (i, org) in orgs.iter().enumerate() {
            for key in [org.id.clone(), org.number.to_string(), org.name.clone()] {
                let entry = keys.entry(key).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
            if let Some(parent) = &org.parent_id {
                children.insert((parent.clone(), org.name.clone()));
            }
        }
        Self { orgs, keys, children }
    }

    /// Finds an org by ID, number or exact name.
    pub fn find(&self, reference: &str) -> Lookup<'_> {
        match self.keys.get(reference.trim()).map(Vec::as_slice) {
            None | Some([]) => Lookup::Missing,
            Some([one]) => self.orgs.get(*one).map_or(Lookup::Missing, Lookup::Found),
            Some(many) => Lookup::Ambiguous(many.len()),
        }
    }

    /// Whether a stored org already has a child of this name.
    pub fn has_child_named(&self, parent_id: &str, name: &str) -> bool {
        self.children.contains(&(parent_id.to_owned(), name.to_owned()))
    }
}

/// The message for a reference that found no single org.
pub fn not_found(reference: &str) -> Msg {
    Msg::new(format!("单位“{reference}”不存在或不在您的范围内"), format!("no org \"{reference}\" in your scope"))
}

/// The message for a name shared by several orgs.
pub fn ambiguous(reference: &str, count: usize) -> Msg {
    Msg::new(
        format!("有 {count} 个单位名为“{reference}”,请改填单位编号或ID"),
        format!("{count} orgs are named \"{reference}\"; give the org's number or ID instead"),
    )
}
