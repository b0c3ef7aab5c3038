//! Selection rules through the real router, each test named after its rule with the allowed and
//! the refused path: the committee (SEL-NO-AD-HOC, SEL-QUORUM, SEL-PASS, SEL-RECUSAL,
//! SEL-COLLECTIVE, SEL-RECONSIDER), publicity (SEL-PUBLICITY, SEL-PUBLICITY-HOLD,
//! SEL-REPORT-VERIFIED), the gate (SEL-INELIGIBLE, SEL-FOUR-MUSTS, SEL-SENIORITY with 破格),
//! inspection (SEL-INSPECTION) and the motion (SEL-VACANCY).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, get, login, post, send, world};
use selection_support::*;
use serde_json::json;
use time::macros::datetime;

fn ids(members: &[(String, Session)]) -> Vec<&str> {
    members.iter().map(|(id, _)| id.as_str()).collect()
}

#[tokio::test]
async fn sel_no_ad_hoc_an_item_added_after_the_meeting_opens_is_refused() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let first = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let second = case_at_decision(&w, &staff, &inspector, &w.cadre_a).await;
    let members = committee(&w, 3).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    assert_eq!(add_item(&w, &staff, &meeting, &first, &w.cadre_b).await.status, StatusCode::CREATED);
    ok(&open_meeting(&w, &staff, &meeting, &ids(&members)).await);
    refused(&add_item(&w, &staff, &meeting, &second, &w.cadre_a).await, "SEL-NO-AD-HOC");
    refused(&vote(&w, &members[0].1, &meeting, "not-on-the-agenda", "agree").await, "SEL-NO-AD-HOC");
    let view = get(&w, &staff, &format!("/api/v1/selection/meetings/{meeting}")).await.json();
    assert_eq!(view["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sel_quorum_eight_of_eleven_members_open_the_meeting_and_seven_do_not() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let members = committee(&w, 11).await;
    let all = ids(&members);
    let meeting = meeting(&w, &staff, &all).await;
    let seven = open_meeting(&w, &staff, &meeting, &all[..7]).await;
    refused(&seven, "SEL-QUORUM");
    assert!(seven.json()["error"]["message"]["zh"].as_str().unwrap().contains("至少 8 人"), "{}", seven.body);
    ok(&open_meeting(&w, &staff, &meeting, &all[..8]).await);
    let view = get(&w, &staff, &format!("/api/v1/selection/meetings/{meeting}")).await.json();
    assert_eq!((view["meeting"]["status"].as_str(), view["quorum_needed"].as_u64()), (Some("open"), Some(8)));
}

#[tokio::test]
async fn sel_pass_more_than_half_of_the_eleven_members_who_should_attend_not_of_those_present() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let six = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let five = case_at_decision(&w, &staff, &inspector, &w.cadre_a).await;
    let members = committee(&w, 11).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let item_six = id_of(&add_item(&w, &staff, &meeting, &six, &w.cadre_b).await);
    let item_five = id_of(&add_item(&w, &staff, &meeting, &five, &w.cadre_a).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids(&members)[..8]).await);
    for (i, (_, member)) in members.iter().take(8).enumerate() {
        assert_eq!(
            vote(&w, member, &meeting, &item_six, if i < 6 { "agree" } else { "disagree" }).await.status,
            StatusCode::CREATED
        );
    }
    // Not everyone present has voted on the second item yet: no decision.
    assert_eq!(vote(&w, &members[0].1, &meeting, &item_five, "agree").await.status, StatusCode::CREATED);
    refused(&decide(&w, &staff, &meeting, &item_five).await, "SEL-PASS");
    for (i, (_, member)) in members.iter().take(8).enumerate().skip(1) {
        assert_eq!(
            vote(&w, member, &meeting, &item_five, if i < 5 { "同意" } else { "不同意" }).await.status,
            StatusCode::CREATED
        );
    }
    refused(&vote(&w, &members[0].1, &meeting, &item_six, "agree").await, "SEL-PASS");
    let passed = decide(&w, &staff, &meeting, &item_six).await.json();
    assert_eq!(
        (passed["agree"].as_u64(), passed["needed"].as_u64(), passed["passed"].as_bool()),
        (Some(6), Some(6), Some(true))
    );
    // Five of eight present is a majority of those present but not of the eleven members.
    let failed = decide(&w, &staff, &meeting, &item_five).await.json();
    assert_eq!((failed["agree"].as_u64(), failed["passed"].as_bool()), (Some(5), Some(false)), "{failed}");
    refused(&post(&w, &staff, &format!("/api/v1/selection/cases/{five}/publicity"), json!({})).await, "SEL-PASS");
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{six}/publicity"), json!({})).await;
    assert_eq!(notice.status, StatusCode::CREATED, "{}", notice.body);
    // SEL-RECONSIDER: more than half of the eleven members consent, or the item stays decided.
    let path = format!("/api/v1/selection/meetings/{meeting}/reconsiderations");
    refused(
        &post(&w, &staff, &path, json!({"item_id": item_five, "consenting": &ids(&members)[..5]})).await,
        "SEL-RECONSIDER",
    );
    let later = meeting_on(&w, &staff, &ids(&members)).await;
    refused(&add_item(&w, &staff, &later, &five, &w.cadre_a).await, "SEL-RECONSIDER");
    ok(&post(&w, &staff, &path, json!({"item_id": item_five, "consenting": &ids(&members)[..6]})).await);
    let again = post(
        &w,
        &staff,
        &format!("/api/v1/selection/meetings/{later}/items"),
        json!({"case_id": five, "cadre_id": w.cadre_a, "reconsideration_of": item_five}),
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
}

