package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// ErrSchema is returned by Decode for a document of another schema.
var ErrSchema = errors.New("not a " + Schema + " document")

// Encode writes d as indented JSON.
func Encode(w io.Writer, d *Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// Decode reads and validates one document. It rejects another schema,
// truncated or trailing data, invalid times, and more than MaxInputBytes
// of input (ErrTooLarge), which it stops reading at.
func Decode(r io.Reader) (*Document, error) {
	lr := LimitReader(r, maxInputBytes)
	dec := json.NewDecoder(lr)
	var d Document
	if err := dec.Decode(&d); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("truncated JSON: %w", io.ErrUnexpectedEOF)
		}
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the document")
	}
	// Only white space is left: read it, to hold the limit to all of r.
	if _, err := io.Copy(io.Discard, lr); errors.Is(err, ErrTooLarge) {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// Validate checks the schema and every sample of d.
func (d *Document) Validate() error {
	if d.Schema != Schema {
		if d.Schema == "" {
			return fmt.Errorf("%w (no schema field)", ErrSchema)
		}
		return fmt.Errorf("%w (schema %q)", ErrSchema, d.Schema)
	}
	for i, s := range d.Series {
		name := fmt.Sprintf("series %d (%s)", i, s.Workload)
		if s.Serial != nil {
			if err := checkSamples(s.Serial.SamplesS); err != nil {
				return fmt.Errorf("%s: serial: %w", name, err)
			}
			if err := s.Serial.Passes.check(len(s.Serial.SamplesS)); err != nil {
				return fmt.Errorf("%s: serial: %w", name, err)
			}
		}
		if s.TaskTimes != nil {
			if err := s.TaskTimes.check(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		for _, p := range s.Points {
			if p.Workers < 1 {
				return fmt.Errorf("%s: workers %d: must be at least 1", name, p.Workers)
			}
			if err := checkSamples(p.SamplesS); err != nil {
				return fmt.Errorf("%s: workers %d: %w", name, p.Workers, err)
			}
			if err := checkSamples(p.Throughput); err != nil {
				return fmt.Errorf("%s: workers %d: throughput: %w", name, p.Workers, err)
			}
			if err := p.Passes.check(max(len(p.SamplesS), len(p.Throughput))); err != nil {
				return fmt.Errorf("%s: workers %d: %w", name, p.Workers, err)
			}
		}
	}
	return nil
}

// check checks that the rounds and ledgers, when given, are one per
// sample of n, and the rounds not negative.
func (p Passes) check(n int) error {
	if len(p.Rounds) != 0 && len(p.Rounds) != n {
		return fmt.Errorf("%d rounds for %d samples: want one per sample", len(p.Rounds), n)
	}
	if len(p.Ledger) != 0 && len(p.Ledger) != n {
		return fmt.Errorf("%d ledgers for %d samples: want one per sample", len(p.Ledger), n)
	}
	for _, r := range p.Rounds {
		if r < 0 {
			return fmt.Errorf("round %d: must not be negative", r)
		}
	}
	return nil
}

func checkSamples(xs []float64) error {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return fmt.Errorf("invalid sample %v: samples must be finite and not negative", x)
		}
	}
	return nil
}

// ReadFile reads and validates the document at path; errors name the file.
func ReadFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// WriteFile writes d to path atomically: a temporary file in the same
// directory is written, synced and renamed over path, so a reader sees
// either the old or the new document, never a partial one. It refuses a
// path that exists and is not a regular file (see WriteAtomic).
func WriteFile(path string, d *Document) error {
	var buf bytes.Buffer
	if err := Encode(&buf, d); err != nil {
		return err
	}
	return WriteAtomic(path, buf.Bytes())
}

// ErrNotRegular is returned by WriteAtomic for a path that exists and is
// not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// CheckRegular returns nil when path does not exist or is a regular file.
// Anything else (a symbolic link, a directory, a device, a named pipe, a
// socket) is an error wrapping ErrNotRegular that says what it is ("is a
// named pipe, not a regular file"); a link itself is checked, not what it
// points to.
func CheckRegular(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode().IsRegular():
		return nil
	}
	return fmt.Errorf("is %s, %w", kind(fi.Mode()), ErrNotRegular)
}

// kind names the type of a file mode: "a directory", "a symbolic link",
// "a named pipe", "a socket", "a device", "a regular file".
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// WriteAtomic replaces path with data through a temporary file and a
// rename. A path that exists and is not a regular file (CheckRegular) is
// left alone and an error returned: a rename would replace a device, a
// pipe or a symbolic link by a regular file.
func WriteAtomic(path string, data []byte) (err error) {
	if err := CheckRegular(path); err != nil {
		return fmt.Errorf("%q %w; not replacing it", path, err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
