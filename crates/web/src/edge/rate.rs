//! Per-client rate limits (SEC-RATE-LIMIT) with the `governor` crate (GCRA, one cell per client
//! key): each route that takes requests from anyone names its class, and the class's figures
//! (per minute, burst) come from the policy in force when the server starts.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use jianquan_domain::policy::Policy;
use time::Date;

use super::client::ClientKey;

/// The rule whose figures set the limits.
pub const RULE: &str = "SEC-RATE-LIMIT";

/// What kind of request a route takes from the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateClass {
    /// Anonymous submissions that create records (objections): few, and each holds a case.
    Submission,
    /// Requests that present a one-time code (receipts, voter codes) or fetch a challenge:
    /// a code must not be guessable by brute force, yet a meeting room votes from one address.
    Code,
    /// Sign-in (the per-account throttle is separate: this one slows one client across accounts).
    Login,
}

impl RateClass {
    pub const ALL: [RateClass; 3] = [RateClass::Submission, RateClass::Code, RateClass::Login];

    /// The figures' prefix in the policy.
    pub fn key(self) -> &'static str {
        match self {
            RateClass::Submission => "submission",
            RateClass::Code => "code",
            RateClass::Login => "login",
        }
    }
}

/// One limiter per class (absent when the rule is not in force or its figures are unusable).
pub struct Limiters {
    by_class: Vec<(RateClass, Quota, DefaultKeyedRateLimiter<ClientKey>)>,
    checks: AtomicU64,
    clock: DefaultClock,
}

/// How often (in checks) the limiters forget clients that are back to a full burst.
const FORGET_EVERY: u64 = 4096;

impl Limiters {
    /// The limits in force on `on`; a class whose figures are missing or zero is logged and unlimited.
    pub fn from_policy(policy: &Policy, on: Date) -> Self {
        let mut by_class = Vec::new();
        if policy.is_in_force(RULE, on) {
            for class in RateClass::ALL {
                let per_minute = policy.count(RULE, &format!("{}_per_minute", class.key()), on);
                let burst = policy.count(RULE, &format!("{}_burst", class.key()), on);
                match (per_minute.ok().and_then(NonZeroU32::new), burst.ok().and_then(NonZeroU32::new)) {
                    (Some(per_minute), Some(burst)) => {
                        let quota = Quota::per_minute(per_minute).allow_burst(burst);
                        by_class.push((class, quota, RateLimiter::keyed(quota)));
                    }
                    _ => tracing::error!(class = class.key(), "{RULE}: figures missing or zero; class not limited"),
                }
            }
        } else {
            tracing::warn!("{RULE} is not in force: public requests are not rate-limited");
        }
        Self { by_class, checks: AtomicU64::new(0), clock: DefaultClock::default() }
    }

    /// Counts one request of `client` in `class`: `Err(wait)` when it must wait that long.
    pub fn check(&self, class: RateClass, client: &ClientKey) -> Result<(), Duration> {
        let Some((_, _, limiter)) = self.by_class.iter().find(|(c, _, _)| *c == class) else { return Ok(()) };
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            for (_, _, l) in &self.by_class {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        limiter.check_key(client).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// The quota of a class (for the docs and tests): per minute and burst.
    pub fn quota(&self, class: RateClass) -> Option<(u32, u32)> {
        self.by_class.iter().find(|(c, _, _)| *c == class).map(|(_, q, _)| {
            let per_minute = Duration::from_secs(60).as_nanos() / q.replenish_interval().as_nanos().max(1);
            (u32::try_from(per_minute).unwrap_or(u32::MAX), q.burst_size().get())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_past_its_burst_waits_and_another_client_does_not() {
        let limiters = Limiters::from_policy(&Policy::builtin().unwrap(), time::macros::date!(2026 - 11 - 26));
        let (_, burst) = limiters.quota(RateClass::Submission).unwrap();
        let a: ClientKey = Some("192.0.2.1".parse().unwrap());
        let b: ClientKey = Some("192.0.2.2".parse().unwrap());
        for _ in 0..burst {
            assert!(limiters.check(RateClass::Submission, &a).is_ok());
        }
        let wait = limiters.check(RateClass::Submission, &a).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));
        assert!(limiters.check(RateClass::Submission, &b).is_ok(), "another client has its own burst");
        assert!(limiters.check(RateClass::Login, &a).is_ok(), "another class has its own count");
    }
}
