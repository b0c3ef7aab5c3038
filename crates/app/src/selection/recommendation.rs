//! Democratic recommendation (民主推荐): rounds with an electorate sealed when they open
//! (SEL-RECOMMEND-ATTENDANCE), online voting with one-time voter codes or paper ballots counted by
//! two tellers who must agree, the tally recomputable from the stored ballots, and nomination of
//! the candidates who reach SEL-RECOMMEND-THRESHOLD with a valid result (SEL-RECOMMEND-VALIDITY).

use std::collections::{BTreeMap, BTreeSet};

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::nomination::{Dropped, Ranked, nominate};
use jianquan_domain::selection::recommendation::{Ballot, Outcome, Round, RoundKind, Standing, Tally};
use jianquan_domain::selection::status::Voting;
use jianquan_domain::selection::token::OneTimeCode;
use jianquan_domain::{Errors, FieldError, Invalid, Refusal};
use jianquan_storage::registry::cadres;
use jianquan_storage::selection::candidates::{self as candidate_store, Nominee};
use jianquan_storage::selection::cases::{self as case_store, CaseRow};
use jianquan_storage::selection::rounds::{self as store, NewRound, RoundRow, TellerCountRow};
use jianquan_storage::{Conn, Locked, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::views::{self, Elector, RoundCandidate, TellerCount};
use super::{SUBJECT, case_for, changed_meanwhile, code_hash, day_not_after_today, domain_case, flag, fresh_seed};
use super::{locked_case, require_state, step_error};
use crate::context::new_id;
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// Motion → democratic recommendation.
pub async fn begin(app: &App, actor: &Actor, case_id: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    domain_case(&row)?.begin_recommendation()?;
    let seq = app.record(&mut tx, actor, "selection.recommendation.begin", (SUBJECT, case_id), json!({}), &[]).await?;
    if !case_store::set_state(&mut tx, &row, State::Motion, State::Recommendation, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(())
}

/// A round as planned: its kind, how it votes, and the electorate and candidates to seal.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoundInput {
    /// meeting (会议推荐) or talk_survey (谈话调研推荐).
    pub kind: String,
    /// online (one-time voter codes) or paper (two tellers).
    pub voting: String,
    /// "1" for a targeted recommendation (定向推荐) for this case's post only.
    pub targeted: String,
    /// How many candidates a ballot may mark (应推荐人数).
    pub max_choices: String,
    /// The defined participants (参加推荐人员), one name each, unique.
    pub electorate: Vec<String>,
    /// Reference candidates (推荐参考人选): cadre IDs in scope.
    pub candidates: Vec<String>,
}

struct Lists {
    electorate: Vec<String>,
    candidates: Vec<String>,
}

async fn checked_lists(conn: &mut Conn, actor: &Actor, input: &RoundInput, e: &mut Errors) -> AppResult<Lists> {
    let mut electorate: Vec<String> = Vec::new();
    for name in input.electorate.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name.chars().count() > 60 {
            e.push(FieldError::new("electorate", format!("“{name}”过长"), format!("\"{name}\" is too long")));
        } else if !electorate.iter().any(|n| n == name) {
            electorate.push(name.to_owned());
        }
    }
    if electorate.is_empty() {
        e.push(FieldError::new("electorate", "请列出参加推荐人员", "list the defined participants"));
    }
    let found = cadres::by_ids(conn, &input.candidates).await?;
    let mut candidates = Vec::new();
    for id in &input.candidates {
        let seen = found
            .iter()
            .find(|c| &c.id == id)
            .is_some_and(|c| OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)));
        if !seen {
            e.push(FieldError::new(
                "candidates",
                "候选人不存在或不在您的范围内",
                "a candidate is not a cadre in your scope",
            ));
        } else if !candidates.contains(id) {
            candidates.push(id.clone());
        }
    }
    if input.candidates.is_empty() {
        e.push(FieldError::new("candidates", "请列出推荐参考人选", "list the reference candidates"));
    }
    Ok(Lists { electorate, candidates })
}

