//! The eligibility gate (资格审查) before a nominee becomes an inspection subject: the four musts
//! (SEL-FOUR-MUSTS) recorded check by check, and the gate computed from the dossier — grades,
//! sanctions and their influence periods, family emigration, verified reports, seniority,
//! training — each block naming its rule (SEL-INELIGIBLE and the rules it reads). Exceptional
//! promotion (破格) lifts only what the policy marks waivable, with a reason and the approval of
//! an organization above the one the post belongs to.
//!
//! Three facts have no module of their own yet and are attested by staff at the gate, with the
//! entry in the ledger: low public recognition, canvassing findings, personal-matters concealment.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::codes::{GRADE, RELATION, REWARD, SANCTION};
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::registry::dossier::{AnnualGrade, FamilyMember, RewardSanction};
use jianquan_domain::registry::{OrgPath, Rank};
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::eligibility::{Exception, Facts, Gate, Move, MustCheck, MustResult, evaluate};
use jianquan_domain::selection::recommendation::Standing;
use jianquan_domain::selection::status::CandidateStatus;
use jianquan_domain::{Errors, FieldError, Invalid};
use jianquan_storage::registry::cadres::Cadre;
use jianquan_storage::registry::dossier::{FamilyRow, GateSections, GradeRow, RewardSanctionRow};
use jianquan_storage::registry::{cadres, dossier, orgs, posts};
use jianquan_storage::selection::candidates::{self as store, CandidateRow, GateWrite, MustCheckRow};
use jianquan_storage::selection::cases::{self as case_store, CaseRow};
use jianquan_storage::{Conn, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::{SUBJECT, changed_meanwhile, day_not_after_today, domain_case, flag, locked_case, require_state, text};
use crate::training::policy_error;
use crate::training::report::{progress_of, progress_of_many};
use crate::{Actor, App, AppError, AppResult};

/// One check of the four musts as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CheckInput {
    pub cadre_id: String,
    /// archives_reviewed, personal_matters_checked, discipline_opinion_heard or specific_petitions_checked.
    pub check: String,
    /// The day of the check (default: today).
    pub date: String,
    /// clear, or concern (a problem found, described in `note`).
    pub result: String,
    pub note: String,
}

async fn candidate(conn: &mut Conn, case_id: &str, cadre_id: &str) -> AppResult<CandidateRow> {
    store::get(conn, case_id, cadre_id.trim())
        .await?
        .ok_or_else(|| Invalid::one("cadre_id", "不是本纪实的人选", "not a candidate of this case").into())
}

/// Records one of the four musts for a nominee: who checked (the signed-in account), when, and
/// what was found. Recording a check again replaces it, and both stay in the ledger.
pub async fn record_check(app: &App, actor: &Actor, case_id: &str, input: &CheckInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Eligibility, "SEL-FOUR-MUSTS")?;
    let today = app.today();
    let mut e = Errors::default();
    let checks = app.policy.texts("SEL-FOUR-MUSTS", "checks", today).map_err(policy_error)?;
    if !checks.contains(&input.check.trim()) {
        e.push(FieldError::new("check", "请选择凡提四必中的一项", "choose one of the four musts"));
    }
    let date = e.take(day_not_after_today("date", &input.date, today));
    let note = e.take(text("note", &input.note, input.result.trim() == "concern", 1000));
    let result = match input.result.trim() {
        r @ ("clear" | "concern") => Some(r),
        _ => {
            e.push(FieldError::new("result", "请选择结论", "choose a result"));
            None
        }
    };
    let candidate = candidate(&mut tx, case_id, &input.cadre_id).await;
    if let Err(AppError::Invalid(i)) = &candidate {
        e.push(i.fields[0].clone());
    }
    e.finish()?;
    let (candidate, Some(date), Some(note), Some(result)) = (candidate?, date, note, result) else {
        return Err(Invalid::one("check", "输入有误", "invalid").into());
    };
    let check = MustCheckRow {
        cadre_id: candidate.cadre_id.clone(),
        check_code: input.check.trim().to_owned(),
        actor_id: actor.id.clone(),
        actor_name: actor.shown_name().to_owned(),
        date: date.to_string(),
        result: result.to_owned(),
        note,
    };
    let detail = json!({"cadre": check.cadre_id, "check": check.check_code, "date": check.date, "result": check.result,
        "note": check.note});
    let seq =
        app.record(&mut tx, actor, "selection.gate.check", (SUBJECT, case_id), detail, &["SEL-FOUR-MUSTS"]).await?;
    store::put_check(&mut tx, case_id, &check, seq).await?;
    tx.commit().await?;
    Ok(())
}

