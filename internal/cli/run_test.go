package cli

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/plan"
)

// parsedRun is what a table case expects of a parsed run command line.
type parsedRun struct {
	workloads, execs, scheds []string
	workers, over            []int
	sizeN                    int64
	given                    map[string]string
	mode                     string
	reps, warmup, chunk      int
	seed                     uint64
	cpus                     int
	fitOver                  bool
	cmd                      string
	precision                float64
	maxReps                  int
	maxTime                  string
	keep                     bool
}

// viewRun is the part of cfg that a table case checks.
func viewRun(cfg *runConfig) parsedRun {
	v := parsedRun{workers: cfg.pc.Workers, over: cfg.pc.Oversubscribe, sizeN: cfg.pc.Size.N, given: cfg.pc.Params,
		mode: cfg.f.mode, reps: cfg.f.reps, warmup: cfg.f.warmup, chunk: cfg.f.chunk, seed: cfg.f.seed,
		cpus: cfg.cpus, fitOver: cfg.fitOver, cmd: cfg.c.cmd, precision: cfg.f.precision, maxReps: cfg.f.maxReps,
		maxTime: cfg.f.maxTime.String(), keep: cfg.f.disturbed == "keep"}
	if cfg.f.maxTimeText == "auto" {
		v.maxTime = "auto"
	}
	for _, s := range cfg.pc.Workloads {
		v.workloads = append(v.workloads, s.Name)
	}
	for _, e := range cfg.pc.Executors {
		v.execs = append(v.execs, e.Name())
	}
	for _, s := range cfg.pc.Schedules {
		v.scheds = append(v.scheds, string(s))
	}
	return v
}

// defaults is the parse of `run pi`: every flag at its default.
func defaults() parsedRun {
	return parsedRun{workloads: []string{"pi"}, execs: []string{"goroutines"}, over: []int{2, 4},
		given: map[string]string{}, mode: "strong", reps: 5, warmup: 1, seed: 1, precision: 0.02, maxReps: plan.DefaultMaxReps,
		maxTime: "auto"}
}

