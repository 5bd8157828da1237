package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"salesops/domain"
)

// dealImporter upserts deals: by external ID, else by (account, name, close date).
type dealImporter struct {
	now      time.Time
	refs     *refs
	settings domain.Settings
	cur      domain.Currency
	tx       *sql.Tx
	res      *ImportResult

	byExt, byKey, byID, ins, upd *sql.Stmt
	// empty: the workspace had no deals, so only this import's own rows can
	// match and the lookups stay in memory.
	empty            bool
	seenExt, seenKey map[string]int64
	noStage          bool
	// fileLines is the row where each deal ID of the file first came; a
	// later row with the same ID is refused, or with combine summed into it.
	fileLines map[string]int
	combine   bool
	repeats   int
	pending   []*pendingDeal
	pendingOf map[string]int
	cols      map[string]bool // fields the file gives (mapped columns)
	// batch holds the arguments of new deals for one multi-row INSERT
	// (into an empty table, where nothing needs their row IDs).
	batch   []any
	insMany *sql.Stmt
	batches *batchWriter // the goroutine inserting them
	// batchFirst and batchLast are the file's rows the batch holds.
	batchFirst, batchLast int
	// search: the workspace has the deals' search index (rebuilt at the
	// end of a bulk load into an empty table).
	search bool
	// recreate rebuilds the indexes dropped for a bulk load into an empty table.
	recreate []string
	// searchRows are the deals a bulk load inserted, in order, for the
	// search index built beside it (side).
	searchRows []searchRow
	side       *sideSearch
	workspace  string // the workspace file's path
	// territoryOf is the territory of each account without territory
	// history, for a bulk load (territoryHint).
	territoryOf map[int64]int64
}

// bulk tells whether the import fills an empty deals table (known after begin).
func (d *dealImporter) bulk() bool { return d.empty }

func (d *dealImporter) required() []string { return []string{"name", "deal_id"} }
func (d *dealImporter) dateFields() []string {
	return []string{"created", "close_date", "lead_created", "first_response"}
}
func (d *dealImporter) numberFields() []string { return []string{"amount", "probability"} }

