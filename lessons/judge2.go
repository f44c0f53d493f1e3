package lessons

import (
	"fmt"
	"math"
)

// judgeProcesses holds when both process executors start up in at least
// startupMin and their cost on the most workers, start-up plus a pass,
// exceeds the goroutines' pass by more than costNoise.
func judgeProcesses(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	g := d.byExecutor("goroutines")
	gp := g.top(d.CPUs)
	if gp == nil {
		return inconclusive("the goroutines' series has no usable point")
	}
	nums := []Number{{fmt.Sprintf("goroutines: a pass on %d workers", gp.Workers), gp.Median, Seconds}}
	th := []Number{{"startupMin (start-up at least)", startupMin, Seconds}, {"costNoise (relative band)", costNoise, Fraction}}
	out := Held
	var why []string
	for _, e := range []string{"processes", "shm"} {
		m := d.byExecutor(e)
		pt, raw := m.top(d.CPUs), m.raw(gp.Workers)
		if pt == nil || raw == nil || pt.Workers != gp.Workers {
			return inconclusive("the %s series has no point at %d workers", e, gp.Workers)
		}
		cost := raw.StartupS + pt.Median
		nums = append(nums, Number{e + ": start-up", raw.StartupS, Seconds}, Number{e + ": start-up + pass", cost, Seconds},
			Number{e + ": bytes sent per pass", float64(raw.BytesSent), Bytes})
		switch {
		case raw.StartupS < startupMin || cost < gp.Median*(1-costNoise):
			out = NotHeld
			why = append(why, fmt.Sprintf("%s started in %s and cost %s, not more than goroutines' %s", e, Number{"", raw.StartupS, Seconds}.Text(), Number{"", cost, Seconds}.Text(), Number{"", gp.Median, Seconds}.Text()))
		case cost <= gp.Median*(1+costNoise):
			if out == Held {
				out = Inconclusive
			}
			why = append(why, fmt.Sprintf("%s cost within %.0f%% of goroutines", e, 100*costNoise))
		default:
			why = append(why, fmt.Sprintf("%s pays %s to start and %s in all, against %s", e, Number{"", raw.StartupS, Seconds}.Text(), Number{"", cost, Seconds}.Text(), Number{"", gp.Median, Seconds}.Text()))
		}
	}
	return Verdict{Outcome: out, Reason: joinParts(why)}.with(nums, th)
}

// judgeChunking holds when one task per message (element) never beats the
// serial algorithm and chunked dispatch (dynamic) wins back at least
// recoverShareMin of the speed it lost.
func judgeChunking(d Data) Verdict {
	if v, stop := gate(d, 1); stop {
		return v
	}
	el, ch := d.bySchedule("element"), d.bySchedule("dynamic")
	ea, ep := el.bestAbs()
	ca, cp := ch.bestAbs()
	if math.IsNaN(ea) || math.IsNaN(ca) {
		return inconclusive("no serial reference or no usable point to compare with it")
	}
	share := (ca - ea) / (1 - ea)
	nums := []Number{{fmt.Sprintf("one task per message: best T_S/T(P) (P = %d)", ep), ea, Times},
		{fmt.Sprintf("chunks of %d: best T_S/T(P) (P = %d)", ch.Series.Chunk, cp), ca, Times},
		{"share of the lost speed won back", share, Fraction}}
	th := []Number{{"slower than serial: T_S/T(P) below", 1, Times}, {"recoverShareMin (won back at least)", recoverShareMin, Fraction}}
	switch {
	case ea >= 1:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("one task per message reached %.2f× the serial speed: the tasks were big enough here", ea)}.with(nums, th)
	case share < recoverShareMin:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("one task per message runs at %.2f× the serial speed, and chunks win back only %.0f%% of the loss (%.2f×)", ea, 100*share, ca)}.with(nums, th)
	}
	return Verdict{Outcome: Held, Reason: fmt.Sprintf("one task per message runs at %.2f× the serial speed; chunks of %d run at %.2f×, winning back %.0f%% of the loss",
		ea, ch.Series.Chunk, ca, 100*share)}.with(nums, th)
}

