-- The database itself refuses a double booking, whoever writes: an
-- assignment row carries whether its appointment holds time (kept in step
-- with the appointment's status by a trigger), and triggers refuse an
-- assignment that would overlap another one of the same resource while both
-- hold time. The core checks first and says why; this holds the invariant
-- even against a buggy or old client. PostgreSQL does the same with an
-- exclusion constraint.

ALTER TABLE appointment_assignments ADD COLUMN holds_time INTEGER NOT NULL DEFAULT 1
    CHECK (holds_time IN (0, 1));

UPDATE appointment_assignments SET holds_time = (
    SELECT CASE WHEN a.status IN ('cancelled', 'noshow', 'entered-in-error') THEN 0 ELSE 1 END
    FROM appointments a WHERE a.id = appointment_assignments.appointment_id
);

CREATE INDEX assignments_holding_time ON appointment_assignments(resource_id, start_utc)
    WHERE holds_time = 1;

CREATE TRIGGER appointments_status_holds_time AFTER UPDATE OF status ON appointments
BEGIN
    UPDATE appointment_assignments
    SET holds_time = CASE WHEN new.status IN ('cancelled', 'noshow', 'entered-in-error') THEN 0 ELSE 1 END
    WHERE appointment_id = new.id;
END;

CREATE TRIGGER assignments_no_overlap_insert BEFORE INSERT ON appointment_assignments
WHEN new.holds_time = 1
BEGIN
    SELECT RAISE(ABORT, 'frontdesk: resource already taken')
    WHERE EXISTS (
        SELECT 1 FROM appointment_assignments s
        WHERE s.resource_id = new.resource_id AND s.holds_time = 1
          AND s.start_utc < new.end_utc AND s.end_utc > new.start_utc
    );
END;

CREATE TRIGGER assignments_no_overlap_update
BEFORE UPDATE OF resource_id, start_utc, end_utc, holds_time ON appointment_assignments
WHEN new.holds_time = 1
BEGIN
    SELECT RAISE(ABORT, 'frontdesk: resource already taken')
    WHERE EXISTS (
        SELECT 1 FROM appointment_assignments s
        WHERE s.resource_id = new.resource_id AND s.holds_time = 1
          AND s.start_utc < new.end_utc AND s.end_utc > new.start_utc
          AND NOT (s.appointment_id = old.appointment_id AND s.need_index = old.need_index)
    );
END;
