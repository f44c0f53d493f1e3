package scaling

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// MannWhitney is the result of the Mann–Whitney U test (the Wilcoxon
// rank-sum test) of two independent samples.
type MannWhitney struct {
	N1, N2 int
	// U is the statistic of the first sample: the number of pairs
	// (x_i, y_j) with x_i > y_j plus half the pairs with x_i = y_j, so
	// that U1 + U2 = N1·N2. It is U1 = R1 − N1(N1+1)/2 with R1 the sum of
	// the ranks of x in the pooled sample (midranks for ties), the
	// statistic scipy.stats.mannwhitneyu reports.
	U float64
	// P is the two-sided p-value.
	P float64
	// Exact tells whether P comes from the exact permutation distribution
	// of the rank sum rather than the normal approximation.
	Exact bool
}

// The largest sample sizes, each side, for which MannWhitneyU uses the
// exact distribution: without ties, and with ties. These are the limits
// of benchstat (golang.org/x/perf), whose choice of test this follows.
const (
	MannWhitneyExactLimit     = 50
	MannWhitneyTiesExactLimit = 25
)

// MannWhitneyU tests whether two independent samples come from the same
// distribution against the alternative that one tends to larger values
// (Mann and Whitney, Ann. Math. Statist. 18(1), 1947). It needs no
// assumption about the shape of the distribution, which suits benchmark
// times: skewed, with outliers, and few.
//
// With N = N1 + N2 values pooled and ranked (tied values get the mean of
// their ranks), the rank sum R1 of x decides the test. Two-sided:
//
//   - exact, for samples up to MannWhitneyExactLimit (MannWhitneyTiesExactLimit
//     with ties): P = min(1, 2·min(Pr(R ≤ R1), Pr(R ≥ R1))), where R is the
//     rank sum of N1 values drawn at random without replacement from the
//     N pooled ranks. Its distribution is counted exactly by dynamic
//     programming over the pooled (mid)ranks, so ties are handled by the
//     exact conditional distribution (Klotz, JASA 61, 1966) and not
//     approximated;
//   - otherwise the normal approximation with the tie correction and a
//     continuity correction of ½, as scipy.stats.mannwhitneyu computes it:
//     z = (max(U1, U2) − N1N2/2 − ½)/σ, σ² = N1N2/12·((N+1) − Σ(t³−t)/(N(N−1)))
//     over the tie groups of sizes t, and P = 2·(1 − Φ(z)), capped at 1.
//
// When every value is tied P is 1. MannWhitneyU returns ErrBadInput for
// an empty sample or a NaN or infinite value.
func MannWhitneyU(x, y []float64) (MannWhitney, error) {
	if err := checkSample("first", x); err != nil {
		return MannWhitney{}, err
	}
	if err := checkSample("second", y); err != nil {
		return MannWhitney{}, err
	}
	n1, n2 := len(x), len(y)
	r := rankPooled(x, y)
	var sum2 int // doubled rank sum of x
	for _, v := range r.ofX {
		sum2 += v
	}
	res := MannWhitney{N1: n1, N2: n2, U: float64(sum2)/2 - float64(n1*(n1+1))/2}
	limit := MannWhitneyExactLimit
	if r.tied {
		limit = MannWhitneyTiesExactLimit
	}
	if n1 <= limit && n2 <= limit {
		res.Exact = true
		res.P = exactP(r.all, r.ofX, sum2)
		return res, nil
	}
	res.P = normalP(res.U, n1, n2, r.tieTerm)
	return res, nil
}

func checkSample(which string, x []float64) error {
	if len(x) == 0 {
		return fmt.Errorf("%w: the %s sample is empty", ErrBadInput, which)
	}
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %v in the %s sample", ErrBadInput, v, which)
		}
	}
	return nil
}

