package scaling

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
)

// TestMannWhitneyKnown checks U and p against scipy.stats.mannwhitneyu
// (scipy 1.10): method="exact" for the cases without ties, where both use
// the exact distribution, and method="asymptotic" for the large ones,
// where both use the normal approximation with tie and continuity
// corrections.
func TestMannWhitneyKnown(t *testing.T) {
	tests := []struct {
		name  string
		x, y  []float64
		u, p  float64
		exact bool
	}{
		{"separated 5+5", []float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10}, 0, 0.007936507936507936, true},
		{"interleaved 5+5", []float64{1, 3, 5, 7, 9}, []float64{2, 4, 6, 8, 10}, 10, 0.6904761904761905, true},
		{"scipy docs 5+4", []float64{19, 22, 16, 29, 24}, []float64{20, 11, 17, 12}, 17, 0.1111111111111111, true},
		{"3+3 apart", []float64{1, 2, 3}, []float64{4, 5, 6}, 0, 0.1, true},
		{"4+4 apart", []float64{1.1, 1.2, 1.3, 1.4}, []float64{2.1, 2.2, 2.3, 2.4}, 0, 0.02857142857142857, true},
		{"1+1", []float64{1}, []float64{2}, 0, 1, true},
		{
			"unequal 8+3",
			[]float64{0.51, 0.52, 0.49, 0.55, 0.58, 0.47, 0.50, 0.53},
			[]float64{0.61, 0.45, 0.66},
			8,
			0.496969696969697,
			true,
		},
		{"40+12 exact", ramp(40, 1, 0.5), ramp(12, 1, 0), 414, 5.695213576906817e-05, true},
		{"60+55 normal", ramp(60, 1.1, 0), ramp(55, 1.2, 8.05), 1274, 0.03551856815946138, false},
		{"60+55 ties normal", ties60, ties55, 1130, 0.002006114423990049, false},
		{"30+26 ties normal", ties30, ties26, 328, 0.3118456478695254, false},
		{"all tied", []float64{2, 2, 2}, []float64{2, 2}, 3, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := MannWhitneyU(tt.x, tt.y)
			if err != nil {
				t.Fatal(err)
			}
			if r.U != tt.u || r.N1 != len(tt.x) || r.N2 != len(tt.y) || r.Exact != tt.exact {
				t.Errorf(
					"got U=%v n=%d+%d exact=%v, want U=%v n=%d+%d exact=%v",
					r.U,
					r.N1,
					r.N2,
					r.Exact,
					tt.u,
					len(tt.x),
					len(tt.y),
					tt.exact,
				)
			}
			if !close(r.P, tt.p, 1e-9) {
				t.Errorf("p = %.17g, want %.17g", r.P, tt.p)
			}
			// Swapping the samples keeps p and turns U into N1·N2 − U.
			s, _ := MannWhitneyU(tt.y, tt.x)
			if !close(s.P, r.P, 1e-12) || s.U != float64(len(tt.x)*len(tt.y))-r.U {
				t.Errorf("swapped: U=%v p=%v", s.U, s.P)
			}
		})
	}
}

// close reports whether a and b agree to rel relative tolerance.
func close(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) || a == b
}

func ramp(n int, step, off float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = off + step*float64(i)
	}
	return out
}

