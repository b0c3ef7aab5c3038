//! Pre-appointment publicity (任前公示): a notice for a passed decision, its period counted on the
//! working-day calendar (SEL-PUBLICITY); objections by anyone, named or anonymous, each answered
//! with a receipt code to follow it; an open objection holds the case (SEL-PUBLICITY-HOLD) until
//! a discipline-inspection user records a finding, and a verified finding blocks the
//! appointment (SEL-REPORT-VERIFIED).

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::codes::{EDUCATION, ETHNICITY, GENDER};
use jianquan_domain::registry::dates::{parse_date, year_month_zh};
use jianquan_domain::registry::org::{organisation_department, post_with_unit};
use jianquan_domain::selection::decision::CommitteeDecision;
use jianquan_domain::selection::publicity::{Finding, Objector, Publicity, PublicityClearance};
use jianquan_domain::selection::token::{OneTimeCode, derive_batch};
use jianquan_domain::{Errors, FieldError, Invalid, Refusal};
use jianquan_storage::Conn;
use jianquan_storage::registry::{cadres, orgs, posts};
use jianquan_storage::selection::cases::{self as case_store, CaseRow};
use jianquan_storage::selection::meetings as meeting_store;
use jianquan_storage::selection::publicity::{self as store, NoticeRow, ObjectionRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::decision::decision_of;
use super::views;
use super::{SUBJECT, changed_meanwhile, code_hash, domain_case, flag, fresh_seed, locked_case, text};
use crate::challenge::Proof;
use crate::context::new_id;
use crate::{Actor, App, AppError, AppResult};

/// Where to object, when the notice does not say.
const WHERE_TO_OBJECT: &str = "公示期间，个人或单位可通过本页在线反映，或来电、来信、来访向组织部门反映。\
    反映问题应实事求是，提倡署真实姓名；匿名反映的，请保存回执码以查询处理结果。";

/// A notice as requested.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PublicityInput {
    /// The day the notice is published (default: today).
    pub published_on: String,
    /// Where and how to object (phone, address, mailbox); a standard text when empty.
    pub where_to_object: String,
}

/// The passed decision a case's publicity rests on: its latest decided item, recomputed from the
/// votes. Refused when the latest decision did not pass (SEL-PASS) or there is none
/// (SEL-COLLECTIVE: nothing else decides).
async fn latest_decision(app: &App, conn: &mut Conn, case: &CaseRow) -> AppResult<(String, CommitteeDecision)> {
    let items = meeting_store::items_of_case(conn, &case.id).await?;
    // Items are listed in the order they were registered: the last decided one is the latest.
    let decided = match &case.decision_item_id {
        Some(id) => items.iter().find(|i| &i.id == id).cloned(),
        None => items.iter().rfind(|i| i.status.is_decided()).cloned(),
    };
    let Some(item) = decided else {
        return Err(Refusal::new(
            "SEL-COLLECTIVE",
            "尚无常委会表决决定，不能公示",
            "no committee decision yet: nothing to publicise",
        )
        .into());
    };
    let decision = decision_of(app, conn, &item.id).await?.ok_or(AppError::NotFound)?;
    Ok((item.id, decision))
}

