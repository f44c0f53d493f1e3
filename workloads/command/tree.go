package command

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// treeInterval is how often a treeWatch samples the process tree.
const treeInterval = 5 * time.Millisecond

// treeWatch samples the resident memory of a process and its descendants
// while it runs, through /proc: the sum of the tree's resident memory at
// each sample, and each process's own high-water mark (VmHWM, which
// counts only the program it runs, not the copy of this process it
// started as). Its peak is the larger of the largest sum and the largest
// single high-water mark; memory held for less than a sampling interval
// may be missed.
type treeWatch struct {
	root int
	done chan struct{}
	wg   sync.WaitGroup
	peak int64 // written by the sampling goroutine until done is closed
}

// watchTree starts sampling the tree of pid, at once and then every
// treeInterval, until stop.
func watchTree(pid int) *treeWatch {
	w := &treeWatch{root: pid, done: make(chan struct{})}
	w.wg.Go(func() {
		w.sample()
		t := time.NewTicker(treeInterval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				w.sample()
			}
		}
	})
	return w
}

// stop ends the sampling and returns the peak in bytes (0 when the tree
// was never seen).
func (w *treeWatch) stop() int64 {
	close(w.done)
	w.wg.Wait()
	return w.peak
}

// sample adds one sample of the tree.
func (w *treeWatch) sample() {
	var sum int64
	for _, pid := range descendants(w.root) {
		rss, hwm, ok := procMemory(pid)
		if !ok {
			continue
		}
		sum += rss
		w.peak = max(w.peak, hwm)
	}
	w.peak = max(w.peak, sum)
}

// descendants returns pid and every process below it, found through
// /proc/PID/task/TID/children; processes that have gone are left out.
func descendants(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out) && i < 1<<16; i++ {
		dir := "/proc/" + strconv.Itoa(out[i]) + "/task/"
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, t := range tasks {
			b, err := os.ReadFile(dir + t.Name() + "/children")
			if err != nil {
				continue
			}
			for f := range strings.FieldsSeq(string(b)) {
				if c, err := strconv.Atoi(f); err == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// procMemory reads the resident memory (VmRSS) and its high-water mark
// (VmHWM) of pid, in bytes, from /proc/PID/status.
func procMemory(pid int) (rss, hwm int64, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, false
	}
	for line := range bytes.Lines(b) {
		name, value, found := bytes.Cut(line, []byte(":"))
		if !found {
			continue
		}
		var dst *int64
		switch string(name) {
		case "VmRSS":
			dst = &rss
		case "VmHWM":
			dst = &hwm
		default:
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(value)), " kB"), 10, 64)
		if err == nil {
			*dst = kb * 1024
			ok = true
		}
	}
	return rss, hwm, ok
}
