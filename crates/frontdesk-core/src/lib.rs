//! Frontdesk's use cases. Each public function is one thing a person does
//! (open the demo, read the day, later book, cancel, tick a prep item); it
//! takes the acting staff member ([`Actor`]) and a [`Clock`], combines the pure
//! engine with the store, and returns typed errors ([`CoreError`]) whose codes
//! every front end shares. No Tauri here: the desktop shell and the CLI both
//! call these same functions.

pub mod actor;
pub mod audited;
pub mod billing;
pub mod bindings;
pub mod booking;
pub mod cancellations;
pub mod changes;
pub mod check;
pub mod clock;
pub mod copy;
pub mod coverage;
pub mod database_keys;
pub mod databases;
pub mod day;
pub mod day_repair;
pub mod day_sheets;
pub mod demo;
mod error;
pub mod local_time;
pub mod notifications;
pub mod panic_hook;
pub mod patients;
pub mod practice_file;
pub mod prep;
mod redact;
pub mod reminders;
pub mod reschedule;
pub mod schedule_model;
pub mod setup;
pub mod status;
pub mod views;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{CoreError, ErrorCode};

/// The store, for front ends that hold an open database between calls.
pub use frontdesk_store as store;
