//! The one place that opens a Frontdesk database.
//!
//! Opening an existing file is one sequence:
//!
//! 1. Look before touching: a folder, an unreadable file, a file that is not
//!    whole pages (cut short) are refused by name, without SQLite.
//! 2. Prove the key on an *immutable* read-only connection: SQLite then reads
//!    page 1 of the file itself and nothing else — no `-wal`, no `-shm`, no
//!    locks — so a wrong key or a damaged file changes no byte of any file.
//! 3. Open the pool. Its first connection (key first — sqlx sends it first —
//!    then WAL, foreign keys, busy timeout) counts the pending migrations; a
//!    database that has some is copied to `backups/` beside it before they
//!    run. Opening a current database writes nothing, so many processes may
//!    open one file at once.
//!
//! Creating one ([`Store::create_draft`]) builds it under a temporary name in
//! the same folder; [`Draft::commit`] puts it in place only when it is
//! complete and on the disk, so a full disk or a crash never leaves a
//! half-made database under the real name.
//!
//! No statement of these connections is logged by sqlx: the first one of
//! each is `PRAGMA key` with the raw key.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPool;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::db::{Backend, Db};
use crate::files;
use crate::key::{key_and_salt_pragma, key_pragma, probe_file, DatabaseId, DatabaseKey, FileKind};
use crate::workers::WorkerGroup;
use crate::StoreError;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLCipher's page size, which Frontdesk never changes: a whole database
/// file is a multiple of it.
const PAGE_SIZE: u64 = 4096;

/// SQLite's primary result codes that opening maps to words.
const SQLITE_READONLY: i64 = 8;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_CANTOPEN: i64 = 14;
/// "File is not a database": what a wrong key gives.
const SQLITE_NOTADB: i64 = 26;

/// How long closing waits for connections in use to come back to the pool.
const RETURN_PATIENCE: Duration = Duration::from_secs(2);

/// How often the key proof reads page 1 before it believes a refusal: a
/// checkpoint in another process can be rewriting the file at that moment.
const KEY_PROOF_ATTEMPTS: u32 = 3;

/// An open, migrated Frontdesk database: the encrypted file on this PC or
/// the clinic's server. Cheap to clone; every clone shares one pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// The SQLCipher file and its id, when the database is one.
    file: Option<(PathBuf, DatabaseId)>,
    /// The threads SQLite connections run on (none on a server).
    workers: WorkerGroup,
    audit: crate::audit::AuditQueue,
    /// The clinic's server, when the database is there.
    pub(crate) server: Option<crate::ServerAddress>,
    /// What was last read of the practice's description, shared by every
    /// clone and handed along with each connection.
    practice_cache: crate::practice_cache::PracticeCache,
}

/// The connection pool of either database (never behind a Mutex).
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A server that cannot be reached, or has no connection free, names its
/// address; other errors go through the store's usual reading.
async fn unreachable(pool: &sqlx::PgPool, error: sqlx::Error) -> StoreError {
    let options = pool.connect_options();
    let place = format!("{}:{}", options.get_host(), options.get_port());
    if crate::db::is_server_full(&error) {
        StoreError::ServerFull(place)
    } else if matches!(error, sqlx::Error::PoolTimedOut) {
        crate::server::why_no_connection(&options, place).await
    } else if crate::db::is_connection_lost(&error) {
        StoreError::Unreachable(place)
    } else {
        crate::db::classify(error)
    }
}

impl Pool {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) async fn acquire(&self) -> Result<Db, StoreError> {
        Ok(match self {
            Pool::Sqlite(pool) => Db::sqlite_pooled(pool.acquire().await?),
            Pool::Postgres(pool) => match pool.acquire().await {
                Ok(conn) => Db::pg_pooled(conn),
                Err(error) => return Err(unreachable(pool, error).await),
            },
        })
    }

    pub(crate) async fn begin_read(&self) -> Result<Db, StoreError> {
        Ok(match self {
            Pool::Sqlite(pool) => Db::sqlite_tx(pool.begin().await?),
            Pool::Postgres(pool) => match pool.begin().await {
                Ok(tx) => Db::pg_tx(tx),
                Err(error) => return Err(unreachable(pool, error).await),
            },
        })
    }

    /// On SQLite `BEGIN IMMEDIATE`: the write lock at once, so
    /// check-then-write sequences queue behind other writers. On PostgreSQL
    /// a plain transaction: writers run side by side, and the database's own
    /// constraints (a resource's time exclusion among them) settle races.
    pub(crate) async fn begin_write(&self) -> Result<Db, StoreError> {
        Ok(match self {
            Pool::Sqlite(pool) => Db::sqlite_tx(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => match pool.begin().await {
                Ok(tx) => Db::pg_tx(tx),
                Err(error) => return Err(unreachable(pool, error).await),
            },
        })
    }

    pub(crate) fn is_closed(&self) -> bool {
        match self {
            Pool::Sqlite(pool) => pool.is_closed(),
            Pool::Postgres(pool) => pool.is_closed(),
        }
    }
}

