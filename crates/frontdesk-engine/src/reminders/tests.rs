//! The planner's rules, at named moments (New York; 2026-03-08 is the
//! spring-forward day).

use chrono::NaiveDate;

use super::text::{self, Facts};
use super::*;

fn zone() -> PracticeZone {
    PracticeZone::parse("America/New_York").unwrap()
}

fn at(date: (i32, u32, u32), hour: u32, minute: u32) -> Instant {
    let local = NaiveDate::from_ymd_opt(date.0, date.1, date.2)
        .unwrap()
        .and_hms_opt(hour, minute, 0)
        .unwrap();
    zone().instant_of(local)
}

fn patient(channel: ContactChannel) -> PatientFacts {
    PatientFacts {
        consent: true,
        channel,
        has_email: true,
        has_phone: true,
        language: Some("es-MX".into()),
    }
}

fn visit(start: Instant) -> VisitFacts {
    VisitFacts {
        appointment_id: 41,
        start,
        cancelled: false,
        visit_type_id: "follow-up".into(),
        revision: 0,
        patient: patient(ContactChannel::Email),
    }
}

#[test]
fn emails_go_at_each_lead_time_in_the_patients_language() {
    let rules = ReminderRules::default();
    let start = at((2026, 3, 12), 10, 0);
    let now = at((2026, 3, 1), 9, 0);
    let wanted = plan_visit(&rules, zone(), &visit(start), &QueueFacts::default(), now);
    let keys: Vec<&str> = wanted.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["41:r0:email:72h", "41:r0:email:24h"]);
    assert_eq!(wanted[0].due, at((2026, 3, 9), 10, 0));
    assert_eq!(wanted[1].due, at((2026, 3, 11), 10, 0));
    assert!(wanted
        .iter()
        .all(|w| w.language == Language::Es && w.skip.is_none()));
}

#[test]
fn lead_times_count_real_hours_across_the_clock_change() {
    let rules = ReminderRules::default();
    // 24 h before Monday 09:00 EDT is Sunday 09:00 EDT; 72 h before is
    // Friday 08:00 EST (the clocks went forward between).
    let start = at((2026, 3, 9), 9, 0);
    let now = at((2026, 3, 1), 9, 0);
    let wanted = plan_visit(&rules, zone(), &visit(start), &QueueFacts::default(), now);
    assert_eq!(wanted[0].due, at((2026, 3, 6), 8, 0));
    assert_eq!(wanted[1].due, at((2026, 3, 8), 9, 0));
}

#[test]
fn quiet_hours_hold_an_email_until_morning_or_skip_it() {
    let rules = ReminderRules::default();
    // 24 h before 07:30 is 07:30: quiet until 08:00 — but the 72 h one
    // moves to 08:00 and the 24 h one would land after the visit's day
    // start only when the visit is before 08:00 the next day: here it moves.
    let start = at((2026, 3, 12), 7, 30);
    let now = at((2026, 3, 1), 9, 0);
    let wanted = plan_visit(&rules, zone(), &visit(start), &QueueFacts::default(), now);
    assert_eq!(wanted[0].due, at((2026, 3, 9), 8, 0));
    assert_eq!(wanted[1].due, at((2026, 3, 11), 8, 0));
    // Booked at 22:00 for 07:30 the next morning: the catch-up email
    // would wait until 08:00, after the visit started.
    let late = plan_visit(
        &rules,
        zone(),
        &visit(at((2026, 3, 12), 7, 30)),
        &QueueFacts::default(),
        at((2026, 3, 11), 22, 0),
    );
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].skip, Some(SkipReason::QuietHours));
    assert!(rules.is_quiet_minute(23 * 60));
    assert!(rules.is_quiet_minute(0));
    assert!(!rules.is_quiet_minute(8 * 60));
    assert!(!rules.is_quiet_minute(20 * 60 + 59));
}

#[test]
fn a_late_booking_gets_one_reminder_now() {
    let rules = ReminderRules::default();
    let now = at((2026, 3, 11), 12, 0);
    let wanted = plan_visit(
        &rules,
        zone(),
        &visit(at((2026, 3, 11), 15, 0)),
        &QueueFacts::default(),
        now,
    );
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].key, "41:r0:email:24h");
    assert_eq!(wanted[0].due, now);
}

#[test]
fn consent_channel_and_exclusions_decide() {
    let mut rules = ReminderRules::default();
    let start = at((2026, 3, 12), 10, 0);
    let now = at((2026, 3, 1), 9, 0);
    let mut v = visit(start);
    v.patient.consent = false;
    let wanted = plan_visit(&rules, zone(), &v, &QueueFacts::default(), now);
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].skip, Some(SkipReason::NoConsent));

    let mut v = visit(start);
    v.patient.channel = ContactChannel::Phone;
    let wanted = plan_visit(&rules, zone(), &v, &QueueFacts::default(), now);
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].channel, Channel::Call);

    v.patient.channel = ContactChannel::Card;
    assert_eq!(
        plan_visit(&rules, zone(), &v, &QueueFacts::default(), now)[0].channel,
        Channel::Letter
    );
    // An email preference without an address: a call.
    v.patient.channel = ContactChannel::Email;
    v.patient.has_email = false;
    assert_eq!(channel_for(&v.patient), Channel::Call);

    rules.excluded_visit_types = vec!["follow-up".into()];
    let wanted = plan_visit(&rules, zone(), &visit(start), &QueueFacts::default(), now);
    assert_eq!(wanted[0].skip, Some(SkipReason::ExcludedVisitType));
}

