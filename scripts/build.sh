#!/usr/bin/env bash
# Configures and builds Gazette. Usage: scripts/build.sh [BUILD_DIR] [cmake args...]
# Defaults: build/ in the repository, RelWithDebInfo, tests on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-"$root/build"}
shift || true
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S "$root" -B "$build_dir" "$@" >/dev/null
cmake --build "$build_dir" -j "$jobs"
