-- The territory a deal reports under (issue 6), kept on the deal so that
-- every territory scope is an index range: deals.territory_id is the
-- territory of the deal's account effective at the deal's close date, by
-- account_territory_history (0005) — or, for an account without history (or
-- a deal without close date), the account's territory now; NULL without
-- account or territory. Deals follow their account's territory for reporting
-- from the effective date on: a deal closed before a move stays where it was.
--
-- The triggers below keep the column right whatever writes deals, accounts or
-- the history; each recomputes only the deals whose answer can change. The
-- demo bulk load drops them and fills the column in one UPDATE (demo.go).
ALTER TABLE deals ADD COLUMN territory_id INTEGER REFERENCES territories(id) ON DELETE SET NULL;

-- The one definition, as the expression each trigger repeats for a deal x:
--   (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
--      FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
--       AND h.valid_from <= x.close_date AND (h.valid_to IS NULL OR x.close_date < h.valid_to)
--     WHERE a.id = x.account_id)

UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
    FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
     AND h.valid_from <= deals.close_date AND (h.valid_to IS NULL OR deals.close_date < h.valid_to)
    WHERE a.id = deals.account_id)
WHERE account_id IS NOT NULL;

CREATE TRIGGER deals_territory_insert AFTER INSERT ON deals WHEN NEW.account_id IS NOT NULL
BEGIN
    UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
        FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
         AND h.valid_from <= NEW.close_date AND (h.valid_to IS NULL OR NEW.close_date < h.valid_to)
        WHERE a.id = NEW.account_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER deals_territory_update AFTER UPDATE OF account_id, close_date ON deals
WHEN OLD.account_id IS NOT NEW.account_id OR OLD.close_date IS NOT NEW.close_date
BEGIN
    UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
        FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
         AND h.valid_from <= NEW.close_date AND (h.valid_to IS NULL OR NEW.close_date < h.valid_to)
        WHERE a.id = NEW.account_id)
    WHERE id = NEW.id;
END;

-- An account's current territory decides its deals no span of history covers.
CREATE TRIGGER accounts_territory_deals AFTER UPDATE OF territory_id ON accounts
WHEN OLD.territory_id IS NOT NEW.territory_id
BEGIN
    UPDATE deals SET territory_id = NEW.territory_id
    WHERE account_id = NEW.id AND NOT EXISTS (SELECT 1 FROM account_territory_history h WHERE h.account_id = NEW.id
        AND h.valid_from <= deals.close_date AND (h.valid_to IS NULL OR deals.close_date < h.valid_to));
END;

-- A span of history decides the deals of its account closing within it.
CREATE TRIGGER account_territory_history_insert AFTER INSERT ON account_territory_history
BEGIN
    UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
        FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
         AND h.valid_from <= deals.close_date AND (h.valid_to IS NULL OR deals.close_date < h.valid_to)
        WHERE a.id = deals.account_id)
    WHERE account_id = NEW.account_id AND close_date >= NEW.valid_from AND (NEW.valid_to IS NULL OR close_date < NEW.valid_to);
END;

CREATE TRIGGER account_territory_history_delete AFTER DELETE ON account_territory_history
BEGIN
    UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
        FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
         AND h.valid_from <= deals.close_date AND (h.valid_to IS NULL OR deals.close_date < h.valid_to)
        WHERE a.id = deals.account_id)
    WHERE account_id = OLD.account_id AND close_date >= OLD.valid_from AND (OLD.valid_to IS NULL OR close_date < OLD.valid_to);
END;

-- A span that changes: the deals it covered and the deals it covers, less
-- those it covers both before and after when its account and territory stay
-- (ending an open span touches only the deals after its new end).
CREATE TRIGGER account_territory_history_update AFTER UPDATE ON account_territory_history
BEGIN
    UPDATE deals SET territory_id = (SELECT CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END
        FROM accounts a LEFT JOIN account_territory_history h ON h.account_id = a.id
         AND h.valid_from <= deals.close_date AND (h.valid_to IS NULL OR deals.close_date < h.valid_to)
        WHERE a.id = deals.account_id)
    WHERE (account_id = OLD.account_id AND close_date >= OLD.valid_from AND (OLD.valid_to IS NULL OR close_date < OLD.valid_to)
            AND NOT (NEW.account_id = OLD.account_id AND NEW.territory_id IS OLD.territory_id
                AND close_date >= NEW.valid_from AND (NEW.valid_to IS NULL OR close_date < NEW.valid_to)))
       OR (account_id = NEW.account_id AND close_date >= NEW.valid_from AND (NEW.valid_to IS NULL OR close_date < NEW.valid_to)
            AND NOT (NEW.account_id = OLD.account_id AND NEW.territory_id IS OLD.territory_id
                AND close_date >= OLD.valid_from AND (OLD.valid_to IS NULL OR close_date < OLD.valid_to)));
END;

-- Territory scopes read a territory's deals of a period from covering
-- indexes (the columns of deals_kpi and deals_lead, 0004, that they read,
-- behind the territory; without account_id, and without the stored cycle
-- days, computed for the territory's won deals only: each index costs the
-- demo's bulk load; partial, so a deal inserted, whose territory the
-- trigger sets just after, enters them once), and the deals
-- table sorted by territory walks the territories by name and each one's
-- deals by deals_territory, in ID order.
CREATE INDEX deals_territory_kpi ON deals(territory_id, status, close_date, owner_id, amount_ws, category, probability, created)
    WHERE territory_id IS NOT NULL;
CREATE INDEX deals_territory ON deals(territory_id);
-- Lead response time of a territory: deals_lead (0004) behind the territory.
CREATE INDEX deals_territory_lead ON deals(territory_id, created, owner_id, strftime('%s', first_response) - strftime('%s', lead_created),
    lead_created, first_response)
    WHERE lead_created IS NOT NULL AND first_response IS NOT NULL AND territory_id IS NOT NULL;
CREATE INDEX territories_name ON territories(name COLLATE NOCASE);

-- Forecast accuracy by segment: a snapshot line keeps its account's segment
-- as it was when the snapshot was taken. Lines written before have NULL and
-- count under the account's segment now.
ALTER TABLE forecast_snapshot_deals ADD COLUMN segment TEXT;
