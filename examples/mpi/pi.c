/*
 * pi: π by numerical integration, split across MPI ranks.
 *
 * π = ∫₀¹ 4/(1+x²) dx, by the midpoint rule over N intervals. Rank r of
 * P sums the intervals r, r+P, r+2P, … and MPI_Reduce adds the partial
 * sums on rank 0, which prints the result.
 *
 * Usage: mpirun -np P ./pi [N]    (N defaults to 400000000)
 *
 * The sum is added in a different order for every P, so the last digits
 * of the double differ between rank counts. The result is printed with
 * 10 significant digits, where every rank count agrees, so that
 * `scalebench run --verify-output` can compare the runs.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	MPI_Init(&argc, &argv);
	int rank, size;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);

	long long n = 400000000LL;
	if (argc > 1) {
		char *end;
		n = strtoll(argv[1], &end, 10);
		if (*end != '\0' || n < 1) {
			if (rank == 0)
				fprintf(stderr, "pi: N must be a whole number >= 1, got %s\n", argv[1]);
			MPI_Finalize();
			return 2;
		}
	}

	double h = 1.0 / (double)n, local = 0.0;
	for (long long i = rank; i < n; i += size) {
		double x = h * ((double)i + 0.5);
		local += 4.0 / (1.0 + x * x);
	}
	local *= h;

	double pi = 0.0;
	MPI_Reduce(&local, &pi, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
	if (rank == 0)
		printf("pi = %.9f\n", pi);
	MPI_Finalize();
	return 0;
}
