package analysis

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/scalebench/scalebench/results"
)

// An Estimate of a claim about a series is decided from estimates: a measured quantity
// with its 95% interval, from a bootstrap over the rounds of the series
// it comes from (the passes others disturbed are not among the samples).
// Within one series the two times of a ratio are paired by round, so
// that whatever slowed the machine for the seconds of a round divides
// out, as in the speedups of the analysis; two series are measured one
// after the other, so a quotient of them draws each series' rounds on
// its own.

// An Estimate drawn from rounds has N, the rounds behind it; its interval
// is NaN when fewer than MinRounds rounds gave it.
const (
	// MinRounds is the fewest rounds from which an interval is drawn.
	MinRounds = 3
	// resamples is the number of bootstrap resamples of an interval.
	resamples = 2000
	// pairedConfidence is the level of every interval drawn from rounds.
	pairedConfidence = 0.95
)

// Known reports whether e has a value and an interval.
func (e Estimate) Known() bool { return isFinite(float64(e.Value)) && e.HasInterval() }

// Side tells on which side of t the interval of e lies: +1 above, −1
// below, 0 when it holds t or is not known (too few rounds to tell).
func (e Estimate) Side(t float64) int {
	switch {
	case !e.Known():
		return 0
	case float64(e.Lo) > t:
		return 1
	case float64(e.Hi) < t:
		return -1
	}
	return 0
}

// Scale returns e times k.
func (e Estimate) Scale(k float64) Estimate {
	f := Float(k)
	e.Value, e.Lo, e.Hi = e.Value*f, e.Lo*f, e.Hi*f
	if k < 0 {
		e.Lo, e.Hi = e.Hi, e.Lo
	}
	return e
}

// timedPasses are the samples of one worker count (0: the serial reference)
// and, when the file has them, their rounds.
type timedPasses struct {
	samples []float64
	rounds  []int // nil without rounds
}

// passesOf collects the samples of s by worker count, the serial
// reference at 0; failed points are left out.
func passesOf(s *results.Series) map[int]timedPasses {
	out := map[int]timedPasses{}
	add := func(p int, samples []float64, rounds []int) {
		if len(samples) == 0 {
			return
		}
		if len(rounds) != len(samples) {
			rounds = nil
		}
		q, seen := out[p]
		if seen && (q.rounds == nil) != (rounds == nil) { // one without rounds: none paired
			q.rounds, rounds = nil, nil
		}
		q.samples = append(q.samples, samples...)
		if rounds != nil {
			q.rounds = append(q.rounds, rounds...)
		}
		out[p] = q
	}
	if s.Serial != nil {
		add(0, s.Serial.SamplesS, s.Serial.Rounds)
	}
	for _, p := range s.Points {
		if !p.Failed {
			add(p.Workers, p.SamplesS, p.Rounds)
		}
	}
	return out
}

// PerRound is T(a)/T(b) in each round of s that has both, in the order
// of the rounds; a and b are worker counts, or 0 for the serial
// reference. Without rounds it is each pass of a over the median of b.
// Nil when either has no samples.
func (s *Series) PerRound(a, b int) []float64 {
	pa, pb := s.passes[a], s.passes[b]
	if len(pa.samples) == 0 || len(pb.samples) == 0 {
		return nil
	}
	var out []float64
	if pa.rounds == nil || pb.rounds == nil {
		mb := median(pb.samples)
		for _, x := range pa.samples {
			out = append(out, x/mb)
		}
		return out
	}
	ta, tb := byRound(pa), byRound(pb)
	for _, r := range slices.Sorted(maps.Keys(ta)) {
		if y, ok := tb[r]; ok && y > 0 {
			out = append(out, ta[r]/y)
		}
	}
	return out
}

// PairedRatio is T(a)/T(b) in s (worker counts, or 0 for the serial
// reference): the median over the rounds both have of the ratio of
// their passes, with its interval. Without rounds the ratio is that of
// the medians, each drawn on its own.
func (s *Series) PairedRatio(a, b int) Estimate {
	pa, pb := s.passes[a], s.passes[b]
	if pa.rounds == nil || pb.rounds == nil {
		return Quotient(pa.samples, pb.samples)
	}
	return MedianOf(s.PerRound(a, b))
}

// byRound is the median of the passes in each round.
func byRound(p timedPasses) map[int]float64 {
	all := map[int][]float64{}
	for i, r := range p.rounds {
		all[r] = append(all[r], p.samples[i])
	}
	out := make(map[int]float64, len(all))
	for r, xs := range all {
		out[r] = median(xs)
	}
	return out
}

// MedianOf is the median of xs with its bootstrap interval.
func MedianOf(xs []float64) Estimate {
	return bootstrap(func(draw func([]float64) []float64) float64 { return median(draw(xs)) }, len(xs))
}

// Quotient is median(a)/median(b) for values of two series measured
// apart: each resample draws a and b on their own.
func Quotient(a, b []float64) Estimate {
	return Combine(a, b, func(ma, mb float64) float64 { return ma / mb })
}

// Combine is f(median(a), median(b)) for values of two series measured
// apart, with an interval from resamples that draw a and b on their own.
func Combine(a, b []float64, f func(ma, mb float64) float64) Estimate {
	if len(a) == 0 || len(b) == 0 {
		return Estimate{Value: Float(math.NaN()), Lo: Float(math.NaN()), Hi: Float(math.NaN())}
	}
	return bootstrap(func(draw func([]float64) []float64) float64 { return f(median(draw(a)), median(draw(b))) },
		min(len(a), len(b)))
}

// bootstrap returns stat of the data with its percentile interval over
// resamples: draw(xs) gives xs itself the first time, then a resample
// with replacement. rounds is the fewest values behind stat.
func bootstrap(stat func(draw func([]float64) []float64) float64, rounds int) Estimate {
	whole := func(xs []float64) []float64 { return xs }
	v := stat(whole)
	e := Estimate{Value: Float(v), Lo: Float(math.NaN()), Hi: Float(math.NaN()), N: rounds}
	if rounds < MinRounds || math.IsNaN(v) {
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
	tail := (1 - pairedConfidence) / 2
	lo, hi := vals[int(tail*float64(len(vals)))], vals[int((1-tail)*float64(len(vals)))-1]
	e.Lo, e.Hi = Float(min(lo, v)), Float(max(hi, v))
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

// Samples are the timed passes of s at p workers (0: the serial
// reference); the passes others disturbed are not among them.
func (s *Series) Samples(p int) []float64 { return s.passes[p].samples }
