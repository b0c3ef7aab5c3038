//! Cadres' basic data, the name-token index, and the filtered, paginated cadre list.

use jianquan_domain::registry::{NewCadre, OrgPath, roster};
use jianquan_domain::search::{name_tokens, query_tokens};

use crate::query::{Sql, Value, like_escape};
use crate::row::{flag, int, opt_text, text};
use crate::{Conn, Result, WriteTx};

/// A cadre's basic data as stored. `id_number` is the full number: mask it before display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadre {
    pub id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub native_place: String,
    pub birthplace: String,
    pub id_number: String,
    pub political_status: String,
    pub party_entry_date: Option<String>,
    pub work_start_date: Option<String>,
    pub health: String,
    pub speciality: String,
    pub org_id: String,
    pub org_path: String,
    pub rank: Option<String>,
    pub rank_level: i64,
    pub leadership: bool,
    pub current_post: String,
    /// 专业技术职务, e.g. 高级经济师.
    pub professional_title: String,
    /// 任现职时间: the start of the open tenure, [`roster::NO_POST_SINCE`] when none is recorded.
    pub post_since: String,
    pub created_seq: i64,
    pub updated_seq: i64,
}

pub(crate) const COLUMNS: &str = "c.id, c.name, c.gender, c.birth_date, c.ethnicity, c.native_place, c.birthplace, c.id_number, \
    c.political_status, c.party_entry_date, c.work_start_date, c.health, c.speciality, c.org_id, c.org_path, c.rank, \
    c.rank_level, c.leadership, c.current_post, c.professional_title, c.post_since, c.created_seq, c.updated_seq";

pub(crate) fn from_row(row: &(impl crate::row::Columns + ?Sized)) -> Result<Cadre> {
    Ok(Cadre {
        id: text(row, "id")?,
        name: text(row, "name")?,
        gender: text(row, "gender")?,
        birth_date: text(row, "birth_date")?,
        ethnicity: text(row, "ethnicity")?,
        native_place: text(row, "native_place")?,
        birthplace: text(row, "birthplace")?,
        id_number: text(row, "id_number")?,
        political_status: text(row, "political_status")?,
        party_entry_date: opt_text(row, "party_entry_date")?,
        work_start_date: opt_text(row, "work_start_date")?,
        health: text(row, "health")?,
        speciality: text(row, "speciality")?,
        org_id: text(row, "org_id")?,
        org_path: text(row, "org_path")?,
        rank: opt_text(row, "rank")?,
        rank_level: int(row, "rank_level")?,
        leadership: flag(row, "leadership")?,
        current_post: text(row, "current_post")?,
        professional_title: text(row, "professional_title")?,
        post_since: text(row, "post_since")?,
        created_seq: int(row, "created_seq")?,
        updated_seq: int(row, "updated_seq")?,
    })
}

/// Rank level 99 sorts cadres without a rank last.
fn rank_fields(cadre: &NewCadre) -> (Option<String>, i64, i64) {
    match cadre.rank {
        Some(rank) => (Some(rank.code.to_owned()), i64::from(rank.level), i64::from(rank.leadership)),
        None => (None, 99, 0),
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the basic-data columns, `name` … `professional_title`, then the roster's `post_order`
/// and `surname_strokes` keys, in the order both statements list them.
fn bind_fields<'q>(query: Query<'q>, cadre: &'q NewCadre, org_path: &'q OrgPath) -> Query<'q> {
    let (rank, rank_level, leadership) = rank_fields(cadre);
    query
        .bind(&cadre.name)
        .bind(cadre.gender)
        .bind(cadre.birth_date.to_string())
        .bind(cadre.ethnicity)
        .bind(&cadre.native_place)
        .bind(&cadre.birthplace)
        .bind(cadre.id_number.as_str())
        .bind(cadre.political_status)
        .bind(cadre.party_entry_date.map(|d| d.to_string()))
        .bind(cadre.work_start_date.map(|d| d.to_string()))
        .bind(&cadre.health)
        .bind(&cadre.speciality)
        .bind(&cadre.org_id)
        .bind(org_path.as_str())
        .bind(rank)
        .bind(rank_level)
        .bind(leadership)
        .bind(&cadre.current_post)
        .bind(&cadre.professional_title)
        .bind(roster::post_order(cadre.rank))
        .bind(roster::surname_strokes(&cadre.name))
}

