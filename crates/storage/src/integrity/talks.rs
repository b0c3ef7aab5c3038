//! Talk records (谈话) and the cadre's acknowledgement of them.

use jianquan_domain::registry::OrgPath;
use sqlx::any::AnyRow;

use crate::lock::{self, Locked, Table};
use crate::row::{int, opt_text, text};
use crate::{Conn, Result, WriteTx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub org_path: String,
    pub kind: String,
    pub talker: String,
    pub date: String,
    pub content: String,
    pub document_number: String,
    pub acknowledged_at: Option<String>,
    pub acknowledgement: String,
}

const TALK_SELECT: &str = "SELECT t.id, t.cadre_id, c.name AS cadre_name, t.org_path, t.kind, t.talker, t.date, t.content, \
    t.document_number, t.acknowledged_at, t.acknowledgement FROM talks t JOIN cadres c ON c.id = t.cadre_id";

fn talk_row(r: &AnyRow) -> Result<TalkRow> {
    Ok(TalkRow {
        id: text(r, "id")?,
        cadre_id: text(r, "cadre_id")?,
        cadre_name: text(r, "cadre_name")?,
        org_path: text(r, "org_path")?,
        kind: text(r, "kind")?,
        talker: text(r, "talker")?,
        date: text(r, "date")?,
        content: text(r, "content")?,
        document_number: text(r, "document_number")?,
        acknowledged_at: opt_text(r, "acknowledged_at")?,
        acknowledgement: text(r, "acknowledgement")?,
    })
}

pub async fn insert_talk(tx: &mut WriteTx, t: &TalkRow, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO talks (id, cadre_id, org_path, kind, talker, date, content, document_number, acknowledgement, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)",
    )
    .bind(&t.id)
    .bind(&t.cadre_id)
    .bind(&t.org_path)
    .bind(&t.kind)
    .bind(&t.talker)
    .bind(&t.date)
    .bind(&t.content)
    .bind(&t.document_number)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_talk(conn: &mut Conn, id: &str) -> Result<Option<TalkRow>> {
    let row = sqlx::query(&format!("{TALK_SELECT} WHERE t.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(talk_row).transpose()
}

/// The talk, locked until the transaction ends (its acknowledgement is decided on it).
pub async fn lock_talk(tx: &mut WriteTx, id: &str) -> Result<Option<Locked<TalkRow>>> {
    if !lock::row(tx, Table::Talks, id).await? {
        return Ok(None);
    }
    Ok(get_talk(tx, id).await?.map(Locked::new))
}

/// Records the cadre's acknowledgement of the locked talk; `false` if it was already acknowledged.
pub async fn acknowledge_talk(tx: &mut WriteTx, talk: &Locked<TalkRow>, at: &str, text: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE talks SET acknowledged_at = $1, acknowledgement = $2 WHERE id = $3 AND acknowledged_at IS NULL",
    )
    .bind(at)
    .bind(text)
    .bind(&talk.id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list_talks(conn: &mut Conn, root: &OrgPath, offset: i64, limit: i64) -> Result<(Vec<TalkRow>, i64)> {
    let (start, end) = root.subtree_range();
    let counted = sqlx::query("SELECT COUNT(*) AS total FROM talks t WHERE t.org_path >= $1 AND t.org_path < $2")
        .bind(start.clone())
        .bind(end.clone())
        .fetch_one(&mut *conn)
        .await?;
    let total = int(&counted, "total")?;
    let rows = sqlx::query(&format!(
        "{TALK_SELECT} WHERE t.org_path >= $1 AND t.org_path < $2 ORDER BY t.date DESC, t.id LIMIT $3 OFFSET $4"
    ))
    .bind(start)
    .bind(end)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    Ok((rows.iter().map(talk_row).collect::<Result<_>>()?, total))
}

pub async fn talks_of(conn: &mut Conn, cadre_id: &str) -> Result<Vec<TalkRow>> {
    let rows = sqlx::query(&format!("{TALK_SELECT} WHERE t.cadre_id = $1 ORDER BY t.date DESC, t.id"))
        .bind(cadre_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(talk_row).collect()
}
