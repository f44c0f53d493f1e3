package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Thresholds decide what a comparison calls a regression.
type Thresholds struct {
	// Alpha is the significance level of the Mann–Whitney U test at every
	// point; the ratio's interval is at level 1 − Alpha.
	Alpha float64 `json:"alpha"`
	// MaxSlowdown is the fraction (0.10 for 10%) by which a point may get
	// significantly slower before it is a time regression.
	MaxSlowdown float64 `json:"max_slowdown"`
	// MaxFIncrease is how much the serial fraction (Amdahl's f, or
	// Gustafson's α in weak scaling) may grow, with the intervals of both
	// sides apart, before it is a shape regression.
	MaxFIncrease float64 `json:"max_f_increase"`
	// MaxEfficiencyDrop is how much the efficiency at the largest worker
	// count both sides fitted may fall, intervals apart, before it is a
	// shape regression.
	MaxEfficiencyDrop float64 `json:"max_efficiency_drop"`
}

// CompareOptions control Compare.
type CompareOptions struct {
	Thresholds
	// Ignore names parameters left out when series are matched: the
	// parameter the change under test varies, such as serial-fraction.
	Ignore []string
	// Summary is passed to Analyze for both sides.
	Summary Options
	// GateOversubscribed counts the regressions of oversubscribed points
	// (P above the CPUs) in TimeRegressions; by default they are shown
	// and not counted: their times depend on how the scheduler shares
	// the CPUs more than on the code.
	GateOversubscribed bool
}

// DefaultCompareOptions are the thresholds of scalebench compare.
var DefaultCompareOptions = CompareOptions{
	Thresholds: Thresholds{Alpha: 0.05, MaxSlowdown: 0.10, MaxFIncrease: 0.02, MaxEfficiencyDrop: 0.05},
}

// ErrNothingInCommon is returned by Compare when no series of one side
// matches a series of the other.
var ErrNothingInCommon = errors.New("no series in common")

// Decision is what a comparison says of one point or one shape metric.
type Decision string

// The decisions, each from an interval clear of its threshold. A
// point is a Regression when the interval of its time ratio lies wholly
// above 1 + MaxSlowdown (and the U test finds a difference), Slower or
// Faster when the difference is significant and the interval clear of
// that threshold, Same when it is not significant and the interval
// stays below the threshold; otherwise, or with too few samples for the
// test, it is Inconclusive. A shape metric is a Regression when even the
// smallest change its two intervals allow is worse than its threshold,
// Better or Worse when the intervals are apart and (for Worse) the
// largest change they allow is within the threshold, Same when they
// overlap within it, and Inconclusive otherwise.
const (
	Same         Decision = "~"
	Faster       Decision = "faster"
	Slower       Decision = "slower"
	Better       Decision = "better"
	Worse        Decision = "worse"
	Regression   Decision = "regression"
	Inconclusive Decision = "inconclusive"
)

// Float is a float64 that encodes NaN and ±Inf (unknown) as JSON null.
type Float float64

// MarshalJSON encodes non-finite values as null.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Estimate is a value with its interval (NaN when unknown) and, for
// samples, their number.
type Estimate struct {
	Value Float `json:"value"`
	Lo    Float `json:"lo"`
	Hi    Float `json:"hi"`
	N     int   `json:"n,omitempty"`
}

// HasInterval tells whether both ends of the interval are known.
func (e Estimate) HasInterval() bool { return isFinite(float64(e.Lo)) && isFinite(float64(e.Hi)) }

// Comparison is the model of scalebench compare: every matched series
// compared point by point and by the shape of its curve. Build it with
// Compare and render it with WriteComparison.
type Comparison struct {
	Base       CompareSide        `json:"base"`
	New        CompareSide        `json:"new"`
	Test       string             `json:"test"`
	Thresholds Thresholds         `json:"thresholds"`
	Warnings   []string           `json:"warnings"`
	Series     []SeriesComparison `json:"series"`
	OnlyBase   []string           `json:"only_base"`
	OnlyNew    []string           `json:"only_new"`
	// TimeRegressions and ShapeRegressions count the points and the
	// shape metrics whose verdict is Regression and that gate: not
	// oversubscribed (unless CompareOptions.GateOversubscribed), and
	// measured undisturbed on both sides.
	TimeRegressions  int `json:"time_regressions"`
	ShapeRegressions int `json:"shape_regressions"`
	// Inconclusive counts the points and shape metrics with gates whose
	// intervals decide nothing, and the regressions that do not gate.
	Inconclusive int `json:"inconclusive"`
	// Tested counts the points and gated shape metrics that could be
	// decided (any verdict but Inconclusive).
	Tested int `json:"tested"`
	// Points counts the points compared, and PointsTested those whose
	// times could be decided.
	Points       int `json:"points"`
	PointsTested int `json:"points_tested"`
	// gateOver is CompareOptions.GateOversubscribed.
	gateOver bool
}

