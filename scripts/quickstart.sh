#!/usr/bin/env bash
# From a fresh Debian 12 machine to a first search: installs the
# dependencies, builds in Release, installs indexer and searcher on the PATH
# (/usr/local/bin as root, else ~/.local/bin), indexes corpus/ into
# ./gazette.db and searches it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh "$root/build-release" -DCMAKE_BUILD_TYPE=Release -DGAZETTE_BUILD_TESTS=OFF

if [ "$(id -u)" -eq 0 ]; then
  prefix=/usr/local
else
  prefix="$HOME/.local"
fi
cmake --install "$root/build-release" --prefix "$prefix" >/dev/null
echo "installed indexer and searcher in $prefix/bin" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it: export PATH=\"$prefix/bin:\$PATH\"" >&2
     export PATH="$prefix/bin:$PATH" ;;
esac

indexer build corpus/
searcher "Golan talks"
