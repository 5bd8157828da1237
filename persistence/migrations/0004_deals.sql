-- Deals, KPIs and data quality over a million deals.
-- deals_kpi covers every column the KPIs of a period read, status first: a
-- quarter's won, lost and open deals are three short ranges of one index and
-- no deal row is touched. It also serves "open deals whose close date has
-- passed".
CREATE INDEX deals_kpi ON deals(status, close_date, owner_id, account_id, amount_ws, category, probability, created);
-- Lead response time: deals created in a period that have both times.
CREATE INDEX deals_lead ON deals(created, owner_id, account_id, lead_created, first_response)
    WHERE lead_created IS NOT NULL AND first_response IS NOT NULL;
-- Data quality: duplicates are probed by account, name and amount.
CREATE INDEX deals_duplicate ON deals(account_id, name, amount);
-- The stage funnel reads the stages a deal went through.
CREATE INDEX deal_history_field ON deal_history(deal_id, field, old_value, new_value);
