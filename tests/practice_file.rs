//! `frontdesk-cli practice export/import`: the practice file round trip, every
//! validation rule reported with its path, all-or-nothing writes, update by id
//! and retirement instead of deletion.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// Every command here stands the day before the 2036 demo's Monday (the
/// CLI's test-only `--now`), so its visits are ahead and within the horizon.
fn run_cli(args: &[&str], key: Option<&str>) -> std::process::Output {
    let mut full = vec!["--now", "2036-03-02T12:00:00-06:00"];
    full.extend_from_slice(args);
    frontdesk_tests::run_cli(&full, key)
}

fn ok_stdout(args: &[&str]) -> String {
    let out = run_cli(args, Some(KEY));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo_file(dir: &tempfile::TempDir) -> String {
    let demo = dir.path().join("demo.db");
    ok_stdout(&[
        "demo",
        "--db",
        demo.to_str().unwrap(),
        "--date",
        "2036-03-03",
    ]);
    ok_stdout(&["practice", "export", "--db", demo.to_str().unwrap()])
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    assert!(exported.starts_with("{\n  \"format\": \"frontdesk-practice/1\""));
    let file = dir.path().join("practice.json");
    std::fs::write(&file, &exported).unwrap();
    let fresh = dir.path().join("fresh.db");
    let summary: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "practice",
        "import",
        "--db",
        fresh.to_str().unwrap(),
        file.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(summary["created_database"], true);
    assert_eq!(summary["resources"], 16);
    let again = ok_stdout(&["practice", "export", "--db", fresh.to_str().unwrap()]);
    assert_eq!(again, exported);
}

#[test]
fn practice_closures_go_out_and_come_back_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&demo_file(&dir)).unwrap();
    file["closures"] = serde_json::json!([
        {"name": "Christmas", "from": "2026-12-24", "until": "2026-12-26"},
        {"name": "New Year's Day", "from": "2027-01-01"}
    ]);
    let path = dir.path().join("closures.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let fresh = dir.path().join("closures.db");
    let db = fresh.to_str().unwrap();
    ok_stdout(&["practice", "import", "--db", db, path.to_str().unwrap()]);
    let exported = ok_stdout(&["practice", "export", "--db", db]);
    let read: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(read["closures"], file["closures"]);
    // And again: the same bytes.
    std::fs::write(&path, &exported).unwrap();
    ok_stdout(&["practice", "import", "--db", db, path.to_str().unwrap()]);
    assert_eq!(ok_stdout(&["practice", "export", "--db", db]), exported);
}