/// Plans a round of a case in recommendation.
pub async fn create_round(app: &App, actor: &Actor, case_id: &str, input: &RoundInput) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Recommendation, "SEL-RECOMMEND-ATTENDANCE")?;
    let mut e = Errors::default();
    let kind = RoundKind::parse(&input.kind);
    if kind.is_none() {
        e.push(FieldError::new("kind", "请选择会议推荐或谈话调研推荐", "choose meeting or talk-survey"));
    }
    let voting = Voting::parse(input.voting.trim());
    if voting.is_none() {
        e.push(FieldError::new("voting", "请选择网络投票或纸质投票", "choose online or paper voting"));
    }
    let max_choices = match input.max_choices.trim().parse::<i64>() {
        Ok(n) if (1..=50).contains(&n) => Some(n),
        _ => {
            e.push(FieldError::new("max_choices", "应推荐人数为 1 至 50", "choices per ballot: 1 to 50"));
            None
        }
    };
    let lists = checked_lists(&mut tx, actor, input, &mut e).await?;
    e.finish()?;
    let (Some(kind), Some(voting), Some(max_choices)) = (kind, voting, max_choices) else {
        return Err(Invalid::one("kind", "输入有误", "invalid").into());
    };
    let id = new_id();
    let targeted = flag(&input.targeted);
    let detail = json!({"round": id, "kind": kind.code(), "voting": voting.code(), "targeted": targeted,
        "max_choices": max_choices, "electorate": lists.electorate, "candidates": lists.candidates});
    let seq = app.record(&mut tx, actor, "selection.round.create", (SUBJECT, case_id), detail, &[]).await?;
    let new = NewRound { id: &id, case_id, kind, voting, targeted, max_choices };
    store::insert(&mut tx, &new, seq).await?;
    let round = store::lock(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    store::replace_lists(&mut tx, &round, &lists.electorate, &lists.candidates, seq).await?;
    tx.commit().await?;
    Ok(id)
}

/// A round the actor may see, with its case (for reading).
async fn round_for(app: &App, actor: &Actor, round_id: &str, capability: Capability) -> AppResult<(RoundRow, CaseRow)> {
    actor.require(capability)?;
    let mut conn = app.db.read().await?;
    let round = store::get(&mut conn, round_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let case = case_for(app, actor, &round.case_id, capability).await?;
    Ok((round, case))
}

/// A round and its case, both locked for a step inside `tx` (the case first, as every step
/// on a case locks it), if the actor may take steps on them.
async fn locked_round(
    tx: &mut WriteTx,
    actor: &Actor,
    round_id: &str,
    capability: Capability,
) -> AppResult<(Locked<RoundRow>, Locked<CaseRow>)> {
    actor.require(capability)?;
    let case_id = store::get(tx, round_id).await?.ok_or(AppError::NotFound)?.case_id;
    let case = locked_case(tx, actor, &case_id, capability).await?;
    let round = store::lock(tx, round_id).await?.ok_or(AppError::NotFound)?;
    Ok((round, case))
}

/// Changes the electorate and candidates of a round not yet open; refused once it is
/// (SEL-RECOMMEND-ATTENDANCE: sealed).
pub async fn update_lists(app: &App, actor: &Actor, round_id: &str, input: &RoundInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let (round, case) = locked_round(&mut tx, actor, round_id, Capability::SelectionWrite).await?;
    require_state(&case, State::Recommendation, "SEL-RECOMMEND-ATTENDANCE")?;
    if !round.status.is_preparing() {
        return Err(sealed());
    }
    let mut e = Errors::default();
    let lists = checked_lists(&mut tx, actor, input, &mut e).await?;
    e.finish()?;
    let detail = json!({"round": round_id, "electorate": lists.electorate, "candidates": lists.candidates});
    let seq = app
        .record(&mut tx, actor, "selection.round.lists", (SUBJECT, &case.id), detail, &["SEL-RECOMMEND-ATTENDANCE"])
        .await?;
    if !store::replace_lists(&mut tx, &round, &lists.electorate, &lists.candidates, seq).await? {
        return Err(sealed());
    }
    tx.commit().await?;
    Ok(())
}

fn sealed() -> AppError {
    Refusal::new(
        "SEL-RECOMMEND-ATTENDANCE",
        "推荐开始后参加人员范围和候选人不得变更",
        "the electorate and the candidates are sealed once the round opens",
    )
    .into()
}

/// The domain round of a stored one: its lists, and — once open — who attended.
async fn domain_round(app: &App, conn: &mut Conn, case: &CaseRow, round: &RoundRow) -> AppResult<Round> {
    let electors = store::electors(conn, &round.id).await?;
    let candidates = store::candidates(conn, &round.id).await?;
    let targeted = round.targeted.then_some(case.post_id.as_str());
    let mut r = Round::new(&round.id, round.kind, targeted, usize::try_from(round.max_choices).unwrap_or(1));
    for elector in &electors {
        r.add_participant(&elector.name)?;
    }
    for c in &candidates {
        r.add_candidate(&c.cadre_id)?;
    }
    if let Some(held_on) = &round.held_on {
        let on = parse_date("held_on", held_on).map_err(|e| AppError::internal(e.message.en))?;
        let present = electors.iter().filter(|e| e.present).map(|e| e.name.clone());
        r.open(&app.policy, on, present, None).map_err(step_error)?;
    }
    Ok(r)
}

/// Who attended, and when.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OpenInput {
    /// The participants present, by the names of the electorate.
    pub present: Vec<String>,
    /// The day of the round (default: today).
    pub date: String,
}

