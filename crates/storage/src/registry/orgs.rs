//! Organizations: the tree, each node with a number and a materialized path.

use jianquan_domain::registry::OrgPath;

use crate::row::{Columns, int, opt_text, text};
use crate::{Conn, Result, StorageError, WriteTx};

/// An organization as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: String,
    pub number: i64,
    pub parent_id: Option<String>,
    pub path: String,
    pub name: String,
    /// Code of the org kind code set (e.g. `government_department`).
    pub kind: String,
    /// `city`, `county` or `township`.
    pub level: String,
    pub sort: i64,
    pub updated_seq: i64,
}

impl Org {
    pub fn org_path(&self) -> Result<OrgPath> {
        OrgPath::parse(&self.path)
            .map_err(|_| StorageError::Malformed(format!("org {} has path {}", self.id, self.path)))
    }
}

/// An org with the number of cadres in its subtree, for the tree browser.
#[derive(Debug, Clone)]
pub struct OrgNode {
    pub org: Org,
    pub child_count: i64,
    pub cadre_count: i64,
}

pub(crate) const COLUMNS: &str = "o.id, o.number, o.parent_id, o.path, o.name, o.kind, o.level, o.sort, o.updated_seq";

pub(crate) fn from_row(row: &(impl Columns + ?Sized)) -> Result<Org> {
    Ok(Org {
        id: text(row, "id")?,
        number: int(row, "number")?,
        parent_id: opt_text(row, "parent_id")?,
        path: text(row, "path")?,
        name: text(row, "name")?,
        kind: text(row, "kind")?,
        level: text(row, "level")?,
        sort: int(row, "sort")?,
        updated_seq: int(row, "updated_seq")?,
    })
}

/// What a new org needs; the number and path are assigned here.
#[derive(Debug, Clone)]
pub struct NewOrg<'a> {
    pub id: &'a str,
    pub parent: Option<&'a Org>,
    pub name: &'a str,
    pub kind: &'a str,
    pub level: &'a str,
    pub sort: i64,
}

/// Inserts an org under its parent and returns it.
pub async fn insert(tx: &mut WriteTx, new: &NewOrg<'_>, seq: i64) -> Result<Org> {
    let next = sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS next_number FROM orgs").fetch_one(&mut **tx).await?;
    let number = int(&next, "next_number")?;
    let path = match new.parent {
        Some(parent) => parent.org_path()?.child(number),
        None => OrgPath::root(number),
    };
    let org = Org {
        id: new.id.to_owned(),
        number,
        parent_id: new.parent.map(|p| p.id.clone()),
        path: path.as_str().to_owned(),
        name: new.name.to_owned(),
        kind: new.kind.to_owned(),
        level: new.level.to_owned(),
        sort: new.sort,
        updated_seq: seq,
    };
    sqlx::query(
        "INSERT INTO orgs (id, number, parent_id, path, name, kind, level, sort, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&org.id)
    .bind(org.number)
    .bind(org.parent_id.clone())
    .bind(&org.path)
    .bind(&org.name)
    .bind(&org.kind)
    .bind(&org.level)
    .bind(org.sort)
    .bind(org.updated_seq)
    .execute(&mut **tx)
    .await?;
    Ok(org)
}

/// Renames or re-classifies an org (moving it in the tree is not offered: paths are history).
pub async fn update(
    tx: &mut WriteTx,
    id: &str,
    name: &str,
    kind: &str,
    level: &str,
    sort: i64,
    seq: i64,
) -> Result<()> {
    sqlx::query("UPDATE orgs SET name = $1, kind = $2, level = $3, sort = $4, updated_seq = $5 WHERE id = $6")
        .bind(name)
        .bind(kind)
        .bind(level)
        .bind(sort)
        .bind(seq)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Org>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM orgs o WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every org of a subtree, in tree order (by path), for pickers and imports.
pub async fn subtree(conn: &mut Conn, root: &OrgPath) -> Result<Vec<Org>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM orgs o WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path"))
        .bind(start)
        .bind(end)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The roots (orgs without parent).
pub async fn roots(conn: &mut Conn) -> Result<Vec<Org>> {
    let rows =
        sqlx::query(&format!("SELECT {COLUMNS} FROM orgs o WHERE o.parent_id IS NULL ORDER BY o.sort, o.number"))
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(from_row).collect()
}

/// The children of an org with their child counts and subtree cadre counts, in one statement.
pub async fn children(conn: &mut Conn, parent_id: &str) -> Result<Vec<OrgNode>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, \
           (SELECT COUNT(*) FROM orgs k WHERE k.parent_id = o.id) AS child_count, \
           (SELECT CAST(COALESCE(SUM(k.cadre_count), 0) AS BIGINT) FROM orgs k WHERE k.path >= o.path \
              AND k.path < substr(o.path, 1, length(o.path) - 1) || '0') AS subtree_cadres \
         FROM orgs o WHERE o.parent_id = $1 ORDER BY o.sort, o.number"
    ))
    .bind(parent_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OrgNode {
                org: from_row(row)?,
                child_count: int(row, "child_count")?,
                cadre_count: int(row, "subtree_cadres")?,
            })
        })
        .collect()
}

