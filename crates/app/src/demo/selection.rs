//! The demo city's selection cases (选拔任用纪实), one at each stage a user would want to see and
//! continue, all taken through the selection use-cases in the demo accounts' names:
//!
//! 1. **动议 + 民主推荐**: a motion three working days ago and an online meeting round opened
//!    today, with most voters' ballots in and a few voter codes still unspent — `orgstaff`
//!    closes the round, fixes the nominees and goes on;
//! 2. **考察**: the nominee passed the gate and the team is formed; `inspector` has the
//!    responsibility letter to accept before recording interviews and the report;
//! 3. **讨论决定**: the city committee meets today with the case on its agenda; seven members
//!    present have voted and `committee` has not — they vote, then `orgstaff` records the decision;
//! 4. **任前公示**: decided two working days ago and published yesterday (working day), so the
//!    notice runs on `/public/publicity` today; one anonymous objection was answered by
//!    `discipline` (not verified);
//! 5. **任职 + 归档**: appointed after its publicity, with the tenure, probation and the
//!    promotion's duties in the dossier, and archived.
//!
//! The committee has nine members: the demo's `committee` account and `committee2`…`committee9`
//! (same password). Posts are 县处级副职 posts with a free seat; candidates are 乡科级正职
//! leaders who pass the gate on the day it is run (checked first, without recording anything).
//! Days count back from today on the working-day calendar; choices come from the seed.

use serde::Serialize;
use time::Date;

use jianquan_domain::Msg;
use jianquan_domain::selection::decision::VoteMethod;
use jianquan_storage::registry::{orgs, posts};

use crate::access::accounts::{NewAccount, create_account};
use crate::demo::DEMO_PASSWORD;
use crate::demo::rng::Rng;
use crate::demo::selection_steps::{Steps, actor_of};
use crate::selection::appointment::{self, AppointInput};
use crate::selection::views::Case;
use crate::selection::{cases, choices};
use crate::{Actor, App, AppError, AppResult};

/// The other members of the city committee (username, display name).
const MEMBERS: &[(&str, &str)] = &[
    ("committee2", "市委常委 王建国"),
    ("committee3", "市委常委 刘振华"),
    ("committee4", "市委常委 陈晓峰"),
    ("committee5", "市委常委 赵文静"),
    ("committee6", "市委常委 孙立新"),
    ("committee7", "市委常委 周慧敏"),
    ("committee8", "市委常委 吴海涛"),
    ("committee9", "市委书记 郑国栋"),
];

/// One demo selection case and what to do with it.
#[derive(Debug, Clone, Serialize)]
pub struct SelectionCase {
    pub id: String,
    /// 纪实〔年〕号.
    pub number: String,
    /// The case's state code (recommendation, inspection, decision, publicity, archived).
    pub state: String,
    pub post: String,
    /// The nominee (empty while the round runs).
    pub candidate: String,
    pub note: Msg,
}

/// What the selection demo wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SelectionSummary {
    pub cases: Vec<SelectionCase>,
    /// The committee members' usernames, `committee` first.
    pub committee_members: Vec<String>,
    /// The open round's voter codes not yet used (for trying `/public/vote`).
    pub voter_codes: Vec<String>,
    /// The receipt code of the answered objection on the running notice.
    pub objection_receipt: String,
}

fn internal(e: AppError) -> AppError {
    match e {
        AppError::Invalid(invalid) => AppError::internal(format!("selection demo: {invalid}")),
        AppError::Refused(refusal) => AppError::internal(format!("selection demo: {refusal}")),
        other => other,
    }
}

/// Loads the selection demo into a database holding the demo city and its accounts.
pub async fn load(app: &App, seed: u64) -> AppResult<SelectionSummary> {
    run(app, seed).await.map_err(internal)
}

async fn committee(app: &App, city_id: &str) -> AppResult<Vec<Actor>> {
    let system = Actor::system_for_cli();
    let mut members = vec![actor_of(app, "committee").await?];
    for (username, display) in MEMBERS {
        let mut conn = app.db.read().await?;
        let exists = jianquan_storage::access::user_by_name(&mut conn, username).await?.is_some();
        drop(conn);
        if !exists {
            let account = NewAccount {
                username: (*username).into(),
                display_name: (*display).into(),
                password: DEMO_PASSWORD.into(),
                role: "committee".into(),
                org_id: city_id.into(),
                cadre_id: None,
            };
            create_account(app, &system, account).await?;
        }
        members.push(actor_of(app, username).await?);
    }
    Ok(members)
}

