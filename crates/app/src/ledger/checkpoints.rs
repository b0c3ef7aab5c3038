//! Signed checkpoints of the ledger (in the manner of Certificate Transparency, RFC 9162): the
//! tree's size and root, signed with the key kept outside the database and written as files to a
//! directory the operator ships elsewhere (`<ledger dir>/checkpoints/<size>.note`, and
//! `latest.note`). The server signs one on a schedule and every N entries; a new one is signed only
//! if the tree still extends the last one, so a rewritten history is never blessed.

use std::path::{Path, PathBuf};

use jianquan_domain::ledger::checkpoint::{self, Checkpoint};
use jianquan_domain::ledger::merkle::verify_consistency;
use jianquan_domain::ledger::proof_file::{ConsistencyProofFile, InclusionProofFile};
use jianquan_storage::ledger_tree as tree;

use super::key::LedgerKey;
use crate::{App, AppError, AppResult};

/// Where the ledger's key, public key and checkpoints live.
#[derive(Debug, Clone)]
pub struct LedgerDir(pub PathBuf);

impl LedgerDir {
    fn checkpoints(&self) -> PathBuf {
        self.0.join("checkpoints")
    }

    /// The text of every checkpoint kept, by size (ascending).
    pub fn all(&self) -> AppResult<Vec<(u64, String)>> {
        let dir = self.checkpoints();
        let Ok(read) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
        let mut found = Vec::new();
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(size) = name.strip_suffix(".note").and_then(|n| n.parse::<u64>().ok()) {
                let text = std::fs::read_to_string(entry.path()).map_err(AppError::internal)?;
                found.push((size, text));
            }
        }
        found.sort_by_key(|(size, _)| *size);
        Ok(found)
    }

    /// The latest checkpoint's text.
    pub fn latest(&self) -> AppResult<Option<String>> {
        Ok(self.all()?.pop().map(|(_, text)| text))
    }

    fn write(&self, size: u64, note: &str) -> AppResult<PathBuf> {
        let dir = self.checkpoints();
        std::fs::create_dir_all(&dir).map_err(|e| AppError::internal(format!("{}: {e}", dir.display())))?;
        let path = dir.join(format!("{size:020}.note"));
        std::fs::write(&path, note).map_err(|e| AppError::internal(format!("{}: {e}", path.display())))?;
        std::fs::write(dir.join("latest.note"), note).map_err(AppError::internal)?;
        Ok(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

/// A checkpoint just signed.
#[derive(Debug, Clone)]
pub struct Signed {
    pub checkpoint: Checkpoint,
    pub note: String,
    pub path: PathBuf,
}

/// Signs a checkpoint of the ledger as it stands, unless the last one already covers it. Refuses
/// when the tree does not extend the last signed checkpoint: the ledger was rewritten.
pub async fn sign_now(app: &App, dir: &LedgerDir, key: &LedgerKey) -> AppResult<Option<Signed>> {
    let mut conn = app.db.read().await?;
    let size = tree::size(&mut conn).await?;
    let vkey = key.verifier_key()?;
    let previous = match dir.latest()? {
        Some(text) => Some(checkpoint::open(&text, &vkey).map_err(AppError::internal)?),
        None => None,
    };
    if previous.as_ref().is_some_and(|p| p.size >= size) || size == 0 {
        return Ok(None);
    }
    drop(conn);
    tree::extend(&app.db, size).await?;
    let mut conn = app.db.read().await?;
    let root = tree::root(&mut conn, size).await?;
    if let Some(previous) = &previous {
        let proof = tree::consistency(&mut conn, previous.size, size).await?;
        verify_consistency(previous.size, size, &previous.root, &root, &proof).map_err(|e| {
            AppError::internal(format!(
                "the ledger no longer extends the checkpoint of {} entries ({e}): it was rewritten; not signing",
                previous.size
            ))
        })?;
    }
    let cp = Checkpoint { origin: key.name().to_owned(), size, root };
    let note = key.sign(&cp)?;
    let path = dir.write(size, &note)?;
    Ok(Some(Signed { checkpoint: cp, note, path }))
}

/// The inclusion proof of entry `seq` against a signed checkpoint (its note text).
pub async fn prove_inclusion(app: &App, seq: i64, note: &str, vkey: &str) -> AppResult<InclusionProofFile> {
    let cp = checkpoint::open(note, vkey).map_err(|e| AppError::internal(format!("checkpoint: {e}")))?;
    let mut conn = app.db.read().await?;
    let entry = jianquan_storage::ledger::by_seq(&mut conn, seq).await?.ok_or(AppError::NotFound)?;
    let index = u64::try_from(seq).map_err(AppError::internal)?;
    if index > cp.size {
        return Err(AppError::internal(format!("entry {seq} is after the checkpoint of {} entries", cp.size)));
    }
    let proof = tree::inclusion(&mut conn, index, cp.size).await?;
    Ok(InclusionProofFile::new(note.to_owned(), entry, &proof))
}

/// The consistency proof between two signed checkpoints (their note texts).
pub async fn prove_consistency(app: &App, old: &str, new: &str, vkey: &str) -> AppResult<ConsistencyProofFile> {
    let open = |text: &str| checkpoint::open(text, vkey).map_err(|e| AppError::internal(format!("checkpoint: {e}")));
    let (o, n) = (open(old)?, open(new)?);
    let mut conn = app.db.read().await?;
    let proof = tree::consistency(&mut conn, o.size, n.size).await?;
    Ok(ConsistencyProofFile::new(old.to_owned(), new.to_owned(), &proof))
}
