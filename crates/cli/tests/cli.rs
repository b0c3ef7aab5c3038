//! The `jianquan` binary as an operator uses it: demo data, accounts, policy, import, and
//! `ledger verify` catching tampering done with plain SQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use std::process::{Command, Output};

fn database() -> (String, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("jianquan-cli-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    (format!("sqlite://{}/cli.db", dir.display()), dir)
}

fn uuid_like() -> String {
    format!(
        "{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    )
}

fn jianquan(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jianquan"))
        .arg("--database")
        .arg(database)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn sql(db: &str, statement: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = jianquan_storage::Db::connect(db, 1).await.unwrap();
        sqlx::query(statement).execute(store.pool()).await.unwrap();
        store.close().await;
    });
}

#[test]
fn ledger_verify_on_a_path_with_no_database_fails_and_creates_none() {
    let (_, dir) = database();
    let missing = format!("sqlite://{}/nothing-here.db", dir.display());
    let out = jianquan(&missing, &["ledger", "verify"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("no database"), "{}", text(&out));
    assert!(!dir.join("nothing-here.db").exists(), "no empty database was made");
}

#[test]
fn ledger_verify_passes_on_demo_data_and_names_the_entry_altered_behind_its_back() {
    let (db, dir) = database();
    let demo = jianquan(&db, &["demo"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let ok = jianquan(&db, &["ledger", "verify"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("ledger intact"));

    // A signed checkpoint, a proof of one entry checked offline with the public key alone, and
    // the data tables audited clean.
    let ledger_dir = dir.join("ledger");
    let place = ledger_dir.to_str().unwrap();
    let signed = jianquan(&db, &["ledger", "checkpoint", "--now", "--ledger-dir", place]);
    assert!(signed.status.success(), "{}", text(&signed));
    assert!(text(&signed).contains("jianquan-ledger\n"), "{}", text(&signed));
    let proof = dir.join("proof.json");
    let prove =
        jianquan(&db, &["ledger", "prove", "--seq", "5", "--ledger-dir", place, "--out", proof.to_str().unwrap()]);
    assert!(prove.status.success(), "{}", text(&prove));
    let vkey = ledger_dir.join("ledger.vkey");
    let check = jianquan(
        "sqlite:///nonexistent/none.db",
        &["ledger", "check-proof", proof.to_str().unwrap(), "--key", vkey.to_str().unwrap()],
    );
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("proof holds: entry 5"), "{}", text(&check));
    let forged = std::fs::read_to_string(&proof).unwrap().replacen("\"seq\": 5", "\"seq\": 6", 1);
    std::fs::write(&proof, forged).unwrap();
    let refused = jianquan(
        "sqlite:///nonexistent/none.db",
        &["ledger", "check-proof", proof.to_str().unwrap(), "--key", vkey.to_str().unwrap()],
    );
    assert!(!refused.status.success(), "{}", text(&refused));
    let audit = jianquan(&db, &["ledger", "audit"]);
    assert!(audit.status.success(), "{}", text(&audit));

    // A rank edited with plain SQL: the audit names the row.
    sql(&db, "UPDATE cadres SET rank = 'province_principal' WHERE id = (SELECT MIN(id) FROM cadres)");
    let edited = jianquan(&db, &["ledger", "audit"]);
    assert!(!edited.status.success(), "{}", text(&edited));
    assert!(text(&edited).contains("cadres ") && text(&edited).contains("rank is"), "{}", text(&edited));

    // The whole ledger wiped: its own check says "intact: 0", the signed checkpoint does not.
    sql(&db, "DELETE FROM ledger");
    sql(
        &db,
        "UPDATE ledger_head SET seq = 0, hash = '0000000000000000000000000000000000000000000000000000000000000000' WHERE id = 1",
    );
    let wiped = jianquan(&db, &["ledger", "verify", "--ledger-dir", place]);
    assert!(!wiped.status.success(), "{}", text(&wiped));
    assert!(text(&wiped).contains("removed from its end"), "{}", text(&wiped));
}

#[test]
fn ledger_verify_names_the_entry_altered_behind_its_back() {
    let (db, _dir) = database();
    let demo = jianquan(&db, &["demo"]);
    assert!(demo.status.success(), "{}", text(&demo));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = jianquan_storage::Db::connect(&db, 1).await.unwrap();
        sqlx::query("UPDATE ledger SET actor = 'intruder' WHERE seq = 2").execute(store.pool()).await.unwrap();
        store.close().await;
    });
    let broken = jianquan(&db, &["ledger", "verify"]);
    assert!(!broken.status.success());
    assert!(text(&broken).contains("entry 2 was altered"), "{}", text(&broken));
}

#[test]
fn policy_show_prints_every_rule_in_force_with_its_figures() {
    let (db, _dir) = database();
    let out = jianquan(&db, &["policy", "show", "--date", "2026-11-26"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    for line in
        ["SEL-QUORUM", "numerator=2 denominator=3", "SEL-PUBLICITY", "working_days=5", "dongying", "DSC-GOV-PERIODS"]
    {
        assert!(printed.contains(line), "{line} missing from:\n{printed}");
    }
}

#[test]
fn user_add_creates_an_account_that_can_sign_in_and_refuses_a_weak_password() {
    let (db, _dir) = database();
    assert!(jianquan(&db, &["demo"]).status.success());
    let weak = jianquan(
        &db,
        &["user", "add", "--username", "li.ming", "--role", "org_staff", "--org", "东营区", "--password", "short"],
    );
    assert_eq!(weak.status.code(), Some(2));
    assert!(text(&weak).contains("password"));
    let made = jianquan(
        &db,
        &[
            "user",
            "add",
            "--username",
            "li.ming",
            "--role",
            "org_staff",
            "--org",
            "东营区",
            "--password",
            "a-long-enough-password",
        ],
    );
    assert!(made.status.success(), "{}", text(&made));
    let list = jianquan(&db, &["user", "list"]);
    assert!(text(&list).contains("li.ming"));
}

/// The corpus of forms as other tools write them, those with an ID number, zipped.
fn corpus_zip(extra: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/lrmx_corpus");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lrmx"))
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        if !String::from_utf8_lossy(&bytes).contains("<ShenFenZheng></ShenFenZheng>") {
            zip.start_file(path.file_name().unwrap().to_string_lossy(), options).unwrap();
            zip.write_all(&bytes).unwrap();
        }
    }
    for (name, bytes) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn import_kind_lrmx_takes_a_zip_all_or_nothing_naming_file_and_element() {
    let (db, dir) = database();
    assert!(jianquan(&db, &["demo"]).status.success());
    let broken = dir.join("broken.zip");
    std::fs::write(&broken, corpus_zip(&[("坏.lrmx", b"<Person><ShenFenZheng>1</ShenFenZheng></Person>")])).unwrap();
    let refused = jianquan(&db, &["import", "--kind", "lrmx", "--org", "东营区", broken.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("坏.lrmx: ShenFenZheng"), "{}", text(&refused));
    assert!(text(&refused).contains("nothing written"), "{}", text(&refused));

    let good = dir.join("forms.zip");
    std::fs::write(&good, corpus_zip(&[])).unwrap();
    let done = jianquan(&db, &["import", "--kind", "lrmx", "--org", "东营区", good.to_str().unwrap()]);
    assert!(done.status.success(), "{}", text(&done));
    assert!(text(&done).contains("imported 5 files (5 created, 0 updated)"), "{}", text(&done));
    let again = jianquan(&db, &["import", "--kind", "lrmx", good.to_str().unwrap()]);
    assert!(text(&again).contains("(0 created, 5 updated)"), "{}", text(&again));
    assert!(jianquan(&db, &["ledger", "verify"]).status.success());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn import_kind_lrmx_takes_the_id_number_a_file_lacks_from_id_number() {
    let (db, dir) = database();
    assert!(jianquan(&db, &["demo"]).status.success());
    let form = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../domain/tests/lrmx_corpus/03_ops-cimp_liu-jianguo.lrmx");
    let form = form.to_str().unwrap();
    let asks = jianquan(&db, &["import", "--kind", "lrmx", "--org", "东营区", form]);
    assert_eq!(asks.status.code(), Some(2), "{}", text(&asks));
    assert!(text(&asks).contains("ShenFenZheng"), "{}", text(&asks));
    // 刘建国, born August 1975, male.
    let number = jianquan_domain::registry::resident_id::with_check_char("37050219750815121");
    let done = jianquan(&db, &["import", "--kind", "lrmx", "--org", "东营区", "--id-number", &number, form]);
    assert!(done.status.success(), "{}", text(&done));
    assert!(text(&done).contains("刘建国"), "{}", text(&done));
    std::fs::remove_dir_all(dir).ok();
}

/// A command that writes much leaves no write-ahead log behind: the next process would read
/// every page through it (a generated province once left 13 GB).
#[test]
fn generate_and_import_leave_no_write_ahead_log() {
    let (db, dir) = database();
    let wal = dir.join("cli.db-wal");
    let generated = jianquan(&db, &["generate", "--cadres", "2000"]);
    assert!(generated.status.success(), "{}", text(&generated));
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "no log after generate");
    let roster = dir.join("roster.xlsx");
    let written = jianquan(&db, &["roster-xlsx", "--rows", "500", "--out", roster.to_str().unwrap()]);
    assert!(written.status.success(), "{}", text(&written));
    let imported = jianquan(&db, &["import", "--kind", "cadres", roster.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported));
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "no log after an import");
    std::fs::remove_dir_all(dir).ok();
}
