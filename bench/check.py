#!/usr/bin/env python3
"""Do all implementations give the same numbers?

    python3 bench/check.py NAME=DIR [NAME=DIR …]

A DIR holds either a reference's output (summary.csv, distribution.csv) or
utfall's (likert_summary.csv, likert_distribution.csv; the rows with
scope = course and breakdown all or gender are compared). For every
(project, course, item, breakdown, group) cell with n > 0 it compares n and the
count per level exactly, and mean and top-2 share to 1e-9 (utfall writes 10
significant digits). Suppressed cells and cells with n = 0 count as absent (the pipeline
publishes every cell with n >= 1, so a cell utfall suppresses but a reference
has is reported as a difference, marked "suppressed there").
Prints the first differences and exits 1 if there are any, else prints a
one-line summary. Standard library only.
"""

import csv
import os
import sys

TOL = 1e-9
MAX_REPORT = 10


def load(d):
    if os.path.exists(os.path.join(d, "likert_summary.csv")):
        summary, dist, utfall = "likert_summary.csv", "likert_distribution.csv", True
    else:
        summary, dist, utfall = "summary.csv", "distribution.csv", False

    def wanted(row):
        if not utfall:
            return True
        return row["scope"] == "course" and row["breakdown"] in ("all", "gender") and row["suppressed"] != "true"

    cells, suppressed = {}, set()
    with open(os.path.join(d, summary), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if utfall and row["suppressed"] == "true" and row["scope"] == "course" \
                    and row["breakdown"] in ("all", "gender"):
                suppressed.add((row["project"], row["course"], row["item"], row["breakdown"], row["group"]))
            if not wanted(row) or row["n"] in ("", "0"):
                continue
            key = (row["project"], row["course"], row["item"], row["breakdown"], row["group"])
            if key in cells:
                raise SystemExit(f"{d}/{summary}: duplicate cell {key}")
            cells[key] = {"n": int(row["n"]), "mean": float(row["mean"]),
                          "top2": float(row["top2_share"]), "counts": {}}
    with open(os.path.join(d, dist), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not wanted(row):
                continue
            key = (row["project"], row["course"], row["item"], row["breakdown"], row["group"])
            if key in cells:
                cells[key]["counts"][int(row["level"])] = int(row["count"])
    return cells, suppressed


def compare(base_name, base, name, other, suppressed=frozenset()):
    diffs = []
    for key in sorted(base.keys() - other.keys()):
        why = " (suppressed there)" if key in suppressed else ""
        diffs.append(f"{key}: in {base_name} (n={base[key]['n']}), not in {name}{why}")
    for key in sorted(other.keys() - base.keys()):
        why = " (suppressed there)" if key in suppressed else ""
        diffs.append(f"{key}: in {name} (n={other[key]['n']}), not in {base_name}{why}")
    for key in sorted(base.keys() & other.keys()):
        a, b = base[key], other[key]
        if a["n"] != b["n"]:
            diffs.append(f"{key}: n {base_name}={a['n']} {name}={b['n']}")
        levels = sorted(set(a["counts"]) | set(b["counts"]))
        ca = [a["counts"].get(lv, 0) for lv in levels]
        cb = [b["counts"].get(lv, 0) for lv in levels]
        if ca != cb:
            diffs.append(f"{key}: counts {base_name}={ca} {name}={cb}")
        for f in ("mean", "top2"):
            if abs(a[f] - b[f]) > TOL * max(1.0, abs(a[f])):
                diffs.append(f"{key}: {f} {base_name}={a[f]!r} {name}={b[f]!r}")
        if len(diffs) > MAX_REPORT * 10:
            break
    return diffs


def main(argv):
    if len(argv) < 2 or any("=" not in a for a in argv):
        print(__doc__, file=sys.stderr)
        return 64
    impls = [a.split("=", 1) for a in argv]
    loaded = [(name, *load(d)) for name, d in impls]
    base_name, base, base_supp = loaded[0]
    failed = False
    for name, cells, supp in loaded:
        if supp:
            # min_cell_size 1 publishes every cell with n >= 1; a suppressed cell
            # with n > 0 elsewhere is a difference (secondary suppression, say).
            print(f"check: {name} suppressed {len(supp)} course cells", file=sys.stderr)
    for name, cells, supp in loaded[1:]:
        diffs = compare(base_name, base, name, cells, base_supp | supp)
        if diffs:
            failed = True
            print(f"check: {name} differs from {base_name}:", file=sys.stderr)
            for d in diffs[:MAX_REPORT]:
                print("  " + d, file=sys.stderr)
            if len(diffs) > MAX_REPORT:
                print(f"  … and more ({len(diffs)} shown up to the first {MAX_REPORT})", file=sys.stderr)
    if failed:
        return 1
    n_counts = sum(len(c["counts"]) for c in base.values())
    print(f"check: {', '.join(x[0] for x in loaded)} agree on {len(base)} cells, "
          f"{n_counts} level counts, means and top-2 shares")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
