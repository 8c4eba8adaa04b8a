//! Desktop notices: what each says, when it falls due, and until when it is
//! still worth popping up. Three kinds:
//!
//! - **paperwork**: "Pull paperwork: N patients tomorrow morning", the day
//!   before at a time the practice sets (default 16:00), for the visits with
//!   forms that start before noon; worth showing until the first of them.
//! - **alert**: "Blood draw 10:30 · Room 3", at an alert item's lead time
//!   before its role's part of the visit; worth showing until that part
//!   starts (a blood-draw alert hours late is noise, so it is *missed*).
//! - **gap**: one per role and day, "Coverage gap: phlebotomist needed for
//!   3 visits 09:00–15:30", as soon as a gap is seen; worth showing until
//!   the role's last gap ends; resolved when none is left.
//!
//! Each notice has a stable key, so storing it once (a unique key) is what
//! keeps it from being sent twice. [`decide`] is the whole catch-up rule:
//! a notice found due is delivered if still useful, else marked missed.
//! No notice names a patient unless the practice allows initials.

use chrono::NaiveDate;

use crate::coverage::{Gap, GapReason};
use crate::time::{Instant, PracticeZone};

/// The kinds of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    Paperwork,
    Alert,
    Gap,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Paperwork => "paperwork",
            NoticeKind::Alert => "alert",
            NoticeKind::Gap => "gap",
        }
    }

    /// The page a notice of this kind opens.
    pub fn page(self) -> &'static str {
        match self {
            NoticeKind::Paperwork | NoticeKind::Alert => "prep",
            NoticeKind::Gap => "coverage",
        }
    }
}

/// The practice's notification rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRules {
    /// Minute of the day before at which the paperwork reminder falls due;
    /// `None` turns it off.
    pub paperwork_at_min: Option<u32>,
    pub alerts: bool,
    pub gaps: bool,
    /// Whether alerts may carry the patient's initials.
    pub patient_initials: bool,
}

/// 16:00 the day before.
pub const DEFAULT_PAPERWORK_AT_MIN: u32 = 16 * 60;
/// Visits before this local minute are "morning" visits.
pub const MORNING_ENDS_MIN: u32 = 12 * 60;

impl Default for NoticeRules {
    fn default() -> Self {
        NoticeRules {
            paperwork_at_min: Some(DEFAULT_PAPERWORK_AT_MIN),
            alerts: true,
            gaps: true,
            patient_initials: false,
        }
    }
}

/// A notice to store (and, when due, to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Unique and stable: the same notice planned twice has the same key.
    pub key: String,
    pub kind: NoticeKind,
    /// The local date the notice is about (the page it opens shows it).
    pub date: NaiveDate,
    pub due: Instant,
    pub useful_until: Instant,
    pub title: String,
    pub body: String,
    /// The appointment it is about, if one.
    pub appointment_id: Option<i64>,
}

/// What to do with a stored notice now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not due yet.
    Wait,
    /// Due and still useful: show it (once).
    Deliver,
    /// Its moment has passed: keep it in the list, do not pop it up.
    Miss,
}

/// The catch-up rule, the same at start and every minute after.
pub fn decide(due: Instant, useful_until: Instant, now: Instant) -> Decision {
    if now < due {
        Decision::Wait
    } else if now < useful_until {
        Decision::Deliver
    } else {
        Decision::Miss
    }
}

fn clock(zone: PracticeZone, instant: Instant) -> String {
    zone.local_of(instant).format("%H:%M").to_string()
}

fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B").to_string()
}

/// Initials of a name ("Amara Abernathy" → "A.A."), for practices that allow them.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|part| part.chars().next())
        .flat_map(|c| c.to_uppercase().chain(std::iter::once('.')))
        .collect()
}

/// An alert item of a checklist, as the planner needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertItem {
    pub item_id: i64,
    pub appointment_id: i64,
    /// e.g. "Blood draw".
    pub label: String,
    pub role: String,
    /// When the role's part starts.
    pub moment: Instant,
    /// When the alert falls due (the moment minus the lead time).
    pub due: Instant,
    /// Where: "Room 3", "Lab chair".
    pub place: Option<String>,
    /// The patient's full name; used only for initials, and only when allowed.
    pub patient_name: Option<String>,
}