// CompareSide names one side of a comparison and its machine.
type CompareSide struct {
	Name        string `json:"name"`
	CPUModel    string `json:"cpu_model,omitempty"`
	LogicalCPUs int    `json:"logical_cpus,omitempty"`
	GoVersion   string `json:"go_version,omitempty"`
	Commit      string `json:"commit,omitempty"`
}

// SeriesComparison is one series found on both sides.
type SeriesComparison struct {
	// Identity is the base's; its title shows a parameter ignored in
	// matching that differs as name=base→new.
	Identity
	Points   []PointComparison `json:"points"`
	Shape    []ShapeChange     `json:"shape"`
	Warnings []string          `json:"warnings"`
	// Base and New are the analysed series of both sides.
	Base *Series `json:"-"`
	New  *Series `json:"-"`
	// Disturbed says which side's passes others disturbed so much that
	// none of its regressions gates (see Interference.Busy); ""
	// when neither.
	Disturbed string `json:"disturbed,omitempty"`
	// newIndex is the series' index in the new document.
	newIndex int
}

// PointComparison is one worker count measured on both sides. Times are
// in seconds (for throughput data, seconds per unit of work, 1/X).
type PointComparison struct {
	Workers        int      `json:"workers"`
	Oversubscribed bool     `json:"oversubscribed"`
	Base           Estimate `json:"base"` // median time with its distribution-free interval
	New            Estimate `json:"new"`
	// Ratio is median(new)/median(base) and its interval, from the
	// interval of the shift of the log-times (scaling.ShiftInterval).
	Ratio Estimate `json:"ratio"`
	// P is the two-sided p-value of the Mann–Whitney U test.
	P       Float    `json:"p"`
	Exact   bool     `json:"exact"`
	Verdict Decision `json:"verdict"`
}

// ShapeChange is one metric of the curve's shape on both sides.
type ShapeChange struct {
	// Metric is amdahl_f, gustafson_alpha, efficiency, usl_sigma,
	// usl_kappa or usl_peak_n; Label says it in words.
	Metric  string   `json:"metric"`
	Label   string   `json:"label"`
	Workers int      `json:"workers,omitempty"` // for efficiency: at which P
	Base    Estimate `json:"base"`
	New     Estimate `json:"new"`
	Change  Float    `json:"change"` // New − Base
	// Apart is set when the intervals of both sides do not overlap.
	Apart bool `json:"apart"`
	// Threshold is the change beyond which a worse value is a
	// regression; null for the metrics that only inform (the USL's).
	Threshold Float    `json:"threshold"`
	Verdict   Decision `json:"verdict"`
}

// Regressed tells whether the comparison fails a gate on failOn: "time"
// (a time regression), "shape" (a shape regression), "any" (either) or
// "none" (never).
func (c *Comparison) Regressed(failOn string) bool {
	switch failOn {
	case "time":
		return c.TimeRegressions > 0
	case "shape":
		return c.ShapeRegressions > 0
	case "any":
		return c.TimeRegressions+c.ShapeRegressions > 0
	}
	return false
}

// Compare matches the series of base and new by workload, mode,
// executor, schedule and parameters (less opt.Ignore), and compares each
// pair: at every worker count both measured, the ratio of the median
// times with its interval and the Mann–Whitney U test; and the shape of
// the curves as scaling.Analyze fits them (via Analyze): the serial
// fraction, the efficiency at the largest worker count both fitted, and
// the USL's σ, κ and peak. Series found on one side only are listed,
// not compared. It returns ErrNothingInCommon when no series matches.
func Compare(base, new Source, opt CompareOptions) (*Comparison, error) {
	if opt.Alpha <= 0 || opt.Alpha >= 1 {
		opt.Alpha = DefaultCompareOptions.Alpha
	}
	c := &Comparison{Base: compareSide(base), New: compareSide(new), Thresholds: opt.Thresholds,
		Test:     fmt.Sprintf("Mann–Whitney U test, two-sided, α = %g", opt.Alpha),
		Warnings: compareWarnings(base.Doc, new.Doc, opt.Summary),
		Series:   []SeriesComparison{}, OnlyBase: []string{}, OnlyNew: []string{}}
	bsum, nsum := Analyze(base.Doc, opt.Summary), Analyze(new.Doc, opt.Summary)
	cpus := commonCPUs(cpusOf(base.Doc, opt.Summary), cpusOf(new.Doc, opt.Summary))
	// Keys repeated in one file pair up in order.
	waiting := map[string][]int{}
	for j := range new.Doc.Series {
		k := seriesKey(&new.Doc.Series[j], opt.Ignore)
		waiting[k] = append(waiting[k], j)
	}
	used := make([]bool, len(new.Doc.Series))
	for i := range base.Doc.Series {
		bs := &base.Doc.Series[i]
		key := seriesKey(bs, opt.Ignore)
		if len(waiting[key]) == 0 {
			c.OnlyBase = append(c.OnlyBase, Title(bs))
			continue
		}
		j := waiting[key][0]
		waiting[key] = waiting[key][1:]
		used[j] = true
		sc := compareSeries(bs, &new.Doc.Series[j], &bsum[i], &nsum[j], cpus, opt)
		sc.newIndex = j
		c.Series = append(c.Series, sc)
	}
	for j := range new.Doc.Series {
		if !used[j] {
			c.OnlyNew = append(c.OnlyNew, Title(&new.Doc.Series[j]))
		}
	}
	if len(c.Series) == 0 {
		return nil, fmt.Errorf(
			"%w: %s has %s; %s has %s",
			ErrNothingInCommon,
			base.Name,
			titles(c.OnlyBase),
			new.Name,
			titles(c.OnlyNew),
		)
	}
	c.gateOver = opt.GateOversubscribed
	c.count()
	return c, nil
}

