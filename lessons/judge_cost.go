package lessons

import (
	"fmt"
	"strconv"
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
	gp := g.top(d.CPUs)
	if gp == nil {
		return inconclusive("the goroutines' series has no usable point")
	}
	graw := g.raw(gp.Workers)
	gs, _ := g.passes(gp.Workers)
	nums := []Number{num(fmt.Sprintf("goroutines: start-up + a pass (P = %d)", gp.Workers), graw.StartupS+gp.Median, Seconds)}
	th := []Number{num("start-up + a pass: at least × goroutines'", costRatioMin, Times)}
	var r parts
	for _, e := range []string{"processes", "shm"} {
		m := d.byExecutor(e)
		pt, raw := m.top(d.CPUs), m.raw(gp.Workers)
		if pt == nil || raw == nil || pt.Workers != gp.Workers {
			return inconclusive("the %s series has no point at %d workers", e, gp.Workers)
		}
		es, _ := m.passes(pt.Workers)
		cost := combine(es, gs, func(me, mg float64) float64 { return (raw.StartupS + me) / (graw.StartupS + mg) })
		nums = append(nums, num(e+": start-up", raw.StartupS, Seconds), num(e+": a pass", pt.Median, Seconds),
			cost.number(e+": cost ÷ goroutines'", Times), num(e+": bytes sent per pass", float64(raw.BytesSent), Bytes))
		start := num("", raw.StartupS, Seconds).plain()
		switch o := outcome(cost, costRatioMin, 1); o {
		case Held:
			r.add(o, fmt.Sprintf("%s starts in %s and a pass from a standing start costs %s what it costs on goroutines",
				e, start, cost.text(Times)))
		case NotHeld:
			r.add(o, fmt.Sprintf("%s starts in %s, and a pass from a standing start costs only %s what it costs on goroutines",
				e, start, cost.text(Times)))
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
	ep, cp := el.top(d.CPUs), ch.top(d.CPUs)
	if ep == nil || cp == nil {
		return inconclusive("no usable point of one task per message or of chunks")
	}
	er, cr := el.perRound(0, ep.Workers), ch.perRound(0, cp.Workers)
	if len(er) == 0 || len(cr) == 0 {
		return inconclusive("no serial reference to compare with")
	}
	ea, ca := medianEst(er), medianEst(cr)
	share := combine(cr, er, func(mc, me float64) float64 { return (mc - me) / (1 - me) })
	nums := []Number{ea.number(fmt.Sprintf("one task a message: T_S/T(%d)", ep.Workers), Times),
		ca.number(fmt.Sprintf("chunks of %d: T_S/T(%d)", ch.Series.Chunk, cp.Workers), Times),
		share.number("share of the lost speed won back", Fraction)}
	th := []Number{num("one task a message: T_S/T(P) below", 1, Times),
		num("share of the lost speed won back: at least", recoverShareMin, Fraction)}
	var r parts
	switch o := outcome(ea, 1, -1); o {
	case Held:
		r.add(o, fmt.Sprintf("one task per message runs at %s the serial speed", ea.text(Times)))
	case NotHeld:
		r.add(o, fmt.Sprintf("one task per message reached %s the serial speed: the tasks were big enough here", ea.text(Times)))
	default:
		r.add(o, noisy("one task per message against serial", ea, Times, 1))
	}
	switch o := outcome(share, recoverShareMin, 1); o {
	case Held:
		r.add(o, fmt.Sprintf("chunks of %d run at %s, winning back %s of the loss", ch.Series.Chunk, ca.text(Times),
			share.text(Fraction)))
	case NotHeld:
		r.add(o, fmt.Sprintf("chunks run at %s and win back only %s of the loss", ca.text(Times), share.text(Fraction)))
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
	pp, sp := pm.top(d.CPUs), sm.top(d.CPUs)
	if pp == nil || sp == nil || pp.Workers != sp.Workers {
		return inconclusive("the processes and shm series have no common point")
	}
	pr, sr := pm.raw(pp.Workers), sm.raw(sp.Workers)
	faster := quotient(sm.perRound(0, sp.Workers), pm.perRound(0, pp.Workers))
	nums := []Number{
		num("processes: bytes sent per pass", float64(pr.BytesSent), Bytes), num("shm: bytes sent per pass", float64(sr.BytesSent), Bytes),
		num("processes: a pass", pp.Median, Seconds), num("shm: a pass", sp.Median, Seconds),
		faster.number("shm's speed ÷ processes'", Times)}
	th := []Number{num("fewer bytes sent: at least ×", bytesRatioMin, Times), num("shm's speed ÷ processes': above", 1, Times)}
	bytes := func(n int64) string { return num("", float64(n), Bytes).plain() }
	if float64(sr.BytesSent)*bytesRatioMin > float64(pr.BytesSent) {
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("shm sent %s, not %.0f× fewer than the %s of processes",
			bytes(sr.BytesSent), bytesRatioMin, bytes(pr.BytesSent))}.with(nums, th)
	}
	switch o := outcome(faster, 1, 1); o {
	case Held:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("on %d workers shm sent %s a pass against %s, and ran %s as fast",
			pp.Workers, bytes(sr.BytesSent), bytes(pr.BytesSent), faster.text(Times))}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("shm sent fewer bytes but ran at only %s the speed of processes",
			faster.text(Times))}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("shm sent %s against %s, but %s", bytes(sr.BytesSent),
		bytes(pr.BytesSent), noisy("its speed against processes'", faster, Times, 1))}.with(nums, th)
}

