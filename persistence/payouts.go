package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"salesops/domain"
)

// PayoutRun is the payouts of one period: computed live while the period is
// open, read back exactly as paid once it is closed.
type PayoutRun struct {
	Period   domain.Period
	Closed   bool
	ClosedAt time.Time
	Currency domain.Currency
	Payouts  []domain.Payout
}

// Totals sums the run's payouts. Its attainment is that of the people with
// a quota (their credited bookings over their quotas): roll-up and overlay
// credit of people without quota would count the same bookings twice.
func (r *PayoutRun) Totals() domain.Payout {
	var t domain.Payout
	var withQuota domain.Money
	for _, p := range r.Payouts {
		if p.Quota > 0 {
			withQuota += p.Credited
		}
		t.Quota += p.Quota
		t.Credited += p.Credited
		t.Commission += p.Commission
		t.Spiffs += p.Spiffs
		t.Draw += p.Draw
		t.Clawbacks += p.Clawbacks
		t.Adjustments += p.Adjustments
		t.Total += p.Total
		t.Target += p.Target
	}
	t.Attainment, t.HasAttain = domain.Attainment(withQuota, t.Quota)
	return t
}

// Adjustment is a manual payout adjustment of an open period.
type Adjustment struct {
	ID       int64
	Period   string
	PersonID int64
	Amount   domain.Money
	Reason   string
	At       time.Time
}

// ErrClosedPeriod is the message for a write to a closed period.
func errClosed(p string) error {
	return domain.Errorf(domain.ECONFLICT, "Period %s is closed: it never changes. Enter the correction as an adjustment in the next open period.", p)
}

// PayoutRun returns the payouts of period p as of day asOf, explained in
// English.
func (db *DB) PayoutRun(ctx context.Context, p domain.Period, asOf time.Time) (PayoutRun, error) {
	return payoutRun(ctx, db.db, p, asOf, nil)
}

// PayoutRunIn is PayoutRun explained in words w (the window's language). A
// closed period reads back in the words it was closed in.
func (db *DB) PayoutRunIn(ctx context.Context, p domain.Period, asOf time.Time, w *domain.Words) (PayoutRun, error) {
	return payoutRun(ctx, db.db, p, asOf, w)
}

func payoutRun(ctx context.Context, q querier, p domain.Period, asOf time.Time, w *domain.Words) (PayoutRun, error) {
	s, err := loadSettings(ctx, q)
	if err != nil {
		return PayoutRun{}, err
	}
	cur, err := domain.LookupCurrency(s.Currency)
	if err != nil {
		return PayoutRun{}, err
	}
	run := PayoutRun{Period: p, Currency: cur}
	var id int64
	var status string
	var closedAt sql.NullString
	err = q.QueryRowContext(ctx, "SELECT id, status, closed_at FROM payout_runs WHERE period = ?", p.String()).Scan(&id, &status, &closedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return run, err
	}
	if status == "closed" {
		run.Closed, run.ClosedAt = true, parseDate(closedAt)
		run.Payouts, err = loadStoredPayouts(ctx, q, id, p)
		return run, err
	}
	c := &payoutCalc{q: q, s: s, cur: cur, asOf: asOf, words: w}
	run.Payouts, err = c.compute(ctx, p, nil, true)
	return run, err
}

// payoutCalc computes payouts from the workspace's data.
type payoutCalc struct {
	q     querier
	s     domain.Settings
	cur   domain.Currency
	asOf  time.Time
	words *domain.Words // nil = English
}

