#!/usr/bin/env python3
"""Generates a synthetic news corpus in JSON Lines, seeded and deterministic.

Usage: bench/synth_corpus.py [--seed N] [--per-file N] [--queries N]
                              COUNT OUT_DIR

Writes COUNT articles to OUT_DIR/part-NNNN.jsonl, OUT_DIR/queries.tsv:
N benchmark queries (in bench/queries.tsv's format) drawn from the same
vocabulary, the same for every COUNT, and OUT_DIR/facet_queries.tsv:
two-word queries chosen to match about 0.05%, 1%, 10% and 70% of the
articles, for the facet benchmark. The same seed, count and
gazetteer data give the same bytes. No text comes from any news collection:
the vocabulary is made of generated pseudo-words plus a short list of English
function words written for this script, drawn with Zipf-like frequencies;
people and organisations are generated names; places come from the GeoNames
city list and the mledoze country list when ../shared/data has them (else
they are generated too). What is taken from Reuters-21578 is only numbers,
measured on its 19,043 stories with a body (see STATS).
"""
import argparse
import bisect
import datetime
import itertools
import json
import math
import os
import random
import sys

# Measured on Reuters-21578 (bench/reuters_convert.py output): words per body
# are log-normal with these parameters (mean 138, median 91, p90 297);
# sentences average 21.5 words, paragraphs about 4 sentences; 5.5% of tokens
# are numbers; 61,054 distinct words in 2.6M tokens, the most frequent word
# 5.5% of tokens. The Zipf-Mandelbrot law 1/(rank + q)^s below, over a
# million words, gives about 74,000 distinct words in as many tokens, the
# most frequent 7.7%, and keeps finding new words as the corpus grows.
STATS = {
    "words_mu": 4.55,
    "words_sigma": 0.86,
    "sentence_words": 21.5,
    "paragraph_sentences": 4,
    "number_share": 0.055,
    "vocabulary": 1_000_000,
    "zipf_s": 1.4,
    "zipf_q": 4,
    "inflected_share": 0.05,
    "entity_share": 0.04,
}

# English function words, most frequent first (written for this script).
FUNCTION_WORDS = """the of to and in a for on is that said it by with from at
was as be its an will has have are would were which not but this also or
had been year last per he they more than their new after about up over one
two first three other into could may over against under between while when
some all its there these out only most before since we his no any under such
during both then so can should because through until most where what who
them very just like many while down each those before our now""".split()

SYLLABLES_ONSET = "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr st sl sp ch sh th".split()
SYLLABLES_VOWEL = "a e i o u ai ea ou io".split()
SYLLABLES_CODA = ["", "", "", "n", "r", "s", "l", "t", "m", "nd", "st", "rk"]
SUFFIXES = ["s", "ed", "ing", "er", "ly", "ion", "ment"]
ORG_KINDS = ["Corp", "Bank", "Group", "Holdings", "Industries", "Ministry",
             "Council", "Agency", "Union", "Partners"]
TITLES = ["President", "Minister", "Chairman", "Governor", "Senator",
          "spokesman", "analyst"]


def pseudo_word(rng, syllables):
    return "".join(rng.choice(SYLLABLES_ONSET) + rng.choice(SYLLABLES_VOWEL) +
                   rng.choice(SYLLABLES_CODA) for _ in range(syllables))


def unique_words(rng, count, min_syl, max_syl, taken):
    out = []
    while len(out) < count:
        w = pseudo_word(rng, rng.randint(min_syl, max_syl))
        if w not in taken:
            taken.add(w)
            out.append(w)
    return out


def zipf_cumulative(n, s, q=0):
    total = 0.0
    cum = []
    for rank in range(1, n + 1):
        total += 1.0 / (rank + q) ** s
        cum.append(total)
    return cum


def load_places(data_dir):
    places = []
    countries = os.path.join(data_dir, "countries-mledoze", "countries.json")
    cities = os.path.join(data_dir, "geonames", "cities15000.txt")
    if os.path.exists(countries):
        with open(countries, encoding="utf-8") as f:
            for c in json.load(f):
                places.append(c["name"]["common"])
    if os.path.exists(cities):
        with open(cities, encoding="utf-8") as f:
            rows = [line.split("\t") for line in f]
        # Largest cities first, so frequent mentions are of big places.
        rows.sort(key=lambda r: -int(r[14] or 0))
        places.extend(r[1] for r in rows[:5000])
    return places