// judgeRaces holds when the lost-update variant lost updates on two or
// more workers, mutex and atomic are correct with a speedup below 1 at
// the CPU count, and local is correct with a speedup of at least
// cpuEfficiencyMin·C, each interval clear of its threshold. No lost
// update is inconclusive: the race is there but did not show.
func judgeRaces(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	var lost, lostAt int64
	if m := d.byExperiment("lost-update"); m != nil {
		for _, p := range m.Series.Points {
			if n := lostUpdates(p.Note); p.Workers >= 2 && n > lost {
				lost, lostAt = n, int64(p.Workers)
			}
		}
	}
	local := cpuEfficiencyMin * float64(d.CPUs)
	nums := []Number{num(fmt.Sprintf("lost-update: increments lost (P = %d)", lostAt), float64(lost), Count)}
	th := []Number{num("mutex, atomic: speedup below", 1, Times), num("local: speedup at least", local, Times)}
	var r parts
	if lost > 0 {
		r.add(Held, fmt.Sprintf("lost-update lost %d increments", lost))
	} else {
		r.add(Inconclusive, "lost-update lost no increment this time (the race is still there)")
	}
	for _, v := range []struct {
		name string
		t    float64
		want int // the side of t the speedup must lie on
	}{{"mutex", 1, -1}, {"atomic", 1, -1}, {"local", local, 1}} {
		m := d.byExperiment(v.name)
		if wrong := m.wrongAt(); wrong > 0 {
			r.add(NotHeld, fmt.Sprintf("%s gave a wrong count at P = %d", v.name, wrong))
			continue
		}
		pt := m.point(d.CPUs)
		if pt == nil {
			r.add(Inconclusive, fmt.Sprintf("%s has no undisturbed point at the CPU count", v.name))
			continue
		}
		s := speedup(pt)
		nums = append(nums, s.number(fmt.Sprintf("%s: speedup at P = %d", v.name, d.CPUs), Times))
		switch o := outcome(s, v.t, v.want); {
		case o == Held && v.want < 0:
			r.add(o, fmt.Sprintf("%s is correct but slower (%s)", v.name, s.text(Times)))
		case o == Held:
			r.add(o, fmt.Sprintf("%s is correct and scales (%s)", v.name, s.text(Times)))
		case o == NotHeld:
			r.add(o, fmt.Sprintf("%s: %s, on the wrong side of %.2f×", v.name, s.text(Times), v.t))
		default:
			r.add(o, noisy(v.name, s, Times, v.t))
		}
	}
	return r.verdict(nums, th)
}

