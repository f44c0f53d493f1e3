package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tree is a folder's content: every path below it (folders end in /) with
// the file's text.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			out[rel] = "-> " + target
			return err
		case d.IsDir():
			out[rel+"/"] = ""
		case d.Type().IsRegular():
			b, err := os.ReadFile(path)
			out[rel] = string(b)
			return err
		default:
			out[rel] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantRefused runs args and checks that they exit with code and one line
// holding msg, and that dir is left exactly as it was.
func wantRefused(t *testing.T, dir string, code int, msg string, args ...string) {
	t.Helper()
	before := tree(t, dir)
	got, stdout, stderr := runCmd(t, args...)
	if got != code || stdout != "" || !strings.Contains(stderr, msg) || strings.Count(stderr, "\n") != 1 {
		t.Errorf(
			"%v: exit %d, stdout %q, stderr %q; want exit %d and one line with %q",
			args,
			got,
			stdout,
			stderr,
			code,
			msg,
		)
	}
	after := tree(t, dir)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed: %q, was %q", k, after[k], v)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s was added", k)
		}
	}
}

// TestReportRefusesForeignFolders: a folder is replaced only when a
// manifest says scalebench wrote it. A folder holding an index.html, a
// source tree and the very input of the report used to be deleted whole.
func TestReportRefusesForeignFolders(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "project")
	mustWrite(t, filepath.Join(project, "index.html"), "<p>my page</p>")
	mustWrite(t, filepath.Join(project, ".git", "HEAD"), "ref: refs/heads/main\n")
	mustWrite(t, filepath.Join(project, "main.go"), "package main\n")
	run := writeRun(t, project)
	wantRefused(t, dir, 1, "has no .scalebench-manifest", "report", run, "-o", project)

	// A manifest that is not ours, or lists paths outside the folder.
	for i, text := range []string{"index.html\n", manifestMarker + "\n../main.go\n", manifestMarker + "\nsub/x\n"} {
		mustWrite(t, filepath.Join(project, manifestName), text)
		wantRefused(t, dir, 1, "not a scalebench manifest", "report", run, "-o", project)
		if i == 0 {
			wantRefused(t, dir, 1, "not a scalebench manifest", "theory", "-o", project)
		}
	}

	// A manifest that lists the input: the input is never replaced.
	mustWrite(t, filepath.Join(project, manifestName), manifestMarker+"\nindex.html\nrun.json\n")
	wantRefused(t, dir, 1, `run.json" would be replaced, and it is an input`, "report", run, "-o", project)

	// A file the new report would write, present but not listed.
	mustWrite(t, filepath.Join(project, manifestName), manifestMarker+"\nindex.html\n")
	mustWrite(t, filepath.Join(project, "report.md"), "my notes")
	wantRefused(t, dir, 1, `report.md" exists and scalebench did not write it`, "report", run, "-o", project)

	// The output folder given as a symbolic link.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(empty, link); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, 1, "is a symbolic link", "report", run, "-o", link)

	// theory writes amdahl.svg: never over a file of the same name that
	// scalebench did not write.
	plots := filepath.Join(dir, "plots")
	mustWrite(t, filepath.Join(plots, "amdahl.svg"), "<svg>mine</svg>")
	wantRefused(t, dir, 1, "has no .scalebench-manifest", "theory", "-o", plots)
}

// TestReportReplacesOnlyListedFiles: in a folder with a manifest, only the
// files it lists are replaced or removed; the user's files stay.
func TestReportReplacesOnlyListedFiles(t *testing.T) {
	dir := t.TempDir()
	run := writeRun(t, dir)
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "report", run, "-o", out, "--slides"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	mustWrite(t, filepath.Join(out, "notes.txt"), "mine")
	mustWrite(t, filepath.Join(out, ".git", "HEAD"), "ref: refs/heads/main\n")
	input := filepath.Join(out, "run.json")
	mustWrite(t, input, tree(t, dir)["run.json"])
	// A report written inside the report.
	if code, _, stderr := runCmd(t, "report", run, "-o", filepath.Join(out, "nested")); code != 0 {
		t.Fatalf("nested: exit %d: %s", code, stderr)
	}
	nested := tree(t, filepath.Join(out, "nested"))
	if code, _, stderr := runCmd(t, "report", input, "-o", out); code != 0 {
		t.Fatalf("second report: exit %d: %s", code, stderr)
	}
	got := tree(t, out)
	if got["notes.txt"] != "mine" || got[".git/HEAD"] == "" || got["run.json"] == "" ||
		len(tree(t, filepath.Join(out, "nested"))) != len(nested) {
		t.Errorf("a file scalebench did not write was touched: %v", slices.Sorted(maps.Keys(got)))
	}
	if _, ok := got["slides.html"]; ok {
		t.Error("slides.html of the first report survived a report without --slides")
	}
	want := manifestMarker + "\nindex.html\npi-efficiency.svg\npi-karp-flatt.svg\npi-speedup.svg\npi-throughput.svg\npi-time.svg\nreport.md\n"
	if got[manifestName] != want {
		t.Errorf("manifest:\n%s\nwant:\n%s", got[manifestName], want)
	}
	for k := range got {
		if strings.HasPrefix(k, ".scalebench-tmp") {
			t.Errorf("temporary %s left behind", k)
		}
	}
}

