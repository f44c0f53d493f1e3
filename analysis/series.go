package analysis

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Options are the knobs of the analysis of a document.
type Options struct {
	// CPUs is the logical CPU count of the measuring machine: points above
	// it are left out of the fits. 0 takes it from the document.
	CPUs int
	// FitOversubscribed keeps the oversubscribed points in the fits.
	FitOversubscribed bool
	// Fit is passed to scaling.Analyze; nil means scaling.DefaultOptions.
	Fit *scaling.Options
	// PredictTo is the most workers a prediction from task times goes
	// to; 0 means predict.DefaultMaxWorkers.
	PredictTo int
}

// Identity names a series: what was measured, with what and how; every
// text in it is cleaned of control characters.
type Identity struct {
	// Title says it in one line: "pi · goroutines · block".
	Title    string            `json:"title"`
	Workload string            `json:"workload"`
	Mode     results.Mode      `json:"mode"`
	Executor string            `json:"executor"`
	Schedule string            `json:"schedule"`
	Params   map[string]string `json:"params"` // never nil
	Metric   results.Metric    `json:"metric"` // never empty
	// Unit names what the size counts, for throughput.
	Unit string `json:"unit,omitempty"`
}

// identityOf is the cleaned identity of s.
func identityOf(s *results.Series) Identity {
	id := Identity{
		Title:    Title(s),
		Workload: safetext.Clean(s.Workload),
		Mode:     results.Mode(safetext.Clean(string(s.Mode))),
		Executor: safetext.Clean(s.Executor),
		Schedule: safetext.Clean(s.Schedule),
		Params:   cleanParams(s.Params),
		Unit:     safetext.Clean(s.Unit),
		Metric:   results.Metric(safetext.Clean(string(s.Metric))),
	}
	if id.Metric == "" {
		id.Metric = results.MetricSeconds
	}
	if id.Mode == "" {
		id.Mode = results.ModeStrong
	}
	return id
}

// Series is one analysed series: what was measured, one row per worker
// count, the fitted models, the problems of the data and the verdict.
// It is built once, by Analyze, and everything reads it: the summaries
// of run and fit, their JSON, compare, the report and the lessons. Its
// JSON (MarshalJSON) is the one shape of fit --json and run --format
// json.
type Series struct {
	// Source names the file the series was read from ("" when there is
	// only one, as in run).
	Source string
	Identity
	Rows []Row
	// Analysis is nil when no point could be analysed; Warnings then say
	// why.
	Analysis *scaling.Analysis
	// Warnings are the problems of the data found outside the analysis:
	// failed points, idle workers, why there is no analysis. The
	// analysis carries its own; AllWarnings joins both. Never nil.
	Warnings []string
	// CPUs is the logical CPU count the fits were cut at (0 = unknown).
	CPUs int
	// Protocol is how the series was measured (nil for files written
	// before rounds, and imported data).
	Protocol *results.Protocol
	// Interference is what disturbed its passes.
	Interference Interference
	// Short lists what missed the precision the run asked for.
	Short []Shortfall
	// online is the CPUs of the machine others' use is told against.
	online int
	// passes are the samples by worker count (the serial reference at
	// 0), for the ratios paired by round (PairedRatio).
	passes map[int]timedPasses
	// fitOver says that the fits took the oversubscribed points too.
	fitOver bool
	// Verdict is what the measurements say, in one sentence.
	Verdict Verdict
	// Prediction is the curve predicted from the task times (nil when
	// none were recorded); see prediction.go.
	Prediction *Prediction
}

// MarshalJSON writes the series in the shape of fit --json (DESIGN.md):
// its source and identity; the points and models of its analysis (null
// where they do not apply, the points [] without one); every warning in
// one list; the verdict; then the rows (what was measured beside the
// samples at each count), the CPU count, the protocol, what disturbed it,
// what missed the precision, and the prediction from task times when there
// is one.
func (s Series) MarshalJSON() ([]byte, error) {
	type models struct {
		Points    []scaling.PointResult     `json:"points"`
		Amdahl    *scaling.AmdahlFit        `json:"amdahl"`
		Gustafson *scaling.GustafsonFit     `json:"gustafson"`
		USL       *scaling.USLFit           `json:"usl"`
		KarpFlatt *scaling.KarpFlattSummary `json:"karp_flatt"`
		Best      string                    `json:"best_model"`
		Reason    string                    `json:"best_model_reason"`
	}
	m := models{Points: []scaling.PointResult{}}
	if a := s.Analysis; a != nil {
		m = models{a.Points, a.Amdahl, a.Gustafson, a.USL, a.KarpFlatt, a.Best, a.Reason}
	}
	return json.Marshal(struct {
		Source string `json:"source"`
		Identity
		models
		Warnings     []string          `json:"warnings"`
		Verdict      Verdict           `json:"verdict"`
		Rows         []Row             `json:"rows"`
		CPUs         int               `json:"cpus,omitempty"`
		Protocol     *results.Protocol `json:"protocol,omitempty"`
		Interference Interference      `json:"interference"`
		Short        []Shortfall       `json:"short_of_precision,omitempty"`
		Prediction   *Prediction       `json:"prediction,omitempty"`
	}{s.Source, s.Identity, m, s.AllWarnings(), s.Verdict, s.Rows, s.CPUs, s.Protocol, s.Interference, s.Short,
		s.Prediction})
}

