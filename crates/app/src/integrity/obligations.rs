//! The obligations mechanism: events create duties (the six musts, TRN-CATCH-UP), records fulfil
//! them, and open duties past due are listed per unit (they feed early warning).
//!
//! A record that fulfils duties, and staff closing one, lock the cadre's duties
//! ([`store::lock_duties`]) before their transaction's first ledger entry and decide on the open
//! obligations read under the lock: a record fulfils each open duty once, a duty is closed once.
//! Whether an event's duty is already covered is read after the event's ledger entry, where no
//! other writer runs (the promotion and appointment use-cases create duties there too).

use jianquan_domain::access::Capability;
use jianquan_domain::integrity::obligation::{Duty, TRIGGER, catch_up_duty, duties_for, next_periodic_due};
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::{Errors, FieldError, Invalid};
use jianquan_storage::integrity::{self as store, Duties, EventRow, NewObligation, ObligationRow, Show};
use jianquan_storage::registry::cadres::{self, Cadre};
use jianquan_storage::{Locked, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::views::Obligation;
use crate::context::new_id;
use crate::training::report::progress_of;
use crate::training::{policy_error, subject};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// Creates the obligations of `duties` for a cadre in `tx`, each with its own ledger entry.
/// A duty whose rule already has an open obligation for the cadre is covered by it and skipped.
///
/// Called after the transaction's first ledger entry (the event's, the promotion's): whether a
/// duty is covered is read where no other writer runs, so two events cannot both create it.
pub(crate) async fn create(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    cadre: &Cadre,
    duties: &[Duty],
    source: (&str, &str),
    source_date: Date,
) -> AppResult<Vec<String>> {
    let mut ids = Vec::new();
    for duty in duties {
        if store::has_open(tx, &cadre.id, duty.rule).await? {
            continue;
        }
        let id = new_id();
        let detail = json!({"obligation": id, "kind": duty.kind, "due_date": duty.due.to_string(),
            "source_kind": source.0, "source_id": source.1, "source_date": source_date.to_string()});
        let seq =
            app.record(tx, actor, "integrity.obligation.create", ("cadre", &cadre.id), detail, &[duty.rule]).await?;
        let new = NewObligation {
            id: &id,
            cadre_id: &cadre.id,
            org_path: &cadre.org_path,
            rule: duty.rule,
            kind: &duty.kind,
            source_kind: source.0,
            source_id: source.1,
            source_date: source_date.to_string(),
            due_date: duty.due.to_string(),
            interval_months: duty.interval_months,
            note: "",
        };
        store::insert_obligation(tx, &new, seq).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// The cadre's duties locked inside `tx`, before its first ledger entry.
pub(crate) async fn lock_duties(tx: &mut WriteTx, cadre_id: &str) -> AppResult<Locked<Duties>> {
    store::lock_duties(tx, cadre_id).await?.ok_or(AppError::NotFound)
}

/// Fulfils the open obligations of `kinds` of the cadre whose duties are locked, with a record
/// (`by` = kind and ID). A periodic obligation (INT-SIX-MUSTS-4) creates its next one, due an
/// interval after this fulfilment.
pub(crate) async fn fulfil_matching(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    held: &Locked<Duties>,
    kinds: &[&str],
    by: (&str, &str),
    on: Date,
) -> AppResult<Vec<String>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let cadre_id = held.cadre_id.as_str();
    let open = store::open_duties(tx, held).await?;
    let mut done = Vec::new();
    for o in fulfillable(&open, kinds, on) {
        let detail = json!({"obligation": o.id, "kind": o.kind, "by_kind": by.0, "by_id": by.1, "on": on.to_string()});
        let seq = app.record(tx, actor, "integrity.obligation.fulfil", ("cadre", cadre_id), detail, &[&o.rule]).await?;
        if !store::fulfil(tx, held, &o.id, by, &on.to_string(), seq).await? {
            return Err(Invalid::one(
                "obligation",
                "该义务刚被其他记录履行，请重试",
                "the duty was just fulfilled by another record; try again",
            )
            .into());
        }
        if let Some(months) = o.interval_months.and_then(|m| u32::try_from(m).ok()) {
            let next = NewObligation {
                id: &new_id(),
                cadre_id,
                org_path: &o.org_path,
                rule: &o.rule,
                kind: &o.kind,
                source_kind: "obligation",
                source_id: &o.id,
                source_date: on.to_string(),
                due_date: next_periodic_due(on, months).to_string(),
                interval_months: Some(months),
                note: "",
            };
            let detail = json!({"obligation": next.id, "kind": o.kind, "due_date": next.due_date, "after": o.id});
            let seq =
                app.record(tx, actor, "integrity.obligation.create", ("cadre", cadre_id), detail, &[&o.rule]).await?;
            store::insert_obligation(tx, &next, seq).await?;
        }
        done.push(o.id.clone());
    }
    Ok(done)
}

/// The open obligations of `kinds` that arose on or before `on` (a record fulfils only a duty
/// that existed when it was made), oldest due first.
fn fulfillable<'a>(open: &'a [ObligationRow], kinds: &[&str], on: Date) -> Vec<&'a ObligationRow> {
    let on = on.to_string();
    open.iter().filter(|o| kinds.contains(&o.kind.as_str()) && o.source_date <= on).collect()
}

