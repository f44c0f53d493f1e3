package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Shape names the kind of curve a series' speedups draw.
type Shape string

// The shapes a verdict tells apart.
const (
	// ShapeLinear: efficiency near 1 up to the CPUs.
	ShapeLinear Shape = "linear"
	// ShapeAmdahl: the speedup grows but levels off (serial work).
	ShapeAmdahl Shape = "amdahl"
	// ShapeRetrograde: more workers make it slower (contention).
	ShapeRetrograde Shape = "retrograde"
	// ShapeNone: no speedup at all.
	ShapeNone Shape = "none"
	// ShapeBeyondCores: the speedup keeps growing past the CPUs, which
	// only work that waits (I/O, sleep, a remote service) can do.
	ShapeBeyondCores Shape = "beyond-cores"
	// ShapeWeak: weak scaling, judged by its scaled speedup.
	ShapeWeak Shape = "weak"
	// ShapeUnknown: too little to judge.
	ShapeUnknown Shape = "unknown"
	// ShapeInconclusive: the intervals do not clear a threshold, or the
	// passes were disturbed; Verdict.Why says which.
	ShapeInconclusive Shape = "inconclusive"
)

// Thresholds of the verdict: efficiency that counts as almost perfect,
// the speedup below which there is none, and the relative change that
// counts as a change (past the cores, after a peak).
const (
	nearPerfect = 0.9
	noSpeedup   = 1.15
	slowerThan1 = 0.9
	aChange     = 0.1
)

// Verdict is what a series' measurements say: the shape of its curve,
// the worker count its numbers are read at, the numbers a reader came
// for (Facts) and one plain sentence.
type Verdict struct {
	Shape Shape `json:"shape"`
	// Workers is the worker count the verdict reads its numbers at: the
	// largest fitted count (at most the CPUs); 0 when there is none.
	Workers int `json:"workers"`
	// Sentence says it in words: "scales almost perfectly to the 2 CPUs;
	// oversubscription adds nothing".
	Sentence string `json:"sentence"`
	// Facts are the numbers behind it, each a short phrase: speedup and
	// efficiency at Workers with their intervals, the serial fraction,
	// the best model and why, the limit 1/f or the peak N*.
	Facts []string `json:"facts"`
	// Why says, for an inconclusive verdict, what kept it from a
	// conclusion; "" otherwise.
	Why string `json:"why,omitempty"`
	// Disturbance says what other processes did to the passes, when they
	// disturbed any: next to the verdict wherever it is shown.
	Disturbance string `json:"disturbance,omitempty"`
}

// judged is a series' analysis split at the CPUs: the points the fits
// used and those past them.
type judged struct {
	s      *Series
	a      *scaling.Analysis
	within []scaling.PointResult
	beyond []scaling.PointResult
	at     scaling.PointResult // the last point within (or the first point when none is)
}

// judge reads the verdict of a series from its numbers and warnings. A
// shape is named only from intervals clear of its threshold (the
// speedup's, the efficiency's, or two points' apart); otherwise, and
// whenever other processes took the CPUs of many passes, the verdict is
// inconclusive and says why.
func judge(s *Series) Verdict {
	a := s.Analysis
	if a == nil || len(a.Points) == 0 {
		if d := s.Interference.Sentence(s.online); d != "" {
			return Verdict{
				Shape:       ShapeInconclusive,
				Sentence:    "inconclusive: " + d + "; measure again on a quieter machine",
				Facts:       []string{},
				Why:         d,
				Disturbance: d,
			}
		}
		return Verdict{Shape: ShapeUnknown, Sentence: "nothing could be measured", Facts: []string{}}
	}
	j := judged{s: s, a: a, at: a.Points[0]}
	for _, p := range a.Points {
		if p.Oversubscribed || (s.CPUs > 0 && p.Workers > s.CPUs) {
			j.beyond = append(j.beyond, p)
			continue
		}
		j.within = append(j.within, p)
		j.at = p
	}
	v := Verdict{Workers: j.at.Workers, Disturbance: s.Interference.Sentence(s.online)}
	switch {
	case s.Interference.Busy():
		v.Shape, v.Why = ShapeInconclusive, v.Disturbance
		v.Sentence = "inconclusive: " + v.Disturbance + "; measure again on a quieter machine"
		v.Facts = j.facts(v.Shape)
		return v
	case len(j.within) < 2:
		v.Shape, v.Sentence = ShapeUnknown, "one worker count within the CPUs: nothing to compare"
		v.Facts = j.facts(v.Shape)
		return v
	}
	var clauses []string
	switch {
	case s.Mode == results.ModeWeak:
		v.Shape, v.Sentence, v.Why = j.weak()
	default:
		v.Shape, v.Sentence, v.Why = j.strong()
		if d := s.Interference; d.Disturbed > 0 && (v.Shape == ShapeNone || v.Shape == ShapeRetrograde) {
			// Others slow the parallel passes most: a lack of speedup
			// measured beside them may be theirs.
			v.Why = fmt.Sprintf(
				"%s, and %s (%s) may be theirs",
				v.Disturbance,
				v.Shape,
				strings.TrimPrefix(v.Sentence, "no speedup: "),
			)
			v.Shape, v.Sentence = ShapeInconclusive, "inconclusive: "+v.Why
		}
		if c := j.oversubscription(v.Shape); c != "" {
			clauses = append(clauses, c)
		}
	}
	if k := a.KarpFlatt; k != nil && k.Trend == "rising" && v.Shape == ShapeAmdahl {
		clauses = append(clauses, "overhead grows with the workers (Karp–Flatt rising)")
	}
	clauses = append(clauses, j.caveats(v.Shape)...)
	v.Facts = j.facts(v.Shape)
	if len(clauses) > 0 {
		v.Sentence += "; " + strings.Join(clauses, "; ")
	}
	return v
}

