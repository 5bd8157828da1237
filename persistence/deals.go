package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"salesops/domain"
)

const dealCols = `d.id, coalesce(d.external_id, ''), d.name, coalesce(d.account_id, 0), coalesce(d.owner_id, 0), d.stage_id, d.status,
	d.amount, d.currency, d.amount_ws, d.created, d.close_date, d.probability, d.category, d.lost_reason, d.product,
	d.lead_created, d.first_response`

func scanDeal(r rowScanner, extra ...any) (domain.Deal, error) {
	var d domain.Deal
	var status, cat string
	var amount, value sql.NullInt64
	var created, closeDate, lead, resp sql.NullString
	dest := append([]any{&d.ID, &d.ExternalID, &d.Name, &d.AccountID, &d.OwnerID, &d.StageID, &status,
		&amount, &d.Currency, &value, &created, &closeDate, &d.Probability, &cat, &d.LostReason, &d.Product,
		&lead, &resp}, extra...)
	err := r.Scan(dest...)
	d.Status, d.Category = domain.DealStatus(status), domain.ForecastCategory(cat)
	d.Amount, d.HasAmount, d.Value = domain.Money(amount.Int64), amount.Valid, domain.Money(value.Int64)
	d.Created, d.CloseDate, d.LeadCreated, d.FirstResponse = parseDate(created), parseDate(closeDate), parseDate(lead), parseDate(resp)
	return d, err
}

// Deal reads one deal.
func (db *DB) Deal(ctx context.Context, id int64) (domain.Deal, error) {
	d, err := scanDeal(db.db.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals d WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, domain.Errorf(domain.ENOTFOUND, "No deal with ID %d.", id)
	}
	return d, err
}

// prepareDeal fills in what the stage and the settings decide: status,
// default probability and category, the workspace-currency value.
func prepareDeal(ctx context.Context, q querier, s *domain.Settings, d *domain.Deal) error {
	_, err := prepareDealStage(ctx, q, s, d)
	return err
}

// prepareDealStage is prepareDeal returning the deal's stage.
func prepareDealStage(ctx context.Context, q querier, s *domain.Settings, d *domain.Deal) (domain.Stage, error) {
	var st domain.Stage
	var cat string
	err := q.QueryRowContext(ctx, "SELECT id, name, probability, category, won, lost FROM stages WHERE id = ?", d.StageID).
		Scan(&st.ID, &st.Name, &st.Probability, &cat, &st.Won, &st.Lost)
	if errors.Is(err, sql.ErrNoRows) {
		return st, domain.Errorf(domain.EINVALID, "Deal %s: stage %d does not exist.", d.Name, d.StageID)
	} else if err != nil {
		return st, err
	}
	st.Category = domain.ForecastCategory(cat)
	d.Status = st.Status()
	switch {
	case st.Won:
		// A won deal is closed at certainty, whatever it was forecast as before.
		d.Category, d.Probability = domain.CategoryClosed, domain.RateOne
	case st.Lost:
		d.Category, d.Probability = domain.CategoryOmitted, 0
	case d.Category == "" || d.Category == domain.CategoryClosed:
		d.Category = st.Category
	}
	if d.Currency == s.Currency {
		d.Currency = ""
	}
	d.Value = d.Amount
	if d.HasAmount && d.Currency != "" {
		v, err := s.ToWorkspace(d.Amount, d.Currency)
		if err != nil {
			return st, err
		}
		d.Value = v
	}
	return st, d.Validate()
}

func dealArgs(d *domain.Deal) []any {
	var amount, value any
	if d.HasAmount {
		amount, value = int64(d.Amount), int64(d.Value)
	}
	return []any{textOrNull(d.ExternalID), d.Name, idArg(d.AccountID), idArg(d.OwnerID), d.StageID, string(d.Status),
		amount, d.Currency, value, dateArg(d.Created), dateArg(d.CloseDate), int64(d.Probability), string(d.Category),
		d.LostReason, d.Product, timeArg(d.LeadCreated), timeArg(d.FirstResponse)}
}

const insertDealSQL = `INSERT INTO deals(external_id, name, account_id, owner_id, stage_id, status, amount, currency, amount_ws,
	created, close_date, probability, category, lost_reason, product, lead_created, first_response)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// CreateDeal validates and inserts d.
func (db *DB) CreateDeal(ctx context.Context, d *domain.Deal) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		s, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		if err := prepareDeal(ctx, tx, &s, d); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, insertDealSQL, dealArgs(d)...)
		if err != nil {
			return dealConstraint(d, err)
		}
		d.ID, err = res.LastInsertId()
		return err
	})
}

func dealConstraint(d *domain.Deal, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return domain.Errorf(domain.ECONFLICT, "Another deal already has the ID %s.", d.ExternalID)
	}
	return err
}

// UpdateDeal validates and saves d, recording changes of amount, stage and
// close date in the deal's history, dated at.
func (db *DB) UpdateDeal(ctx context.Context, d *domain.Deal, at time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		s, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		old, err := scanDeal(tx.QueryRowContext(ctx, "SELECT "+dealCols+" FROM deals d WHERE d.id = ?", d.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "No deal with ID %d.", d.ID)
		} else if err != nil {
			return err
		}
		if old.Status != domain.StatusOpen {
			// A closed deal reopened takes its new stage's forecast defaults.
			d.Category = ""
		}
		st, err := prepareDealStage(ctx, tx, &s, d)
		if err != nil {
			return err
		}
		if old.Status != domain.StatusOpen && d.Status == domain.StatusOpen {
			d.Probability = st.Probability
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deals SET external_id = ?, name = ?, account_id = ?, owner_id = ?, stage_id = ?,
			status = ?, amount = ?, currency = ?, amount_ws = ?, created = ?, close_date = ?, probability = ?, category = ?,
			lost_reason = ?, product = ?, lead_created = ?, first_response = ? WHERE id = ?`, append(dealArgs(d), d.ID)...); err != nil {
			return dealConstraint(d, err)
		}
		return recordChanges(ctx, tx, &old, d, at)
	})
}

