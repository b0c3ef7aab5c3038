//! Signed notes (C2SP signed-note) with Ed25519 keys: the text, a blank line, then one line per
//! signature, `— <key name> <base64(key ID ‖ signature)>`. This module owns key IDs, verifier keys
//! (`<name>+<hex key ID>+<base64(0x01 ‖ public key)>`), signing a text and opening a note with one key.
//! Keys are made from 32 secret bytes the caller supplies: nothing here draws randomness.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

#[cfg(test)]
mod tests;

/// The signature type byte of Ed25519 in signed notes and verifier keys.
pub const ED25519: u8 = 0x01;

/// The most signature lines a note may carry (the format asks verifiers to accept at least 16).
pub const MAX_SIGNATURES: usize = 100;

/// What starts a signature line: an em dash (U+2014) and a space.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Why a note or a verifier key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// Key names are non-empty, without spaces or plus signs.
    #[error("the key name {0:?} is empty or contains a space or a plus sign")]
    BadKeyName(String),
    /// The signed text does not end in a newline.
    #[error("the note text does not end in a newline")]
    TextWithoutFinalNewline,
    /// Notes hold no ASCII control character except the newline.
    #[error("the note contains a control character other than newline")]
    ControlCharacter,
    /// There is no blank line followed by signature lines.
    #[error("the note has no blank line followed by signature lines")]
    NoSignatureBlock,
    /// A signature line is not `— <key name> <base64 of key ID and signature>`.
    #[error("signature line {line} is not «— <key name> <base64 of the key ID and signature>»")]
    MalformedSignatureLine { line: usize },
    /// More signature lines than [`MAX_SIGNATURES`].
    #[error("the note carries more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// A verifier key is not `<name>+<8 lowercase hex digits>+<base64 of the type byte and key>`.
    #[error("the verifier key is not «<name>+<8 lowercase hex digits>+<base64 of the type byte and public key>»")]
    MalformedVerifierKey,
    /// The key ID in a verifier key is not the one its name and public key give.
    #[error("the verifier key's ID {id:08x} does not match its name and public key")]
    VerifierKeyIdMismatch { id: u32 },
    /// A verifier key of another type than Ed25519.
    #[error("the verifier key is of type {0:#04x}, not Ed25519 (0x01)")]
    UnsupportedKeyType(u8),
    /// The public key bytes are not an Ed25519 public key.
    #[error("the verifier key's public key is not an Ed25519 public key")]
    InvalidPublicKey,
    /// A signature by the given key is there but does not verify.
    #[error(
        "the signature by {key_name} does not verify: the note was altered after signing, or signed by another key"
    )]
    BadSignature { key_name: String },
    /// No signature line is by the given key (same name and key ID).
    #[error("the note carries no signature by {key_name}")]
    NotSignedBy { key_name: String },
}

/// The key ID of an Ed25519 key: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let digest = Sha256::new().chain_update(name).chain_update([b'\n', ED25519]).chain_update(public_key).finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty() || name.contains(char::is_whitespace) || name.contains('+') {
        return Err(NoteError::BadKeyName(name.to_owned()));
    }
    Ok(())
}

fn has_control_character(text: &str) -> bool {
    text.chars().any(|c| c < ' ' && c != '\n')
}

/// A named Ed25519 public key that notes are opened with; its text form is the signed-note vkey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl VerifierKey {
    /// The verifier key of the signing key made from 32 secret bytes.
    pub fn from_signing_key(name: &str, signing_key: &[u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(signing_key).verifying_key();
        Ok(Self { name: name.to_owned(), id: key_id(name, key.as_bytes()), key })
    }

    /// Reads `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, checking the ID against name and key.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id_hex), Some(key64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::MalformedVerifierKey);
        };
        check_name(name)?;
        let lowercase_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if id_hex.len() != 8 || !id_hex.bytes().all(lowercase_hex) {
            return Err(NoteError::MalformedVerifierKey);
        }
        let id = u32::from_str_radix(id_hex, 16).map_err(|_| NoteError::MalformedVerifierKey)?;
        let raw = STANDARD.decode(key64).map_err(|_| NoteError::MalformedVerifierKey)?;
        let Some((&kind, public)) = raw.split_first() else {
            return Err(NoteError::MalformedVerifierKey);
        };
        if kind != ED25519 {
            return Err(NoteError::UnsupportedKeyType(kind));
        }
        let public: [u8; 32] = public.try_into().map_err(|_| NoteError::MalformedVerifierKey)?;
        if key_id(name, &public) != id {
            return Err(NoteError::VerifierKeyIdMismatch { id });
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| NoteError::InvalidPublicKey)?;
        Ok(Self { name: name.to_owned(), id, key })
    }

    /// The key's name, as it appears on signature lines.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID, as the first 4 bytes of each signature carry it.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }
}

impl std::fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut typed = [0_u8; 33];
        typed[0] = ED25519;
        typed[1..].copy_from_slice(self.key.as_bytes());
        write!(f, "{}+{:08x}+{}", self.name, self.id, STANDARD.encode(typed))
    }
}

/// Signs `text` (which must end in a newline) with the key made from 32 secret bytes: the whole note.
pub fn sign_note(text: &str, key_name: &str, signing_key: &[u8; 32]) -> Result<String, NoteError> {
    check_name(key_name)?;
    if !text.ends_with('\n') {
        return Err(NoteError::TextWithoutFinalNewline);
    }
    if has_control_character(text) {
        return Err(NoteError::ControlCharacter);
    }
    let key = SigningKey::from_bytes(signing_key);
    let mut signature = key_id(key_name, key.verifying_key().as_bytes()).to_be_bytes().to_vec();
    signature.extend_from_slice(&key.sign(text.as_bytes()).to_bytes());
    Ok(format!("{text}\n{SIGNATURE_PREFIX}{key_name} {}\n", STANDARD.encode(signature)))
}

/// Opens a note with one key: the signed text, if at least one signature line is by that key (same
/// name and key ID) and every such line verifies. Lines by other keys are ignored, unverified.
pub fn open_note<'a>(note: &'a str, key: &VerifierKey) -> Result<&'a str, NoteError> {
    if has_control_character(note) {
        return Err(NoteError::ControlCharacter);
    }
    let split = note.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
    let (text, signatures) = (&note[..=split], &note[split + 2..]);
    let Some(lines) = signatures.strip_suffix('\n').filter(|lines| !lines.is_empty()) else {
        return Err(NoteError::NoSignatureBlock);
    };
    let mut verified = false;
    for (n, line) in lines.split('\n').enumerate() {
        if n >= MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let malformed = NoteError::MalformedSignatureLine { line: n + 1 };
        let Some((name, encoded)) = line.strip_prefix(SIGNATURE_PREFIX).and_then(|rest| rest.split_once(' ')) else {
            return Err(malformed);
        };
        let bytes = STANDARD.decode(encoded).map_err(|_| malformed.clone())?;
        if check_name(name).is_err() || bytes.len() < 5 {
            return Err(malformed);
        }
        let id = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if name != key.name || id != key.id {
            continue;
        }
        let bad = || NoteError::BadSignature { key_name: key.name.clone() };
        let signature: [u8; 64] = bytes[4..].try_into().map_err(|_| bad())?;
        key.key.verify_strict(text.as_bytes(), &Signature::from_bytes(&signature)).map_err(|_| bad())?;
        verified = true;
    }
    if !verified {
        return Err(NoteError::NotSignedBy { key_name: key.name.clone() });
    }
    Ok(text)
}
