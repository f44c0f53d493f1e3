// Package chart is the toolkit scalebench's plots are drawn with, on
// gonum/plot: a Chart whose legend is placed where it covers no data
// (Layout), worker axes that tick the measured counts (WorkerScale),
// measured points with their intervals (Points), fitted bands (Band),
// the CPU line (MarkCPUs), reference lines, ticks for linear and
// logarithmic axes, the palette and the fonts, and the SVG writer. It
// draws what it is given and computes no statistic.
package chart
