//! Accounts, sessions, sign-in attempts and known devices. Session tokens are stored only as SHA-256 digests,
//! so a copy of the database does not let anyone sign in.

use sqlx::any::AnyRow;

use crate::row::{flag, int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// An account. `password_hash` is an Argon2id PHC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub org_id: String,
    pub cadre_id: Option<String>,
    pub active: bool,
}

const USER_COLUMNS: &str = "id, username, display_name, password_hash, role, org_id, cadre_id, active";

fn user_from_row(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: text(row, "id")?,
        username: text(row, "username")?,
        display_name: text(row, "display_name")?,
        password_hash: text(row, "password_hash")?,
        role: text(row, "role")?,
        org_id: text(row, "org_id")?,
        cadre_id: opt_text(row, "cadre_id")?,
        active: flag(row, "active")?,
    })
}

pub async fn insert_user(tx: &mut WriteTx, user: &User, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, username, display_name, password_hash, role, org_id, cadre_id, active, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&user.id)
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(&user.password_hash)
    .bind(&user.role)
    .bind(&user.org_id)
    .bind(user.cadre_id.clone())
    .bind(i64::from(user.active))
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn user_by_name(conn: &mut Conn, username: &str) -> Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn list_users(conn: &mut Conn) -> Result<Vec<User>> {
    let rows =
        sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username")).fetch_all(&mut *conn).await?;
    rows.iter().map(user_from_row).collect()
}

/// A signed-in session, its account and the account's org.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: String,
    /// The account's org: its materialized path and name (the actor's scope).
    pub org_path: String,
    pub org_name: String,
}

pub async fn insert_session(
    tx: &mut WriteTx,
    token_hash: &str,
    user_id: &str,
    csrf: &str,
    now: &str,
    expires: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf)
    .bind(now)
    .bind(expires)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The live session for a token digest, with its account and org, in one statement (expired
/// sessions and inactive accounts are not returned).
pub async fn session(conn: &mut Conn, token_hash: &str, now: &str) -> Result<Option<SessionRow>> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.org_id, u.cadre_id, u.active, \
         s.csrf_token, s.expires_at, o.path AS org_path, o.name AS org_name \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(Some(SessionRow {
            user: user_from_row(&row)?,
            csrf_token: text(&row, "csrf_token")?,
            expires_at: text(&row, "expires_at")?,
            org_path: text(&row, "org_path")?,
            org_name: text(&row, "org_name")?,
        })),
        None => Ok(None),
    }
}

pub async fn delete_session(tx: &mut WriteTx, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// A sign-in attempt as the throttle counts it.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub id: &'a str,
    /// Digest of the typed username (never the text).
    pub account_key: &'a str,
    /// `device:<digest>` for a browser the account signed in from before, else `ip:<address>`.
    pub client_key: &'a str,
    /// Whether the client is a known device of the account.
    pub trusted: bool,
    pub at: &'a str,
}

/// Reserves an attempt (pending: counted as a failure until it succeeds).
pub async fn reserve_attempt(tx: &mut WriteTx, a: &Attempt<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (id, account_key, client_key, trusted, at, outcome) \
         VALUES ($1, $2, $3, $4, $5, 'pending')",
    )
    .bind(a.id)
    .bind(a.account_key)
    .bind(a.client_key)
    .bind(i64::from(a.trusted))
    .bind(a.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Settles a reserved attempt: `true` when the password matched.
pub async fn settle_attempt(tx: &mut WriteTx, id: &str, succeeded: bool) -> Result<()> {
    sqlx::query("UPDATE login_attempts SET outcome = $1 WHERE id = $2 AND outcome = 'pending'")
        .bind(if succeeded { "succeeded" } else { "failed" })
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Failures (pending or failed) of an account since a time: from one client, and from all the
/// clients that are not known devices of the account.
pub async fn failures_since(tx: &mut WriteTx, account_key: &str, client_key: &str, since: &str) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(CASE WHEN client_key = $2 THEN 1 END) AS this_client, \
         COUNT(CASE WHEN trusted = 0 THEN 1 END) AS untrusted \
         FROM login_attempts WHERE account_key = $1 AND at > $3 AND outcome <> 'succeeded'",
    )
    .bind(account_key)
    .bind(client_key)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?;
    Ok((int(&row, "this_client")?, int(&row, "untrusted")?))
}

/// Forgets a client's failures on an account after it signed in.
pub async fn clear_failures(tx: &mut WriteTx, account_key: &str, client_key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE account_key = $1 AND client_key = $2")
        .bind(account_key)
        .bind(client_key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes attempts older than the throttle's window: they count for nothing.
pub async fn prune_attempts(tx: &mut WriteTx, before: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(before).execute(&mut **tx).await?;
    Ok(())
}

/// Whether a device token (digest) is a known device of the account, used since `fresh_since`.
pub async fn is_trusted_device(tx: &mut WriteTx, token_hash: &str, user_id: &str, fresh_since: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT 1 AS known FROM trusted_devices WHERE token_hash = $1 AND user_id = $2 AND last_used_at > $3",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(fresh_since)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Remembers a device the account signed in from (or refreshes when it was last used).
pub async fn trust_device(tx: &mut WriteTx, token_hash: &str, user_id: &str, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash) DO UPDATE SET last_used_at = $3",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The display names of the given accounts (one query per 500), e.g. for a record's history.
pub async fn display_names(conn: &mut Conn, ids: &[&str]) -> Result<std::collections::HashMap<String, String>> {
    let mut names = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let mut sql = crate::query::Sql::new("SELECT id, display_name FROM users WHERE id IN ");
        sql.bind_list(chunk.iter().map(|id| crate::query::Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            names.insert(text(&row, "id")?, text(&row, "display_name")?);
        }
    }
    Ok(names)
}
