// Package results holds the record types that flow from measurement to
// report, and their codecs. A run is one Document (schema scalebench/v1);
// every time value is in seconds.
package results

import (
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
	CPUModel    string    `json:"cpu_model"`
	LogicalCPUs int       `json:"logical_cpus"`
	GoVersion   string    `json:"go_version"`
	OS          string    `json:"os"`
	Arch        string    `json:"arch"`
	Hostname    string    `json:"hostname"`
	Commit      string    `json:"commit"`
	Started     time.Time `json:"started"`
	Command     string    `json:"command"`
	Version     string    `json:"version,omitempty"`
}

// Series is one workload measured with one executor, schedule and mode
// across worker counts.
type Series struct {
	Workload string            `json:"workload"`
	Mode     string            `json:"mode"`
	Executor string            `json:"executor"`
	Schedule string            `json:"schedule"`
	Chunk    int               `json:"chunk,omitempty"`
	Params   map[string]string `json:"params"`
	// Unit names what Size counts (e.g. "points", "bytes"); throughput is
	// Size/seconds in that unit per second.
	Unit   string  `json:"unit,omitempty"`
	Serial *Serial `json:"serial"`
	Points []Point `json:"points"`
	// Metric is "seconds" (default: samples are times, lower is better) or
	// "throughput" (samples are rates, higher is better; imported data).
	Metric string `json:"metric,omitempty"`
}

// Serial holds the samples of the best serial algorithm, T_S.
type Serial struct {
	Size     int64     `json:"size"`
	SamplesS []float64 `json:"samples_s"`
}

// Point is one worker count of a series.
type Point struct {
	Workers        int       `json:"workers"`
	Size           int64     `json:"size"`
	Oversubscribed bool      `json:"oversubscribed"`
	SamplesS       []float64 `json:"samples_s"`
	// Throughput holds rate samples when Series.Metric is "throughput".
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
}
