package scaling

import (
	"math"
	"math/rand/v2"
	"slices"
)

// pairing holds the samples of a series measured in rounds, paired by
// round with its baseline (the smallest worker count): for every point
// and every round of the baseline, the point's time in that round
// relative to the baseline's, u = T(P)/T(base) (for throughput
// X(base)/X(P), which is the same ratio of times), NaN where the point
// has no sample in the round. Whatever slows or speeds a whole round
// (a neighbour, the clock, the host) divides out of u.
//
// The rounds of the pairing are the baseline's: a round without a
// baseline sample pairs nothing.
type pairing struct {
	rounds []int       // the baseline's rounds, in ascending order
	u      [][]float64 // u[i][k]: point i in round rounds[k]; u[0][k] = 1
	n      []int       // n[i]: the rounds point i shares with the baseline
}

// minPairedRounds is the fewest rounds a point must share with its
// baseline to be analysed by round; below it the point is analysed from
// its samples unpaired.
const minPairedRounds = 2

// pairRounds pairs the points' samples by round, or returns nil when the
// baseline has fewer than minPairedRounds rounds. A round with several
// samples of one point counts by their median.
func pairRounds(pts []cleanPoint, throughput bool) *pairing {
	base := byRound(pts[0])
	if len(base) < minPairedRounds {
		return nil
	}
	pr := &pairing{rounds: make([]int, 0, len(base))}
	for r := range base {
		pr.rounds = append(pr.rounds, r)
	}
	slices.Sort(pr.rounds)
	pr.u = make([][]float64, len(pts))
	pr.n = make([]int, len(pts))
	for i, p := range pts {
		own := byRound(p)
		pr.u[i] = make([]float64, len(pr.rounds))
		for k, r := range pr.rounds {
			v, ok := own[r]
			switch {
			case !ok:
				pr.u[i][k] = math.NaN()
				continue
			case throughput:
				pr.u[i][k] = base[r] / v
			default:
				pr.u[i][k] = v / base[r]
			}
			pr.n[i]++
		}
	}
	return pr
}

// byRound is the samples of p by round, the median of a round's
// samples where it has several; nil when p has no rounds.
func byRound(p cleanPoint) map[int]float64 {
	if len(p.rounds) != len(p.samples) {
		return nil
	}
	all := map[int][]float64{}
	for j, r := range p.rounds {
		all[r] = append(all[r], p.samples[j])
	}
	out := make(map[int]float64, len(all))
	for r, xs := range all {
		slices.Sort(xs)
		out[r] = sortedMedian(xs)
	}
	return out
}

// paired reports whether point i is analysed by round.
func (pr *pairing) paired(i int) bool {
	return pr != nil && pr.n[i] >= minPairedRounds
}

// speedups are the speedups of point p, at index i, in each round it
// shares with the baseline.
func (pr *pairing) speedups(i int, sp speedupRule, p cleanPoint) []float64 {
	out := make([]float64, 0, pr.n[i])
	for _, u := range pr.u[i] {
		if !math.IsNaN(u) {
			out = append(out, sp.fromRatio(u, p))
		}
	}
	return out
}

// medians are, for the selected points, the median over the rounds
// drawn (indexes into pr.rounds; all of them when draw is nil) of u. A
// point with no sample in the rounds drawn takes its median over all.
func (pr *pairing) medians(sel []int, draw []int, buf []float64) []float64 {
	out := make([]float64, len(sel))
	for j, i := range sel {
		xs := buf[:0]
		if draw == nil {
			for _, u := range pr.u[i] {
				if !math.IsNaN(u) {
					xs = append(xs, u)
				}
			}
		} else {
			for _, k := range draw {
				if u := pr.u[i][k]; !math.IsNaN(u) {
					xs = append(xs, u)
				}
			}
		}
		if len(xs) == 0 {
			out[j] = pr.median(i)
			continue
		}
		slices.Sort(xs)
		out[j] = sortedMedian(xs)
	}
	return out
}

// median is point i's median of u over every round.
func (pr *pairing) median(i int) float64 {
	return pr.medians([]int{i}, nil, nil)[0]
}

// resample draws len(pr.rounds) rounds with replacement into draw.
func (pr *pairing) resample(rng *rand.Rand, draw []int) {
	for j := range draw {
		draw[j] = rng.IntN(len(pr.rounds))
	}
}

// refits returns fit applied to opt.Resamples resamples of the rounds:
// each draws the rounds with replacement and gives fit the medians of u
// of the selected points over them. Results that are NaN are left out.
func (pr *pairing) refits(sel []int, opt Options, rng *rand.Rand, fit func(u []float64) float64) []float64 {
	draw := make([]int, len(pr.rounds))
	buf := make([]float64, 0, len(pr.rounds))
	out := make([]float64, 0, opt.Resamples)
	for range opt.Resamples {
		pr.resample(rng, draw)
		if v := fit(pr.medians(sel, draw, buf)); !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}
