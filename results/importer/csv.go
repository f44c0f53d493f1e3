package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
)

// timeColumns are the column names of times, with their units per second.
var timeColumns = map[string]float64{"seconds": 1, "s": 1, "ms": 1e3, "us": 1e6, "µs": 1e6, "ns": 1e9}

// csvColumns are the indexes of the columns DecodeCSV reads; -1 when absent.
type csvColumns struct {
	workers, value, size, series, mode, over int
	valueName                                string
	perSecond                                float64 // units per second of a time column
	throughput                               bool
}

// DecodeCSV reads a comma-separated table with a header line. The header
// names a workers column and one value column: seconds (or ms, us, ns;
// lower is better) or throughput (higher is better). Optional columns:
// size, series (or name) to make several series, mode (strong or weak) and
// oversubscribed. Other columns are ignored, as are blank lines and lines
// starting with #. Each row is one sample; rows with the same series and
// workers are the samples of one point. A series whose sizes differ
// between points is weak scaling unless a mode column says otherwise.
func DecodeCSV(file string, data []byte) (*results.Document, error) {
	if err := checkLines(file, data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true

	head, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorf(file, 1, "empty input: want a header line naming workers and seconds or throughput")
		}
		return nil, csvError(file, err)
	}
	headLine, _ := r.FieldPos(0)
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = strings.ToLower(strings.TrimSpace(h))
	}
	cols, err := csvHeader(file, headLine, names)
	if err != nil {
		return nil, err
	}

	d := &csvDecoder{
		file:     file,
		cols:     cols,
		r:        r,
		sizes:    map[*results.Point]origin{},
		modeLine: map[*seriesBuilder]int{},
	}
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(names) {
			return nil, errorf(file, line, "%d fields, but the header has %d", len(rec), len(names))
		}
		rows++
		if err := d.row(rec, line); err != nil {
			return nil, err
		}
	}
	if rows == 0 {
		return nil, errorf(file, headLine, "no data rows after the header")
	}
	d.weakWhereSizesVary()
	return d.b.document(newDocument("import " + file)), nil
}

// origin is where a point's size was first given.
type origin struct {
	size int64
	line int
}

// csvDecoder turns the rows of a CSV into series.
type csvDecoder struct {
	file     string
	cols     csvColumns
	r        *csv.Reader
	b        builder
	sizes    map[*results.Point]origin
	modeLine map[*seriesBuilder]int
}

// cell returns field i of rec, trimmed, and its line.
func (d *csvDecoder) cell(rec []string, i int) (string, int) {
	l, _ := d.r.FieldPos(i)
	return strings.TrimSpace(rec[i]), l
}

// row adds one sample.
func (d *csvDecoder) row(rec []string, line int) error {
	file, cols := d.file, d.cols
	w, wl := d.cell(rec, cols.workers)
	workers, err := strconv.Atoi(w)
	if err != nil || workers < 1 {
		if w == "" {
			return errorf(file, wl, "empty workers cell")
		}
		return errorf(file, wl, "workers %q is not a whole number ≥ 1", w)
	}
	v, vl := d.cell(rec, cols.value)
	value, err := number(cols.valueName, v)
	if err != nil {
		return errorf(file, vl, "%v", err)
	}
	value /= cols.perSecond
	name := ""
	if cols.series >= 0 {
		name, _ = d.cell(rec, cols.series)
	}
	if name == "" {
		name = baseName(file)
	}
	proto := results.Series{Workload: name}
	if cols.throughput {
		proto.Metric = results.MetricThroughput
	}
	sb, err := d.b.get(name, proto)
	if err != nil {
		return errorf(file, line, "%v", err)
	}
	if err := d.mode(rec, sb, name); err != nil {
		return err
	}
	p, err := sb.add(workers, value)
	if err != nil {
		return errorf(file, line, "%v", err)
	}
	if err := d.size(rec, p, workers); err != nil {
		return err
	}
	return d.over(rec, p)
}

