#!/usr/bin/env python3
"""Synthetic EMIN survey exports in the style of seed 000 (Slututvärdering av EMIN, 2024-04-12).

Writes, next to this file:
  kursutvardering_deltagare.csv  participant course evaluation, one row per respondent (259 rows)
  inskrivna.csv                  enrolled per course (370 in all)
  enkat_studiehandledare.csv     study-supervisor survey (28 respondents, nine "Jag ..." statements)

Respondents are synthetic. The aggregate figures the seed prints are built in
exactly (response totals, Samhällsinformationskurser 48 %, AMIF programme
indicator 4 at 69 %, "nio av tio" can make better decisions about their future,
and every row of the study-supervisor table); everything else is drawn from
random.Random(20240412). Standard library only; rerunning rewrites the three
files byte-identically:

    python3 data/emin/generate.py

See data/README.md, section "EMIN surveys (seed 000)", for the expected figures.
"""

import csv
import io
import os
import random
import unicodedata

SEED = 20240412
HERE = os.path.dirname(os.path.abspath(__file__))

# Scale labels, most negative first (as the pipeline's built-in stammer5 scale).
STAMMER = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
VET_EJ = "Vet ej"

# ---------------------------------------------------------------------------
# Participant survey
# ---------------------------------------------------------------------------

# Insats -> [(course, enrolled, responses)]. The insatser and the
# Samhällsinformationskurser course list are the seed's; the courses of the other
# insatser are synthetic. Sums: 370 enrolled, 259 responses (seed: "259 deltagare
# besvarade enkäten av totalt ca 370"); Samhällsinformationskurser 48 of 100 = 48 %
# (seed: "Samhällsinformationskurser 48%"); the other insatser 60-100 % (seed:
# "Mellan 60-100% svarsfrekvens"). Courses with fewer than 5 answers show suppression.
COURSES = [
    ("Samhällsinformationskurser", [
        ("Aktivitetsrapportering", 8, 3),
        ("Arbetsmarknadskurs", 16, 8),
        ("Datorkurs grund", 14, 7),
        ("Hushållsekonomi", 9, 4),
        ("Matematik, De fyra räknesätten", 12, 6),
        ("Matematik, Problemlösning", 10, 5),
        ("Personlig utveckling", 11, 5),
        ("Studieteknik", 10, 5),
        ("Upptäck vård & omsorg", 10, 5),
    ]),
    ("Krafttag Asyl", [
        ("Krafttag Asyl Ronneby", 40, 33),
        ("Krafttag Asyl Karlskrona", 30, 22),
        ("Krafttag Asyl online", 20, 17),
    ]),
    ("eHälsa Vux", [
        ("Vägar vidare", 36, 29),
        ("Hälsa och stress", 28, 19),
        ("Elevhälsa online", 4, 4),
        ("Kost och motion", 12, 9),
    ]),
    ("Hälsa Skola Jobb", [
        ("Hälsa Skola Jobb, grupp vår", 48, 37),
        ("Hälsa Skola Jobb, grupp höst", 52, 41),
    ]),
]

STATEMENTS = [
    # "Kursen var svår att förstå." is reverse-coded in the pipeline.
    "Jag kan ta bättre beslut om min framtid efter kursen.",
    "Utbildningen har varit till hjälp för min integration.",
    "Jag är nöjd med kursen som helhet.",
    "Kursen var svår att förstå.",
]

