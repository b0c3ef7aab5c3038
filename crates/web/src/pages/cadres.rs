//! The cadre roster (filtered, paginated, sortable, exportable) and the create/edit form.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::registry::cadres::{self, CadreQuery, CadreSummary, Page};
use jianquan_app::registry::orgs;
use jianquan_app::registry::unit_tree::{TreeLine, unit_tree};
use jianquan_domain::FieldError;
use jianquan_domain::access::Capability;
use jianquan_domain::registry::CadreInput;
use jianquan_domain::registry::codes::{EDUCATION, ETHNICITY, GENDER, POLITICAL_STATUS};
use jianquan_domain::registry::rank::RANKS;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Form, Opt, code_options};
use crate::i18n::Lang;

/// A list row with labels in the page's language.
pub struct Row {
    pub id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub age: i32,
    pub ethnicity: String,
    pub political_status: String,
    pub org_name: String,
    pub current_post: String,
    pub rank: String,
    /// 任现职时间, or empty.
    pub post_since: String,
    /// Highest 学历, or empty.
    pub education: String,
}

/// A sortable column heading: where it links and whether the list is sorted by it.
pub struct Heading {
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or empty (`aria-sort`).
    pub sorted: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "cadres.html")]
pub struct CadreListPage {
    chrome: Chrome,
    query: CadreQuery,
    query_string: String,
    page: Page<CadreSummary>,
    rows: Vec<Row>,
    org_options: Vec<Opt>,
    rank_options: Vec<Opt>,
    gender_options: Vec<Opt>,
    ethnicity_options: Vec<Opt>,
    prev_href: Option<String>,
    next_href: Option<String>,
    /// The query's other fields, for the page-size and page-jump form.
    keep: Vec<(String, String)>,
    headings: Vec<Heading>,
    columns: Columns,
    tree: Vec<TreeLine>,
    can_write: bool,
    can_export: bool,
}

/// The optional columns each user chooses (kept in a cookie, so the choice stays).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    pub tenure: bool,
    pub education: bool,
}

/// The cookie that keeps the chosen columns, e.g. `tenure.education`.
const COLUMNS_COOKIE: &str = "jq_roster_cols";

impl Columns {
    fn parse(raw: &str) -> Self {
        let chosen: Vec<&str> = raw.split('.').collect();
        Columns { tenure: chosen.contains(&"tenure"), education: chosen.contains(&"education") }
    }

    fn cookie_value(self) -> String {
        let mut chosen = Vec::new();
        if self.tenure {
            chosen.push("tenure");
        }
        if self.education {
            chosen.push("education");
        }
        chosen.join(".")
    }
}

/// The column chooser as submitted: `cols=1` with a checkbox per chosen column.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ColumnChoice {
    cols: String,
    col_tenure: String,
    col_education: String,
}

fn options(pairs: Vec<(String, String)>, selected: &str) -> Vec<Opt> {
    pairs.into_iter().map(|(value, label)| Opt { selected: value == selected, value, label }).collect()
}

fn rank_label(code: Option<&str>, lang: Lang) -> String {
    code.and_then(jianquan_domain::registry::Rank::get).map_or_else(String::new, |r| r.label(lang.code()).to_owned())
}

fn row(s: &CadreSummary, lang: Lang) -> Row {
    Row {
        id: s.id.clone(),
        name: s.name.clone(),
        gender: GENDER.label(&s.gender, lang.code()),
        birth_date: s.birth_date.clone(),
        age: s.age,
        ethnicity: ETHNICITY.label(&s.ethnicity, lang.code()),
        political_status: POLITICAL_STATUS.label(&s.political_status, lang.code()),
        org_name: s.org_name.clone(),
        current_post: s.current_post.clone(),
        rank: rank_label(s.rank.as_deref(), lang),
        post_since: s.post_since.clone().unwrap_or_default(),
        education: s.education.as_deref().map(|e| EDUCATION.label(e, lang.code())).unwrap_or_default(),
    }
}

