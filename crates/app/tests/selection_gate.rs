#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]
//! The eligibility gate read two ways: one nominee at a time (`run_gate`, ten statements a
//! nominee) and all of a case's nominees together (`run_gates` and the move to inspection, a few
//! statements in all). On the demo city — grades, sanctions in and past their influence
//! periods, emigrated families, seniority, training shortfalls, the demo's rule cases — both
//! give every nominee the same verdict, and the batched reads return what the single ones do.

use std::collections::{BTreeMap, BTreeSet};

use jianquan_app::actor::AccountIdentity;
use jianquan_app::selection::cases::{self, MotionInput};
use jianquan_app::selection::eligibility::{self, CheckInput, GateInput};
use jianquan_app::selection::recommendation::{self, BallotInput, OpenInput, RoundInput};
use jianquan_app::{Actor, App, AppError, Clock};
use jianquan_domain::access::Role;
use jianquan_domain::registry::dossier::RewardSanctionInput;
use jianquan_domain::training::Requirements;
use jianquan_storage::registry::dossier;
use jianquan_storage::registry::orgs;
use jianquan_storage::selection::candidates;
use jianquan_storage::training::Window;
use sqlx::Row;
use time::macros::datetime;

async fn demo() -> (App, Actor, Vec<String>) {
    let db = jianquan_storage::testing::fresh_db().await.expect("test database");
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).expect("policy");
    let summary = jianquan_app::demo::load_demo(&app, 2026).await.expect("demo city");
    let mut conn = app.db.read().await.unwrap();
    let root = orgs::roots(&mut conn).await.unwrap().into_iter().next().unwrap();
    drop(conn);
    let identity =
        AccountIdentity {
            id: "staff".into(), username: "staff".into(), display_name: "干部科".into(), cadre_id: None
        };
    let actor = Actor::account(identity, Role::OrgStaff, root.org_path().unwrap(), root.id.clone(), root.name.clone());
    // Every cadre of the demo's rule cases, then every 25th of the roster.
    let mut picked: Vec<String> = Vec::new();
    for id in
        summary.cases.iter().filter_map(|c| c.cadre_id.clone()).chain(all_cadres(&app).await.into_iter().step_by(25))
    {
        if !picked.contains(&id) {
            picked.push(id);
        }
    }
    (app, actor, picked)
}

async fn all_cadres(app: &App) -> Vec<String> {
    let mut conn = app.db.read().await.unwrap();
    let rows = sqlx::query("SELECT id FROM cadres ORDER BY id").fetch_all(&mut *conn).await.unwrap();
    rows.iter().map(|r| r.try_get(0).unwrap()).collect()
}

/// A new post with two seats at the city: the two cases compared share one, so that they judge
/// the same move (the post's rank is the target of SEL-SENIORITY).
async fn post_with_two_seats(app: &App, actor: &Actor, rank: &str) -> String {
    let input = jianquan_app::registry::posts::PostInput {
        org_id: actor.scope_org_id.clone().unwrap(),
        title: format!("{rank} 岗位"),
        rank: rank.into(),
        authorised: "2".into(),
        ..Default::default()
    };
    jianquan_app::registry::posts::create_post(app, &Actor::system_for_cli(), &input).await.unwrap().id
}

/// A case on `post` in eligibility with `ids` nominated (three talk-survey voters mark them all)
/// and the four musts recorded — all clear but one check missing for every 7th and a concern
/// for every 11th.
async fn nominated(app: &App, actor: &Actor, post: &str, ids: &[String]) -> String {
    let input = MotionInput {
        post_id: post.into(),
        method: "democratic_recommendation".into(),
        proposer: "市委组织部".into(),
        work_plan: "民主推荐、资格审查".into(),
        date: String::new(),
    };
    let case = cases::open_case(app, actor, &input).await.unwrap().id;
    recommendation::begin(app, actor, &case).await.unwrap();
    let electorate: Vec<String> = (1..=3).map(|i| format!("谈话对象{i}")).collect();
    let round = RoundInput {
        kind: "talk_survey".into(),
        voting: "online".into(),
        targeted: String::new(),
        max_choices: ids.len().to_string(),
        electorate: electorate.clone(),
        candidates: ids.to_vec(),
    };
    let round = recommendation::create_round(app, actor, &case, &round).await.unwrap();
    let opened =
        recommendation::open_round(app, actor, &round, &OpenInput { present: electorate, date: String::new() })
            .await
            .unwrap();
    for code in opened.codes {
        recommendation::cast(app, &BallotInput { code, choices: ids.to_vec() }).await.unwrap();
    }
    recommendation::close_round(app, actor, &round).await.unwrap();
    assert_eq!(recommendation::close_nomination(app, actor, &case).await.unwrap().len(), ids.len());
    let checks =
        ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard", "specific_petitions_checked"];
    for (i, cadre) in ids.iter().enumerate() {
        for (k, check) in checks.iter().enumerate() {
            if i % 7 == 3 && k == 1 {
                continue;
            }
            let concern = i % 11 == 5 && k == 2;
            let input = CheckInput {
                cadre_id: cadre.clone(),
                check: (*check).into(),
                date: String::new(),
                result: if concern { "concern" } else { "clear" }.into(),
                note: if concern { "反映有待核实的问题".into() } else { String::new() },
            };
            eligibility::record_check(app, actor, &case, &input).await.unwrap();
        }
    }
    case
}

