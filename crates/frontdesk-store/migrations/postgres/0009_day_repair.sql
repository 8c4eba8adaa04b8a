-- Getting a late day back on track (issue 14): the practice's settings, and
-- a notification kind for staff whose work a repair moved.

-- Minutes behind at which the Day page shows its banner (NULL: 15).
ALTER TABLE practice ADD COLUMN behind_threshold_min BIGINT
    CHECK (behind_threshold_min IS NULL OR behind_threshold_min BETWEEN 1 AND 240);
-- Whether a repair may send routine visits of patients not yet here to
-- another day (NULL: yes).
ALTER TABLE practice ADD COLUMN repair_defers_routine BIGINT
    CHECK (repair_defers_routine IS NULL OR repair_defers_routine IN (0, 1));
-- How long past their close a repair may keep staff and rooms (NULL: 60).
ALTER TABLE practice ADD COLUMN repair_max_overtime_min BIGINT
    CHECK (repair_max_overtime_min IS NULL OR repair_max_overtime_min BETWEEN 0 AND 240);

-- 'moved': "your work changed" after a repair.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('paperwork', 'alert', 'gap', 'moved'));
