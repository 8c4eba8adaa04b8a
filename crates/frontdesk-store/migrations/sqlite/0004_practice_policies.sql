-- Practice details and policies kept for later use (reminders, late cancellations).
ALTER TABLE practice ADD COLUMN address TEXT;
ALTER TABLE practice ADD COLUMN phone TEXT;
ALTER TABLE practice ADD COLUMN reminder_lead_hours INTEGER;
ALTER TABLE practice ADD COLUMN late_cancel_window_hours INTEGER;
-- In the practice's currency's smallest unit (cents).
ALTER TABLE practice ADD COLUMN late_cancel_fee_cents INTEGER;
