//! The demo city's cadres: every leadership and middle-level post filled up to its authorised
//! number (a few left vacant), the rest of the roster spread over units as staff, each with a
//! generated dossier. Each cadre draws from its own random stream, so the roster is stable.

use std::collections::{HashMap, HashSet};

use jianquan_domain::registry::Rank;
use jianquan_domain::registry::dossier::{AnnualGrade, Education, FamilyMember, RewardSanction, Tenure};
use time::{Date, Duration};

use crate::context::new_id;
use crate::demo::city::{CITY_DOC_PREFIX, COUNTIES, Unit};
use crate::demo::dossier::{self, Place};
use crate::demo::people::{self, Basic, REGIONS, Spec};
use crate::demo::rng::Rng;
use crate::{AppError, AppResult};

/// One generated cadre and their dossier.
pub struct Person {
    pub id: String,
    pub unit: usize,
    /// The post held (index into the unit's posts), for leadership and middle-level cadres.
    pub post: Option<usize>,
    pub basic: Basic,
    pub educations: Vec<Education>,
    pub tenures: Vec<Tenure>,
    pub grades: Vec<AnnualGrade>,
    pub records: Vec<RewardSanction>,
    pub family: Vec<FamilyMember>,
}

/// The appointment document prefix of a unit.
pub fn doc_prefix(unit: &Unit) -> &'static str {
    unit.county.map_or(CITY_DOC_PREFIX, |c| COUNTIES[c].doc_prefix)
}

/// How a post reads after the unit's name: 东营市委书记, 东营区副区长, 史口镇党委书记, 市财政局副局长.
pub fn post_label(unit: &Unit, title: &str) -> String {
    let committee = unit.kind == "party_committee";
    if committee && !title.starts_with('副') {
        let stem: String = unit.name.chars().take(unit.name.chars().count().saturating_sub(1)).collect();
        format!("{stem}{title}")
    } else {
        format!("{}{title}", unit.name)
    }
}

fn region(rng: &mut Rng, unit: &Unit) -> (&'static str, &'static str) {
    let home = unit.county.map(|c| COUNTIES[c].region);
    match home {
        Some(code) if rng.chance(0.8) => REGIONS.iter().find(|(r, _)| *r == code).copied().unwrap_or(REGIONS[0]),
        _ if rng.chance(0.6) => REGIONS[rng.below(5)],
        _ => rng.pick(REGIONS),
    }
}

/// Who fills which seat: (unit, post) for holders, (unit, None) for staff.
fn seats(rng: &mut Rng, units: &[Unit], target: usize) -> Vec<(usize, Option<usize>)> {
    let mut seats = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        for (p, post) in unit.posts.iter().enumerate() {
            let vacant = match post.authorised {
                1 if post.middle_level => i64::from(rng.chance(0.1)),
                n if n >= 2 => i64::from(rng.chance(0.25)),
                _ => 0,
            };
            seats.extend(std::iter::repeat_n((u, Some(p)), (post.authorised - vacant).max(0) as usize));
        }
    }
    let weighted: Vec<usize> = (0..units.len()).filter(|u| units[*u].staff_weight > 0).collect();
    let total_weight: usize = weighted.iter().map(|u| units[*u].staff_weight as usize).sum();
    let staff = target.saturating_sub(seats.len());
    let mut given = 0;
    for u in &weighted {
        let share = staff * units[*u].staff_weight as usize / total_weight.max(1);
        seats.extend(std::iter::repeat_n((*u, None), share));
        given += share;
    }
    for u in weighted.iter().cycle().take(staff - given) {
        seats.push((*u, None));
    }
    seats
}

/// Generates the roster: `target` cadres over `units`.
pub fn roster(seed: u64, units: &[Unit], target: usize, today: Date) -> AppResult<Vec<Person>> {
    let mut rng = Rng::stream(seed, 1);
    let seats = seats(&mut rng, units, target);
    // Earlier tenures were served in units of the same county (or at city level).
    let places: Vec<Vec<Place<'_>>> = (0..=COUNTIES.len())
        .map(|c| {
            let county = (c < COUNTIES.len()).then_some(c);
            units
                .iter()
                .filter(|u| u.county == county && u.parent.is_some())
                .map(|u| (u.id.as_str(), doc_prefix(u)))
                .collect()
        })
        .collect();
    let by_id: HashMap<&str, &Unit> = units.iter().map(|u| (u.id.as_str(), u)).collect();
    let title_at = |org_id: &str, level: u8| -> String {
        let unit = by_id.get(org_id);
        let post = unit.and_then(|u| u.posts.iter().find(|p| Rank::get(p.rank).is_some_and(|r| r.level == level)));
        post.map_or_else(|| dossier::generic_title(level).to_owned(), |p| p.title.clone())
    };
    let mut taken = HashSet::new();
    let mut people = Vec::with_capacity(seats.len());
    for (i, (u, post)) in seats.into_iter().enumerate() {
        let mut rng = Rng::stream(seed, 1000 + i as u64);
        let unit = &units[u];
        let (rank, title, post_id) = match post.map(|p| &unit.posts[p]) {
            Some(post) => {
                let rank =
                    Rank::get(post.rank).ok_or_else(|| AppError::internal(format!("unknown rank {}", post.rank)))?;
                (rank, post.title.clone(), Some(post.id.clone()))
            }
            None => {
                let rank = people::staff_rank(&mut rng, unit.level);
                (rank, rank.zh.to_owned(), None)
            }
        };
        let spec = Spec {
            org_id: &unit.id,
            region: region(&mut rng, unit),
            rank,
            current_post: post_label(unit, &title),
            male_share: if rank.leadership { 0.78 } else { 0.58 },
            sequence_base: 0,
        };
        let basic = people::basic(&mut rng, &mut taken, &spec, today)?;
        let work_start = basic.cadre.work_start_date.unwrap_or(basic.cadre.birth_date);
        let start = (today - Duration::days(rng.range(90, 2400))).max(work_start);
        let current = Tenure {
            org_id: unit.id.clone(),
            post_id,
            title,
            start_date: start,
            end_date: None,
            document_number: dossier::document_number(&mut rng, doc_prefix(unit), start.year()),
        };
        let elsewhere = &places[unit.county.unwrap_or(COUNTIES.len())];
        let tenures =
            dossier::tenures(&mut rng, current, rank.level, work_start, elsewhere, doc_prefix(unit), &title_at);
        let family = dossier::family(&mut rng, &basic.cadre.name, basic.male, basic.age, basic.cadre.birth_date, today);
        people.push(Person {
            id: new_id(),
            unit: u,
            post,
            educations: dossier::educations(&mut rng, basic.age, work_start, rank.leadership),
            tenures,
            grades: dossier::grades(&mut rng, work_start),
            records: dossier::rewards(&mut rng, work_start),
            family,
            basic,
        });
    }
    Ok(people)
}
