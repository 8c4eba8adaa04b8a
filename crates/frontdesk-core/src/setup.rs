//! Starting up: which databases exist, opening one, creating the real
//! practice's (empty for now: Setup fills it in later), or connecting this
//! workstation to the clinic's shared server ([`ServerForm`]).
//!
//! Start-up asks the keyring once: for the key of the database used last
//! time when there is one (a keyring that cannot answer is then the key
//! problem), else whether it answers at all. The data folder is made private
//! (`700`) whenever it is used.

use std::path::Path;

use frontdesk_engine::Instant;
use frontdesk_store::practice::{get_practice, put_practice, Practice};
use frontdesk_store::{audit, meta, Store};

use crate::databases::{
    open_database, open_location, prepare_data_dir, DatabaseKind, Location, NewDatabase,
};
use crate::local_time::parse_zone;
use crate::views::OpenDatabase;
use crate::{Actor, Clock, CoreError};

/// What a new practice starts with.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct NewPractice {
    pub name: String,
    pub timezone: String,
    pub grid_min: u32,
}

/// Creates the real practice's database (refuses if it exists).
pub async fn create_practice(
    path: &Path,
    actor: &Actor,
    practice: &NewPractice,
) -> Result<Store, CoreError> {
    let name = practice.name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid("name", "the practice needs a name"));
    }
    parse_zone("timezone", &practice.timezone)?;
    if !frontdesk_engine::grid::GRID_MINUTES_RANGE.contains(&practice.grid_min) {
        return Err(CoreError::invalid(
            "grid_min",
            "must be between 1 and 60 minutes",
        ));
    }
    let new = NewDatabase::create(path).await?;
    let filled = fill_practice(new.store(), actor, name, practice).await;
    match filled {
        Ok(()) => new.finish().await,
        Err(error) => {
            new.abandon().await;
            Err(error)
        }
    }
}

