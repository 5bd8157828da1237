package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// parseNumber reads a number as the interface language writes it, ignoring
// group separators, a trailing % or ×, and the currency symbol.
func parseNumber(s string, f Format) (float64, error) {
	s = strings.TrimSpace(s)
	for _, cut := range []string{"%", "×", "x", f.symbol(), f.Currency.Code} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, cut), cut))
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if f.Group != "" && f.Group != f.Decimal {
		s = strings.ReplaceAll(s, f.Group, "")
	}
	s = strings.ReplaceAll(s, f.Decimal, ".")
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, fmt.Errorf("not a number")
	}
	return v, nil
}

// tierRow and spiffRow are the entries of one tier or SPIFF in the editor.
type tierRow struct{ from, to, rate *widget.Entry }

type spiffRow struct {
	product, min, amount, rate, from, to *widget.Entry
	newAcc                               *widget.Check
}

// planEditor edits one comp plan: its fields, tiers and SPIFFs.
type planEditor struct {
	t    *compTab
	plan domain.Plan

	name, ote, tvp, threshold, capv, draw, clawback      *widget.Entry
	status, period, kind, mode, basis, capKind, drawType *widget.Select
	gate, overlay, rollUp                                *widget.Check
	tiers                                                []tierRow
	spiffs                                               []spiffRow
	tierBox, spiffBox                                    *fyne.Container
	save                                                 *widget.Button
	msg                                                  *widget.Label
	content                                              fyne.CanvasObject
}

var (
	statusKeys = []domain.PlanStatus{domain.PlanDraft, domain.PlanActive, domain.PlanArchived}
	kindKeys   = []domain.PlanKind{domain.KindCommissionRate, domain.KindTargetIncentive}
	modeKeys   = []domain.TierMode{domain.TierMarginal, domain.TierRetroactive}
	basisKeys  = []domain.TierBasis{domain.BasisAttainment, domain.BasisAmount}
	capKeys    = []domain.CapKind{domain.CapNone, domain.CapPayout, domain.CapAttainment}
	drawKeys   = []domain.DrawType{domain.DrawNone, domain.DrawRecoverable, domain.DrawNonRecoverable}
	periodKeys = []domain.PeriodKind{domain.Month, domain.Quarter, domain.Year}
)

