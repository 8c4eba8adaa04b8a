//! Folders and files that hold patient data: private to the user who runs
//! Frontdesk (folders `700`, files `600` on Unix, whatever the umask), made
//! durable before they count, and never put over an existing file.
//!
//! SQLite gives a database's `-wal` and `-shm` files the mode of the
//! database file itself, so a database created private stays private.
//! On other systems the user's profile folder already keeps others out, and
//! these functions only create, sync and place.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Mode of a folder holding databases or backups.
#[cfg(unix)]
const PRIVATE_DIR: u32 = 0o700;
/// Mode of a database, backup or state file.
#[cfg(unix)]
const PRIVATE_FILE: u32 = 0o600;

/// Creates `path` and any missing parents as private folders. Existing
/// folders are left as they are (see [`ensure_private_dir`] for the data folder).
pub fn create_private_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR);
    builder.create(path)
}

/// Creates the folder `path` private, or makes an existing one private.
/// Returns the mode it had when it was tightened (`Some(0o755)`), `None`
/// when it was created or already private.
pub fn ensure_private_dir(path: &Path) -> io::Result<Option<u32>> {
    create_private_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_DIR))?;
            return Ok(Some(mode));
        }
    }
    Ok(None)
}

/// Creates a new, empty, private file; fails if anything is at `path`.
pub(crate) fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE);
    options.open(path)
}

/// Writes `contents` to a private file at `path` (replacing it).
pub fn write_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE);
    let mut file = options.open(path)?;
    make_private(path)?;
    file.write_all(contents)
}

/// Makes an existing file private (a copy keeps its source's mode).
pub(crate) fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_FILE))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// `path` with SQLite's suffix for a companion file (`-wal`, `-shm`, `-journal`).
pub(crate) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The companion files SQLite may leave beside a database.
pub(crate) const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Removes a database file and its companions, ignoring those not there.
pub(crate) fn remove_database_files(path: &Path) {
    for file in std::iter::once(path.to_path_buf())
        .chain(COMPANIONS.iter().map(|suffix| companion(path, suffix)))
    {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(file = %file.display(), error = %e, "could not remove a file"),
        }
    }
}

/// Flushes a folder's entries (a new or renamed file in it) to the disk.
pub(crate) fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(path)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Folders cannot be opened as files here; NTFS journals renames itself.
        let _ = path;
        Ok(())
    }
}

/// Gives the complete file `from` the name `to`, atomically, refusing (with
/// `AlreadyExists`) when something already has that name: a hard link, then
/// the old name removed. On a file system without hard links it falls back
/// to a check and a rename.
pub(crate) fn place_without_overwriting(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            if std::fs::symlink_metadata(to).is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            std::fs::rename(from, to)
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

    #[test]
    fn folders_and_files_are_private_and_a_loose_folder_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir_all(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(ensure_private_dir(&nested).unwrap(), None);

        let loose = dir.path().join("loose");
        std::fs::create_dir(&loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(ensure_private_dir(&loose).unwrap(), Some(0o755));
        assert_eq!(mode(&loose), 0o700);

        let file = nested.join("f");
        create_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(create_private_file(&file).is_err());
        let state = nested.join("state");
        write_private_file(&state, b"x").unwrap();
        assert_eq!(mode(&state), 0o600);
    }

    #[test]
    fn placing_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"new").unwrap();
        std::fs::write(&b, b"old").unwrap();
        let err = place_without_overwriting(&a, &b).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&b).unwrap(), b"old");
        std::fs::remove_file(&b).unwrap();
        place_without_overwriting(&a, &b).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"new");
        assert!(!a.exists());
    }
}
