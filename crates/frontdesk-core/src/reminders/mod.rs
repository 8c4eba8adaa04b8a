//! Patient reminders and confirmations: the planner that fills the queue,
//! the send cycle that empties it, the call list and the confirmation status.
//!
//! - **Plan** ([`plan_pass`]): for every visit in the window (and every
//!   visit that already has reminders), the engine's
//!   `reminders::plan_visit` says which reminders it wants; each is stored
//!   once by its key; planned ones no longer wanted are skipped with the
//!   reason (moved, cancelled, consent withdrawn, the visit started).
//! - **Send** ([`send_due`]): in one write transaction under the clinic's
//!   `reminders` lease, plan, then mark every due email `sending`; commit;
//!   send each through the [`mail::Mailer`]; record `sent`, a retry with
//!   backoff (transient), or `failed` with a call put on the call list
//!   (permanent), each in its own audited write. A reminder never leaves
//!   `planned` twice, so two workstations never send one twice; one left
//!   `sending` by a crash is reported, never sent again by itself.
//! - **Calls** ([`call_list`], [`record_call`]) and **confirmation**
//!   ([`set_confirmed`]) are what the reception works by hand.
//!
//! Every send and every outcome is audited to the acting staff member;
//! logs carry counts and ids only.

pub mod calls;
pub mod letters;
pub mod mail;
pub mod rules;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use frontdesk_engine::codes::{AppointmentStatus, ContactChannel};
use frontdesk_engine::reminders::text::Facts;
use frontdesk_engine::reminders::{
    ical, plan_visit, retry_after, Channel, Kind, Language, PatientFacts, QueueFacts,
    ReminderRules, SkipReason, VisitFacts,
};
use frontdesk_engine::{Instant, PracticeZone};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::reminders::{NewReminder, ReminderRow, VisitRow};
use frontdesk_store::{Db, Store};
use serde::Serialize;

use crate::audited::AuditedWrite;
use crate::schedule_model::practice_and_zone;
use crate::{Actor, Clock, CoreError};

pub use calls::{
    call_list, delivery_log, record_call, set_confirmed, CallEntry, CallList, CallOutcome,
    DeliveryEntry, DeliveryLog,
};
pub use letters::{letter_batch, mark_letters_posted, Letter, LetterBatch};
pub use mail::{Mailer, OutgoingEmail, SendFailure, SmtpMailer, SmtpSettings};

/// The clinic-wide lease of the reminder queue: one workstation plans and
/// sends at a time.
pub const REMINDERS_LEASE: &str = "reminders";

/// The database-meta key of the id that makes invite UIDs unique.
const CALENDAR_ID_KEY: &str = "calendar_id";

/// One reminder in `reminders plan`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PlannedReminder {
    pub appointment_id: String,
    /// `email`, `call` or `letter`.
    pub channel: String,
    /// RFC 3339 with the practice's offset.
    pub due: String,
    /// `en` or `es`.
    pub language: String,
    /// `planned`, `sent`, `failed` or `skipped`.
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub why: Option<String>,
}

/// `reminders plan`'s answer: the reminders of the visits starting on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DayPlan {
    pub date: String,
    pub reminders: Vec<PlannedReminder>,
}

/// What one send cycle did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SendOutcome {
    pub sent: u32,
    pub failed: u32,
    pub skipped: u32,
    /// Left `sending` by an earlier run that stopped: a person must check.
    #[serde(skip)]
    pub interrupted: u32,
    /// Another workstation held the lease: nothing was done.
    #[serde(skip)]
    pub busy: bool,
}

/// The practice facts every message needs.
struct Practice {
    name: String,
    zone: PracticeZone,
    address: String,
    phone: String,
}

/// Reads the practice's facts (no write: letters read them too).
async fn practice(conn: &mut Db) -> Result<Practice, CoreError> {
    let (practice, zone) = practice_and_zone(conn).await?;
    let details = frontdesk_store::practice::get_practice_details(conn).await?;
    Ok(Practice {
        name: practice.name,
        zone,
        address: details.address.unwrap_or_default(),
        phone: details.phone.unwrap_or_default(),
    })
}

