package lessons

import (
	"fmt"
	"strconv"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/workloads"
)

// The judges of the lessons on what parallel work costs. Where a claim
// compares two series, each series' passes are taken relative to its own
// serial reference in the same round (T_S/T(P), the speed against the
// serial algorithm), and the two series are drawn on their own.

// judgeProcesses holds when, for each process executor, a pass from a
// standing start on the CPU count (the workers' start-up and one pass)
// costs at least costRatioMin times what it costs on goroutines. The
// lesson's pass is short against the start-up, so that the start-up
// shows.
func judgeProcesses(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	g := d.byExecutor("goroutines")
	gp := top(g, d.CPUs)
	if gp == nil {
		return inconclusive("the goroutines' series has no usable point")
	}
	grow := row(g, gp.Workers)
	nums := []Number{num(fmt.Sprintf("goroutines: start-up + pass, P=%d", gp.Workers), grow.StartupS+gp.Median,
		Seconds)}
	th := []Number{num("start-up + pass: min × goroutines", costRatioMin, Times)}
	var r parts
	for _, e := range []string{"processes", "shm"} {
		m := d.byExecutor(e)
		pt, er := top(m, d.CPUs), row(m, gp.Workers)
		if pt == nil || er == nil || pt.Workers != gp.Workers {
			return inconclusive("the %s series has no point at %d workers", e, gp.Workers)
		}
		cost := analysis.Combine(m.Samples(pt.Workers), g.Samples(gp.Workers),
			func(me, mg float64) float64 { return (er.StartupS + me) / (grow.StartupS + mg) })
		nums = append(nums, num(e+": start-up", er.StartupS, Seconds),
			numberOf(cost, e+": cost ÷ goroutines'", Times))
		start := num("", er.StartupS, Seconds).plain()
		switch o := outcome(cost, costRatioMin, 1); o {
		case Held:
			r.add(o,
				fmt.Sprintf("%s starts in %s and a pass from a standing start costs %s what it costs on goroutines",
					e, start, text(cost, Times)))
		case NotHeld:
			r.add(o, fmt.Sprintf("%s starts in %s, and a pass from a standing start costs only %s what it costs on "+
				"goroutines", e, start, text(cost, Times)))
		default:
			r.add(o, noisy(e+"'s cost against goroutines'", cost, Times, costRatioMin))
		}
	}
	return r.verdict(nums, th)
}

// judgeChunking holds when one task per message (element) is slower than
// the serial algorithm, T_S/T(P) below 1, and chunked dispatch (dynamic)
// wins back at least recoverShareMin of the speed it lost, each on the
// CPU count with its interval clear of the threshold.
func judgeChunking(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	el, ch := d.bySchedule("element"), d.bySchedule("dynamic")
	ep, cp := top(el, d.CPUs), top(ch, d.CPUs)
	if ep == nil || cp == nil {
		return inconclusive("no usable point of one task per message or of chunks")
	}
	er, cr := el.PerRound(0, ep.Workers), ch.PerRound(0, cp.Workers)
	if len(er) == 0 || len(cr) == 0 {
		return inconclusive("no serial reference to compare with")
	}
	ea, ca := analysis.MedianOf(er), analysis.MedianOf(cr)
	share := analysis.Combine(cr, er, func(mc, me float64) float64 { return (mc - me) / (1 - me) })
	nums := []Number{numberOf(ea, fmt.Sprintf("one task a message: T_S/T(%d)", ep.Workers), Times),
		numberOf(ca, fmt.Sprintf("chunks of %d: T_S/T(%d)", d.chunk(ch), cp.Workers), Times),
		numberOf(share, "share of the lost speed won back", Fraction)}
	th := []Number{num("one task a message: T_S/T(P) below", 1, Times),
		num("lost speed won back: at least", recoverShareMin, Fraction)}
	var r parts
	switch o := outcome(ea, 1, -1); o {
	case Held:
		r.add(o, fmt.Sprintf("one task per message runs at %s the serial speed", text(ea, Times)))
	case NotHeld:
		r.add(o, fmt.Sprintf("one task per message reached %s the serial speed: the tasks were big enough here",
			text(ea, Times)))
	default:
		r.add(o, noisy("one task per message against serial", ea, Times, 1))
	}
	switch o := outcome(share, recoverShareMin, 1); o {
	case Held:
		r.add(o, fmt.Sprintf("chunks of %d run at %s, winning back %s of the loss", d.chunk(ch), text(ca, Times),
			text(share, Fraction)))
	case NotHeld:
		r.add(o, fmt.Sprintf("chunks run at %s and win back only %s of the loss", text(ca, Times), text(share,
			Fraction)))
	default:
		r.add(o, noisy("the share of the loss won back by chunks", share, Fraction, recoverShareMin))
	}
	return r.verdict(nums, th)
}

