-- Practice details and policies.
ALTER TABLE practice ADD COLUMN address TEXT;
ALTER TABLE practice ADD COLUMN phone TEXT;
ALTER TABLE practice ADD COLUMN reminder_lead_hours BIGINT;
ALTER TABLE practice ADD COLUMN late_cancel_window_hours BIGINT;
-- In the practice's currency's smallest unit (cents).
ALTER TABLE practice ADD COLUMN late_cancel_fee_cents BIGINT;