/// An opened round; for online voting, the voter codes — shown this once, to be handed out one
/// per voter present in any order. Only their digests are kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Opened {
    pub present: usize,
    pub defined: usize,
    pub codes: Vec<String>,
}

/// Opens a round with the participants present: the electorate is sealed, a meeting round needs
/// SEL-RECOMMEND-ATTENDANCE, and online voting gets one code per voter present.
pub async fn open_round(app: &App, actor: &Actor, round_id: &str, input: &OpenInput) -> AppResult<Opened> {
    let mut tx = app.db.write().await?;
    let (round, case) = locked_round(&mut tx, actor, round_id, Capability::SelectionWrite).await?;
    require_state(&case, State::Recommendation, "SEL-RECOMMEND-ATTENDANCE")?;
    if !round.status.is_preparing() {
        return Err(Refusal::new("SEL-RECORD", "推荐已开始", "the round is already open").into());
    }
    let on = day_not_after_today("date", &input.date, app.today()).map_err(super::invalid)?;
    domain_case(&case)?.check_round_date(on)?;
    let present: Vec<String> = input
        .present
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut domain = domain_round(app, &mut tx, &case, &round).await?;
    let defined = store::electors(&mut tx, round_id).await?.len();
    let seed = round.voting.is_online().then(fresh_seed);
    let codes = domain.open(&app.policy, on, present.iter().cloned(), seed.as_deref()).map_err(step_error)?;
    let hashes: Vec<String> = codes.iter().map(|c| code_hash(c.as_str())).collect();
    let detail = json!({"round": round_id, "date": on.to_string(), "present": present, "defined": defined,
        "codes_issued": codes.len()});
    let seq = app
        .record(&mut tx, actor, "selection.round.open", (SUBJECT, &case.id), detail, &["SEL-RECOMMEND-ATTENDANCE"])
        .await?;
    if !store::open(&mut tx, &round, &on.to_string(), &present, &hashes, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(Opened { present: present.len(), defined, codes: codes.iter().map(ToString::to_string).collect() })
}

/// A ballot cast with a voter code.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BallotInput {
    /// The one-time code as typed (case, spaces and hyphens do not matter).
    pub code: String,
    /// The candidates marked (cadre IDs); none is a blank ballot.
    pub choices: Vec<String>,
}

