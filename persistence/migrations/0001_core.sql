-- Core entities of a sales team. Money columns are integer minor units of the
-- workspace currency (amount_ws) or of the row's own currency (amount).
-- Rates (probabilities, shares) are integer millionths. Dates are ISO text
-- 'YYYY-MM-DD' (sortable, readable), '' never: NULL means unknown.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE exchange_rates (
    currency TEXT PRIMARY KEY,
    rate     INTEGER NOT NULL CHECK (rate > 0)
) STRICT;

CREATE TABLE teams (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT UNIQUE COLLATE NOCASE,
    role       TEXT NOT NULL,
    manager_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    team_id    INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    hire_date  TEXT,
    end_date   TEXT,
    active     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX people_manager ON people(manager_id);
CREATE INDEX people_team ON people(team_id);
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE territories (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    parent_id INTEGER REFERENCES territories(id) ON DELETE SET NULL,
    priority  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE territory_owners (
    id           INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('primary', 'overlay')),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT
) STRICT;
CREATE INDEX territory_owners_territory ON territory_owners(territory_id);

CREATE TABLE territory_rules (
    id           INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    rule_set     INTEGER NOT NULL DEFAULT 1,
    field        TEXT NOT NULL,
    operator     TEXT NOT NULL,
    value        TEXT NOT NULL
) STRICT;
CREATE INDEX territory_rules_territory ON territory_rules(territory_id);

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT UNIQUE,
    name           TEXT NOT NULL,
    industry       TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    employees      INTEGER NOT NULL DEFAULT 0,
    annual_revenue INTEGER NOT NULL DEFAULT 0,
    potential      INTEGER NOT NULL DEFAULT 0,
    segment        TEXT NOT NULL DEFAULT '',
    territory_id   INTEGER REFERENCES territories(id) ON DELETE SET NULL,
    assignment     TEXT NOT NULL DEFAULT 'none' CHECK (assignment IN ('none', 'rule', 'manual', 'tie'))
) STRICT;
CREATE INDEX accounts_name ON accounts(name COLLATE NOCASE);
CREATE INDEX accounts_territory ON accounts(territory_id);

CREATE TABLE stages (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position    INTEGER NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 1000000),
    category    TEXT NOT NULL,
    won         INTEGER NOT NULL DEFAULT 0,
    lost        INTEGER NOT NULL DEFAULT 0,
    CHECK (NOT (won AND lost))
) STRICT;

CREATE TABLE lost_reasons (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL
) STRICT;

-- status is denormalised from the stage (open/won/lost) so that KPI queries
-- over a million deals need no join; amount_ws is the amount converted to the
-- workspace currency.
CREATE TABLE deals (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT UNIQUE,
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
    first_response TEXT
) STRICT;
CREATE INDEX deals_close ON deals(close_date, status);
CREATE INDEX deals_owner_close ON deals(owner_id, close_date);
CREATE INDEX deals_account ON deals(account_id);
CREATE INDEX deals_stage ON deals(stage_id);

CREATE TABLE deal_splits (
    deal_id   INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('revenue', 'overlay')),
    share     INTEGER NOT NULL CHECK (share >= 0),
    PRIMARY KEY (deal_id, person_id, kind)
) STRICT;
CREATE INDEX deal_splits_person ON deal_splits(person_id);

CREATE TABLE deal_history (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX deal_history_deal ON deal_history(deal_id);

-- Quotas are stored per person and month ('2026-07'); quarters and years are sums.
CREATE TABLE quotas (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (person_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX quotas_month ON quotas(month);
