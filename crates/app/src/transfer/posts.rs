//! Importing posts: the org in scope, a title, a rank of either ladder (which decides whether
//! the post is a leadership post), the middle-level and key-post flags and the authorised number.

use jianquan_domain::Msg;
use jianquan_domain::registry::Rank;
use jianquan_storage::registry::bulk::{self, BulkPost};

use crate::context::new_id;
use crate::transfer::columns::POST_COLUMNS;
use crate::transfer::org_index::{Lookup, OrgIndex, ambiguous, not_found};
use crate::transfer::problems::Problems;
use crate::transfer::sheet::{self, Record};
use crate::transfer::{Checked, ImportKind, begin, short};
use crate::{Actor, App, AppResult};

/// Rows written between progress reports.
const PROGRESS_EVERY: usize = 1000;

/// Reads and validates every row.
pub(crate) fn check(bytes: &[u8], index: &OrgIndex) -> Checked<BulkPost> {
    let mut problems = Problems::default();
    let mut valid = Vec::new();
    let rows = sheet::read(bytes, POST_COLUMNS, &mut problems, |record, problems| {
        if let Some(post) = check_row(index, record, problems) {
            valid.push(post);
        }
    });
    Checked { rows, valid, problems }
}

/// A yes/no cell: empty is no; anything but the usual spellings is a problem.
fn flag(problems: &mut Problems, row: usize, field: &str, raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "是" => Some(true),
        "" | "0" | "false" | "no" | "n" | "否" => Some(false),
        _ => {
            problems.push(row, field, Msg::new("应填“是”或“否”", "enter 是 (yes) or 否 (no)"));
            None
        }
    }
}

fn check_row(index: &OrgIndex, record: Record, problems: &mut Problems) -> Option<BulkPost> {
    let row = record.row;
    let before = problems.count();
    let refused = |field: &str| record.refused.contains(&field);
    let [org, title, rank, middle_level, key_post, authorised] =
        <[String; 6]>::try_from(record.values).unwrap_or_default();
    let org = match (org.trim(), refused("org")) {
        (_, true) => None,
        ("", false) => {
            problems.push(row, "org", Msg::new("必填", "required"));
            None
        }
        (reference, false) => match index.find(reference) {
            Lookup::Found(org) => Some(org.id.clone()),
            Lookup::Missing => {
                problems.push(row, "org", not_found(&short(reference)));
                None
            }
            Lookup::Ambiguous(count) => {
                problems.push(row, "org", ambiguous(&short(reference), count));
                None
            }
        },
    };
    let title = title.trim().to_owned();
    if !refused("title") && (title.is_empty() || title.chars().count() > 60) {
        problems.push(row, "title", Msg::new("职务名称为1至60个字", "post titles have 1 to 60 characters"));
    }
    let rank = match Rank::parse("rank", &rank) {
        Ok(rank) => Some(rank),
        Err(_) if rank.trim().is_empty() && !refused("rank") => {
            problems.push(row, "rank", Msg::new("必填", "required"));
            None
        }
        Err(error) if !refused("rank") => {
            problems.field_error(row, error, &[]);
            None
        }
        Err(_) => None,
    };
    let middle_level = flag(problems, row, "middle_level", &middle_level);
    let key_post = flag(problems, row, "key_post", &key_post);
    let authorised = match authorised.trim().parse::<i64>() {
        Ok(n) if (1..=99).contains(&n) => Some(n),
        _ if refused("authorised") => None,
        _ => {
            problems.push(
                row,
                "authorised",
                Msg::new("职数应为1至99的整数", "the authorised number is a whole number from 1 to 99"),
            );
            None
        }
    };
    if problems.count() != before {
        return None;
    }
    let (org_id, rank, middle_level, key_post, authorised) = (org?, rank?, middle_level?, key_post?, authorised?);
    Some(BulkPost {
        id: new_id(),
        org_id,
        title,
        rank: rank.code.into(),
        leadership: rank.leadership,
        middle_level,
        key_post,
        authorised,
    })
}

/// Writes every post in one transaction under one ledger entry.
pub(crate) async fn write(
    app: &App,
    actor: &Actor,
    digest: &str,
    posts: &[BulkPost],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> AppResult<i64> {
    let (mut tx, seq) = begin(app, actor, ImportKind::Posts, posts.len(), digest, None).await?;
    let mut done = 0;
    for chunk in posts.chunks(PROGRESS_EVERY) {
        bulk::insert_posts(&mut tx, chunk, seq).await?;
        done += chunk.len();
        progress(done, posts.len());
    }
    tx.commit().await?;
    Ok(seq)
}
