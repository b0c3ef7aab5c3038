//! Proof of work for anonymous public submissions (as GlobaLeaks does): the server hands out a
//! short-lived challenge, and the client must find a nonce such that
//! `SHA-256(challenge ‖ nonce)` begins with at least `difficulty` zero bits before its
//! submission is taken. One submission then costs the sender about `2^difficulty` hashes — a
//! moment for a person, a real price for a script sending thousands (rule SEC-PROOF-OF-WORK).
//!
//! **Stateless issue, single use.** A challenge is
//! `v1.<issued unix seconds>.<difficulty>.<random hex>.<HMAC-SHA256 hex>`, the HMAC taken over
//! everything before it with a server key, so the server keeps nothing per challenge it issues
//! and a client can neither forge one nor lower its difficulty or backdate it. Being stateless,
//! a challenge could be used twice: the application spends its digest ([`Solved::digest`]) in the
//! write transaction that stores the submission, and a second use is refused there.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::Invalid;

/// The rule whose figures set the difficulty and the lifetime of a challenge.
pub const RULE: &str = "SEC-PROOF-OF-WORK";

/// Difficulties outside this range are refused when issuing (a policy typo must not make
/// submissions impossible — 2^40 hashes — or free).
pub const DIFFICULTY_RANGE: std::ops::RangeInclusive<u32> = 1..=32;

const VERSION: &str = "v1";

/// The server's secret for signing challenges (at least 32 bytes).
#[derive(Clone)]
pub struct ChallengeKey(Vec<u8>);

impl std::fmt::Debug for ChallengeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChallengeKey(***)")
    }
}

impl ChallengeKey {
    /// A key from secret bytes; `None` if shorter than 32 bytes.
    pub fn new(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 32).then_some(Self(bytes))
    }

    fn mac(&self, text: &str) -> String {
        // HMAC accepts a key of any length; the error case cannot happen.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(text.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Issues a challenge at `now` (unix seconds) with fresh `random` bytes from the caller.
    pub fn issue(&self, now: i64, difficulty: u32, random: &[u8]) -> String {
        let body = format!("{VERSION}.{now}.{difficulty}.{}", hex::encode(random));
        let mac = self.mac(&body);
        format!("{body}.{mac}")
    }

    /// Checks a solved challenge: issued by this key, not older than `lifetime_secs` at `now`
    /// (nor from the future), at least `min_difficulty` bits, and the nonce meets its
    /// difficulty. Every failure is a field error on `challenge` or `nonce`.
    pub fn verify(
        &self,
        challenge: &str,
        nonce: &str,
        now: i64,
        lifetime_secs: i64,
        min_difficulty: u32,
    ) -> Result<Solved, Invalid> {
        let forged = || {
            Invalid::one(
                "challenge",
                "验证题无效，请刷新页面后重新提交",
                "the challenge is not valid; reload and submit again",
            )
        };
        let challenge = challenge.trim();
        let (body, mac) = challenge.rsplit_once('.').ok_or_else(forged)?;
        if challenge.len() > 256 || !constant_time_eq(mac.as_bytes(), self.mac(body).as_bytes()) {
            return Err(forged());
        }
        let mut parts = body.split('.');
        let (Some(VERSION), Some(issued), Some(difficulty), Some(_random), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(forged());
        };
        let (Ok(issued), Ok(difficulty)) = (issued.parse::<i64>(), difficulty.parse::<u32>()) else {
            return Err(forged());
        };
        if now - issued > lifetime_secs || issued - now > 60 {
            return Err(Invalid::one(
                "challenge",
                "验证题已过期，请重新提交（页面会自动重新计算）",
                "the challenge has expired; submit again (the page computes a new one)",
            ));
        }
        if difficulty < min_difficulty {
            return Err(forged());
        }
        let nonce = nonce.trim();
        let well_formed = !nonce.is_empty() && nonce.len() <= 32 && nonce.bytes().all(|b| b.is_ascii_digit());
        if !well_formed || leading_zero_bits(&work_digest(challenge, nonce)) < difficulty {
            return Err(Invalid::one(
                "nonce",
                "工作量证明未完成或不正确，请在浏览器中启用脚本后重新提交",
                "the proof of work is missing or wrong; enable scripts in the browser and submit again",
            ));
        }
        Ok(Solved { digest: hex::encode(Sha256::digest(challenge.as_bytes())), expires_at: issued + lifetime_secs })
    }
}