// TestWriteIntoEmptyFolder: an empty folder is written into, not replaced
// by another one, so it keeps its mode and identity.
func TestWriteIntoEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "theory")
	if err := os.Mkdir(out, 0o750); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(out)
	if code, _, stderr := runCmd(t, "theory", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	after, _ := os.Stat(out)
	if !os.SameFile(before, after) || after.Mode() != before.Mode() {
		t.Errorf("the folder was replaced: mode %v, was %v", after.Mode(), before.Mode())
	}
	if got := tree(t, out)[manifestName]; got != manifestMarker+"\namdahl-vs-gustafson.svg\namdahl.svg\ngustafson.svg\n" {
		t.Errorf("manifest %q", got)
	}
	// Again, over what it wrote itself.
	first := tree(t, out)
	if code, _, stderr := runCmd(t, "theory", "-o", out); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if second := tree(t, out); !maps.Equal(first, second) {
		t.Errorf("the second run wrote %d entries, the first %d", len(second), len(first))
	}
}

// TestReportRefusesNonRegular: a listed file that has become a link or a
// pipe is refused, not replaced.
func TestReportRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "theory", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	target := filepath.Join(dir, "target.svg")
	mustWrite(t, target, "mine")
	svg := filepath.Join(out, "amdahl.svg")
	os.Remove(svg)
	if err := os.Symlink(target, svg); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, 1, `amdahl.svg" is a symbolic link, not a regular file`, "theory", "-o", out)
	os.Remove(svg)
	if err := syscall.Mkfifo(svg, 0o644); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, 1, `amdahl.svg" is a named pipe, not a regular file`, "theory", "-o", out)
	mustWrite(t, filepath.Join(dir, "file"), "x")
	wantRefused(t, dir, 1, "exists and is not a directory", "theory", "-o", filepath.Join(dir, "file"))
}

// TestWriteDirRefusesItsInput covers what the commands cannot reach: the
// output folder named as an input.
func TestWriteDirRefusesItsInput(t *testing.T) {
	dir := t.TempDir()
	err := writeDir(context.Background(), dir, []file{{name: "a.svg"}}, []string{"-", dir})
	if err == nil || !strings.Contains(err.Error(), "is an input") {
		t.Errorf("writeDir = %v, want the input refused", err)
	}
	if err := writeDir(context.Background(), dir, []file{{name: "../a.svg"}}, nil); err == nil {
		t.Error("a file name with a path was written")
	}
}

// TestRunRefusesOutput: run checks -o before measuring anything, and
// refuses a path that is not a regular file or holds something other than
// a result.
func TestRunRefusesOutput(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	result := writeRun(t, dir)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(result, link); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.txt")
	mustWrite(t, notes, "mine")
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, msg string }{
		{fifo, "is a named pipe, not a regular file; not replacing it"},
		{link, "is a symbolic link, not a regular file; not replacing it"},
		{sub, "is a directory, not a regular file; not replacing it"},
		{notes, "exists and is not a scalebench result; not replacing it"},
	} {
		wantRefused(t, dir, 2, tc.msg, "run", "noop", "--size", "quick", "--workers", "1", "--oversubscribe", "0",
			"--reps", "1", "--warmup", "0", "-o", tc.out)
	}
	// An empty file (from mktemp) and a previous result are replaced.
	empty := filepath.Join(dir, "empty.json")
	mustWrite(t, empty, "")
	for _, out := range []string{empty, result} {
		code, _, stderr := runCmd(t, "run", "noop", "--size", "quick", "--workers", "1", "--oversubscribe", "0",
			"--reps", "1", "--warmup", "0", "-o", out)
		if code != 0 {
			t.Errorf("-o %s: exit %d: %s", out, code, stderr)
		}
	}
}

