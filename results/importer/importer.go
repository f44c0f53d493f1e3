// Package importer reads measurements made elsewhere into a
// results.Document: a scalebench result file, a CSV table, the output of
// `go test -bench` run with -cpu, or a hyperfine JSON export of a parameter
// scan. The format is recognised from the content unless given.
//
// Input that cannot be read is an *Error naming the file and, where one
// applies, the line; so is input past the limits of one input
// (results.MaxInputBytes, MaxLineBytes, MaxSeries, MaxSamplesPerPoint),
// which ReadFrom finds while reading.
package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/scalebench/scalebench/results"
)

// Format names.
const (
	JSON      = "json"      // a scalebench/v1 result file
	CSV       = "csv"       // a table with workers and seconds or throughput columns
	GoBench   = "gobench"   // `go test -bench` output
	Hyperfine = "hyperfine" // `hyperfine --export-json` of a parameter scan
)

// bom is the UTF-8 byte order mark.
var bom = []byte("\ufeff")

// Formats lists the format names Read accepts, in the order of the help.
var Formats = []string{JSON, CSV, GoBench, Hyperfine}

// Options control Read.
type Options struct {
	// Format is one of Formats; "" detects it from the content.
	Format string
	// Param names the hyperfine parameter that holds the worker count;
	// "" takes "workers", or the only parameter present.
	Param string
	// CPUs is the CPU count assumed for go test and hyperfine input that
	// records none, usually the CPUs the reading machine can use; the
	// document's Env.CPUsAssumed then says so. 0 leaves the count unknown
	// (every point fitted). CSV input is not affected: it marks its
	// oversubscribed points itself.
	CPUs int
}

// Error is input that cannot be read: File:Line: Msg. Line is 0 when the
// problem is not on one line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

func errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Read decodes data, the content of the file called name ("-" is shown as
// "stdin"), into a document; a leading UTF-8 byte order mark is ignored. Data longer than results.MaxInputBytes, with
// a NUL byte, or past another limit is an *Error; ReadFrom reads a file
// within the limits.
func Read(name string, data []byte, opt Options) (*results.Document, error) {
	file := displayName(name)
	if int64(len(data)) > maxInputBytes {
		return nil, &Error{File: file, Msg: results.TooLarge(maxInputBytes).Error()}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, errNUL(file, i)
	}
	// A UTF-8 byte order mark, as some editors write one, is no content.
	data = bytes.TrimPrefix(data, bom)
	format := opt.Format
	if format == "" {
		format = Detect(data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorf(file, 1, "empty input")
	}
	var d *results.Document
	var err error
	switch format {
	case JSON:
		return decodeResult(file, data)
	case CSV:
		return DecodeCSV(file, data)
	case GoBench:
		d, err = DecodeGoBench(file, data)
	case Hyperfine:
		d, err = DecodeHyperfine(file, data, opt.Param)
	default:
		return nil, fmt.Errorf("unknown input format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	if err == nil && d.Env.LogicalCPUs == 0 && opt.CPUs > 0 {
		what := "go test -bench output"
		if format == Hyperfine {
			what = "a hyperfine export"
		}
		d.Env.LogicalCPUs = opt.CPUs
		d.Env.CPUsAssumed = fmt.Sprintf("%s records no CPU count: fitted up to the %d CPUs this machine can use "+
			"(--cpus N gives the count of the machine that measured it)", what, opt.CPUs)
	}
	return d, err
}

// Detect names the format of data, a leading byte order mark ignored:
// JSON objects are a result file when they carry a schema field and a
// hyperfine export when they carry a results array; text with a benchmark
// result line (even one with an iteration count of 0, which the decoder
// refuses) is go test output; anything else is CSV.
func Detect(data []byte) string {
	data = bytes.TrimPrefix(data, bom)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var top map[string]json.RawMessage
		if json.Unmarshal(trimmed, &top) == nil {
			if _, ok := top["results"]; ok {
				if _, ok := top["schema"]; !ok {
					return Hyperfine
				}
			}
		}
		return JSON
	}
	for line := range bytes.Lines(data) {
		// Only a line whose first field starts with Benchmark can be a
		// result line; the test spares a copy of every other line.
		if bytes.HasPrefix(bytes.TrimLeftFunc(line, unicode.IsSpace), []byte("Benchmark")) {
			if _, ok := parseBenchLine(string(line)); ok {
				return GoBench
			}
		}
		if bytes.HasPrefix(line, []byte("goos:")) || bytes.HasPrefix(line, []byte("pkg:")) {
			return GoBench
		}
	}
	return CSV
}

// decodeResult reads a scalebench result file.
func decodeResult(file string, data []byte) (*results.Document, error) {
	d, err := results.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, jsonError(file, data, err)
	}
	if err := checkCounts(d); err != nil {
		return nil, errorf(file, 0, "%v", err)
	}
	return d, nil
}

// jsonError names the line of a JSON syntax or type error.
func jsonError(file string, data []byte, err error) *Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errorf(file, lineAt(data, syn.Offset), "invalid JSON: %v", err)
	case errors.As(err, &typ):
		return errorf(file, lineAt(data, typ.Offset), "%v", err)
	}
	return errorf(file, 0, "%v", err)
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// newDocument is the document of an import: no CPU count, so no Amdahl cut
// unless the caller asks for one.
func newDocument(command string) *results.Document {
	return &results.Document{Schema: results.Schema, Env: results.Env{Command: command}}
}

// baseName is the file name without directory and extension, the series
// name of a file that names none.
func baseName(file string) string {
	b := filepath.Base(file)
	if ext := filepath.Ext(b); ext != "" && ext != b {
		b = strings.TrimSuffix(b, ext)
	}
	return b
}
