//! Fresh databases for tests: a new SQLite file per call, or — when `JIANQUAN_TEST_DATABASE_URL`
//! names a PostgreSQL server — a new PostgreSQL database per call, so every test starts empty.

use crate::{Db, Result};

/// The environment variable naming the PostgreSQL server the suite runs against (see README).
pub const TEST_DATABASE_URL: &str = "JIANQUAN_TEST_DATABASE_URL";

/// Connects to a new, migrated, empty database.
pub async fn fresh_db() -> Result<Db> {
    let name = format!("jq_t_{}", uuid::Uuid::new_v4().simple());
    match std::env::var(TEST_DATABASE_URL).ok().filter(|u| u.starts_with("postgres")) {
        Some(admin_url) => {
            let admin = Db::connect(&admin_url, 1).await?;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await?;
            admin.close().await;
            let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
            let db = Db::connect(&format!("{base}/{name}"), 8).await?;
            db.migrate().await?;
            Ok(db)
        }
        None => {
            let dir = std::env::temp_dir().join("jianquan-tests");
            let db = Db::connect(&format!("sqlite://{}/{name}.db", dir.display()), 8).await?;
            db.migrate().await?;
            Ok(db)
        }
    }
}
