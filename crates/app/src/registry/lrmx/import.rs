//! Importing an LRMX file: read it, validate every element (and resolve every org) before anything
//! is written, then create the cadre — or update the one with the same ID number — and add the
//! dossier entries it does not have yet, all in one transaction under one ledger entry.
//!
//! The resume's periods of work become tenures: each line's org is the org in the actor's scope
//! whose name starts the line (the longest such name, the one nearest the cadre's org among
//! namesakes), the rest of the line the title; a line naming no org is a tenure in the cadre's
//! own org titled with the whole line. Periods of study date the education they name.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::decided_by::not_collective;
use jianquan_domain::registry::dossier::TenureInput;
use jianquan_domain::registry::lrmx::facts::{Facts, Placement};
use jianquan_domain::registry::lrmx::records::kept_text;
use jianquan_domain::registry::lrmx::text::{ResumeLine, parse_month};
use jianquan_domain::registry::lrmx::{Person, xml};
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::StorageError;
use jianquan_storage::registry::cadres::{self, Cadre};
use jianquan_storage::registry::dossier::{self, Sections};
use jianquan_storage::registry::forms;
use jianquan_storage::registry::orgs::{self, Org};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::context::new_id;
use crate::registry::dossier::influence_until;
use crate::{Actor, App, AppError, AppResult};

/// The largest LRMX file read (a form with its photo is well under it).
pub const MAX_LRMX_BYTES: usize = 2 * 1024 * 1024;

/// What the file does not say.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ImportOptions {
    /// The cadre's org: its ID, number or exact name; required for a new cadre, otherwise the
    /// cadre stays in their org.
    pub org: String,
    /// The cadre's rank (code or label); otherwise a new cadre has none and an existing one keeps theirs.
    pub rank: String,
    /// The cadre's resident ID number, for a file without one (older versions of the official
    /// tool write none, clerks leave it blank). Without either, the file updates the one cadre in
    /// scope with its name and birth month; a number that differs from the file's is refused.
    pub id_number: String,
}

/// Entries added to each section.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Added {
    pub educations: usize,
    pub tenures: usize,
    pub grades: usize,
    pub rewards_sanctions: usize,
    pub family: usize,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LrmxImport {
    pub cadre_id: String,
    pub name: String,
    /// `true` for a new cadre, `false` for an update of the one with the same ID number.
    pub created: bool,
    pub added: Added,
    /// Lines of 奖惩情况 and 年度考核结果 that were not read into entries (narrative, an unknown
    /// kind or grade): kept word for word in the dossier and written back by the export.
    pub kept_as_text: Vec<KeptLine>,
    /// Elements with content the dossier has no place for (what the form proposes: 拟任, 拟免,
    /// 任免理由 belong to a selection case): not kept.
    pub not_kept: Vec<String>,
}

/// A line kept as written, named by its element and line number.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct KeptLine {
    /// `JiangChengQingKuang[2]` or `NianDuKaoHeJieGuo[1]`.
    pub element: String,
    pub text: String,
}

fn kept_lines(element: &str, lines: &[(usize, String)]) -> Vec<KeptLine> {
    lines.iter().map(|(n, text)| KeptLine { element: format!("{element}[{n}]"), text: text.clone() }).collect()
}

/// The form texts the dossier keeps (see [`jianquan_domain::registry::lrmx::facts::FormTexts`]).
fn form_row(facts: &Facts) -> forms::FormRow {
    let t = &facts.texts;
    forms::FormRow {
        resume: t.resume.clone(),
        rewards_kept: kept_text(&t.rewards_kept),
        grades_kept: kept_text(&t.grades_kept),
        reporting_unit: t.reporting_unit.clone(),
        filled_by: t.filled_by.clone(),
        updated_seq: 0,
    }
}

fn field(name: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(name, zh, en)
}

/// Finds an org by ID, number or exact (unique) name among the orgs in scope.
fn find_org<'a>(orgs: &'a [Org], reference: &str) -> Result<&'a Org, FieldError> {
    let reference = reference.trim();
    let found: Vec<&Org> =
        orgs.iter().filter(|o| o.id == reference || o.number.to_string() == reference || o.name == reference).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(field(
            "org",
            format!("单位“{reference}”不存在或不在您的范围内"),
            format!("no org \"{reference}\" in your scope"),
        )),
        many => Err(field(
            "org",
            format!("有 {} 个单位名为“{reference}”，请改填单位编号或ID", many.len()),
            format!("{} orgs are named \"{reference}\"; give the org's number or ID", many.len()),
        )),
    }
}

