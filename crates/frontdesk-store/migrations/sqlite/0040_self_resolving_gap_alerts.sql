-- A coverage-gap notification resolves itself once its gap is closed (the
-- person is back, the visit moved): when, kept beside its state. A gap that
-- opens again clears it and notifies again.
ALTER TABLE notifications ADD COLUMN resolved_at INTEGER;