/// After new training, a promotee's catch-up obligation (TRN-CATCH-UP) is fulfilled once they
/// meet the requirement of their rank.
pub(crate) async fn settle_catch_up(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    held: &Locked<Duties>,
    record_id: &str,
    on: Date,
) -> AppResult<()> {
    let open = store::open_duties(tx, held).await?;
    if fulfillable(&open, &["training_catch_up"], on).is_empty() {
        return Ok(());
    }
    let cadre = cadres::get(tx, &held.cadre_id).await?.ok_or(AppError::NotFound)?;
    let today = app.today().max(on);
    // The catch-up is about the time rule of the rank (hours or days), not the year's credits.
    if progress_of(app, tx, &cadre.id, cadre.rank_level, today).await?.hours_short() == 0 {
        fulfil_matching(app, tx, actor, held, &["training_catch_up"], ("training_record", record_id), on).await?;
    }
    Ok(())
}

/// A six-musts trigger event as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EventInput {
    pub cadre_id: String,
    /// party_admission, civil_service_entry, promotion, key_post_or_major_task,
    /// report_shows_emerging_problem or accountability_decision.
    pub trigger: String,
    pub date: String,
    /// The basis: a document number, a report's reference, a decision.
    pub basis: String,
}

/// Records a trigger event and creates the duties the policy attaches to it.
pub async fn record_event(app: &App, actor: &Actor, input: &EventInput) -> AppResult<Vec<String>> {
    actor.require(Capability::IntegrityWrite)?;
    let mut e = Errors::default();
    let trigger = e.take(TRIGGER.parse("trigger", &input.trigger)).map(|c| c.code);
    let date = e.take(parse_date("date", &input.date));
    if date.is_some_and(|d| d > app.today()) {
        e.push(FieldError::new("date", "日期不能晚于今天", "the date cannot be after today"));
    }
    if input.basis.trim().chars().count() > 500 {
        e.push(FieldError::new("basis", "不能超过 500 个字", "at most 500 characters"));
    }
    if input.cadre_id.trim().is_empty() {
        e.push(FieldError::new("cadre_id", "必填", "required"));
    }
    e.finish()?;
    let (Some(trigger), Some(date)) = (trigger, date) else {
        return Err(Invalid::one("trigger", "输入有误", "invalid").into());
    };
    let mut tx = app.db.write().await?;
    let cadre = subject(&mut tx, actor, input.cadre_id.trim(), Capability::IntegrityWrite).await?;
    let ids = raise_in(app, &mut tx, actor, &cadre, trigger, date, input.basis.trim()).await?;
    tx.commit().await?;
    Ok(ids)
}

/// Records an event and the duties it creates in `tx` (also called by the promotion use-case).
pub(crate) async fn raise_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    cadre: &Cadre,
    trigger: &str,
    date: Date,
    basis: &str,
) -> AppResult<Vec<String>> {
    let duties = duties_for(&app.policy, trigger, date).map_err(policy_error)?;
    let rules: Vec<&str> = duties.iter().map(|d| d.rule).collect();
    let id = new_id();
    let seq = app
        .record(
            tx,
            actor,
            "integrity.event.record",
            ("cadre", &cadre.id),
            json!({"event": id, "trigger": trigger, "date": date.to_string(), "basis": basis}),
            &rules,
        )
        .await?;
    let event =
        EventRow { id: &id, cadre_id: &cadre.id, org_path: &cadre.org_path, trigger, date: date.to_string(), basis };
    store::insert_event(tx, &event, seq).await?;
    create(app, tx, actor, cadre, &duties, ("integrity_event", &id), date).await
}

