//! The eligibility gate (资格审查) before a candidate becomes an inspection subject (考察对象).
//!
//! [`evaluate`] turns dossier facts into blocks, each naming its rule and a zh/en reason:
//! - SEL-INELIGIBLE, for each situation the policy lists: low public recognition, an annual
//!   grade the policy bars in the last `grade_lookback_years` completed assessment years (for a
//!   date in 2026 with 3 years: 2023–2025), canvassing (跑官、拉票), a spouse emigrated or no
//!   spouse and every child emigrated (裸官), a sanction whose influence period runs on the date
//!   (DSC-PARTY-PERIODS, DSC-GOV-PERIODS, DSC-ADMONISH-PERIOD, via the registry's
//!   [`influence_period_rule`]);
//! - SEL-REPORT-VERIFIED: a report verified as true;
//! - SUP-MATTERS-FINDING: a personal-matters check that found concealment (瞒报);
//! - SEL-RECOMMEND-THRESHOLD: a recommendation vote share below the threshold;
//! - SEL-SENIORITY: years in the lower post, and promotions of more than one level;
//! - SEL-FOUR-MUSTS: each of the policy's four checks recorded (actor, date, result) and clear;
//! - training (TRN-COUNTY-5Y, TRN-TOWNSHIP-YEAR, TRN-CREDITS): while TRN-CATCH-UP is in force a
//!   shortfall does not block but becomes a catch-up duty, otherwise it blocks.
//!
//! Exceptional promotion (破格提拔) lifts a block only where the block's rule carries the
//! policy figure `exceptional_promotion_waivable = true` (SEL-SENIORITY does), with
//! a recorded reason and the approval of an organization above the deciding one, and never
//! during probation or within SEL-SENIORITY's `no_exceptional_promotion_within_months` of the
//! last promotion. No figure lifts SEL-REPORT-VERIFIED.

use serde::Serialize;
use time::Date;

use super::recommendation::Standing;
use crate::error::{Msg, Refusal};
use crate::integrity::obligation::{Duty, catch_up_duty};
use crate::period::{Period, within};
use crate::policy::{Policy, PolicyError};
use crate::registry::OrgPath;
use crate::registry::Rank;
use crate::registry::dossier::{AnnualGrade, FamilyMember, RewardSanction, influence_last_day, influence_period_rule};
use crate::training::Progress;

/// The result of one of the four musts (凡提四必).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MustResult {
    /// Nothing that stands in the way.
    Clear,
    /// A problem found, described.
    Concern(String),
}

/// One check of SEL-FOUR-MUSTS as recorded: which check (the policy's code), who, when, result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MustCheck {
    pub check: String,
    pub actor: String,
    pub date: Date,
    pub result: MustResult,
}

/// The ranks of the move: where the candidate is, since when, and where they would go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub current: &'static Rank,
    /// When the candidate took the current rank.
    pub held_since: Date,
    pub target: &'static Rank,
    /// The last promotion's date, if any (for the exceptional-promotion bar).
    pub last_promoted_on: Option<Date>,
    pub in_probation: bool,
}

/// The dossier facts the gate reads.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub candidate: &'a str,
    pub grades: &'a [AnnualGrade],
    /// Rewards and sanctions; rewards are ignored.
    pub sanctions: &'a [RewardSanction],
    pub family: &'a [FamilyMember],
    pub low_public_recognition: bool,
    /// Canvassing findings (跑官、拉票) on record.
    pub canvassing_findings: u32,
    /// Reports (信访举报) verified as true.
    pub verified_reports: u32,
    /// A personal-matters check found concealment (瞒报).
    pub personal_matters_concealment: bool,
    /// The candidate's standing in the recommendation, when there was one.
    pub recommendation: Option<&'a Standing>,
    pub moving: Move,
    pub training: Option<&'a Progress>,
    pub four_musts: &'a [MustCheck],
}

/// A reason the candidate may not proceed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub rule: &'static str,
    /// The rule that supplied the figure, when another (a DSC-* influence period, a TRN-* rule).
    pub basis: Option<&'static str>,
    pub reason: Msg,
    /// Whether exceptional promotion may lift it (the policy's flag on `rule`).
    pub waivable: bool,
}

