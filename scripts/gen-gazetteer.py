#!/usr/bin/env python3
"""Writes the generated gazetteer files under common/data/ from the public
sources in the shared data directory:

  common/data/geonames_places.tsv  cities15000 and admin-1 divisions
                                   (GeoNames, CC BY 4.0)
  common/data/countries.tsv        countries, official names, alternative
                                   spellings and demonyms (mledoze/countries,
                                   ODbL 1.0, with GeoNames' countryInfo names)
  common/data/open_words.tsv       common lower-case words and first names
                                   counted in the CC BY 4.0 sets of ner-open/
                                   (BTC, WNUT17, GUM's CC BY genres)

A place name that is also an ordinary English word ("Nice", "March",
"Western") is left out unless the place is large: the words are those seen in
lower case at least three times in the openly licensed text of
ner-open/ (used only to filter, nothing of it is written out).

Usage: scripts/gen-gazetteer.py [DATA_DIR] [--out DIR] [--check]
DATA_DIR defaults to $GAZETTE_DATA, else ../shared/data beside the
repository; DIR to common/data. --check writes nothing: it regenerates in
memory and exits 1 if a committed file differs (0 if all match, 77 if the
data is absent, which CTest counts as skipped).
The output is committed; the build embeds it, so no data path is needed at
run time. Record format: see common/entities/gazetteer.h."""
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("GAZETTE_DATA") or os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "common", "data")

# Letters only (Latin script), words joined by spaces, hyphens or apostrophes.
NAME_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '\-.’])*[^\W\d_.]$")
# An English-looking alternate name: plain ASCII, capitalised, not a code.
ASCII_ALT_RE = re.compile(r"^[A-Z][a-z]+(?:[ \-][A-Za-z][a-z]+)*$")
# Transliterated Arabic article forms ("Al-Sham", "Esh Sham") in alternate
# names match parts of other names; short alternates are mostly abbreviations.
ALT_PREFIX_RE = re.compile(r"^(?:A[dlnrst]|Ash|E[lnrs]|Esh|Ehr?|Ez)[ \-]")
# Short alternative spellings that are safe to match as names.
KEEP_CODES = {"US", "USA", "UK", "UAE", "DRC", "DPRK", "RSA"}
# Alternative spellings that are ordinary words or ambiguous in English text.
DROP_ALTS = {"Island", "Prathet", "Mann", "Timor", "Lao", "Thai", "Saudi",
             "Portuguesa", "Mexicanos", "Guiana", "Macedonia", "Congo",
             "Zhonghua", "the Abode of Peace", "Vatican", "Pitcairn"}


def is_latin(text):
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def record(type_, name, kind, weight, aliases, derived):
    seen = {fold(name)}

    def new_names(names):
        kept = []
        for n in map(clean, names):
            if n and fold(n) not in seen and "|" not in n:
                seen.add(fold(n))
                kept.append(n)
        return "|".join(kept)

    uniq = new_names(aliases)
    der = new_names(derived)
    return "\t".join([type_, clean(name), kind, str(weight), uniq, der])


