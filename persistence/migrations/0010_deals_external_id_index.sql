-- rebuilds: deals
-- The deals' external IDs stay unique through a named index instead of the
-- table's UNIQUE constraint, whose automatic index SQLite cannot drop: a
-- bulk load into an empty deals table (an import, the demo) drops this index
-- with the others and builds it once at the end, rather than inserting every
-- deal into it at random (import_deals.go). The rows, their IDs and every
-- other column are unchanged.
--
-- The table is rebuilt as https://sqlite.org/lang_altertable.html#otheralter
-- says; the runner (db.go, "rebuilds") turns foreign keys off around it, puts
-- back the table's indexes and triggers, and checks the foreign keys before
-- it commits.
CREATE TABLE deals_new (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT,
    name           TEXT NOT NULL DEFAULT '',
    account_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    owner_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    stage_id       INTEGER NOT NULL REFERENCES stages(id),
    status         TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    amount         INTEGER,
    currency       TEXT NOT NULL DEFAULT '',
    amount_ws      INTEGER,
    created        TEXT,
    close_date     TEXT,
    probability    INTEGER NOT NULL DEFAULT 0,
    category       TEXT NOT NULL DEFAULT 'pipeline',
    lost_reason    TEXT NOT NULL DEFAULT '',
    product        TEXT NOT NULL DEFAULT '',
    lead_created   TEXT,
    first_response TEXT,
    territory_id   INTEGER REFERENCES territories(id) ON DELETE SET NULL
) STRICT;
-- The same columns in the same order and no index yet: SQLite copies the
-- rows as they are stored, without decoding them.
INSERT INTO deals_new SELECT * FROM deals;
DROP TABLE deals;
ALTER TABLE deals_new RENAME TO deals;
CREATE UNIQUE INDEX deals_external_id ON deals(external_id);
