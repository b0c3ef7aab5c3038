//! Every role's day in the browser: each demo account signs in, lands on its 工作台, opens its
//! first to-do and comes back; the committee member votes by secret ballot with the
//! confirmation; each main page is photographed at 1440 px and at 390 px and fails the run if
//! it scrolls sideways.

use std::path::Path;

use anyhow::{Context, ensure};

use crate::webdriver::Browser;

/// Widths the pages must fit: a desktop and a phone.
const WIDTHS: [(u32, &str); 2] = [(1440, "desktop"), (390, "phone")];

/// Signs `username` in from a fresh visit and waits for the 工作台.
fn sign_in(b: &Browser, base: &str, username: &str) -> anyhow::Result<()> {
    b.clear_cookies()?;
    b.goto(&format!("{base}/login"))?;
    b.fill("#username", username)?;
    b.fill("#password", "jianquan-demo")?;
    b.click("button[type=submit]")?;
    b.wait_for_url("/workbench")
}

/// Photographs the current page at each width and fails if it is wider than the window.
fn fits(b: &Browser, dir: &Path, name: &str) -> anyhow::Result<()> {
    for (width, label) in WIDTHS {
        b.set_size(width, 900)?;
        let wide = b.script(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth, \
             [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1) \
             .slice(0, 3).map(e => e.tagName + '.' + e.className).join(' ')];",
        )?;
        let (scroll, client) = (wide[0].as_i64().unwrap_or(0), wide[1].as_i64().unwrap_or(0));
        std::fs::write(dir.join(format!("{name}-{label}.png")), b.screenshot()?)?;
        ensure!(scroll <= client, "{name} scrolls sideways at {width} px ({scroll} > {client}): {}", wide[2]);
    }
    b.set_size(1280, 1000)
}

/// Each account's 工作台 and its first open to-do, and back; the main pages fit both widths.
pub fn roles_journey(b: &Browser, base: &str, dir: &Path) -> anyhow::Result<()> {
    // (account, the card whose first to-do it opens, what the opened page must say)
    let roles = [
        ("orgstaff", Some("rounds_to_close"), "民主推荐"),
        ("inspector", Some("letters_to_sign"), "考察"),
        ("discipline", Some("obligations_overdue"), "义务"),
        ("cadre", Some("my_exams"), "我的学习"),
        ("auditor", None, ""),
        ("admin", Some("rounds_to_close"), "民主推荐"),
    ];
    for (username, card, expect) in roles {
        sign_in(b, base, username)?;
        let home = b.text("main")?;
        ensure!(home.contains("工作台"), "{username} lands on the 工作台: {home}");
        fits(b, dir, &format!("workbench-{username}"))?;
        let Some(card) = card else { continue };
        let listed = b.text(&format!("#todo-{card}"))?;
        b.click(&format!("#todo-{card} .todo-list li a")).with_context(|| format!("{username}: {listed}"))?;
        b.wait_until("the to-do's page", || Ok(!b.url()?.contains("/workbench")))?;
        let page = b.text("main")?;
        ensure!(page.contains(expect), "{username}'s first to-do opens a page about {expect}: {page}");
        fits(b, dir, &format!("todo-{username}"))?;
        b.click("nav.menu a[href='/workbench']")?;
        b.wait_for_url("/workbench")?;
    }
    // The staff's main pages.
    sign_in(b, base, "orgstaff")?;
    for (path, name) in [("/cadres", "roster"), ("/selection/cases", "cases"), ("/ledger", "ledger")] {
        b.goto(&format!("{base}{path}"))?;
        fits(b, dir, name)?;
    }
    b.goto(&format!("{base}/cadres"))?;
    b.click("#cadre-list tbody tr:first-child a")?;
    b.wait_for_url("/cadres/")?;
    fits(b, dir, "dossier")?;
    committee_vote(b, base, dir)
}

/// `committee` votes on today's item by secret ballot: nothing shown before the count, the vote
/// confirmed, then recorded without saying how.
fn committee_vote(b: &Browser, base: &str, dir: &Path) -> anyhow::Result<()> {
    sign_in(b, base, "committee")?;
    let votes = b.text("#todo-my_votes")?;
    ensure!(votes.contains("→"), "the committee member's item to vote on: {votes}");
    b.click("#todo-my_votes .todo-list li a")?;
    b.wait_for_url("/selection/meetings/")?;
    let item = b.text("section[id^='item-']")?;
    ensure!(item.contains("无记名投票") && item.contains("计票前不显示任何票"), "a secret ballot: {item}");
    ensure!(item.contains("任免审批表") && item.contains("考察报告"), "the item links its papers: {item}");
    fits(b, dir, "meeting")?;
    b.click("button[name=vote][value=agree]")?;
    let asked = b.text("#confirm")?;
    ensure!(asked.contains("投同意票") && asked.contains("提交后不可更改"), "the vote is confirmed first: {asked}");
    fits(b, dir, "vote-confirm")?;
    b.click("#confirm button[type=submit]")?;
    b.wait_until("the vote recorded", || Ok(b.text("main")?.contains("您的表决：已投票（无记名）")))?;
    b.goto(&format!("{base}/workbench"))?;
    let after = b.text("#todo-my_votes")?;
    ensure!(after.contains("暂无待办"), "the item left the list: {after}");
    b.clear_cookies()
}
