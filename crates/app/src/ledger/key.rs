//! The ledger's signing key, kept outside the database: a file made at first start, readable by
//! the service's account only, beside the public key (`ledger.vkey`) to hand to auditors. Whoever
//! can rewrite the database cannot forge a checkpoint without this file; whoever holds the file
//! can — see docs/security.md for what publishing checkpoints elsewhere adds.

use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jianquan_domain::ledger::checkpoint;

use crate::{AppError, AppResult};

const KEY_FILE: &str = "ledger-signing.key";
const VKEY_FILE: &str = "ledger.vkey";
const HEADER: &str = "jianquan ledger signing key v1";

/// The key that signs checkpoints, and the name (origin) it signs them under.
pub struct LedgerKey {
    name: String,
    secret: [u8; 32],
}

impl std::fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret, in any log.
        f.debug_struct("LedgerKey").field("name", &self.name).finish_non_exhaustive()
    }
}

impl LedgerKey {
    /// Reads the key in `dir`, or makes one named `name` if there is none (first start).
    pub fn load_or_create(dir: &Path, name: &str) -> AppResult<Self> {
        if dir.join(KEY_FILE).exists() {
            return Self::load(dir);
        }
        let mut secret = [0_u8; 32];
        OsRng.fill_bytes(&mut secret);
        let key = Self { name: name.to_owned(), secret };
        let vkey = key.verifier_key()?;
        std::fs::create_dir_all(dir).map_err(|e| io(dir, &e))?;
        let path = dir.join(KEY_FILE);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(|e| io(&path, &e))?;
        let text = format!("{HEADER}\n{}\n{}\n", key.name, STANDARD.encode(key.secret));
        file.write_all(text.as_bytes()).map_err(|e| io(&path, &e))?;
        std::fs::write(dir.join(VKEY_FILE), format!("{vkey}\n")).map_err(|e| io(&dir.join(VKEY_FILE), &e))?;
        tracing::info!(key = %path.display(), "made the ledger's signing key");
        Ok(key)
    }

    /// Reads the key in `dir`.
    pub fn load(dir: &Path) -> AppResult<Self> {
        let path = dir.join(KEY_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, &e))?;
        let mut lines = text.lines();
        let (Some(HEADER), Some(name), Some(secret)) = (lines.next(), lines.next(), lines.next()) else {
            return Err(AppError::internal(format!("{} is not a ledger signing key", path.display())));
        };
        let bytes = STANDARD.decode(secret.trim()).map_err(|_| AppError::internal("the ledger key is not base64"))?;
        let secret: [u8; 32] = bytes.try_into().map_err(|_| AppError::internal("the ledger key is not 32 bytes"))?;
        Ok(Self { name: name.trim().to_owned(), secret })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public key in the signed-note verifier-key form (`name+id+base64`).
    pub fn verifier_key(&self) -> AppResult<String> {
        checkpoint::verifier_key(&self.name, &self.secret).map_err(AppError::internal)
    }

    /// Signs a checkpoint as a signed note.
    pub fn sign(&self, cp: &checkpoint::Checkpoint) -> AppResult<String> {
        checkpoint::sign(cp, &self.name, &self.secret).map_err(AppError::internal)
    }
}

/// The public key file beside the key.
pub fn vkey_path(dir: &Path) -> PathBuf {
    dir.join(VKEY_FILE)
}

fn io(path: &Path, e: &std::io::Error) -> AppError {
    AppError::internal(format!("{}: {e}", path.display()))
}