/// A second meeting of the same committee.
async fn meeting_on(w: &common::World, staff: &Session, members: &[&str]) -> String {
    let reply = post(
        w,
        staff,
        "/api/v1/selection/meetings",
        json!({"org_id": w.county_b, "title": "区委常委会第13次会议", "held_on": "2026-11-26", "members": members,
            "principal": members.last()}),
    )
    .await;
    id_of(&reply)
}

#[tokio::test]
async fn sel_recusal_a_recused_member_neither_votes_nor_counts_toward_the_item_quorum() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let other = case_at_decision(&w, &staff, &inspector, &w.cadre_a).await;
    let members = committee(&w, 11).await;
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    let other_item = id_of(&add_item(&w, &staff, &meeting, &other, &w.cadre_a).await);
    // Staff record 委员01's recusal (a relative of the candidate); 8 of 11 attend.
    let recusal = json!({"item_id": item, "member_id": members[0].0, "reason": "与拟任人选有亲属关系"});
    ok(&post(&w, &staff, &format!("/api/v1/selection/meetings/{meeting}/recusals"), recusal).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids(&members)[..8]).await);
    refused(&vote(&w, &members[0].1, &meeting, &item, "agree").await, "SEL-RECUSAL");
    for (_, member) in members.iter().take(8).skip(1) {
        assert_eq!(vote(&w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    // Seven voting members are below the quorum of eight: the item cannot be decided.
    let void = decide(&w, &staff, &meeting, &item).await;
    refused(&void, "SEL-QUORUM");
    assert!(void.json()["error"]["message"]["en"].as_str().unwrap().contains("1 recused"), "{}", void.body);
    // A member recuses themself from the other item before voting; one who voted cannot.
    let mine = format!("/api/v1/selection/meetings/{meeting}/my-recusals");
    ok(&post(&w, &members[2].1, &mine, json!({"item_id": other_item, "reason": "曾在同一单位共事"})).await);
    assert_eq!(vote(&w, &members[3].1, &meeting, &other_item, "agree").await.status, StatusCode::CREATED);
    refused(&post(&w, &members[3].1, &mine, json!({"item_id": other_item, "reason": "补充回避"})).await, "SEL-RECUSAL");
}

#[tokio::test]
async fn sel_collective_only_present_members_of_a_committee_meeting_decide() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 4).await;
    // A leader's circulation (圈阅) is no meeting.
    let circulated = post(&w, &staff, "/api/v1/selection/meetings",
        json!({"org_id": w.county_b, "title": "传阅", "held_on": "2026-11-26", "body": "圈阅", "members": ids(&members)})).await;
    refused(&circulated, "SEL-COLLECTIVE");
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    // Nothing but a decided item opens publicity.
    refused(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await, "SEL-COLLECTIVE");
    let meeting = meeting(&w, &staff, &ids(&members)).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    refused(&vote(&w, &members[0].1, &meeting, &item, "agree").await, "SEL-QUORUM");
    ok(&open_meeting(&w, &staff, &meeting, &ids(&members)[..3]).await);
    // An absent member, a committee member not of this meeting, staff: none votes.
    refused(&vote(&w, &members[3].1, &meeting, &item, "agree").await, "SEL-COLLECTIVE");
    let outsider = login(&w.router, "committee").await;
    refused(&vote(&w, &outsider, &meeting, &item, "agree").await, "SEL-COLLECTIVE");
    assert_eq!(vote(&w, &staff, &meeting, &item, "agree").await.status, StatusCode::FORBIDDEN);
    // Each present member votes in their own account: the ledger names each.
    for (_, member) in members.iter().take(3) {
        assert_eq!(vote(&w, member, &meeting, &item, "agree").await.status, StatusCode::CREATED);
    }
    ok(&decide(&w, &staff, &meeting, &item).await);
    let view = case_view(&w, &staff, &case).await;
    let voters: Vec<&str> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "selection.meeting.vote")
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(voters, ids(&members)[..3]);
}

