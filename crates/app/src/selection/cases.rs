//! The case (纪实) itself: the motion that opens it, pausing, resuming and archiving, the list
//! of a subtree and the case view with every step from the ledger.

use jianquan_domain::access::Capability;
use jianquan_domain::ledger::Entry;
use jianquan_domain::selection::case::{CaseNumber, Method, Motion, Staffing, State};
use jianquan_domain::{Errors, Invalid};
use jianquan_storage::registry::{orgs, posts};
use jianquan_storage::selection::cases::{self as store, CaseFilter, NewCase};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::views::Case;
use super::{SUBJECT, case_for, changed_meanwhile, day_not_after_today, domain_case, locked_case, step_error, text};
use crate::context::new_id;
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// A motion (动议) as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MotionInput {
    /// The post to fill; it needs a vacancy under its authorised number (职数).
    pub post_id: String,
    /// democratic_recommendation, competitive_appointment, open_selection or contract_appointment.
    pub method: String,
    /// Who proposed (动议主体), e.g. 市委组织部.
    pub proposer: String,
    /// The work plan (工作方案).
    pub work_plan: String,
    /// The motion's date (default: today).
    pub date: String,
}

/// Opens a case on a motion. Refused when the post has no vacancy — counting the cases already
/// running on it — (SEL-VACANCY), or when a middle-level leadership post of a party or government
/// organ is not filled by competition (SEL-COMPETITIVE). The case number (纪实〔年〕号) is the
/// year's next.
pub async fn open_case(app: &App, actor: &Actor, input: &MotionInput) -> AppResult<Case> {
    actor.require(Capability::SelectionWrite)?;
    let mut e = Errors::default();
    let method = e.take(Method::parse("method", &input.method));
    let proposer = e.take(text("proposer", &input.proposer, true, 100));
    let work_plan = e.take(text("work_plan", &input.work_plan, true, 4000));
    let date = e.take(day_not_after_today("date", &input.date, app.today()));
    let mut tx = app.db.write().await?;
    // The year's counter row is locked first, so motions are taken one at a time and the post's
    // holders and the running cases counted below are those committed before.
    let seq_no = store::next_number(&mut tx, date.map_or(app.today().year(), |d| d.year())).await?;
    let post = posts::get(&mut tx, input.post_id.trim()).await?;
    let org = match &post {
        Some(p) => orgs::get(&mut tx, &p.org_id).await?,
        None => None,
    };
    let in_scope = org.as_ref().and_then(|o| o.org_path().ok()).filter(|p| actor.sees(p));
    if in_scope.is_none() {
        e.push(jianquan_domain::FieldError::new("post_id", "职位不存在或不在您的范围内", "no such post in your scope"));
    }
    e.finish()?;
    let (Some(post), Some(org), Some(method), Some(date), Some(proposer), Some(work_plan)) =
        (post, org, method, date, proposer, work_plan)
    else {
        return Err(Invalid::one("post_id", "输入有误", "invalid").into());
    };
    let organ =
        matches!(org.kind.as_str(), "party_committee" | "party_department" | "government" | "government_department");
    let motion = Motion {
        proposer: proposer.clone(),
        post_id: post.id.clone(),
        middle_level_organ_post: post.middle_level && organ,
        method,
        work_plan: work_plan.clone(),
        date,
    };
    let running = store::running_on_post(&mut tx, &post.id).await?;
    let staffing = Staffing {
        authorised: u32::try_from(post.authorised).unwrap_or(0),
        holders: u32::try_from(post.holders + running).unwrap_or(u32::MAX),
    };
    let number = CaseNumber::new(date.year(), u32::try_from(seq_no).unwrap_or(u32::MAX));
    let case =
        jianquan_domain::selection::case::Case::open(&app.policy, number, &motion, staffing).map_err(step_error)?;
    let id = new_id();
    let detail = json!({"number": case.number().to_string(), "post_id": post.id, "post_title": post.title,
        "method": method.code(), "proposer": proposer, "work_plan": work_plan, "date": date.to_string(),
        "authorised": post.authorised, "holders": post.holders, "running_cases": running});
    let rules = ["SEL-VACANCY", "SEL-COMPETITIVE", "SEL-RECORD"];
    let seq = app.record(&mut tx, actor, "selection.case.motion", (SUBJECT, &id), detail, &rules).await?;
    let new = NewCase {
        id: &id,
        year: date.year(),
        seq: seq_no,
        post_id: &post.id,
        post_title: &post.title,
        org_id: &org.id,
        org_path: &org.path,
        method: method.code(),
        proposer: &proposer,
        work_plan: &work_plan,
        opened_on: date.to_string(),
    };
    store::insert(&mut tx, &new, seq).await?;
    let row = store::get(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row.into())
}

