package persistence

import (
	"context"
	"database/sql"
	"strings"
)

// The free-text search of the deals table reads a trigram index of the deal
// names and external IDs (SQLite FTS5 with the trigram tokenizer answers
// LIKE '%text%' from the index for text of three characters or more).
// Account names need none: there are few accounts, a LIKE over them and the
// deals_match index (account first) find their deals.
//
// FTS5 is compiled into go-sqlite3 only with the build tag sqlite_fts5 (the
// Makefile sets it). A build without it searches with LIKE over the name and
// ID indexes, as before; the index is not a migration because a migration
// cannot depend on the build: syncDealSearch runs at every open and builds
// the index (once, in one pass) when the build has FTS5 and the workspace
// lacks it, or drops its triggers when the build lacks FTS5 — a trigger on a
// module this build does not have would make every deal write fail. The
// triggers are the mark of an index in step with the deals: a build with
// FTS5 that finds them missing rebuilds the index.

// dealSearchTriggers keep the index in step with the deals, row by row.
var dealSearchTriggers = map[string]string{
	"deal_search_insert": `CREATE TRIGGER deal_search_insert AFTER INSERT ON deals BEGIN
		INSERT INTO deal_search(rowid, name, external_id) VALUES (new.id, new.name, new.external_id); END`,
	"deal_search_delete": `CREATE TRIGGER deal_search_delete AFTER DELETE ON deals BEGIN
		INSERT INTO deal_search(deal_search, rowid, name, external_id) VALUES ('delete', old.id, old.name, old.external_id); END`,
	"deal_search_update": `CREATE TRIGGER deal_search_update AFTER UPDATE OF id, name, external_id ON deals BEGIN
		INSERT INTO deal_search(deal_search, rowid, name, external_id) VALUES ('delete', old.id, old.name, old.external_id);
		INSERT INTO deal_search(rowid, name, external_id) VALUES (new.id, new.name, new.external_id); END`,
}

// A phrase of trigrams matched against the index is a substring test that
// needs no look at the deals (detail=full keeps the trigrams' positions;
// about 90 MB at a million deals); columnsize=0 drops the sizes only ranking
// would read.
const dealSearchTable = `CREATE VIRTUAL TABLE IF NOT EXISTS deal_search USING fts5(name, external_id,
	content='deals', content_rowid='id', tokenize='trigram', columnsize=0)`

// dealSearchOff is set by tests to exercise the LIKE path of a build with FTS5.
var dealSearchOff = false

// dealSearchMinRunes is the shortest text the trigram index can answer.
const dealSearchMinRunes = 3

type execQuerier interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// hasFTS5 tells whether this build's SQLite has FTS5.
func hasFTS5(ctx context.Context, q execQuerier) (bool, error) {
	if dealSearchOff {
		return false, nil
	}
	var on bool
	err := q.QueryRowContext(ctx, "SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&on)
	return on, err
}

// dealSearchState reports whether the index table exists and how many of its
// triggers do.
func dealSearchState(ctx context.Context, q execQuerier) (table bool, triggers int, err error) {
	var n int
	err = q.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE type = 'table' AND name = 'deal_search'),
		count(*) FILTER (WHERE type = 'trigger' AND name LIKE 'deal\_search\_%' ESCAPE '\')
		FROM sqlite_schema`).Scan(&n, &triggers)
	return n > 0, triggers, err
}

// dropDealSearchTriggers stops keeping the index in step (before a bulk load,
// or in a build without FTS5).
func dropDealSearchTriggers(ctx context.Context, q execQuerier) error {
	for name := range dealSearchTriggers {
		if _, err := q.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+name); err != nil {
			return err
		}
	}
	return nil
}

// rebuildDealSearch (re)creates the index from every deal in one pass and the
// triggers that keep it in step. A larger in-memory buffer while it runs
// writes fewer, larger segments (about a third less time at a million deals).
func rebuildDealSearch(ctx context.Context, q execQuerier) error {
	for _, s := range []string{
		dealSearchTable,
		"INSERT INTO deal_search(deal_search, rank) VALUES ('hashsize', 67108864)",
		"INSERT INTO deal_search(deal_search) VALUES ('rebuild')",
		"INSERT INTO deal_search(deal_search, rank) VALUES ('hashsize', 1048576)",
	} {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	for _, s := range dealSearchTriggers {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// syncDealSearch builds the search index when this build can and the
// workspace lacks it (or lost its triggers), or drops the triggers when this
// build cannot keep it. It returns whether the index can be used.
func (db *DB) syncDealSearch(ctx context.Context) (bool, error) {
	fts, err := hasFTS5(ctx, db.db)
	if err != nil {
		return false, err
	}
	table, triggers, err := dealSearchState(ctx, db.db)
	if err != nil {
		return false, err
	}
	switch {
	case !fts && triggers == 0:
		return false, nil
	case !fts:
		return false, db.update(ctx, func(tx *sql.Tx) error { return dropDealSearchTriggers(ctx, tx) })
	case table && triggers == len(dealSearchTriggers):
		return true, nil
	}
	err = db.update(ctx, func(tx *sql.Tx) error {
		if err := dropDealSearchTriggers(ctx, tx); err != nil {
			return err
		}
		return rebuildDealSearch(ctx, tx)
	})
	return err == nil, err
}

// textIDs selects the IDs of the deals whose name, external ID or account
// name holds text, case-insensitive. With the index, text of three
// characters or more is a phrase of trigrams, which also folds the case of
// accented letters; LIKE (shorter text, or a build without FTS5) folds ASCII
// letters only. The account part goes from the few matching accounts to
// their deals by index: as a join, SQLite may choose to walk every deal.
func textIDs(text string, search bool) (string, []any) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(text) + "%"
	accounts := `SELECT x.id FROM deals x WHERE x.account_id IN (SELECT xa.id FROM accounts xa WHERE xa.name LIKE ? ESCAPE '\')`
	if search && len([]rune(text)) >= dealSearchMinRunes {
		phrase := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
		return `SELECT rowid FROM deal_search WHERE deal_search MATCH ? UNION ` + accounts, []any{phrase, like}
	}
	// One pass over each small index (deal names, IDs, account names)
	// collects the matching deals; the table is read only for them.
	return `SELECT id FROM deals INDEXED BY deals_name WHERE name LIKE ? ESCAPE '\'
		UNION SELECT id FROM deals WHERE external_id LIKE ? ESCAPE '\'
		UNION ` + accounts, []any{like, like, like}
}
