//! Ledger entries and rules as pages show them: a line per entry (time, sentence, the rules by
//! their titles) with the raw entry kept for the 技术详情 toggle, and a rule named by its title
//! and source with its ID as a tooltip. Used by the ledger page, the dossier's history and a
//! selection case's 纪实.

use jianquan_app::ledger::describe::{Line, RuleName};
use jianquan_domain::policy::Policy;

use crate::chrome::beijing_time;
use crate::i18n::Lang;

/// A rule as a page names it.
#[derive(Debug, Clone)]
pub struct RuleLabel {
    /// The rule ID, shown only as the tooltip.
    pub id: String,
    pub title: String,
    /// The regulation and article it comes from.
    pub source: String,
}

impl RuleLabel {
    pub fn of(name: &RuleName, lang: Lang) -> Self {
        RuleLabel { id: name.id.clone(), title: name.title.text(lang.code()).to_owned(), source: name.source.clone() }
    }

    /// The rule `id` of the policy.
    pub fn named(policy: &Policy, id: &str, lang: Lang) -> Self {
        Self::of(&jianquan_app::ledger::describe::rule_name(policy, id), lang)
    }

    /// The rules of a comma-separated list of IDs (as entries and records keep them).
    pub fn list(policy: &Policy, ids: &str, lang: Lang) -> Vec<Self> {
        ids.split(',').map(str::trim).filter(|id| !id.is_empty()).map(|id| Self::named(policy, id, lang)).collect()
    }
}

/// One ledger entry as a page shows it.
#[derive(Debug, Clone)]
pub struct RecordLine {
    /// "12月7日 21:08".
    pub when: String,
    /// "李华 查阅了 张三丰 的干部档案".
    pub sentence: String,
    pub rules: Vec<RuleLabel>,
    // The technical details, behind the toggle.
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub actor: String,
    pub subject: String,
    pub detail: String,
    pub hash: String,
    pub policy_version: String,
}

impl RecordLine {
    pub fn of(line: &Line, lang: Lang) -> Self {
        let e = &line.entry;
        RecordLine {
            when: line.when.text(lang.code()).to_owned(),
            sentence: line.sentence.text(lang.code()).to_owned(),
            rules: line.rules.iter().map(|r| RuleLabel::of(r, lang)).collect(),
            seq: e.seq,
            at: beijing_time(&e.at),
            action: e.action.clone(),
            actor: e.actor.clone(),
            subject: format!("{}:{}", e.subject_kind, e.subject_id),
            detail: e.detail.clone(),
            hash: e.hash.clone(),
            policy_version: e.policy_version.clone(),
        }
    }

    pub fn all(lines: &[Line], lang: Lang) -> Vec<Self> {
        lines.iter().map(|l| Self::of(l, lang)).collect()
    }
}