impl Store {
    /// Creates a new encrypted database at `path` whose SQLCipher salt is
    /// `id`. Refuses to touch an existing file; on failure removes what it
    /// made. Most callers want [`Store::create_draft`].
    pub async fn create(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
    ) -> Result<Self, StoreError> {
        let workers = WorkerGroup::new();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            files::create_private_dir_all(parent).map_err(|e| refused(e, path))?;
        }
        // Claiming the name first makes the file private from its first byte
        // and makes two creators of one path fail cleanly.
        match files::create_private_file(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists(path.to_path_buf()))
            }
            Err(e) => return Err(refused(e, path)),
        }
        let result = Self::create_claimed(path, key, id, &workers).await;
        if result.is_err() {
            workers.finished().await;
            files::remove_database_files(path);
        }
        result
    }

    async fn create_claimed(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
        workers: &WorkerGroup,
    ) -> Result<Self, StoreError> {
        let options = connect_options(path, key_and_salt_pragma(key, &id), workers);
        // One connection writes the header with our salt; later ones read it from the file.
        let mut first = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| map_open_error(e, path))?;
        let written = async {
            sqlx::query("CREATE TABLE IF NOT EXISTS database_created (at INTEGER)")
                .execute(&mut first)
                .await?;
            sqlx::query("DROP TABLE database_created")
                .execute(&mut first)
                .await
        }
        .await;
        first.close().await?;
        written?;
        match probe_file(path)? {
            FileKind::Encrypted(written) if written == id => {}
            _ => return Err(StoreError::WrongKeyOrNotFrontdesk),
        }
        Self::open_existing(path, key, id, false, workers).await
    }

    /// Creates a new database for `path` under a temporary name beside it
    /// (see [`Draft`]). Refuses when something is at `path` already.
    pub async fn create_draft(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
    ) -> Result<Draft, StoreError> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let temporary = draft_path(path, &id);
        let store = Self::create(&temporary, key, id).await?;
        Ok(Draft {
            store,
            files: DraftFiles {
                temporary,
                keep: false,
            },
            target: path.to_path_buf(),
        })
    }

    /// Opens an existing encrypted database, migrating it if its schema is old.
    pub async fn open(path: &Path, key: &DatabaseKey) -> Result<Self, StoreError> {
        let id = match probe_file(path)? {
            FileKind::Missing => return Err(StoreError::Missing(path.to_path_buf())),
            FileKind::PlainSqlite | FileKind::NotADatabase => {
                return Err(StoreError::WrongKeyOrNotFrontdesk)
            }
            FileKind::Encrypted(id) => id,
        };
        let workers = WorkerGroup::new();
        let result = Self::open_existing(path, key, id, true, &workers).await;
        if result.is_err() {
            workers.finished().await;
        }
        result
    }

    async fn open_existing(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
        back_up_before_migrating: bool,
        workers: &WorkerGroup,
    ) -> Result<Self, StoreError> {
        check_whole_pages(path)?;
        prove_key(path, key, workers).await?;
        // OpenSSL is initialised now (its exit cleanup registered): ours goes after it.
        crate::workers::wait_at_exit();
        check_writable(path)?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_lazy_with(connect_options(path, key_pragma(key), workers));
        match prepare(&pool, path, back_up_before_migrating).await {
            Ok(()) => Ok(Self::from_pool(
                Pool::Sqlite(pool),
                Some((path.to_path_buf(), id)),
                workers.clone(),
            )),
            Err(error) => {
                pool.close().await;
                Err(error)
            }
        }
    }

    pub(crate) fn from_pool(
        pool: Pool,
        file: Option<(PathBuf, DatabaseId)>,
        workers: WorkerGroup,
    ) -> Self {
        Store {
            audit: crate::audit::AuditQueue::new(pool.clone()),
            pool,
            file,
            workers,
            server: None,
            practice_cache: Default::default(),
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    /// A connection from the pool, for reads that show no patient data (the
    /// audited ones go through a read transaction).
    pub async fn acquire(&self) -> Result<Db, StoreError> {
        Ok(self
            .pool
            .acquire()
            .await?
            .with_practice_cache(&self.practice_cache))
    }

    /// Where the database file lives (`None` on a server).
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(path, _)| path.as_path())
    }

    /// The database file's stable id, its SQLCipher salt (`None` on a server).
    pub fn id(&self) -> Option<DatabaseId> {
        self.file.as_ref().map(|(_, id)| *id)
    }

    /// The clinic's server this store is connected to; `None` for a file.
    pub fn server(&self) -> Option<&crate::ServerAddress> {
        self.server.as_ref()
    }

    /// Where reads leave their audit rows (written in the background).
    pub fn audit_queue(&self) -> &crate::audit::AuditQueue {
        &self.audit
    }

    /// Begins a read transaction: one consistent snapshot, no write lock, so
    /// it neither waits for writers nor holds them up.
    pub async fn begin_read(&self) -> Result<Db, StoreError> {
        Ok(self
            .pool
            .begin_read()
            .await?
            .with_practice_cache(&self.practice_cache))
    }

    /// Begins a write transaction. On the file it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so check-then-write sequences queue behind
    /// other writers instead of failing with "database is locked"; on a
    /// server the database's constraints settle races.
    pub async fn begin_write(&self) -> Result<Db, StoreError> {
        Ok(self
            .pool
            .begin_write()
            .await?
            .with_practice_cache(&self.practice_cache.for_writes()))
    }

    /// The PostgreSQL pool of a server database (for what only it has).
    pub(crate) fn pg_pool(&self) -> Result<&sqlx::PgPool, StoreError> {
        match &self.pool {
            Pool::Postgres(pool) => Ok(pool),
            Pool::Sqlite(_) => Err(StoreError::invalid(
                "database",
                "this is for the clinic's database server only",
            )),
        }
    }

    /// The SQLite pool of a file database (for what only SQLite has).
    pub(crate) fn sqlite_pool(&self) -> Result<&SqlitePool, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => Ok(pool),
            Pool::Postgres(_) => Err(StoreError::invalid(
                "database",
                "this is for the encrypted file database only",
            )),
        }
    }

    /// Runs SQLite's and SQLCipher's integrity checks; `"ok"` each when sound.
    pub async fn integrity(&self) -> Result<Integrity, StoreError> {
        let mut conn = self.sqlite_pool()?.acquire().await?;
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut *conn)
            .await?;
        let cipher_rows: Vec<String> = sqlx::query_scalar("PRAGMA cipher_integrity_check")
            .fetch_all(&mut *conn)
            .await?;
        Ok(Integrity {
            integrity: rows.join("; "),
            cipher_integrity: if cipher_rows.is_empty() {
                "ok".to_owned()
            } else {
                cipher_rows.join("; ")
            },
        })
    }

    /// A server's answer to "are you sound": `"ok"` when it answers and
    /// keeps data checksums, else what it lacks.
    pub async fn server_health(&self) -> Result<String, StoreError> {
        let checksums: String = sqlx::query_scalar("SHOW data_checksums")
            .fetch_one(self.pg_pool()?)
            .await?;
        Ok(if checksums == "on" {
            "ok".to_owned()
        } else {
            "ok (the server does not keep data checksums: initdb --data-checksums)".to_owned()
        })
    }

    /// The SQLCipher library version (proves the build is SQLCipher, not plain SQLite).
    pub async fn cipher_version(&self) -> Result<String, StoreError> {
        let version: Option<String> = sqlx::query_scalar("PRAGMA cipher_version")
            .fetch_optional(self.sqlite_pool()?)
            .await?;
        version.ok_or_else(|| StoreError::invalid("cipher_version", "SQLCipher is not linked"))
    }

    /// How many SQLite connections this store has opened, the key proof included.
    pub fn connections_opened(&self) -> usize {
        self.workers.opened()
    }

    /// Writes the read-audit rows still queued, closes every connection
    /// (checkpointing the WAL) and waits until the threads they ran on have
    /// ended (see [`crate::wait_for_database_threads`]). Every clone of this
    /// store is closed with it.
    pub async fn close(self) {
        let Self {
            pool,
            workers,
            audit,
            ..
        } = self;
        if let Err(error) = audit.flush().await {
            tracing::error!(%error, "audit rows could not be flushed before closing");
        }
        drop(audit);
        match pool {
            Pool::Sqlite(pool) => {
                // Let connections on their way back land first: sqlx's close
                // closes the idle ones and then only waits for the others.
                all_returned(&pool).await;
                pool.close().await;
                // sqlx's close can miss a connection that was being returned
                // while it ran (it lands in the idle queue after the last
                // sweep); it goes with the pool. Its thread then closes it,
                // and is waited for like the rest.
                drop(pool);
            }
            Pool::Postgres(pool) => pool.close().await,
        }
        workers.finished().await;
    }
}

