//! A practice on the clinic's PostgreSQL server, through `frontdesk-cli` as
//! a practice manager would use it: moving the demo's file to the server
//! and back (`copy`), refusing to copy over data, and a server prepared by
//! `scripts/setup-postgres.sh` (an owner that migrates, a workstation role
//! that cannot change the schema). Runs when the tests are on PostgreSQL
//! (`FRONTDESK_TEST_BACKEND=postgres` inside `pg_virtualenv`, as `npm test`
//! does); on the file backend each test says so and returns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use frontdesk_store::{testing, Backend};
use frontdesk_tests::{new_server_url, run_cli};

const KEY: &str = "5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344";
const NOW: &str = "2036-03-02T12:00:00-06:00";

fn on_server() -> bool {
    let yes = testing::backend() == Backend::Postgres;
    if !yes {
        eprintln!("needs PostgreSQL: run with FRONTDESK_TEST_BACKEND=postgres");
    }
    yes
}

fn ok(out: &std::process::Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn text(out: &std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn demo_file(dir: &tempfile::TempDir) -> String {
    let db = dir.path().join("demo.db").to_str().unwrap().to_owned();
    ok(&run_cli(
        &["--now", NOW, "demo", "--db", &db, "--date", "2036-03-02"],
        Some(KEY),
    ));
    db
}

/// Every table the copy printed, with equal counts and checksums both sides.
fn assert_verified(report: &serde_json::Value) -> u64 {
    let tables = report["tables"].as_array().unwrap();
    assert!(tables.len() >= 20, "{} tables", tables.len());
    let mut rows = 0;
    for table in tables {
        assert_eq!(table["source_rows"], table["target_rows"], "{table}");
        assert_eq!(table["source_sha256"], table["target_sha256"], "{table}");
        assert_eq!(table["source_sha256"].as_str().unwrap().len(), 64);
        rows += table["source_rows"].as_u64().unwrap();
    }
    rows
}

/// What a workstation shows of a database: the practice file, and the day
/// and prep lists of every date from a week before the demo's day to three
/// weeks after; also how many appointments those days held.
fn what_it_shows(db: &str) -> (String, usize) {
    let mut shown = text(&run_cli(&["practice", "export", "--db", db], Some(KEY)));
    let mut appointments = 0;
    let first = chrono::NaiveDate::from_ymd_opt(2036, 2, 24).unwrap();
    for offset in 0..28 {
        let date = (first + chrono::Days::new(offset)).to_string();
        let day = ok(&run_cli(
            &["--now", NOW, "day", "--db", db, "--date", &date],
            Some(KEY),
        ));
        appointments += day["appointments"].as_array().unwrap().len();
        shown.push_str(&day.to_string());
        shown.push_str(&text(&run_cli(
            &["prep", "--db", db, "--date", &date],
            Some(KEY),
        )));
    }
    (shown, appointments)
}

fn cli() -> std::path::PathBuf {
    frontdesk_tests::cli_binary()
}

#[test]
fn the_demo_moved_to_the_server_and_back_shows_the_same_practice_and_days() {
    if !on_server() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(&dir);
    let server = new_server_url();
    let to_server = ok(&run_cli(
        &["copy", "--from", &file, "--to", &server],
        Some(KEY),
    ));
    let rows = assert_verified(&to_server);
    assert!(rows > 1000, "{rows} rows copied");
    let back = dir.path().join("back.db").to_str().unwrap().to_owned();
    let to_file = ok(&run_cli(
        &["copy", "--from", &server, "--to", &back],
        Some(KEY),
    ));
    assert_verified(&to_file);

    let (original, appointments) = what_it_shows(&file);
    assert!(appointments > 300, "{appointments} appointments shown");
    let count = ok(&run_cli(&["check", "--db", &file], Some(KEY)));
    assert_eq!(
        count["counts"]["appointments"].as_u64().unwrap() as usize,
        appointments,
        "the days compared hold every appointment of the demo"
    );
    assert!(
        what_it_shows(&server).0 == original,
        "the server shows what the file showed"
    );
    assert!(
        what_it_shows(&back).0 == original,
        "the file copied back shows the same"
    );
}

#[test]
fn a_copy_over_existing_data_is_refused_and_changes_nothing() {
    if !on_server() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(&dir);
    let server = new_server_url();
    ok(&run_cli(
        &["copy", "--from", &file, "--to", &server],
        Some(KEY),
    ));
    let before = ok(&run_cli(&["check", "--db", &server], Some(KEY)));

    let again = run_cli(&["copy", "--from", &file, "--to", &server], Some(KEY));
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("not empty"), "{said}");
    assert_eq!(ok(&run_cli(&["check", "--db", &server], Some(KEY))), before);

    // A file that exists is never a target either, and stays as it was.
    let existing = std::fs::read(&file).unwrap();
    let onto_file = run_cli(&["copy", "--from", &server, "--to", &file], Some(KEY));
    assert_eq!(onto_file.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), existing);
    // Nor the same database.
    let itself = run_cli(&["copy", "--from", &server, "--to", &server], Some(KEY));
    assert_eq!(itself.status.code(), Some(2));
    // The demo belongs in a file.
    let demo = run_cli(&["demo", "--db", &server], Some(KEY));
    assert_eq!(demo.status.code(), Some(2));
}