#[tokio::test]
async fn sel_publicity_five_working_days_between_decision_and_appointment() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let path = format!("/api/v1/selection/cases/{case}/publicity");
    refused(&post(&w, &staff, &path, json!({"published_on": "2026-11-20"})).await, "SEL-PUBLICITY");
    let notice = post(&w, &staff, &path, json!({"published_on": "2026-11-26", "where_to_object": "电话 0546-12380"}))
        .await
        .json();
    // Thursday 11-26 counts; Friday, then Monday to Wednesday: the last day is 12-02.
    assert_eq!((notice["period_end"].as_str(), notice["working_days"].as_i64()), (Some("2026-12-02"), Some(5)));
    let appoint = json!({"document_number": "河组任〔2026〕9号"});
    let on_last_day = router_at(&w, datetime!(2026-12-02 02:00 UTC));
    let s = login(&on_last_day, "orgstaff").await;
    refused(
        &send(&on_last_day, s.json("POST", &format!("/api/v1/selection/cases/{case}/appointment"), appoint.clone()))
            .await,
        "SEL-PUBLICITY",
    );
    let after = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let objection = json!({"notice_id": notice["id"], "anonymous": "1", "text": "反映其工作作风问题"});
    let objection = common::with_proof(&after, objection).await;
    let late = send(&after, Session::default().json("POST", "/api/v1/selection/objections", objection)).await;
    refused(&late, "SEL-PUBLICITY");
    let s = login(&after, "orgstaff").await;
    let done = send(&after, s.json("POST", &format!("/api/v1/selection/cases/{case}/appointment"), appoint)).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
}

