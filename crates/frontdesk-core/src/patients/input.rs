//! What a patient form may hold: names trimmed and without control
//! characters, a real birth date (not in the future, not absurdly long ago),
//! phone digits, an email address, a language tag, a contact channel the
//! details allow. The first rule broken is reported by field.

use chrono::{Datelike, NaiveDate};
use frontdesk_store::patients::{ContactChannel, NewPatient};

use super::PatientInput;
use crate::CoreError;

const MAX_NAME_CHARS: usize = 100;
const MAX_NOTES_CHARS: usize = 4000;
/// Nobody at the desk is older than this.
const MAX_AGE_YEARS: i32 = 130;

/// Checks and tidies the form's input (trimmed, inner spaces collapsed,
/// blanks as absent). The first rule broken is reported, by field.
pub(super) fn validate(input: &PatientInput, today: NaiveDate) -> Result<NewPatient, CoreError> {
    let family_name = name("family_name", "family name", &input.family_name)?;
    let given_name = name("given_name", "given name", &input.given_name)?;
    let birth_date = birth_date(&input.birth_date, today)?;
    let phone = optional(&input.phone).map(phone).transpose()?;
    let email = optional(&input.email).map(email).transpose()?;
    let language = language(&input.language)?;
    let contact_channel = ContactChannel::parse(input.contact_channel.trim())
        .ok_or_else(|| CoreError::invalid("contact_channel", "choose phone, email or card"))?;
    match contact_channel {
        ContactChannel::Phone if phone.is_none() => {
            return Err(CoreError::invalid(
                "phone",
                "a phone number is needed to contact by phone",
            ))
        }
        ContactChannel::Email if email.is_none() => {
            return Err(CoreError::invalid(
                "email",
                "an email address is needed to contact by email",
            ))
        }
        _ => {}
    }
    let notes = optional(&input.notes).map(str::to_owned);
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS)
    {
        return Err(CoreError::invalid(
            "notes",
            format!("notes are limited to {MAX_NOTES_CHARS} characters"),
        ));
    }
    Ok(NewPatient {
        family_name,
        given_name,
        birth_date: birth_date.format("%Y-%m-%d").to_string(),
        phone,
        email,
        language,
        contact_channel,
        reminder_consent: input.reminder_consent,
        notes,
    })
}

fn optional(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn name(field: &str, what: &str, text: &str) -> Result<String, CoreError> {
    let tidy = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        return Err(CoreError::invalid(field, format!("the {what} is required")));
    }
    if tidy.chars().count() > MAX_NAME_CHARS {
        return Err(CoreError::invalid(
            field,
            format!("the {what} is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if !tidy.chars().any(char::is_alphabetic) {
        return Err(CoreError::invalid(
            field,
            format!("the {what} needs at least one letter"),
        ));
    }
    if tidy.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            format!("the {what} contains a control character"),
        ));
    }
    Ok(tidy)
}

fn birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, CoreError> {
    let date = frontdesk_engine::time::text::parse_date(text.trim()).ok_or_else(|| {
        CoreError::invalid(
            "birth_date",
            "the birth date is not a real date (YYYY-MM-DD)",
        )
    })?;
    if date > today {
        return Err(CoreError::invalid(
            "birth_date",
            "the birth date is in the future",
        ));
    }
    if today.year() - date.year() > MAX_AGE_YEARS {
        return Err(CoreError::invalid(
            "birth_date",
            format!("the birth date is more than {MAX_AGE_YEARS} years ago"),
        ));
    }
    Ok(date)
}

fn phone(text: &str) -> Result<String, CoreError> {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(CoreError::invalid(
            "phone",
            "use digits, spaces and + - ( ) . only",
        ));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !(3..=15).contains(&digits) {
        return Err(CoreError::invalid(
            "phone",
            "a phone number has 3 to 15 digits",
        ));
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn email(text: &str) -> Result<String, CoreError> {
    let bad = || CoreError::invalid("email", "this is not an email address (name@example.com)");
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let shaped = !local.is_empty()
        && text.len() <= 254
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty());
    if !shaped {
        return Err(bad());
    }
    Ok(text.to_owned())
}

/// A BCP 47-shaped tag: a 2–3 letter language, then subtags of 2–8 letters or
/// digits (`en`, `es`, `pt-BR`, `zh-Hant`). The language part is lower-cased.
fn language(text: &str) -> Result<String, CoreError> {
    let text = text.trim();
    let bad = || CoreError::invalid("language", "use a language code such as en, es or pt-BR");
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or_default();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let mut tag = primary.to_ascii_lowercase();
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        tag.push('-');
        tag.push_str(part);
    }
    Ok(tag)
}
