package scaling

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Options control Analyze.
type Options struct {
	// CPUs is the logical CPU count of the measuring machine: points
	// above it (or marked Oversubscribed) are shown but left out of every
	// fit, Amdahl's, Gustafson's and the USL's. 0 = no limit.
	CPUs int
	// FitOversubscribed keeps oversubscribed points in the fits, for
	// throughput that is modelled beyond the cores on purpose.
	FitOversubscribed bool
	Confidence        float64 // level of the speedup and median intervals, 0.95
	Resamples         int     // bootstrap resamples, 1000
	Seed              uint64  // bootstrap RNG seed (results deterministic for a given seed), 1
	NoisyCV           float64 // warn when a point's CV exceeds this, 0.05
}

// DefaultOptions are the options Analyze is meant to run with. Zero or
// out-of-range Confidence, Resamples and NoisyCV fall back to these values.
var DefaultOptions = Options{Confidence: 0.95, Resamples: 1000, Seed: 1, NoisyCV: 0.05}

// Point is the measurement at one worker count.
type Point struct {
	Workers        int
	Samples        []float64 // seconds (lower is better) unless Input.Throughput
	Oversubscribed bool
	Size           float64 // problem size at this point (weak scaling grows it); 0 = unknown (treat as 1)
	// Rounds is the round of every sample when the series was measured
	// in rounds (each round one sample of every point, taken close
	// together); nil when unknown. See Analyze.
	Rounds []int
}

// Input is one series of measurements.
type Input struct {
	Points     []Point
	Serial     []float64 // samples of the best serial algorithm T_S, in the unit of the points' samples; may be nil
	SerialSize float64   // problem size of the serial samples; 0 = unknown
	Mode       Mode      // Strong (default, also "") or Weak
	Throughput bool      // Samples are throughput (higher is better) instead of seconds
}

// PointResult is the analysis of one worker count.
type PointResult struct {
	Workers        int      `json:"workers"`
	Oversubscribed bool     `json:"oversubscribed"`
	Summary        Summary  `json:"summary"`
	Median         float64  `json:"median"`      // median seconds (or throughput)
	Speedup        float64  `json:"speedup"`     // relative S(P)=T(1)/T(P) (throughput: X(P)/X(1)); in weak mode the scaled speedup P*T(1)/T(P)
	SpeedupLo      float64  `json:"speedup_lo"`  // bootstrap interval over both points' samples
	SpeedupHi      float64  `json:"speedup_hi"`  //
	Efficiency     float64  `json:"efficiency"`  // S/P (weak: T(1)/T(P))
	AbsSpeedup     *float64 `json:"abs_speedup"` // T_S/T(P), nil without serial samples
	KarpFlatt      *float64 `json:"karp_flatt"`  // nil for P=1
	Throughput     float64  `json:"throughput"`  // size/median seconds (or the median throughput)
	// Rounds is the number of rounds whose ratio to the baseline gave
	// the speedup and its interval (see Analyze); 0 when they come from
	// the samples unpaired.
	Rounds int `json:"rounds,omitempty"`
}

// Analysis is the result of Analyze.
type Analysis struct {
	Points    []PointResult     `json:"points"`
	Amdahl    *AmdahlFit        `json:"amdahl"`     // nil where it does not apply (weak mode, too few points)
	Gustafson *GustafsonFit     `json:"gustafson"`  // nil unless weak mode
	USL       *USLFit           `json:"usl"`        // nil with fewer than 3 worker counts
	KarpFlatt *KarpFlattSummary `json:"karp_flatt"` // trend of e(P)
	Best      string            `json:"best_model"` // "amdahl", "usl", "gustafson" or ""
	Reason    string            `json:"best_model_reason"`
	Warnings  []string          `json:"warnings"` // never nil
}

// Mode says how the problem size of a series relates to its workers.
type Mode string

