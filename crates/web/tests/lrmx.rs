//! LRMX through the real router: the export (escaped UTF-8 XML, the ID number in full only for
//! a role that may reveal it, logged as an export), and the import (every field checked first,
//! errors named by element, all or nothing, scope-checked, logged) with a round trip into a
//! fresh database.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod dossier_fixture;

use axum::http::{StatusCode, header};
use common::{Session, World, login, send, world};
use jianquan_domain::registry::lrmx::{Person, Relative, xml};

/// The newest entry of an action about a cadre: its detail.
async fn ledger_detail(w: &World, cadre: &str, action: &str) -> String {
    let mut conn = w.app.db.read().await.unwrap();
    let history = jianquan_storage::ledger::history(&mut conn, "cadre", cadre, 50).await.unwrap();
    history.into_iter().find(|e| e.action == action).map(|e| e.detail).unwrap_or_default()
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
        // The world gives 张三丰 a PNG photo: its base64 starts with the PNG signature's.
        "<ZhaoPian>iVBORw0KGgo".into(),
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

// ─── Import ───

fn import_request(s: &Session, query: &str, body: Vec<u8>) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(format!("/api/v1/cadres/lrmx?{query}"))
        .header(header::CONTENT_TYPE, "application/xml")
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .body(axum::body::Body::from(body))
        .unwrap()
}

async fn import(w: &World, s: &Session, query: &str, body: Vec<u8>) -> common::Reply {
    send(&w.router, import_request(s, query, body)).await
}

async fn export(w: &World, s: &Session, cadre: &str) -> Vec<u8> {
    let (status, _, bytes) = download(w, s, &format!("/api/v1/cadres/{cadre}/lrmx")).await;
    assert_eq!(status, StatusCode::OK);
    bytes
}

/// The dossier's facts without IDs (orgs by name, lists sorted), as the API gives them.
async fn facts(w: &World, s: &Session, cadre: &str) -> serde_json::Value {
    let d = common::get(w, s, &format!("/api/v1/cadres/{cadre}")).await.json();
    let c = &d["cadre"];
    let keep = |v: &serde_json::Value, drop: &[&str]| {
        let mut rows: Vec<serde_json::Value> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let mut row = row.as_object().unwrap().clone();
                for key in drop {
                    row.remove(*key);
                }
                serde_json::Value::Object(row)
            })
            .collect();
        rows.sort_by_key(|r| r.to_string());
        serde_json::Value::Array(rows)
    };
    let basic: Vec<&str> = vec![
        "name",
        "gender",
        "birth_date",
        "ethnicity",
        "native_place",
        "birthplace",
        "id_number",
        "political_status",
        "party_entry_date",
        "work_start_date",
        "health",
        "speciality",
        "rank",
        "current_post",
        "professional_title",
    ];
    serde_json::json!({
        "basic": basic.iter().map(|k| c[*k].clone()).collect::<Vec<_>>(),
        "org": d["org"]["name"],
        "educations": keep(&d["sections"]["educations"], &["id"]),
        // LRMX's 简历 carries no document numbers, nor who decided a tenure.
        "tenures": keep(&d["sections"]["tenures"], &["id", "org_id", "document_number", "decided_by", "decided_on", "case_id"]),
        "grades": keep(&d["sections"]["grades"], &[]),
        "rewards_sanctions": keep(&d["sections"]["rewards_sanctions"], &["id"]),
        "family": keep(&d["sections"]["family"], &["id"]),
    })
}

#[tokio::test]
async fn an_exported_dossier_imported_into_a_fresh_database_gives_the_same_facts() {
    let w = world().await;
    let sys = jianquan_app::Actor::system_for_cli();
    let input = common::cadre_input("赵六", &w.town_a, "37050219800303451", "1");
    let cadre = jianquan_app::registry::cadres::create_cadre(&w.app, &sys, &input).await.unwrap().id;
    dossier_fixture::fill(&w, &cadre).await;
    let staff = login(&w.router, "orgstaff").await;
    let file = export(&w, &staff, &cadre).await;

    let fresh = world().await;
    let fresh_staff = login(&fresh.router, "orgstaff").await;
    let reply =
        import(&fresh, &fresh_staff, "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93&rank=township_principal", file.clone())
            .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let done = reply.json();
    assert_eq!(
        done["added"],
        serde_json::json!({"educations": 2, "tenures": 2, "grades": 2, "rewards_sanctions": 2, "family": 2})
    );
    let imported = done["cadre_id"].as_str().unwrap().to_owned();
    assert_eq!(facts(&fresh, &fresh_staff, &imported).await, facts(&w, &staff, &cadre).await);

    // The same file again changes nothing; the import is in the ledger.
    let again = import(&fresh, &fresh_staff, "", file).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["created"], false);
    assert_eq!(again.json()["added"]["tenures"], 0);
    assert!(ledger_detail(&fresh, &imported, "registry.cadre.import_lrmx").await.contains("\"created\":false"));
}

