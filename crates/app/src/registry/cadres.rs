//! Cadre use-cases: the scoped, filtered list; create and edit; the dossier with its view log.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::registry::dates::{add_months, age_on, parse_date};
use jianquan_domain::registry::decided_by::not_collective;
use jianquan_domain::registry::resident_id::mask;
use jianquan_domain::registry::{CadreInput, NewCadre, OrgPath, Rank};
use jianquan_domain::{FieldError, Invalid, Msg};
use jianquan_storage::registry::cadres::{self, Cadre, CadreFilter, SortKey};
use jianquan_storage::registry::forms::FormRow;
use jianquan_storage::registry::opened;
use jianquan_storage::registry::orgs;
use jianquan_storage::{StorageError, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::views;
use crate::context::new_id;
use crate::training::views::TrainingRecord;
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// The list's query, as it appears in the URL (so a filtered view can be shared and exported).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CadreQuery {
    /// Narrow to this org's subtree.
    pub org: String,
    /// Name contains (one character or more).
    pub q: String,
    /// Rank code.
    pub rank: String,
    /// `leadership` or `grade` (post kind).
    pub post_kind: String,
    /// `1` male, `2` female.
    pub gender: String,
    /// GB 3304 code.
    pub ethnicity: String,
    /// `member` (CPC members and probationary members) or `non_member`.
    pub party: String,
    /// Age band lower bound, in years.
    pub age_min: String,
    /// Age band upper bound, in years.
    pub age_max: String,
    /// `post` (职务排序: within each unit by post precedence, then 任现职时间; the default),
    /// `strokes` (姓氏笔画, within each unit), `org` (org, then name), `name`, `birth_date` or `rank`.
    pub sort: String,
    /// `desc` for descending.
    pub dir: String,
    /// Page number from 1.
    pub page: String,
    /// Rows per page (10–200).
    pub per_page: String,
}

/// One row of the list, with its org's name and the ID number masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CadreSummary {
    pub id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub age: i32,
    pub ethnicity: String,
    pub political_status: String,
    pub org_id: String,
    pub org_name: String,
    pub rank: Option<String>,
    pub current_post: String,
    pub id_number_masked: String,
    /// 任现职时间, when an open tenure is recorded.
    pub post_since: Option<String>,
    /// Highest 学历 (GB/T 4658 code), when education is recorded.
    pub education: Option<String>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matching rows, counted exactly up to a cap (see `total_capped`).
    pub total: i64,
    /// `true` when more rows match than were counted: the total is "at least".
    pub total_capped: bool,
    pub page: i64,
    pub per_page: i64,
    pub pages: i64,
}

fn age_bound(raw: &str, field: &str) -> AppResult<Option<i32>> {
    match raw.trim() {
        "" => Ok(None),
        text => text.parse::<i32>().ok().filter(|a| (0..=120).contains(a)).map(Some).ok_or_else(|| {
            AppError::Invalid(Invalid::one(field, "年龄应为0至120的整数", "ages are whole numbers from 0 to 120"))
        }),
    }
}

impl CadreQuery {
    fn page_bounds(&self) -> (i64, i64) {
        let page = self.page.trim().parse::<i64>().unwrap_or(1).max(1);
        let per_page = self.per_page.trim().parse::<i64>().unwrap_or(20).clamp(10, 200);
        (page, per_page)
    }

    /// Turns the URL query into a storage filter, resolving ages against today.
    fn to_filter(&self, today: time::Date, org: Option<OrgPath>) -> AppResult<CadreFilter> {
        let non_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let min = age_bound(&self.age_min, "age_min")?;
        let max = age_bound(&self.age_max, "age_max")?;
        // Age ≥ min ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max+1) years.
        let born_to = min.map(|a| add_months(today, -i64::from(a) * 12).to_string());
        let born_from =
            max.map(|a| (add_months(today, -(i64::from(a) + 1) * 12) + time::Duration::days(1)).to_string());
        Ok(CadreFilter {
            scope: None,
            org,
            name: non_empty(&self.q),
            rank: non_empty(&self.rank),
            leadership: match self.post_kind.trim() {
                "leadership" => Some(true),
                "grade" => Some(false),
                _ => None,
            },
            gender: non_empty(&self.gender),
            ethnicity: non_empty(&self.ethnicity),
            political_status: match self.party.trim() {
                "member" => Some(vec!["01".into(), "02".into()]),
                "non_member" => {
                    Some(["03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13"].map(String::from).to_vec())
                }
                _ => None,
            },
            born_from,
            born_to,
            sort: match self.sort.trim() {
                "name" => SortKey::Name,
                "birth_date" => SortKey::BirthDate,
                "rank" => SortKey::Rank,
                "org" => SortKey::Org,
                "post" => SortKey::Post,
                "strokes" => SortKey::Strokes,
                // A name search reads best in name order; a roster in post precedence (职务排序).
                _ if !self.q.trim().is_empty() => SortKey::Name,
                _ => SortKey::Post,
            },
            descending: self.dir.trim() == "desc",
        })
    }
}