// TestUserInputIsQuoted: values from the command line come back quoted,
// escaped and cut, on one line.
func TestUserInputIsQuoted(t *testing.T) {
	long := strings.Repeat("x", 200_000)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"theory", "a\nscalebench: forged\x1b[2J"}, `scalebench: theory takes no arguments, got "a\nscalebench: forged\x1b[2J"` + "\n"},
		{[]string{"theory", long}, `scalebench: theory takes no arguments, got "` + strings.Repeat("x", 79) + `…"` + "\n"},
		{[]string{"list", "\x00"}, `scalebench: list takes no arguments, got "\x00"` + "\n"},
		{[]string{"version", "\r"}, `scalebench: version takes no arguments, got "\r"` + "\n"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || stderr != tc.want {
			t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.want)
		}
	}
	// A file name with a line break, from the operating system's error.
	code, _, stderr := runCmd(
		t,
		"report",
		filepath.Join(t.TempDir(), "a\nscalebench: forged.json"),
		"-o",
		filepath.Join(t.TempDir(), "r"),
	)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, `a\nscalebench: forged.json`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestAtomicOf(t *testing.T) {
	for name, want := range map[string]string{
		".run.json.tmp123": "run.json", "run.json": "run.json", ".run.json.tmp": ".run.json.tmp",
		".run.json.tmp12a": ".run.json.tmp12a", ".tmp1": ".tmp1", "..tmp1": "..tmp1", ".a.tmp1.tmp2": "a.tmp1",
	} {
		if got := atomicOf(name); got != want {
			t.Errorf("atomicOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestStaleStagesCleaned: a report removes what a killed scalebench left
// beside its folder (a stage: the files its manifest lists, their
// temporary files, the manifest, the folder), and nothing else: not a
// file the manifest does not list, not a folder without a manifest, not
// a stage that a running scalebench holds.
func TestStaleStagesCleaned(t *testing.T) {
	dir := t.TempDir()
	run := writeRun(t, dir)
	out := filepath.Join(dir, "out")
	prefix := filepath.Join(dir, stagePrefix(out))
	listing := manifestMarker + "\nindex.html\nrun-x.json\n"
	mustWrite(t, prefix+"1/"+manifestName, listing)
	mustWrite(t, prefix+"1/index.html", "<p>half")
	mustWrite(t, prefix+"1/.run-x.json.tmp42", "{")
	mustWrite(t, prefix+"2/"+manifestName, listing)
	mustWrite(t, prefix+"2/index.html", "<p>half")
	mustWrite(t, prefix+"2/mine.txt", "mine")
	mustWrite(t, prefix+"3/mine.txt", "mine")
	if err := os.Mkdir(prefix+"4", 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, prefix+"5/"+manifestName, listing)
	mustWrite(t, prefix+"5/index.html", "<p>being written")
	held, err := os.Open(prefix + "5")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := syscall.Flock(int(held.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "report", run, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := tree(t, dir)
	base := filepath.Base(prefix)
	for _, gone := range []string{"1/", "2/index.html", "2/" + manifestName, "4/"} {
		if _, ok := got[base+gone]; ok {
			t.Errorf("%s%s is still there", base, gone)
		}
	}
	for _, kept := range []string{"2/mine.txt", "3/mine.txt", "5/index.html", "5/" + manifestName} {
		if _, ok := got[base+kept]; !ok {
			t.Errorf("%s%s was removed", base, kept)
		}
	}
}

// TestWriteDirFirstError: files are written several at a time, yet the
// error is that of the first file that failed, as if written in turn,
// and the folder is not written.
func TestWriteDirFirstError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var files []file
	for i := range 40 {
		files = append(files, file{name: fmt.Sprintf("f%02d.svg", i), large: i%5 == 0, write: func(w io.Writer) error {
			if i == 13 || i == 27 {
				return fmt.Errorf("file %d failed", i)
			}
			_, err := fmt.Fprintf(w, "file %d\n", i)
			return err
		}})
	}
	for range 20 {
		if err := writeDir(context.Background(), dir, files, nil); err == nil || err.Error() != "file 13 failed" {
			t.Fatalf("writeDir = %v, want the error of file 13", err)
		}
	}
	if names := entries(t, filepath.Dir(dir)); len(names) != 0 {
		t.Errorf("left behind: %v", names)
	}
}
