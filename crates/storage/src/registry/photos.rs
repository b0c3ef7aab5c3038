//! Cadres' photos (`cadre_photos`, migration 0009).

use sqlx::Row;

use crate::row::text;
use crate::{Conn, Result, WriteTx};

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRow {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Sets (or replaces) a cadre's photo.
pub async fn put(tx: &mut WriteTx, cadre_id: &str, photo: &PhotoRow, seq: i64) -> Result<()> {
    sqlx::query("DELETE FROM cadre_photos WHERE cadre_id = $1").bind(cadre_id).execute(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO cadre_photos (cadre_id, content_type, bytes, sha256, updated_seq) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(cadre_id)
    .bind(&photo.content_type)
    .bind(photo.bytes.clone())
    .bind(&photo.sha256)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, cadre_id: &str) -> Result<Option<PhotoRow>> {
    let row = sqlx::query("SELECT content_type, bytes, sha256 FROM cadre_photos WHERE cadre_id = $1")
        .bind(cadre_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(PhotoRow {
            content_type: text(&r, "content_type")?,
            bytes: r.try_get("bytes")?,
            sha256: text(&r, "sha256")?,
        })
    })
    .transpose()
}

/// Whether a cadre has a photo (without reading it).
pub async fn exists(conn: &mut Conn, cadre_id: &str) -> Result<bool> {
    let row =
        sqlx::query("SELECT 1 FROM cadre_photos WHERE cadre_id = $1").bind(cadre_id).fetch_optional(&mut *conn).await?;
    Ok(row.is_some())
}
