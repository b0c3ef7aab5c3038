//! The appointment (任职): made only from a publicity that cleared (SEL-PUBLICITY,
//! SEL-PUBLICITY-HOLD, SEL-REPORT-VERIFIED), with its document number and the tenure start the
//! rules give; it ends in the registry's promotion (rank, post, tenure, the duties a promotion
//! creates) and adds the probation review (SEL-PROBATION) — or, for a contract appointment, checks
//! the contract term and trial period (SEL-CONTRACT) and adds the trial's review — all in one
//! transaction.

use jianquan_domain::access::Capability;
use jianquan_domain::integrity::obligation::Duty;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::registry::decided_by::DecidedBy;
use jianquan_domain::registry::{OrgPath, Rank};
use jianquan_domain::selection::appointment::{Appointment, Probation, TenureBasis, contract, probation};
use jianquan_domain::selection::case::Method;
use jianquan_domain::{Errors, FieldError, Invalid};
use jianquan_storage::registry::dossier::TenureDecision;
use jianquan_storage::registry::{cadres, orgs, posts};
use jianquan_storage::selection::cases as case_store;
use jianquan_storage::selection::publicity::{self as store, AppointmentRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{SUBJECT, changed_meanwhile, domain_case, locked_case, text};
use crate::integrity::obligations;
use crate::registry::promotion::{self, Plan};
use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// The appointment as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AppointInput {
    /// The appointment document (任免文号).
    pub document_number: String,
    /// What made the appointment, and so when tenure starts: party_committee_decision (the
    /// decision date; the default), congress_election, standing_committee_appointment or
    /// government_appointment (each on `basis_date`).
    pub basis: String,
    pub basis_date: String,
    /// For a contract appointment (聘任制, SEL-CONTRACT): the contract's years …
    pub contract_years: String,
    /// … and its trial period in months.
    pub trial_months: String,
}

/// What the appointment wrote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Appointed {
    pub tenure_id: String,
    pub tenure_start: String,
    pub probation_end: Option<String>,
    /// Obligations created: the promotion's duties and the probation review.
    pub obligations: Vec<String>,
}

fn basis_of(input: &AppointInput, e: &mut Errors) -> Option<TenureBasis> {
    let kind = input.basis.trim();
    if kind.is_empty() || kind == "party_committee_decision" {
        return Some(TenureBasis::PartyCommitteeDecision);
    }
    let date = e.take(parse_date("basis_date", &input.basis_date))?;
    match kind {
        "congress_election" => Some(TenureBasis::CongressElection(date)),
        "standing_committee_appointment" => Some(TenureBasis::StandingCommitteeAppointment(date)),
        "government_appointment" => Some(TenureBasis::GovernmentAppointment(date)),
        _ => {
            e.push(FieldError::new("basis", "任职依据无效", "unknown basis of the appointment"));
            None
        }
    }
}

