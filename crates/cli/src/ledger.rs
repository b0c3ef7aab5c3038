//! `jianquan ledger …`: verify the chain against signed checkpoints, sign and print checkpoints,
//! write and check proofs, audit the data tables. None of these creates a database: a path that
//! does not exist is an error.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use jianquan_app::ledger::checkpoints::{self, LedgerDir};
use jianquan_app::ledger::key::{LedgerKey, vkey_path};
use jianquan_app::{App, Clock};
use jianquan_domain::ledger::proof_file::{ConsistencyProofFile, InclusionProofFile};
use jianquan_storage::Db;

use crate::LedgerCommand;

/// The name checkpoints are signed under (the signed note's origin), when a key is first made.
pub fn origin() -> String {
    std::env::var("JIANQUAN_LEDGER_ORIGIN")
        .ok()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| "jianquan-ledger".into())
}

/// Signs a checkpoint every `JIANQUAN_CHECKPOINT_ENTRIES` new entries (default 1,000) and, when
/// anything was written, every `JIANQUAN_CHECKPOINT_SECONDS` (default 60). A failure is logged
/// loudly and retried: it means the ledger no longer extends the last checkpoint.
pub async fn checkpointer(app: App, dir: LedgerDir, key: LedgerKey) {
    let setting = |name: &str, default: u64| {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(default)
    };
    let every_entries = setting("JIANQUAN_CHECKPOINT_ENTRIES", 1_000);
    let every = std::time::Duration::from_secs(setting("JIANQUAN_CHECKPOINT_SECONDS", 60));
    let mut signed_size = 0_u64;
    let now = std::time::Instant::now();
    let mut signed_at = now.checked_sub(every).unwrap_or(now);
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        let size = match app.db.read().await {
            Ok(mut conn) => jianquan_storage::ledger_tree::size(&mut conn).await.unwrap_or(signed_size),
            Err(_) => continue,
        };
        if size <= signed_size || (size - signed_size < every_entries && signed_at.elapsed() < every) {
            continue;
        }
        match checkpoints::sign_now(&app, &dir, &key).await {
            Ok(Some(signed)) => {
                tracing::info!(size = signed.checkpoint.size, path = %signed.path.display(), "signed a ledger checkpoint");
                signed_size = signed.checkpoint.size;
            }
            Ok(None) => signed_size = size,
            Err(error) => tracing::error!(%error, "could not sign a ledger checkpoint"),
        }
        signed_at = std::time::Instant::now();
    }
}

/// Opens an existing database without creating it (a SQLite path that does not exist fails);
/// migrated only when asked (signing and proofs need the tree's table; checking needs nothing).
async fn open_existing(database: &str, migrate: bool) -> anyhow::Result<App> {
    if !database.starts_with("postgres") {
        let path =
            database.trim_start_matches("sqlite://").trim_start_matches("sqlite:").split('?').next().unwrap_or("");
        if !Path::new(path).is_file() {
            bail!("no database at {path}: nothing to verify (a ledger is never created by checking it)");
        }
    }
    let url = if database.starts_with("postgres") || database.contains("mode=") {
        database.to_owned()
    } else {
        format!("{database}{}mode=rw", if database.contains('?') { "&" } else { "?" })
    };
    let db = Db::connect(&url, 4).await.with_context(|| format!("cannot open the database {database}"))?;
    if migrate {
        db.migrate().await.context("migrations failed")?;
    }
    App::with_builtin_policy(db, Clock::System).map_err(|e| anyhow!("{e}"))
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn public_key(dir: &Path, given: Option<&Path>) -> anyhow::Result<String> {
    let path = given.map_or_else(|| vkey_path(dir), Path::to_path_buf);
    Ok(read(&path)?.trim().to_owned())
}

fn write_out(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(path) => std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display())),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}

