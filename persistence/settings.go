package persistence

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"salesops/domain"
)

// Settings reads the workspace settings.
func (db *DB) Settings(ctx context.Context) (domain.Settings, error) {
	return loadSettings(ctx, db.db)
}

// settingsCurrency is Settings with the workspace currency looked up, what
// every export and report starts from.
func (db *DB) settingsCurrency(ctx context.Context) (domain.Settings, domain.Currency, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return s, domain.Currency{}, err
	}
	cur, err := domain.LookupCurrency(s.Currency)
	return s, cur, err
}

func loadSettings(ctx context.Context, q querier) (domain.Settings, error) {
	s := domain.DefaultSettings()
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "company_name":
			s.CompanyName = v
		case "demo":
			s.Demo = v == "1"
		case "currency":
			s.Currency = v
		case "fiscal_start_month":
			if n, err := strconv.Atoi(v); err == nil {
				s.Calendar.StartMonth = time.Month(n)
			}
		case "fiscal_name_by_end_year":
			s.Calendar.NameByEndYear = v == "1"
		case "language":
			s.Language = v
		case "theme":
			s.Theme = v
		case "forecast_horizon":
			if n, err := strconv.Atoi(v); err == nil {
				s.ForecastHorizon = n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	rrows, err := q.QueryContext(ctx, "SELECT currency, rate FROM exchange_rates")
	if err != nil {
		return s, err
	}
	defer rrows.Close()
	for rrows.Next() {
		var c string
		var r int64
		if err := rrows.Scan(&c, &r); err != nil {
			return s, err
		}
		s.Rates[c] = domain.Rate(r)
	}
	return s, rrows.Err()
}

// SaveSettings validates and writes the settings. When the currency or the
// exchange rates change, every deal's workspace-currency amount is recomputed
// in the same transaction.
func (db *DB) SaveSettings(ctx context.Context, s domain.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		// Deals in the workspace currency are stored with currency ''. When the
		// workspace currency changes they keep the currency they were entered
		// in (and need a rate), and deals in the new currency become ''.
		if old.Currency != s.Currency {
			if _, err := tx.ExecContext(ctx, "UPDATE deals SET currency = CASE currency WHEN '' THEN ? ELSE '' END WHERE currency IN ('', ?)",
				old.Currency, s.Currency); err != nil {
				return err
			}
		}
		if err := saveSettings(ctx, tx, s); err != nil {
			return err
		}
		return reconvertDeals(ctx, tx, s)
	})
}

func saveSettings(ctx context.Context, tx *sql.Tx, s domain.Settings) error {
	kv := map[string]string{
		"company_name":            s.CompanyName,
		"demo":                    strconv.Itoa(boolInt(s.Demo)),
		"currency":                s.Currency,
		"fiscal_start_month":      strconv.Itoa(int(s.Calendar.StartMonth)),
		"fiscal_name_by_end_year": strconv.Itoa(boolInt(s.Calendar.NameByEndYear)),
		"language":                s.Language,
		"theme":                   s.Theme,
		"forecast_horizon":        strconv.Itoa(s.ForecastHorizon),
	}
	for k, v := range kv {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM exchange_rates"); err != nil {
		return err
	}
	for c, r := range s.Rates {
		if _, err := tx.ExecContext(ctx, "INSERT INTO exchange_rates(currency, rate) VALUES (?, ?)", c, int64(r)); err != nil {
			return err
		}
	}
	return nil
}

// reconvertDeals recomputes amount_ws for deals in a currency other than the
// workspace's. A deal in a currency without a rate is a clear error.
func reconvertDeals(ctx context.Context, tx *sql.Tx, s domain.Settings) error {
	if _, err := tx.ExecContext(ctx, "UPDATE deals SET amount_ws = amount WHERE currency IN ('', ?)", s.Currency); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT currency FROM deals WHERE currency NOT IN ('', ?)", s.Currency)
	if err != nil {
		return err
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		codes = append(codes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range codes {
		if _, ok := s.Rates[c]; !ok {
			return domain.Errorf(domain.EINVALID, "Deals in %s need an exchange rate to %s; add one before changing the currency.", c, s.Currency)
		}
		// Convert row by row in Go so that rounding is exactly domain.Convert's.
		drows, err := tx.QueryContext(ctx, "SELECT id, amount FROM deals WHERE currency = ? AND amount IS NOT NULL", c)
		if err != nil {
			return err
		}
		type pair struct{ id, amt int64 }
		var ps []pair
		for drows.Next() {
			var p pair
			if err := drows.Scan(&p.id, &p.amt); err != nil {
				drows.Close()
				return err
			}
			ps = append(ps, p)
		}
		drows.Close()
		if err := drows.Err(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, "UPDATE deals SET amount_ws = ? WHERE id = ?")
		if err != nil {
			return err
		}
		for _, p := range ps {
			v, err := s.ToWorkspace(domain.Money(p.amt), c)
			if err != nil {
				stmt.Close()
				return err
			}
			if _, err := stmt.ExecContext(ctx, int64(v), p.id); err != nil {
				stmt.Close()
				return err
			}
		}
		stmt.Close()
	}
	return nil
}
