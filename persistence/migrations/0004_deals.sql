-- Deals, KPIs and data quality over a million deals.
-- deals_kpi covers every column the KPIs of a period read, status first: a
-- quarter's won, lost and open deals are three short ranges of one index and
-- no deal row is touched. The sales cycle in days is stored in the index, so
-- it is computed once per deal, not once per query. It also serves "open
-- deals whose close date has passed".
CREATE INDEX deals_kpi ON deals(status, close_date, owner_id, account_id, amount_ws, category, probability, created,
    julianday(close_date) - julianday(created));
-- Lead response time: deals created in a period that have both times, with
-- the response time in seconds stored in the index.
CREATE INDEX deals_lead ON deals(created, owner_id, account_id, strftime('%s', first_response) - strftime('%s', lead_created),
    lead_created, first_response)
    WHERE lead_created IS NOT NULL AND first_response IS NOT NULL;
-- Data quality probes duplicates by account, name and amount through
-- deals_match (0003), which also makes the account-only index redundant:
-- every index costs each import and the demo.
DROP INDEX deals_account;
-- The stage funnel reads the stages a deal went through.
CREATE INDEX deal_history_field ON deal_history(deal_id, field, old_value, new_value);
-- The deals table sorts a million deals a page at a time: by amount, name and
-- probability from their indexes, by stage from the stages in process order.
CREATE INDEX deals_amount ON deals(amount_ws);
CREATE INDEX deals_name ON deals(name COLLATE NOCASE);
CREATE INDEX deals_probability ON deals(probability);
CREATE INDEX stages_position ON stages(position);
