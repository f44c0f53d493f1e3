package workloads

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// answer summarizes the serial answer of an instance in one line.
func answer(t *testing.T, inst Instance) string {
	t.Helper()
	h := sha256.New()
	f64 := func(vs []float64) {
		for _, v := range vs {
			h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
		}
	}
	digest := func() string { return fmt.Sprintf("sha256 %x", h.Sum(nil)[:8]) }
	switch x := inst.(type) {
	case *pi:
		return fmt.Sprint(x.serial, " points inside")
	case *synthetic:
		return fmt.Sprintf("checksum %#x", x.serial)
	case *powern:
		return fmt.Sprintf("%d bits, last digits %s", x.serial.BitLen(), lowHex(x.serial))
	case *autocorr2d:
		for _, v := range x.serial {
			h.Write(binary.LittleEndian.AppendUint32(nil, v))
		}
		return fmt.Sprintf("C(0,0) of matrix 0 = %d, %s", x.serial[(matSide-1)*acSide+matSide-1], digest())
	case *fft2:
		for _, v := range x.serial {
			h.Write(binary.LittleEndian.AppendUint64(nil, v))
		}
		return digest()
	case *det:
		f64(x.serial)
		return fmt.Sprintf("det of slice 0 = %g, %s", x.serial[0], digest())
	case *sum:
		return fmt.Sprint("total ", x.serial)
	case *cbrt:
		f64(x.serial)
		return fmt.Sprintf("root of element 0 = %.15g, %s", x.serial[0], digest())
	case *rowgrid:
		f64(x.serial)
		return fmt.Sprintf("last cell %.6f, %s", x.serial[len(x.serial)-1], digest())
	case *counter:
		return fmt.Sprint(x.serial, " increments")
	case *images:
		h.Write(x.serial)
		return fmt.Sprintf("%d images of %d×%d, %s", len(x.files), x.w, x.h, digest())
	case *outer:
		f64(x.serial)
		return fmt.Sprintf("Σb of task 0 = %.6f, %s", x.serial[0], digest())
	case *sleep, *noop, *waitrows:
		return fmt.Sprint(inst.Tasks(), " tasks")
	}
	t.Fatalf("no answer for %T", inst)
	return ""
}

// TestSerialGolden pins the serial answer of every workload at its test
// size: the inputs are generated from the seed, so a change here means
// that the same command line no longer measures the same work.
func TestSerialGolden(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		// Other architectures may fuse multiply-adds and round differently.
		t.Skip("the golden answers are those of amd64")
	}
	var b strings.Builder
	for _, c := range catalog {
		_, inst := c.build(t, 1)
		inst.Serial()
		fmt.Fprintf(&b, "%s: %s\n", c.label(), answer(t, inst))
	}
	golden := filepath.Join("testdata", "serial.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		if err := os.WriteFile(golden+".got", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("serial answers differ from %s; see %s.got (go test -update accepts them)", golden, golden)
	}
}
