//! The practice's reminder rules as the practice file and Setup → Reminders
//! write them (`reminders` section), checked into the engine's
//! [`ReminderRules`], and stored as one JSON document.

use frontdesk_engine::reminders::text::{self, Facts};
use frontdesk_engine::reminders::{CustomTemplate, Language, ReminderRules};
use frontdesk_engine::time::text::{format_clock, parse_clock};
use frontdesk_store::Db;
use serde::{Deserialize, Serialize};

use crate::CoreError;

/// The longest lead time, in hours (90 days).
pub const MAX_LEAD_HOURS: u32 = 90 * 24;

/// The `reminders` section of the practice file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RemindersEntry {
    /// Hours before the visit each email goes out (e.g. `[72, 24]`).
    pub email_hours: Vec<u32>,
    /// Hours before the visit a call is due (patients who prefer the phone,
    /// or whose email failed).
    pub call_hours: Vec<u32>,
    /// Hours before the visit a letter is printed (patients who chose mail).
    pub letter_hours: Vec<u32>,
    /// `["HH:MM", "HH:MM"]`: no email goes out from the first until the
    /// second (across midnight when it is earlier).
    pub quiet_hours: [String; 2],
    /// Visit types that never get a reminder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub exclude_visit_types: Vec<String>,
    /// Whether messages name the provider.
    pub show_provider: bool,
    /// `en` or `es`: for patients whose language has no template.
    pub language: String,
    /// The sender of every email, `Name <address>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email_from: Option<String>,
    /// The practice's own wording of a message (its placeholders:
    /// `{practice}`, `{date}`, `{time}`, `{place}`, `{provider}`, `{phone}`;
    /// a body line whose placeholder has nothing to show is left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<TemplateEntry>>")]
    pub templates: Vec<TemplateEntry>,
    /// The practice's mail server, for the app's background sending (the
    /// password is kept in each workstation's keyring, never here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub smtp: Option<SmtpEntry>,
}

/// One of the practice's own templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TemplateEntry {
    /// `reminder`, `update`, `cancel` (emails) or `letter` (printed).
    pub kind: String,
    /// `en` or `es`.
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// A message as a patient would read it, for Setup's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ReminderPreview {
    pub subject: String,
    pub body: String,
}

/// The message of `kind` in `language` under `entry`, for a sample visit
/// (Tuesday 10 March 2026, 09:30) at the practice.
pub fn preview(
    entry: &RemindersEntry,
    kind: &str,
    language: &str,
    practice: &str,
    place: &str,
    phone: &str,
    provider: &str,
) -> Result<ReminderPreview, CoreError> {
    let rules = check(entry, "reminders").map_err(|problems| {
        let (field, message) = problems.into_iter().next().unwrap_or_default();
        CoreError::invalid(field, message)
    })?;
    let kind = text::Wording::parse(kind)
        .ok_or_else(|| CoreError::invalid("kind", "must be reminder, update, cancel or letter"))?;
    let language = Language::parse(language)
        .ok_or_else(|| CoreError::invalid("language", "must be en or es"))?;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap_or_default();
    let facts = Facts {
        practice: practice.to_owned(),
        start,
        place: place.to_owned(),
        provider: if rules.show_provider {
            provider.to_owned()
        } else {
            String::new()
        },
        phone: phone.to_owned(),
    };
    let message = rules.message(kind, language, &facts);
    Ok(ReminderPreview {
        subject: message.subject,
        body: message.body,
    })
}

/// Setup's preview: the message of `kind` in `language` under the draft
/// practice file's rules (the defaults when it has none).
pub fn preview_for_file(
    file: &crate::practice_file::PracticeFile,
    kind: &str,
    language: &str,
) -> Result<ReminderPreview, CoreError> {
    let entry = file.reminders.clone().unwrap_or_default();
    let provider = file
        .resources
        .iter()
        .find(|r| r.kind == "provider" && r.active)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    preview(
        &entry,
        kind,
        language,
        &file.practice.name,
        file.practice.address.as_deref().unwrap_or(""),
        file.practice.phone.as_deref().unwrap_or(""),
        &provider,
    )
}

/// The practice's SMTP server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SmtpEntry {
    pub host: String,
    pub port: u16,
    /// `none` (only for a server on the same machine), `starttls` or `tls`.
    pub security: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub user: Option<String>,
}