/// Path segments two orgs share: how near a namesake is to the cadre's org.
fn nearness(a: &str, b: &str) -> usize {
    a.split('/').zip(b.split('/')).take_while(|(x, y)| x == y).count()
}

/// The tenure a resume line describes (see the module documentation).
fn tenure_of(line: &ResumeLine, by_name: &HashMap<&str, Vec<&Org>>, home: &Org) -> TenureInput {
    let text = line.text.as_str();
    let ends = text.char_indices().map(|(i, _)| i).skip(1).chain([text.len()]);
    let named = ends.collect::<Vec<_>>().into_iter().rev().find_map(|end| by_name.get(&text[..end]).map(|o| (end, o)));
    let (org, title) = match named {
        Some((end, namesakes)) => {
            let org = namesakes.iter().max_by(|a, b| {
                nearness(&a.path, &home.path).cmp(&nearness(&b.path, &home.path)).then(b.path.cmp(&a.path))
            });
            let title = text[end..].trim();
            (org.map_or(home, |o| *o), if title.is_empty() { text } else { title })
        }
        None => (home, text),
    };
    TenureInput {
        org_id: org.id.clone(),
        post_id: String::new(),
        title: title.to_owned(),
        start_date: line.start.to_string(),
        end_date: line.end.map(|d| d.to_string()).unwrap_or_default(),
        document_number: String::new(),
    }
}

/// Everything checked: the facts, the cadre's org, the tenures, and the cadre being updated.
pub(crate) struct Checked {
    pub(crate) facts: Facts,
    org_path: OrgPath,
    tenures: Vec<jianquan_domain::registry::dossier::Tenure>,
    existing: Option<Cadre>,
}

pub(crate) async fn check(app: &App, actor: &Actor, bytes: &[u8], options: &ImportOptions) -> AppResult<Checked> {
    if bytes.len() > MAX_LRMX_BYTES {
        return Err(Invalid::one("file", "文件不能超过 2 MB", "the file may not exceed 2 MB").into());
    }
    let mut person = xml::read(bytes)?;
    let mut conn = app.db.read().await?;
    let in_scope = orgs::subtree(&mut conn, &actor.list_scope()).await?;
    let in_scope: Vec<Org> = in_scope.into_iter().filter(|o| o.org_path().is_ok_and(|p| actor.sees(&p))).collect();
    let mut errors = Vec::new();
    person.id_number = id_number(&mut conn, actor, &person, options, &mut errors).await?;
    let number = person.id_number.as_str();
    let existing = if number.is_empty() { None } else { cadres::by_id_number(&mut conn, number).await? };
    if let Some(cadre) = &existing
        && !OrgPath::parse(&cadre.org_path).is_ok_and(|p| actor.sees(&p))
    {
        errors.push(field(
            "ShenFenZheng",
            "该身份证号码已登记在您的范围之外的单位",
            "this resident ID number is registered to a cadre outside your scope",
        ));
    }
    let org = match (options.org.trim(), &existing) {
        ("", Some(cadre)) => in_scope.iter().find(|o| o.id == cadre.org_id),
        ("", None) => {
            errors.push(field("org", "新干部须指定所在单位", "a new cadre needs an org"));
            None
        }
        (reference, _) => find_org(&in_scope, reference).map_err(|e| errors.push(e)).ok(),
    };
    let rank = match (options.rank.trim(), &existing) {
        ("", Some(cadre)) => cadre.rank.clone().unwrap_or_default(),
        (rank, _) => rank.to_owned(),
    };
    let placement = Placement { org_id: org.map_or("", |o| o.id.as_str()), rank: &rank };
    let facts = person.facts(placement, app.today()).map_err(|invalid| {
        // Without an org the basic-data parser also reports org_id: it is already named `org`.
        errors.extend(invalid.fields.into_iter().filter(|f| f.field != "org_id"));
    });
    let mut tenures = Vec::new();
    if let (Ok(facts), Some(home)) = (&facts, org) {
        let mut by_name: HashMap<&str, Vec<&Org>> = HashMap::new();
        for o in &in_scope {
            by_name.entry(o.name.as_str()).or_default().push(o);
        }
        for (n, line) in &facts.work {
            match tenure_of(line, &by_name, home).parse() {
                Ok(t) => tenures.push(t),
                Err(invalid) => errors.extend(invalid.fields.into_iter().map(|e| {
                    field(
                        &format!("JianLi[{n}]"),
                        format!("第 {n} 行：{}", e.message.zh),
                        format!("line {n}: {}", e.message.en),
                    )
                })),
            }
        }
    }
    match (facts, org) {
        (Ok(facts), Some(org)) if errors.is_empty() => {
            Ok(Checked { facts, org_path: org.org_path()?, tenures, existing })
        }
        _ => Err(Invalid { fields: errors }.into()),
    }
}

