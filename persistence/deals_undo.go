package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"salesops/domain"
)

// DeletedDeal is everything a deleted deal had, so the delete can be undone.
type DeletedDeal struct {
	Deal    domain.Deal
	Splits  []domain.DealSplit
	History []domain.DealChange
}

// Recently deleted deals are kept this long, and at most this many.
const (
	DeletedDealsKeepDays = 30
	DeletedDealsKeep     = 500
)

// DeletedEntry is a deal in the recently deleted list.
type DeletedEntry struct {
	ID         int64 // of the entry, not the deal
	ExternalID string
	Name       string
	Account    string
	DeletedAt  time.Time
}

// DeleteDealForUndo deletes a deal with its splits and history, keeps them
// among the recently deleted deals (dated at) and returns them.
func (db *DB) DeleteDealForUndo(ctx context.Context, id int64, at time.Time) (DeletedDeal, error) {
	var out DeletedDeal
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = binDeal(ctx, tx, id, at); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM deals WHERE id = ?", id)
		return err
	})
	return out, err
}

// binDeal copies a deal with its splits and history to the recently deleted
// deals (dated at), purging what is past keeping, before it is deleted.
func binDeal(ctx context.Context, tx *sql.Tx, id int64, at time.Time) (DeletedDeal, error) {
	var out DeletedDeal
	d, err := scanDeal(tx.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals d WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return out, domain.Errorf(domain.ENOTFOUND, "No deal with ID %d.", id)
	} else if err != nil {
		return out, err
	}
	out.Deal = d
	rows, err := tx.QueryContext(ctx, "SELECT person_id, kind, share FROM deal_splits WHERE deal_id = ?", id)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		s := domain.DealSplit{DealID: id}
		var kind string
		if err := rows.Scan(&s.PersonID, &kind, &s.Share); err != nil {
			rows.Close()
			return out, err
		}
		s.Kind = domain.SplitKind(kind)
		out.Splits = append(out.Splits, s)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, "SELECT field, old_value, new_value, changed_at FROM deal_history WHERE deal_id = ? ORDER BY id", id)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		c := domain.DealChange{DealID: id}
		var at sql.NullString
		if err := rows.Scan(&c.Field, &c.Old, &c.New, &at); err != nil {
			rows.Close()
			return out, err
		}
		c.ChangedAt = parseDate(at)
		out.History = append(out.History, c)
	}
	rows.Close()
	data, err := json.Marshal(out)
	if err != nil {
		return out, err
	}
	stamp := at.UTC().Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_deals(deal_id, external_id, name, account, deleted_at, data)
		VALUES (?, ?, ?, coalesce((SELECT name FROM accounts WHERE id = ?), ''), ?, ?)`,
		id, d.ExternalID, d.Name, d.AccountID, stamp, string(data)); err != nil {
		return out, err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM deleted_deals WHERE deleted_at < ? OR id <= (SELECT max(id) FROM deleted_deals) - ?",
		at.AddDate(0, 0, -DeletedDealsKeepDays).UTC().Format(time.RFC3339), DeletedDealsKeep)
	return out, err
}

// RecentlyDeleted lists the deleted deals that can still be restored, the
// most recent first.
func (db *DB) RecentlyDeleted(ctx context.Context) ([]DeletedEntry, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, external_id, name, account, deleted_at FROM deleted_deals ORDER BY id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeletedEntry
	for rows.Next() {
		var e DeletedEntry
		var at sql.NullString
		if err := rows.Scan(&e.ID, &e.ExternalID, &e.Name, &e.Account, &at); err != nil {
			return nil, err
		}
		e.DeletedAt = parseDate(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RestoreDeleted puts the deleted deal of entry id back as it was and takes
// it off the list. It returns the deal (under a new ID if a deal has taken
// its own since).
func (db *DB) RestoreDeleted(ctx context.Context, id int64) (domain.Deal, error) {
	var d domain.Deal
	err := db.update(ctx, func(tx *sql.Tx) error {
		var data string
		if err := tx.QueryRowContext(ctx, "SELECT data FROM deleted_deals WHERE id = ?", id).Scan(&data); errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "That deleted deal is no longer kept (deleted deals are kept %d days).", DeletedDealsKeepDays)
		} else if err != nil {
			return err
		}
		var x DeletedDeal
		if err := json.Unmarshal([]byte(data), &x); err != nil {
			return fmt.Errorf("deleted deal %d: %w", id, err)
		}
		if err := restoreDeal(ctx, tx, &x); err != nil {
			return err
		}
		d = x.Deal
		_, err := tx.ExecContext(ctx, "DELETE FROM deleted_deals WHERE id = ?", id)
		return err
	})
	return d, err
}

// UndoDelete restores the most recently deleted deal; ok is false when there
// is none.
func (db *DB) UndoDelete(ctx context.Context) (d domain.Deal, ok bool, err error) {
	var id int64
	if err := db.db.QueryRowContext(ctx, "SELECT id FROM deleted_deals ORDER BY id DESC LIMIT 1").Scan(&id); errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	} else if err != nil {
		return d, false, err
	}
	d, err = db.RestoreDeleted(ctx, id)
	return d, err == nil, err
}

// RestoreDeal puts a deleted deal back as it was, with its ID, splits and
// history (undo of DeleteDealForUndo without the list).
func (db *DB) RestoreDeal(ctx context.Context, x DeletedDeal) error {
	return db.update(ctx, func(tx *sql.Tx) error { return restoreDeal(ctx, tx, &x) })
}

// restoreDeal inserts x's deal, splits and history. What was deleted since
// is treated as a delete would have treated it then: a missing account or
// owner leaves the deal without one, a missing person's split goes. A deal
// that has taken the ID since leaves the restored deal a new one.
func restoreDeal(ctx context.Context, tx *sql.Tx, x *DeletedDeal) error {
	d := &x.Deal
	var taken, account, owner bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM deals WHERE id = ?), EXISTS (SELECT 1 FROM accounts WHERE id = ?),
		EXISTS (SELECT 1 FROM people WHERE id = ?)`, d.ID, d.AccountID, d.OwnerID).Scan(&taken, &account, &owner); err != nil {
		return err
	}
	if !account {
		d.AccountID = 0
	}
	if !owner {
		d.OwnerID = 0
	}
	q, args := insertDealSQL, dealArgs(d)
	if !taken {
		q = strings.Replace(q, "INSERT INTO deals(", "INSERT INTO deals(id, ", 1)
		q = strings.Replace(q, "VALUES (", "VALUES (?, ", 1)
		args = append([]any{d.ID}, args...)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		if se := new(sqlite3.Error); errors.As(err, se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey {
			return domain.Errorf(domain.ECONFLICT, "Deal %s cannot come back: its stage no longer exists.", dealLabel(d))
		}
		return dealConstraint(d, err)
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for _, s := range x.Splits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deal_splits(deal_id, person_id, kind, share)
			SELECT ?, id, ?, ? FROM people WHERE id = ?`, d.ID, string(s.Kind), int64(s.Share), s.PersonID); err != nil {
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
}

// dealLabel names a deal for a message: its name, else its ID.
func dealLabel(d *domain.Deal) string {
	if d.Name != "" {
		return d.Name
	}
	return d.ExternalID
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
