//! Everything a dossier page shows, read in one statement ([`crate::bundle`]): the cadre, the
//! cadre's org and the orgs around it (for the page's org pickers), the five sections, the
//! newest history and the entry that created the record, training records, whether a photo is
//! on file, and the kept 任免审批表 texts. Each part is an indexed read of a few rows; together
//! they used to cost twelve round trips, now one. The caller checks access on the cadre it gets.

use jianquan_domain::ledger::Entry;

use super::cadres::{self, Cadre};
use super::dossier::{
    EDUCATION_COLUMNS, FAMILY_COLUMNS, GRADE_COLUMNS, REWARD_SANCTION_COLUMNS, Sections, TENURE_COLUMNS, TENURES,
    education_row, family_row, grade_row, reward_sanction_row, tenure_row,
};
use super::forms::{self, FormRow};
use super::orgs::{self, Org};
use crate::bundle::{Dialect, decode};
use crate::ledger;
use crate::query::Sql;
use crate::row::text;
use crate::training::{RECORD_COLUMNS, RecordRow, record_row};
use crate::{Conn, Result, StorageError};

/// What a dossier page shows besides the cadre's own row.
#[derive(Debug, Clone)]
pub struct Opened {
    pub cadre: Cadre,
    pub org: Org,
    /// The org's ancestors, root first (the org itself last).
    pub ancestors: Vec<Org>,
    /// The org's children, in the tree's order.
    pub children: Vec<Org>,
    pub sections: Sections,
    /// The newest entries about the cadre except views, newest first, and the creating entry if older.
    pub history: Vec<Entry>,
    /// How many of `history` are changes read for the page (the rest is the creating entry).
    pub changes_read: usize,
    /// The newest view records (查阅登记), newest first.
    pub views: Vec<Entry>,
    /// Newest first.
    pub training: Vec<RecordRow>,
    pub has_photo: bool,
    pub form: Option<FormRow>,
}

fn split(columns: &str) -> Vec<&str> {
    columns.split(", ").collect()
}

/// The action of a view record (查阅登记).
pub const VIEW: &str = "registry.dossier.view";

/// Which page of the history and of the view records to read: at most `limit` entries of each
/// before the given sequence numbers (newest first; `None` for the newest).
#[derive(Debug, Clone, Copy)]
pub struct Pages {
    pub changes: i64,
    pub changes_before: Option<i64>,
    pub views: i64,
    pub views_before: Option<i64>,
}