// compute returns the payouts of p. keep adds credits by person that the
// data no longer holds (deals of a closed period cancelled since, which a
// recalculation of that period counts as paid). extras adds clawbacks,
// corrections of closed periods and manual adjustments.
func (c *payoutCalc) compute(ctx context.Context, p domain.Period, keep map[int64][]domain.CreditedDeal, extras bool) ([]domain.Payout, error) {
	q := c.q
	plans, err := loadPlans(ctx, q)
	if err != nil {
		return nil, err
	}
	planByID := map[int64]*domain.Plan{}
	for i := range plans {
		planByID[plans[i].ID] = &plans[i]
	}
	as, err := loadAssignments(ctx, q)
	if err != nil {
		return nil, err
	}
	byPerson := map[int64][]domain.PlanAssignment{}
	inUse := map[int64]bool{}
	gate, rollUp := false, false
	var newAcc []domain.Spiff // SPIFFs for new accounts: only their candidate deals need the check
	for _, a := range as {
		if a.From.Before(p.End()) && (a.To.IsZero() || a.To.After(p.Start())) {
			byPerson[a.PersonID] = append(byPerson[a.PersonID], a)
			if pl := planByID[a.PlanID]; pl != nil && !inUse[pl.ID] {
				inUse[pl.ID] = true
				gate = gate || pl.GateYTD
				rollUp = rollUp || pl.Crediting.RollUp
				for _, sp := range pl.Spiffs {
					if sp.NewAccount {
						newAcc = append(newAcc, sp)
					}
				}
			}
		}
	}
	var extra map[int64][]domain.PayoutLine
	if extras {
		if extra, err = c.extras(ctx, p); err != nil {
			return nil, err
		}
	}
	if len(byPerson) == 0 && len(extra) == 0 {
		return nil, nil
	}
	people, err := loadPeopleQ(ctx, q)
	if err != nil {
		return nil, err
	}
	from := p.Start()
	yearStart := c.s.Calendar.PeriodOf(domain.Year, p.Start()).Start()
	if gate && yearStart.Before(from) {
		from = yearStart
	}
	deals, splits, err := wonDeals(ctx, q, from, p.End())
	if err != nil {
		return nil, err
	}
	var firstWon map[int64]bool
	if len(newAcc) > 0 {
		if firstWon, err = firstWonDeals(ctx, q, deals, newAcc, from); err != nil {
			return nil, err
		}
	}
	index := domain.CreditIndex(deals, splits, func(d *domain.Deal) bool { return firstWon[d.ID] })
	quotas, err := quotaTotalsRange(ctx, q, p.Start(), p.End())
	if err != nil {
		return nil, err
	}
	var ytdQuota map[int64]domain.Money
	if gate {
		if ytdQuota, err = quotaTotalsRange(ctx, q, yearStart, p.End()); err != nil {
			return nil, err
		}
	}
	var reports map[int64][]int64
	if rollUp {
		reports = map[int64][]int64{}
		for _, pe := range people {
			if pe.ManagerID != 0 {
				reports[pe.ManagerID] = append(reports[pe.ManagerID], pe.ID)
			}
		}
	}
	balances, err := drawBalances(ctx, q, p)
	if err != nil {
		return nil, err
	}
	var out []domain.Payout
	for _, pe := range people {
		asg := byPerson[pe.ID]
		if len(asg) == 0 && len(extra[pe.ID]) == 0 {
			continue
		}
		segs := domain.Segments(p, asg, planByID)
		in := domain.PayoutInput{PersonID: pe.ID, Name: pe.Name, Email: pe.Email, Period: p, Currency: c.cur, Segments: segs, Words: c.words,
			Quota: quotas[pe.ID], DrawBalance: balances[pe.ID], Extra: extra[pe.ID], YTDQuota: ytdQuota[pe.ID]}
		var team map[int64]string
		for i, seg := range segs {
			if seg.Plan.Crediting.RollUp && team == nil {
				team = teamBelow(pe.ID, reports, people)
			}
			for _, cd := range domain.PersonCredits(pe.ID, seg.Plan.Crediting, index, team) {
				if !cd.CloseDate.Before(seg.From) && cd.CloseDate.Before(seg.To) {
					in.Credits = append(in.Credits, cd)
				}
				if i == len(segs)-1 && gate && !cd.CloseDate.Before(yearStart) {
					in.YTDCredited += cd.Amount
				}
			}
		}
		in.Credits = append(in.Credits, keep[pe.ID]...)
		out = append(out, domain.ComputePayout(in))
	}
	return out, nil
}

func teamBelow(id int64, reports map[int64][]int64, people []domain.Person) map[int64]string {
	names := map[int64]string{}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	team := map[int64]string{}
	stack := append([]int64(nil), reports[id]...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := team[x]; seen || x == id {
			continue
		}
		team[x] = names[x]
		stack = append(stack, reports[x]...)
	}
	return team
}

