//! The built-in policy against rules.md: every rule ID present and in force, and each figure as
//! the rule states it. Tests are named after the rule they check.

use time::Date;
use time::macros::date;

use super::*;

const TODAY: Date = date!(2026 - 11 - 26);

/// Every rule ID of rules.md, copied by hand (rules.md lives outside the repository).
const RULES_MD_IDS: &[&str] = &[
    "SEL-RECOMMEND-THRESHOLD",
    "SEL-RECOMMEND-VALIDITY",
    "SEL-RECOMMEND-ATTENDANCE",
    "SEL-RECOMMEND-NOT-ELECTION",
    "SEL-REPORT-VERIFIED",
    "SEL-INELIGIBLE",
    "SEL-FOUR-MUSTS",
    "SEL-INSPECTION",
    "SEL-NO-AD-HOC",
    "SEL-COLLECTIVE",
    "SEL-QUORUM",
    "SEL-PASS",
    "SEL-RECUSAL",
    "SEL-RECONSIDER",
    "SEL-PUBLICITY",
    "SEL-PUBLICITY-HOLD",
    "SEL-PROBATION",
    "SEL-SENIORITY",
    "SEL-COMPETITIVE",
    "SEL-CONTRACT",
    "SEL-ACCOUNTABILITY",
    "SEL-RECORD",
    "SEL-VOTE-METHOD",
    "SEL-SECRETARY-LAST",
    "TRN-COUNTY-5Y",
    "TRN-TOWNSHIP-YEAR",
    "TRN-CATCH-UP",
    "TRN-LEAVE-CAP",
    "TRN-CREDITS",
    "INT-SIX-MUSTS-1",
    "INT-SIX-MUSTS-2",
    "INT-SIX-MUSTS-3",
    "INT-SIX-MUSTS-4",
    "INT-SIX-MUSTS-5",
    "INT-SIX-MUSTS-6",
    "INT-EXAM-ATTEMPTS",
    "ASM-GRADES",
    "ASM-EXCELLENT-CAP",
    "ASM-DISMISS",
    "ASM-MERIT",
    "ASM-DISCIPLINE-GRADE",
    "RNK-TOP-COUNTIES",
    "RNK-TOP-DEPTS",
    "RNK-SATISFIED",
    "RNK-LAGGING",
    "DSC-PARTY-PERIODS",
    "DSC-GOV-PERIODS",
    "DSC-ADMONISH-PERIOD",
    "DSC-FAULT-TOLERANCE",
    "DSC-FALSE-ACCUSATION",
    "DSC-NOTICES",
    "SUP-MATTERS-DEADLINE",
    "SUP-MATTERS-WHO",
    "SUP-MATTERS-CONTENT",
    "SUP-MATTERS-SAMPLE",
    "SUP-MATTERS-FINDING",
    "SUP-DUTY-REPORTS",
    "SUP-KEY-PROJECT",
    "SUP-LAND",
    "SUP-AUDIT",
];

/// The system's own settings (`policy/system.toml`), which are not rules of rules.md.
const SYSTEM_IDS: &[&str] = &["SEC-LOGIN-THROTTLE", "SEC-PROOF-OF-WORK", "SEC-RATE-LIMIT"];

/// Rules the code enforces that rules.md does not list (a procedure's own order, a reading of
/// the seed), each in the policy with its source like any other.
const CODE_IDS: &[&str] = &["SEL-VACANCY", "TRN-STUDY-STEPS", "TRN-VILLAGE-EVALUATION", "TRN-VILLAGE-NO-OVERLAP"];

fn builtin() -> Policy {
    Policy::builtin().expect("the built-in policy loads")
}

#[test]
fn every_rule_of_rules_md_is_in_force_on_2026_11_26() {
    let policy = builtin();
    for id in RULES_MD_IDS {
        let rule = policy.rule(id, TODAY).unwrap_or_else(|| panic!("{id} is missing or not in force"));
        assert!(!rule.title.zh.is_empty() && !rule.title.en.is_empty(), "{id} has a title");
        assert!(!rule.source.is_empty(), "{id} has a source");
    }
    assert_eq!(policy.rule_ids(), {
        let mut ids = [RULES_MD_IDS, SYSTEM_IDS, CODE_IDS].concat();
        ids.sort_unstable();
        ids
    });
    assert_eq!(policy.in_force(TODAY).len(), RULES_MD_IDS.len() + SYSTEM_IDS.len() + CODE_IDS.len());
}

