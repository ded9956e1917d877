#!/usr/bin/env python3
"""Prints bench/work/results.tsv (written by bench/run) as markdown tables.

    python3 bench/report.py bench/work/results.tsv

Medians over the runs of each (N, implementation); "utfall ÷" columns are
utfall's median divided by the row's (below 1 means utfall is faster or smaller).
"""

import csv
import json
import statistics
import sys
from collections import defaultdict


def main(path):
    meta, checks, runs = {}, {}, defaultdict(list)
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    body = []
    for line in lines:
        if line.startswith("# check\t"):
            _, n, text = line.split("\t", 2)
            checks[int(n)] = text
        elif line.startswith("# "):
            k, _, v = line[2:].partition("\t")
            meta[k] = v
        else:
            body.append(line)
    for row in csv.DictReader(body, delimiter="\t"):
        if row["status"] == "ok":
            runs[(int(row["n"]), row["impl"])].append(row)

    print(f"Benchmark, {meta.get('date', '?')}, {meta.get('machine', '?')}")
    if meta.get("versions"):
        print(meta["versions"])
    print()
    print("| N | implementation | runs | wall s | CPU s | peak RSS MiB | utfall ÷ wall | utfall ÷ CPU | utfall ÷ RSS |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    med = {}
    for (n, impl), rs in sorted(runs.items(), key=lambda x: (x[0][0], x[0][1] != "utfall", x[0][1])):
        wall = statistics.median(float(r["wall"]) for r in rs)
        cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in rs)
        rss = statistics.median(int(r["rss_kb"]) for r in rs) / 1024
        med[(n, impl)] = (wall, cpu, rss, len(rs))
    for (n, impl), (wall, cpu, rss, k) in med.items():
        u = med.get((n, "utfall"))
        ratios = ["–"] * 3 if u is None or impl == "utfall" else [f"{u[i] / v:.3f}" for i, v in enumerate((wall, cpu, rss))]
        print(f"| {n:,} | {impl} | {k} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | " + " | ".join(ratios) + " |")

    stages = defaultdict(lambda: defaultdict(list))
    for (n, impl), rs in runs.items():
        for r in rs:
            if r.get("stages"):
                for k, v in json.loads(r["stages"]).items():
                    stages[(n, impl)][k].append(v)
    if stages:
        print()
        print("Reference stages (median s, in-process): aggregate = parse + compute, csv = write the long CSVs, "
              "workbook = write the .xlsx")
        print()
        print("| N | implementation | aggregate | csv | workbook |")
        print("|---:|---|---:|---:|---:|")
        for (n, impl), st in sorted(stages.items()):
            cols = [f"{statistics.median(st[k]):.2f}" if k in st else "–" for k in ("aggregate", "csv", "workbook")]
            print(f"| {n:,} | {impl} | " + " | ".join(cols) + " |")
    if checks:
        print()
        for n, text in sorted(checks.items()):
            print(f"- N = {n:,}: {text}")


if __name__ == "__main__":
    main(sys.argv[1])
