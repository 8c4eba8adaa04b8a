//! Commits survive a crash: `frontdesk-cli book` processes are killed with
//! SIGKILL at random moments (before, during and after their commit), at
//! least 100 times, and every booking a process reported as made (exit 0,
//! its id printed) is still in the database afterwards; on the encrypted
//! file both integrity checks stay clean. A power cut cannot be staged
//! here; the `synchronous` level that covers it is explained in
//! `frontdesk_store::DURABLE_SYNCHRONOUS` and measured by the store's
//! `commit_durability` bench.
//!
//! Runs on the backend the environment names (a killed client's open
//! transaction is rolled back by the server too). The moments are random
//! but reproducible: the seed is printed, `CRASH_SEED=N` repeats a run.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frontdesk_store::testing::backend;
use frontdesk_store::Backend;
use frontdesk_tests::{cli_binary, cli_db_on_backend, json_ok, run_cli};

const KEY: &str = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";
const NOW: &str = "2036-03-02T12:00:00-06:00";
const KILLS: usize = 100;

/// xorshift64*: small, seeded, enough for picking moments.
struct Moments(u64);

impl Moments {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    let mut full = vec!["--now", NOW];
    full.extend_from_slice(args);
    run_cli(&full, Some(KEY))
}

/// The next free follow-up from `from`: (start, resources joined by commas).
fn next_slot(db: &str, from: &str) -> (String, String) {
    let slots = json_ok(&cli(&[
        "suggest",
        "--db",
        db,
        "--visit-type",
        "follow-up",
        "--from",
        from,
        "--count",
        "1",
    ]));
    let slot = &slots["slots"][0];
    let resources: Vec<&str> = slot["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    (
        slot["start"].as_str().unwrap().to_owned(),
        resources.join(","),
    )
}

#[test]
fn no_booking_reported_made_is_lost_when_processes_are_killed_mid_commit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.db");
    let file = file.to_str().unwrap();
    json_ok(&run_cli(
        &["demo", "--db", file, "--date", "2036-03-03"],
        Some(KEY),
    ));
    let db = cli_db_on_backend(file, KEY);
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("crash-safety seed: CRASH_SEED={seed}");
    let mut moments = Moments(seed);

    // How long an unhindered booking process takes, to spread the kills
    // over its whole life (start, key proof, placement check, commit, exit).
    let mut confirmed: BTreeMap<String, String> = BTreeMap::new();
    let mut lifetimes = Vec::new();
    let days = ["2036-03-04", "2036-03-05", "2036-03-06", "2036-03-09"];
    for i in 0..3 {
        let (start, resources) = next_slot(&db, days[i % days.len()]);
        let began = Instant::now();
        let booked = json_ok(&cli(&[
            "book",
            "--db",
            &db,
            "--patient",
            &(i + 1).to_string(),
            "--visit-type",
            "follow-up",
            "--start",
            &start,
            "--resources",
            &resources,
        ]));
        lifetimes.push(began.elapsed());
        confirmed.insert(booked["id"].as_str().unwrap().to_owned(), start);
    }
    let life_ms = lifetimes.iter().max().unwrap().as_millis() as u64 + 20;

    let (mut kills, mut killed_after_exit, mut refused) = (0, 0, 0);
    let mut round = 0usize;
    while kills < KILLS {
        round += 1;
        assert!(
            round < KILLS * 4,
            "too few kills landed: {kills} in {round} rounds"
        );
        let (start, resources) = next_slot(&db, days[round % days.len()]);
        let patient = (round % 60 + 1).to_string();
        let mut child = Command::new(cli_binary())
            .args([
                "--now",
                NOW,
                "book",
                "--db",
                &db,
                "--patient",
                &patient,
                "--visit-type",
                "follow-up",
                "--start",
                &start,
                "--resources",
                &resources,
            ])
            .env("FRONTDESK_DB_KEY", KEY)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(moments.below(life_ms)));
        let finished = child.try_wait().unwrap().is_some();
        if finished {
            killed_after_exit += 1;
        } else {
            child.kill().unwrap();
            kills += 1;
        }
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => {
                let booked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                confirmed.insert(booked["id"].as_str().unwrap().to_owned(), start);
            }
            // Killed (no code), or refused: nothing was reported made.
            None => {}
            Some(_) => refused += 1,
        }
    }

    // Every booking reported made is there, on its day.
    let mut on_days: BTreeSet<String> = BTreeSet::new();
    let dates: BTreeSet<&str> = confirmed.values().map(|s| &s[..10]).collect();
    for date in dates {
        let day = json_ok(&cli(&["day", "--db", &db, "--date", date]));
        for visit in day["appointments"].as_array().unwrap() {
            on_days.insert(visit["id"].as_str().unwrap().to_owned());
        }
    }
    let lost: Vec<&String> = confirmed
        .keys()
        .filter(|id| !on_days.contains(*id))
        .collect();
    eprintln!(
        "crash-safety: {kills} kills, {} bookings confirmed, {} lost, \
         {killed_after_exit} processes done before their kill, {refused} refused",
        confirmed.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "bookings reported made and then lost: {lost:?}"
    );
    assert!(
        confirmed.len() > 3,
        "some bookings must have been confirmed"
    );

    let report = json_ok(&cli(&["check", "--db", &db]));
    if backend() == Backend::Sqlite {
        assert_eq!(report["integrity"], "ok", "{report}");
        assert_eq!(report["cipher_integrity"], "ok", "{report}");
    }
}
