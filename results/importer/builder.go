package importer

import (
	"fmt"
	"slices"

	"github.com/scalebench/scalebench/results"
)

// builder gathers samples into series in the order their keys first
// appear; samples of one series and worker count make one point.
type builder struct {
	series []*seriesBuilder
	byKey  map[string]*seriesBuilder
}

type seriesBuilder struct {
	s      results.Series
	points map[int]*results.Point
}

// get returns the series of key, creating it from proto on first use; an
// input holds at most maxSeries series.
func (b *builder) get(key string, proto results.Series) (*seriesBuilder, error) {
	if b.byKey == nil {
		b.byKey = map[string]*seriesBuilder{}
	}
	if sb, ok := b.byKey[key]; ok {
		return sb, nil
	}
	if len(b.series) >= maxSeries {
		return nil, errTooManySeries()
	}
	sb := &seriesBuilder{s: proto, points: map[int]*results.Point{}}
	if sb.s.Params == nil {
		sb.s.Params = map[string]string{}
	}
	if sb.s.Mode == "" {
		sb.s.Mode = results.ModeStrong
	}
	if sb.s.Metric == "" {
		sb.s.Metric = results.MetricSeconds
	}
	b.byKey[key] = sb
	b.series = append(b.series, sb)
	return sb, nil
}

// add appends one sample to the point of workers, creating the point on
// first use; a point holds at most maxSamplesPerPoint samples.
func (sb *seriesBuilder) add(workers int, v float64) (*results.Point, error) {
	p, ok := sb.points[workers]
	if !ok {
		p = &results.Point{Workers: workers}
		sb.points[workers] = p
	}
	samples := &p.SamplesS
	if sb.s.Metric == results.MetricThroughput {
		samples = &p.Throughput
	}
	if len(*samples) >= maxSamplesPerPoint {
		return nil, errTooManySamples(sb.s.Workload, workers)
	}
	*samples = append(*samples, v)
	return p, nil
}

func errTooManySeries() error {
	return fmt.Errorf("more than %d series, the most one input may hold", maxSeries)
}

func errTooManySamples(series string, workers int) error {
	return fmt.Errorf(
		"more than %d samples at %d workers of series %q, the most one point may hold",
		maxSamplesPerPoint,
		workers,
		series,
	)
}

// checkCounts holds a decoded document to maxSeries and maxSamplesPerPoint.
func checkCounts(d *results.Document) error {
	if len(d.Series) > maxSeries {
		return errTooManySeries()
	}
	for _, s := range d.Series {
		for _, p := range s.Points {
			if max(len(p.SamplesS), len(p.Throughput)) > maxSamplesPerPoint {
				return errTooManySamples(s.Workload, p.Workers)
			}
		}
	}
	return nil
}

// document returns the series with their points sorted by workers.
func (b *builder) document(d *results.Document) *results.Document {
	for _, sb := range b.series {
		s := sb.s
		s.Points = make([]results.Point, 0, len(sb.points))
		for _, p := range sb.points {
			s.Points = append(s.Points, *p)
		}
		slices.SortFunc(s.Points, func(a, b results.Point) int { return a.Workers - b.Workers })
		d.Series = append(d.Series, s)
	}
	return d
}
