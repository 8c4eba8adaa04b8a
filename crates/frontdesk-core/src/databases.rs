//! Opening and creating the practice's databases: the encrypted files of one
//! PC (a data folder holds at most two, the real practice's and the demo
//! clinic's, kept apart so demo data never mixes with a real practice) and
//! the clinic's shared PostgreSQL server ([`Location`]).
//!
//! A new database is built under a temporary name beside its final one and
//! put in place only when complete ([`NewDatabase`]): a full disk, a failed
//! seed or a lost race leaves neither a half-made file nor an orphan key.

use std::path::{Path, PathBuf};

use frontdesk_store::{probe_file, DatabaseId, DatabaseKey, Draft, FileKind, Store};

use crate::database_keys::{forget_key, key_for, key_from_environment, new_key_for};
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

/// Creates the data folder private to this user (`700`), or makes an
/// existing one private, saying so in the log.
pub fn prepare_data_dir(data_dir: &Path) -> Result<(), CoreError> {
    match frontdesk_store::ensure_private_dir(data_dir) {
        Ok(Some(previous)) => {
            tracing::info!(
                folder = %data_dir.display(),
                previous_mode = format!("{previous:o}"),
                "made the data folder private to this user (mode 700)"
            );
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(
            CoreError::DatabasePermissionDenied(data_dir.display().to_string()),
        ),
        Err(e) => Err(CoreError::Storage(format!(
            "cannot create the data folder: {e}"
        ))),
    }
}

/// Where a database is: a file on this PC, or the clinic's server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(frontdesk_store::ServerAddress),
}

impl Location {
    /// `postgres://user@host[:port]/database` names the clinic's server;
    /// anything else is a file's path.
    pub fn parse(text: &str) -> Result<Self, CoreError> {
        if text.trim().is_empty() {
            return Err(CoreError::invalid(
                "--db",
                "give a database file or a postgres:// address",
            ));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(Location::Server(frontdesk_store::ServerAddress::parse(
                text,
            )?));
        }
        Ok(Location::File(PathBuf::from(text)))
    }

    /// How the location reads in messages (never with a password).
    pub fn describe(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Server(address) => address.url(),
        }
    }
}

/// Opens an existing database wherever it is: a file with its key from the
/// keyring, or the clinic's server with its password.
pub async fn open_location(location: &Location) -> Result<Store, CoreError> {
    match location {
        Location::File(path) => open_database(path).await,
        Location::Server(address) => {
            let password = crate::database_keys::server_password(address)?;
            Ok(Store::connect(address, password.as_deref()).await?)
        }
    }
}

/// Brings the database at `location` up to date; how many migrations ran.
/// A file is migrated whenever it is opened; a server only by its owner
/// role (workstations connect with a role that may not change the schema).
pub async fn migrate(location: &Location) -> Result<usize, CoreError> {
    match location {
        Location::File(path) => {
            open_database(path).await?.close().await;
            Ok(0)
        }
        Location::Server(address) => {
            let password = crate::database_keys::server_password(address)?;
            Ok(Store::migrate_server(address, password.as_deref()).await?)
        }
    }
}

/// Opens an existing Frontdesk database with the key for it: one keyring
/// lookup, one open sequence.
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

/// Creates a new, empty (migrated) database and puts it in place; refuses an
/// existing file. To fill it before it counts, use [`NewDatabase`].
pub async fn create_database(path: &Path) -> Result<Store, CoreError> {
    NewDatabase::create(path).await?.finish().await
}

/// A database being created for `path`: migrated, open to fill through
/// [`NewDatabase::store`], but still under a temporary name, its key in the
/// keyring. [`NewDatabase::finish`] puts it in place; on failure, on
/// [`NewDatabase::abandon`], or when dropped unfinished, its files are
/// removed and its keyring entry deleted.
#[derive(Debug)]
pub struct NewDatabase {
    draft: Draft,
    key: DatabaseKey,
    entry: KeyEntry,
}

impl NewDatabase {
    /// Starts a database for `path`; refuses an existing file.
    pub async fn create(path: &Path) -> Result<Self, CoreError> {
        if probe_file(path)? != FileKind::Missing {
            return Err(CoreError::AlreadyExists(format!(
                "refusing to overwrite the existing file {}",
                path.display()
            )));
        }
        // Validate the variable before anything is written anywhere.
        let from_environment = key_from_environment()?.is_some();
        let id = DatabaseId::generate()?;
        let key = new_key_for(&id)?;
        let entry = KeyEntry {
            id,
            forget: !from_environment,
        };
        let draft = Store::create_draft(path, &key, id).await?;
        Ok(Self { draft, key, entry })
    }

    /// The new database, to fill before [`NewDatabase::finish`].
    pub fn store(&self) -> &Store {
        self.draft.store()
    }

    /// Puts the complete database in place and opens it there. Another
    /// process that made the same file first wins: this one is then removed
    /// (with its key) and `AlreadyExists` returned.
    pub async fn finish(self) -> Result<Store, CoreError> {
        let Self {
            draft,
            key,
            mut entry,
        } = self;
        let path = draft.target().to_path_buf();
        draft.commit().await?;
        entry.forget = false;
        Ok(Store::open(&path, &key).await?)
    }

    /// Gives up: closes and removes the files, forgets the key.
    pub async fn abandon(self) {
        self.draft.discard().await;
    }

    /// [`NewDatabase::finish`] when `filled` is `Ok` (closing the store),
    /// [`NewDatabase::abandon`] otherwise: `filled` is what filling it gave.
    pub async fn complete<T, E: From<CoreError>>(self, filled: Result<T, E>) -> Result<T, E> {
        match filled {
            Ok(value) => {
                self.finish().await?.close().await;
                Ok(value)
            }
            Err(error) => {
                self.abandon().await;
                Err(error)
            }
        }
    }
}

/// The keyring entry made for a new database, deleted on drop unless the
/// database was completed (or the key came from the variable).
#[derive(Debug)]
struct KeyEntry {
    id: DatabaseId,
    forget: bool,
}

impl Drop for KeyEntry {
    fn drop(&mut self) {
        if self.forget {
            forget_key(&self.id);
        }
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// Captures what is logged on this thread.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_data_folder_is_created_private_and_a_loose_one_is_tightened_with_a_log_line() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("org.frontdesk.desktop");
        prepare_data_dir(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);

        let loose = dir.path().join("loose");
        std::fs::create_dir(&loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || prepare_data_dir(&loose).unwrap());
        assert_eq!(mode(&loose), 0o700);
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("made the data folder private"), "{log}");
        assert!(log.contains("previous_mode=\"755\""), "{log}");
    }
}
