package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// FFloor is the smallest serial fraction (or α) whose interval
// CheckPrecision asks to ±x times it: a smaller one is asked to ±x·FFloor,
// since at f = 0.01 a relative ±x would ask the speedups to a hundredth
// of x.
const FFloor = 0.25

// Shortfall is one quantity whose interval is wider than asked: "S(2)",
// "f" or "α", and the relative half-width it reached (NaN: no interval).
type Shortfall struct {
	What string  `json:"what"`
	Half float64 `json:"half"`
}

// CheckPrecision lists the quantities of a whose interval is wider than
// ±x: the speedup of every fitted point (P ≤ cpus, not oversubscribed,
// past the baseline) relative to itself, and Amdahl's f or Gustafson's α
// relative to max(it, FFloor). The larger half of an interval counts.
// None with x ≤ 0.
func CheckPrecision(a *scaling.Analysis, cpus int, x float64) []Shortfall {
	if x <= 0 || a == nil {
		return nil
	}
	var out []Shortfall
	for i, p := range a.Points {
		if i == 0 || p.Oversubscribed || (cpus > 0 && p.Workers > cpus) {
			continue
		}
		if h := half(p.Speedup, p.SpeedupLo, p.SpeedupHi) / p.Speedup; !(h <= x) {
			out = append(out, Shortfall{What: fmt.Sprintf("S(%d)", p.Workers), Half: h})
		}
	}
	check := func(what string, v, lo, hi float64) {
		if h := half(v, lo, hi) / max(v, FFloor); !(h <= x) {
			out = append(out, Shortfall{What: what, Half: h})
		}
	}
	if f := a.Amdahl; f != nil {
		check("f", f.F, f.FLo, f.FHi)
	}
	if g := a.Gustafson; g != nil {
		check("α", g.Alpha, g.AlphaLo, g.AlphaHi)
	}
	return out
}

// half is the larger half of the interval [lo, hi] about v; NaN when the
// interval is unknown.
func half(v, lo, hi float64) float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return math.NaN()
	}
	return max(v-lo, hi-v)
}

// Precise reports whether the series s measured so far answers to ±x
// (CheckPrecision) when fitted with the points up to cpus: what the
// sweep asks after every round to decide whether to run another.
// A point within the CPUs with fewer than two samples (every pass of it
// disturbed, say) is not precise.
func Precise(s *results.Series, cpus int, x float64) bool {
	for _, p := range s.Points {
		if !p.Failed && !p.Oversubscribed && (cpus == 0 || p.Workers <= cpus) && len(p.SamplesS)+len(p.Throughput) < 2 {
			return false
		}
	}
	opt := scaling.DefaultOptions
	opt.CPUs = cpus
	a, err := scaling.Analyze(Input(s), opt)
	return err == nil && len(CheckPrecision(&a, cpus, x)) == 0
}

// PrecisionSentence says which quantities missed ±x and why the rounds
// stopped, or "" when none missed it: "±2% not reached: S(2) ±3.1%, f
// ±9% after 30 rounds: the time allowed was spent".
func PrecisionSentence(short []Shortfall, x float64, p *results.Protocol) string {
	if len(short) == 0 {
		return ""
	}
	parts := make([]string, len(short))
	for i, s := range short {
		if math.IsNaN(s.Half) {
			parts[i] = s.What + " has no interval"
		} else {
			parts[i] = fmt.Sprintf("%s ±%s", s.What, pct(s.Half))
		}
	}
	out := fmt.Sprintf("±%s not reached: %s", pct(x), strings.Join(parts, ", "))
	if p != nil {
		out += fmt.Sprintf(" after %d rounds", p.Rounds)
		if why := stopReason(p.Stopped); why != "" {
			out += ": " + why
		}
	}
	return out
}

// stopReason says in words why rounds stopped short of the precision.
func stopReason(s results.Stop) string {
	switch s {
	case results.StopMaxRounds:
		return "the most rounds allowed (--max-reps) ran"
	case results.StopMaxTime:
		return "the time allowed (--max-time) was spent"
	case results.StopFailed:
		return "a point failed"
	case results.StopInterrupted:
		return "the run was interrupted"
	}
	return ""
}

// pct formats a fraction as a percentage of two significant digits.
func pct(x float64) string {
	if p := 100 * x; p < 10 {
		return fmt.Sprintf("%.2g%%", p)
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}
