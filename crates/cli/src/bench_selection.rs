//! `jianquan bench --part selection` (issue 3): a democratic-recommendation round with an
//! electorate of 5,000 voting online with one-time codes (issuing the codes, casting every ballot
//! through the use-case, the tally at closing and the recount from the stored ballots), and the
//! eligibility gate for 1,000 candidates drawn from the roster, through the use-cases staff use.
//!
//! Everything the benchmark needs is made here, deterministically, through the same use-cases
//! (cases, rounds, ballots, nominations, the four musts); the candidates' dossier facts the gate
//! reads (an open tenure, grades, sanctions, family) are written once per candidate in one
//! ledgered transaction when missing. The cases are archived at the end, with the reason, so
//! they hold no seat of their posts; like every write they stay in the ledger.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use jianquan_app::actor::AccountIdentity;
use jianquan_app::registry::cadres::CadreQuery;
use jianquan_app::selection::cases::{self, MotionInput};
use jianquan_app::selection::eligibility::{self, CheckInput, GateInput};
use jianquan_app::selection::recommendation::{self, BallotInput, OpenInput, RoundInput};
use jianquan_app::{Actor, App, AppError};
use jianquan_domain::access::Role;
use jianquan_domain::registry::dossier::{AnnualGrade, FamilyMember, RewardSanction, Tenure};
use jianquan_storage::registry::bulk::{self, BulkRewardSanction, Owned};
use jianquan_storage::registry::{cadres, dossier, orgs, posts};
use jianquan_storage::selection::candidates;
use serde_json::json;
use time::{Date, Duration as Days};

use crate::bench::{Figures, print_latencies};

/// Candidates per gate case: a ballot marks at most 50 (the round's `max_choices`), and every
/// voter marks every candidate so that all reach the threshold and are nominated.
const PER_CASE: usize = 50;

/// The tally round's reference candidates and how many a ballot may mark.
const ROUND_CANDIDATES: usize = 8;
const ROUND_CHOICES: usize = 3;

/// splitmix64: a small deterministic generator for the benchmark's data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

