package chart

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MarkCPUs shades the oversubscribed region right of cpus and marks the
// CPU count with a dotted line labelled above the data area, when the x
// range goes beyond it.
func (ch *Chart) MarkCPUs(cpus int, maxX float64) {
	if cpus <= 0 {
		return
	}
	if maxX > float64(cpus) {
		r := Region{From: float64(cpus), Color: lightGrey}
		// Added before the data, so drawn behind it.
		ch.Plot.Add(r)
		ch.Legend.Add("oversubscribed (P > CPUs)", r)
	}
	f := font.From(Font, TickSize)
	ch.Plot.Add(VLine{X: float64(cpus), Label: CPULabel(cpus), Above: true,
		Style: draw.LineStyle{Color: Grey, Width: vg.Points(1), Dashes: Dotted}, Font: f})
	ch.Plot.Title.Padding += f.Size + vg.Points(6)
}

func CPULabel(n int) string {
	if n == 1 {
		return "1 CPU"
	}
	return strconv.Itoa(n) + " CPUs"
}

// WorkerTicks labels whole numbers of workers with a step that leaves at
// most eleven labels, however many workers the axis spans.
type WorkerTicks struct{}

// Ticks implements plot.Ticker.
func (WorkerTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span >= 0) || math.IsInf(span, 0) {
		return nil
	}
	step := 1.0
	for _, s := range []float64{1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		step = s
		if span/s <= 10 {
			break
		}
	}
	for span/step > 10 {
		step *= 10
	}
	// Counted, not stepped: near 2⁶³ adding a small step to a float64
	// does not change it.
	var ts []plot.Tick
	first := math.Ceil(lo / step)
	for i := range 11 {
		v := (first + float64(i)) * step
		if v > hi+1e-9 {
			break
		}
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ts
}

// WorkerScale is how a worker axis is drawn: logarithmic in base 2 when
// the measured counts double, else linear; from the smallest measured
// count to the largest, with a tick at each measured count when there
// are few.
type WorkerScale struct {
	Log    bool
	counts []float64 // the distinct measured counts, ascending
}

// maxMeasuredTicks is the most measured counts that get a tick each;
// beyond, the axis has round ticks.
const maxMeasuredTicks = 12