/// The round a code votes in, for the voting page: its candidates and how many to mark.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BallotPaper {
    pub case_number: String,
    pub post_title: String,
    pub max_choices: i64,
    pub candidates: Vec<RoundCandidate>,
}

async fn round_of_code(conn: &mut Conn, raw: &str) -> AppResult<(RoundRow, String, bool)> {
    let code = OneTimeCode::parse("code", raw).map_err(super::invalid)?;
    let hash = code_hash(code.as_str());
    let Some((round_id, spent)) = store::round_of_code(conn, &hash).await? else {
        return Err(Refusal::new("SEL-RECORD", "投票码无效", "unknown voter code").into());
    };
    let round = store::get(conn, &round_id).await?.ok_or(AppError::NotFound)?;
    if !round.status.is_open() {
        return Err(Refusal::new("SEL-RECORD", "该轮推荐未在投票中", "the round is not open for voting").into());
    }
    Ok((round, hash, spent))
}

/// What a voter sees after typing their code (anyone with a code; no account).
pub async fn ballot_paper(app: &App, code: &str) -> AppResult<BallotPaper> {
    let mut conn = app.db.read().await?;
    let (round, _, spent) = round_of_code(&mut conn, code).await?;
    if spent {
        return Err(spent_code());
    }
    let case = case_store::get(&mut conn, &round.case_id).await?.ok_or(AppError::NotFound)?;
    let mut candidates = store::candidates(&mut conn, &round.id).await?;
    for c in &mut candidates {
        c.votes = None;
        c.reaches = None;
    }
    Ok(BallotPaper {
        case_number: case.number,
        post_title: case.post_title,
        max_choices: round.max_choices,
        candidates: all(candidates),
    })
}

fn spent_code() -> AppError {
    Refusal::new("SEL-RECORD", "该投票码已投过票，每码只能投一次", "this code has voted; a code votes once").into()
}

/// Casts a ballot: the code is spent by one conditional update and the ballot stored apart from
/// it, in one transaction; a spent code is refused however many requests race. The ledger entry
/// is the public's whoever sends it, so no account is ever linked to a ballot.
pub async fn cast(app: &App, input: &BallotInput) -> AppResult<()> {
    let actor = &Actor::public();
    let mut tx = app.db.write().await?;
    let (round, hash, spent) = round_of_code(&mut tx, &input.code).await?;
    if spent {
        return Err(spent_code());
    }
    let round = store::lock_for_ballot(&mut tx, &round.id).await?.ok_or(AppError::NotFound)?;
    let candidates = store::candidates(&mut tx, &round.id).await?;
    let marks: BTreeSet<String> = input.choices.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    if marks.iter().any(|m| !candidates.iter().any(|c| &c.cadre_id == m)) {
        return Err(Invalid::one("choices", "只能在候选人中推荐", "mark only the listed candidates").into());
    }
    if i64::try_from(marks.len()).unwrap_or(i64::MAX) > round.max_choices {
        let n = round.max_choices;
        return Err(Invalid::one("choices", format!("最多推荐 {n} 人"), format!("mark at most {n}")).into());
    }
    let marks = serde_json::to_string(&marks).map_err(AppError::internal)?;
    // The entry names the round only: nothing in it links the ballot to the code or the voter.
    app.record(&mut tx, actor, "selection.round.ballot", (SUBJECT, &round.case_id), json!({"round": round.id}), &[])
        .await?;
    if !store::cast(&mut tx, &round, &hash, &uuid::Uuid::new_v4().to_string(), &marks).await? {
        return Err(spent_code());
    }
    tx.commit().await?;
    Ok(())
}

/// A teller's paper count.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CountInput {
    /// Votes per candidate (cadre ID → count).
    pub votes: BTreeMap<String, u64>,
    pub valid: u64,
    pub blank: u64,
    pub invalid: u64,
}

impl CountInput {
    fn tally(&self) -> Tally {
        Tally { votes: self.votes.clone(), valid: self.valid, blank: self.blank, invalid: self.invalid }
    }
}