// The modes.
const (
	// Strong keeps the problem size fixed: Amdahl's law.
	Strong Mode = "strong"
	// Weak grows the problem with the workers: Gustafson's law.
	Weak Mode = "weak"
)

// superlinearSlack is how far above P a speedup must be to be reported as
// superlinear.
const superlinearSlack = 1.05

// cleanPoint is a point after invalid samples are dropped and duplicates
// merged.
type cleanPoint struct {
	workers int
	samples []float64
	rounds  []int // the round of each sample; nil when unknown
	over    bool
	size    float64 // 0 = unknown
}

// Analyze computes per-point statistics, speedups and efficiencies, and
// fits the models that apply:
//
//   - strong mode: Amdahl's law on the per-point medians (times, or 1/X for
//     throughput, so that T1 is then in units of 1/throughput);
//   - weak mode: Gustafson's law on the scaled speedups, where the scaled
//     speedup at P is the work done, size(P)/size(1), times T(1)/T(P)
//     (P·T(1)/T(P) when the sizes are unknown);
//   - both modes: the USL on throughput X = size/T (or the median
//     throughput), and the Karp–Flatt metric with its trend.
//
// Every fit uses the same points: those with P ≤ CPUs that are not
// oversubscribed (all of them with FitOversubscribed). The others are
// shown with their speedups but fitted by none.
//
// When P = 1 is missing, the smallest P is the baseline: speedups are
// relative to it, and efficiency and Karp–Flatt use P/Pmin in place of P.
//
// A series measured in rounds (Point.Rounds) is analysed by round: in
// each round a point's time is divided by the baseline's of the same
// round, so that what moved the whole round cancels. A point's speedup
// is then the median of its per-round speedups, and its interval a
// percentile bootstrap over the rounds (the median of Resamples
// resamples of them); the fits take the median per-round ratios and
// their intervals come from the same fits on resampled rounds, every
// point drawn from the same rounds. A point that shares fewer than two
// rounds with the baseline, and every point of a series without
// rounds, is analysed from its samples unpaired:
//
// the speedup interval is then a percentile bootstrap: both points'
// samples are resampled with replacement Resamples times and the ratio
// of medians taken. The generator is PCG seeded from Options.Seed, so
// results are deterministic. A point with one sample has no noise
// estimate: its interval is NaN (null in JSON) and a warning says so.
//
// The best model in strong mode is chosen between Amdahl's law and the
// USL, nested models (Amdahl's law is the USL with κ = 0), by the
// extra-sum-of-squares F test on throughput; see chooseStrong. In weak
// mode Gustafson's law is the model.
//
// Analyze never panics. It returns an error only when no point is usable
// or the mode is unknown; problems in the data are Warnings.
func Analyze(in Input, opt Options) (Analysis, error) {
	a := Analysis{Warnings: []string{}}
	warn := func(format string, args ...any) {
		a.Warnings = append(a.Warnings, fmt.Sprintf(format, args...))
	}
	opt = normalize(opt, warn)
	mode, err := parseMode(in.Mode)
	if err != nil {
		return a, err
	}
	if len(in.Points) == 0 {
		return a, fmt.Errorf("%w: no points", ErrTooFewPoints)
	}
	pts := cleanPoints(in.Points, warn)
	if len(pts) == 0 {
		return a, fmt.Errorf("%w: no point has valid samples", ErrBadInput)
	}
	if pts[0].workers != 1 {
		warn("no P=1 point: speedup is relative to P=%d", pts[0].workers)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5ca1ab1e))
	sp := speedupRule{throughput: in.Throughput, weak: mode == Weak, base: pts[0]}
	pr := pairRounds(pts, in.Throughput)
	a.Points = analyzePoints(in, sp, pts, pr, opt, rng, warn)
	sel := fitSelection(a.Points, opt, warn)
	if !allPaired(pr, sel) {
		pr = nil // the fits pair every point or none
	}
	if mode == Strong {
		a.Amdahl = analyzeAmdahl(a.Points, pts, sel, in.Throughput, pr, opt, rng, warn)
	} else {
		a.Gustafson = analyzeGustafson(a.Points, pts, sel, sp, pr, opt, rng, warn)
	}
	var res uslResiduals
	a.USL, res = analyzeUSL(a.Points, sel, pr != nil, warn)
	a.KarpFlatt = analyzeKarpFlatt(a.Points, sel, pts[0].workers, warn)
	if mode == Weak {
		a.Best, a.Reason = bestWeak(a)
	} else {
		a.Best, a.Reason = chooseStrong(a, res, findFall(a.Points, sel, in.Throughput))
	}
	return a, nil
}

