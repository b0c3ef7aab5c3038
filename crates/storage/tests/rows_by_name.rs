//! Storage decodes every result row by column name: a read by position (`row.get(0)`,
//! `r.try_get::<String, _>(3)`) silently reads the wrong column when a SELECT list changes, so
//! none may come back into `src/`.

#![allow(clippy::expect_used, reason = "a test fails loudly when it cannot read the sources")]

use std::path::{Path, PathBuf};

/// Positions in `source` of `.get(`, `.try_get(` (with or without a turbofish) whose first
/// argument starts with a digit.
fn positional_reads(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    for (start, _) in source.match_indices("get") {
        let dotted = source[..start].ends_with('.') || source[..start].ends_with(".try_");
        if !dotted {
            continue;
        }
        let mut at = start + "get".len();
        // Skip a turbofish `::<…>`, whose brackets may nest.
        if source[at..].starts_with("::<") {
            let mut depth = 0_usize;
            at += 2;
            while at < bytes.len() {
                match bytes[at] {
                    b'<' => depth += 1,
                    b'>' => {
                        depth -= 1;
                        if depth == 0 {
                            at += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        if bytes.get(at) != Some(&b'(') {
            continue;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at).is_some_and(u8::is_ascii_digit) {
            found.push(start);
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_scan_finds_positional_reads() {
    assert_eq!(positional_reads("let a: i64 = row.get(0);").len(), 1);
    assert_eq!(positional_reads("r.try_get(12)?").len(), 1);
    assert_eq!(positional_reads("r.try_get::<Option<i64>, _>( 3)?").len(), 1);
    assert_eq!(positional_reads("row.get::<String, usize>(1)").len(), 1);
    assert!(positional_reads("text(r, \"id\")? r.try_get(\"bytes\")? map.get(&key) v.get(*i)").is_empty());
    assert!(positional_reads("fn get(conn: &mut Conn) {} budget(3)").is_empty());
}

#[test]
fn storage_reads_no_column_by_position() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "expected the storage sources under {}", src.display());
    let mut offenders = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read source file");
        for at in positional_reads(&source) {
            let line = source[..at].lines().count();
            let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("").trim();
            offenders.push(format!("{}:{line}: {text}", file.strip_prefix(&src).unwrap_or(file).display()));
        }
    }
    assert!(offenders.is_empty(), "read these columns by name (crate::row helpers):\n{}", offenders.join("\n"));
}