/// Decision → publicity: publishes the notice of a passed decision (SEL-COLLECTIVE, SEL-PASS);
/// the period is SEL-PUBLICITY's working days on the calendar.
pub async fn start(app: &App, actor: &Actor, case_id: &str, input: &PublicityInput) -> AppResult<views::Notice> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut e = Errors::default();
    let published_on = if input.published_on.trim().is_empty() {
        Some(app.today())
    } else {
        e.take(parse_date("published_on", &input.published_on))
    };
    let where_to_object = e.take(text("where_to_object", &input.where_to_object, false, 1000));
    e.finish()?;
    let (Some(published_on), Some(where_to_object)) = (published_on, where_to_object) else {
        return Err(Invalid::one("published_on", "输入有误", "invalid").into());
    };
    let (item_id, decision) = latest_decision(app, &mut tx, &row).await?;
    let mut case = domain_case(&row)?;
    case.publicise(&decision)?;
    let publicity = Publicity::start(&app.policy, &app.calendar, &decision, published_on).map_err(super::step_error)?;
    let cadre_id = decision.item().candidate.clone();
    let cadre = cadres::get(&mut tx, &cadre_id).await?.ok_or(AppError::NotFound)?;
    let cadre_org = orgs::get(&mut tx, &cadre.org_id).await?.ok_or(AppError::NotFound)?;
    let post = posts::get(&mut tx, &row.post_id).await?.ok_or(AppError::NotFound)?;
    let education = cadres::highest_education(&mut tx, std::slice::from_ref(&cadre_id)).await?;
    let issuer = issuer_of(&mut tx, actor, &row.org_path).await?;
    let period = publicity.period();
    let notice = NoticeRow {
        id: new_id(),
        case_id: case_id.to_owned(),
        item_id: item_id.clone(),
        cadre_id: cadre_id.clone(),
        org_path: row.org_path.clone(),
        name: cadre.name.clone(),
        gender: GENDER.label(&cadre.gender, "zh"),
        birth_date: cadre.birth_date.clone(),
        current_post: post_with_unit(&cadre_org.name, &cadre.current_post),
        proposed_post: post_with_unit(&row.org_name, &post.title),
        published_on: period.start.to_string(),
        period_end: period.end.to_string(),
        working_days: i64::from(period.working_days),
        where_to_object: if where_to_object.is_empty() { WHERE_TO_OBJECT.to_owned() } else { where_to_object },
        // The standard notice's facts, as they are at publication.
        ethnicity: ETHNICITY.label(&cadre.ethnicity, "zh"),
        native_place: cadre.native_place.clone(),
        education: education.get(&cadre_id).map(|e| EDUCATION.label(e, "zh")).unwrap_or_default(),
        party_entry_date: cadre.party_entry_date.clone().unwrap_or_default(),
        work_start_date: cadre.work_start_date.clone().unwrap_or_default(),
        issuer,
    };
    let detail = json!({"notice": notice.id, "item": item_id, "cadre": cadre_id, "published_on": notice.published_on,
        "period_end": notice.period_end, "working_days": notice.working_days, "proposed_post": notice.proposed_post});
    let rules = ["SEL-COLLECTIVE", "SEL-PASS", "SEL-PUBLICITY"];
    let seq = app.record(&mut tx, actor, "selection.publicity.start", (SUBJECT, case_id), detail, &rules).await?;
    if !case_store::publicise(&mut tx, &row, &item_id, seq).await? {
        return Err(changed_meanwhile());
    }
    store::insert_notice(&mut tx, &notice, seq).await?;
    tx.commit().await?;
    Ok(notice.into())
}

/// The body that issues the notice (its masthead): the organisation department of the
/// publishing account's committee, or for the system that of the case's top unit.
async fn issuer_of(conn: &mut Conn, actor: &Actor, case_path: &str) -> AppResult<String> {
    let scope = match &actor.scope_org_id {
        Some(id) => orgs::get(conn, id).await?,
        None => {
            let top = case_path.trim_matches('/').split('/').next().unwrap_or_default();
            orgs::by_paths(conn, &[format!("/{top}/")]).await?.into_iter().next()
        }
    };
    Ok(scope.map(|o| organisation_department(&o.name)).unwrap_or_default())
}

/// The publicity of a notice rebuilt: the decision recomputed, every objection and finding.
pub(crate) async fn rebuild(
    app: &App,
    conn: &mut Conn,
    notice: &NoticeRow,
) -> AppResult<(Publicity, Vec<ObjectionRow>)> {
    let decision = decision_of(app, conn, &notice.item_id).await?.ok_or(AppError::NotFound)?;
    let published_on =
        parse_date("published_on", &notice.published_on).map_err(|e| AppError::internal(e.message.en))?;
    let mut publicity =
        Publicity::start(&app.policy, &app.calendar, &decision, published_on).map_err(super::step_error)?;
    let objections = store::objections(conn, &notice.id).await?;
    let day = |raw: &str| parse_date("date", raw).map_err(|e| AppError::internal(e.message.en));
    for o in &objections {
        // Receipts are kept as digests; the rebuilt objections need none of their own.
        let objector = if o.named {
            Objector::Named { name: o.objector_name.clone(), contact: o.contact.clone() }
        } else {
            Objector::Anonymous
        };
        let (number, _) =
            publicity.object(objector, day(&o.raised_on)?, &o.text, &fresh_seed()).map_err(super::step_error)?;
        if let (Some(finding), Some(on)) = (o.finding, &o.finding_on) {
            publicity.record_finding(number, finding, day(on)?)?;
        }
    }
    Ok((publicity, objections))
}

