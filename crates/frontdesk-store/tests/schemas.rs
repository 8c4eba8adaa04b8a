//! The two backends' migrations are kept in step: after all of them, both
//! databases have the same tables with the same columns — apart from how
//! each finds patients (SQLite's FTS5 index, PostgreSQL's term table) and
//! the migration bookkeeping. Runs when the tests are on PostgreSQL (it
//! needs both databases).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use frontdesk_store::copy::table_columns;
use frontdesk_store::{testing, Backend, DatabaseId, Store};

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    if testing::backend() != Backend::Postgres {
        eprintln!("needs PostgreSQL too: run with FRONTDESK_TEST_BACKEND=postgres");
        return;
    }
    let server = testing::scratch().await;
    let dir = tempfile::tempdir().unwrap();
    let file = Store::create(
        &dir.path().join("schema.db"),
        &testing::key(),
        DatabaseId::generate().unwrap(),
    )
    .await
    .unwrap();
    let on_server = table_columns(&mut server.store.acquire().await.unwrap())
        .await
        .unwrap();
    let in_file = table_columns(&mut file.acquire().await.unwrap())
        .await
        .unwrap();
    let only_server: Vec<_> = on_server.difference(&in_file).collect();
    let only_file: Vec<_> = in_file.difference(&on_server).collect();
    assert!(
        only_server.is_empty() && only_file.is_empty(),
        "only on PostgreSQL: {only_server:?}; only in SQLite: {only_file:?}"
    );
    assert!(on_server.len() > 100, "{} columns", on_server.len());
    file.close().await;
    server.store.close().await;
}
