package persistence

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"time"

	"salesops/domain"
)

// Demo snapshots: the demo company comes with a history of weekly forecast
// snapshots, so Accuracy and Waterfall have something to show on first
// launch. Each past snapshot is the pipeline reconstructed as it stood at the
// end of its day from what the workspace knows: the created and close dates,
// the stage and close-date changes in deal_history and the final status. A
// deal closed later was open then; its close date is the one its history says
// it had; its stage the one between two recorded changes, or else the open
// stage matching how far it was through its life, never later than the stage
// it left at its first recorded change or the stage it is in now. The last
// snapshot is an ordinary one of today.

// demoSnapshotWeeks is how many past weekly snapshots the demo gets at most.
const demoSnapshotWeeks = 26

// demoSnapshotBudget caps, roughly, the lines all past demo snapshots hold
// together: a 1,000,000-deal demo (some 200,000 lines a week) gets one past
// snapshot, 26 weeks back, besides today's, rather than slow the demo down.
const demoSnapshotBudget = 250_000

// forecastSnapshots is the demo's step that writes the snapshot history.
func (g *demoGen) forecastSnapshots(ctx context.Context, tx *sql.Tx, _ *DemoSummary) error {
	_, err := reconstructSnapshots(ctx, tx, g.opt.AsOf, demoSnapshotWeeks, demoSnapshotBudget)
	return err
}

// histDeal is what reconstructing a deal's past needs.
type histDeal struct {
	id, owner, account int64
	stage              int64
	status             domain.DealStatus
	category           string
	value              int64
	probability        int64
	created, closeDate time.Time
	hasClose           bool
	changes            []histChange // oldest first
}

// histChange is one recorded change of a deal's stage or close date.
type histChange struct {
	at       time.Time // the day it happened
	stage    bool      // else close date
	oldValue string
}