func (d *dealImporter) begin(ctx context.Context, tx *sql.Tx, cm *columnMap, res *ImportResult) error {
	d.tx, d.res = tx, res
	var err error
	if d.settings, err = loadSettings(ctx, tx); err != nil {
		return err
	}
	if d.cur, err = domain.LookupCurrency(d.settings.Currency); err != nil {
		return err
	}
	d.refs = newRefs(tx, res)
	for _, load := range []func(context.Context) error{d.refs.loadPeople, d.refs.loadAccounts, d.refs.loadStages} {
		if err := load(ctx); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deals").Scan(&n); err != nil {
		return err
	}
	d.empty, d.seenExt, d.seenKey = n == 0, map[string]int64{}, map[string]int64{}
	d.fileLines, d.pendingOf = map[string]int{}, map[string]int{}
	if d.empty {
		// Filling an empty table, building its indexes once at the end is
		// several times faster than updating them row by row. That goes
		// for the unique index on the external ID too: the file's IDs are
		// kept apart as they come (fileLines), and should two be the same
		// after all, building the index fails the import. Inserted into
		// row by row, that index made each INSERT of 32 deals journal 32
		// of its pages at random (a statement journal of ~130 KB, past
		// SQLite's 64 KiB in memory, so written to a file).
		idx, err := dropIndexes(ctx, tx, "deals")
		if err != nil {
			return err
		}
		// The territory each deal reports under is written with the deal
		// (insertDealsSQL) rather than updated by its trigger, and the
		// search index filled once at the end, as the demo does, rather
		// than by its triggers deal by deal.
		trig, err := dropDealTerritoryTriggers(ctx, tx)
		if err != nil {
			return err
		}
		d.recreate = append(idx, trig...)
		if err := dropDealSearchTriggers(ctx, tx); err != nil {
			return err
		}
		if err := d.loadTerritoryHints(ctx); err != nil {
			return err
		}
	}
	// A bigger page cache for the length of the import (the connection's
	// default is 2 MB): 64 MB for updates, which look deals up all over the
	// table; 32 MB for a bulk load, which only appends and then scans the
	// deals (15 MB at 100,000) once per index. At 100,000 deals the smaller
	// cache is as fast and peaks 30 MB lower (235–247 MB, was 268–282 MB).
	cache := "-65536"
	if d.empty {
		cache = "-32768"
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = "+cache); err != nil {
		return err
	}
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	d.byExt = prep("SELECT " + dealCols + " FROM deals d WHERE d.external_id = ?")
	d.byKey = prep("SELECT " + dealCols + " FROM deals d WHERE d.account_id IS ? AND d.name = ? AND d.close_date IS ? AND d.external_id IS NULL ORDER BY d.id LIMIT 1")
	d.byID = prep("SELECT " + dealCols + " FROM deals d WHERE d.id = ?")
	if d.empty {
		d.ins = prep(insertDealsSQL(1))
	} else {
		d.ins = prep(insertDealSQL)
	}
	d.upd = prep(`UPDATE deals SET external_id = ?, name = ?, account_id = ?, owner_id = ?, stage_id = ?,
			status = ?, amount = ?, currency = ?, amount_ws = ?, created = ?, close_date = ?, probability = ?, category = ?,
			lost_reason = ?, product = ?, lead_created = ?, first_response = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	d.cols = map[string]bool{}
	for _, f := range []string{"name", "account", "owner", "amount", "currency", "created", "close_date", "probability",
		"forecast_category", "lost_reason", "product", "lead_created", "first_response"} {
		d.cols[f] = cm.has(f)
	}
	if !cm.has("stage") && !cm.has("status") {
		d.noStage = true
		st, err := d.refs.outcomeStage(ctx, true)
		if err != nil {
			return err
		}
		res.Notes = append(res.Notes, fmt.Sprintf("no stage column: every deal is taken as won (stage %s)", st.Name))
	}
	return nil
}

// batchRows is how many new deals one INSERT takes; bulkColumns is how
// many values each has (insertDealsSQL; 18 × 32 stays under SQLite's
// 32,766 parameters).
const (
	batchRows   = 32
	bulkColumns = 18
)

// The new deals of a bulk load go into SQLite on a goroutine of their own
// (batchWriter), so that SQLite writes one batch while the next is made:
// the rows of an import of 100,000 deals no longer wait for SQLite and Go
// in turn. The transaction serializes the batches with the writes the
// import makes itself (a new account, a deal without an ID); a batch is
// sent only once the accounts, people and stages it names are written.
type batchWriter struct {
	jobs    chan batchJob
	free    chan []any
	stopped chan struct{}
	mu      sync.Mutex
	err     error
}

type batchJob struct {
	args        []any
	first, last int        // the file's rows the deals came from
	done        chan error // when set, the sender waits for the batch
}

// batchError is a batch SQLite refused, with the file's rows it held.
type batchError struct {
	first, last int
	err         error
}

func (e *batchError) Error() string { return fmt.Sprintf("rows %d–%d: %v", e.first, e.last, e.err) }
func (e *batchError) Unwrap() error { return e.err }

func (w *batchWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *batchWriter) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

// flushBatch hands the deals held in batch to the batch writer; with wait,
// it returns once they and every batch before them are in.
func (d *dealImporter) flushBatch(ctx context.Context, wait bool) error {
	if len(d.batch) == 0 && (!wait || d.batches == nil) {
		return nil
	}
	w := d.batches
	if w == nil {
		w = &batchWriter{jobs: make(chan batchJob, 2), free: make(chan []any, 3), stopped: make(chan struct{})}
		d.batches = w
		go d.writeBatches(ctx, w)
	}
	if err := w.failed(); err != nil {
		return err
	}
	job := batchJob{args: d.batch, first: d.batchFirst, last: d.batchLast}
	d.batchFirst = 0
	if wait {
		job.done = make(chan error, 1)
	}
	w.jobs <- job
	select {
	case b := <-w.free:
		d.batch = b[:0]
	default:
		d.batch = make([]any, 0, batchRows*bulkColumns)
	}
	if wait {
		return <-job.done
	}
	return nil
}

// writeBatches inserts the batches sent to w until it is stopped; after a
// failure it only answers.
func (d *dealImporter) writeBatches(ctx context.Context, w *batchWriter) {
	defer close(w.stopped)
	for job := range w.jobs {
		err := w.failed()
		if err == nil && len(job.args) > 0 {
			if err = d.insertBatch(ctx, job.args); err != nil {
				// Reported with the rows of the batch: the importer
				// learns of it a batch or more later.
				err = &batchError{job.first, job.last, err}
				w.fail(err)
			}
		}
		if job.done != nil {
			job.done <- err
		}
		select {
		case w.free <- job.args:
		default:
		}
	}
}

// stopBatches waits for the batch writer to finish and stops it.
func (d *dealImporter) stopBatches() error {
	w := d.batches
	if w == nil {
		return nil
	}
	d.batches = nil
	close(w.jobs)
	<-w.stopped
	return w.failed()
}

// insertBatch inserts deals given as their dealArgs and territory hint
// (insertDealsSQL) one after the other.
func (d *dealImporter) insertBatch(ctx context.Context, args []any) error {
	if len(args) == batchRows*bulkColumns {
		if d.insMany == nil {
			var err error
			if d.insMany, err = d.tx.PrepareContext(ctx, insertDealsSQL(batchRows)); err != nil {
				return err
			}
		}
		return execOnce(ctx, d.insMany, args...)
	}
	_, err := d.tx.ExecContext(ctx, insertDealsSQL(len(args)/bulkColumns), args...)
	return err
}

// insertDealsSQL inserts n deals into an empty table whose territory
// trigger is dropped: each with the territory its account was in on its
// close date, as the trigger would set it. Each deal is its dealArgs and a
// territory hint (territoryHint); where the hint is NULL, the territory is
// territoryOnSQL of its account_id and close_date (the 3rd and 11th values).
func insertDealsSQL(n int) string {
	cols := insertDealSQL[:strings.Index(insertDealSQL, ")")]
	var b strings.Builder
	b.WriteString(cols)
	b.WriteString(", territory_id) SELECT ")
	for i := 1; i < bulkColumns; i++ {
		fmt.Fprintf(&b, "column%d, ", i)
	}
	fmt.Fprintf(&b, "nullif(coalesce(column%d, ", bulkColumns)
	b.WriteString(territoryOnSQL("column3", "column11"))
	b.WriteString("), 0) FROM (VALUES")
	one := "(?" + strings.Repeat(", ?", bulkColumns-1) + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(one)
	}
	b.WriteString(")")
	return b.String()
}

// loadTerritoryHints notes the territory of every account that has no
// territory history: whatever its deals' close dates, territoryOnSQL gives
// them that territory (0 for none). A deals import changes no account's
// territory, so the note holds to its end.
func (d *dealImporter) loadTerritoryHints(ctx context.Context) error {
	d.territoryOf = map[int64]int64{}
	return eachRow(ctx, d.tx, `SELECT a.id, coalesce(a.territory_id, 0) FROM accounts a
		WHERE NOT EXISTS (SELECT 1 FROM account_territory_history h WHERE h.account_id = a.id)`, nil, func(r *sql.Rows) error {
		var id, terr int64
		if err := r.Scan(&id, &terr); err != nil {
			return err
		}
		d.territoryOf[id] = terr
		return nil
	})
}

// territoryHint is the territory a new deal of account gets when that is
// known without its close date (territoryOnSQL gives 0 without an account),
// else nil: SQL works it out.
func (d *dealImporter) territoryHint(account int64) any {
	if account == 0 {
		return int64(0)
	}
	if t, ok := d.territoryOf[account]; ok {
		return t
	}
	return nil
}

func (d *dealImporter) finish(ctx context.Context) error {
	if err := d.flushBatch(ctx, true); err != nil {
		return err
	}
	if err := d.stopBatches(); err != nil {
		return err
	}
	if d.repeats > 0 {
		d.res.Notes = append(d.res.Notes, fmt.Sprintf("%d rows repeat a deal ID of an earlier row and were refused; to sum the lines of one deal into one deal, import with --combine-lines (in the window: Combine the lines of one deal ID)", d.repeats))
	}
	if len(d.searchRows) > 0 {
		// The search index is built beside the deals' indexes (deals_search_side.go).
		d.side = startSideSearch(ctx, d.workspace, d.searchRows)
	}
	for _, q := range d.recreate {
		if _, err := d.tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if d.empty && d.search {
		copied := false
		if d.side != nil {
			var err error
			if copied, err = d.side.copyInto(ctx, d.tx, len(d.searchRows)); err != nil {
				return err
			}
			if sideSearchHook != nil {
				sideSearchHook(copied)
			}
		}
		if !copied {
			if err := rebuildDealSearch(ctx, d.tx); err != nil {
				return err
			}
		}
	}
	d.recreate = nil
	_, err := d.tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
	return err
}

func (d *dealImporter) close() {
	d.stopBatches()
	d.side.close()
	for _, st := range []*sql.Stmt{d.byExt, d.byKey, d.byID, d.ins, d.upd, d.insMany} {
		if st != nil {
			st.Close()
		}
	}
}

func dealKey(account int64, name string, close time.Time) string {
	return fmt.Sprintf("%d\x00%s\x00%s", account, name, close.Format(dateLayout))
}

// find returns the deal the row updates, or nil for a new one.
func (d *dealImporter) find(ctx context.Context, ext string, account int64, name string, close time.Time) (*domain.Deal, error) {
	var row *sql.Row
	switch {
	case d.empty && ext != "":
		id, ok := d.seenExt[ext]
		if !ok {
			return nil, nil
		}
		row = d.byID.QueryRowContext(ctx, id)
	case d.empty:
		id, ok := d.seenKey[dealKey(account, name, close)]
		if !ok {
			return nil, nil
		}
		row = d.byID.QueryRowContext(ctx, id)
	case ext != "":
		row = d.byExt.QueryRowContext(ctx, ext)
	default:
		row = d.byKey.QueryRowContext(ctx, idArg(account), name, dateArg(close))
	}
	old, err := scanDeal(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &old, nil
}

// parsedDeal is a row read into a deal, before it meets the workspace.
type parsedDeal struct {
	nd            domain.Deal
	curFromAmount bool // the currency came with the amount ("$1,200")
	// The texts resolve looks up in the workspace.
	account, owner, stageName, status string
	stage                             *domain.Stage
	probGiven, catGiven               bool
}

// pendingDeal is the first line of a deal ID whose later lines are summed
// into it (CombineLines); it is written after the last row.
type pendingDeal struct {
	p     *parsedDeal
	line  int
	cells []string
	lines int // lines combined into it
}

func (d *dealImporter) row(ctx context.Context, r *importRow) (rowOutcome, error) {
	p, err := d.parse(ctx, r)
	if err != nil || p == nil {
		return rowRejected, err
	}
	ext := p.nd.ExternalID
	if ext != "" {
		if first, ok := d.fileLines[ext]; ok {
			if !d.combine {
				d.repeats++
				r.fail(r.column("deal_id"), ext, fmt.Sprintf("deal ID '%s' already on row %d", ext, first))
				return rowRejected, nil
			}
			pd := d.pending[d.pendingOf[ext]]
			if p.nd.HasAmount {
				if pd.p.nd.HasAmount && !strings.EqualFold(pd.p.nd.Currency, p.nd.Currency) {
					r.fail(r.column("amount"), r.text("amount"), fmt.Sprintf("the lines of deal ID '%s' are in %s on row %d but %s here: they cannot be summed",
						ext, orWorkspace(pd.p.nd.Currency), first, orWorkspace(p.nd.Currency)))
					return rowRejected, nil
				}
				pd.p.nd.Amount += p.nd.Amount
				pd.p.nd.HasAmount = true
				if pd.p.nd.Currency == "" {
					pd.p.nd.Currency = p.nd.Currency
				}
			}
			pd.lines++
			return rowCombined, nil
		}
		if d.combine {
			d.fileLines[ext] = r.line
			d.pendingOf[ext] = len(d.pending)
			d.pending = append(d.pending, &pendingDeal{p: p, line: r.line, cells: r.cells})
			return rowDeferred, nil
		}
	}
	out, err := d.write(ctx, r, p)
	if err == nil && ext != "" && out != rowRejected {
		d.fileLines[ext] = r.line
	}
	return out, err
}

func orWorkspace(code string) string {
	if code == "" {
		return "the workspace currency"
	}
	return code
}

// flush writes the deals whose lines were combined, in the order of their
// first lines, telling tally the outcome of each.
func (d *dealImporter) flush(ctx context.Context, cm *columnMap, sheet string, tally func(rowOutcome, *importRow)) error {
	for i, pd := range d.pending {
		r := &importRow{cm: cm, sheet: sheet, line: pd.line, cells: pd.cells}
		out, err := d.write(ctx, r, pd.p)
		if err != nil {
			return fmt.Errorf("import row %d: %w", pd.line, err)
		}
		tally(out, r)
		if i%256 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	combined := 0
	for _, pd := range d.pending {
		if pd.lines > 0 {
			combined++
		}
	}
	if combined > 0 {
		d.res.Notes = append(d.res.Notes, fmt.Sprintf("%d deals are the sum of several lines with the same deal ID (%d lines added to the first line of their deal)", combined, d.res.Combined))
	}
	d.pending, d.pendingOf = nil, nil
	return nil
}

// prepare reads the row's values into a deal, apart from the database (it
// runs in the parsing goroutine): nil when the row has problems (recorded).
// resolve then adds what the workspace knows (accounts, people, stages).
func (d *dealImporter) prepare(r *importRow) any {
	p := d.values(r)
	if p == nil {
		return nil // a typed nil would not read as nil
	}
	return p
}

func (d *dealImporter) values(r *importRow) *parsedDeal {
	ext, name := r.text("deal_id"), r.text("name")
	if ext == "" && name == "" {
		r.fail("", "", "a deal needs a name or an ID")
		return nil
	}
	p := &parsedDeal{account: r.text("account"), owner: r.text("owner"), stageName: r.text("stage"), status: strings.ToLower(r.text("status"))}
	nd := &p.nd
	nd.ExternalID, nd.Name = ext, name
	if s := p.status; s != "" && s != "won" && s != "lost" && s != "open" && s != "deleted" {
		r.fail(r.column("status"), s, fmt.Sprintf("'%s' is not a status: use open, won or lost", s))
	}
	cur := strings.ToUpper(r.text("currency"))
	digits := d.cur.Digits
	if cur != "" {
		c, err := domain.LookupCurrency(cur)
		if err != nil {
			r.failValue(r.column("currency"), cur, errors.New("is not a currency code such as EUR or USD"))
		} else {
			digits = c.Digits
		}
	}
	if m, code, ok := r.amount("amount", digits); ok {
		nd.Amount, nd.HasAmount = domain.Money(m), true
		switch {
		case code != "" && cur == "":
			if c, err := domain.LookupCurrency(code); err == nil && c.Digits != digits {
				m, _, _ = r.amount("amount", c.Digits)
				nd.Amount = domain.Money(m)
			}
			cur = code
			p.curFromAmount = true
		case code != "" && code != cur:
			r.fail(r.column("amount"), r.text("amount"), fmt.Sprintf("'%s' is in %s but the currency column says %s", r.text("amount"), code, cur))
		}
	}
	nd.Currency = cur
	if t, ok := r.date("created"); ok {
		nd.Created = domain.DateOf(t)
	}
	if t, ok := r.date("close_date"); ok {
		nd.CloseDate = domain.DateOf(t)
	}
	if t, ok := r.date("lead_created"); ok {
		nd.LeadCreated = t
	}
	if t, ok := r.date("first_response"); ok {
		nd.FirstResponse = t
	}
	if pr, ok := r.rate("probability"); ok {
		nd.Probability, p.probGiven = pr, true
	}
	if v := r.text("forecast_category"); v != "" {
		c, err := domain.ParseForecastCategory(v)
		if err != nil {
			r.fail(r.column("forecast_category"), v, fmt.Sprintf("'%s' is not a forecast category: use Pipeline, Best case, Commit, Closed or Omitted", v))
		} else {
			nd.Category, p.catGiven = c, true
		}
	}
	nd.LostReason, nd.Product = r.text("lost_reason"), r.text("product")
	if len(r.problems) > 0 {
		return nil
	}
	return p
}

// parse reads the row into a deal with its account, owner and stage; nil
// when the row has problems (recorded).
func (d *dealImporter) parse(ctx context.Context, r *importRow) (*parsedDeal, error) {
	var p *parsedDeal
	if r.prep != nil {
		p = r.prep.(*parsedDeal)
	} else if len(r.problems) == 0 {
		p = d.values(r)
	}
	if p == nil {
		return nil, nil
	}
	nd := &p.nd
	if p.account != "" {
		id, err := d.refs.account(ctx, p.account)
		if err != nil {
			return nil, err
		}
		nd.AccountID = id
	}
	if p.owner != "" {
		id, err := d.refs.person(ctx, p.owner)
		if err != nil {
			return nil, err
		}
		nd.OwnerID = id
	}
	if p.stageName != "" {
		st, err := d.refs.stage(ctx, p.stageName)
		if err != nil {
			return nil, err
		}
		p.stage = st
	}
	switch status := p.status; {
	case status == "won" || status == "lost":
		if p.stage == nil || (status == "won") != p.stage.Won || (status == "lost") != p.stage.Lost {
			// Pipedrive keeps the last pipeline stage of a won deal; the
			// status says how it ended.
			st, err := d.refs.outcomeStage(ctx, status == "won")
			if err != nil {
				return nil, err
			}
			p.stage = st
		}
	case p.stage == nil && d.noStage:
		st, err := d.refs.outcomeStage(ctx, true)
		if err != nil {
			return nil, err
		}
		p.stage = st
	}
	return p, nil
}

// write inserts or updates the deal the row describes.
func (d *dealImporter) write(ctx context.Context, r *importRow, p *parsedDeal) (rowOutcome, error) {
	nd, stage, probGiven, catGiven := p.nd, p.stage, p.probGiven, p.catGiven
	set := d.cols
	ext := nd.ExternalID

	old, err := d.find(ctx, ext, nd.AccountID, nd.Name, nd.CloseDate)
	if err != nil {
		return 0, err
	}
	if old != nil {
		// Columns the file does not have keep their values.
		merged := *old
		if set["name"] {
			merged.Name = nd.Name
		}
		if set["account"] {
			merged.AccountID = nd.AccountID
		}
		if set["owner"] {
			merged.OwnerID = nd.OwnerID
		}
		if set["amount"] {
			merged.Amount, merged.HasAmount = nd.Amount, nd.HasAmount
		}
		if set["currency"] || p.curFromAmount {
			merged.Currency = nd.Currency
		}
		if set["created"] {
			merged.Created = nd.Created
		}
		if set["close_date"] {
			merged.CloseDate = nd.CloseDate
		}
		if set["lost_reason"] {
			merged.LostReason = nd.LostReason
		}
		if set["product"] {
			merged.Product = nd.Product
		}
		if set["lead_created"] {
			merged.LeadCreated = nd.LeadCreated
		}
		if set["first_response"] {
			merged.FirstResponse = nd.FirstResponse
		}
		if probGiven {
			merged.Probability = nd.Probability
		}
		if catGiven {
			merged.Category = nd.Category
		}
		nd = merged
		if stage == nil {
			stage = d.refs.stageByID(old.StageID)
		}
	}
	if stage == nil {
		r.fail(r.column("stage"), "", "a new deal needs a stage")
		return rowRejected, nil
	}
	stageChanged := old == nil || old.StageID != stage.ID
	if err := applyStage(stage, &d.settings, &nd, old, probGiven || (!stageChanged && old != nil), catGiven || (!stageChanged && old != nil)); err != nil {
		col := ""
		switch {
		case strings.Contains(err.Error(), "amount"):
			col = r.column("amount")
		case strings.Contains(err.Error(), "close date"), strings.Contains(err.Error(), "closes before"):
			col = r.column("close_date")
		case strings.Contains(err.Error(), "exchange rate"):
			col = r.column("currency")
		}
		r.fail(col, "", domain.ErrorMessage(err))
		return rowRejected, nil
	}
	if old != nil {
		nd.ID = old.ID
		if reflect.DeepEqual(dealArgs(old), dealArgs(&nd)) {
			return rowUnchanged, nil
		}
		if _, err := d.upd.ExecContext(ctx, append(dealArgs(&nd), nd.ID)...); err != nil {
			if de := dealConstraint(&nd, err); de != err {
				r.fail(r.column("deal_id"), ext, domain.ErrorMessage(de))
				return rowRejected, nil
			}
			return 0, err
		}
		if err := recordChanges(ctx, d.tx, old, &nd, d.now); err != nil {
			return 0, err
		}
		return rowUpdated, nil
	}
	args := dealArgs(&nd)
	if d.empty {
		args = append(args, d.territoryHint(nd.AccountID))
	}
	if d.empty && d.search {
		d.searchRows = append(d.searchRows, searchRow{name: nd.Name, ext: args[0]})
	}
	if d.empty && ext != "" {
		if d.batchFirst == 0 {
			d.batchFirst = r.line
		}
		d.batchLast = r.line
		d.batch = append(d.batch, args...)
		if len(d.batch) == batchRows*bulkColumns {
			return rowInserted, d.flushBatch(ctx, false)
		}
		return rowInserted, nil
	}
	if err := d.flushBatch(ctx, true); err != nil {
		return 0, err
	}
	res, err := d.ins.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if d.empty {
		if ext != "" {
			d.seenExt[ext] = id
		} else {
			d.seenKey[dealKey(nd.AccountID, nd.Name, nd.CloseDate)] = id
		}
	}
	return rowInserted, nil
}

func (x *refs) stageByID(id int64) *domain.Stage {
	for _, s := range x.stageList {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// applyStage does for an imported deal what prepareDealStage does for one
// saved from the window, with the stage already in hand: status from the
// stage, won/lost forecast values, the stage's default probability and
// category when the file gives none, the amount in the workspace currency.
//
// keepProb and keepCat say the deal's own probability and category stand
// (the file gives them, or the stage did not change).
func applyStage(st *domain.Stage, s *domain.Settings, d *domain.Deal, old *domain.Deal, keepProb, keepCat bool) error {
	d.StageID = st.ID
	d.Status = st.Status()
	switch {
	case st.Won:
		d.Category, d.Probability = domain.CategoryClosed, domain.RateOne
	case st.Lost:
		d.Category, d.Probability = domain.CategoryOmitted, 0
	default:
		if !keepCat || d.Category == "" || d.Category == domain.CategoryClosed || d.Category == domain.CategoryOmitted && old != nil && old.Status != domain.StatusOpen {
			d.Category = st.Category
		}
		if !keepProb {
			d.Probability = st.Probability
		}
	}
	if strings.EqualFold(d.Currency, s.Currency) {
		d.Currency = ""
	}
	d.Value = d.Amount
	if d.HasAmount && d.Currency != "" {
		v, err := s.ToWorkspace(d.Amount, d.Currency)
		if err != nil {
			return err
		}
		d.Value = v
	}
	return d.Validate()
}
