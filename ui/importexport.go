package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/persistence"
	"salesops/persistence/sheets"
)

// sheetFilter limits file dialogs to spreadsheets.
var sheetFilter = storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".txt", ".tsv"})

// importKindLabels are the import kinds as the dialog names them.
func importKindLabels() []string {
	return []string{lang.L("Deals"), lang.L("Accounts"), lang.L("People"), lang.L("Quotas")}
}

// importDialog walks the user through an import: file → sheet → mapping →
// preview with every problem → import (or abort), off the UI goroutine.
type importDialog struct {
	u    *UI
	dlg  dialog.Dialog
	kind string
	path string
	head *persistence.FileHead

	kindSel  *widget.Select
	encSel   *widget.Select // CSV encoding: detect or chosen
	dateSel  *widget.Select // date order: from the file, day-first, month-first
	combine  *widget.Check  // deals: sum the lines of one deal ID into one deal
	fileLbl  *widget.Label
	sheetSel *widget.Select
	mapBox   *fyne.Container
	fieldSel map[string]*widget.Select // header → its field chooser
	status   *widget.Label
	problems *widget.List
	preview  *persistence.ImportResult
	result   *persistence.ImportResult

	previewBtn, importBtn, rejectBtn *widget.Button
	loading                          bool // choosers are being filled: their callbacks wait

	// done is told when a preview or an import finishes (tests wait on it).
	done func(err error)
}

// fieldChoice is how a field shows in the mapping choosers: "Close date (close_date)".
func fieldChoice(f persistence.ImportField) string { return f.Title + " (" + f.Key + ")" }

func (u *UI) onImport() { u.newImportDialog().show() }

