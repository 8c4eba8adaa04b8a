-- The practice's revision: a counter that every change to the practice's
-- description (the practice row, resources and roles, hours and exceptions,
-- visit types with needs and prep, intake rules, staff marked out, the
-- practice's closures) moves on,
-- by trigger, whoever writes. A workstation keeps the practice it read with
-- the revision it read first, and reads it again only when the revision has
-- moved: one small query instead of a dozen per booking or day view. Each
-- database keeps its own count (a copy between databases leaves it out).

CREATE TABLE practice_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  INTEGER NOT NULL
);
INSERT INTO practice_revision (id, revision) VALUES (1, 1);

CREATE TRIGGER practice_insert_revision AFTER INSERT ON practice
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER practice_update_revision AFTER UPDATE ON practice
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER practice_delete_revision AFTER DELETE ON practice
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resources_insert_revision AFTER INSERT ON resources
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resources_update_revision AFTER UPDATE ON resources
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resources_delete_revision AFTER DELETE ON resources
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_roles_insert_revision AFTER INSERT ON resource_roles
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_roles_update_revision AFTER UPDATE ON resource_roles
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_roles_delete_revision AFTER DELETE ON resource_roles
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_hours_insert_revision AFTER INSERT ON resource_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_hours_update_revision AFTER UPDATE ON resource_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_hours_delete_revision AFTER DELETE ON resource_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exceptions_insert_revision AFTER INSERT ON resource_exceptions
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exceptions_update_revision AFTER UPDATE ON resource_exceptions
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exceptions_delete_revision AFTER DELETE ON resource_exceptions
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exception_hours_insert_revision AFTER INSERT ON resource_exception_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exception_hours_update_revision AFTER UPDATE ON resource_exception_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_exception_hours_delete_revision AFTER DELETE ON resource_exception_hours
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_types_insert_revision AFTER INSERT ON visit_types
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_types_update_revision AFTER UPDATE ON visit_types
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_types_delete_revision AFTER DELETE ON visit_types
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_needs_insert_revision AFTER INSERT ON visit_type_needs
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_needs_update_revision AFTER UPDATE ON visit_type_needs
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_needs_delete_revision AFTER DELETE ON visit_type_needs
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_prep_insert_revision AFTER INSERT ON visit_type_prep
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_prep_update_revision AFTER UPDATE ON visit_type_prep
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER visit_type_prep_delete_revision AFTER DELETE ON visit_type_prep
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER intake_rules_insert_revision AFTER INSERT ON intake_rules
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER intake_rules_update_revision AFTER UPDATE ON intake_rules
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER intake_rules_delete_revision AFTER DELETE ON intake_rules
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER staff_absences_insert_revision AFTER INSERT ON staff_absences
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER staff_absences_update_revision AFTER UPDATE ON staff_absences
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER staff_absences_delete_revision AFTER DELETE ON staff_absences
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER practice_closures_insert_revision AFTER INSERT ON practice_closures
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER practice_closures_update_revision AFTER UPDATE ON practice_closures
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER practice_closures_delete_revision AFTER DELETE ON practice_closures
BEGIN
    UPDATE practice_revision SET revision = revision + 1 WHERE id = 1;
END;
