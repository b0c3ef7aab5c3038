//! Talk records: held by staff, acknowledged by the cadre. A talk fulfils the obligations of its
//! kind (INT-SIX-MUSTS-4..6); an admonishment also writes its influence period to the dossier
//! (DSC-ADMONISH-PERIOD).

use jianquan_domain::access::Capability;
use jianquan_domain::integrity::obligation::kinds_fulfilled_by_talk;
use jianquan_domain::integrity::talk::TalkInput;
use jianquan_domain::registry::dossier::RewardSanction;
use jianquan_storage::integrity::{self as store, TalkRow};
use jianquan_storage::registry::dossier;
use serde_json::json;

use crate::context::new_id;
use crate::integrity::obligations::fulfil_matching;
use crate::registry::dossier::influence_until;
use crate::training::subject;
use crate::{Actor, App, AppError, AppResult};

/// What recording a talk did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TalkOutcome {
    pub id: String,
    /// Obligations the talk fulfilled.
    pub fulfilled: Vec<String>,
    /// For an admonishment: the last day of its influence period.
    pub influence_until: Option<String>,
}

pub async fn record_talk(app: &App, actor: &Actor, input: &TalkInput) -> AppResult<TalkOutcome> {
    actor.require(Capability::IntegrityWrite)?;
    let talk = input.parse(app.today())?;
    let mut conn = app.db.read().await?;
    let cadre = subject(&mut conn, actor, &talk.cadre_id, Capability::IntegrityWrite).await?;
    drop(conn);
    let id = new_id();
    let period = if talk.kind == "admonishment" { influence_until(app, "admonishment", talk.date)? } else { None };
    let mut rules: Vec<&str> = Vec::new();
    if let Some((_, rule)) = period {
        rules.push(rule);
    }
    let mut tx = app.db.write().await?;
    let detail = json!({"talk": id, "kind": talk.kind, "talker": talk.talker, "date": talk.date.to_string(),
        "document_number": talk.document_number, "influence_until": period.map(|(d, _)| d.to_string())});
    let seq = app.record(&mut tx, actor, "integrity.talk.record", ("cadre", &cadre.id), detail, &rules).await?;
    let row = TalkRow {
        id: id.clone(),
        cadre_id: cadre.id.clone(),
        cadre_name: cadre.name.clone(),
        org_path: cadre.org_path.clone(),
        kind: talk.kind.to_owned(),
        talker: talk.talker.clone(),
        date: talk.date.to_string(),
        content: talk.content.clone(),
        document_number: talk.document_number.clone(),
        acknowledged_at: None,
        acknowledgement: String::new(),
    };
    store::insert_talk(&mut tx, &row, seq).await?;
    if let Some((until, rule)) = period {
        let entry = RewardSanction {
            category: "sanction",
            kind: "admonishment",
            date: talk.date,
            authority: talk.talker.clone(),
            document_number: talk.document_number.clone(),
            reason: talk.content.chars().take(200).collect(),
        };
        dossier::insert_reward_sanction(&mut tx, &new_id(), &cadre.id, &entry, Some(until), Some(rule)).await?;
    }
    let fulfilled =
        fulfil_matching(app, &mut tx, actor, &cadre.id, kinds_fulfilled_by_talk(talk.kind), ("talk", &id), talk.date)
            .await?;
    tx.commit().await?;
    Ok(TalkOutcome { id, fulfilled, influence_until: period.map(|(d, _)| d.to_string()) })
}

/// The cadre acknowledges a talk held with them (本人确认), with an optional statement.
pub async fn acknowledge(app: &App, actor: &Actor, talk_id: &str, statement: &str) -> AppResult<()> {
    actor.require(Capability::OwnDossier)?;
    let mut conn = app.db.read().await?;
    let talk = store::get_talk(&mut conn, talk_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    if actor.cadre_id.as_deref() != Some(talk.cadre_id.as_str()) {
        return Err(AppError::NotFound);
    }
    if talk.acknowledged_at.is_some() {
        return Err(jianquan_domain::Invalid::one("talk", "已确认过", "already acknowledged").into());
    }
    let statement: String = statement.trim().chars().take(2000).collect();
    let at = crate::access::sessions::rfc3339(app.now())?;
    let mut tx = app.db.write().await?;
    app.record(&mut tx, actor, "integrity.talk.acknowledge", ("cadre", &talk.cadre_id), json!({"talk": talk_id}), &[])
        .await?;
    if !store::acknowledge_talk(&mut tx, talk_id, &at, &statement).await? {
        return Err(jianquan_domain::Invalid::one("talk", "已确认过", "already acknowledged").into());
    }
    tx.commit().await?;
    Ok(())
}

pub async fn list(app: &App, actor: &Actor, page: i64) -> AppResult<(Vec<TalkRow>, i64)> {
    actor.require(Capability::TrainingRead)?;
    let root = actor.list_scope();
    let mut conn = app.db.read().await?;
    Ok(store::list_talks(&mut conn, &root, (page.max(1) - 1) * 50, 50).await?)
}

pub async fn of_cadre(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<Vec<TalkRow>> {
    let mut conn = app.db.read().await?;
    subject(&mut conn, actor, cadre_id, Capability::TrainingRead).await?;
    Ok(store::talks_of(&mut conn, cadre_id).await?)
}
