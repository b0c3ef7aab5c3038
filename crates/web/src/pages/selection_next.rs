//! The next step (下一步) as the case page's panel and the case list's columns show it.

use jianquan_app::selection::next_step::{Action, NextStep};

use crate::i18n::Lang;

/// A case's next step in the interface's language.
#[derive(Debug, Clone, Default)]
pub struct NextLine {
    pub action: String,
    pub owner: String,
    /// "公示期至 2026-12-02", or empty.
    pub due: String,
    /// Where the step is taken.
    pub href: String,
    /// The nominee ("李四", "李四 等3人"), or empty.
    pub nominee: String,
    /// Something went wrong that the step answers (a failed vote, a verified objection).
    pub problem: bool,
    /// Whether there is a step at all (not once archived).
    pub open: bool,
}

impl NextLine {
    pub fn of(case_id: &str, next: &NextStep, lang: Lang) -> Self {
        let (action_zh, action_en) = next.action.label();
        let (owner_zh, owner_en) = next.owner.label();
        let due = next.due.as_ref().map_or_else(String::new, |d| {
            let (zh, en) = d.kind.label();
            format!("{} {}", lang.pick(zh, en), d.on)
        });
        let nominee = match (&next.nominee, next.nominees) {
            (Some(name), n) if n > 1 => lang.choose(format!("{name} 等{n}人"), format!("{name} and {} more", n - 1)),
            (Some(name), _) => name.clone(),
            (None, _) => String::new(),
        };
        NextLine {
            action: lang.pick(action_zh, action_en).to_owned(),
            owner: lang.choose(owner_zh, owner_en),
            due,
            href: next.place.href(case_id),
            nominee,
            problem: next.problem,
            open: next.action != Action::Nothing,
        }
    }
}
