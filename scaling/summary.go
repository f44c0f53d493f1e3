package scaling

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary holds summary statistics of one point's samples (seconds, or
// throughput values).
type Summary struct {
	N        int     `json:"n"`
	Median   float64 `json:"median"`
	Mean     float64 `json:"mean"`
	StdDev   float64 `json:"stddev"` // sample standard deviation (n−1), 0 for one sample
	MAD      float64 `json:"mad"`    // median absolute deviation (unscaled)
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	CV       float64 `json:"cv"`        // stddev/mean, 0 for one sample
	MedianLo float64 `json:"median_lo"` // 95% interval for the median (order statistics; equals Min/Max bounds for tiny N)
	MedianHi float64 `json:"median_hi"`
}

// Summarize computes the summary statistics of samples. The interval for the
// median is distribution free: with x(1) ≤ … ≤ x(n) it is [x(k), x(n−k+1)]
// for the largest k with P(B ≤ k−1) ≤ 0.025, B ~ Binomial(n, 1/2), so its
// coverage is at least 95%. Below 6 samples no such k exists and the
// interval is [Min, Max].
//
// Summarize returns ErrBadInput for an empty slice or for NaN, Inf or
// negative samples.
func Summarize(samples []float64) (Summary, error) {
	return SummarizeLevel(samples, 0.95)
}

// SummarizeLevel is Summarize with the confidence level of the median
// interval given (0 < confidence < 1).
func SummarizeLevel(samples []float64, confidence float64) (Summary, error) {
	if len(samples) == 0 {
		return Summary{}, fmt.Errorf("%w: no samples", ErrBadInput)
	}
	if !(confidence > 0 && confidence < 1) {
		return Summary{}, fmt.Errorf("%w: confidence %v not in (0, 1)", ErrBadInput, confidence)
	}
	for _, v := range samples {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return Summary{}, fmt.Errorf("%w: sample %v", ErrBadInput, v)
		}
	}
	x := slices.Clone(samples)
	slices.Sort(x)
	n := len(x)
	s := Summary{N: n, Min: x[0], Max: x[n-1], Median: sortedMedian(x)}
	s.Mean, s.StdDev = meanStdDev(x)
	if s.Mean > 0 {
		s.CV = s.StdDev / s.Mean
	}
	s.MAD = sortedMedian(sortedDeviations(x, s.Median))
	k := medianRank(n, confidence)
	s.MedianLo, s.MedianHi = x[k-1], x[n-k]
	return s, nil
}

// meanStdDev returns the mean and the sample standard deviation of x,
// sorted, non-empty, finite and not negative; the deviation is 0 for one
// sample. Where the sum or the squares overflow (samples near
// math.MaxFloat64 made the mean +Inf and the deviation NaN, shown as 0:
// a false certainty), they are computed on x scaled by a power of two no
// smaller than its maximum, and scaled back; the scaling is exact.
func meanStdDev(x []float64) (mean, sd float64) {
	mean, sd = stat.MeanStdDev(x, nil)
	if len(x) == 1 {
		return mean, 0
	}
	if !math.IsInf(mean, 0) && !math.IsNaN(sd) && !math.IsInf(sd, 0) {
		return mean, sd
	}
	_, e := math.Frexp(x[len(x)-1])
	scaled := make([]float64, len(x))
	for i, v := range x {
		scaled[i] = math.Ldexp(v, -e)
	}
	mean, sd = stat.MeanStdDev(scaled, nil)
	// Rounding may carry the mean of samples at the top of the range one
	// step past them; it lies between the least and the greatest.
	mean = min(max(math.Ldexp(mean, e), x[0]), x[len(x)-1])
	return mean, math.Ldexp(sd, e)
}

// medianRank returns the 1-based rank k of the lower order statistic of the
// distribution-free interval for the median, or 1 when n is too small: the
// largest k ≤ n/2 with P(B ≤ k−1) ≤ (1−confidence)/2. The CDF grows with k,
// so k is found by bisection, O(log n) evaluations of it.
func medianRank(n int, confidence float64) int {
	alpha := (1 - confidence) / 2
	b := distuv.Binomial{N: float64(n), P: 0.5}
	k := sort.Search(n/2, func(i int) bool { return b.CDF(float64(i)) > alpha })
	return max(k, 1)
}

// sortedDeviations returns |x[i] − m| in increasing order for x sorted and
// m its median, by merging the deviations below m (decreasing in i) with
// those above it, O(n) where sorting them would be O(n log n).
func sortedDeviations(x []float64, m float64) []float64 {
	mid, _ := slices.BinarySearch(x, m) // x[:mid] < m ≤ x[mid:]
	dev := make([]float64, 0, len(x))
	i, j := mid-1, mid
	for i >= 0 || j < len(x) {
		if j == len(x) || (i >= 0 && m-x[i] <= x[j]-m) {
			dev = append(dev, m-x[i])
			i--
		} else {
			dev = append(dev, x[j]-m)
			j++
		}
	}
	return dev
}

// sortedMedian returns the median of sorted, non-empty x (the mean of the
// two middle values for even length).
func sortedMedian(x []float64) float64 {
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return x[n/2-1]/2 + x[n/2]/2
}
