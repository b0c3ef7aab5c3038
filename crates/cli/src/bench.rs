//! `jianquan bench`: server-side latencies of the hot paths on the current database, measured
//! in process through the same use-cases the handlers call (no HTTP in the figures). Run it on
//! a database filled by `jianquan generate`; see docs/performance.md.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use jianquan_app::actor::AccountIdentity;
use jianquan_app::registry::cadres::{self, CadreQuery};
use jianquan_app::{Actor, App};
use jianquan_domain::access::Role;
use jianquan_storage::registry::orgs;

/// Latency figures of one measured operation.
pub(crate) struct Figures {
    pub(crate) name: String,
    pub(crate) samples: Vec<Duration>,
}

impl Figures {
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Prints the latency table of measured operations.
pub(crate) fn print_latencies(results: &[Figures]) {
    println!("\n| operation | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|");
    for f in results {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.2} |",
            f.name,
            f.percentile(0.5),
            f.percentile(0.95),
            f.percentile(0.99),
            f.percentile(1.0)
        );
    }
}

async fn measure<F, Fut>(name: &str, iterations: usize, mut op: F) -> anyhow::Result<Figures>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    op(0).await?; // warm-up: caches and prepared statements
    let mut samples = Vec::with_capacity(iterations);
    for i in 0..iterations {
        let started = Instant::now();
        op(i + 1).await?;
        samples.push(started.elapsed());
    }
    Ok(Figures { name: name.to_owned(), samples })
}

