//! Creating accounts (`jianquan user add`, the admin page) and checking passwords.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jianquan_domain::access::{Capability, Role};
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::access::{self as store, User};
use jianquan_storage::registry::{cadres, orgs};
use serde_json::json;

use crate::context::new_id;
use crate::{Actor, App, AppError, AppResult};

/// What a new account needs.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    pub org_id: String,
    pub cadre_id: Option<String>,
}

/// Hashes a password with Argon2id and a fresh salt.
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(AppError::internal)
}

/// Checks a password against a stored PHC string.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&crate::access::sessions::random_token()).unwrap_or_default())
}

/// Creates an account; admins only (or the CLI).
pub async fn create_account(app: &App, actor: &Actor, new: NewAccount) -> AppResult<User> {
    actor.require(Capability::UsersManage)?;
    let mut errors = Vec::new();
    let username = new.username.trim().to_owned();
    if username.len() < 3
        || username.len() > 40
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        errors.push(FieldError::new(
            "username",
            "用户名为3至40位字母、数字或 . _ -",
            "usernames have 3–40 letters, digits or . _ -",
        ));
    }
    if new.password.chars().count() < 10 {
        errors.push(FieldError::new("password", "密码至少10位", "passwords have at least 10 characters"));
    }
    let role = Role::parse(new.role.trim()).filter(|r| *r != Role::Public);
    if role.is_none() {
        errors.push(FieldError::new("role", "角色无效", "unknown role"));
    }
    // Argon2 takes tens of milliseconds of CPU: hashed on the blocking pool, before the write.
    let password = new.password.clone();
    let password_hash =
        tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(AppError::internal)??;
    let mut tx = app.db.write().await?;
    let org = orgs::get(&mut tx, new.org_id.trim()).await?;
    match &org {
        Some(org) if !actor.sees(&org.org_path()?) => {
            errors.push(FieldError::new("org_id", "单位不在您的范围内", "the org is outside your scope"))
        }
        None => errors.push(FieldError::new("org_id", "单位不存在", "no such org")),
        Some(_) => {}
    }
    if role == Some(Role::Cadre) {
        let cadre = match new.cadre_id.as_deref() {
            Some(id) => cadres::get(&mut tx, id).await?,
            None => None,
        };
        if cadre.is_none() {
            errors.push(FieldError::new("cadre_id", "干部本人账号须关联干部", "a cadre account must name its cadre"));
        }
    }
    if store::user_by_name(&mut tx, &username).await?.is_some() {
        errors.push(FieldError::new("username", "用户名已存在", "the username is taken"));
    }
    if !errors.is_empty() {
        return Err(Invalid { fields: errors }.into());
    }
    let (Some(role), Some(org)) = (role, org) else {
        return Err(AppError::internal("validated account lost its role or org"));
    };
    let user = User {
        id: new_id(),
        username,
        display_name: new.display_name.trim().to_owned(),
        password_hash,
        role: role.code().to_owned(),
        org_id: org.id.clone(),
        cadre_id: new.cadre_id.filter(|_| role == Role::Cadre),
        active: true,
    };
    let detail =
        json!({"username": user.username, "role": user.role, "org_id": user.org_id, "cadre_id": user.cadre_id});
    let seq = app.record(&mut tx, actor, "access.account.create", ("user", &user.id), detail, &[]).await?;
    store::insert_user(&mut tx, &user, seq).await?;
    tx.commit().await?;
    Ok(user)
}

/// Every account (admins only).
pub async fn list_accounts(app: &App, actor: &Actor) -> AppResult<Vec<User>> {
    actor.require(Capability::UsersManage)?;
    let mut conn = app.db.read().await?;
    Ok(store::list_users(&mut conn).await?)
}