/// A new database that is not in place yet: it lives under a hidden
/// temporary name in the target's folder (`.practice.db.<id>.new`) until
/// [`Draft::commit`]. Fill it through [`Draft::store`]. A draft that is
/// dropped without being committed removes its files.
#[derive(Debug)]
pub struct Draft {
    store: Store,
    files: DraftFiles,
    target: PathBuf,
}

/// The draft's files under their temporary name, removed on drop unless kept.
#[derive(Debug)]
struct DraftFiles {
    temporary: PathBuf,
    keep: bool,
}

impl Drop for DraftFiles {
    fn drop(&mut self) {
        if !self.keep {
            files::remove_database_files(&self.temporary);
        }
    }
}

impl Draft {
    /// The new database, open, to fill before committing.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the database will be once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Closes the database, makes sure all of it is in its file and on the
    /// disk, and gives it the target name — unless something took that name
    /// meanwhile (`AlreadyExists`). On any failure the draft's files are
    /// removed and the target is untouched.
    pub async fn commit(self) -> Result<(), StoreError> {
        let Self {
            store,
            mut files,
            target,
        } = self;
        let folded = fold_log(&store).await;
        store.close().await;
        folded?;
        place(&files.temporary, &target)?;
        files.keep = true;
        Ok(())
    }

