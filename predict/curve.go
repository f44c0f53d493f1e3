package predict

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultMaxWorkers is the largest worker count of a predicted curve
// unless asked otherwise.
const DefaultMaxWorkers = 256

// DefaultResamples is the number of resamples of the task times behind
// the band of a predicted curve.
const DefaultResamples = 200

// Level is the coverage of the band: the 2.5th to 97.5th percentiles of
// the resampled curves.
const Level = 0.95

// Options say what to predict from the task times.
type Options struct {
	// Plan is the schedule, chunk and costs of the predicted series.
	Plan Plan
	// T1 is the measured time on one worker. The serial part of the
	// pass, besides its tasks, is T1 less the replay on one worker. 0
	// means unknown: Serial is the serial part.
	T1     float64
	Serial float64
	// Rescale, with T1, keeps Serial as the serial part and scales it
	// and the task times by one factor so that the replay on one worker
	// is T1: the task times were timed in other passes than T1, and a
	// machine whose speed drifts between the two runs every part of a
	// pass faster or slower alike. The dispatch costs are not scaled.
	Rescale bool
	// Workers are the counts to predict, ascending; nil means
	// Grid(DefaultMaxWorkers).
	Workers []int
	// Resamples is the number of resamples of the band; 0 means
	// DefaultResamples, a negative number none.
	Resamples int
	// Seed seeds the resamples.
	Seed uint64
}

// Point is the prediction at one worker count: the replay of the
// recorded tasks, and its band from the resamples (equal to the replay
// when there are none).
type Point struct {
	Workers   int     `json:"workers"`
	TimeS     float64 `json:"time_s"`
	TimeLoS   float64 `json:"time_lo_s"`
	TimeHiS   float64 `json:"time_hi_s"`
	Speedup   float64 `json:"speedup"`
	SpeedupLo float64 `json:"speedup_lo"`
	SpeedupHi float64 `json:"speedup_hi"`
	// Bound is the speedup no schedule can beat: min(P, parallelism), P
	// when the tasks and the serial part took no measurable time.
	Bound float64 `json:"speedup_bound"`
	// Burdened is the speedup a greedy schedule (Dynamic, Element) is
	// expected to reach at least: work / (work/P + burdened span).
	Burdened float64 `json:"speedup_burdened"`
}

// Figures are Cilkscale's measures of a pass's parallelism, in seconds
// where they are times. With s the serial part and d the task times:
// work = s + the replay on one worker (T(1), dispatch costs included),
// span = s + max d, parallelism = work/span; the burdened span adds
// the costs of one dispatch to the span: starting a worker, the dispatch
// and its tasks' costs, and for Dynamic the rest of the chunk that holds
// the longest task.
type Figures struct {
	WorkS               float64 `json:"work_s"`
	SpanS               float64 `json:"span_s"`
	Parallelism         float64 `json:"parallelism"`
	BurdenedSpanS       float64 `json:"burdened_span_s"`
	BurdenedParallelism float64 `json:"burdened_parallelism"`
}

// Curve is a predicted curve: the plan it replays, the serial part it
// adds, Cilkscale's figures and a point per worker count.
type Curve struct {
	Plan
	Tasks int `json:"tasks"`
	// SerialS is the serial part added to every replay.
	SerialS float64 `json:"serial_s"`
	// Scale is the factor the task times were multiplied by so that the
	// replay on one worker is T(1) (1 when they fit without).
	Scale float64 `json:"scale"`
	Figures
	Resamples int     `json:"resamples"`
	Points    []Point `json:"points"`
	// Warnings say what the prediction had to assume.
	Warnings []string `json:"warnings"`
}

