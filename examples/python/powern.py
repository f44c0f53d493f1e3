#!/usr/bin/env python3
"""powern: big-integer arithmetic in pure Python. Each task sums i**9999
over 400 numbers; --size tasks are spread over the pool. CPU-bound and
holding the GIL, so only processes (not threads) speed it up.

    python3 powern.py --workers 2 --size 8
"""
import hashlib

import common

NUMBERS = [564982 + 100 * i for i in range(400)]


def powern(_):
    return sum(i ** 9999 for i in NUMBERS)


def main():
    p = common.parser("Sum of large integer powers.", 4, "tasks")
    args = p.parse_args()
    common.check(p, args)
    total = sum(common.run(powern, list(range(args.size)), args.workers, args.serial))
    raw = total.to_bytes((total.bit_length() + 7) // 8, "little")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    print(f"powern: {args.size} tasks, total has {total.bit_length()} bits, sha256 {digest}")


if __name__ == "__main__":
    main()