/// Inserts a cadre and its name tokens.
pub async fn insert(tx: &mut WriteTx, id: &str, cadre: &NewCadre, org_path: &OrgPath, seq: i64) -> Result<()> {
    let insert = sqlx::query(
        "INSERT INTO cadres (id, name, gender, birth_date, ethnicity, native_place, birthplace, id_number, political_status, \
         party_entry_date, work_start_date, health, speciality, org_id, org_path, rank, rank_level, leadership, current_post, \
         professional_title, post_order, surname_strokes, created_seq, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
         $23, $23)",
    )
    .bind(id);
    bind_fields(insert, cadre, org_path).bind(seq).execute(&mut **tx).await?;
    crate::registry::orgs::adjust_cadre_count(tx, &cadre.org_id, 1).await?;
    crate::training_standing::add_cadre(tx, id, org_path.as_str(), rank_fields(cadre).1).await?;
    insert_tokens(tx, id, &cadre.name, org_path).await
}

async fn insert_tokens(tx: &mut WriteTx, id: &str, name: &str, org_path: &OrgPath) -> Result<()> {
    let tokens = name_tokens(name);
    if tokens.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("INSERT INTO cadre_name_tokens (token, name, cadre_id, org_path) VALUES ");
    for (i, token) in tokens.into_iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(").bind_text(token).push(", ").bind_text(name).push(", ").bind_text(id);
        sql.push(", ").bind_text(org_path.as_str()).push(")");
    }
    sql.query(tx)?.execute(&mut **tx).await?;
    Ok(())
}

/// Replaces a cadre's basic data (and name tokens).
/// Tables whose rows carry their cadre's org path for scoping (a fixed list written here, never input).
const CADRE_SCOPED: [&str; 4] = ["obligations", "integrity_events", "talks", "study_reports"];

/// The cadre, locked until the transaction ends: an edit checks the version it was based on, an
/// appointment changes rank and post, under the lock.
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<crate::Locked<Cadre>>> {
    if !crate::lock::row(tx, crate::lock::Table::Cadres, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(crate::Locked::new))
}

