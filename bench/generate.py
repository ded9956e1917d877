#!/usr/bin/env python3
"""Seeded generator of survey exports for the benchmark (issue 8).

    python3 bench/generate.py N OUT.csv [--seed 8]

One row per respondent, `;`-delimited UTF-8 (no BOM), CRLF line ends, quoted
where needed (RFC 4180 style, `"` doubled):

  Svars-ID; Kön; Insats; Kurs; P01. … P20. (Stämmer inte alls … Stämmer mycket väl,
  Vet ej, blank); K01. … K14. (Ja, Nej, blank); Kommentar (free text with commas,
  quotes and newlines; mostly empty)

About 200 courses in 20 projects (each course belongs to one project). Gender is
written as real exports write it (Kvinna, K, kvinna, Man, M, man, Annat, Vill ej
uppge, blank). The output depends only on N and the seed: answers come from a
pool of precomputed answer blocks and comments, drawn with random.Random(seed),
and are written in chunks (N = 1 000 000 is about 460 MB, a few seconds).
Standard library only.
"""

import argparse
import random

LIKERT = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
STATEMENTS = [
    "Jag kan ta bättre beslut om min framtid efter kursen.",
    "Utbildningen har varit till hjälp för min integration.",
    "Jag är nöjd med kursen som helhet.",
    "Kursen var svår att förstå.",
    "Läraren förklarade så att jag förstod.",
    "Jag fick tillräckligt med stöd under kursen.",
    "Kursmaterialet var lätt att använda.",
    "Tekniken fungerade under lektionerna.",
    "Jag kunde ställa frågor på mitt språk.",
    "Kursen motsvarade mina förväntningar.",
    "Jag har lärt mig saker som jag har nytta av.",
    "Jag vet mer om hur samhället fungerar.",
    "Jag känner mig tryggare att prata svenska.",
    "Jag vet vad jag vill göra efter kursen.",
    "Jag skulle rekommendera kursen till en vän.",
    "Tempot i kursen var lagom.",
    "Jag fick återkoppling på det jag gjorde.",
    "Gruppen hade en bra stämning.",
    "Kursens längd var lagom.",
    "Jag har fått verktyg för att må bättre.",
]
KNOWLEDGE = [
    "Jag har fått mer kunskap om svenska arbetsmarknaden, t ex hur man söker jobb.",
    "Jag har haft praktik eller gjort studiebesök.",
    "Jag har fått mer kunskap om hur jag kan utbilda mig.",
    "Jag har fått mer kunskap om framtida yrken som kan passa mig.",
    "Jag kan mer svenska.",
    "Jag vågar prata mer svenska.",
    "Jag har lärt känna fler människor i samhället där jag bor.",
    "Jag har fått mer kunskap om hur olika delar i samhället fungerar.",
    "Jag har fått mer kunskap om hur man kan vara mer aktiv i samhället, t ex i föreningar.",
    "Jag har fått mer kunskap om hur svenska skolsystemet fungerar för mina barn.",
    "Jag har fått mer kunskap om hur man skaffar boende i Sverige.",
    "Jag har fått mer kunskap om privatekonomi.",
    "Jag har fått mer kunskap om hur jag kan påverka min hälsa och min kropp.",
    "Jag har fått mer kunskap om hur jag kan påverka min hälsa mentalt, t ex sömn och oro.",
]
PROJECTS = [
    "Integration Norrbotten", "Integration Västerbotten", "Jämtland Etablering", "Västernorrland Vidare",
    "Gävleborg Framåt", "Dalarna Språkstöd", "Värmland Arbete", "Örebro Samhälle", "Västmanland Hälsa",
    "Uppsala Start", "Stockholm Nyanländ", "Södermanland Steg", "Östergötland Väg in", "Jönköping Kraft",
    "Kronoberg Kunskap", "Kalmar Kust", "Blekinge Online", "Skåne Möten", "Halland Nytt", "Västra Götaland Bro",
]
SUBJECTS = [
    "Samhällsorientering", "Svenska för vuxna", "Arbetsmarknadskurs", "Datorkurs grund", "Hushållsekonomi",
    "Matematik, De fyra räknesätten", "Matematik, Problemlösning", "Personlig utveckling", "Studieteknik",
    "Upptäck vård & omsorg",
]
GENDER = [("Kvinna", 30), ("Man", 25), ("K", 10), ("M", 8), ("kvinna", 4), ("man", 3),
          ("Annat", 6), ("Vill ej uppge", 6), ("", 10)]
