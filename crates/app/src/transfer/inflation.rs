//! Caps on what an uploaded workbook may inflate to, checked before the xlsx reader sees it. An
//! xlsx file is a zip archive: a 1.3 MB file whose shared strings inflate to 512 MiB once took
//! 1.7 GB of memory to read (the reader keeps every shared string). Each entry is inflated here
//! into nothing, through a counting limit, so neither a lying size field nor a deep ratio gets
//! past; only then does the reader run.

use std::io::{Cursor, Read};

use jianquan_domain::Msg;

/// The most one entry of the archive (a sheet, the shared strings) may inflate to. A roster of
/// 200,000 rows is well under it; the reader's memory stays within a few times this.
pub const MAX_ENTRY_INFLATED: u64 = 256 * 1024 * 1024;
/// The most all entries together may inflate to.
pub const MAX_TOTAL_INFLATED: u64 = 256 * 1024 * 1024;
/// The most entries an archive may hold (a workbook has a few dozen).
pub const MAX_ENTRIES: usize = 10_000;

fn over() -> Msg {
    let mib = MAX_TOTAL_INFLATED >> 20;
    Msg::new(
        format!("文件解压后超过上限 {mib} MiB，未予读取（可能是压缩炸弹；正常名册请拆分为多个文件导入）"),
        format!(
            "the file inflates to more than {mib} MiB and was not read (it may be a zip bomb; split a real roster into several files)"
        ),
    )
}

/// Checks the archive's entries against the caps. A file that is not a zip archive passes: the
/// xlsx reader then says what is wrong with it.
pub fn check(bytes: &[u8]) -> Result<(), Msg> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    if archive.len() > MAX_ENTRIES {
        return Err(Msg::new(
            format!("文件包含的部件超过 {MAX_ENTRIES} 个，不是正常的工作簿"),
            format!("the file holds more than {MAX_ENTRIES} parts; it is not an ordinary workbook"),
        ));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else { return Ok(()) };
        // The declared size first (refuses an honest bomb without inflating anything)…
        if entry.size() > MAX_ENTRY_INFLATED || total.saturating_add(entry.size()) > MAX_TOTAL_INFLATED {
            return Err(over());
        }
        // …then the real one: inflate through a limit, one byte past what may remain.
        let allowed = MAX_ENTRY_INFLATED.min(MAX_TOTAL_INFLATED - total);
        let mut limited = entry.take(allowed + 1);
        let Ok(inflated) = std::io::copy(&mut limited, &mut std::io::sink()) else { return Ok(()) };
        if inflated > allowed {
            return Err(over());
        }
        total += inflated;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn archive(entries: &[(&str, u64)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let chunk = vec![b'a'; 1 << 20];
        for (name, size) in entries {
            zip.start_file(*name, options).unwrap();
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                zip.write_all(&chunk[..n]).unwrap();
                left -= n as u64;
            }
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn an_archive_within_the_caps_passes_and_one_past_them_is_refused() {
        assert!(check(&archive(&[("xl/sharedStrings.xml", 1 << 20), ("xl/worksheets/sheet1.xml", 2 << 20)])).is_ok());
        let bomb = archive(&[("xl/sharedStrings.xml", MAX_ENTRY_INFLATED + 1)]);
        assert!(bomb.len() < 2 * 1024 * 1024, "a small file: {} bytes", bomb.len());
        let refused = check(&bomb).unwrap_err();
        assert!(refused.zh.contains("256 MiB"), "{}", refused.zh);
    }

    #[test]
    fn something_that_is_not_an_archive_is_left_to_the_reader() {
        assert!(check(b"not a zip file").is_ok());
    }
}
