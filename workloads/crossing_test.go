package workloads

import (
	"io"
	"slices"
	"testing"
)

// TestCrossing checks that every listed workload says what crosses the
// process boundary for one of its tasks, and that it says the truth about
// its input: Shared exactly when New builds the input as one block with
// Config.Alloc, so that the shm executor can share it instead of copying.
func TestCrossing(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			c := s.Crossing
			if s.Kernel == nil {
				if c != (Crossing{}) {
					t.Fatalf("Crossing %+v for a workload that runs only in this process", c)
				}
				return
			}
			if c.Input == "" || c.Result == "" {
				t.Fatalf("Crossing %+v: a workload with a Kernel says what a task sends and gets", c)
			}
			i := slices.IndexFunc(catalog, func(cc catalogCase) bool { return cc.name == s.Name })
			if i < 0 {
				t.Fatalf("no catalog case to check its Crossing with")
			}
			cc := catalog[i]
			var blocks [][]byte
			alloc := func(n int) ([]byte, error) {
				b := make([]byte, n)
				blocks = append(blocks, b)
				return b, nil
			}
			params, err := s.Resolve(cc.params)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := s.New(Config{Size: cc.size, Seed: 1, Params: params, Alloc: alloc})
			if err != nil {
				t.Fatal(err)
			}
			if cl, ok := inst.(io.Closer); ok {
				defer cl.Close()
			}
			in := inst.(Portable).Input()
			allocated := len(blocks) == 1 && len(in) == len(blocks[0]) && len(in) > 0 && &in[0] == &blocks[0][0]
			if allocated != c.Shared {
				t.Errorf("Crossing.Shared is %v, but the input of %d bytes is built with Alloc: %v", c.Shared, len(in), allocated)
			}
		})
	}
}
