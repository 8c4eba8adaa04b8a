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