/// The filtered list within the actor's scope.
pub async fn list_cadres(app: &App, actor: &Actor, query: &CadreQuery) -> AppResult<Page<CadreSummary>> {
    actor.require(Capability::RegistryRead)?;
    let mut conn = app.db.read_may_lag().await?;
    let org = match query.org.trim() {
        "" => None,
        id => {
            let org = orgs::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
            Some(actor.require_in_scope(&org.path)?)
        }
    };
    let mut filter = query.to_filter(app.today(), org)?;
    filter.scope = if actor.is_system() { None } else { Some(actor.scope.clone().ok_or(AppError::NotFound)?) };
    let (page, per_page) = query.page_bounds();
    let (rows, total, total_capped) = cadres::list(&mut conn, &filter, (page - 1) * per_page, per_page).await?;
    let pages = (total + per_page - 1) / per_page;
    let page_ids: Vec<String> = rows.iter().map(|c| c.id.clone()).collect();
    let education = cadres::highest_education(&mut conn, &page_ids).await?;
    let org_ids: Vec<String> = {
        let mut ids: Vec<String> = rows.iter().map(|c| c.org_id.clone()).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let names: HashMap<String, String> =
        orgs::by_ids(&mut conn, &org_ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let today = app.today();
    let items = rows.into_iter().map(|c| summary(c, &names, &education, today)).collect();
    Ok(Page { items, total, total_capped, page, per_page, pages })
}

fn summary(
    c: Cadre,
    names: &HashMap<String, String>,
    education: &HashMap<String, String>,
    today: time::Date,
) -> CadreSummary {
    let age = parse_date("birth_date", &c.birth_date).map_or(0, |b| age_on(b, today));
    CadreSummary {
        education: education.get(&c.id).cloned(),
        post_since: Some(c.post_since).filter(|d| d != jianquan_domain::registry::roster::NO_POST_SINCE),
        org_name: names.get(&c.org_id).cloned().unwrap_or_default(),
        id_number_masked: mask(&c.id_number),
        id: c.id,
        name: c.name,
        gender: c.gender,
        birth_date: c.birth_date,
        age,
        ethnicity: c.ethnicity,
        political_status: c.political_status,
        org_id: c.org_id,
        rank: c.rank,
        current_post: c.current_post,
    }
}

/// Parses the input and checks what needs the database, inside the write: the org (in scope)
/// and ID-number uniqueness.
async fn validate(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    input: &CadreInput,
    editing: Option<&Cadre>,
) -> AppResult<(NewCadre, OrgPath)> {
    let parsed = input.parse(app.today());
    let org = match orgs::get(tx, input.org_id.trim()).await? {
        Some(org) if actor.sees(&org.org_path()?) => Some(org),
        _ => None,
    };
    let mut fields = match &parsed {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid.fields.clone(),
    };
    if org.is_none() && !input.org_id.trim().is_empty() {
        fields.push(FieldError::new("org_id", "单位不存在或不在您的范围内", "no such org in your scope"));
    }
    if let Ok(cadre) = &parsed {
        let existing = cadres::existing_id_numbers(tx, &[cadre.id_number.as_str().to_owned()]).await?;
        let own = editing.map(|c| c.id_number.as_str());
        if !existing.is_empty() && own != Some(cadre.id_number.as_str()) {
            fields.push(FieldError::new(
                "id_number",
                "该身份证号码已登记",
                "this resident ID number is already registered",
            ));
        }
    }
    match (parsed, org) {
        (Ok(cadre), Some(org)) if fields.is_empty() => Ok((cadre, org.org_path()?)),
        _ => Err(Invalid { fields }.into()),
    }
}

fn change_detail(cadre: &NewCadre) -> serde_json::Value {
    json!({
        "name": cadre.name, "gender": cadre.gender, "birth_date": cadre.birth_date.to_string(),
        "ethnicity": cadre.ethnicity, "id_number": cadre.id_number.masked(), "political_status": cadre.political_status,
        "org_id": cadre.org_id, "rank": cadre.rank.map(|r| r.code), "current_post": cadre.current_post,
        "professional_title": cadre.professional_title,
    })
}

fn duplicate_as_field(error: StorageError) -> AppError {
    match error {
        StorageError::Duplicate(_) => {
            Invalid::one("id_number", "该身份证号码已登记", "this resident ID number is already registered").into()
        }
        other => other.into(),
    }
}

/// Registers a cadre.
pub async fn create_cadre(app: &App, actor: &Actor, input: &CadreInput) -> AppResult<views::Cadre> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    let (cadre, org_path) = validate(app, &mut tx, actor, input, None).await?;
    let id = new_id();
    let seq = app.record(&mut tx, actor, "registry.cadre.create", ("cadre", &id), change_detail(&cadre), &[]).await?;
    cadres::insert(&mut tx, &id, &cadre, &org_path, seq).await.map_err(duplicate_as_field)?;
    let stored = cadres::get(&mut tx, &id).await?.ok_or_else(|| AppError::internal("cadre vanished"))?;
    tx.commit().await?;
    Ok(stored.into())
}

/// A cadre in scope (or the actor's own record for the cadre role), or NotFound.
pub async fn get_cadre(app: &App, actor: &Actor, id: &str) -> AppResult<Cadre> {
    let mut conn = app.db.read().await?;
    cadre_in(&mut conn, actor, id).await
}

/// [`get_cadre`] on a given connection (a write transaction that logs the read).
async fn cadre_in(conn: &mut jianquan_storage::Conn, actor: &Actor, id: &str) -> AppResult<Cadre> {
    may_ask_for(actor, id)?;
    let cadre = cadres::get(conn, id).await?.ok_or(AppError::NotFound)?;
    may_open(actor, &cadre)?;
    Ok(cadre)
}

/// Whether the actor may ask for a cadre's record at all: a cadre only for their own (or with
/// registry access), others with registry access. A cadre asking for someone else's record
/// learns nothing about it.
fn may_ask_for(actor: &Actor, id: &str) -> AppResult<()> {
    let self_service = actor.can(Capability::OwnDossier);
    let own = self_service && actor.cadre_id.as_deref() == Some(id);
    if self_service && !own && !actor.can(Capability::RegistryRead) {
        return Err(AppError::NotFound);
    }
    if !own {
        actor.require(Capability::RegistryRead)?;
    }
    Ok(())
}

/// Whether the actor may open this cadre's record: their own, or one in their scope.
fn may_open(actor: &Actor, cadre: &Cadre) -> AppResult<()> {
    let own = actor.can(Capability::OwnDossier) && actor.cadre_id.as_deref() == Some(cadre.id.as_str());
    if !own {
        actor.require_in_scope(&cadre.org_path)?;
    }
    Ok(())
}

/// Edits a cadre's basic data, from the version (`updated_seq`) the edit was based on: if another
/// edit or an appointment changed the record since, the edit is refused as stale and nothing is
/// written. The rank and current post are not edited here (SEL-COLLECTIVE): empty keeps them, a
/// different value is refused. An empty ID number keeps the stored one (roles that may not see
/// it edit the rest).
pub async fn update_cadre(
    app: &App,
    actor: &Actor,
    id: &str,
    input: &CadreInput,
    based_on: Option<i64>,
) -> AppResult<views::Cadre> {
    actor.require(Capability::RegistryWrite)?;
    let mut tx = app.db.write().await?;
    let existing = cadres::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    actor.require_in_scope(&existing.org_path)?;
    let based_on = based_on.ok_or(AppError::VersionRequired)?;
    if existing.updated_seq != based_on {
        return Err(AppError::Stale(Msg::new(
            format!("{} 的信息在您打开编辑后已被修改，请刷新后在最新信息上重新编辑", existing.name),
            format!("{}'s record was changed after you opened it; reload and edit the current version", existing.name),
        )));
    }
    let kept =
        |typed: &str, stored: &str| if typed.trim().is_empty() { stored.to_owned() } else { typed.trim().to_owned() };
    let stored_rank = existing.rank.clone().unwrap_or_default();
    let rank = match Rank::parse("rank", &kept(&input.rank, &stored_rank)) {
        Ok(r) => r.code.to_owned(),
        Err(_) => kept(&input.rank, &stored_rank),
    };
    let current_post = kept(&input.current_post, &existing.current_post);
    if rank != stored_rank || current_post != existing.current_post {
        return Err(not_collective(
            "编辑干部信息不能改变职级或现任职务",
            "an edit of the cadre's record cannot change the rank or the current post",
        )
        .into());
    }
    let input =
        &CadreInput { id_number: kept(&input.id_number, &existing.id_number), rank, current_post, ..input.clone() };
    let (cadre, org_path) = validate(app, &mut tx, actor, input, Some(&existing)).await?;
    let seq = app.record(&mut tx, actor, "registry.cadre.update", ("cadre", id), change_detail(&cadre), &[]).await?;
    cadres::update(&mut tx, &existing, &cadre, &org_path, seq).await.map_err(duplicate_as_field)?;
    let stored = cadres::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(stored.into())
}

/// The dossier page's content.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub cadre: views::Cadre,
    pub org: views::Org,
    pub sections: views::Sections,
    /// A page of the changes to the record, newest first (views apart).
    pub history: Vec<jianquan_domain::ledger::Entry>,
    /// A page of the views of the record (查阅登记), newest first (the first page begins with this one).
    pub views: Vec<jianquan_domain::ledger::Entry>,
    /// The key of the next (older) page of changes, if there is one.
    #[serde(skip)]
    pub older_changes: Option<i64>,
    /// The key of the next (older) page of views, if there is one.
    #[serde(skip)]
    pub older_views: Option<i64>,
    pub age: i32,
    /// The training section (A11): completed courses and training recorded from elsewhere.
    pub training: Vec<TrainingRecord>,
    /// Whether a photo (照片) is on file.
    pub has_photo: bool,
    /// What an imported 任免审批表 said word for word, where one was imported.
    #[serde(skip)]
    pub kept: Option<FormRow>,
    /// The orgs a form on the page may pick (the org's ancestors in the actor's scope, the org,
    /// its children): read with the dossier, not after it.
    #[serde(skip)]
    pub org_choices: Vec<views::Org>,
}