/// The resident ID number a file is imported under: the file's; else the one given with the
/// import; else that of the one cadre in scope with the file's name and birth month (a form for
/// a registered cadre, from a tool that writes no number). Empty when none applies: the facts
/// then report the number as required.
async fn id_number(
    conn: &mut jianquan_storage::Conn,
    actor: &Actor,
    person: &Person,
    options: &ImportOptions,
    errors: &mut Vec<FieldError>,
) -> AppResult<String> {
    let in_file = person.id_number.trim().to_ascii_uppercase();
    let given = options.id_number.trim().to_ascii_uppercase();
    if !in_file.is_empty() {
        if !given.is_empty() && given != in_file {
            errors.push(field(
                "id_number",
                "填写的身份证号码与文件中的不同",
                "the resident ID number given differs from the file's",
            ));
        }
        return Ok(in_file);
    }
    if !given.is_empty() {
        return Ok(given);
    }
    let name = person.name.trim();
    let Ok(month) = parse_month("ChuShengNianYue", &person.birth_month) else { return Ok(String::new()) };
    if name.is_empty() {
        return Ok(String::new());
    }
    let prefix = format!("{:04}-{:02}-", month.year(), u8::from(month.month()));
    let namesakes: Vec<Cadre> = cadres::by_exact_name(conn, name)
        .await?
        .into_iter()
        .filter(|c| c.birth_date.starts_with(&prefix) && OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)))
        .collect();
    match namesakes.as_slice() {
        [one] => Ok(one.id_number.clone()),
        [] => Ok(String::new()),
        many => {
            errors.push(field(
                "ShenFenZheng",
                format!("文件中没有身份证号码，您的范围内有 {} 名同名同出生年月的干部：请填写号码", many.len()),
                format!("the file has no resident ID number and {} cadres in your scope share its name and birth month: give the number", many.len()),
            ));
            Ok(String::new())
        }
    }
}

/// Imports one LRMX file (see the module documentation).
pub async fn import_lrmx(app: &App, actor: &Actor, bytes: &[u8], options: &ImportOptions) -> AppResult<LrmxImport> {
    actor.require(Capability::RegistryImport)?;
    let checked = check(app, actor, bytes, options).await?;
    let mut tx = app.db.write().await?;
    let stored = lock_stored(&mut tx, &checked).await?;
    let done = write_checked(app, &mut tx, actor, checked, stored).await?;
    tx.commit().await?;
    Ok(done)
}

/// Locks the registered cadre a checked file updates (before any ledger entry of the
/// transaction), or `None` for a new one.
pub(crate) async fn lock_stored(
    tx: &mut jianquan_storage::WriteTx,
    checked: &Checked,
) -> AppResult<Option<jianquan_storage::Locked<Cadre>>> {
    match &checked.existing {
        None => Ok(None),
        Some(c) => Ok(Some(cadres::lock(tx, &c.id).await?.ok_or(AppError::NotFound)?)),
    }
}

