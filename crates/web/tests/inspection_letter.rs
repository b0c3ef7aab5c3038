//! The inspection responsibility letter (考察责任书) through the real router: the inspector reads
//! what they answer for (SEL-INSPECTION, SEL-ACCOUNTABILITY) and signs it with 签署; the first
//! press asks for confirmation, stating the consequence, and signs nothing; the confirmed press
//! signs, and the letter gives way to the interview and report forms.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{login, post, send, world};
use serde_json::json;

use selection_support::*;

#[tokio::test]
async fn the_inspector_reads_the_letter_and_signs_it_only_once_confirmed() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = motion(&w, &staff).await;
    through_to_inspection(&w, &staff, &case, &w.cadre_b).await;
    let me = account_id(&w, "inspector").await;
    let team = json!({"cadre_id": w.cadre_b, "inspectors": [me]});
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/teams"), team).await);
    let path = format!("/selection/cases/{case}");
    let mine = send(&w.router, inspector.get(&path)).await.body;
    let letter = &mine[mine.find("id=\"my-inspection\"").unwrap()..];
    for part in [
        "干部考察责任书",
        "纪实〔2026〕1号",
        "考察李四同志",
        "客观公正、全面准确",
        "用人失察失误",
        "《实行干部考察专职人员和干部考察责任书制度》",
        "考察人：inspector",
    ] {
        assert!(letter.contains(part), "the letter says {part}");
    }
    assert!(letter.contains(">签署</button>"), "signed with 签署, not a bare 保存");
    // The first press asks, stating the consequence; nothing is signed yet.
    let signing = format!("{path}/inspect/letters");
    let asked = send(&w.router, inspector.form(&signing, &[("cadre_id", &w.cadre_b)])).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    for part in ["确认签署考察责任书", "签署对李四同志的考察责任书", "用人失察失误承担责任", "签署后不可撤销"]
    {
        assert!(asked.body.contains(part), "{part}: {}", asked.body);
    }
    assert!(asked.body.contains(&format!("name=\"cadre_id\" value=\"{}\"", w.cadre_b)), "the subject goes along");
    let unsigned = &case_view(&w, &staff, &case).await["inspectors"][0]["letter_accepted_on"];
    assert!(unsigned.is_null(), "not signed before confirming");
    // Confirmed, it is signed today, and the forms take the letter's place.
    let signed = send(&w.router, inspector.form(&signing, &[("cadre_id", &w.cadre_b), ("confirmed", "1")])).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert_eq!(case_view(&w, &staff, &case).await["inspectors"][0]["letter_accepted_on"], "2026-11-26");
    let body = send(&w.router, inspector.get(&path)).await.body;
    assert!(body.contains("记录个别谈话") && !body.contains("class=\"letter\""), "the letter gives way to the forms");
}

#[tokio::test]
async fn signing_for_someone_not_inspected_in_the_case_is_refused_on_the_page() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = motion(&w, &staff).await;
    through_to_inspection(&w, &staff, &case, &w.cadre_b).await;
    let asked =
        send(&w.router, inspector.form(&format!("/selection/cases/{case}/inspect/letters"), &[("cadre_id", "nobody")]))
            .await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", asked.body);
    assert!(asked.body.contains("本纪实没有该考察对象"), "the refusal is said on the page");
}
