//! `jianquan ledger audit`: the data tables against the ledger. Every row stamped with a ledger
//! sequence number (`*_seq` columns, found in the live schema) must point at an entry that exists;
//! and the core records — cadres' rank and post, committee votes, decisions, appointments — must
//! agree with the entry that last wrote them (`jianquan_domain::ledger::audit`). An edit made with
//! plain SQL behind the application leaves one or the other wrong, and the audit names the row.

use jianquan_domain::ledger::Entry;
use jianquan_domain::ledger::audit::{self, Agreement, Finding};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Backend, Conn, Result};

/// Columns named `*_seq` that are not ledger references (a yearly case counter).
const NOT_REFERENCES: [(&str, &str); 1] = [("selection_case_numbers", "last_seq")];

/// What the audit found.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Columns checked for references, and rows whose reference names no entry.
    pub columns: usize,
    pub dangling: Vec<Finding>,
    /// Core rows compared with their entries, those the entry does not describe, and those that disagree.
    pub compared: u64,
    pub not_recorded: u64,
    pub disagreements: Vec<Finding>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.dangling.is_empty() && self.disagreements.is_empty()
    }
}

/// Every `(table, column)` of the schema whose column is a ledger sequence number.
pub async fn reference_columns(conn: &mut Conn, backend: Backend) -> Result<Vec<(String, String)>> {
    let rows =
        match backend {
            Backend::Sqlite => sqlx::query(
                "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND p.name LIKE '%\\_seq' ESCAPE '\\' ORDER BY m.name, p.name",
            )
            .fetch_all(&mut *conn)
            .await?,
            Backend::Postgres => {
                sqlx::query(
                    "SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND column_name LIKE '%\\_seq' ESCAPE '\\' ORDER BY table_name, column_name",
                )
                .fetch_all(&mut *conn)
                .await?
            }
        };
    let mut columns = Vec::new();
    for row in rows {
        let (table, column): (String, String) = (row.try_get("table_name")?, row.try_get("column_name")?);
        let ledger_itself = table == "ledger" || table == "ledger_head";
        let identifier = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ledger_itself
            && !NOT_REFERENCES.contains(&(table.as_str(), column.as_str()))
            && identifier(&table)
            && identifier(&column)
        {
            columns.push((table, column));
        }
    }
    Ok(columns)
}

