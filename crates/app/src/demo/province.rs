//! A province-scale roster for benchmarks: 16 cities, each with departments and eight counties of
//! departments and townships, and any number of cadres spread over them. Only basic data and
//! name tokens are written, in transactions of 50,000 cadres, each with its `demo.generate` entry.

use std::collections::HashSet;

use jianquan_domain::registry::{OrgPath, Rank};
use jianquan_storage::registry::bulk::{self, BulkCadre, BulkOrg, BulkParent, BulkPost};
use jianquan_storage::registry::cadres as cadre_store;
use serde_json::json;

use crate::context::new_id;
use crate::demo::DemoSummary;
use crate::demo::people::{self, Spec};
use crate::demo::rng::Rng;
use crate::{Actor, App, AppError, AppResult};

/// Cadres per transaction.
pub const BATCH: usize = 50_000;
/// Cadres per statement group between progress reports.
const PROGRESS_EVERY: usize = 10_000;

const CITIES: &[(&str, &str)] = &[
    ("济南市", "3701"),
    ("青岛市", "3702"),
    ("淄博市", "3703"),
    ("枣庄市", "3704"),
    ("东营市", "3705"),
    ("烟台市", "3706"),
    ("潍坊市", "3707"),
    ("济宁市", "3708"),
    ("泰安市", "3709"),
    ("威海市", "3710"),
    ("日照市", "3711"),
    ("临沂市", "3713"),
    ("德州市", "3714"),
    ("聊城市", "3715"),
    ("滨州市", "3716"),
    ("菏泽市", "3717"),
];
const DEPARTMENTS: &[(&str, &str)] = &[
    ("委组织部", "party_department"),
    ("财政局", "government_department"),
    ("教育局", "government_department"),
    ("公安局", "government_department"),
    ("卫生健康局", "government_department"),
    ("自然资源局", "government_department"),
];
const COUNTY_NAMES: [&str; 8] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"];
const TOWNSHIPS: usize = 8;

/// An org of the generated tree with the ID-number region and rank levels of its cadres.
struct Node {
    org: BulkOrg,
    region: String,
    level: &'static str,
    ranks: (&'static str, &'static str),
    weight: u32,
}

/// What kind of org a node is and which cadres it holds.
struct Shape {
    kind: &'static str,
    level: &'static str,
    ranks: (&'static str, &'static str),
    weight: u32,
}

fn node(nodes: &mut Vec<Node>, parent: Option<usize>, name: String, region: &str, shape: Shape) -> usize {
    let org = BulkOrg {
        id: new_id(),
        parent: parent.map_or(BulkParent::Root, BulkParent::Earlier),
        name,
        kind: shape.kind.into(),
        level: shape.level.into(),
        sort: nodes.len() as i64,
    };
    nodes.push(Node { org, region: region.into(), level: shape.level, ranks: shape.ranks, weight: shape.weight });
    nodes.len() - 1
}

fn tree() -> Vec<Node> {
    let mut nodes = Vec::new();
    let committee = |level, ranks, weight| Shape { kind: "party_committee", level, ranks, weight };
    let root = node(
        &mut nodes,
        None,
        "山东省(模拟)".into(),
        "370102",
        committee("city", ("province_principal", "province_deputy"), 0),
    );
    for (city, code) in CITIES {
        let city_region = format!("{code}02");
        let c = node(
            &mut nodes,
            Some(root),
            (*city).into(),
            &city_region,
            committee("city", ("bureau_principal", "bureau_deputy"), 1),
        );
        let stem = city.trim_end_matches('市');
        for (suffix, kind) in DEPARTMENTS {
            let shape = Shape { kind, level: "city", ranks: ("county_principal", "county_deputy"), weight: 3 };
            node(&mut nodes, Some(c), format!("{city}{suffix}"), &city_region, shape);
        }
        for (k, county_name) in COUNTY_NAMES.iter().enumerate() {
            let region = format!("{code}{:02}", k + 2);
            let county = format!("{stem}{county_name}区");
            let n = node(
                &mut nodes,
                Some(c),
                county.clone(),
                &region,
                committee("county", ("county_principal", "county_deputy"), 1),
            );
            let township_ranks = ("township_principal", "township_deputy");
            for (suffix, kind) in DEPARTMENTS {
                let shape = Shape { kind, level: "county", ranks: township_ranks, weight: 2 };
                node(&mut nodes, Some(n), format!("{county}{suffix}"), &region, shape);
            }
            for t in 1..=TOWNSHIPS {
                let shape = Shape { kind: "government", level: "township", ranks: township_ranks, weight: 2 };
                node(&mut nodes, Some(n), format!("{county}第{t}镇"), &region, shape);
            }
        }
    }
    nodes
}

fn posts(nodes: &[Node]) -> Vec<BulkPost> {
    let post = |org_id: &str, title: &str, rank: &str, authorised: i64| BulkPost {
        id: new_id(),
        org_id: org_id.into(),
        title: title.into(),
        rank: rank.into(),
        leadership: true,
        middle_level: false,
        key_post: false,
        authorised,
    };
    nodes
        .iter()
        .flat_map(|n| [post(&n.org.id, "主要负责人", n.ranks.0, 1), post(&n.org.id, "副职", n.ranks.1, 3)])
        .collect()
}

