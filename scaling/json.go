package scaling

import (
	"encoding/json"
	"math"
	"strconv"
)

// num is a float64 that encodes NaN and ±Inf as JSON null, which
// encoding/json would otherwise refuse.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// MarshalJSON encodes non-finite values as null.
func (s Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		N        int `json:"n"`
		Median   num `json:"median"`
		Mean     num `json:"mean"`
		StdDev   num `json:"stddev"`
		MAD      num `json:"mad"`
		Min      num `json:"min"`
		Max      num `json:"max"`
		CV       num `json:"cv"`
		MedianLo num `json:"median_lo"`
		MedianHi num `json:"median_hi"`
	}{s.N, num(s.Median), num(s.Mean), num(s.StdDev), num(s.MAD), num(s.Min), num(s.Max), num(s.CV), num(s.MedianLo), num(s.MedianHi)})
}

// MarshalJSON encodes non-finite values as null.
func (p PointResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Workers        int      `json:"workers"`
		Oversubscribed bool     `json:"oversubscribed"`
		Summary        Summary  `json:"summary"`
		Median         num      `json:"median"`
		Speedup        num      `json:"speedup"`
		SpeedupLo      num      `json:"speedup_lo"`
		SpeedupHi      num      `json:"speedup_hi"`
		Efficiency     num      `json:"efficiency"`
		AbsSpeedup     *float64 `json:"abs_speedup"`
		KarpFlatt      *float64 `json:"karp_flatt"`
		Throughput     num      `json:"throughput"`
	}{p.Workers, p.Oversubscribed, p.Summary, num(p.Median), num(p.Speedup), num(p.SpeedupLo), num(p.SpeedupHi),
		num(p.Efficiency), finitePtr(p.AbsSpeedup), finitePtr(p.KarpFlatt), num(p.Throughput)})
}

// MarshalJSON encodes the fit as {"f","f_lo","f_hi","t1","r2","s_max","n"};
// s_max is null when F is 0.
func (a AmdahlFit) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		F    num `json:"f"`
		FLo  num `json:"f_lo"`
		FHi  num `json:"f_hi"`
		T1   num `json:"t1"`
		R2   num `json:"r2"`
		SMax num `json:"s_max"`
		N    int `json:"n"`
	}{num(a.F), num(a.FLo), num(a.FHi), num(a.T1), num(a.R2), num(a.SMax), a.N})
}

// MarshalJSON encodes the fit as {"alpha","alpha_lo","alpha_hi","r2","n"}.
func (g GustafsonFit) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Alpha   num `json:"alpha"`
		AlphaLo num `json:"alpha_lo"`
		AlphaHi num `json:"alpha_hi"`
		R2      num `json:"r2"`
		N       int `json:"n"`
	}{num(g.Alpha), num(g.AlphaLo), num(g.AlphaHi), num(g.R2), g.N})
}

// MarshalJSON encodes the fit with snake_case names; standard errors that
// could not be computed are null.
func (u USLFit) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Sigma    num    `json:"sigma"`
		SigmaSE  num    `json:"sigma_se"`
		Kappa    num    `json:"kappa"`
		KappaSE  num    `json:"kappa_se"`
		Lambda   num    `json:"lambda"`
		LambdaSE num    `json:"lambda_se"`
		R2       num    `json:"r2"`
		HasPeak  bool   `json:"has_peak"`
		PeakN    num    `json:"peak_n"`
		PeakX    num    `json:"peak_x"`
		NoPeak   string `json:"no_peak,omitempty"`
		N        int    `json:"n"`
	}{num(u.Sigma), num(u.SigmaSE), num(u.Kappa), num(u.KappaSE), num(u.Lambda), num(u.LambdaSE), num(u.R2),
		u.HasPeak, num(u.PeakN), num(u.PeakX), u.NoPeak, u.N})
}

// MarshalJSON encodes a non-finite slope as null.
func (k KarpFlattSummary) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Trend string `json:"trend"`
		Slope num    `json:"slope"`
	}{k.Trend, num(k.Slope)})
}

// MarshalJSON encodes missing warnings as [] rather than null.
func (a Analysis) MarshalJSON() ([]byte, error) {
	type plain Analysis // drops the method, avoiding recursion
	p := plain(a)
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	if p.Points == nil {
		p.Points = []PointResult{}
	}
	return json.Marshal(p)
}

func finitePtr(p *float64) *float64 {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
		return nil
	}
	return p
}
