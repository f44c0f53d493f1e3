#!/usr/bin/env python3
"""2-D FFT of --size random 100×100 matrices with numpy.fft.fft2, the
matrices split across the pool. The FFT is fast, so copying the matrices
to the workers and back costs more than it saves: expect a slowdown.
The answer is the sum of the magnitudes of every spectrum, added in
matrix order, printed with 10 significant digits.

    python3 fft2.py --workers 4 --size 200
"""
import numpy as np

import common


def spectrum(a):
    return np.fft.fft2(a)


def main():
    p = common.parser("2-D FFT of random matrices.", 200, "100x100 matrices")
    args = p.parse_args()
    common.check(p, args)
    rng = np.random.default_rng(args.seed)
    matrices = [rng.integers(0, 100, (100, 100)).astype(np.float64) for _ in range(args.size)]
    spectra = common.run(spectrum, matrices, args.workers, args.serial)
    total = sum(float(np.abs(s).sum()) for s in spectra)
    print(f"fft2: {args.size} matrices, sum of magnitudes {total:.10g}")


if __name__ == "__main__":
    main()