#[tokio::test]
async fn sel_publicity_hold_an_open_objection_holds_the_appointment_until_a_finding() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await.json();
    // Anyone objects, anonymously, and keeps a receipt code.
    let objection = json!({"notice_id": notice["id"], "anonymous": "1", "text": "反映其在项目审批中收受礼金"});
    let objection = common::with_proof(&w.router, objection).await;
    let receipt = post(&w, &Session::default(), "/api/v1/selection/objections", objection).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);
    let code = receipt.json()["receipt"].as_str().unwrap().to_owned();
    let follow = |w: &common::World, code: String| {
        let router = w.router.clone();
        async move {
            send(&router, Session::default().json("POST", "/api/v1/selection/receipts", json!({"code": code})))
                .await
                .json()
        }
    };
    assert_eq!(follow(&w, code.clone()).await["status"], "pending");
    let after = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let s = login(&after, "orgstaff").await;
    let appoint = json!({"document_number": "河组任〔2026〕10号"});
    let path = format!("/api/v1/selection/cases/{case}/appointment");
    refused(&send(&after, s.json("POST", &path, appoint.clone())).await, "SEL-PUBLICITY-HOLD");
    // Discipline inspection finds it untrue and answers; org staff cannot record findings.
    let discipline = login(&w.router, "discipline").await;
    let open = get(&w, &discipline, "/api/v1/selection/open-objections").await.json();
    let objection_id = open[0]["objection"]["id"].as_str().unwrap().to_owned();
    let finding = json!({"objection_id": objection_id, "finding": "not_verified", "note": "经核查，反映问题不属实"});
    assert_eq!(post(&w, &staff, "/api/v1/selection/findings", finding.clone()).await.status, StatusCode::FORBIDDEN);
    ok(&post(&w, &discipline, "/api/v1/selection/findings", finding.clone()).await);
    refused(&post(&w, &discipline, "/api/v1/selection/findings", finding).await, "SEL-RECORD");
    let answered = follow(&w, code.to_lowercase()).await;
    assert_eq!(
        (answered["status"].as_str(), answered["answer"].as_str()),
        (Some("not_verified"), Some("经核查，反映问题不属实"))
    );
    let done = send(&after, s.json("POST", &path, appoint)).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
}

#[tokio::test]
async fn sel_report_verified_a_verified_objection_blocks_the_appointment_and_later_promotion() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await.json();
    let named =
        json!({"notice_id": notice["id"], "name": "赵六", "contact": "13800000000", "text": "反映其配偶在辖区经商"});
    let named = common::with_proof(&w.router, named).await;
    let receipt = post(&w, &Session::default(), "/api/v1/selection/objections", named).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);
    // Staff see the objection, never the objector.
    let view = case_view(&w, &staff, &case).await;
    assert!(!view.to_string().contains("赵六") && !view.to_string().contains("13800000000"));
    assert_eq!(view["objections"][0]["text"], "反映其配偶在辖区经商");
    let discipline = login(&w.router, "discipline").await;
    let objection_id = view["objections"][0]["id"].as_str().unwrap().to_owned();
    let verified = json!({"objection_id": objection_id, "finding": "verified", "note": "经核查，反映问题属实"});
    ok(&post(&w, &discipline, "/api/v1/selection/findings", verified).await);
    let after = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let s = login(&after, "orgstaff").await;
    let path = format!("/api/v1/selection/cases/{case}/appointment");
    refused(
        &send(&after, s.json("POST", &path, json!({"document_number": "河组任〔2026〕11号"}))).await,
        "SEL-REPORT-VERIFIED",
    );
    // The verified report stays with the cadre: a later case's gate blocks on it too.
    ok(&send(
        &after,
        s.json(
            "POST",
            &format!("/api/v1/selection/cases/{case}/archive"),
            json!({"reason": "公示反映问题属实，不予任用"}),
        ),
    )
    .await);
    let next = post_with_seats(&w, "区长助理", "county_deputy", 1).await;
    let blocked = post(
        &w,
        &staff,
        "/api/v1/selection/cases",
        json!({"post_id": next, "method": "democratic_recommendation", "proposer": "区委组织部", "work_plan": "方案"}),
    )
    .await;
    let next_case = id_of(&blocked);
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{next_case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &next_case, "online", 3, &[&w.cadre_b]).await;
    for code in open_round(&w, &staff, &round, 3).await {
        vote_with(&w, &code, &[&w.cadre_b]).await;
    }
    ok(&post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await);
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{next_case}/nomination"), json!({})).await);
    four_musts(&w, &staff, &next_case, &w.cadre_b).await;
    let gate =
        post(&w, &staff, &format!("/api/v1/selection/cases/{next_case}/gate"), json!({"cadre_id": w.cadre_b})).await;
    refused(&gate, "SEL-REPORT-VERIFIED");
}