# The knowledge items of the seed ("Enkätfråga – Vad har du lärt dig på kursen?").
# C2: the extracted slide overlays a label ("Stärkt i integrationsprocessen") on the
# question text; it is left out here.
KNOWLEDGE = [
    ("A1", "Jag har fått mer kunskap om svenska arbetsmarknaden, t ex hur man söker jobb."),
    ("A2", "Jag har haft praktik eller gjort studiebesök."),
    ("A3", "Jag har fått mer kunskap om hur jag kan utbilda mig."),
    ("A4", "Jag har fått mer kunskap om framtida yrken som kan passa mig."),
    ("B1", "Jag kan mer svenska."),
    ("B2", "Jag vågar prata mer svenska."),
    ("C1", "Jag har lärt känna fler människor i samhället där jag bor."),
    ("C2", "Jag har fått mer kunskap om hur olika delar i samhället fungerar, sport, lek och socialtjänst."),
    ("C3", "Jag har fått mer kunskap om hur man kan vara mer aktiv i samhället, t ex delta i kultur- och idrottsföreningar, föräldramöten."),
    ("C4", "Jag har fått mer kunskap om hur svenska skolsystemet fungerar för mina barn."),
    ("D1", "Jag har fått mer kunskap om hur man skaffar boende i Sverige."),
    ("D2", "Jag har fått mer kunskap om privatekonomi."),
    ("E1", "Jag har fått mer kunskap om hur jag ska göra för att påverka min hälsa och min kropp, exempelvis träning och mat."),
    ("E2", "Jag har fått mer kunskap om hur jag ska göra för att påverka min hälsa mentalt, exempelvis sömn, oro och ångest."),
]
AREAS = {}
for code, _ in KNOWLEDGE:
    AREAS.setdefault(code[0], []).append(code)

HEADER = (["Svars-ID", "E-post", "Insats", "Kurs", "Kön", "Åldersgrupp"] + STATEMENTS
          + [f"{code}. {text}" for code, text in KNOWLEDGE] + ["Övriga kommentarer"])

# Gender as real exports write it (weights are synthetic).
GENDER = [("Kvinna", 95), ("Man", 70), ("K", 25), ("M", 22), ("kvinna", 12), ("man", 6),
          ("Annat", 4), ("Vill ej uppge", 8), ("", 17)]
AGE = [("18–24", 40), ("25–34", 80), ("35–44", 70), ("45–54", 40), ("55–64", 20), ("", 9)]

# Respondents who leave all fourteen knowledge items blank (so the indicator's n is
# smaller than the number of respondents) and who meet AMIF programme indicator 4:
# 176 of 255 = 69.02 % (seed: "Nästan sju av tio (69 %)").
KNOWLEDGE_ALL_BLANK = 4
INDICATOR_MET = 176

# "Jag kan ta bättre beslut om min framtid": 5 blank, 6 "Vet ej", 1 misspelt,
# 247 substantive of which 222 (89.9 %) at the top two levels (seed: "Nio av tio (90 %)").
FRAMTID_COUNTS = [2, 6, 17, 70, 152]

MISSPELT = {  # statement index -> the misspelt answer (one row each); the pipeline reports them
    0: "Stämer mycket väl",
    2: "Stämmer ganska myket",
    3: "Stämmer inte all",
}

COMMENTS_PLAIN = [
    "Bra kurs, tack!",
    "Läraren förklarade bra, men det gick lite snabbt ibland.",
    "Jag vill ha fler lektioner i svenska.",
    "Det var svårt med tekniken i början, sen gick det bra.",
    "Mycket bra information om hälsa och stress.",
    "Kursen hjälpte mig att förstå \"hur saker fungerar\" i Sverige.",
    "Tack till studiehandledaren; hon pratade mitt språk.",
    "Jag lärde mig om A-kassan, anställningsformer och diskriminering.",
    "Bra!\nMen för kort kurs.",
    "Önskar mer praktik, studiebesök och \"riktiga\" arbetsplatser.",
    "Jag bestämde mig för att studera vidare till undersköterska.",
    "Lektionerna online fungerade bra, även på mobilen.",
    "Första veckan var svår.\nSedan blev det bättre, tack vare gruppen.",
    "Mer tid för frågor, tack",
    "  Bra kurs  ",
    "Jag gör 'svensk övning' varje morgon nu.",
    "Matematiken var svår; men läraren var tålmodig, och jag klarade provet.",
    "Ingen kommentar",
    "-",
]
# Formula-injection attempts (OWASP CSV injection): they must never be evaluated.
COMMENTS_INJECTION = [
    '=HYPERLINK("http://x","klick")',
    "+SUM(1)",
    "@cmd",
    "-2+3",
    "=1+1",
]


def weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def likert_column(rng, n, counts, n_vet_ej, n_blank, misspelt=None):
    """A shuffled column with exactly the given counts per level (most negative first)."""
    col = [STAMMER[i] for i, c in enumerate(counts) for _ in range(c)]
    col += [VET_EJ] * n_vet_ej + [""] * n_blank
    if misspelt:
        col.append(misspelt)
    assert len(col) == n, (len(col), n)
    rng.shuffle(col)
    return col


def random_counts(rng, n, weights):
    """n answers spread over levels by weights; returns counts per level."""
    counts = [0] * len(weights)
    for _ in range(n):
        counts[rng.choices(range(len(weights)), weights=weights)[0]] += 1
    return counts


def vary_label(rng, label):
    """Some exports vary case, spacing and Unicode form; the scale matching ignores those."""
    r = rng.random()
    if r < 0.015:
        return label.lower()
    if r < 0.025:
        return label + " "
    if r < 0.03:
        return label.replace(" ", "  ", 1)
    if r < 0.035:
        return unicodedata.normalize("NFD", label)
    return label


def knowledge_answers(rng, meets):
    """Ja/Nej/blank for the fourteen items; Ja in >= 2 areas iff meets."""
    areas = list(AREAS)
    if meets:
        k = rng.choices([2, 3, 4, 5], weights=[30, 30, 25, 15])[0]
    else:
        k = rng.choices([0, 1], weights=[35, 65])[0]
    yes_areas = set(rng.sample(areas, k))
    answers = {}
    for area, codes in AREAS.items():
        if area in yes_areas:
            # at least one Ja in the area
            must = rng.choice(codes)
            for c in codes:
                answers[c] = "Ja" if c == must or rng.random() < 0.45 else weighted(rng, [("Nej", 85), ("", 15)])
        else:
            for c in codes:
                answers[c] = weighted(rng, [("Nej", 88), ("", 12)])
    return [answers[c] for c, _ in KNOWLEDGE]


def participant_rows(rng):
    slots = [(insats, kurs) for insats, courses in COURSES for kurs, _, resp in courses for _ in range(resp)]
    n = len(slots)
    assert n == 259
    rng.shuffle(slots)  # exports are in submission order, not by course

    # Likert columns, built with fixed counts so the headline figures are exact.
    cols = []
    cols.append(likert_column(rng, n, FRAMTID_COUNTS, 6, 5, MISSPELT[0]))
    c = random_counts(rng, n - 4 - 3, [2, 6, 14, 34, 44])          # integration
    cols.append(likert_column(rng, n, c, 4, 3))
    c = random_counts(rng, n - 2 - 4 - 1, [1, 3, 10, 36, 50])      # nöjd
    cols.append(likert_column(rng, n, c, 2, 4, MISSPELT[2]))
    c = random_counts(rng, n - 5 - 4 - 1, [38, 30, 18, 9, 5])      # svår att förstå (reverse-coded)
    cols.append(likert_column(rng, n, c, 5, 4, MISSPELT[3]))

    n_answering = n - KNOWLEDGE_ALL_BLANK
    flags = ["blank"] * KNOWLEDGE_ALL_BLANK + ["met"] * INDICATOR_MET + ["not"] * (n_answering - INDICATOR_MET)
    rng.shuffle(flags)

    comments = [""] * n
    picks = rng.sample(range(n), len(COMMENTS_PLAIN) + len(COMMENTS_INJECTION))
    for i, text in zip(picks, COMMENTS_PLAIN + COMMENTS_INJECTION):
        comments[i] = text

    rows = []
    for i, (insats, kurs) in enumerate(slots):
        rid = f"R{1001 + i}"
        email = f"deltagare{i + 1:04d}@example.org"
        gender = weighted(rng, GENDER)
        age = weighted(rng, AGE)
        likert = [vary_label(rng, col[i]) if col[i] in STAMMER else col[i] for col in cols]
        if flags[i] == "blank":
            know = [""] * len(KNOWLEDGE)
        else:
            know = knowledge_answers(rng, flags[i] == "met")
        rows.append([rid, email, insats, kurs, gender, age] + likert + know + [comments[i]])
    return rows


