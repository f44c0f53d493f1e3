package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/workloads/executor"
)

// version is set at build time with -ldflags "-X …/internal/cli.version=…".
var version = "dev"

// Main is the scalebench command: it serves as a worker process when
// started as one, runs the command line args until done or stopped by a
// signal, and returns the exit status (0 success, 1 failed work, 2 a
// wrong command line, 130 interrupted). Errors go to stderr in one line.
func Main(args []string) int {
	if code, ok := executor.MaybeWorker(); ok {
		return code
	}
	ctx, stop := notifyStop(context.Background())
	err := runUntilStopped(ctx, args, os.Stdout, os.Stderr)
	stop()
	return exitCode(err, os.Stderr)
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errInterrupted is returned when a signal stopped the work: exit 130.
var errInterrupted = errors.New("interrupted")

// errQuiet is a failure of the work whose details the output already
// shows (points marked failed or not verified): its one-line message
// points there, and the exit status is 1, never 2.
type errQuiet struct{ msg string }

func (e errQuiet) Error() string { return e.msg }

// exitCode prints err as one line on stderr and returns the exit status
// for it. Whatever the message holds, it stays one line: control
// characters are escaped, a quoted value is cut at safetext.MaxRunes (as
// pflag and the workloads quote theirs whole), and a very long message is
// cut.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	printErr := func() {
		msg := safetext.CutQuoted(err.Error(), safetext.MaxRunes)
		fmt.Fprintln(stderr, "scalebench: "+safetext.Line(msg, safetext.MaxLine))
	}
	var q errQuiet
	switch {
	case errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(stderr, "scalebench: interrupted")
		return 130
	case errors.As(err, &q):
		printErr()
		return 1
	}
	printErr()
	var u usageError
	if errors.As(err, &u) || plan.IsConfig(err) {
		return 2
	}
	return 1
}

var errHelp = errors.New("help shown")

const usage = `scalebench measures how work scales across workers.

Usage:
  scalebench list [--json]
  scalebench run WORKLOAD... [flags]
  scalebench run --cmd 'PROGRAM --threads {workers}' [flags]
  scalebench fit FILE... [--json] [--cpus N] [--input-format F]
  scalebench report FILE... [-o DIR] [--slides] [--theory] [--baseline FILE]
  scalebench theory [--amdahl LIST] [--gustafson LIST] [--max-workers N] [-o DIR]
  scalebench compare BASE NEW [--format F] [--fail-on time|shape|any|none]
  scalebench lessons [NAME...] [--quick] [-o DIR]
  scalebench version

Run "scalebench run --help" for the flags of run.
fit reads result files, CSV (workers plus seconds or throughput columns),
go test -bench output run with -cpu, and hyperfine JSON exports of a
parameter scan; - reads stdin.
`

// run is the whole command: it parses args, does the work and returns an
// error for main to report. It never exits.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given (want list, run, fit, report, theory, compare, lessons, version)")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "list":
		return cmdList(rest, stdout, stderr)
	case "run":
		return cmdRun(ctx, rest, stdout, stderr)
	case "fit":
		return cmdFit(rest, os.Stdin, stdout, stderr)
	case "report":
		return cmdReport(ctx, rest, os.Stdin, stdout, stderr)
	case "theory":
		return cmdTheory(ctx, rest, stdout, stderr)
	case "compare":
		return cmdCompare(rest, os.Stdin, stdout, stderr)
	case "lessons":
		return cmdLessons(ctx, rest, stdout, stderr)
	case "version", "--version":
		return cmdVersion(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usagef("unknown command %q (want list, run, fit, report, theory, compare, lessons, version)", cmd)
}
