//! The two backends' migrations are kept in step: after all of them, both
//! databases have the same tables with the same columns — apart from how
//! each finds patients (SQLite's FTS5 index, PostgreSQL's term table) and
//! the migration bookkeeping. Runs when the tests are on PostgreSQL (it
//! needs both databases).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use frontdesk_store::db::query;
use frontdesk_store::{testing, Backend, DatabaseId, Db, Store};

/// Tables that only one backend has, by design.
fn backend_specific(table: &str) -> bool {
    table.starts_with("patient_search") || table == "_sqlx_migrations"
}

async fn columns(conn: &mut Db) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    match conn.backend() {
        Backend::Sqlite => {
            let tables: Vec<String> = query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .scalars(conn)
            .await
            .unwrap();
            for table in tables.into_iter().filter(|t| !backend_specific(t)) {
                let names: Vec<String> =
                    query(format!("SELECT name FROM pragma_table_info('{table}')"))
                        .scalars(conn)
                        .await
                        .unwrap();
                out.extend(names.into_iter().map(|c| (table.clone(), c)));
            }
        }
        Backend::Postgres => {
            let rows = query(
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
                 WHERE table_schema = current_schema()",
            )
            .fetch_all(conn)
            .await
            .unwrap();
            for row in rows {
                let table: String = row.get("t").unwrap();
                if !backend_specific(&table) {
                    out.insert((table, row.get("c").unwrap()));
                }
            }
        }
    }
    out
}

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
    let on_server = columns(&mut server.store.acquire().await.unwrap()).await;
    let in_file = columns(&mut file.acquire().await.unwrap()).await;
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
