//! Proof-of-work challenges for anonymous public submissions (SEC-PROOF-OF-WORK): issued without
//! storing anything, checked against the policy's difficulty and lifetime, and spent in the write
//! transaction of the submission they allowed. The mechanism is in
//! [`jianquan_domain::challenge`]; the server's key is kept by the web edge.

use jianquan_domain::Refusal;
use jianquan_domain::challenge::{ChallengeKey, DIFFICULTY_RANGE, RULE, Solved};
use jianquan_storage::WriteTx;
use jianquan_storage::challenges;
use serde::Serialize;

use crate::{App, AppError, AppResult};

/// A challenge as handed to a client.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    /// Whether a proof of work is asked for now (false when SEC-PROOF-OF-WORK is not in force;
    /// then `challenge` is empty and submissions need none).
    pub required: bool,
    /// The challenge text, sent back unchanged as `challenge`.
    pub challenge: String,
    /// Find a decimal `nonce` such that SHA-256(challenge ‖ nonce) begins with this many zero bits.
    pub difficulty_bits: u32,
    /// Seconds the challenge stays valid.
    pub expires_in: i64,
}

/// What a submission carries to show its work: a verified challenge to spend, or nothing
/// because nothing was asked (rule not in force) or the data is the system's own.
#[derive(Debug, Clone)]
pub struct Proof(Option<Solved>);

impl Proof {
    /// For records the system itself writes (demo data, tests of the use-case): no challenge.
    /// Never for a request from outside.
    pub fn waived_for_system_data() -> Self {
        Proof(None)
    }
}

/// The figures in force today: `None` when the rule is not.
fn figures(app: &App) -> AppResult<Option<(u32, i64)>> {
    let today = app.today();
    if !app.policy.is_in_force(RULE, today) {
        return Ok(None);
    }
    let bits = app.policy.count(RULE, "difficulty_bits", today).map_err(AppError::internal)?;
    let minutes = app.policy.count(RULE, "lifetime_minutes", today).map_err(AppError::internal)?;
    if !DIFFICULTY_RANGE.contains(&bits) {
        return Err(AppError::internal(format!("{RULE} difficulty_bits {bits} is outside {DIFFICULTY_RANGE:?}")));
    }
    Ok(Some((bits, i64::from(minutes) * 60)))
}

/// A fresh challenge under the policy in force.
pub fn issue(app: &App, key: &ChallengeKey) -> AppResult<Challenge> {
    let Some((bits, lifetime)) = figures(app)? else {
        return Ok(Challenge { required: false, challenge: String::new(), difficulty_bits: 0, expires_in: 0 });
    };
    let random = uuid::Uuid::new_v4();
    let challenge = key.issue(app.now().unix_timestamp(), bits, random.as_bytes());
    Ok(Challenge { required: true, challenge, difficulty_bits: bits, expires_in: lifetime })
}

/// Checks a submission's challenge and nonce (not yet spent: see [`spend`]).
pub fn verify(app: &App, key: &ChallengeKey, challenge: &str, nonce: &str) -> AppResult<Proof> {
    let Some((bits, lifetime)) = figures(app)? else { return Ok(Proof(None)) };
    let solved = key.verify(challenge, nonce, app.now().unix_timestamp(), lifetime, bits)?;
    Ok(Proof(Some(solved)))
}

/// Spends the proof's challenge inside the submission's write transaction: a challenge already
/// used is refused, and the whole submission with it.
pub(crate) async fn spend(app: &App, tx: &mut WriteTx, proof: &Proof) -> AppResult<()> {
    let Some(solved) = &proof.0 else { return Ok(()) };
    if challenges::spend(tx, &solved.digest, solved.expires_at, app.now().unix_timestamp()).await? {
        Ok(())
    } else {
        Err(Refusal::new(
            RULE,
            "该验证题已使用过，请重新提交（页面会重新计算）",
            "this challenge was already used; submit again (the page computes a new one)",
        )
        .into())
    }
}
