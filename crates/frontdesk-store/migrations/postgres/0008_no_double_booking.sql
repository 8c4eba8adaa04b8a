-- The database itself refuses a double booking, whoever writes: an
-- assignment row carries whether its appointment holds time (kept in step
-- with the appointment's status by a trigger), and an exclusion constraint
-- refuses two rows of one resource with overlapping times while both hold
-- time (SQLSTATE 23P01). The core checks first and says why; this holds the
-- invariant against races between workstations and any other client.

CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE appointment_assignments ADD COLUMN holds_time BIGINT NOT NULL DEFAULT 1
    CHECK (holds_time IN (0, 1));

UPDATE appointment_assignments s SET holds_time = CASE
    WHEN a.status IN ('cancelled', 'noshow', 'entered-in-error') THEN 0 ELSE 1 END
FROM appointments a WHERE a.id = s.appointment_id;

CREATE INDEX assignments_holding_time ON appointment_assignments(resource_id, start_utc)
    WHERE holds_time = 1;

CREATE FUNCTION appointments_status_holds_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE appointment_assignments
    SET holds_time = CASE WHEN NEW.status IN ('cancelled', 'noshow', 'entered-in-error') THEN 0 ELSE 1 END
    WHERE appointment_id = NEW.id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER appointments_status_holds_time AFTER UPDATE OF status ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_status_holds_time();

ALTER TABLE appointment_assignments ADD CONSTRAINT assignments_no_overlap
    EXCLUDE USING gist (resource_id WITH =, int8range(start_utc, end_utc) WITH &&)
    WHERE (holds_time = 1);
