//! The demo accounts: one per role, all with the same password, scoped to the city except
//! `county_staff` (scoped to 东营区, to show what a scope hides) and `cadre` (张三丰's own account).

use jianquan_domain::Invalid;
use jianquan_storage::access as account_store;
use jianquan_storage::registry::cadres::{self, CadreFilter};
use jianquan_storage::registry::orgs;

use crate::access::accounts::{NewAccount, create_account};
use crate::{Actor, App, AppError, AppResult};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "jianquan-demo";

/// (username, role, display name, scoped to the district rather than the city). Each account is
/// a person, named with their unit or office as colleagues would address them ("市委常委 李明"),
/// so the top bar, the ledger's sentences and the vote records name who acted.
const ACCOUNTS: &[(&str, &str, &str, bool)] = &[
    ("admin", "admin", "市委组织部信息中心 张伟", false),
    ("orgstaff", "org_staff", "市委组织部干部科 刘洋", false),
    ("county_staff", "org_staff", "东营区委组织部 陈静", true),
    ("discipline", "discipline", "市纪委监委 杨帆", false),
    ("inspector", "inspector", "市委组织部考察组 王磊", false),
    ("committee", "committee", "市委常委 李明", false),
    ("auditor", "auditor", "市审计局 赵敏", false),
    ("cadre", "cadre", "张三丰", false),
];

/// Creates the demo accounts that do not exist yet and returns every one as (username, role, password).
pub async fn create_demo_accounts(app: &App) -> AppResult<Vec<(String, String, String)>> {
    let system = Actor::system_for_cli();
    let mut conn = app.db.read().await?;
    let roots = orgs::roots(&mut conn).await?;
    let city = roots.iter().find(|o| o.name == "东营市").or(roots.first()).cloned();
    let city = city.ok_or_else(|| {
        Invalid::one("org_id", "请先装入演示数据(没有单位)", "load the demo data first (there is no org)")
    })?;
    let city_path = city.org_path()?;
    let district =
        orgs::resolve(&mut conn, &city_path, "东营区").await?.into_iter().next().unwrap_or_else(|| city.clone());
    let filter = CadreFilter { scope: Some(city_path), name: Some("张三丰".into()), ..CadreFilter::default() };
    let cadre = cadres::list(&mut conn, &filter, 0, 1).await?.0.into_iter().next();
    let mut existing = Vec::new();
    for (username, ..) in ACCOUNTS {
        existing.push(account_store::user_by_name(&mut conn, username).await?.is_some());
    }
    drop(conn);
    let mut created = Vec::new();
    for ((username, role, display_name, in_district), exists) in ACCOUNTS.iter().zip(existing) {
        if *role == "cadre" && cadre.is_none() {
            continue;
        }
        if !exists {
            let account = NewAccount {
                username: (*username).into(),
                display_name: (*display_name).into(),
                password: DEMO_PASSWORD.into(),
                role: (*role).into(),
                org_id: if *in_district { district.id.clone() } else { city.id.clone() },
                cadre_id: if *role == "cadre" { cadre.as_ref().map(|c| c.id.clone()) } else { None },
            };
            create_account(app, &system, account).await.map_err(|e| match e {
                AppError::Invalid(invalid) => AppError::internal(format!("demo account {username}: {invalid}")),
                other => other,
            })?;
        }
        created.push(((*username).to_owned(), (*role).to_owned(), DEMO_PASSWORD.to_owned()));
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::ACCOUNTS;

    #[test]
    fn every_demo_account_is_a_person_with_a_name() {
        for (username, _, display, _) in ACCOUNTS {
            let name = display.rsplit(' ').next().unwrap_or_default();
            assert!((2..=3).contains(&name.chars().count()), "{username} is named as a person: {display}");
        }
    }
}
