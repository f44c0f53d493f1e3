package analysis

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scalebench/scalebench/internal/safetext"
)

// Set is the analysed series of several sources, in their order, and,
// when they were compared with a baseline, the comparisons and the
// baseline series matched with each series.
type Set struct {
	Sources []Source
	Series  []Series
	// BaselineName names the baseline's source; "" without one.
	BaselineName string
	// Comparisons are the comparisons of the sources that share series
	// with the baseline.
	Comparisons []*Comparison
	// Baseline is, per series, the baseline series matched with it, or
	// nil; nil without a baseline.
	Baseline []*Series
}

// AnalyzeSet analyses every source with opt and, when base is given,
// compares every source with it (with copt; its Summary is set to opt).
// Source names are cleaned of control characters. It is an error when a
// source has no usable point, or none shares a series with base.
func AnalyzeSet(srcs []Source, opt Options, base *Source, copt CompareOptions) (*Set, error) {
	if len(srcs) == 0 {
		return nil, errors.New("no result files")
	}
	s := &Set{Sources: make([]Source, len(srcs))}
	for i, src := range srcs {
		s.Sources[i] = Source{Name: safetext.Clean(src.Name), Doc: src.Doc}
	}
	for _, src := range s.Sources {
		sums := Analyze(src.Doc, opt)
		usable := 0
		for _, ss := range sums {
			if ss.Analysis != nil && len(ss.Analysis.Points) > 0 {
				usable++
			}
		}
		if usable == 0 {
			return nil, fmt.Errorf("%s: no points to report", src.Name)
		}
		s.Series = append(s.Series, sums...)
	}
	if base == nil {
		return s, nil
	}
	copt.Summary = opt
	return s, s.compare(*base, copt)
}

// compare compares every source of s with base and keeps, for each
// series, the baseline series matched with it.
func (s *Set) compare(base Source, opt CompareOptions) error {
	s.BaselineName = safetext.Clean(base.Name)
	s.Baseline = make([]*Series, len(s.Series))
	offset := 0
	var names []string
	for _, src := range s.Sources {
		names = append(names, src.Name)
		c, err := Compare(base, src, opt)
		switch {
		case err == nil:
			s.Comparisons = append(s.Comparisons, c)
			for k := range c.Series {
				s.Baseline[offset+c.Series[k].newIndex] = c.Series[k].Base
			}
		case !errors.Is(err, ErrNothingInCommon):
			return err
		}
		offset += len(src.Doc.Series)
	}
	if len(s.Comparisons) == 0 {
		return fmt.Errorf("baseline %s: %w with %s", base.Name, ErrNothingInCommon, strings.Join(names, ", "))
	}
	return nil
}