def country_populations():
    pops, names = {}, {}
    with open(os.path.join(DATA, "geonames", "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            pops[cols[0]] = int(cols[7] or 0)
            names[cols[0]] = cols[4]
    return pops, names


def write_countries():
    pops, geonames_names = country_populations()
    with open(os.path.join(DATA, "countries-mledoze", "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    # A demonym shared by several entries ("French", "Dutch") belongs to the
    # independent country with the most people.
    countries.sort(key=lambda c: (not c.get("independent"), -pops.get(c["cca2"], 0)))
    claimed = set()
    lines = []
    for c in countries:
        name = c["name"]["common"]
        aliases = [c["name"]["official"]]
        if c["cca2"] in geonames_names:
            aliases.append(geonames_names[c["cca2"]])
        for alt in c.get("altSpellings", []):
            if "," in alt or "(" in alt or alt in DROP_ALTS or not is_latin(alt):
                continue
            if alt.isupper() and alt not in KEEP_CODES:
                continue
            aliases.append(alt)
        aliases = [a for a in aliases if NAME_RE.match(a) or a in KEEP_CODES]
        derived = []
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for form in {eng.get("m", ""), eng.get("f", "")}:
            for d in re.split(r",\s*|\s+or\s+", form):
                d = d.strip()
                if not d or d == name or fold(d) in claimed:
                    continue
                claimed.add(fold(d))
                derived.append(d)
                if re.search(r"(an|i)$", d):
                    derived.append(d + "s")
        lines.append(record("place", name, "country", pops.get(c["cca2"], 0), aliases, derived))
    lines.sort()
    header = [
        "# Countries: common English name, official name and alternative spellings,",
        "# and English demonyms (marked derived). Generated by scripts/gen-gazetteer.py",
        "# from mledoze/countries (Open Database License 1.0; see common/data/NOTICE)",
        "# with names and populations from GeoNames countryInfo (CC BY 4.0).",
        "# type\tname\tkind\tweight\taliases\tderived",
    ]
    write("countries.tsv", header + lines)


# The ner-open sets whose text and annotations need attribution only
# (CC BY): see ner-open/README.md. GUM's bio and voyage genres are CC BY-SA.
def attribution_only_files():
    base = os.path.join(DATA, "ner-open")
    for name in ("btc/train_dev_test_conll/btc.train", "btc/train_dev_test_conll/btc.dev",
                 "btc/train_dev_test_conll/btc.test", "wnut17/wnut17train.conll",
                 "wnut17/emerging.dev.conll", "wnut17/emerging.test.annotated"):
        yield os.path.join(base, name), 0
    gum = os.path.join(base, "gum", "dep")
    if os.path.isdir(gum):
        for name in sorted(os.listdir(gum)):
            if name.endswith(".conllu") and "_bio_" not in name and "_voyage_" not in name:
                yield os.path.join(gum, name), 1


def write_open_words():
    """Common words (seen in lower case at least five times) and first names
    (first words of people's names of two or more words, seen twice)."""
    lower = {}
    first = {}
    for path, column in attribution_only_files():
        if not os.path.exists(path):
            print(f"warning: {path} missing; open_words.tsv not written", file=sys.stderr)
            return
        rows = []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    rows.append(None)
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) <= column:
                    rows.append(None)
                    continue
                tag = cols[-1] if column == 0 else ""
                rows.append((cols[column], tag))
        for i, row in enumerate(rows):
            if row is None:
                continue
            word, tag = row
            if word.isalpha() and word.islower() and word.isascii():
                lower[word] = lower.get(word, 0) + 1
            if tag.startswith("B-") and tag[2:].lower() in ("per", "person"):
                nxt = rows[i + 1] if i + 1 < len(rows) else None
                if (nxt and nxt[1] in ("I-PER", "I-person") and word.isalpha()
                        and word[0].isupper() and word[1:].islower() and len(word) > 1):
                    first[word] = first.get(word, 0) + 1
    common = sorted(w for w, c in lower.items() if c >= 5 and len(w) > 1)
    common_set = set(common)
    names = sorted(w for w, c in first.items() if c >= 2 and w.lower() not in common_set)
    lines = [
        "# Words counted in openly licensed text: ner-open/ BTC (Derczynski, Bontcheva",
        "# and Roberts, Broad Twitter Corpus), WNUT17 (Derczynski et al., Emerging and",
        "# Rare Entities) and GUM (Zeldes, the GUM corpus; the CC BY genres only), all",
        "# CC BY 4.0; see common/data/NOTICE. Generated by scripts/gen-gazetteer.py.",
        "# common: seen in lower case five times or more. firstname: the first word",
        "# of a person's name of two or more words, twice or more.",
    ]
    for cls, words in (("common", common), ("firstname", names)):
        for i in range(0, len(words), 12):
            lines.append("word\t" + " ".join(words[i:i + 12]) + "\t" + cls)
    write("open_words.tsv", lines)


def common_words():
    """Lower-case words of running English text in ner-open/, with counts."""
    counts = {}
    base = os.path.join(DATA, "ner-open")
    if not os.path.isdir(base):
        print("warning: no ner-open/ data; place names are not filtered", file=sys.stderr)
        return set()
    for folder, _, files in os.walk(base):
        for name in files:
            if name.endswith((".md", ".rst", ".stats")) or name.startswith(("LICENSE", "README")):
                continue
            column = 1 if name.endswith(".conllu") else 0
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    cols = line.split("\t") if "\t" in line else line.split()
                    if len(cols) <= column:
                        continue
                    word = cols[column]
                    if word.isalpha() and word.islower():
                        counts[word] = counts.get(word, 0) + 1
    return {w for w, c in counts.items() if c >= 3}


# Places this large keep their name even when it is an ordinary word.
KEEP_COMMON_ABOVE = 1000000


def write_places():
    common = common_words()
    admin1 = {}
    with open(os.path.join(DATA, "geonames", "admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            code, name, ascii_name, _ = line.rstrip("\n").split("\t")
            admin1[code] = (name, ascii_name)
    best = {}

    def add(name, kind, weight, aliases):
        if len(name) < 3 or not NAME_RE.match(name) or not is_latin(name):
            return
        if fold(name) in common and weight < KEEP_COMMON_ABOVE:
            return
        key = fold(name)
        if key not in best or best[key][2] < weight:
            best[key] = (name, kind, weight, aliases)

    with open(os.path.join(DATA, "geonames", "cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            name, ascii_name, alternates = cols[1], cols[2], cols[3]
            population = int(cols[14] or 0)
            aliases = [ascii_name]
            # Alternate names carry no language tags; for big cities the
            # capitalised plain-ASCII ones are mostly English exonyms.
            if population >= 1000000:
                aliases += [a for a in alternates.split(",")
                            if ASCII_ALT_RE.match(a) and len(a) >= 5
                            and not ALT_PREFIX_RE.match(a)]
            add(name, "city", population,
                [a for a in aliases if NAME_RE.match(a) and fold(a) not in common])
    for code, (name, ascii_name) in admin1.items():
        add(name, "admin1", 0, [ascii_name])
    lines = [record("place", n, k, w, a, []) for (n, k, w, a) in best.values()]
    lines.sort()
    header = [
        "# Places: cities of 15,000 people or more and first-level administrative",
        "# divisions. Generated by scripts/gen-gazetteer.py from GeoNames",
        "# (geonames.org) cities15000 and admin1CodesASCII, CC BY 4.0; see",
        "# common/data/NOTICE. type\tname\tkind\tweight(population)\taliases\tderived",
    ]
    write("geonames_places.tsv", header + lines)


CHECK = False
STALE = []


def write(name, lines):
    path = os.path.join(OUT, name)
    text = "\n".join(lines) + "\n"
    if CHECK:
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                STALE.append(path)
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path}: {len(lines)} lines")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--check" in args:
        CHECK = True
        args.remove("--check")
    if "--out" in args:
        i = args.index("--out")
        OUT = args[i + 1]
        del args[i:i + 2]
    if args:
        DATA = args[0]
    if not os.path.isdir(os.path.join(DATA, "geonames")):
        print(f"gen-gazetteer: no gazetteer sources in {DATA}; skipped", file=sys.stderr)
        sys.exit(77 if CHECK else 2)
    write_countries()
    write_places()
    write_open_words()
    if STALE:
        print("gen-gazetteer: out of date with scripts/gen-gazetteer.py: " + ", ".join(STALE)
              + " (run scripts/gen-gazetteer.py)", file=sys.stderr)
        sys.exit(1)
