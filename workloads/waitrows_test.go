package workloads

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRowWaits(t *testing.T) {
	ms := time.Millisecond
	got := RowWaits(8, 2*ms, 2, 4, 4)
	// Row r waits 2 ms·(1 + 2r/8), rows 0 and 4 four times that.
	want := []time.Duration{8 * ms, 2500 * time.Microsecond, 3 * ms, 3500 * time.Microsecond,
		16 * ms, 4500 * time.Microsecond, 5 * ms, 5500 * time.Microsecond}
	if !slices.Equal(got, want) {
		t.Errorf("RowWaits = %v, want %v", got, want)
	}
	if got := RowWaits(3, ms, 0, 0, 9); !slices.Equal(got, []time.Duration{ms, ms, ms}) {
		t.Errorf("even rows, no heavy ones: %v", got)
	}
}

func TestWaitrowsParams(t *testing.T) {
	spec, _ := Lookup("waitrows")
	for _, c := range []struct {
		params map[string]string
		size   int64
		want   string
	}{
		{map[string]string{"row-wait": "soon"}, 4, `--row-wait "soon"`},
		{map[string]string{"row-wait": "2h"}, 4, `--row-wait "2h"`},
		{map[string]string{"row-growth": "-1"}, 4, `--row-growth "-1"`},
		{map[string]string{"row-growth": "NaN"}, 4, `--row-growth "NaN"`},
		{map[string]string{"heavy-every": "x"}, 4, `--heavy-every "x"`},
		{map[string]string{"heavy-factor": "1e9"}, 4, `--heavy-factor "1e9"`},
		{nil, 0, `--size "0"`},
	} {
		params, err := spec.Resolve(c.params)
		if err != nil {
			t.Fatal(err)
		}
		_, err = spec.New(Config{Size: c.size, Params: params})
		if !IsUsage(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v, size %d: %v, want a usage error naming %s", c.params, c.size, err, c.want)
		}
	}
}