// parseMode checks a mode name; "" is strong.
func parseMode(m Mode) (Mode, error) {
	switch mode := Mode(strings.ToLower(strings.TrimSpace(string(m)))); mode {
	case "", Strong:
		return Strong, nil
	case Weak:
		return Weak, nil
	}
	return "", fmt.Errorf("%w: mode %q (want %q or %q)", ErrBadInput, m, Strong, Weak)
}

// analyzePoints computes every point's statistics, speedup with its
// interval (by round where pr pairs the point, see Analyze), efficiency,
// absolute speedup, throughput and Karp–Flatt value, and warns of noisy,
// superlinear and single-sample points.
func analyzePoints(in Input, sp speedupRule, pts []cleanPoint, pr *pairing, opt Options, rng *rand.Rand,
	warn func(string, ...any)) []PointResult {
	base := pts[0]
	serial := serialMedian(in.Serial, warn)
	boot := newBootstrap(opt.Resamples, base.samples)
	var noisy, super, single []string
	out := make([]PointResult, 0, len(pts))
	var baseMedian float64
	for i, p := range pts {
		s, _ := SummarizeLevel(p.samples, opt.Confidence) // valid after cleaning
		if i == 0 {
			baseMedian = s.Median
		}
		r := PointResult{Workers: p.workers, Oversubscribed: p.over, Summary: s, Median: s.Median}
		cv := s.CV
		switch {
		case i == 0:
			r.Speedup, r.SpeedupLo, r.SpeedupHi = 1, 1, 1
			if pr.paired(0) {
				r.Rounds = pr.n[0]
			}
		case pr.paired(i):
			ratios := pr.speedups(i, sp, p)
			r.Speedup, r.SpeedupLo, r.SpeedupHi, cv = pairedSpeedup(ratios, opt, rng)
			r.Rounds = len(ratios)
		case len(p.samples) < 2 || len(base.samples) < 2:
			r.Speedup = sp.of(baseMedian, s.Median, p)
			r.SpeedupLo, r.SpeedupHi = math.NaN(), math.NaN()
		default:
			r.Speedup = sp.of(baseMedian, s.Median, p)
			r.SpeedupLo, r.SpeedupHi = boot.interval(rng, p.samples, opt.Confidence, func(b, m float64) float64 {
				return sp.of(b, m, p)
			})
		}
		if len(p.samples) < 2 {
			single = append(single, "P="+strconv.Itoa(p.workers))
		}
		r.Efficiency = r.Speedup / sp.rel(p.workers)
		r.Throughput = s.Median
		if !in.Throughput {
			r.Throughput = sizeOr1(p.size) / s.Median
		}
		r.AbsSpeedup = absSpeedup(in, serial, s.Median, p.size)
		if q := sp.rel(p.workers); q > 1 {
			if e := KarpFlatt(q, r.Speedup); !math.IsNaN(e) {
				r.KarpFlatt = &e
			}
		}
		if cv > opt.NoisyCV && !(i == 0 && pr.paired(0)) {
			noisy = append(noisy, fmt.Sprintf("P=%d (CV %.1f%%)", p.workers, 100*cv))
		}
		if r.Speedup > sp.rel(p.workers)*superlinearSlack {
			super = append(super, fmt.Sprintf("P=%d (S=%.3g)", p.workers, r.Speedup))
		}
		out = append(out, r)
	}
	if len(single) > 0 {
		warn(
			"one sample at %s: no noise estimate, so no interval is given there (measure more repetitions)",
			strings.Join(single, ", "),
		)
	}
	if len(noisy) > 0 {
		what := "CV"
		if pr != nil {
			what = "CV (of the speedup round by round where paired)"
		}
		warn("noisy points, %s above %.1f%%: %s", what, 100*opt.NoisyCV, strings.Join(noisy, ", "))
	}
	if len(super) > 0 {
		warn("superlinear speedup (S > %.3g·P): %s", superlinearSlack, strings.Join(super, ", "))
	}
	return out
}

