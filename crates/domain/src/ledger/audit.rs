//! Whether a stored record agrees with the ledger entry that last wrote it. A row edited behind
//! the application's back (`UPDATE cadres SET rank = …`) keeps pointing at the entry of its last
//! real write, whose detail says what that write stored: the two no longer agree, and the audit
//! names the row. The detail's shape is each action's own; an action that does not record the
//! checked fields (a bulk import, the demo loader) is checked by reference only.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Entry;

/// The digest of a cadre's core fields as a bulk write (an import, the demo loader) stored them,
/// kept per row beside the entry, whose detail commits to all of them ([`rows_root`]).
pub fn cadre_digest(id: &str, rank: Option<&str>, current_post: &str) -> String {
    let mut hasher = Sha256::new();
    for field in [id, rank.unwrap_or(""), current_post] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The commitment of a bulk write to its rows' digests: SHA-256 over `id digest` lines in ID order.
pub fn rows_root<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut rows: Vec<(&str, &str)> = rows.into_iter().collect();
    rows.sort_unstable();
    let mut hasher = Sha256::new();
    for (id, digest) in rows {
        hasher.update(id.as_bytes());
        hasher.update(b" ");
        hasher.update(digest.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// What an audit found wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The table and the row's key.
    pub table: &'static str,
    pub key: String,
    /// The ledger entry the row points at.
    pub seq: i64,
    /// What does not agree, in English.
    pub what: String,
}

/// How a row compares with the entry that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// The entry records the same values.
    Agrees,
    /// The entry's action does not record the fields checked (bulk imports, the demo loader).
    NotRecorded,
    /// It records other values, or is about something else.
    Disagrees(String),
}

fn detail(entry: &Entry) -> Value {
    serde_json::from_str(&entry.detail).unwrap_or(Value::Null)
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A cadre's rank and current post against the entry at its `updated_seq`; `sealed` is the row's
/// digest kept beside a bulk entry (whose own commitment the audit checks apart).
pub fn cadre(entry: &Entry, cadre_id: &str, rank: Option<&str>, current_post: &str, sealed: Option<&str>) -> Agreement {
    let d = detail(entry);
    if d.get("cadres_root").and_then(Value::as_str).is_some() {
        return match sealed {
            Some(kept) if kept == cadre_digest(cadre_id, rank, current_post) => Agreement::Agrees,
            Some(_) => Agreement::Disagrees(format!(
                "rank is {:?} and post {current_post:?}, not what entry {} wrote",
                rank.unwrap_or(""),
                entry.seq
            )),
            None => Agreement::Disagrees(format!("not among the rows entry {} wrote", entry.seq)),
        };
    }
    let (recorded_rank, recorded_post) = match entry.action.as_str() {
        "registry.cadre.create" | "registry.cadre.update" | "registry.cadre.import_lrmx" => {
            (text(&d, "rank"), text(&d, "current_post"))
        }
        "registry.cadre.promote" | "registry.cadre.appoint" => (text(&d, "to_rank"), text(&d, "title")),
        _ if entry.subject_kind == "cadre" && entry.subject_id == cadre_id => return Agreement::NotRecorded,
        _ if matches!(entry.subject_kind.as_str(), "import" | "demo" | "selection_case") => {
            return Agreement::NotRecorded;
        }
        other => {
            return Agreement::Disagrees(format!(
                "its last write points at entry {} ({other}), not about it",
                entry.seq
            ));
        }
    };
    if entry.subject_kind != "cadre" || entry.subject_id != cadre_id {
        return Agreement::Disagrees(format!("entry {} is about another record", entry.seq));
    }
    if recorded_rank != rank {
        return Agreement::Disagrees(format!(
            "rank is {:?} but entry {} recorded {:?}",
            rank.unwrap_or(""),
            entry.seq,
            recorded_rank.unwrap_or("")
        ));
    }
    match recorded_post {
        Some(post) if post != current_post => {
            Agreement::Disagrees(format!("current post is {current_post:?} but entry {} recorded {post:?}", entry.seq))
        }
        Some(_) => Agreement::Agrees,
        None => Agreement::NotRecorded,
    }
}

/// A committee member's vote against the entry that recorded it.
pub fn vote(entry: &Entry, item_id: &str, member_id: &str, vote: &str) -> Agreement {
    let d = detail(entry);
    if entry.action != "selection.meeting.vote" {
        return Agreement::Disagrees(format!("entry {} is {}, not a vote", entry.seq, entry.action));
    }
    let recorded = (text(&d, "item"), text(&d, "member"), text(&d, "vote"));
    if recorded == (Some(item_id), Some(member_id), Some(vote)) {
        Agreement::Agrees
    } else {
        Agreement::Disagrees(format!(
            "vote {vote:?} by {member_id} on {item_id}, but entry {} recorded {:?} by {:?} on {:?}",
            entry.seq,
            recorded.2.unwrap_or(""),
            recorded.1.unwrap_or(""),
            recorded.0.unwrap_or("")
        ))
    }
}

/// An agenda item's decision against the entry that recorded it.
pub fn decision(entry: &Entry, item_id: &str, passed: bool) -> Agreement {
    let d = detail(entry);
    if entry.action != "selection.meeting.decide" || text(&d, "item") != Some(item_id) {
        return Agreement::Disagrees(format!("entry {} is not the decision of item {item_id}", entry.seq));
    }
    match d.get("result").and_then(|r| r.get("passed")).and_then(Value::as_bool) {
        Some(recorded) if recorded == passed => Agreement::Agrees,
        recorded => Agreement::Disagrees(format!(
            "the item is stored as {}passed, but entry {} recorded {:?}",
            if passed { "" } else { "not " },
            entry.seq,
            recorded
        )),
    }
}

/// An appointment against the entry that recorded it.
pub fn appointment(entry: &Entry, case_id: &str, cadre_id: &str, document_number: &str) -> Agreement {
    let d = detail(entry);
    if entry.action != "selection.case.appoint" || entry.subject_id != case_id {
        return Agreement::Disagrees(format!("entry {} is not the appointment of case {case_id}", entry.seq));
    }
    let recorded = (text(&d, "cadre"), text(&d, "document_number"));
    if recorded == (Some(cadre_id), Some(document_number)) {
        Agreement::Agrees
    } else {
        Agreement::Disagrees(format!(
            "appointee {cadre_id} by {document_number:?}, but entry {} recorded {:?} by {:?}",
            entry.seq,
            recorded.0.unwrap_or(""),
            recorded.1.unwrap_or("")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, subject: (&str, &str), detail: Value) -> Entry {
        Entry {
            seq: 7,
            at: "2026-11-26T00:00:00Z".into(),
            actor: "u".into(),
            action: action.into(),
            subject_kind: subject.0.into(),
            subject_id: subject.1.into(),
            detail: detail.to_string(),
            rules: String::new(),
            policy_version: "p".into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_cadre_row_agrees_with_its_last_write_and_an_edited_rank_does_not() {
        let e = entry(
            "registry.cadre.update",
            ("cadre", "c1"),
            serde_json::json!({"rank": "county_deputy", "current_post": "副区长"}),
        );
        assert_eq!(cadre(&e, "c1", Some("county_deputy"), "副区长", None), Agreement::Agrees);
        assert!(matches!(cadre(&e, "c1", Some("county_principal"), "副区长", None), Agreement::Disagrees(_)));
        assert!(matches!(cadre(&e, "c1", Some("county_deputy"), "区长", None), Agreement::Disagrees(_)));
        assert!(matches!(cadre(&e, "c2", Some("county_deputy"), "副区长", None), Agreement::Disagrees(_)));
        let promoted = entry(
            "registry.cadre.promote",
            ("cadre", "c1"),
            serde_json::json!({"to_rank": "county_principal", "title": "区长"}),
        );
        assert_eq!(cadre(&promoted, "c1", Some("county_principal"), "区长", None), Agreement::Agrees);
        let imported = entry("registry.import.cadres", ("import", "i1"), serde_json::json!({"rows": 10}));
        assert_eq!(cadre(&imported, "c1", Some("x"), "y", None), Agreement::NotRecorded);
        let elsewhere = entry("training.course.create", ("course", "k"), serde_json::json!({}));
        assert!(matches!(cadre(&elsewhere, "c1", None, "", None), Agreement::Disagrees(_)));
        // A bulk write that committed its rows: the kept digest must match the row.
        let sealed = cadre_digest("c1", Some("county_deputy"), "副区长");
        let bulk = entry(
            "registry.import.cadres",
            ("import", "i1"),
            serde_json::json!({"cadres_root": rows_root([("c1", sealed.as_str())])}),
        );
        assert_eq!(cadre(&bulk, "c1", Some("county_deputy"), "副区长", Some(&sealed)), Agreement::Agrees);
        assert!(matches!(
            cadre(&bulk, "c1", Some("county_principal"), "副区长", Some(&sealed)),
            Agreement::Disagrees(_)
        ));
        assert!(matches!(cadre(&bulk, "c1", Some("county_deputy"), "副区长", None), Agreement::Disagrees(_)));
    }

    #[test]
    fn a_vote_a_decision_and_an_appointment_agree_with_their_entries_or_are_named() {
        let v = entry(
            "selection.meeting.vote",
            ("selection_case", "k"),
            serde_json::json!({"item": "i", "member": "m", "vote": "agree"}),
        );
        assert_eq!(vote(&v, "i", "m", "agree"), Agreement::Agrees);
        assert!(matches!(vote(&v, "i", "m", "disagree"), Agreement::Disagrees(_)));
        let d = entry(
            "selection.meeting.decide",
            ("selection_case", "k"),
            serde_json::json!({"item": "i", "result": {"passed": true}}),
        );
        assert_eq!(decision(&d, "i", true), Agreement::Agrees);
        assert!(matches!(decision(&d, "i", false), Agreement::Disagrees(_)));
        let a = entry(
            "selection.case.appoint",
            ("selection_case", "k"),
            serde_json::json!({"cadre": "c", "document_number": "东委〔2026〕1号"}),
        );
        assert_eq!(appointment(&a, "k", "c", "东委〔2026〕1号"), Agreement::Agrees);
        assert!(matches!(appointment(&a, "k", "c2", "东委〔2026〕1号"), Agreement::Disagrees(_)));
    }
}