// mode reads the mode cell, which must agree within a series.
func (d *csvDecoder) mode(rec []string, sb *seriesBuilder, name string) error {
	if d.cols.mode < 0 {
		return nil
	}
	cell, ml := d.cell(rec, d.cols.mode)
	m, err := results.ParseMode(strings.ToLower(cell))
	if err != nil {
		return errorf(d.file, ml, "mode %q: want strong or weak", strings.ToLower(cell))
	}
	first, ok := d.modeLine[sb]
	if ok && sb.s.Mode != m {
		return errorf(d.file, ml, "mode %s differs from mode %s of series %q on line %d", m, sb.s.Mode, name, first)
	}
	if !ok {
		sb.s.Mode = m
		d.modeLine[sb] = ml
	}
	return nil
}

// size reads the size cell, which must agree within a point.
func (d *csvDecoder) size(rec []string, p *results.Point, workers int) error {
	if d.cols.size < 0 {
		return nil
	}
	sz, sl := d.cell(rec, d.cols.size)
	size, err := number("size", sz)
	if err != nil {
		return errorf(d.file, sl, "%v", err)
	}
	if size != math.Trunc(size) || size > math.MaxInt64/2 {
		return errorf(d.file, sl, "size %q is not a whole number", sz)
	}
	o, ok := d.sizes[p]
	if ok && o.size != int64(size) {
		return errorf(
			d.file,
			sl,
			"size %d differs from size %d of workers %d on line %d",
			int64(size),
			o.size,
			workers,
			o.line,
		)
	}
	if !ok {
		d.sizes[p] = origin{int64(size), sl}
		p.Size = int64(size)
	}
	return nil
}

// over reads the oversubscribed cell; any true row marks the point.
func (d *csvDecoder) over(rec []string, p *results.Point) error {
	if d.cols.over < 0 {
		return nil
	}
	o, ol := d.cell(rec, d.cols.over)
	over, err := parseBool(o)
	if err != nil {
		return errorf(d.file, ol, "oversubscribed %q: want true or false", o)
	}
	p.Oversubscribed = p.Oversubscribed || over
	return nil
}

// weakWhereSizesVary makes a series without a mode column whose sizes
// vary weak scaling.
func (d *csvDecoder) weakWhereSizesVary() {
	for _, sb := range d.b.series {
		if _, ok := d.modeLine[sb]; ok || d.cols.size < 0 {
			continue
		}
		var first int64 = -1
		for _, p := range sb.points {
			if first >= 0 && p.Size != first {
				sb.s.Mode = results.ModeWeak
			}
			first = p.Size
		}
	}
}

// csvHeader finds the columns DecodeCSV reads.
func csvHeader(file string, line int, names []string) (csvColumns, error) {
	c := csvColumns{workers: -1, value: -1, size: -1, series: -1, mode: -1, over: -1}
	seen := map[string]bool{}
	for i, n := range names {
		if n == "" {
			continue
		}
		if seen[n] {
			return c, errorf(file, line, "column %s appears twice in the header", n)
		}
		seen[n] = true
		set := func(dst *int) error {
			if *dst >= 0 {
				return errorf(file, line, "columns %s and %s name the same thing: keep one", names[*dst], n)
			}
			*dst = i
			return nil
		}
		var err error
		switch {
		case n == "workers":
			err = set(&c.workers)
		case n == "throughput":
			err = set(&c.value)
			c.throughput = true
		case timeColumns[n] > 0:
			err = set(&c.value)
			c.perSecond = timeColumns[n]
		case n == "size":
			err = set(&c.size)
		case n == "series" || n == "name":
			err = set(&c.series)
		case n == "mode":
			err = set(&c.mode)
		case n == "oversubscribed":
			err = set(&c.over)
		}
		if err != nil {
			return c, err
		}
	}
	found := strings.Join(names, ", ")
	if c.workers < 0 {
		return c, errorf(file, line, "no workers column in the header (found: %s)", found)
	}
	if c.value < 0 {
		return c, errorf(file, line, "no seconds or throughput column in the header (found: %s)", found)
	}
	c.valueName = names[c.value]
	if c.throughput {
		c.perSecond = 1
	}
	return c, nil
}

// number parses a sample or size: finite and not negative.
func number(column, s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty %s cell", column)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", column, s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, fmt.Errorf("%s %q must be finite and not negative", column, s)
	}
	return v, nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "false", "no", "0":
		return false, nil
	case "true", "yes", "1", "*":
		return true, nil
	}
	return false, errors.New("not a boolean")
}

// csvError places an encoding/csv error on its line.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errorf(file, pe.Line, "%v", pe.Err)
	}
	return errorf(file, 0, "%v", err)
}
