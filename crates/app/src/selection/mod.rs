//! Selection & appointment (选拔任用) use-cases: a selection case (纪实) from the motion (动议)
//! through democratic recommendation, the eligibility gate, inspection, the committee decision
//! and pre-appointment publicity to the appointment, which ends in the registry's promotion.
//!
//! Each write follows one pattern: check the capability and scope, rebuild the domain value
//! from what is stored (a case, a round, a meeting, a publicity), let the domain take the step
//! — which refuses with the SEL-* rule that forbids it — and write the change with its ledger
//! entry in one transaction. Values that open the next step (a committee decision, a publicity
//! clearance, an inspection report) are never stored as verdicts: they are recomputed from the
//! recorded votes, objections and letters each time they are used. Every entry's subject is
//! the case (`selection_case`), so the case page shows every step from the ledger.
//!
//! - [`cases`]: motion, pause, resume, archive, the list and the case's history;
//! - [`choices`]: what the forms offer (posts with a free seat, members, inspectors);
//! - [`recommendation`]: rounds, voter codes, ballots, tellers' counts, closing, nomination;
//! - [`examination`]: competitive appointment and open selection — announcement, review, scores, ranking;
//! - [`eligibility`]: the four musts, the gate, exceptional promotion, the move to inspection;
//! - [`inspection`]: teams, responsibility letters, interviews, reports, the move to decision;
//! - [`decision`]: committee meetings, agendas, attendance, recusals, votes, decisions, 复议;
//! - [`publicity`]: notices, objections with receipts, findings, the public list;
//! - [`appointment`]: the appointment and its probation, through the registry's promotion;
//! - [`accountability`]: appointments flagged for misjudgement review (SEL-ACCOUNTABILITY);
//! - [`outcomes`]: the outcome figure — of a year's promotees, the share rated 优秀 at its end;
//! - [`next_step`]: a case's next step (下一步) — action, owner, deadline, place — for a page of cases;
//! - [`view`]: the case with every step, for its page and the API.

pub mod accountability;
pub mod agenda_form;
pub mod appointment;
pub mod cases;
pub mod choices;
pub mod decision;
pub mod eligibility;
pub mod examination;
pub mod inspection;
pub mod next_step;
pub mod outcomes;
pub mod publicity;
pub mod recommendation;
pub mod view;
pub mod views;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::StepError;
use jianquan_domain::selection::case::{Case, CaseNumber, Method, State};
use jianquan_domain::{FieldError, Invalid, Refusal};
use jianquan_storage::selection::cases::{self as store, CaseRow};
use jianquan_storage::{Locked, WriteTx};
use sha2::{Digest, Sha256};
use time::Date;

use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// The ledger subject of every selection step.
pub const SUBJECT: &str = "selection_case";

/// A domain step's failure as an application error.
pub(crate) fn step_error(e: StepError) -> AppError {
    match e {
        StepError::Refused(r) => r.into(),
        StepError::Policy(p) => policy_error(p),
    }
}

/// A stored case the actor may see for `capability`; anything else is not found. For reads:
/// a step on the case locks it with [`locked_case`] inside its write transaction.
pub(crate) async fn case_for(app: &App, actor: &Actor, id: &str, capability: Capability) -> AppResult<CaseRow> {
    actor.require(capability)?;
    let mut conn = app.db.read().await?;
    let case = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&case.org_path)?;
    Ok(case)
}

/// The case locked for a step inside `tx`, if the actor may take steps on it for `capability`.
pub(crate) async fn locked_case(
    tx: &mut WriteTx,
    actor: &Actor,
    id: &str,
    capability: Capability,
) -> AppResult<Locked<CaseRow>> {
    actor.require(capability)?;
    let case = store::lock(tx, id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&case.org_path)?;
    Ok(case)
}

pub(crate) fn number_of(case: &CaseRow) -> CaseNumber {
    CaseNumber::new(i32::try_from(case.year).unwrap_or(0), u32::try_from(case.seq).unwrap_or(0))
}

/// The domain case of a stored one.
pub(crate) fn domain_case(case: &CaseRow) -> AppResult<Case> {
    let method = Method::parse("method", &case.method).map_err(|e| AppError::internal(e.message.en))?;
    let state = case.state;
    let opened_on = parse_date("opened_on", &case.opened_on).map_err(|e| AppError::internal(e.message.en))?;
    Ok(Case::restore(
        number_of(case),
        &case.post_id,
        method,
        opened_on,
        state,
        case.paused,
        case.ended_because.as_deref(),
    ))
}

/// Refused unless the case is in `state` and not paused, naming `rule`: the step belongs to
/// another stage of the procedure.
pub(crate) fn require_state(case: &CaseRow, state: State, rule: &str) -> AppResult<()> {
    if case.paused {
        return Err(
            Refusal::new("SEL-RECORD", "纪实已暂停，恢复后才能继续", "the case is paused; resume it first").into()
        );
    }
    if case.state == state {
        return Ok(());
    }
    let now = case.state;
    Err(Refusal::new(
        rule,
        format!("纪实处于“{}”阶段，此步骤须在“{}”阶段办理", now.label_zh(), state.label_zh()),
        format!("the case is at {}; this step is taken at {}", now.label_en(), state.label_en()),
    )
    .into())
}

/// The answer when a conditional write found the record changed by another request.
pub(crate) fn changed_meanwhile() -> AppError {
    Refusal::new(
        "SEL-RECORD",
        "记录已被他人同时更新，请刷新后重试",
        "the record was changed meanwhile; reload and try again",
    )
    .into()
}

/// A date typed by staff: today when empty, never after today.
pub(crate) fn day_not_after_today(field: &str, raw: &str, today: Date) -> Result<Date, FieldError> {
    if raw.trim().is_empty() {
        return Ok(today);
    }
    let date = parse_date(field, raw)?;
    if date > today {
        return Err(FieldError::new(field, "日期不能晚于今天", "the date cannot be after today"));
    }
    Ok(date)
}

/// A free text of at most `max` characters, required or not.
pub(crate) fn text(field: &str, raw: &str, required: bool, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(FieldError::new(field, "此项必填", "this field is required"));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(field, format!("不超过 {max} 字"), format!("at most {max} characters")));
    }
    Ok(text.to_owned())
}

/// Reads one invalid field as an error.
pub(crate) fn invalid(e: FieldError) -> AppError {
    Invalid { fields: vec![e] }.into()
}

/// SHA-256 of a one-time code as stored (voter codes, receipts): a copy of the database does
/// not let anyone vote or read an anonymous objector's answer.
pub(crate) fn code_hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Fresh entropy from the operating system for a batch of codes (never recorded: a recorded
/// seed would let its reader derive the codes).
pub(crate) fn fresh_seed() -> Vec<u8> {
    let mut seed = Vec::with_capacity(32);
    seed.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed
}

/// Accepts `"1"`, `"true"`, `"on"`, `"是"` as yes (forms and JSON alike).
pub(crate) fn flag(raw: &str) -> bool {
    jianquan_domain::registry::dossier::parse_flag(raw)
}
