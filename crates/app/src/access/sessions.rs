//! Signing in and out. A session token is random, sent once in a cookie and stored as a digest;
//! each session carries its own CSRF token. Failed sign-ins are throttled per account and client
//! (SEC-LOGIN-THROTTLE), decided inside the write transaction that reserves the attempt.

use jianquan_domain::Msg;
use jianquan_domain::access::Role;
use jianquan_domain::registry::OrgPath;
use jianquan_storage::access as store;
use jianquan_storage::registry::orgs;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::Duration;
use time::format_description::well_known::Rfc3339;

use crate::access::accounts::{decoy_hash, verify_password};
use crate::actor::AccountIdentity;
use crate::{Actor, App, AppError, AppResult};

/// How long a session lives.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
/// How long a browser stays a known device of an account after its last sign-in.
pub const DEVICE_LIFETIME: Duration = Duration::days(180);

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

/// A new session: the token for the cookie and the actor it stands for, and the device token
/// the browser keeps so that its later attempts are counted as the owner's (SEC-LOGIN-THROTTLE).
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub device_token: String,
}

/// Where a sign-in comes from: the network address, and the device token a browser kept from an
/// earlier sign-in, if any.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub address: Option<String>,
    pub device_token: Option<String>,
}

/// The throttle's key for a typed username: a digest, so the text itself (which may be a
/// password typed in the wrong box) is never stored.
fn account_key(username: &str) -> String {
    let capped: String = username.trim().to_lowercase().chars().take(200).collect();
    hex::encode(Sha256::digest(format!("jianquan-login:{capped}").as_bytes()))
}

/// The figures of SEC-LOGIN-THROTTLE in force today.
struct Throttle {
    per_client: i64,
    from_unknown: i64,
    window: Duration,
}

impl Throttle {
    fn in_force(app: &App) -> AppResult<Self> {
        let today = app.today();
        let figure = |key| app.policy.int("SEC-LOGIN-THROTTLE", key, today).map_err(crate::training::policy_error);
        Ok(Self {
            per_client: figure("failures_per_client")?,
            from_unknown: figure("failures_from_unknown_clients")?,
            window: Duration::minutes(figure("window_minutes")?),
        })
    }

    fn refusal(&self) -> AppError {
        let minutes = self.window.whole_minutes();
        AppError::Throttled(Msg::new(
            format!("SEC-LOGIN-THROTTLE：登录失败次数过多，请{minutes}分钟后再试"),
            format!("SEC-LOGIN-THROTTLE: too many failed sign-ins; try again in {minutes} minutes"),
        ))
    }
}

/// A reserved attempt: what the password check settles.
struct Reserved {
    id: String,
    account_key: String,
    client_key: String,
    user: Option<store::User>,
}

/// Counts the earlier failures and reserves this attempt, in one write transaction: of a burst
/// of parallel attempts, no more than the throttle allows are ever checked against a password.
async fn reserve(app: &App, username: &str, client: &Client, throttle: &Throttle) -> AppResult<Reserved> {
    let now = app.now();
    let account_key = account_key(username);
    let mut tx = app.db.write().await?;
    jianquan_storage::lock::name(&mut tx, "sign-in", &account_key).await?;
    let user = store::user_by_name(&mut tx, username.trim()).await?.filter(|u| u.active);
    let device = match (&client.device_token, &user) {
        (Some(token), Some(user)) => {
            let hash = token_digest(token);
            let fresh = rfc3339(now - DEVICE_LIFETIME)?;
            store::is_trusted_device(&mut tx, &hash, &user.id, &fresh).await?.then_some(hash)
        }
        _ => None,
    };
    let client_key = match &device {
        Some(hash) => format!("device:{hash}"),
        None => format!("ip:{}", client.address.as_deref().unwrap_or("unknown")),
    };
    let since = rfc3339(now - throttle.window)?;
    let (this_client, untrusted) = store::failures_since(&mut tx, &account_key, &client_key, &since).await?;
    if this_client >= throttle.per_client || (device.is_none() && untrusted >= throttle.from_unknown) {
        return Err(throttle.refusal());
    }
    store::prune_attempts(&mut tx, &since).await?;
    let id = crate::context::new_id();
    let attempt = store::Attempt {
        id: &id,
        account_key: &account_key,
        client_key: &client_key,
        trusted: device.is_some(),
        at: &rfc3339(now)?,
    };
    store::reserve_attempt(&mut tx, &attempt).await?;
    // An unknown username is recorded without the text typed, by the first digits of its digest.
    let subject = match &user {
        Some(u) => ("user", u.id.clone()),
        None => ("login", format!("unknown-{}", &account_key[..12])),
    };
    let detail = json!({"client": if device.is_some() { "known_device" } else { "address" }});
    app.record(
        &mut tx,
        &Actor::public(),
        "access.login.attempt",
        (subject.0, &subject.1),
        detail,
        &["SEC-LOGIN-THROTTLE"],
    )
    .await?;
    tx.commit().await?;
    Ok(Reserved { id, account_key, client_key, user })
}

