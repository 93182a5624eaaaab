#!/usr/bin/env python3
"""Converts the NER data sets into one format for bench/ner_eval.

Usage: bench/ner_data.py [--data DIR] --out DIR

DIR is the shared data directory (../shared/data relative to the repository
unless $GAZETTE_DATA says otherwise). Every set found is written to the
output folder as NAME.jsonl, one document per line:

  {"id": "...", "text": "...", "spans": [[BEGIN, END, "PER"], ...]}

BEGIN and END are byte offsets into the UTF-8 text; the type is PER, LOC,
ORG or MISC (any other named type: not scored, and "O" in training). Text is
the sentences' own text where the set gives it (UNER's `# text`, GUM, re3d),
otherwise the tokens joined by spaces; sentences are joined by newlines.

The sets, their use and the mapping of their types to person (PER), place
(LOC) and organisation (ORG):

  conll-{train,testa,testb}  CoNLL-2003 (research only: never train what
      ships on it; testb is for reporting only). PER/LOC/ORG as they are.
  wikigold                   evaluation only. PER/LOC/ORG as they are.
  pud-news, pud-wiki         UNER English-PUD, evaluation only, split by
      sentence id (n... news, w... Wikipedia). PER/LOC/ORG as they are.
  ewt-test                   UNER English-EWT release test, evaluation only.
  ewt-dev                    UNER English-EWT release dev (training allowed).
  ewt-train                  UNER English-EWT pre-release train (the release
      train is missing; its authors marked this one "do not use"): OTH is
      MISC, the stray tag B-O is O.
  crossner-politics          CrossNER politics test split, evaluation only:
      person, politician -> PER; location, country -> LOC; organisation,
      politicalparty -> ORG; election, event, misc -> MISC.
  crossner-{science,music,literature,ai}  all three splits of each domain
      pooled (training allowed): person, politician, scientist,
      musicalartist, writer, researcher -> PER; location, country -> LOC;
      organisation, politicalparty, university, band -> ORG; the rest MISC.
  gum-{train,dev,test}       GUM's openly licensed genres, split as its
      splits.md says; named entities derived from its mentions (see
      gum_spans).
  re3d                       the five open re3d subsets: Person, Location,
      Organisation with confidence >= 0.5 whose text is a name (capitalised
      words, a leading "the" dropped); Nationality and the rest MISC.
  btc-{train,dev,test}       Broad Twitter Corpus, its own split.
  wnut17-{train,dev,test}    WNUT 2017: person -> PER, location -> LOC,
      corporation and group -> ORG, product and creative-work -> MISC.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CROSSNER_EVAL = {
    "person": "PER", "politician": "PER",
    "location": "LOC", "country": "LOC",
    "organisation": "ORG", "politicalparty": "ORG",
}
CROSSNER_TRAIN = dict(CROSSNER_EVAL, scientist="PER", musicalartist="PER",
                      writer="PER", researcher="PER", university="ORG",
                      band="ORG")
WNUT = {"person": "PER", "location": "LOC", "corporation": "ORG",
        "group": "ORG"}
CONNECTORS = {"of", "and", "the", "for", "de", "del", "della", "des", "du",
              "da", "do", "dos", "van", "von", "der", "den", "la", "le",
              "al", "el", "bin", "ibn", "on", "in", "&", "-", "'", "."}


class Doc:
    """A document being built: UTF-8 text and byte-offset spans."""

    def __init__(self, doc_id):
        self.id = doc_id
        self.text = bytearray()
        self.spans = []

    def add_sentence(self, tokens, tags, text=None):
        """Appends one sentence; tags are per token (any BIO scheme)."""
        if self.text:
            self.text += b"\n"
        base = len(self.text)
        offsets = align(tokens, text) if text is not None else None
        if offsets is None:
            text = " ".join(tokens)
            offsets, pos = [], 0
            for t in tokens:
                offsets.append((pos, pos + len(t)))
                pos += len(t) + 1
        data = text.encode("utf-8")
        # Character offsets to byte offsets.
        cum = [0]
        for ch in text:
            cum.append(cum[-1] + len(ch.encode("utf-8")))
        self.text += data
        for first, end, typ in spans_of(tags):
            self.spans.append([base + cum[offsets[first][0]],
                               base + cum[offsets[end - 1][1]], typ])

    def json(self):
        return json.dumps({"id": self.id,
                           "text": self.text.decode("utf-8"),
                           "spans": self.spans}, ensure_ascii=False)


def align(tokens, text):
    """Character offsets of tokens in text, or None when they do not match."""
    offsets, pos = [], 0
    for t in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(t, pos):
            return None
        offsets.append((pos, pos + len(t)))
        pos += len(t)
    return offsets


def spans_of(tags):
    """(first, end, type) of each entity in a tag sequence. Reads IOB1, IOB2
    and IO alike: an entity starts at B- or where the type changes."""
    out, start, cur = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        typ = None if tag == "O" else tag[2:]
        if cur is not None and (typ != cur or tag.startswith("B-")):
            out.append((start, i, cur))
            cur = None
        if typ is not None and cur is None:
            start, cur = i, typ
    return out


def map_tags(tags, mapping):
    out = []
    for tag in tags:
        if tag == "O" or tag in ("B-O", "I-O"):
            out.append("O")
            continue
        typ = mapping.get(tag[2:], "MISC")
        out.append(tag[:2] + typ)
    return out


def read_columns(path, token_col, tag_col, docstart=True):
    """Documents of a CoNLL-style file: one token per line, blank lines
    between sentences, -DOCSTART- between documents (or a document per
    sentence when there are none). Yields lists of (tokens, tags, text)."""
    doc, sent, text = [], [], None
    docs = []

    def flush_sentence():
        nonlocal sent, text
        if sent:
            doc.append(([t for t, _ in sent], [g for _, g in sent], text))
        sent, text = [], None

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("-DOCSTART-"):
                flush_sentence()
                if doc:
                    docs.append(doc)
                doc = []
                continue
            if line.startswith("# newdoc"):
                flush_sentence()
                if doc:
                    docs.append(doc)
                doc = []
                continue
            if line.startswith("# text = "):
                text = line[len("# text = "):]
                continue
            if line.startswith("#") and "\t" not in line:
                continue
            if not line.strip():
                flush_sentence()
                if not docstart and doc:
                    docs.append(doc)
                    doc = []
                continue
            fields = line.split("\t") if "\t" in line else line.split(" ")
            if len(fields) <= max(token_col, tag_col):
                continue
            sent.append((fields[token_col], fields[tag_col]))
    flush_sentence()
    if doc:
        docs.append(doc)
    return docs


def write(out_dir, name, docs):
    path = os.path.join(out_dir, name + ".jsonl")
    spans = 0
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(d.json() + "\n")
            spans += sum(1 for s in d.spans if s[2] != "MISC")
    print(f"{name}: {len(docs)} documents, {spans} PER/LOC/ORG spans",
          file=sys.stderr)


def column_set(out_dir, name, path, token_col, tag_col, mapping,
               docstart=True, keep=None):
    if not os.path.exists(path):
        return
    docs = []
    for n, doc in enumerate(read_columns(path, token_col, tag_col, docstart)):
        d = Doc(f"{name}-{n}")
        for tokens, tags, text in doc:
            d.add_sentence(tokens, map_tags(tags, mapping), text)
        docs.append(d)
    write(out_dir, name, docs)


def uner(out_dir, name, path, sentence_filter=None, mapping=None):
    """UNER files: `# newdoc`, `# sent_id`, `# text`, then index, token, tag."""
    if not os.path.exists(path):
        return
    mapping = mapping or {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    docs, d, sent_id, text, tokens, tags = [], None, "", None, [], []

    def flush():
        nonlocal tokens, tags, text
        if tokens and (sentence_filter is None or sentence_filter(sent_id)):
            d.add_sentence(tokens, map_tags(tags, mapping), text)
        tokens, tags, text = [], [], None

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id = "):
                flush()
                if d is not None and d.text:
                    docs.append(d)
                d = Doc(line[len("# newdoc id = "):])
            elif line.startswith("# sent_id = "):
                sent_id = line[len("# sent_id = "):]
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                flush()
            else:
                fields = line.split("\t")
                if "-" in fields[0] or "." in fields[0]:
                    continue
                tokens.append(fields[1])
                tags.append(fields[2])
    flush()
    if d is not None and d.text:
        docs.append(d)
    write(out_dir, name, docs)


def title_words():
    """Title words from the curated gazetteer (President, Professor...)."""
    words = set()
    path = os.path.join(ROOT, "common", "data", "curated.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "word" and len(fields) >= 3 and (
                    "title" in fields[2].split(",")
                    or "titlemod" in fields[2].split(",")):
                words.update(w.lower() for w in fields[1].split())
    return words


PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "us", "them",
            "this", "that", "these", "those"}
EXTRA_TITLES = {"dr", "mr", "mrs", "ms", "miss", "sir", "dame", "emperor",
                "empress", "professor", "prof", "rev", "st", "spc", "sgt",
                "lt", "gen", "col", "capt", "maj", "he", "hrh"}
CUTS = {",", "(", ")", ";", ":", "\u2013", "\u2014", "/"}


def name_span(words, proper, typ, titles):
    """The name inside a mention's words, as (first, end), or None: leading
    determiners, lower-case words and titles and trailing non-names dropped,
    cut at a comma or bracket (an apposition), and only capitalised words
    and connectors inside (no "of" or "the" inside a person's name)."""
    def is_name(i):
        return proper[i] and words[i][:1].isupper() or words[i][:1].isdigit()
    s, e = 0, len(words)
    while s < e and not (words[s][:1].isupper() or words[s][:1].isdigit()):
        s += 1
    for i in range(s, e):
        if words[i] in CUTS:
            e = i
            break
    while e > s and not is_name(e - 1):
        e -= 1
    for i in range(s, e - 1):
        key = words[i].lower().rstrip(".")
        if key in titles or key in EXTRA_TITLES:
            s = i + 1
    while s < e and not (words[s][:1].isupper() or words[s][:1].isdigit()):
        s += 1
    if s >= e:
        return None
    inside = [w.lower() for w in words[s:e]]
    if any(not (w[:1].isupper() or w[:1].isdigit() or w in CONNECTORS)
           for w in words[s:e]):
        return None
    if typ == "PER" and any(w in ("of", "the", "and", "for", "&")
                            for w in inside):
        return None
    if e - s == 1 and inside[0] in PRONOUNS:
        return None
    return s, e


def gum_doc(path, titles):
    """One GUM document with named PER/LOC/ORG spans derived from its entity
    mentions: a mention of a person, place or organisation that contains a
    proper noun and is linked to Wikipedia or headed by a proper noun;
    trimmed to its proper nouns (leading determiners, adjectives and titles,
    trailing possessives and punctuation dropped); kept only if what is left
    is a name (capitalised words and connectors) that no other mention
    starts inside; the outermost such mention wins."""
    sentences = []  # (text, tokens [(form, upos, head, misc)])
    doc_id = os.path.basename(path)[:-len(".conllu")]
    text, toks = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if toks:
                    sentences.append((text, toks))
                text, toks = None, []
            else:
                c = line.split("\t")
                if "-" in c[0] or "." in c[0]:
                    continue
                toks.append((c[1], c[3], int(c[6]) if c[6].isdigit() else 0,
                             c[9]))
    if toks:
        sentences.append((text, toks))
    d = Doc(doc_id)
    open_stack = {}  # entity id -> list of (sentence index, token index, spec)
    mentions = []  # (sentence, first, end, etype, identity)
    for si, (_, toks) in enumerate(sentences):
        for ti, (_, _, _, misc) in enumerate(toks):
            ent = None
            for part in misc.split("|"):
                if part.startswith("Entity="):
                    ent = part[len("Entity="):]
            if ent is None:
                continue
            # "(ID-spec" opens a mention, ")" right after it closes it on
            # this token, "ID)" closes an open one.
            parts = re.findall(r"\(|\)|[^()]+", ent)
            k = 0
            while k < len(parts):
                if parts[k] == "(" and k + 1 < len(parts):
                    eid, _, spec = parts[k + 1].partition("-")
                    fields = spec.split("-", 6)
                    etype = fields[0]
                    identity = fields[6] if len(fields) > 6 else ""
                    if k + 2 < len(parts) and parts[k + 2] == ")":
                        mentions.append((si, ti, ti + 1, etype, identity))
                        k += 3
                    else:
                        open_stack.setdefault(eid, []).append(
                            (si, ti, etype, identity))
                        k += 2
                elif parts[k] not in "()" and k + 1 < len(parts) and \
                        parts[k + 1] == ")":
                    eid = parts[k]
                    if open_stack.get(eid):
                        s0, t0, etype, identity = open_stack[eid].pop()
                        if s0 == si:
                            mentions.append((si, t0, ti + 1, etype, identity))
                    k += 2
                else:
                    k += 1
    keep = {"person": "PER", "place": "LOC", "organization": "ORG"}
    by_sentence = {}
    for si, a, b, etype, identity in mentions:
        by_sentence.setdefault(si, []).append((a, b, etype, identity))
    for si, (text, toks) in enumerate(sentences):
        spans = []
        cands = sorted(by_sentence.get(si, []), key=lambda m: m[0] - m[1])
        starts = {a for a, _, _, _ in cands}
        for a, b, etype, identity in cands:
            if etype not in keep:
                continue
            upos = [t[1] for t in toks[a:b]]
            if "PROPN" not in upos:
                continue
            heads = [i for i in range(a, b)
                     if not (a < toks[i][2] <= b)]
            head_propn = any(toks[i][1] == "PROPN" for i in heads)
            if not identity and not head_propn:
                continue
            span = name_span([t[0] for t in toks[a:b]],
                             [t[1] == "PROPN" for t in toks[a:b]],
                             keep[etype], titles)
            if span is None:
                continue
            s, e = a + span[0], a + span[1]
            if any(x in starts for x in range(s + 1, e)) and any(
                    c[0] > s and c[0] < e and c[1] > e for c in cands):
                continue
            if any(not (e <= x or s >= y) for x, y, _ in spans):
                continue
            spans.append((s, e, keep[etype]))
        tags = ["O"] * len(toks)
        for s, e, typ in spans:
            tags[s] = "B-" + typ
            for i in range(s + 1, e):
                tags[i] = "I-" + typ
        d.add_sentence([t[0] for t in toks], tags, text)
    return d


def gum(out_dir, data):
    folder = os.path.join(data, "ner-open", "gum")
    if not os.path.isdir(folder):
        return
    split, current = {}, None
    with open(os.path.join(folder, "splits.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                current = line[3:].strip()
            elif line.strip().startswith("* ") and current:
                split[line.strip()[2:]] = current
    titles = title_words()
    parts = {"train": [], "dev": [], "test": []}
    dep = os.path.join(folder, "dep")
    for name in sorted(os.listdir(dep)):
        doc_id = name[:-len(".conllu")]
        part = split.get(doc_id, "train")
        if part in parts:
            parts[part].append(gum_doc(os.path.join(dep, name), titles))
    for part, docs in parts.items():
        write(out_dir, "gum-" + part, docs)


def re3d(out_dir, data):
    folder = os.path.join(data, "ner-open", "re3d")
    if not os.path.isdir(folder):
        return
    keep = {"Person": "PER", "Location": "LOC", "Organisation": "ORG"}
    titles = title_words()
    docs = []
    for subset in sorted(os.listdir(folder)):
        sub = os.path.join(folder, subset)
        if not os.path.isfile(os.path.join(sub, "documents.json")):
            continue
        texts = {}
        with open(os.path.join(sub, "documents.json"), encoding="utf-8") as f:
            for line in f:
                j = json.loads(line)
                texts[j["_id"]] = j["text"]
        ents = {}
        with open(os.path.join(sub, "entities.json"), encoding="utf-8") as f:
            for line in f:
                j = json.loads(line)
                ents.setdefault(j["documentId"], []).append(j)
        for doc_id in sorted(texts):
            text = texts[doc_id]
            cands = []
            for j in ents.get(doc_id, []):
                b, e = j["begin"], j["end"]
                if text[b:e] != j["value"]:
                    continue
                typ = keep.get(j["type"], "MISC")
                if typ != "MISC" and j.get("confidence", 0) < 0.5:
                    continue
                if typ != "MISC":
                    words = [(m.start(), m.end()) for m in
                             re.finditer(r"\w[\w.'\u2019-]*|[^\w\s]",
                                         text[b:e])]
                    span = name_span([text[b + x:b + y] for x, y in words],
                                     [True] * len(words), typ, titles)
                    if span is None:
                        continue
                    b, e = (b + words[span[0]][0],
                            b + words[span[1] - 1][1])
                cands.append((b, e, typ))
            cands.sort(key=lambda c: (c[0] - c[1], c[2] == "MISC"))
            chosen = []
            for b, e, typ in cands:
                if any(not (e <= x or b >= y) for x, y, _ in chosen):
                    continue
                chosen.append((b, e, typ))
            d = Doc(doc_id)
            cum = [0]
            for ch in text:
                cum.append(cum[-1] + len(ch.encode("utf-8")))
            d.text += text.encode("utf-8")
            d.spans = sorted([cum[b], cum[e], t] for b, e, t in chosen)
            docs.append(d)
    write(out_dir, "re3d", docs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.environ.get(
        "GAZETTE_DATA", os.path.join(ROOT, "..", "shared", "data")))
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    data, out = args.data, args.out
    os.makedirs(out, exist_ok=True)
    same = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    conll = os.path.join(data, "conll2003")
    for split in ("train", "testa", "testb"):
        column_set(out, "conll-" + split, os.path.join(conll, "eng." + split),
                   0, 3, same)
    nd = os.path.join(data, "ner-open")
    column_set(out, "wikigold", os.path.join(nd, "wikigold",
                                             "wikigold.conll.txt"), 0, 1, same)
    pud = os.path.join(nd, "uner-en-pud", "en_pud-ud-test.iob2")
    uner(out, "pud-news", pud, lambda s: s.startswith("n"))
    uner(out, "pud-wiki", pud, lambda s: s.startswith("w"))
    ewt = os.path.join(nd, "uner-en-ewt")
    uner(out, "ewt-test", os.path.join(ewt, "en_ewt-ud-test.iob2"))
    uner(out, "ewt-dev", os.path.join(ewt, "en_ewt-ud-dev.iob2"))
    uner(out, "ewt-train", os.path.join(
        ewt, "prerelease-2022-12-DO-NOT-USE", "en_ewt-ud-train.iob2"))
    cn = os.path.join(nd, "crossner")
    column_set(out, "crossner-politics", os.path.join(cn, "politics",
                                                      "test.txt"),
               0, 1, CROSSNER_EVAL, docstart=False)
    for domain in ("science", "music", "literature", "ai"):
        docs = []
        for split in ("train", "dev", "test"):
            path = os.path.join(cn, domain, split + ".txt")
            if not os.path.exists(path):
                continue
            for n, doc in enumerate(read_columns(path, 0, 1, False)):
                d = Doc(f"{domain}-{split}-{n}")
                for tokens, tags, text in doc:
                    d.add_sentence(tokens, map_tags(tags, CROSSNER_TRAIN))
                docs.append(d)
        if docs:
            write(out, "crossner-" + domain, docs)
    gum(out, data)
    re3d(out, data)
    btc = os.path.join(nd, "btc", "train_dev_test_conll")
    for split in ("train", "dev", "test"):
        column_set(out, "btc-" + split, os.path.join(btc, "btc." + split),
                   0, 1, same, docstart=False)
    wn = os.path.join(nd, "wnut17")
    for split, name in (("train", "wnut17train.conll"),
                        ("dev", "emerging.dev.conll"),
                        ("test", "emerging.test.annotated")):
        column_set(out, "wnut17-" + split, os.path.join(wn, name), 0, 1,
                   WNUT, docstart=False)


if __name__ == "__main__":
    main()
