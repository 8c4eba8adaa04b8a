//! Patient reminders, as pure rules: which reminders a visit should have
//! (channel, due instant, language, or why none is sent), quiet hours, and
//! what the patient reads ([`text`]: the English and Spanish templates;
//! [`ical`]: the calendar invite). The core stores what [`plan_visit`]
//! returns in its queue and sends it; nothing here does IO.
//!
//! A reminder's key names the visit, the visit's revision (raised on every
//! move), the channel and the lead time, so planning again writes nothing
//! new, and a moved visit gets fresh reminders while the old ones are
//! skipped with the reason "moved".

pub mod ical;
pub mod text;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::codes::ContactChannel;
use crate::time::{Instant, PracticeZone};

/// How a reminder reaches the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Call,
    Letter,
}

impl Channel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Call => "call",
            Channel::Letter => "letter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Channel::Email, Channel::Call, Channel::Letter]
            .into_iter()
            .find(|c| c.as_str() == text)
    }
}

/// The languages reminders are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
}

impl Language {
    pub const fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    /// A patient's or practice's language tag (`es`, `es-MX`, `EN`…), if
    /// reminders are written in it.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "es" => Some(Language::Es),
            _ => None,
        }
    }

    /// The patient's language when reminders have it, else the practice's.
    pub fn pick(patient: Option<&str>, practice: Language) -> Self {
        patient.and_then(Language::parse).unwrap_or(practice)
    }
}

/// What a reminder message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Before the visit, at one of the rules' lead times.
    Reminder,
    /// The visit moved after the patient had an invite: the new time.
    Update,
    /// The visit was cancelled after the patient had an invite.
    Cancel,
}

impl Kind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Reminder => "reminder",
            Kind::Update => "update",
            Kind::Cancel => "cancel",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Kind::Reminder, Kind::Update, Kind::Cancel]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// Why a reminder is not sent (stored and printed as its `why`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    NoConsent,
    QuietHours,
    ExcludedVisitType,
    NoContact,
    Cancelled,
    Moved,
    TooLate,
}

impl SkipReason {
    pub const fn as_str(self) -> &'static str {
        match self {
            SkipReason::NoConsent => "no consent",
            SkipReason::QuietHours => "quiet hours",
            SkipReason::ExcludedVisitType => "excluded visit type",
            SkipReason::NoContact => "no email, phone or address",
            SkipReason::Cancelled => "cancelled",
            SkipReason::Moved => "moved",
            SkipReason::TooLate => "the visit has started",
        }
    }
}

/// The practice's reminder rules (practice data: Setup → Reminders, the
/// practice file's `reminders` section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRules {
    /// Hours before the visit an email goes out (e.g. 72 and 24).
    pub email_hours: Vec<u32>,
    /// Hours before the visit a call is due (patients who chose the phone,
    /// or whose email failed).
    pub call_hours: Vec<u32>,
    /// Hours before the visit a letter is printed.
    pub letter_hours: Vec<u32>,
    /// No email is sent from this local minute of the day…
    pub quiet_from_min: u32,
    /// …until this one (may be earlier: the quiet time spans midnight).
    pub quiet_until_min: u32,
    /// Visit types that never get a reminder.
    pub excluded_visit_types: Vec<String>,
    /// Whether messages name the provider.
    pub show_provider: bool,
    /// The practice's language: for patients whose language reminders lack.
    pub language: Language,
    /// The `From` of every email (`Name <address>`); none: no email is sent.
    pub email_from: Option<String>,
    /// The practice's own wording, replacing the shipped template of that
    /// kind and language.
    pub templates: Vec<CustomTemplate>,
}

/// A practice's own template for one kind of message in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTemplate {
    pub kind: text::Wording,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