// Predict replays tasks on every worker count of opt under its plan,
// adds the serial part and returns the curve with its band and figures.
// The band resamples the task entries with replacement (in a random
// order, so that it also says how much the order of the tasks matters)
// and takes the 2.5th and 97.5th percentiles of each resample's own
// speedup T(1)/T(P); the band of T(P) is the work divided by them, so
// that it closes on the measured T(1) at one worker.
func Predict(tasks Tasks, opt Options) (Curve, error) {
	if err := tasks.check(); err != nil {
		return Curve{}, err
	}
	if err := opt.Plan.check(); err != nil {
		return Curve{}, err
	}
	workers := opt.Workers
	if workers == nil {
		workers = Grid(DefaultMaxWorkers)
	}
	if len(workers) == 0 || !slices.IsSorted(workers) || workers[0] < 1 {
		return Curve{}, fmt.Errorf("%w: worker counts %v", ErrBadInput, workers)
	}
	if !(opt.T1 >= 0 && opt.Serial >= 0) || math.IsInf(opt.T1+opt.Serial, 0) {
		return Curve{}, fmt.Errorf("%w: T(1) %v, serial part %v", ErrBadInput, opt.T1, opt.Serial)
	}
	if err := finite(tasks, opt.Plan, workers[len(workers)-1], opt.T1+opt.Serial); err != nil {
		return Curve{}, err
	}
	c := Curve{Plan: opt.Plan, Tasks: tasks.count(), Warnings: []string{}}
	if c.Plan.Schedule != Dynamic {
		c.Chunk = 0
	}
	var warn string
	c.SerialS, c.Scale, warn = serialPart(newPrefix(tasks), opt)
	if warn != "" {
		c.Warnings = append(c.Warnings, warn)
	}
	if c.Scale != 1 {
		tasks = tasks.Scaled(c.Scale)
	}
	p := newPrefix(tasks)
	c.Figures = figures(p, c.SerialS, opt.Plan)
	if c.WorkS == 0 {
		return Curve{}, fmt.Errorf("%w: a pass that takes no time", ErrBadInput)
	}
	c.Points = make([]Point, len(workers))
	for i, w := range workers {
		t := c.SerialS + predicted(p, w, opt.Plan)
		c.Points[i] = Point{Workers: w, TimeS: t, TimeLoS: t, TimeHiS: t, Speedup: c.WorkS / t,
			Bound: c.bound(w), Burdened: ratio(c.WorkS, c.WorkS/float64(w)+c.BurdenedSpanS)}
		c.Points[i].SpeedupLo, c.Points[i].SpeedupHi = c.Points[i].Speedup, c.Points[i].Speedup
	}
	c.Resamples = opt.Resamples
	if c.Resamples == 0 {
		c.Resamples = DefaultResamples
	}
	if len(tasks.Seconds) < 2 || c.Resamples < 0 {
		c.Resamples = 0
		return c, nil
	}
	band(&c, tasks, opt)
	return c, nil
}

// predicted is the replay of p on w workers under plan, and at least
// the longest task with the costs of its dispatch (groups hide it).
func predicted(p prefix, w int, plan Plan) float64 {
	c := plan.Costs
	least := c.finish(c.start(0), p.t.longest(), 1, 1)
	return max(makespan(p, w, plan), least)
}

// serialPart returns the serial part of opt's pass, T1 less the replay
// on one worker, and the factor the task times must be scaled by when
// they exceed what T1 leaves them, with a warning that says so.
func serialPart(p prefix, opt Options) (serial, scale float64, warn string) {
	if opt.T1 == 0 {
		return opt.Serial, 1, ""
	}
	one := predicted(p, 1, opt.Plan)
	if opt.Rescale {
		return rescaled(p, opt, one)
	}
	if s := opt.T1 - one; s >= 0 {
		return s, 1, ""
	}
	sum := p.sum[len(p.sum)-1]
	dispatch := one - sum
	if k := (opt.T1 - dispatch) / sum; sum > 0 && k > 0 {
		return 0, k, fmt.Sprintf("the task times add up to %.1f%% more than T(1) less the dispatch costs: "+
			"scaled by %.3f to fit, no serial part", (1/k-1)*100, k)
	}
	return 0, 1, fmt.Sprintf("T(1) = %.3g s is below the dispatch costs on one worker (%.3g s): "+
		"the predicted T(1) is theirs", opt.T1, dispatch)
}

// rescaled returns the serial part and the factor of Options.Rescale:
// k·(Serial + the tasks' sum) + the dispatch costs on one worker = T1.
// one is the replay on one worker, unscaled.
func rescaled(p prefix, opt Options, one float64) (serial, scale float64, warn string) {
	sum := p.sum[len(p.sum)-1]
	dispatch := one - sum
	if k := (opt.T1 - dispatch) / (sum + opt.Serial); sum+opt.Serial > 0 && k > 0 {
		return opt.Serial * k, k, ""
	}
	return opt.Serial, 1, fmt.Sprintf("T(1) = %.3g s is below the dispatch costs on one worker (%.3g s): "+
		"the task times are not scaled to it", opt.T1, dispatch)
}

// figures returns Cilkscale's figures of the tasks of p with the serial
// part s under plan (see Figures).
func figures(p prefix, s float64, plan Plan) Figures {
	c := plan.Costs
	f := Figures{WorkS: s + predicted(p, 1, plan), SpanS: s + p.t.longest()}
	f.BurdenedSpanS = s + c.finish(c.start(0), p.t.longest(), 1, 1)
	if plan.Schedule == Dynamic {
		n := p.t.count()
		k := plan.chunk(n)
		for a := 0; a < n; a += k {
			b := min(n, a+k)
			f.BurdenedSpanS = max(f.BurdenedSpanS, s+c.finish(c.start(0), p.span(a, b), b-a, 1))
		}
	}
	f.Parallelism, f.BurdenedParallelism = ratio(f.WorkS, f.SpanS), ratio(f.WorkS, f.BurdenedSpanS)
	return f
}

