//! Training requirements by rank (TRN-COUNTY-5Y, TRN-TOWNSHIP-YEAR, TRN-CREDITS): a cadre's
//! totals in, their progress and shortfall out, each check naming its rule. The totals are sums a
//! query makes over training records; the judgement is here, once.

use serde::Serialize;
use time::{Date, Month};

use crate::policy::{Policy, PolicyError};
use crate::registry::dates::add_months;

/// What a cadre has done, summed over their training records as of a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    /// Full-time class hours at a party school, administrative college or training base in the
    /// rolling window of TRN-COUNTY-5Y.
    pub window_hours: u64,
    /// Full-time days at those institutions in the window.
    pub window_days: u64,
    /// All class hours completed in the calendar year.
    pub year_hours: u64,
    /// Full-time days in the calendar year.
    pub year_days: u64,
    /// Credits earned in the calendar year, in hundredths.
    pub year_credits_centi: u64,
}

/// The rank band a requirement applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// County/division level and above (common levels 1–6).
    CountyAndAbove,
    /// Township/section level and below (common levels 7–9).
    TownshipAndBelow,
    /// No rank recorded: no requirement applies.
    None,
}

/// One requirement checked: what was needed, what was done, and the shortfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Check {
    pub rule: &'static str,
    /// The measure: `class_hours` or `credits_centi`.
    pub unit: &'static str,
    pub have: u64,
    pub need: u64,
    /// The alternative measure that also satisfies the rule (full-time days), if any.
    pub have_days: Option<u64>,
    pub need_days: Option<u64>,
    pub met: bool,
    /// How much of the main measure is still missing (0 when met).
    pub shortfall: u64,
}

/// A cadre's position against every requirement of their band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub band: Band,
    pub checks: Vec<Check>,
}

impl Progress {
    pub fn compliant(&self) -> bool {
        self.checks.iter().all(|c| c.met)
    }

    /// The class hours still missing under the time rule (TRN-COUNTY-5Y or TRN-TOWNSHIP-YEAR).
    pub fn hours_short(&self) -> u64 {
        self.checks.iter().filter(|c| c.unit == "class_hours").map(|c| c.shortfall).sum()
    }

    pub fn credits_short_centi(&self) -> u64 {
        self.checks.iter().filter(|c| c.unit == "credits_centi").map(|c| c.shortfall).sum()
    }
}

/// A time rule's figures: class hours, or full-time days as the alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRule {
    pub hours: u64,
    pub days: u64,
}

/// The figures a judgement uses, for a store that judges many cadres in one statement; it must
/// judge exactly as [`Requirements::evaluate`] does (storage tests compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Levels `1..=county_max_level` are [`Band::CountyAndAbove`].
    pub county_max_level: u8,
    /// Levels `township_min_level..=MAX_LEVEL` are [`Band::TownshipAndBelow`].
    pub township_min_level: u8,
    /// TRN-COUNTY-5Y over the window's totals, if in force.
    pub county: Option<TimeRule>,
    /// TRN-TOWNSHIP-YEAR over the year's totals, if in force.
    pub township: Option<TimeRule>,
    /// TRN-CREDITS, the yearly credits in hundredths (county band, township band), if in force.
    pub credits: Option<(u64, u64)>,
}

/// The highest common rank level (9, staff); a cadre without a rank is stored with a level above
/// it and has no requirement.
pub const MAX_LEVEL: u8 = 9;

/// The figures in force on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirements {
    pub on: Date,
    county: Option<(u32, u64, u64, u8)>,
    township: Option<(u64, u64, u8)>,
    credits: Option<(u64, u64)>,
}

fn check(rule: &'static str, have: u64, need: u64, days: Option<(u64, u64)>) -> Check {
    let met = have >= need || days.is_some_and(|(h, n)| h >= n);
    Check {
        rule,
        unit: "class_hours",
        have,
        need,
        have_days: days.map(|d| d.0),
        need_days: days.map(|d| d.1),
        met,
        shortfall: if met { 0 } else { need - have },
    }
}

impl Requirements {
    pub fn in_force(policy: &Policy, on: Date) -> Result<Self, PolicyError> {
        let count = |id: &str, key: &str| policy.count(id, key, on).map(u64::from);
        let county = if policy.is_in_force("TRN-COUNTY-5Y", on) {
            let level = u8::try_from(policy.count("TRN-COUNTY-5Y", "max_common_level", on)?).unwrap_or(6);
            let days = count("TRN-COUNTY-5Y", "full_time_months")? * count("TRN-COUNTY-5Y", "days_per_month")?;
            Some((
                policy.count("TRN-COUNTY-5Y", "window_years", on)?,
                count("TRN-COUNTY-5Y", "class_hours")?,
                days,
                level,
            ))
        } else {
            None
        };
        let township = if policy.is_in_force("TRN-TOWNSHIP-YEAR", on) {
            let level = u8::try_from(policy.count("TRN-TOWNSHIP-YEAR", "min_common_level", on)?).unwrap_or(7);
            Some((count("TRN-TOWNSHIP-YEAR", "class_hours")?, count("TRN-TOWNSHIP-YEAR", "days")?, level))
        } else {
            None
        };
        let credits = if policy.is_in_force("TRN-CREDITS", on) {
            Some((
                count("TRN-CREDITS", "yearly_credits.county_and_above")? * 100,
                count("TRN-CREDITS", "yearly_credits.township_and_below")? * 100,
            ))
        } else {
            None
        };
        Ok(Self { on, county, township, credits })
    }

