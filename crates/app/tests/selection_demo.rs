//! The demo city's selection cases: one at each stage, public where the public should see it,
//! and each continued by the demo account whose work it is.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_app::access::sessions::login;
use jianquan_app::demo::{self, DEMO_PASSWORD, DemoSummary};
use jianquan_app::selection::decision::{self, ItemRef, VoteInput};
use jianquan_app::selection::recommendation::{self, BallotInput};
use jianquan_app::selection::{cases, inspection, publicity};
use jianquan_app::{Actor, App, Clock};
use time::macros::datetime;

async fn loaded(seed: u64) -> (App, DemoSummary) {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    // Thursday 2026-11-26, 10:00 in China.
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy");
    let summary = demo::load_demo(&app, seed).await.expect("demo loads");
    (app, summary)
}

async fn actor(app: &App, username: &str) -> Actor {
    login(app, username, DEMO_PASSWORD, &Default::default()).await.unwrap().actor
}

#[tokio::test]
async fn the_demo_has_a_selection_case_at_each_stage_and_the_running_notice_is_public() {
    let (app, summary) = loaded(42).await;
    let selection = &summary.selection;
    let states: Vec<&str> = selection.cases.iter().map(|c| c.state.as_str()).collect();
    assert_eq!(states, ["recommendation", "inspection", "decision", "publicity", "archived"]);
    let staff = actor(&app, "orgstaff").await;
    let listed = cases::list(&app, &staff, &cases::CaseQuery::default()).await.unwrap();
    assert_eq!(listed.total, 5);
    for case in &selection.cases {
        let stored = listed.items.iter().find(|c| c.id == case.id).unwrap();
        assert_eq!((stored.state.code(), stored.number.as_str()), (case.state.as_str(), case.number.as_str()));
        assert!(!stored.paused);
    }
    // Case numbers follow the motions' dates: the archived case is the year's first.
    assert!(selection.cases[4].number.starts_with("纪实〔2026〕1号"), "{}", selection.cases[4].number);

    // The running notice is public today, with the nominee and the proposed post.
    let public = publicity::public_notices(&app).await.unwrap();
    assert_eq!(public.len(), 1, "{public:?}");
    let notice = &public[0];
    let running = &selection.cases[3];
    assert_eq!(notice.name, running.candidate);
    assert_eq!(notice.proposed_post, running.post);
    assert!(notice.published_on.as_str() <= "2026-11-26" && notice.period_end.as_str() >= "2026-11-26");
    assert_eq!(notice.working_days, 5);
    assert!(publicity::public_notice(&app, &notice.id).await.is_ok());
    // Its objection was answered, and the answer is read with the receipt code.
    let followed = publicity::follow(&app, &selection.objection_receipt).await.unwrap();
    assert_eq!((followed.status.as_str(), followed.notice_name.as_str()), ("not_verified", notice.name.as_str()));
    assert!(!followed.answer.is_empty());
    let discipline = actor(&app, "discipline").await;
    assert!(publicity::open_objections(&app, &discipline).await.unwrap().is_empty(), "nothing left to answer");

    // The archived case ended in the registry: the appointee holds the post's rank.
    let done = &selection.cases[4];
    let mut conn = app.db.read().await.unwrap();
    let row = jianquan_storage::selection::cases::get(&mut conn, &done.id).await.unwrap().unwrap();
    let appointee = row.appointee_id.clone().expect("appointed");
    let cadre = jianquan_storage::registry::cadres::get(&mut conn, &appointee).await.unwrap().unwrap();
    assert_eq!((cadre.name.as_str(), cadre.rank.as_deref()), (done.candidate.as_str(), Some("county_deputy")));
    let verified = jianquan_storage::ledger::verify(&mut conn).await.unwrap();
    assert!(verified.broken.is_none(), "{:?}", verified.broken);
}

#[tokio::test]
async fn each_demo_account_can_take_the_next_step_of_its_case() {
    let (app, summary) = loaded(7).await;
    let selection = &summary.selection;
    assert_eq!(selection.committee_members.len(), 9);
    assert_eq!(selection.committee_members[0], "committee");
    let staff = actor(&app, "orgstaff").await;

    // The committee member votes in their own account; then the decision passes.
    let member = actor(&app, "committee").await;
    let meetings = decision::list_meetings(&app, &member).await.unwrap();
    let today = meetings.iter().find(|m| m.status.is_open()).expect("an open meeting");
    let view = decision::view_meeting(&app, &member, &today.id).await.unwrap();
    let item = view.items.iter().find(|i| i.status.is_pending()).expect("a pending item").id.clone();
    assert!(!view.votes.iter().any(|v| v.member_id == member.id), "not voted yet");
    let vote = VoteInput { item_id: item.clone(), vote: "agree".into() };
    decision::vote(&app, &member, &today.id, &vote).await.unwrap();
    let decided = decision::decide(&app, &staff, &today.id, &ItemRef { item_id: item }).await.unwrap();
    assert!(decided.passed, "{decided:?}");

    // The inspector accepts the letter before recording anything.
    let inspector = actor(&app, "inspector").await;
    let tasks = inspection::assignments(&app, &inspector).await.unwrap();
    let pending = tasks.iter().find(|a| a.letter_accepted_on.is_none()).expect("a letter to accept");
    let subject = inspection::SubjectInput { cadre_id: pending.cadre_id.clone() };
    inspection::accept_letter(&app, &inspector, &pending.case_id, &subject).await.unwrap();

    // A voter uses an unspent code; staff close the round and fix the nominees.
    let open = &selection.cases[0];
    assert_eq!(selection.voter_codes.len(), 9);
    let paper = recommendation::ballot_paper(&app, &selection.voter_codes[0]).await.unwrap();
    assert_eq!(paper.candidates.len(), 3);
    let ballot =
        BallotInput { code: selection.voter_codes[0].clone(), choices: vec![paper.candidates[0].cadre_id.clone()] };
    recommendation::cast(&app, &ballot).await.unwrap();
    let history = cases::history(&app, &staff, &open.id).await.unwrap();
    let round = history
        .iter()
        .find(|e| e.action == "selection.round.create")
        .and_then(|e| serde_json::from_str::<serde_json::Value>(&e.detail).ok())
        .and_then(|d| d["round"].as_str().map(str::to_owned))
        .unwrap();
    recommendation::close_round(&app, &staff, &round).await.unwrap();
    let nominated = recommendation::close_nomination(&app, &staff, &open.id).await.unwrap();
    assert_eq!(nominated.len(), 1);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_cases_posts_and_candidates() {
    let (_, first) = loaded(5).await;
    let (_, second) = loaded(5).await;
    let key = |s: &DemoSummary| -> Vec<(String, String, String)> {
        s.selection.cases.iter().map(|c| (c.number.clone(), c.post.clone(), c.candidate.clone())).collect()
    };
    assert_eq!(key(&first), key(&second));
}

#[tokio::test]
async fn on_a_holiday_the_demo_still_has_a_notice_running() {
    // Sunday 2026-10-04, inside the National Day holiday: the notice was published on the last
    // working day before it and runs past the holiday.
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-10-04 02:00 UTC))).expect("policy");
    demo::load_demo(&app, 42).await.expect("demo loads");
    let public = publicity::public_notices(&app).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!((public[0].published_on.as_str(), public[0].period_end.as_str()), ("2026-09-30", "2026-10-12"));
}