fn app_err(e: AppError) -> anyhow::Error {
    anyhow!("{e}")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Options of the selection benchmark.
pub struct Options {
    pub voters: usize,
    pub candidates: usize,
    /// Tally rounds (each with `voters` ballots) and recount runs.
    pub runs: usize,
}

pub async fn selection(app: &App, o: &Options) -> anyhow::Result<()> {
    let mut conn = app.db.read().await?;
    let root = orgs::roots(&mut conn)
        .await?
        .into_iter()
        .next()
        .context("the database has no orgs: run `jianquan generate` first")?;
    let path = root.org_path()?;
    let vacant = jianquan_storage::selection::vacant_posts(&mut conn, &path, 1_000).await?;
    drop(conn);
    let identity = AccountIdentity {
        id: "bench".into(),
        username: "bench".into(),
        display_name: "基准测试".into(),
        cadre_id: None,
    };
    let actor = Actor::account(identity, Role::OrgStaff, path, root.id.clone(), root.name.clone());
    let mut posts = vacant.into_iter().map(|p| p.id);
    let mut opened = Vec::new();
    let result = async {
        tally(app, &actor, &mut posts, &mut opened, o).await?;
        gate(app, &actor, &mut posts, &mut opened, o.candidates).await
    }
    .await;
    // The benchmark's cases end here, recorded with their reason, so that they hold no seat.
    let mut ended = 0;
    for case in &opened {
        if cases::archive(app, &actor, case, "基准测试数据（bench --part selection），不作任用").await.is_ok()
        {
            ended += 1;
        }
    }
    println!("\narchived {ended} of the {} benchmark cases", opened.len());
    result
}

/// Opens a democratic-recommendation case on the next post that takes one (a post whose seats
/// are all held by running cases refuses the motion under SEL-VACANCY).
async fn open_case(
    app: &App,
    actor: &Actor,
    posts: &mut impl Iterator<Item = String>,
    opened: &mut Vec<String>,
    plan: &str,
) -> anyhow::Result<(String, String)> {
    for post_id in posts.by_ref() {
        if let Some(case) = open_case_on(app, actor, &post_id, opened, plan).await? {
            return Ok((case, post_id));
        }
    }
    bail!("no post with a free seat left for a benchmark case")
}

/// Opens a case on `post_id` and begins its recommendation; `None` if the post has no seat left.
async fn open_case_on(
    app: &App,
    actor: &Actor,
    post_id: &str,
    opened: &mut Vec<String>,
    plan: &str,
) -> anyhow::Result<Option<String>> {
    let input = MotionInput {
        post_id: post_id.to_owned(),
        method: "democratic_recommendation".into(),
        proposer: "基准测试".into(),
        work_plan: plan.into(),
        date: String::new(),
    };
    match cases::open_case(app, actor, &input).await {
        Ok(case) => {
            opened.push(case.id.clone());
            recommendation::begin(app, actor, &case.id).await.map_err(app_err)?;
            Ok(Some(case.id))
        }
        Err(AppError::Refused(_)) => Ok(None),
        Err(e) => Err(app_err(e)),
    }
}

/// The recommendation rounds: issue `voters` codes, cast a ballot with each, close (the tally),
/// then recount from the stored ballots.
async fn tally(
    app: &App,
    actor: &Actor,
    posts: &mut impl Iterator<Item = String>,
    opened: &mut Vec<String>,
    o: &Options,
) -> anyhow::Result<()> {
    let (case, post_id) = open_case(app, actor, posts, opened, "基准测试：5000 人参加的会议推荐").await?;
    let mut conn = app.db.read().await?;
    let post = posts::get(&mut conn, &post_id).await?.context("the case's post")?;
    let org = orgs::get(&mut conn, &post.org_id).await?.context("the post's org")?;
    drop(conn);
    let query = CadreQuery { org: org.id.clone(), ..CadreQuery::default() };
    let page = jianquan_app::registry::cadres::list_cadres(app, actor, &query).await.map_err(app_err)?;
    let candidates: Vec<String> = page.items.iter().take(ROUND_CANDIDATES).map(|c| c.id.clone()).collect();
    let electorate: Vec<String> = (1..=o.voters).map(|i| format!("推荐人{i:05}")).collect();
    println!(
        "\ntally: case on {} ({}), {} voters present of {}, {} candidates, {ROUND_CHOICES} choices a ballot",
        post.title,
        org.name,
        o.voters,
        o.voters,
        candidates.len()
    );
    let mut rng = Rng(2026);
    let (mut issue, mut casting, mut closes, mut rounds) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ballots = Figures { name: format!("cast one ballot (online, {} voters)", o.voters), samples: Vec::new() };
    for _ in 0..o.runs.max(1) {
        let input = RoundInput {
            kind: "meeting".into(),
            voting: "online".into(),
            targeted: String::new(),
            max_choices: ROUND_CHOICES.to_string(),
            electorate: electorate.clone(),
            candidates: candidates.clone(),
        };
        let round = recommendation::create_round(app, actor, &case, &input).await.map_err(app_err)?;
        let started = Instant::now();
        let opened = recommendation::open_round(
            app,
            actor,
            &round,
            &OpenInput { present: electorate.clone(), date: String::new() },
        )
        .await
        .map_err(app_err)?;
        issue.push(started.elapsed());
        let started = Instant::now();
        for code in &opened.codes {
            let choices = marks(&mut rng, &candidates);
            let one = Instant::now();
            recommendation::cast(app, &BallotInput { code: code.clone(), choices }).await.map_err(app_err)?;
            ballots.samples.push(one.elapsed());
        }
        casting.push(started.elapsed());
        let started = Instant::now();
        let outcome = recommendation::close_round(app, actor, &round).await.map_err(app_err)?;
        closes.push(started.elapsed());
        let t = &outcome.tally;
        println!(
            "round closed: {} valid ({} blank), {} invalid; votes {}",
            t.valid,
            t.blank,
            t.invalid,
            t.votes.values().map(ToString::to_string).collect::<Vec<_>>().join(" ")
        );
        rounds.push(round);
    }
    let mut recounts = Vec::new();
    for i in 0..o.runs.max(1) * 3 {
        let round = &rounds[i % rounds.len()];
        let started = Instant::now();
        let view = recommendation::view_round(app, actor, round).await.map_err(app_err)?;
        recounts.push(started.elapsed());
        if view.recount_matches != Some(true) {
            bail!("the recount of round {round} does not match what was recorded at closing");
        }
    }
    // The case's page: every step from the ledger, which now holds a ballot entry per voter.
    let mut pages = Vec::new();
    let mut shown = (0, false);
    for _ in 0..3 {
        let started = Instant::now();
        let view = jianquan_app::selection::view::view_case(app, actor, &case).await.map_err(app_err)?;
        pages.push(started.elapsed());
        shown = (view.history.len(), view.history.iter().any(|e| e.action == "selection.case.motion"));
    }
    println!(
        "case page: {} steps shown (the motion among them: {}) of {} recorded",
        shown.0,
        shown.1,
        o.runs.max(1) * (o.voters + 3) + 2
    );
    let runs = |name: &str, samples: &[Duration], per: Option<usize>| {
        let mut sorted: Vec<f64> = samples.iter().copied().map(ms).collect();
        sorted.sort_by(f64::total_cmp);
        let per = per.map_or("—".to_owned(), |n| format!("{:.0}", n as f64 / (sorted[sorted.len() / 2] / 1000.0)));
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {per} |",
            sorted.len(),
            sorted[0],
            sorted[sorted.len() / 2],
            sorted[sorted.len() - 1]
        );
    };
    println!(
        "\n| step ({} voters) | runs | min ms | median ms | max ms | per s |\n|---|---|---|---|---|---|",
        o.voters
    );
    runs("open the round: seal the electorate, issue the codes", &issue, Some(o.voters));
    runs("cast every ballot, one after another", &casting, Some(o.voters));
    runs("close: tally the stored ballots, record the standings", &closes, None);
    runs("recount from the stored ballots (the round's page)", &recounts, None);
    runs("the case's page (its steps from the ledger)", &pages, None);
    print_latencies(&[ballots]);
    Ok(())
}

