package lessons

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/scaling"
)

// The thresholds of the judges. Each slide shows, in words, the ones its
// verdict used. A claim holds, or does not, only when the 95% interval
// of every number that decides it lies clear of its threshold; an
// interval that holds a threshold makes the verdict inconclusive (too
// noisy to tell).
const (
	// minCPUs is the fewest CPUs on which parallel speedup can be seen.
	minCPUs = 2
	// fitTolerance is how far a fitted f or α may lie from the truth.
	fitTolerance = 0.05
	// gainShareMin is the least share of the speed each added CPU could
	// add that counts as speeding up with the workers: a speedup on C
	// CPUs of at least scalesMin(C) = 1 + gainShareMin·(C−1). Two vCPUs
	// of a shared host give CPU-bound work 1.5–1.9×, clear of 1.25 by
	// three times the noise of 20 paired rounds.
	gainShareMin = 0.25
	// oversubGainMax is the most that oversubscription may add to the
	// speed on C workers and still count as "nothing": a quarter, where
	// twice the CPUs would add all of it.
	oversubGainMax = 0.25
	// ioBeyondFactor: waiting work must reach this many times the CPU
	// count in speedup.
	ioBeyondFactor = 2.0
	// costRatioMin is the least that a pass from a standing start (the
	// workers' start-up and one pass) must cost on worker processes,
	// against goroutines, to count as paying for the start-up.
	costRatioMin = 2.0
	// recoverShareMin is the least share of the speed lost to sending one
	// task per message that chunked dispatch must win back to count as
	// recovering it: (chunked − element)/(1 − element), speeds relative
	// to the serial algorithm.
	recoverShareMin = 0.5
	// bytesRatioMin is how many times fewer bytes shared memory must send.
	bytesRatioMin = 10.0
	// busyCPUsMax is the most CPUs other processes may have kept busy
	// during an experiment for "did not hold" to be conclusive.
	busyCPUsMax = 0.25
	// balanceGainMin is the least gain in speed of a dynamic queue over a
	// block split that counts as beating it.
	balanceGainMin = 0.15
	// memGrowthShare is how far towards P-fold the peak memory must grow
	// from one worker to the CPU count C: at least 1 + share·(C−1).
	memGrowthShare = 0.5
	// bandwidthMinCPUs is the fewest CPUs on which flattening before the
	// CPU count can be told from a plain lack of CPUs.
	bandwidthMinCPUs = 4
	// flatEfficiencyMax and linearEfficiencyMin bound the efficiency at
	// the CPU count: at most the first is flat, at least the second is
	// linear, between them inconclusive.
	flatEfficiencyMax   = 0.7
	linearEfficiencyMin = 0.85
)

// scalesMin is the least speedup on c CPUs that counts as speeding up
// with the workers.
func scalesMin(c int) float64 { return 1 + gainShareMin*float64(c-1) }

// gate returns the verdict for data that cannot be judged: an executor
// missing, or fewer CPUs than need.
func gate(d Data, need int) (Verdict, bool) {
	v := Verdict{Outcome: Inconclusive, settled: true}
	if d.Missing != "" {
		v.Reason = d.Missing
		return v, true
	}
	if d.CPUs < need {
		v.Reason = fmt.Sprintf("too few CPUs to tell: %d, the claim needs at least %d", d.CPUs, need)
		return v, true
	}
	return Verdict{}, false
}

// num is a Number without an interval.
func num(name string, v float64, unit Unit) Number { return Number{Name: name, Value: v, Unit: unit} }

// est is a measured value with its 95% interval (analysis.Estimate).
type est = analysis.Estimate

// noEst is an estimate of nothing: no value, no interval.
var noEst = est{Value: analysis.Float(math.NaN()), Lo: analysis.Float(math.NaN()), Hi: analysis.Float(math.NaN())}

// speedup is the analysed speedup of a point with its paired interval.
func speedup(pt *scaling.PointResult) est {
	return est{Value: analysis.Float(pt.Speedup), Lo: analysis.Float(pt.SpeedupLo), Hi: analysis.Float(pt.SpeedupHi),
		N: max(pt.Rounds, pt.Summary.N)}
}

// numberOf is e as a Number, with its interval when it has one.
func numberOf(e est, name string, unit Unit) Number {
	n := Number{Name: name, Value: float64(e.Value), Unit: unit}
	if e.Known() {
		lo, hi := float64(e.Lo), float64(e.Hi)
		n.Lo, n.Hi = &lo, &hi
	}
	return n
}

// text is e with its interval in words: "1.62× (1.48–1.75)".
func text(e est, unit Unit) string {
	v := num("", float64(e.Value), unit).plain()
	if !e.Known() {
		return v + " (no interval: too few rounds)"
	}
	lo, hi := num("", float64(e.Lo), unit).plain(), num("", float64(e.Hi), unit).plain()
	if unit == Times {
		lo, hi = strings.TrimSuffix(lo, "×"), strings.TrimSuffix(hi, "×")
	}
	return fmt.Sprintf("%s (%s–%s)", v, lo, hi)
}

// noisy is the reason of a verdict left open because the interval of e
// holds threshold t.
func noisy(what string, e est, unit Unit, t float64) string {
	if !e.Known() {
		return fmt.Sprintf("%s: %s, too few rounds for an interval: cannot tell", what, text(e, unit))
	}
	return fmt.Sprintf("%s: %s reaches across %s: too noisy to tell", what, text(e, unit), num("", t, unit).plain())
}

// lostUpdates reads the number of lost updates from a counter point's
// note ("… 123 updates lost"); 0 when none were.
var lostRE = regexp.MustCompile(`(\d+) updates lost`)

func lostUpdates(note string) int64 {
	m := lostRE.FindStringSubmatch(note)
	if m == nil {
		return 0
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// parts collects the parts of a verdict made of several: the worst
// outcome wins (did not hold over inconclusive over held).
type parts struct {
	out Outcome
	why []string
}

func (r *parts) add(o Outcome, why string) {
	if r.out == "" || o == NotHeld || (o == Inconclusive && r.out == Held) {
		r.out = o
	}
	r.why = append(r.why, why)
}

// verdict is the parts' outcome with their reasons.
func (r *parts) verdict(nums, th []Number) Verdict {
	return Verdict{Outcome: r.out, Reason: strings.Join(r.why, "; ")}.with(nums, th)
}

// outcome is the outcome of a claim that wants e on side want of t: held
// with its interval clear on that side, did not hold clear on the other,
// inconclusive when the interval holds t or is not known.
func outcome(e est, t float64, want int) Outcome {
	switch e.Side(t) {
	case want:
		return Held
	case -want:
		return NotHeld
	}
	return Inconclusive
}
