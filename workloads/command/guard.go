package command

import (
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
)

// guardScript is the program of the guard: it keeps the process groups
// this process names on its standard input ("+PGID" when a program
// starts, "-PGID" once its group is gone) and, when the input ends, kills
// every group it still holds. The input ends when this process exits or
// is killed, even with SIGKILL: the kernel closes its end of the pipe.
// The guard ignores the signals that stop scalebench, so that it outlives
// it, and exits after it.
const guardScript = `trap '' HUP INT TERM QUIT
live=' '
while IFS= read -r line; do
	case $line in
	+*) live="$live${line#+} " ;;
	-*)
		p=${line#-}
		case $live in *" $p "*) live="${live%% $p *} ${live#* $p }" ;; esac
		;;
	esac
done
for p in $live; do kill -s KILL -- "-$p" 2>/dev/null; done
`

// guardian is the guard of the programs this process runs: a shell in a
// process group of its own, waiting on a pipe whose write end only this
// process holds. Should this process die without stopping a program (of
// SIGKILL), the guard kills the program's whole process group; Pdeathsig
// alone kills only the program, not the processes it started.
type guardian struct {
	once sync.Once
	mu   sync.Mutex
	w    *os.File // nil when no guard could be started
}

var guard guardian

// start starts the guard, once; without /bin/sh there is none, and a
// program's own children may then outlive a killed scalebench.
func (g *guardian) start() {
	g.once.Do(func() {
		r, w, err := os.Pipe()
		if err != nil {
			return
		}
		defer r.Close()
		cmd := exec.Command("/bin/sh", "-c", guardScript)
		cmd.Stdin = r
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			w.Close()
			return
		}
		go func() { _ = cmd.Wait() }() // reap it, should it ever end first
		g.w = w
	})
}

// hold tells the guard to kill process group pgid should this process
// die; release tells it that the group is gone.
func (g *guardian) hold(pgid int)    { g.send("+" + strconv.Itoa(pgid) + "\n") }
func (g *guardian) release(pgid int) { g.send("-" + strconv.Itoa(pgid) + "\n") }

// send writes one line to the guard; a guard that has gone is ignored.
func (g *guardian) send(line string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.w != nil {
		_, _ = g.w.WriteString(line)
	}
}
