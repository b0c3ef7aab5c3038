//! Registry tables: organizations, posts, cadres and the dossier sections.

pub mod bulk;
pub mod cadres;
pub mod dossier;
pub mod forms;
pub mod orgs;
pub mod photos;
pub mod posts;
pub mod promotions;

/// Reads an optional text column that may hold NULL.
pub(crate) fn opt_text(row: &sqlx::any::AnyRow, index: usize) -> crate::Result<Option<String>> {
    use sqlx::Row;
    Ok(row.try_get::<Option<String>, _>(index)?)
}
