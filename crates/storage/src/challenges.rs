//! The spent list of proof-of-work challenges (SEC-PROOF-OF-WORK): a challenge's digest is
//! written in the transaction of the submission it allowed, so a second use finds it there.

use crate::{Result, WriteTx};

/// Spends a challenge in `tx`: `true` if it was unspent, `false` if already used. Expired
/// entries (whose challenges are refused anyway) are removed on the way, so the list stays as
/// short as the challenges' lifetime.
pub async fn spend(tx: &mut WriteTx, digest: &str, expires_at: i64, now: i64) -> Result<bool> {
    sqlx::query("DELETE FROM spent_challenges WHERE expires_at < $1").bind(now).execute(&mut **tx).await?;
    let done = sqlx::query(
        "INSERT INTO spent_challenges (digest, expires_at) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING",
    )
    .bind(digest)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
