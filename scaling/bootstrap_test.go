package scaling

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// sortedResampleMedian is how a resample's median was drawn before the
// resampler: n indexes drawn with rng, the resample sorted, its median.
func sortedResampleMedian(rng *rand.Rand, x []float64) float64 {
	buf := make([]float64, len(x))
	for i := range buf {
		buf[i] = x[rng.IntN(len(x))]
	}
	slices.Sort(buf)
	return sortedMedian(buf)
}

// noisySamples returns n samples about 1 with ties.
func noisySamples(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1 + 0.05*rng.NormFloat64()
		if i%3 == 0 {
			x[i] = math.Round(x[i]*100) / 100
		}
	}
	return x
}

// TestResamplerSameDraws pins that up to drawEachMax samples the
// resampler draws the same medians, from the same draws of the
// generator, as sorting every resample did.
func TestResamplerSameDraws(t *testing.T) {
	gen := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 15, 16, 17, 18, 33, smallResample - 1, smallResample, smallResample + 1, 100, 1001, drawEachMax - 1, drawEachMax} {
		x := noisySamples(gen, n)
		r := newResampler(x)
		if r.rank == nil {
			t.Fatalf("n=%d: no ranks, want draws index by index", n)
		}
		a, b := rand.New(rand.NewPCG(uint64(n), 9)), rand.New(rand.NewPCG(uint64(n), 9))
		for k := range 50 {
			got, want := r.median(a), sortedResampleMedian(b, x)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d resample %d: median %v, want %v", n, k, got, want)
			}
		}
		if a.Uint64() != b.Uint64() {
			t.Fatalf("n=%d: the generators drifted apart", n)
		}
	}
}

// TestDrawMedianDistribution compares the frequencies of the medians that
// drawMedian draws with their exact distribution, found by enumerating
// every resample of a few samples.
func TestDrawMedianDistribution(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 6} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Ldexp(1, i) // distinct sums of any two
		}
		exact := map[float64]float64{}
		idx := make([]int, n)
		buf := make([]float64, n)
		total := math.Pow(float64(n), float64(n))
		for {
			for i, j := range idx {
				buf[i] = x[j]
			}
			slices.Sort(buf)
			exact[sortedMedian(buf)] += 1 / total
			i := 0
			for i < n && idx[i] == n-1 {
				idx[i] = 0
				i++
			}
			if i == n {
				break
			}
			idx[i]++
		}
		r := &resampler{sorted: x} // no ranks: drawMedian
		rng := rand.New(rand.NewPCG(7, uint64(n)))
		const draws = 200000
		seen := map[float64]float64{}
		for range draws {
			seen[r.median(rng)]++
		}
		for m, p := range exact {
			se := math.Sqrt(p * (1 - p) / draws)
			if got := seen[m] / draws; math.Abs(got-p) > 5*se+1e-12 {
				t.Errorf("n=%d: median %v drawn with frequency %.5f, exact probability %.5f", n, m, got, p)
			}
			delete(seen, m)
		}
		for m := range seen {
			t.Errorf("n=%d: drew median %v, which no resample has", n, m)
		}
	}
}

// TestDrawMedianLarge checks that above drawEachMax the median is drawn
// without ranks, with the mean and spread of the median of a resample:
// (n−1)/2 and about √n/2 for the samples 0..n−1.
func TestDrawMedianLarge(t *testing.T) {
	for _, n := range []int{drawEachMax + 1, drawEachMax + 2} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
		}
		r := newResampler(x)
		if r.rank != nil {
			t.Fatalf("n=%d: ranks kept above drawEachMax", n)
		}
		rng := rand.New(rand.NewPCG(3, uint64(n)))
		const draws = 4000
		drawn := make([]float64, draws)
		for i := range draws {
			drawn[i] = r.median(rng)
		}
		mean, sd := stat.MeanStdDev(drawn, nil)
		want := math.Sqrt(float64(n)) / 2
		if se := want / math.Sqrt(draws); math.Abs(mean-float64(n-1)/2) > 5*se {
			t.Errorf("n=%d: mean %.2f, want %.1f ± %.2f", n, mean, float64(n-1)/2, se)
		}
		if sd/want < 0.9 || sd/want > 1.1 {
			t.Errorf("n=%d: standard deviation %.2f, want about %.2f", n, sd, want)
		}
	}
}

// TestPercentiles compares selection with sorting and stat.Quantile.
func TestPercentiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 10, 39, 40, 41, 1000, 1001} {
		for _, conf := range []float64{0.5, 0.9, 0.95, 0.99} {
			x := make([]float64, n)
			for i := range x {
				x[i] = math.Round(rng.NormFloat64() * 4) // many ties
			}
			if n > 3 {
				x[1], x[2] = math.Inf(1), math.Inf(-1)
			}
			s := slices.Clone(x)
			slices.Sort(s)
			tail := (1 - conf) / 2
			wantLo, wantHi := stat.Quantile(tail, stat.Empirical, s, nil), stat.Quantile(1-tail, stat.Empirical, s, nil)
			lo, hi := percentiles(x, conf)
			if lo != wantLo || hi != wantHi {
				t.Errorf("n=%d conf=%v: %v, %v; want %v, %v", n, conf, lo, hi, wantLo, wantHi)
			}
		}
	}
	if lo, hi := percentiles([]float64{1, math.NaN(), 2}, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("with a NaN: %v, %v; want NaN, NaN", lo, hi)
	}
}

// TestMedianRankBisection compares medianRank with the scan it replaced.
func TestMedianRankBisection(t *testing.T) {
	scan := func(n int, confidence float64) int {
		alpha := (1 - confidence) / 2
		b := distuv.Binomial{N: float64(n), P: 0.5}
		k := 1
		for j := 1; j <= n/2; j++ {
			if b.CDF(float64(j-1)) > alpha {
				break
			}
			k = j
		}
		return k
	}
	for _, conf := range []float64{0.5, 0.9, 0.95, 0.99} {
		for _, n := range append(seq(1, 400), 1000, 2001, 2002) {
			if got, want := medianRank(n, conf), scan(n, conf); got != want {
				t.Fatalf("n=%d conf=%v: rank %d, want %d", n, conf, got, want)
			}
		}
	}
}

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// TestSortedDeviations compares the merge with sorting.
func TestSortedDeviations(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{1, 2, 3, 4, 9, 10, 101} {
		x := noisySamples(rng, n)
		slices.Sort(x)
		m := sortedMedian(x)
		want := make([]float64, n)
		for i, v := range x {
			want[i] = math.Abs(v - m)
		}
		slices.Sort(want)
		if got := sortedDeviations(x, m); !slices.Equal(got, want) {
			t.Errorf("n=%d: %v, want %v", n, got, want)
		}
	}
}

// BenchmarkAnalyzeMillionSamples analyses one series of a million samples
// over 8 worker counts, as fit does for a CSV of a million rows.
func BenchmarkAnalyzeMillionSamples(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	var pts []Point
	for w := 1; w <= 8; w++ {
		x := make([]float64, 125_000)
		for i := range x {
			x[i] = (0.2 + 0.8/float64(w)) * (1 + 0.02*rng.NormFloat64())
		}
		pts = append(pts, Point{Workers: w, Samples: x})
	}
	in := Input{Points: pts}
	for b.Loop() {
		if _, err := Analyze(in, DefaultOptions); err != nil {
			b.Fatal(err)
		}
	}
}
