// Package results holds the record types that flow from measurement to
// report, and their codecs. A run is one Document (schema scalebench/v1);
// every time value is in seconds.
package results

import (
	"fmt"
	"time"
)

// Schema is the value of Document.Schema for files this package writes.
const Schema = "scalebench/v1"

// Document is one result file: the environment of a run and its series.
type Document struct {
	Schema string   `json:"schema"`
	Env    Env      `json:"env"`
	Series []Series `json:"series"`
	// Failed is set when any point of the run failed verification or
	// could not be measured.
	Failed bool `json:"failed,omitempty"`
	// Interrupted is set when the run was stopped before every point was
	// measured; the points present are complete.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Env describes the machine and the command that produced a Document.
type Env struct {
	CPUModel string `json:"cpu_model"`
	// LogicalCPUs is the CPU count the run was planned for and its fits
	// cut at: the CPUs this process may use, or run --cpus.
	LogicalCPUs int `json:"logical_cpus"`
	// CPUsAssumed is set when the measurements did not record their CPU
	// count and LogicalCPUs was assumed when they were read (imported
	// data): it says so, in a sentence for the warnings of the fits.
	CPUsAssumed string    `json:"cpus_assumed,omitempty"`
	GoVersion   string    `json:"go_version"`
	OS          string    `json:"os"`
	Arch        string    `json:"arch"`
	Hostname    string    `json:"hostname"`
	Commit      string    `json:"commit"`
	Started     time.Time `json:"started"`
	Command     string    `json:"command"`
	Version     string    `json:"version,omitempty"`
	// CPUs describes the processors the run could use, as read at its
	// start; nil in files written before it was recorded.
	CPUs *CPUInfo `json:"cpus,omitempty"`
	// Warnings are conditions of the machine or the plan that affect the
	// measurements (a busy machine, a CPU quota, capped worker counts).
	Warnings []string `json:"warnings,omitempty"`
}

// CPUInfo is what limits the CPUs of a run, read at its start.
type CPUInfo struct {
	// Online is the number of logical CPUs the machine has online.
	Online int `json:"online"`
	// Affinity is the number of CPUs in the process's affinity mask.
	Affinity int `json:"affinity"`
	// Quota is the cgroup CPU quota in CPUs (cpu.max); 0 means none.
	Quota float64 `json:"quota,omitempty"`
	// Usable is the CPUs the process can keep busy: the affinity mask,
	// capped by the quota rounded up.
	Usable int `json:"usable"`
	// Planned is the CPU count the run was planned for: Usable, or the
	// --cpus override (Override).
	Planned  int  `json:"planned"`
	Override bool `json:"override,omitempty"`
	// ThreadsPerCore is the number of SMT siblings of a logical CPU; 0
	// when unknown.
	ThreadsPerCore int `json:"threads_per_core,omitempty"`
	// LoadAvg is the 1, 5 and 15 minute load average at the start.
	LoadAvg []float64 `json:"load_avg,omitempty"`
	// Busy is the fraction of all CPUs' time other processes used in a
	// short sample just before the run.
	Busy float64 `json:"busy"`
	// Governor is the CPU frequency governor, where readable.
	Governor string `json:"governor,omitempty"`
}

// Series is one workload measured with one executor, schedule and mode
// across worker counts.
type Series struct {
	Workload string            `json:"workload"`
	Mode     Mode              `json:"mode"`
	Executor string            `json:"executor"`
	Schedule string            `json:"schedule"`
	Chunk    int               `json:"chunk,omitempty"`
	Params   map[string]string `json:"params"`
	// Unit names what Size counts (e.g. "points", "bytes"); throughput is
	// Size/seconds in that unit per second.
	Unit   string  `json:"unit,omitempty"`
	Serial *Serial `json:"serial"`
	Points []Point `json:"points"`
	// Metric says what the samples are: times (MetricSeconds, also when
	// empty) or rates (MetricThroughput, imported data).
	Metric Metric `json:"metric,omitempty"`
	// Protocol says how the series was measured: in interleaved rounds,
	// how many, and why the rounds stopped; nil in files written before
	// rounds and in imported data.
	Protocol *Protocol `json:"protocol,omitempty"`
	// TaskTimes is every task's time in an untimed pass on one worker,
	// and Dispatch what handing out tasks cost with the series' executor
	// under each schedule: what a prediction past the machine replays.
	// nil (empty) when not recorded: files written before them, weak
	// mode, a command's series.
	TaskTimes *TaskTimes `json:"task_times,omitempty"`
	Dispatch  []Dispatch `json:"dispatch,omitempty"`
}

// Serial holds the samples of the best serial algorithm, T_S.
type Serial struct {
	Size     int64     `json:"size"`
	SamplesS []float64 `json:"samples_s"`
	Passes
}

// Passes is what a point or the serial reference records of its timed
// passes beside their samples: the round of each sample and its
// interference ledger (both parallel to the samples), and the passes
// left out of the samples because another process disturbed them.
// Files written before rounds have none of them: each of their samples
// is a round of its own, with an unknown ledger.
type Passes struct {
	// Rounds is the round of every sample, 0-based; empty when unknown.
	Rounds []int `json:"rounds,omitempty"`
	// Ledger is the interference ledger of every sample; a null entry is
	// a pass whose ledger the system could not give.
	Ledger []*Ledger `json:"ledger,omitempty"`
	// Disturbed are the passes measured but left out of the samples.
	Disturbed []Disturbed `json:"disturbed,omitempty"`
}

// Ledger is what one timed pass received and what disturbed it, all
// over the pass's wall time.
type Ledger struct {
	// CPUS is the CPU time the pass received: this process and its
	// worker processes, or the process tree of a command.
	CPUS float64 `json:"cpu_s"`
	// OthersCPUS is the CPU time every other process used meanwhile: the
	// machine's busy time (/proc/stat) less CPUS, never below 0. It is
	// read in clock ticks, so it is known to about ±OthersResolutionS.
	OthersCPUS float64 `json:"others_cpu_s"`
	// StealS is the time the hypervisor gave this machine's CPUs to
	// other guests.
	StealS float64 `json:"steal_s"`
	// WaitS is the time the pass's threads were ready to run but waited
	// for a CPU (their run-queue delay); -1 when unknown (a command's
	// processes).
	WaitS float64 `json:"wait_s"`
	// InvoluntaryCS counts the times a thread of the pass was switched
	// out while it could still run.
	InvoluntaryCS int64 `json:"involuntary_cs"`
}

// OthersResolutionS is how well Ledger.OthersCPUS is known: the kernel
// counts busy time in ticks of 10 ms, each of its five busy fields rounded
// down, read once before and once after.
const OthersResolutionS = 0.03

// Disturbed is a pass left out of the samples: its time, round and
// ledger, and why it was left out.
type Disturbed struct {
	Seconds float64 `json:"seconds"`
	Round   int     `json:"round"`
	Ledger  *Ledger `json:"ledger"`
	Why     string  `json:"why"`
}

// Protocol is how a series was measured.
type Protocol struct {
	// Rounds is the number of rounds run; each ran the serial reference
	// and every point once, in a random order.
	Rounds int `json:"rounds"`
	// MinRounds and MaxRounds bound the rounds (--reps, --max-reps).
	MinRounds int `json:"min_rounds"`
	MaxRounds int `json:"max_rounds"`
	// Precision is the relative half-width of the interval every speedup
	// (and the serial fraction) had to reach (--precision); 0 for none.
	Precision float64 `json:"precision,omitempty"`
	// MaxTimeS bounds the series' time (--max-time); 0 for none.
	MaxTimeS float64 `json:"max_time_s,omitempty"`
	// Stopped says why the rounds stopped: StopPrecision, StopRounds,
	// StopMaxRounds, StopMaxTime, StopFailed or StopInterrupted.
	Stopped Stop `json:"stopped"`
	// Pools is PoolsKept when every point's workers were started once
	// and kept across the rounds, PoolsPerRound when they were started
	// in every round (outside the timing).
	Pools string `json:"pools"`
	// Seed orders the passes of every round.
	Seed uint64 `json:"seed"`
	// KeepDisturbed is set when every pass was kept among the samples,
	// its ledger recorded but not judged (run --disturbed keep).
	KeepDisturbed bool `json:"keep_disturbed,omitempty"`
}

// Stop is why the rounds of a series stopped.
type Stop string

// The reasons rounds stop.
const (
	// StopPrecision: every interval reached the precision asked for.
	StopPrecision Stop = "precision"
	// StopRounds: the rounds asked for (--reps) ran; no precision was
	// asked for.
	StopRounds Stop = "rounds"
	// StopMaxRounds: the most rounds allowed (--max-reps) ran.
	StopMaxRounds Stop = "max-rounds"
	// StopMaxTime: the time allowed (--max-time) was spent.
	StopMaxTime Stop = "max-time"
	// StopFailed: a point failed and --fail-fast stopped the sweep.
	StopFailed Stop = "failed"
	// StopInterrupted: the run was interrupted.
	StopInterrupted Stop = "interrupted"
)

// The ways the workers of a series' points live across its rounds.
const (
	PoolsKept     = "kept"
	PoolsPerRound = "per-round"
)

// Point is one worker count of a series.
type Point struct {
	Workers        int   `json:"workers"`
	Size           int64 `json:"size"`
	Oversubscribed bool  `json:"oversubscribed"`
	// Tasks is the number of tasks of a pass; with fewer tasks than
	// workers, Workers−Tasks workers had nothing to do. 0 when unknown
	// (an external program).
	Tasks    int       `json:"tasks,omitempty"`
	SamplesS []float64 `json:"samples_s"`
	// Throughput holds rate samples when Series.Metric is MetricThroughput.
	Throughput   []float64 `json:"throughput,omitempty"`
	Verified     bool      `json:"verified"`
	PeakRSSBytes int64     `json:"peak_rss_bytes"`
	// StartupS is the time spent starting the workers, outside the samples.
	StartupS float64 `json:"startup_s,omitempty"`
	// BytesSent and BytesReceived count what crossed process boundaries
	// per repetition (message-passing executors).
	BytesSent     int64 `json:"bytes_sent,omitempty"`
	BytesReceived int64 `json:"bytes_received,omitempty"`
	// Failed marks a point that could not be measured (a crashed worker,
	// a timeout); Error says why.
	Failed bool   `json:"failed,omitempty"`
	Error  string `json:"error,omitempty"`
	// UserS and SysS are the user and system CPU seconds of every sample,
	// when the executor measures them (an external command: its process
	// tree, from wait4).
	UserS []float64 `json:"user_s,omitempty"`
	SysS  []float64 `json:"sys_s,omitempty"`
	// Note carries a workload's own remark on the point, such as the
	// number of lost updates.
	Note string `json:"note,omitempty"`
	Passes
}

// Mode says how the problem size of a series relates to its workers.
// Its JSON value is the string of the constant.
type Mode string

// The modes of a series.
const (
	// ModeStrong keeps the problem size fixed (Amdahl's law).
	ModeStrong Mode = "strong"
	// ModeWeak grows the problem with the workers (Gustafson's law).
	ModeWeak Mode = "weak"
)

// ParseMode returns the mode named s, "strong" or "weak".
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeStrong, ModeWeak:
		return m, nil
	}
	return "", fmt.Errorf("mode %q is neither strong nor weak", s)
}

// Metric says what the samples of a series measure. Its JSON value is
// the string of the constant.
type Metric string

// The metrics of a series.
const (
	// MetricSeconds: samples are times in seconds, lower is better. An
	// empty Metric means the same.
	MetricSeconds Metric = "seconds"
	// MetricThroughput: samples are rates, higher is better.
	MetricThroughput Metric = "throughput"
)