// wrongAt returns the workers of the first point of m that gave a wrong
// answer or failed, 0 when none did.
func (m *Measured) wrongAt() int {
	if m == nil {
		return 0
	}
	for _, p := range m.Series.Points {
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
	if bm.point(d.CPUs) == nil || dm.point(d.CPUs) == nil {
		return inconclusive("no block or dynamic point at the CPU count (%d)", d.CPUs)
	}
	br, dr := bm.perRound(0, d.CPUs), dm.perRound(0, d.CPUs)
	if len(br) == 0 || len(dr) == 0 {
		return inconclusive("no serial reference to compare with")
	}
	bs, ds, gain := medianEst(br), medianEst(dr), quotient(dr, br)
	want := 1 + balanceGainMin
	nums := []Number{bs.number(fmt.Sprintf("block split: T_S/T(%d)", d.CPUs), Times),
		ds.number(fmt.Sprintf("queue: T_S/T(%d)", d.CPUs), Times), gain.number("queue's speed ÷ block split's", Times)}
	if ideal := bm.blockShare(d.CPUs); ideal > 0 {
		nums = append(nums, num("queue ÷ block split, in theory", ideal, Times))
	}
	th := []Number{num("queue's speed ÷ block split's: at least", want, Times)}
	switch o := outcome(gain, want, 1); o {
	case Held:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("on %d CPUs the queue ran %s as fast as the block split (%s against %s the serial speed)",
			d.CPUs, gain.text(Times), ds.text(Times), bs.text(Times))}.with(nums, th)
	case NotHeld:
		return Verdict{Outcome: o, Reason: fmt.Sprintf("the queue ran only %s as fast as the block split, less than %.2f×",
			gain.text(Times), want)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: noisy("the queue's speed against the block split's", gain, Times, want)}.with(nums, th)
}

// blockShare is what a queue gains over a block split of m's rowgrid on
// p CPUs that run alike: p times the share of the work in the first
// block (the largest, in a triangle). 0 when m is not a rowgrid.
func (m *Measured) blockShare(p int) float64 {
	if m == nil || m.Series.Workload != "rowgrid" {
		return 0
	}
	atoi := func(k string) int { n, _ := strconv.Atoi(m.Series.Params[k]); return n }
	rows, cols, per := atoi("rows"), atoi("cols"), atoi("rows-per-task")
	if rows < 1 || cols < 1 || per < 1 {
		return 0
	}
	tri := 0
	if m.Series.Params["shape"] == "triangle" {
		tri = rows
	}
	tasks := (rows + per - 1) / per
	var most int64
	for w := range p { // the block split of the executor: the first tasks%p blocks one task longer
		first, n := w*(tasks/p)+min(w, tasks%p), tasks/p
		if w < tasks%p {
			n++
		}
		row := first * per
		most = max(most, span(row, min(n*per, rows-row), cols, tri))
	}
	return float64(p) * float64(most) / float64(span(0, rows, cols, tri))
}

// span is the number of cells of rows [row, row+n) of a grid of cols
// columns that is a triangle of tri rows (0: a rectangle), as rowgrid
// lays it out.
func span(row, n, cols, tri int) int64 {
	var cells int64
	for r := row; r < row+n; r++ {
		first := 0
		if tri > 0 {
			first = r * cols / tri
		}
		cells += int64(cols - first)
	}
	return cells
}

// judgeMemory holds when the peak memory at the CPU count C is at least
// 1 + memGrowthShare·(C−1) times that at one worker: at least halfway to
// C-fold. The peak is read once per point, in its warm-up.
func judgeMemory(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	m := d.first()
	one, top := m.raw(1), m.raw(d.CPUs)
	if one == nil || top == nil || one.PeakRSSBytes <= 0 || top.PeakRSSBytes <= 0 {
		return inconclusive("the peak memory was not measured at 1 and %d workers", d.CPUs)
	}
	growth := float64(top.PeakRSSBytes) / float64(one.PeakRSSBytes)
	want := 1 + memGrowthShare*float64(d.CPUs-1)
	nums := []Number{num("peak memory, 1 worker", float64(one.PeakRSSBytes), Bytes),
		num(fmt.Sprintf("peak memory, %d workers", d.CPUs), float64(top.PeakRSSBytes), Bytes), num("growth", growth, Times)}
	th := []Number{num(fmt.Sprintf("growth: at least (%d-fold is all)", d.CPUs), want, Times)}
	if growth >= want {
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the peak memory grew %.2f× from 1 to %d workers", growth, d.CPUs)}.with(nums, th)
	}
	return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("the peak memory grew only %.2f× from 1 to %d workers, less than %.2f×",
		growth, d.CPUs, want)}.with(nums, th)
}
