//! Selection cases (纪实): numbering, the case row and its state, the list of a subtree.

use jianquan_domain::registry::OrgPath;
use jianquan_domain::selection::case::State;
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::query::Sql;
use crate::row::{coded, flag, int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub state: State,
    pub paused: bool,
    pub ended_because: Option<String>,
    pub decision_item_id: Option<String>,
    pub appointee_id: Option<String>,
    pub created_seq: i64,
    pub updated_seq: i64,
}

const COLUMNS: &str = "s.id, s.year, s.seq, s.post_id, s.post_title, s.org_id, s.org_path, o.name AS org_name, \
    s.method, s.proposer, s.work_plan, s.opened_on, s.state, s.paused, s.ended_because, s.decision_item_id, \
    s.appointee_id, s.created_seq, s.updated_seq";
const FROM: &str = " FROM selection_cases s JOIN orgs o ON o.id = s.org_id";

fn from_row(row: &AnyRow) -> Result<CaseRow> {
    let year = int(row, "year")?;
    let seq = int(row, "seq")?;
    Ok(CaseRow {
        id: text(row, "id")?,
        number: format!("纪实〔{year}〕{seq}号"),
        year,
        seq,
        post_id: text(row, "post_id")?,
        post_title: text(row, "post_title")?,
        org_id: text(row, "org_id")?,
        org_path: text(row, "org_path")?,
        org_name: text(row, "org_name")?,
        method: text(row, "method")?,
        proposer: text(row, "proposer")?,
        work_plan: text(row, "work_plan")?,
        opened_on: text(row, "opened_on")?,
        state: coded(row, "state", State::parse)?,
        paused: flag(row, "paused")?,
        ended_because: opt_text(row, "ended_because")?,
        decision_item_id: opt_text(row, "decision_item_id")?,
        appointee_id: opt_text(row, "appointee_id")?,
        created_seq: int(row, "created_seq")?,
        updated_seq: int(row, "updated_seq")?,
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
    int(&row, "last_seq")
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
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $13)",
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
    .bind(State::Motion.code())
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

/// The case, locked for a step until the transaction ends.
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<CaseRow>>> {
    if !lock::row(tx, Table::Cases, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(Locked::new))
}

/// Cases still running on a post (not appointed, not archived): each holds one of its vacancies.
pub async fn running_on_post(conn: &mut Conn, post_id: &str) -> Result<i64> {
    let row =
        sqlx::query("SELECT COUNT(*) AS running FROM selection_cases WHERE post_id = $1 AND state NOT IN ($2, $3)")
            .bind(post_id)
            .bind(State::Appointed.code())
            .bind(State::Archived.code())
            .fetch_one(&mut *conn)
            .await?;
    int(&row, "running")
}

/// Filters of the case list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub root: Option<OrgPath>,
    pub state: Option<State>,
    pub year: Option<i32>,
}

/// Cases of a subtree, newest number first, with the total.
pub async fn list(conn: &mut Conn, filter: &CaseFilter, offset: i64, limit: i64) -> Result<(Vec<CaseRow>, i64)> {
    let apply = |sql: &mut Sql| {
        let root = filter.root.clone().unwrap_or_else(OrgPath::everything);
        let (start, end) = root.subtree_range();
        sql.push(" WHERE s.org_path >= ").bind_text(start).push(" AND s.org_path < ").bind_text(end);
        if let Some(state) = filter.state {
            sql.push(" AND s.state = ").bind_text(state.code());
        }
        if let Some(year) = filter.year {
            sql.push(" AND s.year = ").bind_int(i64::from(year));
        }
    };
    let mut count = Sql::new("SELECT COUNT(*) AS total FROM selection_cases s");
    apply(&mut count);
    let total = int(&count.query(conn)?.fetch_one(&mut *conn).await?, "total")?;
    let mut list = Sql::new("SELECT ");
    list.push(COLUMNS).push(FROM);
    apply(&mut list);
    list.push(" ORDER BY s.year DESC, s.seq DESC LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows = list.query(conn)?.fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

/// Moves the locked case from `from` to `to` if it still stands in `from` and is not paused;
/// `false` otherwise.
pub async fn set_state(tx: &mut WriteTx, case: &Locked<CaseRow>, from: State, to: State, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = $1, updated_seq = $2 WHERE id = $3 AND state = $4 AND paused = 0",
    )
    .bind(to.code())
    .bind(seq)
    .bind(&case.id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Pauses or resumes the locked case; `false` if the flag already had that value.
pub async fn set_paused(tx: &mut WriteTx, case: &Locked<CaseRow>, paused: bool, seq: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE selection_cases SET paused = $1, updated_seq = $2 WHERE id = $3 AND paused = $4")
        .bind(i64::from(paused))
        .bind(seq)
        .bind(&case.id)
        .bind(i64::from(!paused))
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Archives the locked case from `from`, with the reason it ended early if it did.
pub async fn archive(
    tx: &mut WriteTx,
    case: &Locked<CaseRow>,
    from: State,
    reason: Option<&str>,
    seq: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = $1, ended_because = $2, updated_seq = $3 \
         WHERE id = $4 AND state = $5 AND paused = 0",
    )
    .bind(State::Archived.code())
    .bind(reason)
    .bind(seq)
    .bind(&case.id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publicity starts on a passed item: decision → publicity, remembering the item.
pub async fn publicise(tx: &mut WriteTx, case: &Locked<CaseRow>, item_id: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = $1, decision_item_id = $2, updated_seq = $3 \
         WHERE id = $4 AND state = $5 AND paused = 0",
    )
    .bind(State::Publicity.code())
    .bind(item_id)
    .bind(seq)
    .bind(&case.id)
    .bind(State::Decision.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publicity → appointed, with the appointee.
pub async fn appoint(tx: &mut WriteTx, case: &Locked<CaseRow>, cadre_id: &str, seq: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE selection_cases SET state = $1, appointee_id = $2, updated_seq = $3 \
         WHERE id = $4 AND state = $5 AND paused = 0",
    )
    .bind(State::Appointed.code())
    .bind(cadre_id)
    .bind(seq)
    .bind(&case.id)
    .bind(State::Publicity.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