async fn fill_practice(
    store: &Store,
    actor: &Actor,
    name: &str,
    practice: &NewPractice,
) -> Result<(), CoreError> {
    let mut tx = store.begin_write().await?;
    put_practice(
        &mut tx,
        &Practice {
            name: name.to_owned(),
            timezone: practice.timezone.clone(),
            grid_min: practice.grid_min,
            is_demo: false,
        },
    )
    .await?;
    meta::set(&mut tx, "kind", "practice").await?;
    audit::ensure_staff(&mut tx, &actor.staff_id, &actor.name).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens one of the data folder's databases and describes it.
pub async fn open_kind(
    data_dir: &Path,
    kind: DatabaseKind,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    let store = open_database(&kind.file_in(data_dir)).await?;
    match describe(&store, actor, clock).await {
        Ok(description) if description.kind == kind => Ok((store, description)),
        Ok(_) => {
            store.close().await;
            Err(CoreError::invalid(
                "database",
                format!(
                    "{} does not hold what its name says",
                    kind.file_in(data_dir).display()
                ),
            ))
        }
        Err(error) => {
            store.close().await;
            Err(error)
        }
    }
}

/// The summary the app's header shows for an open database.
pub async fn describe(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<OpenDatabase, CoreError> {
    let mut tx = store.begin_write().await?;
    audit::ensure_staff(&mut tx, &actor.staff_id, &actor.name).await?;
    let practice = get_practice(&mut tx)
        .await?
        .ok_or_else(CoreError::no_practice)?;
    let details = frontdesk_store::practice::get_practice_details(&mut tx).await?;
    tx.commit().await?;
    let zone = parse_zone("practice.timezone", &practice.timezone)?;
    Ok(OpenDatabase {
        locale: details
            .locale
            .unwrap_or_else(|| frontdesk_store::practice::DEFAULT_LOCALE.to_owned()),
        kind: if practice.is_demo {
            DatabaseKind::Demo
        } else {
            DatabaseKind::Practice
        },
        today: zone.date_of(Instant::from(clock.now())).to_string(),
        practice_name: practice.name,
        timezone: practice.timezone,
        is_demo: practice.is_demo,
        server: store.server().map(|address| address.url()),
    })
}

/// The file in the data folder that remembers which database was last opened.
const LAST_OPENED_FILE: &str = "last-opened";

/// What the app finds at start. When nothing is open yet and the database
/// used last time is there, it is opened again (returned beside the status).
pub async fn start_up(
    data_dir: &Path,
    actor: &Actor,
    clock: &dyn Clock,
    already_open: Option<OpenDatabase>,
) -> (crate::views::StartupStatus, Option<(Store, OpenDatabase)>) {
    let mut status = crate::views::StartupStatus {
        key_problem: None,
        open_problem: None,
        open_problem_code: None,
        demo_exists: DatabaseKind::Demo.file_in(data_dir).exists(),
        practice_exists: DatabaseKind::Practice.file_in(data_dir).exists(),
        open: already_open,
    };
    if status.open.is_some() {
        return (status, None);
    }
    if let Err(problem) = prepare_data_dir(data_dir) {
        status.open_problem_code = Some(problem.code());
        status.open_problem = Some(problem.to_string());
        return (status, None);
    }
    let Some(choice) = remembered_choice(data_dir) else {
        // Nothing to open: still tell now whether keys can be had at all.
        if let Err(problem) = crate::database_keys::check_key_source() {
            status.key_problem = Some(problem.to_string());
        }
        return (status, None);
    };
    let opened = match choice {
        Choice::File(kind) => open_kind(data_dir, kind, actor, clock).await,
        Choice::Server(address) => open_server(&address, actor, clock).await,
    };
    match opened {
        Ok(opened) => {
            status.open = Some(opened.1.clone());
            (status, Some(opened))
        }
        Err(problem @ CoreError::KeyringUnavailable(_)) => {
            status.key_problem = Some(problem.to_string());
            (status, None)
        }
        Err(problem) => {
            status.open_problem_code = Some(problem.code());
            status.open_problem = Some(problem.to_string());
            (status, None)
        }
    }
}

/// Which database this workstation used last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A file in the data folder.
    File(DatabaseKind),
    /// The clinic's server.
    Server(frontdesk_store::ServerAddress),
}

/// The database opened last time, if it still exists (a server is assumed
/// to: start-up then says whether it answers).
pub fn remembered_choice(data_dir: &Path) -> Option<Choice> {
    let text = std::fs::read_to_string(data_dir.join(LAST_OPENED_FILE)).ok()?;
    let kind = match text.trim() {
        "demo" => DatabaseKind::Demo,
        "practice" => DatabaseKind::Practice,
        other => {
            let url = other.strip_prefix("server ")?;
            return frontdesk_store::ServerAddress::parse(url)
                .ok()
                .map(Choice::Server);
        }
    };
    kind.file_in(data_dir)
        .exists()
        .then_some(Choice::File(kind))
}

fn remember_choice(data_dir: &Path, choice: &Choice) -> Result<(), CoreError> {
    let text = match choice {
        Choice::File(DatabaseKind::Demo) => "demo".to_owned(),
        Choice::File(DatabaseKind::Practice) => "practice".to_owned(),
        Choice::Server(address) => format!("server {}", address.url()),
    };
    frontdesk_store::write_private_file(&data_dir.join(LAST_OPENED_FILE), text.as_bytes())
        .map_err(|e| CoreError::Storage(format!("cannot write to the data folder: {e}")))
}

/// Opens the demo clinic, creating it around today (the practice's today in
/// the demo's zone) the first time.
pub async fn open_or_create_demo(
    data_dir: &Path,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    prepare_data_dir(data_dir)?;
    let path = DatabaseKind::Demo.file_in(data_dir);
    if !path.exists() {
        let zone = parse_zone("timezone", crate::demo::DEMO_TIMEZONE)?;
        let today = zone.date_of(Instant::from(clock.now()));
        crate::demo::create_demo(&path, actor, clock, today).await?;
    }
    let opened = open_kind(data_dir, DatabaseKind::Demo, actor, clock).await?;
    remember_choice(data_dir, &Choice::File(DatabaseKind::Demo))?;
    Ok(opened)
}

/// Opens the real practice's database.
pub async fn open_practice(
    data_dir: &Path,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    let opened = open_kind(data_dir, DatabaseKind::Practice, actor, clock).await?;
    remember_choice(data_dir, &Choice::File(DatabaseKind::Practice))?;
    Ok(opened)
}

/// Creates the real practice's database in `data_dir` and opens it.
pub async fn set_up_practice(
    data_dir: &Path,
    actor: &Actor,
    clock: &dyn Clock,
    practice: &NewPractice,
) -> Result<(Store, OpenDatabase), CoreError> {
    prepare_data_dir(data_dir)?;
    let store = create_practice(&DatabaseKind::Practice.file_in(data_dir), actor, practice).await?;
    let description = describe(&store, actor, clock).await?;
    remember_choice(data_dir, &Choice::File(DatabaseKind::Practice))?;
    Ok((store, description))
}

/// The Start page's "Shared clinic database" form. The password, when
/// typed, is kept in the keyring once the connection works; otherwise the
/// keyring's (or `PGPASSWORD`) is used.
#[derive(Clone, serde::Deserialize, ts_rs::TS)]
pub struct ServerForm {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// The clinic's certificate authority, for a server on another machine.
    #[serde(default)]
    #[ts(optional)]
    pub ca_file: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
}

impl std::fmt::Debug for ServerForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerForm")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("ca_file", &self.ca_file)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

impl ServerForm {
    /// The address it names (no password), each wrong part named by field.
    pub fn address(&self) -> Result<frontdesk_store::ServerAddress, CoreError> {
        let ca_file = self
            .ca_file
            .as_deref()
            .map(str::trim)
            .filter(|path| !path.is_empty())
            .map(std::path::PathBuf::from);
        if let Some(ca) = &ca_file {
            if !ca.is_file() {
                return Err(CoreError::invalid(
                    "ca_file",
                    format!("{} is not a file", ca.display()),
                ));
            }
        }
        Ok(frontdesk_store::ServerAddress::new(
            &self.host,
            self.port,
            &self.database,
            &self.user,
            ca_file,
        )?)
    }

    fn typed_password(&self) -> Option<&str> {
        self.password.as_deref().filter(|p| !p.is_empty())
    }
}

/// What "Test connection" found: a Frontdesk database, and whose.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ServerCheck {
    /// The address connected to (no password).
    pub server: String,
    /// The practice it holds; absent when none has been moved in yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub practice_name: Option<String>,
}

