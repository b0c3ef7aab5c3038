//! UI text in Chinese (default) and English, from `locales.toml` embedded at build time.

use std::collections::HashMap;
use std::sync::OnceLock;

static TEXT: OnceLock<HashMap<String, [String; 2]>> = OnceLock::new();

fn table() -> &'static HashMap<String, [String; 2]> {
    TEXT.get_or_init(|| toml::from_str(include_str!("../locales.toml")).unwrap_or_default())
}

/// The interface language of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Zh }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of the page.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The text for a key; an unknown key shows itself (and the locale test fails).
    pub fn t(self, key: &str) -> &'static str {
        match table().get(key) {
            Some(pair) => pair[usize::from(self == Lang::En)].as_str(),
            None => "⟨missing text⟩",
        }
    }

    /// Chooses between a Chinese and an English string.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self == Lang::En { en } else { zh }
    }

    /// [`Lang::pick`] for composed text.
    pub fn choose(self, zh: String, en: String) -> String {
        if self == Lang::En { en } else { zh }
    }
}

/// Whether a key exists (for the locale test).
pub fn has_key(key: &str) -> bool {
    table().contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_file_parses_and_has_both_languages() {
        assert!(table().len() > 100);
        for (key, [zh, en]) in table() {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
        assert_eq!(Lang::Zh.t("nav.cadres"), "干部名册");
        assert_eq!(Lang::En.t("nav.cadres"), "Cadre roster");
    }

    #[test]
    fn every_key_used_by_a_template_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                if !has_key(key) {
                    missing.push(key.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from locales.toml: {missing:?}");
    }
}
