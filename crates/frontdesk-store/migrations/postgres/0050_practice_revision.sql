-- The practice's revision: a counter that every change to the practice's
-- description (the practice row, resources and roles, hours and exceptions,
-- visit types with needs and prep, intake rules, staff marked out) moves on,
-- by trigger, whoever writes. A workstation keeps the practice it read with
-- the revision it read first, and reads it again only when the revision has
-- moved: one small query instead of a dozen per booking or day view. Each
-- database keeps its own count (a copy between databases leaves it out).

CREATE TABLE practice_revision (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    revision  BIGINT NOT NULL
);
INSERT INTO practice_revision (id, revision) VALUES (1, 1);

CREATE FUNCTION practice_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER practice_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON practice
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER resources_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resources
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER resource_roles_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_roles
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER resource_hours_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_hours
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER resource_exceptions_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_exceptions
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER resource_exception_hours_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_exception_hours
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER visit_types_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON visit_types
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER visit_type_needs_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON visit_type_needs
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER visit_type_prep_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON visit_type_prep
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER intake_rules_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON intake_rules
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();

CREATE TRIGGER staff_absences_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_absences
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();
CREATE TRIGGER practice_closures_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON practice_closures
    FOR EACH STATEMENT EXECUTE FUNCTION practice_revision_bump();