    /// The length of the rolling window of TRN-COUNTY-5Y in months.
    pub fn window_months(&self) -> i64 {
        12 * i64::from(self.county.map_or(5, |c| c.0))
    }

    /// Records that end after this day fall in the rolling window of TRN-COUNTY-5Y.
    pub fn window_after(&self) -> Date {
        add_months(self.on, -self.window_months())
    }

    pub fn figures(&self) -> Figures {
        Figures {
            county_max_level: self.county.map_or(6, |c| c.3),
            township_min_level: self.township.map_or(7, |t| t.2),
            county: self.county.map(|(_, hours, days, _)| TimeRule { hours, days }),
            township: self.township.map(|(hours, days, _)| TimeRule { hours, days }),
            credits: self.credits,
        }
    }

    /// The first day of the calendar year of `on`.
    pub fn year_start(&self) -> Date {
        Date::from_calendar_date(self.on.year(), Month::January, 1).unwrap_or(self.on)
    }

    /// The band of a common rank level (0 = no rank).
    pub fn band(&self, level: u8) -> Band {
        let county_max = self.county.map_or(6, |c| c.3);
        let township_min = self.township.map_or(7, |t| t.2);
        match level {
            0 => Band::None,
            l if l > MAX_LEVEL => Band::None,
            l if l <= county_max => Band::CountyAndAbove,
            l if l >= township_min => Band::TownshipAndBelow,
            _ => Band::None,
        }
    }

    /// Judges a cadre of rank level `level` with these totals.
    pub fn evaluate(&self, level: u8, totals: &Totals) -> Progress {
        let band = self.band(level);
        let mut checks = Vec::new();
        match band {
            Band::CountyAndAbove => {
                if let Some((_, hours, days, _)) = self.county {
                    checks.push(check("TRN-COUNTY-5Y", totals.window_hours, hours, Some((totals.window_days, days))));
                }
            }
            Band::TownshipAndBelow => {
                if let Some((hours, days, _)) = self.township {
                    checks.push(check("TRN-TOWNSHIP-YEAR", totals.year_hours, hours, Some((totals.year_days, days))));
                }
            }
            Band::None => {}
        }
        let credit_need = match (band, self.credits) {
            (Band::CountyAndAbove, Some((county, _))) => Some(county),
            (Band::TownshipAndBelow, Some((_, township))) => Some(township),
            _ => None,
        };
        if let Some(need) = credit_need {
            let mut credit = check("TRN-CREDITS", totals.year_credits_centi, need, None);
            credit.unit = "credits_centi";
            checks.push(credit);
        }
        Progress { band, checks }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 26);

    fn req() -> Requirements {
        Requirements::in_force(&Policy::builtin().unwrap(), TODAY).unwrap()
    }

    #[test]
    fn trn_county_5y_550_hours_or_three_months_in_the_window() {
        let r = req();
        assert_eq!(r.window_after(), date!(2021 - 11 - 26));
        let enough = Totals { window_hours: 550, year_credits_centi: 11_000, ..Totals::default() };
        assert!(r.evaluate(5, &enough).compliant());
        let short = Totals { window_hours: 549, window_days: 89, year_credits_centi: 11_000, ..Totals::default() };
        let progress = r.evaluate(5, &short);
        assert!(!progress.compliant());
        assert_eq!(progress.checks[0].rule, "TRN-COUNTY-5Y");
        assert_eq!(progress.hours_short(), 1);
        // Three months of full-time training (90 days) meets it with fewer hours.
        let by_days = Totals { window_hours: 300, window_days: 90, year_credits_centi: 11_000, ..Totals::default() };
        assert!(r.evaluate(6, &by_days).compliant());
    }

    #[test]
    fn trn_township_year_90_hours_or_12_days() {
        let r = req();
        let credits = 9_000;
        assert!(
            r.evaluate(7, &Totals { year_hours: 90, year_credits_centi: credits, ..Totals::default() }).compliant()
        );
        assert!(
            r.evaluate(9, &Totals { year_hours: 40, year_days: 12, year_credits_centi: credits, ..Totals::default() })
                .compliant()
        );
        let short =
            r.evaluate(8, &Totals { year_hours: 89, year_days: 11, year_credits_centi: credits, ..Totals::default() });
        assert!(!short.compliant());
        assert_eq!(short.checks[0].rule, "TRN-TOWNSHIP-YEAR");
        assert_eq!(short.hours_short(), 1);
    }

    #[test]
    fn trn_credits_yearly_requirement_by_band() {
        let r = req();
        let township = r.evaluate(7, &Totals { year_hours: 90, year_credits_centi: 8_950, ..Totals::default() });
        assert_eq!(township.credits_short_centi(), 50);
        assert_eq!(township.checks[1].rule, "TRN-CREDITS");
        let county = r.evaluate(3, &Totals { window_hours: 600, year_credits_centi: 11_000, ..Totals::default() });
        assert!(county.compliant());
        assert_eq!(r.band(0), Band::None);
        // No rank (stored as level 99): no requirement.
        assert_eq!(r.band(99), Band::None);
        assert_eq!(r.band(MAX_LEVEL), Band::TownshipAndBelow);
        assert!(r.evaluate(0, &Totals::default()).checks.is_empty());
    }

    #[test]
    fn before_the_2023_regulation_no_time_rule_applies() {
        let r = Requirements::in_force(&Policy::builtin().unwrap(), date!(2023 - 01 - 10)).unwrap();
        let progress = r.evaluate(5, &Totals { year_credits_centi: 11_000, ..Totals::default() });
        assert!(progress.checks.iter().all(|c| c.rule == "TRN-CREDITS"));
    }
}