/// Each candidate's status and recorded gate.
async fn recorded(app: &App, case: &str) -> BTreeMap<String, (String, Option<String>)> {
    let mut conn = app.db.read().await.unwrap();
    let rows = candidates::of_case(&mut conn, case).await.unwrap();
    rows.into_iter().map(|c| (c.cadre_id, (c.status.code().to_owned(), c.gate))).collect()
}

#[tokio::test]
async fn the_gate_of_all_nominees_together_gives_each_the_verdict_of_the_gate_alone() {
    let (app, actor, ids) = demo().await;
    assert!(ids.len() > 120, "{} candidates", ids.len());
    let ranks = ["county_principal", "county_deputy", "township_principal", "bureau_deputy"];
    let mut rules: BTreeSet<String> = BTreeSet::new();
    let mut admitted = 0;
    for (n, chunk) in ids.chunks(50).enumerate() {
        let post = &post_with_two_seats(&app, &actor, ranks[n % ranks.len()]).await;
        let alone = nominated(&app, &actor, post, chunk).await;
        let together = nominated(&app, &actor, post, chunk).await;
        for cadre in chunk {
            let input = GateInput { cadre_id: cadre.clone(), ..GateInput::default() };
            match eligibility::run_gate(&app, &actor, &alone, &input).await {
                Ok(_) => {}
                Err(AppError::Refused(r)) => {
                    rules.insert(r.rule);
                }
                Err(e) => panic!("{e}"),
            }
        }
        let verdicts = eligibility::run_gates(&app, &actor, &together).await.unwrap();
        assert_eq!(verdicts.len(), chunk.len());
        admitted += verdicts.iter().filter(|v| v.admitted).count();
        for v in &verdicts {
            for b in &v.gate.blocks {
                rules.insert(b.basis.unwrap_or(b.rule).to_owned());
            }
        }
        let (one, all) = (recorded(&app, &alone).await, recorded(&app, &together).await);
        assert_eq!(one.len(), chunk.len());
        for (cadre, verdict) in &one {
            assert_eq!(Some(verdict), all.get(cadre), "{cadre}");
        }
        // The move to inspection judges the admitted again, together: nothing changed, so
        // exactly those admitted become subjects.
        let subjects: BTreeSet<String> =
            eligibility::begin_inspection(&app, &actor, &together).await.unwrap().into_iter().collect();
        let expected: BTreeSet<String> = verdicts.iter().filter(|v| v.admitted).map(|v| v.cadre_id.clone()).collect();
        assert_eq!(subjects, expected);
    }
    // The demo's dossiers make the comparison mean something: admitted and blocked, for many reasons.
    assert!(admitted > 10, "{admitted} admitted");
    for rule in ["SEL-FOUR-MUSTS", "SEL-SENIORITY", "SEL-INELIGIBLE", "DSC-GOV-PERIODS", "DSC-PARTY-PERIODS"] {
        assert!(rules.contains(rule), "no block under {rule}: {rules:?}");
    }
}

#[tokio::test]
async fn a_sanction_after_the_verdict_blocks_at_the_move_to_inspection() {
    let (app, actor, ids) = demo().await;
    let post = &post_with_two_seats(&app, &actor, "township_deputy").await;
    let case = nominated(&app, &actor, post, &ids[ids.len() - 40..]).await;
    let verdicts = eligibility::run_gates(&app, &actor, &case).await.unwrap();
    let admitted: Vec<&str> = verdicts.iter().filter(|v| v.admitted).map(|v| v.cadre_id.as_str()).collect();
    assert!(admitted.len() >= 2, "{admitted:?}");
    let sanction = RewardSanctionInput {
        kind: "gov_demerit".into(),
        date: "2026-10-01".into(),
        authority: "东营市监委".into(),
        document_number: "东监〔2026〕9号".into(),
        reason: "违规发放津补贴".into(),
    };
    jianquan_app::registry::dossier::add_reward_sanction(&app, &actor, admitted[0], &sanction).await.unwrap();
    let subjects = eligibility::begin_inspection(&app, &actor, &case).await.unwrap();
    assert_eq!(subjects.len(), admitted.len() - 1);
    assert!(!subjects.iter().any(|s| s == admitted[0]));
    let (status, gate) = recorded(&app, &case).await.remove(admitted[0]).unwrap();
    assert_eq!(status, "blocked");
    assert!(gate.unwrap().contains("DSC-GOV-PERIODS"));
}