/// The gate as requested: the facts staff attest, and an exceptional promotion if one is sought.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GateInput {
    pub cadre_id: String,
    /// "1" when public recognition is low (群众公认度不高).
    pub low_public_recognition: String,
    /// Canvassing findings on record (跑官、拉票), a count.
    pub canvassing_findings: String,
    /// "1" when a personal-matters check found concealment (瞒报).
    pub personal_matters_concealment: String,
    /// For an exceptional promotion (破格提拔): the reason …
    pub exception_reason: String,
    /// … who approved it …
    pub exception_approved_by: String,
    /// … the approving org, above the post's org …
    pub exception_org_id: String,
    /// … and when.
    pub exception_approved_on: String,
}

/// An exceptional promotion as stored with the candidate.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct StoredException {
    reason: String,
    approved_by: String,
    approving_org_id: String,
    approving_org_path: String,
    approved_on: String,
}

impl StoredException {
    fn domain(&self, deciding_org: &str) -> AppResult<Exception> {
        let path = |p: &str| OrgPath::parse(p).map_err(|e| AppError::internal(e.message.en));
        Ok(Exception {
            reason: self.reason.clone(),
            approved_by: self.approved_by.clone(),
            approving_org: path(&self.approving_org_path)?,
            deciding_org: path(deciding_org)?,
            approved_on: parse_date("approved_on", &self.approved_on).map_err(|e| AppError::internal(e.message.en))?,
        })
    }
}

/// The facts staff attest at the gate.
#[derive(Debug, Clone, Copy, Default)]
struct Attested {
    low_public_recognition: bool,
    canvassing_findings: u32,
    personal_matters_concealment: bool,
}

/// Everything the gate reads about one candidate, owned.
struct Dossier {
    grades: Vec<AnnualGrade>,
    sanctions: Vec<RewardSanction>,
    family: Vec<FamilyMember>,
    musts: Vec<MustCheck>,
    standing: Option<Standing>,
    training: jianquan_domain::training::Progress,
    moving: Move,
    verified_reports: u32,
}

fn date_of(raw: &str) -> Option<Date> {
    parse_date("date", raw).ok()
}

/// What is stored about one candidate, however it was read: one candidate's statements
/// ([`dossier_of`]) or a few statements for all of a case's candidates ([`dossiers_of`]).
struct Stored<'a> {
    cadre: &'a Cadre,
    tenure_starts: Vec<&'a str>,
    grades: &'a [GradeRow],
    sanctions: &'a [RewardSanctionRow],
    family: &'a [FamilyRow],
    /// The case's four-musts checks of this candidate.
    checks: Vec<&'a MustCheckRow>,
    in_probation: bool,
    training: jianquan_domain::training::Progress,
    verified_reports: i64,
}

/// The rank of the case's post, which the candidate would move to.
async fn target_rank(conn: &mut Conn, case: &CaseRow) -> AppResult<&'static Rank> {
    let post = posts::get(conn, &case.post_id).await?.ok_or(AppError::NotFound)?;
    Rank::get(&post.rank).ok_or_else(|| AppError::internal(format!("rank {}", post.rank)))
}

