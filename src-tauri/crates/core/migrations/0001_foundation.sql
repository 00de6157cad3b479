-- 0001: the foundation. The organisation, the key-task ledger, progress, evidence, the audit trail.
-- Migrations are appended, never edited. Every record table carries a stable UUID, created/updated
-- times (UTC, RFC 3339), a revision, and a tombstone flag instead of hard deletes.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE org_units (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    parent_id   TEXT REFERENCES org_units(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tasks (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    year                INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    unit_id             TEXT NOT NULL REFERENCES org_units(id),
    category            TEXT NOT NULL DEFAULT '',
    main_task           TEXT NOT NULL DEFAULT '',
    detail              TEXT NOT NULL,
    lead_units          TEXT NOT NULL DEFAULT '[]',
    responsible_units   TEXT NOT NULL DEFAULT '[]',
    deadline_text       TEXT NOT NULL DEFAULT '',
    due_date            TEXT,
    ongoing             INTEGER NOT NULL DEFAULT 0,
    deadline_recognized INTEGER NOT NULL DEFAULT 1,
    status              TEXT NOT NULL DEFAULT '未开始' CHECK (status IN ('未开始', '进行中', '已完成')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    revision            INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tasks_year_seq ON tasks(year, seq) WHERE deleted = 0;
CREATE INDEX tasks_due ON tasks(due_date) WHERE deleted = 0;
CREATE INDEX tasks_status ON tasks(status, due_date) WHERE deleted = 0;
CREATE INDEX tasks_unit ON tasks(unit_id) WHERE deleted = 0;
CREATE INDEX tasks_category ON tasks(category) WHERE deleted = 0;
CREATE INDEX tasks_updated ON tasks(updated_at) WHERE deleted = 0;

-- Search over task text. The body is CJK bigrams and unigrams made by the core (search.rs),
-- kept in step with `tasks` in the same transaction; rowid = tasks.pk.
CREATE VIRTUAL TABLE task_search USING fts5(body, tokenize = 'unicode61');

CREATE TABLE task_progress (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    task_id     TEXT NOT NULL REFERENCES tasks(id),
    entry_date  TEXT NOT NULL,
    author      TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX task_progress_task ON task_progress(task_id, entry_date);

-- Files by content: one row per distinct SHA-256, stored under <data dir>/evidence/.
CREATE TABLE evidence_blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- An attachment: a blob linked to any record.
CREATE TABLE evidence (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL REFERENCES evidence_blobs(sha256),
    file_name   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_owner ON evidence(entity, entity_id) WHERE deleted = 0;

-- The audit trail: append-only, written in the same transaction as the change it records.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
