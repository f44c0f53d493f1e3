package lessons

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/scalebench/scalebench/report"
)

// Outcome is what a lesson's claim did on this machine.
type Outcome string

// The outcomes of a claim.
const (
	Held         Outcome = "held"
	NotHeld      Outcome = "did not hold"
	Inconclusive Outcome = "inconclusive" // the noise was too large, or too few CPUs to tell
)

// Unit says how a Number is shown.
type Unit string

// The units of Numbers.
const (
	Times    Unit = "×" // a speedup or ratio
	Seconds  Unit = "s"
	Bytes    Unit = "B"
	GBPerSec Unit = "GB/s"
	Fraction Unit = "" // a plain number
	Count    Unit = "count"
)

// Number is one value that decided a verdict, or one threshold it was
// compared with. A measured value carries its 95% interval [Lo, Hi]
// where the rounds gave one.
type Number struct {
	Name  string   `json:"name"`
	Value float64  `json:"value"`
	Unit  Unit     `json:"unit,omitempty"`
	Lo    *float64 `json:"lo,omitempty"`
	Hi    *float64 `json:"hi,omitempty"`
}

// MarshalJSON writes a value that is not finite (Amdahl's ceiling at
// f = 0) as null, which JSON can hold.
func (n Number) MarshalJSON() ([]byte, error) {
	type plain struct {
		Name  string   `json:"name"`
		Value *float64 `json:"value"`
		Unit  Unit     `json:"unit,omitempty"`
		Lo    *float64 `json:"lo,omitempty"`
		Hi    *float64 `json:"hi,omitempty"`
	}
	finite := func(x *float64) *float64 {
		if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
			return nil
		}
		return x
	}
	p := plain{Name: n.Name, Unit: n.Unit, Value: finite(&n.Value), Lo: finite(n.Lo), Hi: finite(n.Hi)}
	return json.Marshal(p)
}

// Text formats the number with its unit and, when it has one, the
// half-width of its interval: "1.52× ±6%", "0.103 ±0.012" (the wider
// side, so that the whole interval lies within).
func (n Number) Text() string {
	t := n.plain()
	if n.Lo == nil || n.Hi == nil || t == "—" {
		return t
	}
	half := max(n.Value-*n.Lo, *n.Hi-n.Value)
	switch n.Unit {
	case Fraction:
		return t + " ±" + strconv.FormatFloat(half, 'g', 2, 64)
	case Times, Seconds:
		if n.Value != 0 {
			return fmt.Sprintf("%s ±%.0f%%", t, 100*half/math.Abs(n.Value))
		}
	}
	return t
}

// plain formats the number's value with its unit.
func (n Number) plain() string {
	v := n.Value
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	switch n.Unit {
	case Times:
		return fmt.Sprintf("%.2f×", v)
	case Seconds:
		return report.Seconds(v)
	case Bytes:
		return report.Bytes(int64(v))
	case GBPerSec:
		return fmt.Sprintf("%.2f GB/s", v)
	case Count:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// Verdict is the judgement of one claim: the outcome, a sentence that
// says why, the measured numbers behind it and the thresholds used.
type Verdict struct {
	Outcome    Outcome  `json:"verdict"`
	Reason     string   `json:"reason"`
	Numbers    []Number `json:"numbers"`
	Thresholds []Number `json:"thresholds"`
	// settled says that the verdict does not rest on the measurement (too
	// few CPUs, an executor missing): what others did to it changes
	// nothing.
	settled bool
	// short is the reason in a table cell of report.MaxCellRunes, where
	// Reason is longer and a clip would cut what matters; "" when Reason
	// is the cell.
	short string
}

// inconclusive is a verdict that could not be reached, with why.
func inconclusive(format string, args ...any) Verdict {
	return Verdict{Outcome: Inconclusive, Reason: fmt.Sprintf(format, args...)}
}

// with returns v with its numbers and thresholds set.
func (v Verdict) with(numbers, thresholds []Number) Verdict {
	v.Numbers, v.Thresholds = numbers, thresholds
	return v
}
