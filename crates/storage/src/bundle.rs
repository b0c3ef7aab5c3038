//! Several tables in one round trip: each part of a page is a scalar subquery that aggregates its
//! rows into one JSON array text, and one statement selects them all.
//!
//! Why: every statement costs a round trip to the driver (on SQLite, a hand-off to the
//! connection's worker thread and back), which at a few indexed rows per table costs more than
//! the reads themselves. A dossier of eleven parts in one statement costs about one.
//!
//! The inner SELECT of a part names its output columns; the JSON object of a row has one key per
//! name, read back with the same decoders as driver rows ([`crate::row::Columns`]). JSON keeps
//! integers as numbers, text as strings and NULL as null, on both engines.

use serde_json::{Map, Value};

use crate::query::Sql;
use crate::{Result, StorageError};

/// The engine a bundle is written for (the two spell JSON aggregation differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub(crate) fn of(conn: &sqlx::AnyConnection) -> Dialect {
        if conn.backend_name() == "SQLite" { Dialect::Sqlite } else { Dialect::Postgres }
    }

    /// Appends a subquery giving the rows of the SELECT that `inner` appends as a JSON array
    /// text (`[]` when there are none), selected `AS alias`. That SELECT must output exactly the
    /// `columns` named (in any order).
    pub(crate) fn part(self, sql: &mut Sql, alias: &str, columns: &[&str], inner: impl FnOnce(&mut Sql)) {
        let mut fields = String::new();
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                fields.push_str(", ");
            }
            fields.push_str(&format!("'{c}', r.{c}"));
        }
        match self {
            Dialect::Sqlite => sql.push(&format!("(SELECT json_group_array(json_object({fields})) FROM (")),
            Dialect::Postgres => {
                sql.push(&format!("(SELECT COALESCE(json_agg(json_build_object({fields})), '[]'::json)::text FROM ("))
            }
        };
        inner(sql);
        sql.push(&format!(") AS r) AS {alias}"));
    }
}

/// The objects of one part's JSON array text.
pub(crate) fn objects(part: &str, json: &str) -> Result<Vec<Map<String, Value>>> {
    let values: Vec<Value> = serde_json::from_str(json).map_err(|e| StorageError::Malformed(format!("{part}: {e}")))?;
    values
        .into_iter()
        .map(|v| match v {
            Value::Object(map) => Ok(map),
            other => Err(StorageError::Malformed(format!("{part}: expected an object, found {other}"))),
        })
        .collect()
}

/// Decodes every row of a part with a table's decoder.
pub(crate) fn decode<T>(part: &str, json: &str, row: impl Fn(&Map<String, Value>) -> Result<T>) -> Result<Vec<T>> {
    objects(part, json)?.iter().map(row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::{int, opt_text, text};

    #[test]
    fn parts_name_their_columns_for_both_engines() {
        let mut sql = Sql::new("SELECT ");
        Dialect::Sqlite.part(&mut sql, "grades", &["year", "grade"], |s| {
            s.push("SELECT year, grade FROM annual_grades WHERE cadre_id = ").bind_text("c1");
        });
        assert_eq!(
            sql.text(),
            "SELECT (SELECT json_group_array(json_object('year', r.year, 'grade', r.grade)) \
             FROM (SELECT year, grade FROM annual_grades WHERE cadre_id = $1) AS r) AS grades"
        );
        let mut sql = Sql::new("SELECT ");
        Dialect::Postgres.part(&mut sql, "grades", &["year"], |s| {
            s.push("SELECT year FROM annual_grades");
        });
        assert!(
            sql.text()
                .starts_with("SELECT (SELECT COALESCE(json_agg(json_build_object('year', r.year)), '[]'::json)::text")
        );
    }

    #[test]
    fn rows_decode_by_name_and_bad_values_are_named() {
        let rows = decode("grades", r#"[{"year": 2025, "grade": "excellent", "note": null}]"#, |r| {
            Ok((int(r, "year")?, text(r, "grade")?, opt_text(r, "note")?))
        })
        .unwrap();
        assert_eq!(rows, vec![(2025, "excellent".to_owned(), None)]);
        let err = decode("grades", r#"[{"year": "2025"}]"#, |r| int(r, "year")).unwrap_err();
        assert!(err.to_string().contains("year"), "{err}");
        assert!(decode("grades", "[1]", |r| int(r, "year")).is_err());
    }
}