/// The gate's view of one candidate from what is stored.
fn dossier(c: &CandidateRow, target: &'static Rank, s: Stored<'_>, on: Date) -> Dossier {
    let grades = s
        .grades
        .iter()
        .filter_map(|g| {
            GRADE.get(&g.grade).map(|code| AnnualGrade { year: i32::try_from(g.year).unwrap_or(0), grade: code.code })
        })
        .collect();
    let sanctions = s
        .sanctions
        .iter()
        .filter_map(|r| {
            let (category, kind) = match SANCTION.get(&r.kind) {
                Some(code) => ("sanction", code.code),
                None => ("reward", REWARD.get(&r.kind)?.code),
            };
            let date = date_of(&r.date)?;
            let (authority, document_number, reason) =
                (r.authority.clone(), r.document_number.clone(), r.reason.clone());
            Some(RewardSanction { category, kind, date, authority, document_number, reason })
        })
        .collect();
    let family = s
        .family
        .iter()
        .filter_map(|f| {
            Some(FamilyMember {
                relation: RELATION.get(&f.relation)?.code,
                name: f.name.clone(),
                birth_date: None,
                political_status: None,
                work_unit_and_post: String::new(),
                abroad: f.abroad,
            })
        })
        .collect();
    let musts = s
        .checks
        .iter()
        .filter_map(|m| {
            let result = if m.result == "clear" { MustResult::Clear } else { MustResult::Concern(m.note.clone()) };
            Some(MustCheck {
                check: m.check_code.clone(),
                actor: m.actor_name.clone(),
                date: date_of(&m.date)?,
                result,
            })
        })
        .collect();
    let standing = match (c.votes, c.base, c.reaches) {
        (Some(votes), Some(base), Some(reaches)) => Some(Standing {
            candidate: c.cadre_id.clone(),
            votes: u64::try_from(votes).unwrap_or(0),
            base: u64::try_from(base).unwrap_or(0),
            reaches_threshold: reaches,
        }),
        _ => None,
    };
    let current = s.cadre.rank.as_deref().and_then(Rank::get).unwrap_or(target);
    // The current rank is held since the latest tenure began (the registry keeps no separate
    // rank history); that is also the last promotion.
    let since = s.tenure_starts.iter().filter_map(|d| date_of(d)).max();
    let held_since = since.or_else(|| s.cadre.work_start_date.as_deref().and_then(date_of)).unwrap_or(on);
    let moving = Move { current, held_since, target, last_promoted_on: since, in_probation: s.in_probation };
    Dossier {
        grades,
        sanctions,
        family,
        musts,
        standing,
        training: s.training,
        moving,
        verified_reports: u32::try_from(s.verified_reports).unwrap_or(u32::MAX),
    }
}

/// One candidate's dossier, read with that candidate's own statements (the gate of one nominee).
async fn dossier_of(app: &App, conn: &mut Conn, case: &CaseRow, c: &CandidateRow, on: Date) -> AppResult<Dossier> {
    let cadre = cadres::get(conn, &c.cadre_id).await?.ok_or(AppError::NotFound)?;
    let sections = dossier::sections(conn, &c.cadre_id).await?;
    let checks = store::checks_of(conn, &case.id, &c.cadre_id).await?;
    let target = target_rank(conn, case).await?;
    let in_probation = jianquan_storage::integrity::has_open(conn, &c.cadre_id, "SEL-PROBATION").await?;
    let training = progress_of(app, conn, &c.cadre_id, cadre.rank_level, on).await?;
    let verified_reports = jianquan_storage::selection::publicity::verified_against(conn, &c.cadre_id).await?;
    let stored = Stored {
        cadre: &cadre,
        tenure_starts: sections.tenures.iter().map(|t| t.start_date.as_str()).collect(),
        grades: &sections.grades,
        sanctions: &sections.rewards_sanctions,
        family: &sections.family,
        checks: checks.iter().collect(),
        in_probation,
        training,
        verified_reports,
    };
    Ok(dossier(c, target, stored, on))
}

/// The dossiers of many candidates of a case, in their order, read together: each kind of
/// fact in one statement per 500 candidates (cadres, the four gate sections, the case's checks,
/// open probations, training totals, verified reports) instead of ten statements a candidate.
async fn dossiers_of(
    app: &App,
    conn: &mut Conn,
    case: &CaseRow,
    candidates: &[CandidateRow],
    on: Date,
) -> AppResult<Vec<Dossier>> {
    let ids: Vec<&str> = candidates.iter().map(|c| c.cadre_id.as_str()).collect();
    let mut found = HashMap::new();
    for chunk in candidates.chunks(500) {
        let chunk: Vec<String> = chunk.iter().map(|c| c.cadre_id.clone()).collect();
        found.extend(cadres::by_ids(conn, &chunk).await?.into_iter().map(|c| (c.id.clone(), c)));
    }
    let sections = dossier::gate_sections_of(conn, &ids).await?;
    let checks = store::checks(conn, &case.id).await?;
    let target = target_rank(conn, case).await?;
    let probation = jianquan_storage::integrity::with_open(conn, &ids, "SEL-PROBATION").await?;
    let levels: Vec<(&str, i64)> = found.values().map(|c| (c.id.as_str(), c.rank_level)).collect();
    let mut training = progress_of_many(app, conn, &levels, on).await?;
    let verified = jianquan_storage::selection::publicity::verified_against_many(conn, &ids).await?;
    let none = GateSections::default();
    candidates
        .iter()
        .map(|c| {
            let cadre = found.get(&c.cadre_id).ok_or(AppError::NotFound)?;
            let s = sections.get(&c.cadre_id).unwrap_or(&none);
            let stored = Stored {
                cadre,
                tenure_starts: s.tenure_starts.iter().map(String::as_str).collect(),
                grades: &s.grades,
                sanctions: &s.rewards_sanctions,
                family: &s.family,
                checks: checks.iter().filter(|m| m.cadre_id == c.cadre_id).collect(),
                in_probation: probation.contains(&c.cadre_id),
                training: training.remove(&c.cadre_id).ok_or(AppError::NotFound)?,
                verified_reports: verified.get(&c.cadre_id).copied().unwrap_or(0),
            };
            Ok(dossier(c, target, stored, on))
        })
        .collect()
}

