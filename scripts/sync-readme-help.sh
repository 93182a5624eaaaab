#!/usr/bin/env bash
# Rewrites the README's usage blocks and its exit-code table from the
# binaries' --help, so the words cannot drift from the code
# (tests/e2e/e2e_test.cc and tests/e2e/output_e2e_test.cc check they match).
# Usage: scripts/sync-readme-help.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
python3 - "$root/README.md" "$build/indexer/indexer" "$build/searcher/searcher" <<'PY'
import re, subprocess, sys
readme, indexer, searcher = sys.argv[1:]
text = open(readme, encoding="utf-8").read()

def replace_block(text, begin, end, body):
    pattern = re.compile(r"(%s\n).*?(%s)" % (re.escape(begin), re.escape(end)), re.S)
    text, n = pattern.subn(lambda m: m.group(1) + body + m.group(2), text)
    if n != 1:
        sys.exit("README.md: no block %s" % begin)
    return text

def exit_codes(help_text):
    """The "Exit codes:" section of --help as {code: meaning}, lines unwrapped."""
    codes, current = {}, None
    section = help_text.split("Exit codes:\n", 1)[1].split("\n\n", 1)[0]
    for line in section.splitlines():
        m = re.match(r"  (\d+) +(.*)", line)
        if m:
            current = int(m.group(1))
            codes[current] = m.group(2)
        else:
            codes[current] += " " + line.strip()
    return codes

helps = {}
for name, binary in (("indexer", indexer), ("searcher", searcher)):
    helps[name] = subprocess.run([binary, "--help"], check=True, capture_output=True,
                                 text=True).stdout
    text = replace_block(text, "<!-- begin %s --help -->\n```" % name,
                         "```\n<!-- end %s --help -->" % name, helps[name])

searcher_codes, indexer_codes = exit_codes(helps["searcher"]), exit_codes(helps["indexer"])
rows = ["| code | searcher | indexer |", "|---|---|---|"]
for code in sorted(set(searcher_codes) | set(indexer_codes)):
    cell = lambda codes: " %s " % codes[code] if code in codes else " "
    rows.append("| %d |%s|%s|" % (code, cell(searcher_codes), cell(indexer_codes)))
text = replace_block(text, "<!-- begin exit codes -->", "<!-- end exit codes -->",
                     "\n".join(rows) + "\n")
open(readme, "w", encoding="utf-8").write(text)
PY
