//! `jianquan`: the one binary. Serve the web UI and API, migrate, load demo data, generate a
//! province-scale roster, import and export rosters, add accounts, show the policy, verify the ledger.

mod bench;
mod bench_selection;
mod commands;
mod ledger;
mod lrmx;

use clap::{Parser, Subcommand};

/// mimalloc instead of the C library's allocator: a page's many small, short-lived allocations
/// across threads cost about a tenth of the server's CPU with glibc's (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default embedded database: one SQLite file under ./data.
pub const DEFAULT_DATABASE: &str = "sqlite://data/jianquan.db";

#[derive(Parser)]
#[command(name = "jianquan", version, about = "健全 · 干部健康成长保障系统 (Jianquan cadre system)")]
struct Cli {
    /// Database URL: sqlite://path/to/file.db (created if missing) or postgres://user@host/db.
    #[arg(long, global = true, env = "JIANQUAN_DATABASE_URL", default_value = DEFAULT_DATABASE)]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and the JSON API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "JIANQUAN_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo city and its accounts if the database is empty.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        place: LedgerPlace,
    },
    /// Apply database migrations.
    Migrate,
    /// Load the demo city (deterministic from the seed) and one account per role.
    Demo {
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Generate a province-scale roster for benchmarks.
    Generate {
        #[arg(long, default_value_t = 1_000_000)]
        cadres: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Generate province-scale education and training data for benchmarks (after `generate`):
    /// courses with sessions, enrolments, attendance, training records and obligations.
    GenerateTraining {
        /// Attendance rows to aim at (the courses' sizes follow from it).
        #[arg(long, default_value_t = 20_000_000)]
        attendance: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Recompute the kept training totals that do not hold today (the server also does this at
    /// start-up and every hour), so that the day's first compliance reports need not.
    RefreshTraining,
    /// Write a large valid roster spreadsheet (for the import benchmark).
    RosterXlsx {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// The org every row belongs to: its ID, number or exact name.
        #[arg(long, default_value = "1")]
        org: String,
        #[arg(long, default_value_t = 11)]
        seed: u64,
        #[arg(long, default_value = "roster.xlsx")]
        out: std::path::PathBuf,
    },
    /// Import organizations, posts or cadres from an xlsx file, or 任免审批表 from an .lrmx file
    /// or a zip of them (`--kind lrmx`): all or nothing.
    Import {
        /// orgs, posts, cadres (xlsx) or lrmx (.lrmx or .zip).
        #[arg(long, default_value = "cadres")]
        kind: String,
        /// lrmx: the org of new cadres (ID, number or exact name).
        #[arg(long, default_value = "")]
        org: String,
        /// lrmx: the rank of new cadres (code or label).
        #[arg(long, default_value = "")]
        rank: String,
        /// lrmx: the resident ID number, for one file that has none.
        #[arg(long, default_value = "")]
        id_number: String,
        file: std::path::PathBuf,
    },
    /// Export the cadre list (optionally of one org's subtree) to xlsx.
    Export {
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "cadres.xlsx")]
        out: std::path::PathBuf,
    },
    /// Measure the hot paths' server-side latency on this database (see docs/performance.md).
    Bench {
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// What to measure: all, registry (list, search, dossier), training (compliance
        /// reports and the overdue-obligations list) or selection (a recommendation round's
        /// ballots and tally, the eligibility gate); `all` is registry and training.
        #[arg(long, default_value = "all")]
        part: String,
        /// Runs of the province-wide compliance report.
        #[arg(long, default_value_t = 5)]
        report_runs: usize,
        /// Selection: voters present in each recommendation round.
        #[arg(long, default_value_t = 5_000)]
        voters: usize,
        /// Selection: recommendation rounds cast and tallied (the recount runs three times as often).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Selection: candidates taken through the eligibility gate.
        #[arg(long, default_value_t = 1_000)]
        gate_candidates: usize,
        /// Also measure what writes: dossier opens (each records its view in the ledger) and
        /// the refresh of every cadre's kept training totals. Without it the registry and
        /// training parts only read (`--part selection` always writes: it casts ballots).
        #[arg(long)]
        writes: bool,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The policy (every figure of rules.md by rule ID).
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// The ledger (记实).
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        #[arg(long)]
        username: String,
        /// admin, org_staff, discipline, inspector, committee, auditor or cadre.
        #[arg(long)]
        role: String,
        /// The scope org: its ID, number or exact name.
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        display_name: String,
        /// For the cadre role: the cadre's ID.
        #[arg(long)]
        cadre_id: Option<String>,
        /// The password (or set JIANQUAN_PASSWORD; never logged).
        #[arg(long, env = "JIANQUAN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List accounts.
    List,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Print the rules in force on a date (default today).
    Show {
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(clap::Args)]
struct LedgerPlace {
    /// Where the ledger's signing key, public key and signed checkpoints are kept (outside the
    /// database; ship `checkpoints/` elsewhere).
    #[arg(long, env = "JIANQUAN_LEDGER_DIR", default_value = "data/ledger")]
    ledger_dir: std::path::PathBuf,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Recompute the hash chain and the Merkle tree; with checkpoints (by default every one in the
    /// ledger directory), the chain must extend each signed head. Exit non-zero naming the first
    /// broken entry. Never creates a database.
    Verify {
        #[command(flatten)]
        place: LedgerPlace,
        /// A signed checkpoint to verify against (repeatable); defaults to those kept.
        #[arg(long)]
        checkpoint: Vec<std::path::PathBuf>,
        /// The public key (ledger.vkey) the checkpoints are opened with; defaults to the kept one.
        #[arg(long)]
        key: Option<std::path::PathBuf>,
    },
    /// Print the latest signed checkpoint; with --now, sign one of the ledger as it stands first.
    Checkpoint {
        #[command(flatten)]
        place: LedgerPlace,
        #[arg(long)]
        now: bool,
    },
    /// Print the public key that checkpoints are verified with.
    PublicKey {
        #[command(flatten)]
        place: LedgerPlace,
    },
    /// Write a proof: of one entry (--seq) in a signed checkpoint (default: the latest), or that
    /// one checkpoint extends another (--from OLD --to NEW). Check it with `check-proof`.
    Prove {
        #[command(flatten)]
        place: LedgerPlace,
        #[arg(long)]
        seq: Option<i64>,
        #[arg(long)]
        checkpoint: Option<std::path::PathBuf>,
        #[arg(long)]
        from: Option<std::path::PathBuf>,
        #[arg(long)]
        to: Option<std::path::PathBuf>,
        /// Where to write the proof (default: standard output).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Check a proof file offline, with only the public key: no database is opened.
    CheckProof {
        file: std::path::PathBuf,
        /// The public key file (ledger.vkey).
        #[arg(long)]
        key: std::path::PathBuf,
    },
    /// Cross-check every table's ledger references, and the core records (cadres' rank and post,
    /// votes, decisions, appointments) against the entries that last wrote them.
    Audit,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match commands::run(&cli.database, cli.command).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