    /// Closes the database and removes its files.
    pub async fn discard(self) {
        let Self { store, files, .. } = self;
        store.close().await;
        drop(files);
    }
}

/// The hidden name a draft of `path` is built under.
fn draft_path(path: &Path, id: &DatabaseId) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "frontdesk.db".to_owned());
    let short: String = id.to_hex().chars().take(8).collect();
    path.with_file_name(format!(".{name}.{short}.new"))
}

/// Copies every page of the draft's write-ahead log into its file (synced)
/// and empties the log, so that the file alone is the whole database.
async fn fold_log(store: &Store) -> Result<(), StoreError> {
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(store.sqlite_pool()?)
        .await?;
    if busy != 0 {
        return Err(incomplete());
    }
    Ok(())
}

fn incomplete() -> StoreError {
    StoreError::Io(std::io::Error::other(
        "the new database could not be completed: its write-ahead log was not folded in",
    ))
}

/// The closed draft at `temporary` becomes `target`.
fn place(temporary: &Path, target: &Path) -> Result<(), StoreError> {
    let wal = files::companion(temporary, "-wal");
    if std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        return Err(incomplete());
    }
    // Empty leftovers of the temporary name (closing does not always remove them).
    for suffix in files::COMPANIONS {
        match std::fs::remove_file(files::companion(temporary, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::File::open(temporary)?.sync_all()?;
    files::place_without_overwriting(temporary, target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::AlreadyExists(target.to_path_buf())
        } else {
            StoreError::Io(e)
        }
    })?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        files::sync_dir(parent)?;
    }
    Ok(())
}

/// Result of [`Store::integrity`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrity {
    pub integrity: String,
    pub cipher_integrity: String,
}

/// How hard a commit waits for the disk: `FULL` in WAL mode syncs the
/// write-ahead log at every commit, so a booking confirmed to a caller is
/// on the disk before "booked" is shown and survives a power cut, not only
/// a crash of the process (`NORMAL` syncs only at checkpoints: a power cut
/// could take the last commits back). The cost per commit is measured by
/// `cargo bench -p frontdesk-store --bench commit_durability` (README).
pub const DURABLE_SYNCHRONOUS: SqliteSynchronous = SqliteSynchronous::Full;

/// The options of every read-write connection: key first, then the rest.
/// Statement logging is off: sqlx would log the `PRAGMA key` statement,
/// raw key and all, at debug level (and any statement at warn when slow).
fn connect_options(path: &Path, key_value: String, workers: &WorkerGroup) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key_value)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(DURABLE_SYNCHRONOUS)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        .create_if_missing(false)
        .thread_name(workers.namer())
        .disable_statement_logging()
}

