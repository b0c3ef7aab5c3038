//! Layering, versioning, digests, display and errors of the policy, on small hand-made layers.

use time::macros::date;

use super::*;

const BASE: &str = r#"
[[rule]]
id = "SEL-QUORUM"
title_zh = "到会人数"
title_en = "Quorum"
sureness = "Q"
source = "条例 (2019)"
[[rule.version]]
effective = "2019-03-17"
figures = { numerator = 2, denominator = 3, comparison = "at_least", base = "members" }

[[rule]]
id = "RNK-TOP-COUNTIES"
title_zh = "前N名县区"
title_en = "Top counties"
sureness = "L"
source = "seed"
[[rule.version]]
effective = 2022-06-27
figures = { top_n = 2 }
"#;

const LOCAL: &str = r#"
[[rule]]
id = "SEL-QUORUM"
[[rule.version]]
effective = "2026-01-01"
source = "local 2026 setting"
figures = { numerator = 3, denominator = 4, comparison = "at_least", base = "members" }

[[rule]]
id = "RNK-TOP-COUNTIES"
[[rule.version]]
effective = "2027-01-01"
enabled = false
"#;

fn layered() -> Policy {
    Policy::from_layers(&[("national", BASE), ("city", LOCAL)]).expect("layers load")
}

#[test]
fn a_later_local_version_overrides_from_its_date_only() {
    let policy = layered();
    let before = policy.ratio("SEL-QUORUM", None, date!(2025 - 12 - 31)).unwrap();
    let after = policy.ratio("SEL-QUORUM", None, date!(2026 - 01 - 01)).unwrap();
    assert_eq!((before.numerator, before.denominator), (2, 3));
    assert_eq!((after.numerator, after.denominator), (3, 4));
    let rule = policy.rule("SEL-QUORUM", date!(2026 - 06 - 01)).unwrap();
    assert_eq!((rule.layer.as_str(), rule.source.as_str()), ("city", "local 2026 setting"));
    assert_eq!(policy.rule("SEL-QUORUM", date!(2025 - 06 - 01)).unwrap().layer, "national");
}

#[test]
fn a_disabled_rule_is_not_in_force_from_that_date() {
    let policy = layered();
    assert!(policy.is_in_force("RNK-TOP-COUNTIES", date!(2026 - 12 - 31)));
    assert!(policy.rule("RNK-TOP-COUNTIES", date!(2027 - 01 - 01)).is_none());
    assert!(!policy.in_force(date!(2027 - 01 - 01)).iter().any(|r| r.id == "RNK-TOP-COUNTIES"));
    let err = policy.count("RNK-TOP-COUNTIES", "top_n", date!(2027 - 03 - 01)).unwrap_err();
    assert_eq!(err, PolicyError::NotInForce { rule: "RNK-TOP-COUNTIES".into(), date: date!(2027 - 03 - 01) });
}

#[test]
fn a_rule_is_not_in_force_before_its_first_version() {
    let policy = layered();
    assert!(policy.rule("SEL-QUORUM", date!(2019 - 03 - 16)).is_none());
    assert!(policy.rule("SEL-QUORUM", date!(2019 - 03 - 17)).is_some());
}

#[test]
fn a_version_with_the_same_effective_date_replaces_the_earlier_one_whole() {
    let replace = r#"
        [[rule]]
        id = "SEL-QUORUM"
        [[rule.version]]
        effective = "2019-03-17"
        figures = { numerator = 1, denominator = 2, comparison = "more_than" }
    "#;
    let policy = Policy::from_layers(&[("national", BASE), ("city", replace)]).unwrap();
    let ratio = policy.ratio("SEL-QUORUM", None, date!(2020 - 01 - 01)).unwrap();
    assert_eq!((ratio.numerator, ratio.comparison, ratio.base), (1, Comparison::MoreThan, None));
}

#[test]
fn in_force_lists_rules_sorted_by_id_with_compact_figures() {
    let rules = layered().in_force(date!(2026 - 11 - 26));
    let ids: Vec<_> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["RNK-TOP-COUNTIES", "SEL-QUORUM"]);
    assert_eq!(rules[0].figures_display(), "top_n=2");
    assert_eq!(rules[1].figures_display(), "numerator=3 denominator=4 comparison=at_least base=members");
}

#[test]
fn nested_figures_render_as_dotted_keys_and_lists() {
    let policy = Policy::builtin().unwrap();
    let credits = policy.rule("TRN-CREDITS", date!(2026 - 11 - 26)).unwrap().figures_display();
    assert!(credits.contains("credits_per_class_hour.online_course=1/2"), "{credits}");
    assert!(credits.contains("yearly_credits.county_and_above=110"), "{credits}");
    let grades = policy.rule("ASM-GRADES", date!(2026 - 11 - 26)).unwrap().figures_display();
    assert_eq!(grades, "grades=[excellent,competent,basically_competent,incompetent]");
    let cap = policy.rule("ASM-EXCELLENT-CAP", date!(2026 - 11 - 26)).unwrap().figures_display();
    assert_eq!(cap, "maximum=25/100(at_most,staff_assessed) usual=20/100(at_most,staff_assessed)");
    assert_eq!(policy.rule("SEL-RECUSAL", date!(2026 - 11 - 26)).unwrap().figures_display(), "—");
}

