//! Cancellations, no-shows and fees through the command line's contract,
//! each command standing at a chosen moment (`--now`, the test clock): the
//! demo's policy (48-hour window, 25.00 late-cancellation fee, 40.00
//! no-show fee, 15 minutes' grace) at its edges — exactly the window before
//! is not late, a minute less is, in real hours across the spring-forward
//! change — fees by who asked, the refusals (exit 2, data unchanged), the
//! no-show's grace, the billing CSV, and a waiver kept beside its fee.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, FixedOffset};
use frontdesk_tests::{cli_db_on_backend, json_ok, run_cli};

const KEY: &str = "99aabbccddeeff00112233445566778899aabbccddeeff001122334455667788";
/// Sunday 2 March 2036, noon in Chicago: when the visits are booked.
const BOOKED_AT: &str = "2036-03-02T12:00:00-06:00";

fn at(now: &str, args: &[&str]) -> std::process::Output {
    let mut full = vec!["--now", now];
    full.extend_from_slice(args);
    run_cli(&full, Some(KEY))
}

fn time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn text(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

struct Clinic {
    _dir: tempfile::TempDir,
    db: String,
    patient: u32,
}

impl Clinic {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("demo.db");
        let file = file.to_str().unwrap().to_owned();
        json_ok(&run_cli(
            &["demo", "--db", &file, "--date", "2036-03-03"],
            Some(KEY),
        ));
        let db = cli_db_on_backend(&file, KEY);
        Clinic {
            _dir: dir,
            db,
            patient: 0,
        }
    }

    /// Books the first follow-up from `from`, at [`BOOKED_AT`]: (id, start).
    fn book(&mut self, from: &str) -> (String, DateTime<FixedOffset>) {
        self.patient += 1;
        let slots = json_ok(&at(
            BOOKED_AT,
            &[
                "suggest",
                "--db",
                &self.db,
                "--visit-type",
                "follow-up",
                "--from",
                from,
                "--count",
                "1",
            ],
        ));
        let slot = &slots["slots"][0];
        let start = slot["start"].as_str().unwrap().to_owned();
        let resources: Vec<&str> = slot["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let booked = json_ok(&at(
            BOOKED_AT,
            &[
                "book",
                "--db",
                &self.db,
                "--patient",
                &self.patient.to_string(),
                "--visit-type",
                "follow-up",
                "--start",
                &start,
                "--resources",
                &resources.join(","),
            ],
        ));
        (booked["id"].as_str().unwrap().to_owned(), time(&start))
    }

    fn cancel(
        &self,
        now: &str,
        id: &str,
        by: &str,
        notified: Option<&str>,
    ) -> std::process::Output {
        let mut args = vec![
            "cancel",
            "--db",
            &self.db,
            "--appointment",
            id,
            "--by",
            by,
            "--reason",
            "feeling better",
        ];
        if let Some(notified) = notified {
            args.extend(["--notified-at", notified]);
        }
        at(now, &args)
    }

    fn status_of(&self, id: &str, start: DateTime<FixedOffset>) -> String {
        let day = json_ok(&at(
            BOOKED_AT,
            &["day", "--db", &self.db, "--date", &text(start)[..10]],
        ));
        day["appointments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

fn refused(out: &std::process::Output, names: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(names), "{stderr} should name {names}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn the_late_rule_at_its_edges_in_real_hours_with_fees_by_who_asked() {
    let mut clinic = Clinic::new();
    let (exactly, start) = clinic.book("2036-03-05");
    let now = text(start - Duration::hours(1));
    // Exactly 48 hours before: not late, no fee.
    let out = json_ok(&clinic.cancel(
        &now,
        &exactly,
        "patient",
        Some(&text(start - Duration::hours(48))),
    ));
    assert_eq!(
        out,
        serde_json::json!({"id": exactly, "status": "cancelled", "late": false})
    );
    assert_eq!(clinic.status_of(&exactly, start), "cancelled");

    // A minute less: late, and the patient's late cancellation carries 25.00.
    let (late, start) = clinic.book("2036-03-05");
    let out = json_ok(&clinic.cancel(
        &text(start - Duration::hours(1)),
        &late,
        "patient",
        Some(&text(start - Duration::hours(48) + Duration::minutes(1))),
    ));
    assert_eq!(
        out,
        serde_json::json!({"id": late, "status": "cancelled", "late": true, "fee_cents": 2500})
    );
    // The clinic or a provider cancelling late: late, never a fee.
    for by in ["clinic", "provider"] {
        let (id, start) = clinic.book("2036-03-05");
        let out = json_ok(&clinic.cancel(&text(start - Duration::hours(2)), &id, by, None));
        assert_eq!(
            out,
            serde_json::json!({"id": id, "status": "cancelled", "late": true})
        );
    }

    // Across the spring-forward change (Sunday 9 March 2036): 48 real
    // hours before a Monday-morning visit is an hour earlier on Saturday's
    // wall clock; the same wall time is only 47 hours before: late.
    let (edge, start) = clinic.book("2036-03-10");
    assert_eq!(text(start).get(19..), Some("-05:00"), "a CDT visit");
    // Saturday 8 March is still CST (UTC-6).
    let cst = FixedOffset::west_opt(6 * 3600).unwrap();
    let real = (start - Duration::hours(48)).with_timezone(&cst);
    assert_eq!(real.date_naive().to_string(), "2036-03-08");
    let wall_same = time(&format!("2036-03-08T{}-06:00", &text(start)[11..19]));
    assert_eq!(
        wall_same - real,
        Duration::hours(1),
        "an hour earlier on the wall"
    );
    let now = text(start - Duration::hours(3));
    let out = json_ok(&clinic.cancel(&now, &edge, "patient", Some(&text(real))));
    assert_eq!(out["late"], false);
    let (edge2, start2) = clinic.book("2036-03-10");
    let wall_same2 = time(&format!("2036-03-08T{}-06:00", &text(start2)[11..19]));
    let out = json_ok(&clinic.cancel(
        &text(start2 - Duration::hours(3)),
        &edge2,
        "patient",
        Some(&text(wall_same2)),
    ));
    assert_eq!(out["late"], true);
    assert_eq!(out["fee_cents"], 2500);
}

#[test]
fn refusals_name_what_was_wrong_and_change_nothing() {
    let mut clinic = Clinic::new();
    let (id, start) = clinic.book("2036-03-05");
    let now = text(start - Duration::hours(5));
    refused(
        &clinic.cancel(
            &now,
            &id,
            "patient",
            Some(&text(start - Duration::hours(4))),
        ),
        "notified_at",
    );
    refused(
        &clinic.cancel(&now, &id, "patient", Some("2036-03-01T09:00:00-06:00")),
        "before the visit was booked",
    );
    refused(&clinic.cancel(&now, &id, "nurse", None), "by");
    refused(
        &clinic.cancel(&now, "999999", "patient", None),
        "appointment",
    );
    refused(
        &clinic.cancel(&text(start + Duration::minutes(5)), &id, "patient", None),
        "already started",
    );
    assert_eq!(clinic.status_of(&id, start), "booked", "nothing changed");
    json_ok(&clinic.cancel(&now, &id, "patient", None));
    refused(
        &clinic.cancel(&now, &id, "patient", None),
        "already cancelled",
    );
}

#[test]
fn a_no_show_waits_for_the_grace_period_and_fees_reach_the_billing_csv() {
    let mut clinic = Clinic::new();
    let (missed, start) = clinic.book("2036-03-05");
    let no_show = |now: DateTime<FixedOffset>| {
        at(
            &text(now),
            &["no-show", "--db", &clinic.db, "--appointment", &missed],
        )
    };
    refused(&no_show(start + Duration::minutes(14)), "no-show from");
    assert_eq!(clinic.status_of(&missed, start), "booked");
    let out = json_ok(&no_show(start + Duration::minutes(15)));
    assert_eq!(
        out,
        serde_json::json!({"id": missed, "status": "noshow", "fee_cents": 4000})
    );
    let (late, start2) = clinic.book("2036-03-05");
    json_ok(&clinic.cancel(&text(start2 - Duration::hours(1)), &late, "patient", None));

    let day = &text(start)[..10];
    let csv = at(
        &text(start + Duration::hours(1)),
        &["billing", "--db", &clinic.db, "--from", day, "--to", day],
    );
    assert_eq!(
        csv.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "fee_id,noted_at,kind,amount,patient_id,patient_name,patient_birth_date,\
             appointment_id,visit_start,visit_type,noted_by,waived,waived_at,waived_by,waive_reason"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let of = |id: &str| rows.iter().find(|r| r[7] == id).unwrap().clone();
    assert_eq!(
        (of(&missed)[2], of(&missed)[3], of(&missed)[11]),
        ("no-show", "40.00", "no")
    );
    assert_eq!((of(&late)[2], of(&late)[3]), ("late-cancel", "25.00"));
    assert_eq!(of(&late)[8], text(start2));
    // Nothing outside the period.
    let other = at(
        BOOKED_AT,
        &[
            "billing",
            "--db",
            &clinic.db,
            "--from",
            "2036-03-01",
            "--to",
            "2036-03-01",
        ],
    );
    assert_eq!(String::from_utf8(other.stdout).unwrap().lines().count(), 1);
    refused(
        &at(
            BOOKED_AT,
            &[
                "billing",
                "--db",
                &clinic.db,
                "--from",
                day,
                "--to",
                "2036-03-01",
            ],
        ),
        "to",
    );
}

/// Waiving keeps the fee with who, when and why; undoing a cancellation
/// restores the visit and waives its fee the same way.
#[test]
fn a_waiver_is_kept_beside_its_fee_and_an_undo_waives_the_cancellations_fee() {
    // The clinic is made with the CLI (outside any runtime: on PostgreSQL it
    // makes its own to create the server database), then the core is driven.
    let mut clinic = Clinic::new();
    let (id, start) = clinic.book("2036-03-06");
    let (other, other_start) = clinic.book("2036-03-06");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(waive_and_undo(&clinic, &id, start, &other, other_start));
}

async fn waive_and_undo(
    clinic: &Clinic,
    id: &str,
    start: DateTime<FixedOffset>,
    other: &str,
    other_start: DateTime<FixedOffset>,
) {
    use frontdesk_core::{billing, cancellations, status, Actor, FixedClock};
    let location = frontdesk_core::databases::Location::parse(&clinic.db).unwrap();
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let store = frontdesk_core::databases::open_location(&location)
        .await
        .unwrap();
    let actor = Actor::new("desk-2", "Desk two");
    let feed = frontdesk_core::changes::ChangeFeed::new();
    let clock = FixedClock((start - Duration::hours(2)).to_utc());
    for visit in [id, other] {
        let outcome = cancellations::cancel(
            &store,
            &actor,
            &clock,
            &feed,
            &cancellations::CancelInput {
                appointment_id: visit.parse().unwrap(),
                by: "patient".into(),
                reason: Some("car broke down".into()),
                notified_at: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(outcome.fee_cents, Some(2500));
    }
    let day = start.date_naive();
    let list = billing::fees_between(&store, &actor, &clock, day, day)
        .await
        .unwrap();
    assert_eq!(list.due_cents, 5000);
    let fee = list
        .fees
        .iter()
        .find(|f| f.appointment_id.to_string() == id)
        .unwrap();
    let error = billing::waive_fee(&store, &actor, &clock, fee.id, "  ")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("reason"), "{error}");
    billing::waive_fee(&store, &actor, &clock, fee.id, "first time, good reason")
        .await
        .unwrap();
    let again = billing::waive_fee(&store, &actor, &clock, fee.id, "twice")
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already waived"), "{again}");
    let list = billing::fees_between(&store, &actor, &clock, day, day)
        .await
        .unwrap();
    assert_eq!(list.due_cents, 2500);
    let waived = list.fees.iter().find(|f| f.id == fee.id).unwrap();
    assert_eq!(waived.waived_by.as_deref(), Some("desk-2"));
    assert_eq!(
        waived.waive_reason.as_deref(),
        Some("first time, good reason")
    );
    assert_eq!(waived.amount_cents, 2500, "the fee itself is kept");

    // Undo the other cancellation: the visit is back, its fee waived.
    status::undo_last_change(&store, &actor, &clock, &feed, other.parse().unwrap())
        .await
        .unwrap();
    let restored = status::appointment_details(&store, &actor, &clock, other.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(restored.appointment.start, text(other_start));
    assert_eq!(restored.appointment.status.as_str(), "booked");
    let list = billing::fees_between(&store, &actor, &clock, day, day)
        .await
        .unwrap();
    assert_eq!(list.due_cents, 0);
    let undone = list
        .fees
        .iter()
        .find(|f| f.appointment_id.to_string() == other)
        .unwrap();
    assert_eq!(
        undone.waive_reason.as_deref(),
        Some("undone: the visit was restored")
    );
    store.close().await;
}