/// Clears the appointment of a case in publicity on `on`, or refuses with SEL-REPORT-VERIFIED,
/// SEL-PUBLICITY-HOLD or SEL-PUBLICITY.
pub(crate) async fn clearance(
    app: &App,
    conn: &mut Conn,
    case_id: &str,
    on: time::Date,
) -> AppResult<PublicityClearance> {
    let notice = store::notice_of_case(conn, case_id).await?.ok_or_else(|| {
        AppError::from(Refusal::new("SEL-PUBLICITY", "尚未进行任前公示", "no pre-appointment publicity yet"))
    })?;
    let (publicity, _) = rebuild(app, conn, &notice).await?;
    Ok(publicity.clearance(on)?)
}

/// A notice as the public sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicNotice {
    pub id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub current_post: String,
    pub proposed_post: String,
    pub published_on: String,
    pub period_end: String,
    pub working_days: i64,
    pub where_to_object: String,
    /// The standard format's facts: 出生年月 and the other dates as 「1982年7月」.
    pub birth_month: String,
    pub ethnicity: String,
    pub native_place: String,
    pub education: String,
    pub party_entry: String,
    pub work_start: String,
    /// The issuing body (masthead) and the date it signs, 「2026年11月26日」.
    pub issuer: String,
    pub issued_on: String,
}

/// An ISO date as a notice signs it: 「2026年11月26日」.
fn signed_on(iso: &str) -> String {
    match parse_date("published_on", iso) {
        Ok(d) => format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day()),
        Err(_) => iso.to_owned(),
    }
}

impl From<NoticeRow> for PublicNotice {
    fn from(n: NoticeRow) -> Self {
        Self {
            birth_month: year_month_zh(&n.birth_date),
            issued_on: signed_on(&n.published_on),
            id: n.id,
            name: n.name,
            gender: n.gender,
            birth_date: n.birth_date,
            current_post: n.current_post,
            proposed_post: n.proposed_post,
            published_on: n.published_on,
            period_end: n.period_end,
            working_days: n.working_days,
            where_to_object: n.where_to_object,
            ethnicity: n.ethnicity,
            native_place: n.native_place,
            education: n.education,
            party_entry: year_month_zh(&n.party_entry_date),
            work_start: year_month_zh(&n.work_start_date),
            issuer: n.issuer,
        }
    }
}

/// The notices whose period runs today (no sign-in).
pub async fn public_notices(app: &App) -> AppResult<Vec<PublicNotice>> {
    let mut conn = app.db.read_may_lag().await?;
    let rows = store::running(&mut conn, &app.today().to_string(), 500).await?;
    Ok(rows.into_iter().map(PublicNotice::from).collect())
}

/// One running notice (no sign-in); a notice not running is not found.
pub async fn public_notice(app: &App, id: &str) -> AppResult<PublicNotice> {
    let mut conn = app.db.read_may_lag().await?;
    let today = app.today().to_string();
    let notice = store::notice(&mut conn, id).await?.filter(|n| n.published_on <= today && today <= n.period_end);
    notice.map(PublicNotice::from).ok_or(AppError::NotFound)
}

/// An objection as raised by anyone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ObjectionInput {
    pub notice_id: String,
    /// "1" to object anonymously (then `name` and `contact` are ignored).
    pub anonymous: String,
    pub name: String,
    pub contact: String,
    /// The matter objected to.
    pub text: String,
    /// The proof of work (SEC-PROOF-OF-WORK): a challenge from `GET /api/v1/public/challenge`…
    pub challenge: String,
    /// …and the decimal nonce found for it.
    pub nonce: String,
}

/// What the objector keeps.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub number: u32,
    /// The receipt code (回执码) to follow the answer; shown this once.
    pub receipt: String,
}