func newPlanEditor(t *compTab) *planEditor {
	e := &planEditor{t: t}
	e.name, e.ote, e.tvp, e.threshold = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	e.capv, e.draw, e.clawback = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	e.status = widget.NewSelect([]string{lang.L("Draft"), lang.L("Active"), lang.L("Archived")}, nil)
	e.period = widget.NewSelect([]string{lang.L("Month"), lang.L("Quarter"), lang.L("Year")}, nil)
	e.kind = widget.NewSelect([]string{lang.L("Commission rate"), lang.L("Target incentive")}, nil)
	e.mode = widget.NewSelect([]string{lang.L("Marginal"), lang.L("Retroactive")}, nil)
	e.basis = widget.NewSelect([]string{lang.L("Attainment (%)"), lang.L("Amount")}, nil)
	e.capKind = widget.NewSelect([]string{lang.L("No cap"), lang.L("Cap on payout"), lang.L("Cap on attainment (%)")}, nil)
	e.drawType = widget.NewSelect([]string{lang.L("No draw"), lang.L("Recoverable"), lang.L("Non-recoverable")}, nil)
	e.gate = widget.NewCheck(lang.L("Accelerated tiers only after the year-to-date quota is met"), nil)
	e.overlay = widget.NewCheck(lang.L("Overlay splits count"), nil)
	e.rollUp = widget.NewCheck(lang.L("Manager roll-up of the team's bookings"), nil)
	e.tierBox, e.spiffBox = container.NewVBox(), container.NewVBox()
	e.save = &widget.Button{Text: lang.L("Save plan"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: e.onSave}
	e.msg = widget.NewLabel("")
	e.msg.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), e.name),
		widget.NewFormItem(lang.L("Status"), e.status),
		widget.NewFormItem(lang.L("Period"), e.period),
		widget.NewFormItem(lang.L("Kind"), e.kind),
		widget.NewFormItem(lang.L("OTE"), e.ote),
		widget.NewFormItem(lang.L("Target variable pay"), e.tvp),
		widget.NewFormItem(lang.L("Tier mode"), e.mode),
		widget.NewFormItem(lang.L("Tiers measure"), e.basis),
		widget.NewFormItem(lang.L("Threshold"), e.threshold),
		widget.NewFormItem(lang.L("Cap"), container.NewGridWithColumns(2, e.capKind, e.capv)),
		widget.NewFormItem(lang.L("Draw per period"), container.NewGridWithColumns(2, e.drawType, e.draw)),
		widget.NewFormItem(lang.L("Clawback window (days)"), e.clawback),
		widget.NewFormItem(lang.L("Gate"), e.gate),
		widget.NewFormItem(lang.L("Crediting"), container.NewVBox(widget.NewLabel(lang.L("Owner and revenue splits always count.")), e.overlay, e.rollUp)),
	)
	tierHead := container.NewGridWithColumns(3, bold(lang.L("From")), bold(lang.L("To (empty: no limit)")), bold(lang.L("Rate % or multiplier ×")))
	spiffHead := container.NewGridWithColumns(7, bold(lang.L("Product")), bold(lang.L("Minimum amount")), bold(lang.L("Fixed amount")),
		bold(lang.L("Rate %")), bold(lang.L("From")), bold(lang.L("To")), bold(lang.L("New accounts")))
	tierButtons := container.NewHBox(&widget.Button{Text: lang.L("Add tier"), Icon: theme.ContentAddIcon(), OnTapped: func() { e.addTier(domain.Tier{Open: true}) }},
		&widget.Button{Text: lang.L("Remove last tier"), Icon: theme.ContentRemoveIcon(), OnTapped: e.removeTier})
	spiffButtons := container.NewHBox(&widget.Button{Text: lang.L("Add SPIFF"), Icon: theme.ContentAddIcon(), OnTapped: func() { e.addSpiff(domain.Spiff{}) }},
		&widget.Button{Text: lang.L("Remove last SPIFF"), Icon: theme.ContentRemoveIcon(), OnTapped: e.removeSpiff})
	// Scrolls both ways: the SPIFF rows are wider than a laptop's window
	// leaves the editor, and a tab never makes the window grow.
	e.content = container.NewScroll(container.NewVBox(form,
		widget.NewSeparator(), bold(lang.L("Tiers")), tierHead, e.tierBox, tierButtons,
		widget.NewSeparator(), bold(lang.L("SPIFFs")), spiffHead, e.spiffBox, spiffButtons,
		widget.NewSeparator(), container.NewHBox(e.save), e.msg))
	e.load(domain.Plan{Status: domain.PlanDraft, Period: domain.Quarter, Kind: domain.KindCommissionRate, TierMode: domain.TierMarginal,
		TierBasis: domain.BasisAttainment, CapKind: domain.CapNone, DrawType: domain.DrawNone})
	return e
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func indexOf[T comparable](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return 0
}