#[test]
fn local_rules_live_in_the_dongying_layer_and_national_ones_below_it() {
    for rule in builtin().in_force(TODAY) {
        let expected = if SYSTEM_IDS.contains(&rule.id.as_str()) {
            "system"
        } else if rule.sureness.as_str() == "L" {
            "dongying"
        } else {
            "national"
        };
        assert_eq!(rule.layer, expected, "{} ({})", rule.id, rule.sureness);
    }
}

#[test]
fn sec_rate_limit_and_proof_of_work_figures_are_read_from_the_system_layer() {
    let policy = builtin();
    for class in ["submission", "code", "login"] {
        assert!(policy.count("SEC-RATE-LIMIT", &format!("{class}_per_minute"), TODAY).unwrap() > 0, "{class}");
        assert!(policy.count("SEC-RATE-LIMIT", &format!("{class}_burst"), TODAY).unwrap() > 0, "{class}");
    }
    let bits = policy.count("SEC-PROOF-OF-WORK", "difficulty_bits", TODAY).unwrap();
    assert!(crate::challenge::DIFFICULTY_RANGE.contains(&bits));
    assert!(policy.count("SEC-PROOF-OF-WORK", "lifetime_minutes", TODAY).unwrap() > 0);
}

#[test]
fn sel_quorum_two_thirds_of_eleven_members_needs_eight() {
    let quorum = builtin().ratio("SEL-QUORUM", None, TODAY).unwrap();
    assert_eq!(quorum.base.as_deref(), Some("members"));
    assert!(!quorum.is_met(7, 11));
    assert!(quorum.is_met(8, 11));
    assert_eq!(quorum.minimum_count(11), Some(8));
    assert!(quorum.is_met(6, 9), "exactly two thirds is enough");
}

#[test]
fn sel_pass_more_than_half_of_members_who_should_attend() {
    let pass = builtin().ratio("SEL-PASS", None, TODAY).unwrap();
    assert_eq!(pass.base.as_deref(), Some("members_who_should_attend"));
    assert!(pass.is_met(6, 11));
    assert!(!pass.is_met(5, 10), "exactly half is not more than half");
    assert!(pass.is_met(6, 10));
    assert_eq!(pass.minimum_count(10), Some(6));
}

#[test]
fn sel_reconsider_needs_more_than_half_of_members() {
    let reconsider = builtin().ratio("SEL-RECONSIDER", None, TODAY).unwrap();
    assert!(!reconsider.is_met(4, 8));
    assert!(reconsider.is_met(5, 8));
}

#[test]
fn sel_recommend_threshold_exactly_half_reaches_it() {
    let threshold = builtin().ratio("SEL-RECOMMEND-THRESHOLD", None, TODAY).unwrap();
    assert!(threshold.is_met(50, 100));
    assert!(threshold.is_met(5, 10));
    assert!(!threshold.is_met(49, 100));
}

#[test]
fn sel_recommend_attendance_needs_two_thirds_of_defined_participants() {
    let attendance = builtin().ratio("SEL-RECOMMEND-ATTENDANCE", None, TODAY).unwrap();
    assert_eq!(attendance.minimum_count(40), Some(27));
}

#[test]
fn sel_publicity_is_five_working_days() {
    assert_eq!(builtin().count("SEL-PUBLICITY", "working_days", TODAY).unwrap(), 5);
}

#[test]
fn sel_ineligible_looks_back_three_years_for_basically_competent_or_below() {
    let policy = builtin();
    assert_eq!(policy.int("SEL-INELIGIBLE", "grade_lookback_years", TODAY).unwrap(), 3);
    assert_eq!(
        policy.texts("SEL-INELIGIBLE", "barring_grades", TODAY).unwrap(),
        ["basically_competent", "incompetent"]
    );
}

#[test]
fn sel_four_musts_are_four_checks() {
    assert_eq!(builtin().texts("SEL-FOUR-MUSTS", "checks", TODAY).unwrap().len(), 4);
}

#[test]
fn sel_probation_validity_and_seniority_figures() {
    let policy = builtin();
    assert_eq!(policy.months("SEL-PROBATION", "probation_months", TODAY).unwrap(), 12);
    assert_eq!(policy.months("SEL-RECOMMEND-VALIDITY", "valid_months", TODAY).unwrap(), 12);
    assert!(policy.flag("SEL-RECOMMEND-VALIDITY", "targeted_valid_for_that_post_only", TODAY).unwrap());
    assert_eq!(policy.int("SEL-SENIORITY", "deputy_to_principal_years", TODAY).unwrap(), 2);
    assert_eq!(policy.int("SEL-SENIORITY", "lower_principal_to_higher_deputy_years", TODAY).unwrap(), 3);
    assert_eq!(policy.int("SEL-CONTRACT", "trial_max_months", TODAY).unwrap(), 12);
}

