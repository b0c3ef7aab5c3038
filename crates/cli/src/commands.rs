//! The subcommands, each a thin call into the application layer.

use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use jianquan_app::access::accounts::{self, NewAccount};
use jianquan_app::registry::cadres::CadreQuery;
use jianquan_app::transfer::{self, ImportKind};
use jianquan_app::{Actor, App, Clock, demo};
use jianquan_storage::Db;
use jianquan_storage::registry::orgs;

use crate::{Command, PolicyCommand, UserCommand};

/// Read replicas, comma-separated PostgreSQL URLs of servers following the primary by streaming
/// replication: reads that may lag (lists, searches, reports, public pages) go to them in turn.
pub(crate) const REPLICAS_VAR: &str = "JIANQUAN_DATABASE_REPLICAS";

pub(crate) async fn open(database: &str) -> anyhow::Result<App> {
    // SQLite: eight connections keep two cores busy and bound the page caches' memory.
    let size = jianquan_storage::db::pool_size(if database.starts_with("postgres") { 16 } else { 8 });
    let db = Db::connect(database, size).await.with_context(|| format!("cannot open the database {database}"))?;
    let replicas: Vec<String> = std::env::var(REPLICAS_VAR).unwrap_or_default().split(',').map(str::to_owned).collect();
    let db = db.with_replicas(&replicas, size).with_context(|| format!("cannot use the replicas of {REPLICAS_VAR}"))?;
    db.migrate().await.context("migrations failed")?;
    App::with_builtin_policy(db, Clock::System).map_err(|e| anyhow!("{e}"))
}

pub(crate) fn progress_bar(label: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(label);
    bar
}

