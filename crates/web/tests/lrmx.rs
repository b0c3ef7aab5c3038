//! LRMX through the real router: the export (escaped UTF-8 XML, the ID number in full only for
//! a role that may reveal it, logged as an export), and the import (every field checked first,
//! errors named by element, all or nothing, scope-checked, logged) with a round trip into a
//! fresh database.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod dossier_fixture;

use axum::http::{StatusCode, header};
use common::{Session, World, login, send, world};
use jianquan_domain::registry::lrmx::xml;

async fn ledger_detail(w: &World, cadre: &str, action: &str) -> String {
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "cadre", cadre, 50).await.unwrap();
    history.into_iter().rev().find(|e| e.action == action).map(|e| e.detail).unwrap_or_default()
}

async fn download(w: &World, s: &Session, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = tower::ServiceExt::oneshot(w.router.clone(), s.get(path)).await.unwrap();
    let status = response.status();
    let disposition =
        response.headers().get(header::CONTENT_DISPOSITION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes().to_vec();
    (status, disposition, bytes)
}

#[tokio::test]
async fn the_export_is_the_dossier_as_lrmx_xml_logged_as_an_export() {
    let w = world().await;
    dossier_fixture::fill(&w, &w.cadre_a).await;
    let staff = login(&w.router, "orgstaff").await;
    let (status, disposition, bytes) =
        download(&w, &staff, &format!("/cadres/{}/lrmx?proposed_post=%E5%89%AF%E5%8C%BA%E9%95%BF", w.cadre_a)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(disposition.contains("filename*=UTF-8''%E5%BC%A0%E4%B8%89%E4%B8%B0.lrmx"), "{disposition}");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Person>"));
    let full = dossier_fixture::id_number(&w, &w.cadre_a).await;
    for expected in [
        "<XingMing>张三丰</XingMing>".to_owned(),
        "<ChuShengNianYue>197805</ChuShengNianYue>".into(),
        "<RuDangShiJian>200507</RuDangShiJian>".into(),
        "<QuanRiZhiJiaoYu_XueLi>大学本科</QuanRiZhiJiaoYu_XueLi>".into(),
        "<ZaiZhiJiaoYu_XueWei>硕士</ZaiZhiJiaoYu_XueWei>".into(),
        "<NiRenZhiWu>副区长</NiRenZhiWu>".into(),
        "<ChengWei>配偶</ChengWei>".into(),
        "<ZhaoPian></ZhaoPian>".into(),
        format!("<ShenFenZheng>{full}</ShenFenZheng>"),
    ] {
        assert!(text.contains(&expected), "missing {expected}");
    }
    let person = xml::read(&bytes).unwrap();
    assert_eq!(person.family.len(), 2);
    assert!(person.rewards_sanctions.contains("给予警告(政务)"));
    let detail = ledger_detail(&w, &w.cadre_a, "registry.export.lrmx").await;
    assert!(detail.contains("\"id_number\":\"full\""), "{detail}");
}

#[tokio::test]
async fn a_role_that_may_not_reveal_id_numbers_exports_them_masked() {
    let w = world().await;
    let auditor = login(&w.router, "auditor").await;
    let (status, _, bytes) = download(&w, &auditor, &format!("/api/v1/cadres/{}/lrmx", w.cadre_b)).await;
    assert_eq!(status, StatusCode::OK);
    let person = xml::read(&bytes).unwrap();
    let full = dossier_fixture::id_number(&w, &w.cadre_b).await;
    assert_eq!(person.id_number, jianquan_domain::registry::resident_id::mask(&full));
    assert!(ledger_detail(&w, &w.cadre_b, "registry.export.lrmx").await.contains("\"id_number\":\"masked\""));
}

#[tokio::test]
async fn markup_in_an_exported_field_is_escaped_and_reads_back_unchanged() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let path = format!("/api/v1/cadres/{}/lrmx?reasons=%3Ca%20href%3D%22x%22%3E%26%3C%2Fa%3E", w.cadre_a);
    let (status, _, bytes) = download(&w, &staff, &path).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("<RenMianLiYou>&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;</RenMianLiYou>"), "{text}");
    assert_eq!(xml::read(&bytes).unwrap().reasons, "<a href=\"x\">&</a>");
}

#[tokio::test]
async fn the_export_is_refused_out_of_scope_and_to_roles_without_export() {
    let w = world().await;
    let county = login(&w.router, "county_staff").await;
    assert_eq!(
        send(&w.router, county.get(&format!("/api/v1/cadres/{}/lrmx", w.cadre_b))).await.status,
        StatusCode::NOT_FOUND
    );
    let committee = login(&w.router, "committee").await;
    assert_eq!(
        send(&w.router, committee.get(&format!("/cadres/{}/lrmx", w.cadre_b))).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(ledger_detail(&w, &w.cadre_b, "registry.export.lrmx").await.is_empty());
}
