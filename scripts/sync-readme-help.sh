#!/usr/bin/env bash
# Rewrites the README's usage blocks from the binaries' --help, so the two
# cannot drift (tests/e2e_test.cc checks they match).
# Usage: scripts/sync-readme-help.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
python3 - "$root/README.md" "$build/indexer/indexer" "$build/searcher/searcher" <<'PY'
import re, subprocess, sys
readme, indexer, searcher = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
for name, binary in (("indexer", indexer), ("searcher", searcher)):
    help_text = subprocess.run([binary, "--help"], check=True, capture_output=True,
                               text=True).stdout
    pattern = re.compile(r"(<!-- begin %s --help -->\n```\n).*?(```\n<!-- end %s --help -->)"
                         % (name, name), re.S)
    text, n = pattern.subn(lambda m: m.group(1) + help_text + m.group(2), text)
    if n != 1:
        sys.exit("README.md: no usage block for %s" % name)
open(readme, "w", encoding="utf-8").write(text)
PY