fn entry_of(row: &AnyRow) -> Result<Entry> {
    Ok(Entry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        subject_kind: row.try_get("subject_kind")?,
        subject_id: row.try_get("subject_id")?,
        detail: row.try_get("detail")?,
        rules: row.try_get("rules")?,
        policy_version: row.try_get("policy_version")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const ENTRY: &str = "l.seq, l.at, l.actor, l.action, l.subject_kind, l.subject_id, l.detail, l.rules, \
    l.policy_version, l.prev_hash, l.hash";

fn tally(report: &mut Report, table: &'static str, key: String, seq: i64, agreement: Agreement) {
    report.compared += 1;
    match agreement {
        Agreement::Agrees => {}
        Agreement::NotRecorded => report.not_recorded += 1,
        Agreement::Disagrees(what) => report.disagreements.push(Finding { table, key, seq, what }),
    }
}

/// Rows whose ledger references name no entry (at most 20 named per column).
async fn dangling(conn: &mut Conn, backend: Backend, report: &mut Report) -> Result<()> {
    let columns = reference_columns(conn, backend).await?;
    report.columns = columns.len();
    for (table, column) in columns {
        // Names from the database's own catalog, checked to be plain identifiers above.
        let sql = format!(
            "SELECT x.{column} AS missing FROM {table} x LEFT JOIN ledger l ON l.seq = x.{column} \
             WHERE x.{column} IS NOT NULL AND l.seq IS NULL LIMIT 20"
        );
        for row in sqlx::query(&sql).fetch_all(&mut *conn).await? {
            let seq: i64 = row.try_get("missing")?;
            report.dangling.push(Finding {
                table: "reference",
                key: format!("{table}.{column}"),
                seq,
                what: format!("{table}.{column} = {seq} names no ledger entry"),
            });
        }
    }
    Ok(())
}

/// Cadres against the entry of their last write, 2,000 at a time; a row stamped with an earlier
/// entry than the last one written about the cadre was rolled back.
async fn cadres(conn: &mut Conn, report: &mut Report) -> Result<()> {
    let mut after = String::new();
    loop {
        let rows = sqlx::query(&format!(
            "SELECT c.id AS cadre_id, c.rank AS cadre_rank, c.current_post AS cadre_post, {ENTRY}, \
             (SELECT MAX(w.seq) FROM ledger w WHERE w.subject_kind = 'cadre' AND w.subject_id = c.id \
              AND w.action IN ('registry.cadre.create', 'registry.cadre.update', 'registry.cadre.import_lrmx', \
              'registry.cadre.promote', 'registry.cadre.appoint')) AS last_write \
             , r.digest AS sealed FROM cadres c JOIN ledger l ON l.seq = c.updated_seq \
             LEFT JOIN ledger_rows r ON r.seq = c.updated_seq AND r.row_id = c.id \
             WHERE c.id > $1 ORDER BY c.id LIMIT 2000"
        ))
        .bind(&after)
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("cadre_id")?;
        for row in &rows {
            let id: String = row.try_get("cadre_id")?;
            let entry = entry_of(row)?;
            let last_write: Option<i64> = row.try_get("last_write")?;
            if last_write.is_some_and(|w| w > entry.seq) {
                let what =
                    format!("stamped with entry {} though entry {} wrote it later", entry.seq, last_write.unwrap_or(0));
                report.compared += 1;
                report.disagreements.push(Finding { table: "cadres", key: id, seq: entry.seq, what });
                continue;
            }
            let rank: Option<String> = row.try_get("cadre_rank")?;
            let post: String = row.try_get("cadre_post")?;
            let sealed: Option<String> = row.try_get("sealed")?;
            let agreement = audit::cadre(&entry, &id, rank.as_deref(), &post, sealed.as_deref());
            tally(report, "cadres", id, entry.seq, agreement);
        }
    }
    Ok(())
}

async fn selection(conn: &mut Conn, report: &mut Report) -> Result<()> {
    let votes = sqlx::query(&format!(
        "SELECT v.item_id AS item_id, v.member_id AS member_id, v.vote AS vote, {ENTRY} \
         FROM selection_votes v JOIN ledger l ON l.seq = v.recorded_seq"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in &votes {
        let (item, member, vote): (String, String, String) =
            (row.try_get("item_id")?, row.try_get("member_id")?, row.try_get("vote")?);
        let entry = entry_of(row)?;
        let agreement = audit::vote(&entry, &item, &member, &vote);
        tally(report, "selection_votes", format!("{item}/{member}"), entry.seq, agreement);
    }
    let decisions = sqlx::query(&format!(
        "SELECT i.id AS item_id, i.passed AS passed, {ENTRY} \
         FROM selection_agenda_items i JOIN ledger l ON l.seq = i.decided_seq"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in &decisions {
        let item: String = row.try_get("item_id")?;
        let passed = row.try_get::<Option<i64>, _>("passed")?.unwrap_or(0) != 0;
        let entry = entry_of(row)?;
        let agreement = audit::decision(&entry, &item, passed);
        tally(report, "selection_agenda_items", item, entry.seq, agreement);
    }
    let appointments = sqlx::query(&format!(
        "SELECT a.case_id AS case_id, a.cadre_id AS cadre_id, a.document_number AS document_number, {ENTRY} \
         FROM selection_appointments a JOIN ledger l ON l.seq = a.recorded_seq"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in &appointments {
        let (case, cadre, document): (String, String, String) =
            (row.try_get("case_id")?, row.try_get("cadre_id")?, row.try_get("document_number")?);
        let entry = entry_of(row)?;
        let agreement = audit::appointment(&entry, &case, &cadre, &document);
        tally(report, "selection_appointments", case, entry.seq, agreement);
    }
    Ok(())
}

/// The rows kept beside each bulk entry against the commitment in its detail (`cadres_root`):
/// a kept digest changed, added or removed shows as a root that differs.
async fn bulk_commitments(conn: &mut Conn, report: &mut Report) -> Result<()> {
    let entries = sqlx::query(&format!(
        "SELECT {ENTRY} FROM ledger l WHERE l.seq IN (SELECT DISTINCT seq FROM ledger_rows) ORDER BY l.seq"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in &entries {
        let entry = entry_of(row)?;
        let committed = serde_json::from_str::<serde_json::Value>(&entry.detail)
            .ok()
            .and_then(|d| d.get("cadres_root").and_then(|r| r.as_str().map(str::to_owned)));
        let kept = sqlx::query("SELECT row_id, digest FROM ledger_rows WHERE seq = $1")
            .bind(entry.seq)
            .fetch_all(&mut *conn)
            .await?;
        let pairs: Vec<(String, String)> =
            kept.iter().map(|r| Ok((r.try_get("row_id")?, r.try_get("digest")?))).collect::<Result<_>>()?;
        let root = audit::rows_root(pairs.iter().map(|(id, d)| (id.as_str(), d.as_str())));
        report.compared += 1;
        if committed.as_deref() != Some(root.as_str()) {
            report.disagreements.push(Finding {
                table: "ledger_rows",
                key: entry.seq.to_string(),
                seq: entry.seq,
                what: format!(
                    "the {} row digests kept for entry {} are not those it committed to",
                    pairs.len(),
                    entry.seq
                ),
            });
        }
    }
    Ok(())
}

/// Runs the whole audit on one snapshot.
pub async fn run(conn: &mut Conn, backend: Backend) -> Result<Report> {
    let mut report = Report::default();
    dangling(conn, backend, &mut report).await?;
    bulk_commitments(conn, &mut report).await?;
    cadres(conn, &mut report).await?;
    selection(conn, &mut report).await?;
    Ok(report)
}