// Rounded normal samples drawn by numpy (seed 7), many ties.
var (
	ties60 = []float64{
		10,
		10,
		10,
		9,
		10,
		9,
		10,
		11,
		10,
		9,
		10,
		10,
		10,
		9,
		10,
		11,
		9,
		10,
		8,
		9,
		8,
		10,
		9,
		10,
		10,
		10,
		7,
		9,
		10,
		10,
		8,
		10,
		9,
		9,
		11,
		9,
		10,
		11,
		9,
		10,
		10,
		10,
		9,
		10,
		11,
		8,
		11,
		10,
		9,
		12,
		11,
		9,
		10,
		11,
		10,
		11,
		10,
		11,
		11,
		9,
	}
	ties55 = []float64{
		11,
		10,
		11,
		9,
		10,
		10,
		11,
		12,
		9,
		10,
		11,
		9,
		10,
		10,
		12,
		11,
		10,
		10,
		10,
		12,
		10,
		10,
		11,
		10,
		10,
		9,
		10,
		10,
		12,
		11,
		10,
		11,
		10,
		12,
		10,
		11,
		9,
		11,
		9,
		8,
		10,
		10,
		11,
		13,
		10,
		10,
		11,
		11,
		10,
		10,
		11,
		11,
		9,
		10,
		11,
	}
	ties30 = []float64{
		-1.1,
		0.3,
		-0.9,
		1.0,
		0.2,
		0.1,
		-0.6,
		-0.1,
		-2.0,
		-1.1,
		0.4,
		-2.1,
		0.8,
		-1.7,
		0.8,
		-0.8,
		0.8,
		0.1,
		-1.5,
		1.2,
		1.4,
		-0.1,
		-0.3,
		-0.2,
		-1.0,
		1.1,
		-0.5,
		-0.1,
		-0.8,
		-0.6,
	}
	ties26 = []float64{
		-1.0,
		1.6,
		0.1,
		1.3,
		0.3,
		-0.4,
		-0.0,
		-0.3,
		0.3,
		-0.1,
		0.0,
		-1.1,
		-0.5,
		2.0,
		-0.4,
		-0.8,
		0.6,
		1.7,
		-1.2,
		0.1,
		-0.3,
		-1.5,
		1.0,
		0.3,
		0.4,
		-0.5,
	}
)

// bruteP is the exact two-sided p-value by definition: every way of
// choosing which len(x) of the pooled values form the first sample,
// equally likely under the null hypothesis, and the share whose rank sum
// is as extreme as the observed one in either tail.
func bruteP(x, y []float64) float64 {
	r := rankPooled(x, y)
	obs := 0
	for _, v := range r.ofX {
		obs += v
	}
	n, k := len(r.all), len(x)
	var below, above, total float64
	var walk func(start, left, sum int)
	walk = func(start, left, sum int) {
		if left == 0 {
			total++
			if sum <= obs {
				below++
			}
			if sum >= obs {
				above++
			}
			return
		}
		for i := start; i <= n-left; i++ {
			walk(i+1, left-1, sum+r.all[i])
		}
	}
	walk(0, k, 0)
	return math.Min(1, 2*math.Min(below, above)/total)
}

// TestMannWhitneyExactTies checks the exact p-value with ties, which
// scipy does not compute, against the full enumeration of the
// permutation distribution.
func TestMannWhitneyExactTies(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		n1, n2 := 1+rng.IntN(7), 1+rng.IntN(7)
		x, y := make([]float64, n1), make([]float64, n2)
		for j := range x {
			x[j] = float64(rng.IntN(4)) // few distinct values: many ties
		}
		for j := range y {
			y[j] = float64(rng.IntN(4) + rng.IntN(2))
		}
		r, err := MannWhitneyU(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteP(x, y); !r.Exact || !close(r.P, want, 1e-12) {
			t.Errorf("case %d: %v vs %v: p = %v (exact %v), enumeration gives %v", i, x, y, r.P, r.Exact, want)
		}
	}
}

func TestMannWhitneyBadInput(t *testing.T) {
	for _, tc := range [][2][]float64{
		{nil, {1}},
		{{1}, {}},
		{{1, math.NaN()}, {2}},
		{{1}, {math.Inf(1)}},
	} {
		if _, err := MannWhitneyU(tc[0], tc[1]); !errors.Is(err, ErrBadInput) {
			t.Errorf("%v vs %v: err %v, want ErrBadInput", tc[0], tc[1], err)
		}
		if _, _, err := ShiftInterval(tc[0], tc[1], 0.95); !errors.Is(err, ErrBadInput) {
			t.Errorf("ShiftInterval %v vs %v: err %v, want ErrBadInput", tc[0], tc[1], err)
		}
	}
	if _, _, err := ShiftInterval([]float64{1}, []float64{2}, 1); !errors.Is(err, ErrBadInput) {
		t.Errorf("confidence 1: err %v", err)
	}
}

