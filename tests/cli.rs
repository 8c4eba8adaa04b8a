//! `frontdesk-cli` as a script would use it: exit codes, stdout JSON, one-line
//! errors, the real keyring (Secret Service) and the real SQLCipher file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use frontdesk_tests::{all_files, contains, demo_patient_names, run_cli};

const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const WRONG_KEY: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

#[test]
fn demo_creates_an_encrypted_file_with_no_readable_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    let out = run_cli(&["demo", "--db", db_arg, "--date", "2026-03-09"], Some(KEY));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["patients"], 60);
    assert!(summary["appointments"].as_u64().unwrap() > 300);

    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    for (path, bytes) in all_files(dir.path()) {
        for name in demo_patient_names() {
            assert!(
                !contains(&bytes, &name),
                "{name} readable in {}",
                path.display()
            );
        }
    }
    for name in demo_patient_names() {
        assert!(!contains(&out.stdout, &name) && !contains(&out.stderr, &name));
    }
}

#[test]
fn check_with_the_right_key_prints_integrity_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    assert_eq!(
        run_cli(&["demo", "--db", db_arg, "--date", "2026-11-28"], Some(KEY))
            .status
            .code(),
        Some(0)
    );
    let out = run_cli(&["check", "--db", db_arg], Some(KEY));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["integrity"], "ok");
    assert_eq!(report["cipher_integrity"], "ok");
    assert!(report["cipher_version"].as_str().unwrap().starts_with('4'));
    assert_eq!(report["counts"]["patients"], 60);
    assert_eq!(report["counts"]["resources"], 16);
    assert_eq!(report["counts"]["visit_types"], 8);
}

#[test]
fn check_with_a_wrong_key_exits_2_with_one_clear_line_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    assert_eq!(
        run_cli(&["demo", "--db", db_arg, "--date", "2026-11-28"], Some(KEY))
            .status
            .code(),
        Some(0)
    );
    // SQLite's -shm index is shared memory that any reader writes to; the
    // database and its WAL must not change.
    let durable = |files: Vec<(std::path::PathBuf, Vec<u8>)>| {
        files
            .into_iter()
            .filter(|(path, _)| !path.to_string_lossy().ends_with("-shm"))
            .collect::<Vec<_>>()
    };
    let before = durable(all_files(dir.path()));
    let out = run_cli(&["check", "--db", db_arg], Some(WRONG_KEY));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "frontdesk-cli: cannot open the database: wrong key or not a Frontdesk database\n"
    );
    assert!(
        durable(all_files(dir.path())) == before,
        "the database or its WAL changed"
    );
}

#[test]
fn demo_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("precious.db");
    std::fs::write(&db, b"not yours").unwrap();
    let out = run_cli(&["demo", "--db", db.to_str().unwrap()], Some(KEY));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&db).unwrap(), b"not yours");
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
}

#[test]
fn a_malformed_key_variable_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = run_cli(&["demo", "--db", db.to_str().unwrap()], Some("not-hex"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("FRONTDESK_DB_KEY"));
    assert!(!db.exists());
}

#[test]
fn a_bad_date_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = run_cli(
        &["demo", "--db", db.to_str().unwrap(), "--date", "2026-02-30"],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("frontdesk-cli: --date:"));
    assert!(!db.exists());
}

/// Without FRONTDESK_DB_KEY the key goes to the Secret Service keyring; a
/// second process finds it there. (An in-memory keyring would lose it at exit.)
#[test]
fn the_key_lives_in_the_keyring_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    let out = run_cli(&["demo", "--db", db_arg, "--date", "2026-11-28"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A moved file still opens: the keyring entry is keyed by the database id.
    let moved = dir.path().join("moved.db");
    std::fs::rename(&db, &moved).unwrap();
    let out = run_cli(&["check", "--db", moved.to_str().unwrap()], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// With no keyring reachable and no variable, the CLI says so in one line
/// and exits 2 — it never falls back to an unencrypted or in-memory key.
#[test]
fn without_a_keyring_or_a_key_the_cli_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(frontdesk_tests::cli_binary())
        .args(["demo", "--db", db.to_str().unwrap()])
        .env_remove("FRONTDESK_DB_KEY")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/frontdesk-test-bus",
        )
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("keyring"), "{stderr}");
    assert!(!db.exists());
}

