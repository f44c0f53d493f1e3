package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// stopSignals are the signals that end scalebench. Each one stops a run
// with its result file saved and marked interrupted, exit status 130.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// caughtSignals are the stop signals that this process does not ignore.
// One ignored from the start (nohup, a background job of a script) stays
// ignored: catching it would undo what the caller asked for.
func caughtSignals() []os.Signal {
	var out []os.Signal
	for _, s := range stopSignals {
		if !signal.Ignored(s) {
			out = append(out, s)
		}
	}
	return out
}

// stopGrace is how long a run waits, after the first signal, for the
// running pass to stop before it saves what it has and exits.
const stopGrace = 3 * time.Second

// stopping is how the work below main learns that it must stop: the
// context ends at the first signal, force closes at the second, and
// grace is how long to wait for a running pass in between. writing is
// held while a folder is written (beginWrite): the first signal waits
// for it.
type stopping struct {
	force   <-chan struct{}
	grace   time.Duration
	writing *sync.Mutex
}

type stoppingKey struct{}

// stoppingOf returns the stopping that ctx carries; without one, nothing
// forces a stop and the grace is the sweep's default.
func stoppingOf(ctx context.Context) stopping {
	s, _ := ctx.Value(stoppingKey{}).(stopping)
	return s
}

// notifyStop returns a context that ends at the first stop signal and
// carries the channel that the second one closes (see stoppingOf). After
// the second, the signals have their default effect again: a third one
// kills at once. stop releases the signals.
func notifyStop(parent context.Context) (ctx context.Context, stop func()) {
	sig := make(chan os.Signal, 2)
	if caught := caughtSignals(); len(caught) > 0 { // none would mean all
		signal.Notify(sig, caught...)
	}
	ctx, release := stopOn(parent, sig, stopGrace, func() { signal.Stop(sig) })
	return ctx, func() {
		signal.Stop(sig)
		release()
	}
}

// runUntilStopped runs the command of args. run and lessons watch ctx
// themselves, to save what they measured; the other commands read and
// write whole files and do not: the first stop signal ends them at once,
// as interrupted, unless they are writing a folder. That stops between
// two files and removes what it wrote, or, while it puts the folder in
// place, finishes; so the folder is the old one or the new one.
func runUntilStopped(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "run" || args[0] == "lessons") {
		return run(ctx, args, stdout, stderr)
	}
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, args, stdout, stderr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if w := stoppingOf(ctx).writing; w != nil {
		w.Lock() // never released: no folder is written after the signal
	}
	select {
	case err := <-errc: // done all the same
		return err
	default:
		return errInterrupted
	}
}

// beginWrite marks the start of writing a folder, which a signal waits
// for (see runUntilStopped); end marks its end. It returns errInterrupted
// once ctx has ended.
func beginWrite(ctx context.Context) (end func(), err error) {
	w := stoppingOf(ctx).writing
	if w != nil {
		w.Lock()
	}
	if ctx.Err() != nil {
		if w != nil {
			w.Unlock()
		}
		return nil, errInterrupted
	}
	if w == nil {
		return func() {}, nil
	}
	return w.Unlock, nil
}

// stopOn returns a context that ends when sig first receives and
// carries, as a stopping with the given grace, a channel closed when it
// receives again; then it calls after. release stops watching sig.
func stopOn(
	parent context.Context,
	sig <-chan os.Signal,
	grace time.Duration,
	after func(),
) (ctx context.Context, release func()) {
	force := make(chan struct{})
	st := stopping{force: force, grace: grace, writing: new(sync.Mutex)}
	ctx, cancel := context.WithCancel(context.WithValue(parent, stoppingKey{}, st))
	quit := make(chan struct{})
	go func() {
		select {
		case <-sig:
			cancel()
		case <-quit:
			return
		}
		select {
		case <-sig:
			close(force)
			after()
		case <-quit:
		}
	}()
	return ctx, func() {
		close(quit)
		cancel()
	}
}
