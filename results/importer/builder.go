package importer

import (
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

// get returns the series of key, creating it from proto on first use.
func (b *builder) get(key string, proto results.Series) *seriesBuilder {
	if b.byKey == nil {
		b.byKey = map[string]*seriesBuilder{}
	}
	if sb, ok := b.byKey[key]; ok {
		return sb
	}
	sb := &seriesBuilder{s: proto, points: map[int]*results.Point{}}
	if sb.s.Params == nil {
		sb.s.Params = map[string]string{}
	}
	if sb.s.Mode == "" {
		sb.s.Mode = "strong"
	}
	if sb.s.Metric == "" {
		sb.s.Metric = "seconds"
	}
	b.byKey[key] = sb
	b.series = append(b.series, sb)
	return sb
}

// add appends one sample to the point of workers, creating the point on
// first use.
func (sb *seriesBuilder) add(workers int, v float64) *results.Point {
	p, ok := sb.points[workers]
	if !ok {
		p = &results.Point{Workers: workers}
		sb.points[workers] = p
	}
	if sb.s.Metric == "throughput" {
		p.Throughput = append(p.Throughput, v)
	} else {
		p.SamplesS = append(p.SamplesS, v)
	}
	return p
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
