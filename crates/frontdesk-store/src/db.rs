//! One SQL, two databases. Every repository function is written once, with
//! `?` placeholders and the types both databases share (64-bit integers,
//! text, reals, nulls), and runs on whichever database the store has open:
//! the single-PC SQLCipher file or the clinic's PostgreSQL server. [`Db`] is
//! a connection or transaction of either; [`query`] binds values and turns
//! `?` into `$1, $2, …` for PostgreSQL; [`Row::get`] reads a column of
//! either database into a Rust value.
//!
//! What differs between the two stays out of the repositories' SQL: the
//! schema (each backend its own migrations, kept in step by a test), how a
//! write takes its lock, patient search, how other writers are heard of.

use std::borrow::Cow;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::sqlite::{SqliteConnection, SqliteRow};
use sqlx::{ColumnIndex, Postgres, Row as _, Sqlite};

use crate::practice_cache::PracticeCache;
use crate::StoreError;

/// Which database a store, connection or row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// The embedded SQLCipher-encrypted SQLite file (one PC).
    Sqlite,
    /// A clinic's PostgreSQL server (several workstations).
    Postgres,
}

/// A pooled connection or an open transaction, on either database. Store
/// functions take `&mut Db`, so they compose inside one transaction.
#[derive(Debug)]
pub struct Db {
    inner: Inner,
    /// The store's kept practice description (none on the connections the
    /// store uses for itself).
    practice_cache: Option<PracticeCache>,
}

#[derive(Debug)]
enum Inner {
    SqlitePooled(PoolConnection<Sqlite>),
    SqliteTx(sqlx::Transaction<'static, Sqlite>),
    PgPooled(PoolConnection<Postgres>),
    PgTx(sqlx::Transaction<'static, Postgres>),
}

/// The connection underneath, borrowed.
pub(crate) enum Handle<'a> {
    Sqlite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

impl Db {
    pub(crate) fn sqlite_pooled(conn: PoolConnection<Sqlite>) -> Self {
        Db {
            inner: Inner::SqlitePooled(conn),
            practice_cache: None,
        }
    }

    pub(crate) fn sqlite_tx(tx: sqlx::Transaction<'static, Sqlite>) -> Self {
        Db {
            inner: Inner::SqliteTx(tx),
            practice_cache: None,
        }
    }

    pub(crate) fn pg_pooled(conn: PoolConnection<Postgres>) -> Self {
        Db {
            inner: Inner::PgPooled(conn),
            practice_cache: None,
        }
    }

    pub(crate) fn pg_tx(tx: sqlx::Transaction<'static, Postgres>) -> Self {
        Db {
            inner: Inner::PgTx(tx),
            practice_cache: None,
        }
    }

    /// This connection with its store's kept practice description.
    pub(crate) fn with_practice_cache(mut self, cache: &PracticeCache) -> Self {
        self.practice_cache = Some(cache.clone());
        self
    }

    /// Where the store keeps what it read of the practice's description
    /// (see [`crate::practice_cache`]).
    pub fn practice_cache(&self) -> Option<&PracticeCache> {
        self.practice_cache.as_ref()
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::SqlitePooled(_) | Inner::SqliteTx(_) => Backend::Sqlite,
            Inner::PgPooled(_) | Inner::PgTx(_) => Backend::Postgres,
        }
    }

    pub(crate) fn handle(&mut self) -> Handle<'_> {
        match &mut self.inner {
            Inner::SqlitePooled(conn) => Handle::Sqlite(conn),
            Inner::SqliteTx(tx) => Handle::Sqlite(tx),
            Inner::PgPooled(conn) => Handle::Pg(conn),
            Inner::PgTx(tx) => Handle::Pg(tx),
        }
    }

    /// Commits a transaction (a plain pooled connection has nothing to commit).
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            Inner::SqliteTx(tx) => tx.commit().await.map_err(classify)?,
            Inner::PgTx(tx) => tx.commit().await.map_err(classify)?,
            Inner::SqlitePooled(_) | Inner::PgPooled(_) => {}
        }
        Ok(())
    }

    /// Rolls a transaction back (dropping it does the same, later).
    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.inner {
            Inner::SqliteTx(tx) => tx.rollback().await.map_err(classify)?,
            Inner::PgTx(tx) => tx.rollback().await.map_err(classify)?,
            Inner::SqlitePooled(_) | Inner::PgPooled(_) => {}
        }
        Ok(())
    }
}