/// Raises an objection within the period (SEL-PUBLICITY); it holds the case until a finding
/// (SEL-PUBLICITY-HOLD). Everyone gets a receipt code; only its digest is kept, and the ledger
/// entry carries neither the objector's identity nor the text. The proof of work is spent in
/// the same transaction (SEC-PROOF-OF-WORK). The cost does not grow with the objections
/// already raised: they are counted, never loaded.
pub async fn object(app: &App, input: &ObjectionInput, proof: &Proof) -> AppResult<Receipt> {
    let actor = &Actor::public();
    let anonymous = flag(&input.anonymous);
    let mut e = Errors::default();
    let body = e.take(text("text", &input.text, true, 4000));
    let (name, contact) = if anonymous {
        (Some(String::new()), Some(String::new()))
    } else {
        (e.take(text("name", &input.name, true, 50)), e.take(text("contact", &input.contact, true, 100)))
    };
    let mut tx = app.db.write().await?;
    let notice = store::notice(&mut tx, input.notice_id.trim()).await?;
    if notice.is_none() {
        e.push(FieldError::new("notice_id", "没有该公示", "no such notice"));
    }
    e.finish()?;
    let (Some(notice), Some(body), Some(name), Some(contact)) = (notice, body, name, contact) else {
        return Err(Invalid::one("text", "输入有误", "invalid").into());
    };
    // The case is locked: an appointment or a finding on it is decided before or after this.
    case_store::lock(&mut tx, &notice.case_id).await?.ok_or(AppError::NotFound)?;
    let decision = decision_of(app, &mut tx, &notice.item_id).await?.ok_or(AppError::NotFound)?;
    let published_on =
        parse_date("published_on", &notice.published_on).map_err(|e| AppError::internal(e.message.en))?;
    let earlier = store::last_objection_number(&mut tx, &notice.id).await?;
    let mut publicity = Publicity::start(&app.policy, &app.calendar, &decision, published_on)
        .map_err(super::step_error)?
        .numbered_after(u32::try_from(earlier).unwrap_or(u32::MAX));
    let objector =
        if anonymous { Objector::Anonymous } else { Objector::Named { name: name.clone(), contact: contact.clone() } };
    let seed = fresh_seed();
    let (number, receipt) = publicity.object(objector, app.today(), &body, &seed).map_err(super::step_error)?;
    let receipt = match receipt {
        Some(code) => code,
        None => derive_batch(&seed, &format!("objection-named:{}:{number}", notice.id), 1)
            .map_err(|e| AppError::internal(e.message.en))?
            .remove(0),
    };
    let row = ObjectionRow {
        id: new_id(),
        notice_id: notice.id.clone(),
        number: i64::from(number),
        named: !anonymous,
        objector_name: name,
        contact,
        text: body,
        raised_on: app.today().to_string(),
        finding: None,
        finding_on: None,
        finding_note: String::new(),
    };
    crate::challenge::spend(app, &mut tx, proof).await?;
    let detail = json!({"notice": notice.id, "objection": row.id, "named": !anonymous, "raised_on": row.raised_on});
    let seq = app
        .record(
            &mut tx,
            actor,
            "selection.publicity.objection",
            (SUBJECT, &notice.case_id),
            detail,
            &["SEL-PUBLICITY-HOLD"],
        )
        .await?;
    let number = store::insert_objection(&mut tx, &row, &code_hash(receipt.as_str()), seq).await?;
    tx.commit().await?;
    Ok(Receipt { number: u32::try_from(number).unwrap_or(u32::MAX), receipt: receipt.to_string() })
}

/// What a receipt code shows: the objection's state and answer, never the objector.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Followed {
    pub notice_name: String,
    pub proposed_post: String,
    pub number: i64,
    pub raised_on: String,
    /// pending, verified or not_verified.
    pub status: String,
    pub finding_on: Option<String>,
    pub answer: String,
}

/// Follows an objection by its receipt code (no sign-in).
pub async fn follow(app: &App, code: &str) -> AppResult<Followed> {
    let code = OneTimeCode::parse("code", code).map_err(super::invalid)?;
    let mut conn = app.db.read().await?;
    let unknown = || AppError::from(Invalid::one("code", "没有该回执码", "no objection has this receipt code"));
    let objection = store::objection_by_receipt(&mut conn, &code_hash(code.as_str())).await?.ok_or_else(unknown)?;
    let notice = store::notice(&mut conn, &objection.notice_id).await?.ok_or_else(unknown)?;
    Ok(Followed {
        notice_name: notice.name,
        proposed_post: notice.proposed_post,
        number: objection.number,
        raised_on: objection.raised_on,
        status: objection.finding.map_or("pending", Finding::code).to_owned(),
        finding_on: objection.finding_on,
        answer: objection.finding_note,
    })
}