/// The id that makes this database's invite UIDs unique, made on first use.
async fn calendar_id(tx: &mut Db) -> Result<String, CoreError> {
    Ok(
        match frontdesk_store::meta::get(tx, CALENDAR_ID_KEY).await? {
            Some(id) => id,
            None => {
                let id = frontdesk_store::DatabaseId::generate()?.to_hex();
                frontdesk_store::meta::set(tx, CALENDAR_ID_KEY, &id).await?;
                id
            }
        },
    )
}

fn visit_facts(visit: &VisitRow) -> VisitFacts {
    let status = AppointmentStatus::parse(&visit.status);
    VisitFacts {
        appointment_id: visit.appointment_id,
        start: Instant::from_utc_seconds(visit.start_utc),
        cancelled: status.is_none_or(|s| !s.holds_time()),
        visit_type_id: visit.visit_type_id.clone(),
        revision: visit.revision,
        patient: PatientFacts {
            consent: visit.reminder_consent,
            channel: ContactChannel::parse(&visit.contact_channel).unwrap_or(ContactChannel::Phone),
            has_email: visit.email.as_deref().is_some_and(|e| !e.trim().is_empty()),
            has_phone: visit.phone.as_deref().is_some_and(|p| !p.trim().is_empty()),
            language: Some(visit.language.clone()),
        },
    }
}

fn queue_facts(rows: &[ReminderRow]) -> QueueFacts {
    QueueFacts {
        emailed_revisions: rows
            .iter()
            .filter(|r| r.channel == "email" && r.state == "sent" && r.kind != "cancel")
            .map(|r| r.revision)
            .collect(),
        cancel_planned: rows.iter().any(|r| r.kind == "cancel"),
    }
}

/// Plans the reminders of every visit starting from a day ago until the
/// longest lead time ahead (and of `also`, a local date's visits), inside
/// the caller's write transaction; returns how many reminders were skipped
/// by this pass.
pub async fn plan_pass(
    tx: &mut Db,
    rules: &ReminderRules,
    zone: PracticeZone,
    now: i64,
    staff_id: &str,
    also: Option<NaiveDate>,
) -> Result<u32, CoreError> {
    let ahead = i64::from(rules.longest_lead_hours()) * 3600 + 2 * 86_400;
    let mut visits =
        frontdesk_store::reminders::visits_to_plan(tx, now - 86_400, now + ahead).await?;
    if let Some(date) = also {
        let (from, until) = zone.day_bounds(date);
        let seen: BTreeSet<i64> = visits.iter().map(|v| v.appointment_id).collect();
        for visit in
            frontdesk_store::reminders::visits_to_plan(tx, from.utc_seconds(), until.utc_seconds())
                .await?
        {
            if !seen.contains(&visit.appointment_id) && visit.start_utc < until.utc_seconds() {
                visits.push(visit);
            }
        }
    }
    let now_instant = Instant::from_utc_seconds(now);
    let mut skipped = 0;
    for visit in &visits {
        let facts = visit_facts(visit);
        let existing = frontdesk_store::reminders::of_appointment(tx, visit.appointment_id).await?;
        let wanted = plan_visit(rules, zone, &facts, &queue_facts(&existing), now_instant);
        let mut keys = BTreeSet::new();
        for w in &wanted {
            keys.insert(w.key.clone());
            let new = NewReminder {
                key: w.key.clone(),
                appointment_id: visit.appointment_id,
                revision: visit.revision,
                kind: w.kind.as_str().to_owned(),
                channel: w.channel.as_str().to_owned(),
                language: w.language.as_str().to_owned(),
                due_utc: w.due.utc_seconds(),
                state: if w.skip.is_some() {
                    "skipped"
                } else {
                    "planned"
                }
                .to_owned(),
                why: w.skip.map(|s| s.as_str().to_owned()),
            };
            if frontdesk_store::reminders::insert_once(tx, &new, now, staff_id).await?
                && w.skip.is_some()
            {
                skipped += 1;
            }
        }
        // Planned ones the rules no longer want.
        let wanted_skip = wanted.iter().find_map(|w| w.skip);
        for row in existing.iter().filter(|r| r.state == "planned") {
            if keys.contains(&row.key) {
                continue;
            }
            let fallback_call = row.key.ends_with(":fallback");
            let why = if facts.cancelled && row.kind != "cancel" {
                Some(SkipReason::Cancelled)
            } else if row.revision < visit.revision && row.kind != "cancel" {
                Some(SkipReason::Moved)
            } else if facts.start <= now_instant && row.kind != "cancel" {
                Some(SkipReason::TooLate)
            } else if fallback_call || row.kind == "cancel" {
                None
            } else {
                // Consent withdrawn, the visit type excluded; a reminder
                // merely past its moment stays due.
                wanted_skip
            };
            if let Some(why) = why {
                if frontdesk_store::reminders::transition(
                    tx,
                    row.id,
                    "planned",
                    "skipped",
                    Some(why.as_str()),
                    now,
                    staff_id,
                )
                .await?
                {
                    skipped += 1;
                }
            }
        }
    }
    Ok(skipped)
}

