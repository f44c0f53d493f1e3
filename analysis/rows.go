package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// pointsByWorkers groups points by worker count, in the order the counts
// first appear. A series may hold several points of one count (two runs
// joined, an export that repeats a count); the analysis merges them into
// one point, and so does the table.
func pointsByWorkers(points []results.Point) [][]results.Point {
	var groups [][]results.Point
	index := map[int]int{}
	for _, p := range points {
		i, ok := index[p.Workers]
		if !ok {
			i = len(groups)
			index[p.Workers] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], p)
	}
	return groups
}

// mergedRow is the row of the points ps of one worker count, analysed as
// point (nil when none has valid samples). The row is oversubscribed if
// any point is, verified if every point is, failed if every point failed;
// it shows the largest memory, start-up and traffic, and every distinct
// note and error, cleaned of control characters. When points failed,
// warning says so: the analysis left them out.
func mergedRow(ps []results.Point, point *scaling.PointResult) (r Row, warning string) {
	r = Row{Workers: ps[0].Workers, Verified: true, Disturbed: true}
	var errs, notes []string
	failed := 0
	for _, p := range ps {
		r.Disturbed = r.Disturbed && len(p.SamplesS) == 0 && len(p.Throughput) == 0 && len(p.Disturbed) > 0
		r.Oversubscribed = r.Oversubscribed || p.Oversubscribed
		r.Verified = r.Verified && p.Verified && !p.Failed
		r.PeakRSSBytes = max(r.PeakRSSBytes, p.PeakRSSBytes)
		r.StartupS = max(r.StartupS, p.StartupS)
		r.BytesSent = max(r.BytesSent, p.BytesSent)
		r.BytesReceived = max(r.BytesReceived, p.BytesReceived)
		errs = appendNew(errs, safetext.Clean(p.Error))
		notes = appendNew(notes, safetext.Clean(p.Note))
		if p.Failed {
			failed++
		}
	}
	r.Error, r.Note = strings.Join(errs, "; "), strings.Join(notes, "; ")
	r.Failed = failed == len(ps)
	if !r.Failed {
		r.Point = point
	}
	switch {
	case r.Failed:
		warning = fmt.Sprintf("P=%d failed and is left out: %s", r.Workers, r.Error)
	case failed > 0:
		warning = fmt.Sprintf("P=%d: %d of %d points failed and are left out: %s", r.Workers, failed, len(ps), r.Error)
	}
	return r, warning
}

// appendNew appends s to list unless it is empty or already there.
func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
