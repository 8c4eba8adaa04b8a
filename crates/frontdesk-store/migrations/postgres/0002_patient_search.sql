-- Frontdesk schema on PostgreSQL, version 2: patient search and duplicate lookup.
--
-- SQLite searches with an FTS5 index; here every patient's search terms are
-- rows of `patient_search_terms` (written by the store, in the transaction
-- that writes the patient, from the same rules: names folded to plain
-- lower-case letters and split into words, plus each name without its
-- apostrophes, hyphens and full stops; every suffix of the phone's digits;
-- the birth date as YYYYMMDD, MMDDYYYY and DDMMYYYY). A typed token matches a
-- term it is a prefix of, through the text_pattern_ops index. Both databases
-- pass the same search tests.

CREATE INDEX patients_by_birth_date ON patients(birth_date);

CREATE TABLE patient_search_terms (
    patient_id  BIGINT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    term        TEXT NOT NULL,
    PRIMARY KEY (patient_id, term)
);
CREATE INDEX patient_search_terms_by_term ON patient_search_terms(term text_pattern_ops);
