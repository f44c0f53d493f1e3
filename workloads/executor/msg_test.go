package executor

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/workloads"
)

// frame is a message with its records, as a test decodes a stream.
type frame struct {
	message
	records []record
}

// fuzzLimits are the limits of the decoders in the tests.
var fuzzLimits = limits{tasks: 64, data: 256, input: 4096}

// decodeAll decodes the messages of b up to the first error; a reply D
// has records unless shm. used is the length of the messages decoded.
func decodeAll(b []byte, lim limits, shm bool) (frames []frame, used int, err error) {
	d := &decoder{r: bufio.NewReader(bytes.NewReader(b)), lim: lim}
	for {
		m, err := d.message()
		if err == io.EOF {
			return frames, used, nil
		}
		if err != nil {
			return frames, used, err
		}
		f := frame{message: m}
		if m.Kind == msgBatch || m.Kind == msgShm || (m.Kind == msgDone && !shm) {
			for range m.Count {
				var r record
				if err := d.record(m.Kind, &r); err != nil {
					return frames, used, err
				}
				f.records = append(f.records, r)
			}
		}
		frames = append(frames, f)
		used = int(d.n)
	}
}

// encodeAll encodes frames as the worker does, appending to a slice.
func encodeAll(frames []frame) []byte {
	var b []byte
	for _, f := range frames {
		b = f.appendTo(b)
		for _, r := range f.records {
			b = r.appendTo(b, f.Kind)
		}
	}
	return b
}

// writeAll encodes frames as the parent does, through an encoder.
func writeAll(frames []frame) ([]byte, int64) {
	var buf bytes.Buffer
	e := &encoder{w: bufio.NewWriterSize(&buf, 16)}
	for _, f := range frames {
		e.message(f.message)
		for _, r := range f.records {
			e.record(f.Kind, r)
		}
	}
	if err := e.flush(); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return buf.Bytes(), e.n
}

func equalFrames(a, b []frame) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Kind != y.Kind || x.Count != y.Count || x.Task != y.Task || !bytes.Equal(x.Body, y.Body) ||
			len(x.records) != len(y.records) {
			return false
		}
		for j := range x.records {
			r, s := x.records[j], y.records[j]
			if r.Task != s.Task || r.Off != s.Off || r.N != s.N || !bytes.Equal(r.Data, s.Data) {
				return false
			}
		}
	}
	return true
}

