package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/results/importer"
)

// TestGoBenchNamesKeepParams: series that differ only in a parameter get
// names that differ, the parameter as a benchstat key
// (BenchmarkSynthetic/serial-fraction=0.1/workers=1-2); the -N suffix is
// the run's CPU count, the same at every worker count, so that benchstat
// -col /workers lines the counts up in one row; and scalebench fit reads
// the names back as the same series and counts.
func TestGoBenchNamesKeepParams(t *testing.T) {
	d := &results.Document{Schema: results.Schema, Env: results.Env{OS: "linux", Arch: "amd64", LogicalCPUs: 2}}
	for _, f := range []string{"0.5", "0.1"} {
		s := results.Series{Workload: "synthetic", Mode: results.ModeStrong, Executor: "goroutines", Schedule: "block",
			Params: map[string]string{"serial-fraction": f}}
		for _, p := range []int{1, 2, 4} {
			s.Points = append(s.Points,
				results.Point{Workers: p, Oversubscribed: p > 2, SamplesS: []float64{1, 1.1}, Verified: true})
		}
		d.Series = append(d.Series, s)
	}
	var b bytes.Buffer
	if err := WriteGoBench(&b, d, GoBenchOptions{DefaultSchedule: map[string]string{"synthetic": "block"}}); err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^(BenchmarkSynthetic/serial-fraction=(0\.[15]))/workers=([124])-(\d+)\t`)
	rows := map[string]map[string]bool{} // name without workers → counts
	for _, m := range line.FindAllStringSubmatch(b.String(), -1) {
		if m[4] != "2" {
			t.Errorf("%s: suffix -%s, want -2, the CPU count", m[0], m[4])
		}
		if rows[m[1]] == nil {
			rows[m[1]] = map[string]bool{}
		}
		rows[m[1]][m[3]] = true
	}
	const half, tenth = "BenchmarkSynthetic/serial-fraction=0.5", "BenchmarkSynthetic/serial-fraction=0.1"
	if len(rows) != 2 || len(rows[half]) != 3 || len(rows[tenth]) != 3 {
		t.Fatalf("want two rows of workers 1, 2, 4, named by serial-fraction; got %v from\n%s", rows, b.String())
	}
	if n := strings.Count(b.String(), "\n"); n != 2+2*3*2 {
		t.Errorf("%d lines, want 14:\n%s", n, b.String())
	}
	back, err := importer.Read("gobench", b.Bytes(), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Series) != 2 || back.Env.LogicalCPUs != 2 {
		t.Fatalf("read back %d series on %d CPUs, want 2 on 2", len(back.Series), back.Env.LogicalCPUs)
	}
	for i, s := range back.Series {
		want := "BenchmarkSynthetic/serial-fraction=" + d.Series[i].Params["serial-fraction"]
		if s.Workload != want || len(s.Points) != 3 || s.Points[2].Workers != 4 {
			t.Errorf("series %d: %s with %d points, want %s with workers 1, 2, 4", i, s.Workload, len(s.Points), want)
		}
	}
}
