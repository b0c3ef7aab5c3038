//! The frame around every signed-in page: top bar (scope, language, user) and the left menu
//! grouped by mechanism in the seed's order, showing only what the role may use.

use jianquan_domain::access::Capability;

use crate::ctx::Ctx;
use crate::i18n::Lang;

pub struct MenuItem {
    pub label: &'static str,
    pub href: &'static str,
    pub active: bool,
    pub enabled: bool,
    /// Open to-dos behind the item (0: none shown).
    pub count: i64,
}

impl MenuItem {
    /// The count as shown: "1000+" once a list is counted only up to its cap.
    pub fn count_text(&self) -> String {
        count_text(self.count)
    }
}

/// A to-do count as shown: "1000+" once a list is counted only up to its cap.
pub fn count_text(count: i64) -> String {
    let cap = jianquan_storage::workbench::COUNT_CAP;
    if count >= cap { format!("{cap}+") } else { count.to_string() }
}

pub struct MenuGroup {
    pub title: &'static str,
    pub items: Vec<MenuItem>,
}

/// What base.html needs.
pub struct Chrome {
    pub lang: Lang,
    pub other_lang: &'static str,
    pub path_encoded: String,
    pub signed_in: bool,
    pub user_name: String,
    pub role_label: &'static str,
    pub scope_name: String,
    pub csrf: String,
    pub menu: Vec<MenuGroup>,
}

/// A stored instant (RFC 3339, as the ledger and the stores keep them: UTC) as people read it:
/// Beijing time to the minute, "2026-12-07 21:08". Text that is not such an instant is returned
/// as it is.
pub fn beijing_time(at: &str) -> String {
    match time::OffsetDateTime::parse(at.trim(), &time::format_description::well_known::Rfc3339) {
        Ok(instant) => {
            let t = instant.to_offset(jianquan_domain::calendar::BEIJING);
            format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        }
        Err(_) => at.to_owned(),
    }
}

impl Chrome {
    /// [`beijing_time`], for templates.
    pub fn time(&self, at: &str) -> String {
        beijing_time(at)
    }

    pub fn new(ctx: &Ctx, current: &str) -> Self {
        let lang = ctx.lang;
        let actor = &ctx.actor;
        let count = |href: &str| ctx.todo_counts.iter().find(|(h, _)| *h == href).map_or(0, |(_, n)| *n);
        let item = |key: &str, href: &'static str, cap: Capability| MenuItem {
            label: lang.t(key),
            href,
            active: current == href,
            enabled: actor.can(cap),
            count: count(href),
        };
        let home = vec![item("nav.workbench", "/workbench", Capability::SignedIn)];
        let mut registry = vec![
            item("nav.orgs", "/orgs", Capability::RegistryRead),
            item("nav.cadres", "/cadres", Capability::RegistryRead),
            item("nav.import", "/import", Capability::RegistryImport),
            item("nav.me", "/me", Capability::OwnDossier),
        ];
        registry.retain(|i| i.enabled);
        let mut training = vec![
            item("nav.courses", "/training/courses", Capability::TrainingRead),
            item("nav.compliance", "/training/compliance", Capability::TrainingRead),
            item("nav.study_groups", "/training/study-groups", Capability::TrainingRead),
            item("nav.study_records", "/training/study-records", Capability::TrainingRead),
            item("nav.village", "/training/village", Capability::TrainingRead),
            item("nav.obligations", "/integrity/obligations", Capability::TrainingRead),
            item("nav.talks", "/integrity/talks", Capability::TrainingRead),
            item("nav.exams", "/integrity/exams", Capability::TrainingRead),
            item("nav.my_training", "/me/training", Capability::OwnDossier),
        ];
        training.retain(|i| i.enabled);
        let mut selection = vec![
            item("nav.selection_cases", "/selection/cases", Capability::SelectionRead),
            item("nav.selection_meetings", "/selection/meetings", Capability::SelectionRead),
            item("nav.selection_inspections", "/selection/inspections", Capability::Inspect),
            item("nav.selection_objections", "/selection/objections", Capability::ObjectionFinding),
            item("nav.outcomes", "/selection/outcomes", Capability::RegistryRead),
            item("nav.publicity", "/public/publicity", Capability::SignedIn),
        ];
        selection.retain(|i| i.enabled);
        let coming = |key: &str| MenuGroup { title: lang.t(key), items: Vec::new() };
        let mut system = vec![
            item("nav.ledger", "/ledger", Capability::LedgerRead),
            item("nav.users", "/users", Capability::UsersManage),
            MenuItem { label: lang.t("nav.api"), href: "/api/docs/", active: false, enabled: true, count: 0 },
        ];
        system.retain(|i| i.enabled);
        let menu = vec![
            MenuGroup { title: lang.t("nav.workbench"), items: home },
            MenuGroup { title: lang.t("nav.registry"), items: registry },
            MenuGroup { title: lang.t("nav.training"), items: training },
            MenuGroup { title: lang.t("nav.selection"), items: selection },
            coming("nav.supervision"),
            coming("nav.incentives"),
            coming("nav.warning"),
            MenuGroup { title: lang.pick("系统", "System"), items: system },
        ];
        Chrome {
            lang,
            other_lang: if lang == Lang::En { "zh" } else { "en" },
            path_encoded: serde_urlencoded::to_string([("", ctx.path.as_str())])
                .unwrap_or_default()
                .trim_start_matches('=')
                .to_owned(),
            signed_in: actor.can(Capability::SignedIn),
            user_name: actor.shown_name().to_owned(),
            role_label: actor.role.label(lang.code()),
            scope_name: actor.scope_name.clone(),
            csrf: ctx.csrf.clone(),
            menu,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::beijing_time;

    #[test]
    fn stored_instants_read_in_beijing_time_to_the_minute() {
        assert_eq!(beijing_time("2026-12-07T13:08:20Z"), "2026-12-07 21:08");
        assert_eq!(beijing_time("2026-12-07T20:30:00.123456Z"), "2026-12-08 04:30", "past midnight in Beijing");
        assert_eq!(beijing_time("2026-12-07"), "2026-12-07", "a date stays a date");
    }
}
