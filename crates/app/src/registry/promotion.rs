//! Recording an appointment in the registry — from a selection case, or decided by another body —
//! (SEL-COLLECTIVE): the new rank and post, the tenure with who decided it, and the
//! duties a promotion creates — the discipline test (INT-SIX-MUSTS-3), training catch-up for a
//! promotee who is short (TRN-CATCH-UP), and regular talks for a key post (INT-SIX-MUSTS-4).
//! The selection procedure (选拔任用) ends in this same use-case at appointment.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::Rank;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::registry::decided_by::DecidedBy;
use jianquan_domain::registry::dossier::Tenure;
use jianquan_domain::{Errors, FieldError, Invalid};
use jianquan_storage::registry::cadres::{self, Cadre};
use jianquan_storage::registry::dossier::TenureDecision;
use jianquan_storage::registry::{dossier, posts, promotions};
use jianquan_storage::{Locked, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::context::new_id;
use crate::integrity::obligations::{catch_up_if_short, raise_in};
use crate::{Actor, App, AppError, AppResult};

/// An appointment decided by another body, as recorded (SEL-COLLECTIVE: a current post or rank
/// changes only by a selection case's committee vote or by such a recorded decision).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PromotionInput {
    /// The body that decided: higher_party_committee (上级党委决定), congress_election (人民代表大会
    /// 选举), congress_standing_committee (人大常委会任命) or government (政府任命).
    pub decided_by: String,
    /// The day that body decided.
    pub decided_on: String,
    /// Its document (任免文号); required.
    pub document_number: String,
    /// The rank after the appointment (code or Chinese label): the current one or higher.
    pub rank: String,
    /// The new post's title.
    pub title: String,
    /// A post of the cadre's org to hold (optional); it must have a vacancy.
    pub post_id: String,
    /// The appointment date: the tenure starts on it.
    pub date: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PromotionOutcome {
    pub tenure_id: String,
    /// Obligations created (discipline test, catch-up, key-post talks).
    pub obligations: Vec<String>,
}

/// Records an appointment decided by another body (a higher party committee, a people's congress
/// or its standing committee, the government), with that body, its document number and date —
/// the capability of its own (AppointmentRecord), ledgered and shown on the dossier as such.
/// A promotion among them creates the promotion's duties like one from a selection case.
pub async fn promote(app: &App, actor: &Actor, cadre_id: &str, input: &PromotionInput) -> AppResult<PromotionOutcome> {
    actor.require(Capability::AppointmentRecord)?;
    let mut tx = app.db.write().await?;
    let cadre = cadres::lock(&mut tx, cadre_id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&cadre.org_path)?;
    let mut e = Errors::default();
    let body = e.take(DecidedBy::parse_other("decided_by", &input.decided_by));
    let decided_on = e.take(parse_date("decided_on", &input.decided_on));
    let rank = e.take(Rank::parse("rank", &input.rank));
    let date = e.take(parse_date("date", &input.date));
    let today = app.today();
    if date.is_some_and(|d| d > today) {
        e.push(FieldError::new("date", "任职日期不能晚于今天", "the appointment cannot be dated after today"));
    }
    if decided_on.is_some_and(|d| d > today || date.is_some_and(|start| d > start)) {
        e.push(FieldError::new(
            "decided_on",
            "决定日期不能晚于今天或任职日期",
            "the decision cannot be dated after today or after the tenure starts",
        ));
    }
    let document_number = input.document_number.trim();
    if document_number.is_empty() || document_number.chars().count() > 60 {
        e.push(FieldError::new(
            "document_number",
            "请填写任免文号（60 字以内）",
            "give the document number (up to 60 characters)",
        ));
    }
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        e.push(FieldError::new(
            "title",
            "请填写职务名称（100 字以内）",
            "give the post's title (up to 100 characters)",
        ));
    }
    if let Some(rank) = rank
        && cadre.rank_level != 0
        && i64::from(rank.level) > cadre.rank_level
    {
        e.push(FieldError::new(
            "rank",
            "职级低于现职级：降职不在此登记",
            "the rank is below the current one: not recorded here",
        ));
    }
    let mut key_post = false;
    let post_id = input.post_id.trim();
    if !post_id.is_empty() {
        // The post is locked before the ledger entry (the vacancy is counted again in `record`).
        match posts::lock(&mut tx, post_id).await?.map(Locked::into_inner) {
            Some(p) if p.org_id == cadre.org_id && p.vacancies > 0 => key_post = p.key_post,
            Some(p) if p.org_id == cadre.org_id => {
                e.push(FieldError::new("post_id", "该职务没有空缺职数", "the post has no vacancy"))
            }
            _ => e.push(FieldError::new("post_id", "职务不属于该干部所在单位", "the post is not in the cadre's org")),
        }
    }
    e.finish()?;
    let (Some(body), Some(decided_on), Some(rank), Some(date)) = (body, decided_on, rank, date) else {
        return Err(Invalid::one("decided_by", "输入有误", "invalid").into());
    };
    let plan = Plan {
        rank,
        title: title.to_owned(),
        post_id: (!post_id.is_empty()).then(|| post_id.to_owned()),
        key_post,
        date,
        document_number: document_number.to_owned(),
        decision: TenureDecision { by: body, on: Some(decided_on), case_id: None },
    };
    let outcome = record(app, &mut tx, actor, &cadre, &plan, &["SEL-COLLECTIVE"]).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// A checked promotion: what [`record`] writes.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub rank: &'static Rank,
    pub title: String,
    /// A post of the cadre's org with a vacancy (checked again in the transaction).
    pub post_id: Option<String>,
    pub key_post: bool,
    /// The tenure's start.
    pub date: time::Date,
    pub document_number: String,
    /// Who decided it: a selection case, or another body on a date.
    pub decision: TenureDecision,
}

