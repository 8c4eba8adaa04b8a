-- The waitlist: patients waiting for sooner time, with what they accept
-- (visit, providers, weekdays, time of day, urgency, until when), and each
-- offer of a freed slot made to one of them (who called, the outcome).
CREATE TABLE waitlist_entries (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients(id),
    visit_type_id   TEXT NOT NULL,
    answers_json    TEXT,
    explanation     TEXT NOT NULL,
    providers       TEXT NOT NULL,
    weekdays        TEXT NOT NULL,
    time_of_day     TEXT CHECK (time_of_day IN ('morning', 'afternoon', 'evening')),
    urgency         TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent')),
    until_date      TEXT,
    note            TEXT,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'booked', 'removed')),
    appointment_id  INTEGER REFERENCES appointments(id),
    closed_at       INTEGER,
    closed_by       TEXT
);
CREATE INDEX waitlist_entries_by_status ON waitlist_entries(status, created_at);
CREATE INDEX waitlist_entries_by_patient ON waitlist_entries(patient_id);

CREATE TABLE waitlist_offers (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES waitlist_entries(id),
    slot_start      INTEGER NOT NULL,
    resources       TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'declined', 'no-answer', 'left-message')),
    note            TEXT,
    offered_at      INTEGER NOT NULL,
    offered_by      TEXT NOT NULL
);
CREATE INDEX waitlist_offers_by_entry ON waitlist_offers(entry_id);
