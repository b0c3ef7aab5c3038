//! Selection pages through the real router: an organization-department user runs a case end to
//! end with forms, voters use their codes on the public voting page, committee members vote on
//! the meeting page in their own accounts, and the public reads the notice without signing in,
//! objects and follows the answer with the receipt code. Chinese first, English on switch,
//! everything typed escaped.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Reply, Session, World, login, send, world};
use selection_support::{account_id, committee};

async fn form(w: &World, s: &Session, path: &str, fields: &[(&str, &str)]) -> Reply {
    send(&w.router, s.form(path, fields)).await
}

async fn page(w: &World, s: &Session, path: &str) -> Reply {
    let reply = send(&w.router, s.get(path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply
}

/// Follows a form's redirect, asserting it was one.
fn redirected(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body.chars().take(600).collect::<String>());
    reply.location.clone()
}

/// The text between `start` and the next `end`, after `after`.
fn between<'a>(body: &'a str, after: &str, start: &str, end: &str) -> &'a str {
    let from = body.find(after).map_or(0, |i| i + after.len());
    let rest = &body[from..];
    let s = rest.find(start).expect(start) + start.len();
    let e = rest[s..].find(end).expect(end);
    &rest[s..s + e]
}

#[tokio::test]
async fn staff_run_a_case_with_forms_members_vote_in_their_accounts_and_the_public_objects() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    // The motion, with a work plan that tries to inject markup.
    let posted = form(
        &w,
        &staff,
        "/selection/cases",
        &[
            ("post_id", &w.post_b),
            ("method", "democratic_recommendation"),
            ("proposer", "河口区委组织部"),
            ("work_plan", "<script>alert(1)</script>民主推荐方案"),
        ],
    )
    .await;
    let case_path = redirected(&posted);
    let case_page = page(&w, &staff, &case_path).await;
    assert!(case_page.body.contains("纪实〔2026〕1号"));
    assert!(case_page.body.contains("alert(1)") && !case_page.body.contains("<script>alert"), "typed text is escaped");
    assert!(case_page.body.contains("class=\"stepper\""));
    // The history tells each step as a sentence naming who took it, never by an account's ID.
    let history = &case_page.body[case_page.body.find("id=\"history\"").unwrap()..];
    assert!(history.contains("orgstaff 提出动议，建立 纪实〔2026〕1号"), "the motion's actor by name");
    redirected(&form(&w, &staff, &format!("{case_path}/recommendation"), &[]).await);
    // A round planned with names, opened with the present ticked: the codes are shown once.
    let electorate = "甲\n乙\n丙";
    let round_reply = form(
        &w,
        &staff,
        &format!("{case_path}/rounds"),
        &[
            ("kind", "meeting"),
            ("voting", "online"),
            ("max_choices", "1"),
            ("electorate", electorate),
            ("candidates", "李四"),
        ],
    )
    .await;
    redirected(&round_reply);
    let case_page = page(&w, &staff, &case_path).await;
    let round_path =
        format!("/selection/rounds/{}", between(&case_page.body, "id=\"rounds\"", "/selection/rounds/", "\""));
    let opened =
        form(&w, &staff, &format!("{round_path}/open"), &[("present", "甲"), ("present", "乙"), ("present", "丙")])
            .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let codes: Vec<String> = opened
        .body
        .split("<li>")
        .skip(1)
        .filter_map(|s| s.split("</li>").next())
        .filter(|c| c.len() == 11)
        .map(str::to_owned)
        .collect();
    assert_eq!(codes.len(), 3, "{}", opened.body);
    // Each voter uses the public voting page, without an account.
    let public = Session::default();
    for code in &codes {
        let paper = form(&w, &public, "/public/vote", &[("code", code)]).await;
        assert!(paper.body.contains("李四"), "{}", paper.body);
        let cast = form(&w, &public, "/public/vote", &[("code", code), ("cast", "1"), ("choice_0", &w.cadre_b)]).await;
        assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.body);
    }
    let again = form(&w, &public, "/public/vote", &[("code", &codes[0])]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Closing is confirmed first, with who has not voted; then it closes.
    let asked = form(&w, &staff, &format!("{round_path}/close"), &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("尚有") && asked.body.contains("结束后不能再投票"), "{}", asked.body);
    redirected(&form(&w, &staff, &format!("{round_path}/close"), &[("confirmed", "1")]).await);
    let round_page = page(&w, &staff, &round_path).await;
    assert!(round_page.body.contains("3/3"));
    // The codes were shown once, when the round opened, and never again.
    assert!(codes.iter().all(|c| !round_page.body.contains(c.as_str())));
    redirected(&form(&w, &staff, &format!("{case_path}/nomination"), &[]).await);
    for check in
        ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard", "specific_petitions_checked"]
    {
        redirected(
            &form(
                &w,
                &staff,
                &format!("{case_path}/checks"),
                &[("cadre_id", &w.cadre_b), ("check", check), ("result", "clear")],
            )
            .await,
        );
    }
    // A refused step comes back on the page with its rule.
    let refused = form(
        &w,
        &staff,
        &format!("{case_path}/checks"),
        &[("cadre_id", &w.cadre_b), ("check", "archives_reviewed"), ("result", "concern")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    redirected(&form(&w, &staff, &format!("{case_path}/gate"), &[("cadre_id", &w.cadre_b)]).await);
    redirected(&form(&w, &staff, &format!("{case_path}/inspection"), &[]).await);
    let me = account_id(&w, "inspector").await;
    redirected(
        &form(&w, &staff, &format!("{case_path}/teams"), &[("cadre_id", &w.cadre_b), ("inspector_1", &me)]).await,
    );
    // The next step is shown disabled with the rule that stands in its way.
    let waiting = page(&w, &staff, &case_path).await;
    // The rule by its title (its ID is the tooltip).
    let inspection_rule = "《实行干部考察专职人员和干部考察责任书制度》";
    assert!(
        waiting.body.contains(&format!("下一步暂不能办理：{inspection_rule}")) && waiting.body.contains(" disabled")
    );
    let early = form(&w, &staff, &format!("{case_path}/decision"), &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains(inspection_rule), "{}", early.body);
    // The inspector works on the case page in their own account.
    assert!(page(&w, &inspector, "/selection/inspections").await.body.contains(&case_path));
    assert!(page(&w, &inspector, &case_path).await.body.contains("签署考察责任书"));
    let signing = [("cadre_id", w.cadre_b.as_str()), ("confirmed", "1")];
    redirected(&form(&w, &inspector, &format!("{case_path}/inspect/letters"), &signing).await);
    redirected(
        &form(
            &w,
            &inspector,
            &format!("{case_path}/inspect/interviews"),
            &[("cadre_id", &w.cadre_b), ("count", "20"), ("summary", "评价较好")],
        )
        .await,
    );
    redirected(
        &form(
            &w,
            &inspector,
            &format!("{case_path}/inspect/reports"),
            &[("cadre_id", &w.cadre_b), ("conclusion", "同意作为拟任人选")],
        )
        .await,
    );
    redirected(&form(&w, &staff, &format!("{case_path}/decision"), &[]).await);
    // The meeting: planned, the item put on the agenda, opened; members vote on its page.
    let members = committee(&w, 3).await;
    let mut fields =
        vec![("org_id", w.county_b.as_str()), ("title", "区委常委会第12次会议"), ("held_on", "2026-11-26")];
    // The members are one checkbox list: the key repeats.
    for (id, _) in &members {
        fields.push(("member", id.as_str()));
    }
    fields.push(("principal", members[2].0.as_str()));
    let meeting_path = redirected(&form(&w, &staff, "/selection/meetings", &fields).await);
    let case_id = case_path.rsplit('/').next().unwrap();
    // The planned meeting offers the inspected candidate for its agenda.
    let planned = page(&w, &staff, &meeting_path).await;
    assert!(planned.body.contains(&format!("<option value=\"{case_id}|{}\">", w.cadre_b)), "{}", planned.body);
    redirected(
        &form(&w, &staff, &format!("{meeting_path}/items"), &[("choice", &format!("{case_id}|{}", w.cadre_b))]).await,
    );
    let present: Vec<(&str, &str)> = members.iter().map(|(id, _)| ("present", id.as_str())).collect();
    redirected(&form(&w, &staff, &format!("{meeting_path}/open"), &present).await);
    let item = between(&page(&w, &staff, &meeting_path).await.body, "", "id=\"item-", "\"").to_owned();
    for (_, member) in &members {
        let mine = page(&w, member, &meeting_path).await;
        assert!(mine.body.contains("name=\"vote\" value=\"agree\""), "the member's own voting buttons");
        // The first press asks for confirmation, naming the nominee, the post and the consequence.
        let asked = form(&w, member, &format!("{meeting_path}/vote"), &[("item_id", &item), ("vote", "agree")]).await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.body.contains("对李四任河口区副区长投同意票（举手表决），提交后不可更改"), "{}", asked.body);
        assert!(!page(&w, member, &meeting_path).await.body.contains("您的表决"), "nothing recorded before confirming");
        let confirmed = [("item_id", item.as_str()), ("vote", "agree"), ("confirmed", "1")];
        redirected(&form(&w, member, &format!("{meeting_path}/vote"), &confirmed).await);
        assert!(page(&w, member, &meeting_path).await.body.contains("您的表决：同意"));
    }
    redirected(&form(&w, &staff, &format!("{meeting_path}/decisions"), &[("item_id", &item)]).await);
    redirected(&form(&w, &staff, &format!("{case_path}/publicity"), &[("where_to_object", "电话 0546-12380")]).await);
    // The public page, without signing in: the notice, an anonymous objection, its receipt.
    let notices = page(&w, &public, "/public/publicity").await;
    for part in ["李四", "女", "1980年1月", "河口区副区长", "2026-11-26 — 2026-12-02", "电话 0546-12380"]
    {
        assert!(notices.body.contains(part), "{part} missing");
    }
    let notice_id = between(&notices.body, "", "name=\"notice_id\" value=\"", "\"").to_owned();
    assert!(notices.body.contains("data-pow") && notices.body.contains("/static/pow.js"), "the proof-of-work form");
    let (challenge, nonce) = common::proof(&w.router).await;
    let proved = [("challenge", challenge.as_str()), ("nonce", nonce.as_str())];
    let empty = form(
        &w,
        &public,
        "/public/objections",
        &[&[("notice_id", notice_id.as_str()), ("anonymous", "1")][..], &proved].concat(),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "the matter is required");
    let receipt = form(
        &w,
        &public,
        "/public/objections",
        &[&[("notice_id", notice_id.as_str()), ("anonymous", "1"), ("text", "反映其违规兼职")][..], &proved].concat(),
    )
    .await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);
    let code = between(&receipt.body, "", "<p class=\"receipt\">", "</p>").to_owned();
    let followed = form(&w, &public, "/public/follow", &[("code", &code)]).await;
    assert!(followed.body.contains("正在核查，暂缓任职"), "{}", followed.body);
    // Discipline inspection answers on its work list; the follower reads the answer.
    let discipline = login(&w.router, "discipline").await;
    let list = page(&w, &discipline, "/selection/objections").await;
    let objection = between(&list.body, "", "name=\"objection_id\" value=\"", "\"").to_owned();
    redirected(
        &form(
            &w,
            &discipline,
            "/selection/objections",
            &[("objection_id", &objection), ("finding", "not_verified"), ("note", "经核查不属实")],
        )
        .await,
    );
    assert!(form(&w, &public, "/public/follow", &[("code", &code)]).await.body.contains("经核查不属实"));
    // The case page shows every step, in English on the switch.
    let mut english = staff.clone();
    english.cookie.push_str("; jq_lang=en");
    let view = page(&w, &english, &case_path).await;
    for part in [
        "Record of every step",
        "voted on case 2026-1 (副区长)",
        "published the pre-appointment notice of case 2026-1",
        "A member of the public raised an objection to the notice of case 2026-1",
    ] {
        assert!(view.body.contains(part), "{part} missing");
    }
}
