package workloads

import (
	"encoding/binary"
	"fmt"
	"math"
)

func init() {
	Register(&Spec{
		Name: "rowgrid",
		Description: "a rows×cols float grid in shared memory; tasks of a few rows from a queue, each cell " +
			"incremented many times (task queue, load imbalance)",
		Unit: "updates",
		Crossing: Crossing{
			Input:  "parameters only: its first row, rows, columns, increments, the grid's rows and shape (48 bytes)",
			Result: "its rows (8 bytes a cell)",
		},
		Quick:    200_000_000,
		Full:     2_000_000_000,
		Schedule: "dynamic",
		Chunk:    1,
		Params: []Param{
			{
				Name:    "rows",
				Default: "46",
				Help:    "rows of the grid (the seed's 10 rows make 4 tasks of 3, 3, 3 and 1 rows)",
			},
			{Name: "cols", Default: "10", Help: "columns of the grid"},
			{Name: "rows-per-task", Default: "3", Help: "rows per task; the last task takes what is left"},
			{Name: "shape", Default: "rectangle", Values: shapeNames[:],
				Help: "rectangle: every row has every column; triangle: row r has the last cols·(1 − r/rows) columns, " +
					"so the first rows hold the most work; parabola: the last cols·(1 − r/rows)², steeper still"},
		},
		New:    newRowgrid,
		Memory: rowgridMemory,
		Kernel: func(Config) (Kernel, error) {
			pool := newScratchPool(func() *[]float64 { return new([]float64) })
			return func(in, out []byte) ([]byte, error) {
				v, err := U64s(in, 6)
				if err != nil {
					return out, fmt.Errorf("rowgrid task: %w", err)
				}
				sp := span{row: int(v[0]), n: int(v[1]), cols: int(v[2]), rows: int(v[4]), shape: shape(v[5])}
				incs, n, cols := int64(v[3]), sp.n, sp.cols
				if n*cols > 1<<26 || sp.rows > 1<<20 || sp.row+n > sp.rows || sp.shape >= shapes {
					return out, fmt.Errorf("rowgrid task: rows %d+%d of %d, %d columns, shape %d is out of range",
						sp.row, n, sp.rows, cols, sp.shape)
				}
				bp := pool.get()
				defer pool.put(bp)
				if cap(*bp) < n*cols+cols {
					*bp = make([]float64, n*cols+cols)
				}
				buf := (*bp)[:n*cols+cols]
				clear(buf)
				incRows(nil, buf[:n*cols], buf[n*cols:], sp, incs)
				for _, x := range buf[:n*cols] {
					out = binary.LittleEndian.AppendUint64(out, math.Float64bits(x))
				}
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*rowgrid)(nil)

// rowgrid is the seed's shared grid: cell (r, c) starts at zero and is
// incremented by 0.000001·c + r, incs times. A task takes rows-per-task
// rows; the tasks write their rows of the one shared grid, each adding
// up its rows in its worker's own scratch area first: rows of adjacent
// tasks share a cache line (80 bytes a row of the default 10 columns),
// and two workers incrementing cells of one line in place spent 23% more
// CPU time on 2 workers than one worker did (false sharing). Each cell sees
// the same additions in the same order in the serial run and in any task,
// so the grids are bit-identical. In a triangle, row r has only the cells
// from column r·cols/rows on (the others stay zero), so the work of a row
// falls from the first row to the last: a block split gives the first
// worker the most. Size is the number of cell updates, incs times the
// cells updated (rounded down to a multiple of them).
type rowgrid struct {
	stop                   *Stop
	rows, cols, per, tasks int
	shape                  shape
	incs                   int64
	grid, serial           []float64
	scratch                [][]float64 // per worker: a task's rows, then a row of steps
	input                  []byte      // per task: first row, rows, cols, increments, the grid's rows, shape
}

// shape is the outline of a rowgrid's cells.
type shape int

const (
	rectangle shape = iota // every row has every column
	triangle               // row r has the last cols·(1 − r/rows) columns
	parabola               // row r has the last cols·(1 − r/rows)² columns
	shapes                 // the number of shapes
)

// shapeNames are the values of the shape parameter, in the order of the
// shapes.
var shapeNames = [shapes]string{"rectangle", "triangle", "parabola"}

// span is the rows [row, row+n) of a grid of rows×cols cells of a shape.
type span struct {
	row, n, cols, rows int
	shape              shape
}

// first is the first column of row r of the span's grid (integer
// arithmetic, so that the serial run and every task agree).
func (s span) first(r int) int {
	switch s.shape {
	case triangle:
		return r * s.cols / s.rows
	case parabola:
		left := int64(s.rows - r)
		return s.cols - int(int64(s.cols)*left*left/(int64(s.rows)*int64(s.rows)))
	}
	return 0
}

// cells is the number of cells of the span's rows.
func (s span) cells() int64 {
	var n int64
	for r := s.row; r < s.row+s.n; r++ {
		n += int64(s.cols - s.first(r))
	}
	return n
}

// RowgridCells returns the cells of rows [row, row+n) of the rowgrid
// that params describe (rows, cols and shape, as a series records them),
// and of the whole grid: the share of the work those rows hold.
func RowgridCells(params map[string]string, row, n int) (cells, total int64, err error) {
	rows, cols, _, err := rowgridParams(Config{Params: params})
	if err != nil {
		return 0, 0, err
	}
	sh := shapeOf(params["shape"])
	row = min(max(row, 0), rows)
	sp := span{row: row, n: min(max(n, 0), rows-row), cols: cols, rows: rows, shape: sh}
	return sp.cells(), span{n: rows, cols: cols, rows: rows, shape: sh}.cells(), nil
}

// shapeOf is the shape of its name; rectangle for any other.
func shapeOf(name string) shape {
	for i, s := range shapeNames {
		if s == name {
			return shape(i)
		}
	}
	return rectangle
}

// rowgridParams reads and checks the parameters of rowgrid.
func rowgridParams(c Config) (rows, cols, per int, err error) {
	get := func(name string, lo, hi int64) (int, error) {
		v, err := c.Int(name)
		if err != nil || v < lo || v > hi {
			return 0, &ParamError{
				Workload: "rowgrid",
				Param:    name,
				Value:    c.Params[name],
				Want:     fmt.Sprintf("an integer between %d and %d", lo, hi),
			}
		}
		return int(v), nil
	}
	if rows, err = get("rows", 1, 1<<20); err != nil {
		return 0, 0, 0, err
	}
	if cols, err = get("cols", 1, 1<<20); err != nil {
		return 0, 0, 0, err
	}
	if per, err = get("rows-per-task", 1, int64(rows)); err != nil {
		return 0, 0, 0, err
	}
	if int64(rows)*int64(cols) > 1<<26 {
		return 0, 0, 0, &ParamError{
			Workload: "rowgrid",
			Param:    "cols",
			Value:    c.Params["cols"],
			Want:     "at most 2^26 cells in all",
		}
	}
	return rows, cols, per, nil
}

// rowgridMemory is the grid twice and per task its input, and per worker
// a task's rows and a row of steps.
func rowgridMemory(c Config) (Footprint, error) {
	rows, cols, per, err := rowgridParams(c)
	if err != nil {
		return Footprint{}, err
	}
	tasks := (rows + per - 1) / per
	return Footprint{Fixed: int64(16*rows*cols + 48*tasks), PerWorker: int64(8*(per+1)*cols + 2*scratchPad)}, nil
}

func newRowgrid(c Config) (Instance, error) {
	rows, cols, per, err := rowgridParams(c)
	if err != nil {
		return nil, err
	}
	sh := shapeOf(c.Params["shape"])
	cells := span{row: 0, n: rows, cols: cols, rows: rows, shape: sh}.cells()
	if c.Size < cells {
		return nil, &ParamError{
			Workload: "rowgrid",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("at least %d updates (one per cell)", cells),
		}
	}
	g := &rowgrid{
		stop:   c.Stop,
		rows:   rows,
		cols:   cols,
		per:    per,
		shape:  sh,
		tasks:  (rows + per - 1) / per,
		incs:   c.Size / cells,
		grid:   make([]float64, rows*cols),
		serial: make([]float64, rows*cols),
	}
	for t := range g.tasks {
		sp := g.task(t)
		g.input = PutU64s(g.input, uint64(sp.row), uint64(sp.n), uint64(cols), uint64(g.incs), uint64(rows),
			uint64(sh))
	}
	return g, nil
}

// task returns the rows of task t.
func (g *rowgrid) task(t int) span {
	row := t * g.per
	return span{row: row, n: min(g.per, g.rows-row), cols: g.cols, rows: g.rows, shape: g.shape}
}

// incRows adds 0.000001·c + r to every cell of the span's rows, incs
// times, into dst (its n×cols cells). The columns are updated side by
// side, so the independent additions overlap; each cell still sees its
// additions in order. step is a work area of cols values. It gives up
// early, leaving the grid part done, once stop is stopped (checked about
// every rowgridStopEvery updates).
func incRows(stop *Stop, dst, step []float64, sp span, incs int64) {
	for r := range sp.n {
		c0 := sp.first(sp.row + r)
		if c0 >= sp.cols { // a row of a parabola without cells
			continue
		}
		every := max(1, rowgridStopEvery/int64(sp.cols-c0))
		for c := c0; c < sp.cols; c++ {
			step[c] = 0.000001*float64(c) + float64(sp.row+r)
		}
		cells := dst[r*sp.cols+c0 : (r+1)*sp.cols]
		st := step[c0:sp.cols]
		cells = cells[:len(st)]
		for left := incs; left > 0; {
			if stop.Stopped() {
				return
			}
			k := min(left, every)
			left -= k
			for range k {
				for c, s := range st {
					cells[c] += s
				}
			}
		}
	}
}

// rowgridStopEvery is about how many cell updates are done between two
// checks of a Stop (well under a millisecond).
const rowgridStopEvery = 1 << 16

func (g *rowgrid) Input() []byte                   { return g.input }
func (g *rowgrid) TaskInput(task int) (off, n int) { return 48 * task, 48 }

// MaxResult is a task's rows, 8 bytes a cell.
func (g *rowgrid) MaxResult() int { return 8 * g.per * g.cols }

func (g *rowgrid) SetResult(task int, b []byte) error {
	sp := g.task(task)
	if len(b) != 8*sp.n*g.cols {
		return fmt.Errorf("rowgrid task %d result: want %d bytes, got %d", task, 8*sp.n*g.cols, len(b))
	}
	cells := g.grid[sp.row*g.cols : (sp.row+sp.n)*g.cols]
	for i := range cells {
		cells[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return nil
}

func (g *rowgrid) Tasks() int { return g.tasks }

func (g *rowgrid) Serial() {
	clear(g.serial)
	incRows(g.stop, g.serial, make([]float64, g.cols), span{row: 0, n: g.rows, cols: g.cols, rows: g.rows,
		shape: g.shape}, g.incs)
}

func (g *rowgrid) Begin(workers int) {
	for len(g.scratch) < workers {
		// Padded on both sides so that no two workers' areas share a
		// cache line.
		b := make([]float64, (g.per+1)*g.cols+2*scratchPad/8)
		g.scratch = append(g.scratch, b[scratchPad/8:len(b)-scratchPad/8])
	}
	clear(g.grid)
}

// scratchPad is the bytes of padding on either side of a worker's
// scratch area: a cache line.
const scratchPad = 64

func (g *rowgrid) Run(worker, task int) {
	sp := g.task(task)
	w := g.scratch[worker]
	rows := w[:sp.n*g.cols]
	clear(rows)
	incRows(g.stop, rows, w[g.per*g.cols:], sp, g.incs)
	copy(g.grid[sp.row*g.cols:(sp.row+sp.n)*g.cols], rows)
}

func (g *rowgrid) End() {}

func (g *rowgrid) Verify() error {
	for i, v := range g.grid {
		if math.Float64bits(v) != math.Float64bits(g.serial[i]) {
			return fmt.Errorf("rowgrid: cell (%d, %d) is %g, serial run gave %g", i/g.cols, i%g.cols, v, g.serial[i])
		}
	}
	return nil
}

func (g *rowgrid) Note() string {
	last := g.task(g.tasks - 1).n
	of := ""
	if g.shape != rectangle {
		of = " of a " + shapeNames[g.shape]
	}
	if last == g.per {
		return fmt.Sprintf("%d tasks of %d rows%s", g.tasks, g.per, of)
	}
	return fmt.Sprintf("%d tasks of %d rows and one of %d%s", g.tasks-1, g.per, last, of)
}
