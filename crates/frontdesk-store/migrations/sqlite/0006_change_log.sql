-- Every committed change to what people see (appointments, checklists,
-- staff marked out, the practice's setup) appends a row naming the local
-- dates it touched, in the same transaction. Other processes and
-- workstations poll its newest seq to know what to refetch; reads (and their
-- audit rows) never append here, so a window refetching its page does not
-- make every other window refetch too.
CREATE TABLE change_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc  INTEGER NOT NULL,
    -- Comma-separated local dates (YYYY-MM-DD); empty: everything may have changed.
    dates   TEXT NOT NULL
) STRICT;
