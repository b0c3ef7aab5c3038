//! The national rank ladder: leadership posts (领导职务, 正/副 省部级 … 乡科级) and the
//! grade ladder (职级, 一级巡视员 … 二级科员) that runs beside it since 2019.
//! Each rank maps to a common level so rules can say "county/division level and above".

use serde::Serialize;

use crate::error::FieldError;

/// One step of either ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Rank {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// `true` for leadership posts (领导职务), `false` for grades (职级).
    pub leadership: bool,
    /// The common level: 1 province/ministry principal … 8 township/section deputy, 9 staff.
    pub level: u8,
}

const fn r(code: &'static str, zh: &'static str, en: &'static str, leadership: bool, level: u8) -> Rank {
    Rank { code, zh, en, leadership, level }
}

/// Every rank, highest first.
pub static RANKS: &[Rank] = &[
    r("province_principal", "省部级正职", "provincial/ministerial principal", true, 1),
    r("province_deputy", "省部级副职", "provincial/ministerial deputy", true, 2),
    r("bureau_principal", "厅局级正职", "department/bureau principal", true, 3),
    r("bureau_deputy", "厅局级副职", "department/bureau deputy", true, 4),
    r("county_principal", "县处级正职", "county/division principal", true, 5),
    r("county_deputy", "县处级副职", "county/division deputy", true, 6),
    r("township_principal", "乡科级正职", "township/section principal", true, 7),
    r("township_deputy", "乡科级副职", "township/section deputy", true, 8),
    r("inspector_1", "一级巡视员", "first-grade inspector", false, 3),
    r("inspector_2", "二级巡视员", "second-grade inspector", false, 4),
    r("researcher_1", "一级调研员", "first-grade researcher", false, 5),
    r("researcher_2", "二级调研员", "second-grade researcher", false, 5),
    r("researcher_3", "三级调研员", "third-grade researcher", false, 6),
    r("researcher_4", "四级调研员", "fourth-grade researcher", false, 6),
    r("principal_staff_1", "一级主任科员", "first-grade principal staff member", false, 7),
    r("principal_staff_2", "二级主任科员", "second-grade principal staff member", false, 7),
    r("principal_staff_3", "三级主任科员", "third-grade principal staff member", false, 8),
    r("principal_staff_4", "四级主任科员", "fourth-grade principal staff member", false, 8),
    r("staff_1", "一级科员", "first-grade staff member", false, 9),
    r("staff_2", "二级科员", "second-grade staff member", false, 9),
];

impl Rank {
    pub fn get(code: &str) -> Option<&'static Rank> {
        RANKS.iter().find(|r| r.code == code)
    }

    /// Accepts the code or the Chinese label.
    pub fn parse(field: &str, raw: &str) -> Result<&'static Rank, FieldError> {
        let text = raw.trim();
        RANKS.iter().find(|r| r.code == text || r.zh == text).ok_or_else(|| {
            FieldError::new(field, format!("“{text}” 不是有效的职务职级"), format!("\"{text}\" is not a known rank"))
        })
    }

    /// County/division level or above (levels 1–6), the band of TRN-COUNTY-5Y.
    pub fn is_county_level_or_above(&self) -> bool {
        self.level <= 6
    }

    /// Is this a principal (正职) leadership post?
    pub fn is_principal(&self) -> bool {
        self.leadership && self.level % 2 == 1
    }

    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "en" { self.en } else { self.zh }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_sit_beside_the_leadership_ladder() {
        let researcher = Rank::parse("rank", "一级调研员").unwrap();
        let county = Rank::parse("rank", "county_principal").unwrap();
        assert_eq!(researcher.level, county.level);
        assert!(!researcher.leadership && county.leadership);
        assert!(county.is_principal());
        assert!(!Rank::get("county_deputy").unwrap().is_principal());
    }

    #[test]
    fn the_county_band_ends_at_county_deputy() {
        assert!(Rank::get("county_deputy").unwrap().is_county_level_or_above());
        assert!(!Rank::get("township_principal").unwrap().is_county_level_or_above());
    }

    #[test]
    fn an_unknown_rank_is_refused() {
        assert_eq!(Rank::parse("rank", "大队长").unwrap_err().field, "rank");
    }
}
