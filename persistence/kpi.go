package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"salesops/domain"
)

// KPIScope narrows the KPIs to one person, one team or one territory (with
// its sub-territories, by the territory each deal reports under: see
// territory_scope.go). The zero scope is everyone.
type KPIScope struct {
	PersonID    int64
	TeamID      int64
	TerritoryID int64
	Segment     string // deals of accounts in the segment
}

// cond is the scope as an SQL condition on deals d, starting with AND.
func (s KPIScope) cond() (string, []any) {
	switch {
	case s.PersonID != 0:
		return " AND d.owner_id = ?", []any{s.PersonID}
	case s.TeamID != 0:
		return " AND d.owner_id IN (SELECT id FROM people WHERE team_id = ?)", []any{s.TeamID}
	case s.TerritoryID != 0: // the territory each deal reports under (territory_scope.go)
		return " AND " + inTerritorySQL("d.territory_id"), []any{s.TerritoryID}
	case s.Segment != "":
		return " AND d.account_id IN (SELECT id FROM accounts WHERE segment = ?)", []any{s.Segment}
	}
	return "", nil
}

// KPI breakdowns for `salesops kpis --by` and the leaderboards.
const (
	ByPerson    = "person"
	ByTeam      = "team"
	ByTerritory = "territory"
)

// groupKey is the SQL of the group a deal d falls in (its owner, the owner's
// team through people p, or the account's territory on the close date).
func groupKey(by string) (key, join string) {
	switch by {
	case ByPerson:
		return "coalesce(d.owner_id, 0)", ""
	case ByTeam:
		return "coalesce(p.team_id, 0)", " LEFT JOIN people p ON p.id = d.owner_id"
	case ByTerritory:
		return DealTerritoryGroup() // on the close date, by the account's history
	}
	return "0", ""
}

func periodArgs(p domain.Period) []any {
	return []any{p.Start().Format(dateLayout), p.End().Format(dateLayout)}
}

