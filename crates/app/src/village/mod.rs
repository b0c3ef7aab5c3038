//! Use-cases of village-stationed assistance (驻村帮扶). A batch belongs to the org that
//! dispatched it and is seen by accounts whose scope holds that org; the org's page is addressed
//! by the org's ID and a batch within it by its number. A stationed cadre keeps their own work
//! log in self-service.
//!
//! Writes read inside their transaction; a new assignment locks the cadre's stations, so two
//! overlapping assignments sent together cannot both pass TRN-VILLAGE-NO-OVERLAP, and an
//! evaluation locks its assignment.

pub mod views;

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::village::{
    AssignmentInput, BatchInput, BatchStatus, Distribution, EVALUATION_RULE, EvaluationInput, LogInput,
    NO_OVERLAP_RULE, evaluation_allowed, parse_batch_number,
};
use jianquan_domain::{Invalid, Refusal};
use jianquan_storage::village::{self as store, AssignmentRow, BatchRow};
use jianquan_storage::{StorageError, WriteTx, ledger};
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::context::new_id;
use crate::registry::cadres::Page;
use crate::study::{cadre_field, org_field, org_in_scope, scope_range};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

const PER_PAGE: i64 = 50;

fn day(text: &str) -> AppResult<Date> {
    parse_date("date", text).map_err(|_| AppError::internal(format!("stored date {text}")))
}

fn status(batch: &BatchRow, today: Date) -> AppResult<BatchStatus> {
    Ok(BatchStatus::on(day(&batch.start_date)?, day(&batch.end_date)?, today))
}

/// A batch in the list: its counts, status and evaluation distribution.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchSummary {
    #[serde(flatten)]
    pub counts: views::BatchCounts,
    pub status: BatchStatus,
    pub distribution: Distribution,
}

/// Totals over every batch in scope.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct VillageTotals {
    pub batches: i64,
    pub assignments: i64,
    pub logs: i64,
    pub distribution: Distribution,
}

/// The batches in scope, newest first, with the overall totals.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VillageOverview {
    pub batches: Page<BatchSummary>,
    pub totals: VillageTotals,
}

pub async fn overview(app: &App, actor: &Actor, page: i64) -> AppResult<VillageOverview> {
    actor.require(Capability::TrainingRead)?;
    let page = page.max(1);
    let scope = scope_range(actor);
    let mut conn = app.db.read().await?;
    let (rows, total) = store::list_batches(&mut conn, &scope, (page - 1) * PER_PAGE, PER_PAGE).await?;
    let (assignments, logs) = store::totals(&mut conn, &scope).await?;
    let mut per_batch: HashMap<String, Distribution> = HashMap::new();
    let mut overall = Distribution::default();
    for (batch_id, grade, count) in store::grade_counts(&mut conn, &scope).await? {
        per_batch.entry(batch_id).or_default().add(&grade, count);
        overall.add(&grade, count);
    }
    let today = app.today();
    let mut items = Vec::with_capacity(rows.len());
    for counts in rows {
        items.push(BatchSummary {
            status: status(&counts.batch, today)?,
            distribution: per_batch.get(&counts.batch.id).copied().unwrap_or_default(),
            counts: counts.into(),
        });
    }
    let totals = VillageTotals { batches: total, assignments, logs, distribution: overall };
    let batches =
        Page { items, total, total_capped: false, page, per_page: PER_PAGE, pages: (total + PER_PAGE - 1) / PER_PAGE };
    Ok(VillageOverview { batches, totals })
}

/// Opens a batch dispatched by an org in scope.
pub async fn create_batch(app: &App, actor: &Actor, input: &BatchInput) -> AppResult<views::Batch> {
    actor.require(Capability::TrainingWrite)?;
    let batch = input.parse()?;
    let mut tx = app.db.write().await?;
    let org = org_field(&mut tx, actor, "org_id", &batch.org_id, None).await?;
    let (zh, en) =
        (format!("{}已有第{}批", org.name, batch.number), format!("{} already has batch {}", org.name, batch.number));
    // A number used once per org: checked here, and by the schema for one taken meanwhile.
    if store::batches_of_org(&mut tx, &org.id).await?.iter().any(|b| b.number == batch.number) {
        return Err(Invalid::one("number", zh, en).into());
    }
    let id = new_id();
    let detail = json!({"org_id": org.id, "number": batch.number, "start_date": batch.start_date.to_string(), "end_date": batch.end_date.to_string()});
    let seq = app.record(&mut tx, actor, "training.village.batch.create", ("village_batch", &id), detail, &[]).await?;
    store::insert_batch(&mut tx, &id, &org.path, &batch, seq).await.map_err(|e| match AppError::from(e) {
        AppError::Storage(StorageError::Duplicate(_)) => Invalid::one("number", zh.clone(), en.clone()).into(),
        other => other,
    })?;
    tx.commit().await?;
    Ok(views::Batch {
        id,
        org_id: org.id,
        org_path: org.path,
        org_name: org.name,
        number: batch.number,
        start_date: batch.start_date.to_string(),
        end_date: batch.end_date.to_string(),
    })
}

