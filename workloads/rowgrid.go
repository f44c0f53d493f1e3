package workloads

import (
	"encoding/binary"
	"fmt"
	"math"
)

func init() {
	Register(&Spec{
		Name:        "rowgrid",
		Description: "a rows×cols float grid in shared memory; tasks of a few rows from a queue, each cell incremented many times (task queue, load imbalance)",
		Unit:        "updates",
		Crossing:    Crossing{Input: "parameters only: its first row, rows, columns and increments (32 bytes)", Result: "its rows (8 bytes a cell)"},
		Quick:       200_000_000,
		Full:        2_000_000_000,
		Schedule:    "dynamic",
		Chunk:       1,
		Params: []Param{
			{Name: "rows", Default: "46", Help: "rows of the grid (the seed's 10 rows make 4 tasks of 3, 3, 3 and 1 rows)"},
			{Name: "cols", Default: "10", Help: "columns of the grid"},
			{Name: "rows-per-task", Default: "3", Help: "rows per task; the last task takes what is left"},
		},
		New:    newRowgrid,
		Memory: rowgridMemory,
		Kernel: func(Config) (Kernel, error) {
			pool := newScratchPool(func() *[]float64 { return new([]float64) })
			return func(in, out []byte) ([]byte, error) {
				v, err := U64s(in, 4)
				if err != nil {
					return out, fmt.Errorf("rowgrid task: %w", err)
				}
				row, n, cols, incs := int(v[0]), int(v[1]), int(v[2]), int64(v[3])
				if n*cols > 1<<26 {
					return out, fmt.Errorf("rowgrid task: %d×%d cells is too many", n, cols)
				}
				bp := pool.get()
				defer pool.put(bp)
				if cap(*bp) < n*cols+cols {
					*bp = make([]float64, n*cols+cols)
				}
				buf := (*bp)[:n*cols+cols]
				clear(buf)
				incRows(nil, buf[:n*cols], buf[n*cols:], row, n, cols, incs)
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
// rows; the tasks write their rows of the one shared grid. Each cell sees
// the same additions in the same order in the serial run and in any task,
// so the grids are bit-identical. Size is the number of cell updates,
// rows·cols·incs (rounded down to a multiple of rows·cols).
type rowgrid struct {
	stop                   *Stop
	rows, cols, per, tasks int
	incs                   int64
	grid, serial           []float64
	steps                  [][]float64 // per worker
	input                  []byte      // per task: first row, rows, cols, increments
}

// rowgridParams reads and checks the parameters of rowgrid.
func rowgridParams(c Config) (rows, cols, per int, err error) {
	get := func(name string, lo, hi int64) (int, error) {
		v, err := c.Int(name)
		if err != nil || v < lo || v > hi {
			return 0, &ParamError{Workload: "rowgrid", Param: name, Value: c.Params[name], Want: fmt.Sprintf("an integer between %d and %d", lo, hi)}
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
		return 0, 0, 0, &ParamError{Workload: "rowgrid", Param: "cols", Value: c.Params["cols"], Want: "at most 2^26 cells in all"}
	}
	return rows, cols, per, nil
}

// rowgridMemory is the grid twice and per task its input, and per worker
// a row of steps.
func rowgridMemory(c Config) (Footprint, error) {
	rows, cols, per, err := rowgridParams(c)
	if err != nil {
		return Footprint{}, err
	}
	tasks := (rows + per - 1) / per
	return Footprint{Fixed: int64(16*rows*cols + 32*tasks), PerWorker: int64(8 * cols)}, nil
}

func newRowgrid(c Config) (Instance, error) {
	rows, cols, per, err := rowgridParams(c)
	if err != nil {
		return nil, err
	}
	cells := int64(rows * cols)
	if c.Size < cells {
		return nil, &ParamError{Workload: "rowgrid", Param: "size", Value: fmt.Sprint(c.Size), Want: fmt.Sprintf("at least %d updates (one per cell)", cells)}
	}
	g := &rowgrid{stop: c.Stop, rows: rows, cols: cols, per: per, tasks: (rows + per - 1) / per, incs: c.Size / cells,
		grid: make([]float64, cells), serial: make([]float64, cells)}
	for t := range g.tasks {
		row, n := g.span(t)
		g.input = PutU64s(g.input, uint64(row), uint64(n), uint64(cols), uint64(g.incs))
	}
	return g, nil
}

// span returns the first row and the number of rows of task t.
func (g *rowgrid) span(t int) (row, n int) {
	row = t * g.per
	return row, min(g.per, g.rows-row)
}

// incRows adds 0.000001·c + r to every cell of rows [row, row+n), incs
// times, into dst (n×cols). The columns are updated side by side, so the
// independent additions overlap; each cell still sees its additions in
// order. step is a work area of cols values. It gives up early, leaving
// the grid part done, once stop is stopped (checked about every
// rowgridStopEvery updates).
func incRows(stop *Stop, dst, step []float64, row, n, cols int, incs int64) {
	every := max(1, rowgridStopEvery/int64(cols))
	for r := range n {
		for c := range cols {
			step[c] = 0.000001*float64(c) + float64(row+r)
		}
		cells := dst[r*cols : (r+1)*cols]
		cells = cells[:len(step)]
		for left := incs; left > 0; {
			if stop.Stopped() {
				return
			}
			k := min(left, every)
			left -= k
			for range k {
				for c, s := range step {
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
func (g *rowgrid) TaskInput(task int) (off, n int) { return 32 * task, 32 }

// MaxResult is a task's rows, 8 bytes a cell.
func (g *rowgrid) MaxResult() int { return 8 * g.per * g.cols }

func (g *rowgrid) SetResult(task int, b []byte) error {
	row, n := g.span(task)
	if len(b) != 8*n*g.cols {
		return fmt.Errorf("rowgrid task %d result: want %d bytes, got %d", task, 8*n*g.cols, len(b))
	}
	cells := g.grid[row*g.cols : (row+n)*g.cols]
	for i := range cells {
		cells[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return nil
}

func (g *rowgrid) Tasks() int { return g.tasks }

func (g *rowgrid) Serial() {
	clear(g.serial)
	incRows(g.stop, g.serial, make([]float64, g.cols), 0, g.rows, g.cols, g.incs)
}

func (g *rowgrid) Begin(workers int) {
	for len(g.steps) < workers {
		g.steps = append(g.steps, make([]float64, g.cols))
	}
	clear(g.grid)
}

func (g *rowgrid) Run(worker, task int) {
	row, n := g.span(task)
	incRows(g.stop, g.grid[row*g.cols:(row+n)*g.cols], g.steps[worker], row, n, g.cols, g.incs)
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
	_, last := g.span(g.tasks - 1)
	if last == g.per {
		return fmt.Sprintf("%d tasks of %d rows", g.tasks, g.per)
	}
	return fmt.Sprintf("%d tasks of %d rows and one of %d", g.tasks-1, g.per, last)
}