/// Writes an edit of the locked cadre.
pub async fn update(
    tx: &mut WriteTx,
    locked: &crate::Locked<Cadre>,
    cadre: &NewCadre,
    org_path: &OrgPath,
    seq: i64,
) -> Result<()> {
    let id = locked.id.as_str();
    let previous_org = sqlx::query("SELECT org_id FROM cadres WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| text(&r, "org_id"))
        .transpose()?;
    if let Some(previous) = previous_org.filter(|p| *p != cadre.org_id) {
        crate::registry::orgs::adjust_cadre_count(tx, &previous, -1).await?;
        crate::registry::orgs::adjust_cadre_count(tx, &cadre.org_id, 1).await?;
        // Records scoped by the cadre's unit follow the cadre to the new one.
        for table in CADRE_SCOPED {
            sqlx::query(&format!("UPDATE {table} SET org_path = $1 WHERE cadre_id = $2"))
                .bind(org_path.as_str())
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    let update = sqlx::query(
        "UPDATE cadres SET name = $1, gender = $2, birth_date = $3, ethnicity = $4, native_place = $5, birthplace = $6, \
         id_number = $7, political_status = $8, party_entry_date = $9, work_start_date = $10, health = $11, speciality = $12, \
         org_id = $13, org_path = $14, rank = $15, rank_level = $16, leadership = $17, current_post = $18, \
         professional_title = $19, post_order = $20, surname_strokes = $21, updated_seq = $22 WHERE id = $23",
    );
    bind_fields(update, cadre, org_path).bind(seq).bind(id).execute(&mut **tx).await?;
    crate::training_standing::move_cadre(tx, id, org_path.as_str(), rank_fields(cadre).1).await?;
    sqlx::query("DELETE FROM cadre_name_tokens WHERE cadre_id = $1").bind(id).execute(&mut **tx).await?;
    insert_tokens(tx, id, &cadre.name, org_path).await
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Cadre>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM cadres c WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Which of these ID numbers are already registered (imports check the file against the database).
pub async fn existing_id_numbers(conn: &mut Conn, numbers: &[String]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(500) {
        let mut sql = Sql::new("SELECT id_number FROM cadres WHERE id_number IN ");
        sql.bind_list(chunk.iter().cloned().map(Value::Text));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            found.push(text(&row, "id_number")?);
        }
    }
    Ok(found)
}

/// How to order the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// 职务排序, the roster's default: within each unit (tree order) by post precedence, then
    /// 任现职时间 (index `cadres_path_post`).
    #[default]
    Post,
    /// 姓氏笔画: within each unit by the surname's strokes, then name (index `cadres_path_strokes`).
    Strokes,
    /// By org (tree order), then name (index `cadres_path_name`).
    Org,
    Name,
    BirthDate,
    Rank,
}

/// The cadre list's filters; `scope` always applies (the caller's org subtree).
#[derive(Debug, Clone, Default)]
pub struct CadreFilter {
    pub scope: Option<OrgPath>,
    /// A subtree inside the scope to narrow to.
    pub org: Option<OrgPath>,
    pub name: Option<String>,
    pub rank: Option<String>,
    /// `Some(true)` leadership posts only, `Some(false)` grades only.
    pub leadership: Option<bool>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<Vec<String>>,
    /// Born on or after (ISO date): the age band's upper age.
    pub born_from: Option<String>,
    /// Born on or before (ISO date): the age band's lower age.
    pub born_to: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
}

/// Totals are counted exactly up to this many rows, then reported as "at least".
pub const COUNT_CAP: i64 = 10_000;

/// The subtrees to filter by: the narrower of scope and requested org (one index range), or
/// both when neither contains the other (which matches nothing, as it should).
fn ranges(filter: &CadreFilter) -> Vec<&OrgPath> {
    match (&filter.scope, &filter.org) {
        (Some(scope), Some(org)) if scope.contains(org) => vec![org],
        (Some(scope), Some(org)) if org.contains(scope) => vec![scope],
        (scope, org) => [scope, org].into_iter().flatten().collect(),
    }
}

/// Whether the filter narrows by subtree only (its total can come from the orgs' kept counts).
fn filter_is_subtree_only(filter: &CadreFilter) -> bool {
    filter.name.as_deref().is_none_or(|n| n.trim().is_empty())
        && filter.rank.is_none()
        && filter.leadership.is_none()
        && filter.gender.is_none()
        && filter.ethnicity.is_none()
        && filter.political_status.as_ref().is_none_or(|s| s.is_empty())
        && filter.born_from.is_none()
        && filter.born_to.is_none()
}

/// Where the list is read from. A name query drives from the token table (`t`), whose key gives
/// one token's cadres in name order and which carries each cadre's org path, so a search by name
/// and subtree never touches the cadre table until the page's rows are read; other filters and
/// sorts join the cadres (`c`). Without a name query the scan is an index range on `c.org_path`.
struct Plan {
    tokens: Vec<String>,
    join: bool,
}

impl Plan {
    fn of(filter: &CadreFilter) -> Self {
        let tokens =
            filter.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(query_tokens).unwrap_or_default();
        let other_filters = filter.rank.is_some()
            || filter.leadership.is_some()
            || filter.gender.is_some()
            || filter.ethnicity.is_some()
            || filter.political_status.as_ref().is_some_and(|s| !s.is_empty())
            || filter.born_from.is_some()
            || filter.born_to.is_some();
        let join = tokens.is_empty()
            || other_filters
            || matches!(filter.sort, SortKey::BirthDate | SortKey::Rank | SortKey::Post | SortKey::Strokes);
        Plan { tokens, join }
    }

    fn by_token(&self) -> bool {
        !self.tokens.is_empty()
    }

    fn id(&self) -> &'static str {
        if self.by_token() { "t.cadre_id" } else { "c.id" }
    }

    fn name(&self) -> &'static str {
        if self.by_token() { "t.name" } else { "c.name" }
    }

    fn path(&self) -> &'static str {
        if self.by_token() { "t.org_path" } else { "c.org_path" }
    }
}

