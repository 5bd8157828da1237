package domain

import (
	"testing"
	"time"
)

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name     string
		p        Person
		wantCode string
	}{
		{"a named account executive is valid", Person{Name: "Giulia Rossi", Email: "giulia@aurora.example", Role: RoleAE}, ""},
		{"a person without a name is refused", Person{Name: "  ", Role: RoleAE}, EINVALID},
		{"an email without @ is refused", Person{Name: "Lars", Email: "lars.aurora.example"}, EINVALID},
		{"gibberish as email is refused", Person{Name: "Lars", Email: "not an email"}, EINVALID},
		{"an unknown role is refused", Person{Name: "Lars", Role: "pilot"}, EINVALID},
		{"being one's own manager is a conflict", Person{ID: 7, Name: "Lars", ManagerID: 7}, ECONFLICT},
		{"an end date before the hire date is refused", Person{Name: "Lars", HireDate: Day(2026, 3, 1), EndDate: Day(2026, 2, 28)}, EINVALID},
		{"an end date on the hire date is allowed", Person{Name: "Lars", HireDate: Day(2026, 3, 1), EndDate: Day(2026, 3, 1)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			if code := ErrorCode(p.Validate()); code != tt.wantCode {
				t.Errorf("Validate() code = %q, want %q", code, tt.wantCode)
			}
		})
	}
	t.Run("a person without a role becomes an account executive", func(t *testing.T) {
		p := Person{Name: "Ola"}
		if err := p.Validate(); err != nil || p.Role != RoleAE {
			t.Errorf("Validate() = %v, Role = %q; want nil, %q", err, p.Role, RoleAE)
		}
	})
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Role
		ok   bool
	}{
		{"a key is a role", "manager", RoleManager, true},
		{"an English label is a role", "Sales director", RoleDirector, true},
		{"labels are case-insensitive", "ACCOUNT EXECUTIVE", RoleAE, true},
		{"SDR is a role", "sdr", RoleSDR, true},
		{"a sales rep is an account executive", "Sales rep", RoleAE, true},
		{"an empty role is an account executive", "", RoleAE, true},
		{"a pilot is not a sales role", "pilot", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRole(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseRole(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
	if !RoleAE.Sells() || !RoleSDR.Sells() || RoleManager.Sells() || RoleOps.Sells() {
		t.Error("only account executives and SDRs sell")
	}
}

func TestPersonEmployedOn(t *testing.T) {
	p := Person{Name: "Nora", HireDate: Day(2025, 3, 1), EndDate: Day(2026, 3, 1)}
	tests := []struct {
		name string
		d    time.Time
		want bool
	}{
		{"the day before the hire date is outside", Day(2025, 2, 28), false},
		{"the hire date is inside", Day(2025, 3, 1), true},
		{"the day before the end date is inside", Day(2026, 2, 28), true},
		{"the end date is the first day gone", Day(2026, 3, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.EmployedOn(tt.d); got != tt.want {
				t.Errorf("EmployedOn(%s) = %v, want %v", tt.d.Format(time.DateOnly), got, tt.want)
			}
		})
	}
}

func TestCheckManagerCycle(t *testing.T) {
	// 1 is the director; 2 reports to 1; 3 reports to 2; 4 reports to 3.
	managerOf := map[int64]int64{2: 1, 3: 2, 4: 3}
	tests := []struct {
		name              string
		person, manager   int64
		wantCode          string
		existingManagerOf map[int64]int64
	}{
		{"reporting to nobody is fine", 3, 0, "", nil},
		{"reporting to someone higher up is fine", 4, 1, "", nil},
		{"a new person may report to anyone", 5, 4, "", nil},
		{"moving to a peer branch is fine", 3, 1, "", nil},
		{"reporting to oneself is a loop", 2, 2, ECONFLICT, nil},
		{"reporting to one's direct report is a loop", 2, 3, ECONFLICT, nil},
		{"the director reporting to someone three levels down is a loop", 1, 4, ECONFLICT, nil},
		{"a loop already in the data ends the walk instead of hanging", 1, 8, ECONFLICT, map[int64]int64{8: 9, 9: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := managerOf
			if tt.existingManagerOf != nil {
				m = tt.existingManagerOf
			}
			if code := ErrorCode(CheckManagerCycle(m, tt.person, tt.manager)); code != tt.wantCode {
				t.Errorf("CheckManagerCycle(%d → %d) code = %q, want %q", tt.person, tt.manager, code, tt.wantCode)
			}
		})
	}
}

func TestEntityValidate(t *testing.T) {
	tests := []struct {
		name     string
		validate func() error
		wantCode string
	}{
		{"a named team is valid", (&Team{Name: "Enterprise"}).Validate, ""},
		{"a team needs a name", (&Team{Name: " "}).Validate, EINVALID},
		{"a named account is valid", (&Account{Name: "Fjord Foods AS", Employees: 120}).Validate, ""},
		{"an account needs a name", (&Account{}).Validate, EINVALID},
		{"negative employees are refused", (&Account{Name: "X", Employees: -1}).Validate, EINVALID},
		{"negative revenue is refused", (&Account{Name: "X", AnnualRevenue: -1}).Validate, EINVALID},
		{"negative potential is refused", (&Account{Name: "X", Potential: -1}).Validate, EINVALID},
		{"a named territory is valid", (&Territory{ID: 2, Name: "Italy", ParentID: 1}).Validate, ""},
		{"a territory needs a name", (&Territory{}).Validate, EINVALID},
		{"a territory inside itself is a conflict", (&Territory{ID: 3, Name: "Loop", ParentID: 3}).Validate, ECONFLICT},
		{"a stage with a probability in range is valid", (&Stage{Name: "Proposal", Probability: RatePercent(50)}).Validate, ""},
		{"a stage needs a name", (&Stage{}).Validate, EINVALID},
		{"a stage cannot be won and lost", (&Stage{Name: "Odd", Won: true, Lost: true}).Validate, EINVALID},
		{"a stage probability above 100 % is refused", (&Stage{Name: "Odd", Probability: RateOne + 1}).Validate, EINVALID},
		{"a negative stage probability is refused", (&Stage{Name: "Odd", Probability: -1}).Validate, EINVALID},
		{"a monthly quota is valid", (&Quota{Month: MustParsePeriod("2026-07", CalendarYear), Amount: 1}).Validate, ""},
		{"a quarterly quota is refused: quotas are stored per month", (&Quota{Month: MustParsePeriod("2026-Q3", CalendarYear)}).Validate, EINVALID},
		{"a negative quota is refused", (&Quota{Month: MustParsePeriod("2026-07", CalendarYear), Amount: -1}).Validate, EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := ErrorCode(tt.validate()); code != tt.wantCode {
				t.Errorf("Validate() code = %q, want %q", code, tt.wantCode)
			}
		})
	}
	t.Run("a stage without a category counts as pipeline", func(t *testing.T) {
		s := Stage{Name: "New"}
		if err := s.Validate(); err != nil || s.Category != CategoryPipeline {
			t.Errorf("Validate() = %v, Category = %q", err, s.Category)
		}
	})
	t.Run("an account without an assignment source is unassigned", func(t *testing.T) {
		a := Account{Name: "X"}
		if err := a.Validate(); err != nil || a.Assignment != AssignedNone || a.Locked() {
			t.Errorf("Validate() = %v, Assignment = %q, Locked = %v", err, a.Assignment, a.Locked())
		}
	})
}

func TestDealValidate(t *testing.T) {
	won := Deal{Name: "Fjord renewal", StageID: 5, Status: StatusWon, Amount: 100, HasAmount: true,
		Created: Day(2026, 1, 10), CloseDate: Day(2026, 3, 1)}
	tests := []struct {
		name     string
		change   func(*Deal)
		wantCode string
	}{
		{"a won deal with amount and close date is valid", func(*Deal) {}, ""},
		{"a deal with only an external ID is valid", func(d *Deal) { d.Name, d.ExternalID = "", "D-1" }, ""},
		{"a deal needs a name or an ID", func(d *Deal) { d.Name = " " }, EINVALID},
		{"a deal needs a stage", func(d *Deal) { d.StageID = 0 }, EINVALID},
		{"a won deal needs an amount", func(d *Deal) { d.HasAmount = false }, EINVALID},
		{"a won deal needs a close date", func(d *Deal) { d.CloseDate = time.Time{} }, EINVALID},
		{"an open deal may lack amount and close date", func(d *Deal) {
			d.Status, d.HasAmount, d.CloseDate = StatusOpen, false, time.Time{}
		}, ""},
		{"a probability above 100 % is refused", func(d *Deal) { d.Probability = RateOne + 1 }, EINVALID},
		{"a negative probability is refused", func(d *Deal) { d.Probability = -1 }, EINVALID},
		{"a closed deal cannot close before it was created", func(d *Deal) { d.CloseDate = Day(2026, 1, 9) }, EINVALID},
		{"a lost deal cannot close before it was created either", func(d *Deal) { d.Status, d.CloseDate = StatusLost, Day(2026, 1, 9) }, EINVALID},
		{"an open deal's past close date is a quality finding, not an error", func(d *Deal) { d.Status, d.CloseDate = StatusOpen, Day(2026, 1, 9) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := won
			tt.change(&d)
			if code := ErrorCode(d.Validate()); code != tt.wantCode {
				t.Errorf("Validate() code = %q, want %q", code, tt.wantCode)
			}
		})
	}
}

func TestValidateSplits(t *testing.T) {
	rev := func(person int64, pct float64) DealSplit {
		return DealSplit{DealID: 1, PersonID: person, Kind: SplitRevenue, Share: RatePercent(pct)}
	}
	over := func(person int64, pct float64) DealSplit {
		return DealSplit{DealID: 1, PersonID: person, Kind: SplitOverlay, Share: RatePercent(pct)}
	}
	tests := []struct {
		name   string
		splits []DealSplit
		ok     bool
	}{
		{"no splits at all is fine", nil, true},
		{"one person with 100 % is fine", []DealSplit{rev(1, 100)}, true},
		{"60 % and 40 % make 100 %", []DealSplit{rev(1, 60), rev(2, 40)}, true},
		{"thirds of 333,333 + 333,333 + 333,334 millionths make exactly 100 %", []DealSplit{
			{Kind: SplitRevenue, Share: 333_333}, {Kind: SplitRevenue, Share: 333_333}, {Kind: SplitRevenue, Share: 333_334}}, true},
		{"60 % and 39 % make 99 % and are refused", []DealSplit{rev(1, 60), rev(2, 39)}, false},
		{"60 % and 41 % make 101 % and are refused", []DealSplit{rev(1, 60), rev(2, 41)}, false},
		{"a single revenue split of 99 % is refused", []DealSplit{rev(1, 99)}, false},
		{"revenue splits plus a 10 % overlay are fine", []DealSplit{rev(1, 60), rev(2, 40), over(3, 10)}, true},
		{"an overlay alone may be any percentage", []DealSplit{over(3, 10)}, true},
		{"overlays may add up past 100 %", []DealSplit{over(3, 150), over(4, 100)}, true},
		{"overlays do not count toward the revenue 100 %", []DealSplit{rev(1, 90), over(3, 10)}, false},
		{"a negative overlay is refused", []DealSplit{over(3, -10)}, false},
		{"a negative revenue share is refused even if the total is 100 %", []DealSplit{rev(1, 110), rev(2, -10)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateSplits(tt.splits)
			if (err == nil) != tt.ok {
				t.Fatalf("ValidateSplits() = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok && ErrorCode(err) != EINVALID {
				t.Errorf("ErrorCode = %q, want %q", ErrorCode(err), EINVALID)
			}
		})
	}
}

func TestInferStageOutcome(t *testing.T) {
	tests := []struct {
		name      string
		stage     string
		won, lost bool
	}{
		{"English Closed Won is won", "Closed Won", true, false},
		{"English Won alone is won", "Won", true, false},
		{"extra spaces and capitals do not matter", "  CLOSED   won ", true, false},
		{"English Closed Lost is lost", "Closed Lost", false, true},
		{"Italian Chiuso vinto is won", "Chiuso vinto", true, false},
		{"Italian Vinta is won", "Vinta", true, false},
		{"Italian Chiuso perso is lost", "Chiuso perso", false, true},
		{"Italian Persa is lost", "Persa", false, true},
		{"French Gagné is won", "Gagné", true, false},
		{"French Fermé gagné is won", "Fermé gagné", true, false},
		{"French GAGNÉE in capitals is won", "GAGNÉE", true, false},
		{"French Perdu is lost", "Perdu", false, true},
		{"French Fermée perdue is lost", "Fermée perdue", false, true},
		{"Norwegian Vunnet is won", "Vunnet", true, false},
		{"Norwegian Lukket vunnet is won", "Lukket vunnet", true, false},
		{"Norwegian Tapt is lost", "Tapt", false, true},
		{"Norwegian Lukket tapt is lost", "Lukket tapt", false, true},
		{"Proposal is neither", "Proposal", false, false},
		{"Italian Negoziazione is neither", "Negoziazione", false, false},
		{"a word merely containing won is neither", "Wonderful prospect", false, false},
		{"won't buy is not won", "Won't buy", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			won, lost := InferStageOutcome(tt.stage)
			if won != tt.won || lost != tt.lost {
				t.Errorf("InferStageOutcome(%q) = won %v, lost %v; want %v, %v", tt.stage, won, lost, tt.won, tt.lost)
			}
		})
	}
}

// forecastCategoryInputs are spellings near the categories, which
// plainForecastCategory must read as parseForecastCategory does or leave
// to it.
var forecastCategoryInputs = []string{
	"Pipeline", "Best case", "Commit", "Closed", "Omitted", "pipeline", "best_case", "BEST CASE", "bestcase", "Best", "closed won",
	"Closed  Won", " closed\twon\n", "closed_won", "closed__won", "closed _won", "_closed", "closed_", "won", "omit", "lost",
	"Closed Lost", "closed lost ", "closedlost", "closed lost x", "Closed Lost Deal", "\u00a0Commit", "Commit\u00a0", "Commit\u0085",
	"Cloſed", "ſ", "Omıtted", "\u212aommit", "COMMİT", "", " ", "_", "pipe line", "pipelines", "Pipeline!", "best\vcase", "best\x1ccase",
	"maybe", "Best case best case", "\xff", "closed\x00won",
}

func TestPlainForecastCategoryIsGeneral(t *testing.T) {
	for _, s := range forecastCategoryInputs {
		got, err := ParseForecastCategory(s)
		want, werr := parseForecastCategory(s)
		if got != want || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Errorf("ParseForecastCategory(%q) = %q, %v; the general path says %q, %v", s, got, err, want, werr)
		}
	}
	for _, c := range ForecastCategories {
		for _, s := range []string{c.Label(), string(c)} {
			if got, ok := plainForecastCategory(s); !ok || got != c {
				t.Errorf("plainForecastCategory(%q) = %q, %v; want %q", s, got, ok, c)
			}
		}
	}
}

func FuzzParseForecastCategory(f *testing.F) {
	for _, s := range forecastCategoryInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseForecastCategory(s)
		want, werr := parseForecastCategory(s)
		if got != want || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("ParseForecastCategory(%q) = %q, %v; the general path says %q, %v", s, got, err, want, werr)
		}
	})
}

