package lessons

import "fmt"

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
		wk.Analysis.Gustafson == nil {
		return inconclusive("too few usable points for the fits of Amdahl's and Gustafson's laws")
	}
	a, g := st.Analysis.Amdahl, wk.Analysis.Gustafson
	f := est{V: a.F, Lo: a.FLo, Hi: a.FHi, Rounds: minRounds}
	alpha := est{V: g.Alpha, Lo: g.AlphaLo, Hi: g.AlphaHi, Rounds: minRounds}
	nums := []Number{num("true f = α", TrueFraction, Fraction), f.number("fitted f (strong)", Fraction),
		alpha.number("fitted α (weak)", Fraction), num("Amdahl's ceiling 1/f", a.SMax, Times)}
	th := []Number{num(fmt.Sprintf("fitted f and α: within ± of the true %g", TrueFraction), fitTolerance, Fraction)}
	lo, hi := TrueFraction-fitTolerance, TrueFraction+fitTolerance
	within := func(e est) bool { return e.known() && e.Lo >= lo && e.Hi <= hi }
	beyond := func(e est) bool { return e.known() && (e.Hi < lo || e.Lo > hi) }
	both := fmt.Sprintf("f = %s and α = %s", f.text(Fraction), alpha.text(Fraction))
	switch {
	case within(f) && within(alpha):
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the fits recover the truth: %s, both within %.2f of %.2f",
			both, fitTolerance, TrueFraction)}.with(nums, th)
	case beyond(f) || beyond(alpha):
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("%s: at least one lies wholly more than %.2f from the true %.2f",
			both, fitTolerance, TrueFraction)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("%s: an interval reaches past %.2f from the true %.2f: too noisy to tell",
		both, fitTolerance, TrueFraction)}.with(nums, th)
}

// judgeCPUBound holds when the speedup at the CPU count C is at least
// cpuEfficiencyMin·C, and on every oversubscribed point the speed is at
// most 1+oversubGainMax times that on C workers (T(C)/T(P), paired by
// round), each with its interval clear of the threshold.
func judgeCPUBound(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	m := d.first()
	pc := m.point(d.CPUs)
	over := m.over(d.CPUs)
	if pc == nil || len(over) == 0 {
		return inconclusive("no point at the CPU count (%d) or beyond it", d.CPUs)
	}
	s := speedup(pc)
	want := cpuEfficiencyMin * float64(d.CPUs)
	nums := []Number{s.number(fmt.Sprintf("speedup on %d workers (the CPUs)", d.CPUs), Times)}
	th := []Number{num("speedup on all CPUs: at least", want, Times),
		num("speed gained past the CPUs: at most", 1+oversubGainMax, Times)}
	var r parts
	switch o := outcome(s, want, 1); o {
	case Held:
		r.add(o, fmt.Sprintf("%s on %d CPUs", s.text(Times), d.CPUs))
	case NotHeld:
		r.add(o, fmt.Sprintf("the speedup on all %d CPUs is only %s, below %.2f×", d.CPUs, s.text(Times), want))
	default:
		r.add(o, noisy(fmt.Sprintf("the speedup on %d CPUs", d.CPUs), s, Times, want))
	}
	for _, pt := range over {
		g := m.ratio(d.CPUs, pt.Workers)
		name := fmt.Sprintf("speed on %d workers ÷ on %d", pt.Workers, d.CPUs)
		nums = append(nums, g.number(name, Times))
		switch o := outcome(g, 1+oversubGainMax, -1); o {
		case Held:
			r.add(o, fmt.Sprintf("%d workers run at %s the speed of %d", pt.Workers, g.text(Times), d.CPUs))
		case NotHeld:
			r.add(o, fmt.Sprintf("%d workers run %s as fast as %d: oversubscription helped", pt.Workers, g.text(Times), d.CPUs))
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
	best, p := d.first().bestAbove(d.CPUs)
	if best == nil {
		return inconclusive("no point past the CPU count (%d)", d.CPUs)
	}
	s := speedup(best)
	want := ioBeyondFactor * float64(d.CPUs)
	nums := []Number{num("CPUs", float64(d.CPUs), Count), s.number(fmt.Sprintf("best speedup (P = %d)", p), Times)}
	th := []Number{num("best speedup: at least", want, Times)}
	switch o := outcome(s, want, 1); o {
	case Held:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("%s with %d workers on %d CPUs", s.text(Times), p, d.CPUs)}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("the best speedup, %s, stays below %.0f×", s.text(Times), want)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: noisy("the best speedup", s, Times, want)}.with(nums, th)
}

// judgeBandwidth holds when the efficiency at the CPU count is at most
// flatEfficiencyMax, and did not hold at linearEfficiencyMin or more,
// each with its interval clear. Below bandwidthMinCPUs CPUs it is
// inconclusive: flattening cannot be told from the end of the CPUs.
func judgeBandwidth(d Data) Verdict {
	m := d.first()
	one, top := m.point(1), m.top(d.CPUs)
	var nums []Number
	var e est
	if one != nil && top != nil {
		e = speedup(top).scale(1 / float64(top.Workers))
		nums = []Number{num("GB/s on 1 worker", one.Throughput/1e9, GBPerSec),
			num(fmt.Sprintf("GB/s on %d workers", top.Workers), top.Throughput/1e9, GBPerSec),
			e.number("efficiency S(C)/C", Fraction)}
	}
	th := []Number{num("CPUs needed to tell", bandwidthMinCPUs, Count), num("efficiency: flat at most", flatEfficiencyMax, Fraction),
		num("efficiency: linear at least", linearEfficiencyMin, Fraction)}
	if v, stop := gate(d, bandwidthMinCPUs); stop {
		return v.with(nums, th)
	}
	if one == nil || top == nil || top.Workers != d.CPUs {
		return inconclusive("no points at 1 and %d workers", d.CPUs)
	}
	switch {
	case e.side(flatEfficiencyMax) < 0:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("%d workers reach %.1f GB/s, an efficiency of only %s against the one worker's %.1f GB/s",
			d.CPUs, top.Throughput/1e9, e.text(Fraction), one.Throughput/1e9)}.with(nums, th)
	case e.side(linearEfficiencyMin) > 0:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("%d workers still scale: an efficiency of %s; the bandwidth did not saturate here",
			d.CPUs, e.text(Fraction))}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("an efficiency of %s at %d workers is not clearly flat (at most %.2f) nor linear (at least %.2f)",
		e.text(Fraction), d.CPUs, flatEfficiencyMax, linearEfficiencyMin)}.with(nums, th)
}
