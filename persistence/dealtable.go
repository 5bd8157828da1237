package persistence

import (
	"context"
	"strconv"
	"strings"
	"time"

	"salesops/domain"
)

// DealFilter narrows the deals table. Zero fields filter nothing.
type DealFilter struct {
	Text        string // in deal name, external ID or account name
	OwnerID     int64
	StageID     int64
	TerritoryID int64
	TeamID      int64  // deals owned by members of the team
	Segment     string // deals of accounts in the segment
	Status      domain.DealStatus
	From, To    time.Time // close date in [From, To)
	// Finding keeps the deals with one data-quality finding (a key of
	// QualityRuleKeys), judged as of AsOf.
	Finding string
	AsOf    time.Time
}

// DealSort orders the deals table by one of DealSortColumns.
type DealSort struct {
	Column string
	Desc   bool
}

// DealSortColumns are the columns the deals table can sort by, with their SQL.
var DealSortColumns = map[string]string{
	"id":          "d.external_id",
	"name":        "d.name COLLATE NOCASE",
	"account":     "a.name COLLATE NOCASE",
	"owner":       "p.name COLLATE NOCASE",
	"stage":       "s.position",
	"amount":      "d.amount_ws",
	"close_date":  "d.close_date",
	"created":     "d.created",
	"probability": "d.probability",
	"category":    "d.category",
	"territory":   "t.name COLLATE NOCASE",
}

// DealRow is a deal with the names the table shows.
type DealRow struct {
	domain.Deal
	Account   string
	Owner     string
	Stage     string
	Territory string
}

// where is the filter as SQL conditions on deals d, free text by LIKE alone.
func (f DealFilter) where() (string, []any) { return f.whereSearch(false) }