func loadPeopleQ(ctx context.Context, q querier) ([]domain.Person, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+personCols+" FROM people ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// wonDeals reads the won deals closed in [from, to) — only the fields a
// payout needs — and their splits.
func wonDeals(ctx context.Context, q querier, from, to time.Time) ([]domain.Deal, map[int64][]domain.DealSplit, error) {
	// The name arrives as explanations show it ("D-0042 Acme renewal"): one
	// column fewer per row, which counts at a million deals.
	rows, err := q.QueryContext(ctx, `SELECT d.id, CASE WHEN coalesce(d.external_id, '') = '' THEN d.name ELSE d.external_id || ' ' || d.name END,
		coalesce(d.owner_id, 0), coalesce(d.account_id, 0), coalesce(d.amount_ws, 0), d.close_date, d.product FROM deals d WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won'`,
		from.Format(dateLayout), to.Format(dateLayout))
	if err != nil {
		return nil, nil, err
	}
	var deals []domain.Deal
	dates := map[string]time.Time{}
	for rows.Next() {
		d := domain.Deal{Status: domain.StatusWon, HasAmount: true}
		var closeDate string
		if err := rows.Scan(&d.ID, &d.Name, &d.OwnerID, &d.AccountID, &d.Value, &closeDate, &d.Product); err != nil {
			rows.Close()
			return nil, nil, err
		}
		t, ok := dates[closeDate]
		if !ok {
			t = parseDate(sql.NullString{String: closeDate, Valid: true})
			dates[closeDate] = t
		}
		d.CloseDate, d.Amount = t, d.Value
		deals = append(deals, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	srows, err := q.QueryContext(ctx, `SELECT s.deal_id, s.person_id, s.kind, s.share FROM deal_splits s JOIN deals d ON d.id = s.deal_id
		WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won'`, from.Format(dateLayout), to.Format(dateLayout))
	if err != nil {
		return nil, nil, err
	}
	defer srows.Close()
	splits := map[int64][]domain.DealSplit{}
	for srows.Next() {
		var s domain.DealSplit
		var kind string
		if err := srows.Scan(&s.DealID, &s.PersonID, &kind, &s.Share); err != nil {
			return nil, nil, err
		}
		s.Kind = domain.SplitKind(kind)
		splits[s.DealID] = append(splits[s.DealID], s)
	}
	return deals, splits, srows.Err()
}

// firstWonDeals returns which of deals (won deals closed from day from on)
// are their account's first won deal: the "new account" of a SPIFF. One
// index seek per account asks whether it had a won deal before from.
func firstWonDeals(ctx context.Context, q querier, deals []domain.Deal, spiffs []domain.Spiff, from time.Time) (map[int64]bool, error) {
	// Only the accounts of deals a new-account SPIFF could pay on matter.
	seen := map[int64]bool{}
	var accounts []int64
	for i := range deals {
		d := &deals[i]
		if d.AccountID == 0 || seen[d.AccountID] {
			continue
		}
		for k := range spiffs {
			if spiffs[k].Candidate(d) {
				seen[d.AccountID] = true
				accounts = append(accounts, d.AccountID)
				break
			}
		}
	}
	out := map[int64]bool{}
	if len(accounts) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT a.value FROM json_each(?) a WHERE EXISTS (SELECT 1 FROM deals e
		WHERE e.status = 'won' AND e.account_id = a.value AND e.close_date < ?)`, jsonIDs(accounts), from.Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	earlier := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		earlier[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	order := make([]*domain.Deal, 0, len(deals))
	for i := range deals {
		if seen[deals[i].AccountID] && !earlier[deals[i].AccountID] {
			order = append(order, &deals[i])
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if !order[i].CloseDate.Equal(order[j].CloseDate) {
			return order[i].CloseDate.Before(order[j].CloseDate)
		}
		return order[i].ID < order[j].ID
	})
	for _, d := range order {
		if !earlier[d.AccountID] {
			earlier[d.AccountID] = true
			out[d.ID] = true
		}
	}
	return out, nil
}

// quotaTotalsRange sums each person's monthly quotas over the months of [from, to).
func quotaTotalsRange(ctx context.Context, q querier, from, to time.Time) (map[int64]domain.Money, error) {
	rows, err := q.QueryContext(ctx, "SELECT person_id, sum(amount) FROM quotas WHERE month >= ? AND month < ? GROUP BY person_id",
		from.Format("2006-01"), to.Format("2006-01"))
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

// drawBalances is each person's recoverable draw still owed after the last
// closed period that ends by p's start.
func drawBalances(ctx context.Context, q querier, p domain.Period) (map[int64]domain.Money, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.person_id, o.draw_balance FROM payouts o JOIN payout_runs r ON r.id = o.run_id
		WHERE r.status = 'closed' AND r.end_date <= ? ORDER BY r.end_date`, p.Start().Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.Money{}
	for rows.Next() {
		var id int64
		var b domain.Money
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		out[id] = b
	}
	return out, rows.Err()
}

// closedRun is a closed period before the one being computed.
type closedRun struct {
	id     int64
	period domain.Period
}

// extras gathers, by person, the lines that period p adds to what its plans
// pay: clawbacks and corrections of earlier closed periods, and manual
// adjustments of p.
func (c *payoutCalc) extras(ctx context.Context, p domain.Period) (map[int64][]domain.PayoutLine, error) {
	q := c.q
	out := map[int64][]domain.PayoutLine{}
	rows, err := q.QueryContext(ctx, "SELECT person_id, amount, reason FROM payout_adjustments WHERE period = ? ORDER BY id", p.String())
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var amt domain.Money
		var reason string
		if err := rows.Scan(&id, &amt, &reason); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = append(out[id], domain.ManualAdjustment(amt, reason, c.words))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	runs, err := closedRunsBefore(ctx, q, p, c.s.Calendar)
	if err != nil || len(runs) == 0 {
		return out, err
	}
	// What later closed runs already did about each closed period.
	handled := map[string]bool{}           // period|person|deal: a clawback or its note exists
	corrected := map[string]domain.Money{} // period|person: corrections already paid
	hrows, err := q.QueryContext(ctx, `SELECT l.ref_period, l.person_id, coalesce(l.deal_id, 0), l.kind, l.amount FROM payout_lines l
		JOIN payout_runs r ON r.id = l.run_id WHERE r.status = 'closed' AND l.ref_period <> ''`)
	if err != nil {
		return nil, err
	}
	for hrows.Next() {
		var ref, kind string
		var person, deal int64
		var amt domain.Money
		if err := hrows.Scan(&ref, &person, &deal, &kind, &amt); err != nil {
			hrows.Close()
			return nil, err
		}
		switch {
		case deal != 0 && (kind == string(domain.LineClawback) || kind == string(domain.LineNote)):
			handled[fmt.Sprintf("%s|%d|%d", ref, person, deal)] = true
		case kind == string(domain.LineAdjustment):
			corrected[fmt.Sprintf("%s|%d", ref, person)] += amt
		}
	}
	hrows.Close()
	if err := hrows.Err(); err != nil {
		return nil, err
	}
	for _, r := range runs {
		if err := c.correct(ctx, r, handled, corrected, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func closedRunsBefore(ctx context.Context, q querier, p domain.Period, cal domain.FiscalCalendar) ([]closedRun, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, period FROM payout_runs WHERE status = 'closed' AND end_date <= ? ORDER BY start_date",
		p.Start().Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []closedRun
	for rows.Next() {
		var r closedRun
		var key string
		if err := rows.Scan(&r.id, &key); err != nil {
			return nil, err
		}
		if r.period, err = domain.ParsePeriod(key, cal); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// correct compares closed run r with today's data: deals it paid that are no
// longer won in it are clawed back (within the plan's window); any other
// difference in what its plans pay becomes a correction line.
func (c *payoutCalc) correct(ctx context.Context, r closedRun, handled map[string]bool, corrected map[string]domain.Money, out map[int64][]domain.PayoutLine) error {
	q := c.q
	stored, err := loadStoredPayouts(ctx, q, r.id, r.period)
	if err != nil {
		return err
	}
	// The deals paid in r, and whether each is still a won deal of r.
	var ids []int64
	for _, p := range stored {
		for _, l := range p.Lines {
			if l.Kind == domain.LineCredit {
				ids = append(ids, l.DealID)
			}
		}
	}
	stillWon, err := dealsWonIn(ctx, q, ids, r.period)
	if err != nil {
		return err
	}
	keep := map[int64][]domain.CreditedDeal{}
	for _, p := range stored {
		for _, l := range p.Lines {
			if l.Kind != domain.LineCredit || stillWon[l.DealID] {
				continue
			}
			keep[p.PersonID] = append(keep[p.PersonID], *l.Deal)
			key := fmt.Sprintf("%s|%d|%d", r.period, p.PersonID, l.DealID)
			if handled[key] || p.DealEarned[l.DealID] == 0 {
				continue
			}
			cancelled, err := cancelDate(ctx, q, l.DealID, c.asOf)
			if err != nil {
				return err
			}
			cc := domain.ClosedCredit{PersonID: p.PersonID, DealID: l.DealID, DealName: l.Deal.Name, Period: r.period.String(),
				CloseDate: l.Deal.CloseDate, Credited: l.Credited, Earned: p.DealEarned[l.DealID], ClawbackDays: l.ClawbackDays}
			out[p.PersonID] = append(out[p.PersonID], domain.Clawback(cc, cancelled, c.cur, c.words))
		}
	}
	now, err := c.compute(ctx, r.period, keep, false)
	if err != nil {
		return err
	}
	nowBy := map[int64]*domain.Payout{}
	for i := range now {
		nowBy[now[i].PersonID] = &now[i]
	}
	for _, p := range stored {
		n := nowBy[p.PersonID]
		if n == nil {
			continue
		}
		paid := p.Earned + corrected[fmt.Sprintf("%s|%d", r.period, p.PersonID)]
		if l, ok := domain.Correction(r.period.String(), paid, n.Earned, changeCause(&p, n, c.cur, c.words), c.cur, c.words); ok {
			out[p.PersonID] = append(out[p.PersonID], l)
		}
	}
	return nil
}

// changeCause names the deals whose credit differs between what was paid and now.
func changeCause(paid, now *domain.Payout, cur domain.Currency, wd *domain.Words) string {
	w := wd
	if w == nil {
		w = &domain.EnglishWords
	}
	type cr struct {
		name   string
		amount domain.Money
	}
	credit := func(p *domain.Payout) map[int64]cr {
		m := map[int64]cr{}
		for _, l := range p.Lines {
			if l.Kind == domain.LineCredit && l.Deal != nil {
				x := m[l.DealID]
				x.name, x.amount = l.Deal.Name, x.amount+l.Credited
				m[l.DealID] = x
			}
		}
		return m
	}
	before, after := credit(paid), credit(now)
	var causes []string
	for id, a := range after {
		b, ok := before[id]
		switch {
		case !ok:
			causes = append(causes, w.F(w.CauseWon, a.name, w.M(cur, a.amount)))
		case b.amount != a.amount:
			causes = append(causes, w.F(w.CauseChanged, a.name, w.M(cur, b.amount), w.M(cur, a.amount)))
		}
	}
	sort.Strings(causes)
	if len(causes) == 0 {
		return w.CauseOther
	}
	if len(causes) > 3 {
		causes = append(causes[:3], w.F(w.CauseMore, len(causes)-3))
	}
	return strings.Join(causes, ", ")
}

// dealsWonIn reports which of ids are still won deals closing in p.
func dealsWonIn(ctx context.Context, q querier, ids []int64, p domain.Period) (map[int64]bool, error) {
	if len(ids) == 0 {
		return map[int64]bool{}, nil
	}
	return queryIDSet(ctx, q, `SELECT id FROM deals WHERE id IN (SELECT value FROM json_each(?)) AND status = 'won'
		AND close_date >= ? AND close_date < ?`, jsonIDs(ids), p.Start().Format(dateLayout), p.End().Format(dateLayout))
}

// cancelDate is when a deal stopped counting: its last recorded change of
// stage or close date, or asOf when there is none (or the deal is gone).
func cancelDate(ctx context.Context, q querier, dealID int64, asOf time.Time) (time.Time, error) {
	var at sql.NullString
	err := q.QueryRowContext(ctx, "SELECT max(changed_at) FROM deal_history WHERE deal_id = ? AND field IN ('stage', 'close_date')", dealID).Scan(&at)
	if err != nil {
		return time.Time{}, err
	}
	if t := parseDate(at); !t.IsZero() {
		return domain.DateOf(t), nil
	}
	return domain.DateOf(asOf), nil
}

// loadStoredPayouts reads a closed run's payouts exactly as they were paid.
func loadStoredPayouts(ctx context.Context, q querier, runID int64, p domain.Period) ([]domain.Payout, error) {
	rows, err := q.QueryContext(ctx, `SELECT person_id, name, email, plan_id, plan, quota, credited, attainment, commission, spiffs, draw,
		clawbacks, adjustments, total, earned, draw_balance, target FROM payouts WHERE run_id = ? ORDER BY name COLLATE NOCASE, person_id`, runID)
	if err != nil {
		return nil, err
	}
	var out []domain.Payout
	idx := map[int64]int{}
	for rows.Next() {
		var o domain.Payout
		var att sql.NullInt64
		if err := rows.Scan(&o.PersonID, &o.Name, &o.Email, &o.PlanID, &o.Plan, &o.Quota, &o.Credited, &att, &o.Commission, &o.Spiffs,
			&o.Draw, &o.Clawbacks, &o.Adjustments, &o.Total, &o.Earned, &o.DrawBalance, &o.Target); err != nil {
			rows.Close()
			return nil, err
		}
		o.Period, o.Attainment, o.HasAttain = p, domain.Rate(att.Int64), att.Valid
		o.DealEarned = map[int64]domain.Money{}
		idx[o.PersonID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	lrows, err := q.QueryContext(ctx, `SELECT person_id, kind, coalesce(deal_id, 0), amount, explanation, credited, share, ref_period, deal_earned,
		deal_close, clawback_days, deal_name, deal_value, product, new_account, credit_kind, via FROM payout_lines WHERE run_id = ? ORDER BY person_id, position`, runID)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	for lrows.Next() {
		var person int64
		var l domain.PayoutLine
		var kind, ckind string
		var earned domain.Money
		var closeDate sql.NullString
		var d domain.CreditedDeal
		if err := lrows.Scan(&person, &kind, &l.DealID, &l.Amount, &l.Explanation, &l.Credited, &l.Share, &l.RefPeriod, &earned,
			&closeDate, &l.ClawbackDays, &d.Name, &d.Value, &d.Product, &d.NewAccount, &ckind, &d.Via); err != nil {
			return nil, err
		}
		l.Kind = domain.PayoutLineKind(kind)
		if l.Kind == domain.LineCredit {
			d.DealID, d.CloseDate, d.Kind, d.Share, d.Amount = l.DealID, parseDate(closeDate), domain.SplitKind(ckind), l.Share, l.Credited
			l.Deal = &d
		}
		i, ok := idx[person]
		if !ok {
			continue
		}
		if l.Kind == domain.LineCredit {
			out[i].DealEarned[l.DealID] += earned
		}
		out[i].Lines = append(out[i].Lines, l)
	}
	return out, lrows.Err()
}

// ClosePeriod computes period p as of asOf and freezes it: its payouts and
// lines are stored and never change again (the database refuses it too).
func (db *DB) ClosePeriod(ctx context.Context, p domain.Period, asOf time.Time) error {
	return db.ClosePeriodIn(ctx, p, asOf, nil)
}

// ClosePeriodIn is ClosePeriod with the statements explained in words w.
func (db *DB) ClosePeriodIn(ctx context.Context, p domain.Period, asOf time.Time, w *domain.Words) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var overlap string
		err := tx.QueryRowContext(ctx, "SELECT period FROM payout_runs WHERE status = 'closed' AND start_date < ? AND end_date > ? LIMIT 1",
			p.End().Format(dateLayout), p.Start().Format(dateLayout)).Scan(&overlap)
		if err == nil {
			if overlap == p.String() {
				return errClosed(p.String())
			}
			return domain.Errorf(domain.ECONFLICT, "Period %s overlaps %s, which is already closed.", p, overlap)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		run, err := payoutRun(ctx, tx, p, asOf, w)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM payout_runs WHERE period = ?", p.String()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO payout_runs(period, start_date, end_date, status) VALUES (?, ?, ?, 'open')",
			p.String(), dateArg(p.Start()), dateArg(p.End()))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := storePayouts(ctx, tx, id, run.Payouts); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE payout_runs SET status = 'closed', closed_at = ? WHERE id = ?", asOf.UTC().Format(time.RFC3339), id)
		return err
	})
}

func storePayouts(ctx context.Context, tx *sql.Tx, runID int64, payouts []domain.Payout) error {
	ps, err := tx.PrepareContext(ctx, `INSERT INTO payouts(run_id, person_id, name, email, plan_id, plan, quota, credited, attainment, commission,
		spiffs, draw, clawbacks, adjustments, total, earned, draw_balance, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ps.Close()
	ls, err := tx.PrepareContext(ctx, `INSERT INTO payout_lines(run_id, person_id, position, kind, deal_id, amount, explanation, credited, share,
		ref_period, deal_earned, deal_close, clawback_days, deal_name, deal_value, product, new_account, credit_kind, via)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ls.Close()
	for _, o := range payouts {
		var att any
		if o.HasAttain {
			att = int64(o.Attainment)
		}
		if _, err := ps.ExecContext(ctx, runID, o.PersonID, o.Name, o.Email, o.PlanID, o.Plan, int64(o.Quota), int64(o.Credited), att,
			int64(o.Commission), int64(o.Spiffs), int64(o.Draw), int64(o.Clawbacks), int64(o.Adjustments), int64(o.Total), int64(o.Earned),
			int64(o.DrawBalance), int64(o.Target)); err != nil {
			return err
		}
		for i, l := range o.Lines {
			var earned domain.Money
			var closeDate any
			d := domain.CreditedDeal{}
			if l.Kind == domain.LineCredit && l.Deal != nil {
				d = *l.Deal
				earned = o.DealEarned[l.DealID]
				closeDate = dateArg(d.CloseDate)
				// DealEarned is per deal; a deal credited twice (own and
				// roll-up) keeps it on its first line only.
				o.DealEarned[l.DealID] = 0
			}
			if _, err := ls.ExecContext(ctx, runID, o.PersonID, i+1, string(l.Kind), idArg(l.DealID), int64(l.Amount), l.Explanation,
				int64(l.Credited), int64(l.Share), l.RefPeriod, int64(earned), closeDate, l.ClawbackDays, d.Name, int64(d.Value), d.Product,
				boolInt(d.NewAccount), string(d.Kind), d.Via); err != nil {
				return err
			}
		}
	}
	return nil
}

// ClosedPeriods lists the keys of the closed periods, oldest first.
func (db *DB) ClosedPeriods(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, db.db, "SELECT period FROM payout_runs WHERE status = 'closed' ORDER BY start_date, end_date")
}

// IsClosed reports whether period p is closed.
func (db *DB) IsClosed(ctx context.Context, p domain.Period) (bool, error) {
	return isClosed(ctx, db.db, p.String())
}

func isClosed(ctx context.Context, q querier, key string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM payout_runs WHERE period = ? AND status = 'closed'", key).Scan(&n)
	return n > 0, err
}

// AddAdjustment records a manual adjustment with its reason in an open period.
func (db *DB) AddAdjustment(ctx context.Context, a *Adjustment) error {
	a.Reason = strings.TrimSpace(a.Reason)
	switch {
	case a.Reason == "":
		return domain.Errorf(domain.EINVALID, "An adjustment needs a reason.")
	case a.Amount == 0:
		return domain.Errorf(domain.EINVALID, "An adjustment needs an amount other than zero.")
	case a.PersonID == 0:
		return domain.Errorf(domain.EINVALID, "An adjustment needs a person.")
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		closed, err := isClosed(ctx, tx, a.Period)
		if err != nil {
			return err
		}
		if closed {
			return errClosed(a.Period)
		}
		if a.At.IsZero() {
			a.At = time.Now()
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO payout_adjustments(period, person_id, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)",
			a.Period, a.PersonID, int64(a.Amount), a.Reason, a.At.UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		a.ID, err = res.LastInsertId()
		return err
	})
}

// Adjustments lists the manual adjustments of period key p.
func (db *DB) Adjustments(ctx context.Context, p string) ([]Adjustment, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, period, person_id, amount, reason, created_at FROM payout_adjustments WHERE period = ? ORDER BY id", p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Adjustment
	for rows.Next() {
		var a Adjustment
		var at sql.NullString
		if err := rows.Scan(&a.ID, &a.Period, &a.PersonID, &a.Amount, &a.Reason, &at); err != nil {
			return nil, err
		}
		a.At = parseDate(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteAdjustment removes manual adjustment id while its period is open; a
// closed period's adjustments stay as they were paid.
func (db *DB) DeleteAdjustment(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var period string
		err := tx.QueryRowContext(ctx, "SELECT period FROM payout_adjustments WHERE id = ?", id).Scan(&period)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "There is no adjustment %d.", id)
		}
		if err != nil {
			return err
		}
		closed, err := isClosed(ctx, tx, period)
		if err != nil {
			return err
		}
		if closed {
			return errClosed(period)
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM payout_adjustments WHERE id = ?", id)
		return err
	})
}