func (u *UI) newImportDialog() *importDialog {
	d := &importDialog{u: u, kind: "deals", fieldSel: map[string]*widget.Select{}}
	labels := importKindLabels()
	d.kindSel = widget.NewSelect(labels, d.onKindChanged)
	d.kindSel.SetSelectedIndex(0)
	d.fileLbl = widget.NewLabel(lang.L("No file chosen"))
	d.encSel = widget.NewSelect(append([]string{lang.L("Detect")}, csvEncodingLabels()...), func(string) {
		if !d.loading && d.path != "" {
			d.load(d.path, "")
		}
	})
	d.encSel.SetSelectedIndex(0)
	d.dateSel = widget.NewSelect([]string{lang.L("From the file"), lang.L("Day first (31/12)"), lang.L("Month first (12/31)")}, nil)
	d.dateSel.SetSelectedIndex(0)
	d.dateSel.OnChanged = func(string) {
		d.preview = nil
		d.importBtn.Disable()
	}
	d.combine = widget.NewCheck(lang.L("Combine the lines of one deal ID (sum their amounts)"), func(bool) {
		d.preview = nil
		d.importBtn.Disable()
	})
	d.sheetSel = widget.NewSelect(nil, d.onSheetChanged)
	d.sheetSel.Disable()
	d.mapBox = container.NewVBox()
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.problems = widget.NewList(d.problemCount, func() fyne.CanvasObject { return widget.NewLabel("") }, d.problemItem)
	d.previewBtn = &widget.Button{Text: lang.L("Preview"), Icon: theme.SearchIcon(), OnTapped: d.onPreview}
	d.importBtn = &widget.Button{Text: lang.L("Import"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: d.onImport}
	d.rejectBtn = &widget.Button{Text: lang.L("Save refused rows…"), Icon: theme.DocumentSaveIcon(), OnTapped: d.onSaveRejected}
	d.previewBtn.Disable()
	d.importBtn.Disable()
	d.rejectBtn.Disable()
	return d
}

func (d *importDialog) show() {
	top := container.NewVBox(
		container.NewGridWithColumns(2,
			widget.NewLabel(lang.L("What the file holds")), d.kindSel,
			&widget.Button{Text: lang.L("Choose file…"), Icon: theme.FolderOpenIcon(), OnTapped: d.onChooseFile}, d.fileLbl,
			widget.NewLabel(lang.L("Sheet")), d.sheetSel,
			widget.NewLabel(lang.L("Text encoding (CSV)")), d.encSel,
			widget.NewLabel(lang.L("Dates")), d.dateSel,
		),
		d.combine,
		&widget.Button{Text: lang.L("Save template…"), Icon: theme.DocumentCreateIcon(), OnTapped: d.onSaveTemplate},
		widget.NewLabelWithStyle(lang.L("Columns"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	buttons := container.NewHBox(d.previewBtn, d.importBtn, d.rejectBtn)
	body := container.NewBorder(top, container.NewVBox(d.status, buttons), nil, nil,
		container.NewVSplit(container.NewVScroll(d.mapBox), d.problems))
	d.dlg = dialog.NewCustom(lang.L("Import…"), lang.L("Close"), body, d.u.Win)
	d.dlg.Resize(fyne.NewSize(760, 620))
	d.dlg.Show()
}

func (d *importDialog) onKindChanged(string) {
	d.kind = persistence.ImportKinds[max(0, d.kindSel.SelectedIndex())]
	if d.combine != nil {
		if d.kind == "deals" {
			d.combine.Enable()
		} else {
			d.combine.SetChecked(false)
			d.combine.Disable()
		}
	}
	if d.path != "" {
		d.load(d.path, d.sheetSel.Selected)
	}
}

func (d *importDialog) onSheetChanged(s string) {
	if !d.loading && d.head != nil && d.head.Format == "xlsx" && s != "" && s != d.head.Sheet {
		d.load(d.path, s)
	}
}

func (d *importDialog) onChooseFile() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			d.u.ShowError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		d.load(path, "")
	}, d.u.Win)
	fd.SetFilter(sheetFilter)
	fd.Show()
}

// load reads the file's header and first rows and builds the mapping,
// starting from the one remembered for this header set.
func (d *importDialog) load(path, sheet string) {
	head, err := persistence.InspectFile(path, d.kind, sheet, d.encoding(), 5)
	if err != nil {
		d.u.ShowError(err)
		return
	}
	d.path, d.head, d.preview, d.result = path, head, nil, nil
	d.loading = true
	defer func() { d.loading = false }()
	d.fileLbl.SetText(filepath.Base(path))
	if head.Format == "xlsx" {
		d.sheetSel.Options = head.Sheets
		d.sheetSel.Selected = head.Sheet
		d.sheetSel.Enable()
		d.sheetSel.Refresh()
	} else {
		d.sheetSel.Options = nil
		d.sheetSel.ClearSelected()
		d.sheetSel.Disable()
	}
	mapping := head.Mapping
	if saved, ok, err := d.u.DB.SavedMapping(context.Background(), d.kind, head.Header); err == nil && ok {
		mapping = saved
	}
	fields := persistence.ImportFields(d.kind)
	options := []string{lang.L("(ignore)")}
	for _, f := range fields {
		options = append(options, fieldChoice(f))
	}
	d.mapBox.RemoveAll()
	d.fieldSel = map[string]*widget.Select{}
	grid := container.NewGridWithColumns(3)
	for c, h := range head.Header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		sel := widget.NewSelect(options, func(string) { d.preview = nil; d.importBtn.Disable() })
		sel.SetSelectedIndex(0)
		for i, f := range fields {
			if mapping[h] == f.Key {
				sel.SetSelectedIndex(i + 1)
			}
		}
		example := ""
		if len(head.Sample) > 0 && c < len(head.Sample[0]) {
			example = head.Sample[0][c]
		}
		d.fieldSel[h] = sel
		grid.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(trimText(example, 30)))
		grid.Add(sel)
	}
	d.mapBox.Add(grid)
	preset := head.Preset
	if preset == "" {
		preset = lang.L("none")
	}
	d.status.SetText(lang.L("Columns recognised from the header (preset: {{.Preset}}). Check the mapping, then Preview.", map[string]any{"Preset": preset}))
	d.previewBtn.Enable()
	d.importBtn.Disable()
	d.rejectBtn.Disable()
	d.problems.Refresh()
}