/// The cadre's exported form, changed, as a file again.
async fn edited(w: &World, s: &Session, cadre: &str, edit: impl FnOnce(&mut Person)) -> Vec<u8> {
    let mut person = xml::read(&export(w, s, cadre).await).unwrap();
    edit(&mut person);
    xml::write(&person).unwrap()
}

#[tokio::test]
async fn a_file_with_a_registered_id_number_updates_that_cadre_but_never_appoints() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // SEL-COLLECTIVE: a file naming another current post is refused whole.
    let appointing = edited(&w, &staff, &w.cadre_a, |p| {
        p.current_post = "副主任".into();
        p.annual_grades = "2025年度考核优秀".into();
    })
    .await;
    let refused = import(&w, &staff, "", appointing).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.json()["error"]["rule"], "SEL-COLLECTIVE");
    let file = edited(&w, &staff, &w.cadre_a, |p| p.annual_grades = "2025年度考核优秀".into()).await;
    let reply = import(&w, &staff, "", file).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let done = reply.json();
    assert_eq!((done["cadre_id"].as_str(), done["added"]["grades"].as_u64()), (Some(w.cadre_a.as_str()), Some(1)));
    let dossier = common::get(&w, &staff, &format!("/api/v1/cadres/{}", w.cadre_a)).await.json();
    assert_eq!(dossier["cadre"]["current_post"], "科长", "the post is kept");
    assert_eq!(dossier["cadre"]["rank"], "township_principal", "the rank is kept");
    assert_eq!(dossier["org"]["id"], w.town_a.as_str(), "the org is kept");
}

async fn ledger_head(w: &World) -> i64 {
    let mut conn = w.app.db.read().await.unwrap();
    jianquan_storage::ledger::recent(&mut conn, "", None, 1).await.unwrap()[0].seq
}

#[tokio::test]
async fn every_wrong_element_is_named_and_nothing_is_written() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let bad = edited(&w, &staff, &w.cadre_a, |p| {
        let check = if p.id_number.ends_with('0') { "1" } else { "0" };
        p.id_number = format!("{}{check}", &p.id_number[..17]);
        p.ethnicity = "火星族".into();
        p.work_start = "2003年13月".into();
        p.resume = "2000.08--2001.01  科员\n2001年 科长".into();
        p.family = vec![Relative { relation: "邻居".into(), name: String::new(), ..Relative::default() }];
    })
    .await;
    let before = ledger_head(&w).await;
    let reply = import(&w, &staff, "", bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let fields: Vec<String> = reply.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "ShenFenZheng",
        "MinZu",
        "CanJiaGongZuoShiJian",
        "JianLi[2]",
        "JiaTingChengYuan/Item[1]/ChengWei",
        "JiaTingChengYuan/Item[1]/XingMing",
    ] {
        assert!(fields.iter().any(|f| f == expected), "{expected} missing from {fields:?}");
    }
    assert_eq!(ledger_head(&w).await, before, "nothing was written");
    let not_xml = import(&w, &staff, "", b"<Person><XingMing>x</Person>".to_vec()).await;
    assert_eq!(not_xml.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(not_xml.json()["error"]["fields"][0]["field"], "file");
}

#[tokio::test]
async fn an_import_outside_the_scope_is_refused() {
    let w = world().await;
    let city = login(&w.router, "orgstaff").await;
    let county = login(&w.router, "county_staff").await;
    // 李四 is in county B: the county A account cannot update her…
    let reply = import(&w, &county, "", export(&w, &city, &w.cadre_b).await).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["fields"][0]["field"], "ShenFenZheng");
    // …nor place a new cadre in county B, nor leave the org out for a new cadre.
    let other = jianquan_domain::registry::resident_id::with_check_char("37050219780504555");
    let new = edited(&w, &city, &w.cadre_a, |p| p.id_number = other).await;
    let reply = import(&w, &county, &format!("org={}", w.county_b), new.clone()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["fields"][0]["field"], "org");
    let missing_org = import(&w, &county, "", new.clone()).await;
    assert_eq!(missing_org.json()["error"]["fields"][0]["field"], "org");
    // In its own county it may.
    let created = import(&w, &county, &format!("org={}", w.town_a), new).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
}