impl ReminderRules {
    /// The message of `wording` in `language`: the practice's template
    /// when it wrote one, else the shipped one.
    pub fn message(
        &self,
        wording: impl Into<text::Wording>,
        language: Language,
        facts: &text::Facts,
    ) -> text::Message {
        let kind = wording.into();
        match self
            .templates
            .iter()
            .find(|t| t.kind == kind && t.language == language)
        {
            Some(own) => text::fill((&own.subject, &own.body), facts, language),
            None => text::message(kind, language, facts),
        }
    }
}

impl Default for ReminderRules {
    fn default() -> Self {
        ReminderRules {
            email_hours: vec![72, 24],
            call_hours: vec![24],
            letter_hours: vec![168],
            quiet_from_min: 21 * 60,
            quiet_until_min: 8 * 60,
            excluded_visit_types: Vec::new(),
            show_provider: true,
            language: Language::En,
            email_from: None,
            templates: Vec::new(),
        }
    }
}

impl ReminderRules {
    /// Whether a local minute of the day falls in the quiet hours.
    pub fn is_quiet_minute(&self, minute: u32) -> bool {
        let (from, until) = (self.quiet_from_min, self.quiet_until_min);
        if from == until {
            false
        } else if from < until {
            (from..until).contains(&minute)
        } else {
            minute >= from || minute < until
        }
    }

    /// `at`, or the first instant after it outside the quiet hours.
    pub fn after_quiet(&self, zone: PracticeZone, at: Instant) -> Instant {
        let minute = zone.minute_of_day(at);
        if !self.is_quiet_minute(minute) {
            return at;
        }
        let date = zone.date_of(at);
        let end_today = zone.instant_of_minute(date, self.quiet_until_min);
        if end_today > at {
            return end_today;
        }
        match date.succ_opt() {
            Some(next) => zone.instant_of_minute(next, self.quiet_until_min),
            None => at,
        }
    }

    /// The largest lead time of any channel, in hours.
    pub fn longest_lead_hours(&self) -> u32 {
        self.email_hours
            .iter()
            .chain(&self.call_hours)
            .chain(&self.letter_hours)
            .copied()
            .max()
            .unwrap_or(0)
    }

    fn hours_for(&self, channel: Channel) -> &[u32] {
        match channel {
            Channel::Email => &self.email_hours,
            Channel::Call => &self.call_hours,
            Channel::Letter => &self.letter_hours,
        }
    }
}

/// What the planner knows of a patient (no names: it needs none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientFacts {
    pub consent: bool,
    pub channel: ContactChannel,
    pub has_email: bool,
    pub has_phone: bool,
    pub language: Option<String>,
}

/// What the planner knows of a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFacts {
    pub appointment_id: i64,
    pub start: Instant,
    /// Cancelled, no-show or entered in error: it will not happen.
    pub cancelled: bool,
    pub visit_type_id: String,
    /// Raised on every move.
    pub revision: u32,
    pub patient: PatientFacts,
}

/// What the queue already holds for the visit, as far as planning cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFacts {
    /// The revisions an email invite (reminder or update) was sent for.
    pub emailed_revisions: Vec<u32>,
    /// Whether a cancellation was already planned or sent.
    pub cancel_planned: bool,
}

/// One reminder the rules want for a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Unique in the queue: planning the same thing twice stores it once.
    pub key: String,
    pub kind: Kind,
    pub channel: Channel,
    pub due: Instant,
    pub language: Language,
    /// Set when the rules decided it is not sent.
    pub skip: Option<SkipReason>,
}

/// The channel the patient's preference gives (an email preference with
/// no address falls back to a call; no phone either: a letter).
pub fn channel_for(patient: &PatientFacts) -> Channel {
    match patient.channel {
        ContactChannel::Email if patient.has_email => Channel::Email,
        ContactChannel::Card => Channel::Letter,
        ContactChannel::Email | ContactChannel::Phone => {
            if patient.has_phone {
                Channel::Call
            } else {
                Channel::Letter
            }
        }
    }
}

