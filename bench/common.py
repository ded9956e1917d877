"""What the reference implementations share: the job's definitions.

The job (issue 8): parse the export, map answers to levels (Likert 1..5 from
"Stämmer inte alls" to "Stämmer mycket väl", yes/no 1..2 from "Nej" to "Ja";
"Vet ej", blank and anything else are missing), and per (course, item) and per
(course, item, gender group) compute n, the count and share at each level, the
mean level and the top-2-box share (top level only on the 2-point scale), then
write an .xlsx and long CSVs. Gender is grouped the way utfall's built-in
`gender` mapping does (case and surrounding space ignored).
"""

import re
import sys

LIKERT = {"Stämmer inte alls": 1, "Stämmer lite": 2, "Stämmer lagom": 3,
          "Stämmer ganska mycket": 4, "Stämmer mycket väl": 5}
YESNO = {"Nej": 1, "Ja": 2}

GENDER = {
    "kvinna": "women", "kvinnor": "women", "k": "women", "kv": "women", "female": "women", "f": "women",
    "woman": "women", "women": "women",
    "man": "men", "män": "men", "m": "men", "male": "men", "men": "men",
    "annat": "other", "annan": "other", "icke-binär": "other", "other": "other", "x": "other",
    "vill ej uppge": "not_stated", "vill inte uppge": "not_stated", "prefer not to say": "not_stated",
}
GENDER_BLANK = "missing"
GENDER_UNKNOWN = "missing"

PROJECT, COURSE, GENDER_COL = "Insats", "Kurs", "Kön"
LIKERT_RE = re.compile(r"^(P[0-9]{2})\. ")
YESNO_RE = re.compile(r"^(K[0-9]{2})\. ")

# Output columns (the reference CSVs; check.py reads these and utfall's).
DIST_COLUMNS = ["project", "course", "item", "breakdown", "group", "level", "count", "n", "share"]
SUMMARY_COLUMNS = ["project", "course", "item", "breakdown", "group", "n", "mean", "top2_share"]


def items(columns):
    """[(column, item id, mapping, k)] for the Likert and yes/no columns, in file order."""
    out = []
    for c in columns:
        if m := LIKERT_RE.match(c):
            out.append((c, m.group(1), LIKERT, 5))
        elif m := YESNO_RE.match(c):
            out.append((c, m.group(1), YESNO, 2))
    return out


def gender_group(raw):
    if raw is None:
        return GENDER_BLANK
    key = " ".join(str(raw).split()).casefold()
    if not key:
        return GENDER_BLANK
    return GENDER.get(key, GENDER_UNKNOWN)

SHEET_COLUMNS = (["project", "course", "item", "breakdown", "group", "n"]
                 + [f"count_{i}" for i in range(1, 6)] + [f"share_{i}" for i in range(1, 6)]
                 + ["mean", "top2_share"])


def write_workbook(path, rows):
    """One sheet "Sammanfattning", SHEET_COLUMNS, one row per cell; None or NaN = empty.

    Both references write the workbook with this function (XlsxWriter in
    constant-memory mode, row by row), so the workbook costs them the same and
    the comparison is about parsing and aggregation.
    """
    import math

    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Sammanfattning")
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.0%"})
    dec = wb.add_format({"num_format": "0.00"})
    ws.write_row(0, 0, SHEET_COLUMNS, bold)
    ws.freeze_panes(1, 0)
    ws.set_column(0, 1, 28)
    ws.set_column(11, 15, None, pct)
    ws.set_column(16, 16, None, dec)
    ws.set_column(17, 17, None, pct)
    write_string, write_number = ws.write_string, ws.write_number
    r = 0
    for row in rows:
        r += 1
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                write_string(r, c, v)
            elif not math.isnan(v):
                write_number(r, c, v)
    wb.close()


def stage_times(**seconds):
    """One JSON line on stderr with the time per stage; bench/run collects it."""
    import json

    print("STAGES " + json.dumps({k: round(v, 3) for k, v in seconds.items()}), file=sys.stderr)
