-- Booking: intake rules, what an appointment was estimated as, the role each
-- assignment serves, and the history of every status change.

-- The practice's intake rules: one JSON document (frontdesk_engine::intake::IntakeRules).
CREATE TABLE intake_rules (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    rules_json  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;

ALTER TABLE appointments ADD COLUMN urgency TEXT NOT NULL DEFAULT 'routine';
-- e.g. "50 min: new patient + blood draw"
ALTER TABLE appointments ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
-- Labels of the extra parts added by intake, as a JSON array.
ALTER TABLE appointments ADD COLUMN extras_json TEXT NOT NULL DEFAULT '[]';
-- Why the visit was booked despite red-flag answers (null when there were none).
ALTER TABLE appointments ADD COLUMN red_flag_override TEXT;
-- Where the patient is in the visit, beside the FHIR status:
-- none, waiting, in-room, with-provider, done.
ALTER TABLE appointments ADD COLUMN flow_step TEXT NOT NULL DEFAULT 'none';
ALTER TABLE appointments ADD COLUMN updated_at INTEGER;
ALTER TABLE appointments ADD COLUMN updated_by TEXT;

ALTER TABLE appointment_assignments ADD COLUMN role TEXT NOT NULL DEFAULT '';

CREATE TABLE appointment_status_history (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id),
    at_utc          INTEGER NOT NULL,
    staff_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    flow_step       TEXT NOT NULL,
    -- 'booked', 'change' or 'undo'
    kind            TEXT NOT NULL,
    -- for an undo: the history row it reverted
    undoes          INTEGER REFERENCES appointment_status_history(id)
) STRICT;
CREATE INDEX status_history_by_appointment ON appointment_status_history(appointment_id, id);
