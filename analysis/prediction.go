package analysis

import (
	"errors"
	"fmt"
	"slices"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/predict"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// PredictionLabel names a predicted curve wherever it is shown: what it
// is made of, and what it leaves out.
const PredictionLabel = "predicted from task times (no memory-bandwidth or cache effects)"

// Prediction is a series' curve predicted past the machine from its
// task times (package predict): under the series' schedule with its band
// and Cilkscale's figures, the times of the other schedules at the same
// counts, and the prediction beside every measured point.
type Prediction struct {
	Label string `json:"label"`
	predict.Curve
	// Schedules are the plans compared, the series' own first; Times
	// holds, at every count of the curve, the time of each and the
	// fastest.
	Schedules []predict.Plan  `json:"schedules"`
	Times     []predict.Times `json:"times"`
	// Measured sets the prediction beside every measured point.
	Measured []Check `json:"measured"`
}

// Check is the prediction at one measured point: the median of its
// samples and the predicted time, their ratio less one, and whether the
// measured speedup T(1)/T(P) (the predicted T(1) without a one-worker
// point) lies within the work and span bound.
type Check struct {
	Workers        int     `json:"workers"`
	Oversubscribed bool    `json:"oversubscribed"`
	MeasuredS      float64 `json:"measured_s"`
	PredictedS     float64 `json:"predicted_s"`
	Error          float64 `json:"error"`
	// Speedup is the measured T(1)/T(P) that WithinBound judges.
	Speedup     float64 `json:"speedup"`
	WithinBound bool    `json:"within_bound"`
	// CPUGrowth is the median CPU time of a pass on these workers over
	// that of a pass on one (the interference ledger's cpu_s); 0 when
	// either is unknown. The same work taking more CPU time on more
	// workers is contention the task times do not show.
	CPUGrowth float64 `json:"cpu_growth,omitempty"`
}

// CPUGrowthMax is the most CPU time a pass of CPU-bound tasks may take on
// several workers, relative to one, before the prediction says that it
// leaves out contention: 10% more.
const CPUGrowthMax = 1.10

// cpuBoundShare is the least share of a one-worker pass's time spent on
// a CPU for its tasks to count as CPU-bound (waiting tasks take little
// CPU time, and its growth says nothing of contention).
const cpuBoundShare = 0.5

// ErrNoTaskTimes is returned by Predict for a series that recorded no
// task times: nothing can be predicted.
var ErrNoTaskTimes = errors.New("no task times recorded")

// PredictOptions say how far to predict and what to compare.
type PredictOptions struct {
	// MaxWorkers is the most workers predicted; 0 means
	// predict.DefaultMaxWorkers.
	MaxWorkers int
	// Chunk is the chunk of the dynamic schedule compared with the
	// series' own when that is another (a series records its chunk only
	// under dynamic); 0 means 1.
	Chunk int
}

// Predict predicts s on every count of predict.Grid up to
// opt.MaxWorkers and the measured ones, from the task times: the serial
// part is the Begin and End timed with the tasks. With a measured
// one-worker point, the task times and the serial part are scaled
// together to its median (predict.Options.Rescale): they were timed in
// passes of their own, at one moment, and the speed of a machine drifts
// between minutes, while the median of the rounds is taken beside every
// other count. The prediction at one worker is then the measurement, and
// the other counts check the shape of the curve. The dispatch costs are
// those calibrated for the series' executor, a task paying per byte for
// what it moves beyond an empty task. It returns ErrNoTaskTimes for a
// series without task times (and for weak scaling, imported data and
// commands, which record none).
func Predict(s *results.Series, opt PredictOptions) (*Prediction, error) {
	tt := s.TaskTimes
	if tt == nil || s.Mode == results.ModeWeak || s.Metric == results.MetricThroughput {
		return nil, ErrNoTaskTimes
	}
	maxWorkers := opt.MaxWorkers
	if maxWorkers <= 0 {
		maxWorkers = predict.DefaultMaxWorkers
	}
	plans, warnings := plansOf(s, opt.Chunk)
	if plans == nil {
		return nil, fmt.Errorf("prediction: schedule %q cannot be replayed", s.Schedule)
	}
	medians, counts := measuredMedians(s)
	po := predict.Options{Plan: plans[0], Workers: predict.Grid(maxWorkers, counts...), Seed: 1}
	if s.Protocol != nil {
		po.Seed = s.Protocol.Seed
	}
	po.Serial = tt.BeginS + tt.EndS
	if t1, ok := medians[1]; ok {
		po.T1, po.Rescale = t1, true
	}
	tasks := tasksOf(tt)
	c, err := predict.Predict(tasks, po)
	if err != nil {
		return nil, fmt.Errorf("prediction: %w", err)
	}
	p := &Prediction{Label: PredictionLabel, Curve: c, Schedules: plans}
	if p.Times, err = predict.Compare(tasks.Scaled(c.Scale), c.SerialS, plans, po.Workers); err != nil {
		return nil, fmt.Errorf("prediction: %w", err)
	}
	p.Warnings = append(p.Warnings, warnings...)
	if tt.Disturbed != "" {
		p.Warnings = append(p.Warnings, "the task times' pass was disturbed: "+tt.Disturbed)
	}
	p.Measured = checks(s, &c, medians)
	p.Warnings = append(p.Warnings, growthWarnings(p.Measured, medians[1], medianCPU(pointAt(s, 1)))...)
	return p, nil
}

// tasksOf returns the recorded task times of tt as predict's tasks.
func tasksOf(tt *results.TaskTimes) predict.Tasks {
	if len(tt.DurationsS) > 0 {
		return predict.Tasks{Seconds: tt.DurationsS, Longest: tt.MaxS}
	}
	return predict.Tasks{Seconds: tt.GroupsS, Group: tt.Group, N: tt.Tasks, Longest: tt.MaxS}
}

// plansOf returns the plans of s's executor under every schedule, the
// series' own first, with their calibrated costs, and warnings about
// what was not calibrated; nil when the series' schedule is none of
// them. Dynamic has the series' chunk when it is the series' schedule,
// and chunk otherwise (at least 1 either way).
func plansOf(s *results.Series, chunk int) ([]predict.Plan, []string) {
	own := predict.Schedule(s.Schedule)
	if !slices.Contains(predict.Schedules, own) {
		return nil, nil
	}
	costs := map[string]results.Dispatch{}
	for _, d := range s.Dispatch {
		costs[d.Schedule] = d
	}
	var warnings []string
	if len(costs) == 0 {
		warnings = append(warnings, "the dispatch costs were not measured: taken as none")
	}
	bytes := bytesPerTask(s)
	plans := []predict.Plan{}
	for _, sch := range append([]predict.Schedule{own}, predict.Schedules...) {
		if len(plans) > 0 && sch == own {
			continue
		}
		pl := predict.Plan{Schedule: sch}
		if sch == predict.Dynamic {
			pl.Chunk = max(1, chunk)
			if own == predict.Dynamic {
				pl.Chunk = max(1, s.Chunk)
			}
		}
		if d, ok := costs[string(sch)]; ok {
			pl.Costs = predict.Costs{PerTask: d.PerTaskS + d.PerByteS*max(0, bytes-d.BytesPerTask),
				PerChunk: d.PerChunkS, PerWorker: d.PerWorkerS, Dispatcher: d.DispatcherS}
		}
		plans = append(plans, pl)
	}
	return plans, warnings
}

// bytesPerTask returns what a task of s sent and received in a pass of
// its first point that moved bytes, or 0.
func bytesPerTask(s *results.Series) float64 {
	for _, p := range s.Points {
		if p.Tasks > 0 && p.BytesSent+p.BytesReceived > 0 {
			return float64(p.BytesSent+p.BytesReceived) / float64(p.Tasks)
		}
	}
	return 0
}

// measuredMedians returns the median time of every point of s with
// samples, by worker count, and the counts.
func measuredMedians(s *results.Series) (map[int]float64, []int) {
	medians := map[int]float64{}
	var counts []int
	for _, p := range s.Points {
		if p.Failed || len(p.SamplesS) == 0 {
			continue
		}
		sum, err := scaling.Summarize(p.SamplesS)
		if err != nil {
			continue
		}
		if _, dup := medians[p.Workers]; !dup {
			counts = append(counts, p.Workers)
		}
		medians[p.Workers] = sum.Median
	}
	return medians, counts
}

// checks sets the curve c beside the measured medians of s.
func checks(s *results.Series, c *predict.Curve, medians map[int]float64) []Check {
	out := []Check{}
	for _, p := range s.Points {
		m, ok := medians[p.Workers]
		if !ok || slices.ContainsFunc(out, func(k Check) bool { return k.Workers == p.Workers }) {
			continue
		}
		i := slices.IndexFunc(c.Points, func(q predict.Point) bool { return q.Workers == p.Workers })
		if i < 0 || m <= 0 {
			continue
		}
		q := c.Points[i]
		work := c.WorkS
		if t1, ok := medians[1]; ok {
			work = t1
		}
		k := Check{Workers: p.Workers, Oversubscribed: p.Oversubscribed, MeasuredS: m, PredictedS: q.TimeS,
			Error: q.TimeS/m - 1, Speedup: work / m, WithinBound: work/m <= q.Bound*(1+1e-9)}
		if one, at := medianCPU(pointAt(s, 1)), medianCPU(&p); one > 0 && at > 0 {
			k.CPUGrowth = at / one
		}
		out = append(out, k)
	}
	return out
}

// growthWarnings say at which counts within the CPUs a pass of
// CPU-bound tasks (one worker on a CPU for at least cpuBoundShare of
// t1) took more than CPUGrowthMax times the CPU time of one worker's.
func growthWarnings(ks []Check, t1, cpu1 float64) []string {
	if t1 <= 0 || cpu1 < cpuBoundShare*t1 {
		return nil
	}
	var out []string
	for _, k := range ks {
		if k.Oversubscribed || k.CPUGrowth <= CPUGrowthMax {
			continue
		}
		out = append(out, fmt.Sprintf("on %d workers a pass took %.0f%% more CPU time than on one: contention the "+
			"task times do not show (shared cache lines, memory bandwidth, two logical CPUs of one core), so the "+
			"prediction is faster than the measurement there and likely past it", k.Workers, 100*(k.CPUGrowth-1)))
	}
	return out
}

// pointAt returns the first point of s on w workers, or nil.
func pointAt(s *results.Series, w int) *results.Point {
	for i := range s.Points {
		if s.Points[i].Workers == w && !s.Points[i].Failed {
			return &s.Points[i]
		}
	}
	return nil
}

// medianCPU is the median CPU time of p's timed passes that have a
// ledger; 0 when none has (or p is nil).
func medianCPU(p *results.Point) float64 {
	if p == nil {
		return 0
	}
	var cpu []float64
	for _, l := range p.Ledger {
		if l != nil && l.CPUS > 0 {
			cpu = append(cpu, l.CPUS)
		}
	}
	if len(cpu) == 0 {
		return 0
	}
	return median(cpu)
}

// addPrediction sets the prediction of ss from its measured series s,
// on counts up to maxWorkers (0: predict.DefaultMaxWorkers); a
// prediction that cannot be made from the task times it recorded is a
// warning, and its own warnings join the series'.
func (ss *Series) addPrediction(s *results.Series, maxWorkers int) {
	p, err := Predict(s, PredictOptions{MaxWorkers: maxWorkers})
	if errors.Is(err, ErrNoTaskTimes) {
		return
	}
	if err != nil {
		ss.Warnings = append(ss.Warnings, safetext.Clean(err.Error()))
		return
	}
	ss.Prediction = p
	for _, w := range p.Warnings {
		ss.Warnings = append(ss.Warnings, "prediction: "+safetext.Clean(w))
	}
}