// whereSearch is where; search tells whether the trigram index of
// deal_search can answer the free text.
func (f DealFilter) whereSearch(search bool) (string, []any) {
	var conds []string
	var args []any
	if t := strings.TrimSpace(f.Text); t != "" {
		ids, a := textIDs(t, search)
		conds = append(conds, "d.id IN ("+ids+")")
		args = append(args, a...)
	}
	if f.OwnerID != 0 {
		conds = append(conds, "d.owner_id = ?")
		args = append(args, f.OwnerID)
	}
	if f.StageID != 0 {
		conds = append(conds, "d.stage_id = ?")
		args = append(args, f.StageID)
	}
	if f.TerritoryID != 0 {
		conds = append(conds, inTerritorySQL("d.territory_id")) // the territory the deal reports under, and those below it
		args = append(args, f.TerritoryID)
	}
	if f.Segment != "" {
		conds = append(conds, "a.segment = ?")
		args = append(args, f.Segment)
	}
	if f.TeamID != 0 {
		conds = append(conds, "d.owner_id IN (SELECT id FROM people WHERE team_id = ?)")
		args = append(args, f.TeamID)
	}
	if f.Status != "" {
		conds = append(conds, "d.status = ?")
		args = append(args, string(f.Status))
	}
	if !f.From.IsZero() {
		conds = append(conds, "d.close_date >= ?")
		args = append(args, f.From.Format(dateLayout))
	}
	if !f.To.IsZero() {
		conds = append(conds, "d.close_date < ?")
		args = append(args, f.To.Format(dateLayout))
	}
	if f.Finding != "" {
		c, a := qualityCond(f.Finding, f.AsOf)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const dealTableFrom = ` FROM deals d LEFT JOIN accounts a ON a.id = d.account_id LEFT JOIN people p ON p.id = d.owner_id
	LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN territories t ON t.id = d.territory_id`

// dealSortByName drives the sort by account from the accounts' name index,
// each one's deals from their own index.
var dealSortByName = map[string]struct{ from, null, key string }{
	"account": {` FROM accounts a CROSS JOIN deals d INDEXED BY deals_match ON d.account_id = a.id LEFT JOIN people p ON p.id = d.owner_id
	LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN territories t ON t.id = d.territory_id`, "d.account_id IS NULL", "a.name"},
}

// CountDeals counts the deals the filter lets through.
func (db *DB) CountDeals(ctx context.Context, f DealFilter) (int, error) {
	if t := strings.TrimSpace(f.Text); t != "" && f == (DealFilter{Text: f.Text}) {
		// Text alone: count the matching IDs without reading a deal.
		ids, args := textIDs(t, db.search)
		var n int
		err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM ("+ids+")", args...).Scan(&n)
		return n, err
	}
	where, args := f.whereSearch(db.search)
	from := " FROM deals d"
	if f.Segment != "" {
		from += " LEFT JOIN accounts a ON a.id = d.account_id"
	}
	if f.Finding != "" {
		from += " LEFT JOIN people p ON p.id = d.owner_id"
	}
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*)"+from+where, args...).Scan(&n)
	return n, err
}

// fewDealsBound is how many deals a filter may let through for a page to
// collect them all and sort them (a few tens of milliseconds); beyond it a
// page walks the sort column's index and checks the filter on each deal.
var fewDealsBound = 20_000

// sortIndexes are the indexes that hold the deals in the order of a deal
// column (the rowid last breaks ties as ", d.id" does).
var sortIndexes = map[string]string{
	"id": "deals_external_id", "name": "deals_name", "amount": "deals_amount", "close_date": "deals_close",
	"created": "deals_created", "probability": "deals_probability", "category": "deals_category",
}

// filterJoins are the joins the filter's conditions need on deals d alone.
func filterJoins(f DealFilter) string {
	var joins string
	if f.Segment != "" {
		joins += " LEFT JOIN accounts a ON a.id = d.account_id"
	}
	if f.Finding != "" {
		joins += " LEFT JOIN people p ON p.id = d.owner_id"
	}
	return joins
}

// fewDeals tells whether at most fewDealsBound deals pass the filter, counting
// no further than that. Free text always counts as few: its matches are
// collected once anyway.
func (db *DB) fewDeals(ctx context.Context, f DealFilter, where string, args []any) (bool, error) {
	if where == "" {
		return false, nil
	}
	if strings.TrimSpace(f.Text) != "" {
		return true, nil
	}
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM deals d"+filterJoins(f)+where+" LIMIT ?)",
		append(args, fewDealsBound+1)...).Scan(&n)
	return n <= fewDealsBound, err
}

const dealPageCols = "SELECT " + dealCols + ", coalesce(a.name, ''), coalesce(p.name, ''), s.name, coalesce(t.name, '')"

// DealPage returns up to limit rows of the filtered, sorted deals table from offset.
func (db *DB) DealPage(ctx context.Context, f DealFilter, s DealSort, offset, limit int) ([]DealRow, error) {
	where, args := f.whereSearch(db.search)
	col, ok := DealSortColumns[s.Column]
	if !ok {
		s.Column, s.Desc = "close_date", true
		col = DealSortColumns[s.Column]
	}
	dir := " ASC"
	if s.Desc {
		dir = " DESC"
	}
	few, err := db.fewDeals(ctx, f, where, args)
	if err != nil {
		return nil, err
	}
	covered := kpiCovers(f, s.Column)
	if !few && !covered {
		if where == "" {
			return db.walkDealPage(ctx, f, s, col, dir, where, args, offset, limit)
		}
		// The walk is quick unless the filter's deals lie far down the sort
		// order (closing in a quarter, sorted by created date): give it a
		// moment, then collect them instead.
		wctx, cancel := context.WithTimeout(ctx, walkBudget)
		rows, err := db.walkDealPage(wctx, f, s, col, dir, where, args, offset, limit)
		late := wctx.Err() != nil
		cancel()
		if err == nil || !late || ctx.Err() != nil {
			return rows, err
		}
		// Past a point, sorting them all costs more than any walk.
		var n int
		if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM deals d"+filterJoins(f)+where+" LIMIT ?)",
			append(args, manyDealsBound+1)...).Scan(&n); err != nil {
			return nil, err
		}
		if n > manyDealsBound {
			return db.walkDealPage(ctx, f, s, col, dir, where, args, offset, limit)
		}
	}
	// Collect the deals the filter lets through and sort them by the key
	// alone (joining only what the key and the filter need), then read the
	// page's rows.
	order := " ORDER BY " + col + dir + ", d.id" + dir
	from := " FROM deals d" + filterJoins(f)
	if covered {
		// Every deal of a status, keys and all, lies in deals_kpi: a quarter
		// million won deals sort there in about 50 ms, where a walk of the
		// sort column's index meets them last (they are the 100 % ones).
		from = " FROM deals d INDEXED BY deals_kpi"
	}
	if !strings.HasPrefix(col, "d.") {
		from = dealTableFrom
	}
	q := dealPageCols + dealTableFrom + " WHERE d.id IN (SELECT d.id" + from + where + order + " LIMIT ? OFFSET ?)" + order
	return db.scanDealPage(ctx, q, append(args, limit, offset), false)
}