// Row is one worker count of a series: its points merged.
type Row struct {
	Workers        int     `json:"workers"`
	Oversubscribed bool    `json:"oversubscribed"`
	Verified       bool    `json:"verified"`
	Failed         bool    `json:"failed,omitempty"`
	Error          string  `json:"error,omitempty"`
	Note           string  `json:"note,omitempty"`
	PeakRSSBytes   int64   `json:"peak_rss_bytes,omitempty"`
	StartupS       float64 `json:"startup_s,omitempty"`
	BytesSent      int64   `json:"bytes_sent,omitempty"`
	BytesReceived  int64   `json:"bytes_received,omitempty"`
	// Disturbed: every pass of the point was disturbed, and it is
	// analysed from those passes (see Input); nothing should be judged
	// from it.
	Disturbed bool `json:"disturbed,omitempty"`
	// Point is the analysed point, nil when it has no valid samples.
	Point *scaling.PointResult `json:"-"`
}

// Fitted tells whether the fits used point p: every point with
// FitOversubscribed, else those not oversubscribed up to the CPUs.
func (s *Series) Fitted(p scaling.PointResult) bool {
	return s.fitOver || (!p.Oversubscribed && (s.CPUs <= 0 || p.Workers <= s.CPUs))
}

// FitRange is the smallest and the largest worker count the fits used;
// ok is false when they used none.
func (s *Series) FitRange() (lo, hi int, ok bool) {
	if s.Analysis == nil {
		return 0, 0, false
	}
	for _, p := range s.Analysis.Points {
		if !s.Fitted(p) {
			continue
		}
		if !ok || p.Workers < lo {
			lo = p.Workers
		}
		hi = max(hi, p.Workers)
		ok = true
	}
	return lo, hi, ok
}

// superlinearSlack is how far above the ideal a speedup must be to be
// called superlinear, as scaling's warning does.
const superlinearSlack = 1.05

// Superlinear lists the worker counts whose speedup is above the ideal
// (efficiency above 1.05): a cache effect, or a measurement to doubt.
func (s *Series) Superlinear() []int {
	var out []int
	if s.Analysis == nil {
		return nil
	}
	for _, p := range s.Analysis.Points {
		if p.Efficiency > superlinearSlack {
			out = append(out, p.Workers)
		}
	}
	return out
}

// AllWarnings are the warnings of the series and of its analysis, in
// that order.
func (s *Series) AllWarnings() []string {
	out := append([]string{}, s.Warnings...)
	if s.Analysis != nil {
		out = append(out, s.Analysis.Warnings...)
	}
	return out
}

// Throughput reports whether the samples are rates (higher is better).
func (s *Series) Throughput() bool { return s.Metric == results.MetricThroughput }

// Title names a series: its workload and what distinguishes it, with
// control characters cleaned out (safetext.Clean).
func Title(s *results.Series) string {
	parts := []string{s.Workload}
	if s.Mode != "" && s.Mode != results.ModeStrong {
		parts = append(parts, string(s.Mode))
	}
	if s.Executor != "" {
		parts = append(parts, s.Executor)
	}
	if s.Schedule != "" {
		sch := s.Schedule
		if s.Chunk > 1 {
			sch += fmt.Sprintf("(chunk %d)", s.Chunk)
		}
		parts = append(parts, sch)
	}
	keys := make([]string, 0, len(s.Params))
	for k := range s.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+s.Params[k])
	}
	return safetext.Clean(strings.Join(parts, " · "))
}

// cleanParams returns params with every key and value cleaned; never nil.
func cleanParams(params map[string]string) map[string]string {
	out := make(map[string]string, len(params))
	for k, v := range params {
		out[safetext.Clean(k)] = safetext.Clean(v)
	}
	return out
}

