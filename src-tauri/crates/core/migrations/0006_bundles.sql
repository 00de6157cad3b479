-- 0006: bundles (USB exchange with the city bureau).
--
-- `sync_changes` is the change log incremental exports read: triggers on every synced table append
-- the primary key of each inserted, updated or deleted row, so an export needs no clock and carries
-- hard deletes as tombstones. `bundle_exports` records every bundle this database wrote.
-- On a city bureau's database, `city_branches` holds the branches it registered (their pinned keys)
-- and `city_imports` every bundle it applied; each branch's records live in a replica database of
-- their own under <data dir>/branches/.

CREATE TABLE sync_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl  TEXT NOT NULL,
    -- The row's primary key as a JSON object, e.g. {"pk":12} or {"assessment_id":"…","item_id":"1.2"}.
    key  TEXT NOT NULL
);

CREATE TABLE bundle_exports (
    -- 'data' (full and incremental bundles) or 'template' (a city bureau's template bundles).
    family          TEXT NOT NULL CHECK (family IN ('data', 'template')),
    sequence        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('full', 'incremental', 'template')),
    file_name       TEXT NOT NULL,
    path            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    file_sha256     TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    -- The last sync_changes.seq the bundle covers.
    change_mark     INTEGER NOT NULL,
    counts          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    PRIMARY KEY (family, sequence)
);

CREATE TABLE city_branches (
    pk              INTEGER PRIMARY KEY,
    -- The branch's id (its root unit's id); NULL for a key registered from a key list until the
    -- branch's first bundle arrives.
    branch_id       TEXT UNIQUE,
    name            TEXT NOT NULL,
    public_key      TEXT NOT NULL UNIQUE,
    fingerprint     TEXT NOT NULL,
    registered_at   TEXT NOT NULL,
    registered_by   TEXT NOT NULL,
    -- The figures computed from the replica at the last import (JSON), for the side-by-side view.
    status          TEXT
);

CREATE TABLE city_imports (
    branch_id       TEXT NOT NULL,
    sequence        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    counts          TEXT NOT NULL,
    PRIMARY KEY (branch_id, sequence)
);

