//! Database keys and ids.
//!
//! Every Frontdesk database is encrypted with SQLCipher 4 under a raw 256-bit
//! key (no passphrase derivation at each start). SQLCipher stores a random
//! 16-byte salt in the first bytes of the file; we choose that salt ourselves
//! when creating a database and use it as the database's stable id, so the key
//! can be found in the keyring from the file alone — wherever the file moves.

use std::fmt;
use std::io::Read;
use std::path::Path;

use crate::StoreError;

/// A raw 256-bit SQLCipher key. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        Ok(Self(bytes))
    }

    /// Parses 64 hex characters.
    pub fn from_hex(text: &str) -> Result<Self, StoreError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes)
            .map_err(|_| StoreError::invalid("key", "expected 64 hexadecimal characters"))?;
        Ok(Self(bytes))
    }

    /// The key as 64 lowercase hex characters (for the keyring only).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(<redacted>)")
    }
}

/// A database's stable id: the SQLCipher salt at the start of its file.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatabaseId([u8; 16]);

impl DatabaseId {
    /// A fresh random id for a database about to be created.
    pub fn generate() -> Result<Self, StoreError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        Ok(Self(bytes))
    }

    /// 32 lowercase hex characters: the name of the database's keyring entry.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for DatabaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseId({})", self.to_hex())
    }
}

impl fmt::Display for DatabaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// What a path holds, judged from its first bytes without any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file there.
    Missing,
    /// An unencrypted SQLite database: never a Frontdesk database.
    PlainSqlite,
    /// Too short to be a database at all.
    NotADatabase,
    /// Could be an encrypted Frontdesk database with this id.
    Encrypted(DatabaseId),
}

const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Looks at the first 16 bytes of `path`. A folder there, or a file this
/// user may not read, is an error that says so.
pub fn probe_file(path: &Path) -> Result<FileKind, StoreError> {
    let refused = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::PermissionDenied(path.to_path_buf()),
        std::io::ErrorKind::IsADirectory => StoreError::IsFolder(path.to_path_buf()),
        _ => StoreError::Io(e),
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(StoreError::IsFolder(path.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(refused(e)),
    }
    let mut file = std::fs::File::open(path).map_err(refused)?;
    let mut head = [0u8; 16];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]).map_err(refused)? {
            0 => break,
            n => read += n,
        }
    }
    if read < head.len() {
        return Ok(FileKind::NotADatabase);
    }
    if &head == PLAIN_SQLITE_HEADER {
        return Ok(FileKind::PlainSqlite);
    }
    Ok(FileKind::Encrypted(DatabaseId(head)))
}

/// The value of `PRAGMA key`, quoted, for an existing database (salt read from the file).
pub(crate) fn key_pragma(key: &DatabaseKey) -> String {
    format!("\"x'{}'\"", key.to_hex())
}

/// The value of `PRAGMA key` for a new database whose salt (= id) we choose.
pub(crate) fn key_and_salt_pragma(key: &DatabaseKey, id: &DatabaseId) -> String {
    format!("\"x'{}{}'\"", key.to_hex(), id.to_hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_debug_hides_the_bytes() {
        let key = DatabaseKey::from_hex(&"5a".repeat(32)).unwrap();
        assert!(!format!("{key:?}").contains("5a5a"));
    }

    #[test]
    fn key_must_be_64_hex_characters() {
        assert!(DatabaseKey::from_hex("abc").is_err());
        assert!(DatabaseKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(DatabaseKey::from_hex(&"0F".repeat(32)).is_ok());
    }

    #[test]
    fn probe_tells_plain_sqlite_from_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        std::fs::write(&plain, b"SQLite format 3\0rest of header").unwrap();
        assert_eq!(probe_file(&plain).unwrap(), FileKind::PlainSqlite);
        let short = dir.path().join("short");
        std::fs::write(&short, b"hi").unwrap();
        assert_eq!(probe_file(&short).unwrap(), FileKind::NotADatabase);
        assert_eq!(
            probe_file(&dir.path().join("none")).unwrap(),
            FileKind::Missing
        );
    }

    #[test]
    fn probe_names_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = probe_file(dir.path()).unwrap_err();
        assert!(matches!(err, StoreError::IsFolder(_)), "{err:?}");
        assert!(err.to_string().ends_with("is a folder"), "{err}");
    }
}
