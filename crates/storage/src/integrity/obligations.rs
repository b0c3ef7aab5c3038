//! Obligations (a duty with a subject, a source, a rule and a due date) and the six-musts trigger
//! events that create them.
//!
//! A cadre's open duties are the aggregate that a record fulfilling them, or staff closing one,
//! decide on: [`lock_duties`] locks them — by name, not the cadre's row, which other writers
//! update and reference freely — and [`fulfil`] and [`close`] take the [`Locked`] duties as
//! proof. Whether a new duty is already covered is read after the transaction's ledger entry,
//! where no other writer runs (SQLite's writer is alone; on PostgreSQL every writer takes the
//! ledger head there).

use std::collections::HashSet;

use jianquan_domain::integrity::ObligationStatus;
use jianquan_domain::registry::OrgPath;
use sqlx::any::AnyRow;

use crate::lock::{self, Locked};
use crate::query::{Sql, Value};
use crate::row::{coded, int, opt_int, opt_text, text};
use crate::{Conn, Result, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObligationRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_path: String,
    pub rule: String,
    pub kind: String,
    pub source_kind: String,
    pub source_id: String,
    pub source_date: String,
    pub due_date: String,
    pub interval_months: Option<i64>,
    pub status: ObligationStatus,
    pub fulfilled_kind: Option<String>,
    pub fulfilled_id: Option<String>,
    pub fulfilled_on: Option<String>,
    pub note: String,
}

const OBLIGATION_SELECT: &str = "SELECT b.id, b.cadre_id, c.name AS cadre_name, b.org_path, b.rule, b.kind, \
    b.source_kind, b.source_id, b.source_date, b.due_date, b.interval_months, b.status, b.fulfilled_kind, \
    b.fulfilled_id, b.fulfilled_on, b.note FROM obligations b JOIN cadres c ON c.id = b.cadre_id";

fn obligation_row(r: &AnyRow) -> Result<ObligationRow> {
    Ok(ObligationRow {
        id: text(r, "id")?,
        cadre_id: text(r, "cadre_id")?,
        cadre_name: text(r, "cadre_name")?,
        org_path: text(r, "org_path")?,
        rule: text(r, "rule")?,
        kind: text(r, "kind")?,
        source_kind: text(r, "source_kind")?,
        source_id: text(r, "source_id")?,
        source_date: text(r, "source_date")?,
        due_date: text(r, "due_date")?,
        interval_months: opt_int(r, "interval_months")?,
        status: coded(r, "status", ObligationStatus::parse)?,
        fulfilled_kind: opt_text(r, "fulfilled_kind")?,
        fulfilled_id: opt_text(r, "fulfilled_id")?,
        fulfilled_on: opt_text(r, "fulfilled_on")?,
        note: text(r, "note")?,
    })
}

/// A cadre's open duties, as a lock: who holds it decides which of them a record fulfils or
/// staff close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duties {
    pub cadre_id: String,
}

/// Locks the cadre's open duties until the transaction ends; `None` if there is no such cadre.
/// Taken before the transaction's first ledger entry, as every lock (PostgreSQL: an advisory lock
/// on the cadre's ID; SQLite: the writer is already alone).
pub async fn lock_duties(tx: &mut WriteTx, cadre_id: &str) -> Result<Option<Locked<Duties>>> {
    lock::name(tx, "obligations", cadre_id).await?;
    let exists = sqlx::query("SELECT id FROM cadres WHERE id = $1").bind(cadre_id).fetch_optional(&mut **tx).await?;
    Ok(exists.map(|_| Locked::new(Duties { cadre_id: cadre_id.to_owned() })))
}

/// The open obligations of the cadre whose duties are locked, oldest due first, as stored now.
pub async fn open_duties(tx: &mut WriteTx, duties: &Locked<Duties>) -> Result<Vec<ObligationRow>> {
    let rows =
        sqlx::query(&format!("{OBLIGATION_SELECT} WHERE b.cadre_id = $1 AND b.status = $2 ORDER BY b.due_date, b.id"))
            .bind(&duties.cadre_id)
            .bind(ObligationStatus::Open.code())
            .fetch_all(&mut **tx)
            .await?;
    rows.iter().map(obligation_row).collect()
}

/// What a new obligation holds.
#[derive(Debug, Clone)]
pub struct NewObligation<'a> {
    pub id: &'a str,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub rule: &'a str,
    pub kind: &'a str,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub source_date: String,
    pub due_date: String,
    pub interval_months: Option<u32>,
    pub note: &'a str,
}

