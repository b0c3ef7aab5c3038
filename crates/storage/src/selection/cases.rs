//! Selection cases (纪实): numbering, the case row and its state, the list of a subtree.

use jianquan_domain::registry::OrgPath;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::query::Sql;
use crate::registry::opt_text;
use crate::{Conn, Result, WriteTx};

/// A case as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct CaseRow {
    pub id: String,
    /// 纪实〔year〕seq号.
    pub number: String,
    pub year: i64,
    pub seq: i64,
    pub post_id: String,
    pub post_title: String,
    pub org_id: String,
    pub org_path: String,
    pub org_name: String,
    pub method: String,
    pub proposer: String,
    pub work_plan: String,
    pub opened_on: String,
    pub state: String,
    pub paused: bool,
    pub ended_because: Option<String>,
    pub decision_item_id: Option<String>,
    pub appointee_id: Option<String>,
    pub created_seq: i64,
    pub updated_seq: i64,
}

const COLUMNS: &str = "s.id, s.year, s.seq, s.post_id, s.post_title, s.org_id, s.org_path, o.name, s.method, s.proposer, \
    s.work_plan, s.opened_on, s.state, s.paused, s.ended_because, s.decision_item_id, s.appointee_id, s.created_seq, \
    s.updated_seq";
const FROM: &str = " FROM selection_cases s JOIN orgs o ON o.id = s.org_id";

fn from_row(row: &AnyRow) -> Result<CaseRow> {
    let year: i64 = row.try_get(1)?;
    let seq: i64 = row.try_get(2)?;
    Ok(CaseRow {
        id: row.try_get(0)?,
        number: format!("纪实〔{year}〕{seq}号"),
        year,
        seq,
        post_id: row.try_get(3)?,
        post_title: row.try_get(4)?,
        org_id: row.try_get(5)?,
        org_path: row.try_get(6)?,
        org_name: row.try_get(7)?,
        method: row.try_get(8)?,
        proposer: row.try_get(9)?,
        work_plan: row.try_get(10)?,
        opened_on: row.try_get(11)?,
        state: row.try_get(12)?,
        paused: row.try_get::<i64, _>(13)? != 0,
        ended_because: opt_text(row, 14)?,
        decision_item_id: opt_text(row, 15)?,
        appointee_id: opt_text(row, 16)?,
        created_seq: row.try_get(17)?,
        updated_seq: row.try_get(18)?,
    })
}

/// Takes the next case number of `year` (gap-free within the transaction's lock).
pub async fn next_number(tx: &mut WriteTx, year: i32) -> Result<i64> {
    sqlx::query("INSERT INTO selection_case_numbers (year, last_seq) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING")
        .bind(i64::from(year))
        .execute(&mut **tx)
        .await?;
    let row =
        sqlx::query("UPDATE selection_case_numbers SET last_seq = last_seq + 1 WHERE year = $1 RETURNING last_seq")
            .bind(i64::from(year))
            .fetch_one(&mut **tx)
            .await?;
    Ok(row.try_get(0)?)
}

/// What a motion writes.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub id: &'a str,
    pub year: i32,
    pub seq: i64,
    pub post_id: &'a str,
    pub post_title: &'a str,
    pub org_id: &'a str,
    pub org_path: &'a str,
    pub method: &'a str,
    pub proposer: &'a str,
    pub work_plan: &'a str,
    pub opened_on: String,
}

pub async fn insert(tx: &mut WriteTx, c: &NewCase<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO selection_cases (id, year, seq, post_id, post_title, org_id, org_path, method, proposer, work_plan, \
         opened_on, state, paused, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'motion', 0, $12, $12)",
    )
    .bind(c.id)
    .bind(i64::from(c.year))
    .bind(c.seq)
    .bind(c.post_id)
    .bind(c.post_title)
    .bind(c.org_id)
    .bind(c.org_path)
    .bind(c.method)
    .bind(c.proposer)
    .bind(c.work_plan)
    .bind(&c.opened_on)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<CaseRow>> {
    let row =
        sqlx::query(&format!("SELECT {COLUMNS}{FROM} WHERE s.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Cases still running on a post (not appointed, not archived): each holds one of its vacancies.
pub async fn running_on_post(conn: &mut Conn, post_id: &str) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM selection_cases WHERE post_id = $1 AND state NOT IN ('appointed', 'archived')",
    )
    .bind(post_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Filters of the case list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub root: Option<OrgPath>,
    pub state: Option<String>,
    pub year: Option<i32>,
}

/// Cases of a subtree, newest number first, with the total.
pub async fn list(conn: &mut Conn, filter: &CaseFilter, offset: i64, limit: i64) -> Result<(Vec<CaseRow>, i64)> {
    let apply = |sql: &mut Sql| {
        let root = filter.root.clone().unwrap_or_else(OrgPath::everything);
        let (start, end) = root.subtree_range();
        sql.push(" WHERE s.org_path >= ").bind_text(start).push(" AND s.org_path < ").bind_text(end);
        if let Some(state) = &filter.state {
            sql.push(" AND s.state = ").bind_text(state.clone());
        }
        if let Some(year) = filter.year {
            sql.push(" AND s.year = ").bind_int(i64::from(year));
        }
    };
    let mut count = Sql::new("SELECT COUNT(*) FROM selection_cases s");
    apply(&mut count);
    let total: i64 = count.query(conn)?.fetch_one(&mut *conn).await?.try_get(0)?;
    let mut list = Sql::new("SELECT ");
    list.push(COLUMNS).push(FROM);
    apply(&mut list);
    list.push(" ORDER BY s.year DESC, s.seq DESC LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows = list.query(conn)?.fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

/// Moves a case from `from` to `to` if it still stands in `from` and is not paused; `false`
/// when another request moved it meanwhile.
pub async fn set_state(tx: &mut WriteTx, id: &str, from: &str, to: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = $1, updated_seq = $2 WHERE id = $3 AND state = $4 AND paused = 0",
    )
    .bind(to)
    .bind(seq)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Pauses or resumes; `false` if the flag already had that value.
pub async fn set_paused(tx: &mut WriteTx, id: &str, paused: bool, seq: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE selection_cases SET paused = $1, updated_seq = $2 WHERE id = $3 AND paused = $4")
        .bind(i64::from(paused))
        .bind(seq)
        .bind(id)
        .bind(i64::from(!paused))
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Archives a case from `from`, with the reason it ended early if it did.
pub async fn archive(tx: &mut WriteTx, id: &str, from: &str, reason: Option<&str>, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = 'archived', ended_because = $1, updated_seq = $2 \
         WHERE id = $3 AND state = $4 AND paused = 0",
    )
    .bind(reason)
    .bind(seq)
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publicity starts on a passed item: decision → publicity, remembering the item.
pub async fn publicise(tx: &mut WriteTx, id: &str, item_id: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = 'publicity', decision_item_id = $1, updated_seq = $2 \
         WHERE id = $3 AND state = 'decision' AND paused = 0",
    )
    .bind(item_id)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publicity → appointed, with the appointee.
pub async fn appoint(tx: &mut WriteTx, id: &str, cadre_id: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = 'appointed', appointee_id = $1, updated_seq = $2 \
         WHERE id = $3 AND state = 'publicity' AND paused = 0",
    )
    .bind(cadre_id)
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
