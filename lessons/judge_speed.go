package lessons

import (
	"fmt"

	"github.com/scalebench/scalebench/analysis"
)

// The judges of the lessons on how far work speeds up.

// judgeAmdahl holds when the 95% intervals of the fitted f (strong) and α
// (weak) both lie within fitTolerance of TrueFraction, and did not hold
// when one of them lies wholly beyond it.
func judgeAmdahl(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	st, wk := d.byExperiment("strong"), d.byExperiment("weak")
	if st == nil || st.Analysis == nil || st.Analysis.Amdahl == nil || wk == nil || wk.Analysis == nil ||
		wk.Analysis.Gustafson == nil || anyDisturbed(st) || anyDisturbed(wk) {
		return inconclusive("too few usable points for the fits of Amdahl's and Gustafson's laws")
	}
	a, g := st.Analysis.Amdahl, wk.Analysis.Gustafson
	f, alpha := interval(a.F, a.FLo, a.FHi), interval(g.Alpha, g.AlphaLo, g.AlphaHi)
	nums := []Number{num("true f = α", TrueFraction, Fraction), numberOf(f, "fitted f (strong)", Fraction),
		numberOf(alpha, "fitted α (weak)", Fraction), num("Amdahl's ceiling 1/f", a.SMax, Times)}
	th := []Number{num(fmt.Sprintf("f and α: within ± of the true %g", TrueFraction), fitTolerance, Fraction)}
	lo, hi := TrueFraction-fitTolerance, TrueFraction+fitTolerance
	within := func(e est) bool { return e.Known() && float64(e.Lo) >= lo && float64(e.Hi) <= hi }
	beyond := func(e est) bool { return e.Known() && (float64(e.Hi) < lo || float64(e.Lo) > hi) }
	both := fmt.Sprintf("f = %s and α = %s", text(f, Fraction), text(alpha, Fraction))
	switch {
	case within(f) && within(alpha):
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the fits recover the truth: %s, both within %.2f of %.2f",
			both, fitTolerance, TrueFraction)}.with(nums, th)
	case beyond(f) || beyond(alpha):
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf(
			"%s: at least one lies wholly more than %.2f from the true %.2f", both, fitTolerance, TrueFraction),
		}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf(
		"%s: an interval reaches past %.2f from the true %.2f: too noisy to tell", both, fitTolerance, TrueFraction),
	}.with(nums, th)
}

// judgeCPUBound holds when the speedup at the CPU count C is at least
// scalesMin(C), and on every oversubscribed point the speed is at
// most 1+oversubGainMax times that on C workers (T(C)/T(P), paired by
// round), each with its interval clear of the threshold.
func judgeCPUBound(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	m := d.first()
	pc, beyond := point(m, d.CPUs), over(m, d.CPUs)
	if pc == nil || len(beyond) == 0 {
		return inconclusive("no point at the CPU count (%d) or beyond it", d.CPUs)
	}
	s := speedup(pc)
	want := scalesMin(d.CPUs)
	nums := []Number{numberOf(s, fmt.Sprintf("speedup on %d workers (the CPUs)", d.CPUs), Times)}
	th := []Number{num("speedup on all CPUs: at least", want, Times),
		num("gain past the CPUs: at most", 1+oversubGainMax, Times)}
	var r parts
	switch o := outcome(s, want, 1); o {
	case Held:
		r.add(o, fmt.Sprintf("%s on %d CPUs", text(s, Times), d.CPUs))
	case NotHeld:
		r.add(o, fmt.Sprintf("the speedup on all %d CPUs is only %s, below %.2f×", d.CPUs, text(s, Times), want))
	default:
		r.add(o, noisy(fmt.Sprintf("the speedup on %d CPUs", d.CPUs), s, Times, want))
	}
	for _, pt := range beyond {
		g := m.PairedRatio(d.CPUs, pt.Workers)
		name := fmt.Sprintf("speed on %d workers ÷ on %d", pt.Workers, d.CPUs)
		nums = append(nums, numberOf(g, name, Times))
		switch o := outcome(g, 1+oversubGainMax, -1); o {
		case Held:
			r.add(o, fmt.Sprintf("%d workers run at %s the speed of %d", pt.Workers, text(g, Times), d.CPUs))
		case NotHeld:
			r.add(o, fmt.Sprintf("%d workers run %s as fast as %d: oversubscription helped", pt.Workers,
				text(g, Times), d.CPUs))
		default:
			r.add(o, noisy(name, g, Times, 1+oversubGainMax))
		}
	}
	return r.verdict(nums, th)
}

