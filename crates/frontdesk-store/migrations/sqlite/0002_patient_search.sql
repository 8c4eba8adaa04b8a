-- Frontdesk schema, version 2: patient search and duplicate lookup.
-- Migrations are append-only: never edit a shipped one.
--
-- `patient_search` is an FTS5 index over every patient, keyed by the patient's
-- id (its rowid). It stores no text of its own (contentless), only the index:
--   names   the family and given names as written, plus each with apostrophes,
--           hyphens and full stops removed and the letters the tokenizer does not
--           fold spelt in plain Latin ("O'Neil-Hart" is found by "o", "neil", "hart"
--           and "oneilhart"; "Ødegård" by "ødeg" and "odeg"); case- and
--           accent-insensitive by the tokenizer;
--   digits  every suffix of the phone's digits (so a prefix query finds any run of
--           digits inside the number) and the birth date as YYYYMMDD, MMDDYYYY and
--           DDMMYYYY (so "1961-04", "04/12/1961" and "12.04.1961" all find it).
-- Queries are built in crates/frontdesk-store/src/patients.rs (`SearchQuery`):
-- every typed token must prefix-match a term.
--
-- The triggers keep the index in step with `patients` inside the writing
-- transaction, whoever writes; `patient_search_source` is the one definition of
-- what gets indexed.

CREATE INDEX patients_by_birth_date ON patients(birth_date);

CREATE VIEW patient_search_source AS
SELECT
    id,
    family_name || ' ' || given_name || ' ' ||
        replace(replace(replace(replace(
        replace(replace(replace(replace(replace(replace(replace(
        replace(replace(replace(replace(replace(replace(replace(
            family_name || ' ' || given_name,
            'Ø', 'O'), 'ø', 'o'), 'Æ', 'Ae'), 'æ', 'ae'), 'Œ', 'Oe'), 'œ', 'oe'), 'ß', 'ss'),
            'Ł', 'L'), 'ł', 'l'), 'Đ', 'D'), 'đ', 'd'), 'Þ', 'Th'), 'þ', 'th'), 'ı', 'i'),
            '''', ''), '’', ''), '-', ''), '.', '') AS names,
    substr(d, 1) || ' ' || substr(d, 2) || ' ' || substr(d, 3) || ' ' || substr(d, 4) || ' ' ||
    substr(d, 5) || ' ' || substr(d, 6) || ' ' || substr(d, 7) || ' ' || substr(d, 8) || ' ' ||
    substr(d, 9) || ' ' || substr(d, 10) || ' ' || substr(d, 11) || ' ' || substr(d, 12) || ' ' ||
    substr(d, 13) || ' ' || substr(d, 14) || ' ' || substr(d, 15) || ' ' ||
    replace(birth_date, '-', '') || ' ' ||
    substr(birth_date, 6, 2) || substr(birth_date, 9, 2) || substr(birth_date, 1, 4) || ' ' ||
    substr(birth_date, 9, 2) || substr(birth_date, 6, 2) || substr(birth_date, 1, 4) AS digits
FROM (
    SELECT id, family_name, given_name, birth_date,
        replace(replace(replace(replace(replace(replace(replace(coalesce(phone, ''),
            ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '') AS d
    FROM patients
);

CREATE VIRTUAL TABLE patient_search USING fts5(
    names,
    digits,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO patient_search (rowid, names, digits)
SELECT id, names, digits FROM patient_search_source;

CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patient_search (rowid, names, digits)
    SELECT id, names, digits FROM patient_search_source WHERE id = new.id;
END;

CREATE TRIGGER patients_search_update
AFTER UPDATE OF id, family_name, given_name, birth_date, phone ON patients BEGIN
    DELETE FROM patient_search WHERE rowid = old.id;
    INSERT INTO patient_search (rowid, names, digits)
    SELECT id, names, digits FROM patient_search_source WHERE id = new.id;
END;

CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN
    DELETE FROM patient_search WHERE rowid = old.id;
END;