// count counts the regressions that gate, the inconclusive verdicts and
// the verdicts tested.
func (c *Comparison) count() {
	for _, sc := range c.Series {
		for _, p := range sc.Points {
			switch {
			case p.Verdict == Regression && c.Gates(&sc, p):
				c.TimeRegressions++
			case p.Verdict == Regression, p.Verdict == Inconclusive:
				c.Inconclusive++
			}
			c.Points++
			if p.Verdict != Inconclusive {
				c.Tested++
				c.PointsTested++
			}
		}
		for _, s := range sc.Shape {
			gated := isFinite(float64(s.Threshold))
			switch {
			case s.Verdict == Regression && sc.Disturbed == "":
				c.ShapeRegressions++
			case gated && (s.Verdict == Regression || s.Verdict == Inconclusive):
				c.Inconclusive++
			}
			if gated && s.Verdict != Inconclusive {
				c.Tested++
			}
		}
	}
}

// Gates reports whether a time regression at p counts: p is not
// oversubscribed (or those gate too) and neither side was disturbed.
func (c *Comparison) Gates(sc *SeriesComparison, p PointComparison) bool {
	return (!p.Oversubscribed || c.gateOver) && sc.Disturbed == ""
}

// titles lists series titles for a one-line message.
func titles(ts []string) string {
	switch len(ts) {
	case 0:
		return "no series"
	case 1, 2, 3:
		return strings.Join(ts, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ts[:3], ", "), len(ts)-3)
}

func compareSide(s Source) CompareSide {
	e := s.Doc.Env
	return CompareSide{Name: safetext.Clean(s.Name), CPUModel: safetext.Clean(e.CPUModel), LogicalCPUs: e.LogicalCPUs,
		GoVersion: safetext.Clean(e.GoVersion), Commit: safetext.Clean(e.Commit)}
}

// cpusOf is the CPU count the fits of doc cut at (0: none).
func cpusOf(doc *results.Document, opt Options) int {
	if opt.CPUs > 0 {
		return opt.CPUs
	}
	return doc.Env.LogicalCPUs
}

// commonCPUs is the smaller known CPU count, 0 when neither is known.
func commonCPUs(a, b int) int {
	switch {
	case a <= 0:
		return max(b, 0)
	case b <= 0:
		return a
	}
	return min(a, b)
}

// compareWarnings says where the machines differ, and carries each
// run's own warnings and its state (failed, interrupted).
func compareWarnings(b, n *results.Document, opt Options) []string {
	out := []string{}
	if d := machineDiff(b.Env, n.Env); d != "" {
		out = append(
			out,
			"the machines differ (base vs new): "+d+"; the comparison is shown, but a difference may come from the machines alone",
		)
	}
	for _, side := range []struct {
		name string
		doc  *results.Document
	}{{"base", b}, {"new", n}} {
		for _, w := range side.doc.Env.Warnings {
			out = append(out, side.name+" run: "+safetext.Clean(w))
		}
		if w := assumedCPUs(side.doc, opt); w != "" {
			out = append(out, side.name+": "+w)
		}
		if side.doc.Interrupted {
			out = append(out, side.name+" run: interrupted, not every point was measured")
		}
		if side.doc.Failed {
			out = append(out, side.name+" run: some points failed and are left out")
		}
	}
	return out
}

