package lessons

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

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
	// cpuEfficiencyMin is the least speedup per CPU, S(C)/C, that counts
	// as "speeds up up to the CPU count" (the efficiency that the
	// bandwidth lesson calls no longer flat).
	cpuEfficiencyMin = 0.7
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

// gate returns the verdict for data that cannot be judged: an executor
// missing, or fewer CPUs than need.
func gate(d Data, need int) (Verdict, bool) {
	if d.Missing != "" {
		return inconclusive("%s", d.Missing), true
	}
	if d.CPUs < need {
		return inconclusive("too few CPUs to tell: %d, the claim needs at least %d", d.CPUs, need), true
	}
	return Verdict{}, false
}

// num is a Number without an interval.
func num(name string, v float64, unit Unit) Number { return Number{Name: name, Value: v, Unit: unit} }

// speedup is the analysed speedup of a point with its paired interval.
func speedup(pt *scaling.PointResult) est {
	return est{V: pt.Speedup, Lo: pt.SpeedupLo, Hi: pt.SpeedupHi, Rounds: max(pt.Rounds, pt.Summary.N)}
}

// text is e with its interval in words: "1.62× (1.48–1.75)".
func (e est) text(unit Unit) string {
	v := num("", e.V, unit).plain()
	if !e.known() {
		return v + " (no interval: too few rounds)"
	}
	lo, hi := num("", e.Lo, unit).plain(), num("", e.Hi, unit).plain()
	if unit == Times {
		lo, hi = strings.TrimSuffix(lo, "×"), strings.TrimSuffix(hi, "×")
	}
	return fmt.Sprintf("%s (%s–%s)", v, lo, hi)
}

// noisy is the reason of a verdict left open because the interval of e
// holds threshold t.
func noisy(what string, e est, unit Unit, t float64) string {
	if !e.known() {
		return fmt.Sprintf("%s: %s, too few rounds for an interval: cannot tell", what, e.text(unit))
	}
	return fmt.Sprintf("%s: %s reaches across %s: too noisy to tell", what, e.text(unit), num("", t, unit).plain())
}

// first returns the lesson's first series, or nil.
func (d Data) first() *Measured {
	if len(d.Series) == 0 {
		return nil
	}
	return &d.Series[0]
}

// over returns the points with more than p workers.
func (m *Measured) over(p int) []*scaling.PointResult {
	if m == nil || m.Analysis == nil {
		return nil
	}
	var out []*scaling.PointResult
	for i := range m.Analysis.Points {
		if m.Analysis.Points[i].Workers > p {
			out = append(out, &m.Analysis.Points[i])
		}
	}
	return out
}

// bestAbove returns the point with the highest speedup among those with
// more than p workers, or nil.
func (m *Measured) bestAbove(p int) (*scaling.PointResult, int) {
	var best *scaling.PointResult
	for _, pt := range m.over(p) {
		if best == nil || pt.Speedup > best.Speedup {
			best = pt
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, best.Workers
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

// outcome is the outcome of a claim that wants e on side want of t.
func outcome(e est, t float64, want int) Outcome {
	switch e.side(t) {
	case want:
		return Held
	case -want:
		return NotHeld
	}
	return Inconclusive
}

// finite reports whether x is a number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