/// One batch in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchDetail {
    pub batch: views::Batch,
    pub status: BatchStatus,
    pub assignments: Vec<views::VillageAssignment>,
    /// The newest logs (up to 100).
    pub logs: Vec<views::WorkLog>,
    pub log_total: i64,
    pub distribution: Distribution,
    /// Why evaluations cannot be recorded yet, if they cannot.
    #[schema(value_type = Option<Object>)]
    pub evaluation_refused: Option<Refusal>,
    pub history: Vec<Entry>,
}

/// An org's village-assistance page: its batches and one of them in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgVillage {
    pub org: crate::registry::views::Org,
    pub batches: Vec<views::Batch>,
    pub selected: Option<BatchDetail>,
}

/// The org's batches; `number` selects one (default: the newest).
pub async fn org_village(app: &App, actor: &Actor, org_id: &str, number: Option<i64>) -> AppResult<OrgVillage> {
    actor.require(Capability::TrainingRead)?;
    let mut conn = app.db.read().await?;
    let org = org_in_scope(&mut conn, actor, org_id).await?;
    let batches = store::batches_of_org(&mut conn, &org.id).await?;
    let chosen = match number {
        Some(n) => Some(batches.iter().find(|b| b.number == n).ok_or(AppError::NotFound)?),
        None => batches.first(),
    };
    let selected = match chosen.cloned() {
        Some(batch) => {
            let assignments = store::assignments_of_batch(&mut conn, &batch.id).await?;
            let logs = store::logs_of_batch(&mut conn, &batch.id, 100).await?;
            let mut distribution = Distribution::default();
            for a in &assignments {
                if let Some(grade) = &a.grade {
                    distribution.add(grade, 1);
                }
            }
            let history = ledger::history(&mut conn, "village_batch", &batch.id, 50).await?;
            Some(BatchDetail {
                status: status(&batch, app.today())?,
                log_total: assignments.iter().map(|a| a.logs).sum(),
                evaluation_refused: evaluation_allowed(batch.number, day(&batch.end_date)?, app.today()).err(),
                batch: batch.into(),
                assignments: all(assignments),
                logs: all(logs),
                distribution,
                history,
            })
        }
        None => None,
    };
    Ok(OrgVillage { org: org.into(), batches: all(batches), selected })
}

/// Stations a cadre of the org's subtree in a village of one of its townships for a batch.
pub async fn add_assignment(app: &App, actor: &Actor, org_id: &str, input: &AssignmentInput) -> AppResult<String> {
    actor.require(Capability::TrainingWrite)?;
    let mut tx = app.db.write().await?;
    let org = org_in_scope(&mut tx, actor, org_id).await?;
    let number = parse_batch_number(&input.batch).map_err(|mut e| {
        e.field = "batch".into();
        Invalid { fields: vec![e] }
    })?;
    let batch = store::batches_of_org(&mut tx, &org.id).await?.into_iter().find(|b| b.number == number);
    let batch = batch.ok_or_else(|| {
        Invalid::one("batch", format!("{}没有第{number}批", org.name), format!("{} has no batch {number}", org.name))
    })?;
    // The cadre's periods over every batch, locked: an overlapping assignment written meanwhile
    // is seen here, or waits for this one.
    let stations = store::lock_stations(&mut tx, input.cadre_id.trim()).await?;
    let held = stations.as_ref().map_or(&[][..], |s| s.held.as_slice());
    let assignment = input.parse(day(&batch.start_date)?, day(&batch.end_date)?, held)?;
    let cadre = cadre_field(&mut tx, actor, &assignment.cadre_id, &org).await?;
    let township = org_field(&mut tx, actor, "township_id", &assignment.township_id, Some(&org)).await?;
    if township.level != "township" {
        return Err(Invalid::one("township_id", "应为乡镇(街道)", "the org is not a township or street").into());
    }
    let stations = stations
        .filter(|s| s.cadre_id == cadre.id)
        .ok_or_else(|| AppError::internal("the stations locked are not the assigned cadre's"))?;
    let id = new_id();
    let detail = json!({"assignment_id": id, "cadre_id": cadre.id, "name": cadre.name, "township_id": township.id,
        "village": assignment.village, "role": assignment.role, "start_date": assignment.start_date.to_string(), "end_date": assignment.end_date.to_string()});
    let seq = app
        .record(
            &mut tx,
            actor,
            "training.village.assignment.add",
            ("village_batch", &batch.id),
            detail,
            &[NO_OVERLAP_RULE],
        )
        .await?;
    store::insert_assignment(&mut tx, &stations, &id, &batch.id, &assignment, seq).await?;
    tx.commit().await?;
    Ok(id)
}

