package cli

import (
	"fmt"
	"io"

	"github.com/scalebench/scalebench/internal/safetext"
)

const versionUsage = `Usage: scalebench version

Prints the version of scalebench. It takes no flags and no arguments.
`

// cmdVersion prints the version; it takes no flags but --help and no
// arguments.
func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	if err := parseFlagsHelp(fs, args, versionUsage); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments, got %s", safetext.Quote(fs.Arg(0)))
	}
	_, err := fmt.Fprintf(stdout, "scalebench %s\n", version)
	return err
}