class Generator:
    def __init__(self, seed, data_dir):
        self.rng = random.Random(seed)
        rng = self.rng
        taken = set(FUNCTION_WORDS)
        content = unique_words(rng, STATS["vocabulary"] - len(FUNCTION_WORDS),
                               1, 3, taken)
        # Function words take the top ranks, as in real text.
        self.vocab = FUNCTION_WORDS + content
        self.vocab_cum = zipf_cumulative(len(self.vocab), STATS["zipf_s"],
                                         STATS["zipf_q"])
        firsts = [w.capitalize() for w in unique_words(rng, 3000, 2, 3, taken)]
        lasts = [w.capitalize() for w in unique_words(rng, 8000, 2, 3, taken)]
        self.people = ["%s %s" % (rng.choice(firsts), rng.choice(lasts))
                       for _ in range(20000)]
        self.orgs = ["%s %s" % (w.capitalize(), rng.choice(ORG_KINDS))
                     for w in unique_words(rng, 5000, 2, 3, taken)]
        self.places = load_places(data_dir) or [
            w.capitalize() for w in unique_words(rng, 5000, 2, 3, taken)]
        self.people_cum = zipf_cumulative(len(self.people), 1.0)
        self.orgs_cum = zipf_cumulative(len(self.orgs), 1.0)
        self.places_cum = zipf_cumulative(len(self.places), 1.0)
        self.first_day = 726833  # 1991-01-01 as a proleptic ordinal
        self.days = 35 * 365     # to 2025

    def pick(self, items, cum):
        return items[bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def entity_phrase(self):
        rng = self.rng
        kind = rng.random()
        if kind < 0.4:
            person = self.pick(self.people, self.people_cum)
            return rng.choice([
                "%s %s said" % (rng.choice(TITLES), person),
                "%s told reporters" % person,
                "according to %s" % person,
            ])
        if kind < 0.75:
            return "in %s" % self.pick(self.places, self.places_cum)
        return "%s said" % self.pick(self.orgs, self.orgs_cum)

    def number(self):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return str(rng.randint(1, 99))
        if r < 0.7:
            return "%d.%02d" % (rng.randint(0, 999), rng.randint(0, 99))
        return "{:,}".format(rng.randint(100, 9_999_999))

    def words(self, n):
        rng = self.rng
        out = rng.choices(self.vocab, cum_weights=self.vocab_cum, k=n)
        for i in range(n):
            r = rng.random()
            if r < STATS["number_share"]:
                out[i] = self.number()
            elif (r < STATS["number_share"] + STATS["inflected_share"] and
                  len(out[i]) > 3):
                out[i] += rng.choice(SUFFIXES)
        return out

    def article(self, index):
        rng = self.rng
        n = max(8, int(rng.lognormvariate(STATS["words_mu"],
                                          STATS["words_sigma"])))
        tokens = self.words(n)
        paragraphs, sentences, sentence = [], [], []
        for tok in tokens:
            sentence.append(tok)
            if rng.random() < STATS["entity_share"]:
                sentence.append(self.entity_phrase())
            if rng.random() < 1 / STATS["sentence_words"]:
                sentences.append(self.sentence(sentence))
                sentence = []
                if rng.random() < 1 / STATS["paragraph_sentences"]:
                    paragraphs.append(" ".join(sentences))
                    sentences = []
        if sentence:
            sentences.append(self.sentence(sentence))
        if sentences:
            paragraphs.append(" ".join(sentences))
        title_words = self.words(rng.randint(4, 9))
        if rng.random() < 0.5:
            title_words.insert(rng.randint(0, len(title_words)),
                               self.pick(self.places, self.places_cum))
        day = self.first_day + rng.randrange(self.days)
        date = datetime.date.fromordinal(day).isoformat()
        return {
            "id": "s%07d" % index,
            "date": date,
            "title": " ".join(w.capitalize() for w in title_words),
            "body": "\n\n".join(paragraphs),
            "source": "Synthetic",
        }

    def queries(self, count, seed):
        """Queries over the vocabulary: frequent and rare words, pairs,
        phrases, place filters and date ranges, in fixed proportions."""
        rng = random.Random(seed)
        content = self.vocab[len(FUNCTION_WORDS):]
        # By rank: in 10k articles, rank 300 occurs about 400 times, rank
        # 5000 about 8 times, rank 50000 not at all; at 1M, 100 times more.
        common = content[:300]
        middle = content[300:5000]
        rare = content[5000:50000]
        out = []
        kinds = ["word", "word", "words", "words", "words", "phrase", "rare",
                 "entity", "date", "broad"]
        for i in range(count):
            kind = kinds[i % len(kinds)]
            options = ""
            if kind == "word":
                query = rng.choice(middle)
            elif kind == "words":
                query = " ".join([rng.choice(common)] +
                                 rng.sample(middle, rng.randint(1, 2)))
            elif kind == "phrase":
                query = '"%s %s"' % (rng.choice(FUNCTION_WORDS[:30]),
                                     rng.choice(common))
            elif kind == "rare":
                query = rng.choice(rare)
            elif kind == "entity":
                query = rng.choice(common)
                options = "--place %s" % self.places[rng.randrange(50)]
            elif kind == "date":
                query = rng.choice(common)
                year = 1991 + rng.randrange(35)
                options = "--since %d-%02d --until %d" % (
                    year, rng.randint(1, 12), year)
            else:
                query = " ".join(rng.sample(common[:50], 2))
            out.append("%s\t%s\t%s" % (kind, query, options))
        return out

    def doc_share(self, rank):
        """The share of articles whose body has the word of this rank (from
        0): 1 - (1 - p)^n averaged over the body lengths n the generator
        draws (log-normal; a few quantiles suffice)."""
        p = (self.vocab_cum[rank] - (self.vocab_cum[rank - 1] if rank else 0)
             ) / self.vocab_cum[-1]
        p *= 1 - STATS["number_share"]
        lengths = [math.exp(STATS["words_mu"] + STATS["words_sigma"] * z)
                   for z in (-1.5, -0.8, -0.3, 0.0, 0.3, 0.8, 1.5)]
        return sum(1 - (1 - p) ** n for n in lengths) / len(lengths)

    def facet_queries(self, per_bin, seed):
        """Two-word queries whose match shares land near 0.05%, 1%, 10% and
        70% of the corpus (the words drawn independently, so the share of a
        pair is about the product of the words' shares), for the facet
        benchmark's bins; the same for every corpus size."""
        rng = random.Random(seed)
        shares = [self.doc_share(r) for r in range(20000)]
        # Word ranks by share, falling.
        out = []
        for name, target in (("0.05%", 0.0005), ("1%", 0.01), ("10%", 0.1),
                             ("70%", 0.7)):
            used = set()
            for _ in range(per_bin):
                # The first word's share between the target's square root
                # and 1 (or, for broad targets, near the root), the second
                # the rest of the way.
                low = math.log(max(target, 1e-9)) / 2
                first = math.exp(rng.uniform(low, low / 3))
                second = target / first
                pair = []
                for want in (first, second):
                    best = min((r for r in range(len(shares))
                                if r not in used and self.vocab[r] not in pair),
                               key=lambda r: abs(math.log(shares[r] / want)))
                    pair.append(self.vocab[best])
                    used.add(best)
                out.append("facets-%s\t%s %s\t" % (name, pair[0], pair[1]))
        return out

    @staticmethod
    def sentence(words):
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20250528)
    ap.add_argument("--per-file", type=int, default=10000,
                    help="articles per JSON Lines file")
    ap.add_argument("--data", default=os.environ.get(
        "GAZETTE_DATA", os.path.join(repo, "..", "shared", "data")),
        help="where the gazetteer data is (optional)")
    ap.add_argument("--queries", type=int, default=200,
                    help="benchmark queries to write to queries.tsv")
    ap.add_argument("--queries-only", action="store_true",
                    help="write queries.tsv and no articles")
    ap.add_argument("count", type=int)
    ap.add_argument("out")
    args = ap.parse_args()
    gen = Generator(args.seed, args.data)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "queries.tsv"), "w",
              encoding="utf-8") as f:
        f.write("# Generated by bench/synth_corpus.py --seed %d\n" % args.seed)
        for q in gen.queries(args.queries, args.seed + 1):
            f.write(q + "\n")
    with open(os.path.join(args.out, "facet_queries.tsv"), "w",
              encoding="utf-8") as f:
        f.write("# Generated by bench/synth_corpus.py --seed %d: two-word "
                "queries by match share\n" % args.seed)
        for q in gen.facet_queries(10, args.seed + 2):
            f.write(q + "\n")
    if args.queries_only:
        return 0
    written = 0
    for part in itertools.count():
        if written >= args.count:
            break
        n = min(args.per_file, args.count - written)
        path = os.path.join(args.out, "part-%04d.jsonl" % part)
        with open(path, "w", encoding="utf-8") as f:
            for i in range(written, written + n):
                f.write(json.dumps(gen.article(i), ensure_ascii=False) + "\n")
        written += n
    print("synth_corpus: %d articles in %s" % (written, args.out),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