/// The chain from the root down to the org, for breadcrumbs.
pub async fn ancestors(conn: &mut Conn, org: &Org) -> Result<Vec<Org>> {
    let numbers: Vec<i64> = org.path.trim_matches('/').split('/').filter_map(|n| n.parse().ok()).collect();
    let mut sql = crate::query::Sql::new("SELECT ");
    sql.push(COLUMNS).push(" FROM orgs o WHERE o.number IN ");
    sql.bind_list(numbers.into_iter().map(crate::query::Value::Int)).push(" ORDER BY o.path");
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// Resolves an org by ID, number or exact name within a subtree (imports accept any of the three).
pub async fn resolve(conn: &mut Conn, within: &OrgPath, reference: &str) -> Result<Vec<Org>> {
    let (start, end) = within.subtree_range();
    let number = reference.parse::<i64>().unwrap_or(-1);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM orgs o WHERE o.path >= $1 AND o.path < $2 AND (o.id = $3 OR o.number = $4 OR o.name = $3)"
    ))
    .bind(start)
    .bind(end)
    .bind(reference)
    .bind(number)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many orgs there are (for the demo loader's "is the database empty" check).
pub async fn count(conn: &mut Conn) -> Result<i64> {
    int(&sqlx::query("SELECT COUNT(*) AS total FROM orgs").fetch_one(&mut *conn).await?, "total")
}

/// Orgs by ID, in one statement (list pages name each row's org without a query per row).
pub async fn by_ids(conn: &mut Conn, ids: &[String]) -> Result<Vec<Org>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::query::Sql::new("SELECT ");
    sql.push(COLUMNS).push(" FROM orgs o WHERE o.id IN ");
    sql.bind_list(ids.iter().cloned().map(crate::query::Value::Text));
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// The orgs at the given paths (the path is unique).
pub async fn by_paths(conn: &mut Conn, paths: &[String]) -> Result<Vec<Org>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::query::Sql::new("SELECT ");
    sql.push(COLUMNS).push(" FROM orgs o WHERE o.path IN ");
    sql.bind_list(paths.iter().cloned().map(crate::query::Value::Text));
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// An org's ancestors up to the root, the org itself and its children, in one statement: the
/// ancestors (the org last) by path, then the children in the tree's order. Empty if there is
/// no such org.
pub async fn around(conn: &mut Conn, id: &str) -> Result<(Vec<Org>, Vec<Org>)> {
    let mut sql = crate::query::Sql::new("");
    push_around(&mut sql, &|s| {
        s.bind_text(id);
    });
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    let orgs = rows.iter().map(from_row).collect::<Result<Vec<Org>>>()?;
    Ok(split_around(orgs, id))
}

/// Appends the SELECT of an org's ancestors (the org included) and children, the org given by
/// the SQL `anchor` appends (a bound ID, or a subquery). Its output columns are [`COLUMNS`]
/// without their `o.`; [`split_around`] sorts what it read. The dossier's bundle reads it too.
pub(crate) fn push_around(sql: &mut crate::query::Sql, anchor: &dyn Fn(&mut crate::query::Sql)) {
    sql.push("WITH RECURSIVE up (id, parent_id) AS (SELECT o.id, o.parent_id FROM orgs o WHERE o.id = ");
    anchor(sql);
    sql.push(&format!(
        " UNION ALL SELECT p.id, p.parent_id FROM orgs p JOIN up ON p.id = up.parent_id) \
         SELECT {COLUMNS} FROM orgs o WHERE o.id IN (SELECT id FROM up) OR o.parent_id = "
    ));
    anchor(sql);
}

/// Splits what [`push_around`] read into the ancestors (root first, the org last) and the children
/// (in the tree's order).
pub(crate) fn split_around(orgs: Vec<Org>, id: &str) -> (Vec<Org>, Vec<Org>) {
    let (mut children, mut ancestors): (Vec<Org>, Vec<Org>) =
        orgs.into_iter().partition(|o| o.parent_id.as_deref() == Some(id));
    ancestors.sort_by(|a, b| a.path.cmp(&b.path));
    children.sort_by_key(|o| (o.sort, o.number));
    (ancestors, children)
}

/// The children of these orgs (a few levels of a tree's path), in one statement over the
/// `orgs_parent` index, each parent's in the tree's order.
pub async fn children_of(conn: &mut Conn, parent_ids: &[String]) -> Result<Vec<Org>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::query::Sql::new("SELECT ");
    sql.push(COLUMNS).push(" FROM orgs o WHERE o.parent_id IN ");
    sql.bind_list(parent_ids.iter().cloned().map(crate::query::Value::Text));
    sql.push(" ORDER BY o.parent_id, o.sort, o.number");
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// The children of an org without counts (cheap: for pickers).
pub async fn child_orgs(conn: &mut Conn, parent_id: &str) -> Result<Vec<Org>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM orgs o WHERE o.parent_id = $1 ORDER BY o.sort, o.number"))
        .bind(parent_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Moves an org's own cadre count by `delta` (a cadre registered, moved in or out).
pub async fn adjust_cadre_count(tx: &mut WriteTx, org_id: &str, delta: i64) -> Result<()> {
    sqlx::query("UPDATE orgs SET cadre_count = cadre_count + $1 WHERE id = $2")
        .bind(delta)
        .bind(org_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Cadres in a subtree, from the orgs' kept counts (a range over orgs, not over cadres).
pub async fn subtree_cadre_count(conn: &mut Conn, root: &OrgPath) -> Result<i64> {
    let (start, end) = root.subtree_range();
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(cadre_count), 0) AS BIGINT) AS cadres FROM orgs WHERE path >= $1 AND path < $2",
    )
    .bind(start)
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    int(&row, "cadres")
}
