//! Organizations form a tree (city → county/district → township/street). Each node's
//! materialized path (`/1/7/42/`) makes "this org and everything under it" one index range,
//! which is how lists and access scopes filter by subtree on both databases.

use serde::Serialize;

use crate::error::FieldError;
use crate::registry::codes::{Code, CodeSet};

/// Kinds of organization.
pub static ORG_KIND: CodeSet = CodeSet {
    name: "单位类别",
    codes: &[
        Code { code: "party_committee", zh: "党委", en: "party committee" },
        Code { code: "party_department", zh: "党委工作部门", en: "party committee department" },
        Code { code: "peoples_congress", zh: "人大", en: "people's congress" },
        Code { code: "government", zh: "政府", en: "government" },
        Code { code: "government_department", zh: "政府部门", en: "government department" },
        Code { code: "cppcc", zh: "政协", en: "CPPCC" },
        Code { code: "court", zh: "法院", en: "court" },
        Code { code: "procuratorate", zh: "检察院", en: "procuratorate" },
        Code { code: "public_institution", zh: "事业单位", en: "public institution" },
        Code { code: "state_enterprise", zh: "国有企业", en: "state enterprise" },
        Code { code: "mass_organisation", zh: "群团组织", en: "mass organisation" },
    ],
};

/// Administrative level of an organization.
pub static ORG_LEVEL: CodeSet = CodeSet {
    name: "单位级别",
    codes: &[
        Code { code: "city", zh: "市级", en: "city" },
        Code { code: "county", zh: "县级", en: "county/district" },
        Code { code: "township", zh: "乡级", en: "township/street" },
    ],
};

/// The kind code of an org, as parsed.
pub type OrgKind = &'static Code;

/// A materialized path `/a/b/c/` of org numbers from the root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OrgPath(String);

impl OrgPath {
    pub fn root(number: i64) -> Self {
        Self(format!("/{number}/"))
    }

    /// Above every root: the whole forest (what the system sees). Never stored.
    pub fn everything() -> Self {
        Self("/".to_owned())
    }

    pub fn child(&self, number: i64) -> Self {
        Self(format!("{}{number}/", self.0))
    }

    /// Wraps a stored path; a malformed one is refused.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let ok = raw.starts_with('/')
            && raw.ends_with('/')
            && raw.len() > 2
            && raw[1..raw.len() - 1].split('/').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new("org_path", "单位路径格式错误", "malformed organization path"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` if `other` is this node or below it.
    pub fn contains(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The half-open text range `[start, end)` holding this subtree's paths: an index range scan.
    pub fn subtree_range(&self) -> (String, String) {
        // '/' is followed by '0' in ASCII, so every descendant sorts below the path with its final '/' bumped.
        let mut end = self.0.clone();
        end.pop();
        end.push('0');
        (self.0.clone(), end)
    }

    /// Depth: 1 for the root.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count() - 1
    }
}

/// A post as a notice writes it, the unit first: 「市政府办公室」 and 「财务科科长」 give
/// 「市政府办公室财务科科长」. A title that already names the unit — a cadre's current post is
/// often entered that way — is written as it is, so the unit is not said twice.
pub fn post_with_unit(unit: &str, title: &str) -> String {
    let (unit, title) = (unit.trim(), title.trim());
    if unit.is_empty() || title.contains(unit) { title.to_owned() } else { format!("{unit}{title}") }
}

/// The organisation department of a party committee at a unit, as a notice's masthead names it:
/// 「东营市」 gives 「中共东营市委组织部」; a unit that is itself a committee
/// (「中共河口区委」) gives 「中共河口区委组织部」.
pub fn organisation_department(unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        return String::new();
    }
    let committee = if unit.ends_with('委') { unit.to_owned() } else { format!("{unit}委") };
    let committee = if committee.starts_with("中共") { committee } else { format!("中共{committee}") };
    format!("{committee}组织部")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_masthead_names_the_committee_s_organisation_department() {
        assert_eq!(organisation_department("东营市"), "中共东营市委组织部");
        assert_eq!(organisation_department("中共河口区委"), "中共河口区委组织部");
        assert_eq!(organisation_department(""), "");
    }

    #[test]
    fn everything_holds_every_root_and_its_range_every_path() {
        let all = OrgPath::everything();
        assert!(all.contains(&OrgPath::root(1)) && all.contains(&OrgPath::root(12).child(3)));
        let (start, end) = all.subtree_range();
        assert!(start.as_str() <= "/1/" && "/99/7/" < end.as_str());
    }

    #[test]
    fn a_subtree_range_holds_descendants_and_nothing_else() {
        let county = OrgPath::root(1).child(7);
        let (start, end) = county.subtree_range();
        let inside = ["/1/7/", "/1/7/42/", "/1/7/9/3/"];
        let outside = ["/1/", "/1/70/", "/1/8/", "/1/6/99/", "/2/7/"];
        for p in inside {
            assert!(p >= start.as_str() && p < end.as_str(), "{p} should be inside");
            assert!(county.contains(&OrgPath::parse(p).unwrap()));
        }
        for p in outside {
            assert!(!(p >= start.as_str() && p < end.as_str()), "{p} should be outside");
            assert!(!county.contains(&OrgPath::parse(p).unwrap()));
        }
    }

    #[test]
    fn malformed_paths_are_refused() {
        for bad in ["", "/", "1/2/", "/1/2", "/1//2/", "/a/"] {
            assert!(OrgPath::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(OrgPath::parse("/1/2/").unwrap().depth(), 2);
    }

    #[test]
    fn a_post_names_its_unit_once() {
        assert_eq!(post_with_unit("市政府办公室", "财务科科长"), "市政府办公室财务科科长");
        assert_eq!(post_with_unit("市政府办公室", "市政府办公室财务科科长"), "市政府办公室财务科科长");
        assert_eq!(post_with_unit("河口区", " 河口区副区长"), "河口区副区长");
        assert_eq!(post_with_unit("河口区", "副区长"), "河口区副区长");
        assert_eq!(post_with_unit("", "科长"), "科长");
    }
}