// machineDiff names what differs between two machines that both record
// it: the CPU model, the logical CPU count, the Go version, OS and
// architecture; "" when nothing does.
func machineDiff(b, n results.Env) string {
	var diffs []string
	differ := func(what, x, y string) {
		if x != "" && y != "" && x != y {
			diffs = append(diffs, fmt.Sprintf("%s %s vs %s", what, safetext.Clean(x), safetext.Clean(y)))
		}
	}
	if b.CPUModel != "" && n.CPUModel != "" {
		differ("CPU", strconv.Quote(b.CPUModel), strconv.Quote(n.CPUModel))
	}
	if b.LogicalCPUs > 0 && n.LogicalCPUs > 0 && b.LogicalCPUs != n.LogicalCPUs {
		diffs = append(diffs, fmt.Sprintf("%d vs %d logical CPUs", b.LogicalCPUs, n.LogicalCPUs))
	}
	differ("Go", b.GoVersion, n.GoVersion)
	if b.OS != "" && n.OS != "" {
		differ("OS/arch", b.OS+"/"+b.Arch, n.OS+"/"+n.Arch)
	}
	return strings.Join(diffs, "; ")
}

// seriesKey identifies a series for matching: workload, mode, executor,
// schedule, metric and the parameters not ignored.
func seriesKey(s *results.Series, ignore []string) string {
	mode, metric := s.Mode, s.Metric
	if mode == "" {
		mode = results.ModeStrong
	}
	if metric == "" {
		metric = results.MetricSeconds
	}
	var params []string
	for k, v := range s.Params {
		if !slices.Contains(ignore, k) {
			params = append(params, k+"="+v)
		}
	}
	sort.Strings(params)
	return strings.Join(
		append([]string{s.Workload, string(mode), s.Executor, s.Schedule, string(metric)}, params...),
		"\x00",
	)
}

// compareSeries compares one matched pair.
func compareSeries(bs, ns *results.Series, bsum, nsum *Series, cpus int, opt CompareOptions) SeriesComparison {
	sc := SeriesComparison{Identity: bsum.Identity, Base: bsum, New: nsum, Points: []PointComparison{},
		Shape: []ShapeChange{}, Warnings: []string{}}
	titled := *bs
	titled.Params = map[string]string{}
	for k, v := range bs.Params {
		titled.Params[k] = v
		if nv, ok := ns.Params[k]; ok && nv != v {
			titled.Params[k] = v + "→" + nv
			sc.Warnings = append(
				sc.Warnings,
				safetext.Clean(fmt.Sprintf("%s differs (%s in base, %s in new), ignored in matching", k, v, nv)),
			)
		}
	}
	sc.Title = Title(&titled)
	sc.Disturbed = disturbedSides(bsum, nsum)
	if sc.Disturbed != "" {
		sc.Warnings = append(sc.Warnings, sc.Disturbed+": its regressions do not fail the gate")
	}
	sc.Points, sc.Warnings = comparePoints(bs, ns, opt.Alpha, opt.MaxSlowdown, sc.Warnings)
	if bsum.Analysis != nil && nsum.Analysis != nil {
		sc.Shape = compareShape(bsum.Analysis, nsum.Analysis, cpus, opt.Thresholds)
	} else {
		sc.Warnings = append(sc.Warnings, "no shape comparison: a side has no usable point")
	}
	for _, s := range sc.Shape {
		if (s.Metric == "amdahl_f" || s.Metric == "gustafson_alpha") && !(s.Base.HasInterval() && s.New.HasInterval()) {
			sc.Warnings = append(
				sc.Warnings,
				s.Label+" has no interval on a side (one sample per point?): its change cannot be judged",
			)
		}
	}
	return sc
}

// disturbedSides says which side's passes others disturbed so much that
// its conclusions do not hold ("the new run was disturbed: other
// processes used …"), or "".
func disturbedSides(b, n *Series) string {
	var out []string
	for _, side := range []struct {
		name string
		s    *Series
	}{{"base", b}, {"new", n}} {
		if in := side.s.Interference; in.Busy() {
			out = append(out, fmt.Sprintf("the %s run was disturbed: %s", side.name, in.Sentence(side.s.online)))
		}
	}
	return strings.Join(out, "; ")
}

// pointSamples are the valid samples of a series by worker count, as
// times (throughput X becomes 1/X), with the sizes and oversubscription.
type pointSamples struct {
	samples map[int][]float64
	size    map[int]int64
	over    map[int]bool
}

