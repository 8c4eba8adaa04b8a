//! A clinic's shared PostgreSQL server: where it is ([`ServerAddress`], from
//! a `postgres://user@host:port/database` URL that never carries the
//! password), connecting to it ([`Store::connect`]) with TLS required for any
//! host that is not this machine, and bringing its schema up to date.
//!
//! Every workstation connects with the clinic's app role, which may read and
//! write rows but not change the schema; the migrations
//! (`migrations/postgres/`) are run by the owner role (`frontdesk-cli
//! migrate`, or a first connection as the owner). A schema older than this
//! app with no right to migrate it, or newer than this app, is refused with
//! words saying what to do.

use std::path::PathBuf;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sqlx::ConnectOptions;

use crate::open::Pool;
use crate::workers::WorkerGroup;
use crate::{Store, StoreError};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections one workstation keeps to the server at most.
const MAX_CONNECTIONS: u32 = 5;
/// How long connecting (or getting a pooled connection) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the one more attempt that asks why no connection came may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// How the connection is encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    /// No TLS, or TLS when offered: only for a server on this machine.
    Local,
    /// TLS with the server's certificate checked against the system's
    /// certificate authorities, or `ca_file`, and its name against `host`.
    VerifyFull { ca_file: Option<PathBuf> },
}

/// Where the clinic's database is, and who connects. No password: it comes
/// from the keyring or `PGPASSWORD`, never from a file or a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub tls: Tls,
}

/// Whether `host` is this machine (a name, an address or a socket folder).
fn is_this_machine(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]") || host.starts_with('/')
}

impl ServerAddress {
    /// An address from its parts, as the Start page's form gives them:
    /// TLS with full verification for any host that is not this machine
    /// (against `ca_file` when one is chosen). Each empty part is refused by
    /// the name of its field.
    pub fn new(
        host: &str,
        port: u16,
        database: &str,
        user: &str,
        ca_file: Option<PathBuf>,
    ) -> Result<Self, StoreError> {
        for (field, value) in [("host", host), ("database", database), ("user", user)] {
            if value.trim().is_empty() {
                return Err(StoreError::invalid(
                    field,
                    format!("give the server's {field}"),
                ));
            }
            if value.contains(['/', '?', '@', ' ']) && !(field == "host" && value.starts_with('/'))
            {
                return Err(StoreError::invalid(
                    field,
                    format!("\"{value}\" is not a {field} name"),
                ));
            }
        }
        if port == 0 {
            return Err(StoreError::invalid(
                "port",
                "the port is a number from 1 to 65535",
            ));
        }
        let tls = if is_this_machine(host.trim()) && ca_file.is_none() {
            Tls::Local
        } else {
            Tls::VerifyFull { ca_file }
        };
        Ok(ServerAddress {
            host: host.trim().to_owned(),
            port,
            database: database.trim().to_owned(),
            user: user.trim().to_owned(),
            tls,
        })
    }

    /// Reads `postgres://user@host[:port]/database[?sslrootcert=PATH]`. A
    /// password in the URL is refused (it would end up in files and logs);
    /// TLS with full verification is required for any host that is not this
    /// machine.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let bad = |message: &str| StoreError::invalid("database", message.to_owned());
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .ok_or_else(|| bad("a server address starts with postgres://"))?;
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, database) = location
            .split_once('/')
            .ok_or_else(|| bad("name the database: postgres://user@host/database"))?;
        let (user, host_port) = authority
            .rsplit_once('@')
            .ok_or_else(|| bad("name the user: postgres://user@host/database"))?;
        if user.contains(':') {
            return Err(bad(
                "the address may not hold a password: it is asked for and kept in the keyring",
            ));
        }
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => {
                let port = port
                    .parse::<u16>()
                    .map_err(|_| bad("the port is a number from 1 to 65535"))?;
                (host, port)
            }
            _ => (host_port, 5432),
        };
        if user.is_empty() || host.is_empty() || database.is_empty() {
            return Err(bad("postgres://user@host[:port]/database"));
        }
        let mut ca_file = None;
        let mut sslmode = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslrootcert", path)) => ca_file = Some(PathBuf::from(path)),
                Some(("sslmode", mode)) => sslmode = Some(mode.to_owned()),
                _ => return Err(bad(&format!("unknown setting \"{pair}\""))),
            }
        }
        let local = is_this_machine(host);
        let tls = match (sslmode.as_deref(), local) {
            (Some("verify-full"), _) | (None, false) => Tls::VerifyFull { ca_file },
            (None, true) if ca_file.is_some() => Tls::VerifyFull { ca_file },
            (None | Some("disable" | "prefer"), true) => Tls::Local,
            (Some(mode), false) => {
                return Err(bad(&format!(
                    "sslmode={mode}: a server on another machine needs sslmode=verify-full"
                )))
            }
            (Some(mode), true) => return Err(bad(&format!("unknown sslmode \"{mode}\""))),
        };
        Ok(ServerAddress {
            host: host.to_owned(),
            port,
            database: database.to_owned(),
            user: user.to_owned(),
            tls,
        })
    }

    /// The address as a URL, without any password.
    pub fn url(&self) -> String {
        let mut url = format!(
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        );
        if let Tls::VerifyFull { ca_file } = &self.tls {
            url.push_str("?sslmode=verify-full");
            if let Some(ca) = ca_file {
                url.push_str(&format!("&sslrootcert={}", ca.display()));
            }
        }
        url
    }

    /// The account name of this connection's password in the keyring.
    pub fn keyring_account(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }

    fn options(&self, password: Option<&str>) -> PgConnectOptions {
        let mut options = PgConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .application_name("frontdesk")
            .disable_statement_logging();
        if let Some(password) = password {
            options = options.password(password);
        }
        match &self.tls {
            Tls::Local => options.ssl_mode(PgSslMode::Prefer),
            Tls::VerifyFull { ca_file } => {
                let options = options.ssl_mode(PgSslMode::VerifyFull);
                match ca_file {
                    Some(ca) => options.ssl_root_cert(ca),
                    None => options,
                }
            }
        }
    }
}