/// `walk_by_name`: the org-path ranges are written so that no index can serve them (`|| ''`), and
/// a search sorted by name walks the token's key in name order, keeping the range's entries,
/// instead of reading the range's entries by org path and sorting them all (see [`list`]).
fn push_from_where(sql: &mut Sql, plan: &Plan, filter: &CadreFilter, walk_by_name: bool) {
    match (plan.by_token(), plan.join) {
        (false, _) => sql.push(" FROM cadres c WHERE 1 = 1"),
        (true, true) => sql.push(" FROM cadre_name_tokens t JOIN cadres c ON c.id = t.cadre_id WHERE t.token = "),
        (true, false) => sql.push(" FROM cadre_name_tokens t WHERE t.token = "),
    };
    if let Some((first, rest)) = plan.tokens.split_first() {
        sql.bind_text(first.clone());
        for token in rest {
            sql.push(" AND EXISTS (SELECT 1 FROM cadre_name_tokens u WHERE u.token = ")
                .bind_text(token.clone())
                .push(" AND u.name = t.name AND u.cadre_id = t.cadre_id)");
        }
    }
    let path_column = if walk_by_name { format!("{} || ''", plan.path()) } else { plan.path().to_owned() };
    for path in ranges(filter) {
        let (start, end) = path.subtree_range();
        sql.push(" AND ").push(&path_column).push(" >= ").bind_text(start);
        sql.push(" AND ").push(&path_column).push(" < ").bind_text(end);
    }
    // A query that is itself its one token (one character, or two) is in every name the token's
    // key lists; a longer one is confirmed against the name.
    if let Some(name) = filter.name.as_deref().map(str::trim).filter(|n| !n.is_empty())
        && plan.tokens.as_slice() != [name]
    {
        sql.push(" AND ").push(plan.name()).push(" LIKE ").bind_text(format!("%{}%", like_escape(name)));
        sql.push(" ESCAPE '\\'");
    }
    if let Some(rank) = &filter.rank {
        sql.push(" AND c.rank = ").bind_text(rank.clone());
    }
    if let Some(leadership) = filter.leadership {
        sql.push(" AND c.leadership = ").bind_int(i64::from(leadership));
    }
    if let Some(gender) = &filter.gender {
        sql.push(" AND c.gender = ").bind_text(gender.clone());
    }
    if let Some(ethnicity) = &filter.ethnicity {
        sql.push(" AND c.ethnicity = ").bind_text(ethnicity.clone());
    }
    if let Some(statuses) = filter.political_status.as_ref().filter(|s| !s.is_empty()) {
        sql.push(" AND c.political_status IN ").bind_list(statuses.iter().cloned().map(Value::Text));
    }
    if let Some(from) = &filter.born_from {
        sql.push(" AND c.birth_date >= ").bind_text(from.clone());
    }
    if let Some(to) = &filter.born_to {
        sql.push(" AND c.birth_date <= ").bind_text(to.clone());
    }
}

fn push_order_by(sql: &mut Sql, plan: &Plan, filter: &CadreFilter) {
    let dir = if filter.descending { " DESC" } else { "" };
    let keys: [&str; 4] = match filter.sort {
        SortKey::Post => [plan.path(), "c.post_order", "c.post_since", plan.id()],
        SortKey::Strokes => [plan.path(), "c.surname_strokes", plan.name(), plan.id()],
        SortKey::Org => [plan.path(), plan.name(), plan.id(), ""],
        SortKey::Name => [plan.name(), plan.id(), "", ""],
        SortKey::BirthDate => ["c.birth_date", plan.id(), "", ""],
        SortKey::Rank => ["c.rank_level", plan.id(), "", ""],
    };
    sql.push(" ORDER BY ");
    for (i, key) in keys.iter().filter(|k| !k.is_empty()).enumerate() {
        sql.push(if i == 0 { "" } else { ", " }).push(key).push(dir);
    }
}

/// From how many matches a name search sorted by name walks the token's key in name order.
const WALK_BY_NAME_FROM: i64 = 1_000;