// pairedSpeedup is the median of a point's per-round speedups, its
// percentile bootstrap interval over the rounds, and their coefficient
// of variation.
func pairedSpeedup(ratios []float64, opt Options, rng *rand.Rand) (s, lo, hi, cv float64) {
	sorted := slices.Sorted(slices.Values(ratios))
	s = sortedMedian(sorted)
	mean, sd := meanStdDev(sorted)
	if mean > 0 {
		cv = sd / mean
	}
	r := newResampler(ratios)
	meds := make([]float64, opt.Resamples)
	for k := range meds {
		meds[k] = r.median(rng)
	}
	lo, hi = percentiles(meds, opt.Confidence)
	return s, lo, hi, cv
}

// allPaired reports whether pr pairs every selected point.
func allPaired(pr *pairing, sel []int) bool {
	if pr == nil || !pr.paired(0) {
		return false
	}
	for _, i := range sel {
		if !pr.paired(i) {
			return false
		}
	}
	return true
}

// speedupRule computes a point's speedup against the baseline point.
type speedupRule struct {
	throughput, weak bool
	base             cleanPoint
}

// rel is P relative to the baseline's worker count.
func (r speedupRule) rel(w int) float64 { return float64(w) / float64(r.base.workers) }

// work is the work done at p relative to the baseline: the ratio of the
// sizes when both are known, else the ratio of the worker counts.
func (r speedupRule) work(p cleanPoint) float64 {
	if p.size > 0 && r.base.size > 0 {
		return p.size / r.base.size
	}
	return r.rel(p.workers)
}

// of returns the speedup of a point with median m (at p) against the
// baseline median b: X/X₁ for throughput, the scaled speedup
// work·T₁/T in weak mode, T₁/T otherwise.
func (r speedupRule) of(b, m float64, p cleanPoint) float64 {
	switch {
	case r.throughput:
		return m / b
	case r.weak:
		return r.work(p) * b / m
	default:
		return b / m
	}
}

// fromRatio is the speedup of a point at p whose time is u times the
// baseline's (throughput: whose throughput is 1/u times it).
func (r speedupRule) fromRatio(u float64, p cleanPoint) float64 {
	if r.weak && !r.throughput {
		return r.work(p) / u
	}
	return 1 / u
}

// absSpeedup is T_S/T(P), scaled by the sizes when both are known; nil
// without serial samples.
func absSpeedup(in Input, serial, median, size float64) *float64 {
	if serial <= 0 {
		return nil
	}
	var abs float64
	switch {
	case in.Throughput:
		abs = median / serial
	case size > 0 && in.SerialSize > 0:
		abs = serial * (size / in.SerialSize) / median
	default:
		abs = serial / median
	}
	return &abs
}

