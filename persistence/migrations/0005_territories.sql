-- Territories (issue 6): segment buckets, tie candidates, and the effective-
-- dated history of each account's territory, so that deals follow their
-- account's territory for reporting from the date it moved on. The manual
-- lock is accounts.assignment = 'manual' (0001).

CREATE TABLE segment_rules (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    field     TEXT NOT NULL CHECK (field IN ('employees', 'annual_revenue')),
    bounds    TEXT NOT NULL
) STRICT;

-- The territories an account tied between (accounts.assignment = 'tie').
CREATE TABLE account_tie_candidates (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, territory_id)
) STRICT, WITHOUT ROWID;

-- One row per span of time an account spent in a territory (NULL =
-- unassigned): valid_from inclusive, valid_to exclusive, NULL = still. An
-- account without rows has always been where accounts.territory_id says.
CREATE TABLE account_territory_history (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    territory_id INTEGER REFERENCES territories(id) ON DELETE SET NULL,
    source       TEXT NOT NULL CHECK (source IN ('none', 'rule', 'manual', 'tie')),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT
) STRICT;
CREATE INDEX account_territory_history_account ON account_territory_history(account_id, valid_from);
CREATE INDEX territories_parent ON territories(parent_id);
CREATE INDEX territory_owners_person ON territory_owners(person_id);

-- The balance view sums open pipeline by account and closed-won by close
-- date over a million deals: small partial covering indexes read only the
-- deals they need (an open-pipeline sum took 7 s through the account index).
-- Closed-won by close date needs none of its own: deals_kpi (0004) begins
-- with status, close_date, owner_id, account_id, amount_ws and covers it.
CREATE INDEX IF NOT EXISTS territories_open_deals ON deals(account_id, amount_ws) WHERE status = 'open' AND category != 'omitted';