/// The server as docs/SHARED_DATABASE.md sets it up: the owner role
/// migrates; workstations connect with a role that reads and writes rows
/// but cannot change or drop the schema, and cannot migrate it either.
#[test]
fn the_setup_script_gives_workstations_a_role_that_cannot_change_the_schema() {
    if !on_server() {
        return;
    }
    let unique = format!("{}", std::process::id());
    let database = format!("clinic_{unique}");
    let owner = format!("owner_{unique}");
    let app = format!("desk_{unique}");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/setup-postgres.sh");
    let setup = Command::new("bash")
        .args([
            script,
            "--database",
            &database,
            "--owner",
            &owner,
            "--app",
            &app,
        ])
        .env("FRONTDESK_OWNER_PASSWORD", "owner secret")
        .env("FRONTDESK_APP_PASSWORD", "desk secret")
        .output()
        .unwrap();
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let as_owner = format!("postgres://{owner}@localhost:{port}/{database}");
    let as_app = format!("postgres://{app}@localhost:{port}/{database}");
    let with_password = |args: &[&str], password: &str| {
        Command::new(cli())
            .args(args)
            .env("PGPASSWORD", password)
            .env("FRONTDESK_DB_KEY", KEY)
            .output()
            .unwrap()
    };

    // Before the owner migrates, a workstation is told to have it done.
    let early = with_password(&["check", "--db", &as_app], "desk secret");
    assert_eq!(early.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("older"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
    let wrong = with_password(&["check", "--db", &as_app], "not it");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );

    let migrated = ok(&with_password(
        &["migrate", "--db", &as_owner],
        "owner secret",
    ));
    let migrations = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/frontdesk-store/migrations/postgres"
    ))
    .unwrap()
    .count();
    assert_eq!(migrated["migrations_applied"], migrations);

    // The owner moves the practice in; the workstation role books.
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(&dir);
    assert_verified(&ok(&with_password(
        &["copy", "--from", &file, "--to", &as_owner],
        "owner secret",
    )));
    let slot = ok(&with_password(
        &[
            "--now",
            NOW,
            "suggest",
            "--db",
            &as_app,
            "--visit-type",
            "follow-up",
            "--count",
            "1",
        ],
        "desk secret",
    ));
    let slot = &slot["slots"][0];
    let resources: Vec<&str> = slot["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    ok(&with_password(
        &[
            "--now",
            NOW,
            "book",
            "--db",
            &as_app,
            "--patient",
            "1",
            "--visit-type",
            "follow-up",
            "--start",
            slot["start"].as_str().unwrap(),
            "--resources",
            &resources.join(","),
        ],
        "desk secret",
    ));

    // It cannot change the schema.
    for statement in [
        "DROP TABLE appointments",
        "ALTER TABLE patients ADD COLUMN x TEXT",
        "CREATE TABLE t (x INT)",
        "TRUNCATE audit_events",
    ] {
        let refused = Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "localhost",
                "-U",
                &app,
                "-d",
                &database,
                "-c",
                statement,
            ])
            .env("PGPASSWORD", "desk secret")
            .output()
            .unwrap();
        assert!(!refused.status.success(), "{statement} was allowed");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("must be owner")
                || String::from_utf8_lossy(&refused.stderr).contains("permission denied"),
            "{statement}: {}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
}
