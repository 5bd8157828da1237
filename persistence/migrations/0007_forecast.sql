-- Forecasts (issue 8): snapshots of the pipeline, which never change once
-- taken, and managers' adjustments of a person's forecast with a note.

CREATE TABLE forecast_snapshots (
    id       INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL,                 -- RFC 3339, UTC
    as_of    TEXT NOT NULL,                 -- the day it describes, 'YYYY-MM-DD'
    kind     TEXT NOT NULL CHECK (kind IN ('manual', 'weekly')),
    deals    INTEGER NOT NULL DEFAULT 0,    -- lines written
    sealed   INTEGER NOT NULL DEFAULT 0     -- 1 once written: nothing changes after
) STRICT;
CREATE INDEX forecast_snapshots_taken ON forecast_snapshots(taken_at);

-- One line per deal as it stood: open deals, and deals won from a year
-- before the snapshot on (so accuracy and waterfalls know what was won; a
-- deal absent from a later snapshot was lost or deleted). deal_id keeps no
-- foreign key: a deal deleted later stays in the snapshots that saw it.
CREATE TABLE forecast_snapshot_deals (
    snapshot_id INTEGER NOT NULL REFERENCES forecast_snapshots(id),
    deal_id     INTEGER NOT NULL,
    owner_id    INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    status      TEXT NOT NULL,
    category    TEXT NOT NULL,
    amount_ws   INTEGER NOT NULL,
    probability INTEGER NOT NULL,
    close_date  TEXT,
    PRIMARY KEY (snapshot_id, deal_id)
) STRICT, WITHOUT ROWID;
-- Accuracy and waterfalls read one period of one snapshot.
CREATE INDEX forecast_snapshot_deals_close ON forecast_snapshot_deals(snapshot_id, close_date);

-- The adjustments in force when the snapshot was taken.
CREATE TABLE forecast_snapshot_adjustments (
    snapshot_id   INTEGER NOT NULL REFERENCES forecast_snapshots(id),
    adjustment_id INTEGER NOT NULL,
    period        TEXT NOT NULL,
    person_id     INTEGER NOT NULL,
    by_id         INTEGER NOT NULL,
    commit_amount INTEGER NOT NULL,
    best_case     INTEGER NOT NULL,
    note          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, adjustment_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE forecast_adjustments (
    id            INTEGER PRIMARY KEY,
    period        TEXT NOT NULL,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    by_id         INTEGER REFERENCES people(id) ON DELETE SET NULL,
    commit_amount INTEGER NOT NULL CHECK (commit_amount >= 0),
    best_case     INTEGER NOT NULL CHECK (best_case >= commit_amount),
    note          TEXT NOT NULL CHECK (trim(note) <> ''),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX forecast_adjustments_period ON forecast_adjustments(period, person_id);

-- The statistical forecast sums five years of wins by month, owner and
-- account: deals_kpi (0004) begins with exactly those columns and covers it,
-- so no index of its own (each index costs every import and the demo).

-- Snapshots are immutable: a snapshot is written and sealed in one
-- transaction; after that no line is added, changed or removed.
CREATE TRIGGER forecast_snapshots_no_update BEFORE UPDATE ON forecast_snapshots
WHEN OLD.sealed <> 0 OR NEW.id <> OLD.id OR NEW.taken_at <> OLD.taken_at OR NEW.as_of <> OLD.as_of OR NEW.kind <> OLD.kind
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshots_no_delete BEFORE DELETE ON forecast_snapshots
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_deals_no_update BEFORE UPDATE ON forecast_snapshot_deals
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_deals_no_delete BEFORE DELETE ON forecast_snapshot_deals
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_deals_sealed BEFORE INSERT ON forecast_snapshot_deals
WHEN (SELECT sealed FROM forecast_snapshots WHERE id = NEW.snapshot_id) <> 0
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_adjustments_no_update BEFORE UPDATE ON forecast_snapshot_adjustments
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_adjustments_no_delete BEFORE DELETE ON forecast_snapshot_adjustments
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
CREATE TRIGGER forecast_snapshot_adjustments_sealed BEFORE INSERT ON forecast_snapshot_adjustments
WHEN (SELECT sealed FROM forecast_snapshots WHERE id = NEW.snapshot_id) <> 0
BEGIN SELECT RAISE(ABORT, 'forecast snapshots are immutable'); END;