/// Where the paper count stands after a teller's entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CountOutcome {
    /// Counts entered so far (1: waiting for the second teller; 2: they agree).
    pub entered: usize,
    pub reconciled: bool,
}

fn tally_of(row: &TellerCountRow) -> AppResult<Tally> {
    let input: CountInput = serde_json::from_str(&row.counts).map_err(AppError::internal)?;
    Ok(input.tally())
}

/// Enters one teller's paper count. Each teller enters once; when the second count differs
/// from the first, both are discarded (recorded in the ledger) and the refusal names the lines
/// that differ, for a recount.
pub async fn enter_count(app: &App, actor: &Actor, round_id: &str, input: &CountInput) -> AppResult<CountOutcome> {
    let mut tx = app.db.write().await?;
    let (round, case) = locked_round(&mut tx, actor, round_id, Capability::SelectionWrite).await?;
    require_state(&case, State::Recommendation, "SEL-RECORD")?;
    if !round.voting.is_paper() || !round.status.is_open() {
        return Err(Refusal::new(
            "SEL-RECORD",
            "只有进行中的纸质投票才录入计票",
            "counts are entered for an open paper round",
        )
        .into());
    }
    let mut domain = domain_round(app, &mut tx, &case, &round).await?;
    // A count that cannot stand on its own (a non-candidate, more ballots than voters) is refused
    // before it waits for the second teller.
    domain.clone().record_paper_counts(&input.tally(), &input.tally())?;
    let counts = serde_json::to_string(input).map_err(AppError::internal)?;
    let detail = json!({"round": round_id, "teller": actor.id, "count": input});
    let seq = app.record(&mut tx, actor, "selection.round.count", (SUBJECT, &case.id), detail, &["SEL-RECORD"]).await?;
    let entered = store::teller_counts(&mut tx, round_id).await?;
    if entered.iter().any(|c| c.teller_id == actor.id) {
        return Err(Refusal::new(
            "SEL-RECORD",
            "您已录入过计票结果，须由另一名计票人录入",
            "you have entered a count; the second comes from another teller",
        )
        .into());
    }
    let Some(first) = entered.first() else {
        store::insert_teller_count(&mut tx, &round, &actor.id, &counts, seq).await?;
        tx.commit().await?;
        return Ok(CountOutcome { entered: 1, reconciled: false });
    };
    match domain.record_paper_counts(&tally_of(first)?, &input.tally()) {
        Ok(()) => {
            store::insert_teller_count(&mut tx, &round, &actor.id, &counts, seq).await?;
            tx.commit().await?;
            Ok(CountOutcome { entered: 2, reconciled: true })
        }
        Err(refusal) => {
            // The difference is kept in the ledger; both tellers count again.
            let detail = json!({"round": round_id, "discarded": [first.teller_id, actor.id], "reason": refusal.reason});
            app.record(&mut tx, actor, "selection.round.recount", (SUBJECT, &case.id), detail, &["SEL-RECORD"]).await?;
            store::clear_teller_counts(&mut tx, &round).await?;
            tx.commit().await?;
            Err(refusal.into())
        }
    }
}

/// Recounts the stored ballots of an online round (the result is recomputable).
fn count_ballots(domain: &mut Round, marks: &[String]) -> AppResult<()> {
    let ballots = marks
        .iter()
        .map(|m| serde_json::from_str::<BTreeSet<String>>(m).map(Ballot).map_err(AppError::internal))
        .collect::<AppResult<Vec<_>>>()?;
    domain.load_ballots(ballots)?;
    Ok(())
}

