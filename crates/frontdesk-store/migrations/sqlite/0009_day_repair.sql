-- Getting a late day back on track (issue 14): the practice's settings, and
-- a notification kind for staff whose work a repair moved.

-- Minutes behind at which the Day page shows its banner (NULL: 15).
ALTER TABLE practice ADD COLUMN behind_threshold_min INTEGER
    CHECK (behind_threshold_min IS NULL OR behind_threshold_min BETWEEN 1 AND 240);
-- Whether a repair may send routine visits of patients not yet here to
-- another day (NULL: yes).
ALTER TABLE practice ADD COLUMN repair_defers_routine INTEGER
    CHECK (repair_defers_routine IS NULL OR repair_defers_routine IN (0, 1));
-- How long past their close a repair may keep staff and rooms (NULL: 60).
ALTER TABLE practice ADD COLUMN repair_max_overtime_min INTEGER
    CHECK (repair_max_overtime_min IS NULL OR repair_max_overtime_min BETWEEN 0 AND 240);

-- 'moved': "your work changed" after a repair. SQLite cannot alter a CHECK:
-- the table is rebuilt with the same columns and indexes.
CREATE TABLE notifications_new (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('paperwork', 'alert', 'gap', 'moved')),
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
INSERT INTO notifications_new (id, key, kind, date, page, appointment_id, title, body, due_utc,
    useful_until_utc, state, created_at, delivered_at, missed_at, acknowledged_at, acknowledged_by)
SELECT id, key, kind, date, page, appointment_id, title, body, due_utc,
    useful_until_utc, state, created_at, delivered_at, missed_at, acknowledged_at, acknowledged_by
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_by_state ON notifications(state, due_utc);
CREATE INDEX notifications_by_date ON notifications(date);
