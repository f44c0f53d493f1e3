// Command noise keeps a share of one or more CPUs busy in bursts, to see
// what a busy neighbour does to a measurement and to scalebench's
// interference ledger:
//
//	$ go run ./cmd/noise --cpus 1 --share 50% --burst 200ms --for 2m &
//	$ scalebench run pi --size quick
//
// It stops after --for, or at an interrupt.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/internal/noise"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "noise: "+err.Error())
		os.Exit(2)
	}
}

// run parses args and makes the noise until ctx ends or --for passes.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := pflag.NewFlagSet("noise", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	cpus := fs.Int("cpus", 1, "keep `N` CPUs busy, each by a thread of its own")
	share := fs.String("share", "50%", "the `SHARE` of each CPU's time kept busy: 50% or 0.5")
	burst := fs.Duration("burst", 200*time.Millisecond, "length `DUR` of each busy stretch")
	limit := fs.Duration("for", 0, "stop after `DUR` (0: at an interrupt)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := noise.Config{CPUs: *cpus, Burst: *burst}
	var err error
	if c.Share, err = parseShare(*share); err != nil {
		return err
	}
	if err := c.Check(); err != nil {
		return err
	}
	if *limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *limit)
		defer cancel()
	}
	return noise.Run(ctx, c)
}

// parseShare reads "50%" or "0.5".
func parseShare(s string) (float64, error) {
	v, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("--share %q: want a percentage (50%%) or a fraction (0.5)", s)
	}
	if pct {
		f /= 100
	}
	return f, nil
}