#[test]
fn trn_county_5y_and_township_year_hours() {
    let policy = builtin();
    assert_eq!(policy.int("TRN-COUNTY-5Y", "class_hours", TODAY).unwrap(), 550);
    assert_eq!(policy.months("TRN-COUNTY-5Y", "full_time_months", TODAY).unwrap(), 3);
    assert_eq!(policy.int("TRN-TOWNSHIP-YEAR", "class_hours", TODAY).unwrap(), 90);
    assert_eq!(policy.int("TRN-TOWNSHIP-YEAR", "days", TODAY).unwrap(), 12);
    assert_eq!(policy.months("TRN-CATCH-UP", "within_months", TODAY).unwrap(), 12);
    assert!(!policy.is_in_force("TRN-COUNTY-5Y", date!(2023 - 09 - 18)), "the 2023 条例 starts on 19 September");
}

#[test]
fn trn_leave_cap_is_one_seventh_of_class_hours() {
    let cap = builtin().ratio("TRN-LEAVE-CAP", None, TODAY).unwrap();
    assert!(cap.is_met(10, 70));
    assert!(!cap.is_met(11, 70));
    assert_eq!(cap.maximum_count(70), Some(10));
}

#[test]
fn trn_credits_rate_every_course_kind_and_require_credits_per_rank_band() {
    let policy = builtin();
    let kinds = [
        "party_school",
        "administrative_college",
        "training_base",
        "off_site_visit",
        "university_course",
        "seminar",
        "online_course",
        "exemplary_model",
        "cautionary_case",
    ];
    for kind in kinds {
        let rate = policy.fraction("TRN-CREDITS", &format!("credits_per_class_hour.{kind}"), TODAY).unwrap();
        assert!(rate.numerator > 0, "{kind}");
    }
    assert_eq!(policy.table("TRN-CREDITS", "credits_per_class_hour", TODAY).unwrap().len(), kinds.len());
    let online = policy.fraction("TRN-CREDITS", "credits_per_class_hour.online_course", TODAY).unwrap();
    assert_eq!(online.apply(5), (2, 1), "5 online hours give 2½ credits");
    assert_eq!(policy.int("TRN-CREDITS", "yearly_credits.county_and_above", TODAY).unwrap(), 110);
    assert_eq!(policy.int("TRN-CREDITS", "yearly_credits.township_and_below", TODAY).unwrap(), 90);
}

#[test]
fn int_six_musts_each_have_a_trigger_and_a_due_figure() {
    let policy = builtin();
    for n in 1..=6 {
        let id = format!("INT-SIX-MUSTS-{n}");
        assert!(policy.text(&id, "trigger", TODAY).is_ok(), "{id}");
        let due = policy.count(&id, "due_within_days", TODAY).or_else(|_| policy.months(&id, "interval_months", TODAY));
        assert!(due.is_ok_and(|d| d > 0), "{id}");
    }
    assert_eq!(policy.count("INT-EXAM-ATTEMPTS", "max_attempts", TODAY).unwrap(), 3);
}

#[test]
fn asm_excellent_cap_is_twenty_percent_up_to_twenty_five_since_2020() {
    let policy = builtin();
    let usual = policy.ratio("ASM-EXCELLENT-CAP", Some("usual"), TODAY).unwrap();
    let maximum = policy.ratio("ASM-EXCELLENT-CAP", Some("maximum"), TODAY).unwrap();
    assert_eq!(usual.maximum_count(30), Some(6));
    assert_eq!(maximum.maximum_count(30), Some(7));
    let in_2015 = policy.ratio("ASM-EXCELLENT-CAP", Some("usual"), date!(2015 - 12 - 31)).unwrap();
    assert_eq!((in_2015.numerator, in_2015.denominator), (15, 100));
}

#[test]
fn asm_dismiss_merit_and_grades() {
    let policy = builtin();
    assert_eq!(policy.int("ASM-DISMISS", "consecutive_years", TODAY).unwrap(), 2);
    assert_eq!(policy.int("ASM-MERIT", "consecutive_years", TODAY).unwrap(), 3);
    assert_eq!(policy.texts("ASM-GRADES", "grades", TODAY).unwrap().len(), 4);
    assert_eq!(policy.texts("ASM-DISCIPLINE-GRADE", "no_excellent", TODAY).unwrap(), ["warning"]);
}

#[test]
fn rnk_top_counties_departments_and_satisfied_civil_servants() {
    let policy = builtin();
    assert_eq!(policy.count("RNK-TOP-COUNTIES", "top_n", TODAY).unwrap(), 2);
    assert_eq!(policy.count("RNK-TOP-DEPTS", "top_n", TODAY).unwrap(), 10);
    assert_eq!(policy.count("RNK-SATISFIED", "per_year", TODAY).unwrap(), 10);
    assert_eq!(policy.count("RNK-LAGGING", "consecutive_years", TODAY).unwrap(), 2);
}