#[test]
fn the_version_digest_is_short_stable_and_follows_the_text() {
    let a = layered();
    let b = layered();
    assert_eq!(a.version(), b.version());
    assert_eq!(a.version().len(), 16);
    assert!(a.version().chars().all(|c| c.is_ascii_hexdigit()));
    let base_only = Policy::from_layers(&[("national", BASE)]).unwrap();
    assert_ne!(a.version(), base_only.version());
    let renamed = Policy::from_layers(&[("national", BASE), ("other-city", LOCAL)]).unwrap();
    assert_ne!(a.version(), renamed.version());
    assert_eq!(a.layer_names(), ["national", "city"]);
}

#[test]
fn ratio_arithmetic_is_exact_for_large_counts() {
    let third = Ratio { numerator: 1, denominator: 3, comparison: Comparison::AtLeast, base: None };
    // u64::MAX is divisible by 3: exactly a third meets "at least", one less does not.
    assert!(third.is_met(u64::MAX / 3, u64::MAX));
    assert!(!third.is_met(u64::MAX / 3 - 1, u64::MAX));
    let under = Ratio { numerator: 1, denominator: 2, comparison: Comparison::LessThan, base: None };
    assert_eq!(under.maximum_count(10), Some(4));
    assert_eq!(under.minimum_count(10), None);
    assert_eq!(under.describe().en, "less than 1/2");
    assert_eq!(third.to_string(), "at_least 1/3");
}

#[test]
fn an_unknown_rule_is_named() {
    let err = layered().int("SEL-NOPE", "x", date!(2026 - 01 - 01)).unwrap_err();
    assert_eq!(err, PolicyError::UnknownRule { rule: "SEL-NOPE".into() });
    assert!(layered().rule("SEL-NOPE", date!(2026 - 01 - 01)).is_none());
}

#[test]
fn a_missing_key_names_the_rule_and_the_key() {
    let err = layered().int("RNK-TOP-COUNTIES", "top_m", date!(2026 - 01 - 01)).unwrap_err();
    assert!(
        matches!(&err, PolicyError::MissingFigure { rule, key, .. } if rule == "RNK-TOP-COUNTIES" && key == "top_m")
    );
    assert!(err.to_string().contains("RNK-TOP-COUNTIES") && err.to_string().contains("top_m"));
}

#[test]
fn a_figure_of_the_wrong_type_is_refused() {
    let policy = layered();
    let err = policy.text("RNK-TOP-COUNTIES", "top_n", date!(2026 - 01 - 01)).unwrap_err();
    assert!(matches!(err, PolicyError::WrongFigure { ref found, .. } if found == "integer"), "{err}");
    assert!(policy.ratio("RNK-TOP-COUNTIES", None, date!(2026 - 01 - 01)).is_err());
}

#[test]
fn bad_toml_names_the_layer() {
    let err = Policy::from_layers(&[("national", BASE), ("zibo", "[[rule]\nid = ")]).unwrap_err();
    assert!(matches!(&err, PolicyError::Syntax { layer, .. } if layer == "zibo"), "{err}");
    assert!(err.to_string().starts_with("policy layer `zibo`"));
}

fn refusal(layer_text: &str) -> String {
    match Policy::from_layers(&[("national", BASE), ("city", layer_text)]) {
        Ok(_) => panic!("the layer should be refused:\n{layer_text}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn malformed_rules_are_refused_with_the_layer_and_rule() {
    let new_rule_without_title = "[[rule]]\nid = \"SUP-NEW\"\n[[rule.version]]\neffective = \"2026-01-01\"";
    assert!(refusal(new_rule_without_title).contains("`city`, rule SUP-NEW: a new rule needs `title_zh`"));
    let float =
        "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\neffective = \"2026-01-01\"\nfigures = { share = 0.66 }";
    assert!(refusal(float).contains("float"));
    let zero = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\neffective = \"2026-01-01\"\nfigures = { numerator = 1, denominator = 0, comparison = \"at_least\" }";
    assert!(refusal(zero).contains("denominator must be positive"));
    let comparison = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\neffective = \"2026-01-01\"\nfigures = { numerator = 1, denominator = 2, comparison = \"about\" }";
    assert!(refusal(comparison).contains("unknown comparison"));
    let date = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\neffective = \"2026-02-30\"";
    assert!(refusal(date).contains("effective"));
    let sureness = "[[rule]]\nid = \"SEL-QUORUM\"\nsureness = \"X\"";
    assert!(refusal(sureness).contains("sureness"));
    let twice = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule]]\nid = \"SEL-QUORUM\"";
    assert!(refusal(twice).contains("twice"));
    let id = "[[rule]]\nid = \"sel-quorum\"";
    assert!(refusal(id).contains("rule ID"));
    let typo = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\nefective = \"2026-01-01\"";
    assert!(refusal(typo).contains("efective"));
    let same_date = "[[rule]]\nid = \"SEL-QUORUM\"\n[[rule.version]]\neffective = \"2026-01-01\"\n[[rule.version]]\neffective = \"2026-01-01\"";
    assert!(refusal(same_date).contains("two versions"));
}

#[test]
fn sureness_accepts_single_and_mixed_levels() {
    assert_eq!(Sureness::parse("L/Q").map(|s| s.is_local()), Some(true));
    assert_eq!(Sureness::parse("Q").map(|s| s.is_local()), Some(false));
    assert!(Sureness::parse("Q/Q").is_none());
    assert!(Sureness::parse("").is_none());
}
