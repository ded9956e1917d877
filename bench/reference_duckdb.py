#!/usr/bin/env python3
"""The benchmark job with DuckDB (+ XlsxWriter for the workbook; see common.py).

    python bench/reference_duckdb.py INPUT.csv OUTDIR

Writes the same files as reference_pandas.py: OUTDIR/distribution.csv,
OUTDIR/summary.csv and OUTDIR/workbook.xlsx.

Idiomatic DuckDB: read_csv with the dialect given (all columns text), one
GROUP BY pass with a count_if per (item, level) (generated from the header; the
fastest of the forms tried, see bench/README.md), UNPIVOT of that small result
to long form, gender mapped by a join on a small table, every later figure from
the counts in SQL; the CSVs are written by COPY, and only the ~40 000 summary
rows come back to Python for the workbook. DuckDB uses every core by default.
"""

import os
import sys
import time

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import GENDER, GENDER_BLANK, SHEET_COLUMNS, items, stage_times, write_workbook  # noqa: E402


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def sql_ident(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def main(inp: str, outdir: str) -> None:
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE gender_map(raw VARCHAR, grp VARCHAR)")
    con.executemany("INSERT INTO gender_map VALUES (?, ?)", list(GENDER.items()))

    src = (f"read_csv({sql_str(inp)}, delim = ';', quote = '\"', escape = '\"', header = true, "
           "all_varchar = true)")
    columns = [d[0] for d in con.execute(f"SELECT * FROM {src} LIMIT 0").description]
    # One pass over the export: per (project, course, raw gender) a count for every
    # (item, level). Counting before unpivoting keeps the long form tiny; unpivoting
    # the 34 answer columns of every row first is about 4x slower at 1 M rows.
    counters = []
    for col, item, mapping, _k in items(columns):
        for label, level in mapping.items():
            counters.append(f'count_if({sql_ident(col)} = {sql_str(label)}) AS "{item}_{level}"')
    con.execute(f"""
        CREATE TEMP TABLE counts AS
        WITH wide AS (
            SELECT "Insats" AS project, "Kurs" AS course, "Kön" AS gender_raw, {", ".join(counters)}
            FROM {src}
            GROUP BY ALL
        ),
        long AS (
            UNPIVOT wide ON COLUMNS('^[PK][0-9][0-9]_[1-5]$') INTO NAME key VALUE cnt
        )
        SELECT project, course, left(key, 3) AS item, CASE WHEN key LIKE 'P%' THEN 5 ELSE 2 END AS k,
               coalesce(g.grp, {sql_str(GENDER_BLANK)}) AS grp, right(key, 1)::INTEGER AS level,
               sum(cnt) AS cnt
        FROM long
        LEFT JOIN gender_map g ON g.raw = lower(trim(regexp_replace(long.gender_raw, '\\s+', ' ', 'g')))
        GROUP BY ALL
    """)

    # Cells: per gender group and over all groups; every level 1..k present.
    con.execute("""
        CREATE TEMP TABLE dist AS
        WITH by_group AS (
            SELECT project, course, item, k, 'gender' AS breakdown, grp AS "group", level, sum(cnt) AS cnt
            FROM counts GROUP BY ALL
            UNION ALL
            SELECT project, course, item, k, 'all', '', level, sum(cnt)
            FROM counts GROUP BY ALL
        ),
        cells AS (SELECT DISTINCT project, course, item, k, breakdown, "group" FROM by_group),
        full_levels AS (
            SELECT c.*, lv.level, coalesce(b.cnt, 0) AS count
            FROM cells c
            JOIN range(1, 6) lv(level) ON lv.level <= c.k
            LEFT JOIN by_group b USING (project, course, item, breakdown, "group", level)
        )
        SELECT *, sum(count) OVER cell AS n, count / sum(count) OVER cell AS share
        FROM full_levels
        WINDOW cell AS (PARTITION BY project, course, item, breakdown, "group")
    """)
    con.execute("""
        CREATE TEMP TABLE summary AS
        SELECT project, course, item, breakdown, "group", any_value(n) AS n,
               sum(count) FILTER (level = 1) AS count_1, sum(count) FILTER (level = 2) AS count_2,
               sum(count) FILTER (level = 3) AS count_3, sum(count) FILTER (level = 4) AS count_4,
               sum(count) FILTER (level = 5) AS count_5,
               any_value(share) FILTER (level = 1) AS share_1, any_value(share) FILTER (level = 2) AS share_2,
               any_value(share) FILTER (level = 3) AS share_3, any_value(share) FILTER (level = 4) AS share_4,
               any_value(share) FILTER (level = 5) AS share_5,
               sum(level * count) / any_value(n) AS mean,
               sum(count) FILTER (level > k - CASE WHEN k > 3 THEN 2 ELSE 1 END) / any_value(n) AS top2_share
        FROM dist WHERE n > 0 GROUP BY project, course, item, breakdown, "group", k
    """)
    t1 = time.perf_counter()

    os.makedirs(outdir, exist_ok=True)
    order = 'ORDER BY project, course, item, breakdown, "group"'
    con.execute(f"""COPY (SELECT project, course, item, breakdown, "group", level, count, n, share
                          FROM dist WHERE n > 0 {order}, level)
                    TO {sql_str(os.path.join(outdir, 'distribution.csv'))} (HEADER, DELIMITER ',')""")
    con.execute(f"""COPY (SELECT project, course, item, breakdown, "group", n, mean, top2_share
                          FROM summary {order})
                    TO {sql_str(os.path.join(outdir, 'summary.csv'))} (HEADER, DELIMITER ',')""")
    t2 = time.perf_counter()

    rows = con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in SHEET_COLUMNS)} FROM summary {order}").fetchall()
    write_workbook(os.path.join(outdir, "workbook.xlsx"), rows)
    stage_times(aggregate=t1 - t0, csv=t2 - t1, workbook=time.perf_counter() - t2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
