// Package scaling turns timings measured at several worker counts into
// speedups and fitted scaling models. It works on plain slices and knows
// nothing about files or flags.
//
// With T(P) the median time on P workers:
//
//	S(P) = T(1)/T(P)                       relative speedup (throughput: X(P)/X(1))
//	E(P) = S(P)/P                          efficiency
//	T_S/T(P)                               absolute speedup against the best serial code
//	P·T(1)/T(P)                            scaled speedup (weak scaling)
//
// Amdahl's law, strong scaling (FitAmdahl):
//
//	T(P) = T1·(f + (1−f)/P),   S(P) = 1/(f + (1−f)/P),   S_max = 1/f
//
// Gustafson's law, weak scaling (FitGustafson):
//
//	S(P) = P − α(P−1)
//
// The Karp–Flatt metric, the experimentally determined serial fraction
// (KarpFlatt), and its trend over P (KarpFlattTrend):
//
//	e(P) = (1/S − 1/P) / (1 − 1/P)
//
// Gunther's Universal Scalability Law on throughput X (FitUSL), with σ, κ ≥ 0
// and the peak load where κ > 0:
//
//	X(N) = λN / (1 + σ(N−1) + κN(N−1)),   N* = √((1−σ)/κ)
//
// Analyze ties these together for one series, with bootstrap intervals for
// the speedups and for Amdahl's f (so that f has an interval even from two
// worker counts, where the fit itself has no degrees of freedom left), and
// the problems found in the data reported as warnings, never as errors.
// A resample's median is the k-th of n draws; above a few thousand samples
// it is drawn as an order statistic of uniforms, ⌈n·U₍ₖ₎⌉ with
// U₍ₖ₎ ~ Beta(k, n−k+1), from the samples sorted once.
//
// Two samples of times, such as one worker count measured before and
// after a change, are compared by the Mann–Whitney U test (MannWhitneyU:
// exact for small samples, ties included; the normal approximation with
// tie and continuity corrections beyond), with the distribution-free
// interval of the shift between them that goes with it (ShiftInterval):
// the order statistics d(k), d(mn+1−k) of the m·n differences y_j − x_i.
//
// References: G. M. Amdahl, AFIPS 1967; J. L. Gustafson, CACM 31(5), 1988;
// A. H. Karp and H. P. Flatt, CACM 33(5), 1990; N. J. Gunther, Guerrilla
// Capacity Planning, Springer 2007; H. B. Mann and D. R. Whitney, Ann.
// Math. Statist. 18(1), 1947; L. E. Moses, Technometrics 7(2), 1965.
package scaling