// sampleFrames is one message of every kind.
func sampleFrames(t testing.TB) []frame {
	t.Helper()
	hm, err := helloMessage(
		hello{
			Workload:  "faulty",
			Size:      4,
			Params:    map[string]string{"fault": "none"},
			Tasks:     4,
			MaxInput:  16,
			MaxResult: 8,
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	return []frame{
		{message: hm},
		{message: message{Kind: msgReady}},
		{message: message{Kind: msgBatch, Count: 2}, records: []record{{Task: 1, Data: []byte("abc")}, {Task: 3}}},
		{
			message: message{Kind: msgDone, Count: 2},
			records: []record{{Task: 1, Data: []byte{9, 8}}, {Task: 3, Data: []byte{7}}},
		},
		{message: message{Kind: msgShm, Count: 1}, records: []record{{Task: 2, Off: 100, N: 28}}},
		{message: errorMessage(3, errors.New("faulty: error in task 3"))},
		{message: errorMessage(noTask, errors.New("no kernel"))},
		{message: message{Kind: msgQuit}},
	}
}

// TestWireFormat pins the bytes of every kind of message to the layout
// documented in msg.go.
func TestWireFormat(t *testing.T) {
	for _, tc := range []struct {
		f    frame
		want string // hex
	}{
		{frame{message: message{Kind: msgHello, Body: []byte("{}")}}, "48" + "02000000" + "7b7d"},
		{frame{message: message{Kind: msgBatch, Count: 2}, records: []record{{Task: 1, Data: []byte("ab")}, {Task: 258}}},
			"42" + "02000000" + "01000000" + "02000000" + "6162" + "02010000" + "00000000"},
		{frame{message: message{Kind: msgShm, Count: 1}, records: []record{{Task: 5, Off: 16, N: 8}}},
			"53" + "01000000" + "05000000" + "1000000000000000" + "0800000000000000"},
		{frame{message: message{Kind: msgDone, Count: 1}, records: []record{{Task: 0, Data: []byte{0xff}}}},
			"44" + "01000000" + "00000000" + "01000000" + "ff"},
		{frame{message: message{Kind: msgDone, Count: 3}}, "44" + "03000000"},
		{frame{message: errorMessage(7, errors.New("no"))}, "45" + "07000000" + "02000000" + "6e6f"},
		{frame{message: message{Kind: msgQuit}}, "51"},
		{frame{message: message{Kind: msgReady}}, "59"},
	} {
		got := hex.EncodeToString(encodeAll([]frame{tc.f}))
		if got != tc.want {
			t.Errorf("%q encodes as %s, want %s", tc.f.Kind, got, tc.want)
		}
		if w, _ := writeAll([]frame{tc.f}); hex.EncodeToString(w) != tc.want {
			t.Errorf("%q is written as %x, want %s", tc.f.Kind, w, tc.want)
		}
	}
}

func TestWireRoundTrip(t *testing.T) {
	frames := sampleFrames(t)
	for _, shm := range []bool{false, true} {
		b := encodeAll(frames)
		if shm {
			frames[3].records = nil // a reply to S has no records
			b = encodeAll(frames)
		}
		got, used, err := decodeAll(b, fuzzLimits, shm)
		if err != nil || used != len(b) || !equalFrames(got, frames) {
			t.Errorf(
				"shm=%v: decode(encode(m)) = %+v, %d of %d bytes, %v; want %+v",
				shm,
				got,
				used,
				len(b),
				err,
				frames,
			)
		}
	}
}

func TestErrorMessageCut(t *testing.T) {
	m := errorMessage(1, errors.New(strings.Repeat("x", 3*maxText)))
	got, _, err := decodeAll(m.appendTo(nil), fuzzLimits, false)
	if err != nil || len(got) != 1 || len(got[0].Body) != maxText {
		t.Errorf("a long error decodes as %d messages, %v", len(got), err)
	}
}

// TestDecoderRefusesHostile feeds messages whose lengths break the limits:
// each must be a corrupt-message error, found before anything is
// allocated for the claimed length.
func TestDecoderRefusesHostile(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      string
	}{
		{"hello of 4 GiB", "48" + "ffffffff", "body of 4294967295 bytes"},
		{"error of 4 GiB", "45" + "00000000" + "ffffffff", "body of 4294967295 bytes"},
		{"batch of 2^32-1 tasks", "42" + "ffffffff", "4294967295 records"},
		{"input of 4 GiB", "42" + "01000000" + "00000000" + "ffffffff", "4294967295 bytes, more than the maximum 256"},
		{"result of 257 bytes", "44" + "01000000" + "00000000" + "01010000", "257 bytes, more than the maximum 256"},
		{"task out of range", "42" + "01000000" + "40000000" + "00000000", "task 64 of 64"},
		{"shm offset wraps", "53" + "01000000" + "00000000" + "0100000000000000" + "ffffffffffffffff", "outside the segment"},
		{"shm past the segment", "53" + "01000000" + "00000000" + "0010000000000000" + "0100000000000000", "outside the segment"},
		{"unknown kind", "5a", "unknown kind 'Z'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := hex.DecodeString(tc.hex)
			if err != nil {
				t.Fatal(err)
			}
			var err2 error
			alloc := allocated(func() { _, _, err2 = decodeAll(b, fuzzLimits, false) })
			if !errors.Is(err2, errCorrupt) || !strings.Contains(err2.Error(), tc.want) {
				t.Errorf("decode = %v, want a corrupt message error containing %q", err2, tc.want)
			}
			if alloc > 1<<20 {
				t.Errorf("decode allocated %d bytes", alloc)
			}
		})
	}
}

func TestDecoderTruncated(t *testing.T) {
	b := encodeAll(sampleFrames(t))
	for n := range len(b) {
		frames, used, err := decodeAll(b[:n], fuzzLimits, false)
		if err == nil && used != n {
			t.Fatalf("%d of %d bytes: %d messages, no error", n, len(b), len(frames))
		}
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("%d of %d bytes: %v, want io.ErrUnexpectedEOF", n, len(b), err)
		}
	}
}