// load shows plan p in the editor.
func (e *planEditor) load(p domain.Plan) {
	e.plan = p
	f := e.t.u.Fmt
	e.name.SetText(p.Name)
	e.status.SetSelectedIndex(indexOf(statusKeys, p.Status))
	e.period.SetSelectedIndex(indexOf(periodKeys, p.Period))
	e.kind.SetSelectedIndex(indexOf(kindKeys, p.Kind))
	e.mode.SetSelectedIndex(indexOf(modeKeys, p.TierMode))
	e.basis.SetSelectedIndex(indexOf(basisKeys, p.TierBasis))
	e.capKind.SetSelectedIndex(indexOf(capKeys, p.CapKind))
	e.drawType.SetSelectedIndex(indexOf(drawKeys, p.DrawType))
	e.ote.SetText(e.money(p.OTE))
	e.tvp.SetText(e.money(p.TargetVariable))
	e.threshold.SetText(e.bound(p.TierBasis, p.Threshold))
	switch p.CapKind {
	case domain.CapPayout:
		e.capv.SetText(e.money(domain.Money(p.Cap)))
	case domain.CapAttainment:
		e.capv.SetText(f.Number(domain.Rate(p.Cap).Float()*100, 2))
	default:
		e.capv.SetText("")
	}
	e.draw.SetText(e.money(p.DrawAmount))
	e.clawback.SetText(strconv.Itoa(p.ClawbackDays))
	e.gate.SetChecked(p.GateYTD)
	e.overlay.SetChecked(p.Crediting.Overlay)
	e.rollUp.SetChecked(p.Crediting.RollUp)
	e.tiers, e.spiffs = nil, nil
	e.tierBox.RemoveAll()
	e.spiffBox.RemoveAll()
	for _, t := range p.Tiers {
		e.addTier(t)
	}
	for _, s := range p.Spiffs {
		e.addSpiff(s)
	}
	e.msg.SetText("")
}

func (e *planEditor) money(m domain.Money) string {
	return e.t.u.Fmt.Currency.Format(m, "", e.t.u.Fmt.Decimal)
}

func (e *planEditor) bound(b domain.TierBasis, v int64) string {
	if b == domain.BasisAmount {
		return e.money(domain.Money(v))
	}
	return strings.TrimRight(strings.TrimRight(e.t.u.Fmt.Number(domain.Rate(v).Float()*100, 4), "0"), e.t.u.Fmt.Decimal)
}

func (e *planEditor) rateText(k domain.PlanKind, r domain.Rate) string {
	v := r.Float()
	if k == domain.KindCommissionRate {
		v *= 100
	}
	return strings.TrimRight(strings.TrimRight(e.t.u.Fmt.Number(v, 4), "0"), e.t.u.Fmt.Decimal)
}

func (e *planEditor) addTier(t domain.Tier) {
	basis := basisKeys[max(e.basis.SelectedIndex(), 0)]
	kind := kindKeys[max(e.kind.SelectedIndex(), 0)]
	r := tierRow{from: widget.NewEntry(), to: widget.NewEntry(), rate: widget.NewEntry()}
	if len(e.tiers) > 0 && t.From == 0 && t.Open && t.Rate == 0 {
		// A new tier starts where the last one now ends.
		last := e.tiers[len(e.tiers)-1]
		if last.to.Text == "" {
			last.to.SetText(last.from.Text)
		}
		r.from.SetText(last.to.Text)
	} else {
		r.from.SetText(e.bound(basis, t.From))
	}
	if !t.Open {
		r.to.SetText(e.bound(basis, t.To))
	}
	r.rate.SetText(e.rateText(kind, t.Rate))
	e.tiers = append(e.tiers, r)
	e.tierBox.Add(container.NewGridWithColumns(3, r.from, r.to, r.rate))
}

func (e *planEditor) removeTier() {
	if len(e.tiers) == 0 {
		return
	}
	e.tiers = e.tiers[:len(e.tiers)-1]
	e.tierBox.Remove(e.tierBox.Objects[len(e.tierBox.Objects)-1])
}

func (e *planEditor) addSpiff(s domain.Spiff) {
	f := e.t.u.Fmt
	r := spiffRow{product: widget.NewEntry(), min: widget.NewEntry(), amount: widget.NewEntry(), rate: widget.NewEntry(),
		from: widget.NewEntry(), to: widget.NewEntry(), newAcc: widget.NewCheck("", nil)}
	r.product.SetText(s.Product)
	r.min.SetText(e.money(s.MinAmount))
	r.amount.SetText(e.money(s.Amount))
	r.rate.SetText(e.rateText(domain.KindCommissionRate, s.Rate))
	r.from.SetText(f.Date(s.From))
	r.to.SetText(f.Date(s.To))
	r.newAcc.SetChecked(s.NewAccount)
	e.spiffs = append(e.spiffs, r)
	e.spiffBox.Add(container.NewGridWithColumns(7, r.product, r.min, r.amount, r.rate, r.from, r.to, r.newAcc))
}

