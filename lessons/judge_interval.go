package lessons

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/scalebench/scalebench/results"
)

// A judge decides from intervals: a measured quantity with its 95%
// interval, from a bootstrap over the rounds of the series it comes from
// (the passes others disturbed are not among the samples). Within one
// series the two times of a ratio are paired by round, so that whatever
// slowed the machine for the seconds of a round divides out, as in the
// analysis' speedups; two series are measured one after the other, so a
// quotient of them draws each series' rounds on its own.

// est is a measured value with its 95% interval [Lo, Hi]; the interval
// is NaN when fewer than minRounds rounds gave the value.
type est struct {
	V, Lo, Hi float64
	Rounds    int
}

const (
	// minRounds is the fewest rounds from which an interval is drawn.
	minRounds = 3
	// resamples is the number of bootstrap resamples of an interval.
	resamples = 2000
	// confidence is the level of every interval.
	confidence = 0.95
)

// known reports whether e has a value and an interval.
func (e est) known() bool {
	return !math.IsNaN(e.V) && !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi)
}

// side tells on which side of t the interval of e lies: +1 above, −1
// below, 0 when it holds t or is not known (too few rounds to tell).
func (e est) side(t float64) int {
	if !e.known() {
		return 0
	}
	return side(e.V, e.Lo, e.Hi, t)
}

// number is e as a Number, with its interval.
func (e est) number(name string, unit Unit) Number {
	n := Number{Name: name, Value: e.V, Unit: unit}
	if e.known() {
		n.Lo, n.Hi = &e.Lo, &e.Hi
	}
	return n
}

// scale returns e times k.
func (e est) scale(k float64) est {
	e.V, e.Lo, e.Hi = e.V*k, e.Lo*k, e.Hi*k
	if k < 0 {
		e.Lo, e.Hi = e.Hi, e.Lo
	}
	return e
}

// passes returns the samples of the serial reference (p = 0) or of the
// point at p workers, and their rounds (nil when the file has none); nil
// when there is no such point or it failed.
func (m *Measured) passes(p int) (samples []float64, rounds []int) {
	if m == nil {
		return nil, nil
	}
	var ps results.Passes
	switch r := m.raw(p); {
	case p == 0 && m.Series.Serial != nil:
		samples, ps = m.Series.Serial.SamplesS, m.Series.Serial.Passes
	case p > 0 && r != nil && !r.Failed:
		samples, ps = r.SamplesS, r.Passes
	default:
		return nil, nil
	}
	if len(ps.Rounds) == len(samples) {
		rounds = ps.Rounds
	}
	return samples, rounds
}

// byRound is the median of samples in each round.
func byRound(samples []float64, rounds []int) map[int]float64 {
	all := map[int][]float64{}
	for i, r := range rounds {
		all[r] = append(all[r], samples[i])
	}
	out := make(map[int]float64, len(all))
	for r, xs := range all {
		out[r] = median(xs)
	}
	return out
}

// ratio is T(a)/T(b) in series m, a and b worker counts or 0 for the
// serial reference: the median over the rounds both have of the ratio of
// their passes. A file without rounds pairs nothing: the ratio is then
// that of the medians, each drawn on its own.
func (m *Measured) ratio(a, b int) est {
	sa, ra := m.passes(a)
	sb, rb := m.passes(b)
	if ra == nil || rb == nil {
		return quotient(sa, sb)
	}
	return medianEst(m.perRound(a, b))
}

// perRound is T(a)/T(b) in each round of m that has both, in the order
// of the rounds; without rounds, each pass of a over the median of b.
func (m *Measured) perRound(a, b int) []float64 {
	sa, ra := m.passes(a)
	sb, rb := m.passes(b)
	if len(sa) == 0 || len(sb) == 0 {
		return nil
	}
	var out []float64
	if ra == nil || rb == nil {
		mb := median(sb)
		for _, x := range sa {
			out = append(out, x/mb)
		}
		return out
	}
	ta, tb := byRound(sa, ra), byRound(sb, rb)
	for _, r := range slices.Sorted(maps.Keys(ta)) {
		if y, ok := tb[r]; ok && y > 0 {
			out = append(out, ta[r]/y)
		}
	}
	return out
}

// medianEst is the median of xs with its bootstrap interval.
func medianEst(xs []float64) est {
	return bootstrap(func(draw func([]float64) []float64) float64 { return median(draw(xs)) }, len(xs))
}

// quotient is median(a)/median(b) for values of two series measured
// apart: each resample draws a and b on their own.
func quotient(a, b []float64) est {
	return combine(a, b, func(ma, mb float64) float64 { return ma / mb })
}

// combine is f(median(a), median(b)) for values of two series measured
// apart, with an interval from resamples that draw a and b on their own.
func combine(a, b []float64, f func(ma, mb float64) float64) est {
	if len(a) == 0 || len(b) == 0 {
		return est{V: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	return bootstrap(func(draw func([]float64) []float64) float64 { return f(median(draw(a)), median(draw(b))) },
		min(len(a), len(b)))
}

// bootstrap returns stat of the data with its percentile interval over
// resamples: draw(xs) gives xs itself the first time, then a resample
// with replacement. rounds is the fewest values behind stat.
func bootstrap(stat func(draw func([]float64) []float64) float64, rounds int) est {
	whole := func(xs []float64) []float64 { return xs }
	e := est{V: stat(whole), Lo: math.NaN(), Hi: math.NaN(), Rounds: rounds}
	if rounds < minRounds || math.IsNaN(e.V) {
		return e
	}
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(xs []float64) []float64 {
		out := make([]float64, len(xs))
		for i := range out {
			out[i] = xs[rng.IntN(len(xs))]
		}
		return out
	}
	vals := make([]float64, 0, resamples)
	for range resamples {
		if v := stat(draw); !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, v)
		}
	}
	if len(vals) < resamples/2 {
		return e
	}
	slices.Sort(vals)
	tail := (1 - confidence) / 2
	e.Lo, e.Hi = vals[int(tail*float64(len(vals)))], vals[int((1-tail)*float64(len(vals)))-1]
	e.Lo, e.Hi = min(e.Lo, e.V), max(e.Hi, e.V)
	return e
}

// median is the median of xs (NaN for none); xs is not changed.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	y := slices.Clone(xs)
	slices.Sort(y)
	n := len(y)
	if n%2 == 1 {
		return y[n/2]
	}
	return (y[n/2-1] + y[n/2]) / 2
}
