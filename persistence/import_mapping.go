package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
)

func headerKey(header []string) string {
	n := make([]string, 0, len(header))
	for _, h := range header {
		n = append(n, NormHeader(h))
	}
	return strings.Join(n, "\t")
}

// SavedMapping returns the mapping the user chose last time for a file of
// kind with these headers (ok is false when there is none).
func (db *DB) SavedMapping(ctx context.Context, kind string, header []string) (map[string]string, bool, error) {
	var js string
	err := db.db.QueryRowContext(ctx, "SELECT mapping FROM import_mappings WHERE kind = ? AND headers = ?", kind, headerKey(header)).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return nil, false, nil // a damaged memory is forgotten, not an error
	}
	return m, true, nil
}

// SaveMapping remembers the mapping for files of kind with these headers.
func (db *DB) SaveMapping(ctx context.Context, kind string, header []string, m map[string]string) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = db.db.ExecContext(ctx, "INSERT INTO import_mappings(kind, headers, mapping) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET mapping = excluded.mapping",
		kind, headerKey(header), string(js))
	return err
}
