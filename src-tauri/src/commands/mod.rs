//! Tauri commands, one module per domain. Each command parses its input,
//! calls one core function with the acting staff member and the clock, and
//! maps the error. No business rule lives here. Adding one: write it here,
//! list it in `build.rs` and `capabilities/default.json`, register it in
//! `lib.rs`, call it from `ui/src/lib/api.ts`.

pub mod billing;
pub mod booking;
pub mod day;
pub mod patients;
pub mod prep;
pub mod reminders;
pub mod repair;
pub mod session;
pub mod setup;
pub mod staff;
pub mod window;