// judgeSharedMemory holds when, on the most workers, shm sends at least
// bytesRatioMin times fewer bytes than processes and is not slower by
// more than timeSlack.
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
	nums := []Number{
		{"processes: bytes sent", float64(pr.BytesSent), Bytes}, {"shm: bytes sent", float64(sr.BytesSent), Bytes},
		{"processes: a pass", pp.Median, Seconds}, {"shm: a pass", sp.Median, Seconds},
		{"processes: peak memory", float64(pr.PeakRSSBytes), Bytes}, {"shm: peak memory", float64(sr.PeakRSSBytes), Bytes}}
	th := []Number{{"bytesRatioMin (fewer bytes at least ×)", bytesRatioMin, Times}, {"timeSlack (slower at most)", timeSlack, Fraction}}
	fewer := float64(sr.BytesSent)*bytesRatioMin <= float64(pr.BytesSent)
	faster := sp.Median <= pp.Median*(1+timeSlack)
	// Slower beyond the noise: every shm sample's interval lies above the
	// processes' median interval.
	slower := sp.Summary.MedianLo > pp.Summary.MedianHi
	switch {
	case fewer && !faster && !slower:
		return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("shm sent %s against %s, but its time (%s against %s) is within the noise",
			nums[1].Text(), nums[0].Text(), nums[3].Text(), nums[2].Text())}.with(nums, th)
	case fewer && faster:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("on %d workers shm sent %s against %s, in %s against %s", pp.Workers,
			nums[1].Text(), nums[0].Text(), nums[3].Text(), nums[2].Text())}.with(nums, th)
	case !fewer:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("shm sent %s, not %.0f× fewer than the %s of processes", nums[1].Text(), bytesRatioMin, nums[0].Text())}.with(nums, th)
	}
	return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("shm sent fewer bytes but took %s against %s", nums[3].Text(), nums[2].Text())}.with(nums, th)
}

// judgeRaces holds when the lost-update variant lost updates on two or
// more workers, mutex and atomic are correct with a speedup below 1 at
// the CPU count, and local is correct with a speedup of at least
// cpuEfficiencyMin·C. No lost update is inconclusive: the race is there
// but did not show.
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
	nums := []Number{{fmt.Sprintf("lost-update: increments lost (P = %d)", lostAt), float64(lost), Count}}
	th := []Number{{"mutex, atomic: speedup below", 1, Times}, {"local: cpuEfficiencyMin (S(C)/C at least)", cpuEfficiencyMin, Fraction}}
	r := racesParts{out: Held}
	if lost > 0 {
		r.add(Held, fmt.Sprintf("lost-update lost %d increments", lost))
	} else {
		r.add(Inconclusive, "lost-update lost no increment this time (the race is still there)")
	}
	for _, v := range []struct {
		name string
		min  float64 // the speedup must be above min, or below −min
	}{{"mutex", -1}, {"atomic", -1}, {"local", cpuEfficiencyMin * float64(d.CPUs)}} {
		m := d.byExperiment(v.name)
		pt := m.point(d.CPUs)
		if pt == nil {
			r.add(Inconclusive, v.name+" has no point at the CPU count")
			continue
		}
		nums = append(nums, Number{fmt.Sprintf("%s: speedup at P = %d", v.name, d.CPUs), pt.Speedup, Times})
		r.speedup(m, pt.Speedup, side(pt.Speedup, pt.SpeedupLo, pt.SpeedupHi, math.Abs(v.min)), v.min < 0)
	}
	return Verdict{Outcome: r.out, Reason: joinParts(r.why)}.with(nums, th)
}

// racesParts collects the parts of the races verdict: the worst outcome
// wins (did not hold over inconclusive over held).
type racesParts struct {
	out Outcome
	why []string
}

func (r *racesParts) add(o Outcome, why string) {
	if o == NotHeld || (o == Inconclusive && r.out == Held) {
		r.out = o
	}
	r.why = append(r.why, why)
}

// speedup judges a variant's speedup s, which lies on side of its
// threshold; slower says the claim wants it below.
func (r *racesParts) speedup(m *Measured, s float64, side int, slower bool) {
	name := m.Experiment
	for _, p := range m.Series.Points {
		if !p.Verified || p.Failed {
			r.add(NotHeld, fmt.Sprintf("%s gave a wrong count at P = %d", name, p.Workers))
			return
		}
	}
	want := 1
	if slower {
		want = -1
	}
	switch {
	case side == 0:
		r.add(Inconclusive, fmt.Sprintf("%s: %.2f× is too noisy to tell", name, s))
	case side == want && slower:
		r.add(Held, fmt.Sprintf("%s is correct but slower (%.2f×)", name, s))
	case side == want:
		r.add(Held, fmt.Sprintf("%s is correct and scales (%.2f×)", name, s))
	default:
		r.add(NotHeld, fmt.Sprintf("%s: %.2f×", name, s))
	}
}

