package analysis

import (
	"fmt"

	"github.com/scalebench/scalebench/results"
)

// Interference is what disturbed the timed passes of a series: how many
// passes ran, how many others disturbed (kept aside, out of the
// samples), what those others used, and how many rounds were left
// without a sample of some pass because every try of it was disturbed.
type Interference struct {
	// Passes counts every timed pass: the samples and the disturbed.
	Passes int `json:"passes"`
	// Disturbed counts the passes left out because others disturbed them.
	Disturbed int `json:"disturbed"`
	// Unknown counts the samples whose ledger the system could not give.
	Unknown int `json:"unknown"`
	// OthersCPUs is the CPUs other processes used on average during the
	// disturbed passes (their CPU time over the passes' time).
	OthersCPUs float64 `json:"others_cpus"`
	// StealShare is the share of the disturbed passes' time the
	// hypervisor stole, per CPU.
	StealShare float64 `json:"steal_share"`
	// GivenUp counts the passes of a round given up after every try was
	// disturbed: the round has no sample of that point.
	GivenUp int `json:"given_up"`
	// OnlyDisturbed counts the points (the serial reference among them)
	// of which every pass was disturbed: they are analysed from their
	// disturbed passes (see Input), and the series is busy.
	OnlyDisturbed int `json:"only_disturbed,omitempty"`
}

// busyShare is the share of disturbed passes from which a series counts
// as measured on a busy machine.
const busyShare = 1.0 / 4

// InterferenceOf sums the ledgers of s.
func InterferenceOf(s *results.Series) Interference {
	var in Interference
	var wall, others, steal float64
	add := func(p results.Passes, samples int) {
		in.Passes += samples + len(p.Disturbed)
		in.Disturbed += len(p.Disturbed)
		for _, l := range p.Ledger {
			if l == nil {
				in.Unknown++
			}
		}
		byRound := map[int]bool{}
		for _, r := range p.Rounds {
			byRound[r] = true
		}
		given := map[int]bool{}
		for _, d := range p.Disturbed {
			if d.Ledger != nil {
				wall += d.Seconds
				others += d.Ledger.OthersCPUS
				steal += d.Ledger.StealS
			}
			if !byRound[d.Round] {
				given[d.Round] = true
			}
		}
		in.GivenUp += len(given)
		if samples == 0 && len(p.Disturbed) > 0 {
			in.OnlyDisturbed++
		}
	}
	if s.Serial != nil {
		add(s.Serial.Passes, len(s.Serial.SamplesS))
	}
	for _, p := range s.Points {
		add(p.Passes, len(p.SamplesS))
	}
	if wall > 0 {
		in.OthersCPUs = others / wall
		in.StealShare = steal / wall
	}
	return in
}

// Busy reports whether the series was measured on a busy machine: at
// least a quarter of its passes were disturbed, or every pass of one of
// its points. Its conclusions are then
// inconclusive (see Sentence). A round that lost a pass to others has
// one ratio fewer; the intervals say what that costs.
func (in Interference) Busy() bool {
	return in.OnlyDisturbed > 0 || in.Passes > 0 && float64(in.Disturbed) >= busyShare*float64(in.Passes)
}

// Sentence says what disturbed the passes on a machine of cpus CPUs:
// "other processes used 1.3 of the 2 CPUs during 9 of 14 passes", with
// the steal where it counted; "" when no pass was disturbed.
func (in Interference) Sentence(cpus int) string {
	if in.Disturbed == 0 {
		return ""
	}
	of := ""
	if cpus > 0 {
		of = fmt.Sprintf(" of the %d", cpus)
	}
	s := fmt.Sprintf(
		"other processes used %.2g%s CPUs during %d of %d passes",
		in.OthersCPUs,
		of,
		in.Disturbed,
		in.Passes,
	)
	if in.StealShare >= 0.05 {
		s += fmt.Sprintf(", and the hypervisor stole %.0f%% of their time", 100*in.StealShare)
	}
	if in.GivenUp > 0 {
		s += fmt.Sprintf("; %s given up after every try was disturbed", passes(in.GivenUp))
	}
	if in.OnlyDisturbed == 1 {
		s += "; 1 point had no undisturbed pass and is shown from its disturbed ones"
	} else if in.OnlyDisturbed > 1 {
		s += fmt.Sprintf("; %d points had no undisturbed pass and are shown from their disturbed ones", in.OnlyDisturbed)
	}
	return s
}

// passes is "1 pass was" or "n passes were".
func passes(n int) string {
	if n == 1 {
		return "1 pass was"
	}
	return fmt.Sprintf("%d passes were", n)
}
