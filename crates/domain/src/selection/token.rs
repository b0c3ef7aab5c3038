//! One-time codes: the voter codes of an online recommendation round (推荐投票码) and the
//! receipt codes of anonymous objections (回执码).
//!
//! A code is derived from entropy the caller supplies (the application draws it from the
//! operating system and may record it for audit), so this module stays pure and a batch is
//! reproducible from its seed. Codes use Crockford's base-32 alphabet (no I, L, O, U), ten
//! characters shown as `XXXXX-XXXXX`; [`OneTimeCode::parse`] forgives case, spaces, hyphens and
//! the look-alikes O→0, I/L→1.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::FieldError;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code (50 bits).
pub const CODE_LEN: usize = 10;
/// The least entropy accepted for a batch, in bytes.
pub const MIN_SEED_BYTES: usize = 16;

/// A normalised one-time code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    /// The `index`-th code of a batch for `purpose` (e.g. a round ID) from `seed`.
    pub fn derive(seed: &[u8], purpose: &str, index: u64) -> Self {
        let mut hasher = Sha256::new();
        for part in [purpose.as_bytes(), b"\0", seed, b"\0", &index.to_be_bytes()] {
            hasher.update(part);
        }
        let digest = hasher.finalize();
        let mut bits = digest.iter().take(8).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut code = String::with_capacity(CODE_LEN);
        for _ in 0..CODE_LEN {
            code.push(char::from(ALPHABET[(bits >> 59) as usize]));
            bits <<= 5;
        }
        Self(code)
    }

    /// Reads a code as a person typed it.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let mut code = String::with_capacity(CODE_LEN);
        for ch in raw.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let ch = match ch.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !ch.is_ascii() || !ALPHABET.contains(&(ch as u8)) {
                return Err(bad(field));
            }
            code.push(ch);
        }
        if code.len() == CODE_LEN { Ok(Self(code)) } else { Err(bad(field)) }
    }

    /// The ten characters without the separator (how the code is stored).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OneTimeCode {
    /// Grouped for reading aloud: `XXXXX-XXXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.0.split_at(CODE_LEN / 2);
        write!(f, "{a}-{b}")
    }
}

fn bad(field: &str) -> FieldError {
    FieldError::new(
        field,
        format!("代码应为 {CODE_LEN} 位字母数字"),
        format!("a code is {CODE_LEN} letters and digits"),
    )
}

/// `count` distinct codes for `purpose` from `seed`; a seed shorter than [`MIN_SEED_BYTES`] is
/// refused, since codes guessable from a weak seed would let anyone vote.
pub fn derive_batch(seed: &[u8], purpose: &str, count: usize) -> Result<Vec<OneTimeCode>, FieldError> {
    if seed.len() < MIN_SEED_BYTES {
        return Err(FieldError::new(
            "seed",
            format!("随机种子至少 {MIN_SEED_BYTES} 字节"),
            format!("the seed needs at least {MIN_SEED_BYTES} bytes of entropy"),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut codes = Vec::with_capacity(count);
    let mut index = 0u64;
    while codes.len() < count {
        let code = OneTimeCode::derive(seed, purpose, index);
        index += 1;
        if seen.insert(code.clone()) {
            codes.push(code);
        }
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &[u8] = b"0123456789abcdef-entropy";

    #[test]
    fn a_batch_is_distinct_and_reproducible_from_its_seed() {
        let a = derive_batch(SEED, "round-1", 500).unwrap();
        let b = derive_batch(SEED, "round-1", 500).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.iter().collect::<BTreeSet<_>>().len(), 500);
        assert_ne!(a, derive_batch(SEED, "round-2", 500).unwrap());
    }

    #[test]
    fn a_weak_seed_is_refused() {
        assert_eq!(derive_batch(b"short", "r", 1).unwrap_err().field, "seed");
    }

    #[test]
    fn a_typed_code_is_normalised() {
        let code = OneTimeCode::derive(SEED, "r", 0);
        let typed = format!(" {} ", code.to_string().to_lowercase());
        assert_eq!(OneTimeCode::parse("code", &typed).unwrap(), code);
        assert_eq!(OneTimeCode::parse("code", "o1lI2-34567").unwrap().as_str(), "0111234567");
        assert!(OneTimeCode::parse("code", "U1234-56789").is_err());
        assert!(OneTimeCode::parse("code", "12345").is_err());
    }
}