func (e *planEditor) removeSpiff() {
	if len(e.spiffs) == 0 {
		return
	}
	e.spiffs = e.spiffs[:len(e.spiffs)-1]
	e.spiffBox.Remove(e.spiffBox.Objects[len(e.spiffBox.Objects)-1])
}

// read builds the plan from the editor's fields; the error names the field.
func (e *planEditor) read() (domain.Plan, error) {
	f := e.t.u.Fmt
	p := e.plan
	var err error
	fail := func(field string) error {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("{{.Field}}: not a number.", map[string]any{"Field": field}))
	}
	num := func(field string, en *widget.Entry) float64 {
		v, perr := parseNumber(en.Text, f)
		if perr != nil && err == nil {
			err = fail(field)
		}
		return v
	}
	p.Name = e.name.Text
	p.Status = statusKeys[max(e.status.SelectedIndex(), 0)]
	p.Period = periodKeys[max(e.period.SelectedIndex(), 0)]
	p.Kind = kindKeys[max(e.kind.SelectedIndex(), 0)]
	p.TierMode = modeKeys[max(e.mode.SelectedIndex(), 0)]
	p.TierBasis = basisKeys[max(e.basis.SelectedIndex(), 0)]
	p.CapKind = capKeys[max(e.capKind.SelectedIndex(), 0)]
	p.DrawType = drawKeys[max(e.drawType.SelectedIndex(), 0)]
	p.OTE = f.Currency.FromMajor(num(lang.L("OTE"), e.ote))
	p.TargetVariable = f.Currency.FromMajor(num(lang.L("Target variable pay"), e.tvp))
	bound := func(field string, en *widget.Entry) int64 {
		v := num(field, en)
		if p.TierBasis == domain.BasisAmount {
			return int64(f.Currency.FromMajor(v))
		}
		return int64(domain.RateFromFloat(v / 100))
	}
	p.Threshold = bound(lang.L("Threshold"), e.threshold)
	switch p.CapKind {
	case domain.CapPayout:
		p.Cap = int64(f.Currency.FromMajor(num(lang.L("Cap"), e.capv)))
	case domain.CapAttainment:
		p.Cap = int64(domain.RateFromFloat(num(lang.L("Cap"), e.capv) / 100))
	default:
		p.Cap = 0
	}
	p.DrawAmount = f.Currency.FromMajor(num(lang.L("Draw per period"), e.draw))
	p.ClawbackDays = int(num(lang.L("Clawback window (days)"), e.clawback))
	p.GateYTD, p.Crediting.Overlay, p.Crediting.RollUp = e.gate.Checked, e.overlay.Checked, e.rollUp.Checked
	p.Tiers = nil
	for i, r := range e.tiers {
		field := lang.L("Tier {{.N}}", map[string]any{"N": i + 1})
		t := domain.Tier{From: bound(field, r.from)}
		if strings.TrimSpace(r.to.Text) == "" {
			t.Open = true
		} else {
			t.To = bound(field, r.to)
		}
		rate := num(field, r.rate)
		if p.Kind == domain.KindCommissionRate {
			rate /= 100
		}
		t.Rate = domain.RateFromFloat(rate)
		p.Tiers = append(p.Tiers, t)
	}
	p.Spiffs = nil
	for i, r := range e.spiffs {
		field := lang.L("SPIFF {{.N}}", map[string]any{"N": i + 1})
		s := domain.Spiff{Product: strings.TrimSpace(r.product.Text), MinAmount: f.Currency.FromMajor(num(field, r.min)),
			Amount: f.Currency.FromMajor(num(field, r.amount)), Rate: domain.RateFromFloat(num(field, r.rate) / 100), NewAccount: r.newAcc.Checked}
		var derr error
		if s.From, derr = parseDay(r.from.Text, f); derr != nil && err == nil {
			err = domain.Errorf(domain.EINVALID, "%s", lang.L("{{.Field}}: not a date.", map[string]any{"Field": field}))
		}
		if s.To, derr = parseDay(r.to.Text, f); derr != nil && err == nil {
			err = domain.Errorf(domain.EINVALID, "%s", lang.L("{{.Field}}: not a date.", map[string]any{"Field": field}))
		}
		p.Spiffs = append(p.Spiffs, s)
	}
	if err != nil {
		return p, err
	}
	return p, p.Validate()
}

