//! Competitive appointment (竞争上岗) and open selection (公开选拔) scores (SEL-COMPETITIVE):
//! the announcement's weights for the written exam and the interview, each candidate's total,
//! and the ranking.
//!
//! Scores are kept in hundredths of a point (85.50 → 8550) and weights in whole percent, so a
//! total is an exact integer in 1/10,000 of a point and ties are real ties. Tied candidates share
//! a rank and the next rank is skipped (1, 2, 2, 4).

use serde::Serialize;
use time::Date;

use super::StepError;
use crate::error::Refusal;
use crate::policy::{Policy, PolicyError};

/// Weights in percent of the total score; they add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weights {
    pub written_exam: u32,
    pub interview: u32,
}

impl Weights {
    /// Weights an announcement states; refused unless they add up to 100.
    pub fn new(written_exam: u32, interview: u32) -> Result<Self, Refusal> {
        if written_exam.checked_add(interview) != Some(100) {
            return Err(Refusal::new(
                "SEL-COMPETITIVE",
                format!("笔试、面试权重之和须为 100%（现为 {written_exam}% + {interview}%）"),
                format!("written-exam and interview weights add up to 100% (got {written_exam}% + {interview}%)"),
            ));
        }
        Ok(Self { written_exam, interview })
    }

    /// The policy's default weights (SEL-COMPETITIVE `score_weights`), for an announcement
    /// that does not state its own.
    pub fn from_policy(policy: &Policy, on: Date) -> Result<Self, StepError> {
        let weight = |key: &str| -> Result<u32, PolicyError> { policy.count("SEL-COMPETITIVE", key, on) };
        let written = weight("score_weights.written_exam")?;
        let interview = weight("score_weights.interview")?;
        Ok(Self::new(written, interview)?)
    }
}

/// One candidate's scores, in hundredths of a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scores {
    pub candidate: String,
    pub written_exam: u32,
    pub interview: u32,
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub rank: u32,
    pub candidate: String,
    /// The weighted total in 1/10,000 of a point (divide by 10,000 for points).
    pub total: u64,
}

impl Ranked {
    /// The total as points with two decimals, rounded half up, e.g. "83.65".
    pub fn points(&self) -> String {
        let hundredths = (self.total + 50) / 100;
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

/// Ranks candidates by weighted total, highest first; equal totals share a rank.
pub fn rank(weights: Weights, scores: &[Scores]) -> Vec<Ranked> {
    let mut totals: Vec<Ranked> = scores
        .iter()
        .map(|s| Ranked {
            rank: 0,
            candidate: s.candidate.clone(),
            total: u64::from(s.written_exam) * u64::from(weights.written_exam)
                + u64::from(s.interview) * u64::from(weights.interview),
        })
        .collect();
    totals.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.candidate.cmp(&b.candidate)));
    let mut previous: Option<(u64, u32)> = None;
    for (i, r) in totals.iter_mut().enumerate() {
        let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        r.rank = match previous {
            Some((total, rank)) if total == r.total => rank,
            _ => position,
        };
        previous = Some((r.total, r.rank));
    }
    totals
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::selection::testing::policy;

    fn s(candidate: &str, written: u32, interview: u32) -> Scores {
        Scores { candidate: candidate.into(), written_exam: written, interview }
    }

    #[test]
    fn sel_competitive_weights_come_from_the_policy_or_the_announcement() {
        let w = Weights::from_policy(&policy(), date!(2026 - 05 - 01)).unwrap();
        assert_eq!(w, Weights { written_exam: 50, interview: 50 });
        assert!(Weights::new(40, 60).is_ok());
        assert_eq!(Weights::new(40, 50).unwrap_err().rule, "SEL-COMPETITIVE");
        // Before the Dongying rule took effect, no default weights exist.
        assert!(Weights::from_policy(&policy(), date!(2021 - 01 - 01)).is_err());
    }

    #[test]
    fn sel_competitive_ranking_shares_ranks_on_exact_ties() {
        let w = Weights::new(40, 60).unwrap();
        // a: 0.4×80 + 0.6×90 = 86.00; b: 0.4×90 + 0.6×83.33 = 85.998; c: 0.4×95 + 0.6×80 = 86.00.
        let ranked = rank(w, &[s("a", 8000, 9000), s("b", 9000, 8333), s("c", 9500, 8000), s("d", 6000, 6000)]);
        let view: Vec<(u32, &str)> = ranked.iter().map(|r| (r.rank, r.candidate.as_str())).collect();
        assert_eq!(view, [(1, "a"), (1, "c"), (3, "b"), (4, "d")]);
        assert_eq!(ranked[0].points(), "86.00");
        assert_eq!(ranked[2].points(), "86.00");
        assert_eq!(ranked[2].total, 859_980);
    }
}