// TestServeRefusesHugeInput sends a worker a task claiming 4 GiB of input:
// it must answer with an error, not allocate the 4 GiB.
func TestServeRefusesHugeInput(t *testing.T) {
	spec, _ := workloads.Lookup("faulty")
	params, err := spec.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	hm, err := helloMessage(
		hello{Workload: "faulty", Size: 4, Seed: 7, Params: params, MaxResult: 8, MaxInput: 8, Tasks: 4},
	)
	if err != nil {
		t.Fatal(err)
	}
	cmd := message{Kind: msgBatch, Count: 1}.appendTo(hm.appendTo(nil))
	cmd = append(cmd, 0, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff)
	var reply, stderr bytes.Buffer
	code := 0
	alloc := allocated(func() { code = serve(bytes.NewReader(cmd), &reply, &stderr) })
	if code != 1 {
		t.Errorf("serve = %d, want 1", code)
	}
	if alloc > 1<<20 {
		t.Errorf("serve allocated %d bytes", alloc)
	}
	frames, _, err := decodeAll(reply.Bytes(), fuzzLimits, false)
	want := "read task: corrupt message: task 0: 4294967280 bytes, more than the maximum 8"
	if err != nil || len(frames) != 2 || frames[0].Kind != msgReady || frames[1].Kind != msgError ||
		string(frames[1].Body) != want {
		t.Errorf("reply %+v, %v; want ready, then the error %q", frames, err, want)
	}
}

// allocated is the number of bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzWireMessage decodes arbitrary bytes as messages from both sides.
// Nothing may panic or allocate beyond the limits, and what decodes must
// encode to the very bytes it came from, and decode again to itself.
func FuzzWireMessage(f *testing.F) {
	f.Add(encodeAll(sampleFrames(f)))
	for _, fr := range sampleFrames(f) {
		f.Add(encodeAll([]frame{fr}))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, shm := range []bool{false, true} {
			frames, used, err := decodeAll(b, fuzzLimits, shm)
			if err != nil && !errors.Is(err, errCorrupt) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("decode: %v", err)
			}
			checkLimits(t, frames, fuzzLimits)
			enc := encodeAll(frames)
			if !bytes.Equal(enc, b[:used]) {
				t.Fatalf("encode(decode(b)) = %x, want %x", enc, b[:used])
			}
			if w, n := writeAll(frames); !bytes.Equal(w, enc) || n != int64(len(enc)) {
				t.Fatalf("encoder wrote %x (%d), appendTo %x", w, n, enc)
			}
			again, n, err := decodeAll(enc, fuzzLimits, shm)
			if err != nil || n != len(enc) || !equalFrames(again, frames) {
				t.Fatalf("decode(encode(m)) = %+v, %v; want %+v", again, err, frames)
			}
		}
	})
}

// checkLimits fails unless every decoded message keeps within lim.
func checkLimits(t *testing.T, frames []frame, lim limits) {
	t.Helper()
	for _, f := range frames {
		if cap(f.Body) > maxHello || (f.Kind == msgError && cap(f.Body) > maxText) || int(f.Count) > lim.tasks {
			t.Fatalf("%q message beyond the limits: count %d, body %d", f.Kind, f.Count, cap(f.Body))
		}
		for _, r := range f.records {
			if int(r.Task) >= lim.tasks || cap(r.Data) > lim.data || r.Off+r.N > lim.input {
				t.Fatalf("record beyond the limits: task %d, data %d, [%d, +%d)", r.Task, cap(r.Data), r.Off, r.N)
			}
		}
	}
}

func TestHelloRefusesWhatMessagesCannotCarry(t *testing.T) {
	for _, h := range []hello{{Tasks: noTask}, {Tasks: 1, MaxInput: 1 << 32}, {Tasks: 1, MaxResult: 1 << 32}} {
		if _, err := helloMessage(h); err == nil {
			t.Errorf("helloMessage(%+v) succeeded", h)
		}
	}
	if _, err := helloMessage(hello{Tasks: noTask - 1, MaxInput: 1<<32 - 1, MaxResult: 1<<32 - 1}); err != nil {
		t.Errorf("helloMessage at the limits: %v", err)
	}
}
