//! Patient reminders end to end, on the backend the tests run on: the core's
//! send cycle talks to a REAL SMTP server (Python's aiosmtpd, started by each
//! test), and every message it receives is read back by Python's email
//! parser and the third-party `icalendar` parser — UID, SEQUENCE, METHOD,
//! the times (through the message's own VTIMEZONE) and the zone. The Python
//! environment is created by `tests/reminders/python-env.sh` when missing.
//!
//! No test waits for time to pass: each stands at fixed moments (`FixedClock`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use chrono::NaiveDate;
use frontdesk_core::booking::{book, earliest, BookInput};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::databases::open_location;
use frontdesk_core::patients::{create_patient, PatientInput};
use frontdesk_core::reminders::mail::Security;
use frontdesk_core::reminders::{self, SmtpMailer, SmtpSettings};
use frontdesk_core::store::Store;
use frontdesk_core::{Actor, FixedClock};
use frontdesk_tests::demo_database;
use serde_json::Value;

const KEY: &str = "5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344";

fn with_key() {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reminders")
}

/// The Python with aiosmtpd and icalendar (installed on first use).
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let out = Command::new("bash")
            .arg(scripts().join("python-env.sh"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run python-env.sh");
        assert!(out.status.success(), "python-env.sh failed");
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
}

/// A real SMTP server on 127.0.0.1 saving what it accepts in a folder.
struct Sink {
    child: Child,
    folder: tempfile::TempDir,
    port: u16,
}

impl Sink {
    fn start() -> Sink {
        let folder = tempfile::tempdir().unwrap();
        let mut child = Command::new(python())
            .arg(scripts().join("smtp_sink.py"))
            .arg(folder.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server said {line:?}"));
        Sink {
            child,
            folder,
            port,
        }
    }

    fn mailer(&self) -> SmtpMailer {
        SmtpMailer::new(&self.settings(), None).unwrap()
    }

    fn settings(&self) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            security: Security::None,
            user: None,
        }
    }

    /// Every message received so far, as the Python parsers read it.
    fn messages(&self) -> Vec<Value> {
        let out = Command::new(python())
            .arg(scripts().join("read_mail.py"))
            .arg(self.folder.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn refuse(&self, address: &str) {
        std::fs::write(self.folder.path().join("refuse"), format!("{address}\n")).unwrap();
    }

    fn transient(&self, count: u32) {
        std::fs::write(self.folder.path().join("transient"), count.to_string()).unwrap();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.child.stdin.take() {
            let _ = stdin.write_all(b"");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn at(text: &str) -> FixedClock {
    FixedClock::parse("now", text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn patient(
    store: &Store,
    actor: &Actor,
    clock: &FixedClock,
    given: &str,
    email: &str,
    language: &str,
    consent: bool,
) -> i64 {
    let input = PatientInput {
        family_name: "Testpatient".into(),
        given_name: given.into(),
        birth_date: "1980-05-06".into(),
        phone: Some("(312) 555-7777".into()),
        email: Some(email.into()),
        language: language.into(),
        contact_channel: "email".into(),
        reminder_consent: consent,
        notes: None,
        record: Default::default(),
    };
    create_patient(store, actor, clock, &input, true)
        .await
        .unwrap()
        .id
}

/// Books the earliest follow-up from `from` (a date or RFC 3339 time).
async fn book_from(
    store: &Store,
    actor: &Actor,
    clock: &FixedClock,
    patient_id: i64,
    from: &str,
) -> (i64, String) {
    let slot = earliest(store, clock, "follow-up", Some(from), 1)
        .await
        .unwrap()
        .remove(0);
    let input = BookInput {
        patient_id,
        answers: None,
        visit_type_id: Some("follow-up".into()),
        start: slot.start.clone(),
        resource_ids: slot.resources.clone(),
        red_flag_reason: None,
        confirm_patient_overlap: false,
    };
    let booked = book(store, actor, clock, &ChangeFeed::new(), &input)
        .await
        .unwrap();
    (booked.id, slot.start)
}

fn to(messages: &[Value], address: &str) -> Vec<Value> {
    messages
        .iter()
        .filter(|m| m["to"].as_str().unwrap().contains(address))
        .cloned()
        .collect()
}

fn utc_of(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

/// Every message: a calendar invite in the practice's zone, a stable UID,
/// never the visit type, and no reminder twice (its Message-ID).
fn check_all(messages: &[Value]) {
    let mut seen = BTreeSet::new();
    for m in messages {
        assert_eq!(m["vtimezone"], "America/Chicago");
        assert_eq!(m["start"]["tzid"], "America/Chicago");
        assert!(m["uid"].as_str().unwrap().ends_with("@frontdesk"));
        assert_eq!(m["method"], m["content_method"].as_str().unwrap());
        assert!(m["from"]
            .as_str()
            .unwrap()
            .contains("reminders@riverside.example.org"));
        let text = m["text"].as_str().unwrap().to_lowercase();
        for visit_type in ["follow-up", "physical", "blood draw", "x-ray", "ecg"] {
            assert!(!text.contains(visit_type), "{visit_type} in {text}");
        }
        let id = m["message_id"].as_str().unwrap().to_owned();
        assert!(id.starts_with("<reminder-"), "{id}");
        assert!(seen.insert(id.clone()), "sent twice: {id}");
    }
}

#[tokio::test]
async fn book_move_cancel_reach_the_patient_as_one_invite_in_spanish() {
    with_key();
    let sink = Sink::start();
    let mailer = sink.mailer();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let monday = at("2026-03-02T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &monday, date("2026-03-02")).await;
    let store = open_location(&db).await.unwrap();

    let ana = patient(
        &store,
        &actor,
        &monday,
        "Ana",
        "ana.ruiz@example.com",
        "es-MX",
        true,
    )
    .await;
    let (visit, start) = book_from(&store, &actor, &monday, ana, "2026-03-04").await;
    let first = reminders::send_due(&store, &actor, &monday, &mailer)
        .await
        .unwrap();
    assert!(first.sent > 0, "the demo's patients due now: {first:?}");
    assert!(to(&sink.messages(), "ana.ruiz").is_empty(), "not due yet");

    // A day before: the reminder with the invite.
    let start_utc = chrono::DateTime::parse_from_rfc3339(&start).unwrap();
    let tuesday = FixedClock((start_utc - chrono::Duration::hours(23)).into());
    reminders::send_due(&store, &actor, &tuesday, &mailer)
        .await
        .unwrap();
    let got = to(&sink.messages(), "ana.ruiz");
    assert_eq!(got.len(), 1);
    let invite = &got[0];
    assert_eq!(invite["method"], "REQUEST");
    assert_eq!(invite["sequence"], 0);
    assert_eq!(invite["status"], "CONFIRMED");
    assert_eq!(invite["start"]["utc"], utc_of(&start));
    assert_eq!(invite["location"], "400 River Street, Springfield");
    assert!(invite["subject"]
        .as_str()
        .unwrap()
        .starts_with("Recordatorio de su cita en Riverside Family Practice (DEMO): miércoles, 4 de marzo de 2026"));
    assert!(invite["text"]
        .as_str()
        .unwrap()
        .contains("llámenos al (312) 555-0100"));
    let uid = invite["uid"].as_str().unwrap().to_owned();
    assert!(uid.starts_with(&format!("appointment-{visit}-")));

    // Moved to Thursday: the same UID, SEQUENCE 1, the new time.
    let (_, _) = (visit, ());
    let slot = earliest(&store, &tuesday, "follow-up", Some("2026-03-05"), 1)
        .await
        .unwrap()
        .remove(0);
    frontdesk_core::reschedule::move_appointment(
        &store,
        &actor,
        &tuesday,
        &ChangeFeed::new(),
        visit,
        &slot.start,
        &slot.resources,
    )
    .await
    .unwrap();
    let later = FixedClock(tuesday.0 + chrono::Duration::minutes(1));
    let outcome = reminders::send_due(&store, &actor, &later, &mailer)
        .await
        .unwrap();
    assert!(outcome.sent >= 1);
    let got = to(&sink.messages(), "ana.ruiz");
    assert_eq!(got.len(), 2);
    let update = &got[1];
    assert_eq!(update["uid"], uid.as_str());
    assert_eq!(
        (update["method"].as_str(), update["sequence"].as_i64()),
        (Some("REQUEST"), Some(1))
    );
    assert_eq!(update["start"]["utc"], utc_of(&slot.start));
    assert!(update["subject"].as_str().unwrap().starts_with(
        "Su cita en Riverside Family Practice (DEMO) ha cambiado: jueves, 5 de marzo de 2026"
    ));
    // The reminders planned for the old time are skipped as moved.
    let plan = reminders::plan_day(&store, &actor, &later, date("2026-03-05"))
        .await
        .unwrap();
    let mine: Vec<(&str, &str)> = plan
        .reminders
        .iter()
        .filter(|r| r.appointment_id == visit.to_string())
        .map(|r| (r.channel.as_str(), r.state.as_str()))
        .collect();
    assert_eq!(
        mine,
        [("email", "sent"), ("email", "sent"), ("email", "planned")],
        "the first reminder, the update, the new day-before reminder"
    );

    // Cancelled: METHOD:CANCEL, SEQUENCE above every version sent.
    let cancel_at = FixedClock(tuesday.0 + chrono::Duration::minutes(2));
    frontdesk_core::status::change_status(
        &store,
        &actor,
        &cancel_at,
        &ChangeFeed::new(),
        &frontdesk_core::status::StatusChangeInput {
            appointment_id: visit,
            status: Some(frontdesk_core::store::appointments::AppointmentStatus::Cancelled),
            flow_step: None,
        },
    )
    .await
    .unwrap();
    reminders::send_due(&store, &actor, &cancel_at, &mailer)
        .await
        .unwrap();
    let got = to(&sink.messages(), "ana.ruiz");
    assert_eq!(got.len(), 3);
    let cancel = &got[2];
    assert_eq!(cancel["uid"], uid.as_str());
    assert_eq!(
        (cancel["method"].as_str(), cancel["sequence"].as_i64()),
        (Some("CANCEL"), Some(2))
    );
    assert_eq!(cancel["status"], "CANCELLED");
    assert_eq!(cancel["start"]["utc"], utc_of(&slot.start));
    // Sending again sends nothing more to her.
    reminders::send_due(&store, &actor, &cancel_at, &mailer)
        .await
        .unwrap();
    assert_eq!(to(&sink.messages(), "ana.ruiz").len(), 3);
    let all = sink.messages();
    check_all(&all);
    // Both languages went out.
    assert!(all
        .iter()
        .any(|m| m["subject"].as_str().unwrap().starts_with("Reminder:")));
    if std::env::var_os("FRONTDESK_SHOW_EMAILS").is_some() {
        for m in got.iter().chain(
            all.iter()
                .find(|m| m["subject"].as_str().unwrap().starts_with("Reminder:")),
        ) {
            println!(
                "To: {}\nSubject: {}\n\n{}\n----",
                m["to"],
                m["subject"],
                m["text"].as_str().unwrap()
            );
        }
    }
    store.close().await;
}

#[tokio::test]
async fn a_visit_on_the_spring_forward_day_reads_right_in_the_invite() {
    with_key();
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let friday = at("2026-03-06T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &friday, date("2026-03-06")).await;
    let store = open_location(&db).await.unwrap();
    let bea = patient(
        &store,
        &actor,
        &friday,
        "Bea",
        "bea@example.org",
        "en",
        true,
    )
    .await;
    // Sunday 2026-03-08, 10:00 CDT (the clocks went forward at 02:00): the
    // practice is closed on Sundays, so the visit is written as an
    // exceptional one straight into the store.
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-08T10:00:00-05:00")
        .unwrap()
        .timestamp();
    let mut tx = store.begin_write().await.unwrap();
    let visit = frontdesk_core::store::appointments::insert_appointment(
        &mut tx,
        &frontdesk_core::store::appointments::NewAppointment {
            patient_id: bea,
            visit_type_id: "follow-up".into(),
            start_utc: start,
            end_utc: start + 20 * 60,
            status: frontdesk_core::store::appointments::AppointmentStatus::Booked,
            urgency: "routine".into(),
            explanation: String::new(),
            extras: Vec::new(),
            red_flag_override: None,
            assignments: Vec::new(),
        },
        &[],
        friday.0.timestamp(),
        "desk-1",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Saturday 11:00 CST: the 24-hour reminder (09:00 CST) is due.
    let saturday = at("2026-03-07T11:00:00-06:00");
    reminders::send_due(&store, &actor, &saturday, &sink.mailer())
        .await
        .unwrap();
    let got = to(&sink.messages(), "bea@example.org");
    assert_eq!(got.len(), 1, "{got:?}");
    let m = &got[0];
    assert!(m["uid"]
        .as_str()
        .unwrap()
        .starts_with(&format!("appointment-{visit}-")));
    assert_eq!(m["start"]["local"], "2026-03-08T10:00:00");
    assert_eq!(m["start"]["tzid"], "America/Chicago");
    // Through the message's own VTIMEZONE: CDT, UTC−5.
    assert_eq!(m["start"]["utc"], "2026-03-08T15:00:00+00:00");
    assert_eq!(m["end"]["utc"], "2026-03-08T15:20:00+00:00");
    assert_eq!(
        m["subject"],
        "Reminder: your appointment at Riverside Family Practice (DEMO) on Sunday, March 8, 2026"
    );
    assert!(m["text"]
        .as_str()
        .unwrap()
        .contains("When: Sunday, March 8, 2026 at 10:00 AM"));
    check_all(&sink.messages());
    store.close().await;
}

#[tokio::test]
async fn quiet_hours_consent_failures_retries_and_an_interrupted_send() {
    with_key();
    let sink = Sink::start();
    let mailer = sink.mailer();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let monday = at("2026-03-02T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &monday, date("2026-03-02")).await;
    let store = open_location(&db).await.unwrap();

    let bea = patient(
        &store,
        &actor,
        &monday,
        "Bea",
        "bea@example.org",
        "en",
        true,
    )
    .await;
    let carl = patient(
        &store,
        &actor,
        &monday,
        "Carl",
        "carl@example.com",
        "en",
        false,
    )
    .await;
    let dana = patient(
        &store,
        &actor,
        &monday,
        "Dana",
        "dana@example.com",
        "es",
        true,
    )
    .await;
    // Thursday visits: their 72-hour emails fall due on Monday from 08:00.
    let (bea_visit, _) = book_from(&store, &actor, &monday, bea, "2026-03-05T10:00:00-06:00").await;
    let (carl_visit, _) =
        book_from(&store, &actor, &monday, carl, "2026-03-05T10:00:00-06:00").await;
    let (dana_visit, _) =
        book_from(&store, &actor, &monday, dana, "2026-03-05T10:00:00-06:00").await;
    // Planned in the morning (before their 72-hour moment)…
    let morning = at("2026-03-02T09:05:00-06:00");
    reminders::send_due(&store, &actor, &morning, &mailer)
        .await
        .unwrap();
    let before = sink.messages().len();
    // …due by night, but 22:30 is quiet: nothing goes out.
    let night = at("2026-03-02T22:30:00-06:00");
    let quiet = reminders::send_due(&store, &actor, &night, &mailer)
        .await
        .unwrap();
    assert_eq!((quiet.sent, quiet.failed), (0, 0));
    assert_eq!(sink.messages().len(), before);

    // No consent: skipped, with the reason.
    let plan = reminders::plan_day(&store, &actor, &night, date("2026-03-05"))
        .await
        .unwrap();
    let carl_rows: Vec<_> = plan
        .reminders
        .iter()
        .filter(|r| r.appointment_id == carl_visit.to_string())
        .collect();
    assert_eq!(carl_rows.len(), 1);
    assert_eq!(
        (carl_rows[0].state.as_str(), carl_rows[0].why.as_deref()),
        ("skipped", Some("no consent"))
    );

    // Morning: the server refuses Dana's address for good, and asks to try
    // the first message again later.
    sink.refuse("dana@example.com");
    sink.transient(1);
    let eight = at("2026-03-03T08:05:00-06:00");
    let outcome = reminders::send_due(&store, &actor, &eight, &mailer)
        .await
        .unwrap();
    assert_eq!(outcome.failed, 1, "{outcome:?}");
    let after_first = sink.messages();
    assert!(to(&after_first, "dana@").is_empty());
    // Dana is on the call list, in Spanish, saying why.
    let calls = reminders::call_list(&store, &actor, &eight, date("2026-03-03"))
        .await
        .unwrap();
    let dana_call = calls
        .calls
        .iter()
        .find(|c| c.appointment_id == dana_visit)
        .expect("Dana on the call list");
    assert_eq!(dana_call.language, "es");
    assert!(dana_call.note.is_some());
    let plan = reminders::plan_day(&store, &actor, &eight, date("2026-03-05"))
        .await
        .unwrap();
    assert!(plan
        .reminders
        .iter()
        .any(|r| r.appointment_id == dana_visit.to_string()
            && r.channel == "email"
            && r.state == "failed"));
    assert!(plan
        .reminders
        .iter()
        .any(|r| r.appointment_id == dana_visit.to_string()
            && r.channel == "call"
            && r.state == "planned"));

    // The message that got 451 waits for its retry (a minute), then goes.
    let retried_before = sink.messages().len();
    let a_minute = at("2026-03-03T08:06:00-06:00");
    let retry = reminders::send_due(&store, &actor, &a_minute, &mailer)
        .await
        .unwrap();
    assert_eq!(retry.sent, 1, "{retry:?}");
    assert_eq!(sink.messages().len(), retried_before + 1);
    assert_eq!(to(&sink.messages(), "bea@example.org").len(), 1);

    // The call: confirmed → the visit's confirmation, shown on the Day grid.
    reminders::record_call(
        &store,
        &actor,
        &a_minute,
        &ChangeFeed::new(),
        dana_call.reminder_id,
        reminders::CallOutcome::Confirmed,
    )
    .await
    .unwrap();
    let calls = reminders::call_list(&store, &actor, &a_minute, date("2026-03-03"))
        .await
        .unwrap();
    let dana_call = calls
        .calls
        .iter()
        .find(|c| c.appointment_id == dana_visit)
        .unwrap();
    assert!(dana_call.confirmed);
    assert_eq!(dana_call.outcome.as_deref(), Some("confirmed"));

    // A crash between "sending" and "sent": the 24-hour email of Bea is
    // claimed, then the process dies. It is reported, never resent.
    let mut tx = store.begin_write().await.unwrap();
    let rows = frontdesk_core::store::reminders::of_appointment(&mut tx, bea_visit)
        .await
        .unwrap();
    let bea_24h = rows.iter().find(|r| r.key.ends_with(":email:24h")).unwrap();
    assert!(frontdesk_core::store::reminders::transition(
        &mut tx, bea_24h.id, "planned", "sending", None, 0, "desk-1"
    )
    .await
    .unwrap());
    tx.commit().await.unwrap();
    let wednesday = at("2026-03-04T10:30:00-06:00");
    let outcome = reminders::send_due(&store, &actor, &wednesday, &mailer)
        .await
        .unwrap();
    assert_eq!(outcome.interrupted, 1);
    assert_eq!(
        to(&sink.messages(), "bea@example.org").len(),
        1,
        "not resent"
    );
    let plan = reminders::plan_day(&store, &actor, &wednesday, date("2026-03-05"))
        .await
        .unwrap();
    let stuck = plan
        .reminders
        .iter()
        .find(|r| r.appointment_id == bea_visit.to_string() && r.state == "failed")
        .expect("the interrupted one is reported");
    assert!(stuck.why.as_deref().unwrap().contains("interrupted"));
    check_all(&sink.messages());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workstations_sending_at_once_send_each_reminder_once() {
    with_key();
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let other = Actor::new("desk-2", "Second Desk");
    let monday = at("2026-03-02T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &monday, date("2026-03-02")).await;
    let one = open_location(&db).await.unwrap();
    let two = open_location(&db).await.unwrap();
    let (mailer_one, mailer_two) = (sink.mailer(), sink.mailer());
    let (a, b) = tokio::join!(
        reminders::send_due(&one, &actor, &monday, &mailer_one),
        reminders::send_due(&two, &other, &monday, &mailer_two),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let messages = sink.messages();
    assert!(
        messages.len() > 5,
        "a demo Monday has emails due: {a:?} {b:?}"
    );
    assert_eq!((a.sent + b.sent) as usize, messages.len());
    check_all(&messages);
    // Again from both: nothing more.
    let (c, d) = tokio::join!(
        reminders::send_due(&one, &actor, &monday, &mailer_one),
        reminders::send_due(&two, &other, &monday, &mailer_two),
    );
    assert_eq!(c.unwrap().sent + d.unwrap().sent, 0);
    assert_eq!(sink.messages().len(), messages.len());
    one.close().await;
    two.close().await;
}

fn cli_json(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Nothing about a patient on stderr (the CLI logs at trace level here).
fn no_patient_data(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("@example."), "an address in the log: {text}");
    for name in frontdesk_tests::demo_patient_names() {
        assert!(!text.contains(&name), "a name in the log");
    }
}

/// The headless contract: `reminders plan` and `reminders send`, and two
/// workstations (two processes) sending at the same moment.
#[test]
fn the_command_line_plans_and_sends_as_the_contract_says() {
    use frontdesk_tests::{cli_binary, cli_db_on_backend, run_cli};
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.db");
    let file = file.to_str().unwrap();
    cli_json(&run_cli(
        &["demo", "--db", file, "--date", "2026-03-02"],
        Some(KEY),
    ));
    let db = cli_db_on_backend(file, KEY);
    let now = "2026-03-02T09:00:00-06:00";

    let out = run_cli(
        &[
            "--now",
            now,
            "reminders",
            "plan",
            "--db",
            &db,
            "--date",
            "2026-03-04",
        ],
        Some(KEY),
    );
    no_patient_data(&out.stderr);
    let plan = cli_json(&out);
    let top: BTreeSet<&str> = plan
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, BTreeSet::from(["date", "reminders"]));
    assert_eq!(plan["date"], "2026-03-04");
    let rows = plan["reminders"].as_array().unwrap();
    assert!(rows.len() > 10);
    let (mut channels, mut languages, mut states) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for row in rows {
        let keys: BTreeSet<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let required = BTreeSet::from(["appointment_id", "channel", "due", "language", "state"]);
        assert!(keys.is_superset(&required), "{row}");
        assert!(keys.difference(&required).all(|k| *k == "why"), "{row}");
        let state = row["state"].as_str().unwrap();
        assert!(["planned", "sent", "failed", "skipped"].contains(&state));
        assert_eq!(
            keys.contains("why"),
            state == "skipped" || state == "failed",
            "{row}"
        );
        assert!(chrono::DateTime::parse_from_rfc3339(row["due"].as_str().unwrap()).is_ok());
        channels.insert(row["channel"].as_str().unwrap().to_owned());
        languages.insert(row["language"].as_str().unwrap().to_owned());
        states.insert(state.to_owned());
    }
    assert!(
        channels.contains("email") && channels.contains("call"),
        "{channels:?}"
    );
    assert!(channels
        .iter()
        .all(|c| ["email", "call", "letter"].contains(&c.as_str())));
    assert_eq!(
        languages,
        BTreeSet::from(["en".to_owned(), "es".to_owned()])
    );
    assert!(states.contains("skipped"), "some patients gave no consent");

    // Bad input: a typed error naming the field, exit 2.
    let out = run_cli(
        &[
            "--now",
            now,
            "reminders",
            "plan",
            "--db",
            &db,
            "--date",
            "2026-02-30",
        ],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date"));
    let out = run_cli(
        &[
            "--now",
            now,
            "reminders",
            "send",
            "--db",
            &db,
            "--smtp-host",
            "smtp.example.org",
            "--smtp-port",
            "25",
            "--smtp-security",
            "none",
        ],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--smtp-security"));

    // Two workstations send at the same moment: each reminder goes once.
    let port = sink.port.to_string();
    let args = [
        "--now",
        now,
        "reminders",
        "send",
        "--db",
        &db,
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port,
        "--smtp-security",
        "none",
    ];
    let spawn = || {
        Command::new(cli_binary())
            .args(args)
            .env("FRONTDESK_DB_KEY", KEY)
            .env("RUST_LOG", "trace")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let outs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    let mut sent = 0;
    for out in &outs {
        no_patient_data(&out.stderr);
        let json = cli_json(out);
        let keys: BTreeSet<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, BTreeSet::from(["sent", "failed", "skipped"]));
        sent += json["sent"].as_u64().unwrap();
    }
    let messages = sink.messages();
    assert!(sent > 5, "a demo Monday has emails due");
    assert_eq!(sent as usize, messages.len());
    check_all(&messages);
    // The plan now shows them sent.
    let plan = cli_json(&run_cli(
        &[
            "--now",
            now,
            "reminders",
            "plan",
            "--db",
            &db,
            "--date",
            "2026-03-03",
        ],
        Some(KEY),
    ));
    assert!(plan["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["state"] == "sent"));
}

/// The app's background cycle: without a mail server it only plans (the
/// call list fills); once Setup names one (the practice file's
/// `reminders.smtp`), it sends through it.
#[tokio::test]
async fn the_apps_cycle_plans_and_sends_once_the_practice_names_its_mail_server() {
    with_key();
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let monday = at("2026-03-02T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &monday, date("2026-03-02")).await;
    let store = open_location(&db).await.unwrap();
    assert_eq!(
        reminders::app_cycle(&store, &actor, &monday).await.unwrap(),
        reminders::AppCycle::Planned
    );
    assert!(sink.messages().is_empty());
    let calls = reminders::call_list(&store, &actor, &monday, date("2026-03-02"))
        .await
        .unwrap();
    assert!(!calls.calls.is_empty(), "planned calls are on the list");

    // Setup → Reminders names the mail server. (The demo refuses Setup's
    // saves, so the rules are written as Setup would store them; the
    // practice file's check of `reminders.smtp` is the core's unit test.)
    use frontdesk_core::reminders::rules::{self, SmtpEntry};
    let mut tx = store.begin_write().await.unwrap();
    let mut entry = rules::stored_entry(&mut tx).await.unwrap().unwrap();
    entry.smtp = Some(SmtpEntry {
        host: "127.0.0.1".into(),
        port: sink.port,
        security: "none".into(),
        user: None,
    });
    assert!(rules::check(&entry, "reminders").is_ok());
    frontdesk_core::store::reminders::put_rules_json(
        &mut tx,
        &rules::to_json(&entry).unwrap(),
        0,
        "desk-1",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let reminders::AppCycle::Sent(outcome) =
        reminders::app_cycle(&store, &actor, &monday).await.unwrap()
    else {
        panic!("the cycle sends once a server is named");
    };
    assert!(outcome.sent > 0);
    assert_eq!(outcome.sent as usize, sink.messages().len());
    check_all(&sink.messages());
    // Plain text to another machine is refused by name.
    entry.smtp = Some(SmtpEntry {
        host: "smtp.example.org".into(),
        port: 25,
        security: "none".into(),
        user: None,
    });
    let problems = rules::check(&entry, "reminders").unwrap_err();
    assert_eq!(problems[0].0, "reminders.smtp.security");
    store.close().await;
}

/// A patient who chose letters (`card`), with or without a postal address.
async fn patient_by_post(
    store: &Store,
    actor: &Actor,
    clock: &FixedClock,
    given: &str,
    language: &str,
    address: Option<&str>,
) -> i64 {
    let input = PatientInput {
        family_name: "Postpatient".into(),
        given_name: given.into(),
        birth_date: "1950-01-02".into(),
        phone: Some("(312) 555-8888".into()),
        email: None,
        language: language.into(),
        contact_channel: "card".into(),
        reminder_consent: true,
        notes: None,
        record: frontdesk_core::patients::PatientRecordFields {
            address: address.map(str::to_owned),
            ..Default::default()
        },
    };
    create_patient(store, actor, clock, &input, true)
        .await
        .unwrap()
        .id
}

/// Patients who chose mail get a letter a week ahead: the batch of the
/// day it is due holds each one in the patient's language with their
/// address (or says it is missing); posting marks each once, and a list
/// holding anything but a letter marks nothing.
#[tokio::test]
async fn letters_for_patients_who_chose_mail_are_printed_once_in_their_language() {
    with_key();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Test Desk");
    let monday = at("2026-03-02T09:00:00-06:00");
    let db = demo_database(dir.path(), &actor, &monday, date("2026-03-02")).await;
    let store = open_location(&db).await.unwrap();
    let feed = ChangeFeed::new();
    let ruth = patient_by_post(
        &store,
        &actor,
        &monday,
        "Ruth",
        "en",
        Some("12 Elm Street, Springfield IL 62701"),
    )
    .await;
    let tomas = patient_by_post(&store, &actor, &monday, "Tomás", "es", None).await;
    // Visits on Thursday 12 March: their letters are due a week before.
    let (ruth_visit, ruth_start) =
        book_from(&store, &actor, &monday, ruth, "2026-03-12T10:00:00-05:00").await;
    let (tomas_visit, _) =
        book_from(&store, &actor, &monday, tomas, "2026-03-12T10:00:00-05:00").await;
    let thursday = at("2026-03-05T08:30:00-06:00");
    reminders::plan_day(&store, &actor, &thursday, date("2026-03-12"))
        .await
        .unwrap();

    let batch = reminders::letter_batch(&store, &actor, &thursday, date("2026-03-05"))
        .await
        .unwrap();
    assert_eq!(batch.practice_name, "Riverside Family Practice (DEMO)");
    assert!(!batch.practice_address.is_empty());
    let ours: Vec<_> = batch
        .letters
        .iter()
        .filter(|l| [ruth_visit, tomas_visit].contains(&l.appointment_id))
        .collect();
    assert_eq!(ours.len(), 2, "{:?}", batch.letters);
    let ruth_letter = ours
        .iter()
        .find(|l| l.appointment_id == ruth_visit)
        .unwrap();
    assert_eq!(
        ruth_letter.address.as_deref(),
        Some("12 Elm Street, Springfield IL 62701")
    );
    assert_eq!(ruth_letter.language, "en");
    assert_eq!(ruth_letter.visit_start, ruth_start);
    assert!(
        ruth_letter.body.contains("Thursday, March 12, 2026"),
        "{}",
        ruth_letter.body
    );
    assert!(!ruth_letter.body.contains("attach"));
    let tomas_letter = ours
        .iter()
        .find(|l| l.appointment_id == tomas_visit)
        .unwrap();
    assert_eq!(tomas_letter.address, None);
    assert_eq!(tomas_letter.language, "es");
    assert!(tomas_letter.body.contains("jueves, 12 de marzo de 2026"));
    assert!(ours.iter().all(|l| !l.posted));
    // The day before, nothing of ours is due yet.
    let before = reminders::letter_batch(&store, &actor, &thursday, date("2026-03-04"))
        .await
        .unwrap();
    assert!(before
        .letters
        .iter()
        .all(|l| ![ruth_visit, tomas_visit].contains(&l.appointment_id)));

    // A list with a call's id in it is refused, and marks nothing.
    let plan = reminders::plan_day(&store, &actor, &thursday, date("2026-03-12"))
        .await
        .unwrap();
    assert!(plan.reminders.iter().any(|r| r.channel == "letter"));
    let error = reminders::mark_letters_posted(
        &store,
        &actor,
        &thursday,
        &feed,
        &[ruth_letter.reminder_id, i64::MAX],
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, frontdesk_core::CoreError::Invalid { .. }),
        "{error:?}"
    );
    let again = reminders::letter_batch(&store, &actor, &thursday, date("2026-03-05"))
        .await
        .unwrap();
    assert!(again.letters.iter().all(|l| !l.posted));

    // Posted: each once, however often the button is pressed.
    let ids = [ruth_letter.reminder_id, tomas_letter.reminder_id];
    let marked = reminders::mark_letters_posted(&store, &actor, &thursday, &feed, &ids)
        .await
        .unwrap();
    assert_eq!(marked, 2);
    let marked = reminders::mark_letters_posted(&store, &actor, &thursday, &feed, &ids)
        .await
        .unwrap();
    assert_eq!(marked, 0);
    let posted = reminders::letter_batch(&store, &actor, &thursday, date("2026-03-05"))
        .await
        .unwrap();
    assert!(posted
        .letters
        .iter()
        .filter(|l| ids.contains(&l.reminder_id))
        .all(|l| l.posted));
    // The next day's batch does not print them again.
    let friday = reminders::letter_batch(&store, &actor, &thursday, date("2026-03-06"))
        .await
        .unwrap();
    assert!(friday.letters.iter().all(|l| !ids.contains(&l.reminder_id)));
    let log = reminders::delivery_log(&store, &actor, &thursday, date("2026-03-12"))
        .await
        .unwrap();
    let ruth_log = log
        .entries
        .iter()
        .find(|e| e.reminder_id == ruth_letter.reminder_id)
        .unwrap();
    assert_eq!(
        (ruth_log.state.as_str(), ruth_log.why.as_deref()),
        ("sent", Some("printed and posted"))
    );
    store.close().await;
}
