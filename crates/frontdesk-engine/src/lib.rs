//! Frontdesk's scheduling engine: pure functions over calendars and visit types.
//!
//! This crate owns the rules of *when* a visit can happen. It does no IO, holds
//! no clock and knows nothing of databases or windows, so every rule here is
//! testable in milliseconds. The store feeds it data; the core asks it questions.

pub mod grid;
pub mod intake;
