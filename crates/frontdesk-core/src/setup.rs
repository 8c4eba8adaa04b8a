//! Starting up: which databases exist, opening one, creating the real
//! practice's (empty for now: Setup fills it in later).
//!
//! Start-up asks the keyring once: for the key of the database used last
//! time when there is one (a keyring that cannot answer is then the key
//! problem), else whether it answers at all. The data folder is made private
//! (`700`) whenever it is used.

use std::path::Path;

use frontdesk_engine::Instant;
use frontdesk_store::practice::{get_practice, put_practice, Practice};
use frontdesk_store::{audit, meta, Store};

use crate::databases::{open_database, prepare_data_dir, DatabaseKind, NewDatabase};
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
    let description = describe(&store, kind, actor, clock).await?;
    Ok((store, description))
}

/// The summary the app's header shows for an open database.
pub async fn describe(
    store: &Store,
    kind: DatabaseKind,
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
        kind,
        today: zone.date_of(Instant::from(clock.now())).to_string(),
        practice_name: practice.name,
        timezone: practice.timezone,
        is_demo: practice.is_demo,
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
    let Some(kind) = remembered_choice(data_dir) else {
        // Nothing to open: still tell now whether keys can be had at all.
        if let Err(problem) = crate::database_keys::check_key_source() {
            status.key_problem = Some(problem.to_string());
        }
        return (status, None);
    };
    match open_kind(data_dir, kind, actor, clock).await {
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

/// The database opened last time, if it still exists.
pub fn remembered_choice(data_dir: &Path) -> Option<DatabaseKind> {
    let text = std::fs::read_to_string(data_dir.join(LAST_OPENED_FILE)).ok()?;
    let kind = match text.trim() {
        "demo" => DatabaseKind::Demo,
        "practice" => DatabaseKind::Practice,
        _ => return None,
    };
    kind.file_in(data_dir).exists().then_some(kind)
}

fn remember_choice(data_dir: &Path, kind: DatabaseKind) -> Result<(), CoreError> {
    let text = match kind {
        DatabaseKind::Demo => "demo",
        DatabaseKind::Practice => "practice",
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
    remember_choice(data_dir, DatabaseKind::Demo)?;
    Ok(opened)
}

/// Opens the real practice's database.
pub async fn open_practice(
    data_dir: &Path,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<(Store, OpenDatabase), CoreError> {
    let opened = open_kind(data_dir, DatabaseKind::Practice, actor, clock).await?;
    remember_choice(data_dir, DatabaseKind::Practice)?;
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
    let description = describe(&store, DatabaseKind::Practice, actor, clock).await?;
    remember_choice(data_dir, DatabaseKind::Practice)?;
    Ok((store, description))
}