// TestParseRun maps command lines of run to their configuration, or to
// the one-line usage error each gets. Parsing reads nothing but its
// arguments and writes nothing.
func TestParseRun(t *testing.T) {
	with := func(f func(*parsedRun)) *parsedRun {
		v := defaults()
		f(&v)
		return &v
	}
	tests := []struct {
		name string
		args []string
		want *parsedRun // nil: an error
		err  string
	}{
		{"defaults", []string{"pi"}, with(func(*parsedRun) {}), ""},
		{"everything", []string{"pi", "det", "--workers", "1:4", "--oversubscribe", "0", "--size", "1000",
			"--executor", "processes,shm", "--schedule", "block,dynamic", "--chunk", "3", "--cpus", "8",
			"--fit-oversubscribed", "--mode", "weak", "--reps", "2", "--warmup", "0", "--seed", "7"},
			with(func(v *parsedRun) {
				v.workloads, v.workers, v.over, v.sizeN = []string{"pi", "det"}, []int{1, 2, 3, 4}, []int{}, 1000
				v.execs, v.scheds, v.chunk, v.cpus, v.fitOver = []string{
					"processes",
					"shm",
				}, []string{
					"block",
					"dynamic",
				}, 3, 8, true
				v.mode, v.reps, v.warmup, v.seed = "weak", 2, 0, 7
				v.precision = 0 // --reps given alone: those rounds, no more
			}), ""},
		{
			"precision",
			[]string{
				"pi",
				"--reps",
				"3",
				"--precision",
				"1%",
				"--max-reps",
				"9",
				"--max-time",
				"30s",
				"--disturbed",
				"keep",
			},
			with(
				func(v *parsedRun) { v.reps, v.precision, v.maxReps, v.maxTime, v.keep = 3, 0.01, 9, "30s", true },
			),
			"",
		},
		{"no time limit", []string{"pi", "--max-time", "0"}, with(func(v *parsedRun) { v.maxTime = "0s" }), ""},
		{
			"many reps",
			[]string{"pi", "--reps", "60"},
			with(func(v *parsedRun) { v.reps, v.maxReps, v.precision = 60, 60, 0 }),
			"",
		},
		{"doubling", []string{"pi", "--workers", "1:16:x2", "--oversubscribe", "3"},
			with(func(v *parsedRun) { v.workers, v.over = []int{1, 2, 4, 8, 16}, []int{3} }), ""},
		{"quick", []string{"pi", "--size", "quick"}, with(func(*parsedRun) {}), ""},
		{"parameter", []string{"synthetic", "--serial-fraction", "0.5"},
			with(func(v *parsedRun) {
				v.workloads, v.given = []string{"synthetic"}, map[string]string{"serial-fraction": "0.5"}
			}), ""},
		{"command", []string{"--cmd", "echo {workers}"},
			with(func(v *parsedRun) { v.workloads, v.cmd = nil, "echo {workers}" }), ""},

		{"no workload", nil, nil, "run: no workload given (want one or more of "},
		{"unknown workload", []string{"nope"}, nil, `unknown workload "nope" (want `},
		{"bad flag", []string{"pi", "--frobnicate"}, nil, "unknown flag: --frobnicate (see scalebench run --help)"},
		{
			"workers",
			[]string{"pi", "--workers", "0"},
			nil,
			`--workers "0": 0: counts must be at least 1 (want counts like 1,2,4, a range 1:8, or 1:64:x2)`,
		},
		{"oversubscribe", []string{"pi", "--oversubscribe", "x"}, nil, `--oversubscribe "x": `},
		{"mode", []string{"pi", "--mode", "medium"}, nil, `--mode "medium": want strong or weak`},
		{"reps", []string{"pi", "--reps", "0"}, nil, "--reps 0: must be at least 1"},
		{"warmup", []string{"pi", "--warmup", "-1"}, nil, "--warmup -1: must not be negative"},
		{"precision", []string{"pi", "--precision", "100%"}, nil, `--precision "100%": must be below 100%`},
		{
			"precision text",
			[]string{"pi", "--precision", "tight"},
			nil,
			`--precision "tight": want a fraction like 0.1 or a percentage like 10%`,
		},
		{
			"max reps",
			[]string{"pi", "--reps", "5", "--max-reps", "4"},
			nil,
			"--max-reps 4: must be at least --reps (5)",
		},
		{
			"max time",
			[]string{"pi", "--max-time", "soon"},
			nil,
			`--max-time "soon": want auto, a duration like 30s, or 0 for no limit`,
		},
		{"negative max time", []string{"pi", "--max-time", "-1s"}, nil, "--max-time -1s: must not be negative"},
		{"disturbed", []string{"pi", "--disturbed", "ignore"}, nil, `--disturbed "ignore": want retry or keep`},
		{
			"chunk",
			[]string{"pi", "--chunk", "-1"},
			nil,
			"--chunk -1: must not be negative (0 takes the workload's default)",
		},
		{"target time", []string{"pi", "--target-time", "-1s"}, nil, "--target-time -1s: must not be negative"},
		{"timeout", []string{"pi", "--timeout", "-1s"}, nil, "--timeout -1s: must not be negative"},
		{
			"format",
			[]string{"pi", "--format", "xml"},
			nil,
			`--format "xml": want one of table, markdown, csv, json, gobench, github-action-benchmark`,
		},
		{"empty out", []string{"pi", "-o", ""}, nil, "--out must name a file"},
		{"size", []string{"pi", "--size", "0"}, nil, `--size "0": want quick, full, or a whole number ≥ 1`},
		{
			"size and target",
			[]string{"pi", "--size", "quick", "--target-time", "1s"},
			nil,
			"--size and --target-time exclude each other",
		},
		{
			"executor",
			[]string{"pi", "--executor", "threads"},
			nil,
			`--executor: unknown executor "threads" (want goroutines, processes, shm)`,
		},
		{
			"empty executor",
			[]string{"pi", "--executor", ","},
			nil,
			"--executor: empty list (want goroutines, processes, shm)",
		},
		{
			"schedule",
			[]string{"pi", "--schedule", "random"},
			nil,
			`--schedule: unknown schedule "random" (want block, interleave, dynamic, element)`,
		},
		{"cpus", []string{"pi", "--cpus", "0"}, nil, "--cpus 0: must be at least 1"},
		{
			"foreign parameter",
			[]string{"pi", "--serial-fraction", "0.5"},
			nil,
			"--serial-fraction does not apply to pi",
		},
		{
			"cmd and names",
			[]string{"pi", "--cmd", "echo"},
			nil,
			"--cmd measures a command: leave out the workload names (pi)",
		},
		{"cmd flag alone", []string{"pi", "--prepare", "true"}, nil, "--prepare needs --cmd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cfg, err := parseRun(tt.args, &stderr)
			if stderr.Len() != 0 {
				t.Errorf("parse wrote %q", stderr.String())
			}
			if tt.want == nil {
				var ue usageError
				if err == nil || !errors.As(err, &ue) || !hasPrefixLine(err.Error(), tt.err) {
					t.Fatalf("error %v, want the usage error %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := viewRun(cfg); !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("config\n got %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

// hasPrefixLine reports whether msg is one line that starts with want.
func hasPrefixLine(msg, want string) bool {
	return strings.HasPrefix(msg, want) && !strings.Contains(msg, "\n")
}