#[test]
fn dsc_party_periods_in_months_per_sanction_kind() {
    let policy = builtin();
    let months = |key| policy.months("DSC-PARTY-PERIODS", key, TODAY).unwrap();
    assert_eq!(months("warning"), 12);
    assert_eq!(months("serious_warning"), 18);
    assert_eq!(months("removal_from_party_post"), 24);
    assert_eq!(months("probation_after_restoration"), 24);
    assert_eq!(months("expulsion"), 60);
    let in_2020 = policy.rule("DSC-PARTY-PERIODS", date!(2020 - 05 - 01)).unwrap();
    assert_eq!(in_2020.effective, date!(2018 - 10 - 01));
}

#[test]
fn dsc_gov_periods_in_months_per_sanction_kind() {
    let policy = builtin();
    let months = |key| policy.months("DSC-GOV-PERIODS", key, TODAY).unwrap();
    assert_eq!(
        [
            months("warning"),
            months("demerit"),
            months("major_demerit"),
            months("demotion"),
            months("dismissal_from_post")
        ],
        [6, 12, 18, 24, 24]
    );
}

#[test]
fn dsc_admonish_period_six_months_and_one_year() {
    let policy = builtin();
    assert_eq!(policy.months("DSC-ADMONISH-PERIOD", "admonishment", TODAY).unwrap(), 6);
    assert_eq!(policy.months("DSC-ADMONISH-PERIOD", "organisational_handling", TODAY).unwrap(), 12);
}

#[test]
fn sup_matters_deadline_content_and_sample() {
    let policy = builtin();
    assert_eq!(policy.int("SUP-MATTERS-DEADLINE", "annual_due_month", TODAY).unwrap(), 1);
    assert_eq!(policy.int("SUP-MATTERS-DEADLINE", "annual_due_day", TODAY).unwrap(), 31);
    assert_eq!(policy.count("SUP-MATTERS-DEADLINE", "new_event_days", TODAY).unwrap(), 30);
    assert_eq!(policy.texts("SUP-MATTERS-CONTENT", "family_matters", TODAY).unwrap().len(), 8);
    assert_eq!(policy.texts("SUP-MATTERS-CONTENT", "property_matters", TODAY).unwrap().len(), 6);
    let sample = policy.ratio("SUP-MATTERS-SAMPLE", None, TODAY).unwrap();
    assert_eq!(sample.minimum_count(95), Some(10), "10% of 95 rounds up to 10 cadres");
    assert_eq!(policy.text("SUP-MATTERS-WHO", "lowest_rank", TODAY).unwrap(), "county_deputy");
}

#[test]
fn sup_key_project_threshold_is_500000_yuan_in_fen_and_land_is_all_by_tender() {
    let policy = builtin();
    assert_eq!(policy.int("SUP-KEY-PROJECT", "min_amount_fen", TODAY).unwrap(), 50_000_000);
    let land = policy.ratio("SUP-LAND", None, TODAY).unwrap();
    assert!(land.is_met(12, 12));
    assert!(!land.is_met(11, 12));
}

/// Every rule ID written in the code (refusals, ledger entries' rules, constants) — read from the
/// sources of every crate — is a rule of the policy, with a Chinese title: the policy files are
/// the one list of rule IDs.
#[test]
fn every_rule_id_the_code_names_is_in_the_policy_with_a_chinese_title() {
    fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                found.push(path);
            }
        }
    }
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in ["domain", "storage", "app", "web", "cli"] {
        sources(&crates.join(krate).join("src"), &mut files);
        sources(&crates.join(krate).join("templates"), &mut files);
    }
    assert!(files.len() > 100, "the sources were found: {}", files.len());
    let policy = builtin();
    let prefixes = ["SEL-", "TRN-", "INT-", "ASM-", "RNK-", "DSC-", "SUP-", "SEC-"];
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Quoted IDs only: a rule the code refuses or records with is a string literal.
        for piece in text.split('"').skip(1).step_by(2) {
            let is_id = prefixes.iter().any(|p| piece.starts_with(p))
                && piece.len() > 5
                && piece.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
            if !is_id || piece == "SEL-NOPE" {
                continue;
            }
            match policy.rule(piece, TODAY) {
                Some(rule) if !rule.title.zh.is_empty() => {}
                _ => missing.push(format!("{piece} ({})", file.display())),
            }
        }
    }
    assert!(missing.is_empty(), "rule IDs in the code but not in force in the policy: {missing:?}");
}
