//! The public's journey through pre-appointment publicity (任前公示): an anonymous visitor reads
//! the demo's running notice, objects anonymously and keeps the receipt code, follows it and
//! sees it pending; 市纪委监委 (the `discipline` account) records a finding in its work list;
//! the visitor follows the code again and reads the answer.

use std::path::Path;

use anyhow::{Context, ensure};
use serde_json::Value;

use crate::webdriver::Browser;
use crate::{api_get, api_login};

/// Signs in through the login page the browser was sent to, and waits to leave it.
fn sign_in(b: &Browser, username: &str) -> anyhow::Result<()> {
    b.wait_for_url("/login")?;
    b.fill("#username", username)?;
    b.fill("#password", "jianquan-demo")?;
    b.click("button[type=submit]")?;
    b.wait_until("the sign-in to go through", || Ok(!b.url()?.contains("/login")))
}

/// Follows a receipt code on the follow page and returns what it says.
fn follow(b: &Browser, base: &str, receipt: &str) -> anyhow::Result<String> {
    b.goto(&format!("{base}/public/follow"))?;
    b.fill("#code", receipt)?;
    b.click("form[action='/public/follow'] button[type=submit]")?;
    b.wait_until("the objection's state", || Ok(b.text(".facts")?.contains("状态")))?;
    b.text(".facts")
}

pub fn publicity_journey(b: &Browser, base: &str, dir: &Path) -> anyhow::Result<()> {
    // Nobody is signed in: the browser forgets the earlier journeys' sessions.
    b.clear_cookies()?;
    b.goto(&format!("{base}/cadres"))?;
    b.wait_for_url("/login")?;

    // The notice the demo has running today, as the public API gives it.
    let notices: Value = ureq::get(&format!("{base}/api/v1/selection/notices")).call()?.body_mut().read_json()?;
    let notice = notices.as_array().and_then(|list| list.first()).context("the demo has a notice running today")?;
    let field = |key: &str| notice[key].as_str().unwrap_or_default().to_owned();
    let (id, name, post) = (field("id"), field("name"), field("proposed_post"));
    let (from, to) = (field("published_on"), field("period_end"));
    ensure!(!name.is_empty() && !post.is_empty(), "the notice names the cadre and the post: {notice}");

    b.goto(&format!("{base}/public/publicity"))?;
    ensure!(b.url()?.contains("/public/publicity"), "the publicity page needs no sign-in");
    ensure!(b.text("h1")?.contains("干部任前公示"), "the page is the pre-appointment publicity");
    let card = b.text(&format!("#n-{id}"))?;
    for (what, text) in [("name", &name), ("proposed post", &post), ("first day", &from), ("last day", &to)] {
        ensure!(card.contains(text.as_str()), "the notice shows its {what} ({text}): {card}");
    }
    ensure!(card.contains("个工作日"), "the period is counted in working days: {card}");

    // Object anonymously.
    let matter = format!("反映该同志在招商引资考核中虚报数据（浏览器测试 {}）。", std::process::id());
    b.click(&format!("#n-{id} summary"))?;
    b.click(&format!("#n-{id} input[name=anonymous]"))?;
    b.fill(&format!("#text-{id}"), &matter)?;
    b.click(&format!("#n-{id} form button[type=submit]"))?;
    b.wait_until("the objection's receipt", || Ok(b.text("h1")?.contains("已收到您的反映")))?;
    let receipt = b.text(".receipt")?;
    ensure!(receipt.len() >= 10, "a receipt code is shown: {receipt}");
    std::fs::write(dir.join("receipt.png"), b.screenshot()?)?;

    // Follow it: pending, the appointment held.
    let pending = follow(b, base, &receipt)?;
    ensure!(pending.contains(&name) && pending.contains("正在核查"), "the objection is being checked: {pending}");

    // 市纪委监委 records the finding in its work list.
    b.goto(&format!("{base}/selection/objections"))?;
    sign_in(b, "discipline")?;
    b.wait_for_url("/selection/objections")?;
    let token = api_login(base, "discipline")?;
    let open = api_get(base, &token, "/api/v1/selection/open-objections")?;
    let objection = open
        .as_array()
        .and_then(|list| list.iter().find(|o| o["objection"]["text"] == matter.as_str()))
        .and_then(|o| o["objection"]["id"].as_str())
        .context("discipline inspection sees the objection")?
        .to_owned();
    ensure!(b.text("main")?.contains(&matter), "the work list shows the objection");
    let answer = "经市纪委监委核查，该同志所在单位招商引资数据经审计核实无误，反映问题不属实。";
    b.click(&format!("#f-{objection} option[value=not_verified]"))?;
    b.fill(&format!("#n-{objection}"), answer)?;
    b.click(&format!("form:has(#f-{objection}) button[type=submit]"))?;
    b.wait_until("the objection to leave the work list", || Ok(!b.text("main")?.contains(&matter)))?;
    b.click("form[action='/logout'] button")?;
    b.wait_for_url("/login")?;
    b.clear_cookies()?;

    // The visitor reads the answer with the code.
    let answered = follow(b, base, &receipt)?;
    ensure!(answered.contains("经核查不属实") && answered.contains(answer), "the answer is shown: {answered}");
    std::fs::write(dir.join("answer.png"), b.screenshot()?)?;
    Ok(())
}
