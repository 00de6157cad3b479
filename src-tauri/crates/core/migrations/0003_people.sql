-- 0003: the people ledgers. Staff and their enforcement certificates (with 审验 history),
-- secondments, uniform sizes and issues against an editable issue scale, training sessions and
-- who attended them. Every record table carries the stable UUID, times, revision and tombstone
-- of 0001. No national ID number is stored.

CREATE TABLE staff (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    unit_id             TEXT NOT NULL REFERENCES org_units(id),
    name                TEXT NOT NULL,
    gender              TEXT CHECK (gender IN ('男', '女')),
    post                TEXT CHECK (post IN ('一线执法', '内勤', '领导', '其他')),
    establishment       TEXT CHECK (establishment IN ('在编', '编外')),
    arrived_on          TEXT,
    established_on      TEXT,
    left_on             TEXT,
    education           TEXT CHECK (education IN ('研究生', '本科', '大专', '中专及以下')),
    major               TEXT NOT NULL DEFAULT '',
    major_category      TEXT CHECK (major_category IN ('法学', '生态环境相关', '其他')),
    legal_qualification INTEGER NOT NULL DEFAULT 0,
    phone               TEXT NOT NULL DEFAULT '',
    size_hat            TEXT NOT NULL DEFAULT '',
    size_top            TEXT NOT NULL DEFAULT '',
    size_bottom         TEXT NOT NULL DEFAULT '',
    size_shoes          TEXT NOT NULL DEFAULT '',
    photo_evidence_id   TEXT,
    note                TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    revision            INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_name ON staff(name) WHERE deleted = 0;
CREATE INDEX staff_unit ON staff(unit_id) WHERE deleted = 0;

CREATE TABLE certificates (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL CHECK (kind IN ('行政执法证', '执法监督证', '听证主持人证', '法律职业资格证书')),
    number      TEXT NOT NULL,
    issuer      TEXT NOT NULL DEFAULT '',
    area        TEXT NOT NULL DEFAULT '',
    issued_on   TEXT,
    expires_on  TEXT,
    status      TEXT NOT NULL DEFAULT '有效' CHECK (status IN ('有效', '暂扣', '注销', '遗失', '收回')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX certificates_number ON certificates(kind, number) WHERE deleted = 0;
CREATE INDEX certificates_staff ON certificates(staff_id, kind) WHERE deleted = 0;
CREATE INDEX certificates_expiry ON certificates(expires_on) WHERE deleted = 0;

-- 审验: dated reviews of a certificate and their result.
CREATE TABLE certificate_reviews (
    pk              INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    certificate_id  TEXT NOT NULL REFERENCES certificates(id),
    reviewed_on     TEXT NOT NULL,
    result          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX certificate_reviews_cert ON certificate_reviews(certificate_id, reviewed_on) WHERE deleted = 0;

CREATE TABLE secondments (
    pk                INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    staff_id          TEXT NOT NULL REFERENCES staff(id),
    destination       TEXT NOT NULL,
    enforcement_post  INTEGER NOT NULL DEFAULT 0,
    start_on          TEXT NOT NULL,
    end_on            TEXT,
    approved          INTEGER NOT NULL DEFAULT 0,
    approval_doc      TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 1,
    deleted           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX secondments_staff ON secondments(staff_id, start_on) WHERE deleted = 0;

-- The uniform issue scale (财行〔2020〕299号): per item and climate zone, how many and for how long.
-- Seeded from seeds/reference/uniforms.toml; the clerk may edit it.
CREATE TABLE uniform_scale (
    pk                INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    item              TEXT NOT NULL,
    category          TEXT NOT NULL,
    gender            TEXT CHECK (gender IN ('男', '女')),
    zone              TEXT NOT NULL CHECK (zone IN ('热', '亚热', '南温', '北温', '寒', '高寒')),
    quantity          INTEGER NOT NULL,
    renewal_quantity  INTEGER,
    life_years        INTEGER NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 1,
    deleted           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uniform_scale_key ON uniform_scale(item, zone, COALESCE(gender, '')) WHERE deleted = 0;

CREATE TABLE uniform_issues (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    item        TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    issued_on   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX uniform_issues_staff ON uniform_issues(staff_id, item, issued_on) WHERE deleted = 0;

-- Kinds of training (全员轮训, 军训队列 …): seeded from seeds/reference/training-kinds.toml; the
-- clerk may add more.
CREATE TABLE training_kinds (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX training_kinds_name ON training_kinds(name) WHERE deleted = 0;

CREATE TABLE training_sessions (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    level       TEXT CHECK (level IN ('国家', '省', '市', '县')),
    organiser   TEXT NOT NULL DEFAULT '',
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL,
    hours       REAL,
    place       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX training_sessions_start ON training_sessions(start_on) WHERE deleted = 0;
CREATE INDEX training_sessions_kind ON training_sessions(kind, start_on) WHERE deleted = 0;

CREATE TABLE training_attendance (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    session_id  TEXT NOT NULL REFERENCES training_sessions(id),
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    hours       REAL,
    score       REAL,
    award       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX training_attendance_pair ON training_attendance(session_id, staff_id) WHERE deleted = 0;
CREATE INDEX training_attendance_staff ON training_attendance(staff_id) WHERE deleted = 0;