/// Refuses a file that is not whole pages: SQLite and SQLCipher only ever
/// write whole pages, so anything else was cut short.
fn check_whole_pages(path: &Path) -> Result<(), StoreError> {
    let len = std::fs::metadata(path).map_err(|e| refused(e, path))?.len();
    if len < PAGE_SIZE {
        // Not even one page: nothing says it was ever a Frontdesk database.
        return Err(StoreError::WrongKeyOrNotFrontdesk);
    }
    if len % PAGE_SIZE != 0 {
        return Err(StoreError::Damaged(path.to_path_buf()));
    }
    Ok(())
}

/// Proves the key by reading page 1 on an immutable, read-only connection:
/// no locks, no `-wal`, no `-shm`, no journal — nothing is created, read
/// beyond the file itself, or written. A wrong key fails SQLCipher's page
/// check there (`SQLITE_NOTADB`); a file shorter than its header says is
/// `SQLITE_CORRUPT`.
async fn prove_key(
    path: &Path,
    key: &DatabaseKey,
    workers: &WorkerGroup,
) -> Result<(), StoreError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key_pragma(key))
        .immutable(true)
        .read_only(true)
        .create_if_missing(false)
        .thread_name(workers.namer())
        .disable_statement_logging();
    let mut attempt = 1;
    loop {
        let error = match read_page_one(&options).await {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        let code = primary_code(&error);
        if !matches!(code, Some(SQLITE_NOTADB | SQLITE_CORRUPT)) {
            return Err(map_open_error(error, path));
        }
        // Another process may be checkpointing: page 1 can be read while it
        // is rewritten, and the file can be shorter than the header it was
        // just given. While another connection has the database open (its
        // `-shm` is there, and a log, even one a TRUNCATE checkpoint has
        // just emptied), the pool's connection — which takes part in the
        // locking and reads the log — decides; otherwise reading again tells.
        let in_use =
            files::companion(path, "-shm").exists() || files::companion(path, "-wal").exists();
        if code == Some(SQLITE_CORRUPT) && in_use {
            return Ok(());
        }
        if attempt == KEY_PROOF_ATTEMPTS {
            return Err(map_open_error(error, path));
        }
        attempt += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn read_page_one(options: &SqliteConnectOptions) -> Result<(), sqlx::Error> {
    let mut conn = SqliteConnection::connect_with(options).await?;
    let read = sqlx::query_scalar::<_, i64>("PRAGMA schema_version")
        .fetch_one(&mut conn)
        .await;
    conn.close().await?;
    read.map(|_| ())
}

/// SQLite opens a file it cannot write read-only and fails later; say why now.
fn check_writable(path: &Path) -> Result<(), StoreError> {
    match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnlyLocation(path.to_path_buf())
            }
            _ => refused(e, path),
        }),
    }
}

/// The pool's first connection: pending migrations, the backup, migrating.
async fn prepare(
    pool: &SqlitePool,
    path: &Path,
    back_up_before_migrating: bool,
) -> Result<(), StoreError> {
    let mut first = pool.acquire().await.map_err(|e| map_open_error(e, path))?;
    let pending = pending_migrations(&mut first)
        .await
        .map_err(|e| map_open_error(e, path))?;
    if pending == 0 {
        drop(first);
        // Let it land, so that the caller's first query reuses it instead of
        // opening a second connection.
        all_returned(pool).await;
        return Ok(());
    }
    if back_up_before_migrating && has_user_tables(&mut first).await? {
        back_up(&mut first, path).await?;
    }
    drop(first);
    if let Err(error) = MIGRATOR.run(pool).await {
        // Another process may have migrated the same file at the same moment.
        let mut conn = pool.acquire().await?;
        if pending_migrations(&mut conn).await? > 0 {
            return Err(error.into());
        }
    }
    Ok(())
}

