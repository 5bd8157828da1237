-- The deals table: what its search and sorts need, and recently deleted deals.
-- (The trigram search index itself is built at open when the build has
-- SQLite's FTS5, see persistence/deals_search.go: a migration cannot depend
-- on the build.)

-- A deleted deal is kept with its splits and history (data: JSON of the
-- domain values) so that Undo puts back the most recent, then the one before,
-- after a restart too; the list shows the ID, name and account it had.
-- Deals deleted more than 30 days ago, and beyond the 500 most recent, are
-- purged at each delete.
CREATE TABLE deleted_deals (
    id          INTEGER PRIMARY KEY,
    deal_id     INTEGER NOT NULL,
    external_id TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    account     TEXT NOT NULL DEFAULT '',
    deleted_at  TEXT NOT NULL,
    data        TEXT NOT NULL
) STRICT;
CREATE INDEX deleted_deals_at ON deleted_deals(deleted_at);

-- The deals table sorts by any column from an index when the filter lets
-- many deals through (dealtable.go): created and category had none, and by
-- owner each owner's deals were sorted by ID (deals_owner_close orders them
-- by close date).
CREATE INDEX deals_created ON deals(created);
CREATE INDEX deals_category ON deals(category);
CREATE INDEX deals_owner ON deals(owner_id);