// judgeSharedMemory holds when, on the CPU count, shm sends at least
// bytesRatioMin times fewer bytes than processes and runs faster: its
// speed against the serial algorithm over that of processes is above 1,
// with its interval clear.
func judgeSharedMemory(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	pm, sm := d.byExecutor("processes"), d.byExecutor("shm")
	pp, sp := top(pm, d.CPUs), top(sm, d.CPUs)
	if pp == nil || sp == nil || pp.Workers != sp.Workers {
		return inconclusive("the processes and shm series have no common point")
	}
	pr, sr := row(pm, pp.Workers), row(sm, sp.Workers)
	faster := analysis.Quotient(sm.PerRound(0, sp.Workers), pm.PerRound(0, pp.Workers))
	nums := []Number{
		num("processes: bytes sent per pass", float64(pr.BytesSent), Bytes), num("shm: bytes sent per pass",
			float64(sr.BytesSent), Bytes),
		num("processes: a pass", pp.Median, Seconds), num("shm: a pass", sp.Median, Seconds),
		numberOf(faster, "shm's speed ÷ processes'", Times)}
	th := []Number{num("fewer bytes sent: at least ×", bytesRatioMin, Times), num("shm's speed ÷ processes': above",
		1, Times)}
	bytes := func(n int64) string { return num("", float64(n), Bytes).plain() }
	if float64(sr.BytesSent)*bytesRatioMin > float64(pr.BytesSent) {
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("shm sent %s, not %.0f× fewer than the %s of processes",
			bytes(sr.BytesSent), bytesRatioMin, bytes(pr.BytesSent))}.with(nums, th)
	}
	switch o := outcome(faster, 1, 1); o {
	case Held:
		return Verdict{Outcome: o,
			Reason: fmt.Sprintf("on %d workers shm sent %s a pass against %s, and ran %s as fast",
				pp.Workers, bytes(sr.BytesSent), bytes(pr.BytesSent), text(faster, Times))}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("shm sent fewer bytes but ran at only %s the speed of processes",
			text(faster, Times))}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("shm sent %s against %s, but %s", bytes(sr.BytesSent),
		bytes(pr.BytesSent), noisy("its speed against processes'", faster, Times, 1))}.with(nums, th)
}

// judgeRaces holds when the lost-update variant lost updates on two or
// more workers; mutex and atomic are correct and, on the CPU count,
// slower than the plain serial count, T_S/T(C) below 1 (every increment
// pays for its synchronisation); and local is correct with a speedup
// T(1)/T(C) of at least scalesMin(C); each interval clear of its
// threshold. No lost update is inconclusive: the race is there but did
// not show.
func judgeRaces(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	var lost, lostAt int64
	if m := d.byExperiment("lost-update"); m != nil {
		for _, p := range m.Rows {
			if n := lostUpdates(p.Note); p.Workers >= 2 && n > lost {
				lost, lostAt = n, int64(p.Workers)
			}
		}
	}
	local := scalesMin(d.CPUs)
	nums := []Number{num(fmt.Sprintf("lost-update: lost at P = %d", lostAt), float64(lost), Count)}
	th := []Number{num("local: speedup at least", local, Times)} // mutex's and atomic's: in their names
	var r parts
	if lost > 0 {
		r.add(Held, fmt.Sprintf("lost-update lost %d increments", lost))
	} else {
		r.add(Inconclusive, "lost-update lost no increment this time (the race is still there)")
	}
	for _, v := range []string{"mutex", "atomic", "local"} {
		m := d.byExperiment(v)
		if wrong := wrongAt(m); wrong > 0 {
			r.add(NotHeld, fmt.Sprintf("%s gave a wrong count at P = %d", v, wrong))
			continue
		}
		if point(m, d.CPUs) == nil {
			r.add(Inconclusive, fmt.Sprintf("%s has no undisturbed point at the CPU count", v))
			continue
		}
		if v == "local" {
			s := speedup(point(m, d.CPUs))
			nums = append(nums, numberOf(s, fmt.Sprintf("local: speedup at P = %d", d.CPUs), Times))
			r.add(sided(s, local, 1, "local is correct and scales ("+text(s, Times)+")",
				fmt.Sprintf("local is correct but only %s faster on %d workers, less than %.2f×", text(s, Times),
					d.CPUs, local), noisy("local's speedup", s, Times, local)))
			continue
		}
		s := m.PairedRatio(0, d.CPUs)
		nums = append(nums, numberOf(s, fmt.Sprintf("%s: T_S/T(%d), below 1×", v, d.CPUs), Times))
		r.add(sided(s, 1, -1, fmt.Sprintf("%s is correct but runs at %s the speed of a plain serial count", v,
			text(s, Times)), fmt.Sprintf("%s on %d workers beat the plain serial count: %s", v, d.CPUs, text(s, Times)),
			noisy(v+" against the serial count", s, Times, 1)))
	}
	return r.verdict(nums, th)
}

// sided is the outcome of a claim that wants e on side want of t, with
// the reason of each outcome.
func sided(e est, t float64, want int, held, notHeld, open string) (Outcome, string) {
	switch o := outcome(e, t, want); o {
	case Held:
		return o, held
	case NotHeld:
		return o, notHeld
	}
	return Inconclusive, open
}