/// Judges a candidate on `on` from the stored dossier and the attested facts.
fn judge(app: &App, c: &CandidateRow, d: &Dossier, attested: Attested, on: Date) -> AppResult<Gate> {
    let facts = Facts {
        candidate: &c.cadre_id,
        grades: &d.grades,
        sanctions: &d.sanctions,
        family: &d.family,
        low_public_recognition: attested.low_public_recognition,
        canvassing_findings: attested.canvassing_findings,
        verified_reports: d.verified_reports,
        personal_matters_concealment: attested.personal_matters_concealment,
        recommendation: d.standing.as_ref(),
        moving: d.moving,
        training: Some(&d.training),
        four_musts: &d.musts,
    };
    evaluate(&app.policy, on, &facts).map_err(policy_error)
}

/// The blocks a cadre's dossier alone raises at the gate of a case on `on`, as if nominated with
/// the threshold reached, the four musts recorded clear and nothing attested. Nothing is
/// recorded; the demo loader uses it to put forward only cadres who can pass.
pub(crate) async fn dossier_blocks(
    app: &App,
    case_id: &str,
    cadre_id: &str,
    on: Date,
) -> AppResult<Vec<jianquan_domain::selection::eligibility::Block>> {
    let mut conn = app.db.read().await?;
    let case = &case_store::get(&mut conn, case_id).await?.ok_or(AppError::NotFound)?;
    let cadre = cadres::get(&mut conn, cadre_id).await?.ok_or(AppError::NotFound)?;
    let c = CandidateRow {
        case_id: case.id.clone(),
        cadre_id: cadre.id,
        name: cadre.name,
        gender: cadre.gender,
        birth_date: cadre.birth_date,
        current_post: cadre.current_post,
        rank: cadre.rank,
        org_path: cadre.org_path,
        source: "recommendation".into(),
        round_id: None,
        votes: Some(1),
        base: Some(1),
        reaches: Some(true),
        status: CandidateStatus::Nominated,
        low_public_recognition: false,
        canvassing_findings: 0,
        personal_matters_concealment: false,
        gate: None,
        exception: None,
        gated_on: None,
    };
    let d = dossier_of(app, &mut conn, case, &c, on).await?;
    let gate = judge(app, &c, &d, Attested::default(), on)?;
    Ok(gate.blocks.into_iter().filter(|b| b.rule != "SEL-FOUR-MUSTS").collect())
}

async fn parse_exception(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    input: &GateInput,
    e: &mut Errors,
) -> AppResult<Option<StoredException>> {
    if input.exception_reason.trim().is_empty() {
        return Ok(None);
    }
    let reason = e.take(text("exception_reason", &input.exception_reason, true, 1000));
    let approved_by = e.take(text("exception_approved_by", &input.exception_approved_by, true, 100));
    let approved_on = e.take(day_not_after_today("exception_approved_on", &input.exception_approved_on, app.today()));
    let org =
        orgs::get(conn, input.exception_org_id.trim()).await?.filter(|o| o.org_path().is_ok_and(|p| actor.sees(&p)));
    if org.is_none() {
        e.push(FieldError::new(
            "exception_org_id",
            "审批单位不存在或不在您的范围内",
            "no such approving org in your scope",
        ));
    }
    Ok(match (reason, approved_by, approved_on, org) {
        (Some(reason), Some(approved_by), Some(on), Some(org)) => Some(StoredException {
            reason,
            approved_by,
            approving_org_id: org.id,
            approving_org_path: org.path,
            approved_on: on.to_string(),
        }),
        _ => None,
    })
}