impl SmtpEntry {
    /// The settings this entry gives, checked; problems name `at`'s fields.
    pub fn settings(&self, at: &str) -> Result<super::mail::SmtpSettings, (String, String)> {
        let security = super::mail::Security::parse(&self.security).ok_or_else(|| {
            (
                format!("{at}.security"),
                format!("\"{}\" is not none, starttls or tls", self.security),
            )
        })?;
        let settings = super::mail::SmtpSettings {
            host: self.host.trim().to_owned(),
            port: self.port,
            security,
            user: self.user.clone().filter(|u| !u.trim().is_empty()),
        };
        settings.check().map_err(|e| {
            let field = e
                .field()
                .unwrap_or("smtp")
                .trim_start_matches("smtp_")
                .to_owned();
            (format!("{at}.{field}"), e.message())
        })?;
        Ok(settings)
    }
}

impl RemindersEntry {
    /// The section that gives `rules`.
    pub fn from_rules(rules: &ReminderRules) -> Self {
        RemindersEntry {
            email_hours: rules.email_hours.clone(),
            call_hours: rules.call_hours.clone(),
            letter_hours: rules.letter_hours.clone(),
            quiet_hours: [
                format_clock(rules.quiet_from_min),
                format_clock(rules.quiet_until_min),
            ],
            exclude_visit_types: rules.excluded_visit_types.clone(),
            show_provider: rules.show_provider,
            language: rules.language.as_str().to_owned(),
            email_from: rules.email_from.clone(),
            templates: Vec::new(),
            smtp: None,
        }
    }
}

impl Default for RemindersEntry {
    fn default() -> Self {
        RemindersEntry::from_rules(&ReminderRules::default())
    }
}

/// Checks a section: every problem with its path under `at` (e.g.
/// `reminders.quiet_hours[0]`), or the rules.
pub fn check(entry: &RemindersEntry, at: &str) -> Result<ReminderRules, Vec<(String, String)>> {
    let mut problems = Vec::new();
    for (name, hours) in [
        ("email_hours", &entry.email_hours),
        ("call_hours", &entry.call_hours),
        ("letter_hours", &entry.letter_hours),
    ] {
        if hours.len() > 10 {
            problems.push((format!("{at}.{name}"), "at most 10 lead times".to_owned()));
        }
        for (i, h) in hours.iter().enumerate() {
            if *h == 0 || *h > MAX_LEAD_HOURS {
                problems.push((
                    format!("{at}.{name}[{i}]"),
                    format!("{h} is not between 1 and {MAX_LEAD_HOURS} hours"),
                ));
            }
        }
    }
    let mut quiet = [0u32; 2];
    for (i, text) in entry.quiet_hours.iter().enumerate() {
        match parse_clock(text).filter(|m| *m < 24 * 60) {
            Some(minute) => quiet[i] = minute,
            None => problems.push((
                format!("{at}.quiet_hours[{i}]"),
                format!("\"{text}\" is not a time of day (HH:MM)"),
            )),
        }
    }
    let language = match entry.language.as_str() {
        "en" => Language::En,
        "es" => Language::Es,
        other => {
            problems.push((
                format!("{at}.language"),
                format!("\"{other}\" is not a reminder language (en, es)"),
            ));
            Language::En
        }
    };
    if let Some(from) = &entry.email_from {
        if from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push((
                format!("{at}.email_from"),
                "is not an email sender (Name <address>)".to_owned(),
            ));
        }
    }
    let mut templates: Vec<CustomTemplate> = Vec::new();
    for (i, t) in entry.templates.iter().enumerate() {
        let at_t = format!("{at}.templates[{i}]");
        let kind = text::Wording::parse(&t.kind);
        let lang =
            Language::parse(&t.language).filter(|_| matches!(t.language.as_str(), "en" | "es"));
        if kind.is_none() {
            problems.push((
                format!("{at_t}.kind"),
                "must be reminder, update, cancel or letter".into(),
            ));
        }
        if lang.is_none() {
            problems.push((format!("{at_t}.language"), "must be en or es".into()));
        }
        for (field, value) in [("subject", &t.subject), ("body", &t.body)] {
            if value.trim().is_empty() {
                problems.push((format!("{at_t}.{field}"), "must not be empty".into()));
            }
            let unknown = text::unknown_placeholders(value);
            if !unknown.is_empty() {
                problems.push((
                    format!("{at_t}.{field}"),
                    format!(
                        "unknown placeholder {}; use {}",
                        unknown.join(", "),
                        text::PLACEHOLDERS.join(" ")
                    ),
                ));
            }
        }
        if let (Some(kind), Some(language)) = (kind, lang) {
            if templates
                .iter()
                .any(|o| o.kind == kind && o.language == language)
            {
                problems.push((
                    at_t.clone(),
                    "a second template for this kind and language".into(),
                ));
            }
            templates.push(CustomTemplate {
                kind,
                language,
                subject: t.subject.clone(),
                body: t.body.clone(),
            });
        }
    }
    if let Some(smtp) = &entry.smtp {
        if let Err(problem) = smtp.settings(&format!("{at}.smtp")) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ReminderRules {
        email_hours: entry.email_hours.clone(),
        call_hours: entry.call_hours.clone(),
        letter_hours: entry.letter_hours.clone(),
        quiet_from_min: quiet[0],
        quiet_until_min: quiet[1],
        excluded_visit_types: entry.exclude_visit_types.clone(),
        show_provider: entry.show_provider,
        language,
        email_from: entry.email_from.clone(),
        templates,
    })
}

