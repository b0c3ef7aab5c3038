//! xlsx import and export (Excel is what the organization department already uses).
//!
//! An import reads the first sheet of a workbook whose first non-empty row holds column titles
//! (Chinese, or the English field names; see [`columns`]), validates **every** row before
//! writing anything, and either writes all rows in one transaction with one ledger entry or
//! writes nothing and reports each problem by row and field in Chinese and English.
//! Problems about the whole file use row 0; problems about columns use the header's row (1).
//!
//! An export writes the cadre list exactly as the list page filters it, with labels instead of
//! codes and ID numbers masked, and records the export in the ledger.

mod cadres;
mod cells;
pub mod columns;
mod export;
pub mod inflation;
mod org_index;
mod orgs;
mod posts;
mod problems;
mod sheet;
mod template;

use jianquan_domain::access::Capability;
use jianquan_storage::WriteTx;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

pub use columns::column_title;
pub use export::{EXPORT_CAP, export_cadres_xlsx};
pub use problems::{MAX_LISTED, RowProblem};
pub use sheet::MAX_CELL_CHARS;
pub use template::template_xlsx;

use crate::context::new_id;
use crate::transfer::org_index::OrgIndex;
use crate::transfer::problems::Problems;
use crate::{Actor, App, AppError, AppResult};

/// What a workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Orgs,
    Posts,
    Cadres,
}

impl ImportKind {
    /// Parses `orgs`, `posts` or `cadres`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "orgs" => Some(Self::Orgs),
            "posts" => Some(Self::Posts),
            "cadres" => Some(Self::Cadres),
            _ => None,
        }
    }

    /// The kind's code, as `parse` reads it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Orgs => "orgs",
            Self::Posts => "posts",
            Self::Cadres => "cadres",
        }
    }

    /// The kind's name in a language (`en` or Chinese).
    pub fn label(self, lang: &str) -> &'static str {
        match (self, lang == "en") {
            (Self::Orgs, false) => "单位",
            (Self::Orgs, true) => "organizations",
            (Self::Posts, false) => "职务",
            (Self::Posts, true) => "posts",
            (Self::Cadres, false) => "干部",
            (Self::Cadres, true) => "cadres",
        }
    }
}

impl std::str::FromStr for ImportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("unknown import kind {s:?}: expected orgs, posts or cadres"))
    }
}

/// The outcome of an import: written in full (no problems) or not at all.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Non-empty data rows in the sheet.
    pub rows: usize,
    /// Rows written: all of them, or 0 when there is any problem.
    pub written: usize,
    /// Every problem found (at most [`MAX_LISTED`], then one line counting the rest).
    pub problems: Vec<RowProblem>,
    /// The ledger entry recording the import, when it was written.
    pub ledger_seq: Option<i64>,
}

/// What validation hands to the writer.
pub(crate) struct Checked<T> {
    pub rows: usize,
    pub valid: Vec<T>,
    pub problems: Problems,
}

/// Imports a workbook of `kind`: validates every row, then writes all of them in one
/// transaction with one ledger entry, or nothing. `progress(done, total)` is called while rows
/// are written (about every 1,000 rows). Problems come back in the report (`Ok`); `Err` is
/// kept for permission and database failures.
pub async fn import_xlsx(
    app: &App,
    actor: &Actor,
    kind: ImportKind,
    bytes: &[u8],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> AppResult<ImportReport> {
    actor.require(Capability::RegistryImport)?;
    let index = OrgIndex::load(app, actor).await?;
    let digest = hex::encode(Sha256::digest(bytes));
    let owned = bytes.to_vec();
    let today = app.today();
    let may_add_roots = actor.is_system();
    let report = |rows, problems: Problems| ImportReport {
        kind,
        rows,
        written: 0,
        problems: problems.into_sorted(),
        ledger_seq: None,
    };
    // Reading and parsing is CPU work: keep it off the async workers.
    let blocking = move || -> Outcome {
        match kind {
            ImportKind::Cadres => Outcome::Cadres(cadres::check(&owned, today, &index)),
            ImportKind::Orgs => Outcome::Orgs(orgs::check(&owned, &index, may_add_roots)),
            ImportKind::Posts => Outcome::Posts(posts::check(&owned, &index)),
        }
    };
    let outcome =
        tokio::task::spawn_blocking(blocking).await.map_err(|e| AppError::internal(format!("import worker: {e}")))?;
    let (rows, seq) = match outcome {
        Outcome::Cadres((mut checked, ids)) => {
            cadres::check_registered(app, &mut checked, &ids).await?;
            if !checked.problems.is_empty() {
                return Ok(report(checked.rows, checked.problems));
            }
            (checked.rows, cadres::write(app, actor, &digest, &checked.valid, progress).await?)
        }
        Outcome::Orgs(checked) if !checked.problems.is_empty() => return Ok(report(checked.rows, checked.problems)),
        Outcome::Orgs(checked) => (checked.rows, orgs::write(app, actor, &digest, &checked.valid, progress).await?),
        Outcome::Posts(checked) if !checked.problems.is_empty() => return Ok(report(checked.rows, checked.problems)),
        Outcome::Posts(checked) => (checked.rows, posts::write(app, actor, &digest, &checked.valid, progress).await?),
    };
    Ok(ImportReport { kind, rows, written: rows, problems: Vec::new(), ledger_seq: Some(seq) })
}

enum Outcome {
    Cadres((Checked<jianquan_storage::registry::bulk::BulkCadre>, cadres::FileIds)),
    Orgs(Checked<jianquan_storage::registry::bulk::BulkOrg>),
    Posts(Checked<jianquan_storage::registry::bulk::BulkPost>),
}

/// Opens the import's transaction and records it: one entry for the whole file.
pub(crate) async fn begin(
    app: &App,
    actor: &Actor,
    kind: ImportKind,
    rows: usize,
    digest: &str,
    cadres_root: Option<String>,
) -> AppResult<(WriteTx, i64)> {
    let import_id = new_id();
    let mut tx = app.db.write().await?;
    let mut detail = json!({"kind": kind.code(), "rows": rows, "sha256": digest});
    if let Some(root) = cadres_root {
        detail["cadres_root"] = json!(root);
    }
    let action = format!("registry.import.{}", kind.code());
    let seq = app.record(&mut tx, actor, &action, ("import", &import_id), detail, &[]).await?;
    Ok((tx, seq))
}

/// Shortens text echoed back in a message.
pub(crate) fn short(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_owned()
    }
}
