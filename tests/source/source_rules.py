#!/usr/bin/env python3
"""Checks two rules of docs/architecture.md on the source tree.

  source_rules.py layers SOURCE_DIR
      Includes go down the layers only: each folder of common/ may include
      the public API (gazette/...), itself and the layers below it; the public
      headers include only each other (never Xapian's or an internal header);
      the library never includes cli/ or tests/.
  source_rules.py function-length SOURCE_DIR
      No function in common/ or cli/ is longer than 100 lines (measured by
      universal-ctags; exits 77, skipped, where ctags is missing).

Prints one line per broken rule and exits 1 if there is any.
"""
import os
import re
import shutil
import subprocess
import sys

# Each layer and the layers it may include (besides itself and gazette/).
LAYERS = {
    "base": [],
    "corpus": ["base"],
    "entities": ["base"],
    "index": ["base", "corpus", "entities"],
    "search": ["base", "corpus", "entities", "index"],
    "output": ["base", "corpus", "entities", "index", "search"],
    "batch": ["base", "corpus", "entities", "index", "search", "output"],
    "serve": ["base", "corpus", "entities", "index", "search", "output",
              "batch"],
}
MAX_FUNCTION_LINES = 100
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SOURCE = re.compile(r"\.(cc|h|inc)$")


def sources(root, folder):
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for name in sorted(files):
            if SOURCE.search(name):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, root)


def check_layers(root):
    problems = []
    for path in sources(root, "common"):
        parts = path.split(os.sep)
        if parts[1] == "include":
            own, allowed = "the public API", None
        elif parts[1] in LAYERS and len(parts) > 2:
            own, allowed = parts[1], set(LAYERS[parts[1]]) | {parts[1]}
        else:
            problems.append(f"{path}: not in a layer folder of common/ "
                            f"(known: {', '.join(LAYERS)}, include/gazette)")
            continue
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        for bracket, target in INCLUDE.findall(text):
            if allowed is None:
                if bracket == "<" and target.startswith("xapian"):
                    problems.append(f"{path}: a public header includes <{target}>")
                elif bracket == '"' and not target.startswith("gazette/"):
                    problems.append(f'{path}: a public header includes "{target}"')
                continue
            if bracket == "<":
                continue
            if target.startswith("gazette/"):
                continue
            tparts = target.split("/")
            if tparts[0] in ("cli", "tests", "indexer", "searcher"):
                problems.append(f'{path}: the library includes "{target}"')
            elif tparts[0] != "common" or len(tparts) < 3:
                problems.append(f'{path}: includes "{target}", not by its path '
                                f'from the repository root')
            elif tparts[1] not in allowed:
                problems.append(f'{path}: {own} includes "{target}" from '
                                f'{tparts[1]}, which is not below it')
    return problems


def check_function_length(root):
    ctags = shutil.which("ctags")
    if ctags is None:
        print("source_rules.py: ctags not found (universal-ctags): skipped")
        sys.exit(77)
    files = [p for folder in ("common", "cli") for p in sources(root, folder)]
    out = subprocess.run([ctags, "--fields=+ne", "--c++-kinds=f", "-o", "-"]
                         + files, cwd=root, check=True, capture_output=True,
                         text=True).stdout
    problems = []
    for line in out.splitlines():
        fields = line.split("\t")
        attrs = dict(f.split(":", 1) for f in fields[3:] if ":" in f)
        if "line" in attrs and "end" in attrs:
            length = int(attrs["end"]) - int(attrs["line"]) + 1
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{fields[1]}:{attrs['line']}: {fields[0]} is "
                                f"{length} lines (at most {MAX_FUNCTION_LINES})")
    return problems


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("layers", "function-length"):
        sys.exit(__doc__)
    check = check_layers if sys.argv[1] == "layers" else check_function_length
    problems = check(sys.argv[2])
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"source_rules.py {sys.argv[1]}: every file keeps the rule")


if __name__ == "__main__":
    main()
