//! The waitlist: patients who want sooner time than was free when they
//! called. An entry keeps the visit (the intake answers or a visit type),
//! the acceptable providers, preferred weekdays and time of day, the
//! urgency and the last date it stands for.
//!
//! When time is freed (today: a cancellation; [`freed_on`] lists a date's
//! cancelled visits still to come) or on demand ([`fits`]), the entries
//! that fit are ranked by the engine (`frontdesk_engine::waitlist`: the one
//! placement check with the freed resources, then urgency, preferences,
//! time waited). [`offer`] records who was called and the outcome;
//! [`book_entry`] books through the booking path ([`crate::booking`]'s
//! `book_in`) and takes the entry off the list in the same transaction, so
//! of two receptionists booking the same freed slot one wins and the other
//! gets `SlotTaken` (and fresh options).

use chrono::{NaiveDate, Weekday};
use frontdesk_engine::intake::VisitNeed;
use frontdesk_engine::waitlist::{
    self as rules, FitWindow, FreedSlot, WaitUrgency, WaitingEntry, WaitlistFit,
};
use frontdesk_engine::{Instant, Schedule, VisitType, VisitTypeIndex};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::waitlist::{EntryRow, NewEntry, NewOffer};
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, AuditedWrite};
use crate::booking::{self, AnswersInput, BookInput, BookedView};
use crate::changes::ChangeFeed;
use crate::schedule_model::{busy_around, Placing, PracticeModel};
use crate::{local_time, Actor, Clock, CoreError};

/// The longest note kept with an entry or an offer.
const MAX_NOTE_CHARS: usize = 500;

/// A patient to put on the waitlist (the Book page or the CLI).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct WaitlistInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// The intake answers (the app); or leave out and give `visit_type_id`.
    #[serde(default)]
    #[ts(optional)]
    pub answers: Option<AnswersInput>,
    #[serde(default)]
    #[ts(optional)]
    pub visit_type_id: Option<String>,
    /// Acceptable providers' ids; any when empty.
    #[serde(default)]
    pub providers: Vec<String>,
    /// Preferred weekdays (`mon` … `sun`); any when empty.
    #[serde(default)]
    pub weekdays: Vec<String>,
    /// `morning`, `afternoon` or `evening`.
    #[serde(default)]
    #[ts(optional)]
    pub time_of_day: Option<String>,
    /// `routine` (the default), `soon` or `urgent`.
    #[serde(default)]
    #[ts(optional)]
    pub urgency: Option<String>,
    /// The last date (YYYY-MM-DD) the entry stands for.
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// An entry made.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaitlistAdded {
    #[ts(type = "number")]
    pub id: i64,
}

/// A freed slot: its start (RFC 3339) and the resources it frees, in the
/// order of the visit that held them.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FreedSlotInput {
    pub start: String,
    pub resource_ids: Vec<String>,
}

/// A waiting patient who fits a freed slot.
#[derive(Clone, Serialize, TS)]
pub struct WaitlistFitView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    pub urgency: String,
    /// The visit in words ("20 min: follow-up").
    pub explanation: String,
    pub waited_days: u32,
    /// Higher comes first (urgency, then preferences met, then time waited).
    #[ts(type = "number")]
    pub score: u64,
    /// The resources that would serve the visit, in need order.
    pub resource_ids: Vec<String>,
    /// Offers of this slot already made to this patient, oldest first.
    pub offers: Vec<String>,
}

crate::redact::redacted_debug!(WaitlistFitView);

/// The waiting patients who fit a slot, best first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaitlistFitsView {
    pub entries: Vec<WaitlistFitView>,
}

/// Time a cancellation freed on a date, and how many waiting patients fit it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FreedSlotView {
    /// The cancelled visit.
    #[ts(type = "number")]
    pub appointment_id: i64,
    /// RFC 3339.
    pub start: String,
    /// HH:MM on the practice's clock.
    pub time: String,
    pub resource_ids: Vec<String>,
    pub resource_names: Vec<String>,
    pub fits: u32,
}

