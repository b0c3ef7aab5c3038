//! Importing cadres: each row parsed by the same `CadreInput::parse` as the form, its org
//! resolved within scope, its ID number checked against the rest of the file and, in batches,
//! against the database; then all rows written by the bulk writer under one ledger entry.

use std::collections::HashMap;

use jianquan_domain::Msg;
use jianquan_domain::registry::{CadreInput, ResidentId};
use jianquan_storage::StorageError;
use jianquan_storage::registry::bulk::{self, BulkCadre};
use jianquan_storage::registry::cadres as cadre_store;
use time::Date;

use crate::context::new_id;
use crate::transfer::columns::CADRE_COLUMNS;
use crate::transfer::org_index::{Lookup, OrgIndex, ambiguous, not_found};
use crate::transfer::problems::Problems;
use crate::transfer::sheet::{self, Record};
use crate::transfer::{Checked, ImportKind, begin, short};
use crate::{Actor, App, AppError, AppResult};

/// Rows written between progress reports.
const PROGRESS_EVERY: usize = 1000;

/// ID numbers of the file with their rows, to check against the database.
pub(crate) type FileIds = Vec<(String, usize)>;

/// The input of a row; `org_id` holds the org reference as written.
fn cadre_input(values: Vec<String>) -> CadreInput {
    let mut values = values.into_iter();
    let mut next = || values.next().unwrap_or_default();
    // Field order is CADRE_COLUMNS' order (a test in `columns` holds the two together).
    CadreInput {
        name: next(),
        gender: next(),
        birth_date: next(),
        ethnicity: next(),
        native_place: next(),
        birthplace: next(),
        id_number: next(),
        political_status: next(),
        party_entry_date: next(),
        work_start_date: next(),
        health: next(),
        speciality: next(),
        org_id: next(),
        rank: next(),
        current_post: next(),
        professional_title: next(),
    }
}

/// Reads and validates every row (no database access beyond the org index already loaded).
pub(crate) fn check(bytes: &[u8], today: Date, index: &OrgIndex) -> (Checked<BulkCadre>, FileIds) {
    let mut problems = Problems::default();
    let mut valid = Vec::new();
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::new();
    let rows = sheet::read(bytes, CADRE_COLUMNS, &mut problems, |record, problems| {
        check_row(record, today, index, &mut first_row_of, &mut ids, &mut valid, problems);
    });
    (Checked { rows, valid, problems }, ids)
}

fn check_row(
    record: Record,
    today: Date,
    index: &OrgIndex,
    first_row_of: &mut HashMap<String, usize>,
    ids: &mut Vec<(String, usize)>,
    valid: &mut Vec<BulkCadre>,
    problems: &mut Problems,
) {
    let row = record.row;
    let refused = record.refused.clone();
    let mut input = cadre_input(record.values);
    let mut ok = true;
    let reference = input.org_id.trim().to_owned();
    let mut org_path = None;
    if !reference.is_empty() {
        match index.find(&reference) {
            Lookup::Found(org) => {
                input.org_id = org.id.clone();
                org_path = org.org_path().ok();
            }
            Lookup::Missing => problems.push(row, "org", not_found(&short(&reference))),
            Lookup::Ambiguous(count) => problems.push(row, "org", ambiguous(&short(&reference), count)),
        }
        ok &= org_path.is_some();
    }
    if let Ok(id) = ResidentId::parse("id_number", &input.id_number) {
        let number = id.as_str().to_owned();
        match first_row_of.get(&number) {
            Some(&first) => {
                ok = false;
                problems.push(
                    row,
                    "id_number",
                    Msg::new(
                        format!("身份证号码与第 {first} 行重复(第 {first} 行、第 {row} 行)"),
                        format!("the ID number repeats row {first} (rows {first} and {row})"),
                    ),
                );
            }
            None => {
                first_row_of.insert(number.clone(), row);
                ids.push((number, row));
            }
        }
    }
    match input.parse(today) {
        Ok(cadre) => {
            if let (true, Some(org_path)) = (ok, org_path) {
                valid.push(BulkCadre { id: new_id(), cadre, org_path });
            }
        }
        Err(invalid) => {
            for error in invalid.fields {
                let field = if error.field == "org_id" { "org" } else { error.field.as_str() };
                if !refused.contains(&field) {
                    problems.field_error(row, error, &[("org_id", "org")]);
                }
            }
        }
    }
}

/// Reports ID numbers of the file that are already registered (in batches).
pub(crate) async fn check_registered(app: &App, checked: &mut Checked<BulkCadre>, ids: &FileIds) -> AppResult<()> {
    let mut conn = app.db.read().await?;
    let numbers: Vec<String> = ids.iter().map(|(n, _)| n.clone()).collect();
    let registered = cadre_store::existing_id_numbers(&mut conn, &numbers).await?;
    if registered.is_empty() {
        return Ok(());
    }
    let registered: std::collections::HashSet<String> = registered.into_iter().collect();
    for (number, row) in ids {
        if registered.contains(number) {
            checked.problems.push(*row, "id_number", already_registered());
        }
    }
    Ok(())
}

fn already_registered() -> Msg {
    Msg::new("该身份证号码已登记", "this resident ID number is already registered")
}

/// Writes every cadre in one transaction under one ledger entry; returns the entry's sequence number.
pub(crate) async fn write(
    app: &App,
    actor: &Actor,
    digest: &str,
    cadres: &[BulkCadre],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> AppResult<i64> {
    let root = bulk::cadres_root(cadres);
    let (mut tx, seq) = begin(app, actor, ImportKind::Cadres, cadres.len(), digest, Some(root)).await?;
    let mut done = 0;
    for chunk in cadres.chunks(PROGRESS_EVERY) {
        bulk::insert_cadres(&mut tx, chunk, seq).await.map_err(|e| match e {
            // Registered by someone else since validation: nothing is written.
            StorageError::Duplicate(_) => AppError::Invalid(jianquan_domain::Invalid {
                fields: vec![jianquan_domain::FieldError { field: "id_number".into(), message: already_registered() }],
            }),
            other => other.into(),
        })?;
        done += chunk.len();
        progress(done, cadres.len());
    }
    tx.commit().await?;
    Ok(seq)
}