func samplesOf(s *results.Series) pointSamples {
	ps := pointSamples{samples: map[int][]float64{}, size: map[int]int64{}, over: map[int]bool{}}
	throughput := s.Metric == results.MetricThroughput
	for _, p := range s.Points {
		src := p.SamplesS
		if throughput {
			src = p.Throughput
		}
		if p.Failed {
			continue
		}
		for _, v := range src {
			if throughput {
				v = 1 / v
			}
			if v > 0 && isFinite(v) {
				ps.samples[p.Workers] = append(ps.samples[p.Workers], v)
			}
		}
		ps.size[p.Workers] = p.Size
		ps.over[p.Workers] = ps.over[p.Workers] || p.Oversubscribed
	}
	return ps
}

// comparePoints compares every worker count with samples on both sides
// and warns of the others, of sizes that differ and of samples too few
// for the test to reach alpha.
func comparePoints(
	bs, ns *results.Series,
	alpha, maxSlowdown float64,
	warnings []string,
) ([]PointComparison, []string) {
	b, n := samplesOf(bs), samplesOf(ns)
	var ws []int
	for w := range b.samples {
		ws = append(ws, w)
	}
	for w := range n.samples {
		if _, ok := b.samples[w]; !ok {
			ws = append(ws, w)
		}
	}
	slices.Sort(ws)
	out := []PointComparison{}
	var onlyB, onlyN, sizes, weak []string
	for _, w := range ws {
		bx, nx := b.samples[w], n.samples[w]
		switch {
		case len(nx) == 0:
			onlyB = append(onlyB, "P="+strconv.Itoa(w))
			continue
		case len(bx) == 0:
			onlyN = append(onlyN, "P="+strconv.Itoa(w))
			continue
		}
		if b.size[w] != n.size[w] && b.size[w] > 0 && n.size[w] > 0 {
			sizes = append(sizes, fmt.Sprintf("P=%d (%d vs %d)", w, b.size[w], n.size[w]))
		}
		if scaling.MannWhitneyMinP(len(bx), len(nx)) >= alpha {
			weak = append(weak, fmt.Sprintf("P=%d (%d+%d)", w, len(bx), len(nx)))
		}
		out = append(out, comparePoint(w, b.over[w] || n.over[w], bx, nx, alpha, maxSlowdown))
	}
	if len(onlyB) > 0 {
		warnings = append(warnings, "measured in base only, not compared: "+strings.Join(onlyB, ", "))
	}
	if len(onlyN) > 0 {
		warnings = append(warnings, "measured in new only, not compared: "+strings.Join(onlyN, ", "))
	}
	if len(sizes) > 0 {
		warnings = append(warnings, "the problem sizes differ, so the times do too: "+strings.Join(sizes, ", "))
	}
	if len(weak) > 0 {
		warnings = append(
			warnings,
			fmt.Sprintf(
				"too few samples for the U test to reach p < %g at %s: those points cannot be flagged (measure at least 4 a side, --reps 5)",
				alpha,
				strings.Join(weak, ", "),
			),
		)
	}
	return out, warnings
}

// comparePoint compares the samples of one worker count.
func comparePoint(w int, over bool, b, n []float64, alpha, maxSlowdown float64) PointComparison {
	bs, _ := scaling.Summarize(b) // valid: positive and finite
	ns, _ := scaling.Summarize(n)
	pc := PointComparison{Workers: w, Oversubscribed: over,
		Base: Estimate{Value: Float(bs.Median), Lo: Float(bs.MedianLo), Hi: Float(bs.MedianHi), N: len(b)},
		New:  Estimate{Value: Float(ns.Median), Lo: Float(ns.MedianLo), Hi: Float(ns.MedianHi), N: len(n)}}
	ratio := ns.Median / bs.Median
	pc.Ratio = Estimate{Value: Float(ratio), Lo: Float(math.NaN()), Hi: Float(math.NaN())}
	if lo, hi, err := scaling.ShiftInterval(logs(b), logs(n), 1-alpha); err == nil {
		// The interval is of the shift of the distributions; the ratio of
		// the medians lies inside it but for odd samples, where it is
		// widened to hold it.
		pc.Ratio.Lo, pc.Ratio.Hi = Float(math.Min(math.Exp(lo), ratio)), Float(math.Max(math.Exp(hi), ratio))
	}
	mw, _ := scaling.MannWhitneyU(b, n)
	pc.P, pc.Exact = Float(mw.P), mw.Exact
	pc.Verdict = timeVerdict(pc, alpha, maxSlowdown, scaling.MannWhitneyMinP(len(b), len(n)) < alpha)
	return pc
}

