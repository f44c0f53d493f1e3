package scaling

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// drawEachMax is the largest sample count whose bootstrap resamples are
// drawn index by index: n indexes, n draws of the generator, and the
// median found by counting the drawn ranks of the samples sorted once,
// O(n) per resample and the same medians, draw for draw, as sorting every
// resample (as earlier versions did), so that results of inputs up to this
// size stay what they were. Above it, the median of a resample is drawn
// from its exact distribution in O(1) (see resampler.drawMedian): with a
// million samples and 1000 resamples, drawing every index would take
// billions of draws. At 5000 samples the index-by-index work of one
// interval is ten million draws, some tens of milliseconds.
const drawEachMax = 5000

// resampler draws medians of bootstrap resamples (n draws with
// replacement) of one point's samples, which it sorts once.
type resampler struct {
	sorted []float64 // the samples in increasing order
	rank   []int32   // rank[i] is the position in sorted of sample i; nil above drawEachMax
	count  []int32   // how often each position was drawn in the resample being counted
}

// newResampler sorts x, which must be non-empty and free of NaN.
func newResampler(x []float64) *resampler {
	n := len(x)
	if n > drawEachMax {
		r := &resampler{sorted: slices.Clone(x)}
		slices.Sort(r.sorted)
		return r
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(x[a], x[b]) })
	r := &resampler{sorted: make([]float64, n), rank: make([]int32, n), count: make([]int32, n)}
	for pos, i := range order {
		r.sorted[pos] = x[i]
		r.rank[i] = int32(pos)
	}
	return r
}

// median returns the median of one resample of the samples, drawn with rng.
func (r *resampler) median(rng *rand.Rand) float64 {
	if r.rank == nil {
		return r.drawMedian(rng)
	}
	n := len(r.rank)
	if n <= smallResample {
		var count [smallResample]uint8 // on the stack, no clearing
		for range n {
			count[r.rank[rng.IntN(n)]]++
		}
		return middle(count[:n], r.sorted)
	}
	for range n {
		r.count[r.rank[rng.IntN(n)]]++
	}
	m := middle(r.count, r.sorted)
	clear(r.count)
	return m
}

// smallResample is the largest sample count whose drawn ranks are counted
// in an array on the stack.
const smallResample = 64

// middle returns the median of the resample that holds sorted[pos]
// count[pos] times.
func middle[C uint8 | int32](count []C, sorted []float64) float64 {
	n := len(count)
	// The middle elements of the resample sorted are at lo and hi (equal
	// for odd n).
	lo, hi := (n-1)/2, n/2
	var a, b float64
	seen := 0
	for pos, c := range count {
		next := seen + int(c)
		if seen <= lo && lo < next {
			a = sorted[pos]
		}
		if hi < next {
			b = sorted[pos]
			break
		}
		seen = next
	}
	if n%2 == 1 {
		return b
	}
	return a/2 + b/2
}

// drawMedian draws the median of a resample of the n sorted samples
// without drawing the resample. An index drawn uniformly from 1..n is
// ⌈nU⌉ with U uniform on (0, 1), so the k-th smallest of n drawn indexes
// is ⌈nU₍ₖ₎⌉, U₍ₖ₎ the k-th order statistic of n uniforms, which is
// Beta(k, n−k+1). For even n the next one is U₍ₖ₊₁₎ = U₍ₖ₎ + (1−U₍ₖ₎)·M,
// M the least of the n−k uniforms above U₍ₖ₎ scaled to (0, 1), which is
// Beta(1, n−k): M = 1 − V^(1/(n−k)) for V uniform. The median drawn has
// exactly the distribution of the median of a resample.
func (r *resampler) drawMedian(rng *rand.Rand) float64 {
	n := len(r.sorted)
	k := (n + 1) / 2 // 1-based rank of the (lower) middle element
	u := distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1), Src: rng}.Rand()
	a := r.sorted[orderIndex(u, n)]
	if n%2 == 1 {
		return a
	}
	v := 1 - rng.Float64() // in (0, 1]
	m := -math.Expm1(math.Log(v) / float64(n-k))
	b := r.sorted[orderIndex(u+(1-u)*m, n)]
	return a/2 + b/2
}

// orderIndex is the 0-based index ⌈nu⌉−1 of the sample a uniform u picks,
// kept within 0..n−1 against rounding.
func orderIndex(u float64, n int) int {
	j := int(math.Ceil(u*float64(n))) - 1
	return min(max(j, 0), n-1)
}

// percentiles returns the quantiles at (1−conf)/2 and (1+conf)/2 of x as
// stat.Quantile with stat.Empirical returns them from x sorted (NaN when x
// holds a NaN), but finds them by selection, O(len(x)), and leaves x in
// another order.
func percentiles(x []float64, conf float64) (lo, hi float64) {
	if slices.ContainsFunc(x, math.IsNaN) {
		return math.NaN(), math.NaN()
	}
	tail := (1 - conf) / 2
	i, j := empiricalIndex(tail, len(x)), empiricalIndex(1-tail, len(x))
	selectNth(x, i)
	selectNth(x[i:], j-i)
	return x[i], x[j]
}

// empiricalIndex is the index in n sorted values of the empirical quantile
// at p: the first i with i+1 ≥ p·n.
func empiricalIndex(p float64, n int) int {
	return min(max(int(math.Ceil(p*float64(n)))-1, 0), n-1)
}

// selectNth reorders x, which holds no NaN, so that x[k] is the value it
// would have if x were sorted, with no greater value before it and no
// smaller one after (Hoare's selection).
func selectNth(x []float64, k int) {
	lo, hi := 0, len(x)-1
	for rounds := 0; lo < hi; rounds++ {
		if rounds > 64 { // an unlucky run of pivots: sort what is left
			slices.Sort(x[lo : hi+1])
			return
		}
		a, b, c := x[lo], x[lo+(hi-lo)/2], x[hi]
		pivot := max(min(a, b), min(max(a, b), c)) // the median of the three
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default: // x[j+1 : i] all equal the pivot
			return
		}
	}
}