/// An objection as staff see it: the objector's identity masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ObjectionLine {
    pub objection: views::Objection,
    pub notice: views::Notice,
    /// The case's number (纪实〔year〕seq号).
    pub case_number: String,
}

/// An objection with the objector's identity masked (name and contact are never shown in lists).
pub fn masked(mut o: ObjectionRow) -> views::Objection {
    if o.named {
        o.objector_name = "实名（已隐藏）".into();
        o.contact = "***".into();
    }
    o.into()
}

/// Objections without a finding in the actor's scope (discipline inspection's work list).
pub async fn open_objections(app: &App, actor: &Actor) -> AppResult<Vec<ObjectionLine>> {
    actor.require(Capability::ObjectionFinding)?;
    let mut conn = app.db.read().await?;
    let rows = store::open_objections(&mut conn, &actor.list_scope(), 500).await?;
    Ok(rows
        .into_iter()
        .map(|(o, n, case_number)| ObjectionLine { objection: masked(o), notice: n.into(), case_number })
        .collect())
}

/// A finding as recorded by discipline inspection.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FindingInput {
    pub objection_id: String,
    /// verified (属实: blocks the appointment) or not_verified (不属实).
    pub finding: String,
    /// The answer the objector reads with their receipt code.
    pub note: String,
}

/// Records the discipline-inspection finding on an objection, once. A verified finding blocks
/// the appointment (SEL-REPORT-VERIFIED); otherwise the hold lifts (SEL-PUBLICITY-HOLD).
pub async fn record_finding(app: &App, actor: &Actor, input: &FindingInput) -> AppResult<()> {
    actor.require(Capability::ObjectionFinding)?;
    let mut e = Errors::default();
    let finding = match input.finding.trim() {
        "属实" => Some(Finding::Verified),
        "不属实" => Some(Finding::NotVerified),
        code => Finding::parse(code),
    };
    if finding.is_none() {
        e.push(FieldError::new("finding", "请选择属实或不属实", "choose verified or not verified"));
    }
    let note = e.take(text("note", &input.note, true, 2000));
    let mut tx = app.db.write().await?;
    let objection = store::objection(&mut tx, input.objection_id.trim()).await?;
    let notice = match &objection {
        Some(o) => store::notice(&mut tx, &o.notice_id).await?,
        None => None,
    };
    let notice = notice.filter(|n| OrgPath::parse(&n.org_path).is_ok_and(|p| actor.sees(&p)));
    if notice.is_none() {
        e.push(FieldError::new("objection_id", "没有该反映事项", "no such objection in your scope"));
    }
    e.finish()?;
    let (Some(objection), Some(notice), Some(finding), Some(note)) = (objection, notice, finding, note) else {
        return Err(Invalid::one("objection_id", "输入有误", "invalid").into());
    };
    // The case is locked: an appointment waiting on this finding is decided before or after it.
    case_store::lock(&mut tx, &notice.case_id).await?.ok_or(AppError::NotFound)?;
    let (mut publicity, _) = rebuild(app, &mut tx, &notice).await?;
    let today = app.today();
    publicity.record_finding(u32::try_from(objection.number).unwrap_or(0), finding, today)?;
    let mut rules = vec!["SEL-PUBLICITY-HOLD"];
    if finding.is_verified() {
        rules.push("SEL-REPORT-VERIFIED");
    }
    let detail = json!({"notice": notice.id, "objection": objection.id, "number": objection.number,
        "finding": finding.code(), "note": note});
    let seq =
        app.record(&mut tx, actor, "selection.publicity.finding", (SUBJECT, &notice.case_id), detail, &rules).await?;
    if !store::record_finding(&mut tx, &objection.id, finding, &today.to_string(), &note, &actor.id, seq).await? {
        return Err(Refusal::new("SEL-RECORD", "该反映事项已有查核结论", "the objection already has a finding").into());
    }
    tx.commit().await?;
    Ok(())
}
