package scaling

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// KarpFlatt returns the experimentally determined serial fraction
// e = (1/S − 1/P)/(1 − 1/P) of Karp and Flatt for speedup S on p workers.
// It is NaN for p ≤ 1 and for a speedup that is not positive and finite.
func KarpFlatt(p, speedup float64) float64 {
	if !(p > 1) || math.IsInf(p, 0) || !(speedup > 0) || math.IsInf(speedup, 0) {
		return math.NaN()
	}
	return (1/speedup - 1/p) / (1 - 1/p)
}

// KarpFlattSummary names how the Karp–Flatt metric moves with P.
type KarpFlattSummary struct {
	Trend string  `json:"trend"` // "flat", "rising", "falling", or "" with fewer than 2 values
	Slope float64 `json:"slope"` // least-squares slope of e against P
}

// Trend thresholds, see KarpFlattTrend.
const (
	kfRelChange = 0.25 // change over the range, relative to the mean |e|
	kfAbsFloor  = 0.01 // smallest scale of e that counts as a change
)

// KarpFlattTrend fits e = c + slope·P by least squares and names the trend.
// The fitted change of e over the measured range, slope·(Pmax − Pmin), is
// compared with max(|mean e|, 0.01): within a quarter of it the trend is
// "flat" (a constant serial fraction, Amdahl's serial work), above it
// "rising" (overhead or contention growing with P), below it "falling". With
// four or more values the slope must also differ from zero at 95% (t test on
// its standard error); otherwise the trend is "flat" as well, since the
// movement cannot be told from noise. Non-finite values are ignored; with
// fewer than two values left the trend is "".
func KarpFlattTrend(p, e []float64) KarpFlattSummary {
	var xs, ys []float64
	for i := range p {
		if i < len(e) && !math.IsNaN(e[i]) && !math.IsInf(e[i], 0) && !math.IsNaN(p[i]) && !math.IsInf(p[i], 0) {
			xs = append(xs, p[i])
			ys = append(ys, e[i])
		}
	}
	if len(xs) < 2 || distinct(xs) < 2 {
		return KarpFlattSummary{}
	}
	c, slope := stat.LinearRegression(xs, ys, nil, false)
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	change := slope * (hi - lo)
	scale := math.Max(math.Abs(stat.Mean(ys, nil)), kfAbsFloor)
	trend := "flat"
	switch {
	case change > kfRelChange*scale:
		trend = "rising"
	case change < -kfRelChange*scale:
		trend = "falling"
	}
	if n := len(xs); trend != "flat" && n >= 4 {
		var rss float64
		for i, x := range xs {
			r := ys[i] - c - slope*x
			rss += r * r
		}
		mx := stat.Mean(xs, nil)
		var sxx float64
		for _, x := range xs {
			sxx += (x - mx) * (x - mx)
		}
		se := math.Sqrt(rss / float64(n-2) / sxx)
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 2)}.Quantile(0.975)
		if math.Abs(slope) < t*se {
			trend = "flat"
		}
	}
	return KarpFlattSummary{Trend: trend, Slope: slope}
}
