#!/usr/bin/env python3
"""2-D autocorrelation of --size random 100×100 integer matrices with
scipy.signal.correlate2d, the matrices split across the pool. The answer
is the exact integer sum of every correlation. A full correlate2d of a
100×100 matrix is about 10⁸ multiply-adds, so each matrix takes a while.

    python3 autocorr.py --workers 2 --size 8
"""
import numpy as np
from scipy.signal import correlate2d

import common


def autocorrelation(a):
    return int(correlate2d(a, a).sum())


def main():
    p = common.parser("2-D autocorrelation of random matrices.", 4, "100x100 matrices")
    args = p.parse_args()
    common.check(p, args)
    rng = np.random.default_rng(args.seed)
    matrices = [rng.integers(0, 100, (100, 100), dtype=np.int64) for _ in range(args.size)]
    total = sum(common.run(autocorrelation, matrices, args.workers, args.serial))
    print(f"autocorrelation: {args.size} matrices, sum {total}")


if __name__ == "__main__":
    main()
