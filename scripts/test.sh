#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through
# CTest. Extra arguments go to CMake (CI passes -DGAZETTE_WERROR=ON).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build_dir=${GAZETTE_BUILD_DIR:-"$root/build"}
"$root/scripts/build.sh" "$build_dir" -DGAZETTE_BUILD_TESTS=ON "$@"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
