//! Totals of the cadre list past the counting cap: an unfiltered subtree is counted exactly from
//! the orgs' kept counts; a filtered list is counted up to the cap and says it is "at least".

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

use jianquan_app::registry::cadres::{CadreQuery, list_cadres};
use jianquan_app::{Actor, App, Clock, demo};
use jianquan_storage::registry::cadres::COUNT_CAP;
use time::macros::datetime;

#[tokio::test]
async fn a_large_list_counts_exactly_when_unfiltered_and_caps_when_filtered() {
    let db = jianquan_storage::testing::fresh_db().await.unwrap();
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).unwrap();
    let made = (COUNT_CAP as usize) * 2 + 345;
    demo::generate(&app, made, 5, &|_, _| {}).await.unwrap();
    let system = Actor::system_for_cli();
    let root = jianquan_app::registry::orgs::scope_root(&app, &system).await.unwrap();

    let all = list_cadres(&app, &system, &CadreQuery { org: root.id.clone(), ..CadreQuery::default() }).await.unwrap();
    assert_eq!((all.total, all.total_capped), (made as i64, false), "an unfiltered subtree is exact");
    assert_eq!(all.items.len(), 20);

    let men = CadreQuery { org: root.id.clone(), gender: "1".into(), ..CadreQuery::default() };
    let filtered = list_cadres(&app, &system, &men).await.unwrap();
    assert_eq!((filtered.total, filtered.total_capped), (COUNT_CAP, true), "a filtered total stops at the cap");
    assert!(filtered.items.iter().all(|c| c.gender == "1"));

    let deep = CadreQuery { page: "400".into(), ..men };
    let page = list_cadres(&app, &system, &deep).await.unwrap();
    assert_eq!(page.items.len(), 20, "pages before the cap's last page are all there");
}

#[tokio::test]
async fn an_export_of_a_filtered_list_past_the_count_cap_has_every_row() {
    use calamine::{Reader, Xlsx};
    let db = jianquan_storage::testing::fresh_db().await.unwrap();
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).unwrap();
    demo::generate(&app, (COUNT_CAP as usize) * 2 + 345, 5, &|_, _| {}).await.unwrap();
    let system = Actor::system_for_cli();
    let men = CadreQuery { gender: "1".into(), ..CadreQuery::default() };
    let listed = list_cadres(&app, &system, &men).await.unwrap();
    assert!(listed.total_capped, "the filtered list is larger than the count cap");
    let bytes = jianquan_app::transfer::export_cadres_xlsx(&app, &system, &men).await.unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows = sheet.rows().count() - 1;
    let mut conn = app.db.read().await.unwrap();
    let men_stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM cadres WHERE gender = '1'").fetch_one(&mut *conn).await.unwrap();
    assert!(rows as i64 > COUNT_CAP);
    assert_eq!(rows as i64, men_stored, "every matching cadre is exported, none past them");
}

#[tokio::test]
async fn a_name_search_with_many_matches_sorted_by_name_gives_the_same_pages_as_sorting_every_match() {
    let db = jianquan_storage::testing::fresh_db().await.unwrap();
    let app = App::with_builtin_policy(db, Clock::Fixed(datetime!(2026-11-26 02:00 UTC))).unwrap();
    demo::generate(&app, 20_000, 5, &|_, _| {}).await.unwrap();
    let system = Actor::system_for_cli();
    let root = jianquan_app::registry::orgs::scope_root(&app, &system).await.unwrap();
    // A surname common enough that the page is found by walking the token's key in name order
    // (1,000 matches or more), rather than by sorting every match.
    let mut chosen = None;
    for q in ["王", "李", "张", "刘", "陈"] {
        let query = CadreQuery { org: root.id.clone(), q: q.into(), ..CadreQuery::default() };
        let found = list_cadres(&app, &system, &query).await.unwrap();
        if found.total >= 1_000 {
            chosen = Some((q, found.total));
            break;
        }
    }
    let (q, total) = chosen.expect("a common surname with 1,000 matches among 20,000 cadres");
    // Every match, read in org order (the subtree key, no walk), then sorted by name here.
    let mut expected = Vec::new();
    for page in 1.. {
        let query = CadreQuery {
            org: root.id.clone(),
            q: q.into(),
            sort: "org".into(),
            per_page: "200".into(),
            page: page.to_string(),
            ..CadreQuery::default()
        };
        let items = list_cadres(&app, &system, &query).await.unwrap().items;
        if items.is_empty() {
            break;
        }
        expected.extend(items.into_iter().map(|c| (c.name, c.id)));
    }
    assert_eq!(expected.len() as i64, total);
    expected.sort();
    for page in [1_usize, 3] {
        let query = CadreQuery { org: root.id.clone(), q: q.into(), page: page.to_string(), ..CadreQuery::default() };
        let got: Vec<(String, String)> =
            list_cadres(&app, &system, &query).await.unwrap().items.into_iter().map(|c| (c.name, c.id)).collect();
        assert_eq!(got, expected[(page - 1) * 20..page * 20], "page {page} of {q} by name");
    }
}