// timeVerdict decides a point from its ratio's interval and the U test
// (see Decision); testable is false when the samples are too few for the
// test to reach alpha.
func timeVerdict(pc PointComparison, alpha, maxSlowdown float64, testable bool) Decision {
	lo, hi, ratio := float64(pc.Ratio.Lo), float64(pc.Ratio.Hi), float64(pc.Ratio.Value)
	limit := 1 + maxSlowdown
	significant := float64(pc.P) < alpha && ratio != 1
	switch {
	case !testable || !pc.Ratio.HasInterval():
		return Inconclusive
	case significant && lo > limit:
		return Regression
	case hi > limit:
		return Inconclusive // a regression can be neither shown nor ruled out
	case !significant:
		return Same
	case ratio > 1:
		return Slower
	}
	return Faster
}

func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

// compareShape compares the fitted shape of two analyses: the serial
// fraction, the efficiency at the largest worker count both fitted
// (at most cpus), and the USL's σ, κ and peak when both have a USL fit.
func compareShape(b, n *scaling.Analysis, cpus int, th Thresholds) []ShapeChange {
	out := []ShapeChange{}
	if b.Amdahl != nil && n.Amdahl != nil {
		out = append(out, shapeChange("amdahl_f", "Amdahl f", fitEstimate(b.Amdahl.F, b.Amdahl.FLo, b.Amdahl.FHi),
			fitEstimate(n.Amdahl.F, n.Amdahl.FLo, n.Amdahl.FHi), true, th.MaxFIncrease))
	}
	if b.Gustafson != nil && n.Gustafson != nil {
		g, h := b.Gustafson, n.Gustafson
		out = append(out, shapeChange("gustafson_alpha", "Gustafson α", fitEstimate(g.Alpha, g.AlphaLo, g.AlphaHi),
			fitEstimate(h.Alpha, h.AlphaLo, h.AlphaHi), true, th.MaxFIncrease))
	}
	if w, be, ne, ok := commonEfficiency(b, n, cpus); ok {
		s := shapeChange("efficiency", fmt.Sprintf("efficiency at P=%d", w), be, ne, false, th.MaxEfficiencyDrop)
		s.Workers = w
		out = append(out, s)
	}
	if b.USL != nil && n.USL != nil {
		out = append(
			out,
			shapeChange(
				"usl_sigma",
				"USL σ",
				uslEstimate(b.USL.Sigma, b.USL.SigmaSE, b.USL.N),
				uslEstimate(n.USL.Sigma, n.USL.SigmaSE, n.USL.N),
				true,
				math.NaN(),
			),
			shapeChange(
				"usl_kappa",
				"USL κ",
				uslEstimate(b.USL.Kappa, b.USL.KappaSE, b.USL.N),
				uslEstimate(n.USL.Kappa, n.USL.KappaSE, n.USL.N),
				true,
				math.NaN(),
			),
			shapeChange("usl_peak_n", "USL peak N*", peakEstimate(b.USL), peakEstimate(n.USL), false, math.NaN()),
		)
	}
	return out
}

func fitEstimate(v, lo, hi float64) Estimate {
	return Estimate{Value: Float(v), Lo: Float(lo), Hi: Float(hi)}
}

// uslEstimate is a USL parameter with its 95% interval v ± t·SE (t with
// n − 3 degrees of freedom), clamped at the bound 0; no interval when
// the standard error is unknown.
func uslEstimate(v, se float64, n int) Estimate {
	e := Estimate{Value: Float(v), Lo: Float(math.NaN()), Hi: Float(math.NaN())}
	if n > 3 && isFinite(se) {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 3)}.Quantile(0.975)
		e.Lo, e.Hi = Float(math.Max(0, v-t*se)), Float(v+t*se)
	}
	return e
}

// peakEstimate is the USL's peak N*, NaN (none) when it has no peak.
func peakEstimate(u *scaling.USLFit) Estimate {
	e := Estimate{Value: Float(math.NaN()), Lo: Float(math.NaN()), Hi: Float(math.NaN())}
	if u.HasPeak {
		e.Value = Float(u.PeakN)
	}
	return e
}

// commonEfficiency finds the largest worker count above the smallest,
// at most cpus and oversubscribed on neither side, that both analyses
// measured, and returns the efficiency there with its interval (the
// speedup's, scaled).
func commonEfficiency(b, n *scaling.Analysis, cpus int) (int, Estimate, Estimate, bool) {
	at := func(a *scaling.Analysis, w int) (scaling.PointResult, bool) {
		i := slices.IndexFunc(a.Points, func(p scaling.PointResult) bool { return p.Workers == w })
		if i < 0 || a.Points[i].Oversubscribed {
			return scaling.PointResult{}, false
		}
		return a.Points[i], true
	}
	if len(b.Points) == 0 || len(n.Points) == 0 || b.Points[0].Workers != n.Points[0].Workers {
		return 0, Estimate{}, Estimate{}, false // different baselines: efficiencies not comparable
	}
	for i := len(b.Points) - 1; i > 0; i-- {
		w := b.Points[i].Workers
		if cpus > 0 && w > cpus {
			continue
		}
		bp, ok1 := at(b, w)
		np, ok2 := at(n, w)
		if ok1 && ok2 {
			return w, efficiencyEstimate(bp), efficiencyEstimate(np), true
		}
	}
	return 0, Estimate{}, Estimate{}, false
}