def enrollment_rows():
    return [[insats, kurs, str(enrolled)] for insats, courses in COURSES for kurs, enrolled, _ in courses]


# ---------------------------------------------------------------------------
# Study-supervisor survey: the table on the seed's slide "5 Flera delar i EMINs
# arbetssätt", printed as % per level with n. Counts per level, most positive
# first as printed (mycket väl, ganska mycket, lagom, lite, inte alls).
# ---------------------------------------------------------------------------

STAFF_RESPONDENTS = 28
STAFF = [
    # (statement, n, counts, printed %)
    ("Jag har ett tydligt mål för varje undervisningstillfälle vad mina elever ska lära sig/reflektera runt.",
     27, [21, 4, 2, 0, 0], [78, 15, 7, 0, 0]),
    ("Jag förmedlar tydligt målet med undervisningstillfället till mina elever.",
     28, [20, 6, 2, 0, 0], [71, 21, 7, 0, 0]),
    ("Jag följer i slutet av varje undervisningstillfälle upp målet med mina elever.",
     27, [13, 8, 3, 2, 1], [48, 30, 11, 7, 4]),
    ("Jag anpassar alltid min undervisning utifrån de elever som är med på respektive lektion.",
     27, [17, 9, 1, 0, 0], [63, 33, 4, 0, 0]),
    ("Jag har alltid med (för eleven) verklighetsnära uppgifter eller exempel i min undervisning.",
     28, [18, 7, 2, 1, 0], [64, 25, 7, 4, 0]),
    # Finding: printed 71/18/7/---/--- (n=28) sums to 96 %; no integer counts for any
    # n in 26-28 give it. These counts keep all three printed figures and put the
    # 28th answer on "Stämmer lite" (4 %, printed "---"). See data/README.md.
    ("Jag arbetar aktivt med att stärka eleverna i svenska språket (oberoende av ämne jag undervisar i).",
     28, [20, 5, 2, 1, 0], [71, 18, 7, 0, 0]),
    ("Jag arbetar aktivt för att eleverna ska kunna utbyta erfarenheter med varandra.",
     27, [19, 6, 1, 1, 0], [70, 22, 4, 4, 0]),
    ("Jag arbetar aktivt för att eleverna ska kunna lära känna varandra.",
     26, [17, 6, 3, 0, 0], [65, 23, 12, 0, 0]),
    ("Jag arbetar aktivt för att eleverna ska ha en bra relation till mig som studiehandledare.",
     28, [22, 5, 1, 0, 0], [79, 18, 4, 0, 0]),
]


def staff_rows(rng):
    cols = []
    for idx, (_, n, counts, _) in enumerate(STAFF):
        missing = STAFF_RESPONDENTS - n
        # One "Vet ej" in the statement with n = 26, blanks elsewhere: both are
        # excluded from n.
        n_vet_ej = 1 if idx == 7 else 0
        col = [STAMMER[4 - i] for i, c in enumerate(counts) for _ in range(c)]
        col += [VET_EJ] * n_vet_ej + [""] * (missing - n_vet_ej)
        assert len(col) == STAFF_RESPONDENTS
        rng.shuffle(col)
        cols.append(col)
    return [[f"SH{i + 1:02d}"] + [col[i] for col in cols] for i in range(STAFF_RESPONDENTS)]


# ---------------------------------------------------------------------------

def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def main():
    rng = random.Random(SEED)
    write_csv("kursutvardering_deltagare.csv", HEADER, participant_rows(rng))
    write_csv("inskrivna.csv", ["Insats", "Kurs", "Inskrivna"], enrollment_rows())
    write_csv("enkat_studiehandledare.csv", ["Svars-ID"] + [s[0] for s in STAFF], staff_rows(rng))


if __name__ == "__main__":
    main()
