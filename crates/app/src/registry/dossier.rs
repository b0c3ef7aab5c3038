//! Adding to a dossier's sections. A sanction's influence period (影响期) is computed here from
//! the policy in force on the sanction's date, and the rule that set it is stored with it.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::add_months;
use jianquan_domain::registry::decided_by::not_collective;
use jianquan_domain::registry::dossier::{
    EducationInput, FamilyInput, GradeInput, RewardSanctionInput, TenureInput, influence_period_rule,
};
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::registry::cadres::Cadre;
use jianquan_storage::registry::{cadres, dossier, orgs, posts};
use jianquan_storage::{Locked, WriteTx};
use serde_json::json;
use time::Date;

use crate::context::new_id;
use crate::{Actor, App, AppError, AppResult};

/// The cadre locked in `tx`, if the actor may write to the dossier (out of scope: not found).
async fn writable_cadre(tx: &mut WriteTx, actor: &Actor, cadre_id: &str) -> AppResult<Locked<Cadre>> {
    actor.require(Capability::RegistryWrite)?;
    let cadre = cadres::lock(tx, cadre_id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&cadre.org_path)?;
    Ok(cadre)
}

pub async fn add_education(app: &App, actor: &Actor, cadre_id: &str, input: &EducationInput) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    writable_cadre(&mut tx, actor, cadre_id).await?;
    let education = input.parse()?;
    let id = new_id();
    let detail = json!({"section": "education", "id": id, "mode": education.mode, "level": education.level, "school": education.school});
    app.record(&mut tx, actor, "registry.dossier.education.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_education(&mut tx, &id, cadre_id, &education).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a tenure to the résumé (简历): one that has ended, or the line of the post the cadre is
/// registered in (same title, in their own unit, taking no authorised seat, none open yet) —
/// both record what is, neither changes it. Any other current tenure would put the cadre in a
/// post outside a committee's decision (SEL-COLLECTIVE): that comes from a selection case's
/// appointment or a recorded decision of another body.
pub async fn add_tenure(app: &App, actor: &Actor, cadre_id: &str, input: &TenureInput) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    let cadre = writable_cadre(&mut tx, actor, cadre_id).await?;
    let tenure = input.parse()?;
    let current = tenure.end_date.is_none_or(|end| end >= app.today());
    if current {
        let open = dossier::sections(&mut tx, cadre_id).await?.tenures.iter().any(|t| t.end_date.is_none());
        let documents_registered_post =
            tenure.title == cadre.current_post && tenure.org_id == cadre.org_id && tenure.post_id.is_none() && !open;
        if !documents_registered_post {
            return Err(not_collective(
                "简历只能补录已结束的任职经历，或登记的现任职务（同名、本单位、不占职数）",
                "the résumé takes ended tenures, or the registered current post (same title and unit, no seat)",
            )
            .into());
        }
    }
    let org = orgs::get(&mut tx, &tenure.org_id).await?;
    if !org.as_ref().is_some_and(|o| o.org_path().is_ok_and(|p| actor.sees(&p))) {
        return Err(Invalid::one("org_id", "单位不存在或不在您的范围内", "no such org in your scope").into());
    }
    if let Some(post_id) = &tenure.post_id {
        let post = posts::get(&mut tx, post_id).await?;
        if post.is_none_or(|p| p.org_id != tenure.org_id) {
            return Err(Invalid::one("post_id", "职务不属于该单位", "the post does not belong to that org").into());
        }
    }
    let id = new_id();
    let detail = json!({"section": "tenure", "id": id, "org_id": tenure.org_id, "post_id": tenure.post_id, "title": tenure.title,
        "start_date": tenure.start_date.to_string(), "end_date": tenure.end_date.map(|d| d.to_string()), "document_number": tenure.document_number});
    app.record(&mut tx, actor, "registry.dossier.tenure.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_tenure(&mut tx, &id, cadre_id, &tenure, None).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn record_grade(app: &App, actor: &Actor, cadre_id: &str, input: &GradeInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    writable_cadre(&mut tx, actor, cadre_id).await?;
    let grade = input.parse(app.today())?;
    let detail = json!({"section": "annual_grade", "year": grade.year, "grade": grade.grade});
    app.record(&mut tx, actor, "registry.dossier.grade.record", ("cadre", cadre_id), detail, &["ASM-GRADES"]).await?;
    dossier::upsert_grade(&mut tx, cadre_id, &grade).await?;
    tx.commit().await?;
    Ok(())
}

/// The last day of a sanction's influence period under the policy in force on its date.
pub fn influence_until(app: &App, kind: &str, date: Date) -> AppResult<Option<(Date, &'static str)>> {
    let Some((rule, keys)) = influence_period_rule(kind) else { return Ok(None) };
    let mut months = 0_i64;
    for key in keys {
        months +=
            i64::from(app.policy.months(rule, key, date).map_err(|e| AppError::internal(format!("policy: {e}")))?);
    }
    Ok(Some((add_months(date, months) - time::Duration::days(1), rule)))
}

pub async fn add_reward_sanction(
    app: &App,
    actor: &Actor,
    cadre_id: &str,
    input: &RewardSanctionInput,
) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    writable_cadre(&mut tx, actor, cadre_id).await?;
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
    let detail = json!({"section": "reward_sanction", "id": id, "category": entry.category, "kind": entry.kind, "date": entry.date.to_string(),
        "authority": entry.authority, "document_number": entry.document_number, "influence_until": period.map(|(d, _)| d.to_string())});
    app.record(&mut tx, actor, "registry.dossier.reward_sanction.add", ("cadre", cadre_id), detail, &rules).await?;
    dossier::insert_reward_sanction(&mut tx, &id, cadre_id, &entry, period.map(|(d, _)| d), period.map(|(_, r)| r))
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_family_member(app: &App, actor: &Actor, cadre_id: &str, input: &FamilyInput) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    writable_cadre(&mut tx, actor, cadre_id).await?;
    let member = input.parse()?;
    let id = new_id();
    let detail = json!({"section": "family", "id": id, "relation": member.relation, "name": member.name, "abroad": member.abroad});
    app.record(&mut tx, actor, "registry.dossier.family.add", ("cadre", cadre_id), detail, &[]).await?;
    dossier::insert_family(&mut tx, &id, cadre_id, &member).await?;
    tx.commit().await?;
    Ok(id)
}