/// A database error in the store's terms: a row refused by the database's
/// own double-booking guard (SQLite's trigger, PostgreSQL's exclusion
/// constraint) is a [`StoreError::Conflict`], and so is a transaction the
/// server turned back to break a deadlock with another writer (the other
/// one goes on); anything else as it came.
pub(crate) fn classify(error: sqlx::Error) -> StoreError {
    if is_connection_lost(&error) {
        return StoreError::Unreachable("the connection was lost".into());
    }
    if let sqlx::Error::Database(database) = &error {
        // exclusion_violation, deadlock_detected
        let exclusion = matches!(database.code().as_deref(), Some("23P01" | "40P01"));
        let trigger = database
            .message()
            .contains("frontdesk: resource already taken");
        if exclusion || trigger {
            return StoreError::Conflict("a resource is already taken at that time".into());
        }
    }
    StoreError::Database(error)
}

/// SQLSTATE too_many_connections: the server is up but has no connection
/// slot for one more client (`max_connections` reached, or the role's or
/// database's own connection limit).
pub(crate) const TOO_MANY_CONNECTIONS: &str = "53300";

/// Whether the server refused a new connection for want of a free slot.
pub(crate) fn is_server_full(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database)
        if database.code().as_deref() == Some(TOO_MANY_CONNECTIONS))
}

/// Whether the error says the server went away (stopped, restarted, the
/// network dropped) rather than anything about the statement. SQLite's
/// file errors never take these forms.
pub(crate) fn is_connection_lost(error: &sqlx::Error) -> bool {
    use std::io::ErrorKind;
    match error {
        sqlx::Error::Io(io) => matches!(
            io.kind(),
            ErrorKind::ConnectionRefused
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::NotConnected
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof
                | ErrorKind::TimedOut
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable
        ),
        // connection_exception (08…), admin/crash shutdown, cannot connect now
        sqlx::Error::Database(database) => database
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P0")),
        _ => false,
    }
}

/// A value bound to a `?`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Real(Option<f64>),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(Some(value))
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Value::Int(value)
    }
}

impl From<u32> for Value {
    fn from(value: u32) -> Self {
        Value::Int(Some(i64::from(value)))
    }
}

impl From<Option<u32>> for Value {
    fn from(value: Option<u32>) -> Self {
        Value::Int(value.map(i64::from))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Int(Some(i64::from(value)))
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Real(Some(value))
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(Some(value.to_owned()))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(Some(value))
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Value::Text(Some(value.clone()))
    }
}

impl From<Option<String>> for Value {
    fn from(value: Option<String>) -> Self {
        Value::Text(value)
    }
}

impl From<&Option<String>> for Value {
    fn from(value: &Option<String>) -> Self {
        Value::Text(value.clone())
    }
}

impl From<Option<&str>> for Value {
    fn from(value: Option<&str>) -> Self {
        Value::Text(value.map(str::to_owned))
    }
}

/// A statement with its bound values, ready to run on either database.
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct Query<'q> {
    sql: Cow<'q, str>,
    values: Vec<Value>,
}

/// A statement written with `?` placeholders.
pub fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        values: Vec::new(),
    }
}

/// `sql` with its `?` placeholders numbered `$1, $2, …` as PostgreSQL wants
/// them; a `?` inside a quoted string or identifier is left alone.
pub(crate) fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut number = 0;
    for c in sql.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(open), _) if c == open => {
                quote = None;
                out.push(c);
            }
            (None, '?') => {
                number += 1;
                out.push('$');
                out.push_str(&number.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                Value::Int(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Real(v) => query.bind(v),
            };
        }
        query
    }};
}

impl<'q> Query<'q> {
    /// Binds the next `?`.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// Runs a statement; how many rows it changed.
    pub async fn execute(self, db: &mut Db) -> Result<u64, StoreError> {
        Ok(match db.handle() {
            Handle::Sqlite(conn) => bind_all!(sqlx::query(&self.sql), self.values)
                .execute(conn)
                .await
                .map_err(classify)?
                .rows_affected(),
            Handle::Pg(conn) => {
                let sql = numbered_placeholders(&self.sql);
                bind_all!(sqlx::query(&sql), self.values)
                    .execute(conn)
                    .await
                    .map_err(classify)?
                    .rows_affected()
            }
        })
    }

    /// Every row.
    pub async fn fetch_all(self, db: &mut Db) -> Result<Vec<Row>, StoreError> {
        Ok(match db.handle() {
            Handle::Sqlite(conn) => bind_all!(sqlx::query(&self.sql), self.values)
                .fetch_all(conn)
                .await
                .map_err(classify)?
                .into_iter()
                .map(Row::Sqlite)
                .collect(),
            Handle::Pg(conn) => {
                let sql = numbered_placeholders(&self.sql);
                bind_all!(sqlx::query(&sql), self.values)
                    .fetch_all(conn)
                    .await
                    .map_err(classify)?
                    .into_iter()
                    .map(Row::Pg)
                    .collect()
            }
        })
    }

