-- 0004: the equipment inventory (执法装备台账). The standard list it is checked against (editable,
-- versioned by edition), the items, their dated events (使用台账 checkouts and returns, maintenance,
-- repair, calibration, transfer, scrap) and the recurring schedules that make things come due.

-- The rubric groups ①–⑥ the standard items count for, with the points each earns (E2).
CREATE TABLE standard_groups (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    points      REAL NOT NULL
);

-- The standard list. `edition` is the edition that last listed the item; `retired` marks an item
-- a newer edition dropped (kept, so the equipment linked to it keeps its link; not counted).
CREATE TABLE standard_items (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    group_code  TEXT,
    level       TEXT NOT NULL DEFAULT '标配' CHECK (level IN ('标配', '选配')),
    required    INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    edition     TEXT NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    -- Added by the clerk rather than by an edition file: a newer edition does not retire it.
    custom      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX standard_items_name ON standard_items(name) WHERE deleted = 0;

CREATE TABLE equipment_items (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    asset_no            TEXT NOT NULL,
    standard_item_id    TEXT REFERENCES standard_items(id),
    name                TEXT NOT NULL,
    category            TEXT NOT NULL DEFAULT '',
    model               TEXT NOT NULL DEFAULT '',
    serial_no           TEXT NOT NULL DEFAULT '',
    quantity            INTEGER NOT NULL DEFAULT 1,
    acquired_on         TEXT,
    funding             TEXT NOT NULL DEFAULT '',
    price               REAL,
    warranty_until      TEXT,
    service_life_years  INTEGER,
    unit_id             TEXT NOT NULL REFERENCES org_units(id),
    location            TEXT NOT NULL DEFAULT '',
    custodian_id        TEXT REFERENCES staff(id),
    status              TEXT NOT NULL DEFAULT '在用' CHECK (status IN ('在用', '维修中', '闲置', '已报废')),
    wireless_video      INTEGER NOT NULL DEFAULT 0,
    scrapped_on         TEXT,
    note                TEXT NOT NULL DEFAULT '',
    -- Lower-case text of the searchable fields (asset number, name, model, serial, location),
    -- rewritten with the row.
    search_text         TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    revision            INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX equipment_items_asset_no ON equipment_items(asset_no) WHERE deleted = 0;
CREATE INDEX equipment_items_standard ON equipment_items(standard_item_id) WHERE deleted = 0;
CREATE INDEX equipment_items_unit ON equipment_items(unit_id) WHERE deleted = 0;
CREATE INDEX equipment_items_custodian ON equipment_items(custodian_id) WHERE deleted = 0;
CREATE INDEX equipment_items_status ON equipment_items(status) WHERE deleted = 0;

CREATE TABLE equipment_events (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    item_id             TEXT NOT NULL REFERENCES equipment_items(id),
    kind                TEXT NOT NULL CHECK (kind IN ('领用', '维护保养', '维修', '校准检定', '检查', '调拨', '报废')),
    event_on            TEXT NOT NULL,
    -- 领用: to whom, what for, when it should come back, and when it did.
    person_id           TEXT REFERENCES staff(id),
    purpose             TEXT NOT NULL DEFAULT '',
    expected_return_on  TEXT,
    returned_on         TEXT,
    -- 维护保养, 维修, 校准检定, 检查: who did it, what it cost, what came of it.
    vendor              TEXT NOT NULL DEFAULT '',
    cost                REAL,
    result              TEXT NOT NULL DEFAULT '',
    -- 调拨: from where and whom to where and whom.
    from_unit_id        TEXT REFERENCES org_units(id),
    to_unit_id          TEXT REFERENCES org_units(id),
    from_custodian_id   TEXT REFERENCES staff(id),
    to_custodian_id     TEXT REFERENCES staff(id),
    -- 报废: why, and the approval.
    reason              TEXT NOT NULL DEFAULT '',
    approval_doc        TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    revision            INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX equipment_events_item ON equipment_events(item_id, kind, event_on) WHERE deleted = 0;
CREATE INDEX equipment_events_open ON equipment_events(item_id) WHERE deleted = 0 AND kind = '领用' AND returned_on IS NULL;

-- Recurring work: for one item, or for every item counted as a standard item.
CREATE TABLE equipment_schedules (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    item_id             TEXT REFERENCES equipment_items(id),
    standard_item_id    TEXT REFERENCES standard_items(id),
    kind                TEXT NOT NULL CHECK (kind IN ('维护保养', '校准检定', '检查')),
    every_months        INTEGER NOT NULL CHECK (every_months BETWEEN 1 AND 120),
    start_on            TEXT,
    note                TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    revision            INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0,
    CHECK ((item_id IS NULL) <> (standard_item_id IS NULL))
);
