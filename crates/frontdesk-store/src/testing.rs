//! Scratch databases for tests, on the backend the environment names: the
//! encrypted SQLite file (the default), or — with
//! `FRONTDESK_TEST_BACKEND=postgres` and the `PG*` variables of a throwaway
//! server, as `pg_virtualenv` sets them — a fresh database on that server.
//! One suite of tests then runs on both databases, unchanged. Only for
//! tests (the crate's `testing` feature).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Backend, DatabaseId, DatabaseKey, ServerAddress, Store, Tls};

/// The backend the tests run on.
pub fn backend() -> Backend {
    match std::env::var("FRONTDESK_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// A scratch database; its file (SQLite) goes with it.
#[derive(Debug)]
pub struct Scratch {
    pub store: Store,
    /// Keeps the SQLite file's folder alive.
    pub dir: Option<tempfile::TempDir>,
}

/// The key of every scratch SQLite database.
pub fn key() -> DatabaseKey {
    DatabaseKey::from_hex(&"7e".repeat(32)).expect("a valid key")
}

static NEXT: AtomicU32 = AtomicU32::new(1);

/// A new, empty, migrated database on the tests' backend.
pub async fn scratch() -> Scratch {
    match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let store = Store::create(
                &dir.path().join("scratch.db"),
                &key(),
                DatabaseId::generate().expect("random bytes"),
            )
            .await
            .expect("a scratch database");
            Scratch {
                store,
                dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let name = new_server_database().await;
            let store = Store::connect(&server_address(&name), password().as_deref())
                .await
                .expect("the scratch database");
            Scratch { store, dir: None }
        }
    }
}

/// A new, empty database on the test server (not migrated); its name.
pub async fn new_server_database() -> String {
    let name = format!(
        "fd_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let admin = server_address(&env("PGDATABASE", "postgres"));
    let admin_store = Store::connect_admin(&admin, password().as_deref())
        .await
        .expect("the test server");
    admin_store
        .create_database(&name)
        .await
        .expect("CREATE DATABASE");
    admin_store.close().await;
    name
}

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn password() -> Option<String> {
    std::env::var("PGPASSWORD").ok()
}

/// The test server's address for `database` (from the `PG*` variables).
pub fn server_address(database: &str) -> ServerAddress {
    ServerAddress {
        host: env("PGHOST", "localhost"),
        port: env("PGPORT", "5432").parse().expect("PGPORT"),
        database: database.to_owned(),
        user: env("PGUSER", "postgres"),
        tls: Tls::Local,
    }
}