#[tokio::test]
async fn the_batched_reads_return_what_the_single_reads_return() {
    let (app, staff, _) = demo().await;
    // A verified objection against the running notice's cadre, so the batched read of verified
    // reports has something to find (the demo's own objection was not verified).
    use jianquan_app::selection::publicity::{self, FindingInput, ObjectionInput};
    let notice = publicity::public_notices(&app).await.unwrap().into_iter().next().expect("a running notice");
    let objection = ObjectionInput {
        notice_id: notice.id.clone(),
        anonymous: "1".into(),
        name: String::new(),
        contact: String::new(),
        text: "反映其在任期间违规插手工程项目。".into(),
        ..Default::default()
    };
    publicity::object(&app, &objection, &jianquan_app::challenge::Proof::waived_for_system_data()).await.unwrap();
    let mut conn = app.db.read().await.unwrap();
    let open = jianquan_storage::selection::publicity::objections(&mut conn, &notice.id)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.finding.is_none())
        .unwrap();
    drop(conn);
    let discipline = Actor::account(
        AccountIdentity { id: "jw".into(), username: "jw".into(), display_name: "纪委".into(), cadre_id: None },
        Role::Discipline,
        staff.scope.clone().unwrap(),
        staff.scope_org_id.clone().unwrap(),
        staff.scope_name.clone(),
    );
    let finding = FindingInput { objection_id: open.id, finding: "verified".into(), note: "经核查属实".into() };
    publicity::record_finding(&app, &discipline, &finding).await.unwrap();
    let ids = all_cadres(&app).await;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut conn = app.db.read().await.unwrap();
    let sections = dossier::gate_sections_of(&mut conn, &refs).await.unwrap();
    let req = Requirements::in_force(&app.policy, app.today()).unwrap();
    let w = Window { window_after: req.window_after(), year_start: req.year_start(), on: req.on };
    let totals = jianquan_storage::training::totals_of_many(&mut conn, &refs, &w).await.unwrap();
    let rules: Vec<String> = sqlx::query("SELECT DISTINCT rule FROM obligations WHERE status = 'open' ORDER BY rule")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    assert!(!rules.is_empty());
    let mut open = BTreeMap::new();
    for rule in &rules {
        open.insert(rule.clone(), jianquan_storage::integrity::with_open(&mut conn, &refs, rule).await.unwrap());
    }
    let verified = jianquan_storage::selection::publicity::verified_against_many(&mut conn, &refs).await.unwrap();
    let (mut grades, mut sanctions, mut family, mut trained, mut obliged) = (0, 0, 0, 0, 0);
    for id in &ids {
        let single = dossier::sections(&mut conn, id).await.unwrap();
        let many = &sections[id];
        let mut starts: Vec<&str> = single.tenures.iter().map(|t| t.start_date.as_str()).collect();
        starts.sort_unstable();
        assert_eq!(many.tenure_starts.iter().map(String::as_str).collect::<Vec<_>>(), starts, "{id}");
        assert_eq!(many.grades, single.grades, "{id}");
        assert_eq!(many.rewards_sanctions, single.rewards_sanctions, "{id}");
        assert_eq!(many.family, single.family, "{id}");
        (grades, sanctions, family) =
            (grades + single.grades.len(), sanctions + single.rewards_sanctions.len(), family + single.family.len());
        let t = jianquan_storage::training::totals_of(&mut conn, id, &w).await.unwrap();
        assert_eq!(totals[id.as_str()], t, "{id}");
        trained += usize::from(t.year_hours > 0);
        for rule in &rules {
            let has = jianquan_storage::integrity::has_open(&mut conn, id, rule).await.unwrap();
            assert_eq!(open[rule].contains(id), has, "{id} {rule}");
            obliged += usize::from(has);
        }
        let v = jianquan_storage::selection::publicity::verified_against(&mut conn, id).await.unwrap();
        assert_eq!(verified.get(id).copied().unwrap_or(0), v, "{id}");
    }
    assert!(grades > 1000 && sanctions > 10 && family > 1000 && trained > 100 && obliged > 10);
    assert!(verified.values().sum::<i64>() > 0, "the verified objection is found by the batched read");
}