func trimText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Mapping is the header → field mapping the choosers show.
func (d *importDialog) Mapping() map[string]string {
	fields := persistence.ImportFields(d.kind)
	m := map[string]string{}
	for h, sel := range d.fieldSel {
		i := sel.SelectedIndex()
		if i > 0 && i <= len(fields) {
			m[h] = fields[i-1].Key
		} else {
			m[h] = ""
		}
	}
	return m
}

// csvEncodings are the encodings offered besides detection, with the
// names the decoder knows them by.
var csvEncodings = []struct{ label, name string }{
	{"UTF-8", "utf-8"}, {"Windows-1252", "windows-1252"}, {"ISO-8859-15", "iso-8859-15"},
	{"Windows-1250", "windows-1250"}, {"Mac Roman", "macintosh"},
}

func csvEncodingLabels() []string {
	var out []string
	for _, e := range csvEncodings {
		out = append(out, e.label)
	}
	return out
}

func (d *importDialog) encoding() string {
	if i := d.encSel.SelectedIndex(); i > 0 {
		return csvEncodings[i-1].name
	}
	return ""
}

func (d *importDialog) options(dry bool) persistence.ImportOptions {
	opt := persistence.ImportOptions{Kind: d.kind, Map: d.Mapping(), DryRun: dry, Encoding: d.encoding(),
		CombineLines: d.kind == "deals" && d.combine.Checked}
	switch d.dateSel.SelectedIndex() {
	case 1:
		opt.DateOrder = sheets.DayFirst
	case 2:
		opt.DateOrder = sheets.MonthFirst
	}
	if d.head != nil && d.head.Format == "xlsx" {
		opt.Sheet = d.head.Sheet
	}
	if CurrentLanguage(d.u.Settings.Language) == "en" {
		opt.DateFallback = sheets.MonthFirst
	}
	return opt
}

// run imports (or previews) off the UI goroutine with progress and Cancel.
func (d *importDialog) run(dry bool) {
	opt := d.options(dry)
	path := d.path
	total := 0
	if d.preview != nil {
		total = d.preview.Read
	}
	title := lang.L("Checking the file…")
	if !dry {
		title = lang.L("Importing…")
	}
	var res *persistence.ImportResult
	d.u.Background(title, func(ctx context.Context, progress func(float64, string)) error {
		opt.Progress = func(n int) {
			frac := 0.0
			if total > 0 {
				frac = min(1, float64(n)/float64(total))
			}
			progress(frac, lang.L("{{.N}} rows read", map[string]any{"N": n}))
		}
		var err error
		res, err = d.u.DB.Import(ctx, path, opt)
		return err
	}, func(err error) {
		d.finished(dry, res, err)
	})
}

func (d *importDialog) finished(dry bool, res *persistence.ImportResult, err error) {
	if err != nil {
		if errors.Is(err, context.Canceled) {
			d.status.SetText(lang.L("Cancelled: the workspace is unchanged."))
		} else {
			d.status.SetText(lang.L("The import failed: the workspace is unchanged."))
			d.u.ShowError(err)
		}
		if d.done != nil {
			d.done(err)
		}
		return
	}
	if dry {
		d.preview = res
		d.status.SetText(lang.L("Preview: {{.Summary}}", map[string]any{"Summary": res.Summary()}) + notes(res))
		if res.Read > res.Errors {
			d.importBtn.Enable()
			if res.Errors > 0 {
				d.importBtn.SetText(lang.L("Import the good rows"))
			} else {
				d.importBtn.SetText(lang.L("Import"))
			}
		}
	} else {
		d.result = res
		d.importBtn.Disable()
		_ = d.u.DB.SaveMapping(context.Background(), d.kind, d.head.Header, d.Mapping())
		d.status.SetText(lang.L("Imported: {{.Summary}}", map[string]any{"Summary": res.Summary()}) + notes(res))
		d.u.Changed()
	}
	if len(res.Rejected) > 0 {
		d.rejectBtn.Enable()
	} else {
		d.rejectBtn.Disable()
	}
	d.problems.Refresh()
	if d.done != nil {
		d.done(nil)
	}
}

