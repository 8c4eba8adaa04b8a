//! Shared helpers for the story and CLI tests: where the built binaries are,
//! running the CLI, and reading every file a run left behind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use frontdesk_core::databases::Location;
use frontdesk_store::{testing, Backend};

/// The `frontdesk-cli` binary that `cargo test` built beside this test.
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/<profile>/frontdesk-cli
    let profile_dir = exe.parent().and_then(Path::parent).expect("target dir");
    let binary = profile_dir.join(format!("frontdesk-cli{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run the whole workspace's tests (cargo test --workspace), which build it",
        binary.display()
    );
    binary
}

/// Runs the CLI with `args`, with or without a `FRONTDESK_DB_KEY`.
pub fn run_cli(args: &[&str], key: Option<&str>) -> Output {
    let mut command = Command::new(cli_binary());
    command
        .args(args)
        .env("RUST_LOG", "trace")
        .env("RUST_BACKTRACE", "1");
    match key {
        Some(key) => command.env("FRONTDESK_DB_KEY", key),
        None => command.env_remove("FRONTDESK_DB_KEY"),
    };
    command.output().expect("run frontdesk-cli")
}

/// The JSON a CLI run printed, after checking it succeeded (its stderr as
/// the failure message otherwise).
pub fn json_ok(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Every file under `dir`, recursively, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The demo clinic around `today`, on the backend the tests run on
/// (`FRONTDESK_TEST_BACKEND`): its encrypted file in `dir`, or — on
/// PostgreSQL — that file copied into a new database on the test server by
/// `frontdesk_core::copy`, as a practice moves there. One suite of story
/// tests then runs on both databases.
pub async fn demo_database(
    dir: &Path,
    actor: &frontdesk_core::Actor,
    clock: &dyn frontdesk_core::Clock,
    today: chrono::NaiveDate,
) -> Location {
    let file = dir.join("demo.db");
    frontdesk_core::demo::create_demo(&file, actor, clock, today)
        .await
        .expect("the demo clinic");
    match testing::backend() {
        Backend::Sqlite => Location::File(file),
        Backend::Postgres => {
            let server = Location::Server(testing::server_address(
                &testing::new_server_database().await,
            ));
            frontdesk_core::copy::copy(&Location::File(file), &server, actor, clock)
                .await
                .expect("the demo copied to the test server");
            server
        }
    }
}

/// A new empty database on the test server, as a `--db` address (tests
/// on PostgreSQL only: `FRONTDESK_TEST_BACKEND=postgres`).
pub fn new_server_url() -> String {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let name = runtime.block_on(testing::new_server_database());
    testing::server_address(&name).url()
}

/// The database file `file` as a `--db` argument on the backend the tests
/// run on: the file itself, or a copy of it (by `frontdesk-cli copy`) in a
/// new database on the test server.
pub fn cli_db_on_backend(file: &str, key: &str) -> String {
    match testing::backend() {
        Backend::Sqlite => file.to_owned(),
        Backend::Postgres => {
            let url = new_server_url();
            let out = run_cli(&["copy", "--from", file, "--to", &url], Some(key));
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            url
        }
    }
}

/// The demo patients' names, as a privacy check searches for them.
pub fn demo_patient_names() -> Vec<String> {
    let mut names = Vec::new();
    for patient in frontdesk_core::demo::patients() {
        names.push(format!("{} {}", patient.given_name, patient.family_name));
        names.push(patient.family_name.clone());
    }
    names.sort();
    names.dedup();
    names
}

/// Whether `haystack` contains `needle` (bytes).
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
