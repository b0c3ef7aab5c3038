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

use super::views::Talk;
use crate::context::new_id;
use crate::integrity::obligations::{fulfil_matching, lock_duties};
use crate::registry::dossier::influence_until;
use crate::training::subject;
use crate::view::all;
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
    let id = new_id();
    let period = if talk.kind == "admonishment" { influence_until(app, "admonishment", talk.date)? } else { None };
    let mut rules: Vec<&str> = Vec::new();
    if let Some((_, rule)) = period {
        rules.push(rule);
    }
    let mut tx = app.db.write().await?;
    let cadre = subject(&mut tx, actor, &talk.cadre_id, Capability::IntegrityWrite).await?;
    // The duties the talk may fulfil, locked before anything is recorded.
    let duties = lock_duties(&mut tx, &cadre.id).await?;
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
        fulfil_matching(app, &mut tx, actor, &duties, kinds_fulfilled_by_talk(talk.kind), ("talk", &id), talk.date)
            .await?;
    tx.commit().await?;
    Ok(TalkOutcome { id, fulfilled, influence_until: period.map(|(d, _)| d.to_string()) })
}

/// The cadre acknowledges a talk held with them (本人确认), with an optional statement.
pub async fn acknowledge(app: &App, actor: &Actor, talk_id: &str, statement: &str) -> AppResult<()> {
    actor.require(Capability::OwnDossier)?;
    let already = || jianquan_domain::Invalid::one("talk", "已确认过", "already acknowledged");
    let mut tx = app.db.write().await?;
    let talk = store::lock_talk(&mut tx, talk_id).await?.ok_or(AppError::NotFound)?;
    if actor.cadre_id.as_deref() != Some(talk.cadre_id.as_str()) {
        return Err(AppError::NotFound);
    }
    if talk.acknowledged_at.is_some() {
        return Err(already().into());
    }
    let statement: String = statement.trim().chars().take(2000).collect();
    let at = crate::access::sessions::rfc3339(app.now())?;
    app.record(&mut tx, actor, "integrity.talk.acknowledge", ("cadre", &talk.cadre_id), json!({"talk": talk_id}), &[])
        .await?;
    if !store::acknowledge_talk(&mut tx, &talk, &at, &statement).await? {
        return Err(already().into());
    }
    tx.commit().await?;
    Ok(())
}

pub async fn list(app: &App, actor: &Actor, page: i64) -> AppResult<(Vec<Talk>, i64)> {
    actor.require(Capability::TrainingRead)?;
    let root = actor.list_scope();
    let mut conn = app.db.read().await?;
    let (talks, total) = store::list_talks(&mut conn, &root, (page.max(1) - 1) * 50, 50).await?;
    Ok((all(talks), total))
}

pub async fn of_cadre(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<Vec<Talk>> {
    let mut conn = app.db.read().await?;
    subject(&mut conn, actor, cadre_id, Capability::TrainingRead).await?;
    Ok(all(store::talks_of(&mut conn, cadre_id).await?))
}
