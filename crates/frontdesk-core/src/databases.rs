//! Opening and creating the practice's database files with their keys.
//! A data folder holds at most two: the real practice's and the demo clinic's,
//! kept apart so demo data never mixes with a real practice.

use std::path::{Path, PathBuf};

use frontdesk_store::{probe_file, DatabaseId, FileKind, Store};

use crate::database_keys::{key_for, key_from_environment, new_key_for};
use crate::CoreError;

/// File name of the real practice's database inside the data folder.
pub const PRACTICE_FILE: &str = "practice.db";
/// File name of the demo clinic's database inside the data folder.
pub const DEMO_FILE: &str = "demo.db";

/// Which of the two databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    Practice,
    Demo,
}

impl DatabaseKind {
    pub fn file_in(self, data_dir: &Path) -> PathBuf {
        data_dir.join(match self {
            DatabaseKind::Practice => PRACTICE_FILE,
            DatabaseKind::Demo => DEMO_FILE,
        })
    }
}

/// Opens an existing Frontdesk database with the key for it.
pub async fn open_database(path: &Path) -> Result<Store, CoreError> {
    let id = match probe_file(path)? {
        FileKind::Missing => {
            return Err(CoreError::NotFound {
                what: "database",
                id: path.display().to_string(),
            })
        }
        FileKind::PlainSqlite | FileKind::NotADatabase => return Err(CoreError::WrongKey),
        FileKind::Encrypted(id) => id,
    };
    let key = key_for(&id)?;
    Ok(Store::open(path, &key).await?)
}

/// Creates a new, empty (migrated) database; refuses an existing file.
pub async fn create_database(path: &Path) -> Result<Store, CoreError> {
    if probe_file(path)? != FileKind::Missing {
        return Err(CoreError::AlreadyExists(format!(
            "refusing to overwrite the existing file {}",
            path.display()
        )));
    }
    // Validate the variable before anything is written anywhere.
    key_from_environment()?;
    let id = DatabaseId::generate()?;
    let key = new_key_for(&id)?;
    Ok(Store::create(path, &key, id).await?)
}
