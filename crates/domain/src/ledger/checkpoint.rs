//! Checkpoints: the ledger's signed tree heads, as C2SP tlog-checkpoint notes.
//!
//! A checkpoint's text is three lines, `<origin>\n<size>\n<base64 root>\n`: who keeps the log, how many
//! entries the tree holds and its Merkle root ([`super::merkle`]). It is signed as a signed note
//! ([`super::note`]) with an Ed25519 key. Opening is strict: exactly those three lines (no extension
//! lines), a size in canonical decimal, a root of exactly 32 bytes in canonical base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::merkle::Hash;
use super::note::{self, NoteError, VerifierKey};

/// A tree head: the log's origin, the number of leaves (entries) and the Merkle root over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Who keeps the log, e.g. `jianquan.example/ledger`: non-empty, no control characters.
    pub origin: String,
    /// How many entries the tree holds: entries `seq` 1 to `size`.
    pub size: u64,
    /// The Merkle root over those entries.
    pub root: Hash,
}

/// Why a checkpoint could not be signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The note around it, or the key, is wrong.
    #[error(transparent)]
    Note(#[from] NoteError),
    /// The origin line is empty or holds a control character.
    #[error("the origin {0:?} is empty or contains a control character")]
    BadOrigin(String),
    /// The size line is not a decimal number without leading zeros that fits 64 bits.
    #[error("the size line {0:?} is not a number of entries in decimal without leading zeros")]
    BadSize(String),
    /// The root line is not the standard, padded base64 of 32 bytes.
    #[error("the root line {0:?} is not the standard base64 of 32 bytes")]
    BadRoot(String),
    /// The text is not exactly three lines each ending in a newline.
    #[error("a checkpoint is exactly three lines (origin, size, root) each ending in a newline; this text has {0}")]
    WrongLineCount(usize),
}

fn check_origin(origin: &str) -> Result<(), CheckpointError> {
    if origin.is_empty() || origin.chars().any(char::is_control) {
        return Err(CheckpointError::BadOrigin(origin.to_owned()));
    }
    Ok(())
}

impl Checkpoint {
    /// The note text that is signed: `<origin>\n<size>\n<base64 root>\n`.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, STANDARD.encode(self.root))
    }

    /// Reads a note text written by [`Self::body`], refusing anything else.
    pub fn parse_body(text: &str) -> Result<Self, CheckpointError> {
        let Some(lines) = text.strip_suffix('\n') else {
            return Err(NoteError::TextWithoutFinalNewline.into());
        };
        let lines: Vec<&str> = lines.split('\n').collect();
        let [origin, size, root] = lines[..] else {
            return Err(CheckpointError::WrongLineCount(lines.len()));
        };
        check_origin(origin)?;
        let canonical =
            size == "0" || (size.starts_with(|c: char| c != '0') && size.bytes().all(|b| b.is_ascii_digit()));
        let bad_size = || CheckpointError::BadSize(size.to_owned());
        let size = if canonical { size.parse().map_err(|_| bad_size())? } else { return Err(bad_size()) };
        let bad_root = || CheckpointError::BadRoot(root.to_owned());
        let bytes: Hash = STANDARD.decode(root).map_err(|_| bad_root())?.try_into().map_err(|_| bad_root())?;
        if STANDARD.encode(bytes) != root {
            return Err(bad_root());
        }
        Ok(Self { origin: origin.to_owned(), size, root: bytes })
    }
}

/// The signed note of a checkpoint, signed by the Ed25519 key made from 32 secret bytes.
pub fn sign(checkpoint: &Checkpoint, key_name: &str, signing_key: &[u8; 32]) -> Result<String, CheckpointError> {
    check_origin(&checkpoint.origin)?;
    Ok(note::sign_note(&checkpoint.body(), key_name, signing_key)?)
}

/// The verifier key text (`<name>+<hex key ID>+<base64(0x01 ‖ public key)>`) of the signing key made
/// from 32 secret bytes: what is given to those who will open the checkpoints.
pub fn verifier_key(key_name: &str, signing_key: &[u8; 32]) -> Result<String, CheckpointError> {
    Ok(VerifierKey::from_signing_key(key_name, signing_key)?.to_string())
}