/// Plans (under the lease, when free) and lists the reminders of the
/// visits starting on local `date`. Audited as a read of that day.
pub async fn plan_day(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<DayPlan, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let rules = rules::load(&mut tx).await?;
    let practice = practice(&mut tx).await?;
    if frontdesk_store::leases::try_take(&mut tx, REMINDERS_LEASE).await? {
        plan_pass(
            &mut tx,
            &rules,
            practice.zone,
            now,
            &actor.staff_id,
            Some(date),
        )
        .await?;
    }
    let (from, until) = practice.zone.day_bounds(date);
    let rows = frontdesk_store::reminders::of_visits_starting(
        &mut tx,
        from.utc_seconds(),
        until.utc_seconds(),
    )
    .await?;
    tx.audit(AuditAction::Read, AuditSubject::Day, date);
    tx.commit_unshown().await?;
    let format = |at: i64| practice.zone.format_rfc3339(Instant::from_utc_seconds(at));
    Ok(DayPlan {
        date: date.to_string(),
        reminders: rows
            .iter()
            .map(|r| {
                let (state, why) = match r.state.as_str() {
                    // Stopped between sending and recording: for a person.
                    "sending" => (
                        "failed".to_owned(),
                        Some("interrupted while sending: check whether it went out".to_owned()),
                    ),
                    other => (other.to_owned(), r.why.clone()),
                };
                PlannedReminder {
                    appointment_id: r.appointment_id.to_string(),
                    channel: r.channel.clone(),
                    due: format(r.due_utc),
                    language: r.language.clone(),
                    why: match state.as_str() {
                        "skipped" | "failed" => why,
                        _ => None,
                    },
                    state,
                }
            })
            .collect(),
    })
}

/// One claimed email, ready to go.
struct Claimed {
    reminder: ReminderRow,
    visit: VisitRow,
    email: OutgoingEmail,
}

/// What a message to the patient of `visit` says: the practice, the
/// visit's local start, the place, the provider (unless hidden), the phone.
fn message_facts(practice: &Practice, rules: &ReminderRules, visit: &VisitRow) -> Facts {
    Facts {
        practice: practice.name.clone(),
        start: practice
            .zone
            .local_of(Instant::from_utc_seconds(visit.start_utc)),
        place: practice.address.clone(),
        provider: if rules.show_provider {
            visit.provider_name.clone().unwrap_or_default()
        } else {
            String::new()
        },
        phone: practice.phone.clone(),
    }
}

/// Builds the email of reminder `row` for `visit`.
fn build_email(
    practice: &Practice,
    calendar_id: &str,
    rules: &ReminderRules,
    row: &ReminderRow,
    visit: &VisitRow,
    now: i64,
) -> Option<OutgoingEmail> {
    let from = rules.email_from.clone()?;
    let to = visit.email.clone().filter(|e| !e.trim().is_empty())?;
    let kind = Kind::parse(&row.kind).unwrap_or(Kind::Reminder);
    let language = Language::parse(&row.language).unwrap_or(rules.language);
    let zone = practice.zone;
    let start = Instant::from_utc_seconds(visit.start_utc);
    let message = rules.message(kind, language, &message_facts(practice, rules, visit));
    let mailbox: lettre::message::Mailbox = from.parse().ok()?;
    let cancel = kind == Kind::Cancel;
    let invite = ical::Invite {
        uid: ical::uid(visit.appointment_id, calendar_id),
        // A cancellation outranks every version the patient has.
        sequence: visit.revision + u32::from(cancel),
        cancel,
        start,
        end: Instant::from_utc_seconds(visit.end_utc),
        summary: match language {
            Language::En => format!("Appointment at {}", practice.name),
            Language::Es => format!("Cita en {}", practice.name),
        },
        location: practice.address.clone(),
        organizer_name: mailbox
            .name
            .clone()
            .unwrap_or_else(|| practice.name.clone()),
        organizer_email: mailbox.email.to_string(),
        attendee_email: to.clone(),
        stamp: Instant::from_utc_seconds(now),
    };
    Some(OutgoingEmail {
        from,
        to,
        subject: message.subject,
        body: message.body,
        calendar: ical::calendar(zone, &invite),
        method: if cancel { "CANCEL" } else { "REQUEST" },
        date_utc: now,
        message_id: format!("<reminder-{}-{}@frontdesk>", row.id, calendar_id),
    })
}

