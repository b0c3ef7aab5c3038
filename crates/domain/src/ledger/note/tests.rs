//! Signed notes checked against the examples of the C2SP signed-note specification and of Go's
//! `golang.org/x/mod/sumdb/note` tests, and against altered notes and keys.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::*;

const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
/// The Ed25519 seed inside Go's test signer key `PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK…`.
const PETER_SEED: &str = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const TEXT: &str =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG: &str =
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str =
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter_seed() -> [u8; 32] {
    let typed = STANDARD.decode(PETER_SEED).unwrap();
    assert_eq!(typed[0], ED25519);
    typed[1..].try_into().unwrap()
}

fn peter() -> VerifierKey {
    VerifierKey::parse(PETER_VKEY).unwrap()
}

#[test]
fn signing_gives_the_same_note_and_verifier_key_as_the_go_implementation() {
    let note = sign_note(TEXT, "PeterNeumann", &peter_seed()).unwrap();
    assert_eq!(note, format!("{TEXT}\n{PETER_SIG}"));
    assert_eq!(VerifierKey::from_signing_key("PeterNeumann", &peter_seed()).unwrap().to_string(), PETER_VKEY);
    assert_eq!(peter().id(), 0xc74f20a3);
}

#[test]
fn the_specification_example_opens_with_its_verifier_key() {
    let key = VerifierKey::parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").unwrap();
    let note = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    assert_eq!(open_note(note, &key), Ok("This is an example message.\n"));
}

#[test]
fn signatures_by_unknown_keys_are_ignored_but_one_by_the_key_is_required() {
    assert_eq!(open_note(&format!("{TEXT}\n{ENOCH_SIG}{PETER_SIG}"), &peter()), Ok(TEXT));
    let other_id = PETER_SIG.replace("x08g", "xxxx");
    assert_eq!(
        open_note(&format!("{TEXT}\n{ENOCH_SIG}{other_id}"), &peter()),
        Err(NoteError::NotSignedBy { key_name: "PeterNeumann".into() })
    );
    let other_name = PETER_SIG.replace("PeterNeumann", "PeterNeuman");
    assert!(matches!(open_note(&format!("{TEXT}\n{other_name}"), &peter()), Err(NoteError::NotSignedBy { .. })));
}

#[test]
fn an_altered_text_or_signature_is_refused() {
    let altered_text = TEXT.replace("problem,", "problem;");
    let bad = Err(NoteError::BadSignature { key_name: "PeterNeumann".into() });
    assert_eq!(open_note(&format!("{altered_text}\n{PETER_SIG}"), &peter()), bad);
    let altered_sig = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    assert_eq!(open_note(&format!("{TEXT}\n{altered_sig}"), &peter()), bad);
    // A bad signature by the key spoils the note even beside a good one.
    assert_eq!(open_note(&format!("{TEXT}\n{PETER_SIG}{altered_sig}"), &peter()), bad);
}

#[test]
fn a_malformed_note_is_refused() {
    let key = peter();
    let malformed = |line| Err(NoteError::MalformedSignatureLine { line });
    assert_eq!(open_note(TEXT, &key), Err(NoteError::NoSignatureBlock));
    assert_eq!(open_note(&format!("{TEXT}\n"), &key), Err(NoteError::NoSignatureBlock));
    assert_eq!(open_note(&format!("{TEXT}\n{}", PETER_SIG.trim_end()), &key), Err(NoteError::NoSignatureBlock));
    assert_eq!(open_note(&format!("\x01{TEXT}\n{PETER_SIG}"), &key), Err(NoteError::ControlCharacter));
    assert_eq!(open_note(&format!("{TEXT}\r\n{PETER_SIG}"), &key), Err(NoteError::ControlCharacter));
    assert_eq!(open_note(&format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"), &key), malformed(2));
    assert_eq!(open_note(&format!("{TEXT}\n{}", PETER_SIG.replace("Peter", "Bad Peter")), &key), malformed(1));
    assert_eq!(open_note(&format!("{TEXT}\n{}", PETER_SIG.replace("— ", "-- ")), &key), malformed(1));
    assert_eq!(open_note(&format!("{TEXT}\n— PeterNeumann AAAA\n"), &key), malformed(1));
    assert_eq!(open_note(&format!("{TEXT}\n{}", PETER_SIG.repeat(101)), &key), Err(NoteError::TooManySignatures));
}

#[test]
fn a_malformed_or_mismatched_verifier_key_is_refused() {
    for bad in [
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
    ] {
        assert_eq!(VerifierKey::parse(bad), Err(NoteError::MalformedVerifierKey), "{bad}");
    }
    assert_eq!(
        VerifierKey::parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(NoteError::VerifierKeyIdMismatch { id: 0xc74f20a4 })
    );
    assert_eq!(
        VerifierKey::parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(NoteError::UnsupportedKeyType(0x65))
    );
    assert_eq!(VerifierKey::parse(" Peter+c74f20a3+AA=="), Err(NoteError::BadKeyName(" Peter".into())));
    // Every shortening of a good key is refused, as Go's tests require.
    for end in 0..PETER_VKEY.len() {
        assert!(VerifierKey::parse(&PETER_VKEY[..end]).is_err(), "{}", &PETER_VKEY[..end]);
    }
}

#[test]
fn signing_refuses_a_bad_name_or_text() {
    let seed = peter_seed();
    assert_eq!(sign_note(TEXT, "a+b", &seed), Err(NoteError::BadKeyName("a+b".into())));
    assert_eq!(sign_note(TEXT, "", &seed), Err(NoteError::BadKeyName(String::new())));
    assert_eq!(sign_note("abc", "PeterNeumann", &seed), Err(NoteError::TextWithoutFinalNewline));
    assert_eq!(sign_note("a\tb\n", "PeterNeumann", &seed), Err(NoteError::ControlCharacter));
}