/// Reads a dossier's parts in one statement: a page of its changes and one of its view records
/// (newest first, [`Pages`]). The entry that created the record is added to the changes when it
/// is older than the page and the page is the last one. None if there is no such cadre.
pub async fn open(conn: &mut Conn, id: &str, pages: Pages) -> Result<Option<Opened>> {
    let dialect = Dialect::of(conn);
    let org_columns: Vec<&str> = orgs::COLUMNS.split(", ").map(|c| c.trim_start_matches("o.")).collect();
    let cadre_columns: Vec<&str> = cadres::COLUMNS.split(',').map(|c| c.trim().trim_start_matches("c.")).collect();
    let ledger_columns = split(ledger::COLUMNS);
    let mut sql = Sql::new("SELECT ");
    dialect.part(&mut sql, "cadre", &cadre_columns, |s| {
        s.push(&format!("SELECT {} FROM cadres c WHERE c.id = ", cadres::COLUMNS)).bind_text(id);
    });
    sql.push(", ");
    // The org's ancestors up to the root (the org included), and its children.
    dialect.part(&mut sql, "around", &org_columns, |s| {
        orgs::push_around(s, &|s| {
            s.push("(SELECT org_id FROM cadres WHERE id = ").bind_text(id).push(")");
        });
    });
    let by_cadre = |table: &str, columns: &str| format!("SELECT {columns} FROM {table} WHERE cadre_id = ");
    let parts: [(&str, Vec<&str>, String); 5] = [
        ("educations", EDUCATION_COLUMNS.to_vec(), by_cadre("educations", &EDUCATION_COLUMNS.join(", "))),
        ("tenures", TENURE_COLUMNS.to_vec(), format!("{TENURES} WHERE t.cadre_id = ")),
        ("grades", split(GRADE_COLUMNS), by_cadre("annual_grades", GRADE_COLUMNS)),
        ("rewards", split(REWARD_SANCTION_COLUMNS), by_cadre("rewards_sanctions", REWARD_SANCTION_COLUMNS)),
        ("family", split(FAMILY_COLUMNS), by_cadre("family_members", FAMILY_COLUMNS)),
    ];
    for (alias, columns, select) in &parts {
        sql.push(", ");
        dialect.part(&mut sql, alias, columns, |s| {
            s.push(select).bind_text(id);
        });
    }
    sql.push(", ");
    dialect.part(&mut sql, "history", &ledger_columns, |s| {
        s.push(&format!("SELECT {} FROM ledger WHERE subject_kind = 'cadre' AND subject_id = ", ledger::COLUMNS))
            .bind_text(id)
            // Written as the index's own condition (migration 0017), so the index answers it.
            .push(&format!(" AND action <> '{VIEW}' AND seq < "))
            .bind_int(pages.changes_before.unwrap_or(i64::MAX))
            .push(" ORDER BY seq DESC LIMIT ")
            .bind_int(pages.changes);
    });
    sql.push(", ");
    dialect.part(&mut sql, "views", &ledger_columns, |s| {
        s.push(&format!("SELECT {} FROM ledger WHERE subject_kind = 'cadre' AND subject_id = ", ledger::COLUMNS))
            .bind_text(id)
            .push(&format!(" AND action = '{VIEW}' AND seq < "))
            .bind_int(pages.views_before.unwrap_or(i64::MAX))
            .push(" ORDER BY seq DESC LIMIT ")
            .bind_int(pages.views);
    });
    sql.push(", ");
    dialect.part(&mut sql, "created", &ledger_columns, |s| {
        s.push(&format!(
            "SELECT {} FROM ledger WHERE seq = (SELECT created_seq FROM cadres WHERE id = ",
            ledger::COLUMNS
        ))
        .bind_text(id)
        .push(")");
    });
    sql.push(", ");
    dialect.part(&mut sql, "training", &RECORD_COLUMNS, |s| {
        s.push(&by_cadre("training_records", &RECORD_COLUMNS.join(", "))).bind_text(id);
    });
    sql.push(", ");
    dialect.part(&mut sql, "photo", &["present"], |s| {
        s.push("SELECT 1 AS present FROM cadre_photos WHERE cadre_id = ").bind_text(id);
    });
    sql.push(", ");
    dialect.part(&mut sql, "form", &forms::COLUMNS, |s| {
        s.push(&by_cadre("cadre_forms", &forms::COLUMNS.join(", "))).bind_text(id);
    });
    let row = sql.query(conn)?.fetch_one(&mut *conn).await?;
    let part = |alias: &str| text(&row, alias);

    let Some(cadre) = decode("cadre", &part("cadre")?, cadres::from_row)?.pop() else {
        return Ok(None);
    };
    let (ancestors, children) = orgs::split_around(decode("around", &part("around")?, orgs::from_row)?, &cadre.org_id);
    let org = ancestors
        .iter()
        .find(|o| o.id == cadre.org_id)
        .cloned()
        .ok_or_else(|| StorageError::Malformed(format!("cadre {} has no org {}", cadre.id, cadre.org_id)))?;

    let mut sections = Sections {
        educations: decode("educations", &part("educations")?, education_row)?,
        tenures: decode("tenures", &part("tenures")?, tenure_row)?,
        grades: decode("grades", &part("grades")?, grade_row)?,
        rewards_sanctions: decode("rewards", &part("rewards")?, reward_sanction_row)?,
        family: decode("family", &part("family")?, family_row)?,
    };
    // The same orders the section reads of one table give ([`super::dossier::sections`]); sorted
    // here because an aggregate's order is not guaranteed on either engine.
    sections.educations.sort_by(|a, b| (&a.start_date, &a.id).cmp(&(&b.start_date, &b.id)));
    sections.tenures.sort_by(|a, b| (&a.start_date, &a.id).cmp(&(&b.start_date, &b.id)));
    sections.grades.sort_by_key(|g| g.year);
    sections.rewards_sanctions.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    sections.family.sort_by(|a, b| a.id.cmp(&b.id));

    let mut entries = decode("history", &part("history")?, ledger::entry_from_row)?;
    entries.sort_by_key(|e| std::cmp::Reverse(e.seq));
    let changes_read = entries.len();
    let last_page = i64::try_from(changes_read).unwrap_or(i64::MAX) < pages.changes;
    let before = pages.changes_before.unwrap_or(i64::MAX);
    for created in decode("created", &part("created")?, ledger::entry_from_row)? {
        if last_page && created.seq < before && !entries.iter().any(|e| e.seq == created.seq) {
            // Created by an import: its entry is about the import, not this cadre.
            entries.push(created);
        }
    }
    let mut views = decode("views", &part("views")?, ledger::entry_from_row)?;
    views.sort_by_key(|e| std::cmp::Reverse(e.seq));
    let mut training = decode("training", &part("training")?, record_row)?;
    training.sort_by(|a, b| b.end_date.cmp(&a.end_date).then_with(|| a.id.cmp(&b.id)));
    let has_photo = !decode("photo", &part("photo")?, |_| Ok(()))?.is_empty();
    let form = decode("form", &part("form")?, forms::from_row)?.pop();
    Ok(Some(Opened {
        cadre,
        org,
        ancestors,
        children,
        sections,
        history: entries,
        changes_read,
        views,
        training,
        has_photo,
        form,
    }))
}