/// The gate's verdict for one candidate on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gate {
    pub candidate: String,
    pub on: Date,
    pub blocks: Vec<Block>,
    /// Duties that follow a promotion instead of blocking it (TRN-CATCH-UP).
    pub duties: Vec<Duty>,
    /// Why exceptional promotion is not possible at all, if it is not.
    pub exception_barred: Option<Msg>,
}

/// An exceptional promotion (破格提拔) as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    pub reason: String,
    pub approved_by: String,
    pub approving_org: OrgPath,
    pub deciding_org: OrgPath,
    pub approved_on: Date,
}

/// A candidate who passed the gate, with what was waived and what follows: made only by
/// [`Gate::admit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Admission {
    candidate: String,
    on: Date,
    waived: Vec<Block>,
    exception: Option<Exception>,
    duties: Vec<Duty>,
}

impl Admission {
    pub fn candidate(&self) -> &str {
        &self.candidate
    }
    pub fn on(&self) -> Date {
        self.on
    }
    pub fn waived(&self) -> &[Block] {
        &self.waived
    }
    pub fn exception(&self) -> Option<&Exception> {
        self.exception.as_ref()
    }
    pub fn duties(&self) -> &[Duty] {
        &self.duties
    }
}

/// Whether exceptional promotion may lift a block of `rule`: the policy's
/// `exceptional_promotion_waivable` flag; a rule without the figure is not waivable.
fn waivable(policy: &Policy, rule: &str, on: Date) -> Result<bool, PolicyError> {
    match policy.flag(rule, "exceptional_promotion_waivable", on) {
        Ok(flag) => Ok(flag),
        Err(PolicyError::MissingFigure { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

struct Blocks<'p> {
    policy: &'p Policy,
    on: Date,
    list: Vec<Block>,
}

impl Blocks<'_> {
    fn add(
        &mut self,
        rule: &'static str,
        basis: Option<&'static str>,
        zh: String,
        en: String,
    ) -> Result<(), PolicyError> {
        let waivable = rule != "SEL-REPORT-VERIFIED" && waivable(self.policy, rule, self.on)?;
        self.list.push(Block { rule, basis, reason: Msg::new(zh, en), waivable });
        Ok(())
    }
}

/// Judges a candidate on `on` under the policy in force that day.
pub fn evaluate(policy: &Policy, on: Date, facts: &Facts<'_>) -> Result<Gate, PolicyError> {
    let mut b = Blocks { policy, on, list: Vec::new() };
    if policy.is_in_force("SEL-INELIGIBLE", on) {
        ineligible(&mut b, facts)?;
    }
    if facts.verified_reports > 0 {
        let n = facts.verified_reports;
        b.add(
            "SEL-REPORT-VERIFIED",
            None,
            format!("有 {n} 件信访举报经查属实"),
            format!("{n} report(s) verified as true"),
        )?;
    }
    if facts.personal_matters_concealment
        && policy.is_in_force("SUP-MATTERS-FINDING", on)
        && policy.flag("SUP-MATTERS-FINDING", "concealment_bars_promotion", on)?
    {
        b.add(
            "SUP-MATTERS-FINDING",
            None,
            "个人有关事项报告查核认定为瞒报，不得提拔".into(),
            "personal-matters check found concealment, which bars promotion".into(),
        )?;
    }
    if let Some(standing) = facts.recommendation.filter(|s| !s.reaches_threshold) {
        b.add(
            "SEL-RECOMMEND-THRESHOLD",
            None,
            format!("民主推荐得票 {}/{}，未达到得票率要求", standing.votes, standing.base),
            format!("recommendation votes {}/{} fall below the threshold", standing.votes, standing.base),
        )?;
    }
    let exception_barred =
        if policy.is_in_force("SEL-SENIORITY", on) { seniority(&mut b, &facts.moving)? } else { None };
    let duties = training(&mut b, facts.training)?;
    if policy.is_in_force("SEL-FOUR-MUSTS", on) {
        four_musts(&mut b, facts.four_musts)?;
    }
    Ok(Gate { candidate: facts.candidate.to_owned(), on, blocks: b.list, duties, exception_barred })
}

fn ineligible(b: &mut Blocks<'_>, facts: &Facts<'_>) -> Result<(), PolicyError> {
    let (policy, on) = (b.policy, b.on);
    let situations = policy.texts("SEL-INELIGIBLE", "situations", on)?;
    let listed = |s: &str| situations.contains(&s);
    let rule = "SEL-INELIGIBLE";
    if listed("low_public_recognition") && facts.low_public_recognition {
        b.add(rule, None, "群众公认度不高".into(), "low public recognition".into())?;
    }
    if listed("barring_annual_grade") {
        let years = i32::try_from(policy.count(rule, "grade_lookback_years", on)?).unwrap_or(i32::MAX);
        let barring = policy.texts(rule, "barring_grades", on)?;
        let first = on.year().saturating_sub(years);
        for grade in facts.grades.iter().filter(|g| g.year >= first && g.year < on.year()) {
            if barring.contains(&grade.grade) {
                b.add(
                    rule,
                    None,
                    format!("近 {years} 年年度考核有基本称职以下等次（{} 年）", grade.year),
                    format!("an annual grade of {} in {} (last {years} years)", grade.grade, grade.year),
                )?;
            }
        }
    }
    if listed("canvassing") && facts.canvassing_findings > 0 {
        b.add(rule, None, "有跑官、拉票行为".into(), "canvassing for office or votes on record".into())?;
    }
    if listed("spouse_or_all_children_emigrated") && naked_official(facts.family) {
        b.add(
            rule,
            None,
            "配偶已移居国（境）外，或没有配偶而子女均已移居国（境）外".into(),
            "spouse emigrated, or no spouse and every child emigrated".into(),
        )?;
    }
    if listed("influence_period_running") {
        for s in facts.sanctions.iter().filter(|s| s.category == "sanction") {
            let Some((basis, keys)) = influence_period_rule(s.kind) else { continue };
            let mut months = 0u32;
            for key in keys {
                months += policy.months(basis, key, s.date)?;
            }
            let last = influence_last_day(s.date, months);
            if on <= last {
                b.add(
                    rule,
                    Some(basis),
                    format!("处分或处理（{}，{}）影响期至 {last} 未满", s.kind, s.date),
                    format!("the influence period of {} of {} runs until {last}", s.kind, s.date),
                )?;
            }
        }
    }
    Ok(())
}

/// Spouse emigrated, or no spouse and at least one child, all emigrated.
fn naked_official(family: &[FamilyMember]) -> bool {
    let spouses: Vec<_> = family.iter().filter(|m| m.relation == "spouse").collect();
    let children: Vec<_> = family.iter().filter(|m| matches!(m.relation, "son" | "daughter")).collect();
    if spouses.is_empty() {
        !children.is_empty() && children.iter().all(|c| c.abroad)
    } else {
        spouses.iter().any(|s| s.abroad)
    }
}

/// SEL-SENIORITY: years in the lower post and levels per promotion, for moves between
/// leadership posts (领导职务) only — a move on the grade ladder (职级) is not a promotion this
/// rule speaks of. `max_levels_per_promotion` is read as the levels a promotion may skip (越级),
/// which is itself exceptional; skipping more is never allowed. Returns why exceptional
/// promotion is barred, if it is.
fn seniority(b: &mut Blocks<'_>, m: &Move) -> Result<Option<Msg>, PolicyError> {
    let (policy, on, rule) = (b.policy, b.on, "SEL-SENIORITY");
    let within_months = policy.months(rule, "no_exceptional_promotion_within_months", on)?;
    // "Within 1 year of a promotion": the promotion day is not counted and the bar runs to the
    // corresponding day (Civil Code arts. 201–202). A bar is a status, not moved off a rest day.
    let recently = m.last_promoted_on.is_some_and(|d| on <= within(d, Period::Months(within_months)));
    let barred = (m.in_probation || recently).then(|| {
        Msg::new(
            format!("试用期内或提拔不满 {within_months} 个月，不得破格提拔"),
            format!("no exceptional promotion during probation or within {within_months} months of a promotion"),
        )
    });
    if !(m.current.leadership && m.target.leadership) || m.target.level >= m.current.level {
        return Ok(barred);
    }
    let steps = u32::from(m.current.level - m.target.level);
    let max_skipped = policy.count(rule, "max_levels_per_promotion", on)?;
    if steps > 1 {
        // Skipping levels (越级) is itself exceptional; more than the policy allows never is.
        let zh = format!("从{}到{}越 {} 级提拔", m.current.zh, m.target.zh, steps - 1);
        let en = format!("from {} to {} skips {} level(s)", m.current.en, m.target.en, steps - 1);
        if steps - 1 > max_skipped {
            b.list.push(Block { rule, basis: None, reason: Msg::new(zh, en), waivable: false });
        } else {
            b.add(rule, None, zh, en)?;
        }
    }
    let key =
        if m.current.is_principal() { "lower_principal_to_higher_deputy_years" } else { "deputy_to_principal_years" };
    let years = policy.count(rule, key, on)?;
    // N years in the post are complete once the period of N years after taking it has run: the
    // day taken is not counted, the period ends on the corresponding day (Civil Code
    // arts. 201–202), and the years are complete from the day after.
    let ready = within(m.held_since, Period::Years(years)).next_day().unwrap_or(Date::MAX);
    if on < ready {
        b.add(
            rule,
            None,
            format!("任{}不满 {years} 年（{} 起，{ready} 满）", m.current.zh, m.held_since),
            format!("less than {years} years as {} (since {}, complete on {ready})", m.current.en, m.held_since),
        )?;
    }
    Ok(barred)
}

fn training(b: &mut Blocks<'_>, progress: Option<&Progress>) -> Result<Vec<Duty>, PolicyError> {
    let Some(progress) = progress.filter(|p| !p.compliant()) else { return Ok(Vec::new()) };
    if b.policy.is_in_force("TRN-CATCH-UP", b.on) {
        return Ok(vec![catch_up_duty(b.policy, b.on)?]);
    }
    for check in progress.checks.iter().filter(|c| !c.met) {
        b.add(
            "SEL-INELIGIBLE",
            Some(check.rule),
            format!("培训未达要求（{}：差 {}）", check.rule, check.shortfall),
            format!("training short of {} by {} {}", check.rule, check.shortfall, check.unit),
        )?;
    }
    Ok(Vec::new())
}

fn four_musts(b: &mut Blocks<'_>, records: &[MustCheck]) -> Result<(), PolicyError> {
    let checks: Vec<String> =
        b.policy.texts("SEL-FOUR-MUSTS", "checks", b.on)?.into_iter().map(str::to_owned).collect();
    for check in checks {
        let done = records.iter().find(|r| r.check == check && !r.actor.trim().is_empty() && r.date <= b.on);
        match done.map(|r| &r.result) {
            None => b.add(
                "SEL-FOUR-MUSTS",
                None,
                format!("凡提四必：{check} 未记录经办人和日期"),
                format!("four musts: {check} has no recorded actor and date"),
            )?,
            Some(MustResult::Concern(note)) => b.add(
                "SEL-FOUR-MUSTS",
                None,
                format!("凡提四必：{check} 发现问题：{note}"),
                format!("four musts: {check} found a problem: {note}"),
            )?,
            Some(MustResult::Clear) => {}
        }
    }
    Ok(())
}

impl Gate {
    /// Lets the candidate through: with no block, or — with a recorded exceptional promotion
    /// approved above the deciding organization — when every block is waivable and exceptional
    /// promotion is not barred. Otherwise the first standing block refuses.
    pub fn admit(self, exception: Option<Exception>) -> Result<Admission, Refusal> {
        let refusal = |block: &Block| Refusal { rule: block.rule.to_owned(), reason: block.reason.clone() };
        if self.blocks.is_empty() {
            let (candidate, on, duties) = (self.candidate, self.on, self.duties);
            return Ok(Admission { candidate, on, waived: Vec::new(), exception: None, duties });
        }
        let Some(exception) = exception else { return Err(refusal(&self.blocks[0])) };
        if let Some(block) = self.blocks.iter().find(|b| !b.waivable) {
            return Err(refusal(block));
        }
        if let Some(why) = &self.exception_barred {
            return Err(Refusal { rule: "SEL-SENIORITY".into(), reason: why.clone() });
        }
        let above = exception.approving_org != exception.deciding_org
            && exception.approving_org.contains(&exception.deciding_org);
        if exception.reason.trim().is_empty() || exception.approved_by.trim().is_empty() || !above {
            return Err(Refusal::new(
                "SEL-SENIORITY",
                "破格提拔须记录理由，并经上级组织审批",
                "exceptional promotion records its reason and the approval of a higher-level organization",
            ));
        }
        Ok(Admission {
            candidate: self.candidate,
            on: self.on,
            waived: self.blocks,
            exception: Some(exception),
            duties: self.duties,
        })
    }
}

/// An admission of a candidate with a clean record (fixtures of the case tests).
#[cfg(test)]
pub(crate) fn admitted_for_test(candidate: &str, on: Date) -> Admission {
    Admission { candidate: candidate.to_owned(), on, waived: Vec::new(), exception: None, duties: Vec::new() }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::policy::BUILTIN_LAYERS;
    use crate::selection::testing::{policy, policy_with_missing};
    use crate::training::{Requirements, Totals};

    const ON: Date = date!(2026 - 06 - 01);

    fn rank(code: &str) -> &'static Rank {
        Rank::get(code).unwrap()
    }

    fn clear_musts(on: Date) -> Vec<MustCheck> {
        ["archives_reviewed", "personal_matters_checked", "discipline_opinion_heard", "specific_petitions_checked"]
            .iter()
            .map(|c| MustCheck {
                check: (*c).into(),
                actor: "组织部干部科".into(),
                date: on,
                result: MustResult::Clear,
            })
            .collect()
    }

    /// Moves a county deputy of four years to county principal: a clean, ordinary promotion.
    fn moving() -> Move {
        Move {
            current: rank("county_deputy"),
            held_since: date!(2022 - 05 - 01),
            target: rank("county_principal"),
            last_promoted_on: Some(date!(2022 - 05 - 01)),
            in_probation: false,
        }
    }

    struct Dossier {
        grades: Vec<AnnualGrade>,
        sanctions: Vec<RewardSanction>,
        family: Vec<FamilyMember>,
        musts: Vec<MustCheck>,
    }

    fn dossier() -> Dossier {
        Dossier {
            grades: Vec::new(),
            sanctions: Vec::new(),
            family: Vec::new(),
            musts: clear_musts(date!(2026 - 05 - 20)),
        }
    }

    fn facts(d: &Dossier) -> Facts<'_> {
        Facts {
            candidate: "c1",
            grades: &d.grades,
            sanctions: &d.sanctions,
            family: &d.family,
            low_public_recognition: false,
            canvassing_findings: 0,
            verified_reports: 0,
            personal_matters_concealment: false,
            recommendation: None,
            moving: moving(),
            training: None,
            four_musts: &d.musts,
        }
    }

    fn rules(gate: &Gate) -> Vec<&'static str> {
        gate.blocks.iter().map(|b| b.rule).collect()
    }

    fn sanction(kind: &'static str, date: Date) -> RewardSanction {
        RewardSanction {
            category: "sanction",
            kind,
            date,
            authority: "市纪委".into(),
            document_number: String::new(),
            reason: String::new(),
        }
    }

    fn member(relation: &'static str, abroad: bool) -> FamilyMember {
        FamilyMember {
            relation,
            name: "某".into(),
            birth_date: None,
            political_status: None,
            work_unit_and_post: String::new(),
            abroad,
        }
    }

    #[test]
    fn a_clean_candidate_is_admitted() {
        let d = dossier();
        let gate = evaluate(&policy(), ON, &facts(&d)).unwrap();
        assert!(gate.blocks.is_empty(), "{:?}", gate.blocks);
        assert_eq!(gate.admit(None).unwrap().candidate(), "c1");
    }

    #[test]
    fn sel_ineligible_a_barring_grade_in_the_last_three_years() {
        let mut d = dossier();
        d.grades =
            vec![AnnualGrade { year: 2022, grade: "incompetent" }, AnnualGrade { year: 2025, grade: "competent" }];
        // 2022 is outside 2023–2025.
        assert!(evaluate(&policy(), ON, &facts(&d)).unwrap().blocks.is_empty());
        d.grades.push(AnnualGrade { year: 2023, grade: "basically_competent" });
        let gate = evaluate(&policy(), ON, &facts(&d)).unwrap();
        assert_eq!(rules(&gate), ["SEL-INELIGIBLE"]);
        assert!(gate.blocks[0].reason.zh.contains("2023"));
        assert_eq!(gate.admit(None).unwrap_err().rule, "SEL-INELIGIBLE");
    }

    #[test]
    fn sel_ineligible_a_running_influence_period_names_its_dsc_rule() {
        let mut d = dossier();
        // 记过: 12 months after 2025-06-01 — running through the corresponding day 2026-06-01
        // (the decision day not counted, Civil Code arts. 201–202), over on 2026-06-02.
        d.sanctions = vec![sanction("gov_demerit", date!(2025 - 06 - 01))];
        let gate = evaluate(&policy(), date!(2026 - 06 - 01), &facts(&d)).unwrap();
        assert_eq!(rules(&gate), ["SEL-INELIGIBLE"]);
        assert_eq!(gate.blocks[0].basis, Some("DSC-GOV-PERIODS"));
        assert!(gate.blocks[0].reason.zh.contains("影响期至 2026-06-01"), "{}", gate.blocks[0].reason.zh);
        assert!(evaluate(&policy(), date!(2026 - 06 - 02), &facts(&d)).unwrap().blocks.is_empty());
        // 诫勉: 6 months.
        d.sanctions = vec![sanction("admonishment", date!(2025 - 12 - 02))];
        let gate = evaluate(&policy(), ON, &facts(&d)).unwrap();
        assert_eq!(gate.blocks[0].basis, Some("DSC-ADMONISH-PERIOD"));
        // 党内警告: 12 months.
        d.sanctions = vec![sanction("party_warning", date!(2025 - 06 - 02))];
        assert_eq!(evaluate(&policy(), ON, &facts(&d)).unwrap().blocks[0].basis, Some("DSC-PARTY-PERIODS"));
    }

    #[test]
    fn sel_ineligible_spouse_emigrated_or_no_spouse_and_all_children() {
        let mut d = dossier();
        d.family = vec![member("spouse", true), member("son", false)];
        assert_eq!(rules(&evaluate(&policy(), ON, &facts(&d)).unwrap()), ["SEL-INELIGIBLE"]);
        d.family = vec![member("spouse", false), member("son", true)];
        assert!(evaluate(&policy(), ON, &facts(&d)).unwrap().blocks.is_empty());
        d.family = vec![member("son", true), member("daughter", true)];
        assert_eq!(rules(&evaluate(&policy(), ON, &facts(&d)).unwrap()), ["SEL-INELIGIBLE"]);
        d.family = vec![member("son", true), member("daughter", false)];
        assert!(evaluate(&policy(), ON, &facts(&d)).unwrap().blocks.is_empty());
        d.family = vec![member("father", true)];
        assert!(evaluate(&policy(), ON, &facts(&d)).unwrap().blocks.is_empty());
    }

    #[test]
    fn sel_ineligible_canvassing_and_low_recognition() {
        let d = dossier();
        let f = Facts { canvassing_findings: 1, low_public_recognition: true, ..facts(&d) };
        assert_eq!(rules(&evaluate(&policy(), ON, &f).unwrap()), ["SEL-INELIGIBLE", "SEL-INELIGIBLE"]);
    }

    #[test]
    fn sel_report_verified_blocks_and_sup_matters_finding_concealment_blocks() {
        let d = dossier();
        let f = Facts { verified_reports: 1, personal_matters_concealment: true, ..facts(&d) };
        let gate = evaluate(&policy_with_missing(), ON, &f).unwrap();
        assert_eq!(rules(&gate), ["SEL-REPORT-VERIFIED", "SUP-MATTERS-FINDING"]);
        assert!(gate.blocks.iter().all(|b| !b.waivable));
    }

    #[test]
    fn sel_recommend_threshold_a_share_below_it_is_not_listed() {
        let d = dossier();
        let below = Standing { candidate: "c1".into(), votes: 9, base: 20, reaches_threshold: false };
        let f = Facts { recommendation: Some(&below), ..facts(&d) };
        assert_eq!(rules(&evaluate(&policy(), ON, &f).unwrap()), ["SEL-RECOMMEND-THRESHOLD"]);
        let reached = Standing { votes: 10, reaches_threshold: true, ..below };
        let f = Facts { recommendation: Some(&reached), ..facts(&d) };
        assert!(evaluate(&policy(), ON, &f).unwrap().blocks.is_empty());
    }

    #[test]
    fn sel_seniority_deputy_to_principal_after_two_years_principal_to_higher_deputy_after_three() {
        let d = dossier();
        let m = Move { held_since: date!(2024 - 06 - 01), ..moving() };
        let f = Facts { moving: m, ..facts(&d) };
        // Two years after 2024-06-01 run to 2026-06-01 (Civil Code arts. 201–202): complete on 06-02.
        assert_eq!(rules(&evaluate(&policy(), date!(2026 - 06 - 01), &f).unwrap()), ["SEL-SENIORITY"]);
        assert!(evaluate(&policy(), date!(2026 - 06 - 02), &f).unwrap().blocks.is_empty());
        let m = Move {
            current: rank("township_principal"),
            target: rank("county_deputy"),
            held_since: date!(2023 - 06 - 02),
            ..moving()
        };
        let f = Facts { moving: m, ..facts(&d) };
        assert_eq!(rules(&evaluate(&policy(), date!(2026 - 06 - 02), &f).unwrap()), ["SEL-SENIORITY"]);
        assert!(evaluate(&policy(), date!(2026 - 06 - 03), &f).unwrap().blocks.is_empty());
    }

    #[test]
    fn sel_seniority_skipping_one_level_needs_exceptional_promotion_and_two_never() {
        let d = dossier();
        let exception = Exception {
            reason: "抢险救灾中表现突出".into(),
            approved_by: "市委组织部".into(),
            approving_org: OrgPath::root(1),
            deciding_org: OrgPath::root(1).child(7),
            approved_on: ON,
        };
        let one = Move { current: rank("township_principal"), target: rank("county_principal"), ..moving() };
        let f = Facts { moving: one, ..facts(&d) };
        // The built-in policy marks the years-in-post block as one 破格 may lift.
        assert_eq!(evaluate(&policy(), ON, &f).unwrap().admit(Some(exception.clone())).unwrap().waived().len(), 1);
        let gate = evaluate(&policy_with_missing(), ON, &f).unwrap();
        assert_eq!(gate.clone().admit(None).unwrap_err().rule, "SEL-SENIORITY");
        let admitted = gate.clone().admit(Some(exception.clone())).unwrap();
        assert_eq!(admitted.waived().len(), 1);
        // Approved by the deciding org itself, or without a reason: refused.
        let same = Exception { approving_org: exception.deciding_org.clone(), ..exception.clone() };
        assert_eq!(gate.clone().admit(Some(same)).unwrap_err().rule, "SEL-SENIORITY");
        let no_reason = Exception { reason: " ".into(), ..exception.clone() };
        assert_eq!(gate.admit(Some(no_reason)).unwrap_err().rule, "SEL-SENIORITY");
        // Two levels skipped: no exception lifts it.
        let two = Move { current: rank("township_principal"), target: rank("bureau_deputy"), ..moving() };
        let f = Facts { moving: two, ..facts(&d) };
        let gate = evaluate(&policy_with_missing(), ON, &f).unwrap();
        assert!(gate.blocks.iter().any(|b| !b.waivable));
        assert_eq!(gate.admit(Some(exception.clone())).unwrap_err().rule, "SEL-SENIORITY");
        // In probation, or within 12 months of the last promotion, no exceptional promotion.
        let probation = Move { in_probation: true, ..one };
        let f = Facts { moving: probation, ..facts(&d) };
        let err = evaluate(&policy_with_missing(), ON, &f).unwrap().admit(Some(exception.clone())).unwrap_err();
        assert!(err.reason.zh.contains("试用期"));
        let recent = Move { last_promoted_on: Some(date!(2025 - 06 - 02)), ..one };
        let f = Facts { moving: recent, ..facts(&d) };
        assert!(evaluate(&policy_with_missing(), ON, &f).unwrap().admit(Some(exception)).is_err());
    }

    #[test]
    fn sel_seniority_no_exceptional_promotion_within_a_year_runs_to_the_corresponding_day() {
        let d = dossier();
        let exception = Exception {
            reason: "抢险救灾中表现突出".into(),
            approved_by: "市委组织部".into(),
            approving_org: OrgPath::root(1),
            deciding_org: OrgPath::root(1).child(7),
            approved_on: ON,
        };
        let one = Move { current: rank("township_principal"), target: rank("county_principal"), ..moving() };
        let promoted_on = |day: Date| {
            let f = Facts { moving: Move { last_promoted_on: Some(day), ..one }, ..facts(&d) };
            evaluate(&policy_with_missing(), ON, &f).unwrap().admit(Some(exception.clone()))
        };
        // Promoted on 2025-06-01: the year runs through 2026-06-01 (ON), the promotion day not counted.
        assert!(promoted_on(date!(2025 - 06 - 01)).unwrap_err().reason.zh.contains("不满 12 个月"));
        assert!(promoted_on(date!(2025 - 05 - 31)).is_ok());
    }

    #[test]
    fn sel_four_musts_each_check_recorded_and_clear() {
        let mut d = dossier();
        d.musts.remove(1);
        let gate = evaluate(&policy(), ON, &facts(&d)).unwrap();
        assert_eq!(rules(&gate), ["SEL-FOUR-MUSTS"]);
        assert!(gate.blocks[0].reason.en.contains("personal_matters_checked"));
        let mut d = dossier();
        d.musts[2].result = MustResult::Concern("纪委反映有待查问题线索".into());
        assert_eq!(rules(&evaluate(&policy(), ON, &facts(&d)).unwrap()), ["SEL-FOUR-MUSTS"]);
        let mut d = dossier();
        d.musts[0].date = date!(2026 - 06 - 02);
        assert_eq!(rules(&evaluate(&policy(), ON, &facts(&d)).unwrap()), ["SEL-FOUR-MUSTS"]);
        let mut d = dossier();
        d.musts[3].actor = String::new();
        assert_eq!(rules(&evaluate(&policy(), ON, &facts(&d)).unwrap()), ["SEL-FOUR-MUSTS"]);
    }

    #[test]
    fn trn_catch_up_a_training_shortfall_becomes_a_duty_not_a_block() {
        let d = dossier();
        let short = Requirements::in_force(&policy(), ON).unwrap().evaluate(5, &Totals::default());
        assert!(!short.compliant());
        let f = Facts { training: Some(&short), ..facts(&d) };
        let gate = evaluate(&policy(), ON, &f).unwrap();
        assert!(gate.blocks.is_empty());
        assert_eq!(gate.duties[0].rule, "TRN-CATCH-UP");
        assert_eq!(gate.duties[0].due, date!(2027 - 06 - 01));
        // Where a city turns TRN-CATCH-UP off, the shortfall blocks and names its rule.
        let off = "[[rule]]\nid = \"TRN-CATCH-UP\"\n[[rule.version]]\neffective = \"2026-01-01\"\nenabled = false\n";
        let mut layers = BUILTIN_LAYERS.to_vec();
        layers.push(("city", off));
        let city = Policy::from_layers(&layers).unwrap();
        let gate = evaluate(&city, ON, &f).unwrap();
        assert_eq!(gate.blocks[0].basis, Some("TRN-COUNTY-5Y"));
        assert_eq!(gate.admit(None).unwrap_err().rule, "SEL-INELIGIBLE");
    }
}