    /// The first row, if any.
    pub async fn fetch_optional(self, db: &mut Db) -> Result<Option<Row>, StoreError> {
        Ok(match db.handle() {
            Handle::Sqlite(conn) => bind_all!(sqlx::query(&self.sql), self.values)
                .fetch_optional(conn)
                .await
                .map_err(classify)?
                .map(Row::Sqlite),
            Handle::Pg(conn) => {
                let sql = numbered_placeholders(&self.sql);
                bind_all!(sqlx::query(&sql), self.values)
                    .fetch_optional(conn)
                    .await
                    .map_err(classify)?
                    .map(Row::Pg)
            }
        })
    }

    /// The one row the statement must return.
    pub async fn fetch_one(self, db: &mut Db) -> Result<Row, StoreError> {
        self.fetch_optional(db)
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }

    /// The first column of the one row the statement must return.
    pub async fn scalar<T: FromDb>(self, db: &mut Db) -> Result<T, StoreError> {
        self.fetch_one(db).await?.first()
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar_optional<T: FromDb>(self, db: &mut Db) -> Result<Option<T>, StoreError> {
        self.fetch_optional(db)
            .await?
            .map(|row| row.first())
            .transpose()
    }

    /// The first column of every row.
    pub async fn scalars<T: FromDb>(self, db: &mut Db) -> Result<Vec<T>, StoreError> {
        self.fetch_all(db).await?.iter().map(Row::first).collect()
    }
}

/// A row of either database.
pub enum Row {
    Sqlite(SqliteRow),
    Pg(PgRow),
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Rows hold patient data: never their values.
        f.write_str("Row(<data>)")
    }
}

impl Row {
    /// The value of a column, by name.
    pub fn get<T: FromDb>(&self, column: &str) -> Result<T, StoreError> {
        Ok(T::decode(self, column)?)
    }

    /// The value of the first column.
    pub fn first<T: FromDb>(&self) -> Result<T, StoreError> {
        Ok(T::decode(self, 0usize)?)
    }
}

/// A Rust value a column of either database can be read into.
pub trait FromDb: Sized {
    fn decode<I>(row: &Row, index: I) -> Result<Self, sqlx::Error>
    where
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + std::fmt::Debug;
}

macro_rules! from_db_as_is {
    ($($t:ty),+) => {$(
        impl FromDb for $t {
            fn decode<I>(row: &Row, index: I) -> Result<Self, sqlx::Error>
            where
                I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + std::fmt::Debug,
            {
                match row {
                    Row::Sqlite(row) => row.try_get(index),
                    Row::Pg(row) => row.try_get(index),
                }
            }
        }
    )+};
}

from_db_as_is!(i64, Option<i64>, String, Option<String>, f64, Option<f64>);

/// Flags are stored as 0/1 integers on both databases; a PostgreSQL
/// expression of type boolean (a function's answer) reads too.
impl FromDb for bool {
    fn decode<I>(row: &Row, index: I) -> Result<Self, sqlx::Error>
    where
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + std::fmt::Debug,
    {
        if let Row::Pg(pg) = row {
            use sqlx::{Column as _, TypeInfo as _};
            let column = pg.try_column(index)?;
            if column.type_info().name() == "BOOL" {
                return pg.try_get(column.ordinal());
            }
            return Ok(pg.try_get::<i64, _>(column.ordinal())? != 0);
        }
        Ok(i64::decode(row, index)? != 0)
    }
}

impl FromDb for u32 {
    fn decode<I>(row: &Row, index: I) -> Result<Self, sqlx::Error>
    where
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + std::fmt::Debug,
    {
        let value = i64::decode(row, index)?;
        u32::try_from(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }
}

impl FromDb for Option<u32> {
    fn decode<I>(row: &Row, index: I) -> Result<Self, sqlx::Error>
    where
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + std::fmt::Debug,
    {
        Option::<i64>::decode(row, index)?
            .map(|value| u32::try_from(value).map_err(|e| sqlx::Error::Decode(Box::new(e))))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes_only() {
        assert_eq!(
            numbered_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
        );
        assert_eq!(
            numbered_placeholders("SELECT '?' || ? FROM \"w?\" WHERE x = ?"),
            "SELECT '?' || $1 FROM \"w?\" WHERE x = $2"
        );
        assert_eq!(numbered_placeholders("SELECT 1"), "SELECT 1");
    }
}