/// A voter's marks: a few blank ballots, otherwise one to three candidates, the first ones
/// more often.
fn marks(rng: &mut Rng, candidates: &[String]) -> Vec<String> {
    if rng.chance(30) {
        return Vec::new();
    }
    let n = 1 + rng.below(ROUND_CHOICES as u64) as usize;
    let mut chosen: Vec<String> = Vec::with_capacity(n);
    while chosen.len() < n.min(candidates.len()) {
        // Skewed: the lower of two draws.
        let i = rng.below(candidates.len() as u64).min(rng.below(candidates.len() as u64)) as usize;
        if !chosen.contains(&candidates[i]) {
            chosen.push(candidates[i].clone());
        }
    }
    chosen
}

/// The gate for `n` candidates: pairs of cases of 50 nominees on one post (so both judge the
/// same move), each nominated through a small online round, with the four musts recorded. One
/// case of each pair is gated nominee by nominee (`run_gate`, as the gate form does), the other
/// all at once (`run_gates`); their recorded verdicts are compared. Then the move to inspection
/// judges every admitted candidate again.
async fn gate(
    app: &App,
    actor: &Actor,
    posts: &mut impl Iterator<Item = String>,
    opened: &mut Vec<String>,
    n: usize,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut conn = app.db.read().await?;
    let ids = jianquan_storage::training_standing::spread(&mut conn, n).await?;
    drop(conn);
    let written = ensure_dossiers(app, &ids).await?;
    println!(
        "\ngate: {} candidates spread over the roster; dossier facts written for {written} ({:.1} s)",
        ids.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut pairs: Vec<(String, String, Vec<String>)> = Vec::new();
    for chunk in ids.chunks(PER_CASE) {
        let (alone, together) = loop {
            let (a, post) = open_case(app, actor, posts, opened, "基准测试：资格审查（逐人）").await?;
            // The second case of the pair takes the post's other seat, if it has one.
            if let Some(b) = open_case_on(app, actor, &post, opened, "基准测试：资格审查（全部）").await? {
                break (a, b);
            }
        };
        let mut nominated = Vec::new();
        for case in [&alone, &together] {
            nominated = nominate(app, actor, case, chunk).await?;
        }
        pairs.push((alone, together, nominated));
    }
    let count: usize = pairs.iter().map(|p| p.2.len()).sum();
    println!(
        "{} pairs of cases in eligibility, {count} nominees each side, four musts recorded ({:.1} s of setup)",
        pairs.len(),
        started.elapsed().as_secs_f64()
    );

    // One by one, as the gate form runs it.
    let mut per = Figures { name: "gate one nominee (run_gate: dossier, judgement, verdict)".into(), samples: vec![] };
    let mut blocks: BTreeMap<String, usize> = BTreeMap::new();
    let mut admitted = 0;
    let started = Instant::now();
    for (case, _, nominees) in &pairs {
        for cadre in nominees {
            let input = GateInput { cadre_id: cadre.clone(), ..GateInput::default() };
            let one = Instant::now();
            let verdict = eligibility::run_gate(app, actor, case, &input).await;
            per.samples.push(one.elapsed());
            match verdict {
                Ok(_) => admitted += 1,
                Err(AppError::Refused(r)) => *blocks.entry(r.rule).or_default() += 1,
                Err(e) => return Err(app_err(e)),
            }
        }
    }
    let single = started.elapsed();
    // All of a case's nominees at once.
    let mut per_case = Figures { name: format!("gate all {PER_CASE} nominees of a case (run_gates)"), samples: vec![] };
    let mut admitted_together = 0;
    let started = Instant::now();
    for (_, case, _) in &pairs {
        let one = Instant::now();
        let verdicts = eligibility::run_gates(app, actor, case).await.map_err(app_err)?;
        per_case.samples.push(one.elapsed());
        admitted_together += verdicts.iter().filter(|v| v.admitted).count();
    }
    let batched = started.elapsed();
    let mut differ = 0;
    let mut conn = app.db.read().await?;
    for (alone, together, _) in &pairs {
        let verdicts = |rows: Vec<jianquan_storage::selection::candidates::CandidateRow>| {
            rows.into_iter().map(|c| (c.cadre_id, c.status, c.gate)).collect::<Vec<_>>()
        };
        let (a, b) = (
            verdicts(candidates::of_case(&mut conn, alone).await?),
            verdicts(candidates::of_case(&mut conn, together).await?),
        );
        differ += a.iter().zip(&b).filter(|(x, y)| x != y).count() + a.len().abs_diff(b.len());
    }
    drop(conn);
    let line = |what: &str, d: Duration| {
        println!("| {what} | {count} | {:.2} | {:.2} |", d.as_secs_f64(), ms(d) / count.max(1) as f64);
    };
    println!(
        "\nverdicts: {admitted} admitted one by one, {admitted_together} all at once; blocked first by {}; \
         {differ} recorded verdicts differ between the two ways",
        blocks.iter().map(|(rule, n)| format!("{rule} {n}")).collect::<Vec<_>>().join(", ")
    );
    println!("\n| the gate | nominees | total s | ms a nominee |\n|---|---|---|---|");
    line("one by one (run_gate per nominee)", single);
    line("all of a case at once (run_gates per case)", batched);

    let started = Instant::now();
    let mut subjects = 0;
    let mut refused = 0;
    for (alone, together, _) in &pairs {
        for case in [alone, together] {
            match eligibility::begin_inspection(app, actor, case).await {
                Ok(s) => subjects += s.len(),
                Err(AppError::Refused(_)) => refused += 1,
                Err(e) => return Err(app_err(e)),
            }
        }
    }
    let begin = started.elapsed();
    let judged = admitted + admitted_together;
    println!(
        "| the move to inspection, admitted judged again ({} cases) | {judged} | {:.2} | {:.2} |",
        pairs.len() * 2,
        begin.as_secs_f64(),
        ms(begin) / judged.max(1) as f64
    );
    println!("({subjects} inspection subjects; {refused} cases with no one admitted)");
    print_latencies(&[per, per_case]);
    Ok(())
}

/// Nominates `chunk` in a case: three talk-survey voters mark every one; then the four musts.
async fn nominate(app: &App, actor: &Actor, case: &str, chunk: &[String]) -> anyhow::Result<Vec<String>> {
    let electorate: Vec<String> = (1..=3).map(|i| format!("谈话对象{i}")).collect();
    let input = RoundInput {
        kind: "talk_survey".into(),
        voting: "online".into(),
        targeted: String::new(),
        max_choices: chunk.len().to_string(),
        electorate: electorate.clone(),
        candidates: chunk.to_vec(),
    };
    let round = recommendation::create_round(app, actor, case, &input).await.map_err(app_err)?;
    let codes = recommendation::open_round(app, actor, &round, &OpenInput { present: electorate, date: String::new() })
        .await
        .map_err(app_err)?
        .codes;
    for code in codes {
        recommendation::cast(app, &BallotInput { code, choices: chunk.to_vec() }).await.map_err(app_err)?;
    }
    recommendation::close_round(app, actor, &round).await.map_err(app_err)?;
    let nominated = recommendation::close_nomination(app, actor, case).await.map_err(app_err)?;
    for (i, cadre) in nominated.iter().enumerate() {
        four_musts(app, actor, case, cadre, i).await?;
    }
    Ok(nominated)
}

/// The four musts of a nominee: all clear, except that every 41st has one check not yet
/// recorded and every 59th a concern (so some are blocked under SEL-FOUR-MUSTS).
async fn four_musts(app: &App, actor: &Actor, case: &str, cadre: &str, i: usize) -> anyhow::Result<()> {
    let checks =
        ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard", "specific_petitions_checked"];
    for (k, check) in checks.iter().enumerate() {
        if i % 41 == 7 && k == 3 {
            continue;
        }
        let concern = i % 59 == 11 && k == 2;
        let input = CheckInput {
            cadre_id: cadre.to_owned(),
            check: (*check).to_owned(),
            date: String::new(),
            result: if concern { "concern" } else { "clear" }.into(),
            note: if concern { "纪检监察机关反映有待核实的问题线索".into() } else { String::new() },
        };
        eligibility::record_check(app, actor, case, &input).await.map_err(app_err)?;
    }
    Ok(())
}

/// Writes the gate's dossier facts for each candidate without annual grades: an open tenure
/// in their unit, grades of the last five years, now and then a sanction (some still within
/// their influence period), and a family (a few spouses, or all children of the unmarried,
/// abroad). One transaction, one ledger entry; returns the candidates written.
async fn ensure_dossiers(app: &App, ids: &[String]) -> anyhow::Result<usize> {
    let mut conn = app.db.read().await?;
    let mut missing = Vec::new();
    for id in ids {
        if dossier::sections(&mut conn, id).await?.grades.is_empty() {
            missing.push(id.clone());
        }
    }
    let found = cadres::by_ids(&mut conn, &missing).await?;
    drop(conn);
    let today = app.today();
    let mut tenures = Vec::new();
    let mut grades = Vec::new();
    let mut records = Vec::new();
    let mut family = Vec::new();
    for cadre in &found {
        let mut rng = Rng(cadre.id.bytes().fold(7_u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
        let start = today - Days::days(200 + rng.below(9 * 365) as i64);
        let title = if cadre.current_post.is_empty() { "科员".to_owned() } else { cadre.current_post.clone() };
        let tenure = Tenure {
            org_id: cadre.org_id.clone(),
            post_id: None,
            title,
            start_date: start,
            end_date: None,
            document_number: format!("基准任〔{}〕{}号", start.year(), 1 + rng.below(300)),
        };
        tenures.push(Owned { id: jianquan_app::context::new_id(), cadre_id: cadre.id.clone(), entry: tenure });
        for year in today.year() - 5..today.year() {
            let roll = rng.below(1000);
            let grade = match roll {
                0..=4 => "incompetent",
                5..=24 => "basically_competent",
                25..=194 => "excellent",
                _ => "competent",
            };
            grades.push((cadre.id.clone(), AnnualGrade { year, grade }));
        }
        if rng.chance(70) {
            records.push(sanction(app, &mut rng, &cadre.id, today)?);
        }
        family.extend(relatives(&mut rng, &cadre.id, today));
    }
    if found.is_empty() {
        return Ok(0);
    }
    let mut tx = app.db.write().await?;
    let detail = json!({"cadres": found.len(), "tenures": tenures.len(), "grades": grades.len(),
        "sanctions": records.len(), "family": family.len()});
    app.record(&mut tx, &Actor::system_for_cli(), "bench.selection.dossiers", ("bench", "selection"), detail, &[])
        .await
        .map_err(app_err)?;
    bulk::insert_tenures(&mut tx, &tenures).await?;
    bulk::insert_grades(&mut tx, &grades).await?;
    bulk::insert_rewards_sanctions(&mut tx, &records).await?;
    bulk::insert_family(&mut tx, &family).await?;
    tx.commit().await?;
    Ok(found.len())
}

fn sanction(app: &App, rng: &mut Rng, cadre_id: &str, today: Date) -> anyhow::Result<BulkRewardSanction> {
    let kinds = ["party_warning", "party_serious_warning", "gov_warning", "gov_demerit", "admonishment"];
    let kind = kinds[rng.below(kinds.len() as u64) as usize];
    let date = today - Days::days(30 + rng.below(5 * 365) as i64);
    let influence = jianquan_app::registry::dossier::influence_until(app, kind, date).map_err(app_err)?;
    let entry = RewardSanction {
        category: "sanction",
        kind,
        date,
        authority: "基准测试纪委监委".into(),
        document_number: format!("基准纪〔{}〕{}号", date.year(), 1 + rng.below(200)),
        reason: "违反工作纪律".into(),
    };
    let row = Owned { id: jianquan_app::context::new_id(), cadre_id: cadre_id.to_owned(), entry };
    Ok(BulkRewardSanction { row, influence })
}

fn relatives(rng: &mut Rng, cadre_id: &str, today: Date) -> Vec<Owned<FamilyMember>> {
    let member = |relation: &'static str, name: &str, abroad: bool| Owned {
        id: jianquan_app::context::new_id(),
        cadre_id: cadre_id.to_owned(),
        entry: FamilyMember {
            relation,
            name: name.to_owned(),
            birth_date: Some(today - Days::days(365 * 40)),
            political_status: Some("13"),
            work_unit_and_post: if abroad { "定居国外" } else { "本市企业职员" }.into(),
            abroad,
        },
    };
    let married = !rng.chance(100);
    let mut list = Vec::new();
    if married {
        list.push(member("spouse", "配偶某", rng.chance(15)));
    }
    let children = 1 + rng.below(2);
    let all_abroad = !married && rng.chance(300);
    for k in 0..children {
        list.push(member(if k == 0 { "son" } else { "daughter" }, "子女某", all_abroad));
    }
    list
}