#[test]
fn a_moved_visit_sends_an_update_and_a_cancelled_one_a_cancellation() {
    let rules = ReminderRules::default();
    let now = at((2026, 3, 10), 12, 0);
    let mut v = visit(at((2026, 3, 12), 10, 0));
    v.revision = 1;
    let queue = QueueFacts {
        emailed_revisions: vec![0],
        cancel_planned: false,
    };
    let wanted = plan_visit(&rules, zone(), &v, &queue, now);
    let keys: Vec<&str> = wanted.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["41:r1:update", "41:r1:email:24h"]);
    assert_eq!(wanted[0].kind, Kind::Update);

    v.cancelled = true;
    let wanted = plan_visit(&rules, zone(), &v, &queue, now);
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].kind, Kind::Cancel);
    // Never emailed: nothing to take back.
    assert!(plan_visit(&rules, zone(), &v, &QueueFacts::default(), now).is_empty());
}

#[test]
fn languages_fall_back_to_the_practices() {
    assert_eq!(Language::pick(Some("ES"), Language::En), Language::Es);
    assert_eq!(Language::pick(Some("fr"), Language::Es), Language::Es);
    assert_eq!(Language::pick(None, Language::En), Language::En);
}

#[test]
fn messages_read_naturally_and_leave_out_what_is_hidden() {
    let facts = Facts {
        practice: "Lakeside Clinic".into(),
        start: NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap(),
        place: "12 Shore Road".into(),
        provider: String::new(),
        phone: "(312) 555-0100".into(),
    };
    let en = text::message(Kind::Reminder, Language::En, &facts);
    assert_eq!(
        en.subject,
        "Reminder: your appointment at Lakeside Clinic on Sunday, March 8, 2026"
    );
    assert!(en.body.contains("When: Sunday, March 8, 2026 at 2:05 PM"));
    assert!(!en.body.contains("With:"), "the provider is hidden");
    let es = text::message(Kind::Reminder, Language::Es, &facts);
    assert!(es
        .body
        .contains("Día y hora: domingo, 8 de marzo de 2026, a las 14:05"));
    assert!(es.body.contains("llámenos al (312) 555-0100"));
    assert!(!es.body.contains('{'));
}

#[test]
fn retries_back_off_then_give_up() {
    let waits: Vec<i64> = (1..=5)
        .filter_map(retry_after)
        .map(|d| d.num_minutes())
        .collect();
    assert_eq!(waits, [1, 5, 15, 60]);
}

#[test]
fn a_practice_template_replaces_the_shipped_one_and_unknown_placeholders_are_named() {
    let mut rules = ReminderRules::default();
    rules.templates.push(CustomTemplate {
        kind: Kind::Reminder.into(),
        language: Language::Es,
        subject: "Cita: {date}".into(),
        body: "Le esperamos el {date} a las {time}.\nCon: {provider}".into(),
    });
    let facts = Facts {
        practice: "P".into(),
        start: NaiveDate::from_ymd_opt(2026, 3, 9)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap(),
        place: String::new(),
        provider: String::new(),
        phone: String::new(),
    };
    let own = rules.message(Kind::Reminder, Language::Es, &facts);
    assert_eq!(own.subject, "Cita: lunes, 9 de marzo de 2026");
    assert_eq!(
        own.body,
        "Le esperamos el lunes, 9 de marzo de 2026 a las 9:05."
    );
    let shipped = rules.message(Kind::Reminder, Language::En, &facts);
    assert!(shipped.subject.starts_with("Reminder:"));
    assert_eq!(
        text::unknown_placeholders("Hi {name}, {date} {reason"),
        ["{name}", "{reason"]
    );
    assert!(text::unknown_placeholders("{practice} {phone}").is_empty());
}

#[test]
fn a_letter_has_its_own_wording_without_an_attachment_and_a_practice_may_rewrite_it() {
    let facts = Facts {
        practice: "Lakeside Clinic".into(),
        start: NaiveDate::from_ymd_opt(2026, 3, 9)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap(),
        place: "12 Shore Road".into(),
        provider: "Dr Osei".into(),
        phone: "(312) 555-0100".into(),
    };
    let mut rules = ReminderRules::default();
    for language in [Language::En, Language::Es] {
        let letter = rules.message(text::Wording::Letter, language, &facts);
        let email = rules.message(Kind::Reminder, language, &facts);
        assert_ne!(letter.body, email.body);
        assert!(letter.subject.contains("Lakeside Clinic"));
        assert!(letter.body.contains("12 Shore Road") && letter.body.contains("Dr Osei"));
        for word in ["attach", "adjunt", "{"] {
            assert!(
                !letter.body.contains(word),
                "{language:?} letter says {word}"
            );
        }
    }
    assert!(rules
        .message(text::Wording::Letter, Language::Es, &facts)
        .body
        .contains("lunes, 9 de marzo de 2026, a las 9:05"));
    rules.templates.push(CustomTemplate {
        kind: text::Wording::Letter,
        language: Language::En,
        subject: "See you {date}".into(),
        body: "Come at {time}.".into(),
    });
    let own = rules.message(text::Wording::Letter, Language::En, &facts);
    assert_eq!(own.body, "Come at 9:05 AM.");
    assert_eq!(text::Wording::parse("letter"), Some(text::Wording::Letter));
    assert_eq!(text::Wording::parse("fax"), None);
}
