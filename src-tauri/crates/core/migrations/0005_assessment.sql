-- 0005: the self-assessment (规范化建设自评). The rubric files a branch loaded (the shipped ones
-- live in the program), the assessments with their workflow state and versions, and what the
-- clerk entered for each item.

-- A rubric file the branch loaded (a city bureau's own rubric). `text` is the file as loaded;
-- loading a file with the same id again replaces it (signed-off assessments keep their snapshot).
CREATE TABLE rubrics (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    subject     TEXT NOT NULL CHECK (subject IN ('unit', 'person')),
    text        TEXT NOT NULL,
    origin      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    loaded_at   TEXT NOT NULL,
    loaded_by   TEXT NOT NULL
);

-- One version of one assessment: a rubric, a year and (for a 个人 rubric) a person. A change
-- after sign-off makes the next version; the earlier one is kept with `amended_by`.
-- `snapshot` is the engine's result frozen at sign-off (JSON), so a signed-off version prints
-- the same whatever happens to the ledgers later.
CREATE TABLE assessments (
    pk            INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    rubric_id     TEXT NOT NULL,
    year          INTEGER NOT NULL,
    -- '' for the branch; a staff id for a 个人 rubric.
    subject_id    TEXT NOT NULL DEFAULT '',
    as_of         TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    status        TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿', '已提交', '已签发')),
    submitted_at  TEXT,
    submitted_by  TEXT,
    signed_by     TEXT,
    signed_at     TEXT,
    snapshot      TEXT,
    amends        TEXT REFERENCES assessments(id),
    amended_by    TEXT REFERENCES assessments(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (rubric_id, year, subject_id, version)
);

-- What the clerk entered for an item (a score, a count, a percentage or a yes/no), or a computed
-- item's score overridden with a reason.
CREATE TABLE assessment_scores (
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    item_id       TEXT NOT NULL,
    score         REAL,
    count         REAL,
    percent       REAL,
    flag          INTEGER,
    note          TEXT NOT NULL DEFAULT '',
    is_override   INTEGER NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
);
