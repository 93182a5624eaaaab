#!/usr/bin/env bash
# The reliability tests (docs/reliability.md), longer than CI runs them:
# more articles, kills, incremental sequences and steps, on a new seed each
# time unless GAZETTE_RELIABILITY_SEED is set. Any GAZETTE_RELIABILITY_*
# variable already in the environment wins over the defaults below.
#   scripts/reliability.sh            # one long round
#   scripts/reliability.sh 5          # five rounds, each on its own seed
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-1}
build_dir=${GAZETTE_BUILD_DIR:-"$root/build"}
"$root/scripts/build.sh" "$build_dir" -DGAZETTE_BUILD_TESTS=ON

export GAZETTE_RELIABILITY_ARTICLES=${GAZETTE_RELIABILITY_ARTICLES:-3000}
export GAZETTE_RELIABILITY_KILLS=${GAZETTE_RELIABILITY_KILLS:-60}
export GAZETTE_RELIABILITY_SEQUENCES=${GAZETTE_RELIABILITY_SEQUENCES:-24}
export GAZETTE_RELIABILITY_STEPS=${GAZETTE_RELIABILITY_STEPS:-20}
export GAZETTE_RELIABILITY_CONCURRENT_ARTICLES=${GAZETTE_RELIABILITY_CONCURRENT_ARTICLES:-4000}
fixed_seed=${GAZETTE_RELIABILITY_SEED:-}

cd "$build_dir"
for ((round = 1; round <= rounds; ++round)); do
  export GAZETTE_RELIABILITY_SEED=${fixed_seed:-$RANDOM$RANDOM}
  echo "reliability round $round of $rounds, seed $GAZETTE_RELIABILITY_SEED" >&2
  ctest --output-on-failure -R '^reliability\.'
done
