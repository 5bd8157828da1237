package persistence

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A bulk import into an empty deals table ends with SQLite building the
// deals' indexes one after the other on one core, then the trigram search
// index. The search index only needs each deal's ID, name and external ID,
// which the importer knows: sideSearch builds it in a scratch database of
// its own (beside the workspace, removed afterwards), on the other core,
// while the deals' indexes are built, and the import then copies the
// finished index (its two shadow tables, about 14 MB for 100,000 deals)
// into the workspace inside its transaction: 0.5 s of SQLite work off the
// end of an import of 100,000 deals, for about 0.12 s of copying. A
// failure or a Cancel rolls the copy back with the import.
//
// FTS5 keeps an index in two tables whose format is the same in any
// database of the same SQLite build given the same declaration: the copy
// is the index a 'rebuild' makes (the tests hold it to the deals with
// FTS5's integrity-check). Deal i must be the i-th row inserted: SQLite
// inserts the rows of a VALUES list in order, and copyInto checks that the
// deals are numbered 1…n. The copied structure record carries the scratch
// index's configuration cookie; the workspace's index has no setting but
// its hash size, which every path leaves at 1 MB. The connection that
// wrote the shadow tables directly must not be used again (its FTS5 would
// keep the index structure it read before), so the import closes it.

// sideSearchHook, when a test sets it, learns whether an import used the
// index built beside it.
var sideSearchHook func(copied bool)

// searchRow is what the index keeps of a deal.
type searchRow struct {
	name string
	ext  any // the external ID as stored: text or NULL
}

// sideSearch is an index being built beside an import.
type sideSearch struct {
	dir  string
	db   *sql.DB
	done chan error
	err  error
}

// sideSearchBatch is how many deals one INSERT into the scratch index takes.
const sideSearchBatch = 256

// startSideSearch builds the search index of deals 1…len(rows) (rows[i] is
// deal i+1) in a scratch database beside the workspace (the deals' names
// stay with the workspace, not in a shared temporary folder).
func startSideSearch(ctx context.Context, workspace string, rows []searchRow) *sideSearch {
	s := &sideSearch{done: make(chan error, 1)}
	go func() { s.done <- s.build(ctx, workspace, rows) }()
	return s
}

// sideSearchStale is the age past which a scratch folder left by a killed
// import is removed.
const sideSearchStale = time.Hour

// sweepSideSearch removes the scratch folders a killed import left beside
// the workspace: only folders named as it names them, older than
// sideSearchStale, holding nothing but its database (a folder of the
// user's that happens to share the name is left alone).
func sweepSideSearch(workspace string) {
	dir, prefix := filepath.Split(workspace)
	prefix += ".search-"
	entries, err := os.ReadDir(filepath.Clean(dir))
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < sideSearchStale {
			continue
		}
		inside, err := os.ReadDir(path)
		if err != nil || len(inside) > 1 || (len(inside) == 1 && inside[0].Name() != sideSearchFile) {
			continue
		}
		os.Remove(filepath.Join(path, sideSearchFile))
		os.Remove(path)
	}
}

// sideSearchFile is the scratch database's name in its folder.
const sideSearchFile = "search.db"

func (s *sideSearch) build(ctx context.Context, workspace string, rows []searchRow) error {
	prefix := workspace + ".search-"
	var err error
	if s.dir, err = os.MkdirTemp(filepath.Dir(prefix), filepath.Base(prefix)); err != nil {
		return err
	}
	// Nothing here needs to survive a crash: no journal, no syncs.
	if s.db, err = sql.Open("sqlite3", fileURI(filepath.Join(s.dir, sideSearchFile))+"?_journal_mode=OFF&_synchronous=OFF"); err != nil {
		return err
	}
	s.db.SetMaxOpenConns(1)
	// The deals' names and IDs go into a table of the scratch database, and
	// FTS5 builds the index from it in one statement ('rebuild'): inserted
	// into the index statement by statement, FTS5 would write a segment
	// per statement and merge them (three times slower).
	for _, q := range []string{
		"CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, external_id TEXT)",
		"BEGIN",
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var st *sql.Stmt
	args := make([]any, 0, 3*sideSearchBatch)
	for i := 0; i < len(rows); i += sideSearchBatch {
		n := min(sideSearchBatch, len(rows)-i)
		args = args[:0]
		for j, r := range rows[i : i+n] {
			args = append(args, int64(i+j+1), r.name, r.ext)
		}
		q := "INSERT INTO deals(id, name, external_id) VALUES " + strings.Repeat("(?, ?, ?), ", n-1) + "(?, ?, ?)"
		if n == sideSearchBatch {
			if st == nil {
				if st, err = s.db.PrepareContext(ctx, q); err != nil {
					return err
				}
				defer st.Close()
			}
			err = execOnce(ctx, st, args...)
		} else {
			_, err = s.db.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return err
		}
	}
	if _, err := s.db.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	// As in a workspace: the same declaration, hash size and rebuild (the
	// triggers it adds on the scratch table are never fired).
	return rebuildDealSearch(ctx, s.db)
}

// copyInto waits for the scratch index and replaces the workspace's search
// index with it, inside tx. It reports false, having changed nothing, when
// the scratch index could not be built or the deals are not 1…n in the
// order the rows were given: the caller then rebuilds the index.
func (s *sideSearch) copyInto(ctx context.Context, tx *sql.Tx, n int) (bool, error) {
	if err := s.wait(); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, nil
	}
	// Deals inserted into an empty table without IDs get 1, 2, 3…: with
	// n deals, 1 the least and n the greatest, deal i is the i-th row.
	var count, lo, hi int
	if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM deals").Scan(&count, &lo, &hi); err != nil {
		return false, err
	}
	if count != n || lo != 1 || hi != n {
		return false, nil
	}
	// The two indexes must be declared alike (a workspace whose index an
	// older build declared otherwise is rebuilt instead).
	declared := func(q execQuerier) (string, error) {
		var decl string
		err := q.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'deal_search'").Scan(&decl)
		return decl, err
	}
	mine, err := declared(tx)
	if err != nil {
		return false, err
	}
	if theirs, err := declared(s.db); err != nil || theirs != mine {
		return false, nil
	}
	for _, q := range []string{"DELETE FROM deal_search_data", "DELETE FROM deal_search_idx"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	if err := copyRows(ctx, s.db, tx, "SELECT id, block FROM deal_search_data", "INSERT INTO deal_search_data(id, block) VALUES (?, ?)", 2); err != nil {
		return false, err
	}
	if err := copyRows(ctx, s.db, tx, "SELECT segid, term, pgno FROM deal_search_idx", "INSERT INTO deal_search_idx(segid, term, pgno) VALUES (?, ?, ?)", 3); err != nil {
		return false, err
	}
	for _, q := range dealSearchTriggers {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	return true, nil
}

// copyRows inserts into tx every row of a query on from.
func copyRows(ctx context.Context, from *sql.DB, tx *sql.Tx, query, insert string, cols int) error {
	st, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := from.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, cols)
	ptrs := make([]any, cols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := execOnce(ctx, st, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// wait waits for the build and tells how it ended.
func (s *sideSearch) wait() error {
	if s.done != nil {
		s.err, s.done = <-s.done, nil
	}
	return s.err
}

// close waits for the build and removes the scratch database.
func (s *sideSearch) close() error {
	if s == nil {
		return nil
	}
	s.wait()
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.dir != "" {
		err = errors.Join(err, os.RemoveAll(s.dir))
	}
	return err
}