/// Waits (a while at most) until every open connection of `pool` is back in
/// its idle queue: sqlx returns a dropped connection from a spawned task,
/// after a ping to its thread — microseconds, more on a busy machine.
async fn all_returned(pool: &SqlitePool) {
    let started = std::time::Instant::now();
    while pool.num_idle() < pool.size() as usize && started.elapsed() < RETURN_PATIENCE {
        if started.elapsed() < Duration::from_millis(1) {
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// An IO error on the database path, in words when it is a refusal.
fn refused(error: std::io::Error, path: &Path) -> StoreError {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::PermissionDenied(path.to_path_buf()),
        std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnlyLocation(path.to_path_buf()),
        std::io::ErrorKind::IsADirectory => StoreError::IsFolder(path.to_path_buf()),
        _ => StoreError::Io(error),
    }
}

/// SQLite's primary result code of an error (sqlx reports extended codes).
fn primary_code(error: &sqlx::Error) -> Option<i64> {
    match error {
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|code| code.parse::<i64>().ok())
            .map(|code| code & 0xff),
        _ => None,
    }
}

fn map_open_error(error: sqlx::Error, path: &Path) -> StoreError {
    match primary_code(&error) {
        Some(SQLITE_NOTADB) => StoreError::WrongKeyOrNotFrontdesk,
        Some(SQLITE_CORRUPT) => StoreError::Damaged(path.to_path_buf()),
        // SQLite must create `-wal` and `-shm` beside the file to open it.
        Some(SQLITE_READONLY | SQLITE_CANTOPEN) => StoreError::ReadOnlyLocation(path.to_path_buf()),
        _ => match error {
            sqlx::Error::Io(e) => refused(e, path),
            other => StoreError::Database(other),
        },
    }
}

async fn has_user_tables(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(count > 0)
}

/// How many of the embedded migrations this database has not applied yet.
async fn pending_migrations(conn: &mut SqliteConnection) -> Result<usize, sqlx::Error> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut *conn)
    .await?;
    let applied: Vec<i64> = if has_table > 0 {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    Ok(MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .count())
}

