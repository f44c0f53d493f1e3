package main

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

// file is one file of a generated folder.
type file struct {
	name string
	data []byte
}

// writeDir writes files into the folder dir and lists them in its
// manifest. dir may be absent (it is written beside and renamed into
// place, so a failure leaves nothing), an empty folder, or a folder with
// a manifest; in the last case the files it lists are replaced or
// removed, each atomically, and nothing else in dir is touched. Folders
// that hold their own manifest (reports written into a report) do not
// count as content. Anything else is refused, as is replacing one of
// inputs or dir itself being an input.
func writeDir(dir string, files []file, inputs []string) error {
	for _, f := range files {
		if !plainName(f.name) {
			return fmt.Errorf("internal error: %s is not a plain file name", safetext.Quote(f.name))
		}
	}
	dir = filepath.Clean(dir)
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return writeNewDir(dir, files)
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", safetext.Quote(dir), err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; give the directory it points to", safetext.Quote(dir))
	case !fi.IsDir():
		return fmt.Errorf("%s exists and is not a directory", safetext.Quote(dir))
	}
	listed, err := ownedFiles(dir)
	if err != nil {
		return err
	}
	if err := checkTargets(dir, fi, listed, files, inputs); err != nil {
		return err
	}
	return mergeDir(dir, listed, files)
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
		return nil, fmt.Errorf("%s is not empty and has no %s, so scalebench did not write it; not writing into it (remove it or choose another -o)",
			safetext.Quote(dir), manifestName)
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
		return fmt.Errorf("%s: not a scalebench manifest (%s); not writing into %s", safetext.Quote(path), why, safetext.Quote(dir))
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
func checkTargets(dir string, dirInfo fs.FileInfo, listed []string, files []file, inputs []string) error {
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
	targets := append([]string{manifestName}, listed...)
	for _, f := range files {
		targets = append(targets, f.name)
	}
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
		if name != manifestName && !slices.Contains(listed, name) {
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

// fileNames returns the sorted names of files.
func fileNames(files []file) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	slices.Sort(names)
	return names
}

// writeFiles writes files into dir.
func writeFiles(dir string, files []file) error {
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeNewDir writes files into a folder beside dir and renames it into
// place.
func writeNewDir(dir string, files []file) (err error) {
	fail := func(err error) error { return fmt.Errorf("cannot write %s: %w", safetext.Quote(dir), err) }
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp*")
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(err)
	}
	files = append(slices.Clone(files), file{manifestName, manifest(fileNames(files))})
	if err := writeFiles(tmp, files); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fail(err)
	}
	return nil
}

// mergeDir writes files into the existing folder dir, whose manifest
// lists old. The files are written into a hidden folder inside dir
// first; then the manifest is replaced by one listing old and new files,
// so that whatever happens next, every file scalebench touches is listed;
// then each file is renamed into place, the old ones no longer written are
// removed, and the manifest lists the new files only.
func mergeDir(dir string, old []string, files []file) error {
	fail := func(err error) error { return fmt.Errorf("cannot write %s: %w", safetext.Quote(dir), err) }
	stage, err := os.MkdirTemp(dir, ".scalebench-tmp*")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(stage)
	if err := writeFiles(stage, files); err != nil {
		return fail(err)
	}
	names := fileNames(files)
	both := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(old), names...))))
	if err := putManifest(stage, dir, both); err != nil {
		return fail(err)
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(stage, n), filepath.Join(dir, n)); err != nil {
			return fail(err)
		}
	}
	for _, n := range old {
		if slices.Contains(names, n) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fail(err)
		}
	}
	if err := putManifest(stage, dir, names); err != nil {
		return fail(err)
	}
	return nil
}

// putManifest replaces the manifest of dir by one listing names, written
// in stage and renamed into place.
func putManifest(stage, dir string, names []string) error {
	tmp := filepath.Join(stage, manifestName)
	if err := os.WriteFile(tmp, manifest(names), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, manifestName))
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
