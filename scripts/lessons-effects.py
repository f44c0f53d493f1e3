#!/usr/bin/env python3
"""Effect against noise of every deciding number of the lessons.

    scripts/lessons-effects.py DIR1/lessons.json DIR2/lessons.json ...

For each number a lesson's verdict rests on, prints its value and 95%
interval in each run, then the effect (its distance from the threshold)
over the noise (the half-width of the interval on the threshold's side)
and their ratio, as a Markdown table: the table of docs/lessons.md. A
number whose interval lies across its threshold, or that is missing (a
run whose passes others disturbed), shows without a ratio.
"""
import json
import sys

# lesson -> [(number name, threshold, "above" or "below" or "band")]; a
# band is within ±0.05 of 0.5.
DECIDING = {
    "amdahl": [("fitted f (strong)", 0.5, "band"), ("fitted α (weak)", 0.5, "band")],
    "cpu-bound": [("speedup on 2 workers (the CPUs)", 1.25, "above"),
                  ("speed on 4 workers ÷ on 2", 1.25, "below"),
                  ("speed on 8 workers ÷ on 2", 1.25, "below")],
    "io-bound": [("best speedup (P = 16)", 4, "above")],
    "processes": [("processes: cost ÷ goroutines'", 2, "above"), ("shm: cost ÷ goroutines'", 2, "above")],
    "chunking": [("one task a message: T_S/T(2)", 1, "below"), ("share of the lost speed won back", 0.5, "above")],
    "shared-memory": [("shm's speed ÷ processes'", 1, "above")],
    "races": [("mutex: T_S/T(2), below 1×", 1, "below"), ("atomic: T_S/T(2), below 1×", 1, "below"),
              ("local: speedup at P = 2", 1.25, "above")],
    "load-balance": [("queue's speed ÷ block split's", 1.15, "above")],
    "memory": [("growth", 1.5, "above")],
    "bandwidth": [("efficiency S(C)/C", 0.85, "above")],
}
BAND = 0.05


def cell(n, threshold, side):
    """The value, its interval and effect / noise = ratio of number n."""
    if n is None:
        return "—"
    v, lo, hi = n["value"], n.get("lo"), n.get("hi")
    text = f"{v:.3g}"
    if lo is None or hi is None:
        return text + " (one reading)"
    text += f" ({lo:.3g}–{hi:.3g})"
    if side == "band":
        effect = BAND - abs(v - threshold)
        noise = (hi - v) if v >= threshold else (v - lo)
    elif side == "above":
        effect, noise = v - threshold, v - lo
    else:
        effect, noise = threshold - v, hi - v
    if effect <= 0 or noise <= 0:
        return text + ": outside"
    return text + f": {effect:.2g} / {noise:.2g} = {effect / noise:.1f}×"


def main(paths):
    runs = [json.load(open(p)) for p in paths]
    print("| lesson | deciding number | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |")
    print("|---|---|" + "---|" * len(runs))
    for lesson, numbers in DECIDING.items():
        for name, threshold, side in numbers:
            cells = []
            for r in runs:
                l = next((x for x in r["lessons"] if x["name"] == lesson), None)
                n = None if l is None else next((x for x in l["numbers"] if x["name"] == name), None)
                cells.append(cell(n, threshold, side))
            if any(c != "—" for c in cells):
                print(f"| `{lesson}` | {name} | " + " | ".join(cells) + " |")
    print()
    print("| lesson | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |")
    print("|---|" + "---|" * len(runs))
    for lesson in DECIDING:
        verdicts = [next((x["verdict"] for x in r["lessons"] if x["name"] == lesson), "—") for r in runs]
        print(f"| `{lesson}` | " + " | ".join(verdicts) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/lessons-effects.py DIR/lessons.json ...")
    main(sys.argv[1:])
