package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/workloads"
)

// TestListSaysWhatCrosses checks that list and list --json say, for every
// workload, what crosses the process boundary for a task and how.
func TestListSaysWhatCrosses(t *testing.T) {
	code, text, stderr := runCmd(t, "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	code, js, stderr := runCmd(t, "list", "--json")
	if code != 0 {
		t.Fatalf("list --json: exit %d: %s", code, stderr)
	}
	var entries []listEntry
	if err := json.Unmarshal([]byte(js), &entries); err != nil {
		t.Fatal(err)
	}
	byName := map[string]listCrossing{}
	for _, e := range entries {
		byName[e.Name] = e.Crossing
	}
	for _, s := range workloads.All() {
		c, ok := byName[s.Name]
		if !ok || c.To == "" || (s.Kernel != nil && c.Back == "") {
			t.Errorf("%s: list --json crossing %+v, want where a task's input and result go", s.Name, c)
			continue
		}
		if !strings.Contains(text, "to a worker, per task: "+c.To+"\n") ||
			(c.Back != "" && !strings.Contains(text, "back, per task: "+c.Back+"\n")) {
			t.Errorf("%s: list does not print %q and %q", s.Name, c.To, c.Back)
		}
	}
	want := map[string]listCrossing{
		"pi": {Input: "parameters only: its number and point count (16 bytes)", Result: "the points inside (8 bytes)",
			To: "parameters only: its number and point count (16 bytes); through a pipe (processes), or copied into " +
				"a shared segment at the start of every point (shm)",
			Back: "the points inside (8 bytes); in a shared result slot (shm) or through the pipe (processes)"},
		"det": {
			Input:  "its run of 10×10 matrices of int8 (100 bytes each)",
			Result: "their determinants (8 bytes each)",
			Shared: true,
			To: "its run of 10×10 matrices of int8 (100 bytes each); shm builds the input once in shared memory " +
				"and sends only where the task's part lies, processes sends the part through a pipe",
			Back: "their determinants (8 bytes each); in a shared result slot (shm) or through the pipe (processes)",
		},
		"counter": {To: "nothing: its tasks run only in this process"},
	}
	for name, w := range want {
		if byName[name] != w {
			t.Errorf("%s: crossing\n got %+v\nwant %+v", name, byName[name], w)
		}
	}
}

// TestReadmeNamesSharedInputs checks that docs/workloads.md's list of the
// workloads whose input shm builds in shared memory is the catalog's.
func TestReadmeNamesSharedInputs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "workloads.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	var names []string
	for _, s := range workloads.All() {
		if s.Crossing.Shared {
			names = append(names, "`"+s.Name+"`")
		}
	}
	want := "A workload whose input is a block of data (" + strings.Join(
		names,
		", ",
	) + ") builds it directly in the segment"
	if !strings.Contains(text, want) {
		t.Errorf("docs/workloads.md does not say %q", want)
	}
}
