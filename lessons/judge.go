package lessons

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/scaling"
)

// The thresholds of the judges. Each slide shows the ones its verdict
// used.
const (
	// minCPUs is the fewest CPUs on which parallel speedup can be seen.
	minCPUs = 2
	// fitTolerance is how far a fitted f or α may lie from the truth.
	fitTolerance = 0.05
	// cpuEfficiencyMin is the least speedup per CPU, S(C)/C, that counts
	// as "speeds up up to the CPU count".
	cpuEfficiencyMin = 0.7
	// oversubGainMax is the most that oversubscription may add to the
	// speedup at the CPU count and still count as "nothing".
	oversubGainMax = 0.10
	// ioBeyondFactor: waiting work must reach this many times the CPU
	// count in speedup.
	ioBeyondFactor = 2.0
	// startupMin is the least start-up time of a pool of worker
	// processes that counts as a cost.
	startupMin = 0.001
	// costNoise is the relative band around the goroutines' time within
	// which two costs are too close to tell apart.
	costNoise = 0.05
	// recoverShareMin is the least share of the speed lost to sending one
	// task per message that chunked dispatch must win back to count as
	// recovering it: (chunked − element)/(1 − element), speeds relative
	// to the serial algorithm.
	recoverShareMin = 0.5
	// bytesRatioMin is how many times fewer bytes shared memory must send.
	bytesRatioMin = 10.0
	// timeSlack is how much slower shared memory may be and still count
	// as not slower (noise).
	timeSlack = 0.05
	// busyCPUsMax is the most CPUs other processes may have kept busy at
	// the start of an experiment for "did not hold" to be conclusive.
	busyCPUsMax = 0.5
	// balanceGainMin is the least gain of a dynamic queue over a block
	// split that counts as better balanced.
	balanceGainMin = 0.08
	// memGrowthMin is the least growth of the peak memory from one worker
	// to the CPU count that counts as growing with the workers.
	memGrowthMin = 1.25
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

// judgeAmdahl holds when the fitted f (strong) and α (weak) both lie
// within fitTolerance of TrueFraction.
func judgeAmdahl(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	st, wk := d.byExperiment("strong"), d.byExperiment("weak")
	if st == nil || st.Analysis == nil || st.Analysis.Amdahl == nil || wk == nil || wk.Analysis == nil || wk.Analysis.Gustafson == nil {
		return inconclusive("too few usable points for the fits of Amdahl's and Gustafson's laws")
	}
	a, g := st.Analysis.Amdahl, wk.Analysis.Gustafson
	nums := []Number{{"true f = α", TrueFraction, Fraction}, {"fitted f", a.F, Fraction}, {"fitted α", g.Alpha, Fraction},
		{"Amdahl's ceiling 1/f", a.SMax, Times}}
	th := []Number{{"fitTolerance (|fitted − true| at most)", fitTolerance, Fraction}}
	errF, errA := math.Abs(a.F-TrueFraction), math.Abs(g.Alpha-TrueFraction)
	contains := func(lo, hi float64) bool { return lo <= TrueFraction && TrueFraction <= hi }
	switch {
	case errF <= fitTolerance && errA <= fitTolerance:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the fits recover the truth: f = %.3f and α = %.3f, both within %.2f of %.2f",
			a.F, g.Alpha, fitTolerance, TrueFraction)}.with(nums, th)
	case (errF > fitTolerance && contains(a.FLo, a.FHi)) || (errA > fitTolerance && contains(g.AlphaLo, g.AlphaHi)):
		return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("f = %.3f and α = %.3f, but the 95%% interval of the one further off still holds %.2f: too noisy to tell",
			a.F, g.Alpha, TrueFraction)}.with(nums, th)
	}
	return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("f = %.3f and α = %.3f: at least one is more than %.2f from the true %.2f",
		a.F, g.Alpha, fitTolerance, TrueFraction)}.with(nums, th)
}