/// An offer made by phone and what the patient said.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct OfferInput {
    #[ts(type = "number")]
    pub entry_id: i64,
    pub start: String,
    pub resource_ids: Vec<String>,
    /// `accepted`, `declined`, `no-answer` or `left-message`.
    pub outcome: String,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// Booking a waiting patient into a freed slot.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct BookEntryInput {
    #[ts(type = "number")]
    pub entry_id: i64,
    pub start: String,
    pub resource_ids: Vec<String>,
    #[serde(default)]
    pub confirm_patient_overlap: bool,
}

const OUTCOMES: [&str; 4] = ["accepted", "declined", "no-answer", "left-message"];

fn weekday_word(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn note_of(note: Option<&str>) -> Result<Option<String>, CoreError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(CoreError::invalid(
            "note",
            format!("is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(note.map(str::to_owned))
}

/// Puts a patient on the waitlist. Every field is checked before anything
/// is written; a refusal names the field.
pub async fn add(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &WaitlistInput,
) -> Result<WaitlistAdded, CoreError> {
    let urgency = match input.urgency.as_deref().map(str::trim) {
        None | Some("") => WaitUrgency::Routine,
        Some(text) => WaitUrgency::parse(text)
            .ok_or_else(|| CoreError::invalid("urgency", "must be routine, soon or urgent"))?,
    };
    let time_of_day = match input.time_of_day.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(rules::parse_time_of_day(text).ok_or_else(|| {
            CoreError::invalid("time_of_day", "must be morning, afternoon or evening")
        })?),
    };
    let mut weekdays = Vec::new();
    for (index, text) in input.weekdays.iter().enumerate() {
        let day = booking::parse_weekday(index, text.trim())?;
        if !weekdays.contains(&day) {
            weekdays.push(day);
        }
    }
    let note = note_of(input.note.as_deref())?;
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    drop(conn);
    let today = model.zone.date_of(clock.now().into());
    let until = input
        .until
        .as_deref()
        .map(|text| local_time::parse_date("until", text))
        .transpose()?;
    if until.is_some_and(|until| until < today) {
        return Err(CoreError::invalid("until", "is in the past"));
    }
    for provider in &input.providers {
        if !model
            .resources
            .iter()
            .any(|r| r.active && &r.id == provider)
        {
            return Err(CoreError::invalid(
                "providers",
                format!("no active resource \"{provider}\""),
            ));
        }
    }
    let what = booking::what_is_booked(
        &model,
        input.answers.as_ref(),
        input.visit_type_id.as_deref(),
    )?;
    if !what.red_flags.is_empty() {
        return Err(CoreError::invalid(
            "answers",
            "the answers include red flags: give the emergency advice or book now, not the waitlist",
        ));
    }
    let answers_json = input
        .answers
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| CoreError::internal("intake answers", e))?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    frontdesk_store::appointments::booking_patient(&mut tx, input.patient_id)
        .await?
        .ok_or(CoreError::NotFound {
            what: "patient",
            id: input.patient_id.to_string(),
        })?;
    let created_at = tx.now();
    let id = frontdesk_store::waitlist::insert_entry(
        &mut tx,
        &NewEntry {
            patient_id: input.patient_id,
            visit_type_id: what.visit_type_id,
            answers_json,
            explanation: what.explanation,
            providers: input.providers.join(","),
            weekdays: weekdays
                .iter()
                .map(|d| weekday_word(*d))
                .collect::<Vec<_>>()
                .join(","),
            time_of_day: time_of_day.map(|t| rules::time_of_day_word(t).to_owned()),
            urgency: urgency.as_str().to_owned(),
            until_date: until.map(|d| d.to_string()),
            note,
            created_at,
            created_by: actor.staff_id.clone(),
        },
    )
    .await?;
    tx.audit(AuditAction::Create, AuditSubject::WaitlistEntry, id);
    tx.commit(feed).await?;
    Ok(WaitlistAdded { id })
}

/// A stored entry as the engine sees it, with the visit it books.
fn engine_entry(row: &EntryRow, visit_type: VisitTypeIndex) -> Result<WaitingEntry, CoreError> {
    let split = |text: &str| -> Vec<String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(WaitingEntry {
        visit_type,
        providers: split(&row.providers),
        weekdays: split(&row.weekdays)
            .iter()
            .filter_map(|d| booking::parse_weekday(0, d).ok())
            .collect(),
        time_of_day: row
            .time_of_day
            .as_deref()
            .and_then(rules::parse_time_of_day),
        urgency: WaitUrgency::parse(&row.urgency).unwrap_or_default(),
        until: row
            .until_date
            .as_deref()
            .map(|d| local_time::parse_date("waitlist_entries.until_date", d))
            .transpose()?,
        since: Instant::from_utc_seconds(row.created_at),
    })
}

/// The visit an entry books: its intake answers' estimate, or its visit type.
fn visit_of(model: &PracticeModel, row: &EntryRow) -> Option<(u32, Vec<VisitNeed>)> {
    let answers: Option<AnswersInput> = row
        .answers_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    let what = booking::what_is_booked(model, answers.as_ref(), Some(&row.visit_type_id)).ok()?;
    Some((what.duration_min, what.needs))
}

/// The waiting entries that fit `slot`, ranked; each with its row. An
/// entry whose visit can no longer be built (its visit type retired) is
/// left out.
async fn ranked(
    conn: &mut Db,
    model: &PracticeModel,
    rows: Vec<EntryRow>,
    slot: &FreedSlot,
    now: i64,
) -> Result<Vec<(EntryRow, WaitlistFit)>, CoreError> {
    let mut visits = Vec::new();
    let mut kept = Vec::new();
    for row in rows {
        let Some((duration, needs)) = visit_of(model, &row) else {
            continue;
        };
        let Ok(visit) = VisitType::new(
            format!("waitlist-{}", row.id),
            duration,
            needs
                .iter()
                .map(|n| (n.role.clone(), n.offset_min, Some(n.duration_min)))
                .collect(),
        ) else {
            continue;
        };
        visits.push(visit);
        kept.push(row);
    }
    if kept.is_empty() {
        return Ok(Vec::new());
    }
    let clinic = model.clinic_with(visits)?;
    let entries = kept
        .iter()
        .enumerate()
        .map(|(index, row)| engine_entry(row, VisitTypeIndex(index)))
        .collect::<Result<Vec<_>, _>>()?;
    let window = FitWindow {
        not_before: Instant::from_utc_seconds(now + 1),
        not_after: model.latest_bookable(now),
    };
    // Only the freed resources serve a waiting patient here: their busy time.
    let placing = Placing {
        start: slot.start,
        resource_ids: &slot.resources,
        not_before: window.not_before,
        not_after: window.not_after,
        field: "resources",
        moving: None,
    };
    let (busy, from, until) = busy_around(conn, &clinic, &placing).await?;
    let schedule = Schedule::new(&clinic, &busy, from, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let fits = rules::rank(
        &schedule,
        &entries,
        slot,
        window,
        Instant::from_utc_seconds(now),
    );
    let mut rows: Vec<Option<EntryRow>> = kept.into_iter().map(Some).collect();
    Ok(fits
        .into_iter()
        .filter_map(|fit| {
            rows.get_mut(fit.entry)
                .and_then(Option::take)
                .map(|row| (row, fit))
        })
        .collect())
}

fn parse_slot(start: &str, resource_ids: &[String]) -> Result<FreedSlot, CoreError> {
    let start = local_time::parse_instant("start", start)?;
    let resources: Vec<String> = resource_ids
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if resources.is_empty() {
        return Err(CoreError::invalid(
            "resources",
            "name the resources the slot frees",
        ));
    }
    Ok(FreedSlot { start, resources })
}

/// The waiting patients who fit a freed slot, best first (an audited read
/// of the waitlist).
pub async fn fits(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    input: &FreedSlotInput,
) -> Result<WaitlistFitsView, CoreError> {
    let slot = parse_slot(&input.start, &input.resource_ids)?;
    let now = clock.now().timestamp();
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::WaitlistEntry,
        &format!("fits {}", slot.start.utc_seconds()),
        async |conn| {
            let model = PracticeModel::load(conn).await?;
            for id in &slot.resources {
                if !model.resources.iter().any(|r| &r.id == id) {
                    return Err(CoreError::invalid(
                        "resources",
                        format!("no resource \"{id}\""),
                    ));
                }
            }
            let today = model.zone.date_of(Instant::from_utc_seconds(now));
            let rows = frontdesk_store::waitlist::waiting(conn, &today.to_string()).await?;
            let offers =
                frontdesk_store::waitlist::offers_of_slot(conn, slot.start.utc_seconds()).await?;
            let ranked = ranked(conn, &model, rows, &slot, now).await?;
            Ok(WaitlistFitsView {
                entries: ranked
                    .into_iter()
                    .map(|(row, fit)| WaitlistFitView {
                        offers: offers
                            .iter()
                            .filter(|o| o.entry_id == row.id)
                            .map(|o| o.outcome.clone())
                            .collect(),
                        id: row.id,
                        patient_id: row.patient_id,
                        patient_name: row.patient_name,
                        phone: row.patient_phone,
                        urgency: row.urgency,
                        explanation: row.explanation,
                        waited_days: fit.waited_days,
                        score: fit.score,
                        resource_ids: fit.resources,
                    })
                    .collect(),
            })
        },
    )
    .await
}

/// The time cancellations freed on `date` that is still to come, each with
/// how many waiting patients fit it (an audited read of the waitlist).
pub async fn freed_on(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<Vec<FreedSlotView>, CoreError> {
    let now = clock.now().timestamp();
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &format!("{date} waitlist"),
        async |conn| {
            let model = PracticeModel::load(conn).await?;
            let (from, until) = model.zone.day_bounds(date);
            let from = from.utc_seconds().max(now + 1);
            let cancelled =
                frontdesk_store::waitlist::cancelled_between(conn, from, until.utc_seconds())
                    .await?;
            let today = model.zone.date_of(Instant::from_utc_seconds(now));
            let rows = frontdesk_store::waitlist::waiting(conn, &today.to_string()).await?;
            let mut freed: Vec<FreedSlotView> = Vec::new();
            for (appointment_id, start, resources) in cancelled {
                let start_rfc = model.zone.format_rfc3339(Instant::from_utc_seconds(start));
                if freed
                    .iter()
                    .any(|f| f.start == start_rfc && f.resource_ids == resources)
                {
                    continue;
                }
                let slot = FreedSlot {
                    start: Instant::from_utc_seconds(start),
                    resources: resources.clone(),
                };
                let fits = ranked(conn, &model, rows.clone(), &slot, now).await?.len();
                freed.push(FreedSlotView {
                    appointment_id,
                    time: frontdesk_engine::time::text::format_clock(
                        model.zone.minute_of_day(slot.start),
                    ),
                    start: start_rfc,
                    resource_names: resources.iter().map(|r| model.resource_name(r)).collect(),
                    resource_ids: resources,
                    fits: u32::try_from(fits).unwrap_or(u32::MAX),
                });
            }
            Ok(freed)
        },
    )
    .await
}

/// Records an offer of a freed slot to a waiting patient and its outcome.
pub async fn offer(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &OfferInput,
) -> Result<(), CoreError> {
    let slot = parse_slot(&input.start, &input.resource_ids)?;
    let outcome = input.outcome.trim();
    if !OUTCOMES.contains(&outcome) {
        return Err(CoreError::invalid(
            "outcome",
            "must be accepted, declined, no-answer or left-message",
        ));
    }
    let note = note_of(input.note.as_deref())?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    waiting_entry(&mut tx, input.entry_id).await?;
    let now = tx.now();
    frontdesk_store::waitlist::insert_offer(
        &mut tx,
        &NewOffer {
            entry_id: input.entry_id,
            slot_start: slot.start.utc_seconds(),
            resources: slot.resources.join(","),
            outcome: outcome.to_owned(),
            note,
            offered_at: now,
            offered_by: actor.staff_id.clone(),
        },
    )
    .await?;
    tx.audit(
        AuditAction::Offer,
        AuditSubject::WaitlistEntry,
        input.entry_id,
    );
    tx.commit(feed).await?;
    Ok(())
}

/// The entry, if it is still waiting.
async fn waiting_entry(conn: &mut Db, id: i64) -> Result<EntryRow, CoreError> {
    let entry = frontdesk_store::waitlist::get_entry(conn, id).await?;
    if entry.status != "waiting" {
        return Err(CoreError::invalid(
            "entry_id",
            format!(
                "This patient is no longer waiting (the entry was {}).",
                entry.status
            ),
        ));
    }
    Ok(entry)
}

/// Books a waiting patient into a freed slot through the booking path and
/// takes the entry off the list, in one transaction. A slot taken
/// meanwhile (by another receptionist) is `SlotTaken` and nothing changes.
pub async fn book_entry(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &BookEntryInput,
) -> Result<BookedView, CoreError> {
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    drop(conn);
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let entry = waiting_entry(&mut tx, input.entry_id).await?;
    let answers: Option<AnswersInput> = entry
        .answers_json
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| CoreError::internal("stored intake answers", e))?;
    let pending = booking::book_in(
        &mut tx,
        &model,
        &BookInput {
            patient_id: entry.patient_id,
            visit_type_id: answers.is_none().then(|| entry.visit_type_id.clone()),
            answers,
            start: input.start.clone(),
            resource_ids: input.resource_ids.clone(),
            red_flag_reason: None,
            confirm_patient_overlap: input.confirm_patient_overlap,
        },
    )
    .await?;
    let booked_id = pending.view.id;
    let now = tx.now();
    let staff_id = actor.staff_id.clone();
    if !frontdesk_store::waitlist::close_entry(
        &mut tx,
        entry.id,
        "booked",
        Some(booked_id),
        now,
        &staff_id,
    )
    .await?
    {
        return Err(CoreError::invalid(
            "entry_id",
            "This patient is no longer waiting.",
        ));
    }
    let start = local_time::parse_instant("start", &input.start)?;
    frontdesk_store::waitlist::insert_offer(
        &mut tx,
        &NewOffer {
            entry_id: entry.id,
            slot_start: start.utc_seconds(),
            resources: input.resource_ids.join(","),
            outcome: "accepted".to_owned(),
            note: None,
            offered_at: now,
            offered_by: staff_id,
        },
    )
    .await?;
    tx.audit(AuditAction::Update, AuditSubject::WaitlistEntry, entry.id);
    let booked = booking::commit_booking(tx, feed, pending).await?;
    tracing::info!(entry = entry.id, "booked from the waitlist");
    Ok(booked)
}

/// Takes a patient off the waitlist (kept, with who and when).
pub async fn remove(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    entry_id: i64,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    waiting_entry(&mut tx, entry_id).await?;
    let now = tx.now();
    let staff_id = actor.staff_id.clone();
    frontdesk_store::waitlist::close_entry(&mut tx, entry_id, "removed", None, now, &staff_id)
        .await?;
    tx.audit(AuditAction::Update, AuditSubject::WaitlistEntry, entry_id);
    tx.commit(feed).await?;
    Ok(())
}
