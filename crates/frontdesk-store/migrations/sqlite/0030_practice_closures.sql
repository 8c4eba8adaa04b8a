-- Practice-wide closures: one entry (a holiday, a training day) closes every
-- resource from first_date to last_date (local YYYY-MM-DD, both included),
-- whatever its weekly hours or exceptions say.
CREATE TABLE practice_closures (
    position    INTEGER NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    first_date  TEXT NOT NULL CHECK (length(first_date) = 10),
    last_date   TEXT NOT NULL CHECK (length(last_date) = 10 AND last_date >= first_date)
) STRICT;