func efficiencyEstimate(p scaling.PointResult) Estimate {
	scale := p.Efficiency / p.Speedup
	return Estimate{Value: Float(p.Efficiency), Lo: Float(p.SpeedupLo * scale), Hi: Float(p.SpeedupHi * scale)}
}

// shapeChange compares one metric from the intervals of both sides
// (see Decision): the change they allow for the worse lies between
// least and most; threshold NaN means the metric only informs.
func shapeChange(metric, label string, b, n Estimate, higherIsWorse bool, threshold float64) ShapeChange {
	s := ShapeChange{
		Metric:    metric,
		Label:     label,
		Base:      b,
		New:       n,
		Change:    n.Value - b.Value,
		Threshold: Float(threshold),
		Verdict:   Same,
	}
	gated := isFinite(threshold)
	if !b.HasInterval() || !n.HasInterval() {
		if gated {
			s.Verdict = Inconclusive
		}
		return s
	}
	s.Apart = n.Lo > b.Hi || n.Hi < b.Lo
	// The change for the worse the intervals allow, least to most.
	least, most := float64(n.Lo-b.Hi), float64(n.Hi-b.Lo)
	if !higherIsWorse {
		least, most = float64(b.Lo-n.Hi), float64(b.Hi-n.Lo)
	}
	switch {
	case gated && least > threshold:
		s.Verdict = Regression
	case gated && most > threshold:
		s.Verdict = Inconclusive
	case least > 0:
		s.Verdict = Worse
	case s.Apart:
		s.Verdict = Better
	}
	return s
}

// Pool joins documents measured as rounds of one configuration, such as
// base and head interleaved on one machine, into one: series that match
// by workload, mode, executor, schedule and parameters become one whose
// points hold the samples of every round (a point failed in a round
// keeps the samples of the others). The rounds of a document's samples
// are renumbered after those of the documents before it, so that
// samples of different files are never paired as one round. The
// environment is the first document's; its warnings say where the
// machines of the rounds differ.
func Pool(docs []*results.Document) *results.Document {
	if len(docs) == 0 {
		return &results.Document{Schema: results.Schema}
	}
	out := &results.Document{Schema: docs[0].Schema, Env: docs[0].Env}
	out.Env.Warnings = slices.Clone(out.Env.Warnings)
	index := map[string]int{}
	for d, doc := range docs {
		out.Interrupted = out.Interrupted || doc.Interrupted
		out.Failed = out.Failed || doc.Failed
		if diff := machineDiff(docs[0].Env, doc.Env); d > 0 && diff != "" {
			out.Env.Warnings = append(
				out.Env.Warnings,
				fmt.Sprintf("file %d of the pool was measured on another machine: %s", d+1, diff),
			)
		}
		for _, w := range doc.Env.Warnings {
			if d > 0 && !slices.Contains(out.Env.Warnings, w) {
				out.Env.Warnings = append(out.Env.Warnings, w)
			}
		}
		for i := range doc.Series {
			s := &doc.Series[i]
			key := seriesKey(s, nil)
			k, ok := index[key]
			if !ok {
				index[key] = len(out.Series)
				out.Series = append(out.Series, poolCopy(s))
				continue
			}
			poolInto(&out.Series[k], shiftRounds(s, nextRound(&out.Series[k])))
		}
	}
	return out
}

// nextRound is the first round number above every round of s.
func nextRound(s *results.Series) int {
	next := 0
	see := func(p results.Passes) {
		for _, r := range p.Rounds {
			next = max(next, r+1)
		}
		for _, d := range p.Disturbed {
			next = max(next, d.Round+1)
		}
	}
	if s.Serial != nil {
		see(s.Serial.Passes)
	}
	for _, p := range s.Points {
		see(p.Passes)
	}
	return next
}

// shiftRounds returns a copy of s whose rounds are renumbered from by.
func shiftRounds(s *results.Series, by int) *results.Series {
	c := poolCopy(s)
	shift := func(p *results.Passes) {
		p.Rounds = slices.Clone(p.Rounds)
		for i := range p.Rounds {
			p.Rounds[i] += by
		}
		p.Disturbed = slices.Clone(p.Disturbed)
		for i := range p.Disturbed {
			p.Disturbed[i].Round += by
		}
	}
	if c.Serial != nil {
		shift(&c.Serial.Passes)
	}
	for i := range c.Points {
		shift(&c.Points[i].Passes)
	}
	return &c
}

