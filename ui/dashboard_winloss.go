package ui

import (
	"context"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui/chart"
)

// winLossView is the win/loss analysis: the won and lost deals of the period
// by lost reason, person, segment, product or deal size, as a table and a chart.
type winLossView struct {
	u     *UI
	dims  []string
	dim   *widget.Select
	table *widget.Table
	chart *chart.Chart
	rows  []domain.WinLossRow
	gen   atomic.Int64 // the last refresh; older results are dropped
}

func newWinLossView(u *UI) *winLossView {
	v := &winLossView{u: u, dims: []string{persistence.WinLossReason, persistence.WinLossPerson, persistence.WinLossSegment,
		persistence.WinLossProduct, persistence.WinLossBand}}
	v.dim = widget.NewSelect([]string{lang.L("By lost reason"), lang.L("By person"), lang.L("By segment"), lang.L("By product"), lang.L("By deal size")},
		func(string) { v.refresh() })
	v.dim.SetSelectedIndex(0)
	v.table = widget.NewTableWithHeaders(func() (int, int) { return len(v.rows), 6 },
		func() fyne.CanvasObject { return widget.NewLabel("") }, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{"", lang.L("Won"), lang.L("Lost"), lang.L("Win rate"), lang.L("Won value"), lang.L("Lost value")}[id.Col])
		}
	}
	for i, w := range []float32{200, 70, 70, 90, 130, 130} {
		v.table.SetColumnWidth(i, w)
	}
	v.chart = chart.New(chart.Spec{})
	v.chart.SetMinSize(fyne.NewSize(360, 240))
	return v
}

func (v *winLossView) object() fyne.CanvasObject {
	return container.NewBorder(container.NewHBox(v.dim, v.u.exportButton(winLossExport(v))), nil, nil, nil, container.NewGridWithColumns(2, v.table, v.chart))
}

func (v *winLossView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(v.rows) {
		l.SetText("")
		return
	}
	r := v.rows[id.Row]
	f := v.u.Fmt
	l.Alignment = fyne.TextAlignTrailing
	switch id.Col {
	case 0:
		l.Alignment = fyne.TextAlignLeading
		l.SetText(lang.L(r.Key))
	case 1:
		l.SetText(f.Number(float64(r.Won), 0))
	case 2:
		l.SetText(f.Number(float64(r.Lost), 0))
	case 3:
		l.SetText(f.Opt(r.WinRate(), func(x float64) string { return f.Percent(x, 0) }))
	case 4:
		l.SetText(f.MoneyWhole(r.WonValue))
	case 5:
		l.SetText(f.MoneyWhole(r.LostValue))
	}
}

// refresh reads the breakdown for the current period and scope in the
// background and shows it; a newer refresh wins over an older one.
func (v *winLossView) refresh() {
	if v.table == nil || v.chart == nil {
		return
	}
	i := v.dim.SelectedIndex()
	if i < 0 {
		i = 0
	}
	dim, scope, p, title := v.dims[i], v.u.kpiScope(), v.u.Period, v.dim.Selected
	gen, db := v.gen.Add(1), v.u.DB
	v.u.goBackground(func() {
		rows, err := db.WinLoss(context.Background(), dim, scope, p)
		fyne.Do(func() {
			if v.gen.Load() != gen {
				return
			}
			if err != nil {
				v.u.ShowError(err)
				return
			}
			v.show(rows, dim, title)
		})
	})
}

// show puts the rows of one breakdown in the table and the chart.
func (v *winLossView) show(rows []domain.WinLossRow, dim, title string) {
	v.rows = rows
	v.table.Refresh()
	var keys []string
	var won, lost []float64
	for j, r := range rows {
		if j == 12 {
			break
		}
		keys = append(keys, lang.L(r.Key))
		won = append(won, float64(r.Won))
		lost = append(lost, float64(r.Lost))
	}
	series := []chart.Series{{Name: lang.L("Won"), Values: won, Kind: chart.Bars}, {Name: lang.L("Lost"), Values: lost, Kind: chart.Bars}}
	if dim == persistence.WinLossReason {
		series = series[1:]
	}
	v.chart.SetSpec(chart.Spec{Title: title, XLabels: keys, Categories: true, Series: series, YFormat: func(x float64) string { return v.u.Fmt.Number(x, 0) }})
}
