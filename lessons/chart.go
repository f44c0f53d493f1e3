package lessons

import (
	"bytes"
	"fmt"

	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/report/chart"
)

// Chart is the plot of a lesson's measurement, drawn by the report's
// LineChart so that a lesson's slide reads like a report's.
type Chart struct {
	Title, YLabel string
	CPUs          int // the CPUs of the machine measured, marked on the worker axis
	Curves        []chart.Curve
}

// SVG draws c as an SVG document.
func (c Chart) SVG() ([]byte, error) {
	return chartSVG(chart.LineChart(c.Title, c.YLabel, c.CPUs, c.Curves))
}

// chartSVG draws one of the report's charts as an SVG document.
func chartSVG(ch *chart.Chart) ([]byte, error) {
	var buf bytes.Buffer
	if err := ch.WriteSVG(&buf); err != nil {
		return nil, fmt.Errorf("draw %s: %w", ch.Plot.Title.Text, err)
	}
	return buf.Bytes(), nil
}

// curve samples f at P = 1 … maxP as a reference line.
func curve(label string, maxP int, f func(p float64) float64) chart.Curve {
	l := chart.Curve{Label: label, Reference: true}
	for p := 1; p <= maxP; p++ {
		l.X, l.Y = append(l.X, float64(p)), append(l.Y, f(float64(p)))
	}
	return l
}

// theoryCharts are the textbook curves of seed 003, whose serial
// fractions are the report's defaults.
func theoryCharts() []*chart.Chart {
	const maxP = 64
	return []*chart.Chart{
		report.AmdahlFamily(report.DefaultAmdahlFractions, maxP),
		report.GustafsonFamily(report.DefaultGustafsonFractions, maxP),
	}
}