/// Publicity → appointed.
pub async fn appoint(app: &App, actor: &Actor, case_id: &str, input: &AppointInput) -> AppResult<Appointed> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut e = Errors::default();
    let basis = basis_of(input, &mut e);
    let document_number = e.take(text("document_number", &input.document_number, true, 60));
    e.finish()?;
    let (Some(basis), Some(document_number)) = (basis, document_number) else {
        return Err(Invalid::one("document_number", "输入有误", "invalid").into());
    };
    let today = app.today();
    let clearance = super::publicity::clearance(app, &mut tx, case_id, today).await?;
    let mut case = domain_case(&row)?;
    case.appoint(&clearance)?;
    let decided_on = clearance.decision().decided_on();
    let appointment = Appointment::make(clearance, basis, &document_number)?;
    let start = appointment.tenure_start();
    if start > today {
        return Err(Invalid::one("basis_date", "任职日期不能晚于今天", "the tenure cannot start after today").into());
    }
    let cadre_id = appointment.candidate().to_owned();
    // The appointee and the post are locked before the first ledger entry.
    cadres::lock(&mut tx, &cadre_id).await?.ok_or(AppError::NotFound)?;
    let post = posts::lock(&mut tx, &row.post_id).await?.ok_or(AppError::NotFound)?.into_inner();
    let rank = Rank::get(&post.rank).ok_or_else(|| AppError::internal(format!("rank {}", post.rank)))?;
    let post_org = orgs::get(&mut tx, &post.org_id).await?.ok_or(AppError::NotFound)?;
    let post_path = OrgPath::parse(&post_org.path).map_err(|e| AppError::internal(e.message.en))?;
    // A contract appointment has its contract and trial period (SEL-CONTRACT) instead of probation.
    let contract = if row.method == Method::ContractAppointment.code() {
        let number = |field: &str, raw: &str| {
            raw.trim()
                .parse::<u32>()
                .map_err(|_| AppError::from(Invalid::one(field, "请填写整数", "give a whole number")))
        };
        let (years, months) =
            (number("contract_years", &input.contract_years)?, number("trial_months", &input.trial_months)?);
        Some(contract(&app.policy, start, years, months).map_err(super::step_error)?)
    } else {
        None
    };
    let probation = match &contract {
        Some(c) => Some(Probation {
            start,
            end: c.trial_end,
            duty: Duty { rule: "SEL-CONTRACT", kind: "trial_review".into(), due: c.trial_end, interval_months: None },
        }),
        None => probation(&app.policy, &appointment, rank.level).map_err(policy_error)?,
    };
    let basis_json = json!({"basis": input.basis.trim(), "date": start.to_string(), "contract": contract});
    let detail = json!({"cadre": cadre_id, "document_number": document_number, "basis": basis_json,
        "tenure_start": start.to_string(), "post_id": post.id, "probation_end": probation.as_ref().map(|p| p.end.to_string())});
    let rules = [
        "SEL-COLLECTIVE",
        "SEL-PUBLICITY",
        "SEL-PUBLICITY-HOLD",
        "SEL-REPORT-VERIFIED",
        "SEL-PROBATION",
        "SEL-CONTRACT",
    ];
    let seq = app.record(&mut tx, actor, "selection.case.appoint", (SUBJECT, case_id), detail, &rules).await?;
    if !case_store::appoint(&mut tx, &row, &cadre_id, seq).await? {
        return Err(changed_meanwhile());
    }
    // An appointment to a post of another unit moves the cadre there first.
    cadres::move_to_org(&mut tx, &cadre_id, &post.org_id, &post_path, seq).await?;
    let cadre = cadres::get(&mut tx, &cadre_id).await?.ok_or(AppError::NotFound)?;
    let plan = Plan {
        rank,
        title: post.title.clone(),
        post_id: Some(post.id.clone()),
        key_post: post.key_post,
        date: start,
        document_number: document_number.clone(),
        decision: TenureDecision {
            by: DecidedBy::SelectionCase,
            on: Some(decided_on),
            case_id: Some(case_id.to_owned()),
        },
    };
    let promoted = promotion::record(app, &mut tx, actor, &cadre, &plan, &rules).await?;
    let mut created = promoted.obligations;
    if let Some(p) = &probation {
        created.extend(
            obligations::create(app, &mut tx, actor, &cadre, std::slice::from_ref(&p.duty), (SUBJECT, case_id), start)
                .await?,
        );
    }
    let stored = AppointmentRow {
        case_id: case_id.to_owned(),
        cadre_id: cadre_id.clone(),
        document_number,
        basis: basis_json.to_string(),
        tenure_start: start.to_string(),
        tenure_id: promoted.tenure_id.clone(),
        probation_end: probation.as_ref().map(|p| p.end.to_string()),
        obligations: serde_json::to_string(&created).map_err(AppError::internal)?,
        appointed_on: today.to_string(),
    };
    store::insert_appointment(&mut tx, &stored, seq).await?;
    tx.commit().await?;
    Ok(Appointed {
        tenure_id: promoted.tenure_id,
        tenure_start: start.to_string(),
        probation_end: stored.probation_end,
        obligations: created,
    })
}