/// Writes one checked file in the caller's transaction: the cadre, the entries the dossier lacks,
/// the photo and the kept texts, under one ledger entry.
pub(crate) async fn write_checked(
    app: &App,
    tx: &mut jianquan_storage::WriteTx,
    actor: &Actor,
    checked: Checked,
    stored: Option<jianquan_storage::Locked<Cadre>>,
) -> AppResult<LrmxImport> {
    let Checked { facts, org_path, tenures, existing } = checked;
    let mut periods = Vec::new();
    for r in &facts.rewards_sanctions {
        periods.push(if r.category == "sanction" { influence_until(app, r.kind, r.date)? } else { None });
    }
    let created = existing.is_none();
    let cadre_id = existing.map_or_else(new_id, |c| c.id);
    let c = &facts.cadre;
    let detail = json!({"format": "lrmx", "created": created, "name": c.name, "id_number": c.id_number.masked(),
        "org_id": c.org_id, "rank": c.rank.map(|r| r.code), "current_post": c.current_post, "not_kept": facts.not_kept, "photo": facts.photo.is_some(),
        "kept_as_text": facts.texts.rewards_kept.len() + facts.texts.grades_kept.len()});
    // A registered cadre (locked by the caller) is decided on as it is now: still in scope (it may
    // have moved since the check) …
    if let Some(stored) = &stored
        && !OrgPath::parse(&stored.org_path).is_ok_and(|p| actor.sees(&p))
    {
        return Err(AppError::NotFound);
    }
    // … and agreeing with the file's post: a file does not appoint (SEL-COLLECTIVE).
    if let Some(stored) = &stored
        && (stored.rank.as_deref() != c.rank.map(|r| r.code) || stored.current_post != c.current_post)
    {
        return Err(not_collective(
            &format!("文件的职级或现任职务（{}）与登记的（{}）不同，导入不能改变", c.current_post, stored.current_post),
            "the file's rank or current post differs from the registered one; an import cannot change it",
        )
        .into());
    }
    let seq = app.record(tx, actor, "registry.cadre.import_lrmx", ("cadre", &cadre_id), detail, &[]).await?;
    let duplicate = |e: StorageError| match e {
        StorageError::Duplicate(_) => AppError::from(Invalid::one(
            "ShenFenZheng",
            "该身份证号码已登记",
            "this resident ID number is already registered",
        )),
        other => other.into(),
    };
    match &stored {
        None => cadres::insert(tx, &cadre_id, c, &org_path, seq).await.map_err(duplicate)?,
        Some(stored) => cadres::update(tx, stored, c, &org_path, seq).await.map_err(duplicate)?,
    }
    let have = dossier::sections(tx, &cadre_id).await?;
    // An update adds ended tenures to the résumé only; the current post stays as it was.
    let tenures: Vec<_> = tenures.into_iter().filter(|t| created || t.end_date.is_some()).collect();
    let added = add_missing(tx, &cadre_id, &have, &facts, &tenures, &periods).await?;
    if let Some(photo) = &facts.photo {
        crate::registry::photo::put_in(tx, &cadre_id, photo, seq).await?;
    }
    forms::put(tx, &cadre_id, &form_row(&facts), seq).await?;
    let mut kept_as_text = kept_lines("JiangChengQingKuang", &facts.texts.rewards_kept);
    kept_as_text.extend(kept_lines("NianDuKaoHeJieGuo", &facts.texts.grades_kept));
    Ok(LrmxImport {
        cadre_id,
        name: c.name.clone(),
        created,
        added,
        kept_as_text,
        not_kept: facts.not_kept.iter().map(|s| (*s).to_owned()).collect(),
    })
}

/// Adds the entries the dossier does not have yet (an update never removes what is recorded).
async fn add_missing(
    tx: &mut jianquan_storage::WriteTx,
    cadre_id: &str,
    have: &Sections,
    facts: &Facts,
    tenures: &[jianquan_domain::registry::dossier::Tenure],
    periods: &[Option<(time::Date, &'static str)>],
) -> AppResult<Added> {
    let mut added = Added::default();
    for e in &facts.educations {
        if !have
            .educations
            .iter()
            .any(|h| (h.mode.as_str(), h.level.as_str(), &h.school, &h.major) == (e.mode, e.level, &e.school, &e.major))
        {
            dossier::insert_education(tx, &new_id(), cadre_id, e).await?;
            added.educations += 1;
        }
    }
    for t in tenures {
        if !have
            .tenures
            .iter()
            .any(|h| (&h.org_id, &h.title, &h.start_date) == (&t.org_id, &t.title, &t.start_date.to_string()))
        {
            dossier::insert_tenure(tx, &new_id(), cadre_id, t, None).await?;
            added.tenures += 1;
        }
    }
    for g in &facts.grades {
        if !have.grades.iter().any(|h| h.year == i64::from(g.year) && h.grade == g.grade) {
            dossier::upsert_grade(tx, cadre_id, g).await?;
            added.grades += 1;
        }
    }
    for (r, period) in facts.rewards_sanctions.iter().zip(periods) {
        let key = (r.category, r.kind, r.date.to_string(), r.authority.as_str());
        if !have
            .rewards_sanctions
            .iter()
            .any(|h| (h.category.as_str(), h.kind.as_str(), h.date.clone(), h.authority.as_str()) == key)
        {
            dossier::insert_reward_sanction(
                tx,
                &new_id(),
                cadre_id,
                r,
                period.map(|(d, _)| d),
                period.map(|(_, rule)| rule),
            )
            .await?;
            added.rewards_sanctions += 1;
        }
    }
    for f in &facts.family {
        if !have.family.iter().any(|h| (h.relation.as_str(), &h.name) == (f.relation, &f.name)) {
            dossier::insert_family(tx, &new_id(), cadre_id, f).await?;
            added.family += 1;
        }
    }
    Ok(added)
}