pub async fn run(app: &App, iterations: usize, writes: bool) -> anyhow::Result<()> {
    let mut conn = app.db.read().await?;
    let root = orgs::roots(&mut conn)
        .await?
        .into_iter()
        .next()
        .context("the database has no orgs: run `jianquan generate` first")?;
    let counties = orgs::children(&mut conn, &root.id).await?;
    let county = counties.iter().max_by_key(|c| c.cadre_count).context("the root has no children")?.org.clone();
    let total = jianquan_storage::registry::cadres::count(&mut conn).await?;
    drop(conn);
    let identity =
        AccountIdentity { id: "bench".into(), username: "bench".into(), display_name: "bench".into(), cadre_id: None };
    let actor = Actor::account(identity, Role::OrgStaff, root.org_path()?, root.id.clone(), root.name.clone());
    let subtree = CadreQuery { org: county.id.clone(), ..CadreQuery::default() };
    let first = cadres::list_cadres(app, &actor, &subtree).await.map_err(|e| anyhow!("{e}"))?;
    // The deep page sits halfway into the subtree (totals are counted only up to a cap).
    let subtree_size = {
        let mut conn = app.db.read().await?;
        orgs::children(&mut conn, &root.id).await?.iter().find(|c| c.org.id == county.id).map_or(0, |c| c.cadre_count)
    };
    let deep_page = (subtree_size / 2 / first.per_page).max(1);
    let sample_ids: Vec<String> = first.items.iter().map(|c| c.id.clone()).collect();
    println!("{total} cadres; subtree {} holds {subtree_size} cadres; deep page = {deep_page}", county.name);

    let mut results = Vec::new();
    results.push(
        measure("list: first page of a county subtree", iterations, |_| async {
            cadres::list_cadres(app, &actor, &subtree).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    let deep = CadreQuery { page: deep_page.to_string(), ..subtree.clone() };
    results.push(
        measure(&format!("list: page {deep_page} of the same subtree"), iterations, |_| async {
            cadres::list_cadres(app, &actor, &deep).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    let by_name = CadreQuery { sort: "name".into(), ..subtree.clone() };
    results.push(
        measure("list: first page of the subtree sorted by name", iterations, |_| async {
            cadres::list_cadres(app, &actor, &by_name).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    results.push(
        measure("org tree: the root's children with subtree counts", iterations.min(50), |_| async {
            jianquan_app::registry::orgs::view_org(app, &actor, &root.id).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    for q in ["张", "王", "张伟", "欧阳"] {
        let query = CadreQuery { q: q.to_owned(), ..CadreQuery::default() };
        results.push(
            measure(&format!("search: name contains {q} (whole province)"), iterations, |_| async {
                cadres::list_cadres(app, &actor, &query).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
            })
            .await?,
        );
        let in_subtree = CadreQuery { q: q.to_owned(), ..subtree.clone() };
        results.push(
            measure(&format!("search: name contains {q} within the subtree"), iterations, |_| async {
                cadres::list_cadres(app, &actor, &in_subtree).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
            })
            .await?,
        );
    }
    let actor = &actor;
    if writes {
        results.push(
            measure("dossier: open (includes the view-log write)", iterations, |i| {
                let id = sample_ids[i % sample_ids.len().max(1)].clone();
                async move { cadres::view_dossier(app, actor, &id).await.map(|_| ()).map_err(|e| anyhow!("{e}")) }
            })
            .await?,
        );
    } else {
        println!("(dossier opens record their views in the ledger: measured with --writes)");
    }

    print_latencies(&results);
    Ok(())
}

/// Seconds of one run of `op`, with `runs` runs after one warm-up; returns (min, median, max).
async fn seconds<F, Fut>(runs: usize, mut op: F) -> anyhow::Result<(f64, f64, f64)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    op().await?;
    let mut samples = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        op().await?;
        samples.push(started.elapsed().as_secs_f64());
    }
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    Ok((samples[0], median, samples[samples.len() - 1]))
}

/// The education-and-training benchmarks (issue 4): the compliance report of the whole province,
/// of a city and of a county, and the overdue-obligations list of a county, through the app's
/// use-cases with a staff account scoped to the root.
pub async fn training(app: &App, iterations: usize, report_runs: usize, writes: bool) -> anyhow::Result<()> {
    use jianquan_app::integrity::obligations::{self, parse_show};
    use jianquan_app::training::report;

    let mut conn = app.db.read().await?;
    let root = orgs::roots(&mut conn)
        .await?
        .into_iter()
        .next()
        .context("the database has no orgs: run `jianquan generate` first")?;
    let city = orgs::children(&mut conn, &root.id)
        .await?
        .into_iter()
        .max_by_key(|c| c.cadre_count)
        .context("the root has no children")?;
    let county = orgs::children(&mut conn, &city.org.id)
        .await?
        .into_iter()
        .filter(|c| c.org.kind == "party_committee")
        .max_by_key(|c| c.cadre_count)
        .context("the city has no county")?;
    drop(conn);
    let identity =
        AccountIdentity { id: "bench".into(), username: "bench".into(), display_name: "bench".into(), cadre_id: None };
    let actor = Actor::account(identity, Role::OrgStaff, root.org_path()?, root.id.clone(), root.name.clone());
    let actor = &actor;
    let overdue = parse_show("overdue");

    if writes {
        let started = std::time::Instant::now();
        let refreshed = report::refresh_standings(app, app.today()).await.map_err(|e| anyhow!("{e}"))?;
        println!("\nrefreshed {refreshed} cadres' kept training totals in {:.1} s", started.elapsed().as_secs_f64());
    }
    let province = report::compliance(app, actor, Some(&root.id), None).await.map_err(|e| anyhow!("{e}"))?;
    println!(
        "\nprovince {}: {} cadres, {} assessed, {} compliant ({}‰), {} short; units' rates {}",
        province.org_name,
        province.total.cadres,
        province.total.assessed,
        province.total.compliant,
        province.total.rate_permille,
        province.short_total,
        province.units.iter().skip(1).map(|u| format!("{}‰", u.rate_permille)).collect::<Vec<_>>().join(" ")
    );
    let first = obligations::list(app, actor, Some(&county.org.id), overdue, 1).await.map_err(|e| anyhow!("{e}"))?;
    let last_page = ((first.total + first.per_page - 1) / first.per_page).max(1);
    println!(
        "city {} ({} cadres); county {} ({} cadres): {} overdue obligations, {} pages of {}",
        city.org.name, city.cadre_count, county.org.name, county.cadre_count, first.total, last_page, first.per_page
    );

    let mut reports = Vec::new();
    for (name, org) in [("province", &root.id), ("city", &city.org.id), ("county", &county.org.id)] {
        let (min, median, max) = seconds(report_runs, || async {
            report::compliance(app, actor, Some(org), None).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?;
        reports.push((name, min, median, max));
    }
    println!("\n| compliance report ({report_runs} runs) | min s | median s | max s |\n|---|---|---|---|");
    for (name, min, median, max) in reports {
        println!("| {name} | {min:.3} | {median:.3} | {max:.3} |");
    }

    // A day's writes: records for 10,000 cadres spread over the province make their kept totals
    // stale; the next report recomputes them from their records and writes them back.
    for stale in [1_000, 10_000, 100_000] {
        let mut conn = app.db.read().await?;
        let ids = jianquan_storage::training_standing::spread(&mut conn, stale).await?;
        drop(conn);
        let mut tx = app.db.write().await?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        jianquan_storage::training_standing::invalidate(&mut tx, &refs).await?;
        let detail = serde_json::json!({"stale": stale});
        app.record(&mut tx, &Actor::system_for_cli(), "bench.training.stale", ("bench", "training"), detail, &[])
            .await
            .map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        let started = Instant::now();
        report::compliance(app, actor, Some(&root.id), None).await.map_err(|e| anyhow!("{e}"))?;
        let first = started.elapsed().as_secs_f64();
        let started = Instant::now();
        report::compliance(app, actor, Some(&root.id), None).await.map_err(|e| anyhow!("{e}"))?;
        println!(
            "province report with {stale} cadres stale: {first:.3} s (recomputed and written back), then {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }

    let mut results = Vec::new();
    results.push(
        measure("compliance report: the county", iterations.min(100), |_| async {
            report::compliance(app, actor, Some(&county.org.id), None).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    results.push(
        measure("overdue obligations: first page of the county", iterations, |_| async {
            obligations::list(app, actor, Some(&county.org.id), overdue, 1)
                .await
                .map(|_| ())
                .map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    results.push(
        measure(&format!("overdue obligations: page {last_page} (the last) of the county"), iterations, |_| async {
            obligations::list(app, actor, Some(&county.org.id), overdue, last_page)
                .await
                .map(|_| ())
                .map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    results.push(
        measure("overdue obligations: first page of the city", iterations, |_| async {
            obligations::list(app, actor, Some(&city.org.id), overdue, 1).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    results.push(
        measure("overdue obligations: first page of the province", iterations.min(50), |_| async {
            obligations::list(app, actor, Some(&root.id), overdue, 1).await.map(|_| ()).map_err(|e| anyhow!("{e}"))
        })
        .await?,
    );
    print_latencies(&results);
    Ok(())
}