COMMENTS = [
    "Bra kurs, tack!",
    "Läraren förklarade bra, men det gick lite snabbt ibland.",
    'Kursen hjälpte mig att förstå "hur saker fungerar" i Sverige.',
    "Bra!\nMen för kort kurs.",
    "Första veckan var svår.\nSedan blev det bättre, tack vare gruppen.",
    'Önskar mer praktik; studiebesök och "riktiga" arbetsplatser.',
    "Mer tid för frågor, tack",
    "Matematiken var svår, men läraren var tålmodig.",
    '=HYPERLINK("http://x","klick")',
    "+SUM(1)",
    "@cmd",
    "Tekniken strulade, men det löste sig.\r\nTack!",
]

POOL_BLOCKS = 8192
CHUNK = 20000


def quote(field):
    if any(c in field for c in ';"\r\n') or field != field.strip():
        return '"' + field.replace('"', '""') + '"'
    return field


def header():
    cols = ["Svars-ID", "Kön", "Insats", "Kurs"]
    cols += [f"P{i + 1:02d}. {t}" for i, t in enumerate(STATEMENTS)]
    cols += [f"K{i + 1:02d}. {t}" for i, t in enumerate(KNOWLEDGE)]
    cols += ["Kommentar"]
    return ";".join(quote(c) for c in cols) + "\r\n"


def courses():
    """200 courses, 10 per project; each course name is unique."""
    out = []
    for p, project in enumerate(PROJECTS):
        for s, subject in enumerate(SUBJECTS):
            out.append((project, f"{subject} {p * len(SUBJECTS) + s + 1:03d}"))
    return out


def answer_blocks(rng):
    """A pool of the 34 answers of one respondent, joined with ';'."""
    likert_w = []
    for i in range(len(STATEMENTS)):
        # item-specific tilt; 5 % "Vet ej", 4 % blank
        base = [2, 5, 14, 33, 46] if i != 3 else [40, 30, 17, 9, 4]
        tilt = [max(1, w + rng.randint(-3, 3)) for w in base]
        likert_w.append(tilt + [5, 4])
    values = LIKERT + ["Vet ej", ""]
    blocks = []
    for _ in range(POOL_BLOCKS):
        ans = [rng.choices(values, weights=w)[0] for w in likert_w]
        yes = rng.random() * 0.6 + 0.2  # respondent's propensity to answer Ja
        ans += ["" if rng.random() < 0.05 else ("Ja" if rng.random() < yes else "Nej") for _ in KNOWLEDGE]
        blocks.append(";".join(ans))
    return blocks


def generate(n, path, seed):
    rng = random.Random(seed)
    blocks = answer_blocks(rng)
    crs = courses()
    # course share varies (bigger and smaller courses), gender as weighted.
    course_w = [rng.randint(4, 10) for _ in crs]  # no course too small for any gender group
    keys = [f";{quote(g)};{quote(p)};{quote(c)};" for p, c in crs for g, _ in GENDER]
    ng = len(GENDER)
    gender_w = [w for _, w in GENDER]
    comments = [quote(c) for c in COMMENTS]
    key_idx = range(len(crs))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header())
        done = 0
        while done < n:
            m = min(CHUNK, n - done)
            cidx = rng.choices(key_idx, weights=course_w, k=m)
            gidx = rng.choices(range(ng), weights=gender_w, k=m)
            bidx = [rng.randrange(POOL_BLOCKS) for _ in range(m)]
            cm = [comments[rng.randrange(len(comments))] if rng.random() < 0.3 else "" for _ in range(m)]
            f.write("".join(
                f"{done + i + 1}{keys[c * ng + g]}{blocks[b]};{t}\r\n"
                for i, (c, g, b, t) in enumerate(zip(cidx, gidx, bidx, cm))))
            done += m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args()
    generate(a.n, a.out, a.seed)


if __name__ == "__main__":
    main()