// known reports whether a point's speedup has an interval.
func known(p scaling.PointResult) bool {
	return !math.IsNaN(p.SpeedupLo) && !math.IsNaN(p.SpeedupHi)
}

// apart reports whether a's speedup interval lies wholly above b's.
func apart(a, b scaling.PointResult) bool {
	return known(a) && known(b) && a.SpeedupLo > b.SpeedupHi
}

// strong judges a strong-scaling series by its speedup at j.at. It
// returns the shape, the sentence and, when inconclusive, why.
func (j *judged) strong() (Shape, string, string) {
	at, P := j.at, j.at.Workers
	S := at.Speedup
	if top, ok := j.bestBeyond(); ok && top.SpeedupLo > (1+aChange)*float64(max(j.s.CPUs, P)) &&
		top.Speedup > (1+aChange)*S && apart(top, at) {
		return ShapeBeyondCores, fmt.Sprintf(
			"keeps speeding up past the %s (%s× on %d workers): the work waits rather than computes",
			j.cpus(),
			num3(top.Speedup),
			top.Workers,
		), ""
	}
	if known(at) && at.SpeedupHi < slowerThan1 {
		return ShapeRetrograde, fmt.Sprintf(
			"runs slower on %d workers than on %s (%s×): they contend for something shared",
			P,
			j.baseName(),
			num3(S),
		), ""
	}
	if peak := j.peak(); peak.Speedup > (1+aChange)*S && apart(peak, at) {
		return ShapeRetrograde, fmt.Sprintf(
			"peaks at %d workers (%s×), then slows down: contention",
			peak.Workers,
			num3(peak.Speedup),
		), ""
	}
	if known(at) && at.SpeedupHi < noSpeedup {
		return ShapeNone, fmt.Sprintf("no speedup: %d workers take as long as %s", P, j.baseName()), ""
	}
	if u := j.a.USL; j.a.Best == "usl" && u != nil && u.HasPeak {
		// The USL is chosen over Amdahl's law only when the measured
		// throughput falls after its peak beyond the noise: a peak inside
		// the measured range is a curve that turns down.
		if u.PeakN < float64(P) {
			return ShapeRetrograde, fmt.Sprintf(
				"peaks near N* = %.3g workers, then slows down: contention (the USL fits it)",
				u.PeakN,
			), ""
		}
		return ShapeAmdahl, fmt.Sprintf("levels off: the USL puts the peak near N* = %.3g workers", u.PeakN), ""
	}
	if why := j.undecided(noSpeedup, nearPerfect); why != "" {
		return ShapeInconclusive, "inconclusive: " + why, why
	}
	if at.Efficiency*at.SpeedupLo/S >= nearPerfect {
		return ShapeLinear, "scales almost perfectly to " + j.upTo(), ""
	}
	if f := j.a.Amdahl; f != nil && f.F > 0 {
		return ShapeAmdahl, fmt.Sprintf("levels off: about %s of the work is serial, which caps the speedup at %s",
			percent(f.F), num3(1/f.F)), ""
	}
	return ShapeAmdahl, fmt.Sprintf("%s efficient on %d workers: the speedup levels off", percent(at.Efficiency), P), ""
}

