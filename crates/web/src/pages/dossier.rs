//! The dossier page: every section, a timeline, the record's ledger history, and for staff who
//! keep the registry, forms to add to each section. Opening it writes a view log entry.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as PostedForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jianquan_app::AppError;
use jianquan_app::ledger::describe;
use jianquan_app::registry::cadres::{self, Dossier, HistoryPages};
use jianquan_app::registry::dossier;
use jianquan_domain::FieldError;
use jianquan_domain::access::Capability;
use jianquan_domain::registry::codes::{
    DEGREE, EDUCATION, EDUCATION_MODE, ETHNICITY, FAMILY_POLITICAL_STATUS, GENDER, GRADE, POLITICAL_STATUS, RELATION,
    REWARD, SANCTION,
};
use jianquan_domain::registry::dossier::{EducationInput, FamilyInput, GradeInput, RewardSanctionInput, TenureInput};
use jianquan_domain::registry::resident_id::mask;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::forms::{Form, code_options};
use crate::i18n::Lang;
use crate::records::{RecordLine, RuleLabel};

pub struct Basic {
    pub gender: String,
    pub ethnicity: String,
    pub political_status: String,
    pub id_number: String,
    pub party_entry_date: String,
    pub work_start_date: String,
    pub org_name: String,
    pub rank: String,
}

