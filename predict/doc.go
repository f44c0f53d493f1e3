// Package predict replays the recorded times of a pass's tasks on any
// number of virtual workers under a schedule, to predict the time T(P)
// and speedup S(P) of a series past the machine it was measured on. It
// works on plain slices and knows nothing of files or executors.
//
// With d the task times (in task order), s the serial part of a pass
// and the costs of handing tasks to workers (Costs), the predicted time
// on P workers is
//
//	T(P) = s + makespan(d, P, schedule, costs)
//	s    = T(1) − makespan(d, 1, schedule, costs)
//
// where T(1) is the measured time on one worker, so that the prediction
// at P = 1 is the measurement; without it (Options.T1 = 0), s is given
// (Options.Serial) and the prediction at P = 1 is a prediction too. The makespan (Makespan) follows the
// schedules of the executors: Block and Interleave give every worker its
// share up front; Dynamic and Element are Graham's list scheduling in
// task order, each chunk going to the worker free first (R. L. Graham,
// "Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math.
// 17(2), 1969). A worker pays Costs.PerTask per task and Costs.PerChunk
// per dispatch; the coordinator starts the workers one after another,
// Costs.PerWorker each; a single dispatcher (Element on goroutines) hands
// out no more than one task per Costs.Dispatcher.
//
// Cilkscale's figures (T. B. Schardl et al., "The Cilkprof scalability
// profiler", SPAA 2015; Y. He, C. E. Leiserson and W. M. Leiserson, "The
// Cilkview scalability analyzer", SPAA 2010) describe the same pass as a
// fork–join of independent tasks:
//
//	work                 W  = T(1)
//	span                 T∞ = s + max d
//	parallelism          W / T∞
//	burdened span        s + max d + the costs of one dispatch
//	burdened parallelism W / burdened span
//
// and bound the speedup: no schedule beats S(P) ≤ min(P, W/T∞) (the work
// and span laws), and a greedy schedule (Dynamic, Element) reaches about
// S(P) ≥ W / (W/P + burdened span) (Brent's bound, R. P. Brent, J. ACM
// 21(2), 1974). Every prediction lies within the first bound.
//
// The band of a curve (Predict) is a bootstrap (B. Efron, Ann. Statist.
// 7(1), 1979): the task times are drawn with replacement, in a random
// order, and replayed; the band holds the 2.5th to 97.5th percentiles of
// the replays' own speedups T(1)/T(P), and the band of T(P) is the work
// divided by them. It says how much the curve depends on the particular
// tasks and their order: a replay outside its band is one whose tasks'
// order matters (a trend, or a pattern the schedule meets).
//
// What the replay leaves out: anything that makes a task slower when
// others run beside it (memory bandwidth, shared caches, a lock, fewer
// CPUs than workers, the clock of a busy machine). A CPU-bound series is
// predicted as if it had a CPU per worker.
package predict
