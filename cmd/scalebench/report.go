package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/scalebench/scalebench/report"
)

const reportUsage = `Usage: scalebench report FILE... [-o DIR] [--slides]

Reads result files written by "scalebench run" (or CSV, go test -bench output
and hyperfine scans, as fit does) and writes DIR/index.html (one
self-contained page: environment, tables, every plot, the fits and their
warnings), DIR/report.md and one SVG per plot. The directory is written
beside DIR and renamed into place, so a failure leaves no partial report.

Flags:
`

func cmdReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := newFlagSet("report", stderr)
	var in inputFlags
	in.register(fset)
	out := fset.StringP("out", "o", filepath.Join("results", "report"), "write the report into `DIR` (replaced as a whole)")
	slides := fset.Bool("slides", false, "also write DIR/slides.html: one plot or table per slide, arrow keys to move")
	linear := fset.Bool("linear-time", false, "draw the time plot on linear instead of logarithmic axes")
	fitOver := fset.Bool("fit-oversubscribed", false, "fit the oversubscribed points too (the report's warnings say so)")
	if err := parseFlagsHelp(fset, args, reportUsage); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return usagef("report needs at least one result FILE")
	}
	if *out == "" {
		return usagef("--out must name a directory")
	}
	if err := in.check(); err != nil {
		return err
	}
	inputs, err := readInputs(fset.Args(), in, stdin)
	if err != nil {
		return err // names the file
	}
	var srcs []report.Source
	for _, i := range inputs {
		srcs = append(srcs, report.Source{Name: displayName(i.name), Doc: i.doc})
	}
	r, err := report.New(srcs, report.Options{LinearTime: *linear, Summary: report.SummaryOptions{FitOversubscribed: *fitOver}})
	if err != nil {
		return err
	}
	files, err := renderReport(r, *slides)
	if err != nil {
		return err
	}
	if err := writeDirAtomic(*out, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s\n", filepath.Join(*out, "index.html"))
	return nil
}

// file is one file of a generated directory.
type file struct {
	name string
	data []byte
}

// renderReport renders every file of the report in memory, so that
// nothing touches the disk before all of it succeeded.
func renderReport(r *report.Report, slides bool) ([]file, error) {
	var files []file
	for i, f := range r.Figures {
		svg, err := r.SVG(i)
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", f.Name, err)
		}
		files = append(files, file{f.Name + ".svg", svg})
	}
	render := func(name string, fn func(io.Writer) error) error {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, file{name, b.Bytes()})
		return nil
	}
	if err := render("report.md", func(w io.Writer) error { return r.WriteMarkdown(w, "") }); err != nil {
		return nil, err
	}
	if err := render("index.html", r.WriteHTML); err != nil {
		return nil, err
	}
	if slides {
		if err := render("slides.html", r.WriteSlides); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// writeDirAtomic writes files into a new directory beside dir and renames
// it into place. An existing dir is replaced only when it is empty or
// holds a previous report (index.html or report.md), never another kind
// of directory. On failure nothing is left behind.
func writeDirAtomic(dir string, files []file) (err error) {
	dir = filepath.Clean(dir)
	old, statErr := os.Stat(dir)
	switch {
	case statErr == nil && !old.IsDir():
		return fmt.Errorf("%s: exists and is not a directory", dir)
	case statErr == nil && !replaceable(dir):
		return fmt.Errorf("%s: exists and does not hold a report; not replacing it", dir)
	case statErr != nil && !errors.Is(statErr, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: %w", dir, statErr)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %w", dir, err)
		}
	}
	if statErr != nil { // dir did not exist
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("cannot write %s: %w", dir, err)
		}
		return nil
	}
	trash := tmp + ".old"
	if err := os.Rename(dir, trash); err != nil {
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(trash, dir); rerr != nil {
			return fmt.Errorf("cannot replace %s: %w (the previous report is in %s)", dir, err, trash)
		}
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if err := os.RemoveAll(trash); err != nil {
		return fmt.Errorf("report written to %s, but the previous one is left in %s: %w", dir, trash, err)
	}
	return nil
}

// replaceable tells whether dir is empty or holds a report.
func replaceable(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if len(ents) == 0 {
		return true
	}
	for _, name := range []string{"index.html", "report.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
