package workloads

// CPUTime is cpuTime for the benchmarks of package workloads_test.
var CPUTime = cpuTime
