//! xlsx import and export, end to end on a fresh database (SQLite, or PostgreSQL when
//! `JIANQUAN_TEST_DATABASE_URL` is set): every bad input names its row and field and writes
//! nothing; a good file writes every row under one ledger entry.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};
use std::sync::Mutex;

use calamine::{Data, Reader, Xlsx};
use jianquan_app::actor::AccountIdentity;
use jianquan_app::registry::cadres::{CadreQuery, list_cadres};
use jianquan_app::registry::orgs::{OrgInput, create_org};
use jianquan_app::registry::views::Org;
use jianquan_app::transfer::{self, ImportKind, ImportReport};
use jianquan_app::{Actor, App, AppError, Clock};
use jianquan_domain::access::Role;
use jianquan_domain::registry::resident_id::with_check_char;
use jianquan_storage::registry::cadres as cadre_store;
use jianquan_storage::registry::orgs as org_store;
use rust_xlsxwriter::{Format, Formula, Workbook};
use time::macros::datetime;

async fn app() -> App {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy")
}

fn system() -> Actor {
    Actor::system_for_cli()
}

async fn org(app: &App, parent: Option<&Org>, name: &str, kind: &str, level: &str) -> Org {
    let input = OrgInput {
        parent_id: parent.map(|p| p.id.clone()).unwrap_or_default(),
        name: name.into(),
        kind: kind.into(),
        level: level.into(),
        sort: String::new(),
    };
    create_org(app, &system(), &input).await.expect("org")
}

/// 东营市 → 市委组织部, 东营区 (→ 文汇街道), 河口区; two units named 办公室 under different parents.
struct Tree {
    city: Org,
    department: Org,
    district: Org,
    other_district: Org,
}

async fn tree(app: &App) -> Tree {
    let city = org(app, None, "东营市", "party_committee", "city").await;
    let department = org(app, Some(&city), "市委组织部", "party_department", "city").await;
    let district = org(app, Some(&city), "东营区", "party_committee", "county").await;
    let other_district = org(app, Some(&city), "河口区", "party_committee", "county").await;
    org(app, Some(&district), "文汇街道", "government", "township").await;
    org(app, Some(&district), "办公室", "government_department", "county").await;
    org(app, Some(&other_district), "办公室", "government_department", "county").await;
    Tree { city, department, district, other_district }
}

fn scoped(role: Role, org: &Org) -> Actor {
    let identity = AccountIdentity {
        id: format!("test-{}", role.code()),
        username: role.code().into(),
        display_name: String::new(),
        cadre_id: None,
    };
    Actor::account(identity, role, org.org_path().unwrap(), org.id.clone(), org.name.clone())
}

