-- Cancellations and no-shows by the practice's policy: the no-show fee and
-- grace period; who asked for each cancellation, why and when the patient
-- told us; and every fee noted (late cancellation, no-show), with its
-- waiver kept beside it, never erased.
ALTER TABLE practice ADD COLUMN no_show_fee_cents INTEGER;
ALTER TABLE practice ADD COLUMN no_show_grace_minutes INTEGER;

CREATE TABLE cancellations (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id),
    cancelled_by    TEXT NOT NULL CHECK (cancelled_by IN ('patient', 'clinic', 'provider')),
    reason          TEXT,
    notified_at     INTEGER NOT NULL,
    late            INTEGER NOT NULL CHECK (late IN (0, 1)),
    recorded_at     INTEGER NOT NULL,
    recorded_by     TEXT NOT NULL
);
CREATE INDEX cancellations_by_appointment ON cancellations(appointment_id);

CREATE TABLE fees (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id),
    patient_id      INTEGER NOT NULL REFERENCES patients(id),
    kind            TEXT NOT NULL CHECK (kind IN ('late-cancel', 'no-show')),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    noted_at        INTEGER NOT NULL,
    noted_by        TEXT NOT NULL,
    waived_at       INTEGER,
    waived_by       TEXT,
    waive_reason    TEXT,
    CHECK ((waived_at IS NULL) = (waived_by IS NULL) AND (waived_at IS NULL) = (waive_reason IS NULL))
);
CREATE INDEX fees_by_noted_at ON fees(noted_at);
CREATE INDEX fees_by_appointment ON fees(appointment_id);
