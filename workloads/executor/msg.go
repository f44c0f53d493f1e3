package executor

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// The worker protocol. A worker process is the program itself started
// again with workerEnv=1; it reads commands from descriptor 3 and writes
// replies to descriptor 4. In shm mode descriptor 5 is the input segment
// and descriptor 6 the result segment. Every message starts with one kind
// byte; integers are little-endian.
//
//	parent → worker
//	  H u32 len, JSON hello                      once, first
//	  B u32 count, count × (u32 task, u32 n, n bytes of input)
//	  S u32 count, count × (u32 task, u64 off, u64 n)   (shm: input by place)
//	  Q                                          stop (EOF stops too)
//	worker → parent
//	  Y                                          ready, once, after H
//	  D u32 count, count × (u32 task, u32 n, n bytes of result)   after B
//	  D u32 count                                after S (results in shared slots)
//	  E u32 task, u32 len, message               a failure; the worker exits
//
// A worker answers a batch only after reading all of it, so the parent may
// write a whole batch before reading the reply without deadlocking.
//
// Messages are encoded by message.appendTo and record.appendTo (or an
// encoder, which writes the same bytes to a bufio.Writer) and decoded by a
// decoder, both here. A decoder checks every length it reads against its
// limits before it allocates or reads what follows, so that a corrupt or
// hostile message is an error wrapping errCorrupt, never a panic or a huge
// allocation. The caps are:
//
//   - a hello's JSON: maxHello bytes;
//   - an error's text: maxText bytes (longer text is cut when encoded);
//   - a batch or reply: at most limits.tasks records, each naming a task
//     below limits.tasks;
//   - a record's data: limits.data bytes, the largest task input (worker)
//     or the largest result (parent), which the parent knows exactly;
//   - an S record's input: inside the input segment of limits.input bytes.
//
// A decoder holds at most one record's data at a time, so a worker never
// holds more than one task's input, whatever the size of the batch.
const (
	workerEnv = "SCALEBENCH_WORKER"

	msgHello  = 'H'
	msgBatch  = 'B'
	msgShm    = 'S'
	msgQuit   = 'Q'
	msgReady  = 'Y'
	msgDone   = 'D'
	msgError  = 'E'
	noTask    = 1<<32 - 1 // the task of an error not tied to a task
	slotHead  = 8         // bytes before a result in its shared slot: the length
	fdCommand = 3
	fdReply   = 4
	fdInput   = 5
	fdOutput  = 6

	maxHello   = 1 << 20 // bytes of a hello's JSON
	maxText    = 1 << 16 // bytes of an error message's text
	recordHead = 20      // bytes of the longest record head (S)
)

// errCorrupt is wrapped by every error of a decoder that is not an I/O
// error: the bytes read are not a message of the protocol, or break a
// limit.
var errCorrupt = errors.New("corrupt message")

// hello is what a worker is told once, at start.
type hello struct {
	Workload  string            `json:"workload"`
	Size      int64             `json:"size"`
	Seed      uint64            `json:"seed"`
	Params    map[string]string `json:"params"`
	MaxResult int               `json:"max_result"`
	MaxInput  int               `json:"max_input"` // bytes of the largest task input
	Shm       bool              `json:"shm"`
	InputLen  int               `json:"input_len"`
	Tasks     int               `json:"tasks"`
}

// message is one message of the worker protocol without its records:
// its kind and the fields that follow the kind byte. A batch (B, S) and a
// reply to B (D) are followed by Count records.
type message struct {
	Kind  byte
	Count uint32 // B, S, D: the number of records
	Task  uint32 // E: the failed task, or noTask
	Body  []byte // H: the hello's JSON; E: the error's text
}

// record is one task of a batch or of a reply.
type record struct {
	Task   uint32
	Off, N uint64 // S: where the task's input lies in the input segment
	Data   []byte // B: the task's input; D: its result
}

// limits bound what a decoder accepts; see the protocol above.
type limits struct {
	tasks int    // records in a batch or reply, and the bound of their tasks
	data  int    // bytes of one record's data
	input uint64 // bytes of the input segment, for S records
}

