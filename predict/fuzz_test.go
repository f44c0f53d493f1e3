package predict

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

// FuzzPredict predicts from arbitrary task times, costs, T(1), schedule,
// chunk, groups and worker counts: the input is rejected, or every
// predicted point is finite, within its bound and its band, and the curve
// encodes as JSON.
func FuzzPredict(f *testing.F) {
	f.Add(encode(1e-3, 1e-6, 0, 0, 0.5, 1, 2, 3, 4), uint8(2), uint8(1), uint8(3), uint8(0))
	f.Add(encode(0, 0, 0, 0, 0, 0, 0), uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add(encode(1, 1, 1, 1, 40, math.MaxFloat64, math.MaxFloat64), uint8(3), uint8(7), uint8(255), uint8(2))
	f.Add(encode(math.NaN(), 0, 0, 0, 1, math.Inf(1)), uint8(1), uint8(2), uint8(9), uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, sched, chunk, workers, group uint8) {
		v := floats(b)
		if len(v) < 5 {
			return
		}
		plan := Plan{Schedule: Schedules[int(sched)%len(Schedules)], Chunk: int(chunk),
			Costs: Costs{PerTask: v[0], PerChunk: v[1], PerWorker: v[2], Dispatcher: v[3]}}
		tasks := Of(v[5:])
		if group > 1 && len(tasks.Seconds) > 0 {
			tasks.Group, tasks.N = int(group), int(group)*len(tasks.Seconds)
		}
		c, err := Predict(tasks, Options{Plan: plan, T1: v[4], Workers: Grid(int(workers)), Resamples: 5})
		if err != nil {
			return
		}
		for _, p := range c.Points {
			for _, x := range []float64{p.TimeS, p.TimeLoS, p.TimeHiS, p.Speedup, p.SpeedupLo, p.SpeedupHi, p.Bound} {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
					t.Fatalf("P=%d: %+v", p.Workers, p)
				}
			}
			if p.Speedup > p.Bound*(1+1e-9) {
				t.Fatalf("P=%d: speedup %v beyond its bound %v", p.Workers, p.Speedup, p.Bound)
			}
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatal(err)
		}
	})
}