/// One page of the filtered list, and the total counted up to [`COUNT_CAP`] (`true` if capped).
///
/// Two steps keep a page cheap at any depth: the page's IDs are found from the indexes alone
/// (skipping `offset` index entries, not rows), then only those rows are read.
pub async fn list(conn: &mut Conn, filter: &CadreFilter, offset: i64, limit: i64) -> Result<(Vec<Cadre>, i64, bool)> {
    let plan = Plan::of(filter);
    let ranges = ranges(filter);
    let (total, capped) = match ranges.as_slice() {
        // A whole subtree: its exact total is the sum of its orgs' kept counts.
        [root] if plan.join && !plan.by_token() && filter_is_subtree_only(filter) => {
            (crate::registry::orgs::subtree_cadre_count(conn, root).await?, false)
        }
        _ => {
            let mut count = Sql::new("SELECT COUNT(*) AS total FROM (SELECT 1");
            push_from_where(&mut count, &plan, filter, false);
            count.push(" LIMIT ").bind_int(COUNT_CAP + 1).push(") x");
            let counted = int(&count.query(conn)?.fetch_one(&mut *conn).await?, "total")?;
            (counted.min(COUNT_CAP), counted > COUNT_CAP)
        }
    };
    let mut ids = Sql::new("SELECT ");
    ids.push(plan.id()).push(" AS id");
    // A name search sorted by name with many matches in the range finds its page sooner walking
    // the token's key in name order (20 of 1,000+ matches come early) than reading every match
    // by org path and sorting them; with few matches, reading them is cheaper.
    let walk_by_name = plan.by_token() && filter.sort == SortKey::Name && total >= WALK_BY_NAME_FROM;
    push_from_where(&mut ids, &plan, filter, walk_by_name);
    push_order_by(&mut ids, &plan, filter);
    ids.push(" LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let page_ids: Vec<String> =
        ids.query(conn)?.fetch_all(&mut *conn).await?.iter().map(|row| text(row, "id")).collect::<Result<_>>()?;
    let mut rows = by_ids(conn, &page_ids).await?;
    rows.sort_by_key(|c| page_ids.iter().position(|id| *id == c.id));
    Ok((rows, total, capped))
}

/// Sets 任现职时间 (`post_since`, the roster's second key) of these cadres from their open
/// tenures: the latest start among them, or [`roster::NO_POST_SINCE`]. Every tenure write calls it.
pub async fn refresh_post_since(tx: &mut WriteTx, cadre_ids: &[&str]) -> Result<()> {
    for chunk in cadre_ids.chunks(500) {
        let mut sql = Sql::new(
            "UPDATE cadres SET post_since = COALESCE((SELECT MAX(t.start_date) FROM tenures t \
             WHERE t.cadre_id = cadres.id AND t.end_date IS NULL), ",
        );
        sql.bind_text(roster::NO_POST_SINCE).push(") WHERE id IN ");
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        sql.query(tx)?.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Cadres by ID, in one statement.
pub async fn by_ids(conn: &mut Conn, ids: &[String]) -> Result<Vec<Cadre>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT ");
    sql.push(COLUMNS).push(" FROM cadres c WHERE c.id IN ").bind_list(ids.iter().cloned().map(Value::Text));
    let rows = sql.query(conn)?.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// Each cadre's highest 学历 (the smallest GB/T 4658 code among their education lines), in one
/// statement over the `educations_cadre` index; cadres without education lines are absent.
pub async fn highest_education(conn: &mut Conn, ids: &[String]) -> Result<std::collections::HashMap<String, String>> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut sql = Sql::new("SELECT cadre_id, MIN(level) AS level FROM educations WHERE cadre_id IN ");
    sql.bind_list(ids.iter().cloned().map(Value::Text)).push(" GROUP BY cadre_id");
    for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
        out.insert(text(&row, "cadre_id")?, text(&row, "level")?);
    }
    Ok(out)
}

/// Number of registered cadres.
pub async fn count(conn: &mut Conn) -> Result<i64> {
    int(&sqlx::query("SELECT COUNT(*) AS total FROM cadres").fetch_one(&mut *conn).await?, "total")
}

/// Sets a cadre's rank and current post (a promotion or appointment).
pub async fn set_rank(
    tx: &mut WriteTx,
    id: &str,
    rank: &jianquan_domain::registry::Rank,
    current_post: &str,
    seq: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE cadres SET rank = $1, rank_level = $2, leadership = $3, current_post = $4, post_order = $5, \
         updated_seq = $6 WHERE id = $7",
    )
    .bind(rank.code)
    .bind(i64::from(rank.level))
    .bind(i64::from(rank.leadership))
    .bind(current_post)
    .bind(roster::post_order(Some(rank)))
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE training_standing SET rank_level = $1 WHERE cadre_id = $2")
        .bind(i64::from(rank.level))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Cadres with exactly this name (the name index), any org: callers filter by scope.
pub async fn by_exact_name(conn: &mut Conn, name: &str) -> Result<Vec<Cadre>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM cadres c WHERE c.name = $1 ORDER BY c.id LIMIT 50"))
        .bind(name)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The cadre with this resident ID number, if any.
pub async fn by_id_number(conn: &mut Conn, number: &str) -> Result<Option<Cadre>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM cadres c WHERE c.id_number = $1"))
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Moves a cadre to another org (an appointment to a post of another unit): the org counts,
/// the rows scoped by the cadre's unit and the name index follow.
pub async fn move_to_org(tx: &mut WriteTx, id: &str, org_id: &str, org_path: &OrgPath, seq: i64) -> Result<()> {
    let previous = sqlx::query("SELECT org_id FROM cadres WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| text(&r, "org_id"))
        .transpose()?;
    let Some(previous) = previous.filter(|p| p != org_id) else { return Ok(()) };
    crate::registry::orgs::adjust_cadre_count(tx, &previous, -1).await?;
    crate::registry::orgs::adjust_cadre_count(tx, org_id, 1).await?;
    for table in CADRE_SCOPED.iter().chain(["cadre_name_tokens", "training_standing"].iter()) {
        sqlx::query(&format!("UPDATE {table} SET org_path = $1 WHERE cadre_id = $2"))
            .bind(org_path.as_str())
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE cadres SET org_id = $1, org_path = $2, updated_seq = $3 WHERE id = $4")
        .bind(org_id)
        .bind(org_path.as_str())
        .bind(seq)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
