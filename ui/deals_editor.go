package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// dealEditor is the add/edit form of a deal with its splits and history.
type dealEditor struct {
	t    *dealsTab
	deal domain.Deal // the deal as loaded (ID 0 = new)

	people   []domain.Person
	stages   []domain.Stage
	reasons  []string
	accounts map[string]int64 // lower-case name → ID

	name, extID, account, amount, currency *widget.Entry
	closeDate, created, probability        *widget.Entry
	product                                *widget.Entry
	owner, stage, lostReason               *widget.Select
	form                                   *widget.Form
	splits                                 []*splitRow
	splitBox                               *fyne.Container
	history                                *widget.Label
	dialog                                 dialog.Dialog
}

// splitRow is one line of the splits editor.
type splitRow struct {
	person, kind *widget.Select
	share        *widget.Entry
	box          *fyne.Container
}

func (t *dealsTab) onAdd() { t.openEditor(domain.Deal{}) }

func (t *dealsTab) onSelect(id widget.TableCellID) {
	r := t.row(id.Row)
	t.table.UnselectAll()
	if r == nil {
		return
	}
	t.openEditor(r.Deal)
}

// openEditor shows the form for d (a zero deal adds one).
func (t *dealsTab) openEditor(d domain.Deal) {
	e, err := newDealEditor(t, d)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.editor = e
	title := lang.L("Add deal")
	if d.ID != 0 {
		title = lang.L("Edit deal")
	}
	content := container.NewVScroll(container.NewVBox(e.form,
		widget.NewLabelWithStyle(lang.L("Splits"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.splitBox,
		&widget.Button{Text: lang.L("Add split"), Icon: theme.ContentAddIcon(), OnTapped: func() { e.addSplit(domain.DealSplit{Kind: domain.SplitOverlay}) }},
		widget.NewLabelWithStyle(lang.L("History"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), e.history))
	buttons := []fyne.CanvasObject{}
	var dlg *dialog.CustomDialog
	save := &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: func() {
		if err := e.save(); err != nil {
			t.u.ShowError(err)
			return
		}
		dlg.Hide()
	}}
	cancel := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), OnTapped: func() { dlg.Hide() }}
	if d.ID != 0 {
		buttons = append(buttons, &widget.Button{Text: lang.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: func() {
			dlg.Hide()
			t.deleteDeal(d)
		}})
	}
	buttons = append(buttons, cancel, save)
	dlg = dialog.NewCustomWithoutButtons(title, content, t.u.Win)
	dlg.SetButtons(buttons)
	dlg.Resize(fyne.NewSize(640, 700))
	e.dialog = dlg
	dlg.Show()
}