/// Writes a checked promotion in `tx`, whose caller locked the cadre and the post before its
/// first ledger entry: the ledger entry (with `rules`, e.g. the SEL-* rules of the selection that
/// decided it), the vacancy checked again, the previous tenures ended, the
/// new tenure, rank and post, and the duties a promotion creates. The selection procedure's
/// appointment ends here, in its own transaction.
pub(crate) async fn record(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    cadre: &Cadre,
    plan: &Plan,
    rules: &[&str],
) -> AppResult<PromotionOutcome> {
    let (rank, date, title, cadre_id) = (plan.rank, plan.date, plan.title.as_str(), cadre.id.as_str());
    let tenure = Tenure {
        org_id: cadre.org_id.clone(),
        post_id: plan.post_id.clone(),
        title: title.to_owned(),
        start_date: date,
        end_date: None,
        document_number: plan.document_number.clone(),
    };
    let tenure_id = new_id();
    let decision = &plan.decision;
    let detail = json!({"tenure": tenure_id, "from_rank": cadre.rank, "to_rank": rank.code, "title": title,
        "post_id": tenure.post_id, "date": date.to_string(), "document_number": tenure.document_number,
        "decided_by": decision.by.code(), "decided_on": decision.on.map(|d| d.to_string()), "case": decision.case_id});
    // Raised in rank (a cadre without one takes their first): a promotion, with its duties; the
    // same rank in a new post is an appointment only.
    let promoted_in_rank = cadre.rank_level == 0 || i64::from(rank.level) < cadre.rank_level;
    let action = if promoted_in_rank { "registry.cadre.promote" } else { "registry.cadre.appoint" };
    let seq = app.record(tx, actor, action, ("cadre", cadre_id), detail, rules).await?;
    // The vacancy again: the caller locked the post before its first ledger entry, so another
    // appointment to it waits.
    if let Some(post_id) = &tenure.post_id
        && posts::get(tx, post_id).await?.is_none_or(|p| p.vacancies <= 0)
    {
        return Err(Invalid::one("post_id", "该职务没有空缺职数", "the post has no vacancy").into());
    }
    dossier::end_open_tenures(tx, cadre_id, date - time::Duration::days(1)).await?;
    dossier::insert_tenure(tx, &tenure_id, cadre_id, &tenure, Some(decision)).await?;
    cadres::set_rank(tx, cadre_id, rank, title, seq).await?;
    if !promoted_in_rank {
        let promoted = cadres::get(tx, cadre_id).await?.ok_or(AppError::NotFound)?;
        let basis = if tenure.document_number.is_empty() { title.to_owned() } else { tenure.document_number.clone() };
        let obligations = if plan.key_post {
            raise_in(app, tx, actor, &promoted, "key_post_or_major_task", date, &basis).await?
        } else {
            Vec::new()
        };
        return Ok(PromotionOutcome { tenure_id, obligations });
    }
    let fact = promotions::NewPromotion {
        tenure_id: &tenure_id,
        cadre_id,
        org_path: &cadre.org_path,
        date,
        from_rank: cadre.rank.as_deref(),
        to_rank: rank,
        seq,
    };
    promotions::insert(tx, &fact).await?;
    let promoted = cadres::get(tx, cadre_id).await?.ok_or(AppError::NotFound)?;
    let basis = if tenure.document_number.is_empty() { title.to_owned() } else { tenure.document_number.clone() };
    let mut obligations = raise_in(app, tx, actor, &promoted, "promotion", date, &basis).await?;
    obligations.extend(catch_up_if_short(app, tx, actor, &promoted, date, ("tenure", &tenure_id)).await?);
    if plan.key_post {
        obligations.extend(raise_in(app, tx, actor, &promoted, "key_post_or_major_task", date, &basis).await?);
    }
    Ok(PromotionOutcome { tenure_id, obligations })
}
