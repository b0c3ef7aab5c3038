//! Selection & appointment (选拔任用) through the real router: the scenario of one vacancy from
//! motion to appointment with real ballots and votes, the recommendation rules (tests named after
//! them), voter codes and tellers, and concurrency — many voters and two tellers at once.
//! The committee, publicity and gate rules are in `selection_rules.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Session, get, login, post, send, world};
use selection_support::*;
use serde_json::json;
use time::macros::datetime;

#[tokio::test]
async fn one_vacancy_goes_from_motion_to_appointment_and_the_ledger_verifies() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    // Motion on 副区长 of 河口区 (two seats, none held): 纪实〔2026〕1号.
    let case = motion(&w, &staff).await;
    let view = case_view(&w, &staff, &case).await;
    assert_eq!(view["case"]["number"], "纪实〔2026〕1号");
    assert_eq!(view["case"]["state"], "motion");
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    // A meeting round of 10 defined participants, 9 present, online voting for two candidates.
    let round = round(&w, &staff, &case, "online", 10, &[&w.cadre_b, &w.cadre_a]).await;
    let codes = open_round(&w, &staff, &round, 9).await;
    assert_eq!(codes.len(), 9);
    for (i, code) in codes.iter().enumerate() {
        let choice = if i < 6 { &w.cadre_b } else { &w.cadre_a };
        assert_eq!(vote_with(&w, code, &[choice]).await.status, StatusCode::CREATED);
    }
    let closed = post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await;
    ok(&closed);
    let standings = closed.json()["standings"].as_array().unwrap().clone();
    let b = standings.iter().find(|s| s["candidate"] == w.cadre_b.as_str()).unwrap();
    assert_eq!(
        (b["votes"].as_u64(), b["base"].as_u64(), b["reaches_threshold"].as_bool()),
        (Some(6), Some(9), Some(true))
    );
    let a = standings.iter().find(|s| s["candidate"] == w.cadre_a.as_str()).unwrap();
    assert_eq!(a["reaches_threshold"], false, "3 of 9 is below 50%");
    // The tally is recomputable from the stored ballots.
    let round_view = get(&w, &staff, &format!("/api/v1/selection/rounds/{round}")).await.json();
    assert_eq!(round_view["recount_matches"], true, "{round_view}");
    assert_eq!((round_view["codes_spent"].as_i64(), round_view["ballots"].as_i64()), (Some(9), Some(9)));
    let nominated = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await;
    assert_eq!(nominated.json()["nominated"], json!([w.cadre_b]), "{}", nominated.body);
    // The gate: the four musts, then the dossier.
    four_musts(&w, &staff, &case, &w.cadre_b).await;
    let gate = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/gate"), json!({"cadre_id": w.cadre_b})).await;
    ok(&gate);
    assert_eq!(gate.json()["blocks"], json!([]));
    assert_eq!(gate.json()["on"], "2026-11-26", "dates in the API are ISO 8601");
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/inspection"), json!({})).await);
    inspect(&w, &staff, &inspector, &case, &w.cadre_b).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/decision"), json!({})).await);
    // The county committee: 5 members, all present, 4 agree and 1 defers.
    let members = committee(&w, 5).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let meeting = meeting(&w, &staff, &ids).await;
    let item = id_of(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    ok(&open_meeting(&w, &staff, &meeting, &ids).await);
    for (i, (_, session)) in members.iter().enumerate() {
        let choice = if i < 4 { "agree" } else { "defer" };
        assert_eq!(vote(&w, session, &meeting, &item, choice).await.status, StatusCode::CREATED);
    }
    let decided = decide(&w, &staff, &meeting, &item).await;
    ok(&decided);
    assert_eq!(decided.json()["passed"], true);
    assert_eq!(decided.json()["needed"], 3);
    // Publicity from Thursday 2026-11-26: five working days end on Wednesday 12-02.
    let notice = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await;
    assert_eq!(notice.status, StatusCode::CREATED, "{}", notice.body);
    assert_eq!(notice.json()["period_end"], "2026-12-02");
    let public = get(&w, &Session::default(), "/api/v1/selection/notices").await.json();
    assert_eq!(public[0]["name"], "李四");
    assert!(public[0].get("cadre_id").is_none(), "the public notice carries no internal IDs");
    // Appointing on 12-02 is refused; on 12-03 it goes through and ends in the registry.
    let early = post(
        &w,
        &staff,
        &format!("/api/v1/selection/cases/{case}/appointment"),
        json!({"document_number": "河组任〔2026〕8号"}),
    )
    .await;
    refused(&early, "SEL-PUBLICITY");
    let later = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let staff_later = login(&later, "orgstaff").await;
    let appointed = send(
        &later,
        staff_later.json(
            "POST",
            &format!("/api/v1/selection/cases/{case}/appointment"),
            json!({"document_number": "河组任〔2026〕8号"}),
        ),
    )
    .await;
    assert_eq!(appointed.status, StatusCode::CREATED, "{}", appointed.body);
    let appointed = appointed.json();
    assert_eq!(appointed["tenure_start"], "2026-11-26", "tenure starts on the committee's decision");
    // SEL-PROBATION: a year after the decision day, which is not counted (Civil Code arts. 201–202).
    assert_eq!(appointed["probation_end"], "2027-11-26");
    let dossier = get(&w, &staff, &format!("/api/v1/cadres/{}", w.cadre_b)).await.json();
    assert_eq!(dossier["cadre"]["rank"], "county_deputy", "{dossier}");
    let obligations = common::obligations(&w, &staff, &w.cadre_b).await;
    assert_eq!(common::open_of(&obligations, "SEL-PROBATION").len(), 1);
    assert_eq!(common::open_of(&obligations, "INT-SIX-MUSTS-3").len(), 1);
    ok(&send(&later, staff_later.json("POST", &format!("/api/v1/selection/cases/{case}/archive"), json!({}))).await);
    // The case page lists every step from the ledger, and the chain verifies.
    let view = case_view(&w, &staff, &case).await;
    assert_eq!(view["case"]["state"], "archived");
    let actions: Vec<&str> =
        view["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for step in [
        "selection.case.motion",
        "selection.gate.verdict",
        "selection.inspection.letter",
        "selection.meeting.vote",
        "selection.meeting.decide",
        "selection.publicity.start",
        "selection.case.appoint",
        "selection.case.archive",
    ] {
        assert!(actions.contains(&step), "{step} missing from {actions:?}");
    }
    assert!(view["ballots_cast"].as_i64().unwrap() > 0, "the ballots are counted on the record");
    let mut conn = w.app.db.read().await.unwrap();
    let verified = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
}