// fitSelection returns the indices of the points every fit uses: those
// with P ≤ CPUs that are not oversubscribed, or all of them with
// FitOversubscribed. It warns of the points left out, or of the
// oversubscribed points fitted on purpose.
func fitSelection(pts []PointResult, opt Options, warn func(string, ...any)) []int {
	var sel, over []int
	for i, p := range pts {
		if p.Oversubscribed || (opt.CPUs > 0 && p.Workers > opt.CPUs) {
			over = append(over, p.Workers)
			if !opt.FitOversubscribed {
				continue
			}
		}
		sel = append(sel, i)
	}
	if len(over) == 0 {
		return sel
	}
	where := "oversubscribed"
	if opt.CPUs > 0 {
		where = fmt.Sprintf("oversubscribed, above %d CPUs", opt.CPUs)
	}
	if opt.FitOversubscribed {
		warn("oversubscribed points fitted on request (fit-oversubscribed): %s (%s)", joinP(over), where)
	} else {
		warn("left out of every fit: %s (%s); shown, not fitted", joinP(over), where)
	}
	return sel
}

// normalize replaces unusable options with defaults.
func normalize(opt Options, warn func(string, ...any)) Options {
	if opt.Confidence == 0 {
		opt.Confidence = DefaultOptions.Confidence
	} else if !(opt.Confidence > 0 && opt.Confidence < 1) {
		warn("confidence %v not in (0, 1): using %v", opt.Confidence, DefaultOptions.Confidence)
		opt.Confidence = DefaultOptions.Confidence
	}
	if opt.Resamples <= 0 {
		opt.Resamples = DefaultOptions.Resamples
	}
	if !(opt.NoisyCV > 0) || math.IsInf(opt.NoisyCV, 0) {
		opt.NoisyCV = DefaultOptions.NoisyCV
	}
	if opt.CPUs < 0 {
		opt.CPUs = 0
	}
	return opt
}

// cleanPoints drops invalid points and samples, merges duplicate worker
// counts and sorts by workers.
func cleanPoints(in []Point, warn func(string, ...any)) []cleanPoint {
	byW := map[int]*cleanPoint{}
	var order []int
	dups := map[int]bool{}
	for i, p := range in {
		if p.Workers < 1 {
			warn("point %d: workers %d below 1, left out", i, p.Workers)
			continue
		}
		valid := make([]float64, 0, len(p.Samples))
		var rounds []int
		if len(p.Rounds) == len(p.Samples) {
			rounds = make([]int, 0, len(p.Samples))
		}
		for j, v := range p.Samples {
			if !math.IsNaN(v) && !math.IsInf(v, 0) && v > 0 {
				valid = append(valid, v)
				if rounds != nil {
					rounds = append(rounds, p.Rounds[j])
				}
			}
		}
		if d := len(p.Samples) - len(valid); d > 0 {
			warn("P=%d: %d invalid samples dropped (NaN, Inf or ≤ 0)", p.Workers, d)
		}
		if len(valid) == 0 {
			warn("P=%d: no valid samples, point left out", p.Workers)
			continue
		}
		size := p.Size
		if math.IsNaN(size) || math.IsInf(size, 0) || size < 0 {
			warn("P=%d: invalid size %v treated as unknown", p.Workers, size)
			size = 0
		}
		c, ok := byW[p.Workers]
		if !ok {
			byW[p.Workers] = &cleanPoint{
				workers: p.Workers,
				samples: valid,
				rounds:  rounds,
				over:    p.Oversubscribed,
				size:    size,
			}
			order = append(order, p.Workers)
			continue
		}
		dups[p.Workers] = true
		if c.rounds != nil && rounds != nil {
			c.rounds = append(c.rounds, rounds...)
		} else {
			c.rounds = nil // rounds known for some samples only: none
		}
		c.samples = append(c.samples, valid...)
		c.over = c.over || p.Oversubscribed
		if c.size == 0 {
			c.size = size
		} else if size != 0 && size != c.size {
			warn("P=%d: duplicate points with sizes %v and %v, keeping %v", p.Workers, c.size, size, c.size)
		}
	}
	if len(dups) > 0 {
		ws := make([]int, 0, len(dups))
		for w := range dups {
			ws = append(ws, w)
		}
		slices.Sort(ws)
		warn("duplicate worker counts merged: %s", joinP(ws))
	}
	slices.Sort(order)
	out := make([]cleanPoint, len(order))
	for i, w := range order {
		out[i] = *byW[w]
	}
	return out
}