pub struct RewardRow {
    pub date: String,
    pub kind: String,
    pub authority: String,
    pub document_number: String,
    pub reason: String,
    pub influence_until: String,
    pub in_force: bool,
    pub rule: Option<RuleLabel>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier.html")]
pub struct DossierPage {
    views: Vec<RecordLine>,
    /// The next (older) page of changes and of views, each keeping the other's page.
    older_changes_href: Option<String>,
    older_views_href: Option<String>,
    /// "Who opened this dossier", on the ledger page, for staff who read the ledger.
    views_ledger_href: Option<String>,
    chrome: Chrome,
    d: Dossier,
    basic: Basic,
    educations: Vec<[String; 7]>,
    grades: Vec<(i64, String)>,
    rewards: Vec<RewardRow>,
    family: Vec<[String; 6]>,
    training: Vec<[String; 5]>,
    timeline: Vec<(String, String)>,
    history: Vec<RecordLine>,
    forms: Vec<Form>,
    can_write: bool,
    can_read_registry: bool,
    can_reveal: bool,
    revealed: bool,
    has_photo: bool,
    /// What the last imported 任免审批表 said word for word.
    kept: Option<jianquan_storage::registry::forms::FormRow>,
}

fn label(set: &jianquan_domain::registry::codes::CodeSet, code: &str, lang: Lang) -> String {
    set.label(code, lang.code())
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Which section form failed, with its input and errors, to render it open and filled.
#[derive(Default)]
pub struct Failed {
    pub section: String,
    pub values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
}

fn section_forms(ctx: &Ctx, d: &Dossier, tenure_orgs: Vec<(String, String)>, failed: &Failed) -> Vec<Form> {
    let lang = ctx.lang;
    let v = |section: &str, name: &str| {
        if failed.section == section { failed.values.get(name).cloned().unwrap_or_default() } else { String::new() }
    };
    let e = |section: &str| if failed.section == section { failed.errors.clone() } else { Vec::new() };
    let action = |section: &str| format!("/cadres/{}/sections/{section}", d.cadre.id);
    let mut kinds = code_options(&REWARD, lang);
    kinds.extend(code_options(&SANCTION, lang));
    vec![
        Form::new("education-form", action("education"), lang.t("common.add"))
            .select("mode", lang.t("edu.mode"), code_options(&EDUCATION_MODE, lang), &v("education", "mode"), true)
            .select("level", lang.t("edu.level"), code_options(&EDUCATION, lang), &v("education", "level"), true)
            .select("degree", lang.t("edu.degree"), code_options(&DEGREE, lang), &v("education", "degree"), false)
            .field("school", lang.t("edu.school"), "text", &v("education", "school"), true)
            .field("major", lang.t("edu.major"), "text", &v("education", "major"), false)
            .field("start_date", lang.t("edu.start"), "date", &v("education", "start_date"), false)
            .field("end_date", lang.t("edu.end"), "date", &v("education", "end_date"), false)
            .with_errors(&e("education"), lang),
        Form::new("tenure-form", action("tenure"), lang.t("common.add"))
            .select("org_id", lang.t("tenure.org"), tenure_orgs, &v("tenure", "org_id"), true)
            .field("title", lang.t("tenure.title"), "text", &v("tenure", "title"), true)
            .field("start_date", lang.t("tenure.start"), "date", &v("tenure", "start_date"), true)
            .field("end_date", lang.t("tenure.end"), "date", &v("tenure", "end_date"), false)
            .field("document_number", lang.t("tenure.document"), "text", &v("tenure", "document_number"), false)
            .with_errors(&e("tenure"), lang),
        Form::new("grade-form", action("grade"), lang.t("common.add"))
            .field("year", lang.t("grade.year"), "number", &v("grade", "year"), true)
            .select("grade", lang.t("grade.grade"), code_options(&GRADE, lang), &v("grade", "grade"), true)
            .with_errors(&e("grade"), lang),
        Form::new("reward-form", action("reward_sanction"), lang.t("common.add"))
            .select("kind", lang.t("rs.kind"), kinds, &v("reward_sanction", "kind"), true)
            .field("date", lang.t("rs.date"), "date", &v("reward_sanction", "date"), true)
            .field("authority", lang.t("rs.authority"), "text", &v("reward_sanction", "authority"), true)
            .field("document_number", lang.t("rs.document"), "text", &v("reward_sanction", "document_number"), false)
            .field("reason", lang.t("rs.reason"), "text", &v("reward_sanction", "reason"), false)
            .with_errors(&e("reward_sanction"), lang),
        Form::new("family-form", action("family"), lang.t("common.add"))
            .select(
                "relation",
                lang.t("family.relation"),
                code_options(&RELATION, lang),
                &v("family", "relation"),
                true,
            )
            .field("name", lang.t("family.name"), "text", &v("family", "name"), true)
            .field("birth_date", lang.t("family.birth_date"), "date", &v("family", "birth_date"), false)
            .select(
                "political_status",
                lang.t("family.political_status"),
                code_options(&FAMILY_POLITICAL_STATUS, lang),
                &v("family", "political_status"),
                false,
            )
            .field("work_unit_and_post", lang.t("family.work"), "text", &v("family", "work_unit_and_post"), false)
            .field("abroad", lang.t("family.abroad"), "checkbox", &v("family", "abroad"), false)
            .with_errors(&e("family"), lang),
    ]
}

fn timeline(d: &Dossier, lang: Lang) -> Vec<(String, String)> {
    let mut items = vec![(d.cadre.birth_date.clone(), lang.pick("出生", "Born").to_owned())];
    if let Some(date) = &d.cadre.work_start_date {
        items.push((date.clone(), lang.pick("参加工作", "Started work").to_owned()));
    }
    if let Some(date) = &d.cadre.party_entry_date {
        items.push((date.clone(), lang.pick("加入中国共产党", "Joined the CPC").to_owned()));
    }
    for e in &d.sections.educations {
        if let Some(end) = &e.end_date {
            items.push((end.clone(), format!("{} {} {}", e.school, e.major, label(&EDUCATION, &e.level, lang))));
        }
    }
    for t in &d.sections.tenures {
        items.push((t.start_date.clone(), format!("{}{} {}", lang.pick("任", "Appointed "), t.org_name, t.title)));
    }
    for r in &d.training {
        items.push((r.end_date.clone(), format!("{}{}", lang.pick("完成培训：", "Completed training: "), r.title)));
    }
    for r in &d.sections.rewards_sanctions {
        let kind = if r.category == "reward" { label(&REWARD, &r.kind, lang) } else { label(&SANCTION, &r.kind, lang) };
        items.push((r.date.clone(), format!("{kind} ({})", r.authority)));
    }
    items.sort();
    items
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    d: Dossier,
    revealed: Option<String>,
    failed: &Failed,
    pages: HistoryPages,
) -> Result<DossierPage, PageError> {
    let lang = ctx.lang;
    let today = state.app.today().to_string();
    let can_write = ctx.actor.can(Capability::RegistryWrite);
    let has_photo = d.has_photo;
    let basic = Basic {
        gender: label(&GENDER, &d.cadre.gender, lang),
        ethnicity: label(&ETHNICITY, &d.cadre.ethnicity, lang),
        political_status: label(&POLITICAL_STATUS, &d.cadre.political_status, lang),
        id_number: revealed.clone().unwrap_or_else(|| mask(&d.cadre.id_number)),
        party_entry_date: opt(&d.cadre.party_entry_date),
        work_start_date: opt(&d.cadre.work_start_date),
        org_name: d.org.name.clone(),
        rank: d
            .cadre
            .rank
            .as_deref()
            .and_then(jianquan_domain::registry::Rank::get)
            .map_or_else(String::new, |r| r.label(lang.code()).to_owned()),
    };
    let s = &d.sections;
    let educations = s
        .educations
        .iter()
        .map(|e| {
            [
                label(&EDUCATION_MODE, &e.mode, lang),
                label(&EDUCATION, &e.level, lang),
                e.degree.as_deref().map(|g| label(&DEGREE, g, lang)).unwrap_or_default(),
                e.school.clone(),
                e.major.clone(),
                opt(&e.start_date),
                opt(&e.end_date),
            ]
        })
        .collect();
    let grades = s.grades.iter().map(|g| (g.year, label(&GRADE, &g.grade, lang))).collect();
    let rewards = s
        .rewards_sanctions
        .iter()
        .map(|r| RewardRow {
            date: r.date.clone(),
            kind: if r.category == "reward" { label(&REWARD, &r.kind, lang) } else { label(&SANCTION, &r.kind, lang) },
            authority: r.authority.clone(),
            document_number: r.document_number.clone(),
            reason: r.reason.clone(),
            influence_until: opt(&r.influence_until),
            in_force: r.influence_until.as_ref().is_some_and(|until| *until >= today),
            rule: r.rule.as_deref().map(|id| RuleLabel::named(&state.app.policy, id, lang)),
        })
        .collect();
    let family = s
        .family
        .iter()
        .map(|f| {
            [
                label(&RELATION, &f.relation, lang),
                f.name.clone(),
                opt(&f.birth_date),
                f.political_status.as_deref().map(|p| label(&FAMILY_POLITICAL_STATUS, p, lang)).unwrap_or_default(),
                f.work_unit_and_post.clone(),
                (if f.abroad { lang.t("common.yes") } else { lang.t("common.no") }).to_owned(),
            ]
        })
        .collect();
    let training = d
        .training
        .iter()
        .map(|r| {
            [
                r.title.clone(),
                jianquan_domain::training::COURSE_KIND.label(&r.kind, lang.code()),
                format!("{} — {}", r.start_date, r.end_date),
                r.class_hours.to_string(),
                jianquan_domain::training::course::format_centi(u64::try_from(r.credits_centi).unwrap_or(0)),
            ]
        })
        .collect();
    // Both lists described at once: one name read per kind of record for the whole page.
    let entries: Vec<_> = d.history.iter().chain(&d.views).cloned().collect();
    let mut lines = describe::describe(&state.app, entries).await.map_err(|e| ctx.fail(e))?;
    let views = RecordLine::all(&lines.split_off(d.history.len()), lang);
    let history = RecordLine::all(&lines, lang);
    let base = if ctx.path.starts_with("/me") { "/me".to_owned() } else { format!("/cadres/{}", d.cadre.id) };
    let page_href = |changes: Option<i64>, views: Option<i64>, anchor: &str| {
        let pairs: Vec<(&str, String)> = [("changes_before", changes), ("views_before", views)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v.to_string())))
            .collect();
        format!("{base}?{}#{anchor}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    };
    let older_changes_href = d.older_changes.map(|seq| page_href(Some(seq), pages.views_before, "history"));
    let older_views_href = d.older_views.map(|seq| page_href(pages.changes_before, Some(seq), "views"));
    let views_ledger_href = ctx.actor.can(Capability::LedgerRead).then(|| {
        let query =
            serde_urlencoded::to_string([("subject", d.cadre.id.as_str()), ("kind", "查阅")]).unwrap_or_default();
        format!("/ledger?{query}")
    });
    let forms = if can_write {
        let choices = d.org_choices.iter().map(|o| (o.id.clone(), o.name.clone())).collect();
        section_forms(ctx, &d, choices, failed)
    } else {
        Vec::new()
    };
    Ok(DossierPage {
        chrome: Chrome::new(ctx, if ctx.actor.can(Capability::OwnDossier) { "/me" } else { "/cadres" }),
        timeline: timeline(&d, lang),
        basic,
        educations,
        grades,
        rewards,
        family,
        training,
        history,
        views,
        older_changes_href,
        older_views_href,
        views_ledger_href,
        forms,
        can_write,
        can_read_registry: ctx.actor.can(Capability::RegistryRead),
        can_reveal: ctx.actor.can(Capability::RevealSensitive),
        revealed: revealed.is_some(),
        has_photo,
        kept: d.kept.clone(),
        d,
    })
}

pub async fn dossier_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(pages): Query<HistoryPages>,
) -> Result<DossierPage, PageError> {
    let d = cadres::view_dossier_at(&state.app, &ctx.actor, &id, pages).await.map_err(|e| ctx.fail(e))?;
    render(&state, &ctx, d, None, &Failed::default(), pages).await
}

/// The cadre's own dossier (self-service).
pub async fn my_dossier(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(pages): Query<HistoryPages>,
) -> Result<DossierPage, PageError> {
    let id = ctx.actor.cadre_id.clone().ok_or_else(|| ctx.fail(AppError::NotFound))?;
    let d = cadres::view_dossier_at(&state.app, &ctx.actor, &id, pages).await.map_err(|e| ctx.fail(e))?;
    render(&state, &ctx, d, None, &Failed::default(), pages).await
}

/// Shows the full ID number once; the reveal is logged in the ledger.
pub async fn reveal_id_number(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<DossierPage, PageError> {
    let number = cadres::reveal_id_number(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    let d = cadres::view_dossier(&state.app, &ctx.actor, &id).await.map_err(|e| ctx.fail(e))?;
    render(&state, &ctx, d, Some(number), &Failed::default(), HistoryPages::default()).await
}

fn decode<T: serde::de::DeserializeOwned + Default>(values: &HashMap<String, String>) -> T {
    // Every section input is all-text with defaults, so a map always decodes.
    serde_json::to_value(values).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}

/// Adds an entry to one section; on invalid input the dossier comes back with that form open and filled.
pub async fn add_section(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, section)): Path<(String, String)>,
    PostedForm(values): PostedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &ctx.actor;
    let result = match section.as_str() {
        "education" => dossier::add_education(app, actor, &id, &decode::<EducationInput>(&values)).await.map(|_| ()),
        "tenure" => dossier::add_tenure(app, actor, &id, &decode::<TenureInput>(&values)).await.map(|_| ()),
        "grade" => dossier::record_grade(app, actor, &id, &decode::<GradeInput>(&values)).await,
        "reward_sanction" => {
            dossier::add_reward_sanction(app, actor, &id, &decode::<RewardSanctionInput>(&values)).await.map(|_| ())
        }
        "family" => dossier::add_family_member(app, actor, &id, &decode::<FamilyInput>(&values)).await.map(|_| ()),
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/cadres/{id}#{section}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let d = cadres::view_dossier(app, actor, &id).await.map_err(|e| ctx.fail(e))?;
            let failed = Failed { section, values, errors: invalid.fields };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&state, &ctx, d, None, &failed, HistoryPages::default()).await?,
            )
                .into_response())
        }
        Err(other) => Err(ctx.fail(other)),
    }
}
