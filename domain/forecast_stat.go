package domain

import (
	"bytes"
	"math"
	"strconv"
	"sync/atomic"
	"text/template"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// StatMethod is a statistical forecasting method of PRODUCT.md §5.6.
type StatMethod string

const (
	MethodAuto          StatMethod = "auto"
	MethodMovingAverage StatMethod = "moving-average"
	MethodLinear        StatMethod = "linear"
	MethodHoltWinters   StatMethod = "holt-winters"
	MethodPipeline      StatMethod = "pipeline" // the category forecast, not a statistical one
)

// StatMethods are the methods a user may pick, in the order offered.
var StatMethods = []StatMethod{MethodAuto, MethodMovingAverage, MethodLinear, MethodHoltWinters}

// ParseStatMethod accepts a method key.
func ParseStatMethod(s string) (StatMethod, error) {
	for _, m := range append(StatMethods, MethodPipeline) {
		if string(m) == s {
			return m, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a forecast method: use auto, moving-average, linear, holt-winters or pipeline", s)
}

// Season is the length of the seasonal cycle of monthly data.
const Season = 12

// MaxHorizon is the longest statistical forecast, in months.
const MaxHorizon = 24

// Note is a sentence for the user: Key is its English text with {{.Name}}
// placeholders (the UI translates Key and fills in Args).
type Note struct {
	Key  string
	Args map[string]any
}

// Text is the note in English.
func (n Note) Text() string {
	if n.Key == "" {
		return ""
	}
	t, err := template.New("").Parse(n.Key)
	if err != nil {
		return n.Key
	}
	var b bytes.Buffer
	if err := t.Execute(&b, n.Args); err != nil {
		return n.Key
	}
	return b.String()
}

// The sentences a statistical forecast explains itself with: English text
// and translation keys.
const (
	NoteNoHistory        = "No closed-won history yet: the forecast stays at zero until deals are won."
	NoteLinearShort      = "A linear trend needs at least 3 months of history and there are {{.N}}: the moving average is used instead."
	NoteNoMultiplicative = "Multiplicative seasonality was not tried: some months have no closed-won revenue."
	NoteNoSeasons        = "Holt-Winters needs two full seasons (24 months) of history and there are {{.N}}: seasonality is left out and the moving average or the linear trend is used."
	NoteHWFailed         = "Holt-Winters could not be fitted to this history: the moving average is used instead."
	NoteBestBacktest     = "{{.Model}} had the lowest backtest error (WAPE {{.WAPE}}) of {{.Count}} methods tried on the last {{.Origins}} months."
	NoteTooShort         = "The history ({{.N}} months) is too short to compare methods by backtest: the moving average is used."
	NoteAsChosen         = "{{.Model}}, as chosen."
	NoteNothingWon       = "Nothing was won in the last {{.Origins}} months, so no method forecasts better than another: the moving average is used."
)

// StatNotes lists them (the UI's translation test checks each).
var StatNotes = []string{NoteNoHistory, NoteLinearShort, NoteNoMultiplicative, NoteNoSeasons, NoteHWFailed, NoteBestBacktest, NoteTooShort, NoteAsChosen, NoteNothingWon}

// ModelNames are the names of the models a forecast may use.
var ModelNames = []string{"Moving average", "Linear trend", "Holt-Winters additive", "Holt-Winters additive, damped trend", "Holt-Winters multiplicative", "Holt-Winters multiplicative, damped trend"}

// SeasonalMode says how the season combines with level and trend.
type SeasonalMode int

const (
	Additive SeasonalMode = iota
	Multiplicative
)

// HoltWinters is a Holt-Winters model with additive trend (optionally damped)
// and additive or multiplicative seasonality of period M, in the error
// correction form statsmodels' ExponentialSmoothing uses:
//
//	ℓₜ = α(xₜ − sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + φbₜ₋₁)      (multiplicative: α xₜ/sₜ₋ₘ)
//	bₜ = β(ℓₜ − ℓₜ₋₁) + (1 − β)φbₜ₋₁
//	sₜ = γ(xₜ − ℓₜ₋₁ − φbₜ₋₁) + (1 − γ)sₜ₋ₘ        (multiplicative: γ xₜ/(ℓₜ₋₁ + φbₜ₋₁))
//	F̂ₜ₊ₕ = ℓₜ + (φ + … + φʰ)bₜ + sₜ₋ₘ₊((h−1) mod m)+1
//
// The season update uses the level before xₜ (PRODUCT.md §5.6 writes the
// classic xₜ − ℓₜ); the tests agree with statsmodels to 1e-6. Phi = 1 is an
// undamped trend.
type HoltWinters struct {
	Seasonal           SeasonalMode
	M                  int
	Alpha, Beta, Gamma float64
	Phi                float64
	Level0, Trend0     float64
	Season0            []float64 // M initial seasonal terms
}

// hwState is the model after filtering a series.
type hwState struct {
	level, trend, phi float64
	last              []float64 // the last M seasonal terms, oldest first
	mul               bool
}

// Filter runs the model over y and returns the one-step-ahead fitted values
// and the sum of squared one-step errors. A multiplicative model whose level
// reaches zero gives an infinite error.
func (hw *HoltWinters) Filter(y []float64) (fitted []float64, sse float64, st hwState) {
	fitted = make([]float64, len(y))
	sse, st = hw.run(y, fitted, nil, nil)
	return fitted, sse, st
}

// run filters y, writing one-step fitted values into fitted when it is not
// nil and calling visit with the state after each number of observations.
// scratch, when long enough, holds the seasonal terms (the fit reuses it
// across thousands of runs).
func (hw *HoltWinters) run(y, fitted []float64, visit func(n int, st hwState), scratch []float64) (sse float64, st hwState) {
	m := hw.M
	s := scratch
	if len(s) < len(y)+m {
		s = make([]float64, len(y)+m)
	}
	copy(s, hw.Season0)
	l, b, phi := hw.Level0, hw.Trend0, hw.Phi
	a, be, g := hw.Alpha, hw.Beta, hw.Gamma
	mul := hw.Seasonal == Multiplicative
	for t, x := range y {
		if visit != nil {
			visit(t, hwState{level: l, trend: b, phi: phi, last: s[t : t+m], mul: mul})
		}
		prev := l + phi*b
		var ln, f float64
		if mul {
			f = prev * s[t]
			ln = a*x/s[t] + (1-a)*prev
			s[t+m] = g*x/prev + (1-g)*s[t]
		} else {
			f = prev + s[t]
			ln = a*(x-s[t]) + (1-a)*prev
			s[t+m] = g*(x-prev) + (1-g)*s[t]
		}
		if fitted != nil {
			fitted[t] = f
		}
		b = be*(ln-l) + (1-be)*phi*b
		l = ln
		e := x - f
		sse += e * e
	}
	if math.IsNaN(sse) {
		sse = math.Inf(1)
	}
	return sse, hwState{level: l, trend: b, phi: phi, last: s[len(y):], mul: mul}
}

// Forecast returns the h-step forecasts for h = 1…n.
func (st hwState) Forecast(n int) []float64 {
	out := make([]float64, n)
	damp := 0.0
	pow := 1.0
	m := len(st.last)
	for h := 1; h <= n; h++ {
		pow *= st.phi
		damp += pow
		base := st.level + damp*st.trend
		season := st.last[(h-1)%m]
		if st.mul {
			out[h-1] = base * season
		} else {
			out[h-1] = base + season
		}
	}
	return out
}

// HoltWintersForecast filters y with hw and forecasts n months.
func (hw *HoltWinters) Forecast(y []float64, n int) []float64 {
	_, _, st := hw.Filter(y)
	return st.Forecast(n)
}

// hwInit sets heuristic initial states from the first two seasons: the level
// is the first season's mean, the trend the change of the mean per month, and
// the seasonal terms the first season's differences (or ratios) to its mean.
func hwInit(y []float64, m int, seas SeasonalMode) (l0, b0 float64, s0 []float64) {
	l0 = stat.Mean(y[:m], nil)
	b0 = (stat.Mean(y[m:2*m], nil) - l0) / float64(m)
	s0 = make([]float64, m)
	for i := range s0 {
		if seas == Multiplicative {
			s0[i] = y[i] / l0
		} else {
			s0[i] = y[i] - l0
		}
	}
	return l0, b0, s0
}

// fitEvals counts objective evaluations (for tests and benchmarks).
var fitEvals atomic.Int64

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
func logit(p float64) float64 {
	p = math.Min(math.Max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

// FitHoltWinters fits α, β, γ (and φ when damped) to y by minimising the
// one-step-ahead squared error with Nelder–Mead (gonum/optimize), from the
// heuristic initial states. y needs two full seasons. start, when not nil,
// is where the search begins (a warm start in backtests).
func FitHoltWinters(y []float64, m int, seas SeasonalMode, damped bool, start *HoltWinters) (HoltWinters, bool) {
	if len(y) < 2*m {
		return HoltWinters{}, false
	}
	if seas == Multiplicative {
		for _, v := range y {
			if v <= 0 {
				return HoltWinters{}, false
			}
		}
	}
	l0, b0, s0 := hwInit(y, m, seas)
	// Unconstrained coordinates: α = σ(u0), β = α σ(u1), γ = (1 − α) σ(u2),
	// φ = 0.8 + 0.18 σ(u3): the admissible region statsmodels also uses.
	model := func(u []float64) HoltWinters {
		a := logistic(u[0])
		hw := HoltWinters{Seasonal: seas, M: m, Alpha: a, Beta: a * logistic(u[1]), Gamma: (1 - a) * logistic(u[2]), Phi: 1,
			Level0: l0, Trend0: b0, Season0: s0}
		if damped {
			hw.Phi = 0.8 + 0.18*logistic(u[3])
		}
		return hw
	}
	dim := 3
	if damped {
		dim = 4
	}
	x0 := []float64{logit(0.3), logit(0.3), logit(0.2), logit(0.5)}[:dim]
	if start != nil && start.Alpha > 0 {
		x0[0] = logit(start.Alpha)
		x0[1] = logit(start.Beta / start.Alpha)
		x0[2] = logit(start.Gamma / (1 - start.Alpha))
		if damped && start.Phi < 1 {
			x0[3] = logit((start.Phi - 0.8) / 0.18)
		}
	}
	scratch := make([]float64, len(y)+m)
	p := optimize.Problem{Func: func(u []float64) float64 {
		hw := model(u)
		sse, _ := hw.run(y, nil, nil, scratch)
		return sse
	}}
	// The search stops when the error improves by less than 1e-6 of itself
	// over 20 iterations, or after 400 evaluations: the fit is then far
	// finer than the noise of monthly bookings.
	evals := 400
	if start != nil {
		evals = 200
	}
	res, err := optimize.Minimize(p, x0, &optimize.Settings{FuncEvaluations: evals,
		Converger: &optimize.FunctionConverge{Relative: 1e-6, Iterations: 20}}, &optimize.NelderMead{})
	best := x0
	if res != nil && res.X != nil && (err == nil || !math.IsInf(res.F, 0)) {
		best = res.X
	}
	if res != nil {
		fitEvals.Add(int64(res.Stats.FuncEvaluations))
	}
	hw := model(best)
	if _, sse, _ := hw.Filter(y); math.IsInf(sse, 0) {
		return HoltWinters{}, false
	}
	return hw, true
}

// model is one candidate of the automatic choice: it fits itself to a
// history and forecasts n months.
type model struct {
	method   StatMethod
	name     string // "Holt-Winters additive, damped trend"
	minTrain int
	fit      func(y []float64, warm any) (forecast func(n int) []float64, params map[string]float64, state any)
	// rolling, when set, forecasts steps months from every origin at once:
	// parameters are fitted on the history before the first origin and the
	// model is then rolled forward over the rest, as it would have run.
	rolling func(y []float64, origins []int, steps int) ([][]float64, any, bool)
}

func movingAverageModel() model {
	return model{method: MethodMovingAverage, name: "Moving average", minTrain: 1, fit: func(y []float64, _ any) (func(int) []float64, map[string]float64, any) {
		w := chooseWindow(y)
		mean := 0.0
		if w > 0 {
			mean = stat.Mean(y[len(y)-w:], nil)
		}
		return func(n int) []float64 {
			out := make([]float64, n)
			for i := range out {
				out[i] = mean
			}
			return out
		}, map[string]float64{"window": float64(w)}, nil
	}}
}

// chooseWindow picks the moving-average window among 3, 6 and 12 months with
// the least one-step squared error over y (the whole history when shorter).
func chooseWindow(y []float64) int {
	if len(y) <= 3 {
		return len(y)
	}
	best, bestErr := 3, math.Inf(1)
	for _, w := range []int{3, 6, 12} {
		if w >= len(y) {
			break
		}
		sum, n := 0.0, 0
		for t := 12; t < len(y); t++ { // the same months for every window
			if t < w {
				continue
			}
			e := y[t] - stat.Mean(y[t-w:t], nil)
			sum += e * e
			n++
		}
		if n == 0 {
			for t := w; t < len(y); t++ {
				e := y[t] - stat.Mean(y[t-w:t], nil)
				sum += e * e
				n++
			}
		}
		if n > 0 && sum/float64(n) < bestErr {
			best, bestErr = w, sum/float64(n)
		}
	}
	return best
}

func linearModel() model {
	return model{method: MethodLinear, name: "Linear trend", minTrain: 3, fit: func(y []float64, _ any) (func(int) []float64, map[string]float64, any) {
		x := make([]float64, len(y))
		for i := range x {
			x[i] = float64(i)
		}
		a, b := stat.LinearRegression(x, y, nil, false)
		return func(n int) []float64 {
			out := make([]float64, n)
			for h := range out {
				out[h] = a + b*float64(len(y)+h)
			}
			return out
		}, map[string]float64{"intercept": a, "slope": b}, nil
	}}
}

func holtWintersModel(seas SeasonalMode, damped bool) model {
	name := "Holt-Winters additive"
	if seas == Multiplicative {
		name = "Holt-Winters multiplicative"
	}
	if damped {
		name += ", damped trend"
	}
	return model{method: MethodHoltWinters, name: name, minTrain: 2 * Season, fit: func(y []float64, warm any) (func(int) []float64, map[string]float64, any) {
		var start *HoltWinters
		if w, ok := warm.(HoltWinters); ok {
			start = &w
		}
		hw, ok := FitHoltWinters(y, Season, seas, damped, start)
		if !ok {
			return nil, nil, nil
		}
		params := map[string]float64{"alpha": hw.Alpha, "beta": hw.Beta, "gamma": hw.Gamma}
		if damped {
			params["phi"] = hw.Phi
		}
		return func(n int) []float64 { return hw.Forecast(y, n) }, params, hw
	}, rolling: func(y []float64, origins []int, steps int) ([][]float64, any, bool) {
		hw, ok := FitHoltWinters(y[:origins[0]], Season, seas, damped, nil)
		if !ok {
			return nil, nil, false
		}
		at := map[int]int{}
		for i, o := range origins {
			at[o] = i
		}
		out := make([][]float64, len(origins))
		hw.run(y, nil, func(n int, st hwState) {
			if i, ok := at[n]; ok {
				out[i] = st.Forecast(steps)
			}
		}, nil)
		return out, hw, true
	}}
}

// Accuracy compares forecasts with actuals (PRODUCT.md §5.3).
type Accuracy struct {
	WAPE OptFloat // Σ|A − F| / Σ|A|
	MAPE OptFloat // mean |A − F| / |A| over periods with A ≠ 0
	Bias OptFloat // Σ(F − A) / ΣA
	N    int      // number of compared periods
}

// AccuracyOf computes WAPE, MAPE and bias of forecast against actual.
func AccuracyOf(actual, forecast []float64) Accuracy {
	var absErr, absA, sumA, sumE, mape float64
	var mapeN int
	for i := range actual {
		a, f := actual[i], forecast[i]
		absErr += math.Abs(a - f)
		absA += math.Abs(a)
		sumA += a
		sumE += f - a
		if a != 0 {
			mape += math.Abs(a-f) / math.Abs(a)
			mapeN++
		}
	}
	acc := Accuracy{N: len(actual)}
	if absA != 0 {
		acc.WAPE = OptFloat{V: absErr / absA, OK: true}
	}
	if mapeN > 0 {
		acc.MAPE = OptFloat{V: mape / float64(mapeN), OK: true}
	}
	if sumA != 0 {
		acc.Bias = OptFloat{V: sumE / sumA, OK: true}
	}
	return acc
}

// ForecastAccuracy is 1 − |actual − forecast| / actual, undefined when
// nothing was actually closed.
func ForecastAccuracy(actual, forecast float64) OptFloat {
	if actual == 0 {
		return OptFloat{}
	}
	return OptFloat{V: 1 - math.Abs(actual-forecast)/math.Abs(actual), OK: true}
}

// ForecastPoint is one month of a statistical forecast with its prediction
// interval.
type ForecastPoint struct {
	Value, Low, High float64
}

// Candidate is one method the automatic choice compared.
type Candidate struct {
	Name string
	WAPE OptFloat
}

// StatForecast is a statistical forecast of a monthly series.
type StatForecast struct {
	Method     StatMethod // the method used (the chosen one for auto)
	Model      string     // its variant, e.g. "Holt-Winters multiplicative, damped trend"
	Params     map[string]float64
	Reason     Note // why this method
	Fallback   Note // what could not be used and why ("" when nothing)
	Points     []ForecastPoint
	Backtest   Accuracy
	Candidates []Candidate
}

// StatOptions configure ForecastSeries.
type StatOptions struct {
	Method  StatMethod // "" = auto
	Horizon int        // months, 1–24; 0 = 18
	// Level is the prediction interval's coverage; 0 = 0.8.
	Level float64
}

// backtestSteps is how many months ahead each backtest origin forecasts.
const backtestSteps = 3

// backtestOrigins is how many rolling origins the backtest uses at most.
const backtestOrigins = 12

// backtest is the rolling-origin evaluation of one model on y: from each of
// the origins it fits on y[:o] and forecasts up to backtestSteps months.
type backtest struct {
	actual, forecast []float64
	errs             [backtestSteps][]float64
}

func runBacktest(md model, y []float64, origins []int, warm any) (backtest, any, bool) {
	var bt backtest
	var rolled [][]float64
	if md.rolling != nil {
		var ok bool
		if rolled, warm, ok = md.rolling(y, origins, backtestSteps); !ok {
			return bt, nil, false
		}
	}
	for i, o := range origins {
		steps := min(backtestSteps, len(y)-o)
		var f []float64
		if rolled != nil {
			f = rolled[i]
		} else {
			fc, _, _ := md.fit(y[:o], warm)
			if fc == nil {
				return bt, nil, false
			}
			f = fc(steps)
		}
		for k := 0; k < steps; k++ {
			v := math.Max(0, f[k])
			bt.actual = append(bt.actual, y[o+k])
			bt.forecast = append(bt.forecast, v)
			bt.errs[k] = append(bt.errs[k], y[o+k]-v)
		}
	}
	return bt, warm, len(bt.actual) > 0
}

// score is the backtest WAPE, or the mean absolute error when every actual is
// zero (WAPE is then undefined but a method can still be more wrong).
func (bt backtest) score() float64 {
	var e, a float64
	for i := range bt.actual {
		e += math.Abs(bt.actual[i] - bt.forecast[i])
		a += math.Abs(bt.actual[i])
	}
	if a == 0 {
		return e / float64(max(1, len(bt.actual)))
	}
	return e / a
}

// origins lists the backtest origins for models needing minTrain months.
func origins(n, minTrain int) []int {
	first := max(minTrain, n-backtestOrigins)
	var out []int
	for o := first; o < n; o++ {
		out = append(out, o)
	}
	return out
}

// ForecastSeries forecasts the monthly series y (oldest first, zero-filled
// months included) opt.Horizon months ahead. Auto compares the applicable
// methods by rolling-origin backtest WAPE and keeps the best; a history too
// short for seasonality (fewer than two seasons) falls back to the moving
// average and the linear trend, and says so. The prediction interval comes
// from the backtest errors, widening with the square root of the horizon.
func ForecastSeries(y []float64, opt StatOptions) StatForecast {
	h := opt.Horizon
	if h <= 0 {
		h = 18
	}
	h = min(h, MaxHorizon)
	level := opt.Level
	if level <= 0 || level >= 1 {
		level = 0.8
	}
	method := opt.Method
	if method == "" || method == MethodPipeline {
		method = MethodAuto
	}
	n := len(y)
	out := StatForecast{}
	if n == 0 {
		out.Method, out.Model = MethodMovingAverage, "Moving average"
		out.Reason = Note{Key: NoteNoHistory}
		out.Points = make([]ForecastPoint, h)
		return out
	}
	positive := true
	for _, v := range y {
		positive = positive && v > 0
	}
	seasonal := n >= 2*Season
	var cands []model
	switch method {
	case MethodMovingAverage:
		cands = []model{movingAverageModel()}
	case MethodLinear:
		cands = []model{linearModel()}
		if n < 3 {
			cands = []model{movingAverageModel()}
			out.Fallback = Note{Key: NoteLinearShort, Args: map[string]any{"N": n}}
		}
	case MethodHoltWinters, MethodAuto:
		if seasonal {
			cands = []model{holtWintersModel(Additive, false), holtWintersModel(Additive, true)}
			if positive {
				cands = append(cands, holtWintersModel(Multiplicative, false), holtWintersModel(Multiplicative, true))
			} else {
				out.Fallback = Note{Key: NoteNoMultiplicative}
			}
			if method == MethodAuto {
				cands = append([]model{movingAverageModel(), linearModel()}, cands...)
			}
		} else {
			cands = []model{movingAverageModel()}
			if n >= 3 {
				cands = append(cands, linearModel())
			}
			out.Fallback = Note{Key: NoteNoSeasons, Args: map[string]any{"N": n}}
		}
	}
	minTrain := 0
	for _, c := range cands {
		minTrain = max(minTrain, c.minTrain)
	}
	orig := origins(n, minTrain)
	// Each candidate is backtested first; its fit on the history before the
	// first origin is where the fit on the whole history starts its search
	// (a warm start: fewer evaluations for the same optimum).
	type fitted struct {
		md       model
		forecast func(int) []float64
		params   map[string]float64
		bt       backtest
		ok       bool
	}
	var results []fitted
	for _, c := range cands {
		var r fitted
		var warm any
		if len(orig) > 0 {
			r.bt, warm, r.ok = runBacktest(c, y, orig, nil)
		}
		fc, params, _ := c.fit(y, warm)
		if fc == nil {
			continue
		}
		r.md, r.forecast, r.params = c, fc, params
		results = append(results, r)
	}
	if len(results) == 0 { // every Holt-Winters fit failed: fall back
		ma := movingAverageModel()
		fc, params, _ := ma.fit(y, nil)
		r := fitted{md: ma, forecast: fc, params: params}
		if len(orig) > 0 {
			r.bt, _, r.ok = runBacktest(ma, y, orig, nil)
		}
		results = append(results, r)
		out.Fallback = Note{Key: NoteHWFailed}
	}
	best := 0
	for i, r := range results {
		if r.ok && (!results[best].ok || r.bt.score() < results[best].bt.score()-1e-12) {
			best = i
		}
		c := Candidate{Name: r.md.name}
		if r.ok {
			c.WAPE = AccuracyOf(r.bt.actual, r.bt.forecast).WAPE
		}
		out.Candidates = append(out.Candidates, c)
	}
	r := results[best]
	out.Method, out.Model, out.Params = r.md.method, r.md.name, r.params
	switch {
	case len(results) > 1 && r.ok && !AccuracyOf(r.bt.actual, r.bt.forecast).WAPE.OK:
		// Nothing was won in the months compared: every method is "right".
		out.Reason = Note{Key: NoteNothingWon, Args: map[string]any{"Origins": len(orig)}}
		r = results[0]
		out.Method, out.Model, out.Params = r.md.method, r.md.name, r.params
	case len(results) > 1 && r.ok:
		out.Reason = Note{Key: NoteBestBacktest,
			Args: map[string]any{"Model": r.md.name, "WAPE": pct(r.bt.score()), "Count": len(results), "Origins": len(orig)}}
	case len(results) > 1 || method == MethodAuto:
		out.Reason = Note{Key: NoteTooShort, Args: map[string]any{"N": n}}
		for i, x := range results {
			if x.md.method == MethodMovingAverage {
				r = results[i]
			}
		}
		out.Method, out.Model, out.Params = r.md.method, r.md.name, r.params
	default:
		out.Reason = Note{Key: NoteAsChosen, Args: map[string]any{"Model": r.md.name}}
	}
	if r.ok {
		out.Backtest = AccuracyOf(r.bt.actual, r.bt.forecast)
	}
	values := r.forecast(h)
	sigma := intervalSigmas(r.bt, r.ok, y, h)
	z := normalQuantile(0.5 + level/2)
	out.Points = make([]ForecastPoint, h)
	for i, v := range values {
		v = math.Max(0, v)
		out.Points[i] = ForecastPoint{Value: v, Low: math.Max(0, v-z*sigma[i]), High: v + z*sigma[i]}
	}
	return out
}

func pct(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/10, 'f', -1, 64) + " %"
}

// intervalSigmas is the standard error at each horizon: the RMSE of the
// backtest errors k months ahead (k ≤ 3), growing with √h beyond and never
// shrinking with the horizon. Without a backtest the in-sample deviation of
// the history stands in.
func intervalSigmas(bt backtest, ok bool, y []float64, h int) []float64 {
	var base [backtestSteps]float64
	known := 0
	if ok {
		for k := 0; k < backtestSteps; k++ {
			if len(bt.errs[k]) == 0 {
				break
			}
			ss := 0.0
			for _, e := range bt.errs[k] {
				ss += e * e
			}
			base[k] = math.Sqrt(ss / float64(len(bt.errs[k])))
			known = k + 1
		}
	}
	if known == 0 {
		base[0] = stat.PopStdDev(y, nil)
		known = 1
	}
	out := make([]float64, h)
	prev := 0.0
	for i := range out {
		var s float64
		if i < known {
			s = base[i]
		} else {
			s = base[known-1] * math.Sqrt(float64(i+1)/float64(known))
		}
		s = math.Max(s, prev)
		out[i], prev = s, s
	}
	return out
}

// normalQuantile is the standard normal quantile of p (Acklam's rational
// approximation, good to 1e-9).
func normalQuantile(p float64) float64 {
	a := []float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := []float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := []float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := []float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	const pl = 0.02425
	switch {
	case p < pl:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p <= 1-pl:
		q := p - 0.5
		r := q * q
		return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
	}
	q := math.Sqrt(-2 * math.Log(1-p))
	return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
}

// ForecastMany forecasts several series (one per scope) with the same
// options, spreading them over workers goroutines (≤ 0: one).
func ForecastMany(series [][]float64, opt StatOptions, workers int) []StatForecast {
	out := make([]StatForecast, len(series))
	workers = max(1, min(workers, len(series)))
	next := make(chan int)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				out[i] = ForecastSeries(series[i], opt)
			}
			done <- struct{}{}
		}()
	}
	for i := range series {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		<-done
	}
	return out
}
