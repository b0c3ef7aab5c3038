//! Each cadre's training totals kept as of a day (`training_standing`, migration 0006): the
//! compliance report judges a subtree's valid rows in one grouped statement and recomputes only
//! the rows whose span does not hold its day. See the migration for the invariants.

use std::collections::HashMap;

use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::{Figures, RecordFact, Standing, TimeRule};
use time::Date;

use crate::query::Sql;
use crate::row::{count, flag, int, text};
use crate::{Conn, Result, WriteTx};

/// The row of a new cadre (its totals not yet computed).
pub async fn add_cadre(tx: &mut WriteTx, cadre_id: &str, org_path: &str, rank_level: i64) -> Result<()> {
    sqlx::query("INSERT INTO training_standing (org_path, cadre_id, rank_level) VALUES ($1, $2, $3)")
        .bind(org_path)
        .bind(cadre_id)
        .bind(rank_level)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The rows of many new cadres: `(cadre_id, org_path, rank_level)`.
pub async fn add_cadres(tx: &mut WriteTx, cadres: &[(&str, &str, i64)]) -> Result<()> {
    for chunk in cadres.chunks(300) {
        let mut sql = Sql::new("INSERT INTO training_standing (org_path, cadre_id, rank_level) VALUES ");
        for (i, (id, path, level)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind_text(*path).push(", ").bind_text(*id).push(", ").bind_int(*level).push(")");
        }
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Follows a cadre's unit and rank (in the transaction that changes them).
pub async fn move_cadre(tx: &mut WriteTx, cadre_id: &str, org_path: &str, rank_level: i64) -> Result<()> {
    sqlx::query("UPDATE training_standing SET org_path = $1, rank_level = $2 WHERE cadre_id = $3")
        .bind(org_path)
        .bind(rank_level)
        .bind(cadre_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks cadres' totals as needing a recount (in the transaction that writes their records).
pub async fn invalidate(tx: &mut WriteTx, cadre_ids: &[&str]) -> Result<()> {
    for chunk in cadre_ids.chunks(500) {
        let mut sql =
            Sql::new("UPDATE training_standing SET version = version + 1, valid_until = '' WHERE cadre_id IN ");
        sql.bind_list(chunk.iter().map(|id| crate::query::Value::Text((*id).to_owned())));
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A row whose totals do not hold on the report's day.
#[derive(Debug, Clone)]
pub struct StaleRow {
    pub cadre_id: String,
    pub org_path: String,
    pub rank_level: i64,
    pub version: i64,
}

fn stale_row(r: &sqlx::any::AnyRow) -> Result<StaleRow> {
    Ok(StaleRow {
        cadre_id: text(r, "cadre_id")?,
        org_path: text(r, "org_path")?,
        rank_level: int(r, "rank_level")?,
        version: int(r, "version")?,
    })
}

/// Whether a row is valid on a day: `$3` the window in months, `$4` the day.
const VALID: &str = "window_months = $3 AND valid_from <= $4 AND valid_until > $4";

/// The rows of a subtree not valid on `on` (in path order).
pub async fn stale(conn: &mut Conn, root: &OrgPath, on: Date, window_months: i64) -> Result<Vec<StaleRow>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(&format!(
        "SELECT cadre_id, org_path, rank_level, version FROM training_standing \
         WHERE org_path >= $1 AND org_path < $2 AND NOT ({VALID}) ORDER BY org_path, cadre_id"
    ))
    .bind(start)
    .bind(end)
    .bind(window_months)
    .bind(on.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(stale_row).collect()
}

/// Rows not valid on `on`, anywhere, in cadre ID order after `after`, at most `limit` of them
/// (the background refresh walks the table once this way).
pub async fn stale_after(
    conn: &mut Conn,
    after: &str,
    on: Date,
    window_months: i64,
    limit: i64,
) -> Result<Vec<StaleRow>> {
    let rows = sqlx::query(
        "SELECT cadre_id, org_path, rank_level, version FROM training_standing WHERE cadre_id > $1 \
         AND NOT (window_months = $2 AND valid_from <= $3 AND valid_until > $3) ORDER BY cadre_id LIMIT $4",
    )
    .bind(after)
    .bind(window_months)
    .bind(on.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(stale_row).collect()
}

/// The records of the given cadres, as the totals need them (one query per 500 cadres).
pub async fn facts_of(conn: &mut Conn, cadre_ids: &[&str]) -> Result<HashMap<String, Vec<RecordFact>>> {
    let mut facts: HashMap<String, Vec<RecordFact>> = HashMap::new();
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new(
            "SELECT cadre_id, end_date, institutional, class_hours, full_time_days, credits_centi \
             FROM training_records WHERE cadre_id IN ",
        );
        sql.bind_list(chunk.iter().map(|id| crate::query::Value::Text((*id).to_owned())));
        let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
        for r in rows {
            let end = text(&r, "end_date")?;
            facts.entry(text(&r, "cadre_id")?).or_default().push(RecordFact {
                end_date: jianquan_domain::registry::dates::parse_date("end_date", &end)
                    .map_err(|_| crate::StorageError::Malformed(format!("training record end date {end}")))?,
                institutional: flag(&r, "institutional")?,
                class_hours: count(&r, "class_hours")?,
                full_time_days: count(&r, "full_time_days")?,
                credits_centi: count(&r, "credits_centi")?,
            });
        }
    }
    Ok(facts)
}

/// Writes recomputed totals back, each only if its row still has the version that was read (a
/// record written meanwhile keeps its row stale). Returns how many rows were written.
pub async fn write_back(tx: &mut WriteTx, window_months: i64, rows: &[(&StaleRow, Standing)]) -> Result<u64> {
    let mut written = 0;
    for (row, s) in rows {
        let t = &s.totals;
        let done = sqlx::query(
            "UPDATE training_standing SET window_months = $1, valid_from = $2, valid_until = $3, window_hours = $4, \
             window_days = $5, year_hours = $6, year_days = $7, year_credits_centi = $8 \
             WHERE cadre_id = $9 AND version = $10",
        )
        .bind(window_months)
        .bind(s.valid_from.to_string())
        .bind(s.valid_until.to_string())
        .bind(i64::try_from(t.window_hours).unwrap_or(i64::MAX))
        .bind(i64::try_from(t.window_days).unwrap_or(i64::MAX))
        .bind(i64::try_from(t.year_hours).unwrap_or(i64::MAX))
        .bind(i64::try_from(t.year_days).unwrap_or(i64::MAX))
        .bind(i64::try_from(t.year_credits_centi).unwrap_or(i64::MAX))
        .bind(&row.cadre_id)
        .bind(row.version)
        .execute(&mut **tx)
        .await?;
        written += done.rows_affected();
    }
    Ok(written)
}

/// The judgement of [`jianquan_domain::training::Requirements::evaluate`] as SQL expressions over
/// a `training_standing` row: (assessed 0/1, class hours short, credits short in hundredths). The
/// figures are integers of the policy file, written as literals; nothing here comes from input.
fn judgement(f: &Figures) -> (String, String, String) {
    let max = jianquan_domain::training::requirement::MAX_LEVEL;
    let county = format!("(rank_level >= 1 AND rank_level <= {})", f.county_max_level);
    let township = format!(
        "(rank_level >= {} AND rank_level <= {max} AND rank_level > {})",
        f.township_min_level, f.county_max_level
    );
    let time = |rule: Option<TimeRule>, hours: &str, days: &str| match rule {
        Some(t) => {
            format!("CASE WHEN {hours} >= {h} OR {days} >= {d} THEN 0 ELSE {h} - {hours} END", h = t.hours, d = t.days)
        }
        None => "0".to_owned(),
    };
    let credits = |need: Option<u64>| match need {
        Some(c) => format!("CASE WHEN year_credits_centi >= {c} THEN 0 ELSE {c} - year_credits_centi END"),
        None => "0".to_owned(),
    };
    let flag = |b: bool| if b { "1" } else { "0" };
    let assessed = format!(
        "CASE WHEN {county} THEN {} WHEN {township} THEN {} ELSE 0 END",
        flag(f.county.is_some() || f.credits.is_some()),
        flag(f.township.is_some() || f.credits.is_some())
    );
    let hours = format!(
        "CASE WHEN {county} THEN {} WHEN {township} THEN {} ELSE 0 END",
        time(f.county, "window_hours", "window_days"),
        time(f.township, "year_hours", "year_days")
    );
    let credit = format!(
        "CASE WHEN {county} THEN {} WHEN {township} THEN {} ELSE 0 END",
        credits(f.credits.map(|c| c.0)),
        credits(f.credits.map(|c| c.1))
    );
    (assessed, hours, credit)
}

/// One org's valid rows counted: cadres, assessed, compliant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCount {
    pub org_path: String,
    pub cadres: u64,
    pub assessed: u64,
    pub compliant: u64,
}

fn judged(f: &Figures) -> String {
    let (assessed, hours, credits) = judgement(f);
    format!(
        "SELECT cadre_id, org_path, {assessed} AS assessed, {hours} AS hours_short, {credits} AS credits_short \
         FROM training_standing WHERE org_path >= $1 AND org_path < $2 AND {VALID}"
    )
}

/// The valid rows of a subtree judged and counted per org path.
pub async fn count_by_path(
    conn: &mut Conn,
    root: &OrgPath,
    on: Date,
    window_months: i64,
    f: &Figures,
) -> Result<Vec<PathCount>> {
    let (start, end) = root.subtree_range();
    let sql = format!(
        "SELECT org_path, CAST(COUNT(*) AS BIGINT) AS cadres, CAST(SUM(assessed) AS BIGINT) AS assessed, \
         CAST(SUM(CASE WHEN assessed = 1 AND hours_short = 0 AND credits_short = 0 THEN 1 ELSE 0 END) AS BIGINT) \
         AS compliant FROM ({}) j GROUP BY org_path ORDER BY org_path",
        judged(f)
    );
    let rows =
        sqlx::query(&sql).bind(start).bind(end).bind(window_months).bind(on.to_string()).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(PathCount {
                org_path: text(r, "org_path")?,
                cadres: count(r, "cadres")?,
                assessed: count(r, "assessed")?,
                compliant: count(r, "compliant")?,
            })
        })
        .collect()
}

/// A cadre short of a requirement, from the valid rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Short {
    pub cadre_id: String,
    pub org_path: String,
    pub hours_short: u64,
    pub credits_short_centi: u64,
}

/// The `keep` most short of the subtree's valid rows: hours, then credits, then path and ID.
pub async fn most_short(
    conn: &mut Conn,
    root: &OrgPath,
    on: Date,
    window_months: i64,
    f: &Figures,
    keep: usize,
) -> Result<Vec<Short>> {
    let (start, end) = root.subtree_range();
    let sql = format!(
        "SELECT cadre_id, org_path, hours_short, credits_short FROM ({}) j \
         WHERE assessed = 1 AND (hours_short > 0 OR credits_short > 0) \
         ORDER BY hours_short DESC, credits_short DESC, org_path, cadre_id LIMIT $5",
        judged(f)
    );
    let rows = sqlx::query(&sql)
        .bind(start)
        .bind(end)
        .bind(window_months)
        .bind(on.to_string())
        .bind(i64::try_from(keep).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Short {
                cadre_id: text(r, "cadre_id")?,
                org_path: text(r, "org_path")?,
                hours_short: count(r, "hours_short")?,
                credits_short_centi: count(r, "credits_short")?,
            })
        })
        .collect()
}

/// Every cadre of a subtree with their org path and rank level, in cadre ID order.
pub async fn cadres_of(conn: &mut Conn, root: &OrgPath) -> Result<Vec<(String, String, i64)>> {
    let (start, end) = root.subtree_range();
    let rows = sqlx::query(
        "SELECT cadre_id, org_path, rank_level FROM training_standing WHERE org_path >= $1 AND org_path < $2 \
         ORDER BY cadre_id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((text(r, "cadre_id")?, text(r, "org_path")?, int(r, "rank_level")?))).collect()
}

/// `n` cadre IDs spread evenly over the whole roster (every k-th in ID order), for benchmarks.
pub async fn spread(conn: &mut Conn, n: usize) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT cadre_id FROM training_standing ORDER BY cadre_id").fetch_all(&mut *conn).await?;
    let step = (rows.len() / n.max(1)).max(1);
    rows.iter().step_by(step).take(n).map(|r| text(r, "cadre_id")).collect()
}