#[test]
fn every_problem_is_reported_with_its_path_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    file["practice"]["timezone"] = "Mars/Olympus".into();
    file["practice"]["grid_min"] = 90.into();
    file["resources"][0]["hours"]["tue"] =
        serde_json::json!([["08:00", "12:30"], ["12:00", "13:00"]]);
    file["resources"][1]["hours"]["mon"] = serde_json::json!([["25:00", "26:00"]]);
    file["resources"][2]["exceptions"] = serde_json::json!([{"date": "2036-02-30", "hours": []}]);
    file["resources"][3]["exceptions"] = serde_json::json!([{"date": "2036-03-04", "hours": []}, {"date": "2036-03-04", "hours": []}]);
    file["resources"][4]["id"] = "dr-okafor".into();
    file["resources"][5]["kind"] = "robot".into();
    file["visit_types"][0]["needs"][0]["duration_min"] = 45.into();
    file["intake"]["reasons"][0]["visit_type"] = "massage".into();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let target = dir.path().join("target.db");

    let out = run_cli(
        &[
            "practice",
            "import",
            "--db",
            target.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    for expected in [
        "practice.timezone: \"Mars/Olympus\" is not an IANA time zone",
        "practice.grid_min: must be 1 to 60 minutes",
        "resources[0].hours.tue[1]: overlaps 08:00–12:30",
        "resources[1].hours.mon[0]: \"25:00\"–\"26:00\" is not a pair of HH:MM times (00:00–24:00)",
        "resources[2].exceptions[0].date: \"2036-02-30\" is not a date (YYYY-MM-DD)",
        "resources[3].exceptions[1].date: a second exception for 2036-03-04",
        "resources[4].id: \"dr-okafor\" is used twice",
        "resources[5].kind: \"robot\" is not provider, staff, room or equipment",
        "visit_types[0].needs[0]: sticks out of its visit: 0+45 min in a 20-min visit",
        "intake.reasons[0].visit_type: no visit type \"massage\"",
    ] {
        assert!(
            lines.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert_eq!(lines.len(), 10, "{stderr}");
    assert!(!target.exists(), "nothing created");

    // A structural error names its path too.
    std::fs::write(&path, r#"{"format": "frontdesk-practice/1", "practice": {"name": "X", "timezone": "UTC", "grid_min": "five"}, "resources": [], "visit_types": []}"#).unwrap();
    let out = run_cli(
        &[
            "practice",
            "import",
            "--db",
            target.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("practice.grid_min: invalid type"));
}

#[test]
fn a_role_nobody_can_serve_is_a_warning_not_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    file["visit_types"][0]["needs"][1]["role"] = "dialysis-chair".into();
    let path = dir.path().join("practice.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let db = dir.path().join("practice.db");
    let out = run_cli(
        &[
            "practice",
            "import",
            "--db",
            db.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: visit_types[0].needs[1].role: Visit type Follow-up needs a \"dialysis-chair\" — no one has that role.\n"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn import_updates_by_id_and_retires_what_the_file_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    let db = dir.path().join("practice.db");
    let path = dir.path().join("practice.json");
    std::fs::write(&path, &exported).unwrap();
    ok_stdout(&[
        "practice",
        "import",
        "--db",
        db.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);

    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    file["resources"][0]["name"] = "Dr. Ngozi Okafor-Bell".into();
    let removed = file["resources"].as_array_mut().unwrap().remove(1);
    file["visit_types"]
        .as_array_mut()
        .unwrap()
        .retain(|v| v["id"] != "ecg-check");
    file["intake"]["reasons"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["visit_type"] != "ecg-check");
    file["intake"]["procedures"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["visit_type"] != "ecg-check");
    file["resources"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "dr-new", "name": "Dr. New", "kind": "provider", "roles": ["physician"],
            "hours": {"mon": [["09:00", "12:00"]]}
        }));
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "practice",
        "import",
        "--db",
        db.to_str().unwrap(),
        path.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(summary["created_database"], false);
    assert_eq!(
        summary["retired_resources"],
        serde_json::json!([removed["id"]])
    );
    assert_eq!(
        summary["retired_visit_types"],
        serde_json::json!(["ecg-check"])
    );

    let after: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "practice",
        "export",
        "--db",
        db.to_str().unwrap(),
    ]))
    .unwrap();
    let resources = after["resources"].as_array().unwrap();
    assert_eq!(resources[0]["name"], "Dr. Ngozi Okafor-Bell");
    let retired = resources
        .iter()
        .find(|r| r["id"] == removed["id"])
        .expect("kept, not deleted");
    assert_eq!(retired["active"], false);
    assert!(resources.iter().any(|r| r["id"] == "dr-new"));
}

#[test]
fn retiring_a_resource_with_future_appointments_is_refused_with_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    let db = dir.path().join("practice.db");
    let path = dir.path().join("practice.json");
    std::fs::write(&path, &exported).unwrap();
    ok_stdout(&[
        "practice",
        "import",
        "--db",
        db.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    // A patient and a booking with dr-okafor in the future.
    let db_arg = db.to_str().unwrap();
    let slots: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "suggest",
        "--db",
        db_arg,
        "--visit-type",
        "follow-up",
        "--from",
        "2036-03-03",
        "--count",
        "1",
    ]))
    .unwrap();
    let slot = &slots["slots"][0];
    assert_eq!(slot["resources"][0], "dr-okafor");
    add_patient(&db);
    let start = slot["start"].as_str().unwrap();
    let resources = slot["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",");
    let booked: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "book",
        "--db",
        db_arg,
        "--patient",
        "1",
        "--visit-type",
        "follow-up",
        "--start",
        start,
        "--resources",
        &resources,
    ]))
    .unwrap();

    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    file["resources"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["id"] != "dr-okafor");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let before = ok_stdout(&["practice", "export", "--db", db_arg]);
    let out = run_cli(
        &["practice", "import", "--db", db_arg, path.to_str().unwrap()],
        Some(KEY),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.trim_end(),
        format!(
            "appointments[{}]: {start} follow-up would no longer fit: dr-okafor is retired",
            booked["id"].as_str().unwrap()
        )
    );
    // The file may have been checkpointed, but what it says is unchanged.
    assert!(
        ok_stdout(&["practice", "export", "--db", db_arg]) == before,
        "nothing changed"
    );
}