#[tokio::test]
async fn sel_recommend_attendance_two_thirds_of_the_defined_participants_and_the_electorate_is_sealed() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "paper", 30, &[&w.cadre_b]).await;
    let open = |present: usize| json!({"present": electors(present)});
    // 19 of 30: below two thirds.
    let few = post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/open"), open(19)).await;
    refused(&few, "SEL-RECOMMEND-ATTENDANCE");
    assert!(few.json()["error"]["message"]["zh"].as_str().unwrap().contains("至少 20 人"), "{}", few.body);
    // Someone outside the defined participants cannot be counted present.
    let stranger =
        post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/open"), json!({"present": ["局外人"]})).await;
    refused(&stranger, "SEL-RECOMMEND-ATTENDANCE");
    // Before opening the lists may change; 20 of 30 opens it, and then they are sealed.
    let lists = json!({"electorate": electors(30), "candidates": [w.cadre_b, w.cadre_a]});
    ok(&send(&w.router, staff.json("PUT", &format!("/api/v1/selection/rounds/{round}"), lists.clone())).await);
    ok(&post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/open"), open(20)).await);
    let late = send(&w.router, staff.json("PUT", &format!("/api/v1/selection/rounds/{round}"), lists)).await;
    refused(&late, "SEL-RECOMMEND-ATTENDANCE");
    let view = get(&w, &staff, &format!("/api/v1/selection/rounds/{round}")).await.json();
    let present = view["electors"].as_array().unwrap().iter().filter(|e| e["present"] == true).count();
    assert_eq!((view["round"]["present_count"].as_i64(), present), (Some(20), 20));
}

#[tokio::test]
async fn sel_recommend_threshold_exactly_half_of_those_present_reaches_it_and_below_is_not_listed() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "online", 24, &[&w.cadre_b, &w.cadre_a]).await;
    // 20 present: 李四 10 (exactly 50%), 张三丰 9 (45%), one blank ballot.
    let codes = open_round(&w, &staff, &round, 20).await;
    for (i, code) in codes.iter().enumerate() {
        let choices: Vec<&str> = match i {
            0..10 => vec![&w.cadre_b],
            10..19 => vec![&w.cadre_a],
            _ => vec![],
        };
        assert_eq!(vote_with(&w, code, &choices).await.status, StatusCode::CREATED);
    }
    let closed = post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await.json();
    assert_eq!(closed["tally"]["blank"], 1);
    assert_eq!(closed["held_on"], "2026-11-26", "dates in the API are ISO 8601");
    let nominated = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await;
    assert_eq!(nominated.json()["nominated"], json!([w.cadre_b]), "{}", nominated.body);
    let view = case_view(&w, &staff, &case).await;
    let close =
        view["history"].as_array().unwrap().iter().find(|e| e["action"] == "selection.nomination.close").unwrap();
    assert!(close["rules"].as_str().unwrap().contains("SEL-RECOMMEND-THRESHOLD"));
    assert!(close["detail"].as_str().unwrap().contains(&w.cadre_a), "the one below is recorded as not listed");
}

