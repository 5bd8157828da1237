package persistence

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

const dateLayout = "2006-01-02"

// dateArg stores a date as ISO text, or NULL when it is unknown.
func dateArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(dateLayout)
}

// timeArg stores a time of day too (lead and response times), or NULL.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func parseDate(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	if t, err := time.Parse(dateLayout, s.String); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, s.String); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

// idArg stores a reference, with 0 as NULL.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// textOrNull stores an optional unique text (email, external ID), "" as NULL.
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// querier is *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
