package persistence

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"salesops/domain"
)

// DeletedDeal is everything a deleted deal had, so the delete can be undone.
type DeletedDeal struct {
	Deal    domain.Deal
	Splits  []domain.DealSplit
	History []domain.DealChange
}

// DeleteDealForUndo deletes a deal with its splits and history and returns
// them, for RestoreDeal.
func (db *DB) DeleteDealForUndo(ctx context.Context, id int64) (DeletedDeal, error) {
	var out DeletedDeal
	err := db.update(ctx, func(tx *sql.Tx) error {
		d, err := scanDeal(tx.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals d WHERE d.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "No deal with ID %d.", id)
		} else if err != nil {
			return err
		}
		out.Deal = d
		rows, err := tx.QueryContext(ctx, "SELECT person_id, kind, share FROM deal_splits WHERE deal_id = ?", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			s := domain.DealSplit{DealID: id}
			var kind string
			if err := rows.Scan(&s.PersonID, &kind, &s.Share); err != nil {
				rows.Close()
				return err
			}
			s.Kind = domain.SplitKind(kind)
			out.Splits = append(out.Splits, s)
		}
		rows.Close()
		rows, err = tx.QueryContext(ctx, "SELECT field, old_value, new_value, changed_at FROM deal_history WHERE deal_id = ? ORDER BY id", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			c := domain.DealChange{DealID: id}
			var at sql.NullString
			if err := rows.Scan(&c.Field, &c.Old, &c.New, &at); err != nil {
				rows.Close()
				return err
			}
			c.ChangedAt = parseDate(at)
			out.History = append(out.History, c)
		}
		rows.Close()
		_, err = tx.ExecContext(ctx, "DELETE FROM deals WHERE id = ?", id)
		return err
	})
	return out, err
}

// RestoreDeal puts a deleted deal back as it was, with its ID, splits and
// history (undo of DeleteDealForUndo).
func (db *DB) RestoreDeal(ctx context.Context, x DeletedDeal) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		d := x.Deal
		q := strings.Replace(insertDealSQL, "INSERT INTO deals(", "INSERT INTO deals(id, ", 1)
		q = strings.Replace(q, "VALUES (", "VALUES (?, ", 1)
		if _, err := tx.ExecContext(ctx, q, append([]any{d.ID}, dealArgs(&d)...)...); err != nil {
			return dealConstraint(&d, err)
		}
		for _, s := range x.Splits {
			if _, err := tx.ExecContext(ctx, "INSERT INTO deal_splits(deal_id, person_id, kind, share) VALUES (?, ?, ?, ?)",
				d.ID, s.PersonID, string(s.Kind), int64(s.Share)); err != nil {
				return err
			}
		}
		for _, c := range x.History {
			if _, err := tx.ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, ?, ?, ?, ?)",
				d.ID, c.Field, c.Old, c.New, c.ChangedAt.UTC().Format("2006-01-02T15:04:05Z07:00")); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteStage removes a stage no deal uses.
func (db *DB) DeleteStage(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var name string
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT name, (SELECT count(*) FROM deals WHERE stage_id = ?) FROM stages WHERE id = ?", id, id).Scan(&name, &n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return domain.Errorf(domain.ENOTFOUND, "No stage with ID %d.", id)
			}
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "Stage %s still has %d deals: move them to another stage first.", name, n)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM stages WHERE id = ?", id)
		return err
	})
}

// MoveStage swaps a stage's position with its neighbour before (up) or after.
func (db *DB) MoveStage(ctx context.Context, id int64, up bool) error {
	stages, err := db.Stages(ctx)
	if err != nil {
		return err
	}
	for i, s := range stages {
		if s.ID != id {
			continue
		}
		j := i + 1
		if up {
			j = i - 1
		}
		if j < 0 || j >= len(stages) {
			return nil
		}
		return db.update(ctx, func(tx *sql.Tx) error {
			// Renumber in list order with the two swapped, so equal positions sort out too.
			stages[i], stages[j] = stages[j], stages[i]
			for k, st := range stages {
				if _, err := tx.ExecContext(ctx, "UPDATE stages SET position = ? WHERE id = ?", k+1, st.ID); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return domain.Errorf(domain.ENOTFOUND, "No stage with ID %d.", id)
}

// SetLostReasons replaces the list of lost reasons with names, in order.
// Deals keep the reason they were lost for, even one no longer listed.
func (db *DB) SetLostReasons(ctx context.Context, names []string) error {
	seen := map[string]bool{}
	var clean []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if seen[strings.ToLower(n)] {
			return domain.Errorf(domain.EINVALID, "The lost reason %q is listed twice.", n)
		}
		seen[strings.ToLower(n)] = true
		clean = append(clean, n)
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM lost_reasons"); err != nil {
			return err
		}
		for i, n := range clean {
			if _, err := tx.ExecContext(ctx, "INSERT INTO lost_reasons(name, position) VALUES (?, ?)", n, i+1); err != nil {
				return err
			}
		}
		return nil
	})
}
