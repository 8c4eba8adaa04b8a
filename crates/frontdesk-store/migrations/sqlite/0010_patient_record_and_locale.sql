-- The practice's locale (BCP 47, e.g. en-US, en-GB, de-DE): how dates are
-- written and typed on every screen.
ALTER TABLE practice ADD COLUMN locale TEXT NOT NULL DEFAULT 'en-US';

-- What a front desk records about a patient beyond name, birth date and
-- contact: sex (FHIR administrative gender), address, a second phone, a
-- guardian (for a minor), insurance, an emergency contact.
ALTER TABLE patients ADD COLUMN sex TEXT
    CHECK (sex IS NULL OR sex IN ('female', 'male', 'other', 'unknown'));
ALTER TABLE patients ADD COLUMN address TEXT;
ALTER TABLE patients ADD COLUMN other_phone TEXT;
ALTER TABLE patients ADD COLUMN guardian_name TEXT;
ALTER TABLE patients ADD COLUMN guardian_phone TEXT;
ALTER TABLE patients ADD COLUMN insurance_payer TEXT;
ALTER TABLE patients ADD COLUMN insurance_member_id TEXT;
ALTER TABLE patients ADD COLUMN emergency_name TEXT;
ALTER TABLE patients ADD COLUMN emergency_phone TEXT;