// ratio returns a/b, or 0 (unknown) when b is too small for a finite
// ratio: a span of tasks of no measurable time bounds nothing.
func ratio(a, b float64) float64 {
	if r := a / b; !math.IsInf(r, 0) && !math.IsNaN(r) {
		return r
	}
	return 0
}

// bound returns the speedup no schedule beats on w workers:
// min(w, parallelism), or w when the parallelism is unknown (0).
func (f Figures) bound(w int) float64 {
	if f.Parallelism == 0 {
		return float64(w)
	}
	return min(float64(w), f.Parallelism)
}

// band fills in the band of c's points from resamples of tasks.
func band(c *Curve, tasks Tasks, opt Options) {
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7072656469637421))
	speedups := make([][]float64, len(c.Points))
	draw := tasks
	draw.Seconds = make([]float64, len(tasks.Seconds))
	for range c.Resamples {
		for i := range draw.Seconds {
			draw.Seconds[i] = tasks.Seconds[rng.IntN(len(tasks.Seconds))]
		}
		p := newPrefix(draw)
		one := c.SerialS + predicted(p, 1, c.Plan)
		for i, pt := range c.Points {
			s := 1.0 // a resample of tasks of no time, without a serial part
			if t := c.SerialS + predicted(p, pt.Workers, c.Plan); t > 0 {
				s = one / t
			}
			speedups[i] = append(speedups[i], s)
		}
	}
	lo, hi := (1-Level)/2, (1+Level)/2
	for i := range c.Points {
		pt := &c.Points[i]
		pt.SpeedupLo, pt.SpeedupHi = quantile(speedups[i], lo), quantile(speedups[i], hi)
		pt.TimeLoS, pt.TimeHiS = c.WorkS/pt.SpeedupHi, c.WorkS/pt.SpeedupLo
	}
}

// quantile returns the q-quantile of x (which it sorts), interpolated
// between order statistics (Hyndman and Fan's type 7).
func quantile(x []float64, q float64) float64 {
	slices.Sort(x)
	h := q * float64(len(x)-1)
	i := int(h)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}

// Grid returns the worker counts of a predicted curve up to maxWorkers:
// every count up to 16, then four a doubling (2^(k/4), rounded), and
// maxWorkers, with extra counts (the measured ones) added; ascending,
// without duplicates, and nothing above maxWorkers but the extra.
func Grid(maxWorkers int, extra ...int) []int {
	var out []int
	for w := 1; w <= min(16, maxWorkers); w++ {
		out = append(out, w)
	}
	for k := 17; ; k++ {
		w := int(math.Round(math.Exp2(float64(k) / 4)))
		if w > maxWorkers {
			break
		}
		out = append(out, w)
	}
	if maxWorkers >= 1 {
		out = append(out, maxWorkers)
	}
	for _, w := range extra {
		if w >= 1 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Times are the predicted times of several plans at one worker count.
type Times struct {
	Workers int `json:"workers"`
	// TimesS holds one time per plan, in the order of the plans.
	TimesS []float64 `json:"times_s"`
	// Fastest is the index of the plan with the shortest time, the first
	// among equals.
	Fastest int `json:"fastest"`
}

// Compare replays tasks under every plan at every count of workers, each
// with the serial part serial, and names the fastest plan at each count.
func Compare(tasks Tasks, serial float64, plans []Plan, workers []int) ([]Times, error) {
	if err := tasks.check(); err != nil {
		return nil, err
	}
	if len(plans) == 0 || !(serial >= 0) || math.IsInf(serial, 0) {
		return nil, fmt.Errorf("%w: %d plans, serial part %v", ErrBadInput, len(plans), serial)
	}
	for _, pl := range plans {
		if err := pl.check(); err != nil {
			return nil, err
		}
		if err := finite(tasks, pl, slices.Max(append([]int{1}, workers...)), serial); err != nil {
			return nil, err
		}
	}
	p := newPrefix(tasks)
	out := make([]Times, 0, len(workers))
	for _, w := range workers {
		if w < 1 {
			return nil, fmt.Errorf("%w: %d workers", ErrBadInput, w)
		}
		t := Times{Workers: w, TimesS: make([]float64, len(plans))}
		for i, pl := range plans {
			t.TimesS[i] = serial + predicted(p, w, pl)
			if t.TimesS[i] < t.TimesS[t.Fastest] {
				t.Fastest = i
			}
		}
		out = append(out, t)
	}
	return out, nil
}
