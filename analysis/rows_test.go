package analysis

import (
	"slices"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// dupDoc has a series with two points at two workers, the second of them
// unverified and with more memory, and, when failed is set, a third that
// failed.
func dupDoc(failed bool) *results.Document {
	s := results.Series{Workload: "w", Mode: "strong", Points: []results.Point{
		{Workers: 1, SamplesS: []float64{1, 1.1}, Verified: true, PeakRSSBytes: 10},
		{Workers: 2, SamplesS: []float64{0.5}, Verified: true, PeakRSSBytes: 20},
		{Workers: 2, SamplesS: []float64{0.6}, Verified: false, Note: "differs", PeakRSSBytes: 30},
	}}
	if failed {
		s.Points = append(s.Points, results.Point{Workers: 2, Failed: true, Error: "timed out"})
	}
	return &results.Document{Schema: results.Schema, Series: []results.Series{s}}
}

// TestDuplicatePointsOneRow checks that points of one worker count, which
// the analysis merges, make one row in every table.
func TestDuplicatePointsOneRow(t *testing.T) {
	for _, failed := range []bool{false, true} {
		sums := Analyze(dupDoc(failed), Options{})
		rows := sums[0].Rows
		if len(rows) != 2 || rows[0].Workers != 1 || rows[1].Workers != 2 {
			t.Fatalf("failed=%v: rows %+v, want one for P=1 and one for P=2", failed, rows)
		}
		r := rows[1]
		if r.Point == nil || r.Point.Summary.N != 2 || r.Failed || r.Verified || r.PeakRSSBytes != 30 ||
			r.Note != "differs" {
			t.Errorf(
				"failed=%v: merged row %+v, want the merged point of 2 samples, unverified, 30 bytes, the note",
				failed,
				r,
			)
		}
		warn := "P=2: 1 of 3 points failed and are left out: timed out"
		if got := slices.Contains(sums[0].Warnings, warn); got != failed {
			t.Errorf("failed=%v: warnings %q; want %q: %v", failed, sums[0].Warnings, warn, failed)
		}

	}
	// Every point of a count failed: one failed row.
	d := dupDoc(false)
	d.Series[0].Points[1].Failed, d.Series[0].Points[1].Error = true, "crashed"
	d.Series[0].Points[2].Failed, d.Series[0].Points[2].Error = true, "crashed"
	r := Analyze(d, Options{})[0].Rows[1]
	if !r.Failed || r.Error != "crashed" || r.Point != nil {
		t.Errorf("all failed: row %+v, want failed with the error once", r)
	}
}