async fn connect_with_form(
    form: &ServerForm,
) -> Result<(Store, frontdesk_store::ServerAddress), CoreError> {
    let address = form.address()?;
    let password = match form.typed_password() {
        Some(password) => Some(password.to_owned()),
        None => crate::database_keys::server_password(&address)?,
    };
    let store = Store::connect(&address, password.as_deref()).await?;
    Ok((store, address))
}

/// "Test connection": connects, checks it is a Frontdesk database this app
/// can use, and says whose; changes nothing (the password is not kept).
pub async fn test_server(form: &ServerForm) -> Result<ServerCheck, CoreError> {
    let (store, address) = connect_with_form(form).await?;
    let practice = async {
        let mut conn = store.acquire().await?;
        Ok::<_, CoreError>(get_practice(&mut conn).await?)
    }
    .await;
    store.close().await;
    Ok(ServerCheck {
        server: address.url(),
        practice_name: practice?.map(|p| p.name),
    })
}

/// Connects this workstation to the clinic's server and opens it: from now
/// on it starts there. The password typed is kept in the keyring only once
/// it worked. A server without a practice is refused (move one in first).
pub async fn use_server(
    data_dir: &Path,
    form: &ServerForm,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    prepare_data_dir(data_dir)?;
    let (store, address) = connect_with_form(form).await?;
    let described = describe(&store, actor, clock).await;
    let described = match described {
        Ok(described) => described,
        Err(error) => {
            store.close().await;
            return Err(error);
        }
    };
    if let Some(password) = form.typed_password() {
        if let Err(error) = crate::database_keys::remember_server_password(&address, password) {
            store.close().await;
            return Err(error);
        }
    }
    if let Err(error) = remember_choice(data_dir, &Choice::Server(address)) {
        store.close().await;
        return Err(error);
    }
    Ok((store, described))
}

/// Setup's "Move this practice to the server": copies this computer's
/// practice file (everything, verified table by table) into the server
/// the form names, which must be empty, then connects this workstation to
/// it. The file stays as it was, a backup.
pub async fn move_to_server(
    data_dir: &Path,
    form: &ServerForm,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    let file = DatabaseKind::Practice.file_in(data_dir);
    let source = open_database(&file).await?;
    let moved = async {
        let (target, address) = connect_with_form(form).await?;
        let copied = crate::copy::copy_between(
            &source,
            &Location::File(file.clone()),
            &target,
            &Location::Server(address),
            actor,
            clock,
        )
        .await;
        target.close().await;
        copied
    }
    .await;
    source.close().await;
    moved?;
    use_server(data_dir, form, actor, clock).await
}

/// Opens the clinic's server remembered from last time.
async fn open_server(
    address: &frontdesk_store::ServerAddress,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    let store = open_location(&Location::Server(address.clone())).await?;
    match describe(&store, actor, clock).await {
        Ok(description) => Ok((store, description)),
        Err(error) => {
            store.close().await;
            Err(error)
        }
    }
}

/// "This computer only": forget the server; the Start page offers this
/// computer's files again.
pub fn use_this_computer(data_dir: &Path) -> Result<(), CoreError> {
    match std::fs::remove_file(data_dir.join(LAST_OPENED_FILE)) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(CoreError::Storage(format!(
            "cannot write to the data folder: {error}"
        ))),
    }
}
