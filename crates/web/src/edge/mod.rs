//! The public edge: what stands between the network and the handlers. Per-client rate limits
//! (SEC-RATE-LIMIT) and per-route body limits ([`guard`]), the client's address ([`client`]),
//! the proof-of-work key for anonymous submissions (SEC-PROOF-OF-WORK), and the security headers
//! and compression on every answer ([`headers`]). Each limit is listed in docs/security.md.

pub mod client;
pub mod guard;
pub mod headers;
pub mod rate;

use std::net::IpAddr;

use jianquan_app::App;
use jianquan_domain::challenge::ChallengeKey;

pub use guard::BodyLimit;
pub use rate::RateClass;

/// The edge's state, made once when the router is built (from the policy and the environment).
pub struct Edge {
    /// Signs proof-of-work challenges; `JIANQUAN_CHALLENGE_KEY` (hex, at least 32 bytes) when
    /// several servers sit behind one load balancer, otherwise random per process.
    pub challenge_key: ChallengeKey,
    /// The reverse proxies whose `X-Forwarded-For` is believed (`JIANQUAN_TRUSTED_PROXY`).
    pub trusted_proxies: Vec<IpAddr>,
    pub limiters: rate::Limiters,
}

impl Edge {
    /// Reads `JIANQUAN_TRUSTED_PROXY` and `JIANQUAN_CHALLENGE_KEY`, and the rate limits in force today.
    pub fn from_env(app: &App) -> Self {
        let trusted_proxies =
            std::env::var("JIANQUAN_TRUSTED_PROXY").map(|v| client::parse_proxies(&v)).unwrap_or_default();
        let challenge_key = std::env::var("JIANQUAN_CHALLENGE_KEY")
            .ok()
            .and_then(|hex_key| {
                let key = hex::decode(hex_key.trim()).ok().and_then(ChallengeKey::new);
                if key.is_none() {
                    tracing::error!("JIANQUAN_CHALLENGE_KEY is not hex of at least 32 bytes; using a random key");
                }
                key
            })
            .unwrap_or_else(random_key);
        Self { challenge_key, trusted_proxies, limiters: rate::Limiters::from_policy(&app.policy, app.today()) }
    }
}

/// 32 random bytes (two version-4 UUIDs: 244 random bits) for this process's challenge key.
fn random_key() -> ChallengeKey {
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    ChallengeKey::new(bytes).unwrap_or_else(|| unreachable!("32 bytes make a key"))
}
