//! What a cadre's 任免审批表 said word for word (`cadre_forms`, migration 0016): the 简历 as
//! given, the narrative lines of 奖惩情况 and 年度考核结果 that were not read into entries, and
//! the form's own fields. Written by an LRMX import, read by the export and the dossier.

use crate::row::{Columns, int, text};
use crate::{Conn, Result, WriteTx};

/// A cadre's kept form texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormRow {
    pub resume: String,
    /// Lines kept as written, one per line.
    pub rewards_kept: String,
    pub grades_kept: String,
    pub reporting_unit: String,
    pub filled_by: String,
    /// The ledger entry of the import that wrote them.
    pub updated_seq: i64,
}

/// Sets (or replaces) a cadre's kept form texts.
pub async fn put(tx: &mut WriteTx, cadre_id: &str, form: &FormRow, seq: i64) -> Result<()> {
    sqlx::query("DELETE FROM cadre_forms WHERE cadre_id = $1").bind(cadre_id).execute(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO cadre_forms (cadre_id, resume, rewards_kept, grades_kept, reporting_unit, filled_by, updated_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(cadre_id)
    .bind(&form.resume)
    .bind(&form.rewards_kept)
    .bind(&form.grades_kept)
    .bind(&form.reporting_unit)
    .bind(&form.filled_by)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) const COLUMNS: [&str; 6] =
    ["resume", "rewards_kept", "grades_kept", "reporting_unit", "filled_by", "updated_seq"];

pub(crate) fn from_row(r: &(impl Columns + ?Sized)) -> Result<FormRow> {
    Ok(FormRow {
        resume: text(r, "resume")?,
        rewards_kept: text(r, "rewards_kept")?,
        grades_kept: text(r, "grades_kept")?,
        reporting_unit: text(r, "reporting_unit")?,
        filled_by: text(r, "filled_by")?,
        updated_seq: int(r, "updated_seq")?,
    })
}

pub async fn get(conn: &mut Conn, cadre_id: &str) -> Result<Option<FormRow>> {
    let row = sqlx::query(&format!("SELECT {} FROM cadre_forms WHERE cadre_id = $1", COLUMNS.join(", ")))
        .bind(cadre_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}