// judgeIOBound holds when some point past the CPU count reaches a
// speedup of ioBeyondFactor times the CPU count.
func judgeIOBound(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	best := bestAbove(d.first(), d.CPUs)
	if best == nil {
		return inconclusive("no point past the CPU count (%d)", d.CPUs)
	}
	s := speedup(best)
	want := ioBeyondFactor * float64(d.CPUs)
	nums := []Number{num("CPUs", float64(d.CPUs), Count),
		numberOf(s, fmt.Sprintf("best speedup (P = %d)", best.Workers), Times)}
	th := []Number{num("best speedup: at least", want, Times)}
	switch o := outcome(s, want, 1); o {
	case Held:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("%s with %d workers on %d CPUs", text(s, Times), best.Workers,
			d.CPUs)}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("the best speedup, %s, stays below %.0f×", text(s, Times),
			want)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: noisy("the best speedup", s, Times, want)}.with(nums, th)
}

// judgeBandwidth holds when the efficiency at the CPU count is at most
// flatEfficiencyMax, and did not hold at linearEfficiencyMin or more,
// each with its interval clear. Below bandwidthMinCPUs CPUs it is
// inconclusive: flattening cannot be told from the end of the CPUs.
func judgeBandwidth(d Data) Verdict {
	m := d.first()
	one, last := point(m, 1), top(m, d.CPUs)
	var nums []Number
	e := noEst
	if one != nil && last != nil {
		e = speedup(last).Scale(1 / float64(last.Workers))
		nums = []Number{num("GB/s on 1 worker", one.Throughput/1e9, GBPerSec),
			num(fmt.Sprintf("GB/s on %d workers", last.Workers), last.Throughput/1e9, GBPerSec),
			numberOf(e, "efficiency S(C)/C", Fraction)}
	}
	th := []Number{num("CPUs needed to tell", bandwidthMinCPUs, Count),
		num("efficiency: flat at most", flatEfficiencyMax, Fraction),
		num("efficiency: linear at least", linearEfficiencyMin, Fraction)}
	if v, stop := gate(d, bandwidthMinCPUs); stop {
		return v.with(nums, th)
	}
	if one == nil || last == nil || last.Workers != d.CPUs {
		return inconclusive("no points at 1 and %d workers", d.CPUs)
	}
	switch {
	case e.Side(flatEfficiencyMax) < 0:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf(
			"%d workers reach %.1f GB/s, an efficiency of only %s against the one worker's %.1f GB/s",
			d.CPUs, last.Throughput/1e9, text(e, Fraction), one.Throughput/1e9)}.with(nums, th)
	case e.Side(linearEfficiencyMin) > 0:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf(
			"%d workers still scale: an efficiency of %s; the bandwidth did not saturate here",
			d.CPUs, text(e, Fraction))}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf(
		"an efficiency of %s at %d workers is not clearly flat (at most %.2f) nor linear (at least %.2f)",
		text(e, Fraction), d.CPUs, flatEfficiencyMax, linearEfficiencyMin)}.with(nums, th)
}

// interval is a fitted value with its interval as an estimate.
func interval(v, lo, hi float64) est {
	return est{Value: analysis.Float(v), Lo: analysis.Float(lo), Hi: analysis.Float(hi), N: analysis.MinRounds}
}
