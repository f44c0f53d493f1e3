package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/plan"
)

// parseCounts parses a worker list: comma-separated items, each a count
// (4), a range of every count (1:8), a range with a step (2:16:2) or a
// doubling range (1:64:x2). With allowZero a lone 0 yields an empty list.
func parseCounts(flag, s string, allowZero bool) ([]int, error) {
	bad := func(why string) error {
		return usagef("--%s %s: %s (want counts like 1,2,4, a range 1:8, or 1:64:x2)", flag, safetext.Quote(s), why)
	}
	if strings.TrimSpace(s) == "" {
		return nil, bad("empty list")
	}
	if allowZero && strings.TrimSpace(s) == "0" {
		return []int{}, nil
	}
	var out []int
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		parts := strings.Split(item, ":")
		nums := make([]int, 0, 2)
		for _, p := range parts[:min(2, len(parts))] {
			n, err := strconv.Atoi(p)
			if err != nil {
				return nil, bad(safetext.Quote(p) + " is not a whole number")
			}
			if n < 1 {
				return nil, bad(fmt.Sprintf("%d: counts must be at least 1", n))
			}
			if n > plan.MaxWorkers {
				return nil, bad(fmt.Sprintf("%d: counts must be at most %d", n, plan.MaxWorkers))
			}
			nums = append(nums, n)
		}
		switch len(parts) {
		case 1:
			out = append(out, nums[0])
		case 2, 3:
			lo, hi := nums[0], nums[1]
			if hi < lo {
				return nil, bad(fmt.Sprintf("range %s runs backwards", item))
			}
			next := func(n int) int { return n + 1 }
			if len(parts) == 3 {
				step := parts[2]
				mul := strings.HasPrefix(step, "x")
				k, err := strconv.Atoi(strings.TrimPrefix(step, "x"))
				if err != nil || k < 1 || (mul && k < 2) {
					return nil, bad(fmt.Sprintf("step %q must be a whole number ≥ 1, or x2, x3 …", step))
				}
				if mul {
					next = func(n int) int { return n * k }
				} else {
					next = func(n int) int { return n + k }
				}
			}
			for n := lo; n <= hi; n = next(n) {
				out = append(out, n)
				if len(out) > 4096 {
					return nil, bad("more than 4096 counts")
				}
			}
		default:
			return nil, bad(fmt.Sprintf("%q has too many colons", item))
		}
	}
	return out, nil
}

// splitList splits a comma-separated list of names.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