// kpiCovers tells whether deals_kpi (status, close_date, owner_id,
// account_id, amount_ws, category, probability, created) holds both the
// filter, which names a status, and the sort column.
func kpiCovers(f DealFilter, column string) bool {
	switch column {
	case "close_date", "amount", "category", "probability", "created":
	default:
		return false
	}
	return f.Status != "" && f == DealFilter{Status: f.Status, OwnerID: f.OwnerID, From: f.From, To: f.To}
}

// walkBudget is how long a page may walk a sort index before it collects
// and sorts the filtered deals instead, when there are at most
// manyDealsBound of them.
var (
	walkBudget     = 50 * time.Millisecond
	manyDealsBound = 150_000
)

// walkDealPage reads a page by walking the sort column's index (or the
// owners, accounts or stages in order) and checking the filter on each deal.
func (db *DB) walkDealPage(ctx context.Context, f DealFilter, s DealSort, col, dir, where string, args []any, offset, limit int) ([]DealRow, error) {
	switch s.Column {
	case "stage":
		return db.dealPageByStage(ctx, f, where, args, s.Desc, offset, limit)
	case "owner":
		return db.dealPageByName(ctx, f, where, args, "people", "d.owner_id", "deals_owner", s.Desc, offset, limit)
	case "territory":
		// By the territory each deal reports under (d.territory_id).
		return db.dealPageByName(ctx, f, where, args, "territories", "d.territory_id", "deals_territory", s.Desc, offset, limit)
	}
	cols := dealPageCols
	q := cols + dealTableFrom + where + " ORDER BY " + col + dir + ", d.id" + dir + " LIMIT ? OFFSET ?"
	idx, ok := sortIndexes[s.Column]
	if s.Column == "close_date" && f.OwnerID != 0 {
		idx = "deals_owner_close" // one person's deals by close date: the scope's default view
	}
	if ok {
		// A column of the deal itself: walk its index and pick the page's IDs
		// (joining only what the filter needs), then read those rows.
		order := " ORDER BY " + col + dir + ", d.id" + dir
		q = cols + dealTableFrom + " WHERE d.id IN (SELECT d.id FROM deals d INDEXED BY " + idx + filterJoins(f) + where + order + " LIMIT ? OFFSET ?)" + order
	}
	byName := false
	if js, ok := dealSortByName[s.Column]; ok {
		// Walk the owners (or accounts) by name and each one's deals by index,
		// merged with the deals that have none: a page without sorting every deal.
		nullWhere := " WHERE " + js.null
		if where != "" {
			nullWhere = where + " AND " + js.null
		}
		q = cols + ", " + js.key + " AS sort_key" + js.from + where +
			" UNION ALL " + cols + ", NULL" + dealTableFrom + nullWhere +
			" ORDER BY sort_key COLLATE NOCASE" + dir + ", 1" + dir + " LIMIT ? OFFSET ?"
		args = append(args, args...)
		byName = true
	}
	return db.scanDealPage(ctx, q, append(args, limit, offset), byName)
}

