//! Promotions (提拔任职) as facts (migration 0008), and the outcome figure read from them: of the
//! cadres promoted in a year, how many were rated 优秀 in that year's annual assessment, by the
//! common level of the rank they reached — one grouped statement, whatever the numbers.

use jianquan_domain::registry::{OrgPath, Rank};
use time::Date;

use crate::row::int;
use crate::{Conn, Result, WriteTx};

/// A promotion as the promotion use-case records it.
#[derive(Debug, Clone)]
pub struct NewPromotion<'a> {
    /// The tenure the promotion began.
    pub tenure_id: &'a str,
    pub cadre_id: &'a str,
    pub org_path: &'a str,
    pub date: Date,
    pub from_rank: Option<&'a str>,
    pub to_rank: &'a Rank,
    pub seq: i64,
}

pub async fn insert(tx: &mut WriteTx, p: &NewPromotion<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO promotions (id, cadre_id, org_path, date, from_rank, to_rank, to_level, created_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(p.tenure_id)
    .bind(p.cadre_id)
    .bind(p.org_path)
    .bind(p.date.to_string())
    .bind(p.from_rank)
    .bind(p.to_rank.code)
    .bind(i64::from(p.to_rank.level))
    .bind(p.seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One level's line of the outcome figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeRow {
    /// The common level of the rank reached (1 provincial principal … 9 staff).
    pub level: i64,
    /// Cadres promoted in the year to a rank of this level.
    pub promoted: i64,
    /// Of them, rated 优秀 in the year's annual assessment.
    pub excellent: i64,
    /// Of them, with no grade for the year yet.
    pub ungraded: i64,
}

/// The outcome figure of a year within a subtree. A cadre promoted twice in the year to ranks of
/// the same level counts once.
pub async fn outcomes(conn: &mut Conn, year: i32, within: &OrgPath) -> Result<Vec<OutcomeRow>> {
    let (start, end) = within.subtree_range();
    let rows = sqlx::query(
        "SELECT p.to_level, COUNT(*) AS promoted, \
           CAST(COALESCE(SUM(CASE WHEN g.grade = 'excellent' THEN 1 ELSE 0 END), 0) AS BIGINT) AS excellent, \
           CAST(COALESCE(SUM(CASE WHEN g.grade IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS ungraded \
         FROM (SELECT DISTINCT cadre_id, to_level FROM promotions \
               WHERE date >= $1 AND date < $2 AND org_path >= $3 AND org_path < $4) p \
         LEFT JOIN annual_grades g ON g.cadre_id = p.cadre_id AND g.year = $5 \
         GROUP BY p.to_level ORDER BY p.to_level",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .bind(start)
    .bind(end)
    .bind(i64::from(year))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OutcomeRow {
                level: int(r, "to_level")?,
                promoted: int(r, "promoted")?,
                excellent: int(r, "excellent")?,
                ungraded: int(r, "ungraded")?,
            })
        })
        .collect()
}
