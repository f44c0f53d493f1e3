// Command scalebench measures how work scales across workers.
//
// It runs a workload serially and on 1..N workers (plus oversubscribed
// counts), checks that every parallel answer equals the serial one, and
// summarises speedup, efficiency and the fitted serial fraction.
//
// List the workloads and their parameters:
//
//	$ scalebench list
//
// Measure π on one and two workers and one oversubscribed count, at the
// quick size, writing the result to x.json:
//
//	$ scalebench run pi --workers 1,2 --oversubscribe 2 --size quick -o x.json
//
// A known serial fraction of one half caps the speedup at two workers near
// 1/(0.5 + 0.5/2) = 1.33:
//
//	$ scalebench run synthetic --serial-fraction 0.5 --workers 1,2 --oversubscribe 0 --size quick
//
// Weak scaling, where the size grows with the workers, as CSV:
//
//	$ scalebench run synthetic --mode weak --workers 1,2 --oversubscribe 0 --size quick --format csv
//
// Compare two measurements, such as a pull request's base and head: the
// ratio of the times at every worker count with the Mann–Whitney U test,
// and the shape of the curve (Amdahl's f, the efficiency, the USL); the
// exit status is 1 when scaling got worse:
//
//	$ scalebench run synthetic --workers 1,2 --oversubscribe 0 --size quick -o base.json
//	$ scalebench run synthetic --workers 1,2 --oversubscribe 0 --size quick -o new.json
//	$ scalebench compare base.json new.json
//
// Test a lesson of the seed documents on this machine and write it as a
// slide deck with its verdict (without a name, all ten lessons):
//
//	$ scalebench lessons memory --quick -o lessons
//
// Exit status: 0 on success, 1 when the work failed (including a failed
// verification, and a regression found by compare), 2 when the command
// line was wrong, 130 when interrupted.
package main