func TestMannWhitneyMinP(t *testing.T) {
	for _, tc := range []struct {
		n1, n2 int
		want   float64
	}{{3, 3, 0.1}, {4, 4, 2.0 / 70}, {5, 5, 2.0 / 252}, {1, 1, 1}, {0, 5, 1}, {3, 4, 2.0 / 35}} {
		if got := MannWhitneyMinP(tc.n1, tc.n2); !close(got, tc.want, 1e-12) {
			t.Errorf("MannWhitneyMinP(%d, %d) = %v, want %v", tc.n1, tc.n2, got, tc.want)
		}
	}
}

// TestShiftInterval checks the order statistics chosen: k = 3 for 5 and
// 5 values at 95% (Pr(U ≤ 2) = 4/252, Pr(U ≤ 3) = 7/252), k = 1 for 4 and
// 4 (the extreme differences), none for 3 and 3 (Pr(U ≤ 0) = 0.05) —
// the same as R's wilcox.test(conf.int = TRUE), which takes
// qwilcox(α/2, m, n) — and the normal approximation beyond 50 values.
func TestShiftInterval(t *testing.T) {
	for _, tc := range []struct {
		m, n, k int
		tail    float64
	}{{5, 5, 3, 0.025}, {4, 4, 1, 0.025}, {3, 3, 0, 0.025}, {3, 3, 1, 0.05}, {10, 10, 24, 0.025}, {8, 3, 3, 0.025}} {
		if got := shiftRank(tc.m, tc.n, tc.tail); got != tc.k {
			t.Errorf("shiftRank(%d, %d, %v) = %d, want %d", tc.m, tc.n, tc.tail, got, tc.k)
		}
	}
	// The approximation takes over at the limit without a jump.
	exact, approx := shiftRank(50, 50, 0.025), shiftRank(51, 50, 0.025)
	if d := approx - exact; d < 0 || d > 30 {
		t.Errorf("k = %d at 50+50 (exact), %d at 51+50 (normal)", exact, approx)
	}
	x := []float64{1, 2, 3, 4, 5}
	y := []float64{11.5, 12.5, 13.5, 14.5, 15.5}
	lo, hi, err := ShiftInterval(x, y, 0.95)
	// Differences 10.5 + j − i: 6.5 once, 7.5 twice, …; the 3rd smallest is 7.5, the 3rd largest 13.5.
	if err != nil || lo != 7.5 || hi != 13.5 {
		t.Errorf("ShiftInterval = [%v, %v], %v; want [7.5, 13.5]", lo, hi, err)
	}
	if _, _, err := ShiftInterval(x[:3], y[:3], 0.95); !errors.Is(err, ErrTooFewPoints) {
		t.Errorf("3+3 at 95%%: err %v, want ErrTooFewPoints", err)
	}
}

// TestShiftIntervalCoverage draws shifted lognormal samples and checks
// that the interval covers the true shift of the logs about as often as
// it promises (at least 95%, 96.8% for 5 and 5 values).
func TestShiftIntervalCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const trials = 2000
	covered := 0
	for range trials {
		x, y := make([]float64, 5), make([]float64, 5)
		for i := range x {
			x[i] = 0.03 * rng.NormFloat64()
			y[i] = 0.2 + 0.03*rng.NormFloat64()
		}
		lo, hi, err := ShiftInterval(x, y, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if lo <= 0.2 && 0.2 <= hi {
			covered++
		}
	}
	if rate := float64(covered) / trials; rate < 0.95 || rate > 0.99 {
		t.Errorf("coverage %.3f, want about 0.968", rate)
	}
}

