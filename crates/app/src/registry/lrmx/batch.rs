//! Importing a zip of LRMX files, as clerks receive them for an appointment round: every file is
//! read and checked first (each error named by its file and element), then all are written in
//! one transaction, each under its own ledger entry, or none is.
//!
//! The archive is read within caps (files, each file's size, the total inflated), through a
//! counting limit, so a lying size field or a zip bomb gets nowhere. Names are read as UTF-8 when
//! they are valid UTF-8, else as GBK (as Windows' built-in zip writes Chinese names).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use jianquan_domain::access::Capability;
use jianquan_domain::{FieldError, Invalid};
use serde::Serialize;

use crate::registry::lrmx::import::{
    Checked, ImportOptions, LrmxImport, MAX_LRMX_BYTES, check, lock_stored, write_checked,
};
use crate::{Actor, App, AppError, AppResult};

/// The most files one archive may hold.
pub const MAX_BATCH_FILES: usize = 200;
/// The most an archive may be, compressed, and all its files together, inflated.
pub const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;

/// One file of an archive and what its import did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchFile {
    pub file: String,
    pub result: LrmxImport,
}

/// What an archive's import did, file by file in the archive's order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LrmxBatch {
    pub files: Vec<BatchFile>,
    pub created: usize,
    pub updated: usize,
}

fn refused(file: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(file, zh, en)
}

/// Whether the bytes are a zip archive (its local file header).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A name as stored: UTF-8 when it is valid UTF-8, else GBK.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_owned(),
        Err(_) => encoding_rs::GBK.decode(raw).0.into_owned(),
    }
}

/// The files of an archive.
pub struct Unpacked {
    /// The `.lrmx` files with their names (folders, `__MACOSX` and hidden files skipped).
    pub files: Vec<(String, Vec<u8>)>,
    /// Other files and files past the size cap, each named.
    pub refused: Vec<FieldError>,
}

/// Reads an archive's files (see [`Unpacked`]); an unreadable archive or one past the caps is
/// refused whole.
pub fn unpack(bytes: &[u8]) -> Result<Unpacked, Invalid> {
    let whole = || Invalid::one("file", "压缩包无法读取", "the zip archive cannot be read");
    if bytes.len() > MAX_BATCH_BYTES {
        return Err(Invalid::one("file", "压缩包不能超过 64 MB", "the archive may not exceed 64 MB"));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| whole())?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut total = 0usize;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|_| whole())?;
        let name = entry_name(entry.name_raw());
        let base = name.rsplit('/').next().unwrap_or(&name).to_owned();
        if entry.is_dir() || name.starts_with("__MACOSX/") || base.starts_with('.') || base.is_empty() {
            continue;
        }
        if !base.to_lowercase().ends_with(".lrmx") {
            errors.push(refused(&name, "不是 .lrmx 文件", "not an .lrmx file"));
            continue;
        }
        if files.len() >= MAX_BATCH_FILES {
            return Err(Invalid::one(
                "file",
                format!("一个压缩包最多 {MAX_BATCH_FILES} 个文件"),
                format!("an archive holds at most {MAX_BATCH_FILES} files"),
            ));
        }
        // Inflate through a limit one byte past what the file may be.
        let mut content = Vec::new();
        entry.take(MAX_LRMX_BYTES as u64 + 1).read_to_end(&mut content).map_err(|_| whole())?;
        total += content.len();
        if content.len() > MAX_LRMX_BYTES {
            errors.push(refused(&name, "文件不能超过 2 MB", "the file may not exceed 2 MB"));
            continue;
        }
        if total > MAX_BATCH_BYTES {
            return Err(Invalid::one(
                "file",
                "压缩包解压后超过 64 MB，未予读取",
                "the archive inflates to more than 64 MB and was not read",
            ));
        }
        files.push((name, content));
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(refused("file", "压缩包中没有 .lrmx 文件", "the archive holds no .lrmx file"));
    }
    Ok(Unpacked { files, refused: errors })
}

/// Imports every file of a zip archive, or none (see the module documentation). `progress` is
/// told `(done, total)` as files are checked and then written.
pub async fn import_lrmx_zip(
    app: &App,
    actor: &Actor,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> AppResult<LrmxBatch> {
    actor.require(Capability::RegistryImport)?;
    if !options.id_number.trim().is_empty() {
        return Err(Invalid::one(
            "id_number",
            "一次导入多个文件时不能填写身份证号码：没有号码的文件按姓名和出生年月对应已登记的干部，或单个导入",
            "a number cannot be given for many files: a file without one updates the registered cadre with its name and birth month, or import it alone",
        )
        .into());
    }
    let Unpacked { files, refused: mut errors } = unpack(bytes)?;
    let total = files.len() * 2;
    let mut checked: Vec<(String, Checked)> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (i, (name, content)) in files.into_iter().enumerate() {
        match check(app, actor, &content, options).await {
            Ok(c) => {
                let number = c.facts.cadre.id_number.as_str().to_owned();
                match seen.get(&number) {
                    Some(first) => errors.push(refused(
                        &format!("{name}: ShenFenZheng"),
                        format!("与 {first} 是同一身份证号码"),
                        format!("the same resident ID number as {first}"),
                    )),
                    None => {
                        seen.insert(number, name.clone());
                        checked.push((name, c));
                    }
                }
            }
            Err(AppError::Invalid(invalid)) => errors.extend(invalid.fields.into_iter().map(|mut f| {
                f.field = format!("{name}: {}", f.field);
                f
            })),
            Err(other) => return Err(other),
        }
        progress(i + 1, total);
    }
    if !errors.is_empty() {
        return Err(Invalid { fields: errors }.into());
    }
    let mut tx = app.db.write().await?;
    // Every registered cadre is locked before the first ledger entry, in one order.
    let mut stored = Vec::new();
    for (_, c) in &checked {
        stored.push(lock_stored(&mut tx, c).await?);
    }
    let mut done = Vec::new();
    let count = checked.len();
    for (i, ((name, c), stored)) in checked.into_iter().zip(stored).enumerate() {
        let result = write_checked(app, &mut tx, actor, c, stored).await.map_err(|e| match e {
            AppError::Invalid(invalid) => AppError::Invalid(Invalid {
                fields: invalid
                    .fields
                    .into_iter()
                    .map(|mut f| {
                        f.field = format!("{name}: {}", f.field);
                        f
                    })
                    .collect(),
            }),
            other => other,
        })?;
        done.push(BatchFile { file: name, result });
        progress(count + i + 1, total);
    }
    tx.commit().await?;
    let created = done.iter().filter(|f| f.result.created).count();
    Ok(LrmxBatch { updated: done.len() - created, created, files: done })
}