/// "Blood draw 10:30 · Room 3" for the role, at the item's lead time.
pub fn alert_notice(zone: PracticeZone, rules: &NoticeRules, item: &AlertItem) -> Option<Notice> {
    if !rules.alerts {
        return None;
    }
    let mut title = format!("{} {}", item.label, clock(zone, item.moment));
    if let Some(place) = &item.place {
        title.push_str(" · ");
        title.push_str(place);
    }
    let mut body = format!("For the {}", item.role);
    if rules.patient_initials {
        if let Some(name) = &item.patient_name {
            body.push_str(" · patient ");
            body.push_str(&initials(name));
        }
    }
    Some(Notice {
        key: format!("alert:{}:{}", item.item_id, item.due.utc_seconds()),
        kind: NoticeKind::Alert,
        date: zone.date_of(item.moment),
        due: item.due,
        useful_until: item.moment,
        title,
        body,
        appointment_id: Some(item.appointment_id),
    })
}

/// "Pull paperwork: N patients tomorrow morning", due the day before `date`
/// at the practice's time. `form_visit_starts` are the starts of the day's
/// visits whose checklists have forms still to pull; only morning ones count.
pub fn paperwork_notice(
    zone: PracticeZone,
    rules: &NoticeRules,
    date: NaiveDate,
    form_visit_starts: &[Instant],
    now: Instant,
) -> Option<Notice> {
    let at = rules.paperwork_at_min?;
    let noon = zone.instant_of_minute(date, MORNING_ENDS_MIN);
    let morning: Vec<Instant> = form_visit_starts
        .iter()
        .copied()
        .filter(|s| zone.date_of(*s) == date && *s < noon)
        .collect();
    let first = morning.iter().min().copied()?;
    let count = morning.len();
    let eve = date.pred_opt()?;
    let when = if zone.date_of(now) == date {
        "this morning"
    } else {
        "tomorrow morning"
    };
    let patients = if count == 1 { "patient" } else { "patients" };
    Some(Notice {
        key: format!("paperwork:{date}"),
        kind: NoticeKind::Paperwork,
        date,
        due: zone.instant_of_minute(eve, at.min(24 * 60 - 1)),
        useful_until: first,
        title: format!("Pull paperwork: {count} {patients} {when}"),
        body: format!("Forms for the visits before 12:00 on {}", long_date(date)),
        appointment_id: None,
    })
}