/// A connection failure in words that say what to do.
fn refused(error: sqlx::Error, address: &ServerAddress) -> StoreError {
    let place = format!("{}:{}", address.host, address.port);
    match &error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => StoreError::Unreachable(place),
        sqlx::Error::Tls(detail) => StoreError::Tls(detail.to_string()),
        sqlx::Error::Database(database) => match database.code().as_deref() {
            // invalid_password, invalid_authorization_specification
            Some("28P01" | "28000") => StoreError::WrongPassword(address.user.clone()),
            // invalid_catalog_name
            Some("3D000") => StoreError::NotFound {
                what: "database",
                id: address.database.clone(),
            },
            Some(crate::db::TOO_MANY_CONNECTIONS) => StoreError::ServerFull(place),
            _ => StoreError::Database(error),
        },
        _ => StoreError::Database(error),
    }
}

/// Why a pool gave up waiting for a connection. A pool tries again and
/// again while the server says "too many clients" (SQLSTATE 53300) and
/// then only reports that time ran out; one more direct attempt tells a
/// server with no connection free apart from one that does not answer.
pub(crate) async fn why_no_connection(options: &PgConnectOptions, place: String) -> StoreError {
    match tokio::time::timeout(PROBE_TIMEOUT, options.connect()).await {
        Ok(Err(error)) if crate::db::is_server_full(&error) => StoreError::ServerFull(place),
        Ok(Ok(conn)) => {
            let _ = sqlx::Connection::close(conn).await;
            StoreError::Unreachable(place)
        }
        Ok(Err(_)) | Err(_) => StoreError::Unreachable(place),
    }
}

impl Store {
    /// Connects to the clinic's server, checks it holds a Frontdesk database
    /// (or an empty one) and brings its schema up to date when this user may.
    pub async fn connect(
        address: &ServerAddress,
        password: Option<&str>,
    ) -> Result<Store, StoreError> {
        let options = address.options(password);
        let pool = match PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options.clone())
            .await
        {
            Ok(pool) => pool,
            Err(sqlx::Error::PoolTimedOut) => {
                let place = format!("{}:{}", address.host, address.port);
                return Err(why_no_connection(&options, place).await);
            }
            Err(error) => return Err(refused(error, address)),
        };
        if let Err(error) = bring_up_to_date(&pool).await {
            pool.close().await;
            return Err(error);
        }
        let mut store = Store::from_pool(Pool::Postgres(pool), None, WorkerGroup::new());
        store.server = Some(address.clone());
        Ok(store)
    }

    /// Runs the server's pending migrations (as the owner role).
    pub async fn migrate_server(
        address: &ServerAddress,
        password: Option<&str>,
    ) -> Result<usize, StoreError> {
        let mut conn = address
            .options(password)
            .connect()
            .await
            .map_err(|e| refused(e, address))?;
        let pending = pending(&mut conn).await?;
        MIGRATOR.run_direct(&mut conn).await?;
        Ok(pending)
    }
}

#[cfg(feature = "testing")]
impl Store {
    /// Connects to a server's maintenance database, migrating nothing (tests).
    pub async fn connect_admin(
        address: &ServerAddress,
        password: Option<&str>,
    ) -> Result<Store, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(address.options(password))
            .await
            .map_err(|e| refused(e, address))?;
        Ok(Store::from_pool(
            Pool::Postgres(pool),
            None,
            WorkerGroup::new(),
        ))
    }

    /// Creates an empty database on the server (tests; `name` is plain).
    pub async fn create_database(&self, name: &str) -> Result<(), StoreError> {
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(StoreError::invalid("database", "a plain lower-case name"));
        }
        let mut conn = self.acquire().await?;
        crate::db::query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        Ok(())
    }
}