/// Creates an open obligation.
pub async fn insert_obligation(tx: &mut WriteTx, o: &NewObligation<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO obligations (id, cadre_id, org_path, rule, kind, source_kind, source_id, source_date, due_date, \
         interval_months, status, note, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(o.id)
    .bind(o.cadre_id)
    .bind(o.org_path)
    .bind(o.rule)
    .bind(o.kind)
    .bind(o.source_kind)
    .bind(o.source_id)
    .bind(&o.source_date)
    .bind(&o.due_date)
    .bind(o.interval_months.map(i64::from))
    .bind(ObligationStatus::Open.code())
    .bind(o.note)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_obligation(conn: &mut Conn, id: &str) -> Result<Option<ObligationRow>> {
    let row = sqlx::query(&format!("{OBLIGATION_SELECT} WHERE b.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(obligation_row).transpose()
}

/// Whether the cadre has an open obligation under the rule.
pub async fn has_open(conn: &mut Conn, cadre_id: &str, rule: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS open_duties FROM obligations WHERE cadre_id = $1 AND status = 'open' AND rule = $2",
    )
    .bind(cadre_id)
    .bind(rule)
    .fetch_one(&mut *conn)
    .await?;
    Ok(int(&row, "open_duties")? > 0)
}

/// Which of the cadres have an open obligation under the rule (one statement per 500 cadres).
pub async fn with_open(conn: &mut Conn, cadre_ids: &[&str], rule: &str) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new("SELECT DISTINCT cadre_id FROM obligations WHERE status = 'open' AND rule = ");
        sql.bind_text(rule).push(" AND cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            found.insert(text(&row, "cadre_id")?);
        }
    }
    Ok(found)
}

pub async fn of_cadre(conn: &mut Conn, cadre_id: &str) -> Result<Vec<ObligationRow>> {
    let rows = sqlx::query(&format!(
        "{OBLIGATION_SELECT} WHERE b.cadre_id = $1 ORDER BY CASE WHEN b.status = 'open' THEN 0 ELSE 1 END, b.due_date DESC, b.id"
    ))
    .bind(cadre_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(obligation_row).collect()
}

/// Fulfils an open obligation of the cadre whose duties are locked (open → fulfilled); `false`
/// if it was no longer open.
pub async fn fulfil(
    tx: &mut WriteTx,
    duties: &Locked<Duties>,
    id: &str,
    by: (&str, &str),
    on: &str,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = $1, fulfilled_kind = $2, fulfilled_id = $3, fulfilled_on = $4, \
         updated_seq = $5 WHERE id = $6 AND cadre_id = $7 AND status = $8",
    )
    .bind(ObligationStatus::Fulfilled.code())
    .bind(by.0)
    .bind(by.1)
    .bind(on)
    .bind(seq)
    .bind(id)
    .bind(&duties.cadre_id)
    .bind(ObligationStatus::Open.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open obligation of the cadre whose duties are locked (open → closed), with the
/// reason; `false` if it was no longer open.
pub async fn close(tx: &mut WriteTx, duties: &Locked<Duties>, id: &str, note: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = $1, note = $2, updated_seq = $3 WHERE id = $4 AND cadre_id = $5 AND status = $6",
    )
    .bind(ObligationStatus::Closed.code())
    .bind(note)
    .bind(seq)
    .bind(id)
    .bind(&duties.cadre_id)
    .bind(ObligationStatus::Open.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which obligations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Open,
    /// Open and past due on the given day.
    Overdue,
    Fulfilled,
    Closed,
}

/// Obligations of a subtree: one index range over (status, org_path), due date first, with the total.
pub async fn list_obligations(
    conn: &mut Conn,
    root: &OrgPath,
    show: Show,
    today: &str,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ObligationRow>, i64)> {
    let (start, end) = root.subtree_range();
    let filter = |sql: &mut Sql| {
        let status = match show {
            Show::Open | Show::Overdue => ObligationStatus::Open,
            Show::Fulfilled => ObligationStatus::Fulfilled,
            Show::Closed => ObligationStatus::Closed,
        };
        sql.push(" WHERE b.status = ").bind_text(status.code());
        sql.push(" AND b.org_path >= ").bind_text(start.clone()).push(" AND b.org_path < ").bind_text(end.clone());
        if show == Show::Overdue {
            sql.push(" AND b.due_date < ").bind_text(today);
        }
    };
    let mut count = Sql::new("SELECT COUNT(*) AS total FROM obligations b");
    filter(&mut count);
    let total = int(&count.query(conn)?.fetch_one(&mut *conn).await?, "total")?;
    let mut list = Sql::new(OBLIGATION_SELECT);
    filter(&mut list);
    list.push(" ORDER BY b.due_date, b.id LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows = list.query(conn)?.fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(obligation_row).collect::<Result<_>>()?, total))
}

/// Open obligations past due per org of a subtree: (org path, count).
pub async fn overdue_by_org(conn: &mut Conn, root: &OrgPath, today: &str) -> Result<Vec<(String, i64)>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT b.org_path, COUNT(*) AS overdue FROM obligations b WHERE b.status = 'open' AND b.org_path >= $1 \
         AND b.org_path < $2 AND b.due_date < $3 GROUP BY b.org_path",
    )
    .bind(start)
    .bind(end)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "org_path")?, int(r, "overdue")?))).collect()
}

// ─── Integrity events ────────────────────────────────────────────────────────────────────────

/// A six-musts trigger event as stored.
#[derive(Debug, Clone)]
pub struct EventRow<'a> {
    pub id: &'a str,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub trigger: &'a str,
    pub date: String,
    pub basis: &'a str,
}

pub async fn insert_event(tx: &mut WriteTx, e: &EventRow<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO integrity_events (id, cadre_id, org_path, trigger_kind, date, basis, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(e.cadre_id)
    .bind(e.org_path)
    .bind(e.trigger)
    .bind(&e.date)
    .bind(e.basis)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
