-- Imports match a deal without an external ID by (account, name, close date);
-- data quality finds duplicates by (account, name, amount). One index serves
-- both (a name has few deals per account), and as it begins with account_id
-- it also stands in for deals_account, dropped in 0004.
CREATE INDEX deals_match ON deals(account_id, name, amount, close_date);

-- The column mapping the user chose in the import dialog, remembered per
-- import kind and set of headers (normalised headers joined by a tab).
CREATE TABLE import_mappings (
    kind    TEXT NOT NULL,
    headers TEXT NOT NULL,
    mapping TEXT NOT NULL, -- JSON object: header -> field ('' ignores the column)
    PRIMARY KEY (kind, headers)
) STRICT;
