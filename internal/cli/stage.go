package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"github.com/scalebench/scalebench/internal/safetext"
)

// A folder that report, theory and lessons write is first written whole
// into a stage: a folder named .DIR.scalebench-tmp-RANDOM beside DIR (or
// inside DIR when it cannot be beside it), which lists what it holds in
// a manifest from the start and is locked (flock) while it lives. Then,
// with DIR's parent and DIR locked, the stage is committed: renamed into
// place when DIR does not exist; exchanged with DIR in one rename when
// DIR holds nothing but a report of scalebench's (the old report then
// has the stage's name and is removed); or, when DIR also holds files of
// the user's, merged into it one file at a time. A stage left by a
// scalebench that was killed is unlocked: the next scalebench that
// writes DIR removes the files its manifest lists, and the folder.
const stageInfix = ".scalebench-tmp-"

// stageBase is how much of DIR's name a stage's name keeps, so that the
// name stays well below the 255 bytes a file name may have.
const stageBase = 64

// stagePrefix is the start of the name of every stage of dir.
func stagePrefix(dir string) string {
	base := filepath.Base(dir)
	for len(base) > stageBase {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return "." + base + stageInfix
}

// stage is a folder being written before it becomes, or is merged into,
// the folder dir.
type stage struct {
	dir     string
	path    string          // the stage itself
	beside  bool            // path is beside dir, not inside it
	lock    *os.File        // holds the stage's flock while it lives
	planned map[string]bool // what the stage's manifest lists
	written map[string]bool // the files written so far
	gone    bool            // the stage is no longer at path
	mu      sync.Mutex      // guards written while files are written at once
}

// openStage checks that dir can take files named names (writeDir says
// what it accepts) without replacing any of inputs, removes stages that
// scalebench left there when it was killed, and creates the stage.
func openStage(ctx context.Context, dir string, names, inputs []string) (*stage, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, writeError(dir, err)
	}
	unlock, err := lockTarget(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	cleanStale(parent, stagePrefix(dir))
	if fi, err := os.Lstat(dir); err == nil && fi.IsDir() {
		cleanStale(dir, stagePrefix(dir))
	}
	t, err := inspect(dir, names, inputs)
	if err != nil {
		return nil, err
	}
	homes := []string{parent}
	if t.info != nil {
		if err := unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK|unix.X_OK, unix.AT_EACCESS); err != nil {
			return nil, writeError(dir, err)
		}
		if !sameDevice(parent, t.info) {
			homes = nil // a mount point: only a stage inside it can be renamed into it
		}
		homes = append(homes, dir)
	}
	return newStage(dir, homes, names)
}

// newStage creates the stage of dir in the first of homes where it can,
// locks it and lists names in its manifest.
func newStage(dir string, homes, names []string) (*stage, error) {
	var first error
	for _, h := range homes {
		path, err := os.MkdirTemp(h, stagePrefix(dir)+"*")
		if err != nil {
			first = firstErr(first, err)
			continue
		}
		s := &stage{dir: dir, path: path, beside: h != dir, planned: setOf(names), written: map[string]bool{}}
		if s.lock, err = os.Open(path); err == nil {
			_ = syscall.Flock(int(s.lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) // new: nobody else holds it
			err = replaceManifest(path, path, names)
		}
		if err != nil {
			s.close()
			return nil, writeError(dir, err)
		}
		return s, nil
	}
	return nil, writeError(dir, first)
}

// firstErr returns a when it is set, else b.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// write writes f into the stage; it stops, without writing, once ctx
// has ended.
func (s *stage) write(ctx context.Context, f file) error {
	return s.writeWith(ctx, f, bufio.NewWriterSize(nil, 64<<10))
}

// writeAll writes files into the stage, as many at a time as there are
// CPUs to draw them (their write functions must allow it), but a large
// file alone. It stops once one fails or ctx has ended, and returns the
// error of the first file in files that failed, as writing them in turn
// would.
func (s *stage) writeAll(ctx context.Context, files []file) error {
	errs := make([]error, len(files))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	var large sync.RWMutex
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			buf := bufio.NewWriterSize(nil, 64<<10)
			for i := int(next.Add(1) - 1); i < len(files) && !failed.Load(); i = int(next.Add(1) - 1) {
				lock, unlock := large.RLock, large.RUnlock
				if files[i].large {
					lock, unlock = large.Lock, large.Unlock
				}
				lock()
				errs[i] = s.writeWith(ctx, files[i], buf)
				unlock()
				if errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeWith writes f into the stage through buf.
func (s *stage) writeWith(ctx context.Context, f file, buf *bufio.Writer) error {
	if ctx.Err() != nil {
		return errInterrupted
	}
	if !s.planned[f.name] {
		return fmt.Errorf("internal error: %s was not planned", safetext.Quote(f.name))
	}
	out, err := os.OpenFile(filepath.Join(s.path, f.name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return writeError(s.dir, err)
	}
	var werr error
	if f.write != nil {
		buf.Reset(out)
		if werr = f.write(buf); werr == nil {
			werr = buf.Flush()
		}
	} else {
		_, werr = out.Write(f.data)
	}
	if err := out.Close(); werr == nil && err != nil {
		werr = writeError(s.dir, err)
	}
	if werr != nil {
		return werr
	}
	s.adopt(f.name)
	return nil
}

// adopt marks files that something else wrote into the stage (the
// result files of lessons) as part of it.
func (s *stage) adopt(names ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		s.written[n] = true
	}
}

// names are the files written so far, sorted.
func (s *stage) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.written))
}

