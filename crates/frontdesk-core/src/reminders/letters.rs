//! Reminder letters: the batch for patients who chose mail, one letter per
//! page in the patient's language with their postal address, and marking
//! a printed batch as posted so no letter goes out twice.
//!
//! The planner puts letters in the queue like any reminder (channel
//! `letter`, due a rule's lead time before the visit); nothing here plans.

use chrono::NaiveDate;
use frontdesk_engine::reminders::text::Wording;
use frontdesk_engine::reminders::{Channel, Language};
use frontdesk_engine::Instant;
use frontdesk_store::audit::{AuditAction, AuditSubject};
use serde::Serialize;

use super::{message_facts, practice, rules};
use crate::audited::{audited_read, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::{Actor, Clock, CoreError};

/// What a posted letter's queue row says.
const POSTED: &str = "printed and posted";

/// How many days back a letter not yet posted still counts.
const OPEN_DAYS: i64 = 7;

/// One letter: the envelope's address and the page's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Letter {
    #[ts(type = "number")]
    pub reminder_id: i64,
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub patient_name: String,
    /// The patient's postal address; none when the record lacks one.
    pub address: Option<String>,
    /// `en` or `es`.
    pub language: String,
    /// The visit's start, RFC 3339 with the practice's offset.
    pub visit_start: String,
    /// The letter's heading.
    pub heading: String,
    pub body: String,
    /// Whether it was already marked posted.
    pub posted: bool,
}

/// The letters due on a day (and earlier ones not yet posted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct LetterBatch {
    pub date: String,
    /// The sender block: the practice's name, address and phone.
    pub practice_name: String,
    pub practice_address: String,
    pub practice_phone: String,
    pub letters: Vec<Letter>,
}

/// The letter batch of local `date` (audited as a read of that day).
pub async fn letter_batch(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<LetterBatch, CoreError> {
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let rules = rules::load(conn).await?;
            let practice = practice(conn).await?;
            let (from, until) = practice.zone.day_bounds(date);
            let rows = frontdesk_store::reminders::planned_between(
                conn,
                Channel::Letter.as_str(),
                from.utc_seconds() - OPEN_DAYS * 86_400,
                until.utc_seconds(),
            )
            .await?;
            let mut letters = Vec::new();
            for row in rows {
                let on_day = row.due_utc >= from.utc_seconds();
                let posted = row.state == "sent";
                if !(row.state == "planned" || on_day && posted) {
                    continue;
                }
                let visit = frontdesk_store::reminders::visit(conn, row.appointment_id).await?;
                let language = Language::parse(&row.language).unwrap_or(rules.language);
                let message = rules.message(
                    Wording::Letter,
                    language,
                    &message_facts(&practice, &rules, &visit),
                );
                letters.push(Letter {
                    reminder_id: row.id,
                    appointment_id: row.appointment_id,
                    patient_name: format!("{} {}", visit.given_name, visit.family_name),
                    address: visit.address.filter(|a| !a.trim().is_empty()),
                    language: language.as_str().to_owned(),
                    visit_start: practice
                        .zone
                        .format_rfc3339(Instant::from_utc_seconds(visit.start_utc)),
                    heading: message.subject,
                    body: message.body,
                    posted,
                });
            }
            Ok(LetterBatch {
                date: date.to_string(),
                practice_name: practice.name,
                practice_address: practice.address,
                practice_phone: practice.phone,
                letters,
            })
        },
    )
    .await
}

/// Marks printed letters as posted (each only once, whichever workstation
/// does it first); returns how many this call marked. An id that is not a
/// letter waiting to be posted is refused and nothing is marked.
pub async fn mark_letters_posted(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    reminder_ids: &[i64],
) -> Result<u32, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let zone = practice(&mut tx).await?.zone;
    let staff = actor.staff_id.clone();
    let mut marked = 0;
    for &id in reminder_ids {
        let row_appointment = match frontdesk_store::reminders::by_id(&mut tx, id).await? {
            Some(row) if row.channel == Channel::Letter.as_str() => row.appointment_id,
            _ => {
                return Err(CoreError::invalid(
                    "reminder_ids",
                    format!("{id} is not a reminder letter"),
                ))
            }
        };
        if frontdesk_store::reminders::transition(
            &mut tx,
            id,
            "planned",
            "sent",
            Some(POSTED),
            now,
            &staff,
        )
        .await?
        {
            marked += 1;
            tx.audit(AuditAction::Remind, AuditSubject::Reminder, id);
            let visit = frontdesk_store::reminders::visit(&mut tx, row_appointment).await?;
            tx.changed_date(zone.date_of(Instant::from_utc_seconds(visit.start_utc)));
        }
    }
    tx.commit(feed).await?;
    Ok(marked)
}