/// Writes the province tree and its posts under one `demo.generate` entry; returns the orgs'
/// paths, the number of posts and the entry's sequence number.
async fn write_tree(app: &App, seed: u64, nodes: &[Node]) -> AppResult<(Vec<OrgPath>, usize, i64)> {
    let orgs: Vec<BulkOrg> = nodes.iter().map(|n| n.org.clone()).collect();
    let posts = posts(nodes);
    let mut tx = app.db.write().await?;
    let detail = json!({"seed": seed, "part": "orgs", "orgs": orgs.len(), "posts": posts.len()});
    let seq = app
        .record(&mut tx, &Actor::system_for_cli(), "demo.generate", ("demo", &format!("generate-{seed}")), detail, &[])
        .await?;
    let stored = bulk::insert_orgs(&mut tx, &orgs, seq).await?;
    bulk::insert_posts(&mut tx, &posts, seq).await?;
    tx.commit().await?;
    let paths = stored.iter().map(|o| o.org_path()).collect::<Result<Vec<_>, _>>()?;
    Ok((paths, posts.len(), seq))
}

/// The generator's state across batches.
struct Generator {
    seed: u64,
    nodes: Vec<Node>,
    cumulative: Vec<u64>,
    paths: Vec<OrgPath>,
    taken: HashSet<u64>,
    today: time::Date,
}

impl Generator {
    /// Cadre `index` of the roster (draw `attempt` when an earlier draw collided).
    fn cadre(&mut self, index: usize, attempt: u64) -> AppResult<BulkCadre> {
        let mut rng = Rng::stream(self.seed, (index as u64) << 8 | attempt);
        let total = self.cumulative.last().copied().unwrap_or(1).max(1);
        let at = rng.next_u64() % total;
        let n = self.cumulative.partition_point(|c| *c <= at).min(self.nodes.len().saturating_sub(1));
        let node = self.nodes.get(n).ok_or_else(|| AppError::internal("the generated tree is empty"))?;
        let rank = if rng.chance(0.08) {
            Rank::get(if rng.chance(0.3) { node.ranks.0 } else { node.ranks.1 })
        } else {
            Some(people::staff_rank(&mut rng, node.level))
        };
        let rank = rank.ok_or_else(|| AppError::internal("generated rank is unknown"))?;
        let spec = Spec {
            org_id: &node.org.id,
            region: (&node.region, "山东"),
            rank,
            current_post: format!("{}{}", node.org.name, rank.zh),
            male_share: if rank.leadership { 0.78 } else { 0.58 },
            sequence_base: 500,
        };
        let basic = people::basic(&mut rng, &mut self.taken, &spec, self.today)?;
        let org_path = self.paths.get(n).cloned().ok_or_else(|| AppError::internal("generated org has no path"))?;
        Ok(BulkCadre { id: new_id(), cadre: basic.cadre, org_path })
    }

    /// Draws again for cadres whose ID number is already registered (a database that was not empty).
    async fn replace_registered(&mut self, app: &App, first: usize, batch: &mut [BulkCadre]) -> AppResult<()> {
        for attempt in 1..=8_u64 {
            let numbers: Vec<String> = batch.iter().map(|c| c.cadre.id_number.as_str().to_owned()).collect();
            let registered: HashSet<String> = {
                let mut conn = app.db.read().await?;
                cadre_store::existing_id_numbers(&mut conn, &numbers).await?.into_iter().collect()
            };
            if registered.is_empty() {
                return Ok(());
            }
            for (offset, row) in batch.iter_mut().enumerate() {
                if registered.contains(row.cadre.id_number.as_str()) {
                    *row = self.cadre(first + offset, attempt)?;
                }
            }
        }
        Err(AppError::internal("generated ID numbers keep colliding with registered ones"))
    }
}

/// Generates a province-scale roster of `cadres` cadres; `progress(done, total)` follows the writes.
pub async fn generate(
    app: &App,
    cadres: usize,
    seed: u64,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> AppResult<DemoSummary> {
    let nodes = tree();
    let (paths, post_count, tree_seq) = write_tree(app, seed, &nodes).await?;
    let cumulative: Vec<u64> = nodes
        .iter()
        .scan(0_u64, |sum, n| {
            *sum += u64::from(n.weight);
            Some(*sum)
        })
        .collect();
    let check_database = {
        let mut conn = app.db.read().await?;
        cadre_store::count(&mut conn).await? > 0
    };
    let mut summary =
        DemoSummary { orgs: nodes.len(), posts: post_count, ledger_seqs: vec![tree_seq], ..DemoSummary::default() };
    let mut generator = Generator { seed, nodes, cumulative, paths, taken: HashSet::new(), today: app.today() };
    let mut done = 0;
    while done < cadres {
        let size = BATCH.min(cadres - done);
        let mut batch = Vec::with_capacity(size);
        for index in done..done + size {
            batch.push(generator.cadre(index, 0)?);
        }
        if check_database {
            generator.replace_registered(app, done, &mut batch).await?;
        }
        let mut tx = app.db.write().await?;
        let detail = json!({"seed": seed, "part": "cadres", "from": done, "rows": size,
            "cadres_root": bulk::cadres_root(&batch)});
        let seq = app
            .record(
                &mut tx,
                &Actor::system_for_cli(),
                "demo.generate",
                ("demo", &format!("generate-{seed}")),
                detail,
                &[],
            )
            .await?;
        for chunk in batch.chunks(PROGRESS_EVERY) {
            bulk::insert_cadres(&mut tx, chunk, seq).await?;
            done += chunk.len();
            progress(done, cadres);
        }
        tx.commit().await?;
        summary.ledger_seqs.push(seq);
    }
    summary.cadres = done;
    Ok(summary)
}
