-- Team (issue 4): the quota profile (seasonality and ramp schedule), top-down
-- team targets, onboarding checklists and saved capacity plans.

-- Workspace-wide team settings as key/value: 'seasonality' is twelve integer
-- millionths (January first) as a JSON array, '' for even; 'ramp' is the
-- ramp schedule's shares in millionths as a JSON array.
CREATE TABLE team_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO team_settings(key, value) VALUES
    ('seasonality', ''),
    ('ramp', '[0,250000,500000,750000,1000000]');

-- A top-down quota target for a team (team_id NULL = the whole company) and a
-- period key ('2027', '2027-Q1', '2027-01').
CREATE TABLE team_targets (
    team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    period  TEXT NOT NULL,
    amount  INTEGER NOT NULL CHECK (amount >= 0)
) STRICT;
CREATE UNIQUE INDEX team_targets_key ON team_targets(coalesce(team_id, 0), period);

CREATE TABLE onboarding_items (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    due_date  TEXT,
    done_date TEXT
) STRICT;
CREATE INDEX onboarding_items_person ON onboarding_items(person_id);

-- A saved capacity plan: its inputs as JSON (the plan is recomputed from them).
CREATE TABLE capacity_plans (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    year     TEXT NOT NULL,
    inputs   TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;

-- The leaderboard adds up a period's deals per owner. With these columns in
-- the owner index (same leading columns as before, so every query that used
-- it still can) the sums never leave the index: a quarter of a million-deal
-- workspace is one index range per seller.
DROP INDEX deals_owner_close;
CREATE INDEX deals_owner_close ON deals(owner_id, close_date, status, amount_ws, category, created, account_id);