// recordChanges writes the history lines for what changed between old and d.
func recordChanges(ctx context.Context, q querier, old, d *domain.Deal, at time.Time) error {
	amt := func(x *domain.Deal) string {
		if !x.HasAmount {
			return ""
		}
		return itoa(int64(x.Amount))
	}
	changes := [][3]string{}
	if amt(old) != amt(d) {
		changes = append(changes, [3]string{"amount", amt(old), amt(d)})
	}
	if old.StageID != d.StageID {
		changes = append(changes, [3]string{"stage", itoa(old.StageID), itoa(d.StageID)})
	}
	if !old.CloseDate.Equal(d.CloseDate) {
		f := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(dateLayout)
		}
		changes = append(changes, [3]string{"close_date", f(old.CloseDate), f(d.CloseDate)})
	}
	for _, c := range changes {
		if _, err := q.ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, ?, ?, ?, ?)",
			d.ID, c[0], c[1], c[2], at.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
	}
	return nil
}

// DealHistory lists a deal's recorded changes, oldest first.
func (db *DB) DealHistory(ctx context.Context, dealID int64) ([]domain.DealChange, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT deal_id, field, old_value, new_value, changed_at FROM deal_history WHERE deal_id = ? ORDER BY changed_at, id", dealID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.DealChange
	for rows.Next() {
		var c domain.DealChange
		var at sql.NullString
		if err := rows.Scan(&c.DealID, &c.Field, &c.Old, &c.New, &at); err != nil {
			return nil, err
		}
		c.ChangedAt = parseDate(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteDeal removes a deal with its splits and history.
func (db *DB) DeleteDeal(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM deals WHERE id = ?", id)
		return err
	})
}

// DealsClosedIn lists the deals whose close date lies in [from, to).
func (db *DB) DealsClosedIn(ctx context.Context, from, to time.Time) ([]domain.Deal, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+dealCols+" FROM deals d WHERE d.close_date >= ? AND d.close_date < ?",
		from.Format(dateLayout), to.Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Splits returns the splits of the given deals (all deals when ids is nil), by deal.
func (db *DB) Splits(ctx context.Context, ids []int64) (map[int64][]domain.DealSplit, error) {
	q := "SELECT deal_id, person_id, kind, share FROM deal_splits"
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return map[int64][]domain.DealSplit{}, nil
		}
		q += " WHERE deal_id IN (SELECT value FROM json_each(?))"
		args = append(args, jsonIDs(ids))
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]domain.DealSplit{}
	for rows.Next() {
		var s domain.DealSplit
		var kind string
		if err := rows.Scan(&s.DealID, &s.PersonID, &kind, &s.Share); err != nil {
			return nil, err
		}
		s.Kind = domain.SplitKind(kind)
		out[s.DealID] = append(out[s.DealID], s)
	}
	return out, rows.Err()
}

func jsonIDs(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(itoa(id))
	}
	b.WriteByte(']')
	return b.String()
}

// SetSplits replaces a deal's splits after checking that revenue splits total 100 %.
func (db *DB) SetSplits(ctx context.Context, dealID int64, splits []domain.DealSplit) error {
	if err := domain.ValidateSplits(splits); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM deal_splits WHERE deal_id = ?", dealID); err != nil {
			return err
		}
		for _, s := range splits {
			if _, err := tx.ExecContext(ctx, "INSERT INTO deal_splits(deal_id, person_id, kind, share) VALUES (?, ?, ?, ?)",
				dealID, s.PersonID, string(s.Kind), int64(s.Share)); err != nil {
				return fmt.Errorf("split of deal %d: %w", dealID, err)
			}
		}
		return nil
	})
}

// SetQuota stores a person's quota for a month.
func (db *DB) SetQuota(ctx context.Context, q domain.Quota) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO quotas(person_id, month, amount) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET amount = excluded.amount",
			q.PersonID, q.Month.String(), int64(q.Amount))
		return err
	})
}

// QuotaTotals returns each person's quota over period p: the sum of their
// monthly quotas in it.
func (db *DB) QuotaTotals(ctx context.Context, p domain.Period) (map[int64]domain.Money, error) {
	months := p.Months()
	rows, err := db.db.QueryContext(ctx, "SELECT person_id, sum(amount) FROM quotas WHERE month >= ? AND month <= ? GROUP BY person_id",
		months[0].String(), months[len(months)-1].String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.Money{}
	for rows.Next() {
		var id, sum int64
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, err
		}
		out[id] = domain.Money(sum)
	}
	return out, rows.Err()
}