// dealPageByStage pages through the deals in process order: stage by stage
// (those of equal position together), each stage's deals by ID from the
// stage index. A status filter skips the stages of another status.
func (db *DB) dealPageByStage(ctx context.Context, f DealFilter, where string, args []any, desc bool, offset, limit int) ([]DealRow, error) {
	stages, err := db.Stages(ctx)
	if err != nil {
		return nil, err
	}
	var groups [][]any
	for i, st := range stages {
		if (f.Status != "" && st.Status() != f.Status) || (f.StageID != 0 && st.ID != f.StageID) {
			continue
		}
		if i > 0 && len(groups) > 0 && stages[i-1].Position == st.Position {
			groups[len(groups)-1] = append(groups[len(groups)-1], st.ID)
			continue
		}
		groups = append(groups, []any{st.ID})
	}
	return db.dealPageByGroups(ctx, f, where, args, "d.stage_id", "deals_stage", groups, desc, offset, limit)
}

// dealPageByName pages through the deals by the name of their owner or
// territory (table, referred to by column): the deals without one, then name
// by name (those of the same name together), each one's deals by ID from
// index.
func (db *DB) dealPageByName(ctx context.Context, f DealFilter, where string, args []any, table, column, index string, desc bool, offset, limit int) ([]DealRow, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT group_concat(id) FROM "+table+" GROUP BY name COLLATE NOCASE ORDER BY name COLLATE NOCASE")
	if err != nil {
		return nil, err
	}
	groups := [][]any{nil}
	for rows.Next() {
		var ids string
		if err := rows.Scan(&ids); err != nil {
			rows.Close()
			return nil, err
		}
		var g []any
		for _, x := range strings.Split(ids, ",") {
			id, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				rows.Close()
				return nil, err
			}
			g = append(g, id)
		}
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return db.dealPageByGroups(ctx, f, where, args, column, index, groups, desc, offset, limit)
}

// dealPageByGroups pages through the deals group by group (a nil group is
// the deals where column is NULL), each group's deals by ID from index.
func (db *DB) dealPageByGroups(ctx context.Context, f DealFilter, where string, args []any, column, index string, groups [][]any, desc bool, offset, limit int) ([]DealRow, error) {
	dir := " ASC"
	if desc {
		dir = " DESC"
		for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
			groups[i], groups[j] = groups[j], groups[i]
		}
	}
	and := " WHERE "
	if where != "" {
		and = where + " AND "
	}
	var out []DealRow
	for _, g := range groups {
		in := and + column + " IS NULL"
		if g != nil {
			in = and + column + " IN (?" + strings.Repeat(", ?", len(g)-1) + ")"
		}
		gargs := append(append([]any{}, args...), g...)
		if offset > 0 {
			var n int
			if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM deals d"+filterJoins(f)+in, gargs...).Scan(&n); err != nil {
				return nil, err
			}
			if offset >= n {
				offset -= n
				continue
			}
		}
		order := " ORDER BY d.id" + dir
		q := dealPageCols + dealTableFrom + " WHERE d.id IN (SELECT d.id FROM deals d INDEXED BY " + index + filterJoins(f) + in + order + " LIMIT ? OFFSET ?)" + order
		rows, err := db.scanDealPage(ctx, q, append(gargs, limit-len(out), offset), false)
		if err != nil {
			return nil, err
		}
		out, offset = append(out, rows...), 0
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

func (db *DB) scanDealPage(ctx context.Context, q string, args []any, sortKey bool) ([]DealRow, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DealRow
	for rows.Next() {
		var r DealRow
		extra := []any{&r.Account, &r.Owner, &r.Stage, &r.Territory}
		if sortKey {
			var key any
			extra = append(extra, &key)
		}
		d, err := scanDeal(rows, extra...)
		if err != nil {
			return nil, err
		}
		r.Deal = d
		out = append(out, r)
	}
	return out, rows.Err()
}