func newDealEditor(t *dealsTab, d domain.Deal) (*dealEditor, error) {
	ctx := context.Background()
	db := t.u.DB
	e := &dealEditor{t: t, deal: d, accounts: map[string]int64{}}
	var err error
	if e.people, err = db.People(ctx); err != nil {
		return nil, err
	}
	if e.stages, err = db.Stages(ctx); err != nil {
		return nil, err
	}
	if e.reasons, err = db.LostReasons(ctx); err != nil {
		return nil, err
	}
	accounts, err := db.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	accountName := ""
	for _, a := range accounts {
		e.accounts[strings.ToLower(strings.TrimSpace(a.Name))] = a.ID
		if a.ID == d.AccountID {
			accountName = a.Name
		}
	}
	f := t.u.Fmt
	e.name = &widget.Entry{Text: d.Name}
	e.extID = &widget.Entry{Text: d.ExternalID}
	e.account = &widget.Entry{Text: accountName}
	e.account.SetPlaceHolder(lang.L("Account name (optional)"))
	var personNames []string
	for _, p := range e.people {
		personNames = append(personNames, p.Name)
	}
	e.owner = widget.NewSelect(append([]string{lang.L("No owner")}, personNames...), nil)
	e.owner.SetSelectedIndex(0)
	for i, p := range e.people {
		if p.ID == d.OwnerID {
			e.owner.SetSelectedIndex(i + 1)
		}
	}
	var stageNames []string
	for _, s := range e.stages {
		stageNames = append(stageNames, s.Name)
	}
	e.stage = widget.NewSelect(stageNames, e.onStage)
	e.amount = &widget.Entry{}
	if d.HasAmount {
		e.amount.Text = f.Number(float64(d.Amount)/100, 2)
		if c, err := domain.LookupCurrency(orDefault(d.Currency, t.u.Settings.Currency)); err == nil {
			e.amount.Text = f.Number(c.Major(d.Amount), c.Digits)
		}
	}
	e.amount.Validator = func(s string) error { _, _, err := parseAmountText(s); return err }
	e.currency = &widget.Entry{Text: d.Currency}
	e.currency.SetPlaceHolder(t.u.Settings.Currency)
	e.closeDate = &widget.Entry{Text: isoDate(d.CloseDate)}
	e.closeDate.SetPlaceHolder("YYYY-MM-DD")
	e.closeDate.Validator = validDate
	e.created = &widget.Entry{Text: isoDate(d.Created)}
	e.created.SetPlaceHolder("YYYY-MM-DD")
	e.created.Validator = validDate
	e.probability = &widget.Entry{Text: strconv.FormatFloat(d.Probability.Float()*100, 'f', -1, 64)}
	e.lostReason = widget.NewSelect(append([]string{lang.L("None")}, e.reasons...), nil)
	e.lostReason.SetSelectedIndex(0)
	for i, r := range e.reasons {
		if r == d.LostReason {
			e.lostReason.SetSelectedIndex(i + 1)
		}
	}
	e.product = &widget.Entry{Text: d.Product}
	for i, s := range e.stages {
		if s.ID == d.StageID || (d.ID == 0 && d.StageID == 0 && i == 0) {
			e.stage.SetSelectedIndex(i)
		}
	}
	e.form = widget.NewForm(
		widget.NewFormItem(lang.L("Deal"), e.name),
		widget.NewFormItem(lang.L("Deal ID"), e.extID),
		widget.NewFormItem(lang.L("Account"), e.account),
		widget.NewFormItem(lang.L("Owner"), e.owner),
		widget.NewFormItem(lang.L("Stage"), e.stage),
		widget.NewFormItem(lang.L("Amount"), e.amount),
		widget.NewFormItem(lang.L("Currency"), e.currency),
		widget.NewFormItem(lang.L("Close date"), e.closeDate),
		widget.NewFormItem(lang.L("Created"), e.created),
		widget.NewFormItem(lang.L("Probability (%)"), e.probability),
		widget.NewFormItem(lang.L("Lost reason"), e.lostReason),
		widget.NewFormItem(lang.L("Product"), e.product),
	)
	e.splitBox = container.NewVBox()
	e.history = widget.NewLabel("")
	e.history.Wrapping = fyne.TextWrapWord
	if d.ID != 0 {
		splits, err := db.Splits(ctx, []int64{d.ID})
		if err != nil {
			return nil, err
		}
		for _, s := range splits[d.ID] {
			e.addSplit(s)
		}
		if err := e.loadHistory(ctx); err != nil {
			return nil, err
		}
	}
	if e.history.Text == "" {
		e.history.SetText(lang.L("No changes recorded yet."))
	}
	return e, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func validDate(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err != nil {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("Write dates as YYYY-MM-DD."))
	}
	return nil
}

// parseAmountText reads 1234.56, 1,234.56, 1.234,56 or 1 234,56; empty = no amount.
func parseAmountText(s string) (float64, bool, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return 0, false, nil
	}
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot:
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	case dot >= 0 && comma >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && strings.Count(s, ",") == 1 && len(s)-comma-1 != 3:
		s = strings.ReplaceAll(s, ",", ".")
	case comma >= 0:
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, domain.Errorf(domain.EINVALID, "%s", lang.L("{{.V}} is not an amount.", map[string]any{"V": s}))
	}
	return v, true, nil
}

// onStage fills in the stage's default probability for a new deal or a
// deal moved to another stage.
func (e *dealEditor) onStage(string) {
	i := e.stage.SelectedIndex()
	if i < 0 || e.probability == nil {
		return
	}
	if e.deal.ID == 0 || e.stages[i].ID != e.deal.StageID {
		e.probability.SetText(strconv.FormatFloat(e.stages[i].Probability.Float()*100, 'f', -1, 64))
	}
}

func (e *dealEditor) addSplit(s domain.DealSplit) {
	var names []string
	for _, p := range e.people {
		names = append(names, p.Name)
	}
	r := &splitRow{person: widget.NewSelect(names, nil), kind: widget.NewSelect([]string{lang.L("Revenue"), lang.L("Overlay")}, nil),
		share: &widget.Entry{Text: strconv.FormatFloat(s.Share.Float()*100, 'f', -1, 64)}}
	for i, p := range e.people {
		if p.ID == s.PersonID {
			r.person.SetSelectedIndex(i)
		}
	}
	r.kind.SetSelectedIndex(0)
	if s.Kind == domain.SplitOverlay {
		r.kind.SetSelectedIndex(1)
	}
	remove := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	r.box = container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("%"), remove), container.NewGridWithColumns(3, r.person, r.kind, r.share))
	remove.OnTapped = func() {
		for i, x := range e.splits {
			if x == r {
				e.splits = append(e.splits[:i], e.splits[i+1:]...)
			}
		}
		e.splitBox.Remove(r.box)
	}
	e.splits = append(e.splits, r)
	e.splitBox.Add(r.box)
}

