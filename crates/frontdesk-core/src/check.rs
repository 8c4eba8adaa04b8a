//! `frontdesk-cli check`: open a database, run SQLite's and SQLCipher's
//! integrity checks (a file) or PostgreSQL's view of itself (a server),
//! count the main tables.

use frontdesk_store::appointments::table_counts;
use std::collections::BTreeMap;

use frontdesk_store::Backend;

use crate::databases::{open_location, Location};
use crate::CoreError;

/// The result of a check, printed as JSON by the CLI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub integrity: String,
    pub cipher_integrity: String,
    pub cipher_version: String,
    pub counts: BTreeMap<String, i64>,
}

/// What a server has instead of SQLCipher's checks: its files are kept
/// safe at rest by the server's disk encryption (docs/SHARED_DATABASE.md).
const ON_SERVER: &str =
    "not applicable: a server database (the server's disk encryption keeps it safe at rest)";

/// Opens the database at `location` and checks it.
pub async fn check_database(location: &Location) -> Result<CheckReport, CoreError> {
    let store = open_location(location).await?;
    let checked = check_open(&store).await;
    store.close().await;
    checked
}

async fn check_open(store: &frontdesk_store::Store) -> Result<CheckReport, CoreError> {
    let (integrity, cipher_version) = match store.backend() {
        Backend::Sqlite => (store.integrity().await?, store.cipher_version().await?),
        Backend::Postgres => (
            frontdesk_store::Integrity {
                integrity: store.server_health().await?,
                cipher_integrity: ON_SERVER.to_owned(),
            },
            ON_SERVER.to_owned(),
        ),
    };
    let mut conn = store.acquire().await?;
    let counts = table_counts(&mut conn)
        .await?
        .into_iter()
        .map(|(table, n)| (table.to_owned(), n))
        .collect();
    drop(conn);
    Ok(CheckReport {
        integrity: integrity.integrity,
        cipher_integrity: integrity.cipher_integrity,
        cipher_version,
        counts,
    })
}
