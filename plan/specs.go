package plan

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// specPlans builds the plans of one workload, one per executor and
// schedule, and checks them.
func (c *Config) specPlans(s *workloads.Spec, counts []sweep.Count) ([]sweep.Plan, []string, error) {
	own := map[string]string{}
	for k, v := range c.Params {
		if hasParam(s, k) {
			own[k] = v
		}
	}
	params, err := s.Resolve(own)
	if err != nil {
		return nil, nil, err
	}
	size := c.sizeOf(s)
	weak := c.Mode == results.ModeWeak
	if weak {
		for _, n := range counts {
			if _, err := s.WeakSize(size, n.Workers, params); err != nil {
				return nil, nil, err
			}
		}
	}
	var warnings []string
	mem, w, err := memoryCounts(s, workloads.Config{Size: size, Seed: c.Seed, Params: params}, weak, counts)
	if err != nil {
		return nil, nil, err
	}
	if mem != nil {
		counts = mem
		warnings = append(warnings, s.Name+": "+w)
	}
	if err := checkInstance(s, size, c.Seed, params); err != nil {
		return nil, nil, err
	}
	plans, w2, err := c.executorPlans(s, params, size, counts, mem != nil)
	return plans, append(warnings, w2...), err
}

// sizeOf is the base size of workload s.
func (c *Config) sizeOf(s *workloads.Spec) int64 {
	switch {
	case c.Size.N > 0:
		return c.Size.N
	case c.Size.Named == "quick":
		return s.Quick
	}
	return s.Full
}

// executorPlans are the plans of workload s on every executor and
// schedule; capped says that counts were already cut for memory.
func (c *Config) executorPlans(s *workloads.Spec, params map[string]string, size int64, counts []sweep.Count,
	capped bool) ([]sweep.Plan, []string, error) {
	scheds := c.Schedules
	if len(scheds) == 0 {
		scheds = []executor.Schedule{executor.Schedule(s.Schedule)}
	}
	chunk := c.Chunk
	if chunk == 0 {
		chunk = max(s.Chunk, 1)
	}
	execs := c.Executors
	if len(execs) == 0 {
		execs = []executor.Executor{executor.Goroutines{}}
	}
	mode := c.Mode
	if mode == "" {
		mode = results.ModeStrong
	}
	var plans []sweep.Plan
	var warnings []string
	for _, e := range execs {
		if !s.Supports(e.Name()) {
			return nil, nil, errorf("%s cannot run on the %s executor: %s", s.Name, e.Name(), s.Why)
		}
		own, w := capCounts(counts, e.Name())
		if w != "" {
			warnings = append(warnings, s.Name+": "+w)
		}
		if own == nil && capped {
			own = counts
		}
		for _, sc := range scheds {
			plans = append(plans, sweep.Plan{Spec: s, Params: params, Mode: mode, Size: size, Seed: c.Seed,
				Executor: e, Options: executor.Options{Schedule: sc, Chunk: chunk}, Counts: own})
		}
	}
	return plans, warnings, nil
}

// memoryCounts checks the memory a workload's points need against the
// memory available (the cgroup limit or MemAvailable) before anything is
// allocated. The smallest point must fit: otherwise a usage error. Larger
// points that do not fit are left out, and said so; nil counts mean all
// fit. The serial reference counts as one worker more. In weak mode every
// point's instance is built before measuring, so their inputs add up.
func memoryCounts(
	s *workloads.Spec,
	c workloads.Config,
	weak bool,
	counts []sweep.Count,
) ([]sweep.Count, string, error) {
	if s.Memory == nil {
		return nil, "", nil
	}
	avail, source := workloads.Available()
	if avail < 0 {
		return nil, "", nil
	}
	var kept []sweep.Count
	var left []string
	var held int64 // the inputs of weak instances built before this point
	for i, n := range counts {
		cc := c
		if weak {
			cc.Size, _ = s.WeakSize(c.Size, n.Workers, c.Params) // checked before
		}
		fp, err := s.Memory(cc)
		if err != nil {
			return nil, "", err
		}
		// One worker's more: the serial reference's working memory may
		// not be returned yet when the first pass allocates.
		need := fp.Bytes(n.Workers + 1)
		need = min(need+held, math.MaxInt64-1) // both are at most MaxInt64/2 in practice
		if need <= avail {
			if weak && n.Workers > 1 {
				held = min(held+fp.Fixed, math.MaxInt64/2)
			}
			kept = append(kept, n)
			continue
		}
		if i == 0 {
			return nil, "", &workloads.ParamError{Workload: s.Name, Param: "size", Value: strconv.FormatInt(c.Size, 10),
				Want: fmt.Sprintf("needs about %s of memory at %d workers, %s available (%s)",
					workloads.FormatBytes(need), n.Workers, workloads.FormatBytes(avail), source)}
		}
		left = append(left, fmt.Sprintf("P=%d (about %s)", n.Workers, workloads.FormatBytes(need)))
	}
	if len(left) == 0 {
		return nil, "", nil
	}
	return kept, fmt.Sprintf("left out for memory: %s; %s available (%s)", strings.Join(left, ", "),
		workloads.FormatBytes(avail), source), nil
}

// checkInstance builds one instance now, so that a bad size or parameter
// is a usage error before any file is written, and releases it.
func checkInstance(s *workloads.Spec, size int64, seed uint64, params map[string]string) error {
	inst, err := s.New(workloads.Config{Size: size, Seed: seed, Params: params})
	if err != nil {
		return err
	}
	if c, ok := inst.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// capCounts leaves out, for the process executors, the worker counts
// above MaxWorkerProcesses, and says so; nil counts keep the run's.
func capCounts(counts []sweep.Count, executorName string) ([]sweep.Count, string) {
	if executorName == "goroutines" {
		return nil, ""
	}
	var kept []sweep.Count
	var left []string
	for _, c := range counts {
		if c.Workers > MaxWorkerProcesses {
			left = append(left, "P="+strconv.Itoa(c.Workers))
			continue
		}
		kept = append(kept, c)
	}
	if len(left) == 0 {
		return nil, ""
	}
	return kept, fmt.Sprintf("%s executor: %s left out: at most %d worker processes per point",
		executorName, strings.Join(left, ", "), MaxWorkerProcesses)
}

// hasParam reports whether s takes the parameter name.
func hasParam(s *workloads.Spec, name string) bool {
	return slices.ContainsFunc(s.Params, func(p workloads.Param) bool { return p.Name == name })
}

// workloadNames lists the registered workloads.
func workloadNames() string { return strings.Join(workloads.Names(), ", ") }

// joinNames lists the names of specs.
func joinNames(specs []*workloads.Spec) string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