/// Puts a patient whose email failed for good on the call list, due now.
async fn fallback_call(
    tx: &mut Db,
    row: &ReminderRow,
    visit: &VisitRow,
    now: i64,
    staff_id: &str,
) -> Result<(), CoreError> {
    if row.kind == "cancel" || visit.start_utc <= now {
        return Ok(());
    }
    let call = NewReminder {
        key: format!("{}:r{}:call:fallback", visit.appointment_id, visit.revision),
        appointment_id: visit.appointment_id,
        revision: visit.revision,
        kind: Kind::Reminder.as_str().to_owned(),
        channel: Channel::Call.as_str().to_owned(),
        language: row.language.clone(),
        due_utc: now,
        state: "planned".to_owned(),
        why: None,
    };
    frontdesk_store::reminders::insert_once(tx, &call, now, staff_id).await?;
    Ok(())
}

/// Sends every email due now (see the module docs); a workstation whose
/// neighbour holds the lease does nothing (`busy`).
pub async fn send_due<M: Mailer>(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    mailer: &M,
) -> Result<SendOutcome, CoreError> {
    let mut outcome = SendOutcome::default();
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    if !frontdesk_store::leases::try_take(&mut tx, REMINDERS_LEASE).await? {
        outcome.busy = true;
        return Ok(outcome);
    }
    let rules = rules::load(&mut tx).await?;
    let practice = practice(&mut tx).await?;
    let calendar_id = calendar_id(&mut tx).await?;
    outcome.skipped +=
        plan_pass(&mut tx, &rules, practice.zone, now, &actor.staff_id, None).await?;
    outcome.interrupted = frontdesk_store::reminders::interrupted(&mut tx)
        .await?
        .len() as u32;
    let quiet = rules.is_quiet_minute(practice.zone.minute_of_day(Instant::from_utc_seconds(now)));
    let mut claimed = Vec::new();
    if !quiet {
        for row in frontdesk_store::reminders::due(&mut tx, Channel::Email.as_str(), now).await? {
            let visit = frontdesk_store::reminders::visit(&mut tx, row.appointment_id).await?;
            if row.kind != "cancel" && visit.start_utc <= now {
                if frontdesk_store::reminders::transition(
                    &mut tx,
                    row.id,
                    "planned",
                    "skipped",
                    Some(SkipReason::TooLate.as_str()),
                    now,
                    &actor.staff_id,
                )
                .await?
                {
                    outcome.skipped += 1;
                }
                continue;
            }
            let Some(email) = build_email(&practice, &calendar_id, &rules, &row, &visit, now)
            else {
                let why = if rules.email_from.is_none() {
                    "no sender address in the reminder rules"
                } else {
                    "no valid email address"
                };
                if frontdesk_store::reminders::transition(
                    &mut tx,
                    row.id,
                    "planned",
                    "failed",
                    Some(why),
                    now,
                    &actor.staff_id,
                )
                .await?
                {
                    outcome.failed += 1;
                    fallback_call(&mut tx, &row, &visit, now, &actor.staff_id).await?;
                }
                continue;
            };
            // Recorded before it leaves: a crash after this is reported, not resent.
            if frontdesk_store::reminders::transition(
                &mut tx,
                row.id,
                "planned",
                "sending",
                None,
                now,
                &actor.staff_id,
            )
            .await?
            {
                claimed.push(Claimed {
                    reminder: row,
                    visit,
                    email,
                });
            }
        }
    }
    tx.commit_unshown().await?;

    for item in claimed {
        let result = mailer.send(&item.email).await;
        let mut tx = AuditedWrite::begin(store, actor, clock).await?;
        let at = tx.now();
        let (id, staff) = (item.reminder.id, actor.staff_id.clone());
        match result {
            Ok(()) => {
                frontdesk_store::reminders::transition(
                    &mut tx, id, "sending", "sent", None, at, &staff,
                )
                .await?;
                outcome.sent += 1;
            }
            Err(SendFailure::Transient(why)) => match retry_after(item.reminder.attempts + 1) {
                Some(wait) => {
                    frontdesk_store::reminders::retry_later(
                        &mut tx,
                        id,
                        &why,
                        at + wait.num_seconds(),
                        at,
                        &staff,
                    )
                    .await?;
                }
                None => {
                    let why = format!("gave up after {} tries: {why}", item.reminder.attempts + 1);
                    frontdesk_store::reminders::transition(
                        &mut tx,
                        id,
                        "sending",
                        "failed",
                        Some(&why),
                        at,
                        &staff,
                    )
                    .await?;
                    fallback_call(&mut tx, &item.reminder, &item.visit, at, &staff).await?;
                    outcome.failed += 1;
                }
            },
            Err(SendFailure::Permanent(why)) => {
                frontdesk_store::reminders::transition(
                    &mut tx,
                    id,
                    "sending",
                    "failed",
                    Some(&why),
                    at,
                    &staff,
                )
                .await?;
                fallback_call(&mut tx, &item.reminder, &item.visit, at, &staff).await?;
                outcome.failed += 1;
            }
        }
        tx.audit(AuditAction::Remind, AuditSubject::Reminder, id);
        tx.commit_unshown().await?;
    }
    if outcome.sent + outcome.failed + outcome.skipped + outcome.interrupted > 0 {
        tracing::info!(
            sent = outcome.sent,
            failed = outcome.failed,
            skipped = outcome.skipped,
            interrupted = outcome.interrupted,
            "reminder cycle"
        );
    }
    Ok(outcome)
}