// reconstructSnapshots writes up to weeks weekly snapshots as of now − 7k
// days (k = weeks…1), oldest first, reconstructed from the deals and their
// history — all of them when their lines fit in budget, else as many as fit
// spread over the weeks — then a snapshot of today. It returns the number of
// past snapshots written.
func reconstructSnapshots(ctx context.Context, tx *sql.Tx, now time.Time, weeks, budget int) (int, error) {
	today := domain.DateOf(now)
	first := today.AddDate(0, 0, -7*weeks)
	stages, err := stagesTx(ctx, tx)
	if err != nil {
		return 0, err
	}
	var open []domain.Stage
	openIdx := map[int64]int{}
	for _, s := range stages {
		if !s.Won && !s.Lost {
			openIdx[s.ID] = len(open)
			open = append(open, s)
		}
	}
	if len(open) == 0 || weeks <= 0 {
		return 0, takeSnapshot(ctx, tx, &domain.ForecastSnapshot{TakenAt: now.UTC(), AsOf: today, Kind: "weekly"})
	}
	deals, err := histDeals(ctx, tx, first)
	if err != nil {
		return 0, err
	}
	changes, err := histChanges(ctx, tx, first)
	if err != nil {
		return 0, err
	}
	for i := range deals {
		deals[i].changes = changes[deals[i].id]
	}
	// The lines of the snapshot as of day d.
	lines := func(d time.Time, emit func(l *snapLine)) {
		wonSince := d.AddDate(-1, 0, 0)
		var l snapLine
		for i := range deals {
			x := &deals[i]
			if x.created.IsZero() || x.created.After(d) {
				continue
			}
			closeDate, hasClose := x.closeDate, x.hasClose
			// The first stage change after d says which stage the deal held
			// on d when an earlier change is on record; when it is the first
			// on record, only that the deal had got no further.
			stageID, stageKnown, movedBefore := int64(0), false, false
			for _, c := range x.changes { // oldest first
				if !c.at.After(d) {
					movedBefore = movedBefore || c.stage
					continue
				}
				if c.stage && !stageKnown {
					if id, err := strconv.ParseInt(c.oldValue, 10, 64); err == nil {
						if _, ok := openIdx[id]; ok {
							stageID, stageKnown = id, true
						}
					}
				} else if !c.stage && closeDate.Equal(x.closeDate) {
					if t, err := time.Parse(dateLayout, c.oldValue); err == nil {
						closeDate, hasClose = t, true
					}
				}
			}
			closedBy := x.status != domain.StatusOpen && x.hasClose && !x.closeDate.After(d)
			l = snapLine{deal: x.id, owner: x.owner, account: x.account, value: x.value}
			l.closeDate, l.hasClose = closeDate, hasClose
			switch {
			case closedBy && x.status == domain.StatusWon:
				if x.closeDate.Before(wonSince) {
					continue
				}
				l.status, l.category, l.probability = domain.StatusWon, x.category, x.probability
			case closedBy: // lost by then: not in a snapshot
				continue
			default:
				cur, isOpen := openIdx[x.stage]
				if !stageKnown || !movedBefore {
					// Through the open stages in step with its life so far.
					k := len(open) - 1
					if hasClose && closeDate.After(x.created) {
						frac := float64(d.Sub(x.created)) / float64(closeDate.Sub(x.created))
						k = min(k, max(0, int(frac*float64(len(open)))))
					}
					if isOpen && x.status == domain.StatusOpen {
						k = min(k, cur)
					}
					if stageKnown {
						k = min(k, openIdx[stageID])
					}
					stageID = open[k].ID
				}
				s := open[openIdx[stageID]]
				l.status, l.category, l.probability = domain.StatusOpen, string(s.Category), int64(s.Probability)
				if isOpen && stageID == x.stage && x.status == domain.StatusOpen {
					l.category, l.probability = x.category, x.probability // the deal's own, as now
				}
			}
			emit(&l)
		}
	}
	// Every week when they fit the budget (judged by last week's lines,
	// with a margin), else as many as fit spread evenly over the weeks, the
	// oldest weeks back: accuracy needs snapshots of periods that have ended.
	n := 0
	lines(today.AddDate(0, 0, -7), func(*snapLine) { n++ })
	fit := weeks
	if n > 0 {
		fit = min(weeks, int(float64(budget)/(1.1*float64(n))))
	}
	days := make([]time.Time, 0, fit)
	for i := 0; i < fit; i++ {
		k := weeks - i*weeks/fit // weeks back, the oldest first
		days = append(days, today.AddDate(0, 0, -7*k))
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	idx, err := dropIndexes(ctx, tx, "forecast_snapshot_deals")
	if err != nil {
		return 0, err
	}
	w := &snapWriter{ctx: ctx, tx: tx}
	for _, d := range days {
		s := domain.ForecastSnapshot{TakenAt: d.Add(18 * time.Hour).UTC(), AsOf: d, Kind: "weekly"}
		res, err := tx.ExecContext(ctx, "INSERT INTO forecast_snapshots(taken_at, as_of, kind) VALUES (?, ?, ?)",
			s.TakenAt.Format(time.RFC3339Nano), s.AsOf.Format(dateLayout), s.Kind)
		if err != nil {
			return 0, err
		}
		if w.snapshot, err = res.LastInsertId(); err != nil {
			return 0, err
		}
		w.n = 0
		lines(d, w.add)
		if err := w.flush(); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE forecast_snapshots SET deals = ?, sealed = 1 WHERE id = ?", w.n, w.snapshot); err != nil {
			return 0, err
		}
	}
	if err := takeSnapshot(ctx, tx, &domain.ForecastSnapshot{TakenAt: now.UTC(), AsOf: today, Kind: "weekly"}); err != nil {
		return 0, err
	}
	for _, q := range idx {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	return len(days), nil
}

// histDeals reads the deals that can be in a snapshot from first on: open
// ones, won ones closed in the year before first or later, lost ones closed
// after first.
func histDeals(ctx context.Context, tx *sql.Tx, first time.Time) ([]histDeal, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, coalesce(owner_id, 0), coalesce(account_id, 0), stage_id, status, category,
		coalesce(amount_ws, 0), probability, created, close_date FROM deals
		WHERE status = 'open' OR (status = 'won' AND close_date >= ?) OR (status = 'lost' AND close_date > ?)`,
		first.AddDate(-1, 0, 0).Format(dateLayout), first.Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []histDeal
	for rows.Next() {
		var x histDeal
		var status string
		var created, closeDate sql.NullString
		if err := rows.Scan(&x.id, &x.owner, &x.account, &x.stage, &status, &x.category, &x.value, &x.probability, &created, &closeDate); err != nil {
			return nil, err
		}
		x.status, x.created, x.closeDate = domain.DealStatus(status), parseDate(created), parseDate(closeDate)
		x.hasClose = !x.closeDate.IsZero()
		out = append(out, x)
	}
	return out, rows.Err()
}

// histChanges reads the stage and close-date changes made after first,
// per deal, oldest first.
func histChanges(ctx context.Context, tx *sql.Tx, first time.Time) (map[int64][]histChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT deal_id, field, old_value, changed_at FROM deal_history
		WHERE field IN ('stage', 'close_date') AND changed_at >= ?`, first.AddDate(0, 0, 1).Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]histChange{}
	for rows.Next() {
		var id int64
		var field, old, at string
		if err := rows.Scan(&id, &field, &old, &at); err != nil {
			return nil, err
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			if t, err = time.Parse(dateLayout, strings.TrimSpace(at)); err != nil {
				continue
			}
		}
		out[id] = append(out[id], histChange{at: domain.DateOf(t), stage: field == "stage", oldValue: old})
	}
	for _, cs := range out {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].at.Before(cs[j].at) })
	}
	return out, rows.Err()
}

// snapLine is one line of a reconstructed snapshot.
type snapLine struct {
	deal, owner, account int64
	status               domain.DealStatus
	category             string
	value                int64
	probability          int64
	closeDate            time.Time
	hasClose             bool
}

// snapWriter inserts snapshot lines many rows per statement.
type snapWriter struct {
	ctx      context.Context
	tx       *sql.Tx
	snapshot int64
	n        int
	args     []any
	stmt     *sql.Stmt
	err      error // the first failure; later lines are dropped
}

const snapBatch = 400

func (w *snapWriter) add(l *snapLine) {
	if w.err != nil {
		return
	}
	var cd any
	if l.hasClose {
		cd = l.closeDate.Format(dateLayout)
	}
	w.args = append(w.args, w.snapshot, l.deal, l.owner, l.account, string(l.status), l.category, l.value, l.probability, cd)
	w.n++
	if len(w.args) == 9*snapBatch {
		w.err = w.exec()
	}
}

func (w *snapWriter) exec() error {
	n := len(w.args) / 9
	if n == 0 {
		return nil
	}
	var err error
	if n == snapBatch && w.stmt == nil {
		w.stmt, err = w.tx.PrepareContext(w.ctx, snapInsertSQL(snapBatch))
		if err != nil {
			return err
		}
	}
	if n == snapBatch {
		_, err = w.stmt.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, snapInsertSQL(n), w.args...)
	}
	w.args = w.args[:0]
	return err
}

// flush writes what is left and reports the first failure.
func (w *snapWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	return w.exec()
}

func snapInsertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO forecast_snapshot_deals(snapshot_id, deal_id, owner_id, account_id, status, category,
		amount_ws, probability, close_date) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}