/// The stored section, if the practice saved one.
pub async fn stored_entry(conn: &mut Db) -> Result<Option<RemindersEntry>, CoreError> {
    match frontdesk_store::reminders::get_rules_json(conn).await? {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| CoreError::invalid("reminders", e.to_string())),
    }
}

/// The practice's rules (the defaults when none were saved).
pub async fn load(conn: &mut Db) -> Result<ReminderRules, CoreError> {
    let entry = stored_entry(conn).await?.unwrap_or_default();
    check(&entry, "reminders").map_err(|problems| {
        let (field, message) = problems.into_iter().next().unwrap_or_default();
        CoreError::invalid(field, message)
    })
}

/// The section as stored JSON.
pub fn to_json(entry: &RemindersEntry) -> Result<String, CoreError> {
    serde_json::to_string(entry).map_err(|e| CoreError::internal("reminder rules", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_round_trip_and_bad_fields_are_named() {
        let entry = RemindersEntry::default();
        assert_eq!(entry.quiet_hours, ["21:00".to_owned(), "08:00".to_owned()]);
        assert_eq!(
            check(&entry, "reminders").unwrap(),
            ReminderRules::default()
        );
        let mut bad = entry.clone();
        bad.quiet_hours[1] = "8am".into();
        bad.email_hours = vec![72, 0];
        bad.language = "fr".into();
        bad.email_from = Some("not an address".into());
        bad.templates = vec![TemplateEntry {
            kind: "reminder".into(),
            language: "es".into(),
            subject: "Cita {date}".into(),
            body: "Motivo: {reason}".into(),
        }];
        bad.smtp = Some(SmtpEntry {
            host: "smtp.example.org".into(),
            port: 25,
            security: "none".into(),
            user: None,
        });
        let problems = check(&bad, "reminders").unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "reminders.email_hours[1]",
                "reminders.quiet_hours[1]",
                "reminders.language",
                "reminders.email_from",
                "reminders.templates[0].body",
                "reminders.smtp.security"
            ]
        );
    }

    #[test]
    fn the_preview_shows_the_practices_own_text_or_the_shipped_one() {
        let mut entry = RemindersEntry::default();
        entry.templates.push(TemplateEntry {
            kind: "cancel".into(),
            language: "es".into(),
            subject: "Cita anulada: {date}".into(),
            body: "Llámenos al {phone}.\nLe atendía: {provider}".into(),
        });
        let own = preview(
            &entry,
            "cancel",
            "es",
            "Lakeside",
            "",
            "555-0100",
            "Dra. Ruiz",
        )
        .unwrap();
        assert_eq!(own.subject, "Cita anulada: martes, 10 de marzo de 2026");
        assert_eq!(own.body, "Llámenos al 555-0100.\nLe atendía: Dra. Ruiz");
        let shipped = preview(
            &entry, "reminder", "en", "Lakeside", "", "555-0100", "Dr. A",
        )
        .unwrap();
        assert!(shipped
            .body
            .contains("When: Tuesday, March 10, 2026 at 9:30 AM"));
        assert!(
            !shipped.body.contains("Where:"),
            "no address: the line is left out"
        );
        assert_eq!(
            preview(&entry, "invite", "en", "L", "", "", "")
                .unwrap_err()
                .field(),
            Some("kind")
        );
    }
}
