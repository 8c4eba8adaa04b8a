//! The coded words every layer shares: an appointment's FHIR status and its
//! flow step, a resource's kind, a patient's contact channel, and what the
//! audit trail records (action and subject). Each is one
//! enum with its spelling (stored in the database, sent over IPC as a
//! TypeScript union of literals, printed by the CLI) and its rules — which
//! statuses hold time is decided here and nowhere else.

/// Declares a coded enum: the variants with their spellings, `ALL`,
/// `as_str`, `parse` and serde (and, with the `ts` feature, a TypeScript
/// union) that agree by construction.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling stored and sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value spelled `text`, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

coded! {
    /// FHIR R4 `Appointment.status`.
    AppointmentStatus {
        Proposed = "proposed",
        Pending = "pending",
        Booked = "booked",
        Arrived = "arrived",
        Fulfilled = "fulfilled",
        Cancelled = "cancelled",
        Noshow = "noshow",
        EnteredInError = "entered-in-error",
        CheckedIn = "checked-in",
        Waitlist = "waitlist",
    }
}

impl AppointmentStatus {
    /// Whether an appointment in this status keeps its resources busy.
    pub const fn holds_time(self) -> bool {
        !matches!(
            self,
            AppointmentStatus::Cancelled
                | AppointmentStatus::Noshow
                | AppointmentStatus::EnteredInError
        )
    }

    /// The word staff read ("Arrived", "No-show"); the UI gets the same
    /// words as `STATUS_LABELS`.
    pub const fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Proposed => "Proposed",
            AppointmentStatus::Pending => "Pending",
            AppointmentStatus::Booked => "Booked",
            AppointmentStatus::Arrived => "Arrived",
            AppointmentStatus::Fulfilled => "Done",
            AppointmentStatus::Cancelled => "Cancelled",
            AppointmentStatus::Noshow => "No-show",
            AppointmentStatus::EnteredInError => "Entered in error",
            AppointmentStatus::CheckedIn => "Checked in",
            AppointmentStatus::Waitlist => "Waitlist",
        }
    }

    /// Whether this status says what happened on the visit's day (arrived,
    /// checked in, done, no-show): it cannot be set before that day.
    pub const fn happens_on_the_day(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Arrived
                | AppointmentStatus::CheckedIn
                | AppointmentStatus::Fulfilled
                | AppointmentStatus::Noshow
        )
    }

    /// The statuses that hold no time.
    pub fn free_statuses() -> impl Iterator<Item = AppointmentStatus> {
        Self::ALL
            .iter()
            .copied()
            .filter(|status| !status.holds_time())
    }
}

coded! {
    /// Where the patient is in the visit, beside the FHIR status.
    FlowStep {
        None = "none",
        Waiting = "waiting",
        InRoom = "in-room",
        WithProvider = "with-provider",
        Done = "done",
    }
}

impl FlowStep {
    /// The word staff read ("In room"); the UI gets `FLOW_STEP_LABELS`.
    pub const fn label(self) -> &'static str {
        match self {
            FlowStep::None => "Not started",
            FlowStep::Waiting => "Waiting",
            FlowStep::InRoom => "In room",
            FlowStep::WithProvider => "With provider",
            FlowStep::Done => "Done",
        }
    }

    /// Whether the patient must be there for this step (all but none).
    pub const fn happens_on_the_day(self) -> bool {
        !matches!(self, FlowStep::None)
    }
}

coded! {
    /// What a resource is: a person who sees patients, other staff, a room,
    /// a machine.
    ResourceKind {
        Provider = "provider",
        Staff = "staff",
        Room = "room",
        Equipment = "equipment",
    }
}

impl ResourceKind {
    /// Providers and staff: people with shifts, day sheets and absences.
    pub const fn is_person(self) -> bool {
        matches!(self, ResourceKind::Provider | ResourceKind::Staff)
    }
}

coded! {
    /// A patient's sex as the record keeps it (FHIR administrative gender).
    Sex {
        Female = "female",
        Male = "male",
        Other = "other",
        Unknown = "unknown",
    }
}

coded! {
    /// How a patient prefers to be reached.
    ContactChannel {
        Phone = "phone",
        Email = "email",
        Card = "card",
    }
}

coded! {
    /// What an audit row records someone doing.
    AuditAction {
        Read = "read",
        Search = "search",
        DuplicateCheck = "duplicate-check",
        Create = "create",
        Update = "update",
        Move = "move",
        Reassign = "reassign",
        Tick = "tick",
        Untick = "untick",
        MarkOut = "mark-out",
        MarkIn = "mark-in",
        Acknowledge = "acknowledge",
        /// A reminder was sent (or its sending failed) on the staff member's watch.
        Remind = "remind",
        /// A call's outcome or a visit's confirmation was recorded.
        Confirm = "confirm",
        /// A fee was waived (its reason kept).
        Waive = "waive",
        /// Every row of the database was copied to another (its id names where).
        CopyOut = "copy-out",
        /// The database was filled by copying another (its id names which).
        CopyIn = "copy-in",
    }
}

impl AuditAction {
    /// Whether the action only looked at data.
    pub const fn is_read(self) -> bool {
        matches!(
            self,
            AuditAction::Read | AuditAction::Search | AuditAction::DuplicateCheck
        )
    }
}

coded! {
    /// What an audit row is about (its `subject_id` names which one).
    AuditSubject {
        Appointment = "appointment",
        Patient = "patient",
        Day = "day",
        Prep = "prep",
        PrepItem = "prep_item",
        Staff = "staff",
        Notification = "notification",
        Reminder = "reminder",
        /// A late-cancellation or no-show fee.
        Fee = "fee",
        /// A whole database (`subject_id`: where it is, never a password).
        Database = "database",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_through_parse_and_serde() {
        for status in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::parse(status.as_str()), Some(*status));
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        for step in FlowStep::ALL {
            let json = serde_json::to_string(step).unwrap();
            assert_eq!(serde_json::from_str::<FlowStep>(&json).unwrap(), *step);
        }
        assert_eq!(FlowStep::parse("in-room"), Some(FlowStep::InRoom));
        assert_eq!(AppointmentStatus::parse("no-show"), None);
        assert_eq!(ResourceKind::parse("robot"), None);
        assert_eq!(ContactChannel::Email.to_string(), "email");
    }

    #[test]
    fn cancelled_no_show_and_errors_free_their_time() {
        let free: Vec<&str> = AppointmentStatus::free_statuses()
            .map(AppointmentStatus::as_str)
            .collect();
        assert_eq!(free, ["cancelled", "noshow", "entered-in-error"]);
        assert!(AppointmentStatus::Arrived.holds_time());
        assert!(AppointmentStatus::Noshow.happens_on_the_day());
        assert!(!AppointmentStatus::Cancelled.happens_on_the_day());
        assert!(FlowStep::InRoom.happens_on_the_day());
        assert!(ResourceKind::Staff.is_person());
        assert!(!ResourceKind::Room.is_person());
    }
}