/// A cell to write into a test workbook.
#[derive(Clone)]
enum Cell {
    S(String),
    N(f64),
    Date(f64),
    F(&'static str),
}

fn s(text: &str) -> Cell {
    Cell::S(text.to_owned())
}

fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::S(text) if text.is_empty() => {}
                Cell::S(text) => drop(sheet.write_string(r, c, text.as_str()).unwrap()),
                Cell::N(n) => drop(sheet.write_number(r, c, *n).unwrap()),
                Cell::Date(serial) => drop(sheet.write_number_with_format(r, c, *serial, &date).unwrap()),
                Cell::F(formula) => drop(sheet.write_formula(r, c, Formula::new(*formula)).unwrap()),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const HEADER: [&str; 15] = [
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "籍贯",
    "出生地",
    "身份证号码",
    "政治面貌",
    "入党时间",
    "参加工作时间",
    "健康状况",
    "专长",
    "所在单位",
    "职务职级",
    "现任职务",
];

fn header() -> Vec<Cell> {
    HEADER.iter().map(|h| s(h)).collect()
}

/// A valid row: `seq` (0..500) makes the ID number unique; odd is male.
fn row(name: &str, seq: u32, org: &str) -> Vec<Cell> {
    let male = seq % 2 == 1;
    let id = with_check_char(&format!("37050219800315{seq:03}"));
    [
        name,
        if male { "男" } else { "女" },
        "1980-03-15",
        "汉族",
        "山东东营",
        "山东东营",
        &id,
        "中共党员",
        "2003-06-01",
        "2002-08-01",
        "健康",
        "",
        org,
        "一级主任科员",
        "科员",
    ]
    .iter()
    .map(|v| s(v))
    .collect()
}

fn with(mut row: Vec<Cell>, column: &str, cell: Cell) -> Vec<Cell> {
    let index = HEADER.iter().position(|h| *h == column).unwrap();
    row[index] = cell;
    row
}

/// Counts that must not move when an import is refused.
#[derive(Debug, PartialEq)]
struct Snapshot {
    cadres: i64,
    orgs: i64,
    ledger_head: Option<i64>,
}

async fn snapshot(app: &App) -> Snapshot {
    let mut conn = app.db.read().await.unwrap();
    let head = jianquan_storage::ledger::recent(&mut conn, "", None, 1).await.unwrap().first().map(|e| e.seq);
    Snapshot {
        cadres: cadre_store::count(&mut conn).await.unwrap(),
        orgs: org_store::count(&mut conn).await.unwrap(),
        ledger_head: head,
    }
}

async fn import(app: &App, actor: &Actor, kind: ImportKind, bytes: &[u8]) -> ImportReport {
    transfer::import_xlsx(app, actor, kind, bytes, &|_, _| {}).await.expect("import runs")
}

/// Imports a file that must be refused: nothing is written, and the problems come back.
async fn refused(app: &App, actor: &Actor, kind: ImportKind, bytes: &[u8]) -> ImportReport {
    let before = snapshot(app).await;
    let report = import(app, actor, kind, bytes).await;
    assert!(!report.problems.is_empty(), "expected problems");
    assert_eq!((report.written, report.ledger_seq), (0, None));
    assert_eq!(snapshot(app).await, before, "a refused import wrote something");
    report
}

fn has(report: &ImportReport, row: usize, field: &str, zh_part: &str) -> bool {
    report
        .problems
        .iter()
        .any(|p| p.row == row && p.field == field && p.message.zh.contains(zh_part) && !p.message.en.is_empty())
}

fn assert_problem(report: &ImportReport, row: usize, field: &str, zh_part: &str) {
    assert!(
        has(report, row, field, zh_part),
        "no problem at row {row}, field {field} with {zh_part:?}; got {:#?}",
        report.problems
    );
}

#[tokio::test]
async fn a_clean_cadre_file_is_written_in_one_transaction_under_one_ledger_entry() {
    let app = app().await;
    let t = tree(&app).await;
    let number = t.district.number.to_string();
    let rows = vec![
        header(),
        row("张三丰", 1, "市委组织部"),
        // A real Excel date (serial number with a date format) and a bare serial number are read as dates.
        with(with(row("李四", 2, &t.department.id), "出生日期", Cell::Date(29295.0)), "入党时间", Cell::N(37773.0)),
        row("王五", 3, &number),
    ];
    let before = snapshot(&app).await;
    let calls = Mutex::new(Vec::new());
    let report = transfer::import_xlsx(&app, &system(), ImportKind::Cadres, &workbook(&rows), &|done, total| {
        calls.lock().unwrap().push((done, total));
    })
    .await
    .unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!((report.rows, report.written), (3, 3));
    let seq = report.ledger_seq.expect("recorded");
    assert_eq!(calls.lock().unwrap().last(), Some(&(3, 3)));
    let after = snapshot(&app).await;
    assert_eq!(after.cadres, before.cadres + 3);
    assert_eq!(after.ledger_head, Some(before.ledger_head.unwrap_or(0) + 1), "exactly one ledger entry");
    let mut conn = app.db.read().await.unwrap();
    let entry = jianquan_storage::ledger::by_seq(&mut conn, seq).await.unwrap().unwrap();
    assert_eq!(entry.action, "registry.import.cadres");
    assert!(entry.detail.contains("\"rows\":3") && entry.detail.contains("sha256"), "{}", entry.detail);
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
    let page = list_cadres(&app, &system(), &CadreQuery { q: "张三".into(), ..CadreQuery::default() }).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let stored = cadre_store::get(&mut conn, &page.items[0].id).await.unwrap().unwrap();
    assert_eq!((stored.created_seq, stored.updated_seq), (seq, seq));
    let li = list_cadres(&app, &system(), &CadreQuery { q: "李四".into(), ..CadreQuery::default() }).await.unwrap();
    let li = cadre_store::get(&mut conn, &li.items[0].id).await.unwrap().unwrap();
    assert_eq!((li.birth_date.as_str(), li.party_entry_date.as_deref()), ("1980-03-15", Some("2003-06-01")));
    assert_eq!(li.org_id, t.department.id);
}

#[tokio::test]
async fn each_bad_field_is_reported_by_row_and_field_and_nothing_is_written() {
    let app = app().await;
    tree(&app).await;
    let valid = with_check_char("37050219800315005");
    let bad_check_digit = format!("{}{}", &valid[..17], if valid.ends_with('0') { '1' } else { '0' });
    let rows = vec![
        header(),
        row("赵一", 1, "市委组织部"),
        with(row("钱二", 5, "市委组织部"), "身份证号码", s(&bad_check_digit)),
        with(row("孙三", 7, "市委组织部"), "出生日期", s("2001-02-29")),
        with(row("李四", 9, "市委组织部"), "出生日期", s("1980-03-16")),
        with(row("周五", 11, "市委组织部"), "所在单位", s("火星局")),
        with(with(row("", 13, "市委组织部"), "性别", s("")), "所在单位", s("")),
        row("吴六", 1, "市委组织部"),
        with(row("郑七", 15, "市委组织部"), "身份证号码", Cell::N(370502198003150150.0)),
        with(row("王八", 17, "市委组织部"), "所在单位", s("办公室")),
    ];
    let report = refused(&app, &system(), ImportKind::Cadres, &workbook(&rows)).await;
    assert_eq!(report.rows, 9);
    assert_problem(&report, 3, "id_number", "校验码");
    assert_problem(&report, 4, "birth_date", "2001-02-29 不存在");
    assert_problem(&report, 5, "birth_date", "与身份证号码不一致");
    assert_problem(&report, 6, "org", "不存在或不在您的范围内");
    assert_problem(&report, 7, "name", "必填");
    assert_problem(&report, 7, "gender", "必填");
    assert_problem(&report, 7, "org", "必填");
    assert_problem(&report, 8, "id_number", "与第 2 行重复(第 2 行、第 8 行)");
    assert_problem(&report, 9, "id_number", "15位有效数字");
    assert_problem(&report, 10, "org", "有 2 个单位名为“办公室”");
    assert!(!report.problems.iter().any(|p| p.row == 2), "row 2 is valid: {:#?}", report.problems);
}

#[tokio::test]
async fn an_org_outside_the_scope_reads_exactly_like_an_unknown_org() {
    let app = app().await;
    let t = tree(&app).await;
    let staff = scoped(Role::OrgStaff, &t.district);
    let rows = vec![header(), row("赵一", 1, "河口区"), row("钱二", 3, "火星局"), row("孙三", 5, "文汇街道")];
    let report = refused(&app, &staff, ImportKind::Cadres, &workbook(&rows)).await;
    let outside = report.problems.iter().find(|p| p.row == 2).unwrap();
    let unknown = report.problems.iter().find(|p| p.row == 3).unwrap();
    assert_eq!(outside.message.zh.replace("河口区", "X"), unknown.message.zh.replace("火星局", "X"));
    assert_eq!(outside.message.en.replace("河口区", "X"), unknown.message.en.replace("火星局", "X"));
    assert!(!report.problems.iter().any(|p| p.row == 4), "文汇街道 is in scope");
    let _ = t.other_district;
}

#[tokio::test]
async fn an_id_number_already_registered_is_refused_on_a_second_import() {
    let app = app().await;
    tree(&app).await;
    assert!(
        import(&app, &system(), ImportKind::Cadres, &workbook(&[header(), row("赵一", 1, "市委组织部")]))
            .await
            .problems
            .is_empty()
    );
    let report = refused(
        &app,
        &system(),
        ImportKind::Cadres,
        &workbook(&[header(), row("钱二", 3, "市委组织部"), row("赵一", 1, "市委组织部")]),
    )
    .await;
    assert_problem(&report, 3, "id_number", "已登记");
    assert_eq!(report.problems.len(), 1);
}

#[tokio::test]
async fn files_that_are_not_workbooks_are_refused_as_a_whole() {
    let app = app().await;
    tree(&app).await;
    let good = workbook(&[header(), row("赵一", 1, "市委组织部")]);
    let csv = "姓名,性别\n张三,男\n".as_bytes().to_vec();
    let random: Vec<u8> = (0..4096_u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for bytes in [csv, random, good[..good.len() / 2].to_vec(), Vec::new()] {
        let report = refused(&app, &system(), ImportKind::Cadres, &bytes).await;
        assert_problem(&report, 0, "file", "不是有效的 xlsx 工作簿");
    }
}

#[tokio::test]
async fn empty_sheets_missing_columns_and_unknown_columns_are_file_level_problems() {
    let app = app().await;
    tree(&app).await;
    let empty = refused(&app, &system(), ImportKind::Cadres, &workbook(&[])).await;
    assert_problem(&empty, 0, "file", "工作表为空");
    let header_only = refused(&app, &system(), ImportKind::Cadres, &workbook(&[header()])).await;
    assert_problem(&header_only, 0, "file", "没有数据行");
    let mut extra = header();
    extra.push(s("备注"));
    let rows = vec![extra, row("赵一", 1, "市委组织部"), row("钱二", 3, "市委组织部")];
    let unknown = refused(&app, &system(), ImportKind::Cadres, &workbook(&rows)).await;
    assert_eq!(unknown.problems.len(), 1, "reported once: {:#?}", unknown.problems);
    assert_problem(&unknown, 1, "header", "备注");
    let without_name: Vec<Vec<Cell>> =
        [header(), row("赵一", 1, "市委组织部")].into_iter().map(|r| r[1..].to_vec()).collect();
    let missing = refused(&app, &system(), ImportKind::Cadres, &workbook(&without_name)).await;
    assert_problem(&missing, 1, "name", "缺少必填列“姓名”");
}

/// Replaces a shared string inside a workbook (rust_xlsxwriter refuses cells over Excel's limit).
fn replace_shared_string(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == "xl/sharedStrings.xml" {
            content = String::from_utf8(content).unwrap().replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_megabyte_cell_and_a_formula_are_refused_by_row_and_field() {
    let app = app().await;
    tree(&app).await;
    let rows = vec![
        header(),
        with(row("赵一", 1, "市委组织部"), "籍贯", s("PLACEHOLDER")),
        with(row("钱二", 3, "市委组织部"), "专长", Cell::F("=1+1")),
    ];
    let bytes = replace_shared_string(&workbook(&rows), "PLACEHOLDER", &"长".repeat(350_000));
    assert!(bytes.len() > 10_000, "the big cell is in the file");
    let report = refused(&app, &system(), ImportKind::Cadres, &bytes).await;
    assert_problem(&report, 2, "native_place", "超过 2000 个字符");
    assert_problem(&report, 3, "speciality", "公式");
    assert_eq!(report.problems.len(), 2, "{:#?}", report.problems);
}

#[tokio::test]
async fn roles_without_the_import_capability_are_refused_before_reading() {
    let app = app().await;
    let t = tree(&app).await;
    let result =
        transfer::import_xlsx(&app, &scoped(Role::Auditor, &t.city), ImportKind::Cadres, b"", &|_, _| {}).await;
    assert!(matches!(result, Err(AppError::Forbidden(_))));
}

#[tokio::test]
async fn orgs_hang_under_stored_orgs_or_earlier_rows_and_posts_follow() {
    let app = app().await;
    let t = tree(&app).await;
    let orgs = vec![
        vec![s("单位名称"), s("上级单位"), s("单位类别"), s("级别"), s("排序")],
        vec![s("市委党史研究院"), s("东营市"), s("事业单位"), s("市级"), Cell::N(3.0)],
        vec![s("编研科"), s("市委党史研究院"), s("事业单位"), s("市级"), s("")],
        vec![s("东城街道"), Cell::N(t.district.number as f64), s("政府"), s("乡级"), s("")],
    ];
    let report = import(&app, &system(), ImportKind::Orgs, &workbook(&orgs)).await;
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let mut conn = app.db.read().await.unwrap();
    let institute =
        org_store::resolve(&mut conn, &t.city.org_path().unwrap(), "市委党史研究院").await.unwrap().remove(0);
    let section = org_store::resolve(&mut conn, &t.city.org_path().unwrap(), "编研科").await.unwrap().remove(0);
    assert_eq!(section.parent_id.as_deref(), Some(institute.id.as_str()));
    assert!(section.path.starts_with(&institute.path) && section.number == institute.number + 1);
    assert_eq!(institute.updated_seq, report.ledger_seq.unwrap());
    drop(conn);
    let posts = vec![
        vec![s("所在单位"), s("职务名称"), s("职务职级"), s("中层"), s("重点岗位"), s("职数")],
        vec![s("市委党史研究院"), s("院长"), s("县处级正职"), s(""), s(""), Cell::N(1.0)],
        vec![s("编研科"), s("科长"), s("乡科级正职"), s("是"), s("否"), s("1")],
    ];
    let report = import(&app, &system(), ImportKind::Posts, &workbook(&posts)).await;
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let listed = jianquan_app::registry::posts::posts_of_org(&app, &system(), &section.id).await.unwrap();
    assert_eq!((listed.len(), listed[0].middle_level, listed[0].vacancies), (1, true, 1));
    let mut conn = app.db.read().await.unwrap();
    assert!(jianquan_storage::ledger::verify(&mut conn).await.unwrap().broken.is_none());
}

#[tokio::test]
async fn bad_org_and_post_rows_are_named_and_nothing_is_written() {
    let app = app().await;
    tree(&app).await;
    let orgs = vec![
        vec![s("name"), s("parent"), s("kind"), s("level")],
        vec![s("市委组织部"), s("东营市"), s("党委工作部门"), s("市级")],
        vec![s("新单位"), s("月球市"), s("事业单位"), s("市级")],
        vec![s("另一单位"), s("东营市"), s("外星机构"), s("省级")],
        vec![s("重名单位"), s("东营市"), s("事业单位"), s("市级")],
        vec![s("重名单位"), s("东营市"), s("事业单位"), s("市级")],
    ];
    let report = refused(&app, &system(), ImportKind::Orgs, &workbook(&orgs)).await;
    assert_problem(&report, 2, "name", "同名单位");
    assert_problem(&report, 3, "parent", "不存在或不在您的范围内");
    assert_problem(&report, 4, "kind", "单位类别");
    assert_problem(&report, 4, "level", "单位级别");
    assert_problem(&report, 6, "name", "同名单位");
    let posts = vec![
        vec![s("org"), s("title"), s("rank"), s("middle_level"), s("key_post"), s("authorised")],
        vec![s("市委组织部"), s("部长"), s("大队长"), s("也许"), s(""), s("0")],
    ];
    let report = refused(&app, &system(), ImportKind::Posts, &workbook(&posts)).await;
    assert_problem(&report, 2, "rank", "职务职级");
    assert_problem(&report, 2, "middle_level", "是");
    assert_problem(&report, 2, "authorised", "职数");
}

fn read_rows(bytes: &[u8], sheet: usize) -> (String, Vec<Vec<String>>) {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[sheet].clone();
    let range = book.worksheet_range(&name).unwrap();
    let rows = range
        .rows()
        .map(|r| r.iter().map(|c| if let Data::Float(f) = c { f.to_string() } else { c.to_string() }).collect())
        .collect();
    (name, rows)
}

#[tokio::test]
async fn an_export_lists_the_filtered_rows_with_labels_and_masked_ids_and_is_recorded() {
    let app = app().await;
    let t = tree(&app).await;
    let rows = vec![header(), row("赵一", 1, "市委组织部"), row("钱二", 3, "东营区"), row("孙三", 6, "文汇街道")];
    assert!(import(&app, &system(), ImportKind::Cadres, &workbook(&rows)).await.problems.is_empty());
    let staff = scoped(Role::OrgStaff, &t.district);
    let bytes = transfer::export_cadres_xlsx(&app, &staff, &CadreQuery::default()).await.unwrap();
    let (_, exported) = read_rows(&bytes, 0);
    assert_eq!(exported[0][..4], ["序号", "姓名", "性别", "出生日期"]);
    assert_eq!(exported.len(), 3, "header and the two cadres in 东营区's scope: {exported:?}");
    let qian = exported.iter().find(|r| r[1] == "钱二").unwrap();
    assert_eq!((qian[2].as_str(), qian[6].as_str(), qian[8].as_str()), ("男", "中共党员", "一级主任科员"));
    assert!(qian[10].contains('*') && !qian[10].contains("19800315"));
    let filtered =
        transfer::export_cadres_xlsx(&app, &system(), &CadreQuery { gender: "2".into(), ..CadreQuery::default() })
            .await
            .unwrap();
    assert_eq!(read_rows(&filtered, 0).1.len(), 2);
    let mut conn = app.db.read().await.unwrap();
    let entries = jianquan_storage::ledger::recent(&mut conn, "registry.export", None, 10).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries[0].detail.contains("\"gender\":\"2\""), "{}", entries[0].detail);
    let inspector = transfer::export_cadres_xlsx(&app, &scoped(Role::Inspector, &t.city), &CadreQuery::default()).await;
    assert!(matches!(inspector, Err(AppError::Forbidden(_))));
}

#[tokio::test]
async fn the_templates_carry_the_headers_and_the_cadre_example_imports_cleanly() {
    let app = app().await;
    tree(&app).await;
    for kind in [ImportKind::Orgs, ImportKind::Posts, ImportKind::Cadres] {
        let bytes = transfer::template_xlsx(kind).unwrap();
        let (_, rows) = read_rows(&bytes, 0);
        let titles: Vec<&str> = transfer::columns::columns(kind).iter().map(|c| c.zh).collect();
        assert_eq!(rows[0], titles);
        let (notes, lines) = read_rows(&bytes, 1);
        assert_eq!(notes, "说明");
        assert!(lines.len() > titles.len());
    }
    let report =
        import(&app, &system(), ImportKind::Cadres, &transfer::template_xlsx(ImportKind::Cadres).unwrap()).await;
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.written, 1);
}