pub async fn run(database: &str, command: LedgerCommand) -> anyhow::Result<ExitCode> {
    match command {
        LedgerCommand::Verify { place, checkpoint, key } => {
            let app = open_existing(database, false).await?;
            let dir = LedgerDir(place.ledger_dir);
            let notes: Vec<String> = if checkpoint.is_empty() {
                dir.all().map_err(|e| anyhow!("{e}"))?.into_iter().map(|(_, text)| text).collect()
            } else {
                checkpoint.iter().map(|p| read(p)).collect::<anyhow::Result<_>>()?
            };
            let result = if notes.is_empty() {
                jianquan_app::ledger::verify(&app).await
            } else {
                let vkey = public_key(dir.path(), key.as_deref())?;
                jianquan_app::ledger::verify_against(&app, &notes, &vkey).await
            }
            .map_err(|e| anyhow!("{e}"))?;
            match result.broken {
                None => {
                    println!(
                        "ledger intact: {} entries verified against {} signed checkpoint(s)",
                        result.checked,
                        notes.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some(broken) => {
                    eprintln!("ledger BROKEN after {} good entries: {broken}", result.checked);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        LedgerCommand::Checkpoint { place, now } => {
            let dir = LedgerDir(place.ledger_dir);
            if now {
                let app = open_existing(database, true).await?;
                let key = LedgerKey::load_or_create(dir.path(), &origin()).map_err(|e| anyhow!("{e}"))?;
                if let Some(signed) = checkpoints::sign_now(&app, &dir, &key).await.map_err(|e| anyhow!("{e}"))? {
                    eprintln!("signed a checkpoint of {} entries: {}", signed.checkpoint.size, signed.path.display());
                }
            }
            match dir.latest().map_err(|e| anyhow!("{e}"))? {
                Some(note) => {
                    print!("{note}");
                    Ok(ExitCode::SUCCESS)
                }
                None => bail!("no checkpoint has been signed in {}", dir.path().display()),
            }
        }
        LedgerCommand::PublicKey { place } => {
            println!("{}", public_key(&place.ledger_dir, None)?);
            Ok(ExitCode::SUCCESS)
        }
        LedgerCommand::Prove { place, seq, checkpoint, from, to, out } => {
            let app = open_existing(database, true).await?;
            let dir = LedgerDir(place.ledger_dir);
            let vkey = public_key(dir.path(), None)?;
            let json = match (seq, from, to) {
                (Some(seq), None, None) => {
                    let note = match checkpoint {
                        Some(path) => read(&path)?,
                        None => dir.latest().map_err(|e| anyhow!("{e}"))?.context("no checkpoint signed yet")?,
                    };
                    let proof =
                        checkpoints::prove_inclusion(&app, seq, &note, &vkey).await.map_err(|e| anyhow!("{e}"))?;
                    serde_json::to_string_pretty(&proof)?
                }
                (None, Some(from), Some(to)) => {
                    let proof = checkpoints::prove_consistency(&app, &read(&from)?, &read(&to)?, &vkey)
                        .await
                        .map_err(|e| anyhow!("{e}"))?;
                    serde_json::to_string_pretty(&proof)?
                }
                _ => bail!("give --seq N (and optionally --checkpoint FILE), or --from OLD --to NEW"),
            };
            write_out(out.as_deref(), &json)?;
            Ok(ExitCode::SUCCESS)
        }
        LedgerCommand::CheckProof { file, key } => check_proof(&read(&file)?, &read(&key)?),
        LedgerCommand::Audit => {
            let app = open_existing(database, false).await?;
            let report = jianquan_app::ledger::audit(&app).await.map_err(|e| anyhow!("{e}"))?;
            println!(
                "{} reference columns checked; {} core rows compared with their entries ({} by reference only)",
                report.columns, report.compared, report.not_recorded
            );
            for f in report.dangling.iter().chain(&report.disagreements) {
                eprintln!("{} {} (entry {}): {}", f.table, f.key, f.seq, f.what);
            }
            if report.is_clean() {
                println!("audit clean");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "audit FAILED: {} dangling reference(s), {} record(s) disagreeing with the ledger",
                    report.dangling.len(),
                    report.disagreements.len()
                );
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

/// Checks a proof file of either kind with the public key alone.
fn check_proof(text: &str, vkey: &str) -> anyhow::Result<ExitCode> {
    let value: serde_json::Value = serde_json::from_str(text).context("the proof is not JSON")?;
    let verdict = match value["format"].as_str() {
        Some(jianquan_domain::ledger::proof_file::INCLUSION_FORMAT) => {
            let proof: InclusionProofFile = serde_json::from_value(value)?;
            proof.check(vkey.trim()).map(|cp| {
                format!(
                    "entry {} ({} {} {}) is in the ledger's signed checkpoint of {} entries ({})",
                    proof.entry.seq, proof.entry.at, proof.entry.action, proof.entry.subject_id, cp.size, cp.origin
                )
            })
        }
        Some(jianquan_domain::ledger::proof_file::CONSISTENCY_FORMAT) => {
            let proof: ConsistencyProofFile = serde_json::from_value(value)?;
            proof.check(vkey.trim()).map(|(old, new)| {
                format!(
                    "the checkpoint of {} entries extends the one of {} entries ({})",
                    new.size, old.size, new.origin
                )
            })
        }
        other => bail!("not a Jianquan ledger proof (format {other:?})"),
    };
    match verdict {
        Ok(message) => {
            println!("proof holds: {message}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("proof FAILS: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