/// The reminders the rules want for `visit` when planned at `now` (see the
/// module docs). When every lead time is already past (a visit booked late)
/// the nearest one is due now, so the patient still hears once. A visit
/// that has started, or was cancelled without an invite sent, wants none.
pub fn plan_visit(
    rules: &ReminderRules,
    zone: PracticeZone,
    visit: &VisitFacts,
    queue: &QueueFacts,
    now: Instant,
) -> Vec<Wanted> {
    let language = Language::pick(visit.patient.language.as_deref(), rules.language);
    let id = visit.appointment_id;
    let rev = visit.revision;
    let emailed = !queue.emailed_revisions.is_empty();
    if visit.cancelled {
        if emailed && !queue.cancel_planned && visit.start > now {
            return vec![Wanted {
                key: format!("{id}:cancel"),
                kind: Kind::Cancel,
                channel: Channel::Email,
                due: rules.after_quiet(zone, now),
                language,
                skip: None,
            }];
        }
        return Vec::new();
    }
    if visit.start <= now {
        return Vec::new();
    }
    let channel = channel_for(&visit.patient);
    let skip_row = |reason: SkipReason| Wanted {
        key: format!("{id}:r{rev}:{}:skip", channel.as_str()),
        kind: Kind::Reminder,
        channel,
        due: now,
        language,
        skip: Some(reason),
    };
    if rules
        .excluded_visit_types
        .iter()
        .any(|t| t == &visit.visit_type_id)
    {
        return vec![skip_row(SkipReason::ExcludedVisitType)];
    }
    if !visit.patient.consent {
        return vec![skip_row(SkipReason::NoConsent)];
    }
    let mut wanted = Vec::new();
    // A moved visit whose patient had an invite: the new time, now.
    if emailed
        && visit.patient.has_email
        && !queue.emailed_revisions.contains(&rev)
        && queue.emailed_revisions.iter().all(|r| *r < rev)
    {
        wanted.push(quiet_checked(
            rules,
            zone,
            visit,
            Wanted {
                key: format!("{id}:r{rev}:update"),
                kind: Kind::Update,
                channel: Channel::Email,
                due: now,
                language,
                skip: None,
            },
        ));
    }
    let mut hours: Vec<u32> = rules.hours_for(channel).to_vec();
    hours.sort_unstable_by(|a, b| b.cmp(a));
    hours.dedup();
    let mut rows: Vec<(u32, Instant)> = hours
        .iter()
        .map(|&h| (h, visit.start.plus_minutes(-i64::from(h) * 60)))
        .filter(|(_, due)| *due >= now)
        .collect();
    // Every lead time already past (booked late) and no update going out:
    // the nearest one, now.
    if rows.is_empty() && wanted.is_empty() {
        if let Some(&h) = hours.last() {
            rows.push((h, now));
        }
    }
    for (h, due) in rows {
        let row = Wanted {
            key: format!("{id}:r{rev}:{}:{h}h", channel.as_str()),
            kind: Kind::Reminder,
            channel,
            due,
            language,
            skip: None,
        };
        wanted.push(if channel == Channel::Email {
            quiet_checked(rules, zone, visit, row)
        } else {
            row
        });
    }
    wanted.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
    wanted
}

/// An email due in the quiet hours waits for their end; when that is too
/// late for the visit, it is skipped ("quiet hours").
fn quiet_checked(
    rules: &ReminderRules,
    zone: PracticeZone,
    visit: &VisitFacts,
    mut row: Wanted,
) -> Wanted {
    let due = rules.after_quiet(zone, row.due);
    if due >= visit.start {
        row.skip = Some(SkipReason::QuietHours);
    } else {
        row.due = due;
    }
    row
}

/// How long to wait before the next try after `attempts` transient
/// failures: 1, 5, 15, 60 minutes; `None` after the fifth (give up).
pub fn retry_after(attempts: u32) -> Option<Duration> {
    match attempts {
        0 | 1 => Some(Duration::minutes(1)),
        2 => Some(Duration::minutes(5)),
        3 => Some(Duration::minutes(15)),
        4 => Some(Duration::minutes(60)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
