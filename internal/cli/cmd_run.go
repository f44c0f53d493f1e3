package cli

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads/command"
	"github.com/scalebench/scalebench/workloads/executor"
)

// cmdFlags are the flags of `run --cmd`: a program of the user's own as
// the workload.
type cmdFlags struct {
	cmd, serialCmd, prepare, name, verifyRegexp string
	shell, verifyOutput                         bool
}

func (c *cmdFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(
		&c.cmd,
		"cmd",
		"",
		"measure your own program: a `TEMPLATE` command line where {workers} is the worker count and {size} the --size; run without a shell",
	)
	fs.StringVar(
		&c.serialCmd,
		"serial-cmd",
		"",
		"with --cmd: the best serial program `CMD` for T_S (default: the --cmd run on 1 worker)",
	)
	fs.StringVar(&c.prepare, "prepare", "", "with --cmd: run `CMD` before every sample, untimed")
	fs.StringVar(
		&c.name,
		"name",
		"",
		"with --cmd: the workload `NAME` of the series (default: the program's base name)",
	)
	fs.BoolVar(
		&c.shell,
		"shell",
		false,
		"with --cmd: run the templates with sh -c instead of splitting them into arguments",
	)
	fs.BoolVar(
		&c.verifyOutput,
		"verify-output",
		false,
		"with --cmd: check that every run prints what the run on 1 worker prints",
	)
	fs.StringVar(
		&c.verifyRegexp,
		"verify-regexp",
		"",
		"with --cmd: compare only the first capture group of `RE` in the output (implies --verify-output)",
	)
}

// check rejects a command line that mixes --cmd with workload names, or
// gives a flag of --cmd without it.
func (c *cmdFlags) check(fs *pflag.FlagSet) error {
	if fs.Changed("cmd") {
		if fs.NArg() > 0 {
			return usagef("--cmd measures a command: leave out the workload names (%s)", strings.Join(fs.Args(), " "))
		}
		return nil
	}
	for _, n := range []string{"serial-cmd", "prepare", "name", "shell", "verify-output", "verify-regexp"} {
		if fs.Changed(n) {
			return usagef("--%s needs --cmd", n)
		}
	}
	return nil
}

// plan checks the --cmd flags and builds the series of the command. It
// prints a warning on stderr for a template that ignores the worker count
// and a note when the one-worker run stands in for the serial program.
func (c *cmdFlags) plan(
	ctx context.Context,
	fs *pflag.FlagSet,
	f *runFlags,
	sizeN int64,
	stderr io.Writer,
) (sweep.Plan, error) {
	if err := refuseBuiltinFlags(fs, f); err != nil {
		return sweep.Plan{}, err
	}
	parse := func(flag, text string) (*command.Template, error) {
		if text == "" && flag != "cmd" { // an empty --cmd is refused by command.Parse
			return nil, nil
		}
		t, err := command.Parse(text, c.shell)
		if err != nil {
			return nil, usagef("--%s %q: %v", flag, text, err)
		}
		return t, nil
	}
	p := &command.Program{Name: c.name, Timeout: f.timeout, Context: ctx, VerifyOutput: c.verifyOutput}
	var err error
	if p.Cmd, err = parse("cmd", c.cmd); err != nil {
		return sweep.Plan{}, err
	}
	if p.Serial, err = parse("serial-cmd", c.serialCmd); err != nil {
		return sweep.Plan{}, err
	}
	if p.Prepare, err = parse("prepare", c.prepare); err != nil {
		return sweep.Plan{}, err
	}
	if c.verifyRegexp != "" {
		if p.VerifyRegexp, err = regexp.Compile(c.verifyRegexp); err != nil {
			return sweep.Plan{}, usagef("--verify-regexp %q: %v", c.verifyRegexp, err)
		}
	}
	usesSize := false
	for _, t := range []*command.Template{p.Cmd, p.Serial, p.Prepare} {
		usesSize = usesSize || (t != nil && t.Uses("size"))
	}
	size := int64(1)
	switch {
	case usesSize && sizeN == 0:
		return sweep.Plan{}, usagef("--cmd uses {size}: give --size N")
	case results.Mode(f.mode) == results.ModeWeak && !p.Cmd.Uses("size"):
		return sweep.Plan{}, usagef("--mode weak needs {size} in --cmd, so that the problem grows with the workers")
	case sizeN > 0:
		if !usesSize {
			return sweep.Plan{}, usagef("--size %d: no template uses {size}", sizeN)
		}
		size = sizeN
	case fs.Changed("size"):
		return sweep.Plan{}, usagef("--size %s: with --cmd, give a number for {size}", f.size)
	}
	if p.Name == "" {
		p.Name = p.Cmd.Name()
	}
	if err := p.Check(); err != nil {
		return sweep.Plan{}, usageError{err}
	}
	if !p.Cmd.Uses("workers") {
		fmt.Fprintf(stderr, "scalebench: warning: --cmd has no {workers}: every point runs the same command\n")
	}
	if p.Serial == nil {
		fmt.Fprintf(stderr, "scalebench: note: no --serial-cmd: the run on 1 worker is also the serial reference T_S\n")
	}
	spec := p.Spec()
	return sweep.Plan{Spec: spec, Params: p.Params(), Mode: results.Mode(f.mode), Size: size, Seed: f.seed,
		Executor: command.Executor{}, Options: executor.Options{}}, nil
}

// refuseBuiltinFlags refuses the flags of run that apply only to the
// built-in workloads.
func refuseBuiltinFlags(fs *pflag.FlagSet, f *runFlags) error {
	for _, n := range []string{"executor", "schedule", "chunk", "target-time"} {
		if fs.Changed(n) {
			return usagef("--%s does not apply to --cmd: the command starts its own workers", n)
		}
	}
	for name := range f.params {
		if fs.Changed(name) {
			return usagef("--%s is a parameter of the built-in workloads; it does not apply to --cmd", name)
		}
	}
	return nil
}

// fileName makes a series name safe as part of a file name.
func fileName(name string) string {
	b := []byte(name)
	for i, c := range b {
		ok := c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			b[i] = '_'
		}
	}
	s := strings.Trim(string(b), ".")
	if s == "" {
		return "cmd"
	}
	return s
}