// setOf is the set of names.
func setOf(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// commit puts the files written into the stage in place (see stageInfix)
// and removes the files of dir's manifest that it does not replace; the
// files planned but not written are left out. It checks dir again first,
// as openStage did.
func (s *stage) commit(ctx context.Context, inputs []string) error {
	unlock, err := lockTarget(ctx, s.dir)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := inspect(s.dir, s.names(), inputs)
	if err != nil {
		return err
	}
	if err := s.prune(); err != nil {
		return writeError(s.dir, err)
	}
	switch {
	case t.info == nil:
		return s.rename()
	case t.owned && t.only && s.beside && s.exchange(t):
		return nil
	}
	return s.merge(t.listed)
}

// prune removes from the stage the files planned but not written, and
// lists the written ones alone in its manifest.
func (s *stage) prune() error {
	var drop []string
	for n := range s.planned {
		if !s.written[n] {
			drop = append(drop, n)
		}
	}
	removeOwn(s.path, drop)
	return replaceManifest(s.path, s.path, s.names())
}

// rename renames the stage into place as dir, which does not exist.
func (s *stage) rename() error {
	if err := os.Chmod(s.path, 0o755); err != nil {
		return writeError(s.dir, err)
	}
	err := unix.Renameat2(unix.AT_FDCWD, s.path, unix.AT_FDCWD, s.dir, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		err = os.Rename(s.path, s.dir) // a file system without RENAME_NOREPLACE
	}
	if err != nil {
		return writeError(s.dir, err)
	}
	s.gone = true
	return nil
}

// exchange swaps the stage and dir, a folder that holds only its
// manifest and the files it lists, in one rename, and removes the old report, which then
// has the stage's name. The new folder takes the old one's permissions
// and owner; it returns false, having changed nothing, when it cannot
// (then the files are merged).
func (s *stage) exchange(t target) bool {
	if err := os.Chmod(s.path, t.info.Mode().Perm()); err != nil {
		return false
	}
	if st, ok := t.info.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		if err := os.Lchown(s.path, int(st.Uid), int(st.Gid)); err != nil {
			return false
		}
	}
	if err := unix.Renameat2(unix.AT_FDCWD, s.path, unix.AT_FDCWD, s.dir, unix.RENAME_EXCHANGE); err != nil {
		return false
	}
	s.gone = true
	clearStage(s.path)
	return true
}

// merge writes the stage's files into dir, whose manifest lists old. The
// manifest is first replaced by one listing old and new files, so that
// whatever happens next every file scalebench touches is listed; then
// each file is renamed into place, the old ones no longer written are
// removed, and the manifest lists the new files only.
func (s *stage) merge(old []string) error {
	names := s.names()
	both := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(old), names...))))
	if err := replaceManifest(s.path, s.dir, both); err != nil {
		return writeError(s.dir, err)
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(s.path, n), filepath.Join(s.dir, n)); err != nil {
			return writeError(s.dir, err)
		}
	}
	for _, n := range old {
		if s.written[n] {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return writeError(s.dir, err)
		}
	}
	if err := replaceManifest(s.path, s.dir, names); err != nil {
		return writeError(s.dir, err)
	}
	return nil
}

// close removes the stage, unless it was committed whole, and releases
// its lock.
func (s *stage) close() {
	if !s.gone {
		clearStage(s.path)
		s.gone = true
	}
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// replaceManifest replaces the manifest of dir by one listing names,
// written in the folder stage and renamed into place.
func replaceManifest(stage, dir string, names []string) error {
	tmp := filepath.Join(stage, manifestName+".new")
	if err := os.WriteFile(tmp, manifest(names), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, manifestName))
}