// judgeLoadBalance holds when the dynamic queue's speedup at the CPU
// count is at least 1+balanceGainMin times the block split's; at most
// equal is did not hold, between them inconclusive.
func judgeLoadBalance(d Data) Verdict {
	if v, stop := gate(d, minCPUs); stop {
		return v
	}
	bl, dy, in := d.bySchedule("block").point(d.CPUs), d.bySchedule("dynamic").point(d.CPUs), d.bySchedule("interleave").point(d.CPUs)
	if bl == nil || dy == nil {
		return inconclusive("no block or dynamic point at the CPU count (%d)", d.CPUs)
	}
	nums := []Number{{"block: speedup", bl.Speedup, Times}, {"dynamic: speedup", dy.Speedup, Times}}
	if in != nil {
		nums = append(nums, Number{"interleave: speedup", in.Speedup, Times})
	}
	gain := dy.Speedup / bl.Speedup
	nums = append(nums, Number{"dynamic ÷ block", gain, Times}, Number{"ideal ÷ (6 rows vs 5)", 1.2, Times})
	th := []Number{{"balanceGainMin (gain at least)", balanceGainMin, Fraction}}
	switch {
	case gain >= 1+balanceGainMin:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("on %d CPUs the queue reached %.2f×, the block split %.2f×", d.CPUs, dy.Speedup, bl.Speedup)}.with(nums, th)
	case gain <= 1:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("the queue reached %.2f×, no more than the block split's %.2f×", dy.Speedup, bl.Speedup)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("the queue gained %.0f%%, less than %.0f%%: too close to tell", 100*(gain-1), 100*balanceGainMin)}.with(nums, th)
}

// judgeMemory holds when the peak memory at the CPU count is at least
// memGrowthMin times that at one worker.
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
	nums := []Number{{"peak memory, 1 worker", float64(one.PeakRSSBytes), Bytes},
		{fmt.Sprintf("peak memory, %d workers", d.CPUs), float64(top.PeakRSSBytes), Bytes}, {"growth", growth, Times}}
	th := []Number{{"memGrowthMin (growth at least)", memGrowthMin, Times}}
	if growth >= memGrowthMin {
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("the peak memory grew %.2f× from 1 to %d workers", growth, d.CPUs)}.with(nums, th)
	}
	return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("the peak memory grew only %.2f× from 1 to %d workers", growth, d.CPUs)}.with(nums, th)
}

// judgeBandwidth holds when the efficiency at the CPU count is at most
// flatEfficiencyMax, and did not hold at linearEfficiencyMin or more.
// Below bandwidthMinCPUs CPUs it is inconclusive: flattening cannot be
// told from the end of the CPUs.
func judgeBandwidth(d Data) Verdict {
	m := d.first()
	one, top := m.point(1), m.top(d.CPUs)
	var nums []Number
	if one != nil && top != nil {
		nums = []Number{{"GB/s on 1 worker", one.Throughput / 1e9, GBPerSec},
			{fmt.Sprintf("GB/s on %d workers", top.Workers), top.Throughput / 1e9, GBPerSec}, {"efficiency S(C)/C", top.Efficiency, Fraction}}
	}
	th := []Number{{"bandwidthMinCPUs", bandwidthMinCPUs, Count}, {"flatEfficiencyMax", flatEfficiencyMax, Fraction}, {"linearEfficiencyMin", linearEfficiencyMin, Fraction}}
	if v, stop := gate(d, bandwidthMinCPUs); stop {
		return v.with(nums, th)
	}
	if one == nil || top == nil || top.Workers != d.CPUs {
		return inconclusive("no points at 1 and %d workers", d.CPUs)
	}
	switch {
	case top.Efficiency <= flatEfficiencyMax:
		return Verdict{Outcome: Held, Reason: fmt.Sprintf("%d workers reach %.1f GB/s, only %.0f%% of %d× the one worker's %.1f GB/s", d.CPUs, top.Throughput/1e9, 100*top.Efficiency, d.CPUs, one.Throughput/1e9)}.with(nums, th)
	case top.Efficiency >= linearEfficiencyMin:
		return Verdict{Outcome: NotHeld, Reason: fmt.Sprintf("%d workers still scale: %.0f%% efficiency; the bandwidth did not saturate here", d.CPUs, 100*top.Efficiency)}.with(nums, th)
	}
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf("%.0f%% efficiency at %d workers lies between flat and linear", 100*top.Efficiency, d.CPUs)}.with(nums, th)
}
