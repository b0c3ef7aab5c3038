//! Signing in and out. A session token is random, sent once in a cookie and stored as a digest;
//! each session carries its own CSRF token. Failed logins are throttled per username.

use jianquan_domain::Msg;
use jianquan_domain::access::Role;
use jianquan_storage::access as store;
use jianquan_storage::registry::orgs;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::Duration;
use time::format_description::well_known::Rfc3339;

use crate::access::accounts::{decoy_hash, verify_password};
use crate::actor::AccountIdentity;
use crate::{Actor, App, AppError, AppResult};

/// Failed attempts allowed per username within the window.
pub const MAX_FAILURES: i64 = 5;
/// The throttle's window.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// How long a session lives.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// A fresh random token (two v4 UUIDs: 244 random bits).
pub fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn rfc3339(at: time::OffsetDateTime) -> AppResult<String> {
    at.format(&Rfc3339).map_err(AppError::internal)
}

/// A new session: the token for the cookie and the actor it stands for.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// Checks a username and password; on success opens a session. Wrong username and wrong password
/// give the same answer and take the same time.
pub async fn login(app: &App, username: &str, password: &str) -> AppResult<NewSession> {
    let now = app.now();
    let username = username.trim();
    let mut conn = app.db.read().await?;
    let failures = store::login_failures_since(&mut conn, username, &rfc3339(now - FAILURE_WINDOW)?).await?;
    if failures >= MAX_FAILURES {
        return Err(AppError::Throttled(Msg::new(
            "登录失败次数过多,请15分钟后再试",
            "too many failed sign-ins; try again in 15 minutes",
        )));
    }
    let user = store::user_by_name(&mut conn, username).await?.filter(|u| u.active);
    let ok = verify_password(password, user.as_ref().map_or(decoy_hash(), |u| u.password_hash.as_str()));
    let user = match (user, ok) {
        (Some(user), true) => user,
        _ => {
            drop(conn);
            let mut tx = app.db.write().await?;
            store::record_login_failure(&mut tx, username, &rfc3339(now)?).await?;
            app.record(&mut tx, &Actor::public(), "access.login.failed", ("user", username), json!({}), &[]).await?;
            tx.commit().await?;
            return Err(AppError::Invalid(jianquan_domain::Invalid::one(
                "password",
                "用户名或密码错误",
                "wrong username or password",
            )));
        }
    };
    let actor = actor_for(&mut conn, &user).await?;
    drop(conn);
    let token = random_token();
    let csrf_token = random_token();
    let mut tx = app.db.write().await?;
    store::insert_session(
        &mut tx,
        &token_digest(&token),
        &user.id,
        &csrf_token,
        &rfc3339(now)?,
        &rfc3339(now + SESSION_LIFETIME)?,
    )
    .await?;
    app.record(&mut tx, &actor, "access.login", ("user", &user.id), json!({"username": user.username}), &[]).await?;
    tx.commit().await?;
    Ok(NewSession { token, csrf_token, actor })
}

/// The actor of an account (also how the demo loader acts in the demo accounts' names).
pub(crate) async fn actor_for(conn: &mut jianquan_storage::Conn, user: &store::User) -> AppResult<Actor> {
    let org = orgs::get(conn, &user.org_id).await?.ok_or_else(|| AppError::internal("account's org is missing"))?;
    let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("account has an unknown role"))?;
    let identity = AccountIdentity {
        id: user.id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        cadre_id: user.cadre_id.clone(),
    };
    Ok(Actor::account(identity, role, org.org_path()?, org.id.clone(), org.name))
}

/// The actor and CSRF token of a live session, if the token is valid.
pub async fn resume(app: &App, token: &str) -> AppResult<Option<(Actor, String)>> {
    let mut conn = app.db.read().await?;
    let Some(row) = store::session(&mut conn, &token_digest(token), &rfc3339(app.now())?).await? else {
        return Ok(None);
    };
    let actor = actor_for(&mut conn, &row.user).await?;
    Ok(Some((actor, row.csrf_token)))
}

/// Ends a session.
pub async fn logout(app: &App, actor: &Actor, token: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    store::delete_session(&mut tx, &token_digest(token)).await?;
    app.record(&mut tx, actor, "access.logout", ("user", &actor.id), json!({}), &[]).await?;
    tx.commit().await?;
    Ok(())
}