/// Copies the database file (after folding the WAL into it) to `backups/`
/// beside it: a private folder, a private file.
async fn back_up(conn: &mut SqliteConnection, path: &Path) -> Result<PathBuf, StoreError> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *conn)
        .await?;
    let dir = path
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"));
    files::create_private_dir_all(&dir)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("frontdesk");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let target = dir.join(format!("{stem}-before-migration-{stamp}.db"));
    std::fs::copy(path, &target)?;
    files::make_private(&target)?;
    let wal = files::companion(path, "-wal");
    if std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        let target_wal = files::companion(&target, "-wal");
        std::fs::copy(&wal, &target_wal)?;
        files::make_private(&target_wal)?;
    }
    tracing::info!(backup = %target.display(), "backed up the database before migrating it");
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{insert_appointment, AppointmentStatus, Assignment, NewAppointment};

    fn key() -> DatabaseKey {
        DatabaseKey::from_hex(&"5a".repeat(32)).unwrap()
    }

    fn assert_same_files(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) {
        let names =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(after), names(before));
        for ((name, a), (_, b)) in after.iter().zip(before) {
            assert!(a == b, "{name} changed");
        }
    }

    /// Every file in `dir` with its bytes, SQLite's `-shm` index included.
    fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// A new database, still open, with one write in its WAL.
    async fn created_with_one_write(path: &Path) -> Store {
        let store = Store::create(path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        sqlx::query("INSERT INTO staff (id, name) VALUES ('s1', 'Sam')")
            .execute(store.sqlite_pool().unwrap())
            .await
            .unwrap();
        store
    }

    #[tokio::test]
    async fn a_new_database_is_encrypted_and_its_salt_is_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        let id = DatabaseId::generate().unwrap();
        let store = Store::create(&path, &key(), id).await.unwrap();
        assert!(store.cipher_version().await.unwrap().starts_with('4'));
        store.close().await;
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert_eq!(probe_file(&path).unwrap(), FileKind::Encrypted(id));
        let store = Store::open(&path, &key()).await.unwrap();
        assert_eq!(store.id(), Some(id));
        assert_eq!(store.integrity().await.unwrap().integrity, "ok");
        assert_eq!(store.integrity().await.unwrap().cipher_integrity, "ok");
    }

    #[tokio::test]
    async fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"keep me").unwrap();
        let err = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::AlreadyExists(_)));
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused_and_leaves_the_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        // Keep the database open with data still in its WAL while the wrong key tries.
        let store = created_with_one_write(&path).await;
        assert!(dir.path().join("practice.db-wal").exists());
        let before = files_in(dir.path());
        let wrong = DatabaseKey::from_hex(&"a5".repeat(32)).unwrap();
        let err = Store::open(&path, &wrong).await.unwrap_err();
        assert!(matches!(err, StoreError::WrongKeyOrNotFrontdesk), "{err:?}");
        assert_eq!(
            err.to_string(),
            "cannot open the database: wrong key or not a Frontdesk database"
        );
        assert_same_files(&before, &files_in(dir.path()));
        // And the data in the WAL is still there.
        let staff: i64 = sqlx::query_scalar("SELECT count(*) FROM staff")
            .fetch_one(store.sqlite_pool().unwrap())
            .await
            .unwrap();
        assert_eq!(staff, 1);
    }

    #[tokio::test]
    async fn a_plain_sqlite_or_foreign_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        let mut header = b"SQLite format 3\0".to_vec();
        header.extend_from_slice(&[0u8; 84]);
        std::fs::write(&plain, &header).unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "shopping list: milk, eggs, bread, tea").unwrap();
        let before = files_in(dir.path());
        for path in [&plain, &text] {
            let err = Store::open(path, &key()).await.unwrap_err();
            assert!(matches!(err, StoreError::WrongKeyOrNotFrontdesk), "{err:?}");
        }
        assert_same_files(&before, &files_in(dir.path()));
    }

    #[tokio::test]
    async fn opening_a_current_database_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap()
            .close()
            .await;
        let before = std::fs::read(&path).unwrap();
        Store::open(&path, &key()).await.unwrap().close().await;
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("backups").exists());
    }

    #[tokio::test]
    async fn an_old_schema_is_backed_up_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let id = DatabaseId::generate().unwrap();
        // A database from "before" the migrations: keyed, with one table of its own.
        let options = connect_options(&path, key_and_salt_pragma(&key(), &id), &WorkerGroup::new())
            .create_if_missing(true);
        let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("CREATE TABLE legacy (x INTEGER)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();

        let store = Store::open(&path, &key()).await.unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE name = 'practice'")
                .fetch_all(store.sqlite_pool().unwrap())
                .await
                .unwrap();
        assert_eq!(tables, ["practice"]);
        store.close().await;

        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir.path().join("backups")), 0o700);
            assert_eq!(mode(&backups[0]), 0o600);
        }
        // The backup keeps the salt, so the same keyring entry opens it.
        assert_eq!(probe_file(&backups[0]).unwrap(), FileKind::Encrypted(id));
        let options = connect_options(&backups[0], key_pragma(&key()), &WorkerGroup::new());
        let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        assert_eq!(names, ["legacy"]);
    }

    #[tokio::test]
    async fn concurrent_opens_of_a_fresh_file_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap()
            .close()
            .await;
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let path = path.clone();
            tasks.push(tokio::spawn(async move {
                Store::open(&path, &key()).await.map(|_| ())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn racing_writers_for_one_resource_end_with_exactly_one_booking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.db");
        let store = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        let mut conn = store.sqlite_pool().unwrap().acquire().await.unwrap();
        sqlx::query("INSERT INTO resources (id, name, kind) VALUES ('room-1', 'Room 1', 'room')")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO visit_types (id, name, colour, duration_min) VALUES ('v', 'V', '#000', 20)")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO patients (family_name, given_name, birth_date, created_at, created_by) VALUES ('A', 'B', '2000-01-01', 0, 't')")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        let mut tasks = Vec::new();
        for i in 0..8i64 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let appointment = NewAppointment {
                    patient_id: 1,
                    visit_type_id: "v".into(),
                    start_utc: 1_000 + i * 60,
                    end_utc: 2_200 + i * 60,
                    status: AppointmentStatus::Booked,
                    urgency: "routine".into(),
                    explanation: "20 min: test".into(),
                    extras: Vec::new(),
                    red_flag_override: None,
                    assignments: vec![Assignment {
                        need_index: 0,
                        role: "exam-room".into(),
                        resource_id: "room-1".into(),
                        start_utc: 1_000 + i * 60,
                        end_utc: 2_200 + i * 60,
                    }],
                };
                let mut tx = store.begin_write().await?;
                let id = insert_appointment(&mut tx, &appointment, &[], 0, "t").await?;
                tx.commit().await?;
                Ok::<i64, StoreError>(id)
            }));
        }
        let mut booked = 0;
        let mut conflicts = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => booked += 1,
                Err(StoreError::Conflict(_)) => conflicts += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((booked, conflicts), (1, 7));
    }

    /// Modes of files on Unix (`0o600`).
    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    async fn database_with_data(dir: &Path) -> PathBuf {
        let path = dir.join("practice.db");
        let store = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        for i in 0..200 {
            sqlx::query("INSERT INTO staff (id, name) VALUES (?, 'Someone')")
                .bind(format!("s{i}"))
                .execute(store.sqlite_pool().unwrap())
                .await
                .unwrap();
        }
        store.close().await;
        path
    }

    #[tokio::test]
    async fn opening_a_current_database_takes_one_key_proof_and_one_pool_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_data(dir.path()).await;
        let store = Store::open(&path, &key()).await.unwrap();
        // The immutable key proof and the pool's first connection (which also
        // counted the migrations); before, a separate migration probe made three.
        assert_eq!(store.connections_opened(), 2);
        // The first use takes that same connection.
        let mut tx = store.begin_write().await.unwrap();
        crate::db::query("INSERT INTO staff (id, name) VALUES ('s-new', 'New')")
            .execute(&mut tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(store.connections_opened(), 2);
        store.close().await;
    }

    #[tokio::test]
    async fn a_cut_short_file_is_damaged_and_left_exactly_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_data(dir.path()).await;
        let whole = std::fs::read(&path).unwrap();
        assert!(whole.len() > 4 * 4096, "{}", whole.len());
        // Cut at a page boundary (the header still says the old size) and mid-page.
        for cut in [2 * 4096, 2 * 4096 + 1000] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let before = files_in(dir.path());
            let err = Store::open(&path, &key()).await.unwrap_err();
            assert!(matches!(err, StoreError::Damaged(_)), "{cut}: {err:?}");
            assert_eq!(
                err.to_string(),
                "cannot open the database: the file is damaged (truncated?)"
            );
            // No -wal or -shm appeared; nothing changed.
            assert_same_files(&before, &files_in(dir.path()));
        }
    }

    #[tokio::test]
    async fn a_folder_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("practice.db");
        std::fs::create_dir(&folder).unwrap();
        let err = Store::open(&folder, &key()).await.unwrap_err();
        assert!(matches!(err, StoreError::IsFolder(_)), "{err:?}");
        assert!(
            err.to_string().ends_with("practice.db is a folder"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_new_database_its_log_and_its_folder_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new-folder").join("practice.db");
        let store = created_with_one_write(&path).await;
        assert_eq!(mode(dir.path().join("new-folder").as_path()), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&files::companion(&path, "-wal")), 0o600);
        assert_eq!(mode(&files::companion(&path, "-shm")), 0o600);
        store.close().await;
    }

    #[tokio::test]
    async fn a_committed_draft_is_in_place_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let id = DatabaseId::generate().unwrap();
        let draft = Store::create_draft(&path, &key(), id).await.unwrap();
        assert!(!path.exists(), "the real name is taken only when complete");
        sqlx::query("INSERT INTO staff (id, name) VALUES ('s1', 'Sam')")
            .execute(draft.store().sqlite_pool().unwrap())
            .await
            .unwrap();
        draft.commit().await.unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["demo.db"]);
        let store = Store::open(&path, &key()).await.unwrap();
        assert_eq!(store.id(), Some(id));
        let staff: i64 = sqlx::query_scalar("SELECT count(*) FROM staff")
            .fetch_one(store.sqlite_pool().unwrap())
            .await
            .unwrap();
        assert_eq!(staff, 1);
        store.close().await;
    }

    #[tokio::test]
    async fn a_discarded_or_dropped_draft_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let draft = Store::create_draft(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        draft.discard().await;
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let draft = Store::create_draft(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        drop(draft);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[tokio::test]
    async fn a_draft_never_replaces_a_file_that_took_its_name_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let draft = Store::create_draft(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        std::fs::write(&path, b"the other process's database").unwrap();
        let err = draft.commit().await.unwrap_err();
        assert!(matches!(err, StoreError::AlreadyExists(_)), "{err:?}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"the other process's database"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Opening while another connection writes and checkpoints (moving pages
    /// from the WAL into the file, page 1 first) never mistakes the moment
    /// for a damaged file or a wrong key.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn opening_during_checkpoints_is_never_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("busy.db");
        let writer = created_with_one_write(&path).await;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writing = {
            let (writer, stop) = (writer.clone(), stop.clone());
            tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    i += 1;
                    // Grow the file, then fold the log into it.
                    sqlx::query("INSERT INTO staff (id, name) VALUES (?, ?)")
                        .bind(format!("w{i}"))
                        .bind("x".repeat(3000))
                        .execute(writer.sqlite_pool().unwrap())
                        .await
                        .unwrap();
                    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                        .execute(writer.sqlite_pool().unwrap())
                        .await
                        .unwrap();
                }
            })
        };
        let mut openers = Vec::new();
        for _ in 0..4 {
            let path = path.clone();
            openers.push(tokio::spawn(async move {
                for _ in 0..25 {
                    Store::open(&path, &key()).await?.close().await;
                }
                Ok::<(), StoreError>(())
            }));
        }
        let mut refused = Vec::new();
        for opener in openers {
            if let Err(error) = opener.await.unwrap() {
                refused.push(error.to_string());
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writing.await.unwrap();
        writer.close().await;
        assert!(refused.is_empty(), "{refused:?}");
    }
}