/// A promotee short of training gets a catch-up duty (TRN-CATCH-UP).
pub(crate) async fn catch_up_if_short(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    cadre: &Cadre,
    promoted_on: Date,
    source: (&str, &str),
) -> AppResult<Option<String>> {
    if !app.policy.is_in_force("TRN-CATCH-UP", promoted_on) {
        return Ok(None);
    }
    // Short of the time rule of the new rank (TRN-COUNTY-5Y / TRN-TOWNSHIP-YEAR); the year's
    // credits are a separate, yearly matter.
    let progress = progress_of(app, tx, &cadre.id, cadre.rank_level, promoted_on).await?;
    if progress.hours_short() == 0 {
        return Ok(None);
    }
    let duty = catch_up_duty(&app.policy, promoted_on).map_err(policy_error)?;
    Ok(create(app, tx, actor, cadre, &[duty], source, promoted_on).await?.pop())
}

/// A page of a unit's obligations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ObligationPage {
    pub items: Vec<Obligation>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

pub fn parse_show(raw: &str) -> Show {
    match raw {
        "open" => Show::Open,
        "fulfilled" => Show::Fulfilled,
        "closed" => Show::Closed,
        _ => Show::Overdue,
    }
}

/// Obligations of an org's subtree (the actor's scope by default): overdue first by default.
pub async fn list(app: &App, actor: &Actor, org_id: Option<&str>, show: Show, page: i64) -> AppResult<ObligationPage> {
    actor.require(Capability::TrainingRead)?;
    let mut conn = app.db.read().await?;
    let root = match org_id.filter(|id| !id.is_empty()) {
        Some(id) => {
            let org = jianquan_storage::registry::orgs::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
            actor.require_in_scope(&org.path)?
        }
        None => actor.list_scope(),
    };
    let per_page = 50;
    let page = page.max(1);
    let (items, total) =
        store::list_obligations(&mut conn, &root, show, &app.today().to_string(), (page - 1) * per_page, per_page)
            .await?;
    Ok(ObligationPage { items: all(items), total, page, per_page })
}

pub async fn of_cadre(app: &App, actor: &Actor, cadre_id: &str) -> AppResult<Vec<Obligation>> {
    let mut conn = app.db.read().await?;
    subject(&mut conn, actor, cadre_id, Capability::TrainingRead).await?;
    Ok(all(store::of_cadre(&mut conn, cadre_id).await?))
}

fn not_open() -> AppError {
    Invalid::one("status", "该义务已履行或已关闭", "the obligation is already fulfilled or closed").into()
}

/// Closes an open obligation that no longer applies (e.g. the key post was left), with the reason.
pub async fn close(app: &App, actor: &Actor, id: &str, note: &str) -> AppResult<()> {
    actor.require(Capability::IntegrityWrite)?;
    let mut tx = app.db.write().await?;
    // The obligation names its cadre (which never changes); whether it is still open is read
    // from the cadre's duties, locked.
    let o = store::get_obligation(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&o.org_path)?;
    let held = lock_duties(&mut tx, &o.cadre_id).await?;
    if !store::open_duties(&mut tx, &held).await?.iter().any(|open| open.id == o.id) {
        return Err(not_open());
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        return Err(
            Invalid::one("note", "请写明关闭理由（500 字以内）", "give the reason (up to 500 characters)").into()
        );
    }
    let seq = app
        .record(
            &mut tx,
            actor,
            "integrity.obligation.close",
            ("cadre", &o.cadre_id),
            json!({"obligation": id, "note": note}),
            &[&o.rule],
        )
        .await?;
    if !store::close(&mut tx, &held, id, note, seq).await? {
        return Err(not_open());
    }
    tx.commit().await?;
    Ok(())
}

/// Overdue obligations per unit: the org itself and each child with its subtree, as
/// (org ID, name, count), for the list's summary.
pub async fn overdue_by_unit(app: &App, actor: &Actor, org_id: Option<&str>) -> AppResult<Vec<(String, String, i64)>> {
    actor.require(Capability::TrainingRead)?;
    let mut conn = app.db.read().await?;
    let id = match org_id.filter(|id| !id.is_empty()) {
        Some(id) => id.to_owned(),
        None => actor.scope_org_id.clone().ok_or(AppError::NotFound)?,
    };
    let org = jianquan_storage::registry::orgs::get(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
    let root = actor.require_in_scope(&org.path)?;
    let children = jianquan_storage::registry::orgs::child_orgs(&mut conn, &org.id).await?;
    let counts = store::overdue_by_org(&mut conn, &root, &app.today().to_string()).await?;
    let mut units: Vec<(String, String, i64)> = std::iter::once((org.id.clone(), org.name.clone(), 0))
        .chain(children.iter().map(|c| (c.id.clone(), c.name.clone(), 0)))
        .collect();
    for (path, n) in counts {
        let unit = children.iter().position(|c| path.starts_with(&c.path)).map_or(0, |i| i + 1);
        units[unit].2 += n;
    }
    units.retain(|u| u.2 > 0);
    Ok(units)
}