fn digest(marks: &[String]) -> String {
    let mut hasher = Sha256::new();
    for m in marks {
        hasher.update(m.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// Closes an open round: the tally from the stored ballots (online) or the tellers' agreed count
/// (paper), each candidate's vote share over the voters present and whether it reaches
/// SEL-RECOMMEND-THRESHOLD (exactly the threshold reaches it).
pub async fn close_round(app: &App, actor: &Actor, round_id: &str) -> AppResult<Outcome> {
    let mut tx = app.db.write().await?;
    let (round, case) = locked_round(&mut tx, actor, round_id, Capability::SelectionWrite).await?;
    require_state(&case, State::Recommendation, "SEL-RECORD")?;
    if !round.status.is_open() {
        return Err(Refusal::new("SEL-RECORD", "该轮推荐未在进行中", "the round is not open").into());
    }
    let mut domain = domain_round(app, &mut tx, &case, &round).await?;
    let digest = if round.voting.is_online() {
        let marks = store::ballots(&mut tx, round_id).await?;
        count_ballots(&mut domain, &marks)?;
        Some(digest(&marks))
    } else {
        let counts = store::teller_counts(&mut tx, round_id).await?;
        let [first, second] = counts.as_slice() else {
            return Err(Refusal::new(
                "SEL-RECORD",
                "须由两名计票人分别录入一致的计票结果",
                "two tellers must enter matching counts first",
            )
            .into());
        };
        domain.record_paper_counts(&tally_of(first)?, &tally_of(second)?)?;
        None
    };
    let outcome = domain.outcome(&app.policy).map_err(step_error)?;
    let results: Vec<(String, i64, bool)> = outcome
        .standings
        .iter()
        .map(|s| (s.candidate.clone(), i64::try_from(s.votes).unwrap_or(i64::MAX), s.reaches_threshold))
        .collect();
    let tally = serde_json::to_string(&outcome.tally).map_err(AppError::internal)?;
    let detail =
        json!({"round": round_id, "tally": outcome.tally, "standings": outcome.standings, "ballots_digest": digest});
    let rules = ["SEL-RECOMMEND-THRESHOLD", "SEL-RECOMMEND-NOT-ELECTION"];
    let seq = app.record(&mut tx, actor, "selection.round.close", (SUBJECT, &case.id), detail, &rules).await?;
    if !store::close(&mut tx, &round, &tally, digest.as_deref(), &results, seq).await? {
        return Err(changed_meanwhile());
    }
    tx.commit().await?;
    Ok(outcome)
}

/// A round with everything its page shows, and the recount of its stored ballots.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoundView {
    pub round: views::Round,
    pub case_number: String,
    pub electors: Vec<Elector>,
    pub candidates: Vec<RoundCandidate>,
    pub codes_issued: i64,
    pub codes_spent: i64,
    pub ballots: i64,
    pub teller_counts: Vec<TellerCount>,
    /// For a closed online round: the tally recomputed now from the stored ballots, and whether
    /// it and their digest match what was recorded at closing.
    #[schema(value_type = Option<Object>)]
    pub recount: Option<Tally>,
    pub recount_matches: Option<bool>,
}

pub async fn view_round(app: &App, actor: &Actor, round_id: &str) -> AppResult<RoundView> {
    let (round, case) = round_for(app, actor, round_id, Capability::SelectionRead).await?;
    let mut conn = app.db.read().await?;
    let electors = store::electors(&mut conn, round_id).await?;
    let candidates = store::candidates(&mut conn, round_id).await?;
    let (codes_issued, codes_spent) = store::code_counts(&mut conn, round_id).await?;
    let marks = store::ballots(&mut conn, round_id).await?;
    let teller_counts = store::teller_counts(&mut conn, round_id).await?;
    let (recount, recount_matches) = if round.status.is_closed() && round.voting.is_online() {
        let mut domain = domain_round(app, &mut conn, &case, &round).await?;
        count_ballots(&mut domain, &marks)?;
        let tally = domain.tally();
        let stored: Option<Tally> = round.tally.as_deref().and_then(|t| serde_json::from_str(t).ok());
        let same = stored.as_ref() == Some(&tally) && round.ballots_digest.as_deref() == Some(digest(&marks).as_str());
        (Some(tally), Some(same))
    } else {
        (None, None)
    };
    Ok(RoundView {
        case_number: case.number,
        electors: all(electors),
        candidates: all(candidates),
        codes_issued,
        codes_spent,
        ballots: i64::try_from(marks.len()).unwrap_or(i64::MAX),
        teller_counts: all(teller_counts),
        recount,
        recount_matches,
        round: round.into(),
    })
}

/// Recommendation → eligibility: each candidate's latest closed round that is valid for the post
/// (SEL-RECOMMEND-VALIDITY) decides; those reaching SEL-RECOMMEND-THRESHOLD are nominated, those
/// below are not listed for inspection, and those with no valid result are dropped — named with
/// the reason in the step's ledger entry. Refused when no one is nominated, under the rule that
/// kept them out.
pub async fn close_nomination(app: &App, actor: &Actor, case_id: &str) -> AppResult<Vec<String>> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut case = domain_case(&row)?;
    let today = app.today();
    let mut closed: Vec<(String, Outcome)> = Vec::new();
    let rounds = store::of_case(&mut tx, case_id).await?;
    if rounds.iter().any(|r| r.status.is_open()) {
        return Err(Refusal::new(
            "SEL-RECORD",
            "尚有推荐轮次正在进行，结束后才能确定考察人选",
            "a round is still open: close it before fixing the nominees",
        )
        .into());
    }
    for round in rounds.into_iter().filter(|r| r.status.is_closed()) {
        let Some(held_on) = round.held_on.as_deref().and_then(|d| parse_date("held_on", d).ok()) else { continue };
        let tally: Tally = round.tally.as_deref().and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default();
        let base = u64::try_from(round.present_count).unwrap_or(0);
        let standings: Vec<Standing> = store::candidates(&mut tx, &round.id)
            .await?
            .into_iter()
            .map(|c| Standing {
                candidate: c.cadre_id,
                votes: u64::try_from(c.votes.unwrap_or(0)).unwrap_or(0),
                base,
                reaches_threshold: c.reaches.unwrap_or(false),
            })
            .collect();
        let outcome = Outcome { held_on, targeted_post: round.targeted.then(|| row.post_id.clone()), tally, standings };
        closed.push((round.id, outcome));
    }
    let nomination = nominate(&app.policy, &row.post_id, today, &closed).map_err(step_error)?;
    case.close_recommendation(&nomination)?;
    let listed: Vec<&str> = nomination.nominated.iter().map(|r| r.standing.candidate.as_str()).collect();
    let below: Vec<&str> = nomination.below_threshold.iter().map(|r| r.standing.candidate.as_str()).collect();
    // SEL-RECORD: who was left out for want of a valid result, from which round, and why.
    let dropped: Vec<serde_json::Value> = nomination.dropped.iter().map(dropped_record).collect();
    let detail = json!({"nominated": listed, "below_threshold": below, "dropped": dropped});
    let rules = ["SEL-RECOMMEND-THRESHOLD", "SEL-RECOMMEND-VALIDITY"];
    let seq = app.record(&mut tx, actor, "selection.nomination.close", (SUBJECT, case_id), detail, &rules).await?;
    if !case_store::set_state(&mut tx, &row, State::Recommendation, State::Eligibility, seq).await? {
        return Err(changed_meanwhile());
    }
    for Ranked { round: round_id, standing: s } in &nomination.nominated {
        let nominee = Nominee {
            cadre_id: &s.candidate,
            source: "recommendation",
            round_id: Some(round_id),
            votes: i64::try_from(s.votes).ok(),
            base: i64::try_from(s.base).ok(),
            reaches: Some(true),
        };
        candidate_store::insert(&mut tx, case_id, &nominee, seq).await?;
    }
    tx.commit().await?;
    Ok(listed.into_iter().map(str::to_owned).collect())
}

/// A dropped candidate as the nomination's ledger entry records it (dates as YYYY-MM-DD).
fn dropped_record(d: &Dropped) -> serde_json::Value {
    json!({"candidate": d.candidate, "round": d.round, "held_on": d.held_on.to_string(),
        "valid_through": d.valid_through.to_string(), "votes": d.votes, "base": d.base,
        "reached_threshold": d.reached_threshold, "rule": d.rule, "reason": d.reason})
}
