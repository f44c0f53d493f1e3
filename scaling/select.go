package scaling

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ModelAlpha is the significance level of the test that chooses between
// Amdahl's law and the USL.
const ModelAlpha = 0.05

// FallDrop is how far, relative to the peak, the throughput of a later
// point must lie below the peak to count as a fall when the points carry
// no noise estimate (a single sample each). With samples, the fall must
// instead clear the points' median intervals.
const FallDrop = 0.05

// fall describes throughput that falls after a peak among the fitted
// points: the peak and the lowest later point.
type fall struct {
	peakP, lowP int
	peakX, lowX float64
}

// findFall returns the fall of throughput after its peak among the
// selected points, or nil when throughput does not fall significantly:
// a later point's median interval must lie wholly below the peak's (with
// at least two samples each), or its throughput lie more than FallDrop
// below the peak (when either point has a single sample).
func findFall(pts []PointResult, sel []int, throughput bool) *fall {
	if len(sel) < 2 {
		return nil
	}
	k := sel[0]
	for _, i := range sel {
		if pts[i].Throughput > pts[k].Throughput {
			k = i
		}
	}
	peakLo, _ := xInterval(pts[k], throughput)
	var f *fall
	for _, i := range sel {
		p := pts[i]
		if p.Workers <= pts[k].Workers {
			continue
		}
		_, hi := xInterval(p, throughput)
		noisy := p.Summary.N >= 2 && pts[k].Summary.N >= 2
		sig := (noisy && hi < peakLo) || (!noisy && p.Throughput < (1-FallDrop)*pts[k].Throughput)
		if sig && (f == nil || p.Throughput < f.lowX) {
			f = &fall{peakP: pts[k].Workers, lowP: p.Workers, peakX: pts[k].Throughput, lowX: p.Throughput}
		}
	}
	return f
}

// xInterval is the interval of a point's throughput from the interval of
// its median: the median's own for throughput samples, and the inverse
// scaled by throughput/median for times.
func xInterval(p PointResult, throughput bool) (lo, hi float64) {
	s := p.Summary
	if throughput {
		return s.MedianLo, s.MedianHi
	}
	scale := p.Throughput * p.Median // the size
	return scale / s.MedianHi, scale / s.MedianLo
}

// bestWeak names Gustafson's law for weak scaling when it was fitted.
func bestWeak(a Analysis) (string, string) {
	if a.Gustafson != nil {
		return "gustafson", "weak scaling: Gustafson's law describes the scaled speedup"
	}
	return "", "weak scaling with too few points for Gustafson's law"
}

// chooseStrong chooses between Amdahl's law and the USL. Amdahl's law is
// the USL with κ = 0, a nested model, so the choice is the
// extra-sum-of-squares F test on the throughput fits,
//
//	F = (RSS_A − RSS_U) / (RSS_U/(n−3)),  F ~ F(1, n−3) under κ = 0,
//
// with the USL chosen at p < ModelAlpha; AICc is reported beside it when
// the points allow (n ≥ 6), saying whether it agrees. Throughput that
// falls significantly after a peak (findFall) is never called Amdahl:
// Amdahl's law cannot fall. With three points nothing is left to test κ
// and the simpler Amdahl's law is chosen unless throughput falls.
func chooseStrong(a Analysis, res uslResiduals, f *fall) (string, string) {
	switch {
	case a.Amdahl == nil && a.USL == nil:
		return "", "no model fitted"
	case a.USL == nil:
		return "amdahl", "only Amdahl's law could be fitted (the USL needs 3 points)"
	case a.Amdahl == nil:
		return "usl", "only the USL could be fitted"
	}
	n := a.USL.N
	if f != nil {
		return "usl", fmt.Sprintf(
			"throughput falls after its peak at P=%d (%.4g) to %.4g at P=%d, beyond the noise: Amdahl's law cannot fall; %s",
			f.peakP,
			f.peakX,
			f.lowX,
			f.lowP,
			fTestText(res, n),
		)
	}
	if n < 4 {
		return "amdahl", "3 points leave no degree of freedom to test κ: Amdahl's law, the simpler model"
	}
	p := fTestP(res, n)
	if p < ModelAlpha {
		return "usl", fmt.Sprintf(
			"%s < %g: the coherency term κ is supported%s",
			fTestText(res, n),
			ModelAlpha,
			aiccText(res, n, true),
		)
	}
	if a.USL.Kappa == 0 {
		return "amdahl", fmt.Sprintf("the USL fit has κ = 0: the same curve as Amdahl's law (%s)", fTestText(res, n))
	}
	return "amdahl", fmt.Sprintf(
		"%s ≥ %g: κ is not supported, Amdahl's law is the simpler model%s",
		fTestText(res, n),
		ModelAlpha,
		aiccText(res, n, false),
	)
}

// fStat is the extra-sum-of-squares F statistic of the USL against
// Amdahl's law on n points; +Inf when the USL fits exactly and Amdahl's
// law does not.
func fStat(res uslResiduals, n int) float64 {
	extra := math.Max(res.amdahl-res.usl, 0)
	if extra == 0 {
		return 0
	}
	if res.usl <= 0 {
		return math.Inf(1)
	}
	return extra / (res.usl / float64(n-3))
}

// fTestP is the p-value of fStat under F(1, n−3); 1 with n < 4.
func fTestP(res uslResiduals, n int) float64 {
	if n < 4 {
		return 1
	}
	return distuv.F{D1: 1, D2: float64(n - 3)}.Survival(fStat(res, n))
}

func fTestText(res uslResiduals, n int) string {
	if n < 4 {
		return "no F test with 3 points"
	}
	return fmt.Sprintf("F test on throughput at %d points: F = %.3g, p = %.3g", n, fStat(res, n), fTestP(res, n))
}

// aiccText says whether AICc agrees with the F test's choice (usl), or
// that it needs more points.
func aiccText(res uslResiduals, n int, usl bool) string {
	const kA, kU = 3, 4 // σ, λ, variance; σ, κ, λ, variance
	if n <= kU+1 {
		return fmt.Sprintf("; AICc needs %d points", kU+2)
	}
	ea, eu := aicc(res.amdahl, n, kA), aicc(res.usl, n, kU)
	verdict := "agrees"
	if (eu < ea) != usl {
		verdict = "disagrees"
	}
	return fmt.Sprintf("; AICc %s (USL %.1f, Amdahl %.1f)", verdict, eu, ea)
}

// aicc is the small-sample Akaike criterion for a least-squares fit with k
// parameters (the variance counted) to n points.
func aicc(rss float64, n, k int) float64 {
	rss = math.Max(rss, 1e-300)
	nf, kf := float64(n), float64(k)
	return nf*math.Log(rss/nf) + 2*kf + 2*kf*(kf+1)/(nf-kf-1)
}