/// What the app's background cycle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppCycle {
    /// The practice has no mail server set: reminders were planned only
    /// (the call list and letters fill all the same).
    Planned,
    /// Emails due were sent through the practice's mail server.
    Sent(SendOutcome),
}

/// The desktop app's background cycle: plan, and when the practice set its
/// mail server (Setup → Reminders), send what is due — the password from
/// this workstation's keyring or `FRONTDESK_SMTP_PASSWORD`.
pub async fn app_cycle(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<AppCycle, CoreError> {
    let mut conn = store.acquire().await?;
    let entry = rules::stored_entry(&mut conn).await?;
    drop(conn);
    let smtp = entry.as_ref().and_then(|e| e.smtp.clone());
    match smtp {
        Some(smtp) => {
            let settings = smtp
                .settings("reminders.smtp")
                .map_err(|(field, message)| CoreError::invalid(field, message))?;
            let password = mail::smtp_password(&settings)?;
            let mailer = SmtpMailer::new(&settings, password)?;
            Ok(AppCycle::Sent(
                send_due(store, actor, clock, &mailer).await?,
            ))
        }
        None => {
            let mut tx = AuditedWrite::begin(store, actor, clock).await?;
            let now = tx.now();
            if frontdesk_store::leases::try_take(&mut tx, REMINDERS_LEASE).await? {
                let rules = rules::load(&mut tx).await?;
                let practice = practice(&mut tx).await?;
                plan_pass(&mut tx, &rules, practice.zone, now, &actor.staff_id, None).await?;
            }
            tx.commit_unshown().await?;
            Ok(AppCycle::Planned)
        }
    }
}

/// Keeps the SMTP password of the practice's mail server (as Setup →
/// Reminders names it) in this workstation's keyring, never in a file.
pub async fn remember_smtp_password(store: &Store, password: &str) -> Result<(), CoreError> {
    let mut conn = store.acquire().await?;
    let entry = rules::stored_entry(&mut conn).await?;
    drop(conn);
    let smtp = entry.and_then(|e| e.smtp).ok_or_else(|| {
        CoreError::invalid("smtp", "save the mail server in Setup → Reminders first")
    })?;
    let settings = smtp
        .settings("reminders.smtp")
        .map_err(|(field, message)| CoreError::invalid(field, message))?;
    mail::remember_smtp_password(&settings, password)
}