func (e *planEditor) onSave() {
	p, err := e.read()
	if err == nil {
		err = e.t.u.DB.SavePlan(bgCtx(), &p)
	}
	if err != nil {
		e.msg.SetText(domain.ErrorMessage(err))
		return
	}
	e.plan = p
	e.t.selected = -1
	e.t.reloadPlans(p.ID)
	e.t.u.Changed()
	e.msg.SetText(lang.L("Plan saved."))
}

// planFacts lists a plan's settings as label/value pairs, for comparing two
// versions side by side.
func (t *compTab) planFacts(p *domain.Plan) [][2]string {
	f := t.u.Fmt
	cur := f.Currency
	m := func(x domain.Money) string { return f.Money(x) }
	out := [][2]string{
		{lang.L("Name"), p.Name},
		{lang.L("Version"), strconv.Itoa(p.Version)},
		{lang.L("Status"), string(p.Status)},
		{lang.L("Period"), p.Period.String()},
		{lang.L("Kind"), string(p.Kind)},
		{lang.L("OTE"), m(p.OTE)},
		{lang.L("Target variable pay"), m(p.TargetVariable)},
		{lang.L("Tier mode"), string(p.TierMode)},
		{lang.L("Tiers measure"), string(p.TierBasis)},
		{lang.L("Threshold"), p.FormatBound(p.Threshold, cur)},
		{lang.L("Cap"), string(p.CapKind) + " " + capText(p, cur)},
		{lang.L("Gate"), fmt.Sprint(p.GateYTD)},
		{lang.L("Draw per period"), string(p.DrawType) + " " + m(p.DrawAmount)},
		{lang.L("Clawback window (days)"), strconv.Itoa(p.ClawbackDays)},
		{lang.L("Overlay splits count"), fmt.Sprint(p.Crediting.Overlay)},
		{lang.L("Manager roll-up of the team's bookings"), fmt.Sprint(p.Crediting.RollUp)},
	}
	for i, tr := range p.Tiers {
		to := "…"
		if !tr.Open {
			to = p.FormatBound(tr.To, cur)
		}
		out = append(out, [2]string{lang.L("Tier {{.N}}", map[string]any{"N": i + 1}), p.FormatBound(tr.From, cur) + " – " + to + ": " + p.FormatTierRate(tr.Rate)})
	}
	for i, s := range p.Spiffs {
		out = append(out, [2]string{lang.L("SPIFF {{.N}}", map[string]any{"N": i + 1}),
			fmt.Sprintf("%s ≥ %s: %s + %s", s.Product, m(s.MinAmount), m(s.Amount), s.Rate)})
	}
	return out
}

func capText(p *domain.Plan, cur domain.Currency) string {
	switch p.CapKind {
	case domain.CapPayout:
		return cur.Format(domain.Money(p.Cap), ",", ".")
	case domain.CapAttainment:
		return domain.Rate(p.Cap).String()
	}
	return ""
}

// compareRows puts two plans side by side: label, first, second, and "≠"
// where they differ.
func (t *compTab) compareRows(a, b *domain.Plan) [][4]string {
	fa, fb := t.planFacts(a), t.planFacts(b)
	n := max(len(fa), len(fb))
	var out [][4]string
	for i := 0; i < n; i++ {
		var r [4]string
		if i < len(fa) {
			r[0], r[1] = fa[i][0], fa[i][1]
		}
		if i < len(fb) {
			r[0], r[2] = fb[i][0], fb[i][1]
		}
		if r[1] != r[2] {
			r[3] = "≠"
		}
		out = append(out, r)
	}
	return out
}
