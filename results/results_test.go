package results

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sample() *Document {
	return &Document{
		Schema: Schema,
		Env:    Env{CPUModel: "test cpu", LogicalCPUs: 2, GoVersion: "go1.26", OS: "linux", Arch: "amd64", Started: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), Command: "scalebench run pi"},
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
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	if os.Geteuid() != 0 { // root writes anyway
		if err := WriteFile(path, d); err == nil {
			t.Error("write into a read-only directory succeeded")
		}
		if b, _ := os.ReadFile(path); !strings.Contains(string(b), Schema) {
			t.Error("failed write damaged the old file")
		}
	}
}

func TestReadRejects(t *testing.T) {
	good, _ := os.ReadFile(writeSample(t))
	tests := []struct {
		name, content, want string
	}{
		{"schema", strings.Replace(string(good), Schema, "scalebench/v0", 1), `not a scalebench/v1 document (schema "scalebench/v0")`},
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
