-- Patient reminders: the practice's rules (one JSON document,
-- frontdesk_core::reminders::RulesDocument), the queue of every reminder
-- planned with its state, and the confirmation status beside the booking status.

CREATE TABLE reminder_rules (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    rules_json  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;

-- Raised on every move: the calendar invite's SEQUENCE.
ALTER TABLE appointments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- Confirmed by the patient (from the call list or at the desk); NULL: not yet.
ALTER TABLE appointments ADD COLUMN confirmed_at INTEGER;
ALTER TABLE appointments ADD COLUMN confirmed_by TEXT;

-- planned → sending → sent | failed (why) | planned again (a transient error,
-- next_try_utc); skipped (why). "sending" is written before the message goes
-- out: one still "sending" after a crash is reported for a person to check,
-- never sent again by itself.
CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id),
    revision        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('reminder', 'update', 'cancel')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'call', 'letter')),
    language        TEXT NOT NULL CHECK (language IN ('en', 'es')),
    due_utc         INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'sent', 'failed', 'skipped')),
    why             TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_utc    INTEGER,
    -- A call's outcome: confirmed, left-message, no-answer, wrong-number, change, cancel.
    outcome         TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL
) STRICT;
CREATE INDEX reminders_by_state ON reminders(state, due_utc);
CREATE INDEX reminders_by_appointment ON reminders(appointment_id);
