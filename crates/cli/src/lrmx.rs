//! `jianquan import --kind lrmx`: one .lrmx file, or a zip of them (an appointment round's
//! forms), imported all or nothing as the system account, with progress for an archive.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use jianquan_app::registry::lrmx::{self, ImportOptions};
use jianquan_app::{Actor, AppError};

use crate::commands::{open, progress_bar};

pub async fn import(database: &str, file: &Path, options: ImportOptions) -> anyhow::Result<ExitCode> {
    let app = open(database).await?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let actor = Actor::system_for_cli();
    let outcome = if lrmx::is_zip(&bytes) {
        let bar = progress_bar("checking and writing");
        let done = lrmx::import_lrmx_zip(&app, &actor, &bytes, &options, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await;
        bar.finish_and_clear();
        done.map(|batch| {
            for f in &batch.files {
                println!("{}: {} {}", f.file, if f.result.created { "created" } else { "updated" }, f.result.name);
            }
            println!("imported {} files ({} created, {} updated)", batch.files.len(), batch.created, batch.updated);
        })
    } else {
        lrmx::import_lrmx(&app, &actor, &bytes, &options).await.map(|done| {
            println!("{} {} ({})", if done.created { "created" } else { "updated" }, done.name, done.cadre_id);
            for k in &done.kept_as_text {
                println!("  kept as written · {}: {}", k.element, k.text);
            }
        })
    };
    app.db.close().await;
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(AppError::Invalid(invalid)) => {
            eprintln!("nothing written from {} / 未写入任何数据:", file.display());
            for f in &invalid.fields {
                eprintln!("  {}: {} / {}", f.field, f.message.zh, f.message.en);
            }
            Ok(ExitCode::from(2))
        }
        Err(other) => Err(anyhow!("{other}")),
    }
}
