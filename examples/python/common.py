"""Command-line conventions shared by the examples.

Every example takes --workers P (the size of its multiprocessing.Pool)
and --size N (how much work), prints one answer line that does not depend
on P, and with --serial runs the plain loop without a pool: the best
serial program, for scalebench's --serial-cmd.
"""
import argparse
from multiprocessing import Pool


def parser(description, size, size_help):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--workers", type=int, default=1, help="processes in the pool (default 1)")
    p.add_argument("--size", type=int, default=size, help=f"{size_help} (default {size})")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated input (default 1)")
    p.add_argument("--serial", action="store_true", help="run the serial loop, without a pool")
    return p


def check(p, args):
    if args.workers < 1:
        p.error("--workers must be at least 1")
    if args.size < 1:
        p.error("--size must be at least 1")


def split(container, count):
    """Interleaved split: worker i gets items i, i+count, i+2·count …"""
    container = tuple(container)
    return [container[i::count] for i in range(count)]


def run(func, items, workers, serial):
    """Applies func to every item, in a pool of workers unless serial, and
    returns the results in the order of items."""
    if serial:
        return [func(x) for x in items]
    parts = split(range(len(items)), workers)
    with Pool(workers) as pool:
        done = pool.map(_apply, [(func, [items[i] for i in idx]) for idx in parts])
    out = [None] * len(items)
    for idx, res in zip(parts, done):
        for i, r in zip(idx, res):
            out[i] = r
    return out


def _apply(job):
    func, items = job
    return [func(x) for x in items]
