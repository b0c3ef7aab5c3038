//! A cadre's photo through the real router: set by staff (API body or the dossier's upload),
//! read by whoever may read the dossier, refused when it is not a JPEG or PNG, out of scope as
//! 404, logged with its digest, shown on the dossier and the 任免审批表, and carried by LRMX both
//! ways.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod dossier_fixture;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Session, World, login, send, world};
use jianquan_domain::registry::lrmx::xml;

/// A small valid PNG's leading bytes (the signature is what is checked).
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01];

fn put_request(s: &Session, cadre: &str, content_type: &str, body: &[u8]) -> Request<Body> {
    Request::put(format!("/api/v1/cadres/{cadre}/photo"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .body(Body::from(body.to_vec()))
        .unwrap()
}

async fn image(w: &World, s: &Session, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let response = tower::ServiceExt::oneshot(w.router.clone(), s.get(path)).await.unwrap();
    let status = response.status();
    let value =
        |h: header::HeaderName| response.headers().get(h).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let (kind, sniff) = (value(header::CONTENT_TYPE), value(header::X_CONTENT_TYPE_OPTIONS));
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes().to_vec();
    (status, kind, sniff, bytes)
}

async fn actions(w: &World, cadre: &str) -> Vec<(String, String)> {
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "cadre", cadre, 50).await.unwrap();
    history.into_iter().map(|e| (e.action, e.detail)).collect()
}

#[tokio::test]
async fn staff_set_a_photo_that_the_dossier_and_the_form_show_and_the_ledger_names() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = send(&w.router, put_request(&staff, &w.cadre_a, "image/png", PNG)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let sha = reply.json()["sha256"].as_str().unwrap().to_owned();
    assert_eq!(sha.len(), 64);
    let (status, kind, sniff, bytes) = image(&w, &staff, &format!("/api/v1/cadres/{}/photo", w.cadre_a)).await;
    assert_eq!(
        (status, kind.as_str(), sniff.as_str(), bytes.as_slice()),
        (StatusCode::OK, "image/png", "nosniff", PNG)
    );
    let logged = actions(&w, &w.cadre_a).await;
    assert!(logged.iter().any(|(a, d)| a == "registry.dossier.photo.set" && d.contains(&sha)), "{logged:?}");

    let dossier = send(&w.router, staff.get(&format!("/cadres/{}", w.cadre_a))).await;
    assert!(dossier.body.contains(&format!("src=\"/cadres/{}/photo\"", w.cadre_a)));
    let form = send(&w.router, staff.get(&format!("/cadres/{}/appointment-form", w.cadre_a))).await;
    assert!(form.body.contains("class=\"adform-photo\""), "the form's photo box holds the image");

    // Replaced whole by a JPEG.
    assert_eq!(send(&w.router, put_request(&staff, &w.cadre_a, "image/jpeg", JPEG)).await.status, StatusCode::OK);
    let (_, kind, _, bytes) = image(&w, &staff, &format!("/cadres/{}/photo", w.cadre_a)).await;
    assert_eq!((kind.as_str(), bytes.as_slice()), ("image/jpeg", JPEG));
}

#[tokio::test]
async fn anything_but_a_jpeg_or_png_is_refused_and_nothing_is_kept() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // 王五 has no photo yet.
    for (kind, body) in [("image/png", &b"<svg onload=alert(1)></svg>"[..]), ("image/gif", b"GIF89a\x01\0\x01\0")] {
        let reply = send(&w.router, put_request(&staff, &w.cadre_city, kind, body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert!(reply.body.contains("\"photo\""), "the error names the field: {}", reply.body);
    }
    let (status, ..) = image(&w, &staff, &format!("/api/v1/cadres/{}/photo", w.cadre_city)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!actions(&w, &w.cadre_city).await.iter().any(|(a, _)| a == "registry.dossier.photo.set"));
}

#[tokio::test]
async fn out_of_scope_is_404_and_a_cadre_sees_only_their_own() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    for cadre in [&w.cadre_a, &w.cadre_b] {
        assert_eq!(send(&w.router, put_request(&staff, cadre, "image/png", PNG)).await.status, StatusCode::OK);
    }
    // County A's staff cannot read or set the photo of 李四 in county B.
    let county = login(&w.router, "county_staff").await;
    let (status, ..) = image(&w, &county, &format!("/api/v1/cadres/{}/photo", w.cadre_b)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let reply = send(&w.router, put_request(&county, &w.cadre_b, "image/jpeg", JPEG)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let (_, _, _, still) = image(&w, &staff, &format!("/api/v1/cadres/{}/photo", w.cadre_b)).await;
    assert_eq!(still, PNG);
    // 张三丰 sees his own photo and nobody else's, and cannot set one.
    let cadre = login(&w.router, "cadre").await;
    assert_eq!(image(&w, &cadre, &format!("/cadres/{}/photo", w.cadre_a)).await.0, StatusCode::OK);
    assert_eq!(image(&w, &cadre, &format!("/cadres/{}/photo", w.cadre_b)).await.0, StatusCode::NOT_FOUND);
    let reply = send(&w.router, put_request(&cadre, &w.cadre_a, "image/jpeg", JPEG)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let anonymous = Session { cookie: String::new(), csrf: String::new(), token: String::new() };
    // No session: the page sends to sign-in, the API answers 401.
    assert_eq!(image(&w, &anonymous, &format!("/cadres/{}/photo", w.cadre_a)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(image(&w, &anonymous, &format!("/api/v1/cadres/{}/photo", w.cadre_a)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_dossier_upload_form_sets_the_photo_and_returns_to_the_dossier() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let boundary = "jqphoto";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n", staff.csrf).as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(JPEG);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post(format!("/cadres/{}/photo", w.cadre_a))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, &staff.cookie)
        .body(Body::from(body))
        .unwrap();
    let reply = send(&w.router, request).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (_, kind, _, bytes) = image(&w, &staff, &format!("/cadres/{}/photo", w.cadre_a)).await;
    assert_eq!((kind.as_str(), bytes.as_slice()), ("image/jpeg", JPEG));
}

#[tokio::test]
async fn lrmx_carries_the_photo_as_base64_both_ways() {
    let w = world().await;
    dossier_fixture::fill(&w, &w.cadre_a).await;
    let staff = login(&w.router, "orgstaff").await;
    assert_eq!(send(&w.router, put_request(&staff, &w.cadre_a, "image/png", PNG)).await.status, StatusCode::OK);
    let (status, _, _, file) = image(&w, &staff, &format!("/api/v1/cadres/{}/lrmx", w.cadre_a)).await;
    assert_eq!(status, StatusCode::OK);
    let person = xml::read(&file).unwrap();
    assert_eq!(
        jianquan_domain::registry::photo::Photo::from_base64("ZhaoPian", &person.photo).unwrap().bytes,
        PNG.to_vec()
    );

    // Into a fresh database: the imported cadre has the same photo.
    let fresh = world().await;
    let fresh_staff = login(&fresh.router, "orgstaff").await;
    // The fresh database has 张三丰 registered as 科长: the file must agree (SEL-COLLECTIVE).
    let mut person = person;
    person.current_post = "科长".into();
    let file = xml::write(&person).unwrap();
    let request = Request::post("/api/v1/cadres/lrmx?org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93&rank=township_principal")
        .header(header::CONTENT_TYPE, "application/xml")
        .header(header::COOKIE, &fresh_staff.cookie)
        .header("x-csrf-token", &fresh_staff.csrf)
        .body(Body::from(file))
        .unwrap();
    let reply = send(&fresh.router, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let imported = reply.json()["cadre_id"].as_str().unwrap().to_owned();
    assert!(!reply.body.contains("ZhaoPian"), "the photo is kept, not reported as not kept: {}", reply.body);
    let (_, kind, _, bytes) = image(&fresh, &fresh_staff, &format!("/api/v1/cadres/{imported}/photo")).await;
    assert_eq!((kind.as_str(), bytes.as_slice()), ("image/png", PNG));
}