/// The roster's sortable headings: 姓名 by 姓氏笔画, then the unit, the post (职务排序, the
/// default), the birth date and the rank. A second click reverses the order.
fn headings(query: &CadreQuery, lang: Lang) -> Vec<Heading> {
    let current = match query.sort.trim() {
        "" if query.q.trim().is_empty() => "post",
        "" => "name",
        other => other,
    };
    let descending = query.dir.trim() == "desc";
    let keys = [
        ("strokes", lang.pick("姓名（姓氏笔画）", "Name (by strokes)")),
        ("birth_date", lang.t("cadre.birth_date")),
        ("org", lang.t("cadre.org")),
        ("post", lang.pick("现任职务（职务排序）", "Current post (precedence)")),
        ("rank", lang.t("cadre.rank")),
    ];
    keys.into_iter()
        .map(|(key, label)| {
            let active = key == current;
            let mut q = query.clone();
            q.sort = key.to_owned();
            q.dir = if active && !descending { "desc".to_owned() } else { String::new() };
            q.page = String::new();
            Heading {
                label,
                href: format!("/cadres?{}", serde_urlencoded::to_string(&q).unwrap_or_default()),
                sorted: match (active, descending) {
                    (false, _) => "",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect()
}

/// The query's fields other than the page and its size, as hidden inputs of the pager's form.
fn kept_fields(query: &CadreQuery) -> Vec<(String, String)> {
    let encoded = serde_urlencoded::to_string(query).unwrap_or_default();
    serde_urlencoded::from_str::<Vec<(String, String)>>(&encoded)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && k != "page" && k != "per_page")
        .collect()
}

fn page_href(query: &CadreQuery, page: i64) -> String {
    let mut q = query.clone();
    q.page = page.to_string();
    format!("/cadres?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
}

pub async fn cadre_list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<CadreQuery>,
    Query(choice): Query<ColumnChoice>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let chosen = (choice.cols == "1")
        .then_some(Columns { tenure: !choice.col_tenure.is_empty(), education: !choice.col_education.is_empty() });
    let columns =
        chosen.unwrap_or_else(|| crate::ctx::cookie(&headers, COLUMNS_COOKIE).map(Columns::parse).unwrap_or_default());
    let tree = unit_tree(&state.app, &ctx.actor, &query.org).await.map_err(|e| ctx.fail(e))?;
    // The page's offset stays bounded: the roster pages no further than the rows it counts.
    let mut query = query;
    let per_page = query.per_page.trim().parse::<i64>().unwrap_or(20).clamp(10, 200);
    if query.page.trim().parse::<i64>().is_ok_and(|p| p > jianquan_storage::registry::cadres::COUNT_CAP / per_page) {
        query.page = (jianquan_storage::registry::cadres::COUNT_CAP / per_page).to_string();
    }
    let mut page = cadres::list_cadres(&state.app, &ctx.actor, &query).await.map_err(|e| ctx.fail(e))?;
    // A page jump past the end shows the last page (the API answers such a page empty).
    if page.page > page.pages && page.pages > 0 && !page.total_capped {
        query.page = page.pages.to_string();
        page = cadres::list_cadres(&state.app, &ctx.actor, &query).await.map_err(|e| ctx.fail(e))?;
    }
    let scope_orgs = orgs::org_choices(&state.app, &ctx.actor, Some(&query.org)).await.map_err(|e| ctx.fail(e))?;
    let base_depth = scope_orgs.first().map_or(0, |o| o.path.matches('/').count());
    let org_pairs = scope_orgs
        .iter()
        .map(|o| {
            let indent = "　".repeat(o.path.matches('/').count().saturating_sub(base_depth));
            (o.id.clone(), format!("{indent}{}", o.name))
        })
        .collect();
    let rank_pairs = RANKS.iter().map(|r| (r.code.to_owned(), r.label(lang.code()).to_owned())).collect();
    let mut export_query = query.clone();
    export_query.page = String::new();
    let page = CadreListPage {
        chrome: Chrome::new(&ctx, "/cadres"),
        rows: page.items.iter().map(|s| row(s, lang)).collect(),
        prev_href: (page.page > 1).then(|| page_href(&query, page.page - 1)),
        next_href: (page.page < page.pages).then(|| page_href(&query, page.page + 1)),
        org_options: options(org_pairs, &query.org),
        rank_options: options(rank_pairs, &query.rank),
        gender_options: options(code_options(&GENDER, lang), &query.gender),
        ethnicity_options: options(code_options(&ETHNICITY, lang), &query.ethnicity),
        query_string: serde_urlencoded::to_string(&export_query).unwrap_or_default(),
        keep: kept_fields(&query),
        headings: headings(&query, lang),
        columns,
        tree,
        page,
        query,
        can_write: ctx.actor.can(Capability::RegistryWrite),
        can_export: ctx.actor.can(Capability::RegistryExport),
    };
    Ok(match chosen {
        // The choice stays with this browser for a year.
        Some(columns) => {
            let cookie = format!(
                "{COLUMNS_COOKIE}={}; Path=/cadres; Max-Age=31536000; SameSite=Lax; HttpOnly",
                columns.cookie_value()
            );
            ([(header::SET_COOKIE, cookie)], page).into_response()
        }
        None => page.into_response(),
    })
}

pub async fn export_cadres(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<CadreQuery>,
) -> Result<Response, PageError> {
    let bytes =
        jianquan_app::transfer::export_cadres_xlsx(&state.app, &ctx.actor, &query).await.map_err(|e| ctx.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"cadres.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "cadre_form.html")]
pub struct CadreFormPage {
    chrome: Chrome,
    heading: &'static str,
    action: String,
    cancel_href: String,
    forms: Vec<Form>,
    fields_ok: bool,
    /// When editing: the rank and current post, which only an appointment changes.
    fixed: Option<String>,
}

/// The record being edited: its ID and the version the form was read at.
#[derive(Debug, Clone, Copy)]
struct Editing<'a> {
    id: &'a str,
    version: i64,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    input: &CadreInput,
    errors: &[FieldError],
    editing: Option<Editing<'_>>,
) -> Result<CadreFormPage, PageError> {
    let lang = ctx.lang;
    let around = Some(input.org_id.as_str()).filter(|id| !id.is_empty());
    let choices = orgs::org_choices(&state.app, &ctx.actor, around).await.map_err(|e| ctx.fail(e))?;
    let org_pairs = choices.into_iter().map(|o| (o.id, o.name)).collect();
    let rank_pairs = RANKS.iter().map(|r| (r.code.to_owned(), r.label(lang.code()).to_owned())).collect();
    let mut form = Form::new("cadre-form", "", "")
        .field("name", lang.t("cadre.name"), "text", &input.name, true)
        .field("id_number", lang.t("cadre.id_number"), "text", &input.id_number, true)
        .select("gender", lang.t("cadre.gender"), code_options(&GENDER, lang), &input.gender, true)
        .field("birth_date", lang.t("cadre.birth_date"), "date", &input.birth_date, true)
        .select("ethnicity", lang.t("cadre.ethnicity"), code_options(&ETHNICITY, lang), &input.ethnicity, true)
        .field("native_place", lang.t("cadre.native_place"), "text", &input.native_place, false)
        .field("birthplace", lang.t("cadre.birthplace"), "text", &input.birthplace, false)
        .select(
            "political_status",
            lang.t("cadre.political_status"),
            code_options(&POLITICAL_STATUS, lang),
            &input.political_status,
            true,
        )
        .field("party_entry_date", lang.t("cadre.party_entry_date"), "date", &input.party_entry_date, false)
        .field("work_start_date", lang.t("cadre.work_start_date"), "date", &input.work_start_date, false)
        .select("org_id", lang.t("cadre.org"), org_pairs, &input.org_id, true);
    // Registering a cadre records their rank and post as they are; editing never changes them
    // (SEL-COLLECTIVE): they are shown, not offered.
    let fixed = match editing {
        None => {
            form = form.select("rank", lang.t("cadre.rank"), rank_pairs, &input.rank, false).field(
                "current_post",
                lang.t("cadre.current_post"),
                "text",
                &input.current_post,
                false,
            );
            None
        }
        Some(e) => {
            form = form.hidden("version", &e.version.to_string());
            let rank = RANKS.iter().find(|r| r.code == input.rank).map_or("—", |r| r.label(lang.code()));
            Some(format!(
                "{}：{rank}；{}：{}。{}",
                lang.t("cadre.rank"),
                lang.t("cadre.current_post"),
                input.current_post,
                lang.pick(
                    "职级和现任职务只能经选拔任用纪实的常委会表决任命，或登记其他机关的任免决定后变更（SEL-COLLECTIVE）。",
                    "The rank and current post change only by a selection case's appointment or a recorded decision of another body (SEL-COLLECTIVE).",
                )
            ))
        }
    };
    let form = form
        .field("health", lang.t("cadre.health"), "text", &input.health, false)
        .field("speciality", lang.t("cadre.speciality"), "text", &input.speciality, false)
        .field("professional_title", lang.t("cadre.professional_title"), "text", &input.professional_title, false)
        .with_errors(errors, lang);
    Ok(CadreFormPage {
        chrome: Chrome::new(ctx, "/cadres"),
        heading: lang.t(if editing.is_some() { "cadre.edit" } else { "cadre.new" }),
        action: editing.map_or_else(|| "/cadres".to_owned(), |e| format!("/cadres/{}", e.id)),
        cancel_href: editing.map_or_else(|| "/cadres".to_owned(), |e| format!("/cadres/{}", e.id)),
        forms: vec![form],
        fields_ok: errors.is_empty(),
        fixed,
    })
}

pub async fn new_cadre_form(State(state): State<AppState>, ctx: Ctx) -> Result<CadreFormPage, PageError> {
    form_page(&state, &ctx, &CadreInput::default(), &[], None).await
}

pub async fn create_cadre(
    State(state): State<AppState>,
    ctx: Ctx,
    PostedForm(input): PostedForm<CadreInput>,
) -> Result<Response, PageError> {
    match cadres::create_cadre(&state.app, &ctx.actor, &input).await {
        Ok(cadre) => Ok(Redirect::to(&format!("/cadres/{}", cadre.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form_page(&state, &ctx, &input, &invalid.fields, None).await?)
                .into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}

pub async fn edit_cadre_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<CadreFormPage, PageError> {
    let cadre = cadres::get_cadre(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    // The full ID number is shown only to roles that may reveal it, and showing it is logged;
    // others leave it empty, which keeps the stored number.
    let id_number = if ctx.actor.can(Capability::RevealSensitive) {
        cadres::reveal_id_number(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?
    } else {
        String::new()
    };
    let input = CadreInput {
        name: cadre.name,
        gender: cadre.gender,
        birth_date: cadre.birth_date,
        ethnicity: cadre.ethnicity,
        native_place: cadre.native_place,
        birthplace: cadre.birthplace,
        id_number,
        political_status: cadre.political_status,
        party_entry_date: cadre.party_entry_date.unwrap_or_default(),
        work_start_date: cadre.work_start_date.unwrap_or_default(),
        health: cadre.health,
        speciality: cadre.speciality,
        org_id: cadre.org_id,
        rank: cadre.rank.unwrap_or_default(),
        current_post: cadre.current_post,
        professional_title: cadre.professional_title,
    };
    form_page(&state, &ctx, &input, &[], Some(Editing { id: &id, version: cadre.updated_seq })).await
}

/// The edit form as posted: the cadre's fields and the version the form was read at.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CadreEdit {
    #[serde(flatten)]
    input: CadreInput,
    version: String,
}

pub async fn update_cadre(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PostedForm(edit): PostedForm<CadreEdit>,
) -> Result<Response, PageError> {
    let version = edit.version.trim().parse::<i64>().ok();
    let input = edit.input;
    match cadres::update_cadre(&state.app, &ctx.actor, &id, &input, version).await {
        Ok(cadre) => Ok(Redirect::to(&format!("/cadres/{}", cadre.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let editing = version.map(|version| Editing { id: &id, version });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form_page(&state, &ctx, &input, &invalid.fields, editing).await?)
                .into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