/// Which page of a dossier's changes and of its views to show: entries before these sequence
/// numbers (`None`: the newest). Each list pages on its own, so a much-read dossier still shows
/// its changes.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
#[serde(default)]
pub struct HistoryPages {
    pub changes_before: Option<i64>,
    pub views_before: Option<i64>,
}

/// Opens a dossier at the newest page of its history ([`view_dossier_at`]).
pub async fn view_dossier(app: &App, actor: &Actor, id: &str) -> AppResult<Dossier> {
    view_dossier_at(app, actor, id, HistoryPages::default()).await
}

/// Opens a dossier: reads every part in one statement, checks access on the cadre read, then
/// records the view (查阅登记) and returns once the record is committed. The record is written in
/// a group with other reads ([`App::record_read`]); a refused or missing record writes nothing.
/// The changes and the views are each read a page at a time (`pages`).
pub async fn view_dossier_at(app: &App, actor: &Actor, id: &str, pages: HistoryPages) -> AppResult<Dossier> {
    const CHANGES: usize = 30;
    const VIEWS: usize = 10;
    may_ask_for(actor, id)?;
    let mut conn = app.db.read().await?;
    // One more of each than shown, to know whether there is an older page.
    let read = opened::Pages {
        changes: CHANGES as i64 + 1,
        changes_before: pages.changes_before,
        views: VIEWS as i64 + 1,
        views_before: pages.views_before,
    };
    let opened = opened::open(&mut conn, id, read).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    may_open(actor, &opened.cadre)?;
    let view = app.record_read(actor, opened::VIEW, ("cadre", id), json!({"by": actor.username})).await?;
    let mut views = opened.views;
    if pages.views_before.is_none() {
        // This view itself is the newest view record.
        views.insert(0, view);
    }
    let older_views = (views.len() > VIEWS).then(|| views[VIEWS - 1].seq);
    views.truncate(VIEWS);
    let mut history = opened.history;
    let older_changes = (opened.changes_read > CHANGES).then(|| history[CHANGES - 1].seq);
    history.truncate(CHANGES);
    let age = parse_date("birth_date", &opened.cadre.birth_date).map_or(0, |b| age_on(b, app.today()));
    let mut org_choices = Vec::with_capacity(opened.ancestors.len() + opened.children.len());
    for org in opened.ancestors.into_iter().chain(opened.children) {
        if actor.sees(&org.org_path()?) {
            org_choices.push(org.into());
        }
    }
    Ok(Dossier {
        cadre: opened.cadre.into(),
        org: opened.org.into(),
        sections: opened.sections.into(),
        history,
        views,
        older_changes,
        older_views,
        age,
        training: all(opened.training),
        has_photo: opened.has_photo,
        kept: opened.form,
        org_choices,
    })
}

/// Reveals a full ID number to a role allowed to see it; the reveal is logged.
pub async fn reveal_id_number(app: &App, actor: &Actor, id: &str) -> AppResult<String> {
    actor.require(Capability::RevealSensitive)?;
    let mut tx = app.db.write().await?;
    let cadre = cadre_in(&mut tx, actor, id).await?;
    app.record(&mut tx, actor, "registry.id_number.reveal", ("cadre", id), json!({"field": "id_number"}), &[]).await?;
    tx.commit().await?;
    Ok(cadre.id_number)
}