// serialMedian returns the median of the valid serial samples, 0 if none.
func serialMedian(samples []float64, warn func(string, ...any)) float64 {
	if len(samples) == 0 {
		return 0
	}
	var valid []float64
	for _, v := range samples {
		if !math.IsNaN(v) && !math.IsInf(v, 0) && v > 0 {
			valid = append(valid, v)
		}
	}
	if d := len(samples) - len(valid); d > 0 {
		warn("serial: %d invalid samples dropped (NaN, Inf or ≤ 0)", d)
	}
	if len(valid) == 0 {
		return 0
	}
	slices.Sort(valid)
	return sortedMedian(valid)
}

func sizeOr1(s float64) float64 {
	if s > 0 {
		return s
	}
	return 1
}

func joinP(ws []int) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = "P=" + strconv.Itoa(w)
	}
	return strings.Join(parts, ", ")
}

// bootstrap draws resampled medians of a baseline against other points.
type bootstrap struct {
	n      int
	base   *resampler
	ratios []float64
}

func newBootstrap(n int, base []float64) *bootstrap {
	return &bootstrap{n: n, base: newResampler(base), ratios: make([]float64, n)}
}

// interval returns the percentile interval at level conf of
// ratio(median(resampled base), median(resampled samples)).
func (b *bootstrap) interval(
	rng *rand.Rand,
	samples []float64,
	conf float64,
	ratio func(b, m float64) float64,
) (lo, hi float64) {
	p := newResampler(samples)
	for k := range b.n {
		mb := b.base.median(rng)
		mp := p.median(rng)
		b.ratios[k] = ratio(mb, mp)
	}
	return percentiles(b.ratios, conf)
}

// analyzeAmdahl fits Amdahl's law to the medians of the selected points,
// or with pr to the median ratios of their times to the baseline's by
// round (see Analyze). The interval of f spans two sources of
// uncertainty: the scatter of the medians about the model (FitAmdahl's
// interval, which needs more points than the model's two parameters) and
// the noise of the samples (a percentile bootstrap: every point's samples
// are resampled with replacement, or with pr the rounds, and the medians
// refitted). With two worker counts, as on a two-core machine, only the
// second is known, and it alone is the interval; when a point has a
// single sample the noise is unknown and the bootstrap is not used, so
// two such points give no interval at all.
func analyzeAmdahl(pts []PointResult, raw []cleanPoint, sel []int, throughput bool, pr *pairing, opt Options,
	rng *rand.Rand, warn func(string, ...any)) *AmdahlFit {
	var ws, ts []float64
	var samples [][]float64
	oneSample := false
	for _, i := range sel {
		p := pts[i]
		ws = append(ws, float64(p.Workers))
		t := p.Median
		if throughput {
			t = 1 / p.Median // time per unit of work, up to a constant
		}
		ts = append(ts, t)
		samples = append(samples, raw[i].samples)
		oneSample = oneSample || len(raw[i].samples) < 2
	}
	if distinct(ws) < 2 {
		warn("amdahl: needs at least 2 points%s, have %d", within(opt), len(ws))
		return nil
	}
	if pr != nil {
		ts, oneSample = pr.medians(sel, nil, nil), false
	}
	fit, err := FitAmdahl(ws, ts)
	if err != nil {
		warn("amdahl: %v", err)
		return nil
	}
	switch {
	case oneSample && len(ws) == 2:
		fit.FLo, fit.FHi = math.NaN(), math.NaN()
		warn("amdahl: no interval for f: two points, and a single sample gives no noise estimate")
	case oneSample:
		// FitAmdahl's interval, from the scatter about the model, stands.
	default:
		if lo, hi, ok := amdahlBootstrap(ws, samples, throughput, pr, sel, opt, rng); ok {
			if len(ws) > 2 {
				lo, hi = min(lo, fit.FLo), max(hi, fit.FHi)
			}
			fit.FLo, fit.FHi = lo, hi
		}
	}
	switch fit.F {
	case 0:
		warn("amdahl: f at its bound 0 (no serial fraction measured)")
	case 1:
		warn("amdahl: f at its bound 1 (no speedup measured)")
	}
	return &fit
}