/// A case with both fixture candidates nominated (each marked by all three voters).
async fn two_nominees(w: &common::World, staff: &Session) -> String {
    let case = motion(w, staff).await;
    ok(&post(w, staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let reply = post(w, staff, &format!("/api/v1/selection/cases/{case}/rounds"),
        json!({"kind": "meeting", "voting": "online", "max_choices": "2", "electorate": electors(3), "candidates": [w.cadre_b, w.cadre_a]})).await;
    let round = id_of(&reply);
    for code in open_round(w, staff, &round, 3).await {
        assert_eq!(vote_with(w, &code, &[&w.cadre_b, &w.cadre_a]).await.status, StatusCode::CREATED);
    }
    ok(&post(w, staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await);
    let nominated = post(w, staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await;
    assert_eq!(nominated.json()["nominated"].as_array().unwrap().len(), 2, "{}", nominated.body);
    case
}

#[tokio::test]
async fn sel_ineligible_a_running_influence_period_blocks_and_a_clean_candidate_passes() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = two_nominees(&w, &staff).await;
    let gate = |cadre: &str| json!({"cadre_id": cadre});
    let path = format!("/api/v1/selection/cases/{case}/gate");
    // SEL-FOUR-MUSTS: without its checks, no one passes.
    refused(&post(&w, &staff, &path, gate(&w.cadre_b)).await, "SEL-FOUR-MUSTS");
    // Three of the four are not enough; the fourth completes them.
    let check = |name: &str| json!({"cadre_id": w.cadre_b, "check": name, "result": "clear"});
    let checks = format!("/api/v1/selection/cases/{case}/checks");
    for name in ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard"] {
        ok(&post(&w, &staff, &checks, check(name)).await);
    }
    refused(&post(&w, &staff, &path, gate(&w.cadre_b)).await, "SEL-FOUR-MUSTS");
    ok(&post(&w, &staff, &checks, check("specific_petitions_checked")).await);
    four_musts(&w, &staff, &case, &w.cadre_a).await;
    // 记过 on 2026-06-01: its 12 months run until 2027-06-01.
    let demerit =
        json!({"kind": "gov_demerit", "date": "2026-06-01", "authority": "河口区监委", "reason": "违规发放津补贴"});
    ok(&post(&w, &staff, &format!("/api/v1/cadres/{}/sections/reward_sanction", w.cadre_b), demerit).await);
    refused(&post(&w, &staff, &path, gate(&w.cadre_b)).await, "SEL-INELIGIBLE");
    refused(
        &post(&w, &staff, &format!("/api/v1/selection/cases/{case}/inspection"), json!({})).await,
        "SEL-INELIGIBLE",
    );
    ok(&post(&w, &staff, &path, gate(&w.cadre_a)).await);
    let view = case_view(&w, &staff, &case).await;
    let b =
        view["candidates"].as_array().unwrap().iter().find(|c| c["cadre_id"] == w.cadre_b.as_str()).unwrap().clone();
    assert_eq!(b["status"], "blocked");
    assert!(b["gate"].as_str().unwrap().contains("DSC-GOV-PERIODS"), "{b}");
    let subjects = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/inspection"), json!({})).await.json();
    assert_eq!(subjects["subjects"], json!([w.cadre_a]));
}

#[tokio::test]
async fn sel_seniority_exceptional_promotion_needs_a_reason_and_approval_above_the_post_org() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    // 张三丰 has been a township principal (科长, his registered post) only since 2025-01-01: three
    // years are needed. The résumé line documents the registered post (SEL-COLLECTIVE allows it).
    let tenure = json!({"org_id": w.town_a, "title": "科长", "start_date": "2025-01-01"});
    ok(&post(&w, &staff, &format!("/api/v1/cadres/{}/sections/tenure", w.cadre_a), tenure).await);
    let case = two_nominees(&w, &staff).await;
    four_musts(&w, &staff, &case, &w.cadre_a).await;
    let path = format!("/api/v1/selection/cases/{case}/gate");
    refused(&post(&w, &staff, &path, json!({"cadre_id": w.cadre_a})).await, "SEL-SENIORITY");
    let exception = |org: &str| {
        json!({"cadre_id": w.cadre_a, "exception_reason": "抗洪抢险中表现突出", "exception_approved_by": "市委组织部部务会",
        "exception_org_id": org, "exception_approved_on": "2026-11-20"})
    };
    // Approved by the post's own county: not a higher level.
    refused(&post(&w, &staff, &path, exception(&w.county_b)).await, "SEL-SENIORITY");
    let admitted = post(&w, &staff, &path, exception(&w.city)).await;
    ok(&admitted);
    assert_eq!(admitted.json()["blocks"][0]["rule"], "SEL-SENIORITY");
    let view = case_view(&w, &staff, &case).await;
    let a =
        view["candidates"].as_array().unwrap().iter().find(|c| c["cadre_id"] == w.cadre_a.as_str()).unwrap().clone();
    assert_eq!(a["status"], "admitted");
    assert!(a["exception"].as_str().unwrap().contains("抗洪抢险"));
}

#[tokio::test]
async fn sel_inspection_nothing_is_recorded_before_the_responsibility_letter() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    account(&w, "inspector2", "考察组成员乙", "inspector", &w.city).await;
    let second = login(&w.router, "inspector2").await;
    let case = two_nominees(&w, &staff).await;
    four_musts(&w, &staff, &case, &w.cadre_b).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/gate"), json!({"cadre_id": w.cadre_b})).await);
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/inspection"), json!({})).await);
    let path = |p: &str| format!("/api/v1/selection/cases/{case}/{p}");
    // The team is made of inspection-team accounts only.
    let staff_id = account_id(&w, "orgstaff").await;
    let bad = post(&w, &staff, &path("teams"), json!({"cadre_id": w.cadre_b, "inspectors": [staff_id]})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let team = json!({"cadre_id": w.cadre_b, "inspectors": [account_id(&w, "inspector").await, account_id(&w, "inspector2").await]});
    ok(&post(&w, &staff, &path("teams"), team).await);
    let talks = json!({"cadre_id": w.cadre_b, "count": "18", "summary": "个别谈话"});
    refused(&post(&w, &inspector, &path("interviews"), talks.clone()).await, "SEL-INSPECTION");
    assert_eq!(post(&w, &staff, &path("letters"), json!({"cadre_id": w.cadre_b})).await.status, StatusCode::FORBIDDEN);
    ok(&post(&w, &inspector, &path("letters"), json!({"cadre_id": w.cadre_b})).await);
    ok(&post(&w, &inspector, &path("interviews"), talks).await);
    // Not every member has accepted: no report, and no decision without one.
    let report = json!({"cadre_id": w.cadre_b, "conclusion": "同意作为拟任人选"});
    refused(&post(&w, &inspector, &path("reports"), report.clone()).await, "SEL-INSPECTION");
    refused(&post(&w, &staff, &path("decision"), json!({})).await, "SEL-INSPECTION");
    ok(&post(&w, &second, &path("letters"), json!({"cadre_id": w.cadre_b})).await);
    ok(&post(&w, &inspector, &path("reports"), report).await);
    ok(&post(&w, &staff, &path("decision"), json!({})).await);
}

#[tokio::test]
async fn sel_vacancy_a_motion_needs_a_seat_that_no_running_case_holds_and_a_paused_case_waits() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let post_id = post_with_seats(&w, "区委办公室副主任", "township_principal", 1).await;
    let motion = json!({"post_id": post_id, "method": "democratic_recommendation", "proposer": "区委组织部", "work_plan": "方案"});
    let first = post(&w, &staff, "/api/v1/selection/cases", motion.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.json()["number"], "纪实〔2026〕1号");
    refused(&post(&w, &staff, "/api/v1/selection/cases", motion.clone()).await, "SEL-VACANCY");
    let case = id_of(&first);
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/pause"), json!({"reason": "等待机构改革方案"}))
        .await);
    refused(
        &post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await,
        "SEL-RECORD",
    );
    // Paused, it still holds the seat.
    refused(&post(&w, &staff, "/api/v1/selection/cases", motion.clone()).await, "SEL-VACANCY");
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/resume"), json!({})).await);
    refused(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/archive"), json!({})).await, "SEL-RECORD");
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/archive"), json!({"reason": "职位调整"})).await);
    // The archived case frees the seat.
    let again = post(&w, &staff, "/api/v1/selection/cases", motion).await;
    assert_eq!(again.json()["number"], "纪实〔2026〕2号", "{}", again.body);
}
