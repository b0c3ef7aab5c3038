//! Files shaped as public LRMX writers write them (`lrmx_corpus/README.md` names each writer and
//! what each file exercises): every one reads and validates without refusal.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_domain::registry::lrmx::facts::Placement;
use jianquan_domain::registry::lrmx::text::parse_resume;
use jianquan_domain::registry::lrmx::xml;
use time::macros::date;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lrmx_corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "lrmx"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    files.sort();
    files
}

/// The one refusal left: ops-cimp's writer never fills 身份证号, and cadres are identified by it
/// (a cadre without one is not yet supported; see the LRMX issue's note).
const NO_ID_NUMBER: &str = "03_ops-cimp_liu-jianguo.lrmx";

#[test]
fn every_corpus_file_reads_and_validates_with_nothing_lost() {
    let files = corpus();
    assert!(files.len() >= 6, "{} files", files.len());
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        let person = match xml::read(bytes) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e:?}"));
                continue;
            }
        };
        let mut person = person;
        if name == NO_ID_NUMBER {
            let err = person.facts(Placement { org_id: "org-1", rank: "" }, date!(2026 - 12 - 07)).unwrap_err();
            let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(fields, ["ShenFenZheng"], "{name}");
            // Everything else in the file reads: checked with an ID number put in.
            person.id_number = "370523197508140010".into();
        }
        let facts = match person.facts(Placement { org_id: "org-1", rank: "" }, date!(2026 - 12 - 07)) {
            Ok(facts) => facts,
            Err(e) => {
                failures.extend(e.fields.into_iter().map(|f| format!("{name}: {} {}", f.field, f.message.zh)));
                continue;
            }
        };
        // Every file has a （其间：…） note: read as sub-periods, never left in a period's text.
        let periods = parse_resume("JianLi", &person.resume).expect("the resume reads");
        if periods.iter().any(|(_, l)| l.text.contains("其间：")) || periods.iter().all(|(_, l)| l.within.is_none())
        {
            failures.push(format!("{name}: the notes were not read as sub-periods: {periods:?}"));
        }
        if facts.work.iter().any(|(_, l)| l.is_study()) {
            failures.push(format!("{name}: a study counted as work"));
        }
        // Nothing of the free texts is lost: each line was read or kept as written.
        let kept_or_read = !facts.texts.rewards_kept.is_empty() || !facts.rewards_sanctions.is_empty();
        if !person.rewards_sanctions.trim().is_empty() && !["(无)", "无"].contains(&person.rewards_sanctions.trim()) {
            assert!(kept_or_read, "{name}: 奖惩情况 lost");
        }
        assert!(!facts.texts.grades_kept.is_empty() || !facts.grades.is_empty(), "{name}: 年度考核结果 lost");
        assert_eq!(facts.texts.resume, person.resume, "{name}: the 简历 is kept as given");
        assert!(!facts.cadre.professional_title.is_empty(), "{name}: 专业技术职务 kept");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
