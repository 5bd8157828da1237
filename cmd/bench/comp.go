package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(scenario{order: 70, name: "payout run, one quarter (demo people, all deals)", target: "< 2 s", run: benchPayoutQuarter})
	register(scenario{order: 71, name: "payout runs, 500 people × 12 months", target: "< 2 s", run: benchPayout500})
}

// checkRun makes sure a timed run is a real one: payouts whose lines add up.
func checkRun(r persistence.PayoutRun) (int, error) {
	lines := 0
	for _, p := range r.Payouts {
		if p.SumLines() != p.Total {
			return 0, fmt.Errorf("%s %s: total is not the sum of the lines", r.Period, p.Name)
		}
		lines += len(p.Lines)
	}
	if len(r.Payouts) == 0 {
		return 0, fmt.Errorf("%s: nobody paid", r.Period)
	}
	return lines, nil
}

func benchPayoutQuarter(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	q := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	var people, lines int
	d, err := timeIt(3, func() error {
		r, err := db.PayoutRun(ctx, q, benchAsOf)
		if err != nil {
			return err
		}
		people = len(r.Payouts)
		lines, err = checkRun(r)
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (%d people, %d lines)", ms(d), people, lines), nil
}

// benchPayout500 copies the big workspace, spreads its deals over 500
// account executives on the AE plan with monthly quotas, and times the
// payout runs of the twelve months of 2026.
func benchPayout500(ctx context.Context, env *benchEnv) (string, error) {
	src, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	path := filepath.Join(env.Dir, "comp500.db")
	err = src.BackupTo(ctx, path)
	src.Close()
	if err != nil {
		return "", err
	}
	db, err := persistence.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := spreadOver500(ctx, db); err != nil {
		return "", err
	}
	var people, lines int
	d, err := timeIt(1, func() error {
		people, lines = 0, 0
		for m := 1; m <= 12; m++ {
			r, err := db.PayoutRun(ctx, domain.MustParsePeriod(fmt.Sprintf("2026-%02d", m), domain.CalendarYear), benchAsOf)
			if err != nil {
				return err
			}
			n, err := checkRun(r)
			if err != nil {
				return err
			}
			people = max(people, len(r.Payouts))
			lines += n
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%.2f s (%d people, %d lines)", d.Seconds(), people, lines), nil
}

func spreadOver500(ctx context.Context, db *persistence.DB) error {
	plans, err := db.Plans(ctx)
	if err != nil {
		return err
	}
	var ae int64
	for _, p := range plans {
		if p.Name == "AE commission" {
			ae = p.ID
		}
	}
	if ae == 0 {
		return fmt.Errorf("the bench workspace has no AE commission plan")
	}
	return db.Update(ctx, func(tx *sql.Tx) error {
		stmts := []string{
			"DELETE FROM comp_assignments",
			"CREATE TEMP TABLE bench_sellers(k INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		person, err := tx.PrepareContext(ctx, "INSERT INTO people(name, email, role, active, hire_date) VALUES (?, ?, 'ae', 1, '2023-01-01')")
		if err != nil {
			return err
		}
		defer person.Close()
		for k := 0; k < 500; k++ {
			res, err := person.ExecContext(ctx, fmt.Sprintf("Bench seller %03d", k), fmt.Sprintf("seller%03d@bench.example", k))
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if _, err := tx.ExecContext(ctx, "INSERT INTO bench_sellers(k, id) VALUES (?, ?)", k, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO comp_assignments(person_id, plan_id, valid_from) VALUES (?, ?, '2023-01-01')", id, ae); err != nil {
				return err
			}
			for m := 1; m <= 12; m++ {
				if _, err := tx.ExecContext(ctx, "INSERT INTO quotas(person_id, month, amount) VALUES (?, ?, ?)", id, fmt.Sprintf("2026-%02d", m), 6_000_000); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE deals SET owner_id = (SELECT id FROM bench_sellers WHERE k = deals.id % 500)")
		return err
	})
}