#[tokio::test]
async fn a_masked_export_cannot_be_imported_back() {
    let w = world().await;
    let auditor = login(&w.router, "auditor").await;
    let staff = login(&w.router, "orgstaff").await;
    let reply = import(&w, &staff, "", export(&w, &auditor, &w.cadre_a).await).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = reply.json()["error"]["fields"].clone();
    assert!(fields.as_array().unwrap().iter().any(|f| f["field"] == "ShenFenZheng"), "{fields}");
}

fn multipart(s: &Session, file: &[u8], org: &str) -> axum::http::Request<axum::body::Body> {
    let boundary = "lrmxboundary";
    let mut body = Vec::new();
    for (name, value) in [("_csrf", s.csrf.as_str()), ("org", org)] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.lrmx\"\r\nContent-Type: application/xml\r\n\r\n")
            .bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    axum::http::Request::post("/import/lrmx")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, &s.cookie)
        .body(axum::body::Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn the_import_page_takes_an_upload_and_lists_every_wrong_element() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let page = send(&w.router, staff.get("/import")).await;
    assert!(page.body.contains("action=\"/import/lrmx\""));
    let file = export(&w, &staff, &w.cadre_b).await;
    let done = send(&w.router, multipart(&staff, &file, "")).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("id=\"lrmx-done\"") && done.body.contains("李四"));
    let bad = String::from_utf8(file).unwrap().replace("<XingBie>女</XingBie>", "<XingBie>男</XingBie>");
    let refused = send(&w.router, multipart(&staff, bad.as_bytes(), "河口区")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"lrmx-errors\"") && refused.body.contains("<td>性别 (XingBie)</td>"));
    assert!(refused.body.contains("value=\"河口区\""), "the form keeps what was typed");
}