CREATE TRIGGER sync_settings_insert AFTER INSERT ON settings BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('settings', json_object('key', NEW.key)); END;
CREATE TRIGGER sync_settings_update AFTER UPDATE ON settings BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('settings', json_object('key', NEW.key)); END;
CREATE TRIGGER sync_settings_delete AFTER DELETE ON settings BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('settings', json_object('key', OLD.key)); END;
CREATE TRIGGER sync_org_units_insert AFTER INSERT ON org_units BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('org_units', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_org_units_update AFTER UPDATE ON org_units BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('org_units', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_org_units_delete AFTER DELETE ON org_units BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('org_units', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_unit_aliases_insert AFTER INSERT ON unit_aliases BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('unit_aliases', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_unit_aliases_update AFTER UPDATE ON unit_aliases BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('unit_aliases', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_unit_aliases_delete AFTER DELETE ON unit_aliases BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('unit_aliases', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_tasks_insert AFTER INSERT ON tasks BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('tasks', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_tasks_update AFTER UPDATE ON tasks BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('tasks', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_tasks_delete AFTER DELETE ON tasks BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('tasks', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_task_progress_insert AFTER INSERT ON task_progress BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('task_progress', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_task_progress_update AFTER UPDATE ON task_progress BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('task_progress', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_task_progress_delete AFTER DELETE ON task_progress BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('task_progress', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_evidence_blobs_insert AFTER INSERT ON evidence_blobs BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence_blobs', json_object('sha256', NEW.sha256)); END;
CREATE TRIGGER sync_evidence_blobs_update AFTER UPDATE ON evidence_blobs BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence_blobs', json_object('sha256', NEW.sha256)); END;
CREATE TRIGGER sync_evidence_blobs_delete AFTER DELETE ON evidence_blobs BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence_blobs', json_object('sha256', OLD.sha256)); END;
CREATE TRIGGER sync_evidence_insert AFTER INSERT ON evidence BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_evidence_update AFTER UPDATE ON evidence BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_evidence_delete AFTER DELETE ON evidence BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('evidence', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_staff_insert AFTER INSERT ON staff BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('staff', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_staff_update AFTER UPDATE ON staff BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('staff', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_staff_delete AFTER DELETE ON staff BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('staff', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_certificates_insert AFTER INSERT ON certificates BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificates', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_certificates_update AFTER UPDATE ON certificates BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificates', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_certificates_delete AFTER DELETE ON certificates BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificates', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_certificate_reviews_insert AFTER INSERT ON certificate_reviews BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificate_reviews', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_certificate_reviews_update AFTER UPDATE ON certificate_reviews BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificate_reviews', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_certificate_reviews_delete AFTER DELETE ON certificate_reviews BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('certificate_reviews', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_secondments_insert AFTER INSERT ON secondments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('secondments', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_secondments_update AFTER UPDATE ON secondments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('secondments', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_secondments_delete AFTER DELETE ON secondments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('secondments', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_uniform_scale_insert AFTER INSERT ON uniform_scale BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_scale', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_uniform_scale_update AFTER UPDATE ON uniform_scale BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_scale', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_uniform_scale_delete AFTER DELETE ON uniform_scale BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_scale', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_uniform_issues_insert AFTER INSERT ON uniform_issues BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_issues', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_uniform_issues_update AFTER UPDATE ON uniform_issues BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_issues', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_uniform_issues_delete AFTER DELETE ON uniform_issues BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('uniform_issues', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_training_kinds_insert AFTER INSERT ON training_kinds BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_kinds', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_kinds_update AFTER UPDATE ON training_kinds BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_kinds', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_kinds_delete AFTER DELETE ON training_kinds BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_kinds', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_training_sessions_insert AFTER INSERT ON training_sessions BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_sessions', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_sessions_update AFTER UPDATE ON training_sessions BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_sessions', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_sessions_delete AFTER DELETE ON training_sessions BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_sessions', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_training_attendance_insert AFTER INSERT ON training_attendance BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_attendance', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_attendance_update AFTER UPDATE ON training_attendance BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_attendance', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_training_attendance_delete AFTER DELETE ON training_attendance BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('training_attendance', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_standard_groups_insert AFTER INSERT ON standard_groups BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_groups', json_object('code', NEW.code)); END;
CREATE TRIGGER sync_standard_groups_update AFTER UPDATE ON standard_groups BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_groups', json_object('code', NEW.code)); END;
CREATE TRIGGER sync_standard_groups_delete AFTER DELETE ON standard_groups BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_groups', json_object('code', OLD.code)); END;
CREATE TRIGGER sync_standard_items_insert AFTER INSERT ON standard_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_items', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_standard_items_update AFTER UPDATE ON standard_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_items', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_standard_items_delete AFTER DELETE ON standard_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('standard_items', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_equipment_items_insert AFTER INSERT ON equipment_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_items', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_items_update AFTER UPDATE ON equipment_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_items', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_items_delete AFTER DELETE ON equipment_items BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_items', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_equipment_events_insert AFTER INSERT ON equipment_events BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_events', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_events_update AFTER UPDATE ON equipment_events BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_events', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_events_delete AFTER DELETE ON equipment_events BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_events', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_equipment_schedules_insert AFTER INSERT ON equipment_schedules BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_schedules', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_schedules_update AFTER UPDATE ON equipment_schedules BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_schedules', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_equipment_schedules_delete AFTER DELETE ON equipment_schedules BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('equipment_schedules', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_rubrics_insert AFTER INSERT ON rubrics BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('rubrics', json_object('id', NEW.id)); END;
CREATE TRIGGER sync_rubrics_update AFTER UPDATE ON rubrics BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('rubrics', json_object('id', NEW.id)); END;
CREATE TRIGGER sync_rubrics_delete AFTER DELETE ON rubrics BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('rubrics', json_object('id', OLD.id)); END;
CREATE TRIGGER sync_assessments_insert AFTER INSERT ON assessments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessments', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_assessments_update AFTER UPDATE ON assessments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessments', json_object('pk', NEW.pk)); END;
CREATE TRIGGER sync_assessments_delete AFTER DELETE ON assessments BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessments', json_object('pk', OLD.pk)); END;
CREATE TRIGGER sync_assessment_scores_insert AFTER INSERT ON assessment_scores BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessment_scores', json_object('assessment_id', NEW.assessment_id, 'item_id', NEW.item_id)); END;
CREATE TRIGGER sync_assessment_scores_update AFTER UPDATE ON assessment_scores BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessment_scores', json_object('assessment_id', NEW.assessment_id, 'item_id', NEW.item_id)); END;
CREATE TRIGGER sync_assessment_scores_delete AFTER DELETE ON assessment_scores BEGIN INSERT INTO sync_changes (tbl, key) VALUES ('assessment_scores', json_object('assessment_id', OLD.assessment_id, 'item_id', OLD.item_id)); END;