// poolCopy copies a series deep enough that pooling never changes the
// documents read.
func poolCopy(s *results.Series) results.Series {
	c := *s
	if s.Serial != nil {
		serial := *s.Serial
		serial.SamplesS = slices.Clone(s.Serial.SamplesS)
		c.Serial = &serial
	}
	c.Points = nil
	for _, p := range s.Points {
		q := p
		q.SamplesS, q.Throughput = slices.Clone(p.SamplesS), slices.Clone(p.Throughput)
		c.Points = append(c.Points, q)
	}
	return c
}

// joinPasses joins the passes of a (n samples) and b (m samples): the
// rounds and ledgers stay only where both sides have one per sample (a
// file without rounds makes the pool's samples unpaired), the disturbed
// passes of both are kept.
func joinPasses(a results.Passes, n int, b results.Passes, m int) results.Passes {
	out := results.Passes{Disturbed: slices.Concat(a.Disturbed, b.Disturbed)}
	if len(a.Rounds) == n && len(b.Rounds) == m {
		out.Rounds = slices.Concat(a.Rounds, b.Rounds)
	}
	if len(a.Ledger) == n && len(b.Ledger) == m {
		out.Ledger = slices.Concat(a.Ledger, b.Ledger)
	}
	return out
}

// poolInto adds the samples of s to dst, point by point.
func poolInto(dst, s *results.Series) {
	if s.Serial != nil {
		if dst.Serial == nil {
			dst.Serial = &results.Serial{Size: s.Serial.Size}
		}
		dst.Serial.Passes = joinPasses(
			dst.Serial.Passes,
			len(dst.Serial.SamplesS),
			s.Serial.Passes,
			len(s.Serial.SamplesS),
		)
		dst.Serial.SamplesS = append(dst.Serial.SamplesS, s.Serial.SamplesS...)
	}
	for _, p := range s.Points {
		i := slices.IndexFunc(dst.Points, func(q results.Point) bool { return q.Workers == p.Workers })
		if i < 0 {
			q := p
			q.SamplesS, q.Throughput = slices.Clone(p.SamplesS), slices.Clone(p.Throughput)
			dst.Points = append(dst.Points, q)
			continue
		}
		q := &dst.Points[i]
		switch {
		case p.Failed:
			continue
		case q.Failed:
			*q = p
			q.SamplesS, q.Throughput = slices.Clone(p.SamplesS), slices.Clone(p.Throughput)
			continue
		}
		q.Passes = joinPasses(q.Passes, len(q.SamplesS)+len(q.Throughput), p.Passes, len(p.SamplesS)+len(p.Throughput))
		q.SamplesS = append(q.SamplesS, p.SamplesS...)
		q.Throughput = append(q.Throughput, p.Throughput...)
		q.Verified = q.Verified && p.Verified
		q.Oversubscribed = q.Oversubscribed || p.Oversubscribed
		q.PeakRSSBytes = max(q.PeakRSSBytes, p.PeakRSSBytes)
	}
	slices.SortFunc(dst.Points, func(a, b results.Point) int { return a.Workers - b.Workers })
}

// Headline says in a few words what the comparison found: the
// regressions counted; "no regression" when every point and gated shape
// metric was decided and none regressed; inconclusive when none could
// be decided, or when no point's time could (a shape that held says
// nothing of the times); and how many stayed inconclusive beside the
// rest.
func (c *Comparison) Headline() string {
	var parts []string
	if n := c.ShapeRegressions; n > 0 {
		parts = append(parts, Plural(n, "shape regression"))
	}
	if n := c.TimeRegressions; n > 0 {
		parts = append(parts, Plural(n, "time regression"))
	}
	switch {
	case len(parts) > 0 && c.Inconclusive > 0:
		return strings.Join(parts, ", ") + fmt.Sprintf("; %d inconclusive", c.Inconclusive)
	case len(parts) > 0:
		return strings.Join(parts, ", ")
	case c.Tested == 0:
		return "inconclusive: no point or shape metric could be decided (too few samples, intervals too wide, or disturbed runs)"
	case c.PointsTested == 0 && c.Points > 0:
		return fmt.Sprintf("inconclusive: none of the %d points could be tested (too few samples, intervals too wide, "+
			"or disturbed runs); no shape regression", c.Points)
	case c.Inconclusive > 0:
		return fmt.Sprintf("no regression shown; %d inconclusive", c.Inconclusive)
	}
	return "no regression"
}

// Plural is "1 what" or "n whats".
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
