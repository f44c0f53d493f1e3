package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// truncated or trailing data, and invalid times.
func Decode(r io.Reader) (*Document, error) {
	dec := json.NewDecoder(r)
	var d Document
	if err := dec.Decode(&d); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("truncated JSON: %w", io.ErrUnexpectedEOF)
		}
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the document")
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
// either the old or the new document, never a partial one.
func WriteFile(path string, d *Document) error {
	var buf bytes.Buffer
	if err := Encode(&buf, d); err != nil {
		return err
	}
	return WriteAtomic(path, buf.Bytes())
}

// WriteAtomic replaces path with data through a temporary file and a rename.
func WriteAtomic(path string, data []byte) (err error) {
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
