package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the master to read what is written,
// the terminal to write on. It skips the test where there is none.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlock pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("pseudo-terminal number: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pseudo-terminal: %v", err)
	}
	return master, tty
}

// TestProgressDumbTerminal: on a terminal, run draws its progress line;
// with TERM=dumb (or no TERM) it draws it without escape sequences, with
// carriage returns and spaces only.
func TestProgressDumbTerminal(t *testing.T) {
	for _, term := range []string{"xterm", "dumb", ""} {
		t.Run("TERM="+term, func(t *testing.T) {
			master, tty := openPTY(t)
			got := make(chan []byte)
			go func() {
				b, _ := io.ReadAll(master) // until the terminal is closed (EIO)
				got <- b
			}()
			t.Setenv("TERM", term)
			out := filepath.Join(t.TempDir(), "x.json")
			args := []string{"run", "sleep", "--sleep", "1ms", "--size", "4", "--workers", "1,2", "--oversubscribe", "0",
				"--reps", "2", "--warmup", "0", "-o", out}
			var stdout bytes.Buffer
			err := run(t.Context(), args, &stdout, tty)
			tty.Close()
			drawn := string(<-got)
			if err != nil {
				t.Fatalf("%v\n%s", err, drawn)
			}
			if !strings.Contains(drawn, "round ") {
				t.Errorf("no progress line on the terminal: %q", drawn)
			}
			if esc := strings.Contains(drawn, "\x1b"); esc != (term == "xterm") {
				t.Errorf("TERM=%q: escape sequences %v in %q", term, esc, drawn)
			}
		})
	}
}