func notes(res *persistence.ImportResult) string {
	if len(res.Notes) == 0 {
		return ""
	}
	return "\n" + strings.Join(res.Notes, "\n")
}

func (d *importDialog) onPreview() { d.run(true) }
func (d *importDialog) onImport()  { d.run(false) }

// current is the latest result: the import's, else the preview's.
func (d *importDialog) current() *persistence.ImportResult {
	if d.result != nil {
		return d.result
	}
	return d.preview
}

func (d *importDialog) problemCount() int {
	if r := d.current(); r != nil {
		return len(r.Problems)
	}
	return 0
}

func (d *importDialog) problemItem(i widget.ListItemID, o fyne.CanvasObject) {
	if r := d.current(); r != nil && i < len(r.Problems) {
		o.(*widget.Label).SetText(r.Problems[i].String())
	}
}

func (d *importDialog) onSaveRejected() {
	res := d.current()
	if res == nil || len(res.Rejected) == 0 {
		return
	}
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			d.u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := persistence.WriteRejected(withExt(path, ".xlsx"), res); err != nil {
			d.u.ShowError(err)
		}
	}, d.u.Win)
	fd.SetFileName(strings.TrimSuffix(filepath.Base(d.path), filepath.Ext(d.path)) + "-refused.xlsx")
	fd.Show()
}

func (d *importDialog) onSaveTemplate() {
	kind := d.kind
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			d.u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path)
		if err := persistence.WriteTemplate(withExt(path, ".xlsx"), kind); err != nil {
			d.u.ShowError(err)
		}
	}, d.u.Win)
	fd.SetFileName("salesops-" + kind + "-template.xlsx")
	fd.Show()
}

// withExt makes sure path ends in ext.
func withExt(path, ext string) string {
	if strings.EqualFold(filepath.Ext(path), ext) {
		return path
	}
	os.Remove(path) // the save dialog created it under the other name
	return path + ext
}

// --- export ---

func (u *UI) onExport() {
	kinds := persistence.ExportKinds
	kindSel := widget.NewSelect(importKindLabels(), nil)
	kindSel.SetSelectedIndex(0)
	formatSel := widget.NewRadioGroup([]string{"XLSX", "CSV"}, nil)
	formatSel.Horizontal = true
	formatSel.SetSelected("XLSX")
	periodOnly := widget.NewCheck(lang.L("Only the selected period ({{.Period}})", map[string]any{"Period": u.Period.String()}), nil)
	form := container.NewVBox(kindSel, formatSel, periodOnly)
	dialog.ShowCustomConfirm(lang.L("Export…"), lang.L("Export…"), lang.L("Cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		kind := kinds[max(0, kindSel.SelectedIndex())]
		ext := ".xlsx"
		if formatSel.Selected == "CSV" {
			ext = ".csv"
		}
		fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				u.ShowError(err)
				return
			}
			path := w.URI().Path()
			w.Close()
			os.Remove(path)
			u.exportTo(kind, withExt(path, ext), periodOnly.Checked, nil)
		}, u.Win)
		fd.SetFileName(kind + "-" + u.Period.String() + ext)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		fd.Show()
	}, u.Win)
}

// exportTo writes a table off the UI goroutine; done (tests) is told the outcome.
func (u *UI) exportTo(kind, path string, periodOnly bool, done func(n int, err error)) {
	opt := persistence.ExportOptions{}
	if periodOnly {
		opt.Period = u.Period
	}
	n := 0
	u.Background(lang.L("Exporting…"), func(ctx context.Context, progress func(float64, string)) error {
		opt.Progress = func(rows int) { progress(0, lang.L("{{.N}} rows written", map[string]any{"N": rows})) }
		var err error
		n, err = u.DB.Export(ctx, kind, path, opt)
		return err
	}, func(err error) {
		if err != nil {
			u.ShowError(err)
		} else {
			dialog.ShowInformation(lang.L("Export…"), lang.L("{{.N}} rows written to {{.Path}}.", map[string]any{"N": n, "Path": path}), u.Win)
		}
		if done != nil {
			done(n, err) // last: a test goes on from here
		}
	})
}
