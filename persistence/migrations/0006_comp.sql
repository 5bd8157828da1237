-- Comp plans, assignments and payout runs (issue 7). Money is integer minor
-- units of the workspace currency; rates and attainment bounds are integer
-- millionths. A closed payout run is a snapshot that never changes: the
-- triggers below refuse any write to it, whatever code tries.

CREATE TABLE comp_plans (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    version         INTEGER NOT NULL DEFAULT 1,
    based_on        INTEGER REFERENCES comp_plans(id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    period          TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    kind            TEXT NOT NULL CHECK (kind IN ('commission_rate', 'target_incentive')),
    ote             INTEGER NOT NULL DEFAULT 0 CHECK (ote >= 0),
    target_variable INTEGER NOT NULL DEFAULT 0 CHECK (target_variable >= 0),
    tier_mode       TEXT NOT NULL CHECK (tier_mode IN ('marginal', 'retroactive')),
    tier_basis      TEXT NOT NULL CHECK (tier_basis IN ('attainment', 'amount')),
    threshold       INTEGER NOT NULL DEFAULT 0 CHECK (threshold >= 0),
    cap_kind        TEXT NOT NULL DEFAULT 'none' CHECK (cap_kind IN ('none', 'payout', 'attainment')),
    cap             INTEGER NOT NULL DEFAULT 0 CHECK (cap >= 0),
    gate_ytd        INTEGER NOT NULL DEFAULT 0,
    draw_type       TEXT NOT NULL DEFAULT 'none' CHECK (draw_type IN ('none', 'recoverable', 'non_recoverable')),
    draw_amount     INTEGER NOT NULL DEFAULT 0 CHECK (draw_amount >= 0),
    clawback_days   INTEGER NOT NULL DEFAULT 0 CHECK (clawback_days >= 0),
    credit_overlay  INTEGER NOT NULL DEFAULT 0,
    credit_rollup   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- to_value NULL = no upper bound.
CREATE TABLE comp_tiers (
    plan_id    INTEGER NOT NULL REFERENCES comp_plans(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    from_value INTEGER NOT NULL CHECK (from_value >= 0),
    to_value   INTEGER,
    rate       INTEGER NOT NULL CHECK (rate >= 0),
    PRIMARY KEY (plan_id, position)
) STRICT;

CREATE TABLE comp_spiffs (
    plan_id     INTEGER NOT NULL REFERENCES comp_plans(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    product     TEXT NOT NULL DEFAULT '',
    min_amount  INTEGER NOT NULL DEFAULT 0 CHECK (min_amount >= 0),
    new_account INTEGER NOT NULL DEFAULT 0,
    amount      INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    rate        INTEGER NOT NULL DEFAULT 0 CHECK (rate >= 0),
    valid_from  TEXT,
    valid_to    TEXT,
    PRIMARY KEY (plan_id, position)
) STRICT;

-- valid_to is exclusive; NULL = open-ended. A plan in use cannot be deleted.
CREATE TABLE comp_assignments (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    plan_id    INTEGER NOT NULL REFERENCES comp_plans(id) ON DELETE RESTRICT,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) STRICT;
CREATE INDEX comp_assignments_person ON comp_assignments(person_id, valid_from);
CREATE INDEX comp_assignments_plan ON comp_assignments(plan_id);

-- One run per period key; status 'closed' freezes it and everything in it.
CREATE TABLE payout_runs (
    id         INTEGER PRIMARY KEY,
    period     TEXT NOT NULL UNIQUE,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL, -- exclusive
    status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_at  TEXT
) STRICT;

-- The people and plans are copied as text: a statement stays as it was paid
-- even when someone leaves or a plan is renamed.
CREATE TABLE payouts (
    run_id       INTEGER NOT NULL REFERENCES payout_runs(id),
    person_id    INTEGER NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    plan_id      INTEGER NOT NULL DEFAULT 0,
    plan         TEXT NOT NULL DEFAULT '',
    quota        INTEGER NOT NULL,
    credited     INTEGER NOT NULL,
    attainment   INTEGER, -- NULL = no quota
    commission   INTEGER NOT NULL,
    spiffs       INTEGER NOT NULL,
    draw         INTEGER NOT NULL,
    clawbacks    INTEGER NOT NULL,
    adjustments  INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    earned       INTEGER NOT NULL,
    draw_balance INTEGER NOT NULL,
    target       INTEGER NOT NULL,
    PRIMARY KEY (run_id, person_id)
) STRICT;

CREATE TABLE payout_lines (
    run_id        INTEGER NOT NULL REFERENCES payout_runs(id),
    person_id     INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    deal_id       INTEGER, -- no foreign key: the deal may be deleted later
    amount        INTEGER NOT NULL,
    explanation   TEXT NOT NULL,
    credited      INTEGER NOT NULL DEFAULT 0,
    share         INTEGER NOT NULL DEFAULT 0,
    ref_period    TEXT NOT NULL DEFAULT '',
    deal_earned   INTEGER NOT NULL DEFAULT 0, -- credit lines: what the deal earned
    deal_close    TEXT,                       -- credit lines: the deal's close date
    clawback_days INTEGER NOT NULL DEFAULT 0, -- credit lines: the plan's window
    deal_name     TEXT NOT NULL DEFAULT '',   -- credit lines: the deal as it was paid
    deal_value    INTEGER NOT NULL DEFAULT 0,
    product       TEXT NOT NULL DEFAULT '',
    new_account   INTEGER NOT NULL DEFAULT 0,
    credit_kind   TEXT NOT NULL DEFAULT '',
    via           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, person_id, position)
) STRICT;
CREATE INDEX payout_lines_deal ON payout_lines(deal_id) WHERE deal_id IS NOT NULL;

-- Manual adjustments with their reason, for an open period.
CREATE TABLE payout_adjustments (
    id         INTEGER PRIMARY KEY,
    period     TEXT NOT NULL,
    person_id  INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    reason     TEXT NOT NULL CHECK (trim(reason) <> ''),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payout_adjustments_period ON payout_adjustments(period);

CREATE TRIGGER payout_runs_closed_update BEFORE UPDATE ON payout_runs WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payout_runs_closed_delete BEFORE DELETE ON payout_runs WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;

CREATE TRIGGER payouts_closed_insert BEFORE INSERT ON payouts
WHEN (SELECT status FROM payout_runs WHERE id = NEW.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payouts_closed_update BEFORE UPDATE ON payouts
WHEN (SELECT status FROM payout_runs WHERE id = OLD.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payouts_closed_delete BEFORE DELETE ON payouts
WHEN (SELECT status FROM payout_runs WHERE id = OLD.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;

CREATE TRIGGER payout_lines_closed_insert BEFORE INSERT ON payout_lines
WHEN (SELECT status FROM payout_runs WHERE id = NEW.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payout_lines_closed_update BEFORE UPDATE ON payout_lines
WHEN (SELECT status FROM payout_runs WHERE id = OLD.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payout_lines_closed_delete BEFORE DELETE ON payout_lines
WHEN (SELECT status FROM payout_runs WHERE id = OLD.run_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;

CREATE TRIGGER payout_adjustments_closed_insert BEFORE INSERT ON payout_adjustments
WHEN EXISTS (SELECT 1 FROM payout_runs WHERE period = NEW.period AND status = 'closed')
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payout_adjustments_closed_update BEFORE UPDATE ON payout_adjustments
WHEN EXISTS (SELECT 1 FROM payout_runs WHERE period IN (OLD.period, NEW.period) AND status = 'closed')
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;
CREATE TRIGGER payout_adjustments_closed_delete BEFORE DELETE ON payout_adjustments
WHEN EXISTS (SELECT 1 FROM payout_runs WHERE period = OLD.period AND status = 'closed')
BEGIN SELECT RAISE(ABORT, 'closed payout period never changes'); END;

-- A SPIFF for new accounts asks, for each won deal of a period, whether its
-- account had an earlier won deal: one index seek per deal.
CREATE INDEX comp_deals_won_by_account ON deals(account_id, close_date, id) WHERE status = 'won';
