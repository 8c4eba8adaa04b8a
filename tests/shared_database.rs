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
use frontdesk_tests::{json_ok as ok, new_server_url, run_cli};

const KEY: &str = "5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344";
const NOW: &str = "2036-03-02T12:00:00-06:00";

fn on_server() -> bool {
    let yes = testing::backend() == Backend::Postgres;
    if !yes {
        eprintln!("needs PostgreSQL: run with FRONTDESK_TEST_BACKEND=postgres");
    }
    yes
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

/// "Test connection" and every command say exactly what is wrong with a
/// server: nobody listening, a certificate that cannot be verified, a
/// database that is not Frontdesk's, no connection free.
#[test]
fn a_server_that_cannot_be_used_is_named_for_what_is_wrong() {
    if !on_server() {
        return;
    }
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let away = run_cli(
        &[
            "check",
            "--db",
            &format!("postgres://postgres@127.0.0.1:{closed}/frontdesk"),
        ],
        Some(KEY),
    );
    assert_eq!(away.status.code(), Some(1));
    let said = String::from_utf8_lossy(&away.stderr);
    assert!(
        said.contains("cannot reach the clinic's database server"),
        "{said}"
    );

    let database = format!("other_{}", std::process::id());
    let made = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-d",
            "postgres",
            "-c",
            &format!("CREATE DATABASE {database}"),
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let table = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-d",
            &database,
            "-c",
            "CREATE TABLE invoices (id INT)",
        ])
        .output()
        .unwrap();
    assert!(table.status.success());
    let other = run_cli(
        &[
            "check",
            "--db",
            &format!("postgres://postgres@localhost:{port}/{database}"),
        ],
        Some(KEY),
    );
    assert_eq!(other.status.code(), Some(2));
    let said = String::from_utf8_lossy(&other.stderr);
    assert!(said.contains("is not a Frontdesk database"), "{said}");

    // Full verification checks the name too: the test server's certificate
    // is for "localhost", so reaching it as 127.0.0.1 is refused, never
    // used unverified.
    let wrong_name = run_cli(
        &[
            "check",
            "--db",
            &format!("postgres://postgres@127.0.0.1:{port}/{database}?sslmode=verify-full"),
        ],
        Some(KEY),
    );
    assert_eq!(wrong_name.status.code(), Some(2));
    let said = String::from_utf8_lossy(&wrong_name.stderr);
    assert!(said.contains("secure connection"), "{said}");

    // A server with every connection taken answers "too many clients"
    // (SQLSTATE 53300); here a role allowed none, refused with the same
    // code as a client past max_connections. Not "cannot reach": it is up.
    let role = format!("full_{}", std::process::id());
    let password = std::env::var("PGPASSWORD").unwrap_or_default();
    let psql = |statement: String| {
        let out = Command::new("psql")
            .args(["-X", "-q", "-d", "postgres", "-c", &statement])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    psql(format!(
        "CREATE ROLE {role} LOGIN PASSWORD '{password}' CONNECTION LIMIT 0"
    ));
    let full = run_cli(
        &[
            "check",
            "--db",
            &format!("postgres://{role}@localhost:{port}/{database}"),
        ],
        Some(KEY),
    );
    psql(format!("DROP ROLE {role}"));
    assert_eq!(full.status.code(), Some(1));
    let said = String::from_utf8_lossy(&full.stderr);
    assert!(said.contains("has no connection free"), "{said}");
    assert!(!said.contains("cannot reach"), "{said}");
}

/// Setup → This computer → "Move this practice to the server": the file's
/// practice lands in the empty server database, this workstation then
/// starts there (its password in the keyring), the file stays as it was;
/// a second move into the now full database is refused.
#[tokio::test]
async fn a_practice_moves_to_the_server_and_the_workstation_follows() {
    use frontdesk_core::setup::{self, NewPractice, ServerForm};
    use frontdesk_core::{Actor, FixedClock};
    if !on_server() {
        return;
    }
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let data = tempfile::tempdir().unwrap();
    let actor = Actor::new("manager", "Practice Manager");
    let clock = FixedClock::parse("now", NOW).unwrap();
    let (store, _) = setup::set_up_practice(
        data.path(),
        &actor,
        &clock,
        &NewPractice {
            name: "Lakeside Clinic".into(),
            timezone: "America/Chicago".into(),
            grid_min: 5,
        },
    )
    .await
    .unwrap();
    store.close().await;
    let file = data.path().join("practice.db");

    let name = testing::new_server_database().await;
    let server = testing::server_address(&name);
    let form = ServerForm {
        host: server.host.clone(),
        port: server.port,
        database: name.clone(),
        user: server.user.clone(),
        ca_file: None,
        password: std::env::var("PGPASSWORD").ok(),
    };
    let (moved, opened) = setup::move_to_server(data.path(), &form, &actor, &clock)
        .await
        .unwrap();
    assert_eq!(opened.practice_name, "Lakeside Clinic");
    assert_eq!(opened.server.as_deref(), Some(server.url().as_str()));
    moved.close().await;
    // The file stays, a backup, with the move in its audit trail.
    let kept = frontdesk_core::databases::open_database(&file)
        .await
        .unwrap();
    let mut conn = kept.acquire().await.unwrap();
    let practice = frontdesk_store::practice::get_practice(&mut conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(practice.name, "Lakeside Clinic");
    let moves: i64 = frontdesk_store::db::query(
        "SELECT count(*) FROM audit_events WHERE action = 'copy-out' AND staff_id = 'manager'",
    )
    .scalar(&mut conn)
    .await
    .unwrap();
    assert_eq!(moves, 1);
    drop(conn);
    kept.close().await;

    // Next start: the server, not the file.
    let (status, reopened) = setup::start_up(data.path(), &actor, &clock, None).await;
    assert_eq!(
        status.open.and_then(|o| o.server),
        Some(server.url()),
        "{:?}",
        status.open_problem
    );
    reopened.unwrap().0.close().await;

    let again = setup::move_to_server(data.path(), &form, &actor, &clock).await;
    let Err(error) = again else {
        panic!("a second move into a full database was allowed")
    };
    assert!(error.to_string().contains("not empty"), "{error}");
}