// TestMannWhitneyScipy compares random cases with scipy, when python3
// with scipy is installed (scripts/install-deps.sh); under CI=true it
// must be.
func TestMannWhitneyScipy(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import scipy.stats").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s cannot import scipy (CI=true: scripts/install-deps.sh installs python3-scipy)", python)
		}
		t.Skipf("%s cannot import scipy: apt-get install python3-scipy to run this test", python)
	}
	type tcase struct {
		X, Y   []float64
		Method string
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var cases []tcase
	for i := range 60 {
		n1, n2 := 1+rng.IntN(12), 1+rng.IntN(12)
		method, round := "exact", false
		if i%2 == 1 { // large, rounded to tie: both use the normal approximation
			n1, n2, method, round = 26+rng.IntN(40), 26+rng.IntN(40), "asymptotic", true
		}
		c := tcase{X: make([]float64, n1), Y: make([]float64, n2), Method: method}
		shift := rng.Float64()
		for j := range c.X {
			c.X[j] = rng.NormFloat64()
		}
		for j := range c.Y {
			c.Y[j] = shift + rng.NormFloat64()
		}
		if round {
			for j := range c.X {
				c.X[j] = math.Round(c.X[j] * 2)
			}
			for j := range c.Y {
				c.Y[j] = math.Round(c.Y[j] * 2)
			}
		}
		cases = append(cases, c)
	}
	in, _ := json.Marshal(cases)
	script := `import json, sys
from scipy.stats import mannwhitneyu
out = []
for c in json.load(sys.stdin):
    r = mannwhitneyu(c["X"], c["Y"], method=c["Method"])
    out.append([float(r.statistic), float(r.pvalue)])
print(json.dumps(out))`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("scipy: %v", err)
	}
	var want [][2]float64
	if err := json.Unmarshal(raw, &want); err != nil || len(want) != len(cases) {
		t.Fatalf("scipy output %q: %v", raw, err)
	}
	for i, c := range cases {
		r, err := MannWhitneyU(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		if r.U != want[i][0] || !close(r.P, want[i][1], 1e-9) || r.Exact != (c.Method == "exact") {
			t.Errorf(
				"case %d (%d+%d, %s): U=%v p=%.12g, scipy U=%v p=%.12g",
				i,
				len(c.X),
				len(c.Y),
				c.Method,
				r.U,
				r.P,
				want[i][0],
				want[i][1],
			)
		}
	}
}

func ExampleMannWhitneyU() {
	// Five times of the old code and five of the new one, in seconds.
	old := []float64{0.548, 0.552, 0.545, 0.561, 0.550}
	new := []float64{0.601, 0.596, 0.612, 0.605, 0.599}
	r, _ := MannWhitneyU(old, new)
	fmt.Printf("U = %v, p = %.4f, exact: %v\n", r.U, r.P, r.Exact)
	// The ratio of times new/old, from the interval of the shift of the
	// log-times.
	lo, hi, _ := ShiftInterval(logs(old), logs(new), 0.95)
	fmt.Printf("new/old in %.3f–%.3f (95%% CI)\n", math.Exp(lo), math.Exp(hi))
	// Output:
	// U = 0, p = 0.0079, exact: true
	// new/old in 1.071–1.113 (95% CI)
}

func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

// FuzzMannWhitneyU checks that any input gives an error or a p-value in
// [0, 1] with U in [0, N1·N2] and a shift interval in order.
func FuzzMannWhitneyU(f *testing.F) {
	f.Add(encode(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), uint8(5))
	f.Add(encode(1, 1, 1, 2, 2, 2), uint8(2))
	f.Add(encode(1, math.NaN(), 3), uint8(1))
	f.Add(encode(1e-300, 1e300, -1e300, 0), uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, split uint8) {
		v := floats(b)
		if len(v) > 120 {
			v = v[:120]
		}
		k := min(int(split), len(v))
		x, y := v[:k], v[k:]
		r, err := MannWhitneyU(x, y)
		if err != nil {
			return
		}
		if !(r.P >= 0 && r.P <= 1) || r.U < 0 || r.U > float64(len(x)*len(y)) {
			t.Fatalf("%v vs %v: U=%v p=%v", x, y, r.U, r.P)
		}
		if lo, hi, err := ShiftInterval(x, y, 0.95); err == nil && !(lo <= hi) && !math.IsNaN(lo-hi) {
			t.Fatalf("%v vs %v: interval [%v, %v]", x, y, lo, hi)
		}
	})
}
