-- Frontdesk schema, version 1. Migrations are append-only: never edit a shipped one.
-- Instants are INTEGER seconds since the Unix epoch, UTC. Local wall-clock hours are
-- minutes after local midnight in the practice's zone.

CREATE TABLE database_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE practice (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    name      TEXT NOT NULL CHECK (length(name) > 0),
    timezone  TEXT NOT NULL,
    grid_min  INTEGER NOT NULL CHECK (grid_min BETWEEN 1 AND 60),
    is_demo   INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;

CREATE TABLE staff (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE resources (
    id        TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('provider', 'staff', 'room', 'equipment')),
    position  INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE resource_roles (
    resource_id TEXT NOT NULL REFERENCES resources(id),
    role        TEXT NOT NULL CHECK (length(role) > 0),
    PRIMARY KEY (resource_id, role)
) STRICT;

-- Weekly template: weekday 0 = Monday .. 6 = Sunday.
CREATE TABLE resource_hours (
    resource_id TEXT NOT NULL REFERENCES resources(id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440 AND end_min > start_min),
    PRIMARY KEY (resource_id, weekday, start_min)
) STRICT;

-- A dated exception replaces the template for that local date; no hours rows = closed.
CREATE TABLE resource_exceptions (
    resource_id TEXT NOT NULL REFERENCES resources(id),
    date        TEXT NOT NULL,
    note        TEXT,
    PRIMARY KEY (resource_id, date)
) STRICT;

CREATE TABLE resource_exception_hours (
    resource_id TEXT NOT NULL,
    date        TEXT NOT NULL,
    start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440 AND end_min > start_min),
    PRIMARY KEY (resource_id, date, start_min),
    FOREIGN KEY (resource_id, date) REFERENCES resource_exceptions(resource_id, date)
) STRICT;

CREATE TABLE visit_types (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    colour        TEXT NOT NULL,
    duration_min  INTEGER NOT NULL CHECK (duration_min > 0),
    position      INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE visit_type_needs (
    visit_type_id TEXT NOT NULL REFERENCES visit_types(id),
    need_index    INTEGER NOT NULL CHECK (need_index >= 0),
    role          TEXT NOT NULL,
    offset_min    INTEGER NOT NULL CHECK (offset_min >= 0),
    duration_min  INTEGER NOT NULL CHECK (duration_min > 0),
    PRIMARY KEY (visit_type_id, need_index)
) STRICT;

CREATE TABLE patients (
    id                INTEGER PRIMARY KEY,
    family_name       TEXT NOT NULL,
    given_name        TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    phone             TEXT,
    email             TEXT,
    language          TEXT NOT NULL DEFAULT 'en',
    contact_channel   TEXT NOT NULL DEFAULT 'phone' CHECK (contact_channel IN ('phone', 'email', 'card')),
    reminder_consent  INTEGER NOT NULL DEFAULT 1 CHECK (reminder_consent IN (0, 1)),
    notes             TEXT,
    created_at        INTEGER NOT NULL,
    created_by        TEXT NOT NULL
) STRICT;

-- FHIR R4 Appointment.status.
CREATE TABLE appointments (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES patients(id),
    visit_type_id  TEXT NOT NULL REFERENCES visit_types(id),
    start_utc      INTEGER NOT NULL,
    end_utc        INTEGER NOT NULL CHECK (end_utc > start_utc),
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'pending', 'booked', 'arrived',
                        'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist')),
    created_at     INTEGER NOT NULL,
    created_by     TEXT NOT NULL
) STRICT;
CREATE INDEX appointments_by_start ON appointments(start_utc);
CREATE INDEX appointments_by_patient ON appointments(patient_id);

-- One row per need of the visit type: which resource serves it, when.
CREATE TABLE appointment_assignments (
    appointment_id INTEGER NOT NULL REFERENCES appointments(id),
    need_index     INTEGER NOT NULL,
    resource_id    TEXT NOT NULL REFERENCES resources(id),
    start_utc      INTEGER NOT NULL,
    end_utc        INTEGER NOT NULL CHECK (end_utc > start_utc),
    PRIMARY KEY (appointment_id, need_index)
) STRICT;
CREATE INDEX assignments_by_resource ON appointment_assignments(resource_id, start_utc);

-- Who read or changed patient data, and when. Ids only: never names or notes.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at_utc      INTEGER NOT NULL,
    staff_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    subject_id  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_time ON audit_events(at_utc);
