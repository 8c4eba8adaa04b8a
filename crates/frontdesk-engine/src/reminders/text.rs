//! What a patient reads: the subject and body of each kind of reminder in
//! English and Spanish (written for each language, not translated word for
//! word), with placeholders filled from [`Facts`]. A line whose placeholder
//! has nothing to show (no provider when the practice hides names, no
//! address) is left out. Messages carry the minimum: the practice, date,
//! time, place, provider and how to confirm or change — never the visit
//! type, the reason or symptoms.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

use super::{Kind, Language};

/// What a template words: an email of one [`Kind`], or the printed letter
/// (a reminder for patients who chose mail; no calendar attachment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wording {
    Reminder,
    Update,
    Cancel,
    Letter,
}

impl Wording {
    pub const ALL: [Wording; 4] = [
        Wording::Reminder,
        Wording::Update,
        Wording::Cancel,
        Wording::Letter,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Wording::Reminder => "reminder",
            Wording::Update => "update",
            Wording::Cancel => "cancel",
            Wording::Letter => "letter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == text)
    }
}

impl From<Kind> for Wording {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Reminder => Wording::Reminder,
            Kind::Update => Wording::Update,
            Kind::Cancel => Wording::Cancel,
        }
    }
}

/// What the placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub practice: String,
    /// The visit's start, on the practice's wall clock.
    pub start: NaiveDateTime,
    /// The practice's address ("" when unknown).
    pub place: String,
    /// The provider's name ("" when the practice hides it).
    pub provider: String,
    /// The practice's phone ("" when unknown).
    pub phone: String,
}

/// A filled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "{practice}",
    "{date}",
    "{time}",
    "{place}",
    "{provider}",
    "{phone}",
];

/// The `{placeholders}` in `text` that are not among [`PLACEHOLDERS`].
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            unknown.push(after.chars().take(20).collect());
            break;
        };
        let name = &after[..=close];
        if !PLACEHOLDERS.contains(&name) {
            unknown.push(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    unknown
}

/// The shipped template of `wording` in `language`: (subject, body). A
/// letter's subject is its heading.
pub fn template(wording: Wording, language: Language) -> (&'static str, &'static str) {
    match (language, wording) {
        (Language::En, Wording::Reminder) => (
            "Reminder: your appointment at {practice} on {date}",
            "Hello,\n\n\
             This is a reminder of your upcoming appointment at {practice}.\n\n\
             When: {date} at {time}\n\
             Where: {place}\n\
             With: {provider}\n\n\
             Please call us at {phone} to confirm, or if you need to change or cancel.\n\
             The attached invitation adds the visit to your calendar.\n\n\
             See you soon,\n\
             {practice}\n",
        ),
        (Language::En, Wording::Update) => (
            "Your appointment at {practice} has a new time: {date}",
            "Hello,\n\n\
             Your appointment at {practice} has moved. The new time is:\n\n\
             When: {date} at {time}\n\
             Where: {place}\n\
             With: {provider}\n\n\
             If this time does not suit you, please call us at {phone}.\n\
             The attached invitation updates the visit in your calendar.\n\n\
             {practice}\n",
        ),
        (Language::En, Wording::Cancel) => (
            "Cancelled: your appointment at {practice} on {date}",
            "Hello,\n\n\
             Your appointment at {practice} on {date} at {time} has been cancelled.\n\n\
             To book a new time, please call us at {phone}.\n\
             The attached notice removes the visit from your calendar.\n\n\
             {practice}\n",
        ),
        (Language::Es, Wording::Reminder) => (
            "Recordatorio de su cita en {practice}: {date}",
            "Hola:\n\n\
             Le recordamos que tiene una cita próximamente en {practice}.\n\n\
             Día y hora: {date}, a las {time}\n\
             Lugar: {place}\n\
             Le atenderá: {provider}\n\n\
             Para confirmar su asistencia, o si necesita cambiar o cancelar la cita, llámenos al {phone}.\n\
             Con la invitación adjunta puede añadir la cita a su calendario.\n\n\
             Le esperamos,\n\
             {practice}\n",
        ),
        (Language::Es, Wording::Update) => (
            "Su cita en {practice} ha cambiado: {date}",
            "Hola:\n\n\
             Hemos cambiado la hora de su cita en {practice}. La nueva cita es:\n\n\
             Día y hora: {date}, a las {time}\n\
             Lugar: {place}\n\
             Le atenderá: {provider}\n\n\
             Si este horario no le viene bien, llámenos al {phone}.\n\
             La invitación adjunta actualiza la cita en su calendario.\n\n\
             {practice}\n",
        ),
        (Language::Es, Wording::Cancel) => (
            "Cita cancelada en {practice}: {date}",
            "Hola:\n\n\
             Su cita en {practice} del {date}, a las {time}, ha quedado cancelada.\n\n\
             Si desea pedir una nueva cita, llámenos al {phone}.\n\
             El aviso adjunto la quita de su calendario.\n\n\
             {practice}\n",
        ),
        (Language::En, Wording::Letter) => (
            "Your appointment at {practice}",
            "Dear patient,\n\n\
             We look forward to seeing you at {practice}.\n\n\
             When: {date} at {time}\n\
             Where: {place}\n\
             With: {provider}\n\n\
             Please call us at {phone} to confirm, or if you need to change or cancel.\n\
             Bring this letter, your insurance card and a list of the medicines you take.\n\n\
             With kind regards,\n\
             {practice}\n",
        ),
        (Language::Es, Wording::Letter) => (
            "Su cita en {practice}",
            "Estimado/a paciente:\n\n\
             Le esperamos en {practice}.\n\n\
             Día y hora: {date}, a las {time}\n\
             Lugar: {place}\n\
             Le atenderá: {provider}\n\n\
             Para confirmar su asistencia, o si necesita cambiar o cancelar la cita, llámenos al {phone}.\n\
             Traiga esta carta, su tarjeta del seguro y una lista de los medicamentos que toma.\n\n\
             Atentamente,\n\
             {practice}\n",
        ),
    }
}

/// The date as a patient reads it: "Sunday, March 8, 2026" or
/// "domingo, 8 de marzo de 2026".
pub fn long_date(start: NaiveDateTime, language: Language) -> String {
    let date = start.date();
    let month0 = date.month0() as usize;
    match language {
        Language::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!(
                "{}, {} {}, {}",
                weekday_en(date.weekday()),
                MONTHS[month0],
                date.day(),
                date.year()
            )
        }
        Language::Es => {
            const MONTHS: [&str; 12] = [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ];
            format!(
                "{}, {} de {} de {}",
                weekday_es(date.weekday()),
                date.day(),
                MONTHS[month0],
                date.year()
            )
        }
    }
}