/// Runs the gate for a nominee and records the verdict (admitted or blocked, with every block).
/// A blocked candidate's answer is the refusal of the first standing block; the verdict is kept.
pub async fn run_gate(app: &App, actor: &Actor, case_id: &str, input: &GateInput) -> AppResult<Gate> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Eligibility, "SEL-INELIGIBLE")?;
    let mut e = Errors::default();
    let canvassing = input.canvassing_findings.trim();
    let canvassing_findings = if canvassing.is_empty() {
        0
    } else {
        canvassing.parse::<u32>().unwrap_or_else(|_| {
            e.push(FieldError::new("canvassing_findings", "请填写次数", "give a count"));
            0
        })
    };
    let attested = Attested {
        low_public_recognition: flag(&input.low_public_recognition),
        canvassing_findings,
        personal_matters_concealment: flag(&input.personal_matters_concealment),
    };
    let exception = parse_exception(app, &mut tx, actor, input, &mut e).await?;
    let candidate = candidate(&mut tx, case_id, &input.cadre_id).await;
    if let Err(AppError::Invalid(i)) = &candidate {
        e.push(i.fields[0].clone());
    }
    e.finish()?;
    let candidate = candidate?;
    let today = app.today();
    let dossier = dossier_of(app, &mut tx, &row, &candidate, today).await?;
    let gate = judge(app, &candidate, &dossier, attested, today)?;
    let verdict = match &exception {
        Some(x) => gate.clone().admit(Some(x.domain(&row.org_path)?)),
        None => gate.clone().admit(None),
    };
    let judged = Judged {
        cadre_id: &candidate.cadre_id,
        gate: &gate,
        admitted: verdict.is_ok(),
        attested,
        exception: exception.as_ref(),
    };
    write_verdicts(app, &mut tx, actor, &row, &[judged]).await?;
    // The verdict is kept whether it admits or blocks.
    tx.commit().await?;
    verdict.map(|_| gate).map_err(Into::into)
}

/// A verdict to record: the gate, whether it let the candidate through, what staff attested
/// and the exceptional promotion, if one was sought.
struct Judged<'a> {
    cadre_id: &'a str,
    gate: &'a Gate,
    admitted: bool,
    attested: Attested,
    exception: Option<&'a StoredException>,
}

/// Records verdicts, each with its own ledger entry, in the caller's transaction.
async fn write_verdicts(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    case: &CaseRow,
    verdicts: &[Judged<'_>],
) -> AppResult<()> {
    for v in verdicts {
        let mut rules: Vec<&str> = vec!["SEL-INELIGIBLE", "SEL-FOUR-MUSTS"];
        for block in &v.gate.blocks {
            if !rules.contains(&block.rule) {
                rules.push(block.rule);
            }
        }
        let gate_json = serde_json::to_string(v.gate).map_err(AppError::internal)?;
        let exception_json = v.exception.map(serde_json::to_string).transpose().map_err(AppError::internal)?;
        let a = v.attested;
        let detail = json!({"cadre": v.cadre_id, "admitted": v.admitted, "blocks": v.gate.blocks,
            "duties": v.gate.duties, "low_public_recognition": a.low_public_recognition,
            "canvassing_findings": a.canvassing_findings,
            "personal_matters_concealment": a.personal_matters_concealment, "exception": v.exception});
        let seq = app.record(tx, actor, "selection.gate.verdict", (SUBJECT, &case.id), detail, &rules).await?;
        let write = GateWrite {
            status: if v.admitted { CandidateStatus::Admitted } else { CandidateStatus::Blocked },
            low_public_recognition: a.low_public_recognition,
            canvassing_findings: i64::from(a.canvassing_findings),
            personal_matters_concealment: a.personal_matters_concealment,
            gate: &gate_json,
            exception: exception_json.as_deref(),
            gated_on: app.today().to_string(),
        };
        store::set_gate(tx, &case.id, v.cadre_id, &write, seq).await?;
    }
    Ok(())
}

/// One nominee's verdict from [`run_gates`].
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    pub cadre_id: String,
    pub admitted: bool,
    /// The gate: every block with its rule and reason, and the duties that follow.
    #[schema(value_type = Object)]
    pub gate: Gate,
}