// clearStage removes a stage: the regular files its manifest lists, the
// temporary files of those (written as results.WriteAtomic writes: a
// dot, the name, .tmp and digits), its manifest and then the folder, if
// that leaves it empty. A stage gets its manifest before anything else,
// so one without a manifest holds at most the one being written.
func clearStage(path string) {
	names, err := readManifest(path)
	if errors.Is(err, fs.ErrNotExist) {
		removeOwn(path, []string{manifestName + ".new"})
		_ = os.Remove(path) // only if that left it empty
		return
	}
	if err != nil {
		return
	}
	removeOwn(path, append(names, manifestName+".new"))
	_ = os.Remove(filepath.Join(path, manifestName))
	_ = os.Remove(path)
}

// removeOwn removes from dir the regular files named names, and the
// temporary files that writing them atomically may have left there.
func removeOwn(dir string, names []string) {
	if len(names) == 0 {
		return
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	set := setOf(names)
	for _, e := range ents {
		if e.Type().IsRegular() && set[atomicOf(e.Name())] {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// atomicOf is the name of the file that a file named name is the
// temporary of (a dot, the name, .tmp and digits), or name itself.
func atomicOf(name string) string {
	i := strings.LastIndex(name, ".tmp")
	if !strings.HasPrefix(name, ".") || i < 2 || name[i+4:] == "" || strings.Trim(name[i+4:], "0123456789") != "" {
		return name
	}
	return name[1:i]
}

// cleanStale removes the stages in the folder home whose names start with
// prefix and that no scalebench holds (see stageInfix).
func cleanStale(home, prefix string) {
	ents, err := os.ReadDir(home)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		path := filepath.Join(home, e.Name())
		f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			clearStage(path) // its scalebench is gone
		}
		f.Close()
	}
}

// lockTarget locks dir's parent and, when it exists, dir itself (in that
// order, so that a report written inside another is never a deadlock),
// waiting while another scalebench holds them; unlock releases both.
func lockTarget(ctx context.Context, dir string) (unlock func(), err error) {
	p, err := lockDir(ctx, filepath.Dir(dir))
	if err != nil {
		return nil, err
	}
	fi, err := os.Lstat(dir)
	if pi, perr := os.Stat(filepath.Dir(dir)); err != nil || !fi.IsDir() || (perr == nil && os.SameFile(fi, pi)) {
		return func() { p.Close() }, nil // none, or the parent itself (-o . in /)
	}
	d, err := lockDir(ctx, dir)
	if err != nil {
		p.Close()
		return nil, err
	}
	return func() { d.Close(); p.Close() }, nil
}

// lockDir takes the flock of the folder path, waiting while another
// process holds it and giving up when ctx ends. A file system without
// flock, or a folder that cannot be opened, is not locked.
func lockDir(ctx context.Context, path string) (*os.File, error) {
	for {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil && samePath(f, path) {
			return f, nil
		}
		f.Close()
		if err != nil && !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil // no flock here
		}
		if err == nil {
			continue // renamed meanwhile: lock what path names now
		}
		select {
		case <-ctx.Done():
			return nil, errInterrupted
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// samePath tells whether path still names the open folder f.
func samePath(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// sameDevice tells whether the folder path is on the device of fi.
func sameDevice(path string, fi fs.FileInfo) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	a, ok1 := st.Sys().(*syscall.Stat_t)
	b, ok2 := fi.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && a.Dev == b.Dev
}

// writeError is the error of a folder that cannot be written, with the
// system's reason (not the path of the file that failed: a stage's name
// means nothing to the user).
func writeError(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return fmt.Errorf("cannot write %s: %w", safetext.Quote(dir), err)
}

// writeDir writes files into the folder dir and lists them in its
// manifest. dir may be absent, an empty folder, or a folder with a
// manifest; in the last case the files it lists are replaced or removed
// and nothing else in dir is touched. Folders that hold their own
// manifest (reports written into a report) do not count as content.
// Anything else is refused, as is replacing one of inputs or dir itself
// being an input. The files are written into a stage and committed
// whole (see stageInfix); a signal (ctx) stops the writing between two
// files and leaves dir as it was, and one that arrives while the stage
// is committed waits for it.
func writeDir(ctx context.Context, dir string, files []file, inputs []string) error {
	names := make([]string, len(files))
	for i, f := range files {
		if !plainName(f.name) || slices.Contains(names[:i], f.name) {
			return fmt.Errorf("internal error: %s is not a plain file name, or twice", safetext.Quote(f.name))
		}
		names[i] = f.name
	}
	end, err := beginWrite(ctx)
	if err != nil {
		return err
	}
	defer end()
	s, err := openStage(ctx, dir, names, inputs)
	if err != nil {
		return err
	}
	defer s.close()
	if err := s.writeAll(ctx, files); err != nil {
		return err
	}
	return s.commit(ctx, inputs)
}

// file is one file of a generated folder: its bytes, or, when write is
// set, the function that writes them. A large one takes so much memory
// to write that it is written alone.
type file struct {
	name  string
	data  []byte
	write func(io.Writer) error
	large bool
}
