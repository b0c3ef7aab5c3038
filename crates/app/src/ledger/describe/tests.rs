#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::path::{Path, PathBuf};

use time::macros::date;

use super::*;

/// The mechanisms whose actions the ledger records (`<mechanism>.<what>[.<step>]`).
const PREFIXES: [&str; 7] = ["access.", "registry.", "training.", "integrity.", "selection.", "demo.", "bench."];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every string literal in the text shaped like an action code.
fn action_literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| PREFIXES.iter().any(|p| s.starts_with(p)))
        .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'))
        .filter(|s| !s.ends_with('.') && !s.contains(".."))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_recorded_action_has_a_sentence() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    // The use-cases write the ledger; the CLI writes its benchmark entries.
    rust_files(&crates.join("app/src"), &mut files);
    rust_files(&crates.join("cli/src"), &mut files);
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ledger/describe");
    let mut codes: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&own))
        .flat_map(|f| action_literals(&std::fs::read_to_string(f).unwrap()))
        .collect();
    // Written with the kind's code: `format!("registry.import.{}", kind.code())`.
    for kind in ["orgs", "posts", "cadres"] {
        let kind = crate::transfer::ImportKind::parse(kind).unwrap();
        codes.push(format!("registry.import.{}", kind.code()));
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 80, "the scan finds the actions ({} found)", codes.len());
    let missing: Vec<&String> = codes.iter().filter(|c| actions::find(c).is_none()).collect();
    assert!(missing.is_empty(), "actions without a sentence in ledger/describe/actions.rs: {missing:?}");
}

#[test]
fn every_sentence_has_both_languages_and_no_code() {
    for a in actions::ACTIONS {
        assert!(!a.zh.is_empty() && !a.en.is_empty(), "{}", a.code);
        assert!(!a.zh.contains('.') && !a.en.contains(a.code), "{}", a.code);
        assert_eq!(a.zh.contains("{s}"), a.en.contains("{s}"), "{}", a.code);
    }
    let mut codes: Vec<&str> = actions::ACTIONS.iter().map(|a| a.code).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(before, codes.len(), "each action has one line");
}

#[test]
fn every_kind_has_actions_and_is_found_by_its_names() {
    for kind in EventKind::ALL {
        assert!(!kind.actions().is_empty(), "{kind:?}");
        let (zh, en) = kind.label();
        assert_eq!(EventKind::parse(zh), Some(kind));
        assert_eq!(EventKind::parse(en), Some(kind));
    }
    assert_eq!(EventKind::parse("查阅"), Some(EventKind::View));
    assert!(EventKind::View.actions().contains(&"registry.dossier.view"));
    assert_eq!(EventKind::parse("registry.dossier.view"), None);
}

#[test]
fn times_read_in_beijing_time_with_the_year_only_when_another() {
    let today = date!(2026 - 12 - 08);
    let at = when("2026-12-07T13:08:20Z", today);
    assert_eq!(at.zh, "12月7日 21:08");
    assert_eq!(at.en, "7 Dec 21:08");
    assert_eq!(when("2025-12-31T16:30:00Z", today).zh, "1月1日 00:30", "past midnight in Beijing is the next day");
    assert_eq!(when("2024-03-01T00:00:00Z", today).zh, "2024年3月1日 08:00");
}

#[test]
fn a_rule_is_named_by_its_title_and_the_first_part_of_its_source() {
    assert_eq!(
        short_source("《党政领导干部选拔任用工作条例》(2019) 第六章 讨论决定; 中组部干部监督局 守则"),
        "《党政领导干部选拔任用工作条例》(2019) 第六章 讨论决定"
    );
    assert_eq!(
        short_source("东营市《用好的机制保障干部健康成长》: 廉政教育 (seed)"),
        "东营市《用好的机制保障干部健康成长》"
    );
    let policy = Policy::builtin().unwrap();
    let quorum = rule_name(&policy, "SEL-QUORUM");
    assert_eq!(quorum.id, "SEL-QUORUM");
    assert!(!quorum.title.zh.contains("SEL-"), "{}", quorum.title.zh);
    assert!(quorum.source.contains("条例"), "{}", quorum.source);
    assert_eq!(rule_name(&policy, "NO-SUCH-RULE").title.zh, "NO-SUCH-RULE");
}