// NewWorkerScale returns the scale of an axis over counts, logarithmic
// when the counts double or when log is set.
func NewWorkerScale(counts []float64, log bool) WorkerScale {
	cs := make([]float64, 0, len(counts))
	for _, c := range counts {
		if isFinite(c) {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	return WorkerScale{Log: log || doubles(cs), counts: cs}
}

// doubles tells whether ascending counts grow by a factor rather than
// by a step: at least three positive counts, each at least 1.5 times the
// one before (1, 2, 4, 8, 12, 24 does; 1, 2, 3, 4 does not), spanning at
// least a factor of four.
func doubles(cs []float64) bool {
	if len(cs) < 3 || cs[0] <= 0 || cs[len(cs)-1] < 4*cs[0] {
		return false
	}
	for i := 1; i < len(cs); i++ {
		if cs[i] < 1.5*cs[i-1]*(1-1e-9) {
			return false
		}
	}
	return true
}

// Curve samples f between lo and hi with enough points for the scale.
func (s WorkerScale) Curve(lo, hi float64, f func(float64) float64) plotter.XYs {
	return Sample(lo, hi, CurveSamples, s.Log, f)
}

// Apply sets the chart's worker axis to span the counts from lo to hi,
// with room for the markers at both ends.
func (s WorkerScale) Apply(ch *Chart, lo, hi float64) {
	x := &ch.Plot.X
	x.Tick.Marker = measuredTicks{counts: s.counts, log: s.Log}
	if s.Log {
		x.Scale = LogScale{}
		x.Min, x.Max = lo/math.Pow(2, 0.25), hi*math.Pow(2, 0.25)
		if lo == hi {
			x.Min, x.Max = lo/2, hi*2
		}
		return
	}
	x.Scale = plot.LinearScale{}
	pad := (hi - lo) * 0.04
	if pad == 0 {
		pad = 0.5
	}
	if lo > 0 {
		pad = math.Min(pad, lo/2) // no count of zero or fewer workers
	}
	x.Min, x.Max = lo-pad, hi+pad
}

// measuredTicks puts a tick at each measured worker count and labels as
// many of them as fit side by side, always the first and the last.
// With more than maxMeasuredTicks counts it labels round numbers
// instead.
type measuredTicks struct {
	counts []float64
	log    bool
}

// Sizes for the guess of which tick labels fit: the width of a digit at
// the tick size, the narrowest data area of a chart and the space
// between two labels.
var (
	tickDigit   = vg.Points(0.56 * TickSize)
	minAxisLen  = vg.Points(300)
	tickSpacing = vg.Points(6)
)

// Ticks implements plot.Ticker.
func (m measuredTicks) Ticks(lo, hi float64) []plot.Tick {
	if len(m.counts) > maxMeasuredTicks || !(hi > lo) {
		if m.log {
			return Log2Ticks{}.Ticks(lo, hi)
		}
		return WorkerTicks{}.Ticks(lo, hi)
	}
	pos := func(v float64) vg.Length { return minAxisLen * vg.Length((v-lo)/(hi-lo)) }
	if m.log {
		pos = func(v float64) vg.Length { return minAxisLen * vg.Length(math.Log(v/lo)/math.Log(hi/lo)) }
	}
	fits := func(a, b plot.Tick) bool {
		need := tickDigit*vg.Length(len(a.Label)+len(b.Label))/2 + tickSpacing
		return pos(b.Value)-pos(a.Value) >= need
	}
	var ts []plot.Tick
	last := -1 // the last labelled tick
	for _, v := range m.counts {
		if v < lo || v > hi {
			continue
		}
		t := plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)}
		if last >= 0 && !fits(ts[last], t) {
			t.Label = ""
		} else {
			last = len(ts)
		}
		ts = append(ts, t)
	}
	// The largest count is labelled: drop the labels that crowd it.
	if n := len(ts); n > 1 && ts[n-1].Label == "" {
		ts[n-1].Label = strconv.FormatFloat(ts[n-1].Value, 'f', -1, 64)
		for i := n - 2; i > 0; i-- {
			if ts[i].Label == "" {
				continue
			}
			if fits(ts[i], ts[n-1]) {
				break
			}
			ts[i].Label = ""
		}
	}
	return ts
}

// LinearTicks labels 1, 2, 2.5 or 5 times a power of ten, with four to
// eight labels.
type LinearTicks struct{}

// Ticks implements plot.Ticker.
func (LinearTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || !isFinite(span) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	mag := math.Pow(10, math.Floor(math.Log10(span)))
	step := mag
	for _, m := range []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10} {
		step = m * mag
		if span/step <= 8 {
			break
		}
	}
	var ts []plot.Tick
	for i := math.Ceil(lo / step); i*step <= hi+step*1e-9; i++ {
		v := i * step
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
	}
	return ts
}

// Log2Ticks labels powers of two on a logarithmic worker axis.
type Log2Ticks struct{}

// Ticks implements plot.Ticker.
func (Log2Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Pow(2, math.Floor(math.Log2(lo))); v <= hi*(1+1e-9); v *= 2 {
		if v >= lo*(1-1e-9) {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
	}
	return ts
}

// Log125Ticks labels 1, 2 and 5 times the powers of ten on a logarithmic
// axis, with minor ticks between; on a range too narrow for two such
// labels, round values as on a linear axis.
type Log125Ticks struct{}

// Ticks implements plot.Ticker.
func (Log125Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	if lo <= 0 || hi <= 0 {
		return nil
	}
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 4, 64)
			}
			ts = append(ts, t)
		}
	}
	labels := 0
	for _, t := range ts {
		if t.Label != "" {
			labels++
		}
	}
	if labels < 2 {
		return LinearTicks{}.Ticks(lo, hi)
	}
	return ts
}

// LogScale is a logarithmic axis scale that maps values that are not
// positive to the bottom of the axis instead of failing.
type LogScale struct{}

// Normalize implements plot.Normalizer.
func (LogScale) Normalize(lo, hi, x float64) float64 {
	const tiny = 1e-300
	lo, hi, x = math.Max(lo, tiny), math.Max(hi, tiny), math.Max(x, tiny)
	if hi == lo {
		return 0.5
	}
	return (math.Log(x) - math.Log(lo)) / (math.Log(hi) - math.Log(lo))
}
