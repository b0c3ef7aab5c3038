//! Inspection (考察): a team of inspection-team members for each subject, each of whom accepts an
//! inspection responsibility letter (考察责任书) in their own account before recording anything
//! (SEL-INSPECTION); interviews (count, summary); the report with its conclusion; and the move to
//! the committee decision, which needs a concluded report.

use jianquan_domain::access::{Capability, Role};
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::inspection::{Inspection, InspectionReport, Interviews};
use jianquan_domain::{Errors, FieldError, Invalid, Refusal};
use jianquan_storage::Conn;
use jianquan_storage::selection::candidates::{self as store, InterviewRow, ReportRow};
use jianquan_storage::selection::cases::{self as case_store, CaseRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    SUBJECT, changed_meanwhile, day_not_after_today, domain_case, locked_case, number_of, require_state, text,
};
use crate::context::new_id;
use crate::{Actor, App, AppError, AppResult};

/// A subject's inspection team.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TeamInput {
    /// The inspection subject (an admitted candidate).
    pub cadre_id: String,
    /// Account IDs of inspection-team members (role inspector).
    pub inspectors: Vec<String>,
}

/// Forms (or re-forms, until a letter is accepted) the team inspecting an admitted candidate.
pub async fn set_team(app: &App, actor: &Actor, case_id: &str, input: &TeamInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Inspection, "SEL-INSPECTION")?;
    let mut e = Errors::default();
    let subject = store::get(&mut tx, case_id, input.cadre_id.trim()).await?;
    if subject.as_ref().is_none_or(|s| !s.status.is_admitted()) {
        e.push(FieldError::new("cadre_id", "不是通过资格审查的考察对象", "not an admitted inspection subject"));
    }
    let mut ids: Vec<String> = input.inspectors.iter().map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()).collect();
    ids.sort();
    ids.dedup();
    let found = jianquan_storage::selection::accounts(&mut tx, &ids).await?;
    let all_inspectors = found.len() == ids.len() && found.iter().all(|a| a.active && a.role == Role::Inspector.code());
    if ids.is_empty() || !all_inspectors {
        e.push(FieldError::new(
            "inspectors",
            "考察组须由考察组成员账号组成",
            "the team is made of inspection-team member accounts",
        ));
    }
    e.finish()?;
    let cadre_id = input.cadre_id.trim();
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    Inspection::new(number_of(&row), cadre_id, &names)?;
    let detail = json!({"cadre": cadre_id, "inspectors": ids});
    app.record(&mut tx, actor, "selection.inspection.team", (SUBJECT, case_id), detail, &["SEL-INSPECTION"]).await?;
    if !store::set_team(&mut tx, case_id, cadre_id, &ids).await? {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            "已有成员签署考察责任书，考察组不能再调整",
            "a member has accepted the letter: the team is fixed",
        )
        .into());
    }
    tx.commit().await?;
    Ok(())
}

/// Rebuilds a subject's inspection from what is stored: team, letters, interviews.
async fn domain_inspection(conn: &mut Conn, case: &CaseRow, cadre_id: &str) -> AppResult<Inspection> {
    let team: Vec<_> =
        store::inspectors(conn, &case.id).await?.into_iter().filter(|i| i.cadre_id == cadre_id).collect();
    if team.is_empty() {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            "该考察对象尚未组成考察组",
            "no inspection team for this subject yet",
        )
        .into());
    }
    let names: Vec<&str> = team.iter().map(|i| i.inspector_id.as_str()).collect();
    let mut inspection = Inspection::new(number_of(case), cadre_id, &names)?;
    let day = |raw: &str| parse_date("date", raw).map_err(|e| AppError::internal(e.message.en));
    for member in &team {
        if let Some(on) = &member.letter_accepted_on {
            inspection.accept_letter(&member.inspector_id, day(on)?)?;
        }
    }
    for i in store::interviews(conn, &case.id).await?.into_iter().filter(|i| i.cadre_id == cadre_id) {
        let entry = Interviews {
            inspector: i.inspector_id,
            on: day(&i.date)?,
            count: u32::try_from(i.count).unwrap_or(0),
            summary: i.summary,
        };
        inspection.record_interviews(entry)?;
    }
    Ok(inspection)
}

/// Names the subject of an inspector's step.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SubjectInput {
    pub cadre_id: String,
}

/// The signed-in inspector accepts their responsibility letter for a subject.
pub async fn accept_letter(app: &App, actor: &Actor, case_id: &str, input: &SubjectInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::Inspect).await?;
    require_state(&row, State::Inspection, "SEL-INSPECTION")?;
    let cadre_id = input.cadre_id.trim();
    let mut inspection = domain_inspection(&mut tx, &row, cadre_id).await?;
    let today = app.today();
    inspection.accept_letter(&actor.id, today)?;
    let detail = json!({"cadre": cadre_id, "inspector": actor.id, "accepted_on": today.to_string()});
    let seq = app
        .record(&mut tx, actor, "selection.inspection.letter", (SUBJECT, case_id), detail, &["SEL-INSPECTION"])
        .await?;
    if !store::accept_letter(&mut tx, case_id, cadre_id, &actor.id, &today.to_string(), seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// Interviews as recorded by an inspector.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InterviewInput {
    pub cadre_id: String,
    /// The day (default: today).
    pub date: String,
    /// People talked to (谈话人数).
    pub count: String,
    pub summary: String,
}

