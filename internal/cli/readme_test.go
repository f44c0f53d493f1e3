package cli

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// firstScreen returns the commands of the README's code blocks before its
// "## Set up": the three uses a newcomer sees first.
func firstScreen(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text, _, ok := strings.Cut(string(b), "\n## Set up")
	if !ok {
		t.Fatal(`README.md has no "## Set up" section`)
	}
	var cmds []string
	in := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "```"):
			in = !in
		case in && line != "":
			cmds = append(cmds, line)
		}
	}
	return cmds
}

var makeTarget = regexp.MustCompile(`^make ([a-z-]+)$`)

// TestReadmeFirstScreen runs every command of the README's first screen,
// as written, in a folder of its own where bin/scalebench is this
// repository's build and examples/ its examples, and checks that each
// succeeds and writes what its -o names.
func TestReadmeFirstScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("measures for about a minute")
	}
	t.Parallel()
	cmds := firstScreen(t)
	if len(cmds) < 4 {
		t.Fatalf("README's first screen has %d commands, want the three uses: %q", len(cmds), cmds)
	}
	dir := setUpReadmeDir(t)
	for _, c := range cmds {
		if m := makeTarget.FindStringSubmatch(c); m != nil {
			checkMakeTarget(t, m[1])
			continue
		}
		if !strings.HasPrefix(c, "bin/scalebench ") {
			t.Errorf("README command %q: want bin/scalebench or make", c)
			continue
		}
		if strings.Contains(c, "python3") && !haveTool(t, "python3") {
			continue
		}
		runReadmeCommand(t, dir, c)
	}
}

// setUpReadmeDir makes a folder with bin/scalebench and examples/.
func setUpReadmeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(buildBinary(t), filepath.Join(dir, "bin", "scalebench")); err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(examples, filepath.Join(dir, "examples")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// haveTool says whether a program is on PATH; in CI it must be.
func haveTool(t *testing.T, name string) bool {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed in CI: %v", name, err)
		}
		t.Logf("skipping the README's commands with %s: %v", name, err)
		return false
	}
	return true
}

func checkMakeTarget(t *testing.T, target string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:`).Match(b) {
		t.Errorf("README says make %s, but the Makefile has no such target", target)
	}
}

// runReadmeCommand runs one command line with sh, as a reader would paste
// it. compare may exit 1 on unchanged code when the machine's noise makes
// a regression; anything else must exit 0.
func runReadmeCommand(t *testing.T, dir, c string) {
	t.Helper()
	cmd := exec.Command("sh", "-c", c)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s: %.1f s", c, time.Since(start).Seconds())
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1 && strings.Contains(c, " compare ") &&
		strings.Contains(string(out), "scaling got worse"):
		t.Logf("%s: a regression on unchanged code, from noise:\n%s", c, out)
	default:
		t.Fatalf("README command %q: %v\n%s", c, err, out)
	}
	f := strings.Fields(c)
	for i, a := range f[:len(f)-1] {
		if a == "-o" {
			if _, err := os.Stat(filepath.Join(dir, f[i+1])); err != nil {
				t.Errorf("README command %q wrote no %s: %v", c, f[i+1], err)
			}
		}
	}
}
