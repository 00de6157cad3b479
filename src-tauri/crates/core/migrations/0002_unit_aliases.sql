-- 0002: other names of units. When a clerk maps a name found in an imported sheet (第一中队, or
-- an earlier name of the branch) to a unit of the organisation, the name is kept here, so the next
-- sheet that uses it is understood without asking again.

CREATE TABLE unit_aliases (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    alias       TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES org_units(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX unit_aliases_alias ON unit_aliases(alias) WHERE deleted = 0;
CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id) WHERE deleted = 0;