/// How many of the embedded migrations the server has not applied; a
/// database with tables but none of ours, or with migrations this app does
/// not know, is refused.
async fn pending(conn: &mut sqlx::PgConnection) -> Result<usize, StoreError> {
    let tracked: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                        WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !tracked {
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        )
        .fetch_one(&mut *conn)
        .await?;
        return if tables == 0 {
            Ok(MIGRATOR.iter().count())
        } else {
            let name: String = sqlx::query_scalar("SELECT current_database()::text")
                .fetch_one(&mut *conn)
                .await?;
            Err(StoreError::NotFrontdeskServer(name))
        };
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *conn)
            .await?;
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if applied.iter().any(|v| !known.contains(v)) {
        return Err(StoreError::SchemaTooNew);
    }
    Ok(known.iter().filter(|v| !applied.contains(v)).count())
}

async fn bring_up_to_date(pool: &PgPool) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    if pending(&mut conn).await? == 0 {
        return Ok(());
    }
    match MIGRATOR.run(pool).await {
        Ok(()) => Ok(()),
        Err(sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(database)))
            if database.code().as_deref() == Some("42501") =>
        {
            // insufficient_privilege: the app role may not change the schema.
            Err(StoreError::SchemaTooOld)
        }
        Err(error) => {
            // Another workstation may have migrated at the same moment.
            if pending(&mut conn).await? > 0 {
                Err(error.into())
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{testing, Backend};

    /// A server with no connection free for this workstation (SQLSTATE
    /// 53300: here the role's connection limit, which answers as
    /// max_connections does) is told apart from one that does not answer,
    /// both when connecting and when the pool needs one more connection.
    #[tokio::test]
    async fn a_server_with_no_connection_free_says_so() {
        if testing::backend() != Backend::Postgres {
            return;
        }
        let scratch = testing::scratch().await;
        let role = format!("fd_full_{}", std::process::id());
        let mut admin = scratch.store.acquire().await.unwrap();
        for statement in [
            format!("CREATE ROLE {role} LOGIN PASSWORD 'full'"),
            format!("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"),
        ] {
            crate::db::query(statement)
                .execute(&mut admin)
                .await
                .unwrap();
        }
        let database: String = crate::db::query("SELECT current_database()::text")
            .scalar(&mut admin)
            .await
            .unwrap();
        let mut address = testing::server_address(&database);
        address.user = role.clone();
        let first = Store::connect(&address, Some("full")).await.unwrap();
        let mut held = vec![first.acquire().await.unwrap()];
        // The role may keep only the connections it has now.
        let open: i64 = crate::db::query("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")
            .bind(&role)
            .scalar(&mut admin)
            .await
            .unwrap();
        crate::db::query(format!("ALTER ROLE {role} CONNECTION LIMIT {open}"))
            .execute(&mut admin)
            .await
            .unwrap();

        let second = Store::connect(&address, Some("full")).await;
        assert!(
            matches!(second, Err(StoreError::ServerFull(_))),
            "{second:?}"
        );
        let message = second.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("no connection free"), "{message}");
        let more = loop {
            match first.acquire().await {
                Ok(conn) => held.push(conn),
                Err(error) => break error,
            }
            assert!(held.len() as i64 <= open, "past the role's limit");
        };
        assert!(matches!(more, StoreError::ServerFull(_)), "{more:?}");

        drop(held);
        first.close().await;
        for statement in [format!("DROP OWNED BY {role}"), format!("DROP ROLE {role}")] {
            crate::db::query(statement)
                .execute(&mut admin)
                .await
                .unwrap();
        }
        drop(admin);
        scratch.store.close().await;
    }

    #[test]
    fn a_url_names_user_host_port_and_database_never_a_password() {
        let local = ServerAddress::parse("postgres://frontdesk@localhost/clinic").unwrap();
        assert_eq!(local.port, 5432);
        assert_eq!(local.tls, Tls::Local);
        assert_eq!(local.url(), "postgres://frontdesk@localhost:5432/clinic");
        let remote =
            ServerAddress::parse("postgresql://app@db.clinic.example:6543/frontdesk").unwrap();
        assert_eq!(remote.tls, Tls::VerifyFull { ca_file: None });
        assert_eq!(
            remote.keyring_account(),
            "app@db.clinic.example:6543/frontdesk"
        );
        let with_ca = ServerAddress::parse(
            "postgres://app@10.0.0.5/frontdesk?sslrootcert=/etc/frontdesk/ca.pem",
        )
        .unwrap();
        assert_eq!(
            with_ca.tls,
            Tls::VerifyFull {
                ca_file: Some("/etc/frontdesk/ca.pem".into())
            }
        );
        for bad in [
            "postgres://app:secret@localhost/frontdesk",
            "postgres://app@10.0.0.5/frontdesk?sslmode=disable",
            "postgres://localhost/frontdesk",
            "postgres://app@localhost",
            "mysql://app@localhost/frontdesk",
            "postgres://app@localhost:99999/frontdesk",
        ] {
            assert!(ServerAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
