//! The 任免审批表 of an agenda item, filled from its case: what the committee decides on is
//! printed from what the case recorded — the post proposed, the post the nominee leaves and the
//! reasons with the inspection's conclusion — so staff do not retype them.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::org::post_with_unit;
use jianquan_domain::selection::case::Method;
use jianquan_storage::registry::cadres;
use jianquan_storage::selection::meetings as store;

use crate::registry::lrmx::Proposal;
use crate::{Actor, App, AppError, AppResult};

/// The nominee of an agenda item and the appointment proposal its case makes.
pub async fn item_proposal(app: &App, actor: &Actor, meeting_id: &str, item_id: &str) -> AppResult<(String, Proposal)> {
    let mut conn = app.db.read().await?;
    let item =
        store::item(&mut conn, item_id).await?.filter(|i| i.meeting_id == meeting_id).ok_or(AppError::NotFound)?;
    drop(conn);
    let case = super::case_for(app, actor, &item.case_id, Capability::SelectionRead).await?;
    let mut conn = app.db.read().await?;
    let cadre = cadres::get(&mut conn, &item.cadre_id).await?.ok_or(AppError::NotFound)?;
    let reports = jianquan_storage::selection::candidates::reports(&mut conn, &case.id).await?;
    let conclusion = reports.into_iter().find(|r| r.cadre_id == item.cadre_id).map(|r| r.conclusion);
    let method = Method::parse("method", &case.method).map_or("民主推荐", Method::label_zh);
    let mut reasons = format!("工作需要。经{method}、考察（{}）", case.number);
    if let Some(conclusion) = conclusion.filter(|c| !c.trim().is_empty()) {
        reasons.push_str(&format!("，考察结论：{}", conclusion.trim()));
    }
    reasons.push('。');
    let proposal = Proposal {
        proposed_post: post_with_unit(&case.org_name, &case.post_title),
        proposed_removal: cadre.current_post.clone(),
        reasons,
    };
    Ok((item.cadre_id, proposal))
}
