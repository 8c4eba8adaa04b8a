//! Frontdesk's persistence: one SQLCipher-encrypted SQLite file per practice.
//!
//! [`Store::open`] / [`Store::create_draft`] are the only ways in: key first, then WAL,
//! foreign keys, busy timeout and migrations (`migrations/sqlite/`, append-only).
//! [`Store::close`] closes the pool and waits for its threads; a binary calls
//! [`wait_for_database_threads`] last (see `workers.rs` for why).
//! Repository functions take `&mut SqliteConnection`, so they compose inside one
//! transaction (`store.begin_write()` → several calls → `commit`).
//! This crate knows nothing of Tauri, clocks or who is acting: the core passes
//! those in.

pub mod appointments;
pub mod audit;
pub mod changes;
pub mod copy;
pub mod db;
mod error;
pub mod fees;
mod files;
mod key;
pub mod leases;
pub mod meta;
pub mod notifications;
mod open;
pub mod patients;
pub mod practice;
pub mod practice_cache;
pub mod prep;
pub mod reminders;
mod row;
mod server;
#[cfg(feature = "testing")]
pub mod testing;
pub mod waitlist;
mod workers;

pub use db::{Backend, Db};
pub use error::StoreError;
pub use files::{ensure_private_dir, write_private_file};
pub use key::{probe_file, DatabaseId, DatabaseKey, FileKind};
pub use open::{Draft, Integrity, Store, BUSY_TIMEOUT, DURABLE_SYNCHRONOUS};
pub use server::{ServerAddress, Tls};
/// SQLite errors as sqlx reports them (for `?` on transactions).
pub use sqlx::Error as SqlError;
pub use workers::wait_for_database_threads;
