//! Posts (职务/岗位): a seat in an org with a rank, flags and an authorised number (职数);
//! vacancies are computed from the open tenures that hold the post. An appointment counts the
//! vacancy, and an edit the holders, on the post [`lock`]ed inside its write transaction.

use sqlx::any::AnyRow;

use crate::lock::Locked;
use crate::row::{flag, int, text};
use crate::{Conn, Result, WriteTx};

/// A post with its computed occupancy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: String,
    pub org_id: String,
    pub title: String,
    pub rank: String,
    pub leadership: bool,
    pub middle_level: bool,
    pub key_post: bool,
    /// Authorised number (职数).
    pub authorised: i64,
    /// Cadres currently holding the post (open tenures).
    pub holders: i64,
    /// `authorised - holders`, never below zero.
    pub vacancies: i64,
    pub updated_seq: i64,
}

/// What a new or edited post holds.
#[derive(Debug, Clone)]
pub struct PostData<'a> {
    pub org_id: &'a str,
    pub title: &'a str,
    pub rank: &'a str,
    pub leadership: bool,
    pub middle_level: bool,
    pub key_post: bool,
    pub authorised: i64,
}

const SELECT: &str = "SELECT p.id, p.org_id, p.title, p.rank, p.leadership, p.middle_level, p.key_post, p.authorised, \
     (SELECT COUNT(*) FROM tenures t WHERE t.post_id = p.id AND t.end_date IS NULL) AS holders, p.updated_seq \
     FROM posts p";

fn from_row(row: &AnyRow) -> Result<Post> {
    let authorised = int(row, "authorised")?;
    let holders = int(row, "holders")?;
    Ok(Post {
        id: text(row, "id")?,
        org_id: text(row, "org_id")?,
        title: text(row, "title")?,
        rank: text(row, "rank")?,
        leadership: flag(row, "leadership")?,
        middle_level: flag(row, "middle_level")?,
        key_post: flag(row, "key_post")?,
        authorised,
        holders,
        vacancies: (authorised - holders).max(0),
        updated_seq: int(row, "updated_seq")?,
    })
}

pub async fn insert(tx: &mut WriteTx, id: &str, data: &PostData<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO posts (id, org_id, title, rank, leadership, middle_level, key_post, authorised, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(data.org_id)
    .bind(data.title)
    .bind(data.rank)
    .bind(i64::from(data.leadership))
    .bind(i64::from(data.middle_level))
    .bind(i64::from(data.key_post))
    .bind(data.authorised)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes the locked post's new fields (its authorised number checked against the holders read
/// under the lock).
pub async fn update(tx: &mut WriteTx, post: &Locked<Post>, data: &PostData<'_>, seq: i64) -> Result<()> {
    sqlx::query(
        "UPDATE posts SET title = $1, rank = $2, leadership = $3, middle_level = $4, key_post = $5, authorised = $6, \
         updated_seq = $7 WHERE id = $8",
    )
    .bind(data.title)
    .bind(data.rank)
    .bind(i64::from(data.leadership))
    .bind(i64::from(data.middle_level))
    .bind(i64::from(data.key_post))
    .bind(data.authorised)
    .bind(seq)
    .bind(&post.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Post>> {
    let row = sqlx::query(&format!("{SELECT} WHERE p.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// The post, locked until the transaction ends (an appointment to it counts its vacancy under
/// the lock).
pub async fn lock(tx: &mut WriteTx, id: &str) -> Result<Option<crate::Locked<Post>>> {
    if !crate::lock::row(tx, crate::lock::Table::Posts, id).await? {
        return Ok(None);
    }
    Ok(get(tx, id).await?.map(crate::Locked::new))
}

/// The posts of one org.
pub async fn of_org(conn: &mut Conn, org_id: &str) -> Result<Vec<Post>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE p.org_id = $1 ORDER BY p.title, p.id"))
        .bind(org_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}
