//! Browser test: starts `jianquan serve --demo` on a fresh SQLite database and drives headless
//! Chromium through ChromeDriver (W3C WebDriver over HTTP). Four journeys:
//! 0. every role signs in to its 工作台, opens its first to-do and comes back; the committee
//!    member votes by secret ballot with the confirmation; each main page photographed at
//!    1440 px and 390 px, failing on sideways scrolling (`roles.rs`);
//! 1. staff: sign in → org tree → filtered cadre list → dossier; the Chinese text on each page and
//!    the dossier view in the ledger;
//! 2. a cadre (张三丰, just promoted): my training → start this year's party-discipline test →
//!    answer every question → hand in → passed, and the INT-SIX-MUSTS-3 duty shows fulfilled;
//! 3. the public (not signed in): the running pre-appointment notice → an anonymous objection →
//!    its receipt code followed (pending) → discipline inspection's finding in its work list →
//!    the code followed again shows the answer (`publicity.rs`).
//!
//! Run by `.ci/run` (needs Debian's chromium, chromium-driver and fonts-noto-cjk):
//! `JIANQUAN_BIN=target/debug/jianquan cargo run -p jianquan-e2e`.

mod publicity;
mod roles;
mod webdriver;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use serde_json::json;
use webdriver::Browser;

const APP_ADDR: &str = "127.0.0.1:18431";
const DRIVER_PORT: u16 = 19515;

/// Kills a child process when dropped, so a failed step leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(url: &str, what: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if ureq::get(url).call().is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    bail!("{what} did not come up at {url}")
}