func TestParseForecastCategory(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ForecastCategory
		ok   bool
	}{
		{"a label is a category", "Best case", CategoryBestCase, true},
		{"a key with an underscore is a category", "best_case", CategoryBestCase, true},
		{"capitals and spaces do not matter", "  COMMIT ", CategoryCommit, true},
		{"closed won is closed", "Closed won", CategoryClosed, true},
		{"lost is omitted", "lost", CategoryOmitted, true},
		{"maybe is not a category", "maybe", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseForecastCategory(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseForecastCategory(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestDefaultStagesAreConsistent(t *testing.T) {
	var won, lost int
	for i, s := range DefaultStages() {
		s := s
		if err := s.Validate(); err != nil {
			t.Errorf("default stage %s: %v", s.Name, err)
		}
		if s.Position != i+1 {
			t.Errorf("default stage %s has position %d, want %d", s.Name, s.Position, i+1)
		}
		w, l := InferStageOutcome(s.Name)
		if w != s.Won || l != s.Lost {
			t.Errorf("default stage %s is won=%v lost=%v, but its name reads won=%v lost=%v", s.Name, s.Won, s.Lost, w, l)
		}
		switch s.Status() {
		case StatusWon:
			won++
		case StatusLost:
			lost++
		}
	}
	if won != 1 || lost != 1 {
		t.Errorf("default stages have %d won and %d lost stages, want 1 and 1", won, lost)
	}
}

func TestTerritoryOwnerActiveOn(t *testing.T) {
	o := TerritoryOwner{From: Day(2026, 1, 1), To: Day(2026, 7, 1)}
	open := TerritoryOwner{From: Day(2026, 1, 1)}
	tests := []struct {
		name string
		o    TerritoryOwner
		d    time.Time
		want bool
	}{
		{"the first day is owned", o, Day(2026, 1, 1), true},
		{"the day before the first is not", o, Day(2025, 12, 31), false},
		{"the day before To is owned", o, Day(2026, 6, 30), true},
		{"To itself is no longer owned", o, Day(2026, 7, 1), false},
		{"an open-ended ownership holds years later", open, Day(2030, 1, 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.ActiveOn(tt.d); got != tt.want {
				t.Errorf("ActiveOn(%s) = %v, want %v", tt.d.Format(time.DateOnly), got, tt.want)
			}
		})
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	e := Errorf(ECONFLICT, "Someone else already has the email %s.", "a@b.example")
	wrapped := &wrapErr{e}
	tests := []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"no error has no code", nil, "", ""},
		{"an application error shows its message", e, ECONFLICT, "Someone else already has the email a@b.example."},
		{"a wrapped application error keeps its code and message", wrapped, ECONFLICT, "Someone else already has the email a@b.example."},
		{"any other error is internal", errPlain("disk on fire"), EINTERNAL, "An internal error occurred: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
		})
	}
}

type errPlain string

func (e errPlain) Error() string { return string(e) }

type wrapErr struct{ err error }

func (w *wrapErr) Error() string { return "context: " + w.err.Error() }
func (w *wrapErr) Unwrap() error { return w.err }