#[tokio::test]
async fn the_openapi_document_lists_the_lrmx_api() {
    let w = world().await;
    let doc = send(&w.router, Session::default().get("/api/openapi.json")).await.json();
    assert!(doc["paths"]["/api/v1/cadres/{id}/lrmx"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/cadres/lrmx"]["post"].is_object());
}

// ─── Files as other tools write them ───

/// The corpus of files shaped as public LRMX writers write them (see its README).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/lrmx_corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lrmx"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// The lines of a text without their surrounding whitespace, blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
}

/// A resident ID number for a file that has none: its birth month (the 15th) and gender.
fn number_for(person: &Person) -> String {
    let month = person.birth_month.trim().replace('.', "");
    let odd = if person.gender.trim() == "男" { "1" } else { "2" };
    jianquan_domain::registry::resident_id::with_check_char(&format!("370502{}1512{odd}", &month[..6]))
}

/// Every file of the corpus imports through the API without refusal (one that writes no ID
/// number with the number given beside it); the export gives back its 简历 line by line, its
/// narrative 奖惩情况 and 年度考核结果 and its 专业技术职务; and that export imported into an
/// empty database gives the same dossier.
#[tokio::test]
async fn files_written_by_other_tools_import_keep_their_texts_and_round_trip() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let mut imported = 0;
    for (name, bytes) in corpus() {
        let given = xml::read(&bytes).unwrap();
        // ops-cimp never writes 身份证号: the clerk gives it with the import.
        let number = if given.id_number.trim().is_empty() {
            format!("&id_number={}", number_for(&given))
        } else {
            String::new()
        };
        let reply = import(&w, &staff, &format!("org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93{number}"), bytes).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
        imported += 1;
        let done = reply.json();
        let cadre = done["cadre_id"].as_str().unwrap().to_owned();
        // Narrative lines are listed as kept, by element and line.
        for kept in done["kept_as_text"].as_array().unwrap() {
            let element = kept["element"].as_str().unwrap();
            assert!(
                element.starts_with("JiangChengQingKuang[") || element.starts_with("NianDuKaoHeJieGuo["),
                "{element}"
            );
        }
        let file = export(&w, &staff, &cadre).await;
        let out = xml::read(&file).unwrap();
        assert_eq!(lines(&out.resume), lines(&given.resume), "{name}: the 简历 comes back line by line");
        assert_eq!(out.professional_title, given.professional_title.trim(), "{name}: 专业技术职务");
        for kept in done["kept_as_text"].as_array().unwrap() {
            let text = kept["text"].as_str().unwrap();
            assert!(
                out.rewards_sanctions.contains(text) || out.annual_grades.contains(text),
                "{name}: kept line {text} is exported"
            );
        }
        // The page shows what was kept, escaped.
        let page = send(&w.router, staff.get(&format!("/cadres/{cadre}"))).await;
        assert!(page.body.contains("form-as-given"), "{name}");

        let fresh = world().await;
        let fresh_staff = login(&fresh.router, "orgstaff").await;
        let again = import(&fresh, &fresh_staff, "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93", file.clone()).await;
        assert_eq!(again.status, StatusCode::CREATED, "{name}: {}", again.body);
        let copy = again.json()["cadre_id"].as_str().unwrap().to_owned();
        assert_eq!(facts(&fresh, &fresh_staff, &copy).await, facts(&w, &staff, &cadre).await, "{name}");
        // The same lines kept (their numbers move: the export writes the entries first).
        let texts = |v: &serde_json::Value| -> Vec<String> {
            v["kept_as_text"].as_array().unwrap().iter().map(|k| k["text"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(texts(&again.json()), texts(&done), "{name}: the same lines kept");
        let second = export(&fresh, &fresh_staff, &copy).await;
        assert_eq!(lines(&xml::read(&second).unwrap().resume), lines(&given.resume), "{name}");
    }
    assert_eq!(imported, corpus().len(), "every file imported");
}

// ─── A zip of forms ───

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn zip_request(s: &Session, query: &str, body: Vec<u8>) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(format!("/api/v1/cadres/lrmx/batch?{query}"))
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .body(axum::body::Body::from(body))
        .unwrap()
}

/// The corpus files that carry an ID number.
fn with_id_numbers() -> Vec<(String, Vec<u8>)> {
    corpus().into_iter().filter(|(_, b)| !xml::read(b).unwrap().id_number.trim().is_empty()).collect()
}

#[tokio::test]
async fn a_zip_of_forms_imports_every_file_or_none_naming_file_and_element() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let files = with_id_numbers();
    let head = ledger_head(&w).await;

    // One broken file among good ones: nothing is written, the error names file and element.
    let mut broken: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let bad = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Person><XingMing>某</XingMing><ShenFenZheng>123</ShenFenZheng></Person>";
    broken.push(("第二批/坏文件.lrmx", bad.as_bytes()));
    broken.push(("说明.txt", b"readme"));
    let reply = send(&w.router, zip_request(&staff, "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93", zip_of(&broken))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let fields: Vec<String> = reply.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert!(fields.contains(&"说明.txt".to_owned()), "{fields:?}");
    assert!(fields.iter().any(|f| f == "第二批/坏文件.lrmx: ShenFenZheng"), "{fields:?}");
    assert_eq!(ledger_head(&w).await, head, "nothing written");

    // The same file twice in one archive is refused by name.
    let twice: Vec<(&str, &[u8])> = vec![("a.lrmx", files[0].1.as_slice()), ("b.lrmx", files[0].1.as_slice())];
    let reply = send(&w.router, zip_request(&staff, "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93", zip_of(&twice))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("b.lrmx: ShenFenZheng"), "{}", reply.body);

    // All good: every file imported, each under its own ledger entry, in one transaction.
    let good: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let reply = send(&w.router, zip_request(&staff, "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93", zip_of(&good))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let done = reply.json();
    assert_eq!(done["created"], files.len());
    assert_eq!(done["files"].as_array().unwrap().len(), files.len());
    assert_eq!(ledger_head(&w).await, head + files.len() as i64);
    for f in done["files"].as_array().unwrap() {
        let cadre = f["result"]["cadre_id"].as_str().unwrap();
        assert!(ledger_detail(&w, cadre, "registry.cadre.import_lrmx").await.contains("\"created\":true"));
    }
    // Again: every cadre is updated, nothing added.
    let reply = send(&w.router, zip_request(&staff, "", zip_of(&good))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        (reply.json()["created"].as_u64(), reply.json()["updated"].as_u64()),
        (Some(0), Some(files.len() as u64))
    );
}

#[tokio::test]
async fn the_import_page_takes_a_zip_and_lists_each_file() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let files = with_id_numbers();
    let good: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let page = send(&w.router, multipart(&staff, &zip_of(&good), "文汇街道")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"lrmx-batch\""));
    for (name, _) in &files {
        assert!(page.body.contains(name.as_str()), "{name} listed");
    }
}

// ─── Files without an ID number ───

/// The corpus file that carries no 身份证号 (ops-cimp writes none).
fn without_id_number() -> (String, Vec<u8>) {
    corpus().into_iter().find(|(_, b)| xml::read(b).unwrap().id_number.trim().is_empty()).expect("a file without one")
}

/// A file without an ID number is not refused: the number given with the import is used; with
/// none given it updates the one cadre in scope with its name and birth month; with namesakes
/// or nobody to match it asks for the number; a number that differs from the file's is refused.
#[tokio::test]
async fn a_file_without_an_id_number_takes_the_given_one_or_the_registered_namesake() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let (_, bytes) = without_id_number();
    let given = xml::read(&bytes).unwrap();
    let org = "org=%E6%96%87%E6%B1%87%E8%A1%97%E9%81%93";

    let head = ledger_head(&w).await;
    let asks = import(&w, &staff, org, bytes.clone()).await;
    assert_eq!(asks.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", asks.body);
    assert!(asks.body.contains("导入时填写"), "{}", asks.body);
    assert_eq!(ledger_head(&w).await, head, "nothing written");

    let number = number_for(&given);
    let created = import(&w, &staff, &format!("{org}&id_number={number}"), bytes.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cadre = created.json()["cadre_id"].as_str().unwrap().to_owned();

    // Again without the number: the registered cadre with the file's name and birth month.
    let again = import(&w, &staff, "", bytes.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        (again.json()["cadre_id"].as_str(), again.json()["created"].as_bool()),
        (Some(cadre.as_str()), Some(false))
    );
    // The same through a zip, which takes no number.
    let zip = zip_of(&[("无号码.lrmx", bytes.as_slice())]);
    let batch = send(&w.router, zip_request(&staff, "", zip.clone())).await;
    assert_eq!(batch.status, StatusCode::OK, "{}", batch.body);
    assert_eq!(batch.json()["updated"], 1);
    let refused = send(&w.router, zip_request(&staff, &format!("id_number={number}"), zip)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("\"id_number\""), "{}", refused.body);

    // A number that differs from the file's is refused.
    let other = jianquan_domain::registry::resident_id::with_check_char("37050219750815111");
    let numbered = edited(&w, &staff, &cadre, |_| {}).await;
    let differs = import(&w, &staff, &format!("id_number={other}"), numbered).await;
    assert_eq!(differs.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", differs.body);
    assert!(differs.body.contains("与文件中的不同"), "{}", differs.body);

    // A namesake born the same month: which one is meant is asked, not guessed.
    let sys = jianquan_app::Actor::system_for_cli();
    let twin = common::cadre_input(
        given.name.trim(),
        &w.town_a,
        &format!("370502{}20131", &given.birth_month.trim()[..6]),
        "1",
    );
    jianquan_app::registry::cadres::create_cadre(&w.app, &sys, &twin).await.unwrap();
    let head = ledger_head(&w).await;
    let ambiguous = import(&w, &staff, "", bytes).await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", ambiguous.body);
    assert!(ambiguous.body.contains("2 名同名同出生年月的干部"), "{}", ambiguous.body);
    assert_eq!(ledger_head(&w).await, head, "nothing written");
}

/// 专业技术职务 is a field of the cadre record: edited with the basic data, shown in the dossier,
/// written to the 任免审批表 and its LRMX export.
#[tokio::test]
async fn the_professional_title_is_edited_with_the_record_and_exported() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let response = tower::ServiceExt::oneshot(w.router.clone(), staff.get(&format!("/api/v1/cadres/{}", w.cadre_a)))
        .await
        .unwrap();
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let c = serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["cadre"].clone();
    let edit = serde_json::json!({"name": c["name"], "gender": c["gender"], "birth_date": c["birth_date"],
        "ethnicity": c["ethnicity"], "political_status": c["political_status"], "org_id": c["org_id"],
        "rank": c["rank"], "current_post": c["current_post"], "party_entry_date": "2005-07-01",
        "work_start_date": "2003-08-01", "professional_title": "高级<经济师>"});
    let reply = send(
        &w.router,
        axum::http::Request::put(format!("/api/v1/cadres/{}", w.cadre_a))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {}", staff.token))
            .header(header::IF_MATCH, etag)
            .body(axum::body::Body::from(edit.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = send(&w.router, staff.get(&format!("/cadres/{}", w.cadre_a))).await;
    assert!(
        page.body.contains("高级&#60;经济师&#62;") && !page.body.contains("高级<经济师>"),
        "shown escaped in the dossier"
    );
    let form = send(&w.router, staff.get(&format!("/cadres/{}/edit", w.cadre_a))).await;
    assert!(form.body.contains("name=\"professional_title\""), "editable on the form");
    let out = xml::read(&export(&w, &staff, &w.cadre_a).await).unwrap();
    assert_eq!(out.professional_title, "高级<经济师>");
    assert!(ledger_detail(&w, &w.cadre_a, "registry.cadre.update").await.contains("高级<经济师>"));
}