// pooledRanks are the doubled (mid)ranks of a pooled sample, integers
// even with ties: a tie group at positions a..b has rank (a+b)/2.
type pooledRanks struct {
	all     []int   // every doubled rank, ascending
	ofX     []int   // the doubled ranks of the first sample
	tied    bool    // some values are tied
	tieTerm float64 // Σ(t³ − t) over the tie groups
}

func rankPooled(x, y []float64) pooledRanks {
	type val struct {
		v   float64
		inX bool
	}
	vals := make([]val, 0, len(x)+len(y))
	for _, v := range x {
		vals = append(vals, val{v, true})
	}
	for _, v := range y {
		vals = append(vals, val{v, false})
	}
	slices.SortFunc(vals, func(a, b val) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	var r pooledRanks
	r.all = make([]int, len(vals))
	for i := 0; i < len(vals); {
		j := i + 1
		for j < len(vals) && vals[j].v == vals[i].v {
			j++
		}
		// Positions i+1 .. j (1-based): doubled midrank i+1+j.
		for k := i; k < j; k++ {
			r.all[k] = i + 1 + j
			if vals[k].inX {
				r.ofX = append(r.ofX, i+1+j)
			}
		}
		if t := float64(j - i); t > 1 {
			r.tied = true
			r.tieTerm += t*t*t - t
		}
		i = j
	}
	return r
}

// exactP is the two-sided p-value of the doubled rank sum sum2 of the
// first sample under the permutation distribution of the pooled ranks.
func exactP(all, ofX []int, sum2 int) float64 {
	k := len(ofX)
	total := 0
	for _, v := range all {
		total += v
	}
	// Count subsets of the smaller size: the other sample's rank sum is
	// the total minus this one.
	if m := len(all) - k; m < k {
		k, sum2 = m, total-sum2
	}
	counts := rankSumCounts(all, k)
	var below, above, n float64
	for s, c := range counts {
		n += c
		if s <= sum2 {
			below += c
		}
		if s >= sum2 {
			above += c
		}
	}
	return math.Min(1, 2*math.Min(below, above)/n)
}

// rankSumCounts returns c with c[s] the number of ways to choose k of the
// values r (ascending non-negative integers) with sum s: the dynamic
// programme count_j(s) += count_{j−1}(s − r_i) over the values in turn.
// The counts are float64, exact up to 2⁵³ and accurate to rounding
// beyond, far past any p-value that matters.
func rankSumCounts(r []int, k int) []float64 {
	prefix := make([]int, len(r)+1)
	for i, v := range r {
		prefix[i+1] = prefix[i] + v
	}
	maxS := prefix[len(r)] - prefix[len(r)-k]
	c := make([][]float64, k+1)
	for j := range c {
		c[j] = make([]float64, maxS+1)
	}
	c[0][0] = 1
	for i, v := range r {
		for j := min(i+1, k); j >= 1; j-- {
			row, prev := c[j], c[j-1]
			// The largest sum of j of the first i+1 values: they ascend.
			hi := min(maxS, prefix[i+1]-prefix[i+1-j])
			for s := hi; s >= v; s-- {
				row[s] += prev[s-v]
			}
		}
	}
	return c[k]
}

// normalP is the two-sided p-value of U1 by the normal approximation with
// the tie and continuity corrections (see MannWhitneyU).
func normalP(u1 float64, n1, n2 int, tieTerm float64) float64 {
	m, n := float64(n1), float64(n2)
	N := m + n
	sigma := math.Sqrt(m * n / 12 * ((N + 1) - tieTerm/(N*(N-1))))
	if !(sigma > 0) {
		return 1 // every value tied
	}
	u := math.Max(u1, m*n-u1)
	z := (u - m*n/2 - 0.5) / sigma
	return math.Min(1, 2*distuv.UnitNormal.Survival(z))
}

// MannWhitneyMinP returns the smallest two-sided p-value the exact test
// can give for samples of n1 and n2 distinct values, 2/C(n1+n2, n1):
// with 3 and 3 it is 0.1, so no difference can reach p < 0.05; with 4
// and 4 it is 0.029.
func MannWhitneyMinP(n1, n2 int) float64 {
	if n1 < 1 || n2 < 1 {
		return 1
	}
	lc, _ := math.Lgamma(float64(n1 + n2 + 1))
	l1, _ := math.Lgamma(float64(n1 + 1))
	l2, _ := math.Lgamma(float64(n2 + 1))
	return math.Min(1, 2*math.Exp(l1+l2-lc))
}

// ShiftInterval returns the distribution-free confidence interval, at
// level confidence, of the shift Δ between two samples whose
// distributions differ only by location (y ~ x + Δ), the interval that
// goes with the Mann–Whitney test (Moses 1965; Hollander, Wolfe and
// Chicken, Nonparametric Statistical Methods, 3rd ed., §4.3). With
// d(1) ≤ … ≤ d(mn) the m·n differences y_j − x_i, it is
//
//	[d(k), d(mn+1−k)]
//
// with k the largest integer such that Pr(U ≤ k−1) ≤ (1−confidence)/2
// under the null distribution of U without ties: exact up to
// MannWhitneyExactLimit values a side, and beyond it
// k = ⌊mn/2 − z·√(mn(m+n+1)/12)⌋ with z the normal quantile. For
// continuous data it covers Δ with probability at least confidence. On
// log-times it gives the interval of a ratio of times.
//
// ShiftInterval returns ErrTooFewPoints when the samples are too small
// for any interval at that level (3 and 3 values at 95%), and
// ErrBadInput for an empty sample, a NaN or infinite value, or a
// confidence outside (0, 1).
func ShiftInterval(x, y []float64, confidence float64) (lo, hi float64, err error) {
	if err := checkSample("first", x); err != nil {
		return 0, 0, err
	}
	if err := checkSample("second", y); err != nil {
		return 0, 0, err
	}
	if !(confidence > 0 && confidence < 1) {
		return 0, 0, fmt.Errorf("%w: confidence %v not in (0, 1)", ErrBadInput, confidence)
	}
	m, n := len(x), len(y)
	k := shiftRank(m, n, (1-confidence)/2)
	if k < 1 {
		return 0, 0, fmt.Errorf("%w: %d and %d values give no %.0f%% interval", ErrTooFewPoints, m, n, 100*confidence)
	}
	d := make([]float64, 0, m*n)
	for _, b := range y {
		for _, a := range x {
			d = append(d, b-a)
		}
	}
	slices.Sort(d)
	return d[k-1], d[m*n-k], nil
}

// shiftRank is k of ShiftInterval for tail probability tail, 0 when no
// k ≥ 1 qualifies.
func shiftRank(m, n int, tail float64) int {
	if m > MannWhitneyExactLimit || n > MannWhitneyExactLimit {
		mn := float64(m * n)
		z := distuv.UnitNormal.Quantile(1 - tail)
		return max(0, int(math.Floor(mn/2-z*math.Sqrt(mn*float64(m+n+1)/12))))
	}
	// Null distribution of the doubled rank sum of m of the ranks 1..m+n.
	ranks := make([]int, m+n)
	for i := range ranks {
		ranks[i] = 2 * (i + 1)
	}
	counts := rankSumCounts(ranks, min(m, n))
	var total float64
	for _, c := range counts {
		total += c
	}
	// U = W/2 − k(k+1)/2 for the rank sum W of the smaller sample (of
	// size k); the distribution of U is the same for either sample.
	base := min(m, n) * (min(m, n) + 1) // doubled minimum rank sum
	cum := 0.0
	k := 0
	for u := 0; u <= m*n; u++ {
		if s := base + 2*u; s < len(counts) {
			cum += counts[s]
		}
		if cum/total > tail {
			break
		}
		k = u + 1 // Pr(U ≤ u) ≤ tail, so k−1 = u qualifies
	}
	return min(k, (m*n+1)/2)
}