// judgeCPUBound holds when the speedup at the CPU count C is at least
// cpuEfficiencyMin·C and no oversubscribed point beats it by more than
// oversubGainMax.
func judgeCPUBound(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	m := d.first()
	pc := m.point(d.CPUs)
	over, overP := m.bestAbove(d.CPUs)
	if pc == nil || over == nil {
		return inconclusive("no point at the CPU count (%d) or beyond it", d.CPUs)
	}
	c := float64(d.CPUs)
	nums := []Number{{fmt.Sprintf("speedup at P = %d (the CPUs)", d.CPUs), pc.Speedup, Times},
		{fmt.Sprintf("best speedup past them (P = %d)", overP), over.Speedup, Times}}
	th := []Number{{"cpuEfficiencyMin (S(C)/C at least)", cpuEfficiencyMin, Fraction},
		{"oversubGainMax (gain past C at most)", oversubGainMax, Fraction}}
	scale := side(pc.Speedup, pc.SpeedupLo, pc.SpeedupHi, cpuEfficiencyMin*c)
	extra := side(over.Speedup, over.SpeedupLo, over.SpeedupHi, pc.Speedup*(1+oversubGainMax))
	switch {
	case scale < 0:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("the speedup on all %d CPUs is only %.2f×, below %.2f×", d.CPUs, pc.Speedup, cpuEfficiencyMin*c)}.with(nums, th)
	case extra > 0:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("%d workers reached %.2f×, more than %.0f%% above the %.2f× on %d CPUs", overP, over.Speedup, 100*oversubGainMax, pc.Speedup, d.CPUs)}.with(nums, th)
	case scale == 0 || extra == 0:
		return Verdict{Outcome: Inconclusive, Reason: "a speedup's interval straddles its threshold: too noisy to tell"}.with(nums, th)
	}
	return Verdict{Outcome: Held, Reason: fmt.Sprintf("%.2f× on %d CPUs, and %.2f× with %d workers: past the CPUs nothing more", pc.Speedup, d.CPUs, over.Speedup, overP)}.with(nums, th)
}

// judgeIOBound holds when some point past the CPU count reaches a
// speedup of ioBeyondFactor times the CPU count.
func judgeIOBound(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	best, p := d.first().bestAbove(d.CPUs)
	if best == nil {
		return inconclusive("no point past the CPU count (%d)", d.CPUs)
	}
	want := ioBeyondFactor * float64(d.CPUs)
	nums := []Number{{"CPUs", float64(d.CPUs), Count}, {fmt.Sprintf("best speedup (P = %d)", p), best.Speedup, Times}}
	th := []Number{{"ioBeyondFactor (speedup at least × CPUs)", ioBeyondFactor, Fraction}}
	switch side(best.Speedup, best.SpeedupLo, best.SpeedupHi, want) {
	case 1:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("%.1f× with %d workers on %d CPUs", best.Speedup, p, d.CPUs)}.with(nums, th)
	case -1:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("the best speedup, %.1f×, stays below %.0f×", best.Speedup, want)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: "the speedup's interval straddles the threshold: too noisy to tell"}.with(nums, th)
}

// first returns the lesson's first series, or nil.
func (d Data) first() *Measured {
	if len(d.Series) == 0 {
		return nil
	}
	return &d.Series[0]
}

// bestAbove returns the point with the highest speedup among those with
// more than p workers, or nil.
func (m *Measured) bestAbove(p int) (*scaling.PointResult, int) {
	if m == nil || m.Analysis == nil {
		return nil, 0
	}
	var best *scaling.PointResult
	for i := range m.Analysis.Points {
		pt := &m.Analysis.Points[i]
		if pt.Workers > p && (best == nil || pt.Speedup > best.Speedup) {
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

// joinParts joins the reasons of a judgement made of parts.
func joinParts(parts []string) string { return strings.Join(parts, "; ") }
