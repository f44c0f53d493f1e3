package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// listEntry is one workload in `list --json`.
type listEntry struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Unit        string            `json:"unit"`
	Sizes       map[string]int64  `json:"sizes"`
	Schedule    string            `json:"schedule"`
	Chunk       int               `json:"chunk"`
	Executors   []string          `json:"executors"`
	Limits      string            `json:"executor_limits,omitempty"`
	Params      []workloads.Param `json:"params"`
	Crossing    listCrossing      `json:"crossing"`
}

// listCrossing is what crosses the process boundary for one task of a
// workload in `list --json`: the fields of workloads.Crossing and the
// sentences that `list` prints.
type listCrossing struct {
	Input  string `json:"input"`
	Result string `json:"result"`
	Shared bool   `json:"shared_input"`
	To     string `json:"to_worker"`
	Back   string `json:"back"`
}

// crossing says what crosses the process boundary for one task of s, to
// a worker process and back, and how, on each executor that runs it in
// worker processes.
func crossing(s *workloads.Spec) listCrossing {
	c := s.Crossing
	lc := listCrossing{Input: c.Input, Result: c.Result, Shared: c.Shared}
	switch {
	case s.Kernel == nil:
		lc.To = "nothing: its tasks run only in this process"
		return lc
	case c.Shared:
		lc.To = c.Input + "; shm builds the input once in shared memory and sends only where the task's part lies, " +
			"processes sends the part through a pipe"
	default:
		lc.To = c.Input + "; through a pipe (processes), or copied into a shared segment at the start of every point (shm)"
	}
	lc.Back = c.Result + "; in a shared result slot (shm) or through the pipe (processes)"
	return lc
}

func cmdList(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", stderr)
	asJSON := fs.Bool("json", false, "print the workloads with their parameters and defaults as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("list takes no arguments, got %s", safetext.Quote(fs.Arg(0)))
	}
	all := workloads.All()
	if *asJSON {
		out := make([]listEntry, 0, len(all))
		for _, s := range all {
			e := listEntry{Name: s.Name, Description: s.Description, Unit: s.Unit,
				Sizes:    map[string]int64{"quick": s.Quick, "full": s.Full},
				Schedule: s.Schedule, Chunk: s.Chunk, Executors: supported(s), Limits: s.Why,
				Params:   s.Params,
				Crossing: crossing(s)}
			if e.Params == nil {
				e.Params = []workloads.Param{}
			}
			out = append(out, e)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	width := 0
	for _, s := range all {
		width = max(width, len(s.Name))
	}
	for _, s := range all {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, s.Name, s.Description)
		for _, p := range s.Params {
			vals := ""
			if p.Values != nil {
				vals = " (" + strings.Join(p.Values, ", ") + ")"
			}
			fmt.Fprintf(stdout, "%-*s    --%s=%s  %s%s\n", width, "", p.Name, p.Default, p.Help, vals)
		}
		if s.Executors != nil {
			fmt.Fprintf(stdout, "%-*s    executors: %s only: %s\n", width, "", strings.Join(s.Executors, ", "), s.Why)
		}
		c := crossing(s)
		fmt.Fprintf(stdout, "%-*s    to a worker, per task: %s\n", width, "", c.To)
		if c.Back != "" {
			fmt.Fprintf(stdout, "%-*s    back, per task: %s\n", width, "", c.Back)
		}
	}
	return nil
}

func supported(s *workloads.Spec) []string {
	var out []string
	for _, e := range executor.Names() {
		if s.Supports(e) {
			out = append(out, e)
		}
	}
	return out
}

// newFlagSet returns a GNU-style flag set that reports errors to the
// caller instead of exiting.
func newFlagSet(name string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	return fs
}

// parseFlags parses args; a bad flag is a usage error, --help is errHelp.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	return parseFlagsHelp(fs, args, "Usage of scalebench "+fs.Name()+":\n")
}

// parseFlagsHelp is parseFlags with the text that --help prints before
// the flags.
func parseFlagsHelp(fs *pflag.FlagSet, args []string, help string) error {
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(fs.Output(), help+fs.FlagUsages())
			return errHelp
		}
		return usageError{fmt.Errorf("%w (see scalebench %s --help)", err, fs.Name())}
	}
	return nil
}