// Analyze analyses every series of doc. Every text taken from doc
// (names, parameters, units, notes, errors) is cleaned of control
// characters, so that no rendering (terminal, Markdown, HTML, SVG) can
// carry them.
func Analyze(doc *results.Document, opt Options) []Series {
	fo := scaling.DefaultOptions
	if opt.Fit != nil {
		fo = *opt.Fit
	}
	fo.CPUs = opt.CPUs
	fo.FitOversubscribed = fo.FitOversubscribed || opt.FitOversubscribed
	if fo.CPUs == 0 {
		fo.CPUs = doc.Env.LogicalCPUs
	}
	analyses := analyzeAll(doc.Series, fo)
	online := doc.Env.LogicalCPUs
	if c := doc.Env.CPUs; c != nil && c.Online > 0 {
		online = c.Online
	}
	out := make([]Series, 0, len(doc.Series))
	for i := range doc.Series {
		ss := newSeries(&doc.Series[i], analyses[i], fo.CPUs, online)
		ss.fitOver = fo.FitOversubscribed
		ss.addPrediction(&doc.Series[i], opt.PredictTo)
		if w := assumedCPUs(doc, opt); w != "" {
			ss.Warnings = append(ss.Warnings, w)
		}
		out = append(out, ss)
	}
	return out
}

// assumedCPUs is the warning that the fits of doc are cut at a CPU count
// assumed when it was read (doc.Env.CPUsAssumed), or "" when the count
// was recorded or given (opt.CPUs).
func assumedCPUs(doc *results.Document, opt Options) string {
	if opt.CPUs > 0 {
		return ""
	}
	return safetext.Clean(doc.Env.CPUsAssumed)
}

// newSeries builds the analysed series of s from its analysis.
func newSeries(s *results.Series, an fitted, cpus, online int) Series {
	ss := Series{Identity: identityOf(s), Warnings: []string{}, CPUs: cpus,
		Protocol: s.Protocol, Interference: InterferenceOf(s), online: online, passes: passesOf(s)}
	if an.err != nil {
		ss.Warnings = append(ss.Warnings, safetext.Clean(an.err.Error()))
	} else {
		ss.Analysis = &an.a
	}
	byWorkers := map[int]*scaling.PointResult{}
	if ss.Analysis != nil {
		for j := range ss.Analysis.Points {
			byWorkers[ss.Analysis.Points[j].Workers] = &ss.Analysis.Points[j]
		}
	}
	if w := idleWarning(s.Points); w != "" {
		ss.Warnings = append(ss.Warnings, w)
	}
	if w := ss.Interference.Sentence(online); w != "" {
		ss.Warnings = append(ss.Warnings, "disturbed passes, left out and measured again: "+w)
	}
	if p := s.Protocol; p != nil && ss.Analysis != nil {
		ss.Short = CheckPrecision(ss.Analysis, cpus, p.Precision)
		if w := PrecisionSentence(ss.Short, p.Precision, p); w != "" {
			ss.Warnings = append(ss.Warnings, "precision "+w)
		}
	}
	for _, ps := range pointsByWorkers(s.Points) {
		r, warning := mergedRow(ps, byWorkers[ps[0].Workers])
		ss.Rows = append(ss.Rows, r)
		if warning != "" {
			ss.Warnings = append(ss.Warnings, warning)
		}
	}
	ss.Analysis = modelOnBusyMachine(ss.Analysis, ss.Interference, online)
	ss.Verdict = judge(&ss)
	return ss
}

// modelOnBusyMachine leaves the best model undecided when the series was
// measured beside other work (Interference.Busy): the F test's choice
// rests on the shape of the curve, which others bend. The reason says
// why, and what the points alone would choose. a itself is not changed.
func modelOnBusyMachine(a *scaling.Analysis, in Interference, online int) *scaling.Analysis {
	if a == nil || a.Best == "" || !in.Busy() {
		return a
	}
	c := *a
	c.Best, c.Reason = "", fmt.Sprintf(
		"inconclusive: measured beside other work (%s); the points alone would choose %s: %s",
		in.Sentence(online),
		modelName(a.Best),
		a.Reason,
	)
	return &c
}

// idleWarning says at which points some workers had no task, or "".
func idleWarning(pts []results.Point) string {
	var idle []string
	for _, p := range pts {
		if p.Tasks > 0 && p.Tasks < p.Workers {
			idle = append(idle, fmt.Sprintf("P=%d (%d of %d workers had work)", p.Workers, p.Tasks, p.Workers))
		}
	}
	if len(idle) == 0 {
		return ""
	}
	return "more workers than tasks, the others idle: " + strings.Join(idle, ", ")
}