/// Records interviews in the inspector's own name; refused before their letter (SEL-INSPECTION).
pub async fn record_interviews(app: &App, actor: &Actor, case_id: &str, input: &InterviewInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::Inspect).await?;
    require_state(&row, State::Inspection, "SEL-INSPECTION")?;
    let mut e = Errors::default();
    let on = e.take(day_not_after_today("date", &input.date, app.today()));
    let count = match input.count.trim().parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => Some(n),
        _ => {
            e.push(FieldError::new("count", "请填写谈话人数", "give the number of people interviewed"));
            None
        }
    };
    let summary = e.take(text("summary", &input.summary, true, 4000));
    e.finish()?;
    let (Some(on), Some(count), Some(summary)) = (on, count, summary) else {
        return Err(Invalid::one("count", "输入有误", "invalid").into());
    };
    let cadre_id = input.cadre_id.trim();
    let mut inspection = domain_inspection(&mut tx, &row, cadre_id).await?;
    let entry = Interviews { inspector: actor.id.clone(), on, count, summary: summary.clone() };
    inspection.record_interviews(entry)?;
    let interview = InterviewRow {
        id: new_id(),
        cadre_id: cadre_id.to_owned(),
        inspector_id: actor.id.clone(),
        date: on.to_string(),
        count: i64::from(count),
        summary,
    };
    let detail = json!({"cadre": cadre_id, "interview": interview.id, "date": interview.date, "count": count,
        "summary": interview.summary});
    let seq = app
        .record(&mut tx, actor, "selection.inspection.interviews", (SUBJECT, case_id), detail, &["SEL-INSPECTION"])
        .await?;
    store::insert_interview(&mut tx, case_id, &interview, seq).await?;
    tx.commit().await?;
    Ok(())
}

/// The report's conclusion.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReportInput {
    pub cadre_id: String,
    /// The inspection conclusion (考察结论), e.g. 同意作为拟任人选.
    pub conclusion: String,
}

/// Concludes a subject's inspection with the report: every member has accepted the letter and
/// interviews are recorded (SEL-INSPECTION). Once per subject.
pub async fn conclude(app: &App, actor: &Actor, case_id: &str, input: &ReportInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::Inspect).await?;
    require_state(&row, State::Inspection, "SEL-INSPECTION")?;
    let conclusion = text("conclusion", &input.conclusion, true, 4000).map_err(super::invalid)?;
    let cadre_id = input.cadre_id.trim();
    let inspection = domain_inspection(&mut tx, &row, cadre_id).await?;
    let done = store::reports(&mut tx, case_id).await?.iter().any(|r| r.cadre_id == cadre_id);
    if done {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            "该考察对象已有考察报告",
            "the subject's inspection is already concluded",
        )
        .into());
    }
    let today = app.today();
    let report = inspection.conclude(&actor.id, today, &conclusion)?;
    let row_out = ReportRow {
        cadre_id: cadre_id.to_owned(),
        concluded_by: actor.id.clone(),
        concluded_on: today.to_string(),
        conclusion: report.conclusion().to_owned(),
        interviewed: i64::try_from(report.interviewed()).unwrap_or(i64::MAX),
    };
    let detail = json!({"cadre": cadre_id, "conclusion": row_out.conclusion, "interviewed": row_out.interviewed,
        "inspectors": report.inspectors()});
    let seq = app
        .record(&mut tx, actor, "selection.inspection.report", (SUBJECT, case_id), detail, &["SEL-INSPECTION"])
        .await?;
    store::insert_report(&mut tx, case_id, &row_out, seq).await?;
    tx.commit().await?;
    Ok(())
}

/// The concluded report of a subject, recomputed from the stored letters, interviews and
/// conclusion; `None` when the subject's inspection is not concluded.
pub(crate) async fn report_of(conn: &mut Conn, case: &CaseRow, cadre_id: &str) -> AppResult<Option<InspectionReport>> {
    let Some(stored) = store::reports(conn, &case.id).await?.into_iter().find(|r| r.cadre_id == cadre_id) else {
        return Ok(None);
    };
    let inspection = domain_inspection(conn, case, cadre_id).await?;
    let on = parse_date("concluded_on", &stored.concluded_on).map_err(|e| AppError::internal(e.message.en))?;
    Ok(Some(inspection.conclude(&stored.concluded_by, on, &stored.conclusion)?))
}

/// Inspection → decision, with a concluded report (SEL-INSPECTION: no decision without it).
pub async fn submit_for_decision(app: &App, actor: &Actor, case_id: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut case = domain_case(&row)?;
    let mut report = None;
    for r in store::reports(&mut tx, case_id).await? {
        if let Some(found) = report_of(&mut tx, &row, &r.cadre_id).await? {
            report = Some(found);
            break;
        }
    }
    let Some(report) = report else {
        return Err(Refusal::new(
            "SEL-INSPECTION",
            "尚无考察报告，不能提交讨论决定",
            "no concluded inspection report: nothing to decide on",
        )
        .into());
    };
    case.submit_for_decision(&report)?;
    let detail = json!({"subject": report.subject(), "concluded_on": report.concluded_on().to_string()});
    let seq = app
        .record(&mut tx, actor, "selection.decision.submit", (SUBJECT, case_id), detail, &["SEL-INSPECTION"])
        .await?;
    if !case_store::set_state(&mut tx, &row, State::Inspection, State::Decision, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// The signed-in inspector's subjects, newest case first.
pub async fn assignments(app: &App, actor: &Actor) -> AppResult<Vec<super::views::InspectionAssignment>> {
    actor.require(jianquan_domain::access::Capability::Inspect)?;
    let mut conn = app.db.read().await?;
    Ok(crate::view::all(store::assignments(&mut conn, &actor.id).await?))
}