// within names the fit rule in a warning: " with P ≤ N CPUs", or "".
func within(opt Options) string {
	if opt.CPUs > 0 && !opt.FitOversubscribed {
		return fmt.Sprintf(" with P ≤ %d CPUs", opt.CPUs)
	}
	return ""
}

// analyzeGustafson fits Gustafson's law to the scaled speedups of the
// selected points (with pr, the median scaled speedups by round). As for
// Amdahl's f, the interval of α also covers the noise of the samples (a
// bootstrap of the points' medians, or of the rounds), which is all that
// is known with two worker counts; with a single-sample point it is the
// fit's interval alone.
func analyzeGustafson(pts []PointResult, raw []cleanPoint, sel []int, sp speedupRule, pr *pairing, opt Options,
	rng *rand.Rand, warn func(string, ...any)) *GustafsonFit {
	if len(sel) < 2 {
		warn("gustafson: needs at least 2 points, have %d", len(sel))
		return nil
	}
	ws := make([]float64, len(sel))
	ss := make([]float64, len(sel))
	oneSample := len(raw[0].samples) < 2 && pr == nil
	for k, i := range sel {
		ws[k] = sp.rel(pts[i].Workers)
		ss[k] = pts[i].Speedup
		oneSample = oneSample || (len(raw[i].samples) < 2 && pr == nil)
	}
	fit, err := FitGustafson(ws, ss)
	if err != nil {
		warn("gustafson: %v", err)
		return nil
	}
	if !oneSample {
		if lo, hi, ok := gustafsonBootstrap(raw, sel, sp, pr, opt, rng); ok {
			if len(sel) > 2 {
				lo, hi = min(lo, fit.AlphaLo), max(hi, fit.AlphaHi)
			}
			fit.AlphaLo, fit.AlphaHi = lo, hi
		}
	}
	switch fit.Alpha {
	case 0:
		warn("gustafson: α at its bound 0 (no serial fraction measured)")
	case 1:
		warn("gustafson: α at its bound 1 (no scaled speedup measured)")
	}
	return &fit
}

// analyzeUSL fits the USL to the throughput of the selected points:
// size/median time, or when paired the baseline's throughput times the
// speedup by round (S is X(P)/X(base) in every mode).
func analyzeUSL(pts []PointResult, sel []int, paired bool, warn func(string, ...any)) (*USLFit, uslResiduals) {
	if len(sel) < 3 {
		warn("usl: needs at least 3 points of those fitted, have %d", len(sel))
		return nil, uslResiduals{}
	}
	ns := make([]float64, len(sel))
	xs := make([]float64, len(sel))
	for k, i := range sel {
		ns[k] = float64(pts[i].Workers)
		xs[k] = pts[i].Throughput
		if paired {
			xs[k] = pts[0].Throughput * pts[i].Speedup
		}
	}
	fit, res, err := fitUSL(ns, xs)
	if err != nil {
		warn("usl: %v", err)
		return nil, uslResiduals{}
	}
	if fit.Sigma == 0 {
		warn("usl: σ at its bound 0")
	}
	if !fit.HasPeak {
		warn("usl: no peak: %s", fit.NoPeak)
	}
	return &fit, res
}

func analyzeKarpFlatt(pts []PointResult, sel []int, base int, warn func(string, ...any)) *KarpFlattSummary {
	var ps, es []float64
	for _, i := range sel {
		if p := pts[i]; p.KarpFlatt != nil {
			ps = append(ps, float64(p.Workers)/float64(base))
			es = append(es, *p.KarpFlatt)
		}
	}
	s := KarpFlattTrend(ps, es)
	if s.Trend == "" {
		warn("karp-flatt: trend needs at least 2 values (P ≥ 2) of those fitted, have %d", len(es))
	}
	return &s
}