/// Posts of 县处级副职 (not middle-level) with a free seat, one seat each, in an order drawn
/// from the seed.
async fn vacancies(app: &App, staff: &Actor, rng: &mut Rng, n: usize) -> AppResult<Vec<(String, String)>> {
    let mut open = choices::vacant_posts(app, staff).await?;
    open.sort_by(|a, b| (&a.org_name, &a.title).cmp(&(&b.org_name, &b.title)));
    let mut seats = Vec::new();
    let mut conn = app.db.read().await?;
    for v in open {
        let Some(post) = posts::get(&mut conn, &v.id).await? else { continue };
        if post.rank == "county_deputy" && !post.middle_level && post.vacancies > 0 {
            seats.push((post.id, format!("{}{}", v.org_name, v.title)));
        }
    }
    drop(conn);
    if seats.len() < n {
        return Err(AppError::internal(format!("only {} vacant 县处级副职 posts", seats.len())));
    }
    let start = rng.below(seats.len());
    seats.rotate_left(start);
    let step = (seats.len() / n).max(1);
    Ok(seats.into_iter().step_by(step).take(n).collect())
}

fn entry(case: &Case, state: &str, post: &str, candidate: &str, zh: &str, en: &str) -> SelectionCase {
    SelectionCase {
        id: case.id.clone(),
        number: case.number.clone(),
        state: state.into(),
        post: post.into(),
        candidate: candidate.into(),
        note: Msg::new(zh, en),
    }
}

fn meeting_title(held_on: Date, number: u32) -> String {
    format!("中共东营市委常委会{}年第{number}次会议", held_on.year())
}

