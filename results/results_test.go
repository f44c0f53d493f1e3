package results

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func sample() *Document {
	return &Document{
		Schema: Schema,
		Env: Env{
			CPUModel:    "test cpu",
			LogicalCPUs: 2,
			GoVersion:   "go1.26",
			OS:          "linux",
			Arch:        "amd64",
			Started:     time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC),
			Command:     "scalebench run pi",
		},
		Series: []Series{{
			Workload: "pi", Mode: "strong", Executor: "goroutines", Schedule: "block",
			Params: map[string]string{}, Serial: &Serial{Size: 100, SamplesS: []float64{0.07, 0.071}},
			Points: []Point{{Workers: 1, Size: 100, SamplesS: []float64{0.072}, Verified: true, PeakRSSBytes: 9437184}},
		}},
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	want := sample()
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the document:\n got %+v\nwant %+v", got, want)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := sample()
	if err := WriteFile(path, d); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after the write, want only the result", len(entries))
	}
	if _, err := ReadFile(path); err != nil {
		t.Errorf("replaced file does not read back: %v", err)
	}
	// A failed write leaves the old file and no temporary file.
	if err := WriteFile(filepath.Join(dir, "missing", "r.json"), d); err == nil {
		t.Error("write into a missing directory succeeded")
	}
	// A name of 250 bytes exists, but the temporary file beside it would
	// need a name over the 255-byte limit: the write fails for every
	// user, root included.
	long := filepath.Join(dir, strings.Repeat("r", 245)+".json")
	if err := os.WriteFile(long, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(long, d); err == nil {
		t.Error("write whose temporary name is too long succeeded")
	}
	if b, _ := os.ReadFile(long); string(b) != "old" {
		t.Errorf("failed write changed the old file to %.20q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("directory holds %d entries after a failed write, want 2", len(entries))
	}
}

func TestReadRejects(t *testing.T) {
	good, _ := os.ReadFile(writeSample(t))
	tests := []struct {
		name, content, want string
	}{
		{
			"schema",
			strings.Replace(string(good), Schema, "scalebench/v0", 1),
			`not a scalebench/v1 document (schema "scalebench/v0")`,
		},
		{"no schema", `{"series": []}`, "not a scalebench/v1 document (no schema field)"},
		{"truncated", string(good[:len(good)/2]), "truncated JSON"},
		{"empty", "", "truncated JSON"},
		{"negative", strings.Replace(string(good), "0.072", "-0.072", 1), "workers 1: invalid sample -0.072"},
		{"workers", strings.Replace(string(good), `"workers": 1`, `"workers": 0`, 1), "workers 0: must be at least 1"},
		{"trailing", string(good) + "{}", "trailing data"},
		{"not json", "hello", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name+".json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want the file name and %q", err, tt.want)
			}
		})
	}
	_, err := ReadFile(filepath.Join(t.TempDir(), "none.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func writeSample(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.json")
	if err := WriteFile(path, sample()); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWriteRefusesNonRegular checks that a result is never written over
// something that is not a regular file: a rename would replace a device,
// a pipe or a link by a file.
func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	if err := os.WriteFile(target, []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kind string
		mode os.FileMode
	}{
		{fifo, "a named pipe", os.ModeNamedPipe},
		{link, "a symbolic link", os.ModeSymlink},
		{sub, "a directory", os.ModeDir},
	} {
		err := WriteFile(tc.path, sample())
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tc.kind) {
			t.Errorf("WriteFile(%s) = %v, want %s refused", tc.path, err, tc.kind)
		}
		if fi, err := os.Lstat(tc.path); err != nil || fi.Mode().Type() != tc.mode {
			t.Errorf("%s was replaced: %v %v", tc.path, fi.Mode(), err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "theirs" {
		t.Error("the symbolic link's target was written")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 4 {
		t.Errorf("%d entries in the directory, want the 4 made by the test", len(ents))
	}
	if err := WriteFile(filepath.Join(dir, "new.json"), sample()); err != nil {
		t.Errorf("a new file: %v", err)
	}
}
