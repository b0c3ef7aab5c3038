//! Nomination after democratic recommendation: which candidates become inspection candidates.
//!
//! Each candidate's latest result that is still valid for the case's post on the day decides
//! (SEL-RECOMMEND-VALIDITY); those reaching SEL-RECOMMEND-THRESHOLD are nominated, those below
//! are not listed. A candidate none of whose results is valid any more is **dropped**, and the
//! nomination says who and why, for the record of the step (SEL-RECORD) and for the refusal when
//! no one is left: a case whose only results have expired is refused under
//! SEL-RECOMMEND-VALIDITY (recommend again), not under the threshold.

use std::collections::BTreeMap;

use time::Date;

use super::StepError;
use super::recommendation::{Outcome, Standing};
use crate::error::{Msg, Refusal};
use crate::policy::Policy;

/// The rule that decides whether a result may still be used.
const VALIDITY: &str = "SEL-RECOMMEND-VALIDITY";

/// A candidate's standing in one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub round: String,
    pub standing: Standing,
}

/// A candidate left out because no result of theirs is valid: their latest result and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub candidate: String,
    pub round: String,
    pub held_on: Date,
    /// The last day the result was valid.
    pub valid_through: Date,
    pub votes: u64,
    pub base: u64,
    /// Whether the result had reached the threshold: then only its age keeps the candidate out.
    pub reached_threshold: bool,
    pub rule: &'static str,
    pub reason: Msg,
}

/// Who comes out of the recommendation stage, and who was left out and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nomination {
    /// Candidates reaching the threshold with a valid result (their latest valid one).
    pub nominated: Vec<Ranked>,
    /// Candidates whose latest valid result is below the threshold.
    pub below_threshold: Vec<Ranked>,
    /// Candidates with no valid result.
    pub dropped: Vec<Dropped>,
}

/// Nominates from the closed rounds of a case on `post`, oldest first, on `on`.
pub fn nominate(policy: &Policy, post: &str, on: Date, rounds: &[(String, Outcome)]) -> Result<Nomination, StepError> {
    let mut latest: BTreeMap<&str, Ranked> = BTreeMap::new();
    let mut expired: BTreeMap<&str, Dropped> = BTreeMap::new();
    for (round, outcome) in rounds {
        match outcome.valid_for(policy, post, on) {
            Ok(()) => {
                for s in &outcome.standings {
                    latest.insert(&s.candidate, Ranked { round: round.clone(), standing: s.clone() });
                }
            }
            Err(StepError::Refused(refusal)) => {
                let valid_through = outcome.valid_through(policy)?;
                for s in &outcome.standings {
                    let dropped = Dropped {
                        candidate: s.candidate.clone(),
                        round: round.clone(),
                        held_on: outcome.held_on,
                        valid_through,
                        votes: s.votes,
                        base: s.base,
                        reached_threshold: s.reaches_threshold,
                        rule: VALIDITY,
                        reason: refusal.reason.clone(),
                    };
                    expired.insert(&s.candidate, dropped);
                }
            }
            Err(policy_error) => return Err(policy_error),
        }
    }
    let (nominated, below_threshold): (Vec<Ranked>, Vec<Ranked>) =
        latest.into_values().partition(|r| r.standing.reaches_threshold);
    let dropped: Vec<Dropped> =
        expired.into_iter().filter(|(c, _)| !has_valid(&nominated, &below_threshold, c)).map(|(_, d)| d).collect();
    Ok(Nomination { nominated, below_threshold, dropped })
}

fn has_valid(nominated: &[Ranked], below: &[Ranked], candidate: &str) -> bool {
    nominated.iter().chain(below).any(|r| r.standing.candidate == candidate)
}