/// The moment the booking tests stand at (the CLI's test-only `--now`): the
/// day before the demo's Monday, so "never in the past" and "within the
/// booking horizon" hold whatever day the tests run.
const NOW: &str = "2036-03-02T12:00:00-06:00";

/// Runs the CLI at [`NOW`].
fn run_cli_now(args: &[&str], key: Option<&str>) -> std::process::Output {
    let mut full = vec!["--now", NOW];
    full.extend_from_slice(args);
    run_cli(&full, key)
}

/// A demo built around a Monday in 2036, used at [`NOW`].
fn future_demo(dir: &tempfile::TempDir) -> String {
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap().to_owned();
    let out = run_cli(
        &["demo", "--db", &db_arg, "--date", "2036-03-03"],
        Some(KEY),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db_arg
}

use frontdesk_tests::json_ok as json;

#[test]
fn suggest_book_and_day_work_together() {
    let dir = tempfile::tempdir().unwrap();
    let db = future_demo(&dir);
    let suggested = json(&run_cli_now(
        &[
            "suggest",
            "--db",
            &db,
            "--visit-type",
            "annual-physical",
            "--from",
            "2036-03-03",
            "--count",
            "3",
        ],
        Some(KEY),
    ));
    let slots = suggested["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 3);
    let first = &slots[0];
    let start = first["start"].as_str().unwrap();
    assert!(
        start.starts_with("2036-03-0") && start.ends_with("-06:00"),
        "{start}"
    );
    let resources: Vec<&str> = first["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(resources.len(), 4);

    let booked = json(&run_cli_now(
        &[
            "book",
            "--db",
            &db,
            "--patient",
            "5",
            "--visit-type",
            "annual-physical",
            "--start",
            start,
            "--resources",
            &resources.join(","),
        ],
        Some(KEY),
    ));
    let id = booked["id"].as_str().unwrap().to_owned();

    let day = json(&run_cli_now(
        &["day", "--db", &db, "--date", &start[..10]],
        Some(KEY),
    ));
    let listed = day["appointments"].as_array().unwrap();
    let mine = listed.iter().find(|a| a["id"] == id.as_str()).unwrap();
    assert_eq!(mine["status"], "booked");
    assert_eq!(mine["patient_id"], "5");
    assert_eq!(mine["visit_type"], "annual-physical");
    assert_eq!(mine["start"], start);
    assert_eq!(mine["resources"].as_array().unwrap().len(), 4);
    let starts: Vec<&str> = listed
        .iter()
        .map(|a| a["start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "ordered by start");

    // The same time again: taken.
    let again = run_cli_now(
        &[
            "book",
            "--db",
            &db,
            "--patient",
            "6",
            "--visit-type",
            "annual-physical",
            "--start",
            start,
            "--resources",
            &resources.join(","),
        ],
        Some(KEY),
    );
    assert_eq!(again.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(again.stderr).unwrap(),
        "frontdesk-cli: that time was just taken\n"
    );
    assert!(again.stdout.is_empty());
}

#[test]
fn book_refuses_bad_input_with_exit_2_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = future_demo(&dir);
    let good_start = "2036-03-04T09:00:00-06:00";
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--patient",
                "999",
                "--visit-type",
                "follow-up",
                "--start",
                good_start,
                "--resources",
                "dr-okafor,room-1",
            ],
            "patient",
        ),
        (
            &[
                "--patient",
                "1",
                "--visit-type",
                "xray",
                "--start",
                good_start,
                "--resources",
                "dr-okafor,room-1",
            ],
            "visit type",
        ),
        (
            &[
                "--patient",
                "1",
                "--visit-type",
                "follow-up",
                "--start",
                good_start,
                "--resources",
                "dr-okafor,room-99",
            ],
            "resources[1]",
        ),
        (
            &[
                "--patient",
                "1",
                "--visit-type",
                "follow-up",
                "--start",
                "2036-03-04T09:02:00-06:00",
                "--resources",
                "dr-okafor,room-1",
            ],
            "grid",
        ),
        (
            &[
                "--patient",
                "1",
                "--visit-type",
                "follow-up",
                "--start",
                "2036-03-04T21:00:00-06:00",
                "--resources",
                "dr-okafor,room-1",
            ],
            "does not work then",
        ),
        (
            &[
                "--patient",
                "1",
                "--visit-type",
                "follow-up",
                "--start",
                good_start,
                "--resources",
                "room-1,dr-okafor",
            ],
            "cannot serve as physician",
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec!["book", "--db", db.as_str()];
        full.extend_from_slice(args);
        let out = run_cli_now(&full, Some(KEY));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    let day = json(&run_cli_now(
        &["day", "--db", &db, "--date", "2036-03-04"],
        Some(KEY),
    ));
    assert!(day["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["start"] != good_start || a["patient_id"] != "1"));
}

/// Sixteen processes book the same time and resources at once: exactly one
/// wins; the other fifteen are told the time was just taken. On the
/// backend the tests run on (the file, or the demo copied to the server).
#[test]
fn sixteen_racing_book_processes_end_with_one_booking() {
    let dir = tempfile::tempdir().unwrap();
    let db = frontdesk_tests::cli_db_on_backend(&future_demo(&dir), KEY);
    let suggested = json(&run_cli_now(
        &[
            "suggest",
            "--db",
            &db,
            "--visit-type",
            "xray-consult",
            "--from",
            "2036-03-05",
            "--count",
            "1",
        ],
        Some(KEY),
    ));
    let slot = &suggested["slots"][0];
    let start = slot["start"].as_str().unwrap().to_owned();
    let resources = slot["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",");
    let children: Vec<_> = (0..16)
        .map(|i| {
            std::process::Command::new(frontdesk_tests::cli_binary())
                .args([
                    "--now",
                    NOW,
                    "book",
                    "--db",
                    &db,
                    "--patient",
                    &(i + 1).to_string(),
                    "--visit-type",
                    "xray-consult",
                    "--start",
                    &start,
                    "--resources",
                    &resources,
                ])
                .env("FRONTDESK_DB_KEY", KEY)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let winners = outputs
        .iter()
        .filter(|o| o.status.code() == Some(0))
        .count();
    let taken = outputs
        .iter()
        .filter(|o| {
            o.status.code() == Some(3) && o.stderr == b"frontdesk-cli: that time was just taken\n"
        })
        .count();
    assert_eq!(
        (winners, taken),
        (1, 15),
        "{:?}",
        outputs
            .iter()
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .collect::<Vec<_>>()
    );
}

/// Limits: a count of no times, a date with a short or signed year and a
/// booking centuries ahead are refused with exit 2 and one line naming them.
#[test]
fn suggest_and_book_refuse_what_is_out_of_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let db = future_demo(&dir);
    let cases: [(&[&str], &str); 4] = [
        (
            &["suggest", "--visit-type", "follow-up", "--count", "0"],
            "count",
        ),
        (
            &["suggest", "--visit-type", "follow-up", "--count", "101"],
            "count",
        ),
        (
            &["suggest", "--visit-type", "follow-up", "--from", "2036-1-5"],
            "--from",
        ),
        (
            &[
                "book",
                "--patient",
                "1",
                "--visit-type",
                "follow-up",
                "--start",
                "9999-03-04T09:00:00-06:00",
                "--resources",
                "dr-okafor,room-1",
            ],
            "days ahead",
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec![args[0], "--db", db.as_str()];
        full.extend_from_slice(&args[1..]);
        let out = run_cli_now(&full, Some(KEY));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}