/// One notice per role and date, summarising every gap of that role: a
/// sick call that leaves five visits without a phlebotomist and the floor
/// below its minimum is one notice, "Coverage gap: phlebotomist needed for
/// 5 visits 09:00–15:30", not six. Due `now` (as soon as seen); worth
/// showing until the role's last gap ends. The key names the role and date
/// only, so more gaps of that role update the same notice, and the notice
/// resolves when the role has no gap left that day.
pub fn gap_notices(
    zone: PracticeZone,
    rules: &NoticeRules,
    date: NaiveDate,
    gaps: &[Gap],
    now: Instant,
) -> Vec<Notice> {
    if !rules.gaps {
        return Vec::new();
    }
    let mut roles: Vec<&str> = gaps.iter().map(|g| g.role.as_str()).collect();
    roles.sort_unstable();
    roles.dedup();
    roles
        .into_iter()
        .map(|role| {
            let of_role: Vec<&Gap> = gaps.iter().filter(|g| g.role == role).collect();
            let start = of_role.iter().map(|g| g.start).min().unwrap_or_default();
            let end = of_role.iter().map(|g| g.end).max().unwrap_or_default();
            let span = format!(
                "{}–{}",
                clock(zone, Instant::from_utc_seconds(start)),
                clock(zone, Instant::from_utc_seconds(end))
            );
            let mut visits: Vec<i64> = of_role.iter().filter_map(|g| g.appointment_id).collect();
            visits.sort_unstable();
            visits.dedup();
            let mut causes: Vec<String> = Vec::new();
            for gap in &of_role {
                let cause = gap.reason.describe();
                if !causes.contains(&cause) {
                    causes.push(cause);
                }
            }
            let fewest = of_role
                .iter()
                .filter_map(|g| match g.reason {
                    GapReason::BelowMinimum { have, min } => Some((have, min)),
                    _ => None,
                })
                .min();
            let title = match (visits.len(), fewest) {
                (0, Some((0, _))) => format!("Coverage gap: no {role} {span}"),
                (0, Some((have, min))) => format!("Coverage gap: {have} of {min} {role} {span}"),
                (count, _) => {
                    let noun = if count == 1 { "visit" } else { "visits" };
                    format!("Coverage gap: {role} needed for {count} {noun} {span}")
                }
            };
            Notice {
                key: format!("gap:{date}:{role}"),
                kind: NoticeKind::Gap,
                date,
                due: now,
                useful_until: Instant::from_utc_seconds(end),
                title,
                body: format!("{} · {}", long_date(date), causes.join("; ")),
                appointment_id: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> PracticeZone {
        PracticeZone::parse("America/Chicago").unwrap()
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn at(d: u32, hour: u32, minute: u32) -> Instant {
        zone().instant_of_minute(date(d), hour * 60 + minute)
    }

    fn blood_draw() -> AlertItem {
        AlertItem {
            item_id: 7,
            appointment_id: 3,
            label: "Blood draw".into(),
            role: "phlebotomist".into(),
            moment: at(10, 10, 30),
            due: at(10, 10, 0),
            place: Some("Room 3".into()),
            patient_name: Some("Amara Abernathy".into()),
        }
    }

    #[test]
    fn a_technician_alert_is_due_at_its_lead_time_and_useful_until_the_draw() {
        let notice = alert_notice(zone(), &NoticeRules::default(), &blood_draw()).unwrap();
        assert_eq!(notice.title, "Blood draw 10:30 · Room 3");
        assert_eq!(notice.body, "For the phlebotomist");
        assert_eq!(notice.due, at(10, 10, 0));
        assert_eq!(notice.useful_until, at(10, 10, 30));
        assert_eq!(
            decide(notice.due, notice.useful_until, at(10, 9, 59)),
            Decision::Wait
        );
        assert_eq!(
            decide(notice.due, notice.useful_until, at(10, 10, 0)),
            Decision::Deliver
        );
        assert_eq!(
            decide(notice.due, notice.useful_until, at(10, 10, 29)),
            Decision::Deliver
        );
        // The app was closed through the draw: no alert hours late.
        assert_eq!(
            decide(notice.due, notice.useful_until, at(10, 10, 30)),
            Decision::Miss
        );
        assert_eq!(
            decide(notice.due, notice.useful_until, at(10, 14, 0)),
            Decision::Miss
        );
    }

    #[test]
    fn no_notice_names_a_patient_unless_initials_are_allowed() {
        let item = blood_draw();
        let plain = alert_notice(zone(), &NoticeRules::default(), &item).unwrap();
        for text in [&plain.title, &plain.body] {
            assert!(
                !text.contains("Amara") && !text.contains("Abernathy") && !text.contains("A.A.")
            );
        }
        let rules = NoticeRules {
            patient_initials: true,
            ..NoticeRules::default()
        };
        let with_initials = alert_notice(zone(), &rules, &item).unwrap();
        assert_eq!(with_initials.body, "For the phlebotomist · patient A.A.");
        assert!(!with_initials.body.contains("Amara"));
    }

    #[test]
    fn a_moved_visit_gets_a_new_alert_key_and_the_same_visit_keeps_its_key() {
        let first = alert_notice(zone(), &NoticeRules::default(), &blood_draw()).unwrap();
        let again = alert_notice(zone(), &NoticeRules::default(), &blood_draw()).unwrap();
        assert_eq!(first.key, again.key, "planned twice, stored once");
        let mut moved = blood_draw();
        moved.moment = at(10, 14, 0);
        moved.due = at(10, 13, 30);
        let moved = alert_notice(zone(), &NoticeRules::default(), &moved).unwrap();
        assert_ne!(first.key, moved.key);
        assert_eq!(moved.title, "Blood draw 14:00 · Room 3");
    }

    #[test]
    fn paperwork_is_due_the_day_before_at_the_practices_time_and_counts_morning_visits() {
        let starts = [at(10, 8, 0), at(10, 11, 55), at(10, 12, 0), at(10, 15, 0)];
        let notice = paperwork_notice(
            zone(),
            &NoticeRules::default(),
            date(10),
            &starts,
            at(9, 9, 0),
        )
        .unwrap();
        assert_eq!(notice.title, "Pull paperwork: 2 patients tomorrow morning");
        assert_eq!(notice.key, "paperwork:2026-03-10");
        assert_eq!(notice.due, at(9, 16, 0));
        assert_eq!(notice.useful_until, at(10, 8, 0));
        // Opened the next morning before the first visit: still useful, said so.
        let morning = paperwork_notice(
            zone(),
            &NoticeRules::default(),
            date(10),
            &starts,
            at(10, 7, 30),
        )
        .unwrap();
        assert_eq!(morning.title, "Pull paperwork: 2 patients this morning");
        assert_eq!(morning.key, notice.key);
        assert_eq!(
            decide(morning.due, morning.useful_until, at(10, 7, 30)),
            Decision::Deliver
        );
        assert_eq!(
            decide(morning.due, morning.useful_until, at(10, 9, 0)),
            Decision::Miss
        );
        let rules = NoticeRules {
            paperwork_at_min: Some(17 * 60 + 30),
            ..NoticeRules::default()
        };
        let later = paperwork_notice(zone(), &rules, date(10), &starts, at(9, 9, 0)).unwrap();
        assert_eq!(later.due, at(9, 17, 30));
        let off = NoticeRules {
            paperwork_at_min: None,
            ..NoticeRules::default()
        };
        assert!(paperwork_notice(zone(), &off, date(10), &starts, at(9, 9, 0)).is_none());
        assert!(
            paperwork_notice(
                zone(),
                &NoticeRules::default(),
                date(10),
                &[at(10, 13, 0)],
                at(9, 9, 0)
            )
            .is_none(),
            "no morning visits with forms, no reminder"
        );
    }

    #[test]
    fn paperwork_on_the_day_after_the_clocks_change_is_due_at_local_time() {
        // 8 March 2026 the clocks spring forward in Chicago: 16:00 CDT is 21:00 UTC.
        let notice = paperwork_notice(
            zone(),
            &NoticeRules::default(),
            date(9),
            &[at(9, 9, 0)],
            at(8, 9, 0),
        )
        .unwrap();
        assert_eq!(
            zone().format_rfc3339(notice.due),
            "2026-03-08T16:00:00-05:00"
        );
    }

    #[test]
    fn a_roles_gaps_of_a_day_are_one_notice_due_as_soon_as_seen_until_the_last_ends() {
        let h = |hour: u32| at(10, hour, 0).utc_seconds();
        let gaps = [
            Gap {
                appointment_id: None,
                need_index: None,
                role: "phlebotomist".into(),
                start: h(14),
                end: h(15),
                reason: GapReason::BelowMinimum { have: 0, min: 1 },
            },
            Gap {
                appointment_id: Some(4),
                need_index: Some(2),
                role: "phlebotomist".into(),
                start: h(9),
                end: h(9) + 600,
                reason: GapReason::Out {
                    resource_id: "phleb-osei".into(),
                    name: "Kwame Osei".into(),
                },
            },
            Gap {
                appointment_id: Some(5),
                need_index: Some(0),
                role: "phlebotomist".into(),
                start: h(9) + 600,
                end: h(9) + 1200,
                reason: GapReason::Out {
                    resource_id: "phleb-osei".into(),
                    name: "Kwame Osei".into(),
                },
            },
        ];
        let now = at(10, 8, 0);
        let notices = gap_notices(zone(), &NoticeRules::default(), date(10), &gaps, now);
        let titles: Vec<&str> = notices.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Coverage gap: phlebotomist needed for 2 visits 09:00–15:00"]
        );
        assert_eq!(
            notices[0].body,
            "Tuesday 10 March · no one on shift (the practice asks for 1); Kwame Osei is out"
        );
        assert!(notices.iter().all(|n| n.due == now));
        assert_eq!(notices[0].useful_until, at(10, 15, 0));
        // Only the headcount gap left: it says so, under the same key.
        let fewer = gap_notices(zone(), &NoticeRules::default(), date(10), &gaps[..1], now);
        assert_eq!(fewer[0].title, "Coverage gap: no phlebotomist 14:00–15:00");
        assert_eq!(fewer[0].key, notices[0].key);
        // Another role is another notice.
        let mut two_roles = gaps.to_vec();
        two_roles.push(Gap {
            role: "nurse".into(),
            ..gaps[0].clone()
        });
        let both = gap_notices(zone(), &NoticeRules::default(), date(10), &two_roles, now);
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].title, "Coverage gap: no nurse 14:00–15:00");
        let again = gap_notices(
            zone(),
            &NoticeRules::default(),
            date(10),
            &gaps,
            at(10, 8, 1),
        );
        assert_eq!(
            notices.iter().map(|n| &n.key).collect::<Vec<_>>(),
            again.iter().map(|n| &n.key).collect::<Vec<_>>(),
            "the same gaps seen a minute later are the same notices"
        );
    }
}