/// Pauses a case (选任暂停): no step is taken until it resumes where it stood.
pub async fn pause(app: &App, actor: &Actor, id: &str, reason: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, id, Capability::SelectionWrite).await?;
    let reason = text("reason", reason, false, 500).map_err(super::invalid)?;
    domain_case(&row)?.pause()?;
    let detail = json!({"state": row.state.code(), "reason": reason});
    let seq = app.record(&mut tx, actor, "selection.case.pause", (SUBJECT, id), detail, &["SEL-RECORD"]).await?;
    if !store::set_paused(&mut tx, &row, true, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

pub async fn resume(app: &App, actor: &Actor, id: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, id, Capability::SelectionWrite).await?;
    domain_case(&row)?.resume()?;
    let detail = json!({"state": row.state.code()});
    let seq = app.record(&mut tx, actor, "selection.case.resume", (SUBJECT, id), detail, &["SEL-RECORD"]).await?;
    if !store::set_paused(&mut tx, &row, false, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// Archives a case: after the appointment, or earlier with the reason it ended (SEL-RECORD).
pub async fn archive(app: &App, actor: &Actor, id: &str, reason: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, id, Capability::SelectionWrite).await?;
    let reason = text("reason", reason, false, 500).map_err(super::invalid)?;
    let mut case = domain_case(&row)?;
    let ended = (!reason.is_empty()).then_some(reason.as_str());
    case.archive(ended)?;
    let early = (row.state != State::Appointed).then(|| reason.clone());
    let detail = json!({"from": row.state.code(), "ended_because": early});
    let seq = app.record(&mut tx, actor, "selection.case.archive", (SUBJECT, id), detail, &["SEL-RECORD"]).await?;
    if !store::archive(&mut tx, &row, row.state, early.as_deref(), seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CaseQuery {
    /// A state code (motion, recommendation, …).
    pub state: Option<String>,
    pub year: Option<i32>,
    pub page: Option<i64>,
}

/// A page of cases.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CasePage {
    pub items: Vec<Case>,
    pub total: i64,
    pub page: i64,
}

/// Cases of the actor's scope, newest first, 50 a page.
pub async fn list(app: &App, actor: &Actor, q: &CaseQuery) -> AppResult<CasePage> {
    actor.require(Capability::SelectionRead)?;
    let filter =
        CaseFilter { root: Some(actor.list_scope()), state: q.state.as_deref().and_then(State::parse), year: q.year };
    let page = q.page.unwrap_or(1).max(1);
    let mut conn = app.db.read().await?;
    let (items, total) = store::list(&mut conn, &filter, (page - 1) * 50, 50).await?;
    Ok(CasePage { items: all(items), total, page })
}

/// The ledger entries of a case, oldest first: every step, who took it, when, on what basis.
pub async fn history(app: &App, actor: &Actor, id: &str) -> AppResult<Vec<Entry>> {
    case_for(app, actor, id, Capability::SelectionRead).await?;
    let mut conn = app.db.read().await?;
    let mut entries = jianquan_storage::ledger::history(&mut conn, SUBJECT, id, 2000).await?;
    entries.reverse();
    Ok(entries)
}
