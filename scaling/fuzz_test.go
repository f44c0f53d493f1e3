package scaling

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"
)

// floats decodes b as little-endian float64s (a trailing partial value is
// ignored), so the fuzzer can reach NaN, Inf and subnormals.
func floats(b []byte) []float64 {
	out := make([]float64, 0, len(b)/8)
	for ; len(b) >= 8; b = b[8:] {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(b)))
	}
	return out
}

func encode(v ...float64) []byte {
	b := make([]byte, 0, 8*len(v))
	for _, f := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	return b
}

// pairs splits v into x and y halves.
func pairs(v []float64) (x, y []float64) {
	n := len(v) / 2
	return v[:n], v[n : 2*n]
}

func FuzzFitAmdahl(f *testing.F) {
	f.Add(encode(1, 2, 4, 8, 10, 5.5, 3.25, 2.125))
	f.Add(encode(1, 1, 2, 2))
	f.Add(encode(1, 2, math.NaN(), 1))
	f.Add(encode(1, 3, 1e-300, 1e300))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, y := pairs(floats(b))
		fit, err := FitAmdahl(x, y)
		if err != nil {
			return
		}
		for _, v := range []float64{fit.F, fit.FLo, fit.FHi} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%+v: f or its interval outside [0, 1]", fit)
			}
		}
		if !(fit.FLo <= fit.F && fit.F <= fit.FHi) {
			t.Fatalf("%+v: f outside its interval", fit)
		}
		if _, err := json.Marshal(fit); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzFitUSL(f *testing.F) {
	f.Add(encode(1, 18, 36, 72, 108, 144, 216, 64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2))
	f.Add(encode(1, 2, 3, 5, 5, 5))
	f.Add(encode(1, 2, 3, 3, 2, 1))
	f.Add(encode(1, 2, 4, 1e-300, 1e300, 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, y := pairs(floats(b))
		fit, err := FitUSL(x, y)
		if err != nil {
			return
		}
		if !(fit.Sigma >= 0 && fit.Kappa >= 0) {
			t.Fatalf("%+v: σ or κ negative", fit)
		}
		if _, err := json.Marshal(fit); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	f.Add(encode(1, 10, 10.1, 2, 5.5, 5.4, 4, 3.2, 3.3, 8, 2.2, 2.1), false, false, uint8(0))
	f.Add(encode(2, 1, 2, 1, 3, 1), true, true, uint8(2))
	f.Add(encode(1, math.NaN(), 0, 2, -1, math.Inf(1)), false, true, uint8(1))
	// Times near the largest float64: the interval of f once came out 0–0.
	f.Add(encode(1, 1e308, 1.7e308, 2, 1e308, 1.7e308), false, false, uint8(0))
	f.Add(encode(1, 1e308, 1.02e308, 2, 0.95e308, 0.99e308, 4, 0.9e308, 0.93e308), false, false, uint8(4))
	f.Fuzz(func(t *testing.T, b []byte, weak, throughput bool, cpus uint8) {
		// Triples of (workers, sample, sample).
		v := floats(b)
		var in Input
		for ; len(v) >= 3; v = v[3:] {
			w := v[0]
			if math.IsNaN(w) || math.Abs(w) > 1e6 {
				w = 1
			}
			in.Points = append(
				in.Points,
				Point{Workers: int(w), Samples: []float64{v[1], v[2]}, Oversubscribed: int(w) > 64},
			)
		}
		if weak {
			in.Mode = Weak
		}
		in.Throughput = throughput
		opt := DefaultOptions
		opt.Resamples = 50
		opt.CPUs = int(cpus)
		a, err := Analyze(in, opt)
		if err != nil {
			return
		}
		if a.Warnings == nil {
			t.Fatal("nil warnings")
		}
		if am := a.Amdahl; am != nil && !math.IsNaN(am.FLo) && !(am.FLo <= am.F && am.F <= am.FHi) {
			t.Fatalf("f = %v outside its interval %v–%v", am.F, am.FLo, am.FHi)
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatal(err)
		}
	})
}
