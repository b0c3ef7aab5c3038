//! Obligations (a duty with a subject, a source, a rule and a due date) and the six-musts trigger
//! events that create them.

use std::collections::HashSet;

use jianquan_domain::registry::OrgPath;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::query::{Sql, Value};
use crate::{Conn, Result, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
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
    /// open, fulfilled or closed as stored.
    pub status: String,
    pub fulfilled_kind: Option<String>,
    pub fulfilled_id: Option<String>,
    pub fulfilled_on: Option<String>,
    pub note: String,
}

const OBLIGATION_SELECT: &str = "SELECT b.id, b.cadre_id, c.name, b.org_path, b.rule, b.kind, b.source_kind, \
    b.source_id, b.source_date, b.due_date, b.interval_months, b.status, b.fulfilled_kind, b.fulfilled_id, \
    b.fulfilled_on, b.note FROM obligations b JOIN cadres c ON c.id = b.cadre_id";

fn obligation_row(r: &AnyRow) -> Result<ObligationRow> {
    Ok(ObligationRow {
        id: r.try_get(0)?,
        cadre_id: r.try_get(1)?,
        cadre_name: r.try_get(2)?,
        org_path: r.try_get(3)?,
        rule: r.try_get(4)?,
        kind: r.try_get(5)?,
        source_kind: r.try_get(6)?,
        source_id: r.try_get(7)?,
        source_date: r.try_get(8)?,
        due_date: r.try_get(9)?,
        interval_months: r.try_get(10)?,
        status: r.try_get(11)?,
        fulfilled_kind: r.try_get(12)?,
        fulfilled_id: r.try_get(13)?,
        fulfilled_on: r.try_get(14)?,
        note: r.try_get(15)?,
    })
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

pub async fn insert_obligation(tx: &mut WriteTx, o: &NewObligation<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO obligations (id, cadre_id, org_path, rule, kind, source_kind, source_id, source_date, due_date, \
         interval_months, status, note, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12)",
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

/// A cadre's open obligations of the given kinds that arose on or before `on` (a record can only
/// fulfil a duty that existed when it was made), oldest due first.
pub async fn open_of_kinds(conn: &mut Conn, cadre_id: &str, kinds: &[&str], on: &str) -> Result<Vec<ObligationRow>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(OBLIGATION_SELECT);
    sql.push(" WHERE b.cadre_id = ").bind_text(cadre_id).push(" AND b.source_date <= ").bind_text(on);
    sql.push(" AND b.status = 'open' AND b.kind IN ");
    sql.bind_list(kinds.iter().map(|k| Value::Text((*k).to_owned())));
    sql.push(" ORDER BY b.due_date, b.id");
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(obligation_row).collect()
}

/// Whether the cadre has an open obligation under the rule.
pub async fn has_open(conn: &mut Conn, cadre_id: &str, rule: &str) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM obligations WHERE cadre_id = $1 AND status = 'open' AND rule = $2")
        .bind(cadre_id)
        .bind(rule)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Which of the cadres have an open obligation under the rule (one statement per 500 cadres).
pub async fn with_open(conn: &mut Conn, cadre_ids: &[&str], rule: &str) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new("SELECT DISTINCT cadre_id FROM obligations WHERE status = 'open' AND rule = ");
        sql.bind_text(rule).push(" AND cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            found.insert(row.try_get(0)?);
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

/// Fulfils an open obligation; `false` if it was no longer open.
pub async fn fulfil(tx: &mut WriteTx, id: &str, by_kind: &str, by_id: &str, on: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = 'fulfilled', fulfilled_kind = $1, fulfilled_id = $2, fulfilled_on = $3, \
         updated_seq = $4 WHERE id = $5 AND status = 'open'",
    )
    .bind(by_kind)
    .bind(by_id)
    .bind(on)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open obligation; `false` if it was no longer open.
pub async fn close(tx: &mut WriteTx, id: &str, note: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE obligations SET status = 'closed', note = $1, updated_seq = $2 WHERE id = $3 AND status = 'open'",
    )
    .bind(note)
    .bind(seq)
    .bind(id)
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
            Show::Open | Show::Overdue => "open",
            Show::Fulfilled => "fulfilled",
            Show::Closed => "closed",
        };
        sql.push(" WHERE b.status = ").bind_text(status);
        sql.push(" AND b.org_path >= ").bind_text(start.clone()).push(" AND b.org_path < ").bind_text(end.clone());
        if show == Show::Overdue {
            sql.push(" AND b.due_date < ").bind_text(today);
        }
    };
    let mut count = Sql::new("SELECT COUNT(*) FROM obligations b");
    filter(&mut count);
    let total: i64 = count.query(conn)?.fetch_one(&mut *conn).await?.try_get(0)?;
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
        "SELECT b.org_path, COUNT(*) FROM obligations b WHERE b.status = 'open' AND b.org_path >= $1 \
         AND b.org_path < $2 AND b.due_date < $3 GROUP BY b.org_path",
    )
    .bind(start)
    .bind(end)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
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
