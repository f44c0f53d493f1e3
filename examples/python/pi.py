#!/usr/bin/env python3
"""π by Monte Carlo: the fraction of random points of the unit square that
fall inside the quarter circle, times 4.

The points are drawn in 64 tasks, each from its own seeded generator, so
the count of hits (and the printed estimate) is the same for every worker
count.

    python3 pi.py --workers 4 --size 2000000
"""
import random

import common

TASKS = 64


def hits(task):
    seed, task_no, n = task
    rng = random.Random(seed * 1_000_003 + task_no)
    r = rng.random
    inside = 0
    for _ in range(n):
        x, y = r(), r()
        if x * x + y * y < 1.0:
            inside += 1
    return inside


def main():
    p = common.parser("Monte Carlo estimate of pi.", 2_000_000, "points")
    args = p.parse_args()
    common.check(p, args)
    tasks = [(args.seed, t, args.size // TASKS + (1 if t < args.size % TASKS else 0)) for t in range(TASKS)]
    inside = sum(common.run(hits, tasks, args.workers, args.serial))
    print(f"pi ~ {4 * inside / args.size:.6f} ({inside} of {args.size} points inside)")


if __name__ == "__main__":
    main()
