//! Adding to a dossier's sections. A sanction's influence period (影响期) is computed here from
//! the policy in force on the sanction's date, and the rule that set it is stored with it.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dossier::{
    EducationInput, FamilyInput, GradeInput, RewardSanctionInput, TenureInput, influence_last_day,
    influence_period_rule,
};
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::registry::{dossier, orgs, posts};
use serde_json::json;
use time::Date;

use crate::context::new_id;
use crate::registry::cadres::get_cadre;
use crate::{Actor, App, AppError, AppResult};

async fn writable_cadre(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<()> {
    actor.require(Capability::RegistryWrite)?;
    get_cadre(app, actor, cadre_id).await.map(|_| ())
}

pub async fn add_education(app: &App, actor: &Actor, cadre_id: &str, input: &EducationInput) -> AppResult<String> {
    writable_cadre(app, actor, cadre_id).await?;
    let education = input.parse()?;
    let id = new_id();
    let mut tx = app.db.write().await?;
    let detail = json!({"section": "education", "id": id, "mode": education.mode, "level": education.level, "school": education.school});
    app.record(&mut tx, actor, "registry.dossier.education.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_education(&mut tx, &id, cadre_id, &education).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_tenure(app: &App, actor: &Actor, cadre_id: &str, input: &TenureInput) -> AppResult<String> {
    writable_cadre(app, actor, cadre_id).await?;
    let tenure = input.parse()?;
    let mut conn = app.db.read().await?;
    let org = orgs::get(&mut conn, &tenure.org_id).await?;
    if !org.as_ref().is_some_and(|o| o.org_path().is_ok_and(|p| actor.sees(&p))) {
        return Err(Invalid::one("org_id", "单位不存在或不在您的范围内", "no such org in your scope").into());
    }
    if let Some(post_id) = &tenure.post_id {
        let post = posts::get(&mut conn, post_id).await?;
        if post.is_none_or(|p| p.org_id != tenure.org_id) {
            return Err(Invalid::one("post_id", "职务不属于该单位", "the post does not belong to that org").into());
        }
    }
    drop(conn);
    let id = new_id();
    let mut tx = app.db.write().await?;
    let detail = json!({"section": "tenure", "id": id, "org_id": tenure.org_id, "post_id": tenure.post_id, "title": tenure.title,
        "start_date": tenure.start_date.to_string(), "end_date": tenure.end_date.map(|d| d.to_string()), "document_number": tenure.document_number});
    app.record(&mut tx, actor, "registry.dossier.tenure.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_tenure(&mut tx, &id, cadre_id, &tenure).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn record_grade(app: &App, actor: &Actor, cadre_id: &str, input: &GradeInput) -> AppResult<()> {
    writable_cadre(app, actor, cadre_id).await?;
    let grade = input.parse(app.today())?;
    let mut tx = app.db.write().await?;
    let detail = json!({"section": "annual_grade", "year": grade.year, "grade": grade.grade});
    app.record(&mut tx, actor, "registry.dossier.grade.record", ("cadre", cadre_id), detail, &["ASM-GRADES"]).await?;
    dossier::upsert_grade(&mut tx, cadre_id, &grade).await?;
    tx.commit().await?;
    Ok(())
}

/// The last day of a sanction's influence period under the policy in force on its date.
pub fn influence_until(app: &App, kind: &str, date: Date) -> AppResult<Option<(Date, &'static str)>> {
    let Some((rule, keys)) = influence_period_rule(kind) else { return Ok(None) };
    let mut months = 0_u32;
    for key in keys {
        months += app.policy.months(rule, key, date).map_err(|e| AppError::internal(format!("policy: {e}")))?;
    }
    Ok(Some((influence_last_day(date, months), rule)))
}

pub async fn add_reward_sanction(
    app: &App,
    actor: &Actor,
    cadre_id: &str,
    input: &RewardSanctionInput,
) -> AppResult<String> {
    writable_cadre(app, actor, cadre_id).await?;
    let entry = input.parse()?;
    if entry.date > app.today() {
        return Err(Invalid {
            fields: vec![FieldError::new("date", "日期不能晚于今天", "the date cannot be after today")],
        }
        .into());
    }
    let period = if entry.category == "sanction" { influence_until(app, entry.kind, entry.date)? } else { None };
    let id = new_id();
    let rules: Vec<&str> = period.iter().map(|(_, rule)| *rule).collect();
    let mut tx = app.db.write().await?;
    let detail = json!({"section": "reward_sanction", "id": id, "category": entry.category, "kind": entry.kind, "date": entry.date.to_string(),
        "authority": entry.authority, "document_number": entry.document_number, "influence_until": period.map(|(d, _)| d.to_string())});
    app.record(&mut tx, actor, "registry.dossier.reward_sanction.add", ("cadre", cadre_id), detail, &rules).await?;
    dossier::insert_reward_sanction(&mut tx, &id, cadre_id, &entry, period.map(|(d, _)| d), period.map(|(_, r)| r))
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_family_member(app: &App, actor: &Actor, cadre_id: &str, input: &FamilyInput) -> AppResult<String> {
    writable_cadre(app, actor, cadre_id).await?;
    let member = input.parse()?;
    let id = new_id();
    let mut tx = app.db.write().await?;
    let detail = json!({"section": "family", "id": id, "relation": member.relation, "name": member.name, "abroad": member.abroad});
    app.record(&mut tx, actor, "registry.dossier.family.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_family(&mut tx, &id, cadre_id, &member).await?;
    tx.commit().await?;
    Ok(id)
}
