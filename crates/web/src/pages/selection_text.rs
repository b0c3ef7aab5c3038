//! Labels of the selection pages: states in the interface's language (ledger actions are told by
//! `jianquan_app::ledger::describe`).

use jianquan_domain::selection::case::State;

use crate::i18n::Lang;

pub fn state_label(state: State, lang: Lang) -> &'static str {
    lang.pick(state.label_zh(), state.label_en())
}