async fn run(app: &App, seed: u64) -> AppResult<SelectionSummary> {
    let mut conn = app.db.read().await?;
    let roots = orgs::roots(&mut conn).await?;
    drop(conn);
    let city = roots.into_iter().find(|o| o.name == "东营市").ok_or_else(|| AppError::internal("no city"))?;
    let members = committee(app, &city.id).await?;
    let mut s = Steps {
        app,
        today: app.today(),
        staff: actor_of(app, "orgstaff").await?,
        inspector: actor_of(app, "inspector").await?,
        discipline: actor_of(app, "discipline").await?,
        members,
        city,
        rng: Rng::stream(seed, 0x5e1),
        used: Default::default(),
    };
    let mut summary = SelectionSummary {
        committee_members: s.members.iter().map(|m| m.username.clone()).collect(),
        ..SelectionSummary::default()
    };
    let posts = vacancies(app, &s.staff, &mut s.rng, 5).await?;
    // The motions, oldest first, so the case numbers follow the dates.
    let mut opened = Vec::new();
    for ((post, _), days_back) in posts.iter().zip([42, 26, 18, 12, 3]) {
        opened.push(s.motion(post, s.back(days_back)).await?);
    }
    let label = |k: usize| posts[k].1.clone();

    // 5. Appointed and archived.
    let case = &opened[0];
    let gate_day = s.back(36);
    let people = s.candidates(case, 2, gate_day).await?;
    let (round, _) = s.round(case, &people, s.back(40), (30, 28, 28), &[20, 6]).await?;
    s.nominate_and_gate(case, &round, &people[0], s.back(38), gate_day).await?;
    s.inspect(case, &people[0], s.back(35), Some((s.back(34), s.back(31)))).await?;
    let held = s.back(29);
    let (meeting, item) = s
        .meeting(&meeting_title(held, 31), (s.back(30), held), (case, &people[0]), VoteMethod::ShowOfHands, &[7])
        .await?;
    let mut all_agree = [Some("agree"); 9];
    all_agree[7] = None; // absent
    s.votes(&meeting, &item, held, &all_agree).await?;
    s.decide(&meeting, &item, held).await?;
    s.publicise(case, s.back(28)).await?;
    let appointed_on = s.on(s.back(21));
    let year = appointed_on.today().year();
    let input = AppointInput { document_number: format!("东组任〔{year}〕41号"), ..AppointInput::default() };
    appointment::appoint(&appointed_on, &s.staff, &case.id, &input).await?;
    cases::archive(&appointed_on, &s.staff, &case.id, "").await?;
    summary.cases.push(entry(
        case,
        "archived",
        &label(0),
        &people[0].name,
        "已任职并归档：任职、试用期和提拔后的义务已写入干部档案，纪实页可查看每一步",
        "appointed and archived: tenure, probation and the promotion's duties are in the dossier; every step is on the case page",
    ));

    // 4. In publicity now, one objection answered.
    let case = &opened[1];
    let gate_day = s.back(20);
    let people = s.candidates(case, 2, gate_day).await?;
    let (round, _) = s.round(case, &people, s.back(24), (35, 31, 31), &[19, 9]).await?;
    s.nominate_and_gate(case, &round, &people[0], s.back(22), gate_day).await?;
    s.inspect(case, &people[0], s.back(19), Some((s.back(18), s.back(8)))).await?;
    let held = s.back(2);
    let (meeting, item) =
        s.meeting(&meeting_title(held, 34), (s.back(6), held), (case, &people[0]), VoteMethod::Oral, &[]).await?;
    let mut votes = [Some("agree"); 9];
    votes[7] = Some("disagree");
    votes[8] = Some("defer");
    s.votes(&meeting, &item, held, &votes).await?;
    s.decide(&meeting, &item, held).await?;
    let published = s.back(1);
    let notice = s.publicise(case, published).await?;
    summary.objection_receipt = s.answered_objection(&notice, published, s.today).await?;
    summary.cases.push(entry(
        case,
        "publicity",
        &label(1),
        &people[0].name,
        "任前公示中（/public/publicity 可见）：一件匿名反映已由市纪委监委核查答复（不属实）；期满后 orgstaff 可办理任职",
        "in pre-appointment publicity (public at /public/publicity): one anonymous objection answered by discipline (not verified); orgstaff appoints after the period",
    ));

    // 3. At the committee meeting today, by secret ballot: `committee` has yet to vote.
    let case = &opened[2];
    let gate_day = s.back(13);
    let people = s.candidates(case, 2, gate_day).await?;
    let (round, _) = s.round(case, &people, s.back(16), (28, 26, 25), &[17, 5]).await?;
    s.nominate_and_gate(case, &round, &people[0], s.back(14), gate_day).await?;
    s.inspect(case, &people[0], s.back(12), Some((s.back(11), s.back(4)))).await?;
    let held = s.today;
    let (meeting, item) = s
        .meeting(&meeting_title(held, 35), (s.back(2), held), (case, &people[0]), VoteMethod::SecretBallot, &[5])
        .await?;
    let mut votes = [Some("agree"); 9];
    votes[0] = None; // the demo's `committee` account
    votes[5] = None; // absent
    votes[8] = Some("defer");
    s.votes(&meeting, &item, held, &votes).await?;
    summary.cases.push(entry(
        case,
        "decision",
        &label(2),
        &people[0].name,
        "市委常委会今日开会，议题以无记名投票表决：committee 账号尚未投票，投票后 orgstaff 统计结果",
        "the city committee meets today and votes on the item by secret ballot: committee has not voted yet; after the vote orgstaff counts the ballots",
    ));

    // 2. In inspection: the inspector's letter awaits acceptance.
    let case = &opened[3];
    let gate_day = s.back(6);
    let people = s.candidates(case, 2, gate_day).await?;
    let (round, _) = s.round(case, &people, s.back(9), (26, 24, 24), &[15, 7]).await?;
    s.nominate_and_gate(case, &round, &people[0], s.back(7), gate_day).await?;
    s.inspect(case, &people[0], s.back(5), None).await?;
    summary.cases.push(entry(
        case,
        "inspection",
        &label(3),
        &people[0].name,
        "考察中：考察组已组成，inspector 须先签署考察责任书，再记录谈话和考察报告",
        "in inspection: the team is formed; inspector accepts the responsibility letter, then records interviews and the report",
    ));

    // 1. Just moved, the recommendation round open.
    let case = &opened[4];
    let people = s.candidates(case, 3, s.today).await?;
    let (_, unspent) = s.round(case, &people, s.today, (30, 27, 18), &[15, 2, 1]).await?;
    summary.voter_codes = unspent;
    summary.cases.push(entry(
        case,
        "recommendation",
        &label(4),
        "",
        "动议后民主推荐进行中：27 人到会，已投 18 票；orgstaff 可结束本轮并确定考察人选",
        "moved, recommendation running: 27 present, 18 ballots in; orgstaff closes the round and fixes the nominees",
    ));
    summary.cases.reverse();
    Ok(summary)
}