// undecided says why the speedup at j.at decides nothing: it has no
// interval, or its interval straddles least (the least speedup that
// counts), or its efficiency's straddles perfect (the least efficiency
// that counts as almost perfect). "" when it decides.
func (j *judged) undecided(least, perfect float64) string {
	at := j.at
	if !known(at) {
		return fmt.Sprintf("one sample at P=%d gives no interval to decide from (measure more rounds)", at.Workers)
	}
	name := "S"
	if j.s.Mode == results.ModeWeak {
		name = "scaled S"
	}
	if at.SpeedupLo < least {
		return fmt.Sprintf("%s(%d) = %.2f (%s) straddles %.3g, the least that counts as a speedup%s",
			name, at.Workers, at.Speedup, Interval(at.SpeedupLo, at.SpeedupHi, "%.2f"), least, j.short())
	}
	scale := at.Efficiency / at.Speedup
	if lo, hi := at.SpeedupLo*scale, at.SpeedupHi*scale; lo < perfect && hi >= perfect {
		return fmt.Sprintf("it speeds up, but E = %.2f (%s) straddles %.2g, almost perfect%s",
			at.Efficiency, Interval(lo, hi, "%.2f"), perfect, j.short())
	}
	return ""
}

// short is "; " and what missed the precision asked for, or "".
func (j *judged) short() string {
	if w := analysisPrecision(j.s); w != "" {
		return "; " + w
	}
	return ""
}

// weak judges a weak-scaling series by its scaled speedup at j.at.
func (j *judged) weak() (Shape, string, string) {
	S, P := j.at.Speedup, j.at.Workers
	if known(j.at) && j.at.SpeedupHi < noSpeedup {
		return ShapeWeak, fmt.Sprintf("no scaled speedup: %d workers do no more work per second than one", P), ""
	}
	if why := j.undecided(noSpeedup, nearPerfect); why != "" {
		return ShapeInconclusive, "inconclusive: " + why, why
	}
	if j.at.Efficiency*j.at.SpeedupLo/S >= nearPerfect {
		return ShapeWeak, fmt.Sprintf(
			"scales almost perfectly as the problem grows with the workers (scaled speedup %s on %d)",
			num3(S),
			P,
		), ""
	}
	if g := j.a.Gustafson; g != nil {
		return ShapeWeak, fmt.Sprintf(
			"scaled speedup %s on %d workers: about %s of the work stays serial as the problem grows",
			num3(S),
			P,
			percent(g.Alpha),
		), ""
	}
	return ShapeWeak, fmt.Sprintf("scaled speedup %s on %d workers", num3(S), P), ""
}

// oversubscription says what the points past the CPUs add, or "" when
// their intervals do not say it clearly: it helps when the best of them
// lies above j.at and by more than aChange, costs when the worst lies
// below by more than aChange, and adds nothing when all of them lie
// within aChange of j.at's speedup.
func (j *judged) oversubscription(shape Shape) string {
	if len(j.beyond) == 0 || shape == ShapeBeyondCores || shape == ShapeInconclusive || j.at.Speedup <= 0 {
		return ""
	}
	best, worst := j.beyond[0], j.beyond[0]
	for _, p := range j.beyond {
		if p.Speedup > best.Speedup {
			best = p
		}
		if p.Speedup < worst.Speedup {
			worst = p
		}
	}
	S := j.at.Speedup
	switch {
	case best.Speedup > (1+aChange)*S && apart(best, j.at):
		return fmt.Sprintf("oversubscription helps (%s× on %d workers)", num3(best.Speedup), best.Workers)
	case worst.Speedup < (1-aChange)*S && apart(j.at, worst):
		return fmt.Sprintf(
			"oversubscription costs %s (%s× on %d workers)",
			percent(1-worst.Speedup/S),
			num3(worst.Speedup),
			worst.Workers,
		)
	case known(best) && known(worst) && best.SpeedupHi <= (1+aChange)*S && worst.SpeedupLo >= (1-aChange)*S:
		return "oversubscription adds nothing"
	}
	return ""
}

// caveats are the warnings a reader of the verdict must not miss:
// failed or unverified points, passes measured again because others
// disturbed them, a precision asked for and missed, and noise.
func (j *judged) caveats(shape Shape) []string {
	var out []string
	// Imported data is never verified: an unverified row counts only
	// beside verified ones.
	failed, unverified, verified := 0, 0, 0
	for _, r := range j.s.Rows {
		switch {
		case r.Failed:
			failed++
		case r.Verified:
			verified++
		default:
			unverified++
		}
	}
	if verified == 0 {
		unverified = 0
	}
	if bad := failed + unverified; bad > 0 {
		out = append(out, fmt.Sprintf("but %d of %d worker counts failed or were not verified", bad, len(j.s.Rows)))
	}
	var noisy []string
	for _, p := range j.within {
		if p.Summary.CV > scaling.DefaultOptions.NoisyCV && p.Rounds == 0 {
			noisy = []string{"noisy: measure again on a quiet machine"}
			break
		}
	}
	if shape == ShapeInconclusive {
		return append(out, noisy...) // the reason says the rest
	}
	if in := j.s.Interference; in.Disturbed > 0 {
		out = append(
			out,
			fmt.Sprintf("%d of %d passes disturbed by other processes were measured again", in.Disturbed, in.Passes),
		)
	}
	if w := analysisPrecision(j.s); w != "" {
		out = append(out, w)
	}
	return append(out, noisy...)
}