/// A fresh practice has no patients: add one straight through the store.
fn add_patient(db: &std::path::Path) {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = frontdesk_core::databases::open_database(db).await.unwrap();
        let mut conn = store.acquire().await.unwrap();
        frontdesk_store::patients::insert_patient(
            &mut conn,
            &frontdesk_store::patients::NewPatient {
                family_name: "Testperson".into(),
                given_name: "Pat".into(),
                birth_date: "1980-01-01".into(),
                phone: None,
                email: None,
                language: "en".into(),
                contact_channel: frontdesk_store::patients::ContactChannel::Phone,
                reminder_consent: true,
                notes: None,
                record: Default::default(),
            },
            0,
            "test",
        )
        .await
        .unwrap();
        drop(conn);
        store.close().await;
    });
}

#[test]
fn prep_items_and_notification_rules_are_checked_by_path_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let exported = demo_file(&dir);
    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(
        file["visit_types"][2]["prep"][2],
        serde_json::json!({"kind": "alert", "label": "Blood draw", "role": "phlebotomist", "lead_min": 30})
    );
    assert!(
        file["visit_types"][0].get("prep").is_none(),
        "a visit type without prep items leaves the key out"
    );
    assert!(
        file.get("notifications").is_none(),
        "default rules are left out"
    );
    assert_eq!(file["coverage"][1]["role"], "phlebotomist");

    // Practice-set rules survive a round trip.
    file["notifications"] = serde_json::json!({"paperwork_at": "17:30", "patient_initials": true});
    let good = dir.path().join("good.json");
    std::fs::write(&good, serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
    let fresh = dir.path().join("fresh.db");
    ok_stdout(&[
        "practice",
        "import",
        "--db",
        fresh.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    let again: serde_json::Value = serde_json::from_str(&ok_stdout(&[
        "practice",
        "export",
        "--db",
        fresh.to_str().unwrap(),
    ]))
    .unwrap();
    assert!(again == file, "the rules came back as they went in");

    file["visit_types"][2]["prep"][2] = serde_json::json!({"kind": "alert", "label": "Blood draw"});
    file["visit_types"][3]["prep"][0]["label"] = "".into();
    file["intake"]["procedures"][1]["extra"]["prep"][1]["lead_min"] = 20000.into();
    file["notifications"]["paperwork_at"] = "teatime".into();
    file["coverage"][0]["until"] = "07:00".into();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let out = run_cli(
        &[
            "practice",
            "import",
            "--db",
            dir.path().join("other.db").to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "visit_types[2].prep[2].role: an alert needs the role it alerts",
        "visit_types[3].prep[0].label: must not be empty",
        "intake.procedures[1].extra.prep[1].lead_min: at most 10080 minutes (one week)",
        "notifications.paperwork_at: \"teatime\" is not a time of day (HH:MM)",
        "coverage[0].until: ends at 07:00 before or when it starts at 08:00",
    ] {
        assert!(stderr.contains(expected), "{expected} not in:\n{stderr}");
    }
}
