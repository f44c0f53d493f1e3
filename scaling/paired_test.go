package scaling

import (
	"math"
	"math/rand/v2"
	"testing"
)

// driftingRounds is a strong-scaling series with serial fraction f on
// workers ps, measured in rounds: round k runs every point slower by a
// drift of up to 2× that moves the whole round (a busy neighbour, the
// clock), and each sample carries ±1% noise of its own.
func driftingRounds(f float64, rounds int, ps ...int) []Point {
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([]Point, len(ps))
	for k := range rounds {
		drift := 1 + rng.Float64()
		for i, p := range ps {
			t := 10 * (f + (1-f)/float64(p)) * drift * (1 + 0.02*(rng.Float64()-0.5))
			pts[i].Workers = p
			pts[i].Samples = append(pts[i].Samples, t)
			pts[i].Rounds = append(pts[i].Rounds, k)
		}
	}
	return pts
}

// TestPairedRoundsCancelDrift: with the rounds known, the drift of whole
// rounds divides out, and f and the speedups come out precise; without
// them, the same samples give wide intervals.
func TestPairedRoundsCancelDrift(t *testing.T) {
	opt := Options{Resamples: 1000, Seed: 1}
	for _, ps := range [][]int{{1, 2}, {1, 2, 4, 8}} {
		paired := Input{Points: driftingRounds(0.1, 12, ps...)}
		a, err := Analyze(paired, opt)
		if err != nil {
			t.Fatal(err)
		}
		unpaired := Input{Points: driftingRounds(0.1, 12, ps...)}
		for i := range unpaired.Points {
			unpaired.Points[i].Rounds = nil
		}
		u, err := Analyze(unpaired, opt)
		if err != nil {
			t.Fatal(err)
		}
		f := a.Amdahl
		// ±1% noise per sample moves a speedup by about ±1.4%, and f at
		// P = 2 by about three times as much: within ±0.02 of the truth.
		if math.Abs(f.F-0.1) > 0.02 || !(f.FLo <= 0.1 && 0.1 <= f.FHi) || f.FHi-f.FLo > 0.06 {
			t.Errorf(
				"P %v paired: f = %.4f (%.4f–%.4f), want 0.1 ± 0.02 inside an interval narrower than 0.06",
				ps,
				f.F,
				f.FLo,
				f.FHi,
			)
		}
		if w := u.Amdahl.FHi - u.Amdahl.FLo; w < 3*(f.FHi-f.FLo) {
			t.Errorf(
				"P %v: unpaired interval of f %.4f wide, paired %.4f: drift should widen the unpaired one",
				ps,
				w,
				f.FHi-f.FLo,
			)
		}
		for i, p := range a.Points {
			want := AmdahlSpeedup(0.1, float64(p.Workers))
			if p.Rounds != 12 || !(p.SpeedupLo <= want*1.01 && want*0.99 <= p.SpeedupHi) ||
				p.SpeedupHi-p.SpeedupLo > 0.05*want {
				t.Errorf("P=%d paired: S %.3f (%.3f–%.3f) over %d rounds, want about %.3f within ±2.5%%",
					p.Workers, p.Speedup, p.SpeedupLo, p.SpeedupHi, p.Rounds, want)
			}
			if i > 0 && u.Points[i].Rounds != 0 {
				t.Errorf("P=%d unpaired: %d rounds, want 0", p.Workers, u.Points[i].Rounds)
			}
		}
		if hasWarning(a, "noisy") {
			t.Errorf("P %v paired: the drift of whole rounds called noise: %q", ps, a.Warnings)
		}
	}
}

// TestPairedWeak: Gustafson's α from rounds with drift.
func TestPairedWeak(t *testing.T) {
	const alpha = 0.2
	rng := rand.New(rand.NewPCG(5, 6))
	pts := []Point{{Workers: 1}, {Workers: 2}}
	for k := range 10 {
		drift := 1 + rng.Float64()
		for i := range pts {
			p := float64(pts[i].Workers)
			// Scaled speedup P − α(P−1) with the work grown P-fold: the
			// time grows by P/S.
			t := drift * p / (p - alpha*(p-1)) * (1 + 0.01*(rng.Float64()-0.5))
			pts[i].Samples = append(pts[i].Samples, t)
			pts[i].Rounds = append(pts[i].Rounds, k)
		}
	}
	a, err := Analyze(Input{Points: pts, Mode: Weak}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	g := a.Gustafson
	if g == nil || math.Abs(g.Alpha-alpha) > 0.02 || !(g.AlphaLo <= alpha && alpha <= g.AlphaHi) {
		t.Errorf("gustafson %+v, want α = %v within ±0.02, inside its interval", g, alpha)
	}
}

// TestPairingNeedsTwoRounds: a point that shares fewer than two rounds
// with the baseline is analysed unpaired, and the fits then pair none.
func TestPairingNeedsTwoRounds(t *testing.T) {
	pts := driftingRounds(0.1, 6, 1, 2, 4)
	pts[2].Rounds = []int{7, 8, 9, 10, 11, 0} // one round in common
	a, err := Analyze(Input{Points: pts}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a.Points[1].Rounds != 6 || a.Points[2].Rounds != 0 {
		t.Errorf("rounds %d and %d, want 6 (paired) and 0 (unpaired)", a.Points[1].Rounds, a.Points[2].Rounds)
	}
}
