package cli

import (
	"strings"
	"testing"
)

// TestErrQuietExitsOne pins what errQuiet's comment says: its message is
// printed as one line and the status is 1.
func TestErrQuietExitsOne(t *testing.T) {
	var b strings.Builder
	code := exitCode(errQuiet{"run failed: see the points marked failed or not verified"}, &b)
	if want := "scalebench: run failed: see the points marked failed or not verified\n"; code != 1 || b.String() != want {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, b.String(), want)
	}
}
