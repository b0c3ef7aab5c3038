//! `jianquan ledger audit` through the application: after a real scenario the data tables agree
//! with the ledger; an edit of a data table with plain SQL — a rank raised, a vote turned, a row
//! rolled back to an earlier state, a reference to an entry that is not there — is named. On
//! SQLite, and on PostgreSQL when JIANQUAN_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use common::{login, world};
use selection_support::*;

async fn findings(w: &common::World) -> Vec<String> {
    let report = jianquan_app::ledger::audit(&w.app).await.unwrap();
    report.dangling.iter().chain(&report.disagreements).map(|f| format!("{} {}: {}", f.table, f.key, f.what)).collect()
}

async fn sql(w: &common::World, statement: &str, value: &str) {
    sqlx::query(statement).bind(value).execute(w.app.db.pool()).await.unwrap();
}

#[tokio::test]
async fn the_data_tables_agree_with_the_ledger_until_someone_edits_them_with_sql() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    decided_case(&w, &staff, &inspector, &members).await;
    let report = jianquan_app::ledger::audit(&w.app).await.unwrap();
    assert!(report.is_clean(), "{:?}", findings(&w).await);
    assert!(report.columns >= 40, "every *_seq column of the schema is a reference: {}", report.columns);
    assert!(report.compared >= 7, "three cadres, three votes and the decision compared: {}", report.compared);

    // A rank raised behind the application's back.
    sql(&w, "UPDATE cadres SET rank = 'province_principal' WHERE id = $1", &w.cadre_a).await;
    let found = findings(&w).await;
    assert!(found.iter().any(|f| f.starts_with(&format!("cadres {}", w.cadre_a)) && f.contains("rank")), "{found:?}");

    // A vote turned.
    sql(&w, "UPDATE selection_votes SET vote = 'disagree' WHERE member_id = $1", &members[0].0).await;
    let found = findings(&w).await;
    assert!(found.iter().any(|f| f.starts_with("selection_votes") && f.contains(&members[0].0)), "{found:?}");

    // A row pointing at an entry that does not exist.
    sql(&w, "UPDATE orgs SET updated_seq = 99999999 WHERE id = $1", &w.county_a).await;
    let found = findings(&w).await;
    assert!(found.iter().any(|f| f.contains("orgs.updated_seq = 99999999")), "{found:?}");
}

#[tokio::test]
async fn a_cadre_rolled_back_to_an_earlier_write_is_named() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let created = common::cadre_version(&w, &w.cadre_b).await;
    // An edit after creation; then the row is put back as it was, stamped with the creation.
    let mut input = serde_json::to_value(common::cadre_input("李四", &w.county_b, "37050319800101234", "2")).unwrap();
    input["native_place"] = serde_json::json!("山东利津");
    let path = format!("/api/v1/cadres/{}", w.cadre_b);
    let edited = common::send(&w.router, staff.json_at("PUT", &path, input, created)).await;
    assert_eq!(edited.status, axum::http::StatusCode::OK, "{}", edited.body);
    assert!(findings(&w).await.is_empty());
    sqlx::query("UPDATE cadres SET native_place = '山东东营', updated_seq = $1 WHERE id = $2")
        .bind(created)
        .bind(&w.cadre_b)
        .execute(w.app.db.pool())
        .await
        .unwrap();
    let found = findings(&w).await;
    assert!(found.iter().any(|f| f.starts_with(&format!("cadres {}", w.cadre_b)) && f.contains("later")), "{found:?}");
}
