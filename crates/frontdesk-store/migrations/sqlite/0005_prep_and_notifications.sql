-- Prep checklists, staff coverage and desktop notifications.

-- The prep items each visit type brings (practice data, edited on Setup).
CREATE TABLE visit_type_prep (
    visit_type_id TEXT NOT NULL REFERENCES visit_types(id),
    item_index    INTEGER NOT NULL CHECK (item_index >= 0),
    kind          TEXT NOT NULL CHECK (kind IN ('form', 'supply', 'alert')),
    label         TEXT NOT NULL CHECK (length(label) > 0),
    role          TEXT CHECK (role IS NULL OR length(role) > 0),
    lead_min      INTEGER CHECK (lead_min IS NULL OR lead_min BETWEEN 0 AND 10080),
    PRIMARY KEY (visit_type_id, item_index)
) STRICT;

-- An appointment's checklist, made when it is booked. Moving the visit
-- re-times it; cancelling withdraws it (withdrawn_at), reviving brings it back.
CREATE TABLE prep_items (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id),
    position        INTEGER NOT NULL CHECK (position >= 0),
    -- 'visit' or 'extra:<label of the intake extra part>'
    source          TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('form', 'supply', 'alert')),
    label           TEXT NOT NULL,
    role            TEXT,
    lead_min        INTEGER,
    -- The start of the item's role's part of the visit (or of the visit).
    moment_utc      INTEGER NOT NULL,
    due_utc         INTEGER,
    done_at         INTEGER,
    -- Who did it: a staff member's resource id (or the workstation user) and name.
    done_by_id      TEXT,
    done_by_name    TEXT,
    withdrawn_at    INTEGER,
    UNIQUE (appointment_id, position)
) STRICT;
CREATE INDEX prep_items_by_due ON prep_items(due_utc);

-- Every tick and untick, with who and when.
CREATE TABLE prep_item_events (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES prep_items(id),
    at_utc    INTEGER NOT NULL,
    staff_id  TEXT NOT NULL,
    by_id     TEXT NOT NULL,
    by_name   TEXT NOT NULL,
    done      INTEGER NOT NULL CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX prep_item_events_by_item ON prep_item_events(item_id, id);

-- A staff member marked out for a local date (sick call). The engine treats
-- the day as closed for them; the practice's hours template is untouched.
CREATE TABLE staff_absences (
    resource_id TEXT NOT NULL REFERENCES resources(id),
    date        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    at_utc      INTEGER NOT NULL,
    staff_id    TEXT NOT NULL,
    PRIMARY KEY (resource_id, date)
) STRICT;

-- The least headcount of a role over local minutes [from_min, until_min) of
-- every day the practice is open.
CREATE TABLE coverage_minimums (
    position   INTEGER NOT NULL PRIMARY KEY,
    role       TEXT NOT NULL CHECK (length(role) > 0),
    min_count  INTEGER NOT NULL CHECK (min_count >= 1),
    from_min   INTEGER NOT NULL CHECK (from_min BETWEEN 0 AND 1440),
    until_min  INTEGER NOT NULL CHECK (until_min BETWEEN 0 AND 1440 AND until_min > from_min)
) STRICT;

-- The practice's notification rules (one row).
CREATE TABLE notification_rules (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    -- Local minute of the day before; NULL turns the paperwork reminder off.
    paperwork_at_min  INTEGER DEFAULT 960 CHECK (paperwork_at_min IS NULL OR paperwork_at_min BETWEEN 0 AND 1439),
    alerts            INTEGER NOT NULL DEFAULT 1 CHECK (alerts IN (0, 1)),
    gaps              INTEGER NOT NULL DEFAULT 1 CHECK (gaps IN (0, 1)),
    patient_initials  INTEGER NOT NULL DEFAULT 0 CHECK (patient_initials IN (0, 1))
) STRICT;
INSERT INTO notification_rules (id) VALUES (1);

-- Every notification planned, once per key: pending → delivered →
-- acknowledged, or missed (its moment passed before it could be shown), or
-- withdrawn (what it was about went away before it fell due).
CREATE TABLE notifications (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('paperwork', 'alert', 'gap')),
    date              TEXT NOT NULL,
    page              TEXT NOT NULL,
    appointment_id    INTEGER,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    due_utc           INTEGER NOT NULL,
    useful_until_utc  INTEGER NOT NULL,
    state             TEXT NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'delivered', 'acknowledged', 'missed', 'withdrawn')),
    created_at        INTEGER NOT NULL,
    delivered_at      INTEGER,
    missed_at         INTEGER,
    acknowledged_at   INTEGER,
    acknowledged_by   TEXT
) STRICT;
CREATE INDEX notifications_by_state ON notifications(state, due_utc);
CREATE INDEX notifications_by_date ON notifications(date);