// analysisPrecision says what of s missed the precision its run asked
// for, or "".
func analysisPrecision(s *Series) string {
	if s.Protocol == nil {
		return ""
	}
	return PrecisionSentence(s.Short, s.Protocol.Precision, s.Protocol)
}

// bestBeyond is the point past the CPUs with the largest speedup.
func (j *judged) bestBeyond() (scaling.PointResult, bool) {
	var best scaling.PointResult
	for _, p := range j.beyond {
		if p.Speedup > best.Speedup {
			best = p
		}
	}
	return best, len(j.beyond) > 0
}

// peak is the point within the CPUs with the largest speedup.
func (j *judged) peak() scaling.PointResult {
	best := j.within[0]
	for _, p := range j.within {
		if p.Speedup > best.Speedup {
			best = p
		}
	}
	return best
}

// baseName is "one" or, without a point at one worker, the baseline's
// count.
func (j *judged) baseName() string {
	if b := j.within[0].Workers; b != 1 {
		return fmt.Sprint(b)
	}
	return "one"
}

// cpus names the CPU count: "2 CPUs", or "CPUs" when it is unknown.
func (j *judged) cpus() string {
	switch j.s.CPUs {
	case 0:
		return "CPUs"
	case 1:
		return "1 CPU"
	}
	return fmt.Sprintf("%d CPUs", j.s.CPUs)
}

// upTo names where the fitted points end: "the 2 CPUs", or "8 workers"
// when they end below the CPU count.
func (j *judged) upTo() string {
	if j.s.CPUs > 0 && j.at.Workers == j.s.CPUs {
		return "the " + j.cpus()
	}
	return fmt.Sprintf("%d workers", j.at.Workers)
}

// facts are the numbers of a verdict of shape, each a short phrase. The
// limit 1/f is named only where the speedup levels off towards it.
func (j *judged) facts(shape Shape) []string {
	p := j.at
	name := "S"
	if j.s.Mode == results.ModeWeak {
		name = "scaled S"
	}
	out := []string{
		fmt.Sprintf("%s(%d) = %.2f%s", name, p.Workers, p.Speedup, paren(p.SpeedupLo, p.SpeedupHi, "%.2f")),
		fmt.Sprintf(
			"E = %.2f%s",
			p.Efficiency,
			paren(p.SpeedupLo*ratio(p.Efficiency, p.Speedup), p.SpeedupHi*ratio(p.Efficiency, p.Speedup), "%.2f"),
		),
	}
	a := j.a
	if f := a.Amdahl; f != nil {
		out = append(out, fmt.Sprintf("f = %.3f%s", f.F, paren(f.FLo, f.FHi, "%.3f")))
	}
	if g := a.Gustafson; g != nil {
		out = append(out, fmt.Sprintf("α = %.3f%s", g.Alpha, paren(g.AlphaLo, g.AlphaHi, "%.3f")))
	}
	switch {
	case a.Best == "usl" && a.USL != nil && a.USL.HasPeak:
		out = append(out, fmt.Sprintf("peak N* = %.3g", a.USL.PeakN))
	case a.Best == "amdahl" && a.Amdahl != nil && a.Amdahl.F > 0 && (shape == ShapeLinear || shape == ShapeAmdahl):
		out = append(out, "limit 1/f = "+num3(1/a.Amdahl.F))
	}
	if a.Best != "" {
		out = append(out, fmt.Sprintf("best model %s: %s", modelName(a.Best), a.Reason))
	}
	return out
}

// modelName is the name of a model as a reader knows it.
func modelName(m string) string {
	switch m {
	case "amdahl":
		return "Amdahl"
	case "usl":
		return "USL"
	case "gustafson":
		return "Gustafson"
	}
	return m
}

// paren is " (lo–hi)" or "" when the interval is unknown.
func paren(lo, hi float64, format string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return ""
	}
	return " (" + Interval(lo, hi, format) + ")"
}

// ratio is a/b, or NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// num3 formats a number with three significant digits, and a number of
// a thousand or more whole.
func num3(x float64) string {
	if math.Abs(x) >= 1000 && !math.IsInf(x, 0) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

// percent formats a fraction as a percentage of two significant digits.
func percent(x float64) string {
	p := 100 * x
	if p >= 10 {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.2g%%", p)
}
