#!/usr/bin/env python3
"""The benchmark job with pandas + XlsxWriter (see common.py for the job).

    python bench/reference_pandas.py INPUT.csv OUTDIR

Writes OUTDIR/distribution.csv (one row per level), OUTDIR/summary.csv (one row
per cell) and OUTDIR/workbook.xlsx (common.write_workbook: one sheet, one row per
cell with n, counts, shares, mean and top-2 share).

Written the way an experienced analyst would: the C parser with every column
read as a categorical (each distinct label is mapped once, not once per row),
only the needed columns, levels as int8 via the category codes, counts by a
grouped value_counts per item, everything after that from the counts.
"""

import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import COURSE, GENDER_COL, PROJECT, SHEET_COLUMNS, gender_group, items, stage_times, write_workbook  # noqa: E402


def levels_of(col: pd.Series, mapping: dict) -> np.ndarray:
    """int8 levels (0 = missing) from a categorical column."""
    per_category = np.array([mapping.get(c, 0) for c in col.cat.categories] + [0], dtype=np.int8)
    return per_category[col.cat.codes.to_numpy()]  # code -1 (blank) picks the trailing 0


def main(inp: str, outdir: str) -> None:
    t0 = time.perf_counter()
    header = pd.read_csv(inp, sep=";", nrows=0).columns
    its = items(header)
    df = pd.read_csv(inp, sep=";", usecols=[PROJECT, COURSE, GENDER_COL] + [c for c, *_ in its],
                     dtype="category", keep_default_na=False, na_values=[""], engine="c")

    gender = df[GENDER_COL].cat.add_categories("\x00").fillna("\x00")
    groups = gender.cat.categories.map(lambda g: gender_group(None if g == "\x00" else g))
    keys = pd.DataFrame({
        "course": df[COURSE],
        "group": pd.Categorical(np.asarray(groups)[gender.cat.codes.to_numpy()]),
    })
    project_of = df.groupby(COURSE, observed=True)[PROJECT].first()

    # Counts per (item, course, group, level), levels 1..k.
    parts = {}
    for col, item, mapping, _k in its:
        lv = pd.Series(levels_of(df[col], mapping), name="level")
        sub = keys.assign(level=lv)[lv.to_numpy() > 0]
        parts[item] = sub.value_counts(["course", "group", "level"], sort=False)
    counts = pd.concat(parts, names=["item"]).unstack("level", fill_value=0)
    counts = counts.reindex(columns=range(1, 6), fill_value=0)
    counts.columns = [f"count_{i}" for i in counts.columns]

    by_gender = counts.reset_index().assign(breakdown="gender")
    overall = (counts.groupby(level=["item", "course"], observed=True).sum()
               .reset_index().assign(breakdown="all", group=""))
    cells = pd.concat([overall, by_gender], ignore_index=True)
    cells = cells[cells[[f"count_{i}" for i in range(1, 6)]].sum(axis=1) > 0]

    k = cells["item"].map({item: kk for _, item, _, kk in its}).astype(np.int64)
    c = cells[[f"count_{i}" for i in range(1, 6)]].to_numpy(np.int64)
    n = c.sum(axis=1)
    cells["project"] = cells["course"].map(project_of).astype(str)
    cells["course"] = cells["course"].astype(str)
    cells["group"] = cells["group"].astype(str)
    cells["n"] = n
    cells["mean"] = (c * np.arange(1, 6)).sum(axis=1) / n
    top = np.where(k == 5, c[:, 3] + c[:, 4], c[:, 1])
    cells["top2_share"] = top / n
    for i in range(1, 6):
        cells[f"share_{i}"] = np.where(i <= k, c[:, i - 1] / n, np.nan)
    cells["k"] = k
    cells = cells.sort_values(["project", "course", "item", "breakdown", "group"], ignore_index=True)

    t1 = time.perf_counter()
    os.makedirs(outdir, exist_ok=True)
    keycols = ["project", "course", "item", "breakdown", "group"]
    cells[keycols + ["n", "mean", "top2_share"]].to_csv(os.path.join(outdir, "summary.csv"), index=False)

    long = cells.melt(id_vars=keycols + ["n", "k"], value_vars=[f"count_{i}" for i in range(1, 6)],
                      var_name="level", value_name="count")
    long["level"] = long["level"].str.slice(6).astype(np.int64)
    long = long[long["level"] <= long["k"]]
    long["share"] = long["count"] / long["n"]
    long = long.sort_values(keycols + ["level"], ignore_index=True)
    long[keycols + ["level", "count", "n", "share"]].to_csv(os.path.join(outdir, "distribution.csv"), index=False)

    t2 = time.perf_counter()
    # DataFrame.to_excel formats every cell through pandas' style machinery (about
    # 3x slower); the shared row writer keeps the workbook cost equal across references.
    write_workbook(os.path.join(outdir, "workbook.xlsx"), cells[SHEET_COLUMNS].itertuples(index=False, name=None))
    stage_times(aggregate=t1 - t0, csv=t2 - t1, workbook=time.perf_counter() - t2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
