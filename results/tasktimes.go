package results

import (
	"fmt"
	"math"
)

// MaxTaskTimes is the most task times a series records one by one; a
// pass of more tasks records the sums of consecutive groups of them, at
// most MaxTaskTimes, and a histogram of the single times.
const MaxTaskTimes = 4096

// TaskTimes is every task's time in one untimed pass of a series' tasks,
// run one after another on one worker after the warm-up: what a
// prediction of the series past the machine replays (see package
// predict). Every time is in seconds, less the cost of reading the clock.
type TaskTimes struct {
	// Tasks is the number of tasks of the pass.
	Tasks int `json:"tasks"`
	// SumS is the sum of every task's time; MinS and MaxS are the
	// shortest and the longest.
	SumS float64 `json:"sum_s"`
	MinS float64 `json:"min_s"`
	MaxS float64 `json:"max_s"`
	// BeginS and EndS are the times of the instance's Begin and End
	// (the serial phases of a parallel pass); WallS is the whole pass's,
	// or all the passes' together.
	BeginS float64 `json:"begin_s"`
	EndS   float64 `json:"end_s"`
	WallS  float64 `json:"wall_s"`
	// Passes is the number of passes that timed the tasks: every time
	// (task, Begin, End) is the median over them. 0 in files written
	// before it was recorded, which timed one.
	Passes int `json:"passes,omitempty"`
	// ClockS is what one reading of the clock cost, measured before the
	// pass and taken off every task's time.
	ClockS float64 `json:"clock_s"`
	// DurationsS is every task's time in task order, when there are at
	// most MaxTaskTimes tasks.
	DurationsS []float64 `json:"durations_s,omitempty"`
	// GroupsS, for more tasks, is the sum of the times of every Group
	// consecutive tasks, in task order (the last group may hold fewer),
	// and Histogram the distribution of the single times.
	Group     int        `json:"group,omitempty"`
	GroupsS   []float64  `json:"groups_s,omitempty"`
	Histogram *Histogram `json:"histogram,omitempty"`
	// Ledger is the interference ledger of the pass (null where the
	// system could not say); Disturbed says why it was disturbed when it
	// still was after MaxRetries more tries.
	Ledger    *Ledger `json:"ledger"`
	Disturbed string  `json:"disturbed,omitempty"`
}

// HistogramBins is the number of bins of a Histogram per doubling of the
// time: each bin is about 9% wide.
const HistogramBins = 8

// Histogram counts times in bins that grow geometrically: bin i holds
// the times in [2^((First+i)/HistogramBins), 2^((First+i+1)/HistogramBins))
// seconds; Zero counts the times of 0.
type Histogram struct {
	First  int     `json:"first"`
	Counts []int64 `json:"counts"`
	Zero   int64   `json:"zero,omitempty"`
}

// Bin returns the index (in units of First) of the bin that holds the
// time x > 0.
func Bin(x float64) int { return int(math.Floor(HistogramBins * math.Log2(x))) }

// BinLowS returns the lower edge of the bin with index k, in seconds.
func BinLowS(k int) float64 { return math.Exp2(float64(k) / HistogramBins) }

// check checks the task times of a series: counts that agree, and times
// that are finite and not negative.
func (t *TaskTimes) check() error {
	if t.Tasks < 1 {
		return fmt.Errorf("task times of %d tasks: want at least 1", t.Tasks)
	}
	for _, x := range []float64{t.SumS, t.MinS, t.MaxS, t.BeginS, t.EndS, t.WallS, t.ClockS} {
		if err := checkSamples([]float64{x}); err != nil {
			return fmt.Errorf("task times: %w", err)
		}
	}
	if err := checkSamples(t.DurationsS); err != nil {
		return fmt.Errorf("task times: %w", err)
	}
	if err := checkSamples(t.GroupsS); err != nil {
		return fmt.Errorf("task times: %w", err)
	}
	switch {
	case len(t.DurationsS) > 0 && (len(t.DurationsS) != t.Tasks || len(t.GroupsS) > 0):
		return fmt.Errorf("task times: %d durations for %d tasks", len(t.DurationsS), t.Tasks)
	case len(t.GroupsS) > 0 && (t.Group < 1 || t.Tasks <= (len(t.GroupsS)-1)*t.Group || t.Tasks > len(t.GroupsS)*t.Group):
		return fmt.Errorf("task times: %d groups of %d for %d tasks", len(t.GroupsS), t.Group, t.Tasks)
	case len(t.DurationsS) == 0 && len(t.GroupsS) == 0:
		return fmt.Errorf("task times of %d tasks: neither durations nor groups", t.Tasks)
	}
	return nil
}

// Dispatch is what handing empty tasks to workers cost with one executor
// and schedule on the machine of the run, measured before the series'
// rounds (see workloads/executor.Calibrate): per task, per dispatch (a
// chunk; under block and interleave a worker's whole share), per worker
// started for a pass, per byte of a task's input and result that crosses
// to a worker process, and the least time between two dispatches of one
// dispatcher. Every time is in seconds.
type Dispatch struct {
	Schedule    string  `json:"schedule"`
	PerTaskS    float64 `json:"per_task_s"`
	PerChunkS   float64 `json:"per_chunk_s"`
	PerWorkerS  float64 `json:"per_worker_s"`
	PerByteS    float64 `json:"per_byte_s,omitempty"`
	DispatcherS float64 `json:"dispatcher_s,omitempty"`
	// BytesPerTask is what an empty task sent and received (0 where no
	// byte crosses); a task that moves more pays PerByteS for the rest.
	BytesPerTask float64 `json:"bytes_per_task,omitempty"`
	// Tasks is the number of empty tasks of a calibration pass.
	Tasks int `json:"tasks"`
}
