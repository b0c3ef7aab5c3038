//! Writing the demo city through the bulk writer: every org, post, cadre and dossier row in one
//! transaction, under one ledger entry (`demo.load`) whose sequence number each row carries.

use jianquan_domain::registry::Rank;
use jianquan_storage::registry::bulk::{self, BulkCadre, BulkOrg, BulkParent, BulkPost, BulkRewardSanction, Owned};
use serde_json::json;

use crate::context::new_id;
use crate::demo::DemoSummary;
use crate::demo::city::Unit;
use crate::demo::roster::Person;
use crate::registry::dossier::influence_until;
use crate::{Actor, App, AppError, AppResult};

fn owned<T: Clone>(cadre_id: &str, entries: &[T]) -> impl Iterator<Item = Owned<T>> {
    entries.iter().map(move |entry| Owned { id: new_id(), cadre_id: cadre_id.to_owned(), entry: entry.clone() })
}

/// The rows of the city, ready for the bulk writer.
struct Rows {
    orgs: Vec<BulkOrg>,
    posts: Vec<BulkPost>,
    educations: Vec<Owned<jianquan_domain::registry::dossier::Education>>,
    tenures: Vec<Owned<jianquan_domain::registry::dossier::Tenure>>,
    grades: Vec<(String, jianquan_domain::registry::dossier::AnnualGrade)>,
    records: Vec<BulkRewardSanction>,
    family: Vec<Owned<jianquan_domain::registry::dossier::FamilyMember>>,
}

fn rows(app: &App, units: &[Unit], people: &[Person]) -> AppResult<Rows> {
    let orgs = units
        .iter()
        .map(|u| BulkOrg {
            id: u.id.clone(),
            parent: u.parent.map_or(BulkParent::Root, BulkParent::Earlier),
            name: u.name.clone(),
            kind: u.kind.into(),
            level: u.level.into(),
            sort: u.sort,
        })
        .collect();
    let mut posts = Vec::new();
    for unit in units {
        for p in &unit.posts {
            let rank = Rank::get(p.rank).ok_or_else(|| AppError::internal(format!("unknown rank {}", p.rank)))?;
            posts.push(BulkPost {
                id: p.id.clone(),
                org_id: unit.id.clone(),
                title: p.title.clone(),
                rank: rank.code.into(),
                leadership: rank.leadership,
                middle_level: p.middle_level,
                key_post: p.key_post,
                authorised: p.authorised,
            });
        }
    }
    let mut rows = Rows {
        orgs,
        posts,
        educations: Vec::new(),
        tenures: Vec::new(),
        grades: Vec::new(),
        records: Vec::new(),
        family: Vec::new(),
    };
    for person in people {
        rows.educations.extend(owned(&person.id, &person.educations));
        rows.tenures.extend(owned(&person.id, &person.tenures));
        rows.grades.extend(person.grades.iter().map(|g| (person.id.clone(), g.clone())));
        rows.family.extend(owned(&person.id, &person.family));
        for row in owned(&person.id, &person.records) {
            let influence = if row.entry.category == "sanction" {
                influence_until(app, row.entry.kind, row.entry.date)?
            } else {
                None
            };
            rows.records.push(BulkRewardSanction { row, influence });
        }
    }
    Ok(rows)
}

/// Writes the city in one transaction and returns the counts.
pub async fn write_city(app: &App, seed: u64, units: &[Unit], people: &[Person]) -> AppResult<DemoSummary> {
    let rows = rows(app, units, people)?;
    let mut tx = app.db.write().await?;
    // The orgs' paths are known only once they are stored, and a cadre's digest does not read
    // them: the commitment to the cadres' rows is computed with a placeholder path.
    let placeholder = jianquan_domain::registry::OrgPath::everything();
    let committed: Vec<BulkCadre> = people
        .iter()
        .map(|p| BulkCadre { id: p.id.clone(), cadre: p.basic.cadre.clone(), org_path: placeholder.clone() })
        .collect();
    let detail = json!({"seed": seed, "orgs": rows.orgs.len(), "posts": rows.posts.len(), "cadres": people.len(),
        "cadres_root": bulk::cadres_root(&committed)});
    let seq =
        app.record(&mut tx, &Actor::system_for_cli(), "demo.load", ("demo", &seed.to_string()), detail, &[]).await?;
    let stored = bulk::insert_orgs(&mut tx, &rows.orgs, seq).await?;
    bulk::insert_posts(&mut tx, &rows.posts, seq).await?;
    let mut cadres = Vec::with_capacity(people.len());
    for person in people {
        let org = stored.get(person.unit).ok_or_else(|| AppError::internal("a demo cadre's unit was not stored"))?;
        cadres.push(BulkCadre { id: person.id.clone(), cadre: person.basic.cadre.clone(), org_path: org.org_path()? });
    }
    bulk::insert_cadres(&mut tx, &cadres, seq).await?;
    bulk::insert_educations(&mut tx, &rows.educations).await?;
    bulk::insert_tenures(&mut tx, &rows.tenures).await?;
    bulk::insert_grades(&mut tx, &rows.grades).await?;
    bulk::insert_rewards_sanctions(&mut tx, &rows.records).await?;
    bulk::insert_family(&mut tx, &rows.family).await?;
    tx.commit().await?;
    Ok(DemoSummary {
        orgs: rows.orgs.len(),
        posts: rows.posts.len(),
        cadres: people.len(),
        educations: rows.educations.len(),
        tenures: rows.tenures.len(),
        grades: rows.grades.len(),
        rewards_sanctions: rows.records.len(),
        family_members: rows.family.len(),
        ledger_seqs: vec![seq],
        ..DemoSummary::default()
    })
}