fn main() -> anyhow::Result<()> {
    let bin = std::env::var("JIANQUAN_BIN").unwrap_or_else(|_| "target/debug/jianquan".into());
    let dir = std::env::temp_dir().join(format!("jianquan-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = format!("sqlite://{}/e2e.db", dir.display());
    let _server = Guard(
        Command::new(&bin)
            .args(["serve", "--demo", "--addr", APP_ADDR, "--database", &db])
            .env("JIANQUAN_LEDGER_DIR", dir.join("ledger"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {bin}"))?,
    );
    let _driver = Guard(
        Command::new("chromedriver")
            .arg(format!("--port={DRIVER_PORT}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver (apt-get install chromium-driver)")?,
    );
    wait_for(&format!("http://{APP_ADDR}/health"), "the server")?;
    wait_for(&format!("http://127.0.0.1:{DRIVER_PORT}/status"), "chromedriver")?;
    let browser = Browser::start(DRIVER_PORT, &dir.join("profile"))?;
    let base = format!("http://{APP_ADDR}");
    let journeys: [(&str, &dyn Fn() -> anyhow::Result<()>); 4] = [
        ("every role: 工作台, first to-do, widths; the committee's secret ballot", &|| {
            roles::roles_journey(&browser, &base, &dir)
        }),
        ("staff: org tree, cadre list, dossier", &|| journey(&browser, &dir)),
        ("cadre: the party-discipline test", &|| exam_journey(&browser, &dir)),
        ("public: publicity notice and an objection", &|| publicity::publicity_journey(&browser, &base, &dir)),
    ];
    let total = journeys.len();
    let mut failed = 0;
    for (name, run) in journeys {
        // Each journey starts as an anonymous visitor, whatever the one before left.
        let _ = browser.clear_cookies();
        match run() {
            Ok(()) => eprintln!("ok: {name}"),
            Err(error) => {
                failed += 1;
                eprintln!("FAILED: {name}: {error:#}");
                if let Ok(png) = browser.screenshot() {
                    let path = dir.join(format!("failed-{failed}.png"));
                    std::fs::write(&path, png)?;
                    eprintln!("screenshot: {}", path.display());
                }
            }
        }
    }
    eprintln!("screenshots in {}", dir.display());
    browser.quit();
    println!("browser: {} passed, {failed} failed", total - failed);
    if failed > 0 {
        bail!("{failed} browser journey(s) failed");
    }
    Ok(())
}

fn journey(b: &Browser, dir: &std::path::Path) -> anyhow::Result<()> {
    let base = format!("http://{APP_ADDR}");
    b.goto(&format!("{base}/cadres"))?;
    ensure!(b.url()?.contains("/login"), "an anonymous visitor is sent to sign in");
    b.fill("#username", "orgstaff")?;
    b.fill("#password", "jianquan-demo")?;
    b.click("button[type=submit]")?;
    b.wait_for_url("/cadres")?;

    b.goto(&format!("{base}/orgs"))?;
    let tree = b.text("main")?;
    ensure!(tree.contains("下级单位") && tree.contains("东营区"), "the org tree shows its children in Chinese: {tree}");
    b.click_link("东营区")?;
    let county_url = b.url()?;
    let county_id = county_url.rsplit('/').next().unwrap_or_default().to_owned();

    b.goto(&format!("{base}/cadres?org={county_id}&party=member&sort=name"))?;
    let list = b.text("#cadre-list")?;
    ensure!(list.contains("姓名") && list.contains("出生日期"), "the list's headers are Chinese: {list}");
    let total = b.text("#total")?;
    ensure!(total.parse::<u32>().unwrap_or(0) > 0, "the filtered list has cadres: {total}");
    std::fs::write(dir.join("list.png"), b.screenshot()?)?;
    b.click("#cadre-list tbody tr:first-child a")?;
    let name = b.text("#cadre-name")?;
    let dossier_url = b.url()?;
    let cadre_id = dossier_url.rsplit('/').next().unwrap_or_default().to_owned();
    let page = b.text("main")?;
    for heading in ["基本信息", "任职经历", "年度考核", "家庭成员", "变更记录", "查阅登记"] {
        ensure!(page.contains(heading), "the dossier of {name} shows {heading}");
    }
    ensure!(b.text("#view-logged")?.contains("本次查阅已登记"), "the page says the view was logged");

    // The view is in the ledger: ask the API as the same kind of account.
    let token = api_login(&base, "auditor")?;
    let entries = api_get(&base, &token, "/api/v1/ledger?action=registry.dossier.view")?;
    let logged = entries.as_array().is_some_and(|list| list.iter().any(|e| e["subject_id"] == cadre_id.as_str()));
    ensure!(logged, "the dossier view of {cadre_id} is a ledger entry");

    // An LRMX upload goes through the page's progress script: the answer replaces the import
    // page in place (a plain form post would land on /import/lrmx).
    let form =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/lrmx_corpus/01_owip_wang-lifeng.lrmx");
    b.goto(&format!("{base}/import"))?;
    b.fill("#lrmx-file", &form.canonicalize()?.display().to_string())?;
    b.fill("#lrmx-org", "东营区")?;
    b.click("#lrmx-import button[type=submit]")?;
    b.wait_until("the import's answer", || Ok(b.text("main").unwrap_or_default().contains("已新建干部")))?;
    ensure!(b.url()?.ends_with("/import"), "the upload was sent by the progress script: {}", b.url()?);
    std::fs::write(dir.join("lrmx-import.png"), b.screenshot()?)?;
    Ok(())
}

pub(crate) fn api_login(base: &str, username: &str) -> anyhow::Result<String> {
    let session: serde_json::Value = ureq::post(&format!("{base}/api/v1/session"))
        .send_json(json!({"username": username, "password": "jianquan-demo"}))?
        .body_mut()
        .read_json()?;
    Ok(session["token"].as_str().unwrap_or_default().to_owned())
}

pub(crate) fn api_get(base: &str, token: &str, path: &str) -> anyhow::Result<serde_json::Value> {
    Ok(ureq::get(&format!("{base}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()?
        .body_mut()
        .read_json()?)
}

/// The cadre takes and passes this year's party-discipline test in the browser. The answers
/// come from the question bank, read through the API by the discipline office's account.
fn exam_journey(b: &Browser, dir: &std::path::Path) -> anyhow::Result<()> {
    let base = format!("http://{APP_ADDR}");
    let discipline = api_login(&base, "discipline")?;
    let bank = api_get(&base, &discipline, "/api/v1/questions")?;
    let bank: Vec<(String, String)> = bank["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|q| (q["stem"].as_str().unwrap_or("").to_owned(), q["answer"].as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    ensure!(bank.len() >= 10, "the demo question bank has questions: {}", bank.len());
    let exams = api_get(&base, &discipline, "/api/v1/exams")?;
    let exam_id = exams
        .as_array()
        .and_then(|list| list.iter().find(|e| e["kind"] == "discipline_test"))
        .and_then(|e| e["id"].as_str())
        .context("the demo has a discipline test")?
        .to_owned();

    // Sign in as the cadre (each journey starts signed out).
    b.goto(&format!("{base}/login"))?;
    b.fill("#username", "cadre")?;
    b.fill("#password", "jianquan-demo")?;
    b.click("button[type=submit]")?;
    // The cadre starts on the 工作台, which lists the due test and leads to it.
    b.wait_for_url("/workbench")?;
    let todo = b.text("#todo-my_exams")?;
    ensure!(todo.contains("党纪政纪条规测试"), "the cadre's workbench lists the due test: {todo}");
    std::fs::write(dir.join("workbench-cadre.png"), b.screenshot()?)?;
    b.click("#todo-my_exams li a")?;
    b.wait_for_url("/me/training")?;
    let page = b.text("main")?;
    let rule = "干部提拔时必须进行党纪政纪条规测试";
    ensure!(page.contains("我的学习") && page.contains(rule), "my training shows the due test by its rule: {page}");
    b.click(&format!("form[action='/integrity/exams/{exam_id}/attempts'] button"))?;
    // Starting uses an attempt: the page says so first.
    let asked = b.text("#confirm")?;
    ensure!(asked.contains("第 1 次") && asked.contains("开始即计入次数"), "starting is confirmed first: {asked}");
    b.click("#confirm button[type=submit]")?;
    b.wait_for_url("/integrity/attempts/")?;
    ensure!(b.text(".page-head")?.contains("党纪政纪条规测试"), "the paper is the discipline test");
    b.wait_until("the countdown runs", || Ok(b.text("#time-left")?.contains("剩余 ")))?;
    for n in 1..=10 {
        let legend = b.text(&format!("#paper fieldset:nth-of-type({n}) legend"))?;
        let (_, answer) = bank
            .iter()
            .find(|(stem, _)| legend.contains(stem.as_str()))
            .with_context(|| format!("question {n} is in the bank: {legend}"))?;
        for letter in answer.chars() {
            b.click(&format!("input[name=q{n}][value={letter}]"))?;
        }
    }
    std::fs::write(dir.join("exam.png"), b.screenshot()?)?;
    b.click("#hand-in")?;
    let asked = b.text("#confirm")?;
    ensure!(asked.contains("已全部作答") && asked.contains("不可更改"), "handing in is confirmed first: {asked}");
    b.click("#confirm button[type=submit]")?;
    let verdict = b.text("#verdict")?;
    let score = b.text("#score")?;
    ensure!(
        verdict.contains("通过") && !verdict.contains("未通过") && score == "100",
        "passed with 100: {verdict} {score}"
    );
    b.goto(&format!("{base}/me/training"))?;
    let page = b.text("#obligations")?;
    let line = page.lines().find(|l| l.contains(rule)).unwrap_or_default().to_owned();
    ensure!(line.contains("已履行"), "the discipline-test duty is fulfilled: {line}");
    Ok(())
}
