-- How many days ahead the practice books (NULL: the app's default, two years).
ALTER TABLE practice ADD COLUMN booking_horizon_days BIGINT
    CHECK (booking_horizon_days IS NULL OR booking_horizon_days BETWEEN 1 AND 3650);
