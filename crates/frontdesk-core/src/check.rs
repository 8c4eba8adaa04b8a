//! `frontdesk-cli check`: open a database, run SQLite's and SQLCipher's
//! integrity checks, count the main tables.

use std::collections::BTreeMap;
use std::path::Path;

use frontdesk_store::appointments::table_counts;

use crate::databases::open_database;
use crate::CoreError;

/// The result of a check, printed as JSON by the CLI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub integrity: String,
    pub cipher_integrity: String,
    pub cipher_version: String,
    pub counts: BTreeMap<String, i64>,
}

/// Opens `path` with its key and checks it.
pub async fn check_database(path: &Path) -> Result<CheckReport, CoreError> {
    let store = open_database(path).await?;
    let integrity = store.integrity().await?;
    let cipher_version = store.cipher_version().await?;
    let mut conn = store.acquire().await?;
    let counts = table_counts(&mut conn)
        .await?
        .into_iter()
        .map(|(table, n)| (table.to_owned(), n))
        .collect();
    drop(conn);
    store.close().await;
    Ok(CheckReport {
        integrity: integrity.integrity,
        cipher_integrity: integrity.cipher_integrity,
        cipher_version,
        counts,
    })
}