/// Opens a signed checkpoint with a verifier key: the signature first, then the strict format.
pub fn open(note_text: &str, verifier_key: &str) -> Result<Checkpoint, CheckpointError> {
    let key = VerifierKey::parse(verifier_key)?;
    Checkpoint::parse_body(note::open_note(note_text, &key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const NAME: &str = "jianquan.example/ledger";

    fn checkpoint() -> Checkpoint {
        Checkpoint { origin: NAME.into(), size: 20_852_163, root: [0xa5; 32] }
    }

    fn vkey() -> String {
        verifier_key(NAME, &KEY).unwrap()
    }

    #[test]
    fn a_signed_checkpoint_opens_to_itself() {
        let note = sign(&checkpoint(), NAME, &KEY).unwrap();
        assert!(
            note.starts_with("jianquan.example/ledger\n20852163\npaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaU=\n\n— ")
        );
        assert_eq!(open(&note, &vkey()), Ok(checkpoint()));
        let empty = Checkpoint { size: 0, root: crate::ledger::merkle::empty_root(), ..checkpoint() };
        assert_eq!(open(&sign(&empty, NAME, &KEY).unwrap(), &vkey()), Ok(empty));
    }

    #[test]
    fn a_changed_size_root_or_origin_is_refused() {
        let note = sign(&checkpoint(), NAME, &KEY).unwrap();
        let bad = Err(CheckpointError::Note(NoteError::BadSignature { key_name: NAME.into() }));
        assert_eq!(open(&note.replace("20852163", "20852164"), &vkey()), bad);
        assert_eq!(open(&note.replace("paWlpaWl", "paWlpaWm"), &vkey()), bad);
        assert_eq!(open(&note.replacen("jianquan.example/ledger\n", "jianquan.example/ledgers\n", 1), &vkey()), bad);
    }

    #[test]
    fn a_checkpoint_signed_by_another_key_is_refused() {
        let forged = sign(&checkpoint(), NAME, &[8; 32]).unwrap();
        assert_eq!(
            open(&forged, &vkey()),
            Err(CheckpointError::Note(NoteError::NotSignedBy { key_name: NAME.into() }))
        );
        let other_name = sign(&checkpoint(), "someone.else", &KEY).unwrap();
        assert!(matches!(open(&other_name, &vkey()), Err(CheckpointError::Note(NoteError::NotSignedBy { .. }))));
    }

    #[test]
    fn a_cosigned_checkpoint_opens_with_either_key() {
        let note = sign(&checkpoint(), NAME, &KEY).unwrap();
        let witness = note::sign_note(&checkpoint().body(), "witness.example", &[9; 32]).unwrap();
        let (_, witness_line) = witness.split_once("\n\n").unwrap();
        let cosigned = format!("{note}{witness_line}");
        assert_eq!(open(&cosigned, &vkey()), Ok(checkpoint()));
        assert_eq!(open(&cosigned, &verifier_key("witness.example", &[9; 32]).unwrap()), Ok(checkpoint()));
    }

    /// Signs any text as a note, to reach the checkpoint format checks behind a good signature.
    fn opened(text: &str) -> Result<Checkpoint, CheckpointError> {
        open(&note::sign_note(text, NAME, &KEY).unwrap(), &vkey())
    }

    #[test]
    fn a_malformed_checkpoint_is_refused_even_when_well_signed() {
        let root = "paWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaU=";
        assert_eq!(opened(&format!("o\n5\n{root}\n")).map(|c| c.size), Ok(5));
        assert_eq!(opened(&format!("o\n05\n{root}\n")), Err(CheckpointError::BadSize("05".into())));
        assert_eq!(opened(&format!("o\n00\n{root}\n")), Err(CheckpointError::BadSize("00".into())));
        assert_eq!(opened(&format!("o\n+5\n{root}\n")), Err(CheckpointError::BadSize("+5".into())));
        assert_eq!(opened(&format!("o\n-1\n{root}\n")), Err(CheckpointError::BadSize("-1".into())));
        assert_eq!(opened(&format!("o\n\n{root}\n")), Err(CheckpointError::BadSize(String::new())));
        let too_big = "18446744073709551616";
        assert_eq!(opened(&format!("o\n{too_big}\n{root}\n")), Err(CheckpointError::BadSize(too_big.into())));
        assert_eq!(opened(&format!("o\n5 \n{root}\n")), Err(CheckpointError::BadSize("5 ".into())));
        assert_eq!(opened(&format!("\n5\n{root}\n")), Err(CheckpointError::BadOrigin(String::new())));
        assert_eq!(opened(&format!("o\n5\n{root}\nextension\n")), Err(CheckpointError::WrongLineCount(4)));
        assert_eq!(opened("o\n5\n"), Err(CheckpointError::WrongLineCount(2)));
        for bad_root in
            ["paWl", "paWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaU", "paWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaV=", ""]
        {
            assert_eq!(opened(&format!("o\n5\n{bad_root}\n")), Err(CheckpointError::BadRoot(bad_root.into())));
        }
        let with_trailing_garbage = format!("{}garbage\n", sign(&checkpoint(), NAME, &KEY).unwrap());
        assert!(matches!(
            open(&with_trailing_garbage, &vkey()),
            Err(CheckpointError::Note(NoteError::MalformedSignatureLine { line: 2 }))
        ));
    }

    #[test]
    fn signing_refuses_an_origin_that_would_not_open() {
        for origin in ["", "two\nlines", "tab\there"] {
            let bad = Checkpoint { origin: origin.into(), ..checkpoint() };
            assert_eq!(sign(&bad, NAME, &KEY), Err(CheckpointError::BadOrigin(origin.into())));
        }
        assert_eq!(
            verifier_key("has space", &KEY),
            Err(CheckpointError::Note(NoteError::BadKeyName("has space".into())))
        );
    }
}