// loadHistory shows the deal's recorded changes, newest first, with stage
// names and formatted amounts.
func (e *dealEditor) loadHistory(ctx context.Context) error {
	changes, err := e.t.u.DB.DealHistory(ctx, e.deal.ID)
	if err != nil {
		return err
	}
	f := e.t.u.Fmt
	stageName := map[string]string{}
	for _, s := range e.stages {
		stageName[strconv.FormatInt(s.ID, 10)] = s.Name
	}
	show := func(field, v string) string {
		if v == "" {
			return "—"
		}
		switch field {
		case "stage":
			if n, ok := stageName[v]; ok {
				return n
			}
		case "amount":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return f.Money(domain.Money(n))
			}
		case "close_date":
			if t, err := time.Parse("2006-01-02", v); err == nil {
				return f.Date(t)
			}
		}
		return v
	}
	label := map[string]string{"stage": lang.L("Stage"), "amount": lang.L("Amount"), "close_date": lang.L("Close date")}
	var lines []string
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		lines = append(lines, f.Date(c.ChangedAt)+"  "+label[c.Field]+": "+show(c.Field, c.Old)+" → "+show(c.Field, c.New))
	}
	e.history.SetText(strings.Join(lines, "\n"))
	return nil
}

// dealFromForm reads the form into a deal and its splits, or says what is wrong.
func (e *dealEditor) dealFromForm() (domain.Deal, []domain.DealSplit, error) {
	d := e.deal
	bad := func(msg string) (domain.Deal, []domain.DealSplit, error) {
		return d, nil, domain.Errorf(domain.EINVALID, "%s", msg)
	}
	d.Name = strings.TrimSpace(e.name.Text)
	d.ExternalID = strings.TrimSpace(e.extID.Text)
	d.AccountID = 0
	if a := strings.ToLower(strings.TrimSpace(e.account.Text)); a != "" {
		id, ok := e.accounts[a]
		if !ok {
			return bad(lang.L("No account is named {{.Name}}.", map[string]any{"Name": strings.TrimSpace(e.account.Text)}))
		}
		d.AccountID = id
	}
	d.OwnerID = 0
	if i := e.owner.SelectedIndex(); i > 0 {
		d.OwnerID = e.people[i-1].ID
	}
	i := e.stage.SelectedIndex()
	if i < 0 {
		return bad(lang.L("Choose a stage."))
	}
	d.StageID = e.stages[i].ID
	d.Currency = strings.ToUpper(strings.TrimSpace(e.currency.Text))
	cur, err := domain.LookupCurrency(orDefault(d.Currency, e.t.u.Settings.Currency))
	if err != nil {
		return d, nil, err
	}
	v, has, err := parseAmountText(e.amount.Text)
	if err != nil {
		return d, nil, err
	}
	d.Amount, d.HasAmount = cur.FromMajor(v), has
	for _, x := range []struct {
		entry *widget.Entry
		dst   *time.Time
	}{{e.closeDate, &d.CloseDate}, {e.created, &d.Created}} {
		if err := validDate(x.entry.Text); err != nil {
			return d, nil, err
		}
		*x.dst = time.Time{}
		if s := strings.TrimSpace(x.entry.Text); s != "" {
			*x.dst, _ = time.Parse("2006-01-02", s)
		}
	}
	p, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(e.probability.Text), ",", "."), 64)
	if err != nil || p < 0 || p > 100 {
		return bad(lang.L("The probability is a percentage from 0 to 100."))
	}
	d.Probability = domain.RatePercent(p)
	d.LostReason = ""
	if i := e.lostReason.SelectedIndex(); i > 0 {
		d.LostReason = e.reasons[i-1]
	}
	d.Product = strings.TrimSpace(e.product.Text)
	var splits []domain.DealSplit
	for _, r := range e.splits {
		pi := r.person.SelectedIndex()
		if pi < 0 {
			return bad(lang.L("Choose the person of every split."))
		}
		share, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.share.Text), ",", "."), 64)
		if err != nil || share < 0 {
			return bad(lang.L("A split share is a percentage, e.g. 40."))
		}
		kind := domain.SplitRevenue
		if r.kind.SelectedIndex() == 1 {
			kind = domain.SplitOverlay
		}
		splits = append(splits, domain.DealSplit{DealID: d.ID, PersonID: e.people[pi].ID, Kind: kind, Share: domain.RatePercent(share)})
	}
	if err := domain.ValidateSplits(splits); err != nil {
		return d, nil, err
	}
	return d, splits, nil
}

// save validates and stores the deal and its splits in one go, then
// refreshes every tab (the KPIs may have changed).
func (e *dealEditor) save() error {
	d, splits, err := e.dealFromForm()
	if err != nil {
		return err
	}
	ctx := context.Background()
	db := e.t.u.DB
	if d.ID == 0 {
		err = db.CreateDeal(ctx, &d)
	} else {
		err = db.UpdateDeal(ctx, &d, e.t.u.Now())
	}
	if err != nil {
		return err
	}
	if err := db.SetSplits(ctx, d.ID, splits); err != nil {
		return err
	}
	e.deal = d
	e.t.u.Changed()
	return nil
}