pub async fn run(database: &str, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { addr, demo, place } => serve(database, &addr, demo, &place.ledger_dir).await,
        Command::Migrate => {
            open(database).await?;
            println!("migrated {database}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { seed } => {
            let app = open(database).await?;
            let summary = demo::load_demo(&app, seed).await.map_err(|e| anyhow!("{e}"))?;
            app.db.close().await;
            println!("{summary:?}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { cadres, seed } => {
            let app = open(database).await?;
            let bar = progress_bar("generating");
            let started = std::time::Instant::now();
            let summary = demo::generate(&app, cadres, seed, &|done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .await
            .map_err(|e| anyhow!("{e}"))?;
            bar.finish();
            app.db.close().await;
            println!("{summary:?} in {:.1}s", started.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::RefreshTraining => {
            let app = open(database).await?;
            let started = std::time::Instant::now();
            let written = jianquan_app::training::report::refresh_standings(&app, app.today())
                .await
                .map_err(|e| anyhow!("{e}"))?;
            app.db.close().await;
            println!("refreshed {written} cadres' training totals in {:.1} s", started.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::GenerateTraining { attendance, seed } => {
            let app = open(database).await?;
            let bar = progress_bar("generating training");
            let started = std::time::Instant::now();
            let summary = demo::generate_training(&app, attendance, seed, &|stage, done, total| {
                if bar.message() != stage {
                    bar.println(format!("{stage}… ({:.0}s)", started.elapsed().as_secs_f64()));
                    bar.set_message(stage);
                    bar.reset();
                }
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .await
            .map_err(|e| anyhow!("{e}"))?;
            bar.finish();
            app.db.close().await;
            let entries = summary.ledger_seqs.len();
            let summary = demo::ProvinceTrainingSummary { ledger_seqs: Vec::new(), ..summary };
            println!("{summary:?} under {entries} ledger entries in {:.1}s", started.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::RosterXlsx { rows, org, seed, out } => {
            let bytes = demo::roster_xlsx(rows, seed, &org).map_err(|e| anyhow!("{e}"))?;
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            println!("wrote {} ({rows} rows, {} KB)", out.display(), bytes.len() / 1024);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { kind, file, org, rank, id_number } if kind == "lrmx" => {
            crate::lrmx::import(database, &file, jianquan_app::registry::lrmx::ImportOptions { org, rank, id_number })
                .await
        }
        Command::Import { kind, file, .. } => {
            let app = open(database).await?;
            let kind = ImportKind::parse(&kind).ok_or_else(|| anyhow!("--kind is orgs, posts, cadres or lrmx"))?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let bar = progress_bar("importing");
            let started = std::time::Instant::now();
            let report = transfer::import_xlsx(&app, &Actor::system_for_cli(), kind, &bytes, &|done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .await
            .map_err(|e| anyhow!("{e}"))?;
            bar.finish_and_clear();
            app.db.close().await;
            if report.problems.is_empty() {
                let secs = started.elapsed().as_secs_f64();
                println!(
                    "imported {} rows in {secs:.2}s ({:.0} rows/s); ledger entry {:?}",
                    report.written,
                    report.written as f64 / secs.max(1e-9),
                    report.ledger_seq
                );
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "nothing written from {}: {} problem(s) in {} rows / 未写入任何数据:",
                    file.display(),
                    report.problems.len(),
                    report.rows
                );
                for p in &report.problems {
                    eprintln!("  row {} · {}: {} / {}", p.row, p.field, p.message.zh, p.message.en);
                }
                Ok(ExitCode::from(2))
            }
        }
        Command::Export { org, out } => {
            let app = open(database).await?;
            let query = CadreQuery { org: org.unwrap_or_default(), ..CadreQuery::default() };
            let bytes = transfer::export_cadres_xlsx(&app, &Actor::system_for_cli(), &query)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
            println!("wrote {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => user(database, command).await,
        Command::Bench { iterations, part, report_runs, voters, rounds, gate_candidates, writes } => {
            if !matches!(part.as_str(), "all" | "registry" | "training" | "selection") {
                bail!("--part is all, registry, training or selection");
            }
            let app = open(database).await?;
            if matches!(part.as_str(), "all" | "registry") {
                crate::bench::run(&app, iterations, writes).await?;
            }
            if matches!(part.as_str(), "all" | "training") {
                crate::bench::training(&app, iterations, report_runs, writes).await?;
            }
            if part == "selection" {
                let options = crate::bench_selection::Options { voters, candidates: gate_candidates, runs: rounds };
                crate::bench_selection::selection(&app, &options).await?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Policy { command: PolicyCommand::Show { date } } => policy_show(date),
        Command::Ledger { command } => crate::ledger::run(database, command).await,
    }
}

async fn serve(
    database: &str,
    addr: &str,
    demo_if_empty: bool,
    ledger_dir: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let app = open(database).await?;
    if demo_if_empty {
        let mut conn = app.db.read().await?;
        let empty = orgs::count(&mut conn).await? == 0;
        drop(conn);
        if empty {
            eprintln!("empty database: loading the demo city…");
            demo::load_demo(&app, 2026).await.map_err(|e| anyhow!("{e}"))?;
        }
    }
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    eprintln!("Jianquan serving http://{addr}/ (database {})", app.db.describe());
    tokio::spawn(refresh_training_hourly(app.clone()));
    let key = jianquan_app::ledger::key::LedgerKey::load_or_create(ledger_dir, &crate::ledger::origin())
        .map_err(|e| anyhow!("the ledger's signing key: {e}"))?;
    eprintln!(
        "ledger checkpoints signed into {} (public key {})",
        ledger_dir.join("checkpoints").display(),
        jianquan_app::ledger::key::vkey_path(ledger_dir).display()
    );
    let dir = jianquan_app::ledger::checkpoints::LedgerDir(ledger_dir.to_path_buf());
    tokio::spawn(crate::ledger::checkpointer(app.clone(), dir, key));
    let router = jianquan_web::router(app.clone());
    // The peer's address reaches the handlers (per-client rate limits need it).
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, service).with_graceful_shutdown(async move {
        shutdown_signal().await;
        eprintln!("stopping: no new connections; finishing the requests in flight…");
        let _ = stopping.send(true);
    });
    let mut server = std::pin::pin!(std::future::IntoFuture::into_future(server));
    tokio::select! {
        served = &mut server => served?,
        () = async {
            let _ = stop_seen.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => eprintln!("requests still in flight after {}s; stopping anyway", SHUTDOWN_GRACE.as_secs()),
    }
    // A request whose client left runs on in its own task (its write may still be queued for
    // the writer): let those finish, then give the pool the same bounded wait to get its
    // connections back, and close it.
    if tokio::time::timeout(SHUTDOWN_GRACE, jianquan_web::routes::requests_finished()).await.is_err() {
        eprintln!("request tasks still running after {}s; closing the database anyway", SHUTDOWN_GRACE.as_secs());
    }
    if tokio::time::timeout(SHUTDOWN_GRACE, app.db.close()).await.is_err() {
        eprintln!("the database pool did not close within {}s", SHUTDOWN_GRACE.as_secs());
    }
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// How long `serve` waits, after SIGTERM or Ctrl-C, for requests in flight (and then for the
/// pool) before it stops anyway.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what `systemctl stop` and containers send).
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server gracefully");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Keeps the kept training totals current: at start-up, then every hour (a new day or year makes
/// some stale; a report recomputes whatever is still stale, so this only saves it the work).
async fn refresh_training_hourly(app: jianquan_app::App) {
    loop {
        match jianquan_app::training::report::refresh_standings(&app, app.today()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "refreshed training totals"),
            Err(e) => tracing::warn!(error = %e, "training totals refresh failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

async fn user(database: &str, command: UserCommand) -> anyhow::Result<ExitCode> {
    let app = open(database).await?;
    match command {
        UserCommand::Add { username, role, org, display_name, cadre_id, password } => {
            let root = {
                let mut conn = app.db.read().await?;
                let roots = orgs::roots(&mut conn).await?;
                let mut found = Vec::new();
                for r in roots {
                    found.extend(orgs::resolve(&mut conn, &r.org_path()?, &org).await?);
                }
                found
            };
            let org = match root.as_slice() {
                [one] => one.clone(),
                [] => bail!("no org matches {org}"),
                _ => bail!("{org} names more than one org; use its ID or number"),
            };
            let new = NewAccount { username, display_name, password, role, org_id: org.id, cadre_id };
            match accounts::create_account(&app, &Actor::system_for_cli(), new).await {
                Ok(user) => {
                    println!("created account {} ({}) scoped to {}", user.username, user.role, org.name);
                    Ok(ExitCode::SUCCESS)
                }
                Err(jianquan_app::AppError::Invalid(invalid)) => {
                    for f in invalid.fields {
                        eprintln!("{}: {} / {}", f.field, f.message.zh, f.message.en);
                    }
                    Ok(ExitCode::from(2))
                }
                Err(other) => Err(anyhow!("{other}")),
            }
        }
        UserCommand::List => {
            for u in accounts::list_accounts(&app, &Actor::system_for_cli()).await.map_err(|e| anyhow!("{e}"))? {
                println!("{:<16} {:<12} {}", u.username, u.role, u.display_name);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn policy_show(date: Option<String>) -> anyhow::Result<ExitCode> {
    let policy = jianquan_domain::policy::Policy::builtin().map_err(|e| anyhow!("{e}"))?;
    let date = match date {
        Some(text) => {
            jianquan_domain::registry::dates::parse_date("date", &text).map_err(|e| anyhow!("{}", e.message.en))?
        }
        None => time::OffsetDateTime::now_utc().date(),
    };
    println!("policy {} (layers: {}) in force on {date}", policy.version(), policy.layer_names().join(" + "));
    for rule in policy.in_force(date) {
        println!(
            "{:<26} {:<4} {:<9} since {}  {}",
            rule.id,
            rule.sureness.as_str(),
            rule.layer,
            rule.effective,
            rule.title.zh
        );
        println!("{:<26} {}", "", rule.figures_display());
    }
    Ok(ExitCode::SUCCESS)
}
