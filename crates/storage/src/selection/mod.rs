//! Selection & appointment (选拔任用) tables: cases (纪实) and every step of them. Rules are
//! checked by the domain; what must hold under concurrency is also held here, in one statement
//! each: a voter code is spent once, an agenda item is added only before its meeting opens, a
//! member votes once per item, a finding or a decision is recorded once.

pub mod candidates;
pub mod cases;
pub mod exams;
pub mod meetings;
pub mod progress;
pub mod publicity;
pub mod rounds;

use crate::row::{flag, int, text};
use crate::{Conn, Result};

/// An account as the selection steps see it: committee members, inspectors, tellers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub display_name: String,
    pub role: String,
    pub org_path: String,
    pub active: bool,
}

const ACCOUNT_SELECT: &str =
    "SELECT u.id, u.display_name, u.role, o.path AS org_path, u.active FROM users u JOIN orgs o ON o.id = u.org_id";

fn account(r: &sqlx::any::AnyRow) -> Result<Account> {
    Ok(Account {
        id: text(r, "id")?,
        display_name: text(r, "display_name")?,
        role: text(r, "role")?,
        org_path: text(r, "org_path")?,
        active: flag(r, "active")?,
    })
}

/// The active accounts of a role (the choices of a form), by name.
pub async fn accounts_of_role(conn: &mut Conn, role: &str) -> Result<Vec<Account>> {
    let rows =
        sqlx::query(&format!("{ACCOUNT_SELECT} WHERE u.role = $1 AND u.active = 1 ORDER BY u.display_name, u.id"))
            .bind(role)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(account).collect()
}

/// The accounts with these IDs (unknown IDs are simply missing).
pub async fn accounts(conn: &mut Conn, ids: &[String]) -> Result<Vec<Account>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query(&format!("{ACCOUNT_SELECT} WHERE u.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
        if let Some(row) = row {
            found.push(account(&row)?);
        }
    }
    Ok(found)
}

/// A post with a free seat, for the motion form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacantPost {
    pub id: String,
    pub org_name: String,
    pub title: String,
    pub authorised: i64,
    pub holders: i64,
}

/// Posts of a subtree with fewer holders than their authorised number, by org and title.
pub async fn vacant_posts(
    conn: &mut Conn,
    root: &jianquan_domain::registry::OrgPath,
    limit: i64,
) -> Result<Vec<VacantPost>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT p.id, o.name AS org_name, p.title, p.authorised, \
         (SELECT COUNT(*) FROM tenures t WHERE t.post_id = p.id AND t.end_date IS NULL) AS holders \
         FROM posts p JOIN orgs o ON o.id = p.org_id WHERE o.path >= $1 AND o.path < $2 \
         AND p.authorised > (SELECT COUNT(*) FROM tenures t WHERE t.post_id = p.id AND t.end_date IS NULL) \
         ORDER BY o.path, p.title, p.id LIMIT $3",
    )
    .bind(start)
    .bind(end)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VacantPost {
                id: text(r, "id")?,
                org_name: text(r, "org_name")?,
                title: text(r, "title")?,
                authorised: int(r, "authorised")?,
                holders: int(r, "holders")?,
            })
        })
        .collect()
}