// gustafsonBootstrap returns the percentile interval of α at
// opt.Confidence over opt.Resamples refits of the scaled speedups from
// resampled medians of the baseline and of the selected points, or with
// pr from resampled rounds.
func gustafsonBootstrap(raw []cleanPoint, sel []int, sp speedupRule, pr *pairing, opt Options,
	rng *rand.Rand) (lo, hi float64, ok bool) {
	fit := func(speedup func(k int) float64) float64 {
		var sxx, sxy float64
		for k, i := range sel {
			x := sp.rel(raw[i].workers) - 1
			if x <= 0 {
				continue // the baseline: S = 1 whatever the draw
			}
			s := speedup(k)
			sxx += x * x
			sxy += x * (x + 1 - s)
		}
		if sxx > 0 {
			return clamp01(sxy / sxx)
		}
		return math.NaN()
	}
	var as []float64
	if pr != nil {
		as = pr.refits(sel, opt, rng, func(u []float64) float64 {
			return fit(func(k int) float64 { return sp.fromRatio(u[k], raw[sel[k]]) })
		})
	} else {
		base := newResampler(raw[0].samples)
		rs := make([]*resampler, len(sel))
		for k, i := range sel {
			rs[k] = newResampler(raw[i].samples)
		}
		for range opt.Resamples {
			b := base.median(rng)
			if a := fit(func(k int) float64 { return sp.of(b, rs[k].median(rng), raw[sel[k]]) }); !math.IsNaN(a) {
				as = append(as, a)
			}
		}
	}
	if len(as) == 0 {
		return 0, 0, false
	}
	lo, hi = percentiles(as, opt.Confidence)
	return lo, hi, true
}

// unitScale divides ts by their largest value; it reports false when
// that is not positive and finite.
func unitScale(ts []float64) bool {
	top := 0.0
	for _, t := range ts {
		top = math.Max(top, t)
	}
	if !(top > 0) || math.IsInf(top, 0) {
		return false
	}
	for i := range ts {
		ts[i] /= top
	}
	return true
}

// amdahlBootstrap returns the percentile interval of f at opt.Confidence
// over opt.Resamples refits of resampled medians, or with pr of the
// median ratios over resampled rounds; ok is false when no refit
// succeeded.
func amdahlBootstrap(ws []float64, samples [][]float64, throughput bool, pr *pairing, sel []int, opt Options,
	rng *rand.Rand) (lo, hi float64, ok bool) {
	xs := make([]float64, len(ws))
	for i, w := range ws {
		xs[i] = 1 / w
	}
	f := func(ts []float64) float64 {
		// f does not depend on the unit of the times: in units of the
		// largest, times near the largest float64 or the smallest do not
		// overflow or underflow the regression's sums (as FitAmdahl).
		if !unitScale(ts) {
			return math.NaN()
		}
		if a, b := amdahlCoef(xs, ts); a+b > 0 {
			return a / (a + b)
		}
		return math.NaN()
	}
	var fs []float64
	if pr != nil {
		fs = pr.refits(sel, opt, rng, f)
	} else {
		ts := make([]float64, len(ws))
		rs := make([]*resampler, len(samples))
		for i, s := range samples {
			rs[i] = newResampler(s)
		}
		for range opt.Resamples {
			for i, r := range rs {
				m := r.median(rng)
				if throughput {
					m = 1 / m
				}
				ts[i] = m
			}
			if v := f(ts); !math.IsNaN(v) {
				fs = append(fs, v)
			}
		}
	}
	if len(fs) == 0 {
		return 0, 0, false
	}
	lo, hi = percentiles(fs, opt.Confidence)
	return lo, hi, true
}