impl Nomination {
    /// Why no one is nominated: SEL-RECOMMEND-VALIDITY when a candidate who had reached the
    /// threshold is out only because the result expired, or when no valid result is left at
    /// all — naming them, their round's date and its last valid day; otherwise
    /// SEL-RECOMMEND-THRESHOLD.
    pub fn why_no_one(&self) -> Refusal {
        let expired_reaching = self.dropped.iter().any(|d| d.reached_threshold);
        let nothing_valid = self.below_threshold.is_empty() && !self.dropped.is_empty();
        if !(expired_reaching || nothing_valid) {
            return Refusal::new(
                "SEL-RECOMMEND-THRESHOLD",
                "没有达到推荐票数要求的人选，不列为考察对象",
                "no candidate reaches the recommendation threshold: no one is listed for inspection",
            );
        }
        let list = |zh: bool| {
            let items = self.dropped.iter().map(|d| {
                if zh {
                    format!("{}（{} 推荐，有效至 {}）", d.candidate, d.held_on, d.valid_through)
                } else {
                    format!("{} (recommended on {}, valid through {})", d.candidate, d.held_on, d.valid_through)
                }
            });
            items.collect::<Vec<_>>().join(if zh { "、" } else { ", " })
        };
        Refusal::new(
            VALIDITY,
            format!("民主推荐结果已超过有效期，不能据以确定考察人选：{}；须重新进行民主推荐", list(true)),
            format!(
                "the recommendation results have expired and cannot decide the inspection candidates: {}; \
                 hold a new recommendation",
                list(false)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::recommendation::Tally;
    use crate::selection::testing::policy;

    fn outcome(held_on: Date, votes: &[(&str, u64)]) -> Outcome {
        let standings = votes
            .iter()
            .map(|(c, v)| Standing { candidate: (*c).into(), votes: *v, base: 10, reaches_threshold: *v * 2 >= 10 })
            .collect();
        Outcome { held_on, targeted_post: None, tally: Tally::default(), standings }
    }

    fn names(list: &[Ranked]) -> Vec<&str> {
        list.iter().map(|r| r.standing.candidate.as_str()).collect()
    }

    #[test]
    fn sel_recommend_validity_an_expired_result_drops_its_candidate_with_the_reason() {
        let p = policy();
        // Held on 2025-06-01: valid through 2026-06-01, not on 2026-06-02.
        let rounds = vec![("r1".to_owned(), outcome(date!(2025 - 06 - 01), &[("a", 8), ("b", 2)]))];
        let on_last_day = nominate(&p, "post", date!(2026 - 06 - 01), &rounds).unwrap();
        assert_eq!((names(&on_last_day.nominated), on_last_day.dropped.len()), (vec!["a"], 0));
        let after = nominate(&p, "post", date!(2026 - 06 - 02), &rounds).unwrap();
        assert!(after.nominated.is_empty() && after.below_threshold.is_empty());
        let dropped: Vec<_> = after.dropped.iter().map(|d| (d.candidate.as_str(), d.reached_threshold)).collect();
        assert_eq!(dropped, [("a", true), ("b", false)]);
        assert_eq!((after.dropped[0].rule, after.dropped[0].valid_through), (VALIDITY, date!(2026 - 06 - 01)));
        assert!(after.dropped[0].reason.zh.contains("有效至 2026-06-01"), "{}", after.dropped[0].reason.zh);
        let refusal = after.why_no_one();
        assert_eq!(refusal.rule, VALIDITY);
        assert!(refusal.reason.zh.contains("a（2025-06-01 推荐，有效至 2026-06-01）"), "{}", refusal.reason.zh);
    }

    #[test]
    fn sel_recommend_validity_a_later_valid_result_decides_and_nothing_is_dropped() {
        let p = policy();
        let rounds = vec![
            ("old".to_owned(), outcome(date!(2025 - 01 - 10), &[("a", 9), ("b", 9)])),
            ("new".to_owned(), outcome(date!(2026 - 05 - 10), &[("a", 3)])),
        ];
        let n = nominate(&p, "post", date!(2026 - 06 - 01), &rounds).unwrap();
        // a's latest valid result is below the threshold; b has only the expired one.
        assert!(n.nominated.is_empty());
        assert_eq!(names(&n.below_threshold), ["a"]);
        assert_eq!(n.dropped.iter().map(|d| d.candidate.as_str()).collect::<Vec<_>>(), ["b"]);
        // b had reached the threshold: the age of the result, not the votes, keeps b out.
        assert_eq!(n.why_no_one().rule, VALIDITY);
    }

    #[test]
    fn sel_recommend_threshold_names_itself_when_valid_results_are_only_below_it() {
        let p = policy();
        let rounds = vec![
            ("old".to_owned(), outcome(date!(2025 - 01 - 10), &[("b", 1)])),
            ("new".to_owned(), outcome(date!(2026 - 05 - 10), &[("a", 3)])),
        ];
        let n = nominate(&p, "post", date!(2026 - 06 - 01), &rounds).unwrap();
        assert_eq!(n.why_no_one().rule, "SEL-RECOMMEND-THRESHOLD");
    }
}