/// The batch of an assignment, if the actor may see it (the batch's org in scope).
async fn visible_batch(tx: &mut WriteTx, actor: &Actor, assignment: &AssignmentRow) -> AppResult<BatchRow> {
    let batch = store::batch(tx, &assignment.batch_id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&batch.org_path)?;
    Ok(batch)
}

/// Adds a log to an assignment in `tx` (a log is a record of its own: nothing else is decided).
async fn write_log(
    app: &App,
    mut tx: WriteTx,
    actor: &Actor,
    assignment: &AssignmentRow,
    batch: &BatchRow,
    input: &LogInput,
) -> AppResult<String> {
    let log = input.parse(day(&assignment.start_date)?, day(&assignment.end_date)?, app.today())?;
    let id = new_id();
    let detail = json!({"log_id": id, "assignment_id": assignment.id, "cadre_id": assignment.cadre_id, "date": log.date.to_string(),
        "chars": log.content.chars().count(), "self_service": actor.can(Capability::OwnDossier)});
    let seq = app.record(&mut tx, actor, "training.village.log.add", ("village_batch", &batch.id), detail, &[]).await?;
    store::insert_log(&mut tx, &id, &log, &actor.id, seq).await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff add a work log to any assignment of the org's batches in their scope.
pub async fn add_log(app: &App, actor: &Actor, org_id: &str, input: &LogInput) -> AppResult<String> {
    actor.require(Capability::TrainingWrite)?;
    let mut tx = app.db.write().await?;
    let org = org_in_scope(&mut tx, actor, org_id).await?;
    let assignment = store::assignment(&mut tx, input.assignment()?).await?.ok_or(AppError::NotFound)?;
    let batch = visible_batch(&mut tx, actor, &assignment).await?;
    if batch.org_id != org.id {
        return Err(AppError::NotFound);
    }
    write_log(app, tx, actor, &assignment, &batch, input).await
}

/// A stationed cadre adds a log to their own assignment; anyone else's is not found.
pub async fn add_my_log(app: &App, actor: &Actor, input: &LogInput) -> AppResult<String> {
    actor.require(Capability::OwnDossier)?;
    let own = actor.cadre_id.as_deref().ok_or(AppError::NotFound)?;
    let mut tx = app.db.write().await?;
    let assignment = store::assignment(&mut tx, input.assignment()?).await?.filter(|a| a.cadre_id == own);
    let assignment = assignment.ok_or(AppError::NotFound)?;
    let batch = store::batch(&mut tx, &assignment.batch_id).await?.ok_or(AppError::NotFound)?;
    write_log(app, tx, actor, &assignment, &batch, input).await
}

/// Records the end-of-batch evaluation of an assignment, once, after the batch has ended.
pub async fn evaluate_assignment(app: &App, actor: &Actor, org_id: &str, input: &EvaluationInput) -> AppResult<()> {
    actor.require(Capability::TrainingWrite)?;
    let mut tx = app.db.write().await?;
    let org = org_in_scope(&mut tx, actor, org_id).await?;
    let evaluation = input.parse()?;
    let assignment = store::lock_assignment(&mut tx, &evaluation.assignment_id).await?.ok_or(AppError::NotFound)?;
    let batch = visible_batch(&mut tx, actor, &assignment).await?;
    if batch.org_id != org.id {
        return Err(AppError::NotFound);
    }
    evaluation_allowed(batch.number, day(&batch.end_date)?, app.today())?;
    let (zh, en) = ("该驻村任务已完成期满考核", "the assignment is already evaluated");
    if assignment.grade.is_some() {
        return Err(Invalid::one("assignment_id", zh, en).into());
    }
    let detail = json!({"assignment_id": assignment.id, "cadre_id": assignment.cadre_id, "grade": evaluation.grade});
    let seq = app
        .record(
            &mut tx,
            actor,
            "training.village.evaluation.record",
            ("village_batch", &batch.id),
            detail,
            &[EVALUATION_RULE],
        )
        .await?;
    store::insert_evaluation(&mut tx, &assignment, &evaluation, &actor.id, seq).await.map_err(
        |e| match AppError::from(e) {
            AppError::Storage(StorageError::Duplicate(_)) => Invalid::one("assignment_id", zh, en).into(),
            other => other,
        },
    )?;
    tx.commit().await?;
    Ok(())
}

/// A stationed cadre's own assignments and logs.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyVillage {
    pub assignments: Vec<views::VillageAssignment>,
    pub logs: Vec<views::WorkLog>,
}

pub async fn my_village(app: &App, actor: &Actor) -> AppResult<MyVillage> {
    actor.require(Capability::OwnDossier)?;
    let own = actor.cadre_id.as_deref().ok_or(AppError::NotFound)?;
    let mut conn = app.db.read().await?;
    Ok(MyVillage {
        assignments: all(store::assignments_of_cadre(&mut conn, own).await?),
        logs: all(store::logs_of_cadre(&mut conn, own, 100).await?),
    })
}