// kpiTotals adds up the deals of period p in the scope, per group. It reads
// only the deals_kpi and deals_lead indexes: no deal is loaded.
func (db *DB) kpiTotals(ctx context.Context, by string, scope KPIScope, p domain.Period) (map[int64]*domain.KPITotals, error) {
	key, join := groupKey(by)
	cond, cargs := scope.cond()
	out := map[int64]*domain.KPITotals{}
	get := func(k int64) *domain.KPITotals {
		t, ok := out[k]
		if !ok {
			t = &domain.KPITotals{}
			out[k] = t
		}
		return t
	}
	// Three ranges of deals_kpi (won, lost, open), each summed for what it
	// contributes: far cheaper than one range with a CASE per column.
	group := " GROUP BY 1"
	if by == "" {
		group = "" // one row per status, even over no deals
	}
	index, leadIndex := "deals_kpi", "deals_lead"
	if scope.TerritoryID != 0 {
		// The same columns behind the territory (0008).
		index, leadIndex = "deals_territory_kpi", "deals_territory_lead"
	}
	in := ` FROM deals d INDEXED BY ` + index + join + ` WHERE d.status = ? AND d.close_date >= ? AND d.close_date < ?` + cond + group
	q := `SELECT ` + key + `, 'won', count(*), coalesce(sum(d.amount_ws), 0), coalesce(sum(julianday(d.close_date) - julianday(d.created)), 0.0), count(d.created)` + in + `
		UNION ALL SELECT ` + key + `, 'lost', count(*), 0, 0.0, 0` + in + `
		UNION ALL SELECT ` + key + `, 'open', count(*), coalesce(sum(CASE WHEN d.category <> 'omitted' THEN d.amount_ws END), 0),
			coalesce(sum(CASE WHEN d.category <> 'omitted' THEN round(d.amount_ws * d.probability / 1000000.0) END), 0.0), 0` + in
	var args []any
	for _, st := range []domain.DealStatus{domain.StatusWon, domain.StatusLost, domain.StatusOpen} {
		args = append(append(append(args, string(st)), periodArgs(p)...), cargs...)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k, n, sum, count int64
		var status string
		var f float64
		if err := rows.Scan(&k, &status, &n, &sum, &f, &count); err != nil {
			rows.Close()
			return nil, err
		}
		t := get(k)
		switch domain.DealStatus(status) {
		case domain.StatusWon:
			t.WonCount, t.ClosedWon, t.CycleDays, t.CycleCount = int(n), domain.Money(sum), f, int(count)
		case domain.StatusLost:
			t.LostCount = int(n)
		default:
			// Each deal's weighted value is rounded once, as Money.MulRate does.
			t.OpenCount, t.OpenPipeline, t.WeightedPipeline = int(n), domain.Money(sum), domain.Money(int64(f))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The expression is deals_lead's (or deals_territory_lead's), so its
	// stored value is read. The response times come back as one list per
	// group: a row per deal cost 30 ms a quarter at a million deals, the
	// list a few.
	q = `SELECT ` + key + `, group_concat(strftime('%s', d.first_response) - strftime('%s', d.lead_created)) FROM deals d INDEXED BY ` + leadIndex + join +
		` WHERE d.created >= ? AND d.created < ? AND d.lead_created IS NOT NULL AND d.first_response IS NOT NULL` + cond + ` GROUP BY 1`
	rows, err = db.db.QueryContext(ctx, q, append(periodArgs(p), cargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var list sql.NullString
		if err := rows.Scan(&k, &list); err != nil {
			return nil, err
		}
		if !list.Valid {
			continue
		}
		t := get(k)
		for _, x := range strings.Split(list.String, ",") {
			secs, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return nil, fmt.Errorf("lead response time %q: %w", x, err)
			}
			t.LeadResponseHours = append(t.LeadResponseHours, secs/3600.0)
		}
	}
	return out, rows.Err()
}

// qualityCounts counts, per group, the deals closing in p and those with a
// data-quality finding as of asOf.
func (db *DB) qualityCounts(ctx context.Context, by string, scope KPIScope, p domain.Period, asOf time.Time) (map[int64][2]int, error) {
	key, join := groupKey(by)
	if by == ByTeam {
		join = "" // people p is joined below for the rules
	}
	cond, cargs := scope.cond()
	flagged, args := qualityCond("", asOf)
	q := "SELECT " + key + ", count(*), coalesce(sum(" + flagged + "), 0) FROM deals d LEFT JOIN people p ON p.id = d.owner_id" + join +
		" WHERE d.close_date >= ? AND d.close_date < ?" + cond + " GROUP BY 1"
	args = append(append(args, periodArgs(p)...), cargs...)
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var k int64
		var n [2]int
		if err := rows.Scan(&k, &n[0], &n[1]); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// Credited returns each person's credited bookings in p (PRODUCT.md §5.2):
// owners of won deals without revenue splits are summed in SQL; the few
// deals with splits go through domain.DealCredits, so rounding matches it.
func (db *DB) Credited(ctx context.Context, p domain.Period) (map[int64]domain.Money, error) {
	out := map[int64]domain.Money{}
	rows, err := db.db.QueryContext(ctx, `SELECT d.owner_id, sum(d.amount_ws) FROM deals d INDEXED BY deals_kpi
		WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won' AND d.owner_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM deal_splits s WHERE s.deal_id = d.id AND s.kind = 'revenue') GROUP BY 1`, periodArgs(p)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, sum int64
		if err := rows.Scan(&id, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] += domain.Money(sum)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.db.QueryContext(ctx, `SELECT d.id, coalesce(d.owner_id, 0), d.amount_ws, s.person_id, s.kind, s.share
		FROM deals d INDEXED BY deals_kpi JOIN deal_splits s ON s.deal_id = d.id
		WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won' ORDER BY d.id`, periodArgs(p)...)
	if err != nil {
		return nil, err
	}
	err = eachWonDealWithSplits(rows, func(d *domain.Deal, splits []domain.DealSplit) {
		revenue := false
		for _, s := range splits {
			revenue = revenue || s.Kind == domain.SplitRevenue
		}
		for _, c := range domain.DealCredits(d, splits) {
			// Without revenue splits the owner's 100 % is already summed above.
			if revenue || c.Kind == domain.SplitOverlay {
				out[c.PersonID] += c.Amount
			}
		}
	})
	return out, err
}

// eachWonDealWithSplits reads rows of (deal id, owner, amount_ws, person,
// kind, share) ordered by deal and calls fn once per won deal with its
// splits; it closes rows.
func eachWonDealWithSplits(rows *sql.Rows, fn func(d *domain.Deal, splits []domain.DealSplit)) error {
	defer rows.Close()
	var cur domain.Deal
	var splits []domain.DealSplit
	for rows.Next() {
		var id, owner, value int64
		var s domain.DealSplit
		var kind string
		if err := rows.Scan(&id, &owner, &value, &s.PersonID, &kind, &s.Share); err != nil {
			return err
		}
		if id != cur.ID {
			if cur.ID != 0 {
				fn(&cur, splits)
			}
			cur = domain.Deal{ID: id, OwnerID: owner, Status: domain.StatusWon, Value: domain.Money(value), HasAmount: true}
			splits = splits[:0]
		}
		s.DealID, s.Kind = id, domain.SplitKind(kind)
		splits = append(splits, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur.ID != 0 {
		fn(&cur, splits)
	}
	return nil
}

// KPIGroup is one line of a KPI breakdown: a person, a team or a territory.
type KPIGroup struct {
	ID    int64 // 0 = deals with no owner / team / territory
	Name  string
	Email string // people only
	domain.KPIReport
}

// KPIReport computes the KPIs of PRODUCT.md §5.3 for the scope and period,
// with the data-quality score as of asOf. A zero asOf leaves the score out:
// its duplicate probe costs a second at a million deals, so the dashboard
// asks for it (QualityScore) off the UI goroutine.
func (db *DB) KPIReport(ctx context.Context, scope KPIScope, p domain.Period, asOf time.Time) (domain.KPIReport, error) {
	g, err := db.kpiGroups(ctx, "", scope, p, asOf)
	if err != nil {
		return domain.KPIReport{}, err
	}
	return g[0].KPIReport, nil
}

// KPIsBy computes the KPIs per person, team or territory within the scope:
// every group with deals in the period or (people and teams) a quota.
func (db *DB) KPIsBy(ctx context.Context, by string, scope KPIScope, p domain.Period, asOf time.Time) ([]KPIGroup, error) {
	if by != ByPerson && by != ByTeam && by != ByTerritory {
		return nil, domain.Errorf(domain.EINVALID, "%q is not a breakdown: use person, team or territory.", by)
	}
	return db.kpiGroups(ctx, by, scope, p, asOf)
}

func (db *DB) kpiGroups(ctx context.Context, by string, scope KPIScope, p domain.Period, asOf time.Time) ([]KPIGroup, error) {
	totals, err := db.kpiTotals(ctx, by, scope, p)
	if err != nil {
		return nil, err
	}
	quality := map[int64][2]int{}
	if !asOf.IsZero() {
		if quality, err = db.qualityCounts(ctx, by, scope, p, asOf); err != nil {
			return nil, err
		}
	}
	people, err := db.People(ctx)
	if err != nil {
		return nil, err
	}
	var quotas, credited map[int64]domain.Money
	if scope.HasQuota() && by != ByTerritory {
		if quotas, err = db.QuotaTotals(ctx, p); err != nil {
			return nil, err
		}
		credited = map[int64]domain.Money{}
		// Credit is personal: everyone's attainment is closed-won / quota.
		if scope.PersonID != 0 || scope.TeamID != 0 || by == ByPerson || by == ByTeam {
			if credited, err = db.Credited(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	// Which group each person's quota and credit go to.
	inScope := func(x *domain.Person) bool {
		return (scope.PersonID == 0 || x.ID == scope.PersonID) && (scope.TeamID == 0 || x.TeamID == scope.TeamID)
	}
	groupOf := func(x *domain.Person) int64 {
		switch by {
		case ByPerson:
			return x.ID
		case ByTeam:
			return x.TeamID
		}
		return 0
	}
	type acc struct {
		quota, credited domain.Money
		hasPeople       bool
	}
	accs := map[int64]*acc{}
	if quotas != nil {
		for i := range people {
			x := &people[i]
			if !inScope(x) {
				continue
			}
			k := groupOf(x)
			a := accs[k]
			if a == nil {
				a = &acc{}
				accs[k] = a
			}
			a.quota += quotas[x.ID]
			a.credited += credited[x.ID]
			a.hasPeople = a.hasPeople || quotas[x.ID] != 0 || credited[x.ID] != 0
		}
	}
	keys := map[int64]bool{}
	for k := range totals {
		keys[k] = true
	}
	for k, a := range accs {
		if a.hasPeople {
			keys[k] = true
		}
	}
	if by == "" {
		keys = map[int64]bool{0: true}
	}
	names, emails, err := db.groupNames(ctx, by, people)
	if err != nil {
		return nil, err
	}
	var out []KPIGroup
	for k := range keys {
		t := totals[k]
		if t == nil {
			t = &domain.KPITotals{}
		}
		g := KPIGroup{ID: k, Name: names[k], Email: emails[k]}
		g.Period = p
		quota := domain.Money(0)
		a := accs[k]
		if a != nil {
			quota = a.quota
		}
		g.KPIs = t.KPIs(quota)
		g.HasQuota = quotas != nil && !(by == ByPerson && k == 0) && !(by == ByTeam && k == 0 && a == nil)
		g.Credited = t.ClosedWon
		if quotas != nil && (scope.PersonID != 0 || scope.TeamID != 0 || by == ByPerson || by == ByTeam) {
			c := domain.Money(0)
			if a != nil {
				c = a.credited
			}
			g.SetCredited(c)
		}
		q := quality[k]
		g.QualityScore = domain.QualityScore(q[0], q[1])
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].ID == 0) != (out[j].ID == 0) {
			return out[j].ID == 0 // the unassigned group last
		}
		if out[i].Name != out[j].Name {
			return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// groupNames names the groups of a breakdown.
func (db *DB) groupNames(ctx context.Context, by string, people []domain.Person) (map[int64]string, map[int64]string, error) {
	names, emails := map[int64]string{}, map[int64]string{}
	switch by {
	case ByPerson:
		for _, x := range people {
			names[x.ID], emails[x.ID] = x.Name, x.Email
		}
		names[0] = "(no owner)"
	case ByTeam:
		teams, err := db.Teams(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range teams {
			names[t.ID] = t.Name
		}
		names[0] = "(no team)"
	case ByTerritory:
		terrs, err := db.Territories(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range terrs {
			names[t.ID] = t.Name
		}
		names[0] = "(no territory)"
	}
	return names, emails, nil
}

// Funnel computes the stage conversion funnel (PRODUCT.md §5.3) of the deals
// closing in p within the scope: a deal reached the stages it is or was in
// (its stage history) and every stage before the furthest of them; a deal
// with no known stage but a lost one reached the first stage.
func (db *DB) Funnel(ctx context.Context, scope KPIScope, p domain.Period) ([]domain.FunnelStep, error) {
	all, err := db.Stages(ctx)
	if err != nil {
		return nil, err
	}
	var stages []domain.Stage
	index := map[int]int{} // position → index in stages
	for _, s := range all {
		if !s.Lost {
			index[s.Position] = len(stages)
			stages = append(stages, s)
		}
	}
	if len(stages) == 0 {
		return nil, nil
	}
	cond, cargs := scope.cond()
	q := `WITH ds AS (SELECT d.id, d.stage_id FROM deals d WHERE d.close_date >= ? AND d.close_date < ?` + cond + `),
		st AS (SELECT id, stage_id AS sid FROM ds
			UNION ALL SELECT h.deal_id, CAST(h.old_value AS INTEGER) FROM ds JOIN deal_history h ON h.deal_id = ds.id AND h.field = 'stage'
			UNION ALL SELECT h.deal_id, CAST(h.new_value AS INTEGER) FROM ds JOIN deal_history h ON h.deal_id = ds.id AND h.field = 'stage'),
		far AS (SELECT st.id, max(s.position) AS pos FROM st JOIN stages s ON s.id = st.sid AND s.lost = 0 GROUP BY st.id)
		SELECT pos, count(*) FROM far GROUP BY pos
		UNION ALL SELECT -1, (SELECT count(*) FROM ds) - (SELECT count(*) FROM far)`
	rows, err := db.db.QueryContext(ctx, q, append(periodArgs(p), cargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	furthest := make([]int, len(stages))
	for rows.Next() {
		var pos, n int
		if err := rows.Scan(&pos, &n); err != nil {
			return nil, err
		}
		i, ok := index[pos]
		if !ok {
			i = 0
		}
		furthest[i] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return domain.Funnel(stages, furthest), nil
}

// Win/loss dimensions.
const (
	WinLossReason  = "reason"
	WinLossPerson  = "person"
	WinLossSegment = "segment"
	WinLossProduct = "product"
	WinLossBand    = "band"
)

// WinLoss breaks the won and lost deals closing in p down by a dimension,
// largest first (bands in band order). By lost reason, only lost deals count.
func (db *DB) WinLoss(ctx context.Context, dim string, scope KPIScope, p domain.Period) ([]domain.WinLossRow, error) {
	var key, join, where string
	order := "sum(d.amount_ws) DESC, 1"
	switch dim {
	case WinLossReason:
		key, where = "coalesce(nullif(d.lost_reason, ''), '(none)')", " AND d.status = 'lost'"
		order = "count(*) DESC, 1"
	case WinLossPerson:
		key, join = "coalesce(p.name, '(no owner)')", " LEFT JOIN people p ON p.id = d.owner_id"
	case WinLossSegment:
		key, join = "coalesce(nullif(a.segment, ''), '(none)')", " LEFT JOIN accounts a ON a.id = d.account_id"
	case WinLossProduct:
		key = "coalesce(nullif(d.product, ''), '(none)')"
	case WinLossBand:
		_, cur, err := db.settingsCurrency(ctx)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString("CASE")
		for i, band := range domain.DealSizeBands(cur) {
			if band.Hi != 0 {
				b.WriteString(" WHEN coalesce(d.amount_ws, 0) < " + itoa(int64(band.Hi)) + " THEN " + itoa(int64(i)))
			} else {
				b.WriteString(" ELSE " + itoa(int64(i)))
			}
		}
		b.WriteString(" END")
		key, order = b.String(), "1"
	default:
		return nil, domain.Errorf(domain.EINVALID, "%q is not a win/loss dimension.", dim)
	}
	cond, cargs := scope.cond()
	q := `SELECT ` + key + `, sum(d.status = 'won'), sum(d.status = 'lost'),
		coalesce(sum(CASE WHEN d.status = 'won' THEN d.amount_ws END), 0), coalesce(sum(CASE WHEN d.status = 'lost' THEN d.amount_ws END), 0)
		FROM deals d` + join + ` WHERE d.close_date >= ? AND d.close_date < ? AND d.status IN ('won', 'lost')` + where + cond +
		` GROUP BY 1 ORDER BY ` + order
	rows, err := db.db.QueryContext(ctx, q, append(periodArgs(p), cargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bands []domain.DealSizeBand
	if dim == WinLossBand {
		s, _ := db.Settings(ctx)
		cur, _ := domain.LookupCurrency(s.Currency)
		bands = domain.DealSizeBands(cur)
	}
	var out []domain.WinLossRow
	for rows.Next() {
		var r domain.WinLossRow
		var k any
		var wv, lv int64
		if err := rows.Scan(&k, &r.Won, &r.Lost, &wv, &lv); err != nil {
			return nil, err
		}
		r.WonValue, r.LostValue = domain.Money(wv), domain.Money(lv)
		switch v := k.(type) {
		case int64:
			if int(v) < len(bands) {
				r.Key = bands[v].Label
			}
		case string:
			r.Key = v
		case []byte:
			r.Key = string(v)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MonthlyClosedWon sums the won deals of the scope by calendar month
// ("2026-07") over p.
func (db *DB) MonthlyClosedWon(ctx context.Context, scope KPIScope, p domain.Period) (map[string]domain.Money, error) {
	cond, cargs := scope.cond()
	rows, err := db.db.QueryContext(ctx, `SELECT substr(d.close_date, 1, 7), sum(d.amount_ws) FROM deals d
		WHERE d.status = 'won' AND d.close_date >= ? AND d.close_date < ?`+cond+` GROUP BY 1`, append(periodArgs(p), cargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]domain.Money{}
	for rows.Next() {
		var m string
		var sum int64
		if err := rows.Scan(&m, &sum); err != nil {
			return nil, err
		}
		out[m] = domain.Money(sum)
	}
	return out, rows.Err()
}

// MonthlyQuota sums the quotas of the scope's people by month over p; a
// territory has none.
func (db *DB) MonthlyQuota(ctx context.Context, scope KPIScope, p domain.Period) (map[string]domain.Money, error) {
	out := map[string]domain.Money{}
	if !scope.HasQuota() {
		return out, nil
	}
	q := "SELECT month, sum(amount) FROM quotas WHERE month >= ? AND month <= ?"
	months := p.Months()
	args := []any{months[0].String(), months[len(months)-1].String()}
	switch {
	case scope.PersonID != 0:
		q += " AND person_id = ?"
		args = append(args, scope.PersonID)
	case scope.TeamID != 0:
		q += " AND person_id IN (SELECT id FROM people WHERE team_id = ?)"
		args = append(args, scope.TeamID)
	}
	rows, err := db.db.QueryContext(ctx, q+" GROUP BY month", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var sum int64
		if err := rows.Scan(&m, &sum); err != nil {
			return nil, err
		}
		out[m] = domain.Money(sum)
	}
	return out, rows.Err()
}

// QualityScore is the data-quality score of the deals of the scope closing in
// p, as of asOf: the share with no finding of PRODUCT.md §3.3.
func (db *DB) QualityScore(ctx context.Context, scope KPIScope, p domain.Period, asOf time.Time) (domain.OptFloat, error) {
	q, err := db.qualityCounts(ctx, "", scope, p, asOf)
	if err != nil {
		return domain.OptFloat{}, err
	}
	return domain.QualityScore(q[0][0], q[0][1]), nil
}