// helloMessage encodes h as an H message. It refuses a pool whose tasks
// or task sizes a message cannot carry.
func helloMessage(h hello) (message, error) {
	if h.Tasks >= noTask || h.MaxInput > math.MaxUint32 || h.MaxResult > math.MaxUint32 {
		return message{}, fmt.Errorf(
			"%d tasks of up to %d bytes of input and %d of result: a message carries fewer than 2^32-1 tasks of less than 4 GiB",
			h.Tasks,
			h.MaxInput,
			h.MaxResult,
		)
	}
	b, err := json.Marshal(h)
	if err != nil {
		return message{}, err
	}
	if len(b) > maxHello {
		return message{}, fmt.Errorf("hello of %d bytes exceeds the maximum %d", len(b), maxHello)
	}
	return message{Kind: msgHello, Body: b}, nil
}

// errorMessage encodes a failure of task as an E message, its text cut to
// maxText bytes.
func errorMessage(task uint32, err error) message {
	text := err.Error()
	return message{Kind: msgError, Task: task, Body: []byte(text[:min(len(text), maxText)])}
}

// appendTo appends the encoding of m to b.
func (m message) appendTo(b []byte) []byte {
	b = append(b, m.Kind)
	switch m.Kind {
	case msgHello:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(m.Body)))
		b = append(b, m.Body...)
	case msgBatch, msgShm, msgDone:
		b = binary.LittleEndian.AppendUint32(b, m.Count)
	case msgError:
		b = binary.LittleEndian.AppendUint32(b, m.Task)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(m.Body)))
		b = append(b, m.Body...)
	}
	return b
}

// appendHead appends the head of r, a record of a message of kind, to b:
// everything but its data, which follows it.
func (r record) appendHead(b []byte, kind byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, r.Task)
	if kind == msgShm {
		b = binary.LittleEndian.AppendUint64(b, r.Off)
		return binary.LittleEndian.AppendUint64(b, r.N)
	}
	return binary.LittleEndian.AppendUint32(b, uint32(len(r.Data)))
}

// appendTo appends the encoding of r, a record of a message of kind, to b.
func (r record) appendTo(b []byte, kind byte) []byte {
	return append(r.appendHead(b, kind), r.Data...)
}

// encoder writes messages to a bufio.Writer, which keeps a failed write
// and returns it from Flush. n counts the bytes written.
type encoder struct {
	w    *bufio.Writer
	n    int64
	head [recordHead]byte
}

func (e *encoder) message(m message) {
	e.write(m.appendTo(e.head[:0]))
}

// record writes r, a record of a message of kind; its data is copied
// once, into the writer's buffer.
func (e *encoder) record(kind byte, r record) {
	e.write(r.appendHead(e.head[:0], kind))
	if len(r.Data) > 0 {
		e.write(r.Data)
	}
}

func (e *encoder) write(b []byte) {
	_, _ = e.w.Write(b)
	e.n += int64(len(b))
}

func (e *encoder) flush() error { return e.w.Flush() }

// decoder reads messages from a bufio.Reader within its limits; the
// reader's buffer must hold a record's head, recordHead bytes (bufio's
// default holds 4096). n counts the bytes read.
type decoder struct {
	r   *bufio.Reader
	lim limits
	n   int64
}

// message reads the next message but its records. Its Body is a new
// slice.
func (d *decoder) message() (message, error) {
	kind, err := d.r.ReadByte()
	if err != nil {
		return message{}, err
	}
	d.n++
	m := message{Kind: kind}
	switch kind {
	case msgQuit, msgReady:
	case msgBatch, msgShm, msgDone:
		h, err := d.read(4)
		if err != nil {
			return m, err
		}
		m.Count = binary.LittleEndian.Uint32(h)
		if uint64(m.Count) > uint64(max(d.lim.tasks, 0)) {
			return m, fmt.Errorf("%w: %q of %d records, more than the %d tasks", errCorrupt, kind, m.Count, d.lim.tasks)
		}
	case msgHello:
		h, err := d.read(4)
		if err != nil {
			return m, err
		}
		m.Body, err = d.body(binary.LittleEndian.Uint32(h), maxHello)
		return m, err
	case msgError:
		h, err := d.read(8)
		if err != nil {
			return m, err
		}
		m.Task = binary.LittleEndian.Uint32(h)
		m.Body, err = d.body(binary.LittleEndian.Uint32(h[4:]), maxText)
		return m, err
	default:
		return m, fmt.Errorf("%w: unknown kind %q", errCorrupt, kind)
	}
	return m, nil
}

