package persistence

import (
	"context"
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
		conds = append(conds, "a.territory_id IN ("+territoryCTE+"SELECT id FROM sub)") // and the territories below it
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
	LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN territories t ON t.id = a.territory_id`

const dealTableByStage = ` FROM stages s CROSS JOIN deals d ON s.id = d.stage_id LEFT JOIN accounts a ON a.id = d.account_id
	LEFT JOIN people p ON p.id = d.owner_id LEFT JOIN territories t ON t.id = a.territory_id`

// dealSortByName drives the sorts by owner and by account from the small
// table's name index.
var dealSortByName = map[string]struct{ from, null, key string }{
	"owner": {` FROM people p CROSS JOIN deals d ON d.owner_id = p.id LEFT JOIN accounts a ON a.id = d.account_id
	LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN territories t ON t.id = a.territory_id`, "d.owner_id IS NULL", "p.name"},
	"account": {` FROM accounts a CROSS JOIN deals d ON d.account_id = a.id LEFT JOIN people p ON p.id = d.owner_id
	LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN territories t ON t.id = a.territory_id`, "d.account_id IS NULL", "a.name"},
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
	if f.TerritoryID != 0 || f.Segment != "" {
		from += " LEFT JOIN accounts a ON a.id = d.account_id"
	}
	if f.Finding != "" {
		from += " LEFT JOIN people p ON p.id = d.owner_id"
	}
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*)"+from+where, args...).Scan(&n)
	return n, err
}

// DealPage returns up to limit rows of the filtered, sorted deals table from offset.
func (db *DB) DealPage(ctx context.Context, f DealFilter, s DealSort, offset, limit int) ([]DealRow, error) {
	where, args := f.whereSearch(db.search)
	col, ok := DealSortColumns[s.Column]
	if !ok {
		col = DealSortColumns["close_date"]
		s.Desc = true
	}
	dir := " ASC"
	if s.Desc {
		dir = " DESC"
	}
	from := dealTableFrom
	if s.Column == "stage" {
		// Every deal has a stage: walking the stages in process order and
		// each stage's deals by index gives a page without sorting them all.
		from = dealTableByStage
	}
	cols := "SELECT " + dealCols + ", coalesce(a.name, ''), coalesce(p.name, ''), s.name, coalesce(t.name, '')"
	q := cols + from + where + " ORDER BY " + col + dir + ", d.id" + dir + " LIMIT ? OFFSET ?"
	if strings.HasPrefix(col, "d.") {
		// A column of the deal itself: pick the page's IDs from the indexes
		// alone (joining only what the filter needs), then read those rows.
		var joins string
		if f.TerritoryID != 0 || f.Segment != "" {
			joins += " LEFT JOIN accounts a ON a.id = d.account_id"
		}
		if f.Finding != "" {
			joins += " LEFT JOIN people p ON p.id = d.owner_id"
		}
		order := " ORDER BY " + col + dir + ", d.id" + dir
		q = cols + dealTableFrom + " WHERE d.id IN (SELECT d.id FROM deals d" + joins + where + order + " LIMIT ? OFFSET ?)" + order
	}
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
	}
	rows, err := db.db.QueryContext(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]DealRow, 0, limit)
	for rows.Next() {
		var r DealRow
		extra := []any{&r.Account, &r.Owner, &r.Stage, &r.Territory}
		if _, ok := dealSortByName[s.Column]; ok {
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