/// A verified challenge, to be spent once with the submission it allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solved {
    /// The SHA-256 of the challenge (hex): what the spent list keeps.
    pub digest: String,
    /// When the challenge stops being accepted (unix seconds): its spent entry may go after that.
    pub expires_at: i64,
}

/// `SHA-256(challenge ‖ nonce)`, the nonce written in decimal ASCII.
pub fn work_digest(challenge: &str, nonce: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(challenge.as_bytes());
    hasher.update(nonce.as_bytes());
    hasher.finalize().into()
}

/// How many bits at the start of `digest` are zero.
pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Finds the smallest nonce meeting the challenge's difficulty (what the browser's script does;
/// used by tests and API clients written in Rust).
pub fn solve(challenge: &str) -> Option<String> {
    let difficulty: u32 = challenge.split('.').nth(2)?.parse().ok()?;
    if !DIFFICULTY_RANGE.contains(&difficulty) {
        return None;
    }
    (0u64..).map(|n| n.to_string()).find(|nonce| leading_zero_bits(&work_digest(challenge, nonce)) >= difficulty)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ChallengeKey {
        ChallengeKey::new(vec![7; 32]).unwrap()
    }

    #[test]
    fn a_solved_challenge_verifies_within_its_lifetime() {
        let challenge = key().issue(1_000, 8, b"random-bytes");
        let nonce = solve(&challenge).unwrap();
        let solved = key().verify(&challenge, &nonce, 1_100, 600, 8).unwrap();
        assert_eq!(solved.expires_at, 1_600);
        assert_eq!(solved.digest.len(), 64);
    }

    #[test]
    fn a_wrong_nonce_an_old_challenge_or_another_key_is_refused() {
        let challenge = key().issue(1_000, 8, b"random-bytes");
        let nonce = solve(&challenge).unwrap();
        let wrong =
            (0u64..).map(|n| n.to_string()).find(|n| leading_zero_bits(&work_digest(&challenge, n)) < 8).unwrap();
        assert_eq!(key().verify(&challenge, &wrong, 1_100, 600, 8).unwrap_err().fields[0].field, "nonce");
        assert_eq!(key().verify(&challenge, "", 1_100, 600, 8).unwrap_err().fields[0].field, "nonce");
        assert!(key().verify(&challenge, &nonce, 1_601, 600, 8).is_err(), "expired");
        let other = ChallengeKey::new(vec![8; 32]).unwrap();
        assert!(other.verify(&challenge, &nonce, 1_100, 600, 8).is_err(), "another server's key");
    }

    #[test]
    fn a_client_cannot_lower_the_difficulty_or_backdate_a_challenge() {
        let challenge = key().issue(1_000, 8, b"r");
        let easier = challenge.replacen(".8.", ".1.", 1);
        let nonce = solve(&easier).unwrap();
        assert_eq!(key().verify(&easier, &nonce, 1_100, 600, 1).unwrap_err().fields[0].field, "challenge");
        let weak = key().issue(1_000, 4, b"r");
        let nonce = solve(&weak).unwrap();
        assert!(key().verify(&weak, &nonce, 1_100, 600, 8).is_err(), "below the policy's difficulty");
    }

    #[test]
    fn leading_zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn a_short_key_is_refused() {
        assert!(ChallengeKey::new(vec![1; 16]).is_none());
    }
}
