//! Importing orgs: a row's parent is an org in scope or an org of an earlier row of the same
//! file; names are unique under their parent. Numbers and paths are assigned by the bulk
//! writer as `orgs::insert` assigns them one at a time.

use std::collections::{HashMap, HashSet};

use jianquan_domain::registry::org::{ORG_KIND, ORG_LEVEL};
use jianquan_domain::{Invalid, Msg};
use jianquan_storage::StorageError;
use jianquan_storage::registry::bulk::{self, BulkOrg, BulkParent};

use crate::context::new_id;
use crate::transfer::columns::ORG_COLUMNS;
use crate::transfer::org_index::{Lookup, OrgIndex, ambiguous, not_found};
use crate::transfer::problems::Problems;
use crate::transfer::sheet::{self, Record};
use crate::transfer::{Checked, ImportKind, begin, short};
use crate::{Actor, App, AppError, AppResult};

/// Where a row hangs, for the "same name under the same parent" check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ParentKey {
    Root,
    Stored(String),
    /// The file row of the parent.
    Row(usize),
}

/// Orgs of earlier rows: name → (file row, position among the valid orgs if that row was valid).
type Earlier = HashMap<String, Vec<(usize, Option<usize>)>>;

struct State<'a> {
    index: &'a OrgIndex,
    may_add_roots: bool,
    earlier: Earlier,
    siblings: HashSet<(ParentKey, String)>,
    valid: Vec<BulkOrg>,
}

/// Reads and validates every row.
pub(crate) fn check(bytes: &[u8], index: &OrgIndex, may_add_roots: bool) -> Checked<BulkOrg> {
    let mut problems = Problems::default();
    let mut state =
        State { index, may_add_roots, earlier: HashMap::new(), siblings: HashSet::new(), valid: Vec::new() };
    let rows =
        sheet::read(bytes, ORG_COLUMNS, &mut problems, |record, problems| check_row(&mut state, record, problems));
    Checked { rows, valid: state.valid, problems }
}

fn check_row(state: &mut State<'_>, record: Record, problems: &mut Problems) {
    let row = record.row;
    let before = problems.count();
    let [name, parent, kind, level, sort] = <[String; 5]>::try_from(record.values).unwrap_or_default();
    let name = name.trim().to_owned();
    if !record.refused.contains(&"name") && (name.is_empty() || name.chars().count() > 60) {
        problems.push(row, "name", Msg::new("单位名称为1至60个字", "org names have 1 to 60 characters"));
    }
    let kind = ORG_KIND.parse("kind", &kind).map_err(|e| refuse(problems, row, &record.refused, e)).ok();
    let level = ORG_LEVEL.parse("level", &level).map_err(|e| refuse(problems, row, &record.refused, e)).ok();
    let sort = match sort.trim() {
        "" => Some(0),
        text => text.parse::<i64>().ok().or_else(|| {
            problems.push(row, "sort", Msg::new("排序应为整数", "sort must be a whole number"));
            None
        }),
    };
    let parent = resolve_parent(state, row, parent.trim(), &record.refused, problems);
    if let Some((key, _)) = parent.as_ref().filter(|_| !name.is_empty()) {
        let stored_sibling = matches!(key, ParentKey::Stored(id) if state.index.has_child_named(id, &name));
        if stored_sibling || !state.siblings.insert((key.clone(), name.clone())) {
            problems.push(
                row,
                "name",
                Msg::new("同一上级下已有同名单位", "the parent already has an org of that name"),
            );
        }
    }
    let position = match (kind, level, sort, parent) {
        (Some(kind), Some(level), Some(sort), Some((_, parent))) if problems.count() == before => {
            state.valid.push(BulkOrg {
                id: new_id(),
                parent,
                name: name.clone(),
                kind: kind.code.into(),
                level: level.code.into(),
                sort,
            });
            Some(state.valid.len() - 1)
        }
        _ => None,
    };
    if !name.is_empty() {
        state.earlier.entry(name).or_default().push((row, position));
    }
}

fn refuse(problems: &mut Problems, row: usize, refused: &[&str], error: jianquan_domain::FieldError) {
    if !refused.contains(&error.field.as_str()) {
        problems.field_error(row, error, &[]);
    }
}

/// The parent of a row: a stored org in scope or an earlier row, found by one reference.
fn resolve_parent(
    state: &State<'_>,
    row: usize,
    reference: &str,
    refused: &[&str],
    problems: &mut Problems,
) -> Option<(ParentKey, BulkParent)> {
    if refused.contains(&"parent") {
        return None;
    }
    if reference.is_empty() {
        if state.may_add_roots {
            return Some((ParentKey::Root, BulkParent::Root));
        }
        problems.push(row, "parent", Msg::new("必填", "required"));
        return None;
    }
    let in_file = state.earlier.get(reference).map(Vec::as_slice).unwrap_or_default();
    let stored = state.index.find(reference);
    let stored_count = match stored {
        Lookup::Found(_) => 1,
        Lookup::Missing => 0,
        Lookup::Ambiguous(n) => n,
    };
    if in_file.len() + stored_count > 1 {
        problems.push(row, "parent", ambiguous(&short(reference), in_file.len() + stored_count));
        return None;
    }
    if let Lookup::Found(org) = stored {
        let path = org.org_path().ok()?;
        return Some((ParentKey::Stored(org.id.clone()), BulkParent::Stored { id: org.id.clone(), path }));
    }
    match in_file {
        [(parent_row, Some(position))] => Some((ParentKey::Row(*parent_row), BulkParent::Earlier(*position))),
        // An earlier row that has problems of its own: nothing more to say here.
        [(_, None)] => None,
        _ => {
            problems.push(row, "parent", not_found(&short(reference)));
            None
        }
    }
}

/// Writes every org in one transaction under one ledger entry.
pub(crate) async fn write(
    app: &App,
    actor: &Actor,
    digest: &str,
    orgs: &[BulkOrg],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> AppResult<i64> {
    let (mut tx, seq) = begin(app, actor, ImportKind::Orgs, orgs.len(), digest, None).await?;
    bulk::insert_orgs(&mut tx, orgs, seq).await.map_err(|e| match e {
        StorageError::Duplicate(_) => AppError::Invalid(Invalid::one(
            "name",
            "同一上级下已有同名单位",
            "the parent already has an org of that name",
        )),
        other => other.into(),
    })?;
    progress(orgs.len(), orgs.len());
    tx.commit().await?;
    Ok(seq)
}