/// The time as a patient reads it: "9:30 AM" or "9:30".
pub fn clock_time(start: NaiveDateTime, language: Language) -> String {
    let (h, m) = (start.hour(), start.minute());
    match language {
        Language::En => {
            let (h12, half) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!("{h12}:{m:02} {half}")
        }
        Language::Es => format!("{h}:{m:02}"),
    }
}

fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn weekday_es(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lunes",
        Weekday::Tue => "martes",
        Weekday::Wed => "miércoles",
        Weekday::Thu => "jueves",
        Weekday::Fri => "viernes",
        Weekday::Sat => "sábado",
        Weekday::Sun => "domingo",
    }
}

/// Fills `template` (subject, body): each placeholder replaced; a body
/// line holding a placeholder with nothing to show is left out.
pub fn fill(template: (&str, &str), facts: &Facts, language: Language) -> Message {
    let values = [
        ("{practice}", facts.practice.clone()),
        ("{date}", long_date(facts.start, language)),
        ("{time}", clock_time(facts.start, language)),
        ("{place}", facts.place.clone()),
        ("{provider}", facts.provider.clone()),
        ("{phone}", facts.phone.clone()),
    ];
    let replace = |line: &str| -> Option<String> {
        let mut out = line.to_owned();
        for (name, value) in &values {
            if out.contains(name) {
                if value.trim().is_empty() {
                    return None;
                }
                out = out.replace(name, value);
            }
        }
        Some(out)
    };
    let subject = values
        .iter()
        .fold(template.0.to_owned(), |s, (name, value)| {
            s.replace(name, value)
        });
    let body: Vec<String> = template.1.split('\n').filter_map(replace).collect();
    Message {
        subject,
        body: body.join("\n"),
    }
}

/// The shipped message of `wording` in `language`.
pub fn message(wording: impl Into<Wording>, language: Language, facts: &Facts) -> Message {
    fill(template(wording.into(), language), facts, language)
}
