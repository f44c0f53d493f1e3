package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
)

// A folder written by report or theory lists the files scalebench wrote
// in it in manifestName: the marker line, then one file name a line. Only
// the files listed there are ever replaced or removed.
const (
	manifestName   = ".scalebench-manifest"
	manifestMarker = "scalebench-manifest/v1"
	maxManifest    = 1 << 20
)

// shownPath is path for a line of output: as given, with control
// characters escaped, so that an odd file name cannot move the terminal's
// cursor or start a line of its own.
func shownPath(path string) string {
	return safetext.Line(path, safetext.MaxLine)
}

// target is what an output folder holds.
type target struct {
	info   fs.FileInfo // nil when the folder does not exist
	owned  bool        // it has a manifest: scalebench wrote it
	listed []string    // the files its manifest lists
	only   bool        // it holds nothing but its manifest and those files
}

// inspect checks that the folder dir can take files named names (see
// writeDir) and says what it holds.
func inspect(dir string, names, inputs []string) (target, error) {
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target{}, nil
	case err != nil:
		return target{}, fmt.Errorf("cannot write %s: %w", safetext.Quote(dir), err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return target{}, fmt.Errorf("%s is a symbolic link; give the directory it points to", safetext.Quote(dir))
	case !fi.IsDir():
		return target{}, fmt.Errorf("%s exists and is not a directory", safetext.Quote(dir))
	}
	listed, err := ownedFiles(dir)
	if err != nil {
		return target{}, err
	}
	if err := checkTargets(dir, fi, listed, names, inputs); err != nil {
		return target{}, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return target{}, fmt.Errorf("cannot read %s: %w", safetext.Quote(dir), err)
	}
	t := target{info: fi, listed: listed, only: true}
	own := setOf(listed)
	for _, e := range ents {
		t.owned = t.owned || e.Name() == manifestName
		if !e.Type().IsRegular() || (e.Name() != manifestName && !own[e.Name()]) {
			t.only = false
		}
	}
	return t, nil
}

// ownedFiles returns the files the manifest of dir lists, or none when dir
// is empty. A folder with content and no manifest is an error.
func ownedFiles(dir string) ([]string, error) {
	listed, err := readManifest(dir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return listed, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", safetext.Quote(dir), err)
	}
	for _, e := range ents {
		if e.IsDir() && isOwnedDir(filepath.Join(dir, e.Name())) {
			continue
		}
		return nil, fmt.Errorf(
			"%s is not empty and has no %s, so scalebench did not write it; not writing into it (remove it or choose another -o)",
			safetext.Quote(dir),
			manifestName,
		)
	}
	return nil, nil
}

// isOwnedDir tells whether dir is a folder that scalebench wrote.
func isOwnedDir(dir string) bool {
	_, err := readManifest(dir)
	return err == nil
}

// readManifest reads the manifest of dir. It returns an error wrapping
// fs.ErrNotExist when there is none, and refuses a manifest that is not a
// regular file or names anything but plain file names.
func readManifest(dir string) ([]string, error) {
	path := filepath.Join(dir, manifestName)
	if err := results.CheckRegular(path); err != nil {
		return nil, fmt.Errorf("%s %w; not writing into %s", safetext.Quote(path), err, safetext.Quote(dir))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	bad := func(why string) error {
		return fmt.Errorf(
			"%s: not a scalebench manifest (%s); not writing into %s",
			safetext.Quote(path),
			why,
			safetext.Quote(dir),
		)
	}
	if st, err := f.Stat(); err != nil || st.Size() > maxManifest {
		return nil, bad("larger than 1 MiB")
	}
	sc := bufio.NewScanner(io.LimitReader(f, maxManifest))
	if !sc.Scan() || sc.Text() != manifestMarker {
		return nil, bad("the first line is not " + manifestMarker)
	}
	var names []string
	for sc.Scan() {
		name := sc.Text()
		if !plainName(name) {
			return nil, bad("it lists " + safetext.Quote(name))
		}
		names = append(names, name)
	}
	if err := sc.Err(); err != nil {
		return nil, bad(err.Error())
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// plainName tells whether name can be a file that scalebench writes: one
// path element, printable, and not the manifest.
func plainName(name string) bool {
	return name != "" && name != "." && name != ".." && name != manifestName &&
		!strings.ContainsAny(name, `/\`) && safetext.Clean(name) == name && !strings.HasPrefix(name, " ")
}

// checkTargets refuses, before anything is written, to replace what
// scalebench did not write: a new file whose name exists in dir without
// being listed, a listed name that is no longer a regular file, and any
// input of the command.
func checkTargets(dir string, dirInfo fs.FileInfo, listed, names, inputs []string) error {
	ins := map[string]fs.FileInfo{}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			continue // "-" or gone: nothing to protect
		}
		if os.SameFile(st, dirInfo) {
			return fmt.Errorf("%s is an input; choose another -o", safetext.Quote(dir))
		}
		ins[in] = st
	}
	targets := append(append([]string{manifestName}, listed...), names...)
	own := setOf(listed)
	for _, name := range targets {
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", safetext.Quote(path), err)
		}
		if err := results.CheckRegular(path); err != nil {
			return fmt.Errorf("%s %w; not replacing it", safetext.Quote(path), err)
		}
		if name != manifestName && !own[name] {
			return fmt.Errorf("%s exists and scalebench did not write it (%s does not list it); not replacing it",
				safetext.Quote(path), manifestName)
		}
		for in, st := range ins {
			if os.SameFile(st, fi) {
				return fmt.Errorf("%s would be replaced, and it is an input; choose another -o", safetext.Quote(in))
			}
		}
	}
	return nil
}

// manifest is the manifest that lists names.
func manifest(names []string) []byte {
	var b strings.Builder
	b.WriteString(manifestMarker + "\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return []byte(b.String())
}

// checkResultPath refuses to let run write its result over anything but a
// result of its own: path must be absent, an empty regular file, or a
// regular file that holds a scalebench/v1 document.
func checkResultPath(path string) error {
	if err := results.CheckRegular(path); err != nil {
		return fmt.Errorf("%w; not replacing it", err)
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() == 0 {
		return err
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.NewDecoder(f).Decode(&head); err != nil || head.Schema != results.Schema {
		return errors.New("exists and is not a scalebench result; not replacing it")
	}
	return nil
}