// wrongAt returns the workers of the first point of m that gave a wrong
// answer or failed, 0 when none did.
func wrongAt(m *analysis.Series) int {
	if m == nil {
		return 0
	}
	for _, p := range m.Rows {
		if !p.Verified || p.Failed {
			return p.Workers
		}
	}
	return 0
}

// judgeLoadBalance holds when, on the CPU count, the dynamic queue's
// speed against the serial algorithm is at least 1+balanceGainMin times
// the block split's, with its interval clear; below it, did not hold.
func judgeLoadBalance(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	bm, dm := d.bySchedule("block"), d.bySchedule("dynamic")
	if point(bm, d.CPUs) == nil || point(dm, d.CPUs) == nil {
		return inconclusive("no block or dynamic point at the CPU count (%d)", d.CPUs)
	}
	br, dr := bm.PerRound(0, d.CPUs), dm.PerRound(0, d.CPUs)
	if len(br) == 0 || len(dr) == 0 {
		return inconclusive("no serial reference to compare with")
	}
	bs, ds, gain := analysis.MedianOf(br), analysis.MedianOf(dr), analysis.Quotient(dr, br)
	want := 1 + balanceGainMin
	nums := []Number{numberOf(bs, fmt.Sprintf("block split: T_S/T(%d)", d.CPUs), Times),
		numberOf(ds, fmt.Sprintf("queue: T_S/T(%d)", d.CPUs), Times), numberOf(gain, "queue's speed ÷ block split's",
			Times)}
	if ideal := blockShare(bm, d.CPUs); ideal > 0 {
		nums = append(nums, num("queue ÷ block split, in theory", ideal, Times))
	}
	th := []Number{num("queue's speed ÷ block split's: at least", want, Times)}
	switch o := outcome(gain, want, 1); o {
	case Held:
		return Verdict{Outcome: o,
			Reason: fmt.Sprintf(
				"on %d CPUs the queue ran %s as fast as the block split (%s against %s the serial speed)",
				d.CPUs, text(gain, Times), text(ds, Times), text(bs, Times))}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o,
			Reason: fmt.Sprintf("the queue ran only %s as fast as the block split, less than %.2f×",
				text(gain, Times), want)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: noisy("the queue's speed against the block split's", gain, Times,
		want)}.with(nums, th)
}

// blockShare is what a queue gains over a block split of m's rowgrid on
// p CPUs that run alike: p times the share of the work in the largest
// block (the first, in a triangle or a parabola). 0 when m is not a
// rowgrid.
func blockShare(m *analysis.Series, p int) float64 {
	if m == nil || m.Workload != "rowgrid" || p < 1 {
		return 0
	}
	rows, _ := strconv.Atoi(m.Params["rows"])
	per, _ := strconv.Atoi(m.Params["rows-per-task"])
	if rows < 1 || per < 1 {
		return 0
	}
	tasks := (rows + per - 1) / per
	var most, total int64
	for w := range p { // the block split of the executor: the first tasks%p blocks one task longer
		first, n := w*(tasks/p)+min(w, tasks%p), tasks/p
		if w < tasks%p {
			n++
		}
		cells, all, err := workloads.RowgridCells(m.Params, first*per, n*per)
		if err != nil {
			return 0
		}
		most, total = max(most, cells), all
	}
	if total == 0 {
		return 0
	}
	return float64(p) * float64(most) / float64(total)
}

// judgeMemory holds when the peak memory at the CPU count C is at least
// 1 + memGrowthShare·(C−1) times that at one worker: at least halfway to
// C-fold. The peak is read once per point, in its warm-up.
func judgeMemory(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	m := d.first()
	one, top := row(m, 1), row(m, d.CPUs)
	if one == nil || top == nil || one.PeakRSSBytes <= 0 || top.PeakRSSBytes <= 0 {
		return inconclusive("the peak memory was not measured at 1 and %d workers", d.CPUs)
	}
	growth := float64(top.PeakRSSBytes) / float64(one.PeakRSSBytes)
	want := 1 + memGrowthShare*float64(d.CPUs-1)
	nums := []Number{num("peak memory, 1 worker", float64(one.PeakRSSBytes), Bytes),
		num(fmt.Sprintf("peak memory, %d workers", d.CPUs), float64(top.PeakRSSBytes), Bytes), num("growth", growth,
			Times)}
	th := []Number{num(fmt.Sprintf("growth: at least (%d-fold is all)", d.CPUs), want, Times)}
	if growth >= want {
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the peak memory grew %.2f× from 1 to %d workers", growth,
			d.CPUs)}.with(nums, th)
	}
	return Verdict{Outcome: NotHeld,
		Reason: fmt.Sprintf("the peak memory grew only %.2f× from 1 to %d workers, less than %.2f×",
			growth, d.CPUs, want)}.with(nums, th)
}
