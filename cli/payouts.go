package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(&command{name: "payouts", usage: "payouts --db FILE --period P [--as-of DATE] --json",
		summary: "print every person's payout of a period with its explained lines", run: runPayouts})
}

// payoutJSON is one person's payout as `salesops payouts --json` prints it.
type payoutJSON struct {
	Name        string          `json:"name"`
	Email       string          `json:"email"`
	Plan        string          `json:"plan"`
	Period      string          `json:"period"`
	Quota       json.RawMessage `json:"quota"`
	Credited    json.RawMessage `json:"credited"`
	Attainment  *float64        `json:"attainment"`
	Commission  json.RawMessage `json:"commission"`
	Spiffs      json.RawMessage `json:"spiffs"`
	Draw        json.RawMessage `json:"draw"`
	Clawbacks   json.RawMessage `json:"clawbacks"`
	Adjustments json.RawMessage `json:"adjustments"`
	Payout      json.RawMessage `json:"payout"`
	Closed      bool            `json:"closed"`
	Lines       []lineJSON      `json:"lines"`
}

type lineJSON struct {
	Kind        string          `json:"kind"`
	DealID      int64           `json:"deal_id,omitempty"`
	Amount      json.RawMessage `json:"amount"`
	Explanation string          `json:"explanation"`
	RefPeriod   string          `json:"ref_period,omitempty"`
	// Credit lines: the deal's credit share (a fraction) and credited amount.
	CreditShare *float64        `json:"credit_share,omitempty"`
	Credited    json.RawMessage `json:"credited,omitempty"`
}

// amountJSON writes money as an exact decimal number in major units.
func amountJSON(cur domain.Currency, m domain.Money) json.RawMessage {
	return json.RawMessage(cur.Format(m, "", "."))
}

// loadRun opens the run of a period for payouts and export payouts.
func loadRun(ctx context.Context, db *persistence.DB, period, asOf string) (persistence.PayoutRun, error) {
	if period == "" {
		return persistence.PayoutRun{}, usagef("--period P is required (2026, 2026-Q3 or 2026-07)")
	}
	day, err := parseAsOf(asOf)
	if err != nil {
		return persistence.PayoutRun{}, err
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return persistence.PayoutRun{}, err
	}
	p, err := domain.ParsePeriod(period, s.Calendar)
	if err != nil {
		return persistence.PayoutRun{}, err
	}
	return db.PayoutRun(ctx, p, day)
}

func runPayouts(ctx context.Context, env *Env, args []string) error {
	fs := flags("payouts", env)
	dbPath := fs.String("db", "", "workspace file")
	period := fs.String("period", "", "period key (2026, 2026-Q3, 2026-07)")
	asOf := fs.String("as-of", "", "compute as if today were DATE (YYYY-MM-DD)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *period == "" {
		return usagef("--period P is required (2026, 2026-Q3 or 2026-07)")
	}
	if _, err := parseAsOf(*asOf); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := loadRun(ctx, db, *period, *asOf)
	if err != nil {
		return err
	}
	cur := run.Currency
	if !*asJSON {
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "person\tplan\tcredited\tattainment\tcommission\tspiffs\tdraw\tclawbacks\tadjustments\tpayout\t\n")
		for _, p := range run.Payouts {
			att := "—"
			if p.HasAttain {
				att = p.Attainment.String()
			}
			f := func(m domain.Money) string { return cur.Format(m, ",", ".") }
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Name, p.Plan, f(p.Credited), att, f(p.Commission), f(p.Spiffs),
				f(p.Draw), f(p.Clawbacks), f(p.Adjustments), f(p.Total))
		}
		return tw.Flush()
	}
	out := make([]payoutJSON, 0, len(run.Payouts))
	for _, p := range run.Payouts {
		j := payoutJSON{Name: p.Name, Email: p.Email, Plan: p.Plan, Period: run.Period.String(), Quota: amountJSON(cur, p.Quota),
			Credited: amountJSON(cur, p.Credited), Commission: amountJSON(cur, p.Commission), Spiffs: amountJSON(cur, p.Spiffs),
			Draw: amountJSON(cur, p.Draw), Clawbacks: amountJSON(cur, p.Clawbacks), Adjustments: amountJSON(cur, p.Adjustments),
			Payout: amountJSON(cur, p.Total), Closed: run.Closed, Lines: []lineJSON{}}
		if p.HasAttain {
			a := p.Attainment.Float()
			j.Attainment = &a
		}
		for _, l := range p.Lines {
			lj := lineJSON{Kind: string(l.Kind), DealID: l.DealID, Amount: amountJSON(cur, l.Amount), Explanation: l.Explanation, RefPeriod: l.RefPeriod}
			if l.Kind == domain.LineCredit {
				share := l.Share.Float()
				lj.CreditShare, lj.Credited = &share, amountJSON(cur, l.Credited)
			}
			j.Lines = append(j.Lines, lj)
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