/// Checks a username and password; on success opens a session. Wrong username and wrong password
/// give the same answer and take the same time. Attempts are throttled per account and client
/// (SEC-LOGIN-THROTTLE): a stranger's failures do not lock the owner out of a known browser.
pub async fn login(app: &App, username: &str, password: &str, client: &Client) -> AppResult<NewSession> {
    let throttle = Throttle::in_force(app)?;
    let reserved = reserve(app, username, client, &throttle).await?;
    // Argon2 takes tens of milliseconds of CPU: on the blocking pool, never on the async workers.
    let stored = reserved.user.as_ref().map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = password.to_owned();
    let ok =
        tokio::task::spawn_blocking(move || verify_password(&password, &stored)).await.map_err(AppError::internal)?;
    let now = app.now();
    let mut tx = app.db.write().await?;
    let user = match (reserved.user, ok) {
        (Some(user), true) => user,
        (user, _) => {
            store::settle_attempt(&mut tx, &reserved.id, false).await?;
            let subject = match &user {
                Some(u) => ("user", u.id.clone()),
                None => ("login", format!("unknown-{}", &reserved.account_key[..12])),
            };
            app.record(
                &mut tx,
                &Actor::public(),
                "access.login.failed",
                (subject.0, &subject.1),
                json!({}),
                &["SEC-LOGIN-THROTTLE"],
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Invalid(jianquan_domain::Invalid::one(
                "password",
                "用户名或密码错误",
                "wrong username or password",
            )));
        }
    };
    store::settle_attempt(&mut tx, &reserved.id, true).await?;
    store::clear_failures(&mut tx, &reserved.account_key, &reserved.client_key).await?;
    let actor = actor_for(&mut tx, &user).await?;
    let token = random_token();
    let csrf_token = random_token();
    store::insert_session(
        &mut tx,
        &token_digest(&token),
        &user.id,
        &csrf_token,
        &rfc3339(now)?,
        &rfc3339(now + SESSION_LIFETIME)?,
    )
    .await?;
    // The browser keeps (or renews) its device token: its later failures are counted apart.
    let device_token = client.device_token.clone().unwrap_or_else(random_token);
    store::trust_device(&mut tx, &token_digest(&device_token), &user.id, &rfc3339(now)?).await?;
    app.record(&mut tx, &actor, "access.login", ("user", &user.id), json!({"username": user.username}), &[]).await?;
    tx.commit().await?;
    Ok(NewSession { token, csrf_token, actor, device_token })
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

/// The actor and CSRF token of a live session, if the token is valid: from the sessions
/// resolved in the last seconds ([`session_cache`](crate::access::session_cache)), else in one
/// statement (session, account and org).
pub async fn resume(app: &App, token: &str) -> AppResult<Option<(Actor, String)>> {
    let digest = token_digest(token);
    let now = app.now();
    if let Some(found) = app.sessions.get(&digest, now) {
        return Ok(Some(found));
    }
    let mut conn = app.db.read().await?;
    let Some(row) = store::session(&mut conn, &digest, &rfc3339(now)?).await? else {
        return Ok(None);
    };
    drop(conn);
    let role = Role::parse(&row.user.role).ok_or_else(|| AppError::internal("account has an unknown role"))?;
    let path = OrgPath::parse(&row.org_path).map_err(|_| AppError::internal("account's org has a malformed path"))?;
    let identity = AccountIdentity {
        id: row.user.id.clone(),
        username: row.user.username.clone(),
        display_name: row.user.display_name.clone(),
        cadre_id: row.user.cadre_id.clone(),
    };
    let actor = Actor::account(identity, role, path, row.user.org_id.clone(), row.org_name);
    let expires_at = time::OffsetDateTime::parse(&row.expires_at, &Rfc3339)
        .map_err(|_| AppError::internal("session has a malformed expiry"))?;
    app.sessions.put(&digest, &actor, &row.csrf_token, expires_at);
    Ok(Some((actor, row.csrf_token)))
}

/// Ends a session.
pub async fn logout(app: &App, actor: &Actor, token: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let digest = token_digest(token);
    store::delete_session(&mut tx, &digest).await?;
    app.record(&mut tx, actor, "access.logout", ("user", &actor.id), json!({}), &[]).await?;
    tx.commit().await?;
    app.sessions.forget(&digest);
    Ok(())
}