/// Runs the gate for every nominee of the case not judged yet (status `nominated`), with
/// nothing attested and no exceptional promotion — what [`run_gate`] does for a cadre given
/// alone — reading all their dossiers together (a few statements in all, not ten a nominee).
/// Each verdict is recorded as `run_gate` records it, with its own ledger entry, in one
/// transaction. A nominee with facts to attest or an exception to seek is gated again alone.
pub async fn run_gates(app: &App, actor: &Actor, case_id: &str) -> AppResult<Vec<Verdict>> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Eligibility, "SEL-INELIGIBLE")?;
    let today = app.today();
    let nominees: Vec<CandidateRow> =
        store::of_case(&mut tx, case_id).await?.into_iter().filter(|c| c.status.is_nominated()).collect();
    let dossiers = dossiers_of(app, &mut tx, &row, &nominees, today).await?;
    let mut verdicts = Vec::with_capacity(nominees.len());
    for (c, dossier) in nominees.iter().zip(&dossiers) {
        let gate = judge(app, c, dossier, Attested::default(), today)?;
        let admitted = gate.clone().admit(None).is_ok();
        verdicts.push(Verdict { cadre_id: c.cadre_id.clone(), admitted, gate });
    }
    let writes: Vec<Judged<'_>> = verdicts
        .iter()
        .map(|v| Judged {
            cadre_id: &v.cadre_id,
            gate: &v.gate,
            admitted: v.admitted,
            attested: Attested::default(),
            exception: None,
        })
        .collect();
    if writes.is_empty() {
        return Ok(verdicts);
    }
    write_verdicts(app, &mut tx, actor, &row, &writes).await?;
    tx.commit().await?;
    Ok(verdicts)
}

/// Eligibility → inspection. Each admitted candidate passes the gate again today (a sanction or
/// a verified report since the verdict counts); those who no longer do are marked blocked, and
/// without anyone admitted the step is refused (SEL-INELIGIBLE).
pub async fn begin_inspection(app: &App, actor: &Actor, case_id: &str) -> AppResult<Vec<String>> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut case = domain_case(&row)?;
    let today = app.today();
    let admitted: Vec<CandidateRow> =
        store::of_case(&mut tx, case_id).await?.into_iter().filter(|c| c.status.is_admitted()).collect();
    let dossiers = dossiers_of(app, &mut tx, &row, &admitted, today).await?;
    let mut admissions = Vec::new();
    let mut lapsed = Vec::new();
    for (c, dossier) in admitted.iter().zip(&dossiers) {
        let attested = Attested {
            low_public_recognition: c.low_public_recognition,
            canvassing_findings: u32::try_from(c.canvassing_findings).unwrap_or(u32::MAX),
            personal_matters_concealment: c.personal_matters_concealment,
        };
        let exception: Option<StoredException> =
            c.exception.as_deref().map(serde_json::from_str).transpose().map_err(AppError::internal)?;
        let gate = judge(app, c, dossier, attested, today)?;
        let verdict = gate.clone().admit(exception.as_ref().map(|x| x.domain(&row.org_path)).transpose()?);
        match verdict {
            Ok(admission) => admissions.push(admission),
            Err(_) => lapsed.push((c.cadre_id.clone(), gate, attested, exception)),
        }
    }
    let writes: Vec<Judged<'_>> = lapsed
        .iter()
        .map(|(cadre_id, gate, attested, exception)| Judged {
            cadre_id,
            gate,
            admitted: false,
            attested: *attested,
            exception: exception.as_ref(),
        })
        .collect();
    write_verdicts(app, &mut tx, actor, &row, &writes).await?;
    if let Err(refused) = case.begin_inspection(&admissions) {
        // The verdicts that lapsed are kept even though the step is refused.
        if !writes.is_empty() {
            tx.commit().await?;
        }
        return Err(refused.into());
    }
    let subjects: Vec<String> = admissions.iter().map(|a| a.candidate().to_owned()).collect();
    let detail =
        json!({"subjects": subjects, "duties": admissions.iter().flat_map(|a| a.duties()).collect::<Vec<_>>()});
    let seq = app
        .record(&mut tx, actor, "selection.inspection.begin", (SUBJECT, case_id), detail, &["SEL-INELIGIBLE"])
        .await?;
    if !case_store::set_state(&mut tx, &row, State::Eligibility, State::Inspection, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(subjects)
}