#[tokio::test]
async fn sel_recommend_threshold_no_one_reaching_it_means_no_nomination() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "online", 3, &[&w.cadre_b]).await;
    let codes = open_round(&w, &staff, &round, 3).await;
    assert_eq!(vote_with(&w, &codes[0], &[&w.cadre_b]).await.status, StatusCode::CREATED);
    ok(&post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await);
    let none = post(&w, &staff, &format!("/api/v1/selection/cases/{case}/nomination"), json!({})).await;
    refused(&none, "SEL-RECOMMEND-THRESHOLD");
    assert_eq!(case_view(&w, &staff, &case).await["case"]["state"], "recommendation");
}

#[tokio::test]
async fn a_voter_code_votes_once_and_the_ballot_keeps_no_link_to_it() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "online", 3, &[&w.cadre_b, &w.cadre_a]).await;
    let codes = open_round(&w, &staff, &round, 3).await;
    // The ballot paper shows the candidates, without results.
    let paper = post(&w, &Session::default(), "/api/v1/selection/ballot-papers", json!({"code": codes[0]})).await;
    assert_eq!(paper.json()["candidates"].as_array().unwrap().len(), 2, "{}", paper.body);
    assert_eq!(vote_with(&w, &codes[0], &[&w.cadre_b]).await.status, StatusCode::CREATED);
    refused(&vote_with(&w, &codes[0], &[&w.cadre_a]).await, "SEL-RECORD");
    // Typed in lower case with spaces: the same code, still spent.
    let typed = codes[0].to_lowercase().replace('-', " ");
    refused(&vote_with(&w, &typed, &[&w.cadre_a]).await, "SEL-RECORD");
    refused(
        &post(&w, &Session::default(), "/api/v1/selection/ballot-papers", json!({"code": codes[0]})).await,
        "SEL-RECORD",
    );
    refused(&vote_with(&w, "ABCDE-FGHJK", &[&w.cadre_b]).await, "SEL-RECORD");
    // Two marks where one is allowed, or a non-candidate: refused, and the code stays unspent.
    let two = vote_with(&w, &codes[1], &[&w.cadre_b, &w.cadre_a]).await;
    assert_eq!(two.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", two.body);
    assert_eq!(vote_with(&w, &codes[1], &[&w.cadre_city]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(vote_with(&w, &codes[1], &[]).await.status, StatusCode::CREATED, "a blank ballot is valid");
    // Stored ballots carry nothing but their marks (the table has no code or voter column);
    // the ledger names only the round.
    let mut conn = w.app.db.read().await.unwrap();
    let mut ballots = jianquan_storage::selection::rounds::ballots(&mut conn, &round).await.unwrap();
    ballots.sort();
    assert_eq!(ballots, [format!("[\"{}\"]", w.cadre_b), "[]".to_owned()]);
    let entries = jianquan_storage::ledger::history(&mut conn, "selection_case", &case, 100).await.unwrap();
    drop(conn);
    let ballots: Vec<_> = entries.iter().filter(|e| e.action == "selection.round.ballot").collect();
    assert_eq!(ballots.len(), 2);
    for entry in ballots {
        assert_eq!(entry.actor, "public");
        assert_eq!(entry.detail, json!({"round": round}).to_string());
    }
    // The case's record counts the ballots rather than listing them.
    let view = case_view(&w, &staff, &case).await;
    assert_eq!(view["ballots_cast"], 2);
    assert!(view["history"].as_array().unwrap().iter().all(|e| e["action"] != "selection.round.ballot"));
    for code in &codes {
        assert!(!view.to_string().contains(code.as_str()), "a code never reaches the record");
    }
}

#[tokio::test]
async fn paper_counts_of_two_tellers_must_match_else_both_count_again() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    account(&w, "teller2", "计票人乙", "org_staff", &w.city).await;
    let teller2 = login(&w.router, "teller2").await;
    let case = motion(&w, &staff).await;
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let round = round(&w, &staff, &case, "paper", 12, &[&w.cadre_b, &w.cadre_a]).await;
    assert!(open_round(&w, &staff, &round, 10).await.is_empty(), "paper rounds issue no codes");
    let path = format!("/api/v1/selection/rounds/{round}/counts");
    let count = |b: u64, a: u64| json!({"votes": {w.cadre_b.clone(): b, w.cadre_a.clone(): a}, "valid": 10, "blank": 0, "invalid": 0});
    // A count with more ballots than voters present is refused at once.
    let too_many = json!({"votes": {w.cadre_b.clone(): 11}, "valid": 11, "blank": 0, "invalid": 0});
    refused(&post(&w, &staff, &path, too_many).await, "SEL-RECORD");
    assert_eq!(post(&w, &staff, &path, count(6, 4)).await.json()["entered"], 1);
    refused(&post(&w, &staff, &path, count(6, 4)).await, "SEL-RECORD");
    refused(&post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await, "SEL-RECORD");
    // The second teller differs: both counts are discarded and the lines named.
    let differ = post(&w, &teller2, &path, count(5, 5)).await;
    refused(&differ, "SEL-RECORD");
    assert!(differ.json()["error"]["message"]["en"].as_str().unwrap().contains("differ"), "{}", differ.body);
    assert!(
        get(&w, &staff, &format!("/api/v1/selection/rounds/{round}")).await.json()["teller_counts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Both count again and agree.
    assert_eq!(post(&w, &teller2, &path, count(6, 4)).await.json()["entered"], 1);
    let agreed = post(&w, &staff, &path, count(6, 4)).await.json();
    assert_eq!((agreed["entered"].as_u64(), agreed["reconciled"].as_bool()), (Some(2), Some(true)));
    let closed = post(&w, &staff, &format!("/api/v1/selection/rounds/{round}/close"), json!({})).await;
    ok(&closed);
    let b = closed.json()["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["candidate"] == w.cadre_b.as_str())
        .cloned()
        .unwrap();
    assert_eq!(
        (b["votes"].as_u64(), b["base"].as_u64(), b["reaches_threshold"].as_bool()),
        (Some(6), Some(10), Some(true))
    );
    let view = case_view(&w, &staff, &case).await;
    assert!(view["history"].as_array().unwrap().iter().any(|e| e["action"] == "selection.round.recount"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_voters_and_two_tellers_at_once_lose_nothing_and_no_code_votes_twice() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    account(&w, "teller2", "计票人乙", "org_staff", &w.city).await;
    let teller2 = login(&w.router, "teller2").await;
    let online_case = motion(&w, &staff).await;
    let paper_case = motion(&w, &staff).await;
    for case in [&online_case, &paper_case] {
        ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    }
    let online = round(&w, &staff, &online_case, "online", 60, &[&w.cadre_b, &w.cadre_a]).await;
    let paper = round(&w, &staff, &paper_case, "paper", 60, &[&w.cadre_b, &w.cadre_a]).await;
    let codes = open_round(&w, &staff, &online, 60).await;
    open_round(&w, &staff, &paper, 50).await;
    // Every code is sent twice at once, and both tellers enter the same count meanwhile.
    let mut tasks = Vec::new();
    for (i, code) in codes.iter().chain(codes.iter()).enumerate() {
        let router = w.router.clone();
        let choice = if i % 3 == 0 { w.cadre_a.clone() } else { w.cadre_b.clone() };
        let body = json!({"code": code, "choices": [choice]});
        tasks.push(tokio::spawn(async move {
            let ballot = Session::default().json("POST", "/api/v1/selection/ballots", body);
            send(&router, common::fresh_client(ballot)).await.status
        }));
    }
    let count = json!({"votes": {w.cadre_b.clone(): 30, w.cadre_a.clone(): 18}, "valid": 48, "blank": 0, "invalid": 2});
    let mut tellers = Vec::new();
    for teller in [staff.clone(), teller2.clone()] {
        let router = w.router.clone();
        let request = teller.json("POST", &format!("/api/v1/selection/rounds/{paper}/counts"), count.clone());
        tellers.push(tokio::spawn(async move { send(&router, request).await }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let refused_twice = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((created, refused_twice), (60, 60), "{statuses:?}");
    let mut entered = Vec::new();
    for t in tellers {
        let reply = t.await.unwrap();
        ok(&reply);
        entered.push(reply.json()["entered"].as_u64().unwrap());
    }
    entered.sort_unstable();
    assert_eq!(entered, [1, 2], "one teller waited for the other, whichever came first");
    // Nothing lost: 60 ballots for 60 codes, the tally recomputes, the paper count closes.
    let view = get(&w, &staff, &format!("/api/v1/selection/rounds/{online}")).await.json();
    assert_eq!((view["codes_spent"].as_i64(), view["ballots"].as_i64()), (Some(60), Some(60)));
    let closed = post(&w, &staff, &format!("/api/v1/selection/rounds/{online}/close"), json!({})).await.json();
    assert_eq!(closed["tally"]["valid"], 60, "{closed}");
    let votes: u64 = closed["standings"].as_array().unwrap().iter().map(|s| s["votes"].as_u64().unwrap()).sum();
    assert_eq!(votes, 60);
    assert_eq!(get(&w, &staff, &format!("/api/v1/selection/rounds/{online}")).await.json()["recount_matches"], true);
    ok(&post(&w, &staff, &format!("/api/v1/selection/rounds/{paper}/close"), json!({})).await);
    let mut conn = w.app.db.read().await.unwrap();
    let verified = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
}
