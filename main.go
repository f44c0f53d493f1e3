package scalebench

import (
	"os"

	"github.com/scalebench/scalebench/internal/cli"
)

// Main runs the scalebench command line on os.Args, with the workloads
// registered (Register) beside the built-in ones, and exits with its
// status: 0 success, 1 failed work (a parallel answer that differs from
// the serial one among them), 2 a wrong command line, 130 interrupted.
// Call it from the main function of your own command, after Register.
func Main() {
	os.Exit(cli.Main(os.Args[1:]))
}
