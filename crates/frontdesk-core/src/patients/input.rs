//! What a patient form may hold: names trimmed and without control
//! characters, a real birth date (not in the future, not absurdly long ago),
//! phone digits, an email address, a language tag, a contact channel the
//! details allow. The first rule broken is reported by field.

use chrono::{Datelike, NaiveDate};
use frontdesk_store::patients::{ContactChannel, NewPatient, PatientRecord, Sex};

use super::{PatientInput, PatientRecordFields};
use crate::CoreError;

const MAX_NAME_CHARS: usize = 100;
const MAX_NOTES_CHARS: usize = 4000;
/// Longest address, payer, member id or contact name.
const MAX_FIELD_CHARS: usize = 300;
/// Under this age a patient needs a parent or guardian on the record.
const ADULT_AGE_YEARS: i32 = 18;
/// Nobody at the desk is older than this.
const MAX_AGE_YEARS: i32 = 130;

/// Checks and tidies the form's input (trimmed, inner spaces collapsed,
/// blanks as absent). The first rule broken is reported, by field.
pub(super) fn validate(input: &PatientInput, today: NaiveDate) -> Result<NewPatient, CoreError> {
    let family_name = name("family_name", "family name", &input.family_name)?;
    let given_name = name("given_name", "given name", &input.given_name)?;
    let birth_date = birth_date(&input.birth_date, today)?;
    let phone = optional(&input.phone)
        .map(|t| phone_in("phone", t))
        .transpose()?;
    let email = optional(&input.email).map(email).transpose()?;
    let language = language_tag("language", &input.language)?;
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
    let record = record(&input.record, age_on(birth_date, today))?;
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
        record,
    })
}

/// Whole years from `born` to `today`.
fn age_on(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// The rest of the record: each text tidied and bounded, phones checked as
/// phones, and a parent or guardian for a minor.
fn record(input: &PatientRecordFields, age: i32) -> Result<PatientRecord, CoreError> {
    let text = |field: &str, value: &Option<String>| -> Result<Option<String>, CoreError> {
        let Some(value) = optional(value) else {
            return Ok(None);
        };
        let tidy = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if tidy.chars().count() > MAX_FIELD_CHARS || tidy.chars().any(char::is_control) {
            return Err(CoreError::invalid(
                field,
                format!("at most {MAX_FIELD_CHARS} characters, on one line"),
            ));
        }
        Ok(Some(tidy))
    };
    let phone = |field: &str, value: &Option<String>| {
        optional(value).map(|t| phone_in(field, t)).transpose()
    };
    let sex = optional(&input.sex)
        .map(|t| {
            Sex::parse(t).ok_or_else(|| {
                CoreError::invalid("record.sex", "choose female, male, other or unknown")
            })
        })
        .transpose()?;
    let record = PatientRecord {
        sex,
        address: text("record.address", &input.address)?,
        other_phone: phone("record.other_phone", &input.other_phone)?,
        guardian_name: text("record.guardian_name", &input.guardian_name)?,
        guardian_phone: phone("record.guardian_phone", &input.guardian_phone)?,
        insurance_payer: text("record.insurance_payer", &input.insurance_payer)?,
        insurance_member_id: text("record.insurance_member_id", &input.insurance_member_id)?,
        emergency_name: text("record.emergency_name", &input.emergency_name)?,
        emergency_phone: phone("record.emergency_phone", &input.emergency_phone)?,
    };
    if age < ADULT_AGE_YEARS && record.guardian_name.is_none() {
        return Err(CoreError::invalid(
            "record.guardian_name",
            format!("a patient under {ADULT_AGE_YEARS} needs a parent or guardian"),
        ));
    }
    if record.insurance_member_id.is_some() && record.insurance_payer.is_none() {
        return Err(CoreError::invalid(
            "record.insurance_payer",
            "a member id needs the insurer it belongs to",
        ));
    }
    Ok(record)
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

fn phone_in(field: &str, text: &str) -> Result<String, CoreError> {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(CoreError::invalid(
            field,
            "use digits, spaces and + - ( ) . only",
        ));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !(3..=15).contains(&digits) {
        return Err(CoreError::invalid(
            field,
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
/// A patient's language and a practice's locale are both such tags.
pub(crate) fn language_tag(field: &str, text: &str) -> Result<String, CoreError> {
    let text = text.trim();
    let bad = || CoreError::invalid(field, "use a language code such as en, es or pt-BR");
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