// record reads the next record of a message of kind into r. The data of
// a B or D record is read into r.Data's memory when it fits, else into a
// new slice: a caller that keeps r.Data clears it first.
func (d *decoder) record(kind byte, r *record) error {
	size := 8
	if kind == msgShm {
		size = recordHead
	}
	h, err := d.read(size)
	if err != nil {
		return err
	}
	r.Task = binary.LittleEndian.Uint32(h)
	if uint64(r.Task) >= uint64(max(d.lim.tasks, 0)) {
		return d.corrupt(r, 0)
	}
	if kind == msgShm {
		r.Off, r.N = binary.LittleEndian.Uint64(h[4:]), binary.LittleEndian.Uint64(h[12:])
		if r.Off > d.lim.input || r.N > d.lim.input-r.Off {
			return d.corrupt(r, 0)
		}
		return nil
	}
	n := binary.LittleEndian.Uint32(h[4:])
	if uint64(n) > uint64(max(d.lim.data, 0)) {
		return d.corrupt(r, n)
	}
	if cap(r.Data) < int(n) {
		r.Data = make([]byte, n)
	}
	r.Data = r.Data[:n]
	if n > 0 && int(n) <= d.r.Buffered() {
		_, _ = d.r.Read(r.Data) // from the buffer, all at once
	} else if _, err := io.ReadFull(d.r, r.Data); err != nil {
		return unexpected(err)
	}
	d.n += int64(n)
	return nil
}

// corrupt is the error of record r, which breaks d's limits; n is the
// length of its data. It is apart from record, whose frame stays small.
func (d *decoder) corrupt(r *record, n uint32) error {
	switch {
	case uint64(r.Task) >= uint64(max(d.lim.tasks, 0)):
		return fmt.Errorf("%w: task %d of %d", errCorrupt, r.Task, d.lim.tasks)
	case n > 0:
		return fmt.Errorf("%w: task %d: %d bytes, more than the maximum %d", errCorrupt, r.Task, n, d.lim.data)
	}
	return fmt.Errorf(
		"%w: task %d: input [%d, +%d) outside the segment of %d bytes",
		errCorrupt,
		r.Task,
		r.Off,
		r.N,
		d.lim.input,
	)
}

// hello reads the H message a worker is sent first.
func (d *decoder) hello() (hello, error) {
	var h hello
	m, err := d.message()
	if err != nil {
		return h, fmt.Errorf("read hello: %w", err)
	}
	if m.Kind != msgHello {
		return h, fmt.Errorf("first command is %q, want hello", m.Kind)
	}
	if err := json.Unmarshal(m.Body, &h); err != nil {
		return h, fmt.Errorf("decode hello: %w", err)
	}
	if h.Tasks < 0 || h.MaxInput < 0 || h.MaxResult < 0 || h.InputLen < 0 {
		return h, fmt.Errorf("%w: hello with a negative count: %s", errCorrupt, m.Body)
	}
	return h, nil
}

// body reads a message's body of n bytes, at most limit.
func (d *decoder) body(n uint32, limit int) ([]byte, error) {
	if uint64(n) > uint64(limit) {
		return nil, fmt.Errorf("%w: body of %d bytes, more than the maximum %d", errCorrupt, n, limit)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		return nil, unexpected(err)
	}
	d.n += int64(n)
	return b, nil
}

// read reads the next n ≤ recordHead bytes, valid until the next read.
// They are most often in the reader's buffer already: read then neither
// copies them nor calls the reader.
func (d *decoder) read(n int) ([]byte, error) {
	b, err := d.r.Peek(n)
	if err != nil {
		return nil, unexpected(err)
	}
	_, _ = d.r.Discard(n) // n bytes are buffered: it cannot fail
	d.n += int64(n)
	return b, nil
}

// unexpected turns io.EOF inside a message into io.ErrUnexpectedEOF: only
// the end of input before a message's kind byte is a clean end.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
