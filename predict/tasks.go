package predict

import (
	"fmt"
	"math"
)

// Tasks are the recorded times of a pass's tasks, in task order: one
// entry per task, or, for many tasks, the sums of Group consecutive tasks
// each (the last entry may hold fewer). Within a group the tasks are taken
// to be alike: a schedule that splits a group gives each part its share
// of the group's time in proportion to its tasks.
type Tasks struct {
	// Seconds holds one time per task (Group 0 or 1) or per group.
	Seconds []float64
	// Group is the number of consecutive tasks of every entry but the
	// last; 0 means 1.
	Group int
	// N is the number of tasks; 0 means len(Seconds)·Group. With groups
	// the last entry holds N − (len(Seconds)−1)·Group tasks.
	N int
	// Longest is the longest single task's time; 0 means the longest
	// entry when Group is 1, and the largest group's mean otherwise (a
	// lower bound).
	Longest float64
}

// Of returns Tasks of one entry per task.
func Of(seconds []float64) Tasks { return Tasks{Seconds: seconds} }

// group returns the tasks per entry (at least 1).
func (t Tasks) group() int { return max(1, t.Group) }

// count returns the number of tasks.
func (t Tasks) count() int {
	if t.N > 0 {
		return t.N
	}
	return len(t.Seconds) * t.group()
}

// check reports invalid tasks: none, a negative, NaN or infinite time, or
// an N that the groups cannot hold.
func (t Tasks) check() error {
	if len(t.Seconds) == 0 {
		return fmt.Errorf("%w: no tasks", ErrBadInput)
	}
	for i, s := range t.Seconds {
		if !(s >= 0) || math.IsInf(s, 0) {
			return fmt.Errorf("%w: task time %d is %v", ErrBadInput, i, s)
		}
	}
	g, n := t.group(), t.count()
	if t.Group < 0 || n <= (len(t.Seconds)-1)*g || n > len(t.Seconds)*g {
		return fmt.Errorf("%w: %d tasks do not fill %d groups of %d", ErrBadInput, n, len(t.Seconds), g)
	}
	if !(t.Longest >= 0) || math.IsInf(t.Longest, 0) {
		return fmt.Errorf("%w: longest task %v", ErrBadInput, t.Longest)
	}
	return nil
}

// size returns the number of tasks of entry i.
func (t Tasks) size(i int) int {
	g := t.group()
	if i == len(t.Seconds)-1 {
		return t.count() - i*g
	}
	return g
}

// Sum returns the sum of every task's time.
func (t Tasks) Sum() float64 {
	s := 0.0
	for _, x := range t.Seconds {
		s += x
	}
	return s
}

// longest returns the longest task's time (see Tasks.Longest).
func (t Tasks) longest() float64 {
	if t.Longest > 0 {
		return t.Longest
	}
	m := 0.0
	for i, x := range t.Seconds {
		m = max(m, x/float64(t.size(i)))
	}
	return m
}

// Scaled returns t with every time multiplied by k (as Predict scales
// the tasks by Curve.Scale).
func (t Tasks) Scaled(k float64) Tasks {
	out := t
	out.Seconds = make([]float64, len(t.Seconds))
	for i, x := range t.Seconds {
		out.Seconds[i] = x * k
	}
	out.Longest = t.Longest * k
	return out
}

// prefix holds the running sums of a Tasks' entries, so that the time of
// any range of tasks is found in constant time.
type prefix struct {
	t   Tasks
	sum []float64 // sum[i] is the time of entries [0, i)
}

func newPrefix(t Tasks) prefix {
	p := prefix{t: t, sum: make([]float64, len(t.Seconds)+1)}
	for i, x := range t.Seconds {
		p.sum[i+1] = p.sum[i] + x
	}
	return p
}

// at returns the time of tasks [0, k), a group split in proportion to its
// tasks.
func (p prefix) at(k int) float64 {
	g := p.t.group()
	i := k / g
	if i >= len(p.t.Seconds) {
		return p.sum[len(p.t.Seconds)]
	}
	part := float64(k-i*g) / float64(p.t.size(i))
	return p.sum[i] + part*p.t.Seconds[i]
}

// span returns the time of tasks [a, b).
func (p prefix) span(a, b int) float64 {
	if b <= a {
		return 0
	}
	return p.at(b) - p.at(a)
}
